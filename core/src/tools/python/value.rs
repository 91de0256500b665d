//! Python's objects as the interpreter holds them: `Value` (ints, floats,
//! strings, bytes, lists, tuples, dicts, sets, functions, classes,
//! instances, exceptions, modules, sockets, iterators), dictionaries
//! that keep insertion order, and `repr`/`str` as CPython prints them.

use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::RefCell;

pub(crate) use super::object::*;

impl Value {
    pub(crate) fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }

    pub(crate) fn string(s: String) -> Value {
        Value::Str(Rc::from(s))
    }

    pub(crate) fn bytes(b: &[u8]) -> Value {
        Value::Bytes(Rc::from(b))
    }

    pub(crate) fn list(v: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(v)))
    }

    pub(crate) fn tuple(v: Vec<Value>) -> Value {
        Value::Tuple(Rc::from(v))
    }

    /// The name `type(x).__name__` gives.
    pub(crate) fn type_name(&self) -> String {
        String::from(match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::Bytes(_) => "bytes",
            Value::List(_) => "list",
            Value::Tuple(_) => "tuple",
            Value::Dict(_) => "dict",
            Value::Set(_) => "set",
            Value::Func(_) => "function",
            Value::Native(_) | Value::BoundNative(_) => "builtin_function_or_method",
            Value::Method(_) => "method",
            Value::Class(_) | Value::Type(_) => "type",
            Value::Instance(i) => return i.class.name.clone(),
            Value::Module(_) => "module",
            Value::Socket(_) => "socket",
            Value::Iter(_) => "iterator",
            Value::Slice(_) => "slice",
            Value::Range(..) => "range",
            Value::Code(_) => "code",
            Value::Ellipsis => "ellipsis",
            Value::Super(_) => "super",
            Value::Enum(e) => e.class,
        })
    }

    /// Python's truth value (an instance is true; `__bool__` and `__len__`
    /// of user classes are not consulted).
    pub(crate) fn truthy(&self) -> bool {
        match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Enum(e) => e.value != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::Dict(d) | Value::Set(d) => d.borrow().len() > 0,
            Value::Range(a, b, s) => range_len(*a, *b, *s) > 0,
            _ => true,
        }
    }
}

/// The number of items of `range(a, b, s)`.
pub(crate) fn range_len(a: i64, b: i64, s: i64) -> i64 {
    if s > 0 && a < b {
        (b - a - 1) / s + 1
    } else if s < 0 && a > b {
        (a - b - 1) / (-s) + 1
    } else {
        0
    }
}

/// Equality as `==` decides it for builtin values (identity for the rest).
pub(crate) fn equal(a: &Value, b: &Value, depth: usize) -> bool {
    let mut budget = REPR_BUDGET;
    equal_in(a, b, depth, &mut budget)
}

fn equal_in(a: &Value, b: &Value, depth: usize, budget: &mut usize) -> bool {
    if depth > 100 || *budget == 0 {
        return false;
    }
    *budget -= 1;
    match (a, b) {
        (Value::None, Value::None) => true,
        (
            Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::Enum(_),
            Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::Enum(_),
        ) => match (as_int(a), as_int(b)) {
            (Some(x), Some(y)) => x == y,
            _ => as_float(a) == as_float(b),
        },
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Bytes(x), Value::Bytes(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            if Rc::ptr_eq(x, y) {
                return true;
            }
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|(p, q)| equal_in(p, q, depth + 1, budget))
        }
        (Value::Tuple(x), Value::Tuple(y)) => {
            Rc::ptr_eq(x, y)
                || x.len() == y.len()
                    && x.iter()
                        .zip(y.iter())
                        .all(|(p, q)| equal_in(p, q, depth + 1, budget))
        }
        (Value::Dict(x), Value::Dict(y)) | (Value::Set(x), Value::Set(y)) => {
            if Rc::ptr_eq(x, y) {
                return true;
            }
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len()
                && x.items().all(|(k, v)| {
                    key_of(k)
                        .and_then(|hk| y.get(&hk))
                        .is_some_and(|w| equal_in(v, w, depth + 1, budget))
                })
        }
        (Value::Range(a, b, c), Value::Range(d, e, f)) => (a, b, c) == (d, e, f),
        (Value::Type(x), Value::Type(y)) => x == y,
        (Value::Class(x), Value::Class(y)) => Rc::ptr_eq(x, y),
        (Value::Instance(x), Value::Instance(y)) => Rc::ptr_eq(x, y),
        (Value::Socket(x), Value::Socket(y)) => Rc::ptr_eq(x, y),
        (Value::Func(x), Value::Func(y)) => Rc::ptr_eq(x, y),
        (Value::Module(x), Value::Module(y)) => Rc::ptr_eq(x, y),
        (Value::Native(x), Value::Native(y)) => x == y,
        (Value::Ellipsis, Value::Ellipsis) => true,
        _ => false,
    }
}

/// `is`.
pub(crate) fn identical(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::None, Value::None) | (Value::Ellipsis, Value::Ellipsis) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y && (-5..=256).contains(x),
        (Value::Str(x), Value::Str(y)) => Rc::ptr_eq(x, y) || (x.is_empty() && y.is_empty()),
        (Value::List(x), Value::List(y)) => Rc::ptr_eq(x, y),
        (Value::Dict(x), Value::Dict(y)) => Rc::ptr_eq(x, y),
        (Value::Tuple(x), Value::Tuple(y)) => Rc::ptr_eq(x, y) || (x.is_empty() && y.is_empty()),
        _ => equal(a, b, 0) && !matches!(a, Value::Float(_) | Value::Bytes(_)),
    }
}

pub(crate) fn as_int(v: &Value) -> Option<i64> {
    match v {
        Value::Bool(b) => Some(i64::from(*b)),
        Value::Int(i) => Some(*i),
        Value::Enum(e) => Some(e.value),
        _ => None,
    }
}

pub(crate) fn as_float(v: &Value) -> Option<f64> {
    match v {
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        Value::Int(i) => Some(*i as f64),
        Value::Enum(e) => Some(e.value as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// `repr()` of a float: the shortest digits that read back, in Python's
/// layout (`1.0`, `0.1`, `1e+16`, `1e-05`, `inf`, `nan`).
pub(crate) fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    // Rust's shortest round-trip digits, in scientific form: d.ddde[-]x.
    let sci = format!("{:e}", f);
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mant.starts_with('-');
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if neg { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let n = digits.len() as i32;
        let s = if exp >= 0 {
            let int_len = exp + 1;
            if n <= int_len {
                let zeros: String = core::iter::repeat_n('0', (int_len - n) as usize).collect();
                format!("{digits}{zeros}.0")
            } else {
                let (a, b) = digits.split_at(int_len as usize);
                format!("{a}.{b}")
            }
        } else {
            let zeros: String = core::iter::repeat_n('0', (-exp - 1) as usize).collect();
            format!("0.{zeros}{digits}")
        };
        format!("{sign}{s}")
    } else {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        let m = if rest.is_empty() {
            String::from(first)
        } else {
            format!("{first}.{rest}")
        };
        let es = if exp < 0 { '-' } else { '+' };
        format!("{sign}{m}e{es}{:02}", exp.unsigned_abs())
    }
}

/// `repr()` of a str, with CPython's choice of quotes.
pub(crate) fn str_repr(s: &str) -> String {
    let q = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if (0x80..0xa0).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

/// `repr()` of bytes.
pub(crate) fn bytes_repr(b: &[u8]) -> String {
    let q = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::from("b");
    out.push(q as char);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(q as char);
    out
}

/// `repr()` of a builtin value (instances with `__repr__` are the VM's).
pub(crate) fn repr(v: &Value) -> String {
    let mut budget = REPR_BUDGET;
    repr_depth(v, 0, &mut budget)
}

/// The most items one `repr` expands (a list that holds itself many times
/// over would otherwise grow without end).
const REPR_BUDGET: usize = 1 << 20;

fn repr_depth(v: &Value, depth: usize, budget: &mut usize) -> String {
    if depth > 50 || *budget == 0 {
        return "...".into();
    }
    *budget -= 1;
    match v {
        Value::None => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => float_repr(*f),
        Value::Str(s) => str_repr(s),
        Value::Bytes(b) => bytes_repr(b),
        Value::List(l) => {
            let Ok(items) = l.try_borrow() else {
                return "[...]".into();
            };
            let parts: Vec<String> = items
                .iter()
                .map(|x| repr_depth(x, depth + 1, budget))
                .collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Tuple(t) => {
            let parts: Vec<String> = t.iter().map(|x| repr_depth(x, depth + 1, budget)).collect();
            if parts.len() == 1 {
                format!("({},)", parts.join(""))
            } else {
                format!("({})", parts.join(", "))
            }
        }
        Value::Dict(d) => {
            let Ok(d) = d.try_borrow() else {
                return "{...}".into();
            };
            let parts: Vec<String> = d
                .items()
                .map(|(k, v)| {
                    format!(
                        "{}: {}",
                        repr_depth(k, depth + 1, budget),
                        repr_depth(v, depth + 1, budget)
                    )
                })
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        Value::Set(d) => {
            let Ok(d) = d.try_borrow() else {
                return "{...}".into();
            };
            if d.len() == 0 {
                return "set()".into();
            }
            let parts: Vec<String> = d
                .items()
                .map(|(k, _)| repr_depth(k, depth + 1, budget))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        Value::Func(f) => format!(
            "<function {} at 0x7f3a2c1d{:04x}>",
            f.code.qualname,
            (Rc::as_ptr(f) as *const u8 as usize) & 0xffff
        ),
        Value::Native(n) => format!("<built-in function {}>", n.name()),
        Value::BoundNative(b) => format!(
            "<built-in method {} of {} object>",
            b.1.name(),
            b.0.type_name()
        ),
        Value::Method(m) => format!(
            "<bound method {} of {}>",
            m.1.code.qualname,
            repr_depth(&m.0, depth + 1, budget)
        ),
        Value::Class(c) => format!(
            "<class '{}'>",
            if c.module == "builtins" {
                c.name.clone()
            } else {
                format!("{}.{}", c.module, c.name)
            }
        ),
        Value::Type(t) => format!("<class '{}'>", t.name()),
        Value::Instance(i) => {
            if is_exception(v) {
                let args = exc_args(i);
                let inner: Vec<String> = args
                    .iter()
                    .map(|x| repr_depth(x, depth + 1, budget))
                    .collect();
                format!("{}({})", i.class.name, inner.join(", "))
            } else {
                format!(
                    "<{}.{} object at 0x7f3a2c1d{:04x}>",
                    i.class.module,
                    i.class.name,
                    (Rc::as_ptr(i) as *const u8 as usize) & 0xffff
                )
            }
        }
        Value::Module(m) => {
            if matches!(m.name.as_str(), "sys" | "time" | "errno" | "select") {
                format!("<module '{}' (built-in)>", m.name)
            } else {
                format!(
                    "<module '{}' from '/usr/lib/python3.11/{}.py'>",
                    m.name, m.name
                )
            }
        }
        Value::Socket(s) => s.borrow().repr(),
        Value::Iter(_) => "<iterator object>".into(),
        Value::Slice(s) => format!(
            "slice({}, {}, {})",
            repr_depth(&s.0, depth + 1, budget),
            repr_depth(&s.1, depth + 1, budget),
            repr_depth(&s.2, depth + 1, budget)
        ),
        Value::Range(a, b, s) => {
            if *s == 1 {
                format!("range({a}, {b})")
            } else {
                format!("range({a}, {b}, {s})")
            }
        }
        Value::Code(c) => format!("<code object {}>", c.name),
        Value::Ellipsis => "Ellipsis".into(),
        Value::Super(_) => "<super object>".into(),
        Value::Enum(e) => format!("<{}.{}: {}>", e.class, e.name, e.value),
    }
}

/// `str()` of a builtin value.
pub(crate) fn to_str(v: &Value) -> String {
    match v {
        Value::Str(s) => String::from(&**s),
        Value::Enum(e) => e.value.to_string(),
        Value::Instance(i) if is_exception(v) => exc_str(i),
        _ => repr(v),
    }
}

/// Whether `v` is an exception instance.
pub(crate) fn is_exception(v: &Value) -> bool {
    match v {
        Value::Instance(i) => i.attrs.borrow().contains_key("args") || exc_root(&i.class),
        _ => false,
    }
}

fn exc_root(c: &Rc<Class>) -> bool {
    fn walk(c: &Class, d: usize) -> bool {
        c.name == "BaseException" && c.module == "builtins"
            || (d < 64 && c.bases.iter().any(|b| walk(b, d + 1)))
    }
    walk(c, 0)
}

/// An exception's `args`.
pub(crate) fn exc_args(i: &Instance) -> Vec<Value> {
    match i.attrs.borrow().get("args") {
        Some(Value::Tuple(t)) => t.to_vec(),
        _ => Vec::new(),
    }
}

/// `str(exc)`: `[Errno 111] Connection refused` for an OSError with an
/// errno, the one argument, or the tuple of them.
pub(crate) fn exc_str(i: &Instance) -> String {
    let attrs = i.attrs.borrow();
    if let (Some(Value::Int(n)), Some(msg)) = (attrs.get("errno"), attrs.get("strerror")) {
        let msg = to_str(msg);
        if let Some(Value::Str(f)) = attrs.get("filename") {
            return format!("[Errno {n}] {msg}: {}", str_repr(f));
        }
        return format!("[Errno {n}] {msg}");
    }
    drop(attrs);
    let args = exc_args(i);
    match args.as_slice() {
        [] => String::new(),
        [one] if derives_from(&i.class, "KeyError") => repr(one),
        [one] => to_str(one),
        _ => repr(&Value::tuple(args)),
    }
}

/// Whether a float has no fractional part (`f.is_integer()`).
pub(crate) fn is_integral(f: f64) -> bool {
    f.is_finite() && (f.abs() >= 4.5e15 || f == (f as i64) as f64)
}

/// Whether `c` is the builtin class `name` or derives from it.
pub(crate) fn derives_from(c: &Class, name: &str) -> bool {
    fn walk(c: &Class, name: &str, d: usize) -> bool {
        (c.name == name && c.module == "builtins")
            || (d < 64 && c.bases.iter().any(|b| walk(b, name, d + 1)))
    }
    walk(c, name, 0)
}
