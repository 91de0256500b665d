//! coreutils `tail`: the last lines (`-n N`, `-N`) or bytes (`-c N`) of
//! files or standard input, or everything from line K on (`-n +K`).
//! `-f` is not available: nothing grows the lab's files while tail runs.

use alloc::collections::VecDeque;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::filter::{self, LineFilter};
use crate::process::{Ctx, Started};

/// What to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// The last N lines.
    Lines(usize),
    /// From line K (1-based) on.
    FromLine(usize),
    /// The last N bytes.
    Bytes(usize),
}

#[derive(Debug)]
struct Tail {
    mode: Mode,
    seen: usize,
    held: VecDeque<String>,
    held_bytes: usize,
    /// The hold limit was reached (and said).
    cut: bool,
}

impl Tail {
    fn new(mode: Mode) -> Self {
        Tail {
            mode,
            seen: 0,
            held: VecDeque::new(),
            held_bytes: 0,
            cut: false,
        }
    }
}

impl LineFilter for Tail {
    fn line(&mut self, ctx: &mut Ctx<'_>, line: &str) -> bool {
        self.seen += 1;
        match self.mode {
            Mode::FromLine(k) => {
                if self.seen >= k {
                    ctx.out(line);
                }
            }
            Mode::Lines(n) => {
                if n > 0 {
                    self.held.push_back(String::from(line));
                    self.held_bytes += line.len();
                    if self.held.len() > n
                        && let Some(f) = self.held.pop_front()
                    {
                        self.held_bytes -= f.len();
                    }
                    while self.held_bytes > filter::HOLD_LIMIT && self.held.len() > 1 {
                        if let Some(f) = self.held.pop_front() {
                            self.held_bytes -= f.len();
                        }
                        if !self.cut {
                            self.cut = true;
                            ctx.err(&filter::hold_notice("tail"));
                        }
                    }
                }
            }
            Mode::Bytes(n) => {
                let n = n.min(filter::HOLD_LIMIT);
                self.held.push_back(String::from(line));
                self.held_bytes += line.len();
                while self
                    .held
                    .front()
                    .is_some_and(|f| self.held_bytes - f.len() >= n)
                {
                    if let Some(f) = self.held.pop_front() {
                        self.held_bytes -= f.len();
                    }
                }
            }
        }
        true
    }

    fn end(&mut self, ctx: &mut Ctx<'_>) -> i32 {
        let mut text: String = self.held.drain(..).collect();
        if let Mode::Bytes(n) = self.mode {
            let mut cut = text.len().saturating_sub(n);
            while !text.is_char_boundary(cut) {
                cut += 1;
            }
            text = String::from(text.get(cut..).unwrap_or_default());
        }
        ctx.out(&text);
        0
    }
}

fn parse_count(value: &str, bytes: bool) -> Result<Mode, String> {
    let what = if bytes { "bytes" } else { "lines" };
    let (from, digits) = match value.strip_prefix('+') {
        Some(d) => (true, d),
        None => (false, value.strip_prefix('-').unwrap_or(value)),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "invalid number of {what}: {}",
            filter::quote(value)
        ));
    }
    let n = digits.parse::<usize>().unwrap_or(usize::MAX);
    Ok(match (bytes, from) {
        (false, false) => Mode::Lines(n),
        (false, true) => Mode::FromLine(n),
        (true, false) => Mode::Bytes(n),
        (true, true) => return Err(String::from("-c +N is not available in this lab")),
    })
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut mode = Mode::Lines(10);
    let mut headers: Option<bool> = None;
    let mut operands: Vec<String> = Vec::new();
    let mut iter = filter::GnuArgs::new(args);
    while let Some(arg) = iter.next_option(&mut operands) {
        let (flag, inline) = if let Some(long) = arg.strip_prefix("--") {
            match long.split_once('=') {
                Some(("lines", v)) => ('n', Some(String::from(v))),
                Some(("bytes", v)) => ('c', Some(String::from(v))),
                Some(("follow", _)) => ('f', None),
                None if long == "quiet" || long == "silent" => ('q', None),
                None if long == "verbose" => ('v', None),
                None if long == "follow" => ('f', None),
                None if long == "lines" => ('n', None),
                None if long == "bytes" => ('c', None),
                _ => return super::gnu_unrecognized_option(ctx, "tail", arg),
            }
        } else {
            let rest: String = arg.chars().skip(1).collect();
            // The old form: -3 is -n 3.
            if rest.chars().all(|c| c.is_ascii_digit()) {
                mode = Mode::Lines(rest.parse::<usize>().unwrap_or(usize::MAX));
                continue;
            }
            let mut chars = rest.chars();
            let flag = chars.next().unwrap_or('-');
            let tail: String = chars.collect();
            match flag {
                'n' | 'c' => (flag, (!tail.is_empty()).then_some(tail)),
                'q' | 'v' | 'f' | 'F' if tail.is_empty() => (flag, None),
                'q' | 'v' | 'f' | 'F' => {
                    let bad = tail.chars().next().unwrap_or('-');
                    return super::gnu_invalid_option(ctx, "tail", bad);
                }
                's' | 'z' => return filter::not_in_lab(ctx, "tail", flag, 1),
                _ => return super::gnu_invalid_option(ctx, "tail", flag),
            }
        };
        match flag {
            'q' => headers = Some(false),
            'v' => headers = Some(true),
            'f' | 'F' => {
                ctx.err("tail: -f is not available in this lab (nothing appends to the lab's files while tail runs)\n");
                return Started::Exited(1);
            }
            _ => {
                let value = match filter::option_value(ctx, "tail", flag, inline, &mut iter) {
                    Ok(v) => v,
                    Err(started) => return started,
                };
                match parse_count(&value, flag == 'c') {
                    Ok(m) => mode = m,
                    Err(message) => {
                        ctx.err(&format!("tail: {message}\n"));
                        return Started::Exited(1);
                    }
                }
            }
        }
    }
    if operands.is_empty() {
        return filter::run_stdin(ctx, Tail::new(mode));
    }
    if filter::dash_reads_pipe(ctx, &operands) {
        return super::stdin_wait::start(ctx, start, args);
    }
    let headers = headers.unwrap_or(operands.len() > 1);
    let mut status = 0;
    let mut first = true;
    for name in &operands {
        match filter::read_operand(ctx, name) {
            Ok(text) => {
                if headers {
                    let shown = if name == "-" { "standard input" } else { name };
                    let gap = if first { "" } else { "\n" };
                    ctx.out(&format!("{gap}==> {shown} <==\n"));
                }
                first = false;
                let mut tail = Tail::new(mode);
                filter::feed(ctx, &mut tail, &text);
                tail.end(ctx);
            }
            Err(e) => {
                ctx.err(&format!(
                    "tail: cannot open '{name}' for reading: {}\n",
                    e.message()
                ));
                status = 1;
            }
        }
    }
    Started::Exited(status)
}
