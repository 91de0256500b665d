//! bash's builtin `echo`: `-n`, `-e`, `-E`; anything else is printed.
//! The shell runs it; `/usr/bin/echo` (what `sudo echo` finds) prints the
//! same for these options.

use alloc::string::String;

/// Expands the `-e` escapes; returns false when `\c` stops the output.
fn unescape(s: &str, out: &mut String) -> bool {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some('a') => out.push('\x07'),
            Some('b') => out.push('\x08'),
            Some('e' | 'E') => out.push('\x1b'),
            Some('f') => out.push('\x0c'),
            Some('r') => out.push('\r'),
            Some('v') => out.push('\x0b'),
            Some('c') => return false,
            Some('0') => {
                let mut value = 0u32;
                for _ in 0..3 {
                    match chars.peek().and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            value = value * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(value).unwrap_or('\u{fffd}'));
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    true
}

/// What `echo ARGS` prints (`args` without the command name).
pub fn text(args: &[String]) -> String {
    let mut newline = true;
    let mut escapes = false;
    let mut rest = args;
    // Leading words made only of -n/-e/-E are options; anything else is text.
    while let Some((first, tail)) = rest.split_first() {
        let flags = match first.strip_prefix('-') {
            Some(f) if !f.is_empty() && f.chars().all(|c| matches!(c, 'n' | 'e' | 'E')) => f,
            _ => break,
        };
        for c in flags.chars() {
            match c {
                'n' => newline = false,
                'e' => escapes = true,
                _ => escapes = false,
            }
        }
        rest = tail;
    }
    let mut text = String::new();
    for (i, arg) in rest.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        if escapes {
            if !unescape(arg, &mut text) {
                return text;
            }
        } else {
            text.push_str(arg);
        }
    }
    if newline {
        text.push('\n');
    }
    text
}
