//! What the text filters (`grep`, `head`, `tail`, `wc`, `sort`, `uniq`,
//! `cat`) share: reading their input line by line from files or standard
//! input, and running as a process while a pipe feeds them.

use alloc::boxed::Box;
use alloc::string::String;

use crate::process::{Ctx, Process, Started};
use crate::sys::fs::FileError;

/// The most bytes `tail` (or `head -n -N`) holds back (a lab limit: a
/// flood must not exhaust the page).
pub(crate) const HOLD_LIMIT: usize = 4 << 20;

/// What `tail` and `head` print once when [`HOLD_LIMIT`] is reached.
pub(crate) fn hold_notice(tool: &str) -> String {
    alloc::format!("{tool}: the lab holds at most 4 MiB of input back; older lines were let go\n")
}

/// A filter fed one line at a time.
pub(crate) trait LineFilter: core::fmt::Debug + 'static {
    /// Takes one line, with its `\n` (the last line may lack it). Returns
    /// false when it wants no more input (`head` has its lines).
    fn line(&mut self, ctx: &mut Ctx<'_>, line: &str) -> bool;

    /// The input has ended (or the filter stopped): prints what is left
    /// and returns the exit status.
    fn end(&mut self, ctx: &mut Ctx<'_>) -> i32;
}

/// Feeds `text` line by line; false if the filter stopped early.
pub(crate) fn feed(ctx: &mut Ctx<'_>, filter: &mut dyn LineFilter, text: &str) -> bool {
    text.split_inclusive('\n')
        .all(|line| filter.line(ctx, line))
}

/// Reads a file operand as the real tools open it: the lab's files, the
/// `/proc` files, or a binary file (a capture) as lossy text.
pub(crate) fn read_file(ctx: &mut Ctx<'_>, name: &str) -> Result<String, FileError> {
    let path = crate::shell::absolute_path(name, ctx.cwd());
    if let Ok(text) = ctx.sys().read_file(&path) {
        return Ok(text);
    }
    let bytes = ctx.sys().read_binary(&path)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Runs `filter` on standard input: text from `<` at once, a pipe as it
/// fills (a process until the writer has finished), nothing as empty input.
pub(crate) fn run_stdin<F: LineFilter>(ctx: &mut Ctx<'_>, mut filter: F) -> Started {
    if let Some(text) = ctx.stdin().map(String::from) {
        feed(ctx, &mut filter, &text);
        return Started::Exited(filter.end(ctx));
    }
    if !ctx.stdin_is_pipe() {
        return Started::Exited(filter.end(ctx));
    }
    let mut process = FromPipe {
        filter,
        partial: String::new(),
    };
    match process.poll(ctx) {
        Some(status) => Started::Exited(status),
        None => Started::Running(Box::new(process)),
    }
}

/// A filter reading a pipe.
#[derive(Debug)]
struct FromPipe<F> {
    filter: F,
    /// An incomplete last line, waiting for its newline.
    partial: String,
}

impl<F: LineFilter> Process for FromPipe<F> {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        let read = ctx.read_stdin_pipe().unwrap_or_default();
        self.partial.push_str(&read.data);
        if let Some(cut) = self.partial.rfind('\n') {
            let rest = self.partial.split_off(cut + 1);
            let complete = core::mem::replace(&mut self.partial, rest);
            if !feed(ctx, &mut self.filter, &complete) {
                return Some(self.filter.end(ctx));
            }
        }
        // A line that never ends (`ping -f` dots) is taken as it is once
        // it fills a pipe's worth.
        if self.partial.len() >= ctx.sys().pipe_size() {
            let long = core::mem::take(&mut self.partial);
            if !self.filter.line(ctx, &long) {
                return Some(self.filter.end(ctx));
            }
        }
        if read.eof || !ctx.stdin_is_pipe() {
            let last = core::mem::take(&mut self.partial);
            if !last.is_empty() {
                self.filter.line(ctx, &last);
            }
            return Some(self.filter.end(ctx));
        }
        None
    }
}

/// GNU's pair of lines for a usage error: `MSG` then
/// `Try 'TOOL --help' for more information.` (exit status `status`).
pub(crate) fn usage_error(ctx: &mut Ctx<'_>, tool: &str, message: &str, status: i32) -> Started {
    ctx.err(&alloc::format!(
        "{tool}: {message}\nTry '{tool} --help' for more information.\n"
    ));
    Started::Exited(status)
}

/// A value quoted as coreutils 9.1 quotes it in a UTF-8 locale: `‘x’`.
pub(crate) fn quote(value: &str) -> String {
    alloc::format!("\u{2018}{value}\u{2019}")
}

/// True if some operand is `-` (standard input) while standard input is a
/// pipe still being written: the tool then takes its input whole, once the
/// writer has finished.
pub(crate) fn dash_reads_pipe(ctx: &Ctx<'_>, operands: &[String]) -> bool {
    ctx.stdin_is_pipe() && operands.iter().any(|o| o == "-")
}

/// Reads an operand: `-` is standard input (as text), anything else a file.
pub(crate) fn read_operand(ctx: &mut Ctx<'_>, name: &str) -> Result<String, FileError> {
    if name == "-" {
        Ok(String::from(ctx.stdin().unwrap_or_default()))
    } else {
        read_file(ctx, name)
    }
}

/// The real tool has this option but the lab does not: say so, rather
/// than calling it invalid.
pub(crate) fn not_in_lab(ctx: &mut Ctx<'_>, tool: &str, option: char, status: i32) -> Started {
    ctx.err(&alloc::format!(
        "{tool}: option -{option} is not available in this lab (see 'man {tool}')\n"
    ));
    Started::Exited(status)
}

/// One word after a GNU tool's name, as its getopt sees it: an operand (a
/// plain word, `-`, or anything after `--`) or an option word (`-x...` or
/// `--name[=value]`, the whole word).
#[derive(Debug)]
pub(crate) enum GnuArg<'a> {
    /// A file name, `-`, or a word after `--`.
    Operand(&'a String),
    /// An option word, dashes included.
    Option(&'a String),
}

/// The words after a GNU tool's name, classified; `--` ends the options and
/// is not returned. [`GnuArgs::next_value`] takes the next word whole, for
/// an option whose argument is separate (`-n 5`).
#[derive(Debug)]
pub(crate) struct GnuArgs<'a> {
    words: core::slice::Iter<'a, String>,
    after_dashes: bool,
}

impl<'a> GnuArgs<'a> {
    /// The words of `args` after the command name.
    pub(crate) fn new(args: &'a [String]) -> Self {
        GnuArgs {
            words: args.get(1..).unwrap_or_default().iter(),
            after_dashes: false,
        }
    }

    /// The next word, whatever it looks like (an option's argument).
    pub(crate) fn next_value(&mut self) -> Option<&'a String> {
        self.words.next()
    }

    /// The next option word; the operands before it go to `operands`, as
    /// GNU getopt permutes them to the end.
    pub(crate) fn next_option(
        &mut self,
        operands: &mut alloc::vec::Vec<String>,
    ) -> Option<&'a String> {
        loop {
            match self.next()? {
                GnuArg::Operand(word) => operands.push(word.clone()),
                GnuArg::Option(word) => return Some(word),
            }
        }
    }
}

impl<'a> Iterator for GnuArgs<'a> {
    type Item = GnuArg<'a>;

    fn next(&mut self) -> Option<GnuArg<'a>> {
        loop {
            let word = self.words.next()?;
            if self.after_dashes || word == "-" || !word.starts_with('-') {
                return Some(GnuArg::Operand(word));
            }
            if word == "--" {
                self.after_dashes = true;
                continue;
            }
            return Some(GnuArg::Option(word));
        }
    }
}

/// The argument of option `-FLAG` of `tool`: written in the same word
/// (`inline`: `-n5`, `--lines=5`) or the next word. Without one, GNU's
/// usage error `option requires an argument -- 'n'` (status 1) is printed
/// and returned as `Err`.
pub(crate) fn option_value(
    ctx: &mut Ctx<'_>,
    tool: &str,
    flag: char,
    inline: Option<String>,
    args: &mut GnuArgs<'_>,
) -> Result<String, Started> {
    match inline.or_else(|| args.next_value().cloned()) {
        Some(value) => Ok(value),
        None => Err(usage_error(
            ctx,
            tool,
            &alloc::format!("option requires an argument -- '{flag}'"),
            1,
        )),
    }
}
