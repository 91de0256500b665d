//! GNU grep 3.8: print the lines that match a pattern, from files or
//! standard input. Options: `-i -v -c -n -w -x -o -q -s -h -H -l -L -m
//! -A -B -C -E -F -G -e`; the other real options give an honest "not available" error.
//! Exit status 0 if a line was selected, 1 if none, 2 on an error.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::filter::{self, LineFilter};
use super::grep_context::Context;
use super::regex::{Options, Regex, Syntax};
use crate::process::{Ctx, Started};

/// What GNU grep prints after a usage error.
const USAGE: &str =
    "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";

/// `grep --help` as the lab has it.
const HELP: &str = "Usage: grep [OPTION]... PATTERNS [FILE]...
Search for PATTERNS in each FILE.
Example: grep -i 'hello world' menu.h main.c
PATTERNS can contain multiple patterns separated by newlines.

Options the lab has:
  -E, --extended-regexp     PATTERNS are extended regular expressions
  -F, --fixed-strings       PATTERNS are strings
  -G, --basic-regexp        PATTERNS are basic regular expressions
  -e, --regexp=PATTERNS     use PATTERNS for matching
  -i, --ignore-case         ignore case distinctions in patterns and data
  -w, --word-regexp         match only whole words
  -x, --line-regexp         match only whole lines
  -v, --invert-match        select non-matching lines
  -c, --count               print only a count of selected lines per FILE
  -n, --line-number         print line number with output lines
  -o, --only-matching       show only nonempty parts of lines that match
  -q, --quiet, --silent     suppress all normal output
  -s, --no-messages         suppress error messages
  -l, --files-with-matches  print only names of FILEs with selected lines
  -L, --files-without-match print only names of FILEs with no selected lines
  -m, --max-count=NUM       stop after NUM selected lines
  -A, --after-context=NUM   print NUM lines of trailing context
  -B, --before-context=NUM  print NUM lines of leading context
  -C, --context=NUM         print NUM lines of output context
  -NUM                      same as --context=NUM
      --line-buffered       flush output on every line
  -H, --with-filename       print file name with output lines
  -h, --no-filename         suppress the file name prefix on output

When FILE is '-', read standard input.  With no FILE, read '.' if
recursive, '-' otherwise.  With fewer than two FILEs, assume -h.
Exit status is 0 if any line is selected, 1 otherwise;
if any error occurs and -q is not given, the exit status is 2.
";

/// The matcher and what it prints, for one input at a time.
#[derive(Debug)]
struct Grep {
    regex: Regex,
    invert: bool,
    count_only: bool,
    number: bool,
    only: bool,
    quiet: bool,
    /// `-l` (Some(true)) or `-L` (Some(false)): list file names only.
    list: Option<bool>,
    /// `-m N`: stop after N selected lines.
    max_count: Option<usize>,
    /// `-A`, `-B`, `-C`.
    context: Context,
    /// The input has NUL bytes: a match is reported, not printed.
    binary: bool,
    /// Output waiting in the stdio buffer (when standard output is a pipe
    /// and not `--line-buffered`).
    buffer: Option<String>,
    /// The input's name for `-l`/`-L`.
    name: String,
    /// The file name prefix (`name:`), when several files are searched.
    label: Option<String>,
    line_no: usize,
    count: usize,
    selected_any: bool,
}

/// The size of the stdio buffer grep's output gets when it goes to a pipe
/// (glibc uses the pipe's st_blksize, 4096 on Linux).
const PIPE_BUFFER: usize = 4096;

impl Grep {
    /// Writes output: at once to the terminal or a file, through a
    /// 4096-byte buffer to a pipe, as glibc's stdio does (so
    /// `ping 127.0.0.1 | grep ttl | cat` shows nothing for a while, and
    /// `--line-buffered` is the cure).
    fn emit(&mut self, ctx: &mut Ctx<'_>, text: &str) {
        let Some(buffer) = &mut self.buffer else {
            ctx.out(text);
            return;
        };
        buffer.push_str(text);
        if buffer.len() >= PIPE_BUFFER {
            let mut cut = buffer.len() - buffer.len() % PIPE_BUFFER;
            while !buffer.is_char_boundary(cut) {
                cut -= 1;
            }
            let rest = buffer.split_off(cut);
            let full = core::mem::replace(buffer, rest);
            ctx.out(&full);
        }
    }

    /// Writes what the buffer holds (at exit).
    fn flush(&mut self, ctx: &mut Ctx<'_>) {
        if let Some(buffer) = &mut self.buffer {
            let text = core::mem::take(buffer);
            ctx.out(&text);
        }
    }

    /// `name:` and `N:` before a selected line (`-` for a context line).
    fn prefix(&self, n: usize, separator: char) -> String {
        let mut prefix = String::new();
        if let Some(label) = &self.label {
            prefix.push_str(label);
            prefix.push(separator);
        }
        if self.number {
            prefix.push_str(&format!("{n}{separator}"));
        }
        prefix
    }
}

impl LineFilter for Grep {
    fn line(&mut self, ctx: &mut Ctx<'_>, line: &str) -> bool {
        let text = line.strip_suffix('\n').unwrap_or(line);
        let printing_lines = !self.count_only && !self.quiet && self.list.is_none() && !self.only;
        if self.max_count.is_some_and(|m| self.count >= m) {
            // After the last selected line, -A's lines still print.
            if printing_lines && self.context.owes() {
                self.line_no += 1;
                self.context.other(self.line_no, text);
                self.emit(ctx, &format!("{}{text}\n", self.prefix(self.line_no, '-')));
                return self.context.owes();
            }
            return false;
        }
        self.line_no += 1;
        if text.contains('\0') {
            self.binary = true;
        }
        if self.regex.is_match(text) == self.invert {
            if printing_lines && self.context.active() && self.context.other(self.line_no, text) {
                self.emit(ctx, &format!("{}{text}\n", self.prefix(self.line_no, '-')));
            }
            return true;
        }
        self.selected_any = true;
        self.count += 1;
        if self.quiet || self.list.is_some() {
            // grep -q, -l and -L stop at the first selected line.
            return false;
        }
        let more = self.max_count.is_none_or(|m| self.count < m);
        if self.count_only {
            return more;
        }
        if self.binary && !self.count_only {
            // GNU grep 3.8 prints no lines of a binary file (one with NUL
            // bytes), only this, on standard error.
            ctx.err(&format!("grep: {}: binary file matches\n", self.name));
            return false;
        }
        let prefix = self.prefix(self.line_no, ':');
        if printing_lines && self.context.active() {
            let (separator, held) = self.context.selected(self.line_no);
            if separator {
                self.emit(ctx, "--\n");
            }
            for (n, held_text) in held {
                self.emit(ctx, &format!("{}{held_text}\n", self.prefix(n, '-')));
            }
        }
        // With -A, the lines after the last one -m allows still print.
        let more = more || (printing_lines && self.context.owes());
        if !self.only {
            self.emit(ctx, &format!("{prefix}{text}\n"));
        } else if !self.invert {
            for m in self.regex.find_all(text) {
                self.emit(ctx, &format!("{prefix}{m}\n"));
            }
        }
        more
    }

    fn end(&mut self, ctx: &mut Ctx<'_>) -> i32 {
        self.context.new_input();
        let status = self.report(ctx);
        self.flush(ctx);
        status
    }
}

impl Grep {
    /// What grep prints at the end of an input (`-c`, `-l`, `-L`), and the
    /// status so far.
    fn report(&mut self, ctx: &mut Ctx<'_>) -> i32 {
        if let Some(with_match) = self.list {
            if !self.quiet && with_match == (self.count > 0) {
                self.emit(ctx, &format!("{}\n", self.name));
            }
        } else if self.count_only && !self.quiet {
            match &self.label {
                Some(label) => self.emit(ctx, &format!("{label}:{}\n", self.count)),
                None => self.emit(ctx, &format!("{}\n", self.count)),
            }
        }
        if self.selected_any { 0 } else { 1 }
    }
}

/// The options as parsed.
#[derive(Debug, Default)]
struct Parsed {
    patterns: Vec<String>,
    explicit: bool,
    syntax: Option<Syntax>,
    ignore_case: bool,
    word: bool,
    line: bool,
    invert: bool,
    count_only: bool,
    number: bool,
    only: bool,
    quiet: bool,
    no_messages: bool,
    list: Option<bool>,
    max_count: Option<usize>,
    line_buffered: bool,
    after: Option<usize>,
    before: Option<usize>,
    with_filename: Option<bool>,
    operands: Vec<String>,
}

/// Parses grep's arguments, permuting as GNU getopt does. `Err` holds the
/// exit status after the error was printed.
fn parse(ctx: &mut Ctx<'_>, args: &[String]) -> Result<Parsed, i32> {
    let mut p = Parsed::default();
    let mut iter = filter::GnuArgs::new(args);
    while let Some(arg) = iter.next_option(&mut p.operands) {
        if let Some(long) = arg.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (long, None),
            };
            match name {
                "regexp" => {
                    let v = match value {
                        Some(v) => String::from(v),
                        None => match iter.next_value() {
                            Some(v) => v.clone(),
                            None => {
                                ctx.err(&format!(
                                    "grep: option '--regexp' requires an argument\n{USAGE}"
                                ));
                                return Err(2);
                            }
                        },
                    };
                    p.patterns.push(v);
                    p.explicit = true;
                }
                "extended-regexp" => p.syntax = Some(Syntax::Extended),
                "fixed-strings" => p.syntax = Some(Syntax::Fixed),
                "basic-regexp" => p.syntax = Some(Syntax::Basic),
                "ignore-case" => p.ignore_case = true,
                "no-ignore-case" => p.ignore_case = false,
                "word-regexp" => p.word = true,
                "line-regexp" => p.line = true,
                "invert-match" => p.invert = true,
                "count" => p.count_only = true,
                "line-number" => p.number = true,
                "only-matching" => p.only = true,
                "quiet" | "silent" => p.quiet = true,
                "no-messages" => p.no_messages = true,
                "with-filename" => p.with_filename = Some(true),
                "no-filename" => p.with_filename = Some(false),
                "color" | "colour" => {}
                "line-buffered" => p.line_buffered = true,
                "after-context" | "before-context" | "context" => {
                    let v = value
                        .map(String::from)
                        .or_else(|| iter.next_value().cloned());
                    let n = context_length(ctx, v.as_deref(), 'A')?;
                    if name != "before-context" {
                        p.after = Some(n);
                    }
                    if name != "after-context" {
                        p.before = Some(n);
                    }
                }
                "files-with-matches" => p.list = Some(true),
                "files-without-match" => p.list = Some(false),
                "max-count" => {
                    let v = value
                        .map(String::from)
                        .or_else(|| iter.next_value().cloned());
                    p.max_count = Some(max_count(ctx, v.as_deref())?);
                }
                "help" => {
                    ctx.out(HELP);
                    return Err(0);
                }
                "version" => {
                    ctx.out("grep (GNU grep) 3.8\n");
                    return Err(0);
                }
                _ => {
                    ctx.err(&format!("grep: unrecognized option '{arg}'\n{USAGE}"));
                    return Err(2);
                }
            }
            continue;
        }
        let flags: Vec<char> = arg.chars().skip(1).collect();
        for (i, c) in flags.iter().enumerate() {
            match c {
                'e' => {
                    let rest: String = flags.iter().skip(i + 1).collect();
                    let v = if rest.is_empty() {
                        match iter.next_value() {
                            Some(v) => v.clone(),
                            None => {
                                ctx.err(&format!(
                                    "grep: option requires an argument -- 'e'\n{USAGE}"
                                ));
                                return Err(2);
                            }
                        }
                    } else {
                        rest
                    };
                    p.patterns.push(v);
                    p.explicit = true;
                    break;
                }
                'E' => p.syntax = Some(Syntax::Extended),
                'F' => p.syntax = Some(Syntax::Fixed),
                'G' => p.syntax = Some(Syntax::Basic),
                'i' | 'y' => p.ignore_case = true,
                'w' => p.word = true,
                'x' => p.line = true,
                'v' => p.invert = true,
                'c' => p.count_only = true,
                'n' => p.number = true,
                'o' => p.only = true,
                'q' => p.quiet = true,
                's' => p.no_messages = true,
                'H' => p.with_filename = Some(true),
                'h' => p.with_filename = Some(false),
                'l' => p.list = Some(true),
                'L' => p.list = Some(false),
                'm' => {
                    let rest: String = flags.iter().skip(i + 1).collect();
                    let v = if rest.is_empty() {
                        iter.next_value().cloned()
                    } else {
                        Some(rest)
                    };
                    p.max_count = Some(max_count(ctx, v.as_deref())?);
                    break;
                }
                'A' | 'B' | 'C' => {
                    let rest: String = flags.iter().skip(i + 1).collect();
                    let v = if rest.is_empty() {
                        iter.next_value().cloned()
                    } else {
                        Some(rest)
                    };
                    let n = context_length(ctx, v.as_deref(), *c)?;
                    if *c != 'B' {
                        p.after = Some(n);
                    }
                    if *c != 'A' {
                        p.before = Some(n);
                    }
                    break;
                }
                'D' | 'I' | 'P' | 'R' | 'T' | 'U' | 'Z' | 'a' | 'b' | 'd' | 'f' | 'r' | 'u'
                | 'z' => {
                    ctx.err(&format!(
                        "grep: option -{c} is not available in this lab (see 'man grep')\n"
                    ));
                    return Err(2);
                }
                '0'..='9' => {
                    // -NUM is -C NUM.
                    let digits: String = flags
                        .iter()
                        .skip(i)
                        .take_while(|d| d.is_ascii_digit())
                        .collect();
                    if flags.iter().skip(i).any(|d| !d.is_ascii_digit()) {
                        ctx.err(&format!(
                            "grep: options after -NUM are not available in this lab ({arg})\n"
                        ));
                        return Err(2);
                    }
                    let n = context_length(ctx, Some(&digits), 'C')?;
                    p.after = Some(n);
                    p.before = Some(n);
                    break;
                }
                'V' => {
                    ctx.out("grep (GNU grep) 3.8\n");
                    return Err(0);
                }
                _ => {
                    ctx.err(&format!("grep: invalid option -- '{c}'\n{USAGE}"));
                    return Err(2);
                }
            }
        }
    }
    if !p.explicit {
        if p.operands.is_empty() {
            ctx.err(USAGE);
            return Err(2);
        }
        p.patterns.push(p.operands.remove(0));
    }
    Ok(p)
}

/// A context length (`-A`, `-B`, `-C` value), or GNU's error.
fn context_length(ctx: &mut Ctx<'_>, value: Option<&str>, option: char) -> Result<usize, i32> {
    let Some(value) = value else {
        ctx.err(&format!(
            "grep: option requires an argument -- '{option}'\n{USAGE}"
        ));
        return Err(2);
    };
    match value.parse::<usize>() {
        Ok(n) => Ok(n),
        Err(_) => {
            ctx.err(&format!("grep: {value}: invalid context length argument\n"));
            Err(2)
        }
    }
}

/// `-m`'s value: a count, or GNU's `invalid max count` (status 2).
fn max_count(ctx: &mut Ctx<'_>, value: Option<&str>) -> Result<usize, i32> {
    let Some(value) = value else {
        ctx.err(&format!(
            "grep: option requires an argument -- 'm'\n{USAGE}"
        ));
        return Err(2);
    };
    match value.parse::<i64>() {
        // A negative count means no limit.
        Ok(n) if n < 0 => Ok(usize::MAX),
        Ok(n) => Ok(usize::try_from(n).unwrap_or(usize::MAX)),
        Err(_) => {
            ctx.err("grep: invalid max count\n");
            Err(2)
        }
    }
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let p = match parse(ctx, args) {
        Ok(p) => p,
        Err(status) => return Started::Exited(status),
    };
    // Patterns separated by newlines are alternatives.
    let patterns: Vec<String> = p
        .patterns
        .iter()
        .flat_map(|s| s.split('\n'))
        .map(String::from)
        .collect();
    let options = Options {
        syntax: p.syntax.unwrap_or(Syntax::Basic),
        ignore_case: p.ignore_case,
        word: p.word,
        line: p.line,
    };
    let regex = match Regex::new(&patterns, options) {
        Ok((regex, warnings)) => {
            for w in warnings {
                ctx.err(&format!("grep: {w}\n"));
            }
            regex
        }
        Err(message) => {
            ctx.err(&format!("grep: {message}\n"));
            return Started::Exited(2);
        }
    };
    let several = p.operands.len() > 1;
    let mut grep = Grep {
        regex,
        invert: p.invert,
        count_only: p.count_only,
        number: p.number,
        only: p.only,
        quiet: p.quiet,
        list: p.list,
        max_count: p.max_count,
        binary: false,
        buffer: (ctx.stdout_is_pipe() && !p.line_buffered).then(String::new),
        context: Context::new(p.before.unwrap_or(0), p.after.unwrap_or(0)),
        name: String::from("(standard input)"),
        label: None,
        line_no: 0,
        count: 0,
        selected_any: false,
    };
    let with_names = p.with_filename.unwrap_or(several);
    if p.operands.is_empty() {
        if with_names {
            grep.label = Some(String::from("(standard input)"));
        }
        return filter::run_stdin(ctx, grep);
    }
    let mut error = false;
    for name in &p.operands {
        let text = if name == "-" {
            Ok(String::from(ctx.stdin().unwrap_or_default()))
        } else {
            filter::read_file(ctx, name)
        };
        match text {
            Ok(text) => {
                grep.label = with_names.then(|| {
                    if name == "-" {
                        String::from("(standard input)")
                    } else {
                        name.clone()
                    }
                });
                grep.name = if name == "-" {
                    String::from("(standard input)")
                } else {
                    name.clone()
                };
                grep.line_no = 0;
                grep.count = 0;
                grep.binary = text.contains('\0');
                let stopped = !filter::feed(ctx, &mut grep, &text);
                if stopped && grep.quiet {
                    return Started::Exited(0);
                }
                grep.end(ctx);
            }
            Err(e) => {
                if !p.no_messages {
                    ctx.err(&format!("grep: {name}: {}\n", e.message()));
                }
                error = true;
            }
        }
    }
    Started::Exited(match (error, grep.selected_any) {
        (true, _) => 2,
        (false, true) => 0,
        (false, false) => 1,
    })
}
