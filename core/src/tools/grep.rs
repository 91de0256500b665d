//! GNU grep 3.8: print the lines that match a pattern, from files or
//! standard input, or with `-r` the files under directories
//! ([`super::grep_files`]). Options: `-i -v -c -n -w -x -o -q -s -h -H -l
//! -L -m -A -B -C -E -F -G -e -f -r -R -d -D -a -I -U -u -b -T -Z -z`,
//! `--include --exclude --exclude-dir --label --binary-files`. This grep is
//! built without PCRE: `-P` says so, in grep's words for such a build.
//! Exit status 0 if a line was selected, 1 if none, 2 on an error.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::filter::{self, LineFilter};
use super::grep_context::Context;
use super::grep_files::{self, Directories, Globs};
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

Pattern selection and interpretation:
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
  -f, --file=FILE           take PATTERNS from FILE
  -b, --byte-offset         print the byte offset with output lines
  -H, --with-filename       print file name with output lines
  -h, --no-filename         suppress the file name prefix on output
      --label=LABEL         use LABEL as the standard input file name prefix
  -T, --initial-tab         make tabs line up (if needed)
  -Z, --null                print 0 byte after FILE name
  -z, --null-data           a data line ends in 0 byte, not newline
  -a, --text                equivalent to --binary-files=text
  -I                        equivalent to --binary-files=without-match
      --binary-files=TYPE   assume that binary files are TYPE;
                            TYPE is 'binary', 'text', or 'without-match'
  -d, --directories=ACTION  how to handle directories;
                            ACTION is 'read', 'recurse', or 'skip'
  -D, --devices=ACTION      how to handle devices, FIFOs and sockets;
                            ACTION is 'read' or 'skip'
  -r, --recursive           like --directories=recurse
  -R, --dereference-recursive  likewise, but follow all symlinks
      --include=GLOB        search only files that match GLOB (a file pattern)
      --exclude=GLOB        skip files that match GLOB
      --exclude-dir=GLOB    skip directories that match GLOB

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
    /// What ends a line: `\n`, or NUL with `-z`.
    eol: char,
    /// `-b`: the byte offset of each line.
    byte_offset: bool,
    /// The offset of the next line (`-b`).
    offset: usize,
    /// `-T`: a tab after the prefix, and numbers as wide as the input's
    /// size can need (19 digits when it has no size: a pipe).
    initial_tab: bool,
    /// The width of numbers under `-T`.
    width: usize,
    /// `-Z`: NUL after a file name instead of `:` or a newline.
    null: bool,
    /// `--binary-files`.
    binary_files: BinaryFiles,
}

/// What grep does with a file holding NUL bytes (`--binary-files`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum BinaryFiles {
    /// `binary`: `binary file matches` instead of its lines.
    #[default]
    Binary,
    /// `text` (`-a`): as any file.
    Text,
    /// `without-match` (`-I`): it matches nothing.
    WithoutMatch,
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

    /// `name:`, `N:` and `OFFSET:` before a selected line (`-` for a
    /// context line), as GNU's print_line_head writes them.
    fn prefix(&self, n: usize, separator: char) -> String {
        self.prefix_at(n, self.offset, separator)
    }

    fn prefix_at(&self, n: usize, offset: usize, separator: char) -> String {
        let mut prefix = String::new();
        if let Some(label) = &self.label {
            prefix.push_str(label);
            prefix.push(if self.null { '\0' } else { separator });
        }
        let width = if self.initial_tab { self.width } else { 0 };
        if self.number {
            prefix.push_str(&format!("{n:>width$}{separator}"));
        }
        if self.byte_offset {
            prefix.push_str(&format!("{offset:>width$}{separator}"));
        }
        if self.initial_tab && !prefix.is_empty() {
            prefix.push('\t');
        }
        prefix
    }
}

impl LineFilter for Grep {
    fn line(&mut self, ctx: &mut Ctx<'_>, line: &str) -> bool {
        let more = self.one_line(ctx, line);
        self.offset += line.len();
        more
    }

    fn end(&mut self, ctx: &mut Ctx<'_>) -> i32 {
        self.context.new_input();
        let status = self.report(ctx);
        self.flush(ctx);
        status
    }

    fn delimiter(&self) -> char {
        self.eol
    }
}

impl Grep {
    /// One line (with its end): prints what it selects; false to stop.
    fn one_line(&mut self, ctx: &mut Ctx<'_>, line: &str) -> bool {
        let eol = self.eol;
        let text = line.strip_suffix(eol).unwrap_or(line);
        let printing_lines = !self.count_only && !self.quiet && self.list.is_none() && !self.only;
        if self.max_count.is_some_and(|m| self.count >= m) {
            // After the last selected line, -A's lines still print.
            if printing_lines && self.context.owes() {
                self.line_no += 1;
                self.context.other(self.line_no, text);
                self.emit(
                    ctx,
                    &format!("{}{text}{eol}", self.prefix(self.line_no, '-')),
                );
                return self.context.owes();
            }
            return false;
        }
        self.line_no += 1;
        if eol == '\n' && self.binary_files != BinaryFiles::Text && text.contains('\0') {
            self.binary = true;
            if self.binary_files == BinaryFiles::WithoutMatch {
                return false;
            }
        }
        if self.regex.is_match(text) == self.invert {
            if printing_lines && self.context.active() && self.context.other(self.line_no, text) {
                self.emit(
                    ctx,
                    &format!("{}{text}{eol}", self.prefix(self.line_no, '-')),
                );
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
        if self.binary && self.binary_files == BinaryFiles::Binary {
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
            // The held lines come right before this one: their offsets
            // count back from it.
            let mut at = self.offset;
            let offsets: Vec<usize> = held
                .iter()
                .rev()
                .map(|(_, t)| {
                    at = at.saturating_sub(t.len() + eol.len_utf8());
                    at
                })
                .collect();
            for ((n, held_text), offset) in held.into_iter().zip(offsets.into_iter().rev()) {
                let prefix = self.prefix_at(n, offset, '-');
                self.emit(ctx, &format!("{prefix}{held_text}{eol}"));
            }
        }
        // With -A, the lines after the last one -m allows still print.
        let more = more || (printing_lines && self.context.owes());
        if !self.only {
            self.emit(ctx, &format!("{prefix}{text}{eol}"));
        } else if !self.invert {
            // -o -b: each part's own offset.
            let mut cursor = 0;
            for m in self.regex.find_all(text) {
                let at = text
                    .get(cursor..)
                    .and_then(|rest| rest.find(m.as_str()))
                    .map_or(cursor, |i| cursor + i);
                cursor = at + m.len();
                let prefix = self.prefix_at(self.line_no, self.offset + at, ':');
                self.emit(ctx, &format!("{prefix}{m}{eol}"));
            }
        }
        more
    }

    /// What grep prints at the end of an input (`-c`, `-l`, `-L`), and the
    /// status so far.
    fn report(&mut self, ctx: &mut Ctx<'_>) -> i32 {
        if let Some(with_match) = self.list {
            if !self.quiet && with_match == (self.count > 0) {
                let end = if self.null { '\0' } else { '\n' };
                self.emit(ctx, &format!("{}{end}", self.name));
            }
        } else if self.count_only && !self.quiet {
            let separator = if self.null { '\0' } else { ':' };
            match &self.label {
                Some(label) => self.emit(ctx, &format!("{label}{separator}{}\n", self.count)),
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
    /// `-f FILE`: files of patterns.
    pattern_files: Vec<String>,
    directories: Directories,
    /// `-D skip`: devices are not read.
    skip_devices: bool,
    binary_files: BinaryFiles,
    byte_offset: bool,
    initial_tab: bool,
    null: bool,
    null_data: bool,
    globs: Globs,
    /// `--label`: standard input's name.
    label: Option<String>,
}

/// The value of an option that takes one: `--name=VALUE`, the rest of a
/// short option word, or the next word; GNU's error without one.
fn value_of(
    ctx: &mut Ctx<'_>,
    inline: Option<String>,
    iter: &mut filter::GnuArgs<'_>,
    option: &str,
) -> Result<String, i32> {
    if let Some(v) = inline.or_else(|| iter.next_value().cloned()) {
        return Ok(v);
    }
    let message = match option.strip_prefix("--") {
        Some(long) => format!("option '--{long}' requires an argument"),
        None => format!("option requires an argument -- '{option}'"),
    };
    ctx.err(&format!("grep: {message}\n{USAGE}"));
    Err(2)
}

/// An ACTION of `--directories`/`--devices`, or GNU's errors.
fn action(ctx: &mut Ctx<'_>, value: &str, devices: bool) -> Result<Directories, i32> {
    match value {
        "read" => Ok(Directories::Read),
        "skip" => Ok(Directories::Skip),
        "recurse" if !devices => Ok(Directories::Recurse),
        _ if devices => {
            ctx.err("grep: unknown devices method\n");
            Err(2)
        }
        _ => {
            ctx.err(&format!(
                "grep: invalid argument {} for {}\nValid arguments are:\n  - {}\n  - {}\n  - {}\n{USAGE}",
                filter::quote(value),
                filter::quote("--directories"),
                filter::quote("read"),
                filter::quote("recurse"),
                filter::quote("skip"),
            ));
            Err(2)
        }
    }
}

/// Sets one of the options this file added to grep (those taking no value
/// or one value); false if `flag` is not one of them.
fn other_option(
    ctx: &mut Ctx<'_>,
    p: &mut Parsed,
    flag: &str,
    inline: Option<String>,
    iter: &mut filter::GnuArgs<'_>,
) -> Result<bool, i32> {
    match flag {
        "r" | "R" | "recursive" | "dereference-recursive" => {
            p.directories = Directories::Recurse;
        }
        "a" | "text" => p.binary_files = BinaryFiles::Text,
        "I" => p.binary_files = BinaryFiles::WithoutMatch,
        "U" | "binary" => {}
        "u" | "unix-byte-offsets" => {
            ctx.err("grep: warning: --unix-byte-offsets (-u) is obsolete\n");
        }
        "b" | "byte-offset" => p.byte_offset = true,
        "T" | "initial-tab" => p.initial_tab = true,
        "Z" | "null" => p.null = true,
        "z" | "null-data" => p.null_data = true,
        "P" | "perl-regexp" => {
            ctx.err("grep: Perl matching not supported in a --disable-perl-regexp build\n");
            return Err(2);
        }
        "f" | "file" => {
            let option = if flag == "f" { "f" } else { "--file" };
            p.pattern_files.push(value_of(ctx, inline, iter, option)?);
            p.explicit = true;
        }
        "d" | "directories" => {
            let option = if flag == "d" { "d" } else { "--directories" };
            let v = value_of(ctx, inline, iter, option)?;
            p.directories = action(ctx, &v, false)?;
        }
        "D" | "devices" => {
            let option = if flag == "D" { "D" } else { "--devices" };
            let v = value_of(ctx, inline, iter, option)?;
            p.skip_devices = action(ctx, &v, true)? == Directories::Skip;
        }
        "binary-files" => {
            let v = value_of(ctx, inline, iter, "--binary-files")?;
            p.binary_files = match v.as_str() {
                "binary" => BinaryFiles::Binary,
                "text" => BinaryFiles::Text,
                "without-match" => BinaryFiles::WithoutMatch,
                _ => {
                    ctx.err("grep: unknown binary-files type\n");
                    return Err(2);
                }
            };
        }
        "include" | "exclude" | "exclude-dir" => {
            let v = value_of(ctx, inline, iter, &format!("--{flag}"))?;
            match flag {
                "include" => p.globs.include.push(v),
                "exclude" => p.globs.exclude.push(v),
                _ => p.globs.exclude_dir.push(v),
            }
        }
        "label" => p.label = Some(value_of(ctx, inline, iter, "--label")?),
        _ => return Ok(false),
    }
    Ok(true)
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
                _ if other_option(ctx, &mut p, name, value.map(String::from), &mut iter)? => {}
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
                'f' | 'd' | 'D' => {
                    let rest: String = flags.iter().skip(i + 1).collect();
                    let inline = (!rest.is_empty()).then_some(rest);
                    other_option(ctx, &mut p, &String::from(*c), inline, &mut iter)?;
                    break;
                }
                'I' | 'P' | 'R' | 'T' | 'U' | 'Z' | 'a' | 'b' | 'r' | 'u' | 'z' => {
                    other_option(ctx, &mut p, &String::from(*c), None, &mut iter)?;
                }
                '0'..='9' => {
                    // -NUM is -C NUM; digits one after another make one
                    // number (`-15n` is `-C 15 -n`).
                    if i > 0 && flags.get(i - 1).is_some_and(char::is_ascii_digit) {
                        continue;
                    }
                    let digits: String = flags
                        .iter()
                        .skip(i)
                        .take_while(|d| d.is_ascii_digit())
                        .collect();
                    let n = context_length(ctx, Some(&digits), 'C')?;
                    p.after = Some(n);
                    p.before = Some(n);
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
    let mut p = match parse(ctx, args) {
        Ok(p) => p,
        Err(status) => return Started::Exited(status),
    };
    // -f FILE: a pattern per line (an empty file has none: nothing matches).
    for file in core::mem::take(&mut p.pattern_files) {
        let read = if file == "-" {
            Ok(String::from(ctx.stdin().unwrap_or_default()))
        } else {
            filter::read_file(ctx, &file)
        };
        match read {
            Ok(text) => {
                let body = text.strip_suffix('\n').unwrap_or(&text);
                if !text.is_empty() {
                    p.patterns.push(String::from(body));
                }
            }
            Err(e) => {
                ctx.err(&format!("grep: {file}: {}\n", e.message()));
                return Started::Exited(2);
            }
        }
    }
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
    let stdin_name = p
        .label
        .clone()
        .unwrap_or_else(|| String::from("(standard input)"));
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
        name: stdin_name.clone(),
        label: None,
        line_no: 0,
        count: 0,
        selected_any: false,
        eol: if p.null_data { '\0' } else { '\n' },
        byte_offset: p.byte_offset,
        offset: 0,
        initial_tab: p.initial_tab,
        // Standard input without a size (a pipe, the terminal): as wide as
        // the largest offset (INTMAX_MAX has 19 digits).
        width: if ctx.stdin().is_some() && !ctx.stdin_was_pipe() {
            digits(ctx.stdin().map_or(0, str::len))
        } else {
            19
        },
        null: p.null,
        binary_files: p.binary_files,
    };
    let several = p.operands.len() > 1;
    if p.operands.is_empty() && p.directories != Directories::Recurse {
        if p.with_filename.unwrap_or(false) {
            grep.label = Some(stdin_name);
        }
        return filter::run_stdin(ctx, grep);
    }
    let inputs = grep_files::inputs(ctx, &p.operands, p.directories, &p.globs, &stdin_name);
    let mut error = false;
    for input in inputs {
        if p.skip_devices && input.path.as_deref() == Some(crate::sys::fs::DEV_NULL) {
            continue;
        }
        let text = match &input.path {
            None => Ok(String::from(ctx.stdin().unwrap_or_default())),
            Some(path) if ctx.sys().is_dir(path) => Err(String::from("Is a directory")),
            Some(_) => filter::read_file(ctx, &input.name).map_err(|e| String::from(e.message())),
        };
        match text {
            Ok(text) => {
                let with_names = p.with_filename.unwrap_or(several || input.found);
                grep.label = with_names.then(|| input.name.clone());
                grep.name = input.name.clone();
                grep.line_no = 0;
                grep.count = 0;
                grep.offset = 0;
                grep.width = match &input.path {
                    Some(_) => digits(text.len()),
                    None => grep.width,
                };
                grep.binary = grep.eol == '\n' && text.contains('\0');
                if grep.binary && grep.binary_files == BinaryFiles::WithoutMatch {
                    continue;
                }
                let stopped = !filter::feed(ctx, &mut grep, &text);
                if stopped && grep.quiet {
                    return Started::Exited(0);
                }
                grep.end(ctx);
            }
            Err(message) => {
                if !p.no_messages {
                    ctx.err(&format!("grep: {}: {message}\n", input.name));
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

/// How many decimal digits `n` has.
fn digits(mut n: usize) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}
