//! The awk grammar (POSIX, as mawk accepts it) by recursive descent, with
//! mawk's syntax-error texts: `syntax error at or near X`, `missing ) near
//! X`, `missing } near end of file`, `function f never defined`.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::ast::{Expr, Function, Item, Pattern, Program, Redirect, Stmt};
use super::lex::{Tok, Token};

/// A syntax error: the line and mawk's words for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ParseError {
    pub(crate) line: usize,
    pub(crate) message: String,
}

/// How deep expressions and statements may nest (a bound on recursion).
const DEPTH_LIMIT: usize = 64;

type R<T> = Result<T, ParseError>;

struct Parser {
    toks: Vec<Token>,
    pos: usize,
    depth: usize,
    /// Parentheses open around the current token.
    parens: usize,
    program: Program,
    calls: Vec<(String, usize)>,
}

/// Parses a whole program.
pub(crate) fn parse(toks: Vec<Token>) -> R<Program> {
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
        parens: 0,
        program: Program::default(),
        calls: Vec::new(),
    };
    loop {
        p.skip_terminators();
        if p.peek() == &Tok::Eof {
            break;
        }
        p.item()?;
    }
    let end_line = p.toks.last().map_or(1, |t| t.line);
    for (name, _) in &p.calls {
        if !p.program.functions.contains_key(name) {
            return Err(ParseError {
                line: end_line,
                message: format!("function {name} never defined"),
            });
        }
    }
    Ok(p.program)
}

fn is_lvalue(e: &Expr) -> bool {
    matches!(e, Expr::Var(_) | Expr::Field(_) | Expr::Index(..))
}

impl Parser {
    fn peek(&self) -> &Tok {
        self.toks.get(self.pos).map_or(&Tok::Eof, |t| &t.tok)
    }

    fn peek_at(&self, n: usize) -> &Tok {
        self.toks.get(self.pos + n).map_or(&Tok::Eof, |t| &t.tok)
    }

    fn line(&self) -> usize {
        self.toks.get(self.pos).map_or(1, |t| t.line)
    }

    fn next(&mut self) -> Tok {
        let t = self.peek().clone();
        if self.pos < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), Tok::Op(o) if *o == op)
    }

    fn eat_op(&mut self, op: &str) -> bool {
        let yes = self.is_op(op);
        if yes {
            self.pos += 1;
        }
        yes
    }

    fn is_kw(&self, k: &str) -> bool {
        matches!(self.peek(), Tok::Keyword(x) if *x == k)
    }

    /// The current token as mawk names it in an error.
    fn near(&self) -> String {
        match self.peek() {
            Tok::Number(n) => super::value::num_to_str(*n, "%.6g"),
            Tok::Str(s) => format!("\"{s}\""),
            Tok::Regex(r) => format!("/{r}/"),
            Tok::Name(n) | Tok::FuncName(n) => n.clone(),
            Tok::Builtin(b) | Tok::Keyword(b) | Tok::Op(b) => String::from(*b),
            Tok::Newline => String::from("end of line"),
            Tok::Eof => String::from("end of file"),
        }
    }

    fn error<T>(&self) -> R<T> {
        if self.parens > 0 && matches!(self.peek(), Tok::Op("}") | Tok::Newline | Tok::Op(";")) {
            return Err(ParseError {
                line: self.line(),
                message: format!("missing ) near {}", self.near()),
            });
        }
        Err(ParseError {
            line: self.line(),
            message: format!("syntax error at or near {}", self.near()),
        })
    }

    fn expect_op(&mut self, op: &str) -> R<()> {
        if self.eat_op(op) {
            match op {
                "(" => self.parens += 1,
                ")" => self.parens = self.parens.saturating_sub(1),
                _ => {}
            }
            return Ok(());
        }
        match op {
            ")" | "]" => Err(ParseError {
                line: self.line(),
                message: format!("missing {op} near {}", self.near()),
            }),
            "}" if self.peek() == &Tok::Eof => Err(ParseError {
                line: self.line(),
                message: String::from("missing } near end of file"),
            }),
            _ => self.error(),
        }
    }

    fn skip_newlines(&mut self) {
        while self.peek() == &Tok::Newline {
            self.pos += 1;
        }
    }

    fn skip_terminators(&mut self) {
        while matches!(self.peek(), Tok::Newline | Tok::Op(";")) {
            self.pos += 1;
        }
    }

    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > DEPTH_LIMIT {
            return self.error();
        }
        Ok(())
    }

    fn item(&mut self) -> R<()> {
        if self.is_op("}") {
            let line = self.line();
            self.next();
            return Err(ParseError {
                line,
                message: format!(
                    "extra '}}'\nawk: line {}: syntax error at or near {}",
                    self.line(),
                    self.near()
                ),
            });
        }
        if self.is_kw("function") {
            self.next();
            let name = match self.next() {
                Tok::Name(n) | Tok::FuncName(n) => n,
                _ => {
                    self.pos -= 1;
                    return self.error();
                }
            };
            self.expect_op("(")?;
            let mut params = Vec::new();
            while let Tok::Name(n) = self.peek().clone() {
                self.next();
                params.push(n);
                if !self.eat_op(",") {
                    break;
                }
                self.skip_newlines();
            }
            self.expect_op(")")?;
            self.skip_newlines();
            let body = self.block()?;
            self.program
                .functions
                .insert(name, Function { params, body });
            return Ok(());
        }
        let pattern = if self.is_kw("BEGIN") || self.is_kw("END") {
            let begin = self.is_kw("BEGIN");
            self.next();
            self.skip_newlines();
            if !self.is_op("{") {
                return self.error();
            }
            if begin { Pattern::Begin } else { Pattern::End }
        } else if self.is_op("{") {
            Pattern::All
        } else {
            let from = self.expr(false)?;
            if self.eat_op(",") {
                self.skip_newlines();
                let to = self.expr(false)?;
                let n = self.program.ranges;
                self.program.ranges += 1;
                Pattern::Range(from, to, n)
            } else {
                Pattern::Expr(from)
            }
        };
        let action = if self.is_op("{") {
            Some(self.block()?)
        } else {
            None
        };
        if action.is_none() && !matches!(self.peek(), Tok::Newline | Tok::Op(";") | Tok::Eof) {
            return self.error();
        }
        self.program.items.push(Item { pattern, action });
        Ok(())
    }

    fn block(&mut self) -> R<Vec<Stmt>> {
        self.expect_op("{")?;
        let mut stmts = Vec::new();
        loop {
            self.skip_terminators();
            if self.is_op("}") || self.peek() == &Tok::Eof {
                break;
            }
            stmts.push(self.stmt()?);
        }
        self.expect_op("}")?;
        Ok(stmts)
    }

    /// Ends a simple statement: `;`, a newline, or a `}` left for the block.
    fn end_simple(&mut self) -> R<()> {
        match self.peek() {
            Tok::Op(";") | Tok::Newline => {
                self.pos += 1;
                Ok(())
            }
            Tok::Op("}") | Tok::Eof => Ok(()),
            _ => self.error(),
        }
    }

    fn stmt(&mut self) -> R<Stmt> {
        self.enter()?;
        let s = self.stmt_inner();
        self.depth -= 1;
        s
    }

    fn body(&mut self) -> R<Stmt> {
        self.skip_newlines();
        if self.eat_op(";") {
            return Ok(Stmt::Block(Vec::new()));
        }
        self.stmt()
    }

    fn stmt_inner(&mut self) -> R<Stmt> {
        if self.is_op("{") {
            return Ok(Stmt::Block(self.block()?));
        }
        if self.is_kw("if") {
            self.next();
            self.expect_op("(")?;
            let cond = self.expr(false)?;
            self.expect_op(")")?;
            let then = self.body()?;
            let save = self.pos;
            self.skip_newlines();
            self.eat_op(";");
            self.skip_newlines();
            if self.is_kw("else") {
                self.next();
                let other = self.body()?;
                return Ok(Stmt::If(cond, Box::new(then), Some(Box::new(other))));
            }
            self.pos = save;
            return Ok(Stmt::If(cond, Box::new(then), None));
        }
        if self.is_kw("while") {
            self.next();
            self.expect_op("(")?;
            let cond = self.expr(false)?;
            self.expect_op(")")?;
            if self.eat_op(";") {
                return Ok(Stmt::While(cond, Box::new(Stmt::Block(Vec::new()))));
            }
            let body = self.body()?;
            return Ok(Stmt::While(cond, Box::new(body)));
        }
        if self.is_kw("do") {
            self.next();
            let body = self.body()?;
            self.skip_terminators();
            if !self.is_kw("while") {
                return self.error();
            }
            self.next();
            self.expect_op("(")?;
            let cond = self.expr(false)?;
            self.expect_op(")")?;
            self.end_simple()?;
            return Ok(Stmt::Do(Box::new(body), cond));
        }
        if self.is_kw("for") {
            self.next();
            self.expect_op("(")?;
            if let (Tok::Name(k), Tok::Keyword("in"), Tok::Name(a), Tok::Op(")")) = (
                self.peek().clone(),
                self.peek_at(1).clone(),
                self.peek_at(2).clone(),
                self.peek_at(3).clone(),
            ) {
                self.pos += 4;
                let body = self.body()?;
                return Ok(Stmt::ForIn(k, a, Box::new(body)));
            }
            let init = if self.is_op(";") {
                None
            } else {
                Some(Box::new(self.simple()?))
            };
            self.expect_op(";")?;
            self.skip_newlines();
            let cond = if self.is_op(";") {
                None
            } else {
                Some(self.expr(false)?)
            };
            self.expect_op(";")?;
            self.skip_newlines();
            let step = if self.is_op(")") {
                None
            } else {
                Some(Box::new(self.simple()?))
            };
            self.expect_op(")")?;
            if self.eat_op(";") {
                return Ok(Stmt::For(
                    init,
                    cond,
                    step,
                    Box::new(Stmt::Block(Vec::new())),
                ));
            }
            let body = self.body()?;
            return Ok(Stmt::For(init, cond, step, Box::new(body)));
        }
        if self.eat_op(";") {
            return Ok(Stmt::Block(Vec::new()));
        }
        let s = self.simple()?;
        self.end_simple()?;
        Ok(s)
    }

    /// A simple statement (no terminator).
    fn simple(&mut self) -> R<Stmt> {
        let kw = match self.peek() {
            Tok::Keyword(k) => *k,
            _ => "",
        };
        match kw {
            "print" | "printf" => {
                self.next();
                let mut args = Vec::new();
                if !matches!(
                    self.peek(),
                    Tok::Op(";" | "}" | ">" | ">>" | "|") | Tok::Newline | Tok::Eof
                ) {
                    args.push(self.expr(true)?);
                    while self.eat_op(",") {
                        self.skip_newlines();
                        args.push(self.expr(true)?);
                    }
                }
                if let [Expr::Group(list)] = args.as_slice() {
                    args = list.clone();
                }
                let redirect = if self.eat_op(">") {
                    Some(Redirect::Truncate(self.concat(true)?))
                } else if self.eat_op(">>") {
                    Some(Redirect::Append(self.concat(true)?))
                } else {
                    None
                };
                if kw == "printf" && args.is_empty() {
                    return self.error();
                }
                Ok(if kw == "print" {
                    Stmt::Print(args, redirect)
                } else {
                    Stmt::Printf(args, redirect)
                })
            }
            "next" => {
                self.next();
                Ok(Stmt::Next)
            }
            "break" => {
                self.next();
                Ok(Stmt::Break)
            }
            "continue" => {
                self.next();
                Ok(Stmt::Continue)
            }
            "exit" | "return" => {
                self.next();
                let value = if matches!(self.peek(), Tok::Op(";" | "}") | Tok::Newline | Tok::Eof) {
                    None
                } else {
                    Some(self.expr(false)?)
                };
                Ok(if kw == "exit" {
                    Stmt::Exit(value)
                } else {
                    Stmt::Return(value)
                })
            }
            "delete" => {
                self.next();
                let Tok::Name(name) = self.next() else {
                    self.pos -= 1;
                    return self.error();
                };
                if self.eat_op("[") {
                    let idx = self.expr_list()?;
                    self.expect_op("]")?;
                    Ok(Stmt::Delete(name, Some(idx)))
                } else {
                    Ok(Stmt::Delete(name, None))
                }
            }
            _ => Ok(Stmt::Expr(self.expr(false)?)),
        }
    }

    fn expr_list(&mut self) -> R<Vec<Expr>> {
        let mut list = alloc::vec![self.expr(false)?];
        while self.eat_op(",") {
            self.skip_newlines();
            list.push(self.expr(false)?);
        }
        Ok(list)
    }

    /// An expression; `no_gt`: a `>` ends it (print's redirection).
    fn expr(&mut self, no_gt: bool) -> R<Expr> {
        self.enter()?;
        let e = self.assignment(no_gt);
        self.depth -= 1;
        e
    }

    fn assignment(&mut self, no_gt: bool) -> R<Expr> {
        let lhs = self.ternary(no_gt)?;
        let op = match self.peek() {
            Tok::Op("=") => None,
            Tok::Op(o @ ("+=" | "-=" | "*=" | "/=" | "%=" | "^=")) => Some(*o),
            _ => return Ok(lhs),
        };
        if !is_lvalue(&lhs) {
            return Ok(lhs);
        }
        self.next();
        self.skip_newlines();
        let rhs = self.expr(no_gt)?;
        Ok(Expr::Assign(
            Box::new(lhs),
            op.map(|o| match o {
                "+=" => "+",
                "-=" => "-",
                "*=" => "*",
                "/=" => "/",
                "%=" => "%",
                _ => "^",
            }),
            Box::new(rhs),
        ))
    }

    fn ternary(&mut self, no_gt: bool) -> R<Expr> {
        let cond = self.or(no_gt)?;
        if !self.eat_op("?") {
            return Ok(cond);
        }
        self.skip_newlines();
        let a = self.expr(no_gt)?;
        self.skip_newlines();
        self.expect_op(":")?;
        self.skip_newlines();
        let b = self.expr(no_gt)?;
        Ok(Expr::Cond(Box::new(cond), Box::new(a), Box::new(b)))
    }

    fn or(&mut self, no_gt: bool) -> R<Expr> {
        let depth = self.depth;
        let mut e = self.and(no_gt)?;
        while self.eat_op("||") {
            self.enter()?;
            self.skip_newlines();
            e = Expr::Or(Box::new(e), Box::new(self.and(no_gt)?));
        }
        self.depth = depth;
        Ok(e)
    }

    fn and(&mut self, no_gt: bool) -> R<Expr> {
        let depth = self.depth;
        let mut e = self.in_expr(no_gt)?;
        while self.eat_op("&&") {
            self.enter()?;
            self.skip_newlines();
            e = Expr::And(Box::new(e), Box::new(self.in_expr(no_gt)?));
        }
        self.depth = depth;
        Ok(e)
    }

    fn in_expr(&mut self, no_gt: bool) -> R<Expr> {
        let depth = self.depth;
        let mut e = self.matching(no_gt)?;
        while self.is_kw("in") {
            self.enter()?;
            self.next();
            let Tok::Name(arr) = self.next() else {
                self.pos -= 1;
                return self.error();
            };
            let keys = match e {
                Expr::Group(list) => list,
                other => alloc::vec![other],
            };
            e = Expr::In(keys, arr);
        }
        self.depth = depth;
        Ok(e)
    }

    fn matching(&mut self, no_gt: bool) -> R<Expr> {
        let depth = self.depth;
        let mut e = self.comparison(no_gt)?;
        loop {
            self.enter()?;
            let negate = if self.eat_op("~") {
                false
            } else if self.eat_op("!~") {
                true
            } else {
                self.depth = depth;
                return Ok(e);
            };
            let re = self.comparison(no_gt)?;
            e = Expr::Match(negate, Box::new(e), Box::new(re));
        }
    }

    fn comparison(&mut self, no_gt: bool) -> R<Expr> {
        let lhs = self.concat(no_gt)?;
        let op = match self.peek() {
            Tok::Op(o @ ("<" | "<=" | "!=" | "==" | ">=")) => *o,
            Tok::Op(">") if !no_gt => ">",
            _ => return Ok(lhs),
        };
        self.next();
        let rhs = self.concat(no_gt)?;
        Ok(Expr::Binary(op, Box::new(lhs), Box::new(rhs)))
    }

    fn starts_operand(&self) -> bool {
        match self.peek() {
            Tok::Number(_) | Tok::Str(_) | Tok::Name(_) | Tok::FuncName(_) | Tok::Builtin(_) => {
                true
            }
            Tok::Op(o) => matches!(*o, "$" | "("),
            Tok::Keyword(k) => *k == "getline",
            _ => false,
        }
    }

    fn concat(&mut self, no_gt: bool) -> R<Expr> {
        let depth = self.depth;
        let mut e = self.additive()?;
        while self.starts_operand() {
            let _ = no_gt;
            self.enter()?;
            let rhs = self.additive()?;
            e = Expr::Concat(Box::new(e), Box::new(rhs));
        }
        self.depth = depth;
        Ok(e)
    }

    fn additive(&mut self) -> R<Expr> {
        let depth = self.depth;
        let mut e = self.multiplicative()?;
        loop {
            let op = match self.peek() {
                Tok::Op(o @ ("+" | "-")) => *o,
                _ => {
                    self.depth = depth;
                    return Ok(e);
                }
            };
            self.enter()?;
            self.next();
            e = Expr::Binary(op, Box::new(e), Box::new(self.multiplicative()?));
        }
    }

    fn multiplicative(&mut self) -> R<Expr> {
        let depth = self.depth;
        let mut e = self.unary()?;
        loop {
            let op = match self.peek() {
                Tok::Op(o @ ("*" | "/" | "%")) => *o,
                _ => {
                    self.depth = depth;
                    return Ok(e);
                }
            };
            self.enter()?;
            self.next();
            e = Expr::Binary(op, Box::new(e), Box::new(self.unary()?));
        }
    }

    fn unary(&mut self) -> R<Expr> {
        self.enter()?;
        let e = if self.eat_op("!") {
            self.unary().map(|e| Expr::Not(Box::new(e)))
        } else if self.eat_op("-") {
            self.unary().map(|e| Expr::Neg(Box::new(e)))
        } else if self.eat_op("+") {
            self.unary().map(|e| Expr::Plus(Box::new(e)))
        } else {
            self.power()
        };
        self.depth -= 1;
        e
    }

    fn power(&mut self) -> R<Expr> {
        self.enter()?;
        let e = self.power_inner();
        self.depth -= 1;
        e
    }

    fn power_inner(&mut self) -> R<Expr> {
        let base = self.postfix()?;
        if !self.eat_op("^") {
            return Ok(base);
        }
        let exp = if self.eat_op("-") {
            Expr::Neg(Box::new(self.power()?))
        } else {
            self.eat_op("+");
            self.power()?
        };
        Ok(Expr::Binary("^", Box::new(base), Box::new(exp)))
    }

    fn postfix(&mut self) -> R<Expr> {
        let e = self.primary()?;
        if is_lvalue(&e) {
            if self.eat_op("++") {
                return Ok(Expr::Incr {
                    pre: false,
                    by: 1.0,
                    target: Box::new(e),
                });
            }
            if self.eat_op("--") {
                return Ok(Expr::Incr {
                    pre: false,
                    by: -1.0,
                    target: Box::new(e),
                });
            }
        }
        Ok(e)
    }

    fn args(&mut self) -> R<Vec<Expr>> {
        self.expect_op("(")?;
        self.skip_newlines();
        if self.eat_op(")") {
            return Ok(Vec::new());
        }
        let list = self.expr_list()?;
        self.skip_newlines();
        self.expect_op(")")?;
        Ok(list)
    }

    fn primary(&mut self) -> R<Expr> {
        self.enter()?;
        let e = self.primary_inner();
        self.depth -= 1;
        e
    }

    fn primary_inner(&mut self) -> R<Expr> {
        let line = self.line();
        match self.next() {
            Tok::Number(n) => Ok(Expr::Num(n)),
            Tok::Str(s) => Ok(Expr::Str(s)),
            Tok::Regex(r) => Ok(Expr::Regex(r)),
            Tok::Op("$") => {
                let target = if self.eat_op("++") {
                    Expr::Incr {
                        pre: true,
                        by: 1.0,
                        target: Box::new(self.primary()?),
                    }
                } else if self.eat_op("--") {
                    Expr::Incr {
                        pre: true,
                        by: -1.0,
                        target: Box::new(self.primary()?),
                    }
                } else if self.eat_op("-") {
                    Expr::Neg(Box::new(self.primary()?))
                } else {
                    self.primary()?
                };
                Ok(Expr::Field(Box::new(target)))
            }
            Tok::Op(o @ ("++" | "--")) => {
                let target = self.primary()?;
                if !is_lvalue(&target) {
                    return self.error();
                }
                let by = if o == "++" { 1.0 } else { -1.0 };
                Ok(Expr::Incr {
                    pre: true,
                    by,
                    target: Box::new(target),
                })
            }
            Tok::Op("(") => {
                self.parens += 1;
                self.skip_newlines();
                let list = self.expr_list()?;
                self.skip_newlines();
                self.expect_op(")")?;
                Ok(match <[Expr; 1]>::try_from(list) {
                    Ok([one]) => one,
                    Err(list) => Expr::Group(list),
                })
            }
            Tok::Op("-") => Ok(Expr::Neg(Box::new(self.unary()?))),
            Tok::Op("!") => Ok(Expr::Not(Box::new(self.unary()?))),
            Tok::Name(n) => {
                if self.eat_op("[") {
                    let idx = self.expr_list()?;
                    self.expect_op("]")?;
                    Ok(Expr::Index(n, idx))
                } else {
                    Ok(Expr::Var(n))
                }
            }
            Tok::FuncName(n) => {
                let args = self.args()?;
                self.calls.push((n.clone(), line));
                Ok(Expr::Call(n, args))
            }
            Tok::Builtin(b) => {
                let args = if self.is_op("(") {
                    self.args()?
                } else {
                    Vec::new()
                };
                let ok = match b {
                    "length" => args.len() <= 1,
                    "substr" => (2..=3).contains(&args.len()),
                    "index" | "atan2" => args.len() == 2,
                    "split" => (2..=3).contains(&args.len()),
                    "sub" | "gsub" => (2..=3).contains(&args.len()),
                    "match" => args.len() == 2,
                    "sprintf" => !args.is_empty(),
                    "rand" => args.is_empty(),
                    "srand" | "fflush" => args.len() <= 1,
                    _ => args.len() == 1,
                };
                if !ok {
                    return Err(ParseError {
                        line,
                        message: format!("wrong number of arguments in call to {b}"),
                    });
                }
                if matches!(b, "system") {
                    return Err(ParseError {
                        line,
                        message: format!("syntax error at or near {b}"),
                    });
                }
                Ok(Expr::Builtin(b, args))
            }
            Tok::Keyword("getline") => {
                let var = if matches!(self.peek(), Tok::Name(_) | Tok::Op("$")) {
                    Some(Box::new(self.primary()?))
                } else {
                    None
                };
                let file = if self.eat_op("<") {
                    Some(Box::new(self.primary()?))
                } else {
                    None
                };
                if file.is_none() {
                    self.program.reads_main_input = true;
                }
                Ok(Expr::Getline(var, file))
            }
            _ => {
                self.pos -= 1;
                self.error()
            }
        }
    }
}
