//! coreutils `tail`: the last lines (`-n N`, `-N`) or bytes (`-c N`) of
//! files or standard input, or everything from line K / byte K on (`-n +K`,
//! `-c +K`); `-z` takes NUL-terminated lines. `-f` then follows the files
//! as they grow ([`super::tail_follow`]).

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
    /// From byte K (1-based) on.
    FromByte(usize),
}

#[derive(Debug)]
struct Tail {
    mode: Mode,
    seen: usize,
    held: VecDeque<String>,
    held_bytes: usize,
    /// Bytes seen (`-c +K`).
    seen_bytes: usize,
    /// The hold limit was reached: memory exhausted (exit 1).
    cut: bool,
    /// Lines end with NUL (`-z`).
    zero: bool,
}

impl Tail {
    fn new(mode: Mode, zero: bool) -> Self {
        Tail {
            mode,
            seen: 0,
            held: VecDeque::new(),
            held_bytes: 0,
            seen_bytes: 0,
            cut: false,
            zero,
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
            Mode::FromByte(k) => {
                let start = self.seen_bytes;
                self.seen_bytes += line.len();
                let skip = k.saturating_sub(1).saturating_sub(start);
                let mut at = skip.min(line.len());
                while !line.is_char_boundary(at) {
                    at += 1;
                }
                ctx.out(line.get(at..).unwrap_or_default());
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
                    if self.held_bytes > filter::HOLD_LIMIT {
                        self.cut = true;
                        ctx.err(&filter::hold_notice("tail"));
                        return false;
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
        if self.cut {
            return 1;
        }
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

    fn delimiter(&self) -> char {
        if self.zero { '\0' } else { '\n' }
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
        (true, true) => Mode::FromByte(n),
    })
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut mode = Mode::Lines(10);
    let mut headers: Option<bool> = None;
    let mut zero = false;
    let mut follow = false;
    let mut interval = None;
    let mut operands: Vec<String> = Vec::new();
    let mut iter = filter::GnuArgs::new(args);
    while let Some(arg) = iter.next_option(&mut operands) {
        let (flag, inline) = if let Some(long) = arg.strip_prefix("--") {
            match long.split_once('=') {
                Some(("lines", v)) => ('n', Some(String::from(v))),
                Some(("bytes", v)) => ('c', Some(String::from(v))),
                Some(("sleep-interval", v)) => ('s', Some(String::from(v))),
                Some(("follow", "descriptor" | "name")) => ('f', None),
                None if long == "quiet" || long == "silent" => ('q', None),
                None if long == "verbose" => ('v', None),
                None if long == "follow" => ('f', None),
                None if long == "zero-terminated" => ('z', None),
                None if long == "lines" => ('n', None),
                None if long == "bytes" => ('c', None),
                None if long == "sleep-interval" => ('s', None),
                _ => return super::gnu_unrecognized_option(ctx, "tail", arg),
            }
        } else {
            let rest: String = arg.chars().skip(1).collect();
            // The old form: -3 is -n 3.
            if rest.chars().all(|c| c.is_ascii_digit()) {
                mode = Mode::Lines(rest.parse::<usize>().unwrap_or(usize::MAX));
                continue;
            }
            // Flags one after another (`-qf`), the last may take a value
            // (`-fn5`).
            let mut found = None;
            for (at, flag) in rest.char_indices() {
                match flag {
                    'q' => headers = Some(false),
                    'v' => headers = Some(true),
                    'z' => zero = true,
                    'f' | 'F' => follow = true,
                    'n' | 'c' | 's' => {
                        let value = rest.get(at + 1..).unwrap_or_default();
                        found = Some((flag, (!value.is_empty()).then(|| String::from(value))));
                        break;
                    }
                    _ => return super::gnu_invalid_option(ctx, "tail", flag),
                }
            }
            match found {
                Some(f) => f,
                None => continue,
            }
        };
        match flag {
            'q' => headers = Some(false),
            'v' => headers = Some(true),
            'z' => zero = true,
            'f' => follow = true,
            _ => {
                let value = match filter::option_value(ctx, "tail", flag, inline, &mut iter) {
                    Ok(v) => v,
                    Err(started) => return started,
                };
                if flag == 's' {
                    match super::tail_follow::parse_seconds(&value) {
                        Some(d) => interval = Some(d),
                        None => {
                            ctx.err(&format!(
                                "tail: invalid number of seconds: {}\n",
                                filter::quote(&value)
                            ));
                            return Started::Exited(1);
                        }
                    }
                    continue;
                }
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
    // Following a pipe is ignored: it ends when its writer does.
    if operands.is_empty() {
        return filter::run_stdin(ctx, Tail::new(mode, zero));
    }
    if filter::dash_reads_pipe(ctx, &operands) {
        return super::stdin_wait::start(ctx, start, args);
    }
    let headers = headers.unwrap_or(operands.len() > 1);
    let mut status = 0;
    let mut first = true;
    let mut followed = Vec::new();
    for name in &operands {
        match filter::read_operand(ctx, name) {
            Ok(text) => {
                if headers {
                    let shown = if name == "-" { "standard input" } else { name };
                    let gap = if first { "" } else { "\n" };
                    ctx.out(&format!("{gap}==> {shown} <==\n"));
                }
                first = false;
                let mut tail = Tail::new(mode, zero);
                filter::feed(ctx, &mut tail, &text);
                if tail.end(ctx) != 0 {
                    return Started::Exited(1);
                }
                if name != "-" {
                    followed.push((name.clone(), text.len()));
                }
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
    if !follow {
        return Started::Exited(status);
    }
    if followed.is_empty() {
        ctx.err("tail: no files remaining\n");
        return Started::Exited(1);
    }
    super::tail_follow::start(ctx, followed, headers, interval)
}
