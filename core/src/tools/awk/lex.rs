//! awk's tokens, as mawk's scanner reads a program: a `/` starts a
//! regular expression where an operand may begin and divides after one;
//! a name right before `(` is a function call; newlines are tokens.

use alloc::string::String;
use alloc::vec::Vec;

/// One token.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    Number(f64),
    Str(String),
    Regex(String),
    Name(String),
    /// A name followed at once by `(`.
    FuncName(String),
    Builtin(&'static str),
    Keyword(&'static str),
    /// Punctuation and operators, as written.
    Op(&'static str),
    Newline,
    Eof,
}

/// A token and the line it is on.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub(crate) tok: Tok,
    pub(crate) line: usize,
}

const KEYWORDS: &[&str] = &[
    "BEGIN", "END", "function", "func", "if", "else", "while", "for", "do", "break", "continue",
    "next", "nextfile", "exit", "return", "delete", "in", "getline", "print", "printf",
];

const BUILTINS: &[&str] = &[
    "length", "substr", "index", "split", "sub", "gsub", "match", "sprintf", "toupper", "tolower",
    "int", "sqrt", "exp", "log", "sin", "cos", "atan2", "rand", "srand", "close", "system",
    "fflush",
];

const OPS: &[&str] = &[
    "+=", "-=", "*=", "/=", "%=", "^=", "**=", "==", "<=", ">=", "!=", "++", "--", "&&", "||",
    ">>", "!~", "**", "{", "}", "(", ")", "[", "]", ";", ",", "+", "-", "*", "/", "%", "^", "!",
    ">", "<", "|", "?", ":", "~", "$", "=",
];

/// A scanning error, worded as mawk words it (without `awk: line N: `).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LexError {
    pub(crate) line: usize,
    pub(crate) message: String,
}

/// True if a `/` after `prev` divides (an operand came before it).
fn divides_after(prev: Option<&Tok>) -> bool {
    matches!(
        prev,
        Some(Tok::Number(_) | Tok::Str(_) | Tok::Name(_) | Tok::Builtin(_) | Tok::Regex(_))
            | Some(Tok::Op(")" | "]" | "$" | "++" | "--"))
    )
}

/// Reads a string literal's escapes (awk's `\n \t \" \\ \/ \NNN`).
fn escape(c: char, chars: &mut core::iter::Peekable<core::str::Chars<'_>>, out: &mut String) {
    match c {
        'n' => out.push('\n'),
        't' => out.push('\t'),
        'r' => out.push('\r'),
        'a' => out.push('\x07'),
        'b' => out.push('\x08'),
        'f' => out.push('\x0c'),
        'v' => out.push('\x0b'),
        '"' => out.push('"'),
        '\\' => out.push('\\'),
        '/' => out.push('/'),
        '0'..='7' => {
            let mut v = c.to_digit(8).unwrap_or(0);
            for _ in 0..2 {
                match chars.peek().and_then(|d| d.to_digit(8)) {
                    Some(d) => {
                        v = v * 8 + d;
                        chars.next();
                    }
                    None => break,
                }
            }
            out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
        }
        other => {
            out.push('\\');
            out.push(other);
        }
    }
}

/// Splits `src` into tokens.
pub(crate) fn tokens(src: &str) -> Result<Vec<Token>, LexError> {
    let mut out: Vec<Token> = Vec::new();
    let mut line = 1;
    let mut chars = src.chars().peekable();
    while let Some(&c) = chars.peek() {
        let prev = out.last().map(|t| &t.tok);
        let push = |out: &mut Vec<Token>, tok: Tok, line: usize| out.push(Token { tok, line });
        match c {
            '\n' => {
                chars.next();
                push(&mut out, Tok::Newline, line);
                line += 1;
            }
            ' ' | '\t' | '\r' => {
                chars.next();
            }
            '\\' => {
                chars.next();
                if chars.peek() == Some(&'\n') {
                    chars.next();
                    line += 1;
                } else if chars.peek() == Some(&'\r') {
                    chars.next();
                }
            }
            '#' => {
                while chars.peek().is_some_and(|c| *c != '\n') {
                    chars.next();
                }
            }
            '"' => {
                chars.next();
                let mut s = String::new();
                let mut closed = false;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => {
                            closed = true;
                            break;
                        }
                        '\\' => match chars.next() {
                            Some('\n') => line += 1,
                            Some(e) => escape(e, &mut chars, &mut s),
                            None => s.push('\\'),
                        },
                        '\n' => break,
                        c => s.push(c),
                    }
                }
                if !closed {
                    let shown: String = s.chars().take(10).collect();
                    return Err(LexError {
                        line,
                        message: alloc::format!("runaway string constant \"{shown} ..."),
                    });
                }
                push(&mut out, Tok::Str(s), line);
            }
            '/' if !divides_after(prev) => {
                chars.next();
                let mut s = String::new();
                let mut closed = false;
                let mut in_bracket = false;
                while let Some(c) = chars.next() {
                    match c {
                        '/' if !in_bracket => {
                            closed = true;
                            break;
                        }
                        '[' => {
                            in_bracket = true;
                            s.push(c);
                        }
                        ']' => {
                            in_bracket = false;
                            s.push(c);
                        }
                        '\\' => match chars.next() {
                            Some('/') => s.push('/'),
                            Some('n') => s.push('\n'),
                            Some('t') => s.push('\t'),
                            Some(e) => {
                                s.push('\\');
                                s.push(e);
                            }
                            None => s.push('\\'),
                        },
                        '\n' => break,
                        c => s.push(c),
                    }
                }
                if !closed {
                    let shown: String = s.chars().take(10).collect();
                    return Err(LexError {
                        line,
                        message: alloc::format!("runaway regular expression /{shown} ..."),
                    });
                }
                push(&mut out, Tok::Regex(s), line);
            }
            '0'..='9' | '.'
                if c != '.' || chars.clone().nth(1).is_some_and(|d| d.is_ascii_digit()) =>
            {
                let mut s = String::new();
                while let Some(&d) = chars.peek() {
                    let exp_sign = matches!(d, '+' | '-') && s.ends_with(['e', 'E']);
                    if d.is_ascii_digit() || d == '.' || exp_sign {
                        s.push(d);
                        chars.next();
                    } else if matches!(d, 'e' | 'E') && !s.contains(['e', 'E']) {
                        let mut look = chars.clone();
                        look.next();
                        let next = look.next();
                        let after = look.next();
                        let ok = next.is_some_and(|n| n.is_ascii_digit())
                            || (matches!(next, Some('+' | '-'))
                                && after.is_some_and(|a| a.is_ascii_digit()));
                        if !ok {
                            break;
                        }
                        s.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                push(&mut out, Tok::Number(super::value::str_to_num(&s)), line);
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut s = String::new();
                while let Some(&d) = chars.peek() {
                    if d.is_ascii_alphanumeric() || d == '_' {
                        s.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                let tok = if let Some(k) = KEYWORDS.iter().find(|k| **k == s) {
                    Tok::Keyword(if *k == "func" { "function" } else { k })
                } else if let Some(b) = BUILTINS.iter().find(|b| **b == s) {
                    Tok::Builtin(b)
                } else if chars.peek() == Some(&'(') {
                    Tok::FuncName(s)
                } else {
                    Tok::Name(s)
                };
                push(&mut out, tok, line);
            }
            _ => {
                let rest: String = chars.clone().take(3).collect();
                let Some(op) = OPS.iter().find(|op| rest.starts_with(**op)) else {
                    chars.next();
                    return Err(LexError {
                        line,
                        message: alloc::format!("syntax error at or near {c}"),
                    });
                };
                for _ in 0..op.chars().count() {
                    chars.next();
                }
                let op = match *op {
                    "**" => "^",
                    "**=" => "^=",
                    o => o,
                };
                push(&mut out, Tok::Op(op), line);
            }
        }
    }
    // mawk reads the program as if it ended with a newline.
    out.push(Token {
        tok: Tok::Newline,
        line,
    });
    out.push(Token {
        tok: Tok::Eof,
        line: line + 1,
    });
    Ok(out)
}
