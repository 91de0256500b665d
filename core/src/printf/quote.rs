//! `%q`: an argument quoted so the shell reads it back unchanged, as
//! coreutils' `printf` (gnulib's shell-escape quoting) writes it.

use alloc::format;
use alloc::string::String;

/// True if `c` at position `i` of a word of `len` characters makes the
/// word need quotes.
fn special(c: char, i: usize, len: usize) -> bool {
    match c {
        '{' | '}' => len == 1,
        '#' | '~' => i == 0,
        ' ' | '!' | '"' | '$' | '&' | '\'' | '(' | ')' | '*' | ';' | '<' | '=' | '>' | '?'
        | '[' | '\\' | '^' | '`' | '|' | ']' => true,
        _ => false,
    }
}

/// A control character as `$'…'` writes it.
fn control(c: char) -> String {
    match c {
        '\x07' => String::from("\\a"),
        '\x08' => String::from("\\b"),
        '\t' => String::from("\\t"),
        '\n' => String::from("\\n"),
        '\x0b' => String::from("\\v"),
        '\x0c' => String::from("\\f"),
        '\r' => String::from("\\r"),
        '\x1b' => String::from("\\E"),
        c => format!("\\{:03o}", c as u32),
    }
}

/// Quotes `word` for the shell.
pub(crate) fn shell_quote(word: &str) -> String {
    if word.is_empty() {
        return String::from("''");
    }
    let len = word.chars().count();
    if word.chars().any(char::is_control) {
        let mut out = String::new();
        let mut run = String::new();
        for c in word.chars() {
            if c.is_control() {
                if !run.is_empty() {
                    out.push_str(&format!("'{}'", run.replace('\'', "'\\''")));
                    run.clear();
                }
                out.push_str(&format!("$'{}'", control(c)));
            } else {
                run.push(c);
            }
        }
        if !run.is_empty() {
            out.push_str(&format!("'{}'", run.replace('\'', "'\\''")));
        }
        return out;
    }
    if !word.chars().enumerate().any(|(i, c)| special(c, i, len)) {
        return String::from(word);
    }
    if word.contains('\'') {
        if !word
            .chars()
            .any(|c| matches!(c, '$' | '`' | '\\' | '"' | '!'))
        {
            return format!("\"{word}\"");
        }
        return format!("'{}'", word.replace('\'', "'\\''"));
    }
    format!("'{word}'")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Recorded from coreutils 9.1's `printf '%q\n'` (see the module of
    /// the `printf` tests).
    #[test]
    fn as_coreutils() {
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's a"), "\"it's a\"");
        assert_eq!(shell_quote("a\"b"), "'a\"b'");
        assert_eq!(shell_quote("tab\tx"), "'tab'$'\\t''x'");
        assert_eq!(shell_quote("é"), "é");
        assert_eq!(shell_quote("x~"), "x~");
        assert_eq!(shell_quote("~x"), "'~x'");
        assert_eq!(shell_quote("a#"), "a#");
        assert_eq!(shell_quote("a=b"), "'a=b'");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("new\nline"), "'new'$'\\n''line'");
    }
}
