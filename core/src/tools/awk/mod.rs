//! `awk`, as Debian 12's default (mawk 1.3.4 20200120) runs a POSIX
//! program: `-F`, `-v`, `-f`; patterns (expressions, `/regex/`, ranges,
//! `BEGIN`, `END`), actions with `print`/`printf` (and `>`/`>>` to files),
//! variables, fields (`$1..$NF`, assignable), arrays, `if`/`while`/`do`/
//! `for`/`for (k in a)`, user functions, `length substr index split sub
//! gsub match sprintf toupper tolower int sqrt rand srand close`,
//! `getline < file`; `NR NF FNR FS OFS ORS RS FILENAME SUBSEP CONVFMT
//! OFMT RSTART RLENGTH`. Input from a pipe is read record by record as it
//! comes. Not built: pipes to and from commands (`print | "cmd"`, `"cmd" |
//! getline`, `system`), which mawk's parser here refuses as a syntax error,
//! and `exp log sin cos atan2` (refused when called).

mod ast;
mod format;
mod interp;
mod lex;
mod parse;
mod value;

use alloc::boxed::Box;
use alloc::collections::VecDeque;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::process::{Command, Ctx, Process, Started};
use interp::{Interp, Stop};

/// This family's one program.
pub(crate) const COMMANDS: &[Command] = &[Command {
    name: "awk",
    summary: "pattern scanning and processing (mawk 1.3.4; -F -v -f, BEGIN/END, print/printf)",
    start,
}];

/// mawk's usage, printed (to standard error) when there is no program.
const USAGE: &str = "Usage: mawk [Options] [Program] [file ...]

Program:
    The -f option value is the name of a file containing program text.
    If no -f option is given, a \"--\" ends option processing; the following
    parameters are the program text.

Options:
    -f program-file  Program  text is read from file instead of from the
                     command-line.  Multiple -f options are accepted.
    -F value         sets the field separator, FS, to value.
    -v var=value     assigns value to program variable var.
    --               unambiguous end of options.

    Implementation-specific options are prefixed with \"-W\".  They can be
    abbreviated:

    -W version       show version information and exit.
    -W dump          show assembler-like listing of program and exit.
    -W help          show this message and exit.
    -W interactive   set unbuffered output, line-buffered input.
    -W exec file     use file as program as well as last option.
    -W random=number set initial random seed.
    -W sprintf=number adjust size of sprintf buffer.
    -W posix_space   do not consider \"\\n\" a space.
    -W usage         show this message and exit.
";

/// Reads the escapes of a `-v` value or `-F` separator.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('"') => out.push('"'),
            Some('/') => out.push('/'),
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// `name=value` as an assignment operand, if it is one.
fn assignment(word: &str) -> Option<(&str, &str)> {
    let (name, value) = word.split_once('=')?;
    let mut chars = name.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() || first == '_')
        .then_some(())
        .filter(|_| chars.all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .map(|_| (name, value))
}

fn fail(ctx: &mut Ctx<'_>, message: &str) -> Started {
    ctx.err(&format!("awk: {message}\n"));
    Started::Exited(2)
}

pub(crate) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut words = args.get(1..).unwrap_or_default().iter();
    let mut assigns: Vec<(String, String)> = Vec::new();
    let mut program: Option<String> = None;
    let mut from_files = false;
    let mut rest: Vec<String> = Vec::new();
    while let Some(w) = words.next() {
        if w == "--" {
            break;
        }
        if !w.starts_with('-') || w == "-" {
            rest.push(w.clone());
            break;
        }
        let flag = w.chars().nth(1).unwrap_or('-');
        let inline: String = w.chars().skip(2).collect();
        let value = |words: &mut core::slice::Iter<'_, String>| {
            if inline.is_empty() {
                words.next().cloned()
            } else {
                Some(inline.clone())
            }
        };
        match flag {
            'F' => {
                let Some(v) = value(&mut words) else {
                    return fail(ctx, "option -F lacks argument");
                };
                assigns.push((String::from("FS"), unescape(&v)));
            }
            'v' => {
                let Some(v) = value(&mut words) else {
                    return fail(ctx, "option -v lacks argument");
                };
                let Some((name, val)) = assignment(&v) else {
                    return fail(ctx, &format!("improper assignment: -v {v}"));
                };
                assigns.push((String::from(name), unescape(val)));
            }
            'f' => {
                let Some(file) = value(&mut words) else {
                    return fail(ctx, "option -f lacks argument");
                };
                let path = crate::shell::absolute_path(&file, ctx.cwd());
                match ctx.sys().read_file(&path) {
                    Ok(text) => {
                        let p = program.get_or_insert_with(String::new);
                        p.push_str(&text);
                        p.push('\n');
                        from_files = true;
                    }
                    Err(e) => return fail(ctx, &format!("cannot open {file} ({})", e.message())),
                }
            }
            'W' => {
                let v = value(&mut words).unwrap_or_default();
                if "version".starts_with(v.as_str()) && !v.is_empty() {
                    ctx.out("mawk 1.3.4 20200120\nCopyright 2008-2019,2020, Thomas E. Dickey\nCopyright 1991-1996,2014, Michael D. Brennan\n\nrandom-funcs:       srandom/random\nregex-funcs:        internal\ncompiled limits:\nsprintf buffer      8192\nmaximum-integer     2147483647\n");
                    return Started::Exited(0);
                }
                ctx.err(USAGE);
                return Started::Exited(0);
            }
            _ => return fail(ctx, &format!("not an option: {w}")),
        }
    }
    rest.extend(words.cloned());
    if !from_files {
        if rest.is_empty() {
            ctx.err(USAGE);
            return Started::Exited(0);
        }
        program = Some(rest.remove(0));
    }
    let source = program.unwrap_or_default();
    let parsed = lex::tokens(&source)
        .map_err(|e| (e.line, e.message))
        .and_then(|toks| parse::parse(toks).map_err(|e| (e.line, e.message)));
    let prog = match parsed {
        Ok(p) => p,
        Err((line, message)) => return fail(ctx, &format!("line {line}: {message}")),
    };
    let mut interp = Interp::new(prog);
    for (name, value) in assigns {
        interp.assign_global(&name, value);
    }
    let mut awk = Awk {
        interp,
        operands: rest.into_iter().collect(),
        any_input: false,
        stream: None,
        status: 0,
        in_end: false,
    };
    if awk.interp.reads_main_input() {
        let reads_stdin = awk.operands.iter().all(|o| assignment(o).is_some())
            || awk.operands.iter().any(|o| o == "-");
        if reads_stdin && ctx.stdin().is_none() && ctx.stdin_is_pipe() {
            return super::stdin_wait::start(ctx, start, args);
        }
        if let Err(started) = awk.preload(ctx) {
            return started;
        }
    }
    match awk.begin(ctx) {
        Some(status) => Started::Exited(status),
        None => Started::Running(Box::new(awk)),
    }
}

/// A standard input that is a pipe being read.
#[derive(Debug)]
struct Stream {
    /// Records are taken line by line as they come; otherwise the input
    /// is collected whole (another `RS`, a plain `getline`).
    by_line: bool,
    text: String,
}

/// awk running.
#[derive(Debug)]
struct Awk {
    interp: Interp,
    operands: VecDeque<String>,
    any_input: bool,
    stream: Option<Stream>,
    status: i32,
    in_end: bool,
}

impl Awk {
    /// Runs `BEGIN`, then the input as far as it is there; `Some` once done.
    fn begin(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        match self.interp.begin(ctx) {
            Ok(()) => {}
            Err(stop) => return Some(self.stopped(ctx, stop)),
        }
        if self.interp.begin_only() {
            self.interp.flush(ctx);
            return Some(0);
        }
        self.inputs(ctx)
    }

    /// What a stop means: `exit` runs `END` (unless in it), an error ends.
    fn stopped(&mut self, ctx: &mut Ctx<'_>, stop: Stop) -> i32 {
        if !matches!(stop, Stop::Error(_)) {
            self.interp.flush(ctx);
        }
        match stop {
            Stop::Exit(code) => {
                self.status = code;
                if self.in_end {
                    return code;
                }
                self.in_end = true;
                self.interp.exiting = Some(code);
                match self.interp.end(ctx) {
                    Ok(()) => {
                        self.interp.flush(ctx);
                        code
                    }
                    Err(stop) => self.stopped(ctx, stop),
                }
            }
            Stop::Error(message) => {
                let held = core::mem::take(&mut self.interp.out);
                let file = self.interp.global_str("FILENAME");
                let fnr = self.interp.global_str("FNR");
                let nr = self.interp.global_str("NR");
                ctx.err(&format!(
                    "awk: run time error: {message}\n\tFILENAME=\"{file}\" FNR={fnr} NR={nr}\n"
                ));
                ctx.out(&held);
                2
            }
            Stop::Budget => 130,
        }
    }

    /// Runs the main items on each record of `text`.
    fn records(&mut self, ctx: &mut Ctx<'_>, text: &str) -> Result<(), Stop> {
        let records = self.split_records(text);
        self.interp.pending.extend(records);
        self.drain(ctx)
    }

    /// Runs the main items on every record waiting (a plain `getline` in
    /// an action may take some of them first).
    fn drain(&mut self, ctx: &mut Ctx<'_>) -> Result<(), Stop> {
        self.interp.reset_work();
        while let Some(record) = self.interp.pending.pop_front() {
            self.interp.count_record();
            self.interp.set_record(record);
            self.interp.record_items(ctx)?;
            self.interp.flush(ctx);
        }
        Ok(())
    }

    /// `text` cut into records by `RS`.
    fn split_records(&self, text: &str) -> Vec<String> {
        let rs = self.interp.global_str("RS");
        let records: Vec<String> = if rs == "\n" {
            text.split_inclusive('\n')
                .map(|l| String::from(l.strip_suffix('\n').unwrap_or(l)))
                .collect()
        } else if rs.is_empty() {
            text.split("\n\n")
                .map(|p| String::from(p.trim_matches('\n')))
                .filter(|p| !p.is_empty())
                .collect()
        } else {
            let sep = rs.chars().next().unwrap_or('\n');
            let mut r: Vec<String> = text.split(sep).map(String::from).collect();
            if r.last().is_some_and(String::is_empty) {
                r.pop();
            }
            r
        };
        records
    }

    /// For a program whose plain `getline` may run in `BEGIN`: the first
    /// input's records, read before `BEGIN` runs.
    fn preload(&mut self, ctx: &mut Ctx<'_>) -> Result<(), Started> {
        let first = match self.operands.front() {
            Some(op) if assignment(op).is_some() => return Ok(()),
            Some(op) => op.clone(),
            None => String::from("-"),
        };
        let text = if first == "-" || first == "/dev/stdin" {
            String::from(ctx.stdin().unwrap_or_default())
        } else {
            match super::filter::read_file(ctx, &first) {
                Ok(t) => t,
                Err(e) => return Err(fail(ctx, &format!("cannot open {first} ({})", e.message()))),
            }
        };
        self.operands.pop_front();
        self.any_input = true;
        self.interp.start_file(&first);
        let records = self.split_records(&text);
        self.interp.pending.extend(records);
        Ok(())
    }

    /// Reads the operands in order until one is a pipe still being
    /// written; `Some(status)` once everything (and `END`) is done.
    fn inputs(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        if let Err(stop) = self.drain(ctx) {
            return Some(self.stopped(ctx, stop));
        }
        loop {
            let name = match self.operands.pop_front() {
                Some(op) => op,
                None if !self.any_input => String::from("-"),
                None => break,
            };
            if let Some((var, value)) = assignment(&name) {
                self.interp.assign_global(var, unescape(value));
                continue;
            }
            self.any_input = true;
            self.interp.start_file(&name);
            let text = if name == "-" || name == "/dev/stdin" {
                if ctx.stdin().is_none() && ctx.stdin_is_pipe() {
                    let by_line =
                        self.interp.global_str("RS") == "\n" && !self.interp.reads_main_input();
                    self.stream = Some(Stream {
                        by_line,
                        text: String::new(),
                    });
                    return self.poll_stream(ctx);
                }
                String::from(ctx.stdin().unwrap_or_default())
            } else {
                match super::filter::read_file(ctx, &name) {
                    Ok(t) => t,
                    Err(e) => {
                        self.interp.flush(ctx);
                        ctx.err(&format!("awk: cannot open {name} ({})\n", e.message()));
                        return Some(2);
                    }
                }
            };
            if let Err(stop) = self.records(ctx, &text) {
                return Some(self.stopped(ctx, stop));
            }
        }
        self.in_end = true;
        self.interp.reset_work();
        match self.interp.end(ctx) {
            Ok(()) => {
                self.interp.flush(ctx);
                Some(self.status)
            }
            Err(stop) => Some(self.stopped(ctx, stop)),
        }
    }

    /// Takes what the pipe has; `Some(status)` once everything is done.
    fn poll_stream(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        let read = ctx.read_stdin_pipe().unwrap_or_default();
        let cap = ctx.sys().pipe_size().saturating_mul(16);
        let Some(stream) = self.stream.as_mut() else {
            return self.inputs(ctx);
        };
        if stream.text.len() < cap {
            stream.text.push_str(&read.data);
        }
        let ended = read.eof || !ctx.stdin_is_pipe();
        let ready = if ended {
            core::mem::take(&mut stream.text)
        } else if stream.by_line {
            match stream.text.rfind('\n') {
                Some(cut) => {
                    let rest = stream.text.split_off(cut + 1);
                    core::mem::replace(&mut stream.text, rest)
                }
                None => String::new(),
            }
        } else {
            String::new()
        };
        if !ready.is_empty()
            && let Err(stop) = self.records(ctx, &ready)
        {
            return Some(self.stopped(ctx, stop));
        }
        if !ended {
            return None;
        }
        self.stream = None;
        self.inputs(ctx)
    }
}

impl Process for Awk {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        self.poll_stream(ctx)
    }
}
