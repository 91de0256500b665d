//! Parsing a command line the way bash does, for the subset the lab runs:
//! words with quoting and `$` expansion, `;`, `&&`, `||`, `&`, `|`, `|&`, and
//! redirections (`>`, `>>`, `2>`, `2>&1`, `&>`, `<`).
//!
//! Errors carry bash's own text. Real bash 5.2.15, interactive:
//!
//! ```text
//! user@lab:~$ ; echo
//! bash: syntax error near unexpected token `;'
//! user@lab:~$ echo a >
//! bash: syntax error near unexpected token `newline'
//! user@lab:~$ echo "abc
//! bash: unexpected EOF while looking for matching `"'
//! ```
//!
//! A trailing `&&`, `||` or `|` makes interactive bash ask for more input;
//! the lab reads one line at a time, so it reports what bash reports at the
//! end of input: `bash: syntax error: unexpected end of file`.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// A piece of a word before expansion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WordPart {
    /// Literal text (quotes already removed).
    Literal(String),
    /// A parameter: `$NAME`, `${NAME}`, `$?`, `$$`.
    Param(String),
    /// An unquoted `~` at the start of a word.
    Tilde,
}

/// A shell word: the parts that expand and join into one argument.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    /// The parts, in order.
    pub parts: Vec<WordPart>,
    /// True if any part of the word was quoted (so it stays a word even if empty).
    pub quoted: bool,
}

impl Word {
    fn push_char(&mut self, c: char) {
        if let Some(WordPart::Literal(s)) = self.parts.last_mut() {
            s.push(c);
        } else {
            self.parts.push(WordPart::Literal(String::from(c)));
        }
    }

    fn is_empty(&self) -> bool {
        self.parts.is_empty() && !self.quoted
    }

    /// The word's text if it is a plain unquoted literal.
    pub fn as_plain_literal(&self) -> Option<&str> {
        match (self.quoted, self.parts.as_slice()) {
            (false, [WordPart::Literal(s)]) => Some(s),
            _ => None,
        }
    }
}

/// Where a redirection sends a file descriptor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Redirect {
    /// `N> word` or `N>> word` (N defaults to 1).
    ToFile {
        /// The descriptor redirected (1 or 2).
        fd: u8,
        /// The file name.
        target: Word,
        /// `>>` rather than `>`.
        append: bool,
    },
    /// `&> word` / `&>> word`: stdout and stderr to one file.
    BothToFile {
        /// The file name.
        target: Word,
        /// `&>>` rather than `&>`.
        append: bool,
    },
    /// `N>&M`: descriptor N becomes a copy of M.
    Dup {
        /// The descriptor redirected.
        fd: u8,
        /// The descriptor copied.
        to: u8,
    },
    /// `< word`: standard input from a file.
    FromFile {
        /// The file name.
        target: Word,
    },
}

/// One command with its arguments and redirections.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SimpleCommand {
    /// The words; the first is the command name.
    pub words: Vec<Word>,
    /// Redirections, in the order written.
    pub redirects: Vec<Redirect>,
}

/// Commands joined by `|`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pipeline {
    /// At least one command.
    pub commands: Vec<SimpleCommand>,
}

/// What follows a pipeline in a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connector {
    /// `;` or the end of the line: run the next one regardless.
    Then,
    /// `&&`: run the next one if this one succeeded.
    And,
    /// `||`: run the next one if this one failed.
    Or,
    /// `&`: run this one in the background and go on.
    Background,
}

/// A whole command line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommandList {
    /// Pipelines with the connector that follows each.
    pub items: Vec<(Pipeline, Connector)>,
}

/// A line bash would refuse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyntaxError {
    /// `syntax error near unexpected token `X'`.
    UnexpectedToken(String),
    /// A quote left open: `unexpected EOF while looking for matching `"'`.
    UnmatchedQuote(char),
    /// The line ends where more was needed (after `&&`, `||`, `|`).
    UnexpectedEnd,
    /// Syntax the lab does not implement (subshells, here-documents…).
    Unsupported(&'static str),
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyntaxError::UnexpectedToken(t) => {
                write!(f, "bash: syntax error near unexpected token `{t}'")
            }
            SyntaxError::UnmatchedQuote(q) => {
                write!(f, "bash: unexpected EOF while looking for matching `{q}'")
            }
            SyntaxError::UnexpectedEnd => write!(f, "bash: syntax error: unexpected end of file"),
            SyntaxError::Unsupported(what) => {
                write!(f, "bash: {what} are not available in this lab")
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Op {
    Semi,
    DoubleSemi,
    Amp,
    AndAnd,
    OrOr,
    Pipe,
    /// `|&`: `2>&1 |`.
    PipeBoth,
    /// `>`, `>>` with the descriptor.
    Out(u8, bool),
    /// `&>` / `&>>`.
    OutBoth(bool),
    /// `N>&M`.
    Dup(u8, u8),
    In,
}

impl Op {
    fn text(&self) -> String {
        String::from(match self {
            Op::Semi => ";",
            Op::DoubleSemi => ";;",
            Op::Amp => "&",
            Op::AndAnd => "&&",
            Op::OrOr => "||",
            Op::Pipe => "|",
            Op::PipeBoth => "|&",
            Op::Out(_, false) => ">",
            Op::Out(_, true) => ">>",
            Op::OutBoth(false) => "&>",
            Op::OutBoth(true) => "&>>",
            Op::Dup(..) => ">&",
            Op::In => "<",
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Word(Word),
    Op(Op),
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Reads a `$...` expansion after the `$`; pushes it into `word`.
fn lex_dollar(
    chars: &mut core::iter::Peekable<core::str::Chars<'_>>,
    word: &mut Word,
) -> Result<(), SyntaxError> {
    match chars.peek().copied() {
        Some('?') | Some('$') | Some('#') | Some('!') | Some('0') => {
            let c = chars.next().unwrap_or('?');
            word.parts.push(WordPart::Param(String::from(c)));
        }
        Some('{') => {
            chars.next();
            let mut name = String::new();
            loop {
                match chars.next() {
                    Some('}') => break,
                    Some(c) => name.push(c),
                    None => return Err(SyntaxError::UnmatchedQuote('}')),
                }
            }
            word.parts.push(WordPart::Param(name));
        }
        Some('(') => return Err(SyntaxError::Unsupported("command substitutions")),
        Some(c) if is_name_start(c) => {
            let mut name = String::new();
            while let Some(&c) = chars.peek() {
                if !is_name_char(c) {
                    break;
                }
                name.push(c);
                chars.next();
            }
            word.parts.push(WordPart::Param(name));
        }
        _ => word.push_char('$'),
    }
    Ok(())
}

fn tokenize(line: &str) -> Result<Vec<Token>, SyntaxError> {
    let mut tokens = Vec::new();
    let mut word = Word::default();
    let mut chars = line.chars().peekable();
    let flush = |word: &mut Word, tokens: &mut Vec<Token>| {
        if !word.is_empty() {
            tokens.push(Token::Word(core::mem::take(word)));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => flush(&mut word, &mut tokens),
            '#' if word.is_empty() => break,
            '\'' => {
                word.quoted = true;
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == '\'' {
                        closed = true;
                        break;
                    }
                    word.push_char(c);
                }
                if !closed {
                    return Err(SyntaxError::UnmatchedQuote('\''));
                }
                // An empty '' still makes a (possibly empty) word.
                if word.parts.is_empty() {
                    word.parts.push(WordPart::Literal(String::new()));
                }
            }
            '"' => {
                word.quoted = true;
                if word.parts.is_empty() {
                    word.parts.push(WordPart::Literal(String::new()));
                }
                let mut closed = false;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => {
                            closed = true;
                            break;
                        }
                        '\\' => match chars.peek().copied() {
                            Some(n @ ('"' | '\\' | '$' | '`')) => {
                                chars.next();
                                word.push_char(n);
                            }
                            Some('\n') => {
                                chars.next();
                            }
                            _ => word.push_char('\\'),
                        },
                        '$' => lex_dollar(&mut chars, &mut word)?,
                        '`' => return Err(SyntaxError::Unsupported("command substitutions")),
                        c => word.push_char(c),
                    }
                }
                if !closed {
                    return Err(SyntaxError::UnmatchedQuote('"'));
                }
            }
            '\\' => match chars.next() {
                Some('\n') => {}
                Some(n) => {
                    word.quoted = true;
                    word.push_char(n);
                }
                None => {}
            },
            '$' => lex_dollar(&mut chars, &mut word)?,
            '`' => return Err(SyntaxError::Unsupported("command substitutions")),
            '~' if word.is_empty()
                && matches!(
                    chars.peek(),
                    None | Some('/' | ' ' | '\t' | ';' | '&' | '|')
                ) =>
            {
                word.parts.push(WordPart::Tilde);
            }
            ';' => {
                flush(&mut word, &mut tokens);
                if chars.peek() == Some(&';') {
                    chars.next();
                    tokens.push(Token::Op(Op::DoubleSemi));
                } else {
                    tokens.push(Token::Op(Op::Semi));
                }
            }
            '&' => {
                flush(&mut word, &mut tokens);
                match chars.peek() {
                    Some('&') => {
                        chars.next();
                        tokens.push(Token::Op(Op::AndAnd));
                    }
                    Some('>') => {
                        chars.next();
                        let append = chars.peek() == Some(&'>');
                        if append {
                            chars.next();
                        }
                        tokens.push(Token::Op(Op::OutBoth(append)));
                    }
                    _ => tokens.push(Token::Op(Op::Amp)),
                }
            }
            '|' => {
                flush(&mut word, &mut tokens);
                if chars.peek() == Some(&'|') {
                    chars.next();
                    tokens.push(Token::Op(Op::OrOr));
                } else if chars.peek() == Some(&'&') {
                    // `|&` is `2>&1 |`, the 2>&1 after the command's own
                    // redirections.
                    chars.next();
                    tokens.push(Token::Op(Op::PipeBoth));
                } else {
                    tokens.push(Token::Op(Op::Pipe));
                }
            }
            '>' => {
                // `2>` and `1>`: a bare single digit right before `>` is a descriptor.
                let fd = match word.as_plain_literal() {
                    Some("1") => Some(1),
                    Some("2") => Some(2),
                    _ => None,
                };
                match fd {
                    Some(_) => word = Word::default(),
                    None => flush(&mut word, &mut tokens),
                }
                let fd = fd.unwrap_or(1);
                if chars.peek() == Some(&'>') {
                    chars.next();
                    tokens.push(Token::Op(Op::Out(fd, true)));
                } else if chars.peek() == Some(&'&') {
                    chars.next();
                    match chars.peek().copied() {
                        Some(d @ ('1' | '2')) => {
                            chars.next();
                            tokens.push(Token::Op(Op::Dup(fd, if d == '1' { 1 } else { 2 })));
                        }
                        _ => {
                            return Err(SyntaxError::Unsupported(
                                "redirections other than >&1 and >&2",
                            ));
                        }
                    }
                } else {
                    tokens.push(Token::Op(Op::Out(fd, false)));
                }
            }
            '<' => {
                flush(&mut word, &mut tokens);
                if chars.peek() == Some(&'<') {
                    return Err(SyntaxError::Unsupported("here-documents"));
                }
                tokens.push(Token::Op(Op::In));
            }
            '(' | ')' => return Err(SyntaxError::Unsupported("subshells")),
            c => word.push_char(c),
        }
    }
    flush(&mut word, &mut tokens);
    Ok(tokens)
}

/// Parses one command line.
pub fn parse(line: &str) -> Result<CommandList, SyntaxError> {
    let tokens = tokenize(line)?;
    let mut list = CommandList::default();
    let mut pipeline = Pipeline::default();
    let mut command = SimpleCommand::default();
    let mut iter = tokens.into_iter().peekable();
    // True when the last thing seen needs a command after it (`&&`, `||`, `|`).
    let mut need_more = false;
    while let Some(token) = iter.next() {
        match token {
            Token::Word(w) => {
                command.words.push(w);
                need_more = false;
            }
            Token::Op(op @ (Op::Out(..) | Op::OutBoth(_) | Op::In)) => {
                let target = match iter.next() {
                    Some(Token::Word(w)) => w,
                    Some(Token::Op(next)) => return Err(SyntaxError::UnexpectedToken(next.text())),
                    None => return Err(SyntaxError::UnexpectedToken(String::from("newline"))),
                };
                command.redirects.push(match op {
                    Op::Out(fd, append) => Redirect::ToFile { fd, target, append },
                    Op::OutBoth(append) => Redirect::BothToFile { target, append },
                    _ => Redirect::FromFile { target },
                });
            }
            Token::Op(Op::Dup(fd, to)) => command.redirects.push(Redirect::Dup { fd, to }),
            Token::Op(op) => {
                if command.words.is_empty() && command.redirects.is_empty() {
                    return Err(SyntaxError::UnexpectedToken(op.text()));
                }
                if op == Op::PipeBoth {
                    command.redirects.push(Redirect::Dup { fd: 2, to: 1 });
                }
                pipeline.commands.push(core::mem::take(&mut command));
                let connector = match op {
                    Op::Pipe | Op::PipeBoth => {
                        need_more = true;
                        continue;
                    }
                    Op::Semi => Connector::Then,
                    Op::Amp => Connector::Background,
                    Op::AndAnd => Connector::And,
                    Op::OrOr => Connector::Or,
                    _ => return Err(SyntaxError::UnexpectedToken(op.text())),
                };
                need_more = matches!(connector, Connector::And | Connector::Or);
                list.items.push((core::mem::take(&mut pipeline), connector));
            }
        }
    }
    if need_more {
        return Err(SyntaxError::UnexpectedEnd);
    }
    if !command.words.is_empty() || !command.redirects.is_empty() {
        pipeline.commands.push(command);
    }
    if !pipeline.commands.is_empty() {
        list.items.push((pipeline, Connector::Then));
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn lit(s: &str) -> Word {
        Word {
            parts: alloc::vec![WordPart::Literal(s.to_string())],
            quoted: false,
        }
    }

    fn names(list: &CommandList) -> Vec<Vec<String>> {
        list.items
            .iter()
            .map(|(p, _)| {
                p.commands[0]
                    .words
                    .iter()
                    .map(|w| match w.parts.as_slice() {
                        [WordPart::Literal(s)] => s.clone(),
                        other => alloc::format!("{other:?}"),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn words_and_separators() {
        let list = parse("echo hi; nope && a || b & c").unwrap();
        assert_eq!(
            names(&list),
            [
                alloc::vec!["echo", "hi"],
                alloc::vec!["nope"],
                alloc::vec!["a"],
                alloc::vec!["b"],
                alloc::vec!["c"]
            ]
        );
        let connectors: Vec<_> = list.items.iter().map(|(_, c)| *c).collect();
        assert_eq!(
            connectors,
            [
                Connector::Then,
                Connector::And,
                Connector::Or,
                Connector::Background,
                Connector::Then
            ]
        );
    }

    #[test]
    fn quoting() {
        let list = parse(r#"echo 'a  b' "c \"d\" $?" e\ f '' "#).unwrap();
        let words = &list.items[0].0.commands[0].words;
        assert_eq!(
            words[1],
            Word {
                parts: alloc::vec![WordPart::Literal("a  b".into())],
                quoted: true
            }
        );
        assert_eq!(
            words[2].parts,
            alloc::vec![
                WordPart::Literal("c \"d\" ".into()),
                WordPart::Param("?".into())
            ]
        );
        assert_eq!(words[3].parts, alloc::vec![WordPart::Literal("e f".into())]);
        assert_eq!(
            words[4],
            Word {
                parts: alloc::vec![WordPart::Literal(String::new())],
                quoted: true
            }
        );
        assert_eq!(words.len(), 5);
    }

    #[test]
    fn redirections() {
        let list = parse("echo x >> /etc/hosts 2>/tmp/e 2>&1").unwrap();
        let cmd = &list.items[0].0.commands[0];
        assert_eq!(cmd.words, [lit("echo"), lit("x")]);
        assert_eq!(
            cmd.redirects,
            [
                Redirect::ToFile {
                    fd: 1,
                    target: lit("/etc/hosts"),
                    append: true
                },
                Redirect::ToFile {
                    fd: 2,
                    target: lit("/tmp/e"),
                    append: false
                },
                Redirect::Dup { fd: 2, to: 1 },
            ]
        );
    }

    /// Real bash 5.2.15 (interactive) printed each of these messages.
    #[test]
    fn bash_syntax_errors() {
        let cases = [
            ("; echo", "bash: syntax error near unexpected token `;'"),
            (
                "echo a >",
                "bash: syntax error near unexpected token `newline'",
            ),
            (
                "echo a && && b",
                "bash: syntax error near unexpected token `&&'",
            ),
            (
                "echo a || ; echo b",
                "bash: syntax error near unexpected token `;'",
            ),
            (
                "echo a ;; b",
                "bash: syntax error near unexpected token `;;'",
            ),
            ("echo a > ;", "bash: syntax error near unexpected token `;'"),
            ("| x", "bash: syntax error near unexpected token `|'"),
            (
                "echo 'a",
                "bash: unexpected EOF while looking for matching `''",
            ),
            (
                "echo \"abc",
                "bash: unexpected EOF while looking for matching `\"'",
            ),
            ("echo a &&", "bash: syntax error: unexpected end of file"),
        ];
        for (line, message) in cases {
            assert_eq!(parse(line).unwrap_err().to_string(), message, "{line}");
        }
    }

    #[test]
    fn empty_and_comments() {
        assert!(parse("").unwrap().items.is_empty());
        assert!(parse("   # just a comment").unwrap().items.is_empty());
        assert_eq!(
            names(&parse("echo a#b # c").unwrap()),
            [alloc::vec!["echo", "a#b"]]
        );
        assert!(parse("echo a &").is_ok());
    }
}
