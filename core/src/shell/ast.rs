//! The syntax tree bash's grammar builds (`parse` makes it, `exec` walks
//! it): lists of and-or lists of pipelines of commands, simple or
//! compound, with words made of parts that expand.

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

/// A piece of a word before expansion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WordPart {
    /// Literal text; `quoted` text is neither split nor globbed.
    Literal {
        /// The text, quotes removed.
        text: String,
        /// Quoted (`'…'`, `"…"`, `\x`).
        quoted: bool,
    },
    /// `$NAME`, `${NAME…}`, `$?`, `$1`.
    Param {
        /// The expansion.
        param: Box<ParamExp>,
        /// Inside double quotes.
        quoted: bool,
    },
    /// `$(…)` or `` `…` ``.
    Command {
        /// The commands.
        list: Rc<List>,
        /// Inside double quotes.
        quoted: bool,
    },
    /// `$((…))`.
    Arith {
        /// The expression's text (expanded before it is evaluated).
        expr: Word,
        /// Inside double quotes.
        quoted: bool,
    },
    /// An unquoted `~` or `~user` at the start of a word.
    Tilde(String),
}

/// `${NAME OP WORD}` and its plain forms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamExp {
    /// The parameter: a name, a digit string or a special character.
    pub name: String,
    /// What is done with it.
    pub op: ParamOp,
}

/// The operators of `${…}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamOp {
    /// `$X`, `${X}`.
    Plain,
    /// `${#X}`.
    Length,
    /// `${X-w}` / `${X:-w}` (`colon`: also when empty).
    Default(bool, Word),
    /// `${X=w}` / `${X:=w}`.
    Assign(bool, Word),
    /// `${X?w}` / `${X:?w}`.
    Error(bool, Word),
    /// `${X+w}` / `${X:+w}`.
    Alternate(bool, Word),
    /// `${X#p}` (`false`) / `${X##p}` (`true`).
    TrimPrefix(bool, Word),
    /// `${X%p}` / `${X%%p}`.
    TrimSuffix(bool, Word),
    /// `${X/p/r}` (`all` false) / `${X//p/r}`; `anchor` `#` or `%`.
    Replace {
        /// `//`.
        all: bool,
        /// `/#` or `/%`.
        anchor: Option<char>,
        /// The pattern.
        pattern: Word,
        /// The replacement.
        with: Word,
    },
    /// `${X:offset}` / `${X:offset:length}` (arithmetic texts).
    Substring(Word, Option<Word>),
    /// `${X^^}`, `${X,,}`, `${X^}`, `${X,}`: (upper, all).
    Case(bool, bool),
    /// What bash cannot parse inside `${…}`: `bad substitution` when expanded.
    Bad(String),
}

/// A shell word: its parts join into one field before splitting.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    /// The parts, in order.
    pub parts: Vec<WordPart>,
    /// The word as written (how `type` shows a function), if it was.
    pub raw: String,
}

impl Word {
    /// A word of one literal.
    pub fn literal(text: &str, quoted: bool) -> Word {
        Word {
            parts: alloc::vec![WordPart::Literal {
                text: String::from(text),
                quoted
            }],
            raw: String::new(),
        }
    }

    /// The word's text if it is all unquoted literal (reserved words,
    /// assignments, function names).
    pub fn as_plain(&self) -> Option<String> {
        let mut s = String::new();
        for p in &self.parts {
            match p {
                WordPart::Literal {
                    text,
                    quoted: false,
                } => s.push_str(text),
                _ => return None,
            }
        }
        Some(s)
    }

    /// Whether some part was quoted (an empty quoted word stays a field).
    pub fn has_quotes(&self) -> bool {
        self.parts.iter().any(|p| match p {
            WordPart::Literal { quoted, .. }
            | WordPart::Param { quoted, .. }
            | WordPart::Command { quoted, .. }
            | WordPart::Arith { quoted, .. } => *quoted,
            WordPart::Tilde(_) => false,
        })
    }
}

/// A redirection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Redirect {
    /// `N> word` or `N>> word` (N defaults to 1).
    ToFile {
        /// The descriptor redirected.
        fd: u8,
        /// The file name.
        target: Word,
        /// `>>` rather than `>`.
        append: bool,
    },
    /// `&> word` / `&>> word`.
    BothToFile {
        /// The file name.
        target: Word,
        /// `&>>`.
        append: bool,
    },
    /// `N>&M`, `N<&M`.
    Dup {
        /// The descriptor redirected.
        fd: u8,
        /// The descriptor copied.
        to: u8,
    },
    /// `N>&-`: closed.
    Close {
        /// The descriptor closed.
        fd: u8,
    },
    /// `< word`.
    FromFile {
        /// The file name.
        target: Word,
    },
    /// `<<WORD` (body expanded unless the delimiter was quoted), `<<<word`.
    Here {
        /// The body (a here-string's word gets a newline added).
        body: Word,
        /// Expand the body (`$`, `` ` ``) — false when the delimiter was quoted.
        expand: bool,
        /// `<<<`.
        string: bool,
    },
}

/// `NAME=value` before a command or alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assign {
    /// The variable.
    pub name: String,
    /// The value (not split, not globbed).
    pub value: Word,
    /// `+=`.
    pub append: bool,
}

/// A command with its words, assignments and redirections.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SimpleCommand {
    /// `NAME=value` prefixes.
    pub assigns: Vec<Assign>,
    /// The words; the first is the command name.
    pub words: Vec<Word>,
    /// Redirections, in the order written.
    pub redirects: Vec<Redirect>,
    /// The line it starts on (`$LINENO`, error messages of scripts).
    pub line: u32,
}

/// One arm of `case`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseArm {
    /// The patterns (`a|b)`).
    pub patterns: Vec<Word>,
    /// The commands.
    pub body: Rc<List>,
    /// `;&` falls through, `;;&` tests the next.
    pub end: CaseEnd,
}

/// How an arm of `case` ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseEnd {
    /// `;;`.
    Break,
    /// `;&`.
    FallThrough,
    /// `;;&`.
    Continue,
}

/// `[[ … ]]`'s expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CondExpr {
    /// `! e`.
    Not(Box<CondExpr>),
    /// `a && b`.
    And(Box<CondExpr>, Box<CondExpr>),
    /// `a || b`.
    Or(Box<CondExpr>, Box<CondExpr>),
    /// `-f word`, `-z word`.
    Unary(String, Word),
    /// `a == b`, `a -lt b`, `a =~ b`.
    Binary(Word, String, Word),
    /// `word` alone (true if not empty).
    Word(Word),
}

/// A compound command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Compound {
    /// `{ list; }`.
    Brace(Rc<List>),
    /// `( list )`.
    Subshell(Rc<List>),
    /// `if c; then b; elif c; then b; else e; fi`.
    If {
        /// Each condition with its body.
        arms: Vec<(Rc<List>, Rc<List>)>,
        /// `else`.
        otherwise: Option<Rc<List>>,
    },
    /// `for NAME in words; do body; done` (`None`: `"$@"`).
    For {
        /// The variable.
        name: String,
        /// The words.
        words: Option<Vec<Word>>,
        /// The body.
        body: Rc<List>,
    },
    /// `for ((init; cond; step)); do body; done`.
    ArithFor {
        /// The three expressions.
        exprs: [Word; 3],
        /// The body.
        body: Rc<List>,
    },
    /// `while`/`until c; do body; done`.
    While {
        /// The condition.
        cond: Rc<List>,
        /// The body.
        body: Rc<List>,
        /// `until`.
        until: bool,
    },
    /// `case word in arms esac`.
    Case {
        /// The word.
        word: Word,
        /// The arms.
        arms: Vec<CaseArm>,
    },
    /// `[[ … ]]`.
    Cond(CondExpr),
    /// `(( … ))`.
    Arith(Word),
}

/// A command of a pipeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// A simple command.
    Simple(Rc<SimpleCommand>),
    /// A compound command with its redirections.
    Compound(Rc<Compound>, Vec<Redirect>),
    /// `name() compound`.
    Function(String, Rc<(Compound, Vec<Redirect>)>),
}

/// Commands joined by `|`, maybe negated by `!`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pipeline {
    /// `!`.
    pub bang: bool,
    /// At least one command.
    pub commands: Vec<Command>,
    /// Its source text (what `jobs` shows).
    pub text: String,
    /// `time` (`Some(true)`: `time -p`, POSIX's format).
    pub time: Option<bool>,
}

/// `&&` or `||` before a pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connector {
    /// `&&`.
    And,
    /// `||`.
    Or,
}

/// Pipelines joined by `&&` and `||`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AndOr {
    /// The first pipeline.
    pub first: Rc<Pipeline>,
    /// The rest with the connector before each.
    pub rest: Vec<(Connector, Rc<Pipeline>)>,
}

/// One entry of a list: an and-or list, run in the background with `&`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The and-or list.
    pub and_or: AndOr,
    /// Ended with `&`.
    pub background: bool,
}

/// A list of commands separated by `;`, `&` and newlines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct List {
    /// The entries, in order.
    pub items: Vec<Item>,
}
