//! An awk program as the parser leaves it.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

/// An expression.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Expr {
    Num(f64),
    Str(String),
    /// `/re/` alone: `$0 ~ /re/`.
    Regex(String),
    Var(String),
    Field(Box<Expr>),
    Index(String, Vec<Expr>),
    /// `(a, b)`: only in `print (a, b)` and `(i, j) in arr`.
    Group(Vec<Expr>),
    Assign(Box<Expr>, Option<&'static str>, Box<Expr>),
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    In(Vec<Expr>, String),
    Match(bool, Box<Expr>, Box<Expr>),
    Binary(&'static str, Box<Expr>, Box<Expr>),
    Concat(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Plus(Box<Expr>),
    /// `++x`/`--x` (`pre`) or `x++`/`x--`, by +1 or -1.
    Incr {
        pre: bool,
        by: f64,
        target: Box<Expr>,
    },
    Call(String, Vec<Expr>),
    Builtin(&'static str, Vec<Expr>),
    /// `getline [var] [< file]`.
    Getline(Option<Box<Expr>>, Option<Box<Expr>>),
}

/// Where `print` writes.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Redirect {
    /// `> file`.
    Truncate(Expr),
    /// `>> file`.
    Append(Expr),
}

/// A statement.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Stmt {
    Expr(Expr),
    Print(Vec<Expr>, Option<Redirect>),
    Printf(Vec<Expr>, Option<Redirect>),
    If(Expr, Box<Stmt>, Option<Box<Stmt>>),
    While(Expr, Box<Stmt>),
    Do(Box<Stmt>, Expr),
    For(
        Option<Box<Stmt>>,
        Option<Expr>,
        Option<Box<Stmt>>,
        Box<Stmt>,
    ),
    ForIn(String, String, Box<Stmt>),
    Block(Vec<Stmt>),
    Next,
    Exit(Option<Expr>),
    Return(Option<Expr>),
    Break,
    Continue,
    Delete(String, Option<Vec<Expr>>),
}

/// When an action runs.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Pattern {
    Begin,
    End,
    All,
    Expr(Expr),
    /// `from, to`: the index of the range's state.
    Range(Expr, Expr, usize),
}

/// `pattern { action }` (no action: print the record).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Item {
    pub(crate) pattern: Pattern,
    pub(crate) action: Option<Vec<Stmt>>,
}

/// A user function.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Function {
    pub(crate) params: Vec<String>,
    pub(crate) body: Vec<Stmt>,
}

/// A whole program.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Program {
    pub(crate) items: Vec<Item>,
    pub(crate) functions: alloc::collections::BTreeMap<String, Function>,
    /// How many range patterns there are.
    pub(crate) ranges: usize,
    /// A plain `getline` reads the main input: the program then takes its
    /// input whole.
    pub(crate) reads_main_input: bool,
}
