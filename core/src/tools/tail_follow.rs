//! `tail -f`: after the last lines, the files are followed as they grow.
//! GNU tail learns of a change through inotify; here the files are looked
//! at every quarter of a second (or every `-s` seconds), which a person
//! at the terminal cannot tell apart. A file that shrinks is
//! `file truncated` and is read again from its start. It runs until
//! Ctrl-C.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::filter;
use crate::process::{Ctx, Process, Started};
use crate::time::Duration;

/// How often the files are looked at without `-s`.
const WATCH_INTERVAL: Duration = Duration::from_millis(250);

/// The longest `-s` interval taken (a day; longer waits change nothing).
const LONGEST_INTERVAL_MICROS: u64 = 86_400_000_000;

/// One followed file.
#[derive(Debug)]
struct Followed {
    /// The operand as given (what headers and messages show).
    name: String,
    /// The bytes read so far.
    offset: usize,
}

/// The running `tail -f`.
#[derive(Debug)]
struct Follow {
    files: Vec<Followed>,
    /// Print `==> NAME <==` when the output moves to another file.
    headers: bool,
    /// The file whose text was printed last.
    last: usize,
    interval: Duration,
}

impl Process for Follow {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        for i in 0..self.files.len() {
            let Some(file) = self.files.get_mut(i) else {
                continue;
            };
            // A file removed or unreadable shows nothing more: tail holds
            // its descriptor, and an unlinked file does not grow.
            let Ok(text) = filter::read_file(ctx, &file.name) else {
                continue;
            };
            if text.len() < file.offset {
                ctx.err(&format!("tail: {}: file truncated\n", file.name));
                file.offset = 0;
            }
            if text.len() == file.offset {
                continue;
            }
            let mut from = file.offset;
            while !text.is_char_boundary(from) {
                from += 1;
            }
            file.offset = text.len();
            let name = file.name.clone();
            if self.headers && self.last != i {
                ctx.out(&format!("\n==> {name} <==\n"));
            }
            self.last = i;
            ctx.out(text.get(from..).unwrap_or_default());
        }
        ctx.wake_at(ctx.now() + self.interval);
        None
    }
}

/// `-s`'s value: seconds, maybe with a fraction (`0.5`); None if not a
/// number.
pub(super) fn parse_seconds(value: &str) -> Option<Duration> {
    let (int, frac) = value.split_once('.').unwrap_or((value, ""));
    if (int.is_empty() && frac.is_empty())
        || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let whole: u64 = if int.is_empty() {
        0
    } else {
        int.parse().unwrap_or(u64::MAX)
    };
    let mut micros = whole.saturating_mul(1_000_000);
    let mut place = 100_000;
    for d in frac.chars().take(6) {
        micros = micros.saturating_add(u64::from(d.to_digit(10)?) * place);
        place /= 10;
    }
    Some(Duration::from_micros(micros.min(LONGEST_INTERVAL_MICROS)))
}

/// Follows `files` (operand, bytes already read) from where their last
/// lines ended; `headers` as for the lines before.
pub(super) fn start(
    ctx: &mut Ctx<'_>,
    files: Vec<(String, usize)>,
    headers: bool,
    interval: Option<Duration>,
) -> Started {
    let last = files.len().saturating_sub(1);
    let mut process = Follow {
        files: files
            .into_iter()
            .map(|(name, offset)| Followed { name, offset })
            .collect(),
        headers,
        last,
        // `-s 0` still lets time pass between looks.
        interval: interval
            .filter(|d| d.micros() > 0)
            .unwrap_or(WATCH_INTERVAL),
    };
    match process.poll(ctx) {
        Some(status) => Started::Exited(status),
        None => Started::Running(Box::new(process)),
    }
}
