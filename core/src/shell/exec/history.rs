//! `history`, `help`, and history expansion (`!!`, `!N`, `!-N`,
//! `!prefix`) of the lines typed at the prompt, as bash 5.2 does them
//! with Debian's `~/.bashrc` (`HISTCONTROL=ignoreboth`).

use alloc::format;
use alloc::string::String;

use super::{Call, Executor};
use crate::output::Stream;

/// bash 5.2.15's `help` (recorded with `bash -c help`, 80 columns).
const HELP: &str = include_str!("../data/help.txt");

/// `help NAME` for the built-ins the shell has, each after a form feed
/// and its name (recorded with `bash -c "help -- NAME"`).
const HELP_BUILTINS: &str = include_str!("../data/help_builtins.txt");

/// The most lines the history keeps (Debian's `HISTSIZE=1000`).
pub(crate) const HISTSIZE: usize = 1000;

/// `help [NAME…]`.
pub(crate) fn help(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let names = call.argv.get(1..).unwrap_or_default();
    if names.is_empty() {
        ex.say(Stream::Stdout, HELP);
        return 0;
    }
    let mut status = 0;
    for name in names {
        let found = HELP_BUILTINS.split('\u{c}').find_map(|section| {
            let (n, text) = section.split_once('\n')?;
            (n == name).then_some(text)
        });
        match found {
            Some(text) => ex.say(Stream::Stdout, text),
            None => {
                ex.say(
                    Stream::Stderr,
                    &format!("bash: help: no help topics match `{name}'.  Try `help help' or `man -k {name}' or `info {name}'.\n"),
                );
                status = 1;
            }
        }
    }
    status
}

/// `history [-c] [N]`.
pub(crate) fn history(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let arg = call.argv.get(1).map(String::as_str);
    let total = ex.shell.history.len();
    let count = match arg {
        None => total,
        Some("-c") => {
            ex.shell.history.clear();
            ex.shell.history_base = 0;
            return 0;
        }
        Some(n) => match n.parse::<usize>() {
            Ok(n) => n.min(total),
            Err(_) => {
                ex.say(
                    Stream::Stderr,
                    &format!("bash: history: {n}: numeric argument required\n"),
                );
                return 1;
            }
        },
    };
    let mut out = String::new();
    for (i, line) in ex.shell.history.iter().enumerate().skip(total - count) {
        out.push_str(&format!("{:>5}  {line}\n", i + 1));
    }
    ex.say(Stream::Stdout, &out);
    0
}

/// Why history expansion failed: `bash: !x: event not found`.
pub(crate) struct EventNotFound(pub String);

/// Expands `!!`, `!N`, `!-N` and `!prefix` in `line` from `history`;
/// None if there was nothing to expand.
pub(crate) fn expand(line: &str, history: &[String]) -> Result<Option<String>, EventNotFound> {
    if !line.contains('!') {
        return Ok(None);
    }
    let chars: alloc::vec::Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut changed = false;
    let mut single = false;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '\'' {
            single = !single;
        }
        if c == '\\' && !single {
            out.push(c);
            if let Some(n) = chars.get(i + 1) {
                out.push(*n);
            }
            i += 2;
            continue;
        }
        if c != '!' || single {
            out.push(c);
            i += 1;
            continue;
        }
        let next = chars.get(i + 1).copied();
        let (found, len) = match next {
            None | Some(' ' | '\t' | '\n' | '=' | '(' | '"') => {
                out.push('!');
                i += 1;
                continue;
            }
            Some('!') => (history.last().cloned(), 2),
            Some(d) if d.is_ascii_digit() || d == '-' => {
                let mut j = i + 1;
                if d == '-' {
                    j += 1;
                }
                while chars.get(j).is_some_and(char::is_ascii_digit) {
                    j += 1;
                }
                let spec: String = chars.get(i + 1..j).unwrap_or_default().iter().collect();
                let n: i64 = spec.parse().unwrap_or(0);
                let idx = if n < 0 {
                    usize::try_from(i64::try_from(history.len()).unwrap_or(0) + n).ok()
                } else {
                    usize::try_from(n).ok().and_then(|n| n.checked_sub(1))
                };
                (idx.and_then(|k| history.get(k)).cloned(), j - i)
            }
            Some(_) => {
                let mut j = i + 1;
                while chars.get(j).is_some_and(|c| {
                    !c.is_whitespace() && !matches!(c, ';' | '&' | '|' | ')' | '"' | '\'')
                }) {
                    j += 1;
                }
                let prefix: String = chars.get(i + 1..j).unwrap_or_default().iter().collect();
                (
                    history
                        .iter()
                        .rev()
                        .find(|h| h.starts_with(&prefix))
                        .cloned(),
                    j - i,
                )
            }
        };
        match found {
            Some(text) => {
                out.push_str(&text);
                changed = true;
                i += len;
            }
            None => {
                let spec: String = chars.get(i..i + len).unwrap_or_default().iter().collect();
                return Err(EventNotFound(spec));
            }
        }
    }
    Ok(changed.then_some(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    #[test]
    fn designators() {
        let h = vec!["echo one".to_string(), "ls /tmp".to_string()];
        assert_eq!(expand("!!", &h).ok().flatten().as_deref(), Some("ls /tmp"));
        assert_eq!(
            expand("sudo !!", &h).ok().flatten().as_deref(),
            Some("sudo ls /tmp")
        );
        assert_eq!(expand("!1", &h).ok().flatten().as_deref(), Some("echo one"));
        assert_eq!(
            expand("!-2", &h).ok().flatten().as_deref(),
            Some("echo one")
        );
        assert_eq!(
            expand("!ec", &h).ok().flatten().as_deref(),
            Some("echo one")
        );
        assert_eq!(expand("echo '!!' a!", &h).ok().flatten(), None);
        assert!(expand("!9", &h).is_err());
    }
}
