//! Python's tokenizer for the subset: names, numbers, strings (with the
//! `b`, `r`, `f` prefixes and triple quotes), operators, and the
//! NEWLINE/INDENT/DEDENT tokens the indentation makes, with CPython 3.11's
//! tokenizer errors (`unterminated string literal`, `'(' was never
//! closed`, `unindent does not match any outer indentation level`).

use alloc::string::String;
use alloc::vec::Vec;

/// The deepest nesting of brackets the tokenizer accepts (CPython's
/// `MAXLEVEL`).
const MAX_NESTING: usize = 200;
/// The most indentation levels (CPython's `MAXINDENT`).
const MAX_INDENT: usize = 100;

/// One token.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    /// A name or keyword.
    Name(String),
    /// An integer literal.
    Int(i64),
    /// A float literal.
    Float(f64),
    /// A string literal: its decoded text, and whether it is bytes or an
    /// f-string (an f-string's text is its raw source, parsed later).
    Str {
        /// The decoded text (raw source for an f-string).
        text: String,
        /// A `b''` literal.
        bytes: bool,
        /// An `f''` literal.
        fstring: bool,
    },
    /// An operator or delimiter.
    Op(&'static str),
    /// The end of a logical line.
    Newline,
    /// The indentation grew.
    Indent,
    /// The indentation shrank by one level.
    Dedent,
    /// The end of the input.
    Eof,
}

/// A token with where it is (1-based line, 0-based columns in characters).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub line: u32,
    pub col: u32,
    pub end_col: u32,
    /// The line the token ends on (a triple-quoted string spans lines).
    pub end_line: u32,
}

/// A syntax error found by the tokenizer or the parser.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SyntaxError {
    /// `SyntaxError` or `IndentationError`.
    pub kind: &'static str,
    pub msg: String,
    pub line: u32,
    /// 1-based column of the caret, 0 for none.
    pub col: u32,
    /// Where the caret range ends (exclusive, 1-based), for `^^^`.
    pub end_col: u32,
}

impl SyntaxError {
    pub(crate) fn new(msg: impl Into<String>, line: u32, col: u32) -> Self {
        SyntaxError {
            kind: "SyntaxError",
            msg: msg.into(),
            line,
            col: col + 1,
            end_col: col + 2,
        }
    }
}

const OPS: &[&str] = &[
    "**=", "//=", ">>=", "<<=", "...", "->", "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "+=",
    "-=", "*=", "/=", "%=", "&=", "|=", "^=", ":=", "+", "-", "*", "/", "%", "@", "&", "|", "^",
    "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "=",
];

/// Tokenizes `src`.
pub(crate) fn tokenize(src: &str) -> Result<Vec<Token>, SyntaxError> {
    let lines: Vec<Vec<char>> = src.split('\n').map(|l| l.chars().collect()).collect();
    let mut out: Vec<Token> = Vec::new();
    let mut indents: Vec<usize> = alloc::vec![0];
    let mut brackets: Vec<(char, u32, u32)> = Vec::new();
    let mut li = 0usize;
    let mut continued = false;
    while li < lines.len() {
        let Some(line) = lines.get(li) else { break };
        let lineno = (li + 1) as u32;
        let mut i = 0usize;
        if brackets.is_empty() && !continued {
            // Indentation of a new logical line.
            let mut width = 0usize;
            while let Some(&c) = line.get(i) {
                match c {
                    ' ' => width += 1,
                    '\t' => width = (width / 8 + 1) * 8,
                    '\x0c' => width = 0,
                    _ => break,
                }
                i += 1;
            }
            let rest = line.get(i).copied();
            if rest.is_none() || rest == Some('#') || rest == Some('\r') {
                li += 1;
                continue;
            }
            let cur = indents.last().copied().unwrap_or(0);
            if width > cur {
                if indents.len() >= MAX_INDENT {
                    return Err(SyntaxError {
                        kind: "IndentationError",
                        msg: "too many levels of indentation".into(),
                        line: lineno,
                        col: 0,
                        end_col: 0,
                    });
                }
                indents.push(width);
                out.push(tok(Tok::Indent, lineno, 0, i as u32));
            } else {
                while width < indents.last().copied().unwrap_or(0) {
                    indents.pop();
                    out.push(tok(Tok::Dedent, lineno, i as u32, i as u32));
                }
                if width != indents.last().copied().unwrap_or(0) {
                    return Err(SyntaxError {
                        kind: "IndentationError",
                        msg: "unindent does not match any outer indentation level".into(),
                        line: lineno,
                        col: i as u32 + 1,
                        end_col: i as u32 + 2,
                    });
                }
            }
        }
        continued = false;
        while let Some(line) = lines.get(li) {
            let lineno = (li + 1) as u32;
            let Some(&c) = line.get(i) else { break };
            let col = i as u32;
            if c == ' ' || c == '\t' || c == '\r' || c == '\x0c' {
                i += 1;
                continue;
            }
            if c == '#' {
                break;
            }
            if c == '\\' && i + 1 >= line.len() {
                continued = true;
                i += 1;
                continue;
            }
            if c.is_alphabetic() || c == '_' {
                let start = i;
                while line
                    .get(i)
                    .is_some_and(|c| c.is_alphanumeric() || *c == '_')
                {
                    i += 1;
                }
                let word: String = line.get(start..i).unwrap_or_default().iter().collect();
                let quote = line.get(i).copied();
                let lower = word.to_ascii_lowercase();
                if (quote == Some('\'') || quote == Some('"'))
                    && matches!(
                        lower.as_str(),
                        "b" | "r" | "f" | "br" | "rb" | "fr" | "rf" | "u"
                    )
                {
                    let (t, nl, ni) = string(&lines, li, i, &lower, lineno, start as u32)?;
                    out.push(Token {
                        tok: t,
                        line: lineno,
                        col: start as u32,
                        end_col: ni as u32,
                        end_line: (nl + 1) as u32,
                    });
                    li = nl;
                    i = ni;
                    continue;
                }
                out.push(tok(Tok::Name(word), lineno, col, i as u32));
                continue;
            }
            if c.is_ascii_digit()
                || (c == '.' && line.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
            {
                let (t, ni) = number(line, i, lineno)?;
                out.push(tok(t, lineno, col, ni as u32));
                i = ni;
                continue;
            }
            if c == '\'' || c == '"' {
                let (t, nl, ni) = string(&lines, li, i, "", lineno, col)?;
                out.push(Token {
                    tok: t,
                    line: lineno,
                    col,
                    end_col: ni as u32,
                    end_line: (nl + 1) as u32,
                });
                li = nl;
                i = ni;
                continue;
            }
            // Operators.
            let mut matched = None;
            for op in OPS {
                let n = op.chars().count();
                if line
                    .get(i..i + n)
                    .is_some_and(|s| s.iter().copied().eq(op.chars()))
                {
                    matched = Some(*op);
                    break;
                }
            }
            let Some(op) = matched else {
                let msg = if c == '$' || c == '?' || c == '`' || c == '!' {
                    String::from("invalid syntax")
                } else {
                    alloc::format!("invalid character '{c}' (U+{:04X})", c as u32)
                };
                return Err(SyntaxError::new(msg, lineno, col));
            };
            match op {
                "(" | "[" | "{" => {
                    if brackets.len() >= MAX_NESTING {
                        return Err(SyntaxError::new("too many nested parentheses", lineno, col));
                    }
                    brackets.push((c, lineno, col));
                }
                ")" | "]" | "}" => {
                    let open = match op {
                        ")" => '(',
                        "]" => '[',
                        _ => '{',
                    };
                    match brackets.pop() {
                        None => {
                            return Err(SyntaxError::new(
                                alloc::format!("unmatched '{c}'"),
                                lineno,
                                col,
                            ));
                        }
                        Some((o, oline, _)) if o != open => {
                            let msg = if oline == lineno {
                                alloc::format!(
                                    "closing parenthesis '{c}' does not match opening parenthesis '{o}'"
                                )
                            } else {
                                alloc::format!(
                                    "closing parenthesis '{c}' does not match opening parenthesis '{o}' on line {oline}"
                                )
                            };
                            return Err(SyntaxError::new(msg, lineno, col));
                        }
                        Some(_) => {}
                    }
                }
                _ => {}
            }
            i += op.chars().count();
            out.push(tok(Tok::Op(op), lineno, col, i as u32));
        }
        if brackets.is_empty() && !continued && logical_has_tokens(&out) {
            let (lineno, len) = ((li + 1) as u32, lines.get(li).map_or(0, Vec::len) as u32);
            out.push(tok(Tok::Newline, lineno, len, len + 1));
        }
        li += 1;
    }
    if let Some((c, line, col)) = brackets.first() {
        return Err(SyntaxError::new(
            alloc::format!("'{c}' was never closed"),
            *line,
            *col,
        ));
    }
    let last = lines.len() as u32;
    if logical_has_tokens(&out) {
        out.push(tok(Tok::Newline, last, 0, 1));
    }
    while indents.len() > 1 {
        indents.pop();
        out.push(tok(Tok::Dedent, last + 1, 0, 0));
    }
    out.push(tok(Tok::Eof, last + 1, 0, 0));
    Ok(out)
}

fn logical_has_tokens(out: &[Token]) -> bool {
    out.last()
        .is_some_and(|t| !matches!(t.tok, Tok::Newline | Tok::Indent | Tok::Dedent))
}

fn tok(t: Tok, line: u32, col: u32, end: u32) -> Token {
    Token {
        tok: t,
        line,
        col,
        end_col: end,
        end_line: line,
    }
}

fn number(line: &[char], start: usize, lineno: u32) -> Result<(Tok, usize), SyntaxError> {
    let mut i = start;
    let at = |k: usize| line.get(k).copied().unwrap_or('\0');
    if at(i) == '0' && matches!(at(i + 1), 'x' | 'X' | 'o' | 'O' | 'b' | 'B') {
        let radix = match at(i + 1) {
            'x' | 'X' => 16,
            'o' | 'O' => 8,
            _ => 2,
        };
        i += 2;
        let mut digits = String::new();
        while at(i).is_ascii_alphanumeric() || at(i) == '_' {
            if at(i) != '_' {
                digits.push(at(i));
            }
            i += 1;
        }
        let v = i64::from_str_radix(&digits, radix).map_err(|_| {
            SyntaxError::new(
                alloc::format!(
                    "invalid {} literal",
                    match radix {
                        16 => "hexadecimal",
                        8 => "octal",
                        _ => "binary",
                    }
                ),
                lineno,
                start as u32,
            )
        })?;
        return Ok((Tok::Int(v), i));
    }
    let mut text = String::new();
    let mut float = false;
    while at(i).is_ascii_digit() || at(i) == '_' {
        if at(i) != '_' {
            text.push(at(i));
        }
        i += 1;
    }
    if at(i) == '.' {
        float = true;
        text.push('.');
        i += 1;
        while at(i).is_ascii_digit() || at(i) == '_' {
            if at(i) != '_' {
                text.push(at(i));
            }
            i += 1;
        }
    }
    if matches!(at(i), 'e' | 'E')
        && (at(i + 1).is_ascii_digit()
            || (matches!(at(i + 1), '+' | '-') && at(i + 2).is_ascii_digit()))
    {
        float = true;
        text.push('e');
        i += 1;
        if matches!(at(i), '+' | '-') {
            text.push(at(i));
            i += 1;
        }
        while at(i).is_ascii_digit() {
            text.push(at(i));
            i += 1;
        }
    }
    if at(i).is_alphabetic() || at(i) == '_' {
        return Err(SyntaxError::new(
            "invalid decimal literal",
            lineno,
            i as u32 - 1,
        ));
    }
    if float {
        let v: f64 = text.parse().unwrap_or(f64::NAN);
        Ok((Tok::Float(v), i))
    } else {
        match text.parse::<i64>() {
            Ok(v) => Ok((Tok::Int(v), i)),
            Err(_) => {
                // Too large for the machine word: kept as a float would be
                // wrong; CPython's ints are unbounded. Say so in its words
                // for an int the interpreter cannot hold.
                Err(SyntaxError::new(
                    "integer literal too large",
                    lineno,
                    start as u32,
                ))
            }
        }
    }
}

/// Reads a string literal whose opening quote is at `lines[li][i]`;
/// returns the token and where the scan continues (line index, column).
fn string(
    lines: &[Vec<char>],
    li: usize,
    i: usize,
    prefix: &str,
    lineno: u32,
    start_col: u32,
) -> Result<(Tok, usize, usize), SyntaxError> {
    let raw = prefix.contains('r');
    let bytes = prefix.contains('b');
    let fstring = prefix.contains('f');
    let line = lines.get(li).map(Vec::as_slice).unwrap_or_default();
    let q = line.get(i).copied().unwrap_or('"');
    let triple = line.get(i + 1) == Some(&q) && line.get(i + 2) == Some(&q);
    let mut text = String::new();
    let (mut l, mut k) = (li, if triple { i + 3 } else { i + 1 });
    loop {
        let Some(cur) = lines.get(l) else {
            return Err(SyntaxError::new(
                alloc::format!(
                    "unterminated triple-quoted string literal (detected at line {})",
                    lines.len()
                ),
                lineno,
                start_col,
            ));
        };
        let Some(&c) = cur.get(k) else {
            if triple {
                text.push('\n');
                l += 1;
                k = 0;
                continue;
            }
            if !raw && cur.last() == Some(&'\\') && k > 0 {
                l += 1;
                k = 0;
                continue;
            }
            return Err(SyntaxError::new(
                alloc::format!("unterminated string literal (detected at line {})", l + 1),
                lineno,
                start_col,
            ));
        };
        if c == q && (!triple || (cur.get(k + 1) == Some(&q) && cur.get(k + 2) == Some(&q))) {
            k += if triple { 3 } else { 1 };
            break;
        }
        if c == '\\' {
            let Some(&n) = cur.get(k + 1) else {
                // A backslash at the end of a line continues the string.
                if raw || fstring {
                    text.push('\\');
                }
                if triple || cur.len() == k + 1 {
                    if raw {
                        text.push('\n');
                    }
                    l += 1;
                    k = 0;
                    continue;
                }
                k += 1;
                continue;
            };
            if raw || fstring {
                text.push('\\');
                text.push(n);
                k += 2;
                continue;
            }
            k += 2;
            match n {
                'n' => text.push('\n'),
                't' => text.push('\t'),
                'r' => text.push('\r'),
                '0' => text.push('\0'),
                'a' => text.push('\x07'),
                'b' => text.push('\x08'),
                'f' => text.push('\x0c'),
                'v' => text.push('\x0b'),
                '\\' => text.push('\\'),
                '\'' => text.push('\''),
                '"' => text.push('"'),
                'x' => {
                    let h: String = cur.get(k..k + 2).unwrap_or_default().iter().collect();
                    match u32::from_str_radix(&h, 16).ok().filter(|_| h.len() == 2) {
                        Some(v) => {
                            text.push(char::from_u32(v).unwrap_or('\u{fffd}'));
                            k += 2;
                        }
                        None => {
                            let what = if bytes {
                                "bytes"
                            } else {
                                "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: truncated \\xXX escape"
                            };
                            let msg = if bytes {
                                alloc::format!("{what} can only contain ASCII literal characters")
                            } else {
                                String::from(what)
                            };
                            return Err(SyntaxError::new(msg, lineno, start_col));
                        }
                    }
                }
                other => {
                    text.push('\\');
                    text.push(other);
                }
            }
            continue;
        }
        if bytes && !c.is_ascii() {
            return Err(SyntaxError::new(
                "bytes can only contain ASCII literal characters",
                lineno,
                start_col,
            ));
        }
        text.push(c);
        k += 1;
    }
    Ok((
        Tok::Str {
            text,
            bytes,
            fstring,
        },
        l,
        k,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Tok> {
        tokenize(src)
            .map(|t| t.into_iter().map(|t| t.tok).collect())
            .unwrap_or_default()
    }

    #[test]
    fn indentation() {
        let t = kinds("if x:\n    y\nz\n");
        assert!(t.contains(&Tok::Indent));
        assert!(t.contains(&Tok::Dedent));
    }

    #[test]
    fn never_closed() {
        let e = tokenize("x = (1,").err();
        assert_eq!(
            e.map(|e| (e.msg, e.col)),
            Some(("'(' was never closed".into(), 5))
        );
    }

    #[test]
    fn strings() {
        assert_eq!(
            kinds("b'a\\n'").first(),
            Some(&Tok::Str {
                text: "a\n".into(),
                bytes: true,
                fstring: false
            })
        );
        assert!(kinds("'''a\nb'''").contains(&Tok::Str {
            text: "a\nb".into(),
            bytes: false,
            fstring: false
        }));
    }
}
