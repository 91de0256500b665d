//! The interactive prompt: `>>> ` and `... ` on standard output, lines
//! read from standard input (the terminal), a statement run once it is
//! complete (a compound one after an empty line), the value of an
//! expression statement echoed with `repr`, a traceback that returns to
//! the prompt, Ctrl-C as `KeyboardInterrupt`, end of input (Ctrl-D) as
//! the end of the session.

use alloc::rc::Rc;
use alloc::string::String;

use super::state::{Outcome, Vm};
use super::{STEPS_PER_POLL, compile, exc, lexer, parser};
use crate::process::Ctx;

/// The prompt's state between polls.
#[derive(Debug, Default)]
pub(crate) struct Repl {
    /// The lines of the statement being typed.
    buf: String,
    /// A statement is running.
    running: bool,
    /// The prompt for the next line has been written.
    prompted: bool,
    /// The last thing that happened at the prompt was a Ctrl-C.
    interrupted: bool,
    /// Prompts go to standard error (standard input is not a terminal:
    /// no readline), else to standard output.
    prompt_to_stderr: bool,
}

/// What the prompt makes of the lines typed so far.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Complete {
    /// Run them.
    Yes,
    /// Ask for another line (`... `).
    More,
    /// A syntax error to report.
    Error,
}

/// Whether `src` (the lines typed, each ending in a newline) is a whole
/// statement, as CPython's `codeop` decides: an unclosed bracket or
/// string asks for more, a compound statement runs after an empty line.
pub(crate) fn complete(src: &str) -> Complete {
    let lines: alloc::vec::Vec<&str> = src.lines().collect();
    let last_empty = lines.last().is_some_and(|l| l.trim().is_empty());
    match lexer::tokenize(src) {
        Err(e)
            if e.msg.contains("was never closed")
                || e.msg.starts_with("unterminated triple-quoted") =>
        {
            return Complete::More;
        }
        Err(_) => return Complete::Error,
        Ok(_) => {}
    }
    if src.trim_end().ends_with('\\') {
        return Complete::More;
    }
    let first = lines.first().map_or("", |l| l.trim());
    let word = first
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .next()
        .unwrap_or("");
    let compound = first.ends_with(':')
        || first.starts_with('@')
        || matches!(
            word,
            "if" | "while" | "for" | "def" | "class" | "try" | "with" | "async"
        );
    if compound && !last_empty {
        return Complete::More;
    }
    match parser::parse(src) {
        Ok(_) => Complete::Yes,
        Err(_) => Complete::Error,
    }
}

impl Repl {
    /// A prompt; its prompts go to standard error when `prompt_to_stderr`.
    pub(crate) fn new(prompt_to_stderr: bool) -> Repl {
        Repl {
            prompt_to_stderr,
            ..Repl::default()
        }
    }

    /// Moves the session on: runs what is running, reads what was typed.
    pub(crate) fn poll(&mut self, vm: &mut Vm, ctx: &mut Ctx<'_>) -> Option<i32> {
        for _ in 0..64 {
            if self.running {
                match vm.run(ctx, STEPS_PER_POLL) {
                    Outcome::Blocked => return None,
                    Outcome::Yield => {
                        ctx.sys().sched_yield(super::SLICE_TICKS);
                        ctx.wake_at(ctx.now() + crate::time::Duration::from_millis(1));
                        return None;
                    }
                    Outcome::Exit(_) => {
                        vm.flush(ctx);
                        if let Some(code) = vm.exit {
                            // SystemExit: the session ends.
                            return Some(code);
                        }
                        // The statement is over (or its traceback was
                        // printed): back to the prompt.
                        vm.reset();
                        self.running = false;
                    }
                }
            }
            if !self.prompted {
                vm.flush(ctx);
                self.say(ctx, if self.buf.is_empty() { ">>> " } else { "... " });
                self.prompted = true;
            }
            let line = vm.stdin.line(ctx)?;
            self.prompted = false;
            self.interrupted = false;
            if line.is_empty() {
                self.say(ctx, "\n");
                if self.buf.is_empty() {
                    // End of input at the prompt: the session ends.
                    vm.flush(ctx);
                    return Some(0);
                }
                // End of input inside a statement: what was typed is
                // compiled as it is (its error shows), then the prompt.
                let src = core::mem::take(&mut self.buf);
                if let Err(e) = parser::parse(&src) {
                    ctx.err(&exc::format_syntax_error("<stdin>", &src, &e, true));
                }
                continue;
            }
            self.buf.push_str(&line);
            if !self.buf.ends_with('\n') {
                self.buf.push('\n');
            }
            if self.buf.trim().is_empty() {
                self.buf.clear();
                continue;
            }
            match complete(&self.buf) {
                Complete::More => continue,
                Complete::Error | Complete::Yes => {
                    let src = core::mem::take(&mut self.buf);
                    let parsed = parser::parse(&src).and_then(|body| {
                        compile::compile_module(&body, Rc::from("<stdin>"), None, true)
                    });
                    match parsed {
                        Ok(code) => {
                            vm.start(code);
                            self.running = true;
                        }
                        Err(e) => ctx.err(&exc::format_syntax_error("<stdin>", &src, &e, true)),
                    }
                }
            }
        }
        ctx.wake_at(ctx.now());
        None
    }

    /// Writes prompt text where the prompts go.
    fn say(&self, ctx: &mut Ctx<'_>, text: &str) {
        if self.prompt_to_stderr {
            ctx.err(text);
        } else {
            ctx.out(text);
        }
    }

    /// Ctrl-C at the prompt: `KeyboardInterrupt`, the line dropped; in a
    /// running statement, raised there.
    pub(crate) fn interrupt(&mut self, vm: &mut Vm, ctx: &mut Ctx<'_>) -> Option<i32> {
        if self.running {
            match vm.interrupt(ctx) {
                Outcome::Exit(_) => {
                    vm.flush(ctx);
                    vm.reset();
                    self.running = false;
                }
                _ => return None,
            }
        } else {
            self.buf.clear();
            self.say(ctx, "\nKeyboardInterrupt\n");
            // The lab's terminal delivers no typed input to programs, so at
            // a prompt on the terminal a second Ctrl-C in a row ends the
            // session (where Ctrl-D would), rather than leave a prompt
            // nothing can answer.
            if !self.prompt_to_stderr && self.interrupted {
                vm.flush(ctx);
                return Some(130);
            }
            self.interrupted = true;
        }
        self.prompted = false;
        let _ = self.poll(vm, ctx);
        None
    }
}
