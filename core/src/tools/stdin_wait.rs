//! Starting a command that reads all of its standard input at once (`sed`,
//! `nc`) behind a pipe: it waits until the writer has finished, then starts
//! with the whole input as text. (The real ones read as data comes; the
//! output is the same once the input ends.)

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use super::StartFn;
use crate::process::{Ctx, Process, Started, Stdio};

/// The command, first collecting its input, then running.
#[derive(Debug)]
struct AfterEof {
    start: StartFn,
    argv: Vec<String>,
    input: String,
    running: Option<(Box<dyn Process>, Stdio)>,
}

impl Process for AfterEof {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        if let Some((process, stdio)) = &mut self.running {
            return ctx.with_stdio(stdio, |c| process.poll(c));
        }
        let read = ctx.read_stdin_pipe().unwrap_or_default();
        if self.input.len() < ctx.sys().pipe_size() {
            self.input.push_str(&read.data);
        }
        if !read.eof && ctx.stdio().stdin_pipe.is_some() {
            return None;
        }
        let stdio = Stdio {
            stdin: Some(core::mem::take(&mut self.input)),
            stdin_pipe: None,
            stdin_from_pipe: true,
            ..ctx.stdio().clone()
        };
        let start = self.start;
        let argv = core::mem::take(&mut self.argv);
        match ctx.with_stdio(&stdio, |c| start(c, &argv)) {
            Started::Exited(status) => Some(status),
            Started::Running(process) => {
                self.running = Some((process, stdio));
                None
            }
        }
    }

    fn interrupt(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        match &mut self.running {
            Some((process, stdio)) => ctx.with_stdio(stdio, |c| process.interrupt(c)),
            None => Some(130),
        }
    }
}

/// Starts `start` once its piped standard input has ended.
pub(crate) fn start(ctx: &mut Ctx<'_>, start: StartFn, argv: &[String]) -> Started {
    let mut process = AfterEof {
        start,
        argv: argv.to_vec(),
        input: String::new(),
        running: None,
    };
    match process.poll(ctx) {
        Some(status) => Started::Exited(status),
        None => Started::Running(Box::new(process)),
    }
}
