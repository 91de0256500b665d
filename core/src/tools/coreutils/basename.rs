//! coreutils 9.1 `basename NAME [SUFFIX]`, `basename -a|-s SUFFIX NAME...`
//! (`-z` ends each with NUL) and `dirname NAME...`: pure string work.

use alloc::string::String;
use alloc::vec::Vec;

use super::{quote, usage_error};
use crate::process::{Ctx, Started};

/// The last component of `name`, trailing slashes dropped (`/` stays `/`).
fn base(name: &str) -> String {
    let trimmed = name.trim_end_matches('/');
    if trimmed.is_empty() {
        return String::from(if name.is_empty() { "" } else { "/" });
    }
    String::from(trimmed.rsplit('/').next().unwrap_or(trimmed))
}

/// `name` without `suffix`, unless that would leave nothing.
fn strip(name: String, suffix: &str) -> String {
    match name.strip_suffix(suffix) {
        Some(rest) if !rest.is_empty() && !suffix.is_empty() => String::from(rest),
        _ => name,
    }
}

/// The directory part of `name`, as `dirname` prints it.
fn dir(name: &str) -> String {
    let trimmed = name.trim_end_matches('/');
    if trimmed.is_empty() {
        return String::from(if name.starts_with('/') { "/" } else { "." });
    }
    match trimmed.rfind('/') {
        None => String::from("."),
        Some(i) => {
            let d = trimmed.get(..i).unwrap_or_default().trim_end_matches('/');
            if d.is_empty() {
                String::from("/")
            } else {
                String::from(d)
            }
        }
    }
}

/// Parses the options shared by both: `-z`, and for basename `-a`, `-s`.
struct Opts {
    zero: bool,
    multiple: bool,
    suffix: Option<String>,
    operands: Vec<String>,
}

fn parse(
    ctx: &mut Ctx<'_>,
    tool: &str,
    args: &[String],
    with_suffix: bool,
) -> Result<Opts, Started> {
    let mut o = Opts {
        zero: false,
        multiple: false,
        suffix: None,
        operands: Vec::new(),
    };
    let mut words = args.get(1..).unwrap_or_default().iter();
    let mut done = false;
    while let Some(w) = words.next() {
        if done || w == "-" || !w.starts_with('-') {
            o.operands.push(w.clone());
            continue;
        }
        if w == "--" {
            done = true;
            continue;
        }
        if let Some(long) = w.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(String::from(v))),
                None => (long, None),
            };
            match name {
                "version" => return Err(super::version(ctx, tool)),
                "help" => return Err(super::help::print(ctx, tool)),
                "zero" => o.zero = true,
                "multiple" if with_suffix => o.multiple = true,
                "suffix" if with_suffix => {
                    let Some(v) = inline.or_else(|| words.next().cloned()) else {
                        return Err(usage_error(
                            ctx,
                            tool,
                            "option '--suffix' requires an argument",
                        ));
                    };
                    o.suffix = Some(v);
                    o.multiple = true;
                }
                _ => return Err(super::super::gnu_unrecognized_option(ctx, tool, w)),
            }
            continue;
        }
        let mut chars = w.chars().skip(1);
        while let Some(c) = chars.next() {
            match c {
                'z' => o.zero = true,
                'a' if with_suffix => o.multiple = true,
                's' if with_suffix => {
                    let inline: String = chars.by_ref().collect();
                    let v = if inline.is_empty() {
                        words.next().cloned()
                    } else {
                        Some(inline)
                    };
                    let Some(v) = v else {
                        return Err(usage_error(ctx, tool, "option requires an argument -- 's'"));
                    };
                    o.suffix = Some(v);
                    o.multiple = true;
                }
                _ => return Err(super::super::gnu_invalid_option(ctx, tool, c)),
            }
        }
    }
    if o.operands.is_empty() {
        return Err(usage_error(ctx, tool, "missing operand"));
    }
    Ok(o)
}

fn print(ctx: &mut Ctx<'_>, names: Vec<String>, zero: bool) -> Started {
    let end = if zero { '\0' } else { '\n' };
    let mut text = String::new();
    for n in names {
        text.push_str(&n);
        text.push(end);
    }
    ctx.out(&text);
    Started::Exited(0)
}

pub(super) fn basename(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let o = match parse(ctx, "basename", args, true) {
        Ok(o) => o,
        Err(s) => return s,
    };
    if o.multiple {
        let suffix = o.suffix.unwrap_or_default();
        let names = o.operands.iter().map(|n| strip(base(n), &suffix)).collect();
        return print(ctx, names, o.zero);
    }
    if let Some(extra) = o.operands.get(2) {
        return usage_error(
            ctx,
            "basename",
            &alloc::format!("extra operand {}", quote(extra)),
        );
    }
    let name = o.operands.first().map_or("", String::as_str);
    let suffix = o.operands.get(1).map_or("", String::as_str);
    print(ctx, alloc::vec![strip(base(name), suffix)], o.zero)
}

pub(super) fn dirname(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let o = match parse(ctx, "dirname", args, false) {
        Ok(o) => o,
        Err(s) => return s,
    };
    let names = o.operands.iter().map(|n| dir(n)).collect();
    print(ctx, names, o.zero)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Recorded: `basename / // ''` → `/ / (empty)`; `basename .txt .txt`
    /// → `.txt`; `dirname / //a /a/ a/b/ ''` → `/ / / a .`;
    /// `dirname //a//b//` → `//a`.
    #[test]
    fn names() {
        assert_eq!(base("/"), "/");
        assert_eq!(base("//"), "/");
        assert_eq!(base(""), "");
        assert_eq!(strip(base(".txt"), ".txt"), ".txt");
        assert_eq!(strip(base("/usr/lib/x.so"), ".so"), "x");
        assert_eq!(base("/c/d/"), "d");
        for (n, d) in [
            ("/", "/"),
            ("//a", "/"),
            ("/a/", "/"),
            ("a/b/", "a"),
            ("", "."),
            ("//a//b//", "//a"),
            ("x", "."),
        ] {
            assert_eq!(dir(n), d, "{n}");
        }
    }
}
