//! GNU diffutils 3.8 `diff [-u | -U N] [-q] [-s] [-i] FILE1 FILE2`: the
//! normal format (`2c2`, `< a`, `---`, `> b`), the unified format with
//! its `--- name<TAB>time` header, `-q`'s `Files A and B differ`; status
//! 0 (same), 1 (different), 2 (trouble). `-` is standard input. Options
//! not built (`-c`, `-r`, `-y`, ...) are refused as invalid.

mod myers;

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::process::{Command, Ctx, Started};

/// This family's program.
pub(crate) const COMMANDS: &[Command] = &[Command {
    name: "diff",
    summary: "compare files line by line (diffutils 3.8; -u -U N -q -s -i)",
    start,
}];

/// How the comparison is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Normal,
    Unified(usize),
    Brief,
}

/// One input: its name, lines (without newlines), whether its last line
/// lacked a newline, and its modification time for the unified header.
struct Input {
    name: String,
    lines: Vec<String>,
    no_newline_at_end: bool,
    mtime: String,
}

fn trouble(ctx: &mut Ctx<'_>, message: &str) -> Started {
    ctx.err(&format!(
        "diff: {message}\ndiff: Try 'diff --help' for more information.\n"
    ));
    Started::Exited(2)
}

/// `%Y-%m-%d %H:%M:%S.%N %z` of a moment (UTC).
fn stamp(secs: u64, nanos: u32) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}.{nanos:09} +0000",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Reads one operand, with its modification time (`stat`'s `st_mtim`);
/// standard input is as old as now, as a pipe is.
fn read_input(ctx: &mut Ctx<'_>, name: &str) -> Result<Input, String> {
    use crate::sys::ClockId;
    let (text, time) = if name == "-" {
        let now = ctx.sys().clock_gettime(ClockId::Realtime);
        (
            String::from(ctx.stdin().unwrap_or_default()),
            (now.sec, now.nsec),
        )
    } else {
        let text =
            super::filter::read_file(ctx, name).map_err(|e| format!("{name}: {}", e.message()))?;
        let path = crate::shell::absolute_path(name, ctx.cwd());
        let time = match ctx.sys().stat(&path) {
            Ok(st) => (st.mtime.sec, st.mtime.nsec),
            Err(_) => {
                let now = ctx.sys().clock_gettime(ClockId::Realtime);
                (now.sec, now.nsec)
            }
        };
        (text, time)
    };
    let no_newline_at_end = !text.is_empty() && !text.ends_with('\n');
    Ok(Input {
        name: String::from(name),
        lines: text
            .split_inclusive('\n')
            .map(|l| String::from(l.strip_suffix('\n').unwrap_or(l)))
            .collect(),
        no_newline_at_end,
        mtime: stamp(time.0, time.1),
    })
}

/// A run of lines that differ: `a[a0..a1]` became `b[b0..b1]`.
#[derive(Clone, Copy, Debug)]
struct Change {
    a0: usize,
    a1: usize,
    b0: usize,
    b1: usize,
}

fn changes(pairs: &[(usize, usize)], n: usize, m: usize) -> Vec<Change> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    for &(x, y) in pairs.iter().chain(core::iter::once(&(n, m))) {
        if x > i || y > j {
            out.push(Change {
                a0: i,
                a1: x,
                b0: j,
                b1: y,
            });
        }
        i = x + 1;
        j = y + 1;
    }
    out
}

/// `N` or `N,M` (1-based) as the normal format writes a range.
fn range(from: usize, to: usize) -> String {
    if to <= from + 1 {
        format!("{}", if to > from { from + 1 } else { from })
    } else {
        format!("{},{}", from + 1, to)
    }
}

const NO_NEWLINE: &str = "\\ No newline at end of file\n";

fn normal(a: &Input, b: &Input, changes: &[Change]) -> String {
    let mut out = String::new();
    for c in changes {
        let op = match (c.a1 > c.a0, c.b1 > c.b0) {
            (true, true) => 'c',
            (true, false) => 'd',
            _ => 'a',
        };
        out.push_str(&range(c.a0, c.a1));
        out.push(op);
        out.push_str(&range(c.b0, c.b1));
        out.push('\n');
        for k in c.a0..c.a1 {
            out.push_str(&format!(
                "< {}\n",
                a.lines.get(k).map_or("", String::as_str)
            ));
            if k + 1 == a.lines.len() && a.no_newline_at_end {
                out.push_str(NO_NEWLINE);
            }
        }
        if op == 'c' {
            out.push_str("---\n");
        }
        for k in c.b0..c.b1 {
            out.push_str(&format!(
                "> {}\n",
                b.lines.get(k).map_or("", String::as_str)
            ));
            if k + 1 == b.lines.len() && b.no_newline_at_end {
                out.push_str(NO_NEWLINE);
            }
        }
    }
    out
}

/// `start,len` of a unified hunk's side (`,1` left out; an empty side
/// names the line before it).
fn uni_range(start: usize, len: usize) -> String {
    match len {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        _ => format!("{},{}", start + 1, len),
    }
}

fn unified(a: &Input, b: &Input, changes: &[Change], context: usize) -> String {
    let mut out = format!("--- {}\t{}\n+++ {}\t{}\n", a.name, a.mtime, b.name, b.mtime);
    let mut k = 0;
    while let Some(first) = changes.get(k) {
        // Changes closer than twice the context share a hunk.
        let mut last = k;
        while let Some(next) = changes.get(last + 1) {
            let cur = changes.get(last).map_or(first.a1, |c| c.a1);
            if next.a0.saturating_sub(cur) > 2 * context {
                break;
            }
            last += 1;
        }
        let end = changes.get(last).copied().unwrap_or(*first);
        let a_start = first.a0.saturating_sub(context);
        let b_start = first.b0.saturating_sub(first.a0 - a_start);
        let a_end = (end.a1 + context).min(a.lines.len());
        let b_end = (end.b1 + (a_end - end.a1)).min(b.lines.len());
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            uni_range(a_start, a_end - a_start),
            uni_range(b_start, b_end - b_start)
        ));
        let line = |out: &mut String, mark: char, input: &Input, i: usize| {
            out.push(mark);
            out.push_str(input.lines.get(i).map_or("", String::as_str));
            out.push('\n');
            if i + 1 == input.lines.len() && input.no_newline_at_end {
                out.push_str(NO_NEWLINE);
            }
        };
        let mut ai = a_start;
        for c in changes.get(k..=last).unwrap_or_default() {
            while ai < c.a0 {
                line(&mut out, ' ', a, ai);
                ai += 1;
            }
            for i in c.a0..c.a1 {
                line(&mut out, '-', a, i);
            }
            for j in c.b0..c.b1 {
                line(&mut out, '+', b, j);
            }
            ai = c.a1;
        }
        while ai < a_end {
            line(&mut out, ' ', a, ai);
            ai += 1;
        }
        k = last + 1;
    }
    out
}

pub(crate) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut style = Style::Normal;
    let mut identical = false;
    let mut fold = false;
    let mut operands: Vec<String> = Vec::new();
    let mut it = super::filter::GnuArgs::new(args);
    while let Some(arg) = it.next_option(&mut operands) {
        if let Some(long) = arg.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (long, None),
            };
            match name {
                "help" => return super::coreutils::help::print(ctx, "diff"),
                "version" => {
                    ctx.out("diff (GNU diffutils) 3.8\nCopyright (C) 2021 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n\nWritten by Paul Eggert, Mike Haertel, David Hayes,\nRichard Stallman, and Len Tower.\n");
                    return Started::Exited(0);
                }
                "unified" => match value.map(str::parse::<usize>) {
                    None => style = Style::Unified(3),
                    Some(Ok(n)) => style = Style::Unified(n),
                    Some(Err(_)) => {
                        return trouble(
                            ctx,
                            &format!("invalid context length '{}'", value.unwrap_or("")),
                        );
                    }
                },
                "brief" => style = Style::Brief,
                "report-identical-files" => identical = true,
                "ignore-case" => fold = true,
                _ => return trouble(ctx, &format!("unrecognized option '{arg}'")),
            }
            continue;
        }
        let mut chars = arg.chars().skip(1);
        while let Some(c) = chars.next() {
            match c {
                'u' => style = Style::Unified(3),
                'q' => style = Style::Brief,
                's' => identical = true,
                'i' => fold = true,
                'U' => {
                    let inline: String = chars.by_ref().collect();
                    let v = if inline.is_empty() {
                        it.next_value().cloned()
                    } else {
                        Some(inline)
                    };
                    let Some(v) = v else {
                        return trouble(ctx, "option requires an argument -- 'U'");
                    };
                    match v.parse::<usize>() {
                        Ok(n) => style = Style::Unified(n.min(1 << 20)),
                        Err(_) => return trouble(ctx, &format!("invalid context length '{v}'")),
                    }
                }
                _ => return trouble(ctx, &format!("invalid option -- '{c}'")),
            }
        }
    }
    match operands.as_slice() {
        [] => return trouble(ctx, "missing operand after 'diff'"),
        [one] => return trouble(ctx, &format!("missing operand after '{one}'")),
        [_, _, extra, ..] => return trouble(ctx, &format!("extra operand '{extra}'")),
        _ => {}
    }
    if super::filter::dash_reads_pipe(ctx, &operands) {
        return super::stdin_wait::start(ctx, start, args);
    }
    let mut inputs = Vec::new();
    for name in &operands {
        match read_input(ctx, name) {
            Ok(i) => inputs.push(i),
            Err(message) => {
                ctx.err(&format!("diff: {message}\n"));
                return Started::Exited(2);
            }
        }
    }
    let (Some(a), Some(b)) = (inputs.first(), inputs.get(1)) else {
        return Started::Exited(2);
    };
    let key = |l: &String| if fold { l.to_lowercase() } else { l.clone() };
    let ka: Vec<(String, bool)> = a
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| (key(l), i + 1 == a.lines.len() && a.no_newline_at_end))
        .collect();
    let kb: Vec<(String, bool)> = b
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| (key(l), i + 1 == b.lines.len() && b.no_newline_at_end))
        .collect();
    let pairs = myers::matches(&ka, &kb);
    let changes = changes(&pairs, ka.len(), kb.len());
    if changes.is_empty() {
        if identical {
            ctx.out(&format!("Files {} and {} are identical\n", a.name, b.name));
        }
        return Started::Exited(0);
    }
    let text = match style {
        Style::Brief => format!("Files {} and {} differ\n", a.name, b.name),
        Style::Normal => normal(a, b, &changes),
        Style::Unified(n) => unified(a, b, &changes, n),
    };
    ctx.out(&text);
    Started::Exited(1)
}
