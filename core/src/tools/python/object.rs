//! The interpreter's data model: values and the objects behind them
//! (functions, classes, instances, modules, dictionaries, iterators,
//! socket objects), the natives by name, and bytecode (`Code`, `Op`).
//! Plain data: the modules above give it behaviour.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use super::ast::{BinOp, CmpOp, UnOp};
use crate::sys::{Family, Fd, SockType};

/// The longest string, bytes or list a program may build (larger ones
/// raise `MemoryError`).
pub(crate) const MAX_LEN: usize = 1 << 24;

/// The most items a list, tuple or dict may hold (`MemoryError`).
pub(crate) const MAX_ITEMS: usize = 1 << 20;

/// A Python value.
#[derive(Clone, Debug)]
pub(crate) enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    Bytes(Rc<[u8]>),
    List(Rc<RefCell<Vec<Value>>>),
    Tuple(Rc<[Value]>),
    Dict(Rc<RefCell<Dict>>),
    Set(Rc<RefCell<Dict>>),
    Func(Rc<Function>),
    Native(Native),
    /// A native method bound to its receiver.
    BoundNative(Rc<(Value, Native)>),
    /// A function bound to an instance.
    Method(Rc<(Value, Rc<Function>)>),
    Class(Rc<Class>),
    Instance(Rc<Instance>),
    Module(Rc<Module>),
    Socket(Rc<RefCell<PySocket>>),
    Iter(Rc<RefCell<Iter>>),
    /// A builtin type (`int`, `str`...): callable, and `isinstance`'s
    /// second argument.
    Type(TypeId),
    Slice(Rc<(Value, Value, Value)>),
    Range(i64, i64, i64),
    Code(Rc<Code>),
    Ellipsis,
    /// `super()`: the instance and the class to look above.
    Super(Rc<(Value, Rc<Class>)>),
    /// A member of an `IntEnum` (`socket.AF_INET`): an int that shows
    /// its name in `repr`.
    Enum(Rc<EnumMember>),
}

/// A member of one of the `socket` module's `IntEnum`s.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct EnumMember {
    /// `AddressFamily`, `SocketKind`.
    pub class: &'static str,
    /// `AF_INET`.
    pub name: &'static str,
    pub value: i64,
}

/// The builtin types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TypeId {
    Int,
    Float,
    Str,
    Bytes,
    Bool,
    List,
    Tuple,
    Dict,
    Set,
    Object,
    NoneType,
    Range,
    Function,
    Type,
    Bytearray,
}

impl TypeId {
    pub(crate) fn name(self) -> &'static str {
        match self {
            TypeId::Int => "int",
            TypeId::Float => "float",
            TypeId::Str => "str",
            TypeId::Bytes => "bytes",
            TypeId::Bool => "bool",
            TypeId::List => "list",
            TypeId::Tuple => "tuple",
            TypeId::Dict => "dict",
            TypeId::Set => "set",
            TypeId::Object => "object",
            TypeId::NoneType => "NoneType",
            TypeId::Range => "range",
            TypeId::Function => "function",
            TypeId::Type => "type",
            TypeId::Bytearray => "bytearray",
        }
    }
}

/// A user function (or lambda).
#[derive(Debug)]
pub(crate) struct Function {
    pub code: Rc<Code>,
    pub defaults: Vec<Value>,
    pub kw_defaults: Vec<(String, Value)>,
    /// Values of the enclosing function's variables it reads.
    pub captured: Vec<Value>,
    /// The globals it runs with.
    pub globals: Rc<RefCell<Dict>>,
    /// The class whose body defined it (for `super()`).
    pub owner: RefCell<Option<Rc<Class>>>,
}

/// A class: builtin exceptions and user classes alike.
#[derive(Debug)]
pub(crate) struct Class {
    pub name: String,
    /// The module it belongs to, for tracebacks (`socket.gaierror`).
    pub module: &'static str,
    pub bases: Vec<Rc<Class>>,
    pub attrs: RefCell<BTreeMap<String, Value>>,
}

impl Class {
    /// Whether `self` is `other` or derives from it.
    pub(crate) fn is_subclass(self: &Rc<Self>, other: &Rc<Class>) -> bool {
        self.is_subclass_depth(other, 0)
    }

    fn is_subclass_depth(self: &Rc<Self>, other: &Rc<Class>, depth: usize) -> bool {
        if Rc::ptr_eq(self, other) {
            return true;
        }
        depth < 64
            && self
                .bases
                .iter()
                .any(|b| b.is_subclass_depth(other, depth + 1))
    }

    /// An attribute through the bases, depth first.
    pub(crate) fn lookup(&self, name: &str) -> Option<Value> {
        self.lookup_depth(name, 0)
    }

    fn lookup_depth(&self, name: &str, depth: usize) -> Option<Value> {
        if let Some(v) = self.attrs.borrow().get(name) {
            return Some(v.clone());
        }
        if depth > 64 {
            return None;
        }
        self.bases
            .iter()
            .find_map(|b| b.lookup_depth(name, depth + 1))
    }

    /// The name tracebacks print: `socket.gaierror`, `ValueError`.
    pub(crate) fn qualified(&self) -> String {
        if self.module.is_empty() || self.module == "builtins" || self.module == "__main__" {
            self.name.clone()
        } else {
            format!("{}.{}", self.module, self.name)
        }
    }
}

/// An instance of a class (exceptions included: their `args`, `errno`
/// and `strerror` are attributes).
#[derive(Debug)]
pub(crate) struct Instance {
    pub class: Rc<Class>,
    pub attrs: RefCell<BTreeMap<String, Value>>,
    /// An exception's traceback entries, outermost first.
    pub traceback: RefCell<Vec<TbEntry>>,
    /// The exception being handled when this one was raised.
    pub context: RefCell<Option<Value>>,
}

/// One line of a traceback.
#[derive(Clone, Debug)]
pub(crate) struct TbEntry {
    pub file: Rc<str>,
    pub line: u32,
    pub func: Rc<str>,
    /// The source line and the caret columns, if known.
    pub source: Option<(String, u32, u32)>,
    /// The part of the columns the carets stress (`~~^~~`).
    pub anchor: Option<(u32, u32)>,
    /// The failing expression spans lines (no carets).
    pub multiline: bool,
}

/// A module: its name and its attributes.
#[derive(Debug)]
pub(crate) struct Module {
    pub name: String,
    pub attrs: RefCell<Dict>,
}

/// An iterator.
#[derive(Debug)]
pub(crate) enum Iter {
    Seq(Value, usize),
    Range(i64, i64, i64),
    Items(Vec<Value>, usize),
    Enumerate(Value, i64),
    Zip(Vec<Value>),
    Done,
}

/// A dictionary key: a hashable value, ordered for the index.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Key {
    None,
    Int(i64),
    Float(u64),
    Str(Rc<str>),
    Bytes(Rc<[u8]>),
    Tuple(Vec<Key>),
    Id(usize),
}

/// An insertion-ordered dictionary.
#[derive(Debug, Default)]
pub(crate) struct Dict {
    index: BTreeMap<Key, usize>,
    entries: Vec<Option<(Value, Value)>>,
    len: usize,
}

impl Dict {
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn get(&self, k: &Key) -> Option<&Value> {
        let i = *self.index.get(k)?;
        self.entries.get(i)?.as_ref().map(|(_, v)| v)
    }

    pub(crate) fn get_str(&self, k: &str) -> Option<&Value> {
        self.get(&Key::Str(Rc::from(k)))
    }

    pub(crate) fn insert(&mut self, k: Key, key: Value, v: Value) {
        if let Some(&i) = self.index.get(&k)
            && let Some(Some(slot)) = self.entries.get_mut(i)
        {
            slot.1 = v;
            return;
        }
        self.index.insert(k, self.entries.len());
        self.entries.push(Some((key, v)));
        self.len += 1;
    }

    pub(crate) fn set_str(&mut self, k: &str, v: Value) {
        let s: Rc<str> = Rc::from(k);
        self.insert(Key::Str(s.clone()), Value::Str(s), v);
    }

    pub(crate) fn remove(&mut self, k: &Key) -> Option<Value> {
        let i = self.index.remove(k)?;
        let old = self.entries.get_mut(i)?.take();
        self.len -= 1;
        if self.entries.len() > 32 && self.len < self.entries.len() / 2 {
            self.compact();
        }
        old.map(|(_, v)| v)
    }

    fn compact(&mut self) {
        let live: Vec<(Value, Value)> = self.entries.drain(..).flatten().collect();
        let mut index = BTreeMap::new();
        for (k, _) in &live {
            if let Some(hk) = key_of(k) {
                index.insert(hk, index.len());
            }
        }
        self.index = index;
        self.entries = live.into_iter().map(Some).collect();
    }

    /// Every entry, by value (the dict is consumed).
    pub(crate) fn into_entries(self) -> impl Iterator<Item = (Value, Value)> {
        self.entries.into_iter().flatten()
    }

    pub(crate) fn items(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.entries.iter().flatten().map(|(k, v)| (k, v))
    }

    pub(crate) fn keys(&self) -> Vec<Value> {
        self.items().map(|(k, _)| k.clone()).collect()
    }

    pub(crate) fn clear(&mut self) {
        *self = Dict::default();
    }

    /// The last entry, removed (`popitem`).
    pub(crate) fn pop_last(&mut self) -> Option<(Value, Value)> {
        while let Some(e) = self.entries.pop() {
            if let Some((k, v)) = e {
                if let Some(hk) = key_of(&k) {
                    self.index.remove(&hk);
                }
                self.len -= 1;
                return Some((k, v));
            }
        }
        None
    }
}

/// The dictionary key of a value; `None` if it is unhashable.
pub(crate) fn key_of(v: &Value) -> Option<Key> {
    let mut budget = 1usize << 16;
    key_in(v, &mut budget)
}

/// [`key_of`] with a bound on the items a nested tuple may hold.
fn key_in(v: &Value, budget: &mut usize) -> Option<Key> {
    *budget = budget.checked_sub(1)?;
    Some(match v {
        Value::None => Key::None,
        Value::Bool(b) => Key::Int(i64::from(*b)),
        Value::Int(i) => Key::Int(*i),
        Value::Enum(e) => Key::Int(e.value),
        Value::Float(f) => {
            if f.is_finite() && *f == (*f as i64) as f64 && f.abs() < 9.0e18 {
                Key::Int(*f as i64)
            } else {
                Key::Float(f.to_bits())
            }
        }
        Value::Str(s) => Key::Str(s.clone()),
        Value::Bytes(b) => Key::Bytes(b.clone()),
        Value::Tuple(items) => Key::Tuple(
            items
                .iter()
                .map(|i| key_in(i, budget))
                .collect::<Option<Vec<_>>>()?,
        ),
        Value::List(_) | Value::Dict(_) | Value::Set(_) => return None,
        Value::Instance(i) => Key::Id(Rc::as_ptr(i) as *const u8 as usize),
        Value::Class(c) => Key::Id(Rc::as_ptr(c) as *const u8 as usize),
        Value::Func(f) => Key::Id(Rc::as_ptr(f) as *const u8 as usize),
        Value::Socket(s) => Key::Id(Rc::as_ptr(s) as *const u8 as usize),
        Value::Module(m) => Key::Id(Rc::as_ptr(m) as *const u8 as usize),
        Value::Type(t) => Key::Str(Rc::from(format!("<type {}>", t.name()))),
        Value::Native(n) => Key::Str(Rc::from(format!("<native {}>", n.name()))),
        _ => Key::Id(0),
    })
}

/// A native function or method, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Native {
    /// A builtin or module function (`len`, `time.sleep`).
    Func(&'static str),
    /// A method of its receiver (`str.split`, `socket.recv`).
    Method(&'static str),
}

impl Native {
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Native::Func(n) | Native::Method(n) => n.rsplit('.').next().unwrap_or(n),
        }
    }
}

/// Descriptors of sockets no longer referenced, which the VM closes (as
/// CPython's reference counting closes a socket object that is dropped).
pub(crate) type Graveyard = Rc<RefCell<Vec<Fd>>>;

/// A socket object.
#[derive(Debug)]
pub(crate) struct PySocket {
    pub fd: Option<Fd>,
    pub family: Family,
    pub ty: SockType,
    /// `None`: blocking; `Some(0.0)`: non-blocking; else the timeout.
    pub timeout: Option<f64>,
    /// A `connect` is under way.
    pub(crate) connecting: bool,
    /// Bytes of the current `sendall` already sent.
    pub(crate) sent: usize,
    pub(crate) grave: Graveyard,
}

impl Drop for PySocket {
    fn drop(&mut self) {
        if let Some(fd) = self.fd.take() {
            self.grave.borrow_mut().push(fd);
        }
    }
}

pub(crate) fn family_number(f: Family) -> i64 {
    match f {
        Family::Inet => 2,
        Family::Inet6 => 10,
    }
}

pub(crate) fn type_number(t: SockType) -> i64 {
    match t {
        SockType::Stream => 1,
        SockType::Dgram | SockType::Ping => 2,
    }
}

impl PySocket {
    /// `repr()` of the socket; `addrs` is its `, laddr=...` part.
    pub(crate) fn repr_with(&self, addrs: &str) -> String {
        let (fam, ty) = (family_number(self.family), type_number(self.ty));
        match self.fd {
            None => format!("<socket.socket [closed] fd=-1, family={fam}, type={ty}, proto=0>"),
            Some(fd) => format!(
                "<socket.socket fd={}, family={fam}, type={ty}, proto=0{addrs}>",
                fd.0
            ),
        }
    }

    /// `repr()` without asking the kernel for the addresses.
    pub(crate) fn repr(&self) -> String {
        self.repr_with("")
    }
}

/// One instruction. Jumps name an instruction index.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Op {
    Const(u32),
    Pop,
    Dup,
    /// Pushes a copy of the value `n` below the top.
    Pick(u32),
    Rot2,
    Rot3,
    LoadLocal(u32),
    StoreLocal(u32),
    DelLocal(u32),
    LoadCaptured(u32),
    /// Module and class bodies: the namespace, then globals, then builtins.
    LoadName(u32),
    StoreName(u32),
    DelName(u32),
    /// Functions: globals, then builtins.
    LoadGlobal(u32),
    StoreGlobal(u32),
    DelGlobal(u32),
    LoadAttr(u32),
    StoreAttr(u32),
    DelAttr(u32),
    Subscr,
    StoreSubscr,
    DelSubscr,
    Binary(BinOp),
    InPlace(BinOp),
    Unary(UnOp),
    Compare(CmpOp),
    Jump(u32),
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    BuildList(u32),
    BuildTuple(u32),
    BuildDict(u32),
    BuildSet(u32),
    BuildSlice,
    BuildString(u32),
    /// Pops an iterable and extends the list below it.
    ListExtend,
    /// Pops a value and appends it to the list below it (which stays).
    ListAppend,
    /// Pops a value and a key and sets them in the dict below (which stays).
    DictSet,
    /// Pops a value and adds it to the set below (which stays).
    SetAdd,
    /// Pops a dict and merges it into the dict below (which stays).
    DictMerge,
    ListToTuple,
    /// Formats the value on top (with a spec below it when `spec`).
    Format {
        conv: u8,
        spec: bool,
    },
    TypeOf,
    GetIter,
    ForIter(u32),
    Unpack(u32),
    /// Calls with `argc` values; the last `kw` of them are keyword
    /// arguments whose names are the tuple constant `names`.
    Call {
        argc: u32,
        kw: u32,
        names: u32,
    },
    /// Calls the function below a tuple of positional arguments and a
    /// dict of keyword arguments.
    CallEx,
    Return,
    MakeFunction {
        code: u32,
        defaults: u32,
        kwdefaults: u32,
    },
    MakeClass {
        code: u32,
        bases: u32,
    },
    /// `super()` inside a method.
    Super,
    SetupExcept(u32),
    SetupFinally(u32),
    PopBlock,
    PopExcept,
    Reraise,
    ExcMatch,
    /// `raise` (0), `raise X` (1), `raise X from Y` (2).
    Raise(u8),
    Import(u32),
    ImportFrom(u32),
    ImportStar,
    /// The prompt's echo of an expression statement's value.
    PrintExpr,
    /// `assert`'s failure: raises AssertionError with the value on top (or
    /// none).
    AssertFail(bool),
}

/// Where a captured variable comes from in the frame making the function.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Capture {
    Local(u32),
    Captured(u32),
}

/// What a code object is the body of.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Kind {
    Module,
    Function,
    Class,
}

/// The source position of an instruction, for tracebacks: its line, the
/// columns of the expression (carets `^`), and the part of it the
/// carets stress when the rest is marked with `~` (an operator, an
/// index).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Loc {
    pub line: u32,
    pub col: u32,
    pub end_line: u32,
    pub end_col: u32,
    /// `(start, end)` of the `^` part when the rest is `~`.
    pub anchor: Option<(u32, u32)>,
}

/// A compiled body.
#[derive(Debug)]
pub(crate) struct Code {
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    pub filename: Rc<str>,
    /// The source lines, when the file can show them in a traceback.
    pub source: Option<Rc<Vec<String>>>,
    pub args: Vec<Rc<str>>,
    pub varargs: bool,
    pub kwonly: Vec<Rc<str>>,
    pub kwargs: bool,
    /// Local variable names (arguments first).
    pub locals: Vec<Rc<str>>,
    pub captures: Vec<(Rc<str>, Capture)>,
    pub consts: Vec<Value>,
    pub names: Vec<Rc<str>>,
    pub ops: Vec<Op>,
    pub locs: Vec<Loc>,
}

impl Drop for Value {
    /// Drops nested containers one level at a time: a list nested a
    /// million deep would otherwise overflow the stack as it is freed.
    fn drop(&mut self) {
        let mut stack: Vec<Value> = Vec::new();
        take_children(self, &mut stack);
        while let Some(mut v) = stack.pop() {
            take_children(&mut v, &mut stack);
        }
    }
}

/// Moves out the items of a container nothing else holds.
fn take_children(v: &mut Value, out: &mut Vec<Value>) {
    match v {
        Value::List(l) => {
            if let Some(cell) = Rc::get_mut(l) {
                out.append(cell.get_mut());
            }
        }
        Value::Tuple(t) => {
            if let Some(items) = Rc::get_mut(t) {
                for it in items.iter_mut() {
                    out.push(core::mem::replace(it, Value::None));
                }
            }
        }
        Value::Dict(d) | Value::Set(d) => {
            if let Some(cell) = Rc::get_mut(d) {
                let dict = core::mem::take(cell.get_mut());
                for (k, v) in dict.into_entries() {
                    out.push(k);
                    out.push(v);
                }
            }
        }
        Value::Instance(i) => {
            if let Some(inst) = Rc::get_mut(i) {
                let attrs = core::mem::take(inst.attrs.get_mut());
                out.extend(attrs.into_values());
            }
        }
        _ => {}
    }
}
