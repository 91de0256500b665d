//! The parser: statements by recursive descent, expressions by
//! precedence climbing (a Pratt parser), with CPython 3.11's messages for
//! the errors a learner meets (`invalid syntax`, `expected ':'`,
//! `expected an indented block after 'if' statement on line 1`).

use alloc::boxed::Box;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

use super::ast::*;
use super::lexer::{SyntaxError, Tok, Token, tokenize};

/// The deepest nesting of expressions and blocks the parser follows.
const MAX_DEPTH: usize = 200;

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Parses a module.
pub(crate) fn parse(src: &str) -> Result<Vec<Stmt>, SyntaxError> {
    let toks = tokenize(src)?;
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
    };
    let mut body = Vec::new();
    while !p.at_eof() {
        if p.eat_newline() {
            continue;
        }
        if matches!(p.peek(), Tok::Indent) {
            let t = p.cur().clone();
            return Err(SyntaxError {
                kind: "IndentationError",
                msg: "unexpected indent".into(),
                line: t.line,
                col: 0,
                end_col: 0,
            });
        }
        p.statement(&mut body)?;
    }
    Ok(body)
}

/// Parses one expression (an f-string's replacement field).
fn parse_expr_text(src: &str, line: u32) -> Result<Expr, SyntaxError> {
    let wrapped = format!("({src})");
    let toks = tokenize(&wrapped).map_err(|mut e| {
        e.line = line;
        e.msg = format!("f-string: {}", e.msg);
        e
    })?;
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
    };
    let e = p.expr_list().map_err(|mut e| {
        e.line = line;
        e
    })?;
    p.eat_newline();
    if !p.at_eof() {
        return Err(SyntaxError::new("f-string: invalid syntax", line, 0));
    }
    let mut e = e;
    fix_lines(&mut e, line);
    Ok(e)
}

fn fix_lines(e: &mut Expr, line: u32) {
    e.span.line = line;
    e.span.end_line = line;
}

struct Parser {
    toks: Vec<Token>,
    pos: usize,
    depth: usize,
}

fn eof_token() -> &'static Token {
    static EOF: Token = Token {
        tok: Tok::Eof,
        line: 0,
        col: 0,
        end_col: 0,
        end_line: 0,
    };
    &EOF
}

impl Parser {
    fn cur(&self) -> &Token {
        self.toks
            .get(self.pos)
            .or(self.toks.last())
            .unwrap_or(eof_token())
    }

    fn peek(&self) -> &Tok {
        &self.cur().tok
    }

    fn peek_at(&self, n: usize) -> &Tok {
        self.toks.get(self.pos + n).map_or(&Tok::Eof, |t| &t.tok)
    }

    fn at_eof(&self) -> bool {
        matches!(self.peek(), Tok::Eof)
    }

    fn bump(&mut self) -> Token {
        let t = self.cur().clone();
        if self.pos < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), Tok::Op(o) if *o == op)
    }

    fn is_kw(&self, kw: &str) -> bool {
        matches!(self.peek(), Tok::Name(n) if n == kw)
    }

    fn eat_op(&mut self, op: &str) -> bool {
        if self.is_op(op) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        if self.is_kw(kw) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_newline(&mut self) -> bool {
        if matches!(self.peek(), Tok::Newline) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn error_here(&self) -> SyntaxError {
        let t = self.cur();
        if let Tok::Indent = t.tok {
            return SyntaxError {
                kind: "IndentationError",
                msg: "unexpected indent".into(),
                line: t.line,
                col: 0,
                end_col: 0,
            };
        }
        if matches!(t.tok, Tok::Eof) {
            // The end of the input inside a statement.
            let prev = self.toks.get(self.pos.saturating_sub(1)).unwrap_or(t);
            return SyntaxError::new("invalid syntax", prev.line, prev.end_col);
        }
        let mut e = SyntaxError::new("invalid syntax", t.line, t.col);
        if matches!(t.tok, Tok::Newline) {
            e.col = t.col + 1;
            e.end_col = t.col + 2;
        }
        e
    }

    fn expect_op(&mut self, op: &str) -> Result<(), SyntaxError> {
        if self.eat_op(op) {
            Ok(())
        } else if op == ":" {
            let t = self
                .toks
                .get(self.pos.saturating_sub(1))
                .unwrap_or(self.cur());
            Err(SyntaxError::new("expected ':'", t.line, t.end_col))
        } else {
            Err(self.error_here())
        }
    }

    fn name(&mut self) -> Result<String, SyntaxError> {
        match self.peek().clone() {
            Tok::Name(n) if !KEYWORDS.contains(&n.as_str()) => {
                self.pos += 1;
                Ok(n)
            }
            _ => Err(self.error_here()),
        }
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let t = self.cur();
            return Err(SyntaxError::new(
                "too many nested parentheses",
                t.line,
                t.col,
            ));
        }
        Ok(())
    }

    fn span_from(&self, start: &Token) -> Span {
        let last = self.toks.get(self.pos.saturating_sub(1)).unwrap_or(start);
        Span {
            line: start.line,
            col: start.col,
            end_line: last.end_line,
            end_col: last.end_col,
        }
    }

    // ----- statements -----

    fn block(&mut self, what: &str, line: u32) -> Result<Vec<Stmt>, SyntaxError> {
        self.expect_op(":")?;
        let mut body = Vec::new();
        if self.eat_newline() {
            if !matches!(self.peek(), Tok::Indent) {
                let t = self.cur();
                return Err(SyntaxError {
                    kind: "IndentationError",
                    msg: format!("expected an indented block after {what} on line {line}"),
                    line: t.line,
                    col: t.col + 1,
                    end_col: t.col + 2,
                });
            }
            self.pos += 1;
            self.enter()?;
            while !matches!(self.peek(), Tok::Dedent | Tok::Eof) {
                if self.eat_newline() {
                    continue;
                }
                if matches!(self.peek(), Tok::Indent) {
                    return Err(self.error_here());
                }
                self.statement(&mut body)?;
            }
            self.depth -= 1;
            if matches!(self.peek(), Tok::Dedent) {
                self.pos += 1;
            }
        } else {
            self.simple_statements(&mut body)?;
        }
        Ok(body)
    }

    fn statement(&mut self, out: &mut Vec<Stmt>) -> Result<(), SyntaxError> {
        let start = self.cur().clone();
        let Tok::Name(word) = &start.tok else {
            return self.simple_statements(out);
        };
        let line = start.line;
        let kind = match word.as_str() {
            "if" => {
                self.pos += 1;
                self.if_rest(line, "'if' statement")?
            }
            "while" => {
                self.pos += 1;
                let cond = self.named_expr()?;
                let body = self.block("'while' statement", line)?;
                let orelse = self.else_block()?;
                StmtKind::While(cond, body, orelse)
            }
            "for" => {
                self.pos += 1;
                let target = self.target_list()?;
                if !self.eat_kw("in") {
                    return Err(self.error_here());
                }
                let iter = self.expr_list()?;
                let body = self.block("'for' statement", line)?;
                let orelse = self.else_block()?;
                StmtKind::For(target, iter, body, orelse)
            }
            "def" => {
                self.pos += 1;
                StmtKind::Def(self.funcdef(Vec::new(), line)?)
            }
            "class" => {
                self.pos += 1;
                self.classdef(Vec::new(), line)?
            }
            "try" => {
                self.pos += 1;
                self.try_rest(line)?
            }
            "with" => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    let e = self.expr()?;
                    let t = if self.eat_kw("as") {
                        Some(self.target()?)
                    } else {
                        None
                    };
                    items.push((e, t));
                    if !self.eat_op(",") {
                        break;
                    }
                }
                let body = self.block("'with' statement", line)?;
                StmtKind::With(items, body)
            }
            _ if self.is_op_at(0, "@") => unreachable_decorator(),
            _ => return self.simple_statements(out),
        };
        out.push(Stmt {
            kind,
            span: self.span_from(&start),
        });
        Ok(())
    }

    fn is_op_at(&self, n: usize, op: &str) -> bool {
        matches!(self.peek_at(n), Tok::Op(o) if *o == op)
    }

    fn if_rest(&mut self, line: u32, what: &str) -> Result<StmtKind, SyntaxError> {
        let cond = self.named_expr()?;
        let body = self.block(what, line)?;
        let orelse = if self.is_kw("elif") {
            let start = self.bump();
            let kind = self.if_rest(start.line, "'elif' statement")?;
            alloc::vec![Stmt {
                kind,
                span: self.span_from(&start)
            }]
        } else {
            self.else_block()?
        };
        Ok(StmtKind::If(cond, body, orelse))
    }

    fn else_block(&mut self) -> Result<Vec<Stmt>, SyntaxError> {
        if self.is_kw("else") {
            let t = self.bump();
            self.block("'else' statement", t.line)
        } else {
            Ok(Vec::new())
        }
    }

    fn try_rest(&mut self, line: u32) -> Result<StmtKind, SyntaxError> {
        let body = self.block("'try' statement", line)?;
        let mut handlers = Vec::new();
        while self.is_kw("except") {
            let t = self.bump();
            let (class, name) = if self.is_op(":") {
                (None, None)
            } else {
                let c = self.expr_list()?;
                let n = if self.eat_kw("as") {
                    Some(self.name()?)
                } else {
                    None
                };
                (Some(c), n)
            };
            let hb = self.block("'except' statement", t.line)?;
            handlers.push(Handler {
                class,
                name,
                body: hb,
                span: self.span_from(&t),
            });
        }
        let orelse = self.else_block()?;
        let finalbody = if self.is_kw("finally") {
            let t = self.bump();
            self.block("'finally' statement", t.line)?
        } else {
            Vec::new()
        };
        if handlers.is_empty() && finalbody.is_empty() {
            let t = self.cur();
            return Err(SyntaxError::new(
                "expected 'except' or 'finally' block",
                t.line,
                t.col,
            ));
        }
        Ok(StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        })
    }

    fn funcdef(&mut self, decorators: Vec<Expr>, line: u32) -> Result<FuncDef, SyntaxError> {
        let name = self.name()?;
        self.expect_op("(")?;
        let params = self.params(")")?;
        self.expect_op(")")?;
        if self.eat_op("->") {
            self.expr()?;
        }
        let body = self.block("function definition", line)?;
        Ok(FuncDef {
            name,
            params: Rc::new(params),
            body: Rc::new(body),
            decorators,
        })
    }

    fn classdef(&mut self, decorators: Vec<Expr>, line: u32) -> Result<StmtKind, SyntaxError> {
        let name = self.name()?;
        let mut bases = Vec::new();
        if self.eat_op("(") {
            while !self.is_op(")") {
                bases.push(self.expr()?);
                if !self.eat_op(",") {
                    break;
                }
            }
            self.expect_op(")")?;
        }
        let body = self.block("class definition", line)?;
        Ok(StmtKind::Class {
            name,
            bases,
            body: Rc::new(body),
            decorators,
        })
    }

    fn params(&mut self, close: &str) -> Result<Params, SyntaxError> {
        let mut p = Params::default();
        let mut star = false;
        while !self.is_op(close) {
            if self.eat_op("**") {
                p.kwargs = Some(self.name()?);
            } else if self.eat_op("*") {
                star = true;
                if !self.is_op(",") {
                    p.varargs = Some(self.name()?);
                }
            } else if self.eat_op("/") {
            } else {
                let n = self.name()?;
                if close == ")" && self.eat_op(":") {
                    self.expr()?;
                }
                let d = if self.eat_op("=") {
                    Some(self.expr()?)
                } else {
                    None
                };
                if d.is_none() && !star && p.args.last().is_some_and(|(_, d)| d.is_some()) {
                    let t = self
                        .toks
                        .get(self.pos.saturating_sub(1))
                        .unwrap_or(self.cur());
                    return Err(SyntaxError::new(
                        "non-default argument follows default argument",
                        t.line,
                        t.col,
                    ));
                }
                if star {
                    p.kwonly.push((n, d));
                } else {
                    p.args.push((n, d));
                }
            }
            if !self.eat_op(",") {
                break;
            }
        }
        Ok(p)
    }

    fn simple_statements(&mut self, out: &mut Vec<Stmt>) -> Result<(), SyntaxError> {
        loop {
            if self.is_op("@") {
                return self.decorated(out);
            }
            let start = self.cur().clone();
            let kind = self.simple()?;
            out.push(Stmt {
                kind,
                span: self.span_from(&start),
            });
            if self.eat_op(";") {
                if matches!(self.peek(), Tok::Newline | Tok::Eof) {
                    self.eat_newline();
                    return Ok(());
                }
                continue;
            }
            if self.eat_newline() || self.at_eof() {
                return Ok(());
            }
            return Err(self.error_here());
        }
    }

    fn decorated(&mut self, out: &mut Vec<Stmt>) -> Result<(), SyntaxError> {
        let mut decorators = Vec::new();
        let start = self.cur().clone();
        while self.eat_op("@") {
            decorators.push(self.named_expr()?);
            if !self.eat_newline() {
                return Err(self.error_here());
            }
        }
        let t = self.cur().clone();
        let kind = if self.eat_kw("def") {
            StmtKind::Def(self.funcdef(decorators, t.line)?)
        } else if self.eat_kw("class") {
            self.classdef(decorators, t.line)?
        } else {
            return Err(self.error_here());
        };
        out.push(Stmt {
            kind,
            span: self.span_from(&start),
        });
        Ok(())
    }

    fn simple(&mut self) -> Result<StmtKind, SyntaxError> {
        let start = self.cur().clone();
        if let Tok::Name(w) = &start.tok {
            match w.as_str() {
                "pass" => {
                    self.pos += 1;
                    return Ok(StmtKind::Pass);
                }
                "break" => {
                    self.pos += 1;
                    return Ok(StmtKind::Break);
                }
                "continue" => {
                    self.pos += 1;
                    return Ok(StmtKind::Continue);
                }
                "return" => {
                    self.pos += 1;
                    let v = if matches!(self.peek(), Tok::Newline | Tok::Eof) || self.is_op(";") {
                        None
                    } else {
                        Some(self.expr_list()?)
                    };
                    return Ok(StmtKind::Return(v));
                }
                "raise" => {
                    self.pos += 1;
                    if matches!(self.peek(), Tok::Newline | Tok::Eof) || self.is_op(";") {
                        return Ok(StmtKind::Raise(None, None));
                    }
                    let e = self.expr()?;
                    let cause = if self.eat_kw("from") {
                        Some(self.expr()?)
                    } else {
                        None
                    };
                    return Ok(StmtKind::Raise(Some(e), cause));
                }
                "global" | "nonlocal" => {
                    self.pos += 1;
                    let mut names = alloc::vec![self.name()?];
                    while self.eat_op(",") {
                        names.push(self.name()?);
                    }
                    return Ok(if w == "global" {
                        StmtKind::Global(names)
                    } else {
                        StmtKind::Nonlocal(names)
                    });
                }
                "del" => {
                    self.pos += 1;
                    let mut t = alloc::vec![self.target()?];
                    while self.eat_op(",") {
                        if matches!(self.peek(), Tok::Newline) {
                            break;
                        }
                        t.push(self.target()?);
                    }
                    return Ok(StmtKind::Del(t));
                }
                "assert" => {
                    self.pos += 1;
                    let t = self.expr()?;
                    let m = if self.eat_op(",") {
                        Some(self.expr()?)
                    } else {
                        None
                    };
                    return Ok(StmtKind::Assert(t, m));
                }
                "import" => {
                    self.pos += 1;
                    let mut names = Vec::new();
                    loop {
                        let n = self.dotted()?;
                        let a = if self.eat_kw("as") {
                            Some(self.name()?)
                        } else {
                            None
                        };
                        names.push((n, a));
                        if !self.eat_op(",") {
                            break;
                        }
                    }
                    return Ok(StmtKind::Import(names));
                }
                "from" => {
                    self.pos += 1;
                    let mut module = String::new();
                    while self.eat_op(".") {
                        module.push('.');
                    }
                    if !self.is_kw("import") {
                        module.push_str(&self.dotted()?);
                    }
                    if !self.eat_kw("import") {
                        return Err(self.error_here());
                    }
                    let paren = self.eat_op("(");
                    let mut names = Vec::new();
                    if self.eat_op("*") {
                        names.push((String::from("*"), None));
                    } else {
                        loop {
                            let n = self.name()?;
                            let a = if self.eat_kw("as") {
                                Some(self.name()?)
                            } else {
                                None
                            };
                            names.push((n, a));
                            if !self.eat_op(",") || (paren && self.is_op(")")) {
                                break;
                            }
                        }
                    }
                    if paren {
                        self.expect_op(")")?;
                    }
                    return Ok(StmtKind::ImportFrom(module, names));
                }
                "print"
                    if matches!(
                        self.peek_at(1),
                        Tok::Str { .. } | Tok::Int(_) | Tok::Name(_)
                    ) =>
                {
                    let mut e = SyntaxError::new(
                        "Missing parentheses in call to 'print'. Did you mean print(...)?",
                        start.line,
                        start.col,
                    );
                    // CPython marks the whole statement.
                    let mut k = self.pos;
                    while let Some(t) = self.toks.get(k) {
                        if matches!(t.tok, Tok::Newline | Tok::Eof) {
                            break;
                        }
                        e.end_col = t.end_col + 1;
                        k += 1;
                    }
                    return Err(e);
                }
                _ => {}
            }
        }
        // An expression, an assignment, or an augmented assignment.
        let first = self.expr_list_star()?;
        if self.eat_op("=") {
            check_target(&first)?;
            let mut targets = alloc::vec![first];
            let mut value = self.expr_list_star()?;
            while self.eat_op("=") {
                check_target(&value)?;
                targets.push(value);
                value = self.expr_list_star()?;
            }
            return Ok(StmtKind::Assign(targets, value));
        }
        if let Tok::Op(op) = self.peek().clone()
            && let Some(bop) = aug_op(op)
        {
            self.pos += 1;
            check_target(&first)?;
            let v = self.expr_list()?;
            return Ok(StmtKind::AugAssign(first, bop, v));
        }
        if self.is_op(":")
            && matches!(
                first.kind,
                ExprKind::Name(_) | ExprKind::Attr(..) | ExprKind::Subscript(..)
            )
        {
            self.pos += 1;
            self.expr()?;
            let v = if self.eat_op("=") {
                Some(self.expr_list()?)
            } else {
                None
            };
            return Ok(StmtKind::AnnAssign(first, v));
        }
        Ok(StmtKind::Expr(first))
    }

    fn dotted(&mut self) -> Result<String, SyntaxError> {
        let mut n = self.name()?;
        while self.eat_op(".") {
            n.push('.');
            n.push_str(&self.name()?);
        }
        Ok(n)
    }

    fn target(&mut self) -> Result<Expr, SyntaxError> {
        let e = self.binary(BP_BITOR)?;
        check_target(&e)?;
        Ok(e)
    }

    fn target_list(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.cur().clone();
        let first = self.target()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = alloc::vec![first];
        while self.eat_op(",") {
            if self.is_kw("in") || self.is_op("=") {
                break;
            }
            items.push(self.target()?);
        }
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            span: self.span_from(&start),
        })
    }

    // ----- expressions -----

    /// `a, b, c` (a tuple when there is a comma).
    fn expr_list(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.cur().clone();
        let first = self.expr()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = alloc::vec![first];
        while self.eat_op(",") {
            if self.ends_list() {
                break;
            }
            items.push(self.expr()?);
        }
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            span: self.span_from(&start),
        })
    }

    fn expr_list_star(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.cur().clone();
        let first = self.star_or_expr()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = alloc::vec![first];
        while self.eat_op(",") {
            if self.ends_list() {
                break;
            }
            items.push(self.star_or_expr()?);
        }
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            span: self.span_from(&start),
        })
    }

    fn star_or_expr(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.cur().clone();
        if self.eat_op("*") {
            let e = self.binary(BP_BITOR)?;
            return Ok(Expr {
                kind: ExprKind::Starred(Box::new(e)),
                span: self.span_from(&start),
            });
        }
        self.expr()
    }

    fn ends_list(&self) -> bool {
        matches!(self.peek(), Tok::Newline | Tok::Eof)
            || self.is_op("=")
            || self.is_op(")")
            || self.is_op("]")
            || self.is_op("}")
            || self.is_op(":")
            || self.is_op(";")
            || aug_op_tok(self.peek())
    }

    fn named_expr(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.cur().clone();
        if let (Tok::Name(n), true) = (self.peek().clone(), self.is_op_at(1, ":=")) {
            self.pos += 2;
            let v = self.expr()?;
            return Ok(Expr {
                kind: ExprKind::NamedExpr(n, Box::new(v)),
                span: self.span_from(&start),
            });
        }
        self.expr()
    }

    /// A full expression: lambda, conditional, boolean, comparison...
    fn expr(&mut self) -> Result<Expr, SyntaxError> {
        self.enter()?;
        let r = self.expr_inner();
        self.depth -= 1;
        r
    }

    fn expr_inner(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.cur().clone();
        if self.eat_kw("lambda") {
            let params = self.params(":")?;
            self.expect_op(":")?;
            let body = self.expr()?;
            return Ok(Expr {
                kind: ExprKind::Lambda(Rc::new(params), Box::new(body)),
                span: self.span_from(&start),
            });
        }
        let e = self.or_expr()?;
        if self.is_kw("if") && !self.in_comp_if() {
            self.pos += 1;
            let cond = self.or_expr()?;
            if !self.eat_kw("else") {
                let t = self.cur();
                return Err(SyntaxError::new(
                    "expected 'else' after 'if' expression",
                    t.line,
                    t.col,
                ));
            }
            let other = self.expr()?;
            return Ok(Expr {
                kind: ExprKind::IfExp(Box::new(cond), Box::new(e), Box::new(other)),
                span: self.span_from(&start),
            });
        }
        Ok(e)
    }

    fn in_comp_if(&self) -> bool {
        false
    }

    fn or_expr(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.cur().clone();
        let mut e = self.and_expr()?;
        while self.eat_kw("or") {
            let r = self.and_expr()?;
            e = Expr {
                kind: ExprKind::Or(Box::new(e), Box::new(r)),
                span: self.span_from(&start),
            };
        }
        Ok(e)
    }

    fn and_expr(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.cur().clone();
        let mut e = self.not_expr()?;
        while self.eat_kw("and") {
            let r = self.not_expr()?;
            e = Expr {
                kind: ExprKind::And(Box::new(e), Box::new(r)),
                span: self.span_from(&start),
            };
        }
        Ok(e)
    }

    fn not_expr(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.cur().clone();
        if self.eat_kw("not") {
            self.enter()?;
            let e = self.not_expr();
            self.depth -= 1;
            return Ok(Expr {
                kind: ExprKind::Unary(UnOp::Not, Box::new(e?)),
                span: self.span_from(&start),
            });
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.cur().clone();
        let first = self.binary(BP_BITOR)?;
        let mut rest = Vec::new();
        loop {
            let op = match self.peek() {
                Tok::Op("==") => CmpOp::Eq,
                Tok::Op("!=") => CmpOp::Ne,
                Tok::Op("<") => CmpOp::Lt,
                Tok::Op("<=") => CmpOp::Le,
                Tok::Op(">") => CmpOp::Gt,
                Tok::Op(">=") => CmpOp::Ge,
                Tok::Name(n) if n == "in" => CmpOp::In,
                Tok::Name(n) if n == "is" => {
                    if matches!(self.peek_at(1), Tok::Name(m) if m == "not") {
                        self.pos += 1;
                        CmpOp::IsNot
                    } else {
                        CmpOp::Is
                    }
                }
                Tok::Name(n)
                    if n == "not" && matches!(self.peek_at(1), Tok::Name(m) if m == "in") =>
                {
                    self.pos += 1;
                    CmpOp::NotIn
                }
                _ => break,
            };
            self.pos += 1;
            rest.push((op, self.binary(BP_BITOR)?));
        }
        if rest.is_empty() {
            return Ok(first);
        }
        Ok(Expr {
            kind: ExprKind::Compare(Box::new(first), rest),
            span: self.span_from(&start),
        })
    }

    fn binary(&mut self, min_bp: u8) -> Result<Expr, SyntaxError> {
        self.enter()?;
        let r = self.binary_inner(min_bp);
        self.depth -= 1;
        r
    }

    fn binary_inner(&mut self, min_bp: u8) -> Result<Expr, SyntaxError> {
        let start = self.cur().clone();
        let mut lhs = self.unary()?;
        while let Tok::Op(op) = self.peek().clone() {
            let Some((bp, bop)) = binop(op) else { break };
            if bp < min_bp {
                break;
            }
            self.pos += 1;
            let rhs = self.binary(bp + 1)?;
            lhs = Expr {
                kind: ExprKind::Bin(bop, Box::new(lhs), Box::new(rhs)),
                span: self.span_from(&start),
            };
        }
        Ok(lhs)
    }

    fn unary(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.cur().clone();
        let op = match self.peek() {
            Tok::Op("-") => Some(UnOp::Neg),
            Tok::Op("+") => Some(UnOp::Pos),
            Tok::Op("~") => Some(UnOp::Invert),
            _ => None,
        };
        if let Some(op) = op {
            self.pos += 1;
            self.enter()?;
            let e = self.unary();
            self.depth -= 1;
            return Ok(Expr {
                kind: ExprKind::Unary(op, Box::new(e?)),
                span: self.span_from(&start),
            });
        }
        let base = self.postfix()?;
        if self.eat_op("**") {
            let exp = self.unary()?;
            return Ok(Expr {
                kind: ExprKind::Bin(BinOp::Pow, Box::new(base), Box::new(exp)),
                span: self.span_from(&start),
            });
        }
        Ok(base)
    }

    fn postfix(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.cur().clone();
        let mut e = self.atom()?;
        loop {
            if self.eat_op(".") {
                let n = self.name()?;
                e = Expr {
                    kind: ExprKind::Attr(Box::new(e), n),
                    span: self.span_from(&start),
                };
            } else if self.eat_op("(") {
                let args = self.call_args()?;
                self.expect_op(")")?;
                e = Expr {
                    kind: ExprKind::Call(Box::new(e), args),
                    span: self.span_from(&start),
                };
            } else if self.eat_op("[") {
                let idx = self.subscript()?;
                self.expect_op("]")?;
                e = Expr {
                    kind: ExprKind::Subscript(Box::new(e), Box::new(idx)),
                    span: self.span_from(&start),
                };
            } else {
                break;
            }
        }
        Ok(e)
    }

    fn call_args(&mut self) -> Result<Vec<Arg>, SyntaxError> {
        let mut args = Vec::new();
        while !self.is_op(")") {
            if self.eat_op("**") {
                args.push(Arg::StarStar(self.expr()?));
            } else if self.eat_op("*") {
                args.push(Arg::Star(self.expr()?));
            } else if let (Tok::Name(n), true) = (self.peek().clone(), self.is_op_at(1, "=")) {
                self.pos += 2;
                args.push(Arg::Kw(n, self.expr()?));
            } else {
                let start = self.cur().clone();
                let e = self.named_expr()?;
                if self.is_kw("for") {
                    let comps = self.comp_for()?;
                    let span = self.span_from(&start);
                    args.push(Arg::Pos(Expr {
                        kind: ExprKind::ListComp(Box::new(e), comps),
                        span,
                    }));
                } else {
                    if matches!(args.last(), Some(Arg::Kw(..))) {
                        return Err(SyntaxError::new(
                            "positional argument follows keyword argument",
                            start.line,
                            start.col,
                        ));
                    }
                    args.push(Arg::Pos(e));
                }
            }
            if !self.eat_op(",") {
                break;
            }
        }
        Ok(args)
    }

    fn subscript(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.cur().clone();
        let first = self.slice_item()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = alloc::vec![first];
        while self.eat_op(",") {
            if self.is_op("]") {
                break;
            }
            items.push(self.slice_item()?);
        }
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            span: self.span_from(&start),
        })
    }

    fn slice_item(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.cur().clone();
        let lo = if self.is_op(":") {
            None
        } else {
            Some(self.expr()?)
        };
        if !self.eat_op(":") {
            return lo.ok_or_else(|| self.error_here());
        }
        let hi = if self.is_op(":") || self.is_op("]") || self.is_op(",") {
            None
        } else {
            Some(self.expr()?)
        };
        let step = if self.eat_op(":") && !self.is_op("]") && !self.is_op(",") {
            Some(self.expr()?)
        } else {
            None
        };
        Ok(Expr {
            kind: ExprKind::Slice(lo.map(Box::new), hi.map(Box::new), step.map(Box::new)),
            span: self.span_from(&start),
        })
    }

    fn comp_for(&mut self) -> Result<Vec<Comp>, SyntaxError> {
        let mut comps = Vec::new();
        while self.eat_kw("for") {
            let target = self.target_list()?;
            if !self.eat_kw("in") {
                return Err(self.error_here());
            }
            let iter = self.or_expr()?;
            let mut ifs = Vec::new();
            while self.eat_kw("if") {
                ifs.push(self.or_expr()?);
            }
            comps.push(Comp { target, iter, ifs });
        }
        Ok(comps)
    }

    fn atom(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.cur().clone();
        let kind = match start.tok.clone() {
            Tok::Int(v) => {
                self.pos += 1;
                ExprKind::Int(v)
            }
            Tok::Float(v) => {
                self.pos += 1;
                ExprKind::Float(v)
            }
            Tok::Str { .. } => return self.strings(),
            Tok::Name(n) => match n.as_str() {
                "True" => {
                    self.pos += 1;
                    ExprKind::True
                }
                "False" => {
                    self.pos += 1;
                    ExprKind::False
                }
                "None" => {
                    self.pos += 1;
                    ExprKind::None
                }
                _ if KEYWORDS.contains(&n.as_str()) => return Err(self.error_here()),
                _ => {
                    self.pos += 1;
                    ExprKind::Name(n)
                }
            },
            Tok::Op("...") => {
                self.pos += 1;
                ExprKind::Ellipsis
            }
            Tok::Op("(") => {
                self.pos += 1;
                if self.eat_op(")") {
                    ExprKind::Tuple(Vec::new())
                } else {
                    let first = self.star_or_named()?;
                    if self.is_kw("for") {
                        let comps = self.comp_for()?;
                        self.expect_op(")")?;
                        ExprKind::ListComp(Box::new(first), comps)
                    } else if self.eat_op(")") {
                        // A parenthesized expression keeps its inner span
                        // for carets, as CPython's does.
                        return Ok(first);
                    } else {
                        let mut items = alloc::vec![first];
                        while self.eat_op(",") {
                            if self.is_op(")") {
                                break;
                            }
                            items.push(self.star_or_named()?);
                        }
                        self.expect_op(")")?;
                        ExprKind::Tuple(items)
                    }
                }
            }
            Tok::Op("[") => {
                self.pos += 1;
                if self.eat_op("]") {
                    ExprKind::List(Vec::new())
                } else {
                    let first = self.star_or_named()?;
                    if self.is_kw("for") {
                        let comps = self.comp_for()?;
                        self.expect_op("]")?;
                        ExprKind::ListComp(Box::new(first), comps)
                    } else {
                        let mut items = alloc::vec![first];
                        while self.eat_op(",") {
                            if self.is_op("]") {
                                break;
                            }
                            items.push(self.star_or_named()?);
                        }
                        self.expect_op("]")?;
                        ExprKind::List(items)
                    }
                }
            }
            Tok::Op("{") => {
                self.pos += 1;
                if self.eat_op("}") {
                    ExprKind::Dict(Vec::new())
                } else {
                    let k = self.expr()?;
                    if self.eat_op(":") {
                        let v = self.expr()?;
                        if self.is_kw("for") {
                            let comps = self.comp_for()?;
                            self.expect_op("}")?;
                            ExprKind::DictComp(Box::new(k), Box::new(v), comps)
                        } else {
                            let mut items = alloc::vec![(k, v)];
                            while self.eat_op(",") {
                                if self.is_op("}") {
                                    break;
                                }
                                let k = self.expr()?;
                                self.expect_op(":")?;
                                items.push((k, self.expr()?));
                            }
                            self.expect_op("}")?;
                            ExprKind::Dict(items)
                        }
                    } else if self.is_kw("for") {
                        let comps = self.comp_for()?;
                        self.expect_op("}")?;
                        ExprKind::SetComp(Box::new(k), comps)
                    } else {
                        let mut items = alloc::vec![k];
                        while self.eat_op(",") {
                            if self.is_op("}") {
                                break;
                            }
                            items.push(self.expr()?);
                        }
                        self.expect_op("}")?;
                        ExprKind::Set(items)
                    }
                }
            }
            _ => return Err(self.error_here()),
        };
        Ok(Expr {
            kind,
            span: self.span_from(&start),
        })
    }

    fn star_or_named(&mut self) -> Result<Expr, SyntaxError> {
        if self.is_op("*") {
            return self.star_or_expr();
        }
        self.named_expr()
    }

    /// Adjacent string literals, concatenated.
    fn strings(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.cur().clone();
        let mut parts: Vec<FPart> = Vec::new();
        let mut bytes: Option<Vec<u8>> = None;
        let mut any_f = false;
        let mut any_str = false;
        while let Tok::Str {
            text,
            bytes: b,
            fstring,
        } = self.peek().clone()
        {
            let t = self.bump();
            if b {
                if any_str {
                    return Err(SyntaxError::new(
                        "cannot mix bytes and nonbytes literals",
                        start.line,
                        start.col,
                    ));
                }
                bytes
                    .get_or_insert_with(Vec::new)
                    .extend(text.chars().map(|c| c as u32 as u8));
                continue;
            }
            if bytes.is_some() {
                return Err(SyntaxError::new(
                    "cannot mix bytes and nonbytes literals",
                    start.line,
                    start.col,
                ));
            }
            any_str = true;
            if fstring {
                any_f = true;
                parts.extend(fstring_parts(&text, t.line)?);
            } else {
                parts.push(FPart::Lit(text));
            }
        }
        let kind = if let Some(b) = bytes {
            ExprKind::Bytes(b)
        } else if any_f {
            ExprKind::FString(parts)
        } else {
            let mut s = String::new();
            for p in parts {
                if let FPart::Lit(l) = p {
                    s.push_str(&l);
                }
            }
            ExprKind::Str(s)
        };
        Ok(Expr {
            kind,
            span: self.span_from(&start),
        })
    }
}

fn unreachable_decorator() -> StmtKind {
    StmtKind::Pass
}

/// Splits an f-string's raw text into literals and replacement fields.
fn fstring_parts(raw: &str, line: u32) -> Result<Vec<FPart>, SyntaxError> {
    let chars: Vec<char> = raw.chars().collect();
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '{' if chars.get(i + 1) == Some(&'{') => {
                lit.push('{');
                i += 2;
            }
            '}' if chars.get(i + 1) == Some(&'}') => {
                lit.push('}');
                i += 2;
            }
            '}' => {
                return Err(SyntaxError::new(
                    "f-string: single '}' is not allowed",
                    line,
                    0,
                ));
            }
            '{' => {
                if !lit.is_empty() {
                    parts.push(FPart::Lit(unescape(&core::mem::take(&mut lit))));
                }
                // Find the end of the expression: depth-aware, skipping strings.
                let mut j = i + 1;
                let mut depth = 0i32;
                let mut quote: Option<char> = None;
                let mut expr_end = None;
                let mut conv = None;
                while let Some(&d) = chars.get(j) {
                    if let Some(q) = quote {
                        if d == q {
                            quote = None;
                        }
                        j += 1;
                        continue;
                    }
                    match d {
                        '\'' | '"' => quote = Some(d),
                        '(' | '[' | '{' => depth += 1,
                        ')' | ']' => depth -= 1,
                        '}' if depth > 0 => depth -= 1,
                        '}' | ':' if depth == 0 => break,
                        '!' if depth == 0 && chars.get(j + 1) != Some(&'=') => {
                            expr_end = Some(j);
                            conv = chars.get(j + 1).copied();
                            j += 2;
                            break;
                        }
                        _ => {}
                    }
                    j += 1;
                }
                let end = expr_end.unwrap_or(j);
                let mut src: String = chars.get(i + 1..end).unwrap_or_default().iter().collect();
                let mut self_doc = None;
                if src.trim_end().ends_with('=') && !src.trim_end().ends_with("==") {
                    let t = src.trim_end();
                    self_doc = Some(String::from(t));
                    src = String::from(t.get(..t.len() - 1).unwrap_or_default());
                }
                if src.trim().is_empty() {
                    return Err(SyntaxError::new(
                        "f-string: empty expression not allowed",
                        line,
                        0,
                    ));
                }
                let expr = parse_expr_text(&src, line)?;
                let mut spec = Vec::new();
                if chars.get(j) == Some(&':') {
                    let mut k = j + 1;
                    let mut d = 0;
                    while let Some(&c) = chars.get(k) {
                        match c {
                            '{' => d += 1,
                            '}' if d == 0 => break,
                            '}' => d -= 1,
                            _ => {}
                        }
                        k += 1;
                    }
                    let spec_src: String = chars.get(j + 1..k).unwrap_or_default().iter().collect();
                    spec = fstring_parts(&spec_src, line)?;
                    j = k;
                }
                if chars.get(j) != Some(&'}') {
                    return Err(SyntaxError::new("f-string: expecting '}'", line, 0));
                }
                if let Some(doc) = self_doc {
                    parts.push(FPart::Lit(doc));
                    if conv.is_none() && spec.is_empty() {
                        conv = Some('r');
                    }
                }
                parts.push(FPart::Expr {
                    expr: Box::new(expr),
                    conv,
                    spec,
                });
                i = j + 1;
            }
            _ => {
                lit.push(c);
                i += 1;
            }
        }
    }
    if !lit.is_empty() {
        parts.push(FPart::Lit(unescape(&lit)));
    }
    Ok(parts)
}

/// The escapes of an f-string's literal parts (kept raw by the tokenizer).
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('\\') => out.push('\\'),
            Some('\'') => out.push('\''),
            Some('"') => out.push('"'),
            Some('x') => {
                let h: String = [it.next(), it.next()].iter().flatten().collect();
                out.push(
                    u32::from_str_radix(&h, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .unwrap_or('\u{fffd}'),
                );
            }
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    out
}

const BP_BITOR: u8 = 1;

fn binop(op: &str) -> Option<(u8, BinOp)> {
    Some(match op {
        "|" => (1, BinOp::BitOr),
        "^" => (2, BinOp::BitXor),
        "&" => (3, BinOp::BitAnd),
        "<<" => (4, BinOp::LShift),
        ">>" => (4, BinOp::RShift),
        "+" => (5, BinOp::Add),
        "-" => (5, BinOp::Sub),
        "*" => (6, BinOp::Mul),
        "/" => (6, BinOp::Div),
        "//" => (6, BinOp::FloorDiv),
        "%" => (6, BinOp::Mod),
        "@" => (6, BinOp::MatMul),
        _ => return None,
    })
}

fn aug_op(op: &str) -> Option<BinOp> {
    Some(match op {
        "+=" => BinOp::Add,
        "-=" => BinOp::Sub,
        "*=" => BinOp::Mul,
        "/=" => BinOp::Div,
        "//=" => BinOp::FloorDiv,
        "%=" => BinOp::Mod,
        "**=" => BinOp::Pow,
        "<<=" => BinOp::LShift,
        ">>=" => BinOp::RShift,
        "&=" => BinOp::BitAnd,
        "|=" => BinOp::BitOr,
        "^=" => BinOp::BitXor,
        _ => return None,
    })
}

fn aug_op_tok(t: &Tok) -> bool {
    matches!(t, Tok::Op(o) if aug_op(o).is_some())
}

/// CPython's "cannot assign to ..." for a target that is not one.
fn check_target(e: &Expr) -> Result<(), SyntaxError> {
    let what = match &e.kind {
        ExprKind::Name(_) | ExprKind::Attr(..) | ExprKind::Subscript(..) => return Ok(()),
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            for i in items {
                check_target(i)?;
            }
            return Ok(());
        }
        ExprKind::Starred(inner) => return check_target(inner),
        ExprKind::Call(..) => "function call",
        ExprKind::Int(_) | ExprKind::Float(_) | ExprKind::Str(_) | ExprKind::Bytes(_) => "literal",
        ExprKind::True | ExprKind::False | ExprKind::None => {
            let name = match e.kind {
                ExprKind::True => "True",
                ExprKind::False => "False",
                _ => "None",
            };
            let mut err =
                SyntaxError::new(format!("cannot assign to {name}"), e.span.line, e.span.col);
            err.end_col = e.span.end_col + 1;
            return Err(err);
        }
        ExprKind::Bin(..) | ExprKind::Unary(..) => "expression",
        ExprKind::Compare(..) => "comparison",
        ExprKind::FString(_) => "f-string expression",
        _ => "expression",
    };
    let mut err = SyntaxError::new(
        format!("cannot assign to {what} here. Maybe you meant '==' instead of '='?"),
        e.span.line,
        e.span.col,
    );
    if what == "function call" || what == "expression" || what == "comparison" {
        err.msg = format!("cannot assign to {what} here. Maybe you meant '==' instead of '='?");
    }
    err.end_col = e.span.end_col + 1;
    Ok(()).and(Err(err))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_server() {
        let src = "import socket\nwith socket.socket() as s:\n    s.bind(('127.0.0.2', 9000))\n    s.listen()\n    while True:\n        c, a = s.accept()\n        print(f'{a[0]}:{a[1]!r:>5}')\n";
        assert!(parse(src).is_ok());
    }

    #[test]
    fn expected_block() {
        let e = parse("if True:\nx=1").err();
        assert_eq!(
            e.map(|e| (e.kind, e.msg)),
            Some((
                "IndentationError",
                "expected an indented block after 'if' statement on line 1".to_string()
            ))
        );
    }
}
