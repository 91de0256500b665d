//! The compiler: the syntax tree to bytecode, one [`Code`] per module,
//! function and class body. Names resolve as CPython's symbol table does
//! for the subset: a function's locals are the names it assigns (unless
//! declared `global`), the rest are globals or builtins; a nested
//! function captures what it reads of its enclosing functions' locals
//! when it is made. Comprehensions run inline with their own hidden
//! variables, so their loop variables do not leak. `finally` blocks and
//! `with` exits are copied before each `return`, `break` and `continue`
//! that leaves them, as CPython 3.11 does.

use alloc::collections::BTreeSet;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::ast::*;
use super::lexer::SyntaxError;
use super::value::Value;
use super::value::{Capture, Code, Kind, Loc, Op};

/// Compiles a module.
pub(crate) fn compile_module(
    body: &[Stmt],
    filename: Rc<str>,
    source: Option<Rc<Vec<String>>>,
    interactive: bool,
) -> Result<Rc<Code>, SyntaxError> {
    let mut c = Compiler {
        scopes: Vec::new(),
        filename,
        source,
        counter: 0,
        interactive,
    };
    c.push_scope(
        Kind::Module,
        "<module>",
        "<module>",
        BTreeSet::new(),
        BTreeSet::new(),
    );
    c.stmts(body)?;
    c.emit_const(Value::None, Span::default());
    c.emit(Op::Return, Span::default());
    Ok(c.pop_scope())
}

#[derive(Clone)]
enum Block {
    Loop {
        head: usize,
        breaks: Vec<usize>,
        for_loop: bool,
    },
    Finally(Rc<Vec<Stmt>>),
    With(String),
    Handler,
    /// A `try` body guarded by an `except` (its block is popped on exit).
    Except,
}

struct Scope {
    kind: Kind,
    code: Code,
    /// Names that are locals of this function.
    local_set: BTreeSet<String>,
    globals: BTreeSet<String>,
    blocks: Vec<Block>,
    /// Comprehension variables renamed to hidden ones.
    renames: Vec<(String, String)>,
}

struct Compiler {
    scopes: Vec<Scope>,
    filename: Rc<str>,
    source: Option<Rc<Vec<String>>>,
    counter: u32,
    interactive: bool,
}

fn loc(span: Span) -> Loc {
    Loc {
        line: span.line,
        col: span.col,
        end_line: span.end_line,
        end_col: span.end_col,
        anchor: None,
    }
}

fn err(msg: &str, span: Span) -> SyntaxError {
    SyntaxError::new(msg, span.line, span.col)
}

impl Compiler {
    fn push_scope(
        &mut self,
        kind: Kind,
        name: &str,
        qualname: &str,
        locals: BTreeSet<String>,
        globals: BTreeSet<String>,
    ) {
        self.scopes.push(Scope {
            kind,
            code: Code {
                name: Rc::from(name),
                qualname: Rc::from(qualname),
                filename: self.filename.clone(),
                source: self.source.clone(),
                args: Vec::new(),
                varargs: false,
                kwonly: Vec::new(),
                kwargs: false,
                locals: Vec::new(),
                captures: Vec::new(),
                consts: Vec::new(),
                names: Vec::new(),
                ops: Vec::new(),
                locs: Vec::new(),
            },
            local_set: locals,
            globals,
            blocks: Vec::new(),
            renames: Vec::new(),
        });
    }

    fn pop_scope(&mut self) -> Rc<Code> {
        match self.scopes.pop() {
            Some(s) => Rc::new(s.code),
            None => Rc::new(Code {
                name: Rc::from(""),
                qualname: Rc::from(""),
                filename: self.filename.clone(),
                source: None,
                args: Vec::new(),
                varargs: false,
                kwonly: Vec::new(),
                kwargs: false,
                locals: Vec::new(),
                captures: Vec::new(),
                consts: Vec::new(),
                names: Vec::new(),
                ops: Vec::new(),
                locs: Vec::new(),
            }),
        }
    }

    fn scope(&mut self) -> &mut Scope {
        let n = self.scopes.len();
        #[allow(clippy::expect_used)]
        self.scopes
            .get_mut(n.wrapping_sub(1))
            .expect("a scope is always open while compiling")
    }

    fn here(&mut self) -> usize {
        self.scope().code.ops.len()
    }

    fn emit(&mut self, op: Op, span: Span) -> usize {
        let s = self.scope();
        s.code.ops.push(op);
        s.code.locs.push(loc(span));
        s.code.ops.len() - 1
    }

    fn emit_loc(&mut self, op: Op, l: Loc) {
        let s = self.scope();
        s.code.ops.push(op);
        s.code.locs.push(l);
    }

    fn patch(&mut self, at: usize, target: usize) {
        let t = target as u32;
        if let Some(op) = self.scope().code.ops.get_mut(at) {
            *op = match *op {
                Op::Jump(_) => Op::Jump(t),
                Op::PopJumpIfFalse(_) => Op::PopJumpIfFalse(t),
                Op::PopJumpIfTrue(_) => Op::PopJumpIfTrue(t),
                Op::JumpIfFalseOrPop(_) => Op::JumpIfFalseOrPop(t),
                Op::JumpIfTrueOrPop(_) => Op::JumpIfTrueOrPop(t),
                Op::ForIter(_) => Op::ForIter(t),
                Op::SetupExcept(_) => Op::SetupExcept(t),
                Op::SetupFinally(_) => Op::SetupFinally(t),
                other => other,
            };
        }
    }

    fn patch_here(&mut self, at: usize) {
        let h = self.here();
        self.patch(at, h);
    }

    fn const_index(&mut self, v: Value) -> u32 {
        let consts = &mut self.scope().code.consts;
        consts.push(v);
        (consts.len() - 1) as u32
    }

    fn emit_const(&mut self, v: Value, span: Span) {
        let i = self.const_index(v);
        self.emit(Op::Const(i), span);
    }

    fn name_index(&mut self, name: &str) -> u32 {
        let names = &mut self.scope().code.names;
        if let Some(i) = names.iter().position(|n| &**n == name) {
            return i as u32;
        }
        names.push(Rc::from(name));
        (names.len() - 1) as u32
    }

    fn local_index(&mut self, name: &str) -> u32 {
        let locals = &mut self.scope().code.locals;
        if let Some(i) = locals.iter().position(|n| &**n == name) {
            return i as u32;
        }
        locals.push(Rc::from(name));
        (locals.len() - 1) as u32
    }

    fn hidden(&mut self, what: &str) -> String {
        self.counter += 1;
        format!("{what}@{}", self.counter)
    }

    fn renamed(&self, name: &str) -> String {
        if let Some(s) = self.scopes.last() {
            for (from, to) in s.renames.iter().rev() {
                if from == name {
                    return to.clone();
                }
            }
        }
        String::from(name)
    }

    fn is_function(&self) -> bool {
        self.scopes.last().is_some_and(|s| s.kind == Kind::Function)
    }

    /// How a name is read here.
    fn load_name(&mut self, name: &str, span: Span) {
        let name = self.renamed(name);
        let (kind, is_local, is_global) = match self.scopes.last() {
            Some(s) => (
                s.kind,
                s.local_set.contains(&name) || name.contains('@'),
                s.globals.contains(&name),
            ),
            None => return,
        };
        match kind {
            Kind::Function if is_local && !is_global => {
                let i = self.local_index(&name);
                self.emit(Op::LoadLocal(i), span);
            }
            Kind::Function if !is_global => {
                if let Some(i) = self.capture(self.scopes.len() - 1, &name) {
                    self.emit(Op::LoadCaptured(i), span);
                } else {
                    let i = self.name_index(&name);
                    self.emit(Op::LoadGlobal(i), span);
                }
            }
            Kind::Function => {
                let i = self.name_index(&name);
                self.emit(Op::LoadGlobal(i), span);
            }
            _ if name.contains('@') && kind == Kind::Class => {
                let i = self.name_index(&name);
                self.emit(Op::LoadName(i), span);
            }
            _ => {
                let i = self.name_index(&name);
                self.emit(Op::LoadName(i), span);
            }
        }
    }

    /// The index in scope `depth`'s captures of `name`, taken from an
    /// enclosing function, if any encloses it.
    fn capture(&mut self, depth: usize, name: &str) -> Option<u32> {
        let scope = self.scopes.get(depth)?;
        if let Some(i) = scope.code.captures.iter().position(|(n, _)| &**n == name) {
            return Some(i as u32);
        }
        // The nearest enclosing function scope (class bodies are skipped).
        let mut parent = depth;
        loop {
            parent = parent.checked_sub(1)?;
            let p = self.scopes.get(parent)?;
            match p.kind {
                Kind::Function => break,
                Kind::Class => continue,
                Kind::Module => return None,
            }
        }
        let p = self.scopes.get(parent)?;
        let src = if p.local_set.contains(name) && !p.globals.contains(name) {
            let i = match p.code.locals.iter().position(|n| &**n == name) {
                Some(i) => i as u32,
                None => {
                    let s = self.scopes.get_mut(parent)?;
                    s.code.locals.push(Rc::from(name));
                    (s.code.locals.len() - 1) as u32
                }
            };
            Capture::Local(i)
        } else if p.globals.contains(name) {
            return None;
        } else {
            Capture::Captured(self.capture(parent, name)?)
        };
        let s = self.scopes.get_mut(depth)?;
        s.code.captures.push((Rc::from(name), src));
        Some((s.code.captures.len() - 1) as u32)
    }

    fn store_name(&mut self, name: &str, span: Span) {
        let name = self.renamed(name);
        let (kind, is_global) = match self.scopes.last() {
            Some(s) => (s.kind, s.globals.contains(&name)),
            None => return,
        };
        if kind == Kind::Function && !is_global {
            let i = self.local_index(&name);
            self.emit(Op::StoreLocal(i), span);
        } else if kind == Kind::Function || is_global {
            let i = self.name_index(&name);
            self.emit(Op::StoreGlobal(i), span);
        } else {
            let i = self.name_index(&name);
            self.emit(Op::StoreName(i), span);
        }
    }

    fn del_name(&mut self, name: &str, span: Span) {
        let (kind, is_global) = match self.scopes.last() {
            Some(s) => (s.kind, s.globals.contains(name)),
            None => return,
        };
        if kind == Kind::Function && !is_global {
            let i = self.local_index(name);
            self.emit(Op::DelLocal(i), span);
        } else if is_global {
            let i = self.name_index(name);
            self.emit(Op::DelGlobal(i), span);
        } else {
            let i = self.name_index(name);
            self.emit(Op::DelName(i), span);
        }
    }

    // ----- statements -----

    fn stmts(&mut self, body: &[Stmt]) -> Result<(), SyntaxError> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> Result<(), SyntaxError> {
        let span = s.span;
        match &s.kind {
            StmtKind::Expr(e) => {
                self.expr(e)?;
                if self.interactive && self.scopes.len() == 1 {
                    self.emit(Op::PrintExpr, span);
                } else {
                    self.emit(Op::Pop, span);
                }
            }
            StmtKind::Assign(targets, value) => {
                self.expr(value)?;
                let n = targets.len();
                for (k, t) in targets.iter().enumerate() {
                    if k + 1 < n {
                        self.emit(Op::Dup, span);
                    }
                    self.store(t)?;
                }
            }
            StmtKind::AugAssign(target, op, value) => self.aug_assign(target, *op, value, span)?,
            StmtKind::AnnAssign(target, value) => {
                if let Some(v) = value {
                    self.expr(v)?;
                    self.store(target)?;
                }
            }
            StmtKind::If(cond, body, orelse) => {
                self.expr(cond)?;
                let j = self.emit(Op::PopJumpIfFalse(0), cond.span);
                self.stmts(body)?;
                if orelse.is_empty() {
                    self.patch_here(j);
                } else {
                    let end = self.emit(Op::Jump(0), span);
                    self.patch_here(j);
                    self.stmts(orelse)?;
                    self.patch_here(end);
                }
            }
            StmtKind::While(cond, body, orelse) => {
                let head = self.here();
                self.expr(cond)?;
                let exit = self.emit(Op::PopJumpIfFalse(0), cond.span);
                self.scope().blocks.push(Block::Loop {
                    head,
                    breaks: Vec::new(),
                    for_loop: false,
                });
                self.stmts(body)?;
                self.emit(Op::Jump(head as u32), span);
                let breaks = self.pop_loop();
                self.patch_here(exit);
                self.stmts(orelse)?;
                for b in breaks {
                    self.patch_here(b);
                }
            }
            StmtKind::For(target, iter, body, orelse) => {
                self.expr(iter)?;
                self.emit(Op::GetIter, iter.span);
                let head = self.here();
                let exit = self.emit(Op::ForIter(0), iter.span);
                self.store(target)?;
                self.scope().blocks.push(Block::Loop {
                    head,
                    breaks: Vec::new(),
                    for_loop: true,
                });
                self.stmts(body)?;
                self.emit(Op::Jump(head as u32), span);
                let breaks = self.pop_loop();
                self.patch_here(exit);
                self.stmts(orelse)?;
                for b in breaks {
                    self.patch_here(b);
                }
            }
            StmtKind::Break | StmtKind::Continue => {
                let is_break = matches!(s.kind, StmtKind::Break);
                let blocks = self.scope().blocks.clone();
                let Some(li) = blocks.iter().rposition(|b| matches!(b, Block::Loop { .. })) else {
                    let what = if is_break {
                        "'break' outside loop"
                    } else {
                        "'continue' not properly in loop"
                    };
                    return Err(err(what, span));
                };
                self.unwind_blocks(li + 1, span)?;
                let (head, for_loop) = match blocks.get(li) {
                    Some(Block::Loop { head, for_loop, .. }) => (*head, *for_loop),
                    _ => (0, false),
                };
                if is_break {
                    if for_loop {
                        self.emit(Op::Pop, span);
                    }
                    let j = self.emit(Op::Jump(0), span);
                    if let Some(Block::Loop { breaks, .. }) = self.scope().blocks.get_mut(li) {
                        breaks.push(j);
                    }
                } else {
                    self.emit(Op::Jump(head as u32), span);
                }
            }
            StmtKind::Pass => {}
            StmtKind::Return(v) => {
                if !self.is_function() {
                    return Err(err("'return' outside function", span));
                }
                match v {
                    Some(e) => self.expr(e)?,
                    None => self.emit_const(Value::None, span),
                }
                // The loops' iterators are dropped with the frame.
                self.unwind_blocks(0, span)?;
                self.emit(Op::Return, span);
            }
            StmtKind::Def(def) => {
                self.funcdef(def, span)?;
            }
            StmtKind::Class {
                name,
                bases,
                body,
                decorators,
            } => {
                for d in decorators {
                    self.expr(d)?;
                }
                for b in bases {
                    self.expr(b)?;
                }
                let qual = self.qualname(name);
                self.push_scope(Kind::Class, name, &qual, BTreeSet::new(), BTreeSet::new());
                self.stmts(body)?;
                self.emit_const(Value::None, span);
                self.emit(Op::Return, span);
                let code = self.pop_scope();
                let ci = self.const_index(Value::Code(code));
                let ni = self.const_index(Value::str(name));
                self.emit(Op::Const(ni), span);
                self.emit(
                    Op::MakeClass {
                        code: ci,
                        bases: bases.len() as u32,
                    },
                    span,
                );
                for d in decorators.iter().rev() {
                    self.emit(
                        Op::Call {
                            argc: 1,
                            kw: 0,
                            names: 0,
                        },
                        d.span,
                    );
                }
                self.store_name(name, span);
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.try_stmt(body, handlers, orelse, finalbody, span)?;
            }
            StmtKind::With(items, body) => self.with_stmt(items, body, span)?,
            StmtKind::Raise(exc, cause) => {
                let n = match (exc, cause) {
                    (None, _) => 0,
                    (Some(e), None) => {
                        self.expr(e)?;
                        1
                    }
                    (Some(e), Some(c)) => {
                        self.expr(e)?;
                        self.expr(c)?;
                        2
                    }
                };
                self.emit(Op::Raise(n), span);
            }
            StmtKind::Import(names) => {
                for (name, alias) in names {
                    let i = self.name_index(name);
                    self.emit(Op::Import(i), span);
                    match alias {
                        Some(a) => {
                            // `import a.b as c` binds the submodule.
                            for part in name.split('.').skip(1) {
                                let pi = self.name_index(part);
                                self.emit(Op::LoadAttr(pi), span);
                            }
                            self.store_name(a, span);
                        }
                        None => {
                            let top = name.split('.').next().unwrap_or(name);
                            self.store_name(top, span);
                        }
                    }
                }
            }
            StmtKind::ImportFrom(module, names) => {
                let i = self.name_index(module);
                self.emit(Op::Import(i), span);
                for part in module.split('.').skip(1) {
                    let pi = self.name_index(part);
                    self.emit(Op::LoadAttr(pi), span);
                }
                if names.first().is_some_and(|(n, _)| n == "*") {
                    if self.is_function() {
                        return Err(err("import * only allowed at module level", span));
                    }
                    self.emit(Op::ImportStar, span);
                } else {
                    for (name, alias) in names {
                        let ni = self.name_index(name);
                        self.emit(Op::ImportFrom(ni), span);
                        self.store_name(alias.as_deref().unwrap_or(name), span);
                    }
                    self.emit(Op::Pop, span);
                }
            }
            StmtKind::Global(_) => {}
            StmtKind::Nonlocal(names) => {
                if !self.is_function() {
                    return Err(err(
                        "nonlocal declaration not allowed at module level",
                        span,
                    ));
                }
                if let Some(n) = names.first() {
                    return Err(err(&format!("no binding for nonlocal '{n}' found"), span));
                }
            }
            StmtKind::Del(targets) => {
                for t in targets {
                    self.delete(t)?;
                }
            }
            StmtKind::Assert(test, msg) => {
                self.expr(test)?;
                let j = self.emit(Op::PopJumpIfTrue(0), span);
                // CPython 3.11 places the failure on the test expression.
                match msg {
                    Some(m) => {
                        self.expr(m)?;
                        self.emit(Op::AssertFail(true), test.span);
                    }
                    None => {
                        self.emit(Op::AssertFail(false), test.span);
                    }
                }
                self.patch_here(j);
            }
        }
        Ok(())
    }

    fn qualname(&self, name: &str) -> String {
        let mut parts = Vec::new();
        for s in self.scopes.iter().skip(1) {
            parts.push(String::from(&*s.code.name));
            if s.kind == Kind::Function {
                parts.push(String::from("<locals>"));
            }
        }
        parts.push(String::from(name));
        parts.join(".")
    }

    fn pop_loop(&mut self) -> Vec<usize> {
        match self.scope().blocks.pop() {
            Some(Block::Loop { breaks, .. }) => breaks,
            _ => Vec::new(),
        }
    }

    /// Leaves the blocks from index `from` up (innermost last) on the way
    /// to a jump or return: pops their runtime blocks and runs their exits.
    fn unwind_blocks(&mut self, from: usize, span: Span) -> Result<(), SyntaxError> {
        let saved = self.scope().blocks.clone();
        for i in (from..saved.len()).rev() {
            match saved.get(i) {
                Some(Block::Loop { .. }) | None => {}
                Some(Block::Except) => {
                    self.emit(Op::PopBlock, span);
                }
                Some(Block::Handler) => {
                    self.emit(Op::PopExcept, span);
                }
                Some(Block::Finally(body)) => {
                    self.emit(Op::PopBlock, span);
                    // The finally body runs outside the blocks it guards.
                    self.scope().blocks = saved.get(..i).unwrap_or_default().to_vec();
                    let r = self.stmts(body);
                    self.scope().blocks = saved.clone();
                    r?;
                }
                Some(Block::With(cm)) => {
                    self.emit(Op::PopBlock, span);
                    self.with_exit_normal(cm, span);
                }
            }
        }
        Ok(())
    }

    fn with_exit_normal(&mut self, cm: &str, span: Span) {
        self.load_name(cm, span);
        let i = self.name_index("__exit__");
        self.emit(Op::LoadAttr(i), span);
        for _ in 0..3 {
            self.emit_const(Value::None, span);
        }
        self.emit(
            Op::Call {
                argc: 3,
                kw: 0,
                names: 0,
            },
            span,
        );
        self.emit(Op::Pop, span);
    }

    fn try_stmt(
        &mut self,
        body: &[Stmt],
        handlers: &[Handler],
        orelse: &[Stmt],
        finalbody: &[Stmt],
        span: Span,
    ) -> Result<(), SyntaxError> {
        let fin = if finalbody.is_empty() {
            None
        } else {
            let f = self.emit(Op::SetupFinally(0), span);
            self.scope()
                .blocks
                .push(Block::Finally(Rc::new(finalbody.to_vec())));
            Some(f)
        };
        if handlers.is_empty() {
            self.stmts(body)?;
        } else {
            let setup = self.emit(Op::SetupExcept(0), span);
            self.scope().blocks.push(Block::Except);
            self.stmts(body)?;
            self.scope().blocks.pop();
            self.emit(Op::PopBlock, span);
            self.stmts(orelse)?;
            let done = self.emit(Op::Jump(0), span);
            self.patch_here(setup);
            let mut ends = alloc::vec![done];
            for h in handlers {
                let next = match &h.class {
                    Some(c) => {
                        self.emit(Op::Dup, h.span);
                        self.expr(c)?;
                        self.emit(Op::ExcMatch, c.span);
                        Some(self.emit(Op::PopJumpIfFalse(0), c.span))
                    }
                    None => None,
                };
                match &h.name {
                    Some(n) => self.store_name(n, h.span),
                    None => {
                        self.emit(Op::Pop, h.span);
                    }
                }
                self.scope().blocks.push(Block::Handler);
                self.stmts(&h.body)?;
                self.scope().blocks.pop();
                self.emit(Op::PopExcept, h.span);
                if let Some(n) = &h.name {
                    self.emit_const(Value::None, h.span);
                    self.store_name(n, h.span);
                    self.del_name(n, h.span);
                }
                ends.push(self.emit(Op::Jump(0), h.span));
                if let Some(j) = next {
                    self.patch_here(j);
                }
            }
            self.emit(Op::PopExcept, span);
            self.emit(Op::Reraise, span);
            for e in ends {
                self.patch_here(e);
            }
        }
        if let Some(f) = fin {
            self.scope().blocks.pop();
            self.emit(Op::PopBlock, span);
            self.stmts(finalbody)?;
            let end = self.emit(Op::Jump(0), span);
            self.patch_here(f);
            self.stmts(finalbody)?;
            self.emit(Op::Reraise, span);
            self.patch_here(end);
        }
        Ok(())
    }

    fn with_stmt(
        &mut self,
        items: &[(Expr, Option<Expr>)],
        body: &[Stmt],
        span: Span,
    ) -> Result<(), SyntaxError> {
        let Some(((e, target), rest)) = items.split_first() else {
            return self.stmts(body);
        };
        let cm = self.hidden("cm");
        if self.is_function() {
            self.scope().local_set.insert(cm.clone());
        }
        self.expr(e)?;
        self.store_name(&cm, e.span);
        self.load_name(&cm, e.span);
        let enter = self.name_index("__enter__");
        self.emit(Op::LoadAttr(enter), e.span);
        self.emit(
            Op::Call {
                argc: 0,
                kw: 0,
                names: 0,
            },
            e.span,
        );
        match target {
            Some(t) => self.store(t)?,
            None => {
                self.emit(Op::Pop, e.span);
            }
        }
        let setup = self.emit(Op::SetupFinally(0), span);
        self.scope().blocks.push(Block::With(cm.clone()));
        if rest.is_empty() {
            self.stmts(body)?;
        } else {
            self.with_stmt(rest, body, span)?;
        }
        self.scope().blocks.pop();
        self.emit(Op::PopBlock, span);
        self.with_exit_normal(&cm, span);
        let end = self.emit(Op::Jump(0), span);
        self.patch_here(setup);
        // [exc] -> cm.__exit__(type(exc), exc, None)
        self.load_name(&cm, span);
        let exit = self.name_index("__exit__");
        self.emit(Op::LoadAttr(exit), span);
        self.emit(Op::Pick(1), span);
        self.emit(Op::TypeOf, span);
        self.emit(Op::Pick(2), span);
        self.emit_const(Value::None, span);
        self.emit(
            Op::Call {
                argc: 3,
                kw: 0,
                names: 0,
            },
            span,
        );
        let swallow = self.emit(Op::PopJumpIfTrue(0), span);
        self.emit(Op::Reraise, span);
        self.patch_here(swallow);
        self.emit(Op::Pop, span);
        self.patch_here(end);
        Ok(())
    }

    fn funcdef(&mut self, def: &FuncDef, span: Span) -> Result<(), SyntaxError> {
        for d in &def.decorators {
            self.expr(d)?;
        }
        let code = self.function_code(&def.name, &def.params, &def.body, None)?;
        self.make_function(code, &def.params, span)?;
        for d in def.decorators.iter().rev() {
            self.emit(
                Op::Call {
                    argc: 1,
                    kw: 0,
                    names: 0,
                },
                d.span,
            );
        }
        self.store_name(&def.name, span);
        Ok(())
    }

    fn make_function(
        &mut self,
        code: Rc<Code>,
        params: &Params,
        span: Span,
    ) -> Result<(), SyntaxError> {
        let mut nd = 0;
        for (_, d) in &params.args {
            if let Some(d) = d {
                self.expr(d)?;
                nd += 1;
            }
        }
        let mut nkw = 0;
        for (n, d) in &params.kwonly {
            if let Some(d) = d {
                self.emit_const(Value::str(n), span);
                self.expr(d)?;
                nkw += 1;
            }
        }
        let ci = self.const_index(Value::Code(code));
        self.emit(
            Op::MakeFunction {
                code: ci,
                defaults: nd,
                kwdefaults: nkw,
            },
            span,
        );
        Ok(())
    }

    fn function_code(
        &mut self,
        name: &str,
        params: &Params,
        body: &[Stmt],
        lambda: Option<&Expr>,
    ) -> Result<Rc<Code>, SyntaxError> {
        let mut locals = BTreeSet::new();
        let mut globals = BTreeSet::new();
        for (n, _) in params.args.iter().chain(params.kwonly.iter()) {
            locals.insert(n.clone());
        }
        locals.extend(params.varargs.iter().cloned());
        locals.extend(params.kwargs.iter().cloned());
        assigned(body, &mut locals, &mut globals, 0);
        for g in &globals {
            locals.remove(g);
        }
        let qual = self.qualname(name);
        self.push_scope(Kind::Function, name, &qual, locals, globals);
        for (n, _) in &params.args {
            self.local_index(n);
            self.scope().code.args.push(Rc::from(n.as_str()));
        }
        if let Some(v) = &params.varargs {
            self.local_index(v);
            self.scope().code.varargs = true;
        }
        for (n, _) in &params.kwonly {
            self.local_index(n);
            self.scope().code.kwonly.push(Rc::from(n.as_str()));
        }
        if let Some(k) = &params.kwargs {
            self.local_index(k);
            self.scope().code.kwargs = true;
        }
        match lambda {
            Some(e) => {
                self.expr(e)?;
                self.emit(Op::Return, e.span);
            }
            None => {
                self.stmts(body)?;
                self.emit_const(Value::None, Span::default());
                self.emit(Op::Return, Span::default());
            }
        }
        Ok(self.pop_scope())
    }

    fn aug_assign(
        &mut self,
        target: &Expr,
        op: BinOp,
        value: &Expr,
        span: Span,
    ) -> Result<(), SyntaxError> {
        let l = Loc {
            anchor: None,
            ..loc(span)
        };
        match &target.kind {
            ExprKind::Name(n) => {
                self.load_name(n, target.span);
                self.expr(value)?;
                self.emit_loc(Op::InPlace(op), l);
                self.store_name(n, target.span);
            }
            ExprKind::Attr(obj, name) => {
                self.expr(obj)?;
                self.emit(Op::Dup, span);
                let i = self.name_index(name);
                self.emit(Op::LoadAttr(i), target.span);
                self.expr(value)?;
                self.emit_loc(Op::InPlace(op), l);
                self.emit(Op::Rot2, span);
                self.emit(Op::StoreAttr(i), target.span);
            }
            ExprKind::Subscript(obj, idx) => {
                self.expr(obj)?;
                self.expr(idx)?;
                self.emit(Op::Pick(1), span);
                self.emit(Op::Pick(1), span);
                self.emit(Op::Subscr, target.span);
                self.expr(value)?;
                self.emit_loc(Op::InPlace(op), l);
                self.emit(Op::Rot3, span);
                self.emit(Op::StoreSubscr, target.span);
            }
            _ => {
                return Err(err(
                    "'expression' is an illegal expression for augmented assignment",
                    target.span,
                ));
            }
        }
        Ok(())
    }

    fn store(&mut self, t: &Expr) -> Result<(), SyntaxError> {
        match &t.kind {
            ExprKind::Name(n) => self.store_name(n, t.span),
            ExprKind::Attr(obj, name) => {
                self.expr(obj)?;
                let i = self.name_index(name);
                self.emit(Op::StoreAttr(i), t.span);
            }
            ExprKind::Subscript(obj, idx) => {
                self.expr(obj)?;
                self.expr(idx)?;
                self.emit(Op::StoreSubscr, t.span);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                if items.iter().any(|i| matches!(i.kind, ExprKind::Starred(_))) {
                    return Err(err(
                        "starred assignment target must be in a list or tuple",
                        t.span,
                    ));
                }
                self.emit(Op::Unpack(items.len() as u32), t.span);
                for i in items {
                    self.store(i)?;
                }
            }
            _ => return Err(err("cannot assign to expression", t.span)),
        }
        Ok(())
    }

    fn delete(&mut self, t: &Expr) -> Result<(), SyntaxError> {
        match &t.kind {
            ExprKind::Name(n) => self.del_name(n, t.span),
            ExprKind::Attr(obj, name) => {
                self.expr(obj)?;
                let i = self.name_index(name);
                self.emit(Op::DelAttr(i), t.span);
            }
            ExprKind::Subscript(obj, idx) => {
                self.expr(obj)?;
                self.expr(idx)?;
                self.emit(Op::DelSubscr, t.span);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for i in items {
                    self.delete(i)?;
                }
            }
            _ => return Err(err("cannot delete expression", t.span)),
        }
        Ok(())
    }

    // ----- expressions -----

    fn expr(&mut self, e: &Expr) -> Result<(), SyntaxError> {
        let span = e.span;
        match &e.kind {
            ExprKind::Name(n) => self.load_name(n, span),
            ExprKind::Int(v) => self.emit_const(Value::Int(*v), span),
            ExprKind::Float(v) => self.emit_const(Value::Float(*v), span),
            ExprKind::Str(s) => self.emit_const(Value::str(s), span),
            ExprKind::Bytes(b) => self.emit_const(Value::bytes(b), span),
            ExprKind::True => self.emit_const(Value::Bool(true), span),
            ExprKind::False => self.emit_const(Value::Bool(false), span),
            ExprKind::None => self.emit_const(Value::None, span),
            ExprKind::Ellipsis => self.emit_const(Value::Ellipsis, span),
            ExprKind::FString(parts) => self.fstring(parts, span)?,
            ExprKind::List(items) => self.sequence(items, span, false)?,
            ExprKind::Tuple(items) => self.sequence(items, span, true)?,
            ExprKind::Set(items) => {
                for i in items {
                    self.expr(i)?;
                }
                self.emit(Op::BuildSet(items.len() as u32), span);
            }
            ExprKind::Dict(items) => {
                for (k, v) in items {
                    self.expr(k)?;
                    self.expr(v)?;
                }
                self.emit(Op::BuildDict(items.len() as u32), span);
            }
            ExprKind::Attr(obj, name) => {
                self.expr(obj)?;
                let i = self.name_index(name);
                self.emit(Op::LoadAttr(i), span);
            }
            ExprKind::Subscript(obj, idx) => {
                self.expr(obj)?;
                self.expr(idx)?;
                let anchor = Some((obj.span.end_col, span.end_col));
                self.emit_loc(
                    Op::Subscr,
                    Loc {
                        anchor,
                        ..loc(span)
                    },
                );
            }
            ExprKind::Slice(lo, hi, step) => {
                for part in [lo, hi, step] {
                    match part {
                        Some(x) => self.expr(x)?,
                        None => self.emit_const(Value::None, span),
                    }
                }
                self.emit(Op::BuildSlice, span);
            }
            ExprKind::Call(func, args) => self.call(func, args, span)?,
            ExprKind::Bin(op, l, r) => {
                self.expr(l)?;
                self.expr(r)?;
                let anchor = operator_anchor(self.source.as_deref(), l.span, r.span, op.symbol());
                self.emit_loc(
                    Op::Binary(*op),
                    Loc {
                        anchor,
                        ..loc(span)
                    },
                );
            }
            ExprKind::Unary(op, x) => {
                self.expr(x)?;
                self.emit(Op::Unary(*op), span);
            }
            ExprKind::And(l, r) | ExprKind::Or(l, r) => {
                self.expr(l)?;
                let j = if matches!(e.kind, ExprKind::And(..)) {
                    self.emit(Op::JumpIfFalseOrPop(0), span)
                } else {
                    self.emit(Op::JumpIfTrueOrPop(0), span)
                };
                self.expr(r)?;
                self.patch_here(j);
            }
            ExprKind::Compare(first, rest) => {
                self.expr(first)?;
                let mut fails = Vec::new();
                let n = rest.len();
                for (k, (op, x)) in rest.iter().enumerate() {
                    self.expr(x)?;
                    if k + 1 < n {
                        self.emit(Op::Dup, span);
                        self.emit(Op::Rot3, span);
                        self.emit(Op::Compare(*op), span);
                        fails.push(self.emit(Op::JumpIfFalseOrPop(0), span));
                    } else {
                        self.emit(Op::Compare(*op), span);
                    }
                }
                if !fails.is_empty() {
                    let end = self.emit(Op::Jump(0), span);
                    for f in fails {
                        self.patch_here(f);
                    }
                    // The failed comparison's result is under the kept operand.
                    self.emit(Op::Rot2, span);
                    self.emit(Op::Pop, span);
                    self.patch_here(end);
                }
            }
            ExprKind::IfExp(cond, a, b) => {
                self.expr(cond)?;
                let j = self.emit(Op::PopJumpIfFalse(0), span);
                self.expr(a)?;
                let end = self.emit(Op::Jump(0), span);
                self.patch_here(j);
                self.expr(b)?;
                self.patch_here(end);
            }
            ExprKind::Lambda(params, body) => {
                let code = self.function_code("<lambda>", params, &[], Some(body))?;
                self.make_function(code, params, span)?;
            }
            ExprKind::ListComp(elt, comps) => self.comprehension(comps, span, 0, &|c, s| {
                c.expr(elt)?;
                c.emit(Op::ListAppend, s);
                Ok(())
            })?,
            ExprKind::SetComp(elt, comps) => self.comprehension(comps, span, 1, &|c, s| {
                c.expr(elt)?;
                c.emit(Op::SetAdd, s);
                Ok(())
            })?,
            ExprKind::DictComp(k, v, comps) => self.comprehension(comps, span, 2, &|c, s| {
                c.expr(k)?;
                c.expr(v)?;
                c.emit(Op::DictSet, s);
                Ok(())
            })?,
            ExprKind::Starred(_) => return Err(err("can't use starred expression here", span)),
            ExprKind::NamedExpr(n, v) => {
                self.expr(v)?;
                self.emit(Op::Dup, span);
                if self.is_function() {
                    self.scope().local_set.insert(n.clone());
                }
                self.store_name(n, span);
            }
        }
        Ok(())
    }

    fn sequence(&mut self, items: &[Expr], span: Span, tuple: bool) -> Result<(), SyntaxError> {
        if items.iter().any(|i| matches!(i.kind, ExprKind::Starred(_))) {
            self.emit(Op::BuildList(0), span);
            for i in items {
                match &i.kind {
                    ExprKind::Starred(inner) => {
                        self.expr(inner)?;
                        self.emit(Op::ListExtend, i.span);
                    }
                    _ => {
                        self.expr(i)?;
                        self.emit(Op::ListAppend, i.span);
                    }
                }
            }
            if tuple {
                self.emit(Op::ListToTuple, span);
            }
            return Ok(());
        }
        for i in items {
            self.expr(i)?;
        }
        let n = items.len() as u32;
        self.emit(
            if tuple {
                Op::BuildTuple(n)
            } else {
                Op::BuildList(n)
            },
            span,
        );
        Ok(())
    }

    fn fstring(&mut self, parts: &[FPart], span: Span) -> Result<(), SyntaxError> {
        for p in parts {
            match p {
                FPart::Lit(s) => self.emit_const(Value::str(s), span),
                FPart::Expr { expr, conv, spec } => {
                    let has_spec = !spec.is_empty();
                    if has_spec {
                        self.fstring(spec, span)?;
                    }
                    self.expr(expr)?;
                    let conv = match conv {
                        Some('r') => 1,
                        Some('s') => 2,
                        Some('a') => 3,
                        Some(_) => {
                            return Err(err(
                                "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                                span,
                            ));
                        }
                        None => 0,
                    };
                    self.emit(
                        Op::Format {
                            conv,
                            spec: has_spec,
                        },
                        span,
                    );
                }
            }
        }
        self.emit(Op::BuildString(parts.len() as u32), span);
        Ok(())
    }

    fn call(&mut self, func: &Expr, args: &[Arg], span: Span) -> Result<(), SyntaxError> {
        // super() with no arguments inside a method.
        if let ExprKind::Name(n) = &func.kind
            && n == "super"
            && args.is_empty()
            && self.is_function()
        {
            self.emit(Op::Super, span);
            return Ok(());
        }
        self.expr(func)?;
        let l = Loc {
            anchor: None,
            ..loc(span)
        };
        if args
            .iter()
            .any(|a| matches!(a, Arg::Star(_) | Arg::StarStar(_)))
        {
            self.emit(Op::BuildList(0), span);
            for a in args {
                match a {
                    Arg::Pos(e) => {
                        self.expr(e)?;
                        self.emit(Op::ListAppend, span);
                    }
                    Arg::Star(e) => {
                        self.expr(e)?;
                        self.emit(Op::ListExtend, span);
                    }
                    _ => {}
                }
            }
            self.emit(Op::ListToTuple, span);
            self.emit(Op::BuildDict(0), span);
            for a in args {
                match a {
                    Arg::Kw(n, e) => {
                        self.emit_const(Value::str(n), span);
                        self.expr(e)?;
                        self.emit(Op::DictSet, span);
                    }
                    Arg::StarStar(e) => {
                        self.expr(e)?;
                        self.emit(Op::DictMerge, span);
                    }
                    _ => {}
                }
            }
            self.emit_loc(Op::CallEx, l);
            return Ok(());
        }
        let mut names = Vec::new();
        for a in args {
            match a {
                Arg::Pos(e) => self.expr(e)?,
                Arg::Kw(n, e) => {
                    if names
                        .iter()
                        .any(|x: &Value| matches!(x, Value::Str(s) if **s == **n))
                    {
                        return Err(err(&format!("keyword argument repeated: {n}"), e.span));
                    }
                    self.expr(e)?;
                    names.push(Value::str(n));
                }
                _ => {}
            }
        }
        let kw = names.len() as u32;
        let ni = if kw > 0 {
            self.const_index(Value::tuple(names))
        } else {
            0
        };
        self.emit_loc(
            Op::Call {
                argc: args.len() as u32,
                kw,
                names: ni,
            },
            l,
        );
        Ok(())
    }

    /// A comprehension, inline: `kind` 0 list, 1 set, 2 dict.
    fn comprehension(
        &mut self,
        comps: &[Comp],
        span: Span,
        kind: u8,
        body: &dyn Fn(&mut Compiler, Span) -> Result<(), SyntaxError>,
    ) -> Result<(), SyntaxError> {
        self.emit(
            match kind {
                0 => Op::BuildList(0),
                1 => Op::BuildSet(0),
                _ => Op::BuildDict(0),
            },
            span,
        );
        let renames_before = self.scope().renames.len();
        let r = self.comp_level(comps, span, body);
        self.scope().renames.truncate(renames_before);
        r
    }

    fn comp_level(
        &mut self,
        comps: &[Comp],
        span: Span,
        body: &dyn Fn(&mut Compiler, Span) -> Result<(), SyntaxError>,
    ) -> Result<(), SyntaxError> {
        let Some((c, rest)) = comps.split_first() else {
            return body(self, span);
        };
        // The first iterable is evaluated outside; all are before renames
        // of their own targets.
        self.expr(&c.iter)?;
        self.emit(Op::GetIter, c.iter.span);
        let mut names = Vec::new();
        target_names(&c.target, &mut names);
        for n in names {
            let h = self.hidden(&n);
            if self.is_function() {
                self.scope().local_set.insert(h.clone());
            }
            self.scope().renames.push((n, h));
        }
        let head = self.here();
        let exit = self.emit(Op::ForIter(0), c.iter.span);
        // The result is below the iterator: keep it reachable by rotating.
        self.store(&c.target)?;
        let mut skips = Vec::new();
        for cond in &c.ifs {
            self.expr(cond)?;
            skips.push(self.emit(Op::PopJumpIfFalse(0), cond.span));
        }
        // Bring the collection up: [coll, iter] -> [iter, coll]
        self.emit(Op::Rot2, span);
        self.comp_level_inner(rest, span, body)?;
        self.emit(Op::Rot2, span);
        for s in skips {
            self.patch(s, head);
        }
        self.emit(Op::Jump(head as u32), span);
        self.patch_here(exit);
        Ok(())
    }

    fn comp_level_inner(
        &mut self,
        comps: &[Comp],
        span: Span,
        body: &dyn Fn(&mut Compiler, Span) -> Result<(), SyntaxError>,
    ) -> Result<(), SyntaxError> {
        if comps.is_empty() {
            return body(self, span);
        }
        // A nested `for`: the collection is on top; run the next level with
        // it there (comp_level leaves it on top when done).
        self.comp_level(comps, span, body)
    }
}

/// Where `^` goes under a binary operator: the operator's columns
/// between its operands (CPython 3.11's `~~^~~`).
fn operator_anchor(
    source: Option<&Vec<String>>,
    l: Span,
    r: Span,
    sym: &str,
) -> Option<(u32, u32)> {
    if l.end_line != r.line {
        return None;
    }
    let line: Vec<char> = source?
        .get(l.end_line.checked_sub(1)? as usize)?
        .chars()
        .collect();
    let between: String = line
        .get(l.end_col as usize..r.col as usize)?
        .iter()
        .collect();
    let off = between.find(sym)? as u32;
    let start = l.end_col + between.get(..off as usize)?.chars().count() as u32;
    Some((start, start + sym.chars().count() as u32))
}

fn target_names(t: &Expr, out: &mut Vec<String>) {
    match &t.kind {
        ExprKind::Name(n) => out.push(n.clone()),
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            for i in items {
                target_names(i, out);
            }
        }
        ExprKind::Starred(i) => target_names(i, out),
        _ => {}
    }
}

/// The names a function body assigns, and those it declares `global`.
fn assigned(
    body: &[Stmt],
    locals: &mut BTreeSet<String>,
    globals: &mut BTreeSet<String>,
    depth: usize,
) {
    if depth > 300 {
        return;
    }
    for s in body {
        match &s.kind {
            StmtKind::Assign(targets, _) => {
                for t in targets {
                    let mut v = Vec::new();
                    target_names_store(t, &mut v);
                    locals.extend(v);
                }
            }
            StmtKind::AugAssign(t, ..) | StmtKind::AnnAssign(t, Some(_)) => {
                let mut v = Vec::new();
                target_names_store(t, &mut v);
                locals.extend(v);
            }
            StmtKind::For(t, _, body, orelse) => {
                let mut v = Vec::new();
                target_names_store(t, &mut v);
                locals.extend(v);
                assigned(body, locals, globals, depth + 1);
                assigned(orelse, locals, globals, depth + 1);
            }
            StmtKind::If(_, a, b) | StmtKind::While(_, a, b) => {
                assigned(a, locals, globals, depth + 1);
                assigned(b, locals, globals, depth + 1);
            }
            StmtKind::Def(d) => {
                locals.insert(d.name.clone());
            }
            StmtKind::Class { name, .. } => {
                locals.insert(name.clone());
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                assigned(body, locals, globals, depth + 1);
                for h in handlers {
                    if let Some(n) = &h.name {
                        locals.insert(n.clone());
                    }
                    assigned(&h.body, locals, globals, depth + 1);
                }
                assigned(orelse, locals, globals, depth + 1);
                assigned(finalbody, locals, globals, depth + 1);
            }
            StmtKind::With(items, body) => {
                for (_, t) in items {
                    if let Some(t) = t {
                        let mut v = Vec::new();
                        target_names_store(t, &mut v);
                        locals.extend(v);
                    }
                }
                assigned(body, locals, globals, depth + 1);
            }
            StmtKind::Import(names) => {
                for (n, a) in names {
                    locals.insert(
                        a.clone()
                            .unwrap_or_else(|| n.split('.').next().unwrap_or(n).to_string()),
                    );
                }
            }
            StmtKind::ImportFrom(_, names) => {
                for (n, a) in names {
                    locals.insert(a.clone().unwrap_or_else(|| n.clone()));
                }
            }
            StmtKind::Global(names) => globals.extend(names.iter().cloned()),
            StmtKind::Del(targets) => {
                for t in targets {
                    let mut v = Vec::new();
                    target_names_store(t, &mut v);
                    locals.extend(v);
                }
            }
            _ => {}
        }
    }
}

fn target_names_store(t: &Expr, out: &mut Vec<String>) {
    match &t.kind {
        ExprKind::Name(n) => out.push(n.clone()),
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            for i in items {
                target_names_store(i, out);
            }
        }
        ExprKind::Starred(i) => target_names_store(i, out),
        _ => {}
    }
}
