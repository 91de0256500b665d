//! coreutils `head`: the first lines (`-n N`, `-N`) or bytes (`-c N`) of
//! files or standard input; `-n -N` / `-c -N` print all but the last N
//! lines / bytes; `-z` takes NUL-terminated lines. Behind
//! a pipe it stops reading once it has its lines, so the writer gets
//! SIGPIPE (`ping 127.0.0.1 | head -3` ends).

use alloc::collections::VecDeque;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::filter::{self, LineFilter};
use crate::process::{Ctx, Started};

/// What to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// The first N lines.
    Lines(usize),
    /// All but the last N lines.
    AllButLast(usize),
    /// The first N bytes.
    Bytes(usize),
    /// All but the last N bytes.
    AllButLastBytes(usize),
}

#[derive(Debug)]
struct Head {
    mode: Mode,
    done: usize,
    held: VecDeque<String>,
    held_bytes: usize,
    /// The hold limit was reached: memory exhausted (exit 1).
    cut: bool,
    /// Lines end with NUL (`-z`).
    zero: bool,
}

impl Head {
    fn new(mode: Mode, zero: bool) -> Self {
        Head {
            mode,
            done: 0,
            held: VecDeque::new(),
            held_bytes: 0,
            cut: false,
            zero,
        }
    }

    /// Holds `line` back; false (after saying so) once that would pass
    /// [`filter::HOLD_LIMIT`].
    fn hold(&mut self, ctx: &mut Ctx<'_>, line: &str) -> bool {
        if self.held_bytes + line.len() > filter::HOLD_LIMIT {
            self.cut = true;
            ctx.err(&filter::hold_notice("head"));
            return false;
        }
        self.held.push_back(String::from(line));
        self.held_bytes += line.len();
        true
    }

    /// True if nothing at all is to be read (`head -n 0`).
    fn wants_nothing(&self) -> bool {
        matches!(self.mode, Mode::Lines(0) | Mode::Bytes(0))
    }
}

impl LineFilter for Head {
    fn line(&mut self, ctx: &mut Ctx<'_>, line: &str) -> bool {
        match self.mode {
            Mode::Lines(n) => {
                ctx.out(line);
                self.done += 1;
                self.done < n
            }
            Mode::AllButLast(n) => {
                if !self.hold(ctx, line) {
                    return false;
                }
                if self.held.len() > n
                    && let Some(first) = self.held.pop_front()
                {
                    self.held_bytes -= first.len();
                    ctx.out(&first);
                }
                true
            }
            Mode::AllButLastBytes(n) => {
                // Whole lines that lie before the last N bytes go out.
                while self
                    .held
                    .front()
                    .is_some_and(|f| self.held_bytes - f.len() + line.len() >= n)
                {
                    if let Some(first) = self.held.pop_front() {
                        self.held_bytes -= first.len();
                        ctx.out(&first);
                    }
                }
                self.hold(ctx, line)
            }
            Mode::Bytes(n) => {
                let left = n.saturating_sub(self.done);
                let mut take = line.len().min(left);
                while !line.is_char_boundary(take) {
                    take -= 1;
                }
                ctx.out(line.get(..take).unwrap_or_default());
                // A cut inside a character still counts its bytes.
                self.done += if take < line.len() { left } else { take };
                self.done < n
            }
        }
    }

    fn end(&mut self, ctx: &mut Ctx<'_>) -> i32 {
        if self.cut {
            return 1;
        }
        if let Mode::AllButLastBytes(n) = self.mode {
            let text: String = self.held.drain(..).collect();
            let mut keep = text.len().saturating_sub(n);
            while !text.is_char_boundary(keep) {
                keep -= 1;
            }
            ctx.out(text.get(..keep).unwrap_or_default());
        }
        0
    }

    fn delimiter(&self) -> char {
        if self.zero { '\0' } else { '\n' }
    }
}

/// Parses a count: digits, or for lines `-N` (all but the last N).
fn parse_count(value: &str, bytes: bool) -> Result<Mode, String> {
    let what = if bytes { "bytes" } else { "lines" };
    let bad = || format!("invalid number of {what}: {}", filter::quote(value));
    let (all_but, digits) = match value.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, value.strip_prefix('+').unwrap_or(value)),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let n = digits.parse::<usize>().unwrap_or(usize::MAX);
    Ok(match (bytes, all_but) {
        (false, false) => Mode::Lines(n),
        (false, true) => Mode::AllButLast(n),
        (true, false) => Mode::Bytes(n),
        (true, true) => Mode::AllButLastBytes(n),
    })
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut mode = Mode::Lines(10);
    let mut headers: Option<bool> = None;
    let mut zero = false;
    let mut operands: Vec<String> = Vec::new();
    let mut iter = filter::GnuArgs::new(args);
    while let Some(arg) = iter.next_option(&mut operands) {
        let (flag, inline) = if let Some(long) = arg.strip_prefix("--") {
            match long.split_once('=') {
                Some(("lines", v)) => ('n', Some(String::from(v))),
                Some(("bytes", v)) => ('c', Some(String::from(v))),
                None if long == "quiet" || long == "silent" => ('q', None),
                None if long == "verbose" => ('v', None),
                None if long == "zero-terminated" => ('z', None),
                None if long == "lines" => ('n', None),
                None if long == "bytes" => ('c', None),
                _ => return super::gnu_unrecognized_option(ctx, "head", arg),
            }
        } else {
            let rest: String = arg.chars().skip(1).collect();
            // The old form: -3 is -n 3.
            if rest.chars().all(|c| c.is_ascii_digit()) {
                mode = Mode::Lines(rest.parse::<usize>().unwrap_or(usize::MAX));
                continue;
            }
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                let bad = rest.chars().find(|c| !c.is_ascii_digit()).unwrap_or('-');
                return filter::usage_error(
                    ctx,
                    "head",
                    &format!("invalid trailing option -- {bad}"),
                    1,
                );
            }
            // Flags one after another (`-qz`), the last may take a value
            // (`-zn5`).
            let mut found = None;
            for (at, flag) in rest.char_indices() {
                match flag {
                    'q' => headers = Some(false),
                    'v' => headers = Some(true),
                    'z' => zero = true,
                    'n' | 'c' => {
                        let value = rest.get(at + 1..).unwrap_or_default();
                        found = Some((flag, (!value.is_empty()).then(|| String::from(value))));
                        break;
                    }
                    _ => return super::gnu_invalid_option(ctx, "head", flag),
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
            _ => {
                let value = match filter::option_value(ctx, "head", flag, inline, &mut iter) {
                    Ok(v) => v,
                    Err(started) => return started,
                };
                match parse_count(&value, flag == 'c') {
                    Ok(m) => mode = m,
                    Err(message) => {
                        ctx.err(&format!("head: {message}\n"));
                        return Started::Exited(1);
                    }
                }
            }
        }
    }
    if operands.is_empty() {
        let head = Head::new(mode, zero);
        if head.wants_nothing() {
            return Started::Exited(0);
        }
        return filter::run_stdin(ctx, head);
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
                let mut head = Head::new(mode, zero);
                if !head.wants_nothing() {
                    filter::feed(ctx, &mut head, &text);
                    if head.end(ctx) != 0 {
                        return Started::Exited(1);
                    }
                }
            }
            Err(e) => {
                ctx.err(&format!(
                    "head: cannot open '{name}' for reading: {}\n",
                    e.message()
                ));
                status = 1;
            }
        }
    }
    Started::Exited(status)
}
