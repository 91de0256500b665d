//! Running an awk program: variables and arrays, the record and its
//! fields, patterns and actions, the built-in functions, `print` and
//! `printf` with `>`/`>>` redirections, `getline < file`, user functions.
//! Every statement and call counts against a work budget: a program that
//! never ends (`while (1)`) is stopped as Ctrl-C would stop it.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::super::regex::{Options, Regex, Syntax};
use super::ast::{Expr, Pattern, Program, Redirect, Stmt};
use super::format::sprintf;
use super::value::{Value, num_to_str, trunc};
use crate::process::Ctx;

/// Statements and calls one step of the program (`BEGIN`, a batch of
/// records, `END`) may make before it is stopped (a lab bound: the page
/// must stay responsive).
const WORK_LIMIT: u64 = 2_000_000;
/// The longest string a value may hold (a lab bound).
const STRING_LIMIT: usize = 16 << 20;
/// How deep user functions may call each other.
const CALL_DEPTH: usize = 1000;

/// Why running stopped before the end of an action.
#[derive(Debug)]
pub(crate) enum Stop {
    /// `exit N`.
    Exit(i32),
    /// A run-time error: mawk's text (the caller adds the file position).
    Error(String),
    /// The work budget ran out.
    Budget,
}

/// How a statement ended.
#[derive(Debug)]
enum Flow {
    Normal,
    Next,
    Break,
    Continue,
    Return(Value),
}

type R<T> = Result<T, Stop>;

/// An array: values by subscript, in insertion order for `for (k in a)`.
#[derive(Clone, Debug, Default)]
struct Array {
    items: BTreeMap<String, (u64, Value)>,
    counter: u64,
}

impl Array {
    fn get(&mut self, key: &str) -> Value {
        if let Some((_, v)) = self.items.get(key) {
            return v.clone();
        }
        self.set(String::from(key), Value::Uninit);
        Value::Uninit
    }

    fn set(&mut self, key: String, v: Value) {
        self.counter += 1;
        let n = self.counter;
        self.items
            .entry(key)
            .and_modify(|e| e.1 = v.clone())
            .or_insert((n, v));
    }

    fn keys(&self) -> Vec<String> {
        let mut k: Vec<(u64, &String)> = self.items.iter().map(|(k, (n, _))| (*n, k)).collect();
        k.sort();
        k.into_iter().map(|(_, k)| k.clone()).collect()
    }
}

/// A variable's storage.
#[derive(Clone, Debug)]
enum Cell {
    Val(Value),
    Arr(Array),
    /// A function parameter standing for a global array (awk passes
    /// arrays by reference), or for an unset global that may become one.
    Ref(String),
}

/// The interpreter's state.
#[derive(Debug)]
pub(crate) struct Interp {
    prog: Program,
    globals: BTreeMap<String, Cell>,
    frames: Vec<BTreeMap<String, Cell>>,
    /// `$0`, then the fields.
    fields: Vec<String>,
    /// `$0` must be rebuilt from the fields with `OFS`.
    dirty: bool,
    ranges: Vec<bool>,
    /// Standard output not yet written.
    pub(crate) out: String,
    opened: Vec<String>,
    readers: BTreeMap<String, (Vec<String>, usize)>,
    regexes: BTreeMap<String, Regex>,
    work: u64,
    seed: u64,
    prev_seed: f64,
    /// `exit` was run: the main input stops.
    pub(crate) exiting: Option<i32>,
    /// Records of the main input not yet read, for a program whose plain
    /// `getline` reads them.
    pub(crate) pending: alloc::collections::VecDeque<String>,
}

fn special_default(name: &str) -> Option<&'static str> {
    Some(match name {
        "FS" | "OFS" => " ",
        "ORS" | "RS" => "\n",
        "SUBSEP" => "\x1c",
        "CONVFMT" | "OFMT" => "%.6g",
        _ => return None,
    })
}

impl Interp {
    /// An interpreter for `prog`.
    pub(crate) fn new(prog: Program) -> Interp {
        let mut globals = BTreeMap::new();
        for name in ["FS", "OFS", "ORS", "RS", "SUBSEP", "CONVFMT", "OFMT"] {
            if let Some(v) = special_default(name) {
                globals.insert(String::from(name), Cell::Val(Value::Str(String::from(v))));
            }
        }
        for name in ["NR", "FNR", "RSTART", "RLENGTH"] {
            globals.insert(String::from(name), Cell::Val(Value::Num(0.0)));
        }
        globals.insert(
            String::from("FILENAME"),
            Cell::Val(Value::Str(String::new())),
        );
        let ranges = alloc::vec![false; prog.ranges];
        Interp {
            prog,
            globals,
            frames: Vec::new(),
            fields: alloc::vec![String::new()],
            dirty: false,
            ranges,
            out: String::new(),
            opened: Vec::new(),
            readers: BTreeMap::new(),
            regexes: BTreeMap::new(),
            work: 0,
            seed: 0x2545_f491_4f6c_dd1d,
            prev_seed: 0.0,
            exiting: None,
            pending: alloc::collections::VecDeque::new(),
        }
    }

    /// True if the program has only `BEGIN` items (no input is read).
    pub(crate) fn begin_only(&self) -> bool {
        self.prog.items.iter().all(|i| i.pattern == Pattern::Begin)
    }

    /// True if a plain `getline` reads the main input.
    pub(crate) fn reads_main_input(&self) -> bool {
        self.prog.reads_main_input
    }

    /// A global's string value (`RS`, `FS`...).
    pub(crate) fn global_str(&self, name: &str) -> String {
        match self.globals.get(name) {
            Some(Cell::Val(v)) => v.str("%.6g"),
            _ => String::new(),
        }
    }

    /// Sets a global from `-v` or an operand `var=value`.
    pub(crate) fn assign_global(&mut self, name: &str, value: String) {
        self.globals
            .insert(String::from(name), Cell::Val(Value::input(value)));
    }

    fn convfmt(&self) -> String {
        self.global_str("CONVFMT")
    }

    /// Starts a new step's work budget.
    pub(crate) fn reset_work(&mut self) {
        self.work = 0;
    }

    fn tick(&mut self) -> R<()> {
        self.work += 1;
        if self.work > WORK_LIMIT {
            Err(Stop::Budget)
        } else {
            Ok(())
        }
    }

    // ---- the record -------------------------------------------------

    /// Sets `$0` and splits it into fields with `FS`.
    pub(crate) fn set_record(&mut self, record: String) {
        let fs = self.global_str("FS");
        let mut fields = alloc::vec![String::new()];
        fields.extend(self.split(&record, &fs));
        if let Some(first) = fields.first_mut() {
            *first = record;
        }
        self.fields = fields;
        self.dirty = false;
    }

    /// Counts a record read: `NR` and `FNR`.
    pub(crate) fn count_record(&mut self) {
        for name in ["NR", "FNR"] {
            let n = self.var_value(name).num() + 1.0;
            self.globals
                .insert(String::from(name), Cell::Val(Value::Num(n)));
        }
    }

    /// Starts a new input file: `FILENAME` and `FNR`.
    pub(crate) fn start_file(&mut self, name: &str) {
        self.globals.insert(
            String::from("FILENAME"),
            Cell::Val(Value::Str(String::from(name))),
        );
        self.globals
            .insert(String::from("FNR"), Cell::Val(Value::Num(0.0)));
    }

    fn split(&mut self, s: &str, fs: &str) -> Vec<String> {
        if s.is_empty() {
            return Vec::new();
        }
        if fs == " " {
            return s
                .split([' ', '\t', '\n'])
                .filter(|f| !f.is_empty())
                .map(String::from)
                .collect();
        }
        if fs.is_empty() {
            return s.chars().map(String::from).collect();
        }
        let mut chars = fs.chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && c != '\\'
        {
            return s.split(c).map(String::from).collect();
        }
        let Ok(re) = self.regex(fs) else {
            return alloc::vec![String::from(s)];
        };
        let text: Vec<char> = s.chars().collect();
        let mut out = Vec::new();
        let mut from = 0;
        let mut start = 0;
        while let Some((a, b)) = re.find_from(&text, from) {
            if b == a {
                from = a + 1;
                if from > text.len() {
                    break;
                }
                continue;
            }
            out.push(text.get(start..a).unwrap_or_default().iter().collect());
            start = b;
            from = b;
        }
        out.push(text.get(start..).unwrap_or_default().iter().collect());
        out
    }

    fn record(&mut self) -> String {
        if self.dirty {
            let ofs = self.global_str("OFS");
            let joined = self.fields.get(1..).unwrap_or_default().join(&ofs);
            if let Some(first) = self.fields.first_mut() {
                *first = joined;
            }
            self.dirty = false;
        }
        self.fields.first().cloned().unwrap_or_default()
    }

    fn nf(&self) -> usize {
        self.fields.len().saturating_sub(1)
    }

    fn field_index(&self, v: &Value) -> R<usize> {
        let n = v.num();
        if n < 0.0 {
            return Err(Stop::Error(format!("negative field index ${}", n as i64)));
        }
        let i = n as usize;
        if i > 100_000 {
            return Err(Stop::Error(format!(
                "program limit exceeded: maximum number of fields size={i}"
            )));
        }
        Ok(i)
    }

    fn get_field(&mut self, i: usize) -> Value {
        if i == 0 {
            return Value::input(self.record());
        }
        match self.fields.get(i) {
            Some(f) => Value::input(f.clone()),
            // mawk: a field past NF is the empty string, compared as a
            // string (`$3 == 0` is false).
            None => Value::Str(String::new()),
        }
    }

    fn set_field(&mut self, i: usize, v: String) {
        if i == 0 {
            self.set_record(v);
            return;
        }
        self.record();
        while self.fields.len() <= i {
            self.fields.push(String::new());
        }
        if let Some(f) = self.fields.get_mut(i) {
            *f = v;
        }
        self.dirty = true;
    }

    fn set_nf(&mut self, n: usize) {
        self.record();
        self.fields.resize(n.min(100_000) + 1, String::new());
        self.dirty = true;
    }

    // ---- variables ------------------------------------------------------

    fn cell(&mut self, name: &str) -> &mut Cell {
        let local = self.frames.last().is_some_and(|f| f.contains_key(name));
        let cell = if local {
            self.frames.last_mut().and_then(|f| f.get_mut(name))
        } else {
            None
        };
        match cell {
            Some(Cell::Ref(global)) => {
                let g = global.clone();
                self.globals.entry(g).or_insert(Cell::Val(Value::Uninit))
            }
            Some(c) => c,
            None => self
                .globals
                .entry(String::from(name))
                .or_insert(Cell::Val(Value::Uninit)),
        }
    }

    fn var_value(&mut self, name: &str) -> Value {
        if name == "NF" {
            return Value::Num(self.nf() as f64);
        }
        match self.cell(name) {
            Cell::Val(v) => v.clone(),
            _ => Value::Uninit,
        }
    }

    fn set_var(&mut self, name: &str, v: Value) {
        if name == "NF" {
            self.set_nf(v.num().max(0.0) as usize);
            return;
        }
        let local = self.frames.last().is_some_and(|f| f.contains_key(name));
        if local {
            if let Some(f) = self.frames.last_mut() {
                f.insert(String::from(name), Cell::Val(v));
            }
            return;
        }
        self.globals.insert(String::from(name), Cell::Val(v));
    }

    /// Runs `f` on the array `name` (made an array if it was not one).
    fn with_array<T>(&mut self, name: &str, f: impl FnOnce(&mut Array) -> T) -> T {
        let cell = self.cell(name);
        if let Cell::Arr(a) = cell {
            return f(a);
        }
        let mut a = Array::default();
        let r = f(&mut a);
        *cell = Cell::Arr(a);
        r
    }

    fn subscript(&mut self, ctx: &mut Ctx<'_>, idx: &[Expr]) -> R<String> {
        let conv = self.convfmt();
        let mut parts = Vec::new();
        for e in idx {
            let v = self.eval(ctx, e)?;
            parts.push(v.str(&conv));
        }
        Ok(parts.join(&self.global_str("SUBSEP")))
    }

    // ---- regular expressions ----------------------------------------

    fn regex(&mut self, pattern: &str) -> R<Regex> {
        if let Some(r) = self.regexes.get(pattern) {
            return Ok(r.clone());
        }
        let options = Options {
            syntax: Syntax::Extended,
            ignore_case: false,
            word: false,
            line: false,
        };
        match Regex::new(&[String::from(pattern)], options) {
            Ok((r, _)) => {
                if self.regexes.len() > 256 {
                    self.regexes.clear();
                }
                self.regexes.insert(String::from(pattern), r.clone());
                Ok(r)
            }
            Err(e) => Err(Stop::Error(format!(
                "regular expression compile failed ({e})\n{pattern}"
            ))),
        }
    }

    fn regex_of(&mut self, ctx: &mut Ctx<'_>, e: &Expr) -> R<Regex> {
        match e {
            Expr::Regex(r) => self.regex(r),
            other => {
                let conv = self.convfmt();
                let s = self.eval(ctx, other)?.str(&conv);
                self.regex(&s)
            }
        }
    }

    // ---- running ------------------------------------------------------

    /// Runs the `BEGIN` actions.
    pub(crate) fn begin(&mut self, ctx: &mut Ctx<'_>) -> R<()> {
        self.run_items(ctx, |p| *p == Pattern::Begin)
    }

    /// Runs the `END` actions.
    pub(crate) fn end(&mut self, ctx: &mut Ctx<'_>) -> R<()> {
        self.run_items(ctx, |p| *p == Pattern::End)
    }

    fn run_items(&mut self, ctx: &mut Ctx<'_>, which: impl Fn(&Pattern) -> bool) -> R<()> {
        let items: Vec<Vec<Stmt>> = self
            .prog
            .items
            .iter()
            .filter(|i| which(&i.pattern))
            .filter_map(|i| i.action.clone())
            .collect();
        for action in items {
            match self.block(ctx, &action)? {
                Flow::Next => break,
                _ => continue,
            }
        }
        Ok(())
    }

    /// Runs the main items on the current record.
    pub(crate) fn record_items(&mut self, ctx: &mut Ctx<'_>) -> R<()> {
        let count = self.prog.items.len();
        for k in 0..count {
            let Some(item) = self.prog.items.get(k).cloned() else {
                break;
            };
            let run = match &item.pattern {
                Pattern::Begin | Pattern::End => false,
                Pattern::All => true,
                Pattern::Expr(e) => self.cond(ctx, e)?,
                Pattern::Range(from, to, n) => {
                    let active = self.ranges.get(*n).copied().unwrap_or(false);
                    if active {
                        if self.cond(ctx, to)? {
                            self.set_range(*n, false);
                        }
                        true
                    } else if self.cond(ctx, from)? {
                        if !self.cond(ctx, to)? {
                            self.set_range(*n, true);
                        }
                        true
                    } else {
                        false
                    }
                }
            };
            if !run {
                continue;
            }
            let flow = match &item.action {
                Some(action) => self.block(ctx, action)?,
                None => {
                    let line = self.record();
                    let ors = self.global_str("ORS");
                    self.emit(ctx, None, format!("{line}{ors}"))?;
                    Flow::Normal
                }
            };
            if let Flow::Next = flow {
                break;
            }
        }
        Ok(())
    }

    fn set_range(&mut self, n: usize, on: bool) {
        if let Some(r) = self.ranges.get_mut(n) {
            *r = on;
        }
    }

    fn cond(&mut self, ctx: &mut Ctx<'_>, e: &Expr) -> R<bool> {
        if let Expr::Regex(r) = e {
            let re = self.regex(r)?;
            let rec = self.record();
            return Ok(re.is_match(&rec));
        }
        Ok(self.eval(ctx, e)?.truth())
    }

    fn block(&mut self, ctx: &mut Ctx<'_>, stmts: &[Stmt]) -> R<Flow> {
        for s in stmts {
            match self.stmt(ctx, s)? {
                Flow::Normal => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Normal)
    }

    fn stmt(&mut self, ctx: &mut Ctx<'_>, s: &Stmt) -> R<Flow> {
        self.tick()?;
        match s {
            Stmt::Expr(e) => {
                self.eval(ctx, e)?;
            }
            Stmt::Print(args, redirect) => {
                let ofmt = self.global_str("OFMT");
                let conv = self.convfmt();
                let mut parts = Vec::new();
                if args.is_empty() {
                    parts.push(self.record());
                }
                for a in args {
                    let v = self.eval(ctx, a)?;
                    parts.push(match v {
                        Value::Num(n) => num_to_str(n, &ofmt),
                        other => other.str(&conv),
                    });
                }
                let text = format!(
                    "{}{}",
                    parts.join(&self.global_str("OFS")),
                    self.global_str("ORS")
                );
                self.emit(ctx, redirect.as_ref(), text)?;
            }
            Stmt::Printf(args, redirect) => {
                let text = self.sprintf(ctx, args, "printf")?;
                self.emit(ctx, redirect.as_ref(), text)?;
            }
            Stmt::If(c, a, b) => {
                if self.cond(ctx, c)? {
                    return self.stmt(ctx, a);
                } else if let Some(b) = b {
                    return self.stmt(ctx, b);
                }
            }
            Stmt::While(c, body) => {
                while self.cond(ctx, c)? {
                    self.tick()?;
                    match self.stmt(ctx, body)? {
                        Flow::Break => break,
                        Flow::Normal | Flow::Continue => {}
                        other => return Ok(other),
                    }
                }
            }
            Stmt::Do(body, c) => loop {
                self.tick()?;
                match self.stmt(ctx, body)? {
                    Flow::Break => break,
                    Flow::Normal | Flow::Continue => {}
                    other => return Ok(other),
                }
                if !self.cond(ctx, c)? {
                    break;
                }
            },
            Stmt::For(init, c, step, body) => {
                if let Some(i) = init {
                    self.stmt(ctx, i)?;
                }
                loop {
                    self.tick()?;
                    if let Some(c) = c
                        && !self.cond(ctx, c)?
                    {
                        break;
                    }
                    match self.stmt(ctx, body)? {
                        Flow::Break => break,
                        Flow::Normal | Flow::Continue => {}
                        other => return Ok(other),
                    }
                    if let Some(s) = step {
                        self.stmt(ctx, s)?;
                    }
                }
            }
            Stmt::ForIn(k, arr, body) => {
                let keys = self.with_array(arr, |a| a.keys());
                for key in keys {
                    self.tick()?;
                    self.set_var(k, Value::input(key));
                    match self.stmt(ctx, body)? {
                        Flow::Break => break,
                        Flow::Normal | Flow::Continue => {}
                        other => return Ok(other),
                    }
                }
            }
            Stmt::Block(b) => return self.block(ctx, b),
            Stmt::Next => return Ok(Flow::Next),
            Stmt::Break => return Ok(Flow::Break),
            Stmt::Continue => return Ok(Flow::Continue),
            Stmt::Exit(v) => {
                let code = match v {
                    Some(e) => self.eval(ctx, e)?.num() as i32,
                    None => self.exiting.unwrap_or(0),
                };
                return Err(Stop::Exit(code));
            }
            Stmt::Return(v) => {
                let value = match v {
                    Some(e) => self.eval(ctx, e)?,
                    None => Value::Uninit,
                };
                return Ok(Flow::Return(value));
            }
            Stmt::Delete(name, idx) => match idx {
                Some(idx) => {
                    let key = self.subscript(ctx, idx)?;
                    self.with_array(name, |a| a.items.remove(&key));
                }
                None => self.with_array(name, |a| *a = Array::default()),
            },
        }
        Ok(Flow::Normal)
    }

    fn sprintf(&mut self, ctx: &mut Ctx<'_>, args: &[Expr], who: &str) -> R<String> {
        let conv = self.convfmt();
        let mut values = Vec::new();
        for a in args {
            values.push(self.eval(ctx, a)?);
        }
        let fmt = values.first().map(|v| v.str(&conv)).unwrap_or_default();
        match sprintf(&fmt, values.get(1..).unwrap_or_default(), &conv) {
            Ok(s) => Ok(s),
            Err(partial) => {
                if who == "printf" {
                    self.out.push_str(&partial);
                }
                Err(Stop::Error(format!(
                    "not enough arguments passed to {who}(\"{fmt}\")"
                )))
            }
        }
    }

    /// Writes `text` to standard output or to a `>`/`>>` file.
    fn emit(&mut self, ctx: &mut Ctx<'_>, redirect: Option<&Redirect>, text: String) -> R<()> {
        // Output counts as work too: a step prints at most about 16 MiB.
        self.work += text.len() as u64 / 8;
        let Some(r) = redirect else {
            self.out.push_str(&text);
            if self.out.len() > 64 * 1024 {
                self.flush(ctx);
            }
            return Ok(());
        };
        let (e, append) = match r {
            Redirect::Truncate(e) => (e, false),
            Redirect::Append(e) => (e, true),
        };
        let conv = self.convfmt();
        let name = self.eval(ctx, e)?.str(&conv);
        match name.as_str() {
            "/dev/stdout" | "-" => self.out.push_str(&text),
            "/dev/stderr" => {
                self.flush(ctx);
                ctx.err(&text);
            }
            _ => {
                let path = crate::shell::absolute_path(&name, ctx.cwd());
                let first = !self.opened.contains(&name);
                if first {
                    self.opened.push(name.clone());
                }
                let append = append || !first;
                if let Err(e) = ctx.sys().write_file(&path, &text, append) {
                    return Err(Stop::Error(format!(
                        "cannot open \"{name}\" for output ({})",
                        e.message()
                    )));
                }
            }
        }
        Ok(())
    }

    /// Writes what is buffered for standard output.
    pub(crate) fn flush(&mut self, ctx: &mut Ctx<'_>) {
        if !self.out.is_empty() {
            let text = core::mem::take(&mut self.out);
            ctx.out(&text);
        }
    }

    // ---- expressions ------------------------------------------------

    fn assign(&mut self, ctx: &mut Ctx<'_>, target: &Expr, v: Value) -> R<()> {
        match target {
            Expr::Var(n) => self.set_var(n, v),
            Expr::Field(i) => {
                let iv = self.eval(ctx, i)?;
                let i = self.field_index(&iv)?;
                let conv = self.convfmt();
                self.set_field(i, v.str(&conv));
            }
            Expr::Index(n, idx) => {
                let key = self.subscript(ctx, idx)?;
                self.with_array(n, |a| a.set(key, v));
            }
            _ => {}
        }
        Ok(())
    }

    fn eval(&mut self, ctx: &mut Ctx<'_>, e: &Expr) -> R<Value> {
        let v = self.eval_inner(ctx, e)?;
        if let Value::Str(s) = &v
            && s.len() > STRING_LIMIT
        {
            let mut cut = STRING_LIMIT;
            while !s.is_char_boundary(cut) {
                cut -= 1;
            }
            return Ok(Value::Str(String::from(s.get(..cut).unwrap_or_default())));
        }
        Ok(v)
    }

    fn eval_inner(&mut self, ctx: &mut Ctx<'_>, e: &Expr) -> R<Value> {
        let conv = self.convfmt();
        Ok(match e {
            Expr::Num(n) => Value::Num(*n),
            Expr::Str(s) => Value::Str(s.clone()),
            Expr::Regex(r) => {
                let re = self.regex(r)?;
                let rec = self.record();
                Value::Num(f64::from(u8::from(re.is_match(&rec))))
            }
            Expr::Var(n) => self.var_value(n),
            Expr::Field(i) => {
                let iv = self.eval(ctx, i)?;
                let i = self.field_index(&iv)?;
                self.get_field(i)
            }
            Expr::Index(n, idx) => {
                let key = self.subscript(ctx, idx)?;
                self.with_array(n, |a| a.get(&key))
            }
            Expr::Group(list) => {
                let mut last = Value::Uninit;
                for x in list {
                    last = self.eval(ctx, x)?;
                }
                last
            }
            Expr::Assign(target, op, rhs) => {
                let r = self.eval(ctx, rhs)?;
                let v = match op {
                    None => match r {
                        Value::Uninit => Value::Uninit,
                        other => other,
                    },
                    Some(op) => {
                        let l = self.eval(ctx, target)?.num();
                        Value::Num(arith(op, l, r.num()))
                    }
                };
                self.assign(ctx, target, v.clone())?;
                v
            }
            Expr::Cond(c, a, b) => {
                if self.cond(ctx, c)? {
                    self.eval(ctx, a)?
                } else {
                    self.eval(ctx, b)?
                }
            }
            Expr::And(a, b) => Value::Num(f64::from(u8::from(
                self.cond(ctx, a)? && self.cond(ctx, b)?,
            ))),
            Expr::Or(a, b) => Value::Num(f64::from(u8::from(
                self.cond(ctx, a)? || self.cond(ctx, b)?,
            ))),
            Expr::In(keys, arr) => {
                let key = self.subscript(ctx, keys)?;
                Value::Num(f64::from(u8::from(
                    self.with_array(arr, |a| a.items.contains_key(&key)),
                )))
            }
            Expr::Match(negate, s, re) => {
                let text = self.eval(ctx, s)?.str(&conv);
                let re = self.regex_of(ctx, re)?;
                Value::Num(f64::from(u8::from(re.is_match(&text) != *negate)))
            }
            Expr::Binary(op, a, b) => {
                let x = self.eval(ctx, a)?;
                let y = self.eval(ctx, b)?;
                match *op {
                    "<" | "<=" | ">" | ">=" | "==" | "!=" => {
                        let ord = if x.numeric() && y.numeric() {
                            x.num().partial_cmp(&y.num())
                        } else {
                            Some(x.str(&conv).cmp(&y.str(&conv)))
                        };
                        // mawk finds NaN equal to anything (its compare
                        // answers neither less nor greater).
                        let yes = match ord {
                            None => matches!(*op, "==" | "<=" | ">="),
                            Some(o) => match *op {
                                "<" => o.is_lt(),
                                "<=" => o.is_le(),
                                ">" => o.is_gt(),
                                ">=" => o.is_ge(),
                                "==" => o.is_eq(),
                                _ => o.is_ne(),
                            },
                        };
                        Value::Num(f64::from(u8::from(yes)))
                    }
                    op => Value::Num(arith(op, x.num(), y.num())),
                }
            }
            Expr::Concat(a, b) => {
                let mut s = self.eval(ctx, a)?.str(&conv);
                s.push_str(&self.eval(ctx, b)?.str(&conv));
                Value::Str(s)
            }
            Expr::Not(a) => Value::Num(f64::from(u8::from(!self.cond(ctx, a)?))),
            Expr::Neg(a) => Value::Num(-self.eval(ctx, a)?.num()),
            Expr::Plus(a) => Value::Num(self.eval(ctx, a)?.num()),
            Expr::Incr { pre, by, target } => {
                let old = self.eval(ctx, target)?.num();
                self.assign(ctx, target, Value::Num(old + by))?;
                Value::Num(if *pre { old + by } else { old })
            }
            Expr::Call(name, args) => self.call(ctx, name, args)?,
            Expr::Builtin(name, args) => self.builtin(ctx, name, args)?,
            Expr::Getline(var, file) => self.getline(ctx, var.as_deref(), file.as_deref())?,
        })
    }

    fn getline(&mut self, ctx: &mut Ctx<'_>, var: Option<&Expr>, file: Option<&Expr>) -> R<Value> {
        let conv = self.convfmt();
        let Some(file) = file else {
            let Some(record) = self.pending.pop_front() else {
                return Ok(Value::Num(0.0));
            };
            self.count_record();
            match var {
                Some(v) => self.assign(ctx, v, Value::input(record))?,
                None => self.set_record(record),
            }
            return Ok(Value::Num(1.0));
        };
        let name = self.eval(ctx, file)?.str(&conv);
        if !self.readers.contains_key(&name) {
            let text = if name == "-" || name == "/dev/stdin" {
                Ok(String::from(ctx.stdin().unwrap_or_default()))
            } else {
                let path = crate::shell::absolute_path(&name, ctx.cwd());
                ctx.sys().read_file(&path)
            };
            match text {
                Ok(t) => {
                    let lines = t
                        .split_inclusive('\n')
                        .map(|l| String::from(l.strip_suffix('\n').unwrap_or(l)))
                        .collect();
                    self.readers.insert(name.clone(), (lines, 0));
                }
                Err(_) => return Ok(Value::Num(-1.0)),
            }
        }
        let line = self.readers.get_mut(&name).and_then(|(lines, at)| {
            let l = lines.get(*at).cloned();
            *at += 1;
            l
        });
        let Some(line) = line else {
            return Ok(Value::Num(0.0));
        };
        match var {
            Some(v) => self.assign(ctx, v, Value::input(line))?,
            None => {
                self.set_record(line);
                self.count_record();
            }
        }
        Ok(Value::Num(1.0))
    }

    fn call(&mut self, ctx: &mut Ctx<'_>, name: &str, args: &[Expr]) -> R<Value> {
        self.tick()?;
        let Some(f) = self.prog.functions.get(name).cloned() else {
            return Err(Stop::Error(format!("function {name} never defined")));
        };
        if self.frames.len() >= CALL_DEPTH {
            return Err(Stop::Error(String::from("function call nesting too deep")));
        }
        let mut frame = BTreeMap::new();
        for (k, p) in f.params.iter().enumerate() {
            let cell = match args.get(k) {
                None => Cell::Val(Value::Uninit),
                Some(Expr::Var(v)) => {
                    let is_local = self
                        .frames
                        .last()
                        .is_some_and(|fr| fr.contains_key(v.as_str()));
                    match (is_local, self.globals.get(v.as_str())) {
                        (false, Some(Cell::Arr(_)) | None) => Cell::Ref(v.clone()),
                        (false, Some(Cell::Val(Value::Uninit))) => Cell::Ref(v.clone()),
                        (true, _) => match self.cell(v) {
                            Cell::Arr(a) => Cell::Arr(a.clone()),
                            Cell::Val(x) => Cell::Val(x.clone()),
                            Cell::Ref(g) => Cell::Ref(g.clone()),
                        },
                        _ => Cell::Val(self.var_value(v)),
                    }
                }
                Some(e) => Cell::Val(self.eval(ctx, e)?),
            };
            frame.insert(p.clone(), cell);
        }
        // Extra arguments are still evaluated.
        for e in args.get(f.params.len()..).unwrap_or_default() {
            self.eval(ctx, e)?;
        }
        self.frames.push(frame);
        let result = self.block(ctx, &f.body);
        self.frames.pop();
        match result? {
            Flow::Return(v) => Ok(v),
            _ => Ok(Value::Uninit),
        }
    }

    fn builtin(&mut self, ctx: &mut Ctx<'_>, name: &str, args: &[Expr]) -> R<Value> {
        let conv = self.convfmt();
        let arg = |me: &mut Self, ctx: &mut Ctx<'_>, k: usize| -> R<Value> {
            match args.get(k) {
                Some(e) => me.eval(ctx, e),
                None => Ok(Value::Uninit),
            }
        };
        Ok(match name {
            "length" => match args.first() {
                None => Value::Num(self.record().len() as f64),
                Some(Expr::Var(v)) if matches!(self.cell(v), Cell::Arr(_)) => {
                    Value::Num(self.with_array(v, |a| a.items.len()) as f64)
                }
                Some(e) => Value::Num(self.eval(ctx, e)?.str(&conv).len() as f64),
            },
            "substr" => {
                let text = arg(self, ctx, 0)?.str(&conv);
                let s = text.as_bytes();
                let begin = trunc(arg(self, ctx, 1)?.num());
                let mut len = if args.len() > 2 {
                    trunc(arg(self, ctx, 2)?.num())
                } else {
                    f64::INFINITY
                };
                let mut begin = if begin.is_nan() { 1.0 } else { begin };
                if begin < 1.0 {
                    // mawk 1.3.4 20200120 widens the length by as much as the
                    // start lies before 1 (`substr("hello", -1, 3)` is `hell`).
                    len -= begin;
                    begin = 1.0;
                }
                if len.is_nan() || len < 1.0 {
                    return Ok(Value::Str(String::new()));
                }
                let from = (begin as usize).saturating_sub(1).min(s.len());
                let to = if len.is_infinite() {
                    s.len()
                } else {
                    from.saturating_add(len as usize).min(s.len())
                };
                Value::Str(
                    String::from_utf8_lossy(s.get(from..to).unwrap_or_default()).into_owned(),
                )
            }
            "index" => {
                let s = arg(self, ctx, 0)?.str(&conv);
                let t = arg(self, ctx, 1)?.str(&conv);
                Value::Num(s.find(&t).map_or(0, |i| i + 1) as f64)
            }
            "split" => {
                let s = arg(self, ctx, 0)?.str(&conv);
                let Some(Expr::Var(arr)) = args.get(1) else {
                    return Err(Stop::Error(String::from(
                        "split: second argument must be an array",
                    )));
                };
                let parts = match args.get(2) {
                    Some(Expr::Regex(r)) => {
                        let r = r.clone();
                        self.split(&s, if r == " " { "[ ]" } else { &r })
                    }
                    Some(e) => {
                        let fs = self.eval(ctx, e)?.str(&conv);
                        self.split(&s, &fs)
                    }
                    None => {
                        let fs = self.global_str("FS");
                        self.split(&s, &fs)
                    }
                };
                let n = parts.len();
                self.with_array(arr, |a| {
                    *a = Array::default();
                    for (k, p) in parts.into_iter().enumerate() {
                        a.set(format!("{}", k + 1), Value::input(p));
                    }
                });
                Value::Num(n as f64)
            }
            "sub" | "gsub" => {
                let re = match args.first() {
                    Some(e) => self.regex_of(ctx, e)?,
                    None => return Ok(Value::Num(0.0)),
                };
                let repl = arg(self, ctx, 1)?.str(&conv);
                let target = args
                    .get(2)
                    .cloned()
                    .unwrap_or(Expr::Field(Box::new(Expr::Num(0.0))));
                let text = self.eval(ctx, &target)?.str(&conv);
                let (result, n) = substitute(&re, &text, &repl, name == "gsub");
                if n > 0 {
                    self.assign(ctx, &target, Value::Str(result))?;
                }
                Value::Num(n as f64)
            }
            "match" => {
                let s: Vec<char> = arg(self, ctx, 0)?.str(&conv).chars().collect();
                let re = match args.get(1) {
                    Some(e) => self.regex_of(ctx, e)?,
                    None => return Ok(Value::Num(0.0)),
                };
                // mawk counts bytes: a match's character positions become
                // byte offsets.
                let byte_at = |k: usize| s.iter().take(k).map(|c| c.len_utf8()).sum::<usize>();
                let (start, len) = match re.find_from(&s, 0) {
                    Some((a, b)) => ((byte_at(a) + 1) as f64, (byte_at(b) - byte_at(a)) as f64),
                    None => (0.0, -1.0),
                };
                self.set_var("RSTART", Value::Num(start));
                self.set_var("RLENGTH", Value::Num(len));
                Value::Num(start)
            }
            "sprintf" => Value::Str(self.sprintf(ctx, args, "sprintf")?),
            "toupper" => Value::Str(arg(self, ctx, 0)?.str(&conv).to_ascii_uppercase()),
            "tolower" => Value::Str(arg(self, ctx, 0)?.str(&conv).to_ascii_lowercase()),
            "int" => Value::Num(trunc(arg(self, ctx, 0)?.num())),
            "sqrt" => Value::Num(sqrt(arg(self, ctx, 0)?.num())),
            "exp" => Value::Num(exp(arg(self, ctx, 0)?.num())),
            "log" => {
                let x = arg(self, ctx, 0)?.num();
                Value::Num(if x == 0.0 { f64::NEG_INFINITY } else { ln(x) })
            }
            "sin" => Value::Num(sin(arg(self, ctx, 0)?.num())),
            "cos" => Value::Num(sin(arg(self, ctx, 0)?.num() + core::f64::consts::FRAC_PI_2)),
            "atan2" => {
                let y = arg(self, ctx, 0)?.num();
                let x = arg(self, ctx, 1)?.num();
                Value::Num(atan2(y, x))
            }
            "rand" => {
                self.seed ^= self.seed << 13;
                self.seed ^= self.seed >> 7;
                self.seed ^= self.seed << 17;
                Value::Num((self.seed >> 11) as f64 / (1u64 << 53) as f64)
            }
            "srand" => {
                let new = if args.is_empty() {
                    ctx.sys().clock_gettime(crate::sys::ClockId::Realtime).sec as f64
                } else {
                    arg(self, ctx, 0)?.num()
                };
                self.seed = (new.to_bits() | 1).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
                let prev = self.prev_seed;
                self.prev_seed = new;
                Value::Num(prev)
            }
            "close" => {
                let name = arg(self, ctx, 0)?.str(&conv);
                let known = self.readers.remove(&name).is_some() || {
                    let had = self.opened.contains(&name);
                    self.opened.retain(|n| *n != name);
                    had
                };
                Value::Num(if known { 0.0 } else { -1.0 })
            }
            "fflush" => {
                self.flush(ctx);
                Value::Num(0.0)
            }
            _ => Value::Uninit,
        })
    }
}

/// A NaN as x86 makes one from numbers that are not NaN (`0/0`: the sign
/// bit set, printed `-nan`), the same on every target.
const X86_NAN: f64 = f64::from_bits(0xfff8_0000_0000_0000);

fn arith(op: &str, l: f64, r: f64) -> f64 {
    let v = arith_raw(op, l, r);
    if !v.is_nan() {
        return v;
    }
    // x86 passes a NaN operand through and makes its own NaN otherwise;
    // wasm would make a positive one.
    if l.is_nan() {
        l
    } else if r.is_nan() {
        r
    } else {
        X86_NAN
    }
}

fn arith_raw(op: &str, l: f64, r: f64) -> f64 {
    match op {
        "+" => l + r,
        "-" => l - r,
        "*" => l * r,
        "/" => l / r,
        "%" => l % r,
        _ => pow(l, r),
    }
}

/// `x ^ y` without `std`: exact for integer powers, by `exp(y ln x)`
/// otherwise.
fn pow(x: f64, y: f64) -> f64 {
    if y == trunc(y) && y.abs() < 1e6 {
        let mut result = 1.0;
        let mut base = if y < 0.0 { 1.0 / x } else { x };
        let mut n = y.abs() as u64;
        while n > 0 {
            if n & 1 == 1 {
                result *= base;
            }
            base *= base;
            n >>= 1;
        }
        return result;
    }
    if x < 0.0 {
        return f64::NAN;
    }
    exp(y * ln(x))
}

fn sqrt(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x < 0.0 {
        return X86_NAN;
    }
    if x == 0.0 || x.is_infinite() {
        return x;
    }
    let mut g = if x > 1.0 { x / 2.0 } else { 1.0 };
    for _ in 0..200 {
        let next = 0.5 * (g + x / g);
        if next == g {
            break;
        }
        g = next;
    }
    g
}

fn ln(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x < 0.0 {
        return X86_NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    // x = m * 2^e with m in [1, 2): ln x = ln m + e ln 2.
    let mut m = x;
    let mut e = 0i32;
    while m >= 2.0 {
        m /= 2.0;
        e += 1;
    }
    while m < 1.0 {
        m *= 2.0;
        e -= 1;
    }
    let t = (m - 1.0) / (m + 1.0);
    let t2 = t * t;
    let mut sum = 0.0;
    let mut term = t;
    let mut k = 1.0;
    for _ in 0..60 {
        sum += term / k;
        term *= t2;
        k += 2.0;
    }
    2.0 * sum + f64::from(e) * core::f64::consts::LN_2
}

/// `sin` by its series after reducing `x` to [-π, π].
fn sin(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x.is_infinite() {
        return X86_NAN;
    }
    let tau = 2.0 * core::f64::consts::PI;
    let mut r = x - trunc(x / tau) * tau;
    if r > core::f64::consts::PI {
        r -= tau;
    } else if r < -core::f64::consts::PI {
        r += tau;
    }
    let mut term = r;
    let mut sum = r;
    for k in 1..30 {
        let k = f64::from(k);
        term *= -r * r / ((2.0 * k) * (2.0 * k + 1.0));
        sum += term;
    }
    sum
}

/// `atan(x)` for |x| <= 1 by its series after two halvings of the angle.
fn atan_small(x: f64) -> f64 {
    let mut t = x;
    for _ in 0..2 {
        t /= 1.0 + sqrt(1.0 + t * t);
    }
    let mut term = t;
    let mut sum = t;
    for k in 1..60 {
        term *= -t * t;
        sum += term / f64::from(2 * k + 1);
    }
    4.0 * sum
}

fn atan2(y: f64, x: f64) -> f64 {
    use core::f64::consts::{FRAC_PI_2, PI};
    if x == 0.0 {
        return if y > 0.0 {
            FRAC_PI_2
        } else if y < 0.0 {
            -FRAC_PI_2
        } else {
            0.0
        };
    }
    let a = if (y / x).abs() <= 1.0 {
        atan_small(y / x)
    } else {
        let s = if y / x > 0.0 { FRAC_PI_2 } else { -FRAC_PI_2 };
        s - atan_small(x / y)
    };
    if x > 0.0 {
        a
    } else if y >= 0.0 {
        a + PI
    } else {
        a - PI
    }
}

fn exp(x: f64) -> f64 {
    if x > 709.0 {
        return f64::INFINITY;
    }
    if x < -745.0 {
        return 0.0;
    }
    let n = trunc(x / core::f64::consts::LN_2);
    let r = x - n * core::f64::consts::LN_2;
    let mut sum = 1.0;
    let mut term = 1.0;
    for k in 1..40 {
        term *= r / f64::from(k);
        sum += term;
    }
    pow(2.0, n) * sum
}

/// `sub`/`gsub`: the replaced text and how many replacements.
fn substitute(re: &Regex, text: &str, repl: &str, global: bool) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut pos = 0;
    let mut count = 0;
    let mut last_end: Option<usize> = None;
    while pos <= chars.len() {
        let Some((a, b)) = re.find_from(&chars, pos) else {
            break;
        };
        if a == b && last_end == Some(a) {
            if let Some(c) = chars.get(a) {
                out.push(*c);
            }
            pos = a + 1;
            continue;
        }
        out.extend(chars.get(pos..a).unwrap_or_default());
        let matched: String = chars.get(a..b).unwrap_or_default().iter().collect();
        let mut r = repl.chars().peekable();
        while let Some(c) = r.next() {
            match c {
                '\\' if matches!(r.peek(), Some('&' | '\\')) => out.push(r.next().unwrap_or('&')),
                '&' => out.push_str(&matched),
                c => out.push(c),
            }
        }
        count += 1;
        last_end = Some(b);
        if a == b {
            if let Some(c) = chars.get(a) {
                out.push(*c);
            }
            pos = a + 1;
        } else {
            pos = b;
        }
        if !global || out.len() > STRING_LIMIT {
            break;
        }
    }
    out.extend(chars.get(pos.min(chars.len())..).unwrap_or_default());
    (out, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maths() {
        assert_eq!(pow(2.0, 10.0), 1024.0);
        assert_eq!(pow(2.0, -1.0), 0.5);
        assert_eq!(sqrt(16.0), 4.0);
        assert!((ln(core::f64::consts::E) - 1.0).abs() < 1e-12);
        assert!((exp(1.0) - core::f64::consts::E).abs() < 1e-12);
    }
}
