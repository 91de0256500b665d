//! coreutils 9.1 `yes [STRING]...`: the words joined by spaces (`y` by
//! default), a line after another until killed. It writes a block of
//! lines each time it runs; a pipe's reader that goes (`yes | head -3`)
//! ends it by SIGPIPE, as the real one ends.

use alloc::boxed::Box;
use alloc::string::String;

use crate::process::{Ctx, Process, Started};
use crate::time::Duration;

/// Bytes written per wake-up (coreutils fills a `BUFSIZ` buffer).
const BLOCK: usize = 8 * 1024;

/// How long a terminal takes to show a block: a terminal drains at its
/// own pace (here about 160 KB/s) and the writer waits for it, so an
/// endless `yes` on the screen costs a bounded amount of work per second.
const TERMINAL_DRAIN: Duration = Duration::from_millis(50);

/// The pause between blocks into a pipe or a file.
const BLOCK_PAUSE: Duration = Duration::from_micros(100);

/// `yes`, running.
#[derive(Debug)]
struct Yes {
    block: String,
}

impl Process for Yes {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        ctx.out(&self.block);
        let pause = if ctx.stdout_is_terminal() {
            TERMINAL_DRAIN
        } else {
            BLOCK_PAUSE
        };
        let next = ctx.now() + pause;
        ctx.wake_at(next);
        None
    }
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut words: alloc::vec::Vec<&str> = alloc::vec::Vec::new();
    let mut done = false;
    for w in args.get(1..).unwrap_or_default() {
        if !done && w == "--" {
            done = true;
            continue;
        }
        if !done && w.len() > 1 && w.starts_with('-') {
            if w == "--version" {
                return super::version(ctx, "yes");
            }
            if w == "--help" {
                return super::help::print(ctx, "yes");
            }
            if w.starts_with("--") {
                return super::super::gnu_unrecognized_option(ctx, "yes", w);
            }
            let c = w.chars().nth(1).unwrap_or('-');
            return super::super::gnu_invalid_option(ctx, "yes", c);
        }
        words.push(w);
    }
    let line = if words.is_empty() {
        String::from("y\n")
    } else {
        alloc::format!("{}\n", words.join(" "))
    };
    let copies = (BLOCK / line.len().max(1)).max(1);
    let mut yes = Yes {
        block: line.repeat(copies),
    };
    match yes.poll(ctx) {
        Some(s) => Started::Exited(s),
        None => Started::Running(Box::new(yes)),
    }
}
