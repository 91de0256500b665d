//! Parsing bash's grammar into the syntax tree ([`crate::shell::ast`]):
//! lists (`;`, `&`, newlines), and-or lists, pipelines (`|`, `|&`, `!`),
//! simple commands with assignments and redirections (here-documents and
//! here-strings included), compound commands (`if`, `for`, `for ((…))`,
//! `while`, `until`, `case`, `{ …; }`, `( … )`, `[[ … ]]`, `(( … ))`) and
//! function definitions. The tokens are [`lex`]'s.
//!
//! Errors carry bash's own text. Real bash 5.2.15, interactive:
//!
//! ```text
//! user@lab:~$ ; echo
//! bash: syntax error near unexpected token `;'
//! user@lab:~$ echo a >
//! bash: syntax error near unexpected token `newline'
//! ```
//!
//! Input that ends too early (an open quote, `if` without `fi`, a
//! trailing `|` or `&&`) is [`SyntaxError::is_incomplete`]: interactive
//! bash then reads another line (PS2, `> `); at the end of a script it
//! says `unexpected EOF while looking for matching `"'` or `syntax error:
//! unexpected end of file`.

mod cond;
pub(crate) mod lex;

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::shell::ast::{
    AndOr, Assign, CaseArm, CaseEnd, Command, Compound, Connector, Item, List, Pipeline, Redirect,
    SimpleCommand, Word, WordPart,
};
use lex::{Tok, is_name_char, is_name_start};

/// How deep compound commands, substitutions and `[[ ]]` may nest.
const MAX_DEPTH: u32 = 120;

/// A script bash would refuse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyntaxError {
    /// `syntax error near unexpected token `X'`.
    UnexpectedToken(String),
    /// A quote left open: `unexpected EOF while looking for matching `"'`.
    UnmatchedQuote(char),
    /// The input ends where more was needed (after `&&`, inside `if`).
    UnexpectedEnd,
    /// Nesting deeper than the parser follows.
    TooDeep,
}

impl SyntaxError {
    /// True when more input could complete the script (interactive bash
    /// shows PS2 and reads another line).
    pub fn is_incomplete(&self) -> bool {
        matches!(
            self,
            SyntaxError::UnmatchedQuote(_) | SyntaxError::UnexpectedEnd
        )
    }
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
            SyntaxError::TooDeep => write!(f, "bash: maximum nesting level exceeded"),
        }
    }
}

/// A syntax error in a script, where bash reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptError {
    /// The error.
    pub error: SyntaxError,
    /// The line bash names (`bash: -c: line 2: …`).
    pub line: u32,
    /// That line's text (bash quotes it after an unexpected token).
    pub text: String,
}

/// A parsed script: the commands before a syntax error (bash runs a
/// script's complete lines before it reads the one that fails), the
/// error, and the warnings bash prints.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// The commands.
    pub list: List,
    /// Warnings (a here-document ended by end of file).
    pub warnings: Vec<String>,
    /// The syntax error that ends the script, if any.
    pub error: Option<ScriptError>,
}

/// Parses a whole script; `final_input` is false when more lines may come
/// (a here-document without its delimiter is then incomplete).
pub fn parse_script(src: &str, final_input: bool) -> Parsed {
    let mut p = Parser::new(src, final_input);
    let mut parsed = Parsed::default();
    // Items up to the last newline are complete lines: they run even if a
    // later line fails.
    let mut committed = 0;
    let result = (|| -> Result<(), SyntaxError> {
        loop {
            if p.skip_newlines()? {
                committed = parsed.list.items.len();
            }
            let t = p.peek_token()?;
            if t == Tok::Eof {
                return Ok(());
            }
            let and_or = p.parse_and_or()?;
            let mut item = Item {
                and_or,
                background: false,
            };
            match p.next_token()? {
                Tok::Op(";", None) => {}
                Tok::Op("&", None) => item.background = true,
                Tok::Newline | Tok::Eof => {
                    parsed.list.items.push(item);
                    committed = parsed.list.items.len();
                    continue;
                }
                t => return Err(SyntaxError::UnexpectedToken(t.text())),
            }
            parsed.list.items.push(item);
        }
    })();
    if let Err(error) = result {
        parsed.list.items.truncate(committed);
        let mut line = p.tok_line;
        if error == SyntaxError::UnexpectedEnd {
            line = p.line + u32::from(!src.ends_with('\n'));
        }
        let text = src
            .split('\n')
            .nth(usize::try_from(line.saturating_sub(1)).unwrap_or(0))
            .unwrap_or_default();
        parsed.error = Some(ScriptError {
            error,
            line,
            text: String::from(text),
        });
    }
    parsed.warnings = p.warnings;
    parsed
}

/// Parses one command line (the whole input).
pub fn parse(src: &str) -> Result<List, SyntaxError> {
    let mut p = Parser::new(src, true);
    p.parse_all()
}

/// The parser: a cursor over the characters, the line number, the
/// here-documents' bodies already read.
pub(crate) struct Parser {
    pub(crate) src: Vec<char>,
    pub(crate) pos: usize,
    pub(crate) line: u32,
    pub(crate) heredoc_resume: Option<usize>,
    pub(crate) final_input: bool,
    pub(crate) warnings: Vec<String>,
    /// The line the last token started on.
    pub(crate) tok_line: u32,
    depth: u32,
}

const RESERVED_ENDS: &[&str] = &[
    "then", "elif", "else", "fi", "do", "done", "esac", "}", "in", "]]",
];

impl Parser {
    fn new(src: &str, final_input: bool) -> Parser {
        Parser {
            src: lex::chars(src),
            pos: 0,
            line: 1,
            heredoc_resume: None,
            final_input,
            warnings: Vec::new(),
            tok_line: 1,
            depth: 0,
        }
    }

    /// A parser for text found inside this one (backquotes, `$((…))`).
    pub(crate) fn sub_parser(&self, src: &str) -> Parser {
        let mut p = Parser::new(src, true);
        p.line = self.line;
        p.depth = self.depth.saturating_add(1);
        p
    }

    /// Runs `f` one nesting level deeper.
    pub(crate) fn nested<T>(
        &mut self,
        f: impl FnOnce(&mut Parser) -> Result<T, SyntaxError>,
    ) -> Result<T, SyntaxError> {
        if self.depth >= MAX_DEPTH {
            return Err(SyntaxError::TooDeep);
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }

    /// The whole input as one list.
    pub(crate) fn parse_all(&mut self) -> Result<List, SyntaxError> {
        if self.depth >= MAX_DEPTH {
            return Err(SyntaxError::TooDeep);
        }
        let list = self.parse_list_until(&[])?;
        match self.next_token()? {
            Tok::Eof => Ok(list),
            t => Err(SyntaxError::UnexpectedToken(t.text())),
        }
    }

    /// Skips newlines; true if there was one.
    fn skip_newlines(&mut self) -> Result<bool, SyntaxError> {
        let mut any = false;
        while self.peek_token()? == Tok::Newline {
            self.next_token()?;
            any = true;
        }
        Ok(any)
    }

    /// True if `t` ends the list being read (`ends`: reserved words or `)`).
    fn ends_list(t: &Tok, ends: &[&str]) -> bool {
        match t {
            Tok::Eof => true,
            Tok::Op(op, None) => {
                matches!(*op, ";;" | ";&" | ";;&") || (*op == ")" && ends.contains(&")"))
            }
            Tok::Word(..) => ends.iter().any(|e| t.is_word(e)),
            _ => false,
        }
    }

    /// A list up to one of `ends` (not taken), the end of input, or `)`
    /// when `ends` holds it.
    pub(crate) fn parse_list_until(&mut self, ends: &[&str]) -> Result<List, SyntaxError> {
        let mut list = List::default();
        loop {
            let _ = self.skip_newlines()?;
            let t = self.peek_token()?;
            if Self::ends_list(&t, ends) {
                return Ok(list);
            }
            let and_or = self.parse_and_or()?;
            let mut item = Item {
                and_or,
                background: false,
            };
            match self.peek_token()? {
                Tok::Op(";", None) => {
                    self.next_token()?;
                }
                Tok::Op("&", None) => {
                    self.next_token()?;
                    item.background = true;
                }
                Tok::Newline => {
                    self.next_token()?;
                }
                t if Self::ends_list(&t, ends) => {
                    list.items.push(item);
                    return Ok(list);
                }
                t => return Err(SyntaxError::UnexpectedToken(t.text())),
            }
            list.items.push(item);
        }
    }

    /// A list that must not be empty, ended by one of `ends`.
    fn parse_body(&mut self, ends: &[&str]) -> Result<Rc<List>, SyntaxError> {
        let list = self.nested(|p| p.parse_list_until(ends))?;
        if list.items.is_empty() {
            let t = self.peek_token()?;
            return Err(match t {
                Tok::Eof => SyntaxError::UnexpectedEnd,
                t => SyntaxError::UnexpectedToken(t.text()),
            });
        }
        Ok(Rc::new(list))
    }

    fn expect_word(&mut self, w: &str) -> Result<(), SyntaxError> {
        match self.next_token()? {
            t if t.is_word(w) => Ok(()),
            Tok::Eof => Err(SyntaxError::UnexpectedEnd),
            t => Err(SyntaxError::UnexpectedToken(t.text())),
        }
    }

    fn parse_and_or(&mut self) -> Result<AndOr, SyntaxError> {
        let first = Rc::new(self.parse_pipeline()?);
        let mut rest = Vec::new();
        loop {
            let connector = match self.peek_token()? {
                Tok::Op("&&", None) => Connector::And,
                Tok::Op("||", None) => Connector::Or,
                _ => return Ok(AndOr { first, rest }),
            };
            self.next_token()?;
            let _ = self.skip_newlines()?;
            rest.push((connector, Rc::new(self.parse_pipeline()?)));
        }
    }

    fn parse_pipeline(&mut self) -> Result<Pipeline, SyntaxError> {
        let mut pipeline = Pipeline::default();
        self.skip_blank_chars();
        let start = self.pos;
        if self.peek_token()?.is_word("time") {
            self.next_token()?;
            let posix = self.peek_token()?.is_word("-p");
            if posix {
                self.next_token()?;
            }
            pipeline.time = Some(posix);
            if matches!(
                self.peek_token()?,
                Tok::Eof | Tok::Newline | Tok::Op(";" | "&" | "&&" | "||", None)
            ) {
                // `time` alone times nothing.
                pipeline
                    .commands
                    .push(Command::Simple(Rc::new(SimpleCommand {
                        words: alloc::vec![Word::literal(":", false)],
                        line: self.line,
                        ..SimpleCommand::default()
                    })));
                return Ok(pipeline);
            }
        }
        while self.peek_token()?.is_word("!") {
            self.next_token()?;
            pipeline.bang = !pipeline.bang;
        }
        loop {
            let mut command = self.parse_command()?;
            match self.peek_token()? {
                Tok::Op(op @ ("|" | "|&"), None) => {
                    self.next_token()?;
                    if op == "|&" {
                        let dup = Redirect::Dup { fd: 2, to: 1 };
                        match &mut command {
                            Command::Simple(s) => Rc::make_mut(s).redirects.push(dup),
                            Command::Compound(_, r) => r.push(dup),
                            Command::Function(..) => {}
                        }
                    }
                    pipeline.commands.push(command);
                    let _ = self.skip_newlines()?;
                }
                _ => {
                    pipeline.commands.push(command);
                    let text: String = self
                        .src
                        .get(start..self.pos)
                        .unwrap_or_default()
                        .iter()
                        .collect();
                    pipeline.text = String::from(text.trim_end());
                    return Ok(pipeline);
                }
            }
        }
    }

    fn unexpected(&mut self) -> SyntaxError {
        match self.peek_token() {
            Ok(Tok::Eof) => SyntaxError::UnexpectedEnd,
            Ok(t) => SyntaxError::UnexpectedToken(t.text()),
            Err(e) => e,
        }
    }

    fn parse_command(&mut self) -> Result<Command, SyntaxError> {
        let t = self.peek_token()?;
        match &t {
            Tok::Eof => return Err(SyntaxError::UnexpectedEnd),
            Tok::Newline => return Err(SyntaxError::UnexpectedToken(t.text())),
            Tok::Op("(", None) => {
                let compound = if self.peek_after_blanks_is("((") {
                    self.next_token()?;
                    self.nested(|p| p.parse_arith_command())?
                } else {
                    self.next_token()?;
                    let body = self.parse_body(&[")"])?;
                    match self.next_token()? {
                        Tok::Op(")", None) => Compound::Subshell(body),
                        Tok::Eof => return Err(SyntaxError::UnexpectedEnd),
                        t => return Err(SyntaxError::UnexpectedToken(t.text())),
                    }
                };
                return self.with_redirects(compound);
            }
            Tok::Word(..) => {}
            Tok::Op(op, _) if is_redirect(op) => {}
            t => return Err(SyntaxError::UnexpectedToken(t.text())),
        }
        for w in ["if", "for", "while", "until", "case", "{", "[["] {
            if t.is_word(w) {
                self.next_token()?;
                let compound = self.nested(|p| p.parse_compound(w))?;
                return self.with_redirects(compound);
            }
        }
        if t.is_word("function") {
            self.next_token()?;
            let name = match self.next_token()? {
                Tok::Word(_, raw) => raw,
                Tok::Eof => return Err(SyntaxError::UnexpectedEnd),
                t => return Err(SyntaxError::UnexpectedToken(t.text())),
            };
            if self.peek_token()? == Tok::Op("(", None) {
                self.next_token()?;
                match self.next_token()? {
                    Tok::Op(")", None) => {}
                    t => return Err(SyntaxError::UnexpectedToken(t.text())),
                }
            }
            return self.function_body(name);
        }
        if RESERVED_ENDS.iter().any(|w| t.is_word(w)) {
            return Err(SyntaxError::UnexpectedToken(t.text()));
        }
        // `name ( )`: a function definition.
        if let Tok::Word(w, raw) = &t
            && w.as_plain().is_some()
        {
            let saved = (self.pos, self.line, self.heredoc_resume);
            self.next_token()?;
            if self.peek_token()? == Tok::Op("(", None) {
                self.next_token()?;
                return match self.next_token()? {
                    Tok::Op(")", None) => self.function_body(raw.clone()),
                    t => Err(SyntaxError::UnexpectedToken(t.text())),
                };
            }
            (self.pos, self.line, self.heredoc_resume) = saved;
        }
        self.parse_simple().map(|s| Command::Simple(Rc::new(s)))
    }

    fn skip_blank_chars(&mut self) {
        while matches!(self.peek_char(), Some(' ' | '\t')) {
            self.bump();
        }
    }

    /// True if the text after blanks starts with `s`.
    fn peek_after_blanks_is(&self, s: &str) -> bool {
        let mut i = self.pos;
        while matches!(self.src.get(i), Some(' ' | '\t')) {
            i += 1;
        }
        s.chars()
            .enumerate()
            .all(|(k, c)| self.src.get(i + k) == Some(&c))
    }

    fn function_body(&mut self, name: String) -> Result<Command, SyntaxError> {
        let _ = self.skip_newlines()?;
        let t = self.peek_token()?;
        let compound = if let Some(w) = ["if", "for", "while", "until", "case", "{", "[["]
            .into_iter()
            .find(|w| t.is_word(w))
        {
            self.next_token()?;
            self.nested(|p| p.parse_compound(w))?
        } else if t == Tok::Op("(", None) {
            self.next_token()?;
            let body = self.parse_body(&[")"])?;
            match self.next_token()? {
                Tok::Op(")", None) => Compound::Subshell(body),
                _ => return Err(SyntaxError::UnexpectedEnd),
            }
        } else {
            return Err(self.unexpected());
        };
        let redirects = self.parse_redirects()?;
        Ok(Command::Function(name, Rc::new((compound, redirects))))
    }

    fn with_redirects(&mut self, compound: Compound) -> Result<Command, SyntaxError> {
        let redirects = self.parse_redirects()?;
        Ok(Command::Compound(Rc::new(compound), redirects))
    }

    fn parse_redirects(&mut self) -> Result<Vec<Redirect>, SyntaxError> {
        let mut out = Vec::new();
        while let Tok::Op(op, fd) = self.peek_token()? {
            if !is_redirect(op) {
                break;
            }
            self.next_token()?;
            out.push(self.parse_redirect(op, fd)?);
        }
        Ok(out)
    }

    fn parse_compound(&mut self, w: &str) -> Result<Compound, SyntaxError> {
        match w {
            "if" => {
                let mut arms = Vec::new();
                let mut otherwise = None;
                loop {
                    let cond = self.parse_body(&["then"])?;
                    self.expect_word("then")?;
                    let body = self.parse_body(&["elif", "else", "fi"])?;
                    arms.push((cond, body));
                    match self.next_token()? {
                        t if t.is_word("elif") => continue,
                        t if t.is_word("else") => {
                            otherwise = Some(self.parse_body(&["fi"])?);
                            self.expect_word("fi")?;
                            break;
                        }
                        t if t.is_word("fi") => break,
                        Tok::Eof => return Err(SyntaxError::UnexpectedEnd),
                        t => return Err(SyntaxError::UnexpectedToken(t.text())),
                    }
                }
                Ok(Compound::If { arms, otherwise })
            }
            "while" | "until" => {
                let cond = self.parse_body(&["do"])?;
                self.expect_word("do")?;
                let body = self.parse_body(&["done"])?;
                self.expect_word("done")?;
                Ok(Compound::While {
                    cond,
                    body,
                    until: w == "until",
                })
            }
            "for" => self.parse_for(),
            "case" => self.parse_case(),
            "{" => {
                let body = self.parse_body(&["}"])?;
                self.expect_word("}")?;
                Ok(Compound::Brace(body))
            }
            _ => self.parse_cond_command(),
        }
    }

    fn parse_for(&mut self) -> Result<Compound, SyntaxError> {
        if self.peek_after_blanks_is("((") {
            while matches!(self.peek_char(), Some(' ' | '\t')) {
                self.bump();
            }
            self.bump();
            self.bump();
            let text = self.arith_text()?;
            let mut parts = text.splitn(3, ';');
            let mut exprs: [Word; 3] = Default::default();
            for e in exprs.iter_mut() {
                let Some(t) = parts.next() else {
                    return Err(SyntaxError::UnexpectedToken(String::from("((")));
                };
                *e = self.arith_word(t)?;
            }
            let t = self.peek_token()?;
            if t == Tok::Op(";", None) || t == Tok::Newline {
                self.next_token()?;
            }
            let _ = self.skip_newlines()?;
            let body = self.loop_body()?;
            return Ok(Compound::ArithFor { exprs, body });
        }
        let name = match self.next_token()? {
            Tok::Word(w, raw)
                if w.as_plain().is_some()
                    && raw.starts_with(is_name_start)
                    && raw.chars().all(is_name_char) =>
            {
                raw
            }
            Tok::Eof => return Err(SyntaxError::UnexpectedEnd),
            t => return Err(SyntaxError::UnexpectedToken(t.text())),
        };
        let _ = self.skip_newlines()?;
        let mut words = None;
        match self.peek_token()? {
            t if t.is_word("in") => {
                self.next_token()?;
                let mut list = Vec::new();
                loop {
                    match self.next_token()? {
                        Tok::Word(w, _) => list.push(w),
                        Tok::Op(";", None) | Tok::Newline => break,
                        Tok::Eof => return Err(SyntaxError::UnexpectedEnd),
                        t => return Err(SyntaxError::UnexpectedToken(t.text())),
                    }
                }
                words = Some(list);
            }
            Tok::Op(";", None) => {
                self.next_token()?;
            }
            _ => {}
        }
        let _ = self.skip_newlines()?;
        let body = self.loop_body()?;
        Ok(Compound::For { name, words, body })
    }

    /// `do list done` (or `{ list }`).
    fn loop_body(&mut self) -> Result<Rc<List>, SyntaxError> {
        let t = self.next_token()?;
        let end = if t.is_word("do") {
            "done"
        } else if t.is_word("{") {
            "}"
        } else if t == Tok::Eof {
            return Err(SyntaxError::UnexpectedEnd);
        } else {
            return Err(SyntaxError::UnexpectedToken(t.text()));
        };
        let body = self.parse_body(&[end])?;
        self.expect_word(end)?;
        Ok(body)
    }

    fn parse_case(&mut self) -> Result<Compound, SyntaxError> {
        let word = match self.next_token()? {
            Tok::Word(w, _) => w,
            Tok::Eof => return Err(SyntaxError::UnexpectedEnd),
            t => return Err(SyntaxError::UnexpectedToken(t.text())),
        };
        let _ = self.skip_newlines()?;
        self.expect_word("in")?;
        let mut arms = Vec::new();
        loop {
            let _ = self.skip_newlines()?;
            let mut t = self.next_token()?;
            if t.is_word("esac") {
                break;
            }
            if t == Tok::Op("(", None) {
                t = self.next_token()?;
            }
            let mut patterns = Vec::new();
            loop {
                match t {
                    Tok::Word(w, _) => patterns.push(w),
                    Tok::Eof => return Err(SyntaxError::UnexpectedEnd),
                    t => return Err(SyntaxError::UnexpectedToken(t.text())),
                }
                match self.next_token()? {
                    Tok::Op("|", None) => t = self.next_token()?,
                    Tok::Op(")", None) => break,
                    Tok::Eof => return Err(SyntaxError::UnexpectedEnd),
                    t => return Err(SyntaxError::UnexpectedToken(t.text())),
                }
            }
            let body = Rc::new(self.nested(|p| p.parse_list_until(&["esac"]))?);
            let end = match self.peek_token()? {
                Tok::Op(";;", None) => CaseEnd::Break,
                Tok::Op(";&", None) => CaseEnd::FallThrough,
                Tok::Op(";;&", None) => CaseEnd::Continue,
                t if t.is_word("esac") => {
                    arms.push(CaseArm {
                        patterns,
                        body,
                        end: CaseEnd::Break,
                    });
                    self.next_token()?;
                    break;
                }
                Tok::Eof => return Err(SyntaxError::UnexpectedEnd),
                t => return Err(SyntaxError::UnexpectedToken(t.text())),
            };
            self.next_token()?;
            arms.push(CaseArm {
                patterns,
                body,
                end,
            });
        }
        Ok(Compound::Case { word, arms })
    }

    /// The text of `((…))` after the opening parentheses, up to `))`.
    fn arith_text(&mut self) -> Result<String, SyntaxError> {
        let mut depth = 0usize;
        let mut text = String::new();
        loop {
            match self.bump() {
                Some('(') => {
                    depth += 1;
                    text.push('(');
                }
                Some(')') if depth == 0 => {
                    if self.bump() != Some(')') {
                        return Err(SyntaxError::UnexpectedToken(String::from(")")));
                    }
                    return Ok(text);
                }
                Some(')') => {
                    depth -= 1;
                    text.push(')');
                }
                Some(c) => text.push(c),
                None => return Err(SyntaxError::UnmatchedQuote(')')),
            }
        }
    }

    fn arith_word(&self, text: &str) -> Result<Word, SyntaxError> {
        let mut w = Word::default();
        self.sub_parser(text)
            .lex_parts(&mut w, lex::Mode::Here, &|_| false)?;
        Ok(w)
    }

    /// `(( expr ))` after its first `(`.
    fn parse_arith_command(&mut self) -> Result<Compound, SyntaxError> {
        // The second `(`.
        self.bump();
        let text = self.arith_text()?;
        Ok(Compound::Arith(self.arith_word(&text)?))
    }

    fn parse_simple(&mut self) -> Result<SimpleCommand, SyntaxError> {
        let mut cmd = SimpleCommand {
            line: self.line,
            ..SimpleCommand::default()
        };
        loop {
            match self.peek_token()? {
                Tok::Word(w, raw) => {
                    self.next_token()?;
                    if cmd.words.is_empty()
                        && let Some(a) = assignment(&w, &raw)
                    {
                        cmd.assigns.push(a);
                    } else {
                        cmd.words.push(w);
                    }
                }
                Tok::Op(op, fd) if is_redirect(op) => {
                    self.next_token()?;
                    let r = self.parse_redirect(op, fd)?;
                    cmd.redirects.push(r);
                }
                _ => break,
            }
        }
        if cmd.words.is_empty() && cmd.assigns.is_empty() && cmd.redirects.is_empty() {
            return Err(self.unexpected());
        }
        Ok(cmd)
    }

    fn parse_redirect(&mut self, op: &str, fd: Option<u8>) -> Result<Redirect, SyntaxError> {
        let (target, raw) = match self.next_token()? {
            Tok::Word(w, raw) => (w, raw),
            Tok::Eof | Tok::Newline => {
                return Err(SyntaxError::UnexpectedToken(String::from("newline")));
            }
            t => return Err(SyntaxError::UnexpectedToken(t.text())),
        };
        Ok(match op {
            ">" | ">|" | ">>" => Redirect::ToFile {
                fd: fd.unwrap_or(1),
                target,
                append: op == ">>",
            },
            "&>" | "&>>" => Redirect::BothToFile {
                target,
                append: op == "&>>",
            },
            ">&" | "<&" => {
                let default = if op == ">&" { 1 } else { 0 };
                match raw.as_str() {
                    "-" => Redirect::Close {
                        fd: fd.unwrap_or(default),
                    },
                    d if d.len() == 1 && d.chars().all(|c| c.is_ascii_digit()) => Redirect::Dup {
                        fd: fd.unwrap_or(default),
                        to: d.parse().unwrap_or(1),
                    },
                    _ if op == ">&" && fd.is_none() => Redirect::BothToFile {
                        target,
                        append: false,
                    },
                    _ => return Err(SyntaxError::UnexpectedToken(raw)),
                }
            }
            "<<" | "<<-" => {
                let (delim, quoted) = Parser::delimiter(&raw);
                let body = self.read_heredoc(&delim, op == "<<-")?;
                Redirect::Here {
                    body: self.heredoc_word(&body, !quoted)?,
                    expand: !quoted,
                    string: false,
                }
            }
            "<<<" => Redirect::Here {
                body: target,
                expand: true,
                string: true,
            },
            _ => Redirect::FromFile { target },
        })
    }
}

fn is_redirect(op: &str) -> bool {
    matches!(
        op,
        ">" | ">>" | ">|" | "<" | "<>" | "&>" | "&>>" | ">&" | "<&" | "<<" | "<<-" | "<<<"
    )
}

/// `NAME=value` or `NAME+=value`, if the word is one.
fn assignment(w: &Word, raw: &str) -> Option<Assign> {
    let (name, _) = raw.split_once('=')?;
    let (name, append) = match name.strip_suffix('+') {
        Some(n) => (n, true),
        None => (name, false),
    };
    if !name.starts_with(is_name_start) || !name.chars().all(is_name_char) {
        return None;
    }
    let Some(WordPart::Literal {
        text,
        quoted: false,
    }) = w.parts.first()
    else {
        return None;
    };
    let skip = name.len() + usize::from(append) + 1;
    let rest = text.get(skip..)?;
    let mut value = Word {
        raw: String::from(raw.get(skip..).unwrap_or_default()),
        ..Word::default()
    };
    if !rest.is_empty() {
        value.parts.push(WordPart::Literal {
            text: String::from(rest),
            quoted: false,
        });
    }
    value.parts.extend(w.parts.iter().skip(1).cloned());
    Some(Assign {
        name: String::from(name),
        value,
        append,
    })
}

#[cfg(test)]
mod tests;
