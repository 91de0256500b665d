//! Bytecode: the instructions the compiler emits and the VM runs, and a
//! code object (one function, class body or module) with its constants,
//! names and the source position of every instruction.

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

use super::ast::{BinOp, CmpOp, UnOp};
use super::value::Value;

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
