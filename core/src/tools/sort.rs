//! coreutils `sort`: sorts lines byte by byte (the C.UTF-8 locale), or as
//! the orderings and keys ask (`-k`, `-t`, `-n -g -h -M -V -R -d -f -i -b
//! -r`; see `sort_keys`), without repeats (`-u`), stably (`-s`); `-c`/`-C`
//! check the order, `-m` merges sorted inputs, `-o FILE` writes FILE, `-z`
//! takes NUL-terminated lines; `-S`, `-T` and `--parallel` tune how sort
//! works, not what it prints. It reads all of its input before printing
//! anything.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::filter::{self, LineFilter};
use super::sort_keys::{self, Order};
use crate::process::{Ctx, Started};

/// The most bytes `sort` keeps: the memory it may take (a flood into
/// `sort` must not exhaust the page); past it sort dies as gnulib's
/// `xalloc_die` does, `sort: memory exhausted`, exit 2.
const INPUT_LIMIT: usize = 4 << 20;

/// What sort does with its lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
enum Mode {
    /// Sort (or merge) and print.
    #[default]
    Sort,
    /// `-c` (report the first disorder) or `-C` (quietly).
    Check { quiet: bool },
}

#[derive(Debug)]
struct Sort {
    order: Order,
    lines: Vec<String>,
    bytes: usize,
    cut: bool,
    mode: Mode,
    /// `-z`.
    zero: bool,
    /// `-o FILE`.
    output: Option<String>,
    /// The input's name for `-c`'s message.
    name: String,
}

impl Sort {
    fn end_of_line(&self) -> char {
        if self.zero { '\0' } else { '\n' }
    }

    /// Keeps a line; false (after saying so) when memory runs out.
    fn add(&mut self, ctx: &mut Ctx<'_>, line: &str) -> bool {
        if self.bytes + line.len() > INPUT_LIMIT {
            if !self.cut {
                ctx.err("sort: memory exhausted\n");
                self.cut = true;
            }
            return false;
        }
        self.bytes += line.len();
        let eol = self.end_of_line();
        self.lines
            .push(String::from(line.strip_suffix(eol).unwrap_or(line)));
        true
    }

    /// Sorts and prints (or writes `-o`'s file); the exit status.
    fn print(&mut self, ctx: &mut Ctx<'_>) -> i32 {
        if self.cut {
            return 2;
        }
        let order = &self.order;
        let lines = core::mem::take(&mut self.lines);
        if let Mode::Check { quiet } = self.mode {
            // -c: the first line out of order (with -u, also an equal one).
            for (i, pair) in lines.windows(2).enumerate() {
                let (Some(a), Some(b)) = (pair.first(), pair.get(1)) else {
                    continue;
                };
                let o = order.compare(a, b);
                if o.is_gt() || (order.unique && order.compare_keys(a, b).is_eq()) {
                    if !quiet {
                        ctx.err(&format!("sort: {}:{}: disorder: {b}\n", self.name, i + 2));
                    }
                    return 1;
                }
            }
            return 0;
        }
        let sorted = crate::sort::merge_sort_by(lines, |a, b| order.compare(a, b));
        let eol = self.end_of_line();
        let mut out = String::new();
        let mut previous: Option<&String> = None;
        for line in &sorted {
            if order.unique && previous.is_some_and(|p| order.compare_keys(p, line).is_eq()) {
                continue;
            }
            out.push_str(line);
            out.push(eol);
            previous = Some(line);
        }
        match &self.output {
            Some(name) => {
                let path = crate::shell::absolute_path(name, ctx.cwd());
                if let Err(e) = ctx.sys().write_file(&path, &out, false) {
                    ctx.err(&format!("sort: open failed: {name}: {}\n", e.message()));
                    return 2;
                }
            }
            None => ctx.out(&out),
        }
        0
    }
}

impl LineFilter for Sort {
    fn line(&mut self, ctx: &mut Ctx<'_>, line: &str) -> bool {
        self.add(ctx, line)
    }

    fn end(&mut self, ctx: &mut Ctx<'_>) -> i32 {
        self.print(ctx)
    }

    fn delimiter(&self) -> char {
        self.end_of_line()
    }
}

/// What the options asked of sort besides the order.
#[derive(Debug, Default)]
struct Asked {
    mode: Mode,
    zero: bool,
    output: Option<String>,
}

/// Applies one option (with its value for `-k` and `-t`); `Err` is the
/// exit status after the error was printed.
fn apply(
    ctx: &mut Ctx<'_>,
    order: &mut Order,
    asked: &mut Asked,
    option: char,
    value: Option<String>,
) -> Result<(), i32> {
    match option {
        'u' => order.unique = true,
        's' => order.stable = true,
        'c' => asked.mode = Mode::Check { quiet: false },
        'C' => asked.mode = Mode::Check { quiet: true },
        'z' => asked.zero = true,
        // Merging inputs that are sorted gives what sorting them gives.
        'm' => {}
        'b' => {
            order.mods.start_blanks = true;
            order.mods.end_blanks = true;
        }
        c if order.mods.set(c, false) => {}
        'o' | 'S' | 'T' => {
            let Some(value) = value else {
                let message = format!("option requires an argument -- '{option}'");
                filter::usage_error(ctx, "sort", &message, 2);
                return Err(2);
            };
            match option {
                'o' => asked.output = Some(value),
                'S' => {
                    let digits = value.trim_end_matches(['%', 'b', 'K', 'M', 'G', 'T', 'k']);
                    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                        ctx.err(&format!("sort: invalid -S argument '{value}'\n"));
                        return Err(2);
                    }
                }
                // -T DIR: where temporary files would go.
                _ => {}
            }
        }
        'k' | 't' => {
            let Some(value) = value else {
                let message = format!("option requires an argument -- '{option}'");
                filter::usage_error(ctx, "sort", &message, 2);
                return Err(2);
            };
            if option == 't' {
                let mut chars = value.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => order.separator = Some(c),
                    (None, _) => {
                        ctx.err("sort: empty tab\n");
                        return Err(2);
                    }
                    _ => {
                        ctx.err(&format!(
                            "sort: multi-character tab {}\n",
                            filter::quote(&value)
                        ));
                        return Err(2);
                    }
                }
            } else {
                match sort_keys::parse_key(&value) {
                    Ok(key) => order.keys.push(key),
                    Err(message) => {
                        ctx.err(&format!("sort: {message}\n"));
                        return Err(2);
                    }
                }
            }
        }
        _ => {
            super::gnu_invalid_option_status(ctx, "sort", option, 2);
            return Err(2);
        }
    }
    Ok(())
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut order = Order::default();
    let mut asked = Asked::default();
    let mut operands: Vec<String> = Vec::new();
    let mut iter = filter::GnuArgs::new(args);
    while let Some(arg) = iter.next_option(&mut operands) {
        if let Some(long) = arg.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(String::from(v))),
                None => (long, None),
            };
            let option = match name {
                "numeric-sort" => 'n',
                "reverse" => 'r',
                "unique" => 'u',
                "ignore-leading-blanks" => 'b',
                "key" => 'k',
                "field-separator" => 't',
                "dictionary-order" => 'd',
                "ignore-case" => 'f',
                "general-numeric-sort" => 'g',
                "human-numeric-sort" => 'h',
                "ignore-nonprinting" => 'i',
                "month-sort" => 'M',
                "random-sort" => 'R',
                "version-sort" => 'V',
                "stable" => 's',
                "merge" => 'm',
                "output" => 'o',
                "buffer-size" => 'S',
                "temporary-directory" => 'T',
                "zero-terminated" => 'z',
                "check" => match value.as_deref() {
                    None | Some("diagnose-first") => 'c',
                    Some("quiet" | "silent") => 'C',
                    Some(other) => {
                        ctx.err(&format!(
                            "sort: invalid argument {} for {}\nValid arguments are:\n  - {}\n  - {}, {}\nUsage: sort [OPTION]... [FILE]...\n  or:  sort [OPTION]... --files0-from=F\nTry 'sort --help' for more information.\n",
                            filter::quote(other),
                            filter::quote("--check"),
                            filter::quote("diagnose-first"),
                            filter::quote("quiet"),
                            filter::quote("silent"),
                        ));
                        return Started::Exited(2);
                    }
                },
                "parallel" => continue,
                _ => return super::gnu_unrecognized_option_status(ctx, "sort", arg, 2),
            };
            let value = if matches!(option, 'k' | 't' | 'o' | 'S' | 'T') {
                value.or_else(|| iter.next_value().cloned())
            } else {
                None
            };
            if let Err(status) = apply(ctx, &mut order, &mut asked, option, value) {
                return Started::Exited(status);
            }
            continue;
        }
        let flags: Vec<char> = arg.chars().skip(1).collect();
        for (i, c) in flags.iter().enumerate() {
            let value = if matches!(c, 'k' | 't' | 'o' | 'S' | 'T') {
                let rest: String = flags.iter().skip(i + 1).collect();
                if rest.is_empty() {
                    iter.next_value().cloned()
                } else {
                    Some(rest)
                }
            } else {
                None
            };
            if let Err(status) = apply(ctx, &mut order, &mut asked, *c, value) {
                return Started::Exited(status);
            }
            if matches!(c, 'k' | 't' | 'o' | 'S' | 'T') {
                break;
            }
        }
    }
    if let Some(options) = order.conflict() {
        ctx.err(&format!("sort: options '-{options}' are incompatible\n"));
        return Started::Exited(2);
    }
    if order.mods.random {
        order.salt = ctx.sys().getrandom_u64();
    }
    if matches!(asked.mode, Mode::Check { .. })
        && let Some(extra) = operands.get(1)
    {
        ctx.err(&format!(
            "sort: extra operand '{extra}' not allowed with -c\n"
        ));
        return Started::Exited(2);
    }
    let mut sort = Sort {
        order,
        lines: Vec::new(),
        bytes: 0,
        cut: false,
        mode: asked.mode,
        zero: asked.zero,
        output: asked.output,
        name: operands
            .first()
            .cloned()
            .unwrap_or_else(|| String::from("-")),
    };
    if operands.is_empty() {
        return filter::run_stdin(ctx, sort);
    }
    if filter::dash_reads_pipe(ctx, &operands) {
        return super::stdin_wait::start(ctx, start, args);
    }
    // sort reads every file before printing: an unreadable one means no output.
    let mut texts = Vec::new();
    for name in &operands {
        match filter::read_operand(ctx, name) {
            Ok(text) => texts.push(text),
            Err(e) => {
                ctx.err(&format!("sort: cannot read: {name}: {}\n", e.message()));
                return Started::Exited(2);
            }
        }
    }
    let eol = sort.end_of_line();
    for text in &texts {
        for line in text.split_inclusive(eol) {
            if !sort.add(ctx, line) {
                return Started::Exited(2);
            }
        }
    }
    Started::Exited(sort.print(ctx))
}
