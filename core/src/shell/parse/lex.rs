//! Bash's tokens: operators, words with their quoting and expansions
//! (`'…'`, `"…"`, `\`, `$NAME`, `${…}`, `$(…)`, `` `…` ``, `$((…))`,
//! `$'…'`, `~`), comments, line continuations and here-document bodies.

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

use super::{Parser, SyntaxError};
use crate::shell::ast::{ParamExp, ParamOp, Word, WordPart};

/// A token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A word with its source text.
    Word(Word, String),
    /// An operator (`;`, `&&`, `|`, `(`, `>>`…), with the descriptor
    /// number written before a redirection.
    Op(&'static str, Option<u8>),
    /// A newline.
    Newline,
    /// The end of the input.
    Eof,
}

impl Tok {
    /// The text bash names in `near unexpected token`.
    pub(crate) fn text(&self) -> String {
        match self {
            Tok::Word(_, raw) => raw.clone(),
            Tok::Op(op, _) => String::from(*op),
            Tok::Newline => String::from("newline"),
            Tok::Eof => String::from("end of file"),
        }
    }

    /// True for the plain word `w` (a reserved word where one may stand).
    pub(crate) fn is_word(&self, w: &str) -> bool {
        matches!(self, Tok::Word(word, raw) if raw == w && word.as_plain().is_some())
    }
}

/// Operators, longest first.
const OPS: &[&str] = &[
    ";;&", "<<<", "<<-", "&>>", ";;", ";&", "&&", "||", "|&", ">>", "<<", "&>", ">&", "<&", "<>",
    ">|", ";", "&", "|", "(", ")", "<", ">",
];

/// How the text being lexed is quoted.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Outside quotes: quotes and escapes are processed.
    Bare,
    /// Inside `"…"`: `\` escapes only `$ \` " \\` and newline.
    Double,
    /// A here-document body or `$((…))`: as `"…"`, but `"` is plain.
    Here,
}

pub(crate) fn is_meta(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | ';' | '&' | '|' | '<' | '>' | '(' | ')'
    )
}

pub(crate) fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

pub(crate) fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn push_lit(word: &mut Word, c: char, quoted: bool) {
    if let Some(WordPart::Literal { text, quoted: q }) = word.parts.last_mut()
        && *q == quoted
    {
        text.push(c);
        return;
    }
    word.parts.push(WordPart::Literal {
        text: String::from(c),
        quoted,
    });
}

impl Parser {
    pub(crate) fn peek_char(&self) -> Option<char> {
        self.src.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.src.get(self.pos + n).copied()
    }

    pub(crate) fn bump(&mut self) -> Option<char> {
        let c = self.src.get(self.pos).copied()?;
        self.pos += 1;
        if c == '\n' {
            self.line = self.line.saturating_add(1);
        }
        Some(c)
    }

    fn starts_with(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(i, c)| self.peek_at(i) == Some(c))
    }

    /// Skips blanks, line continuations and a comment.
    fn skip_blanks(&mut self) {
        loop {
            match self.peek_char() {
                Some(' ' | '\t' | '\r') => {
                    self.bump();
                }
                Some('\\') if self.peek_at(1) == Some('\n') => {
                    self.bump();
                    self.bump();
                }
                Some('#') => {
                    while self.peek_char().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                _ => return,
            }
        }
    }

    /// The next token.
    pub(crate) fn next_token(&mut self) -> Result<Tok, SyntaxError> {
        self.skip_blanks();
        self.tok_line = self.line;
        let Some(c) = self.peek_char() else {
            return Ok(Tok::Eof);
        };
        if c == '\n' {
            self.bump();
            if let Some(resume) = self.heredoc_resume.take() {
                // The here-documents' bodies were read already.
                let skipped = self.src.get(self.pos..resume).unwrap_or_default();
                let lines = skipped.iter().filter(|c| **c == '\n').count();
                self.line = self.line.saturating_add(u32::try_from(lines).unwrap_or(0));
                self.pos = resume.max(self.pos);
            }
            return Ok(Tok::Newline);
        }
        // `2>`, `0<`: a descriptor number right before a redirection.
        let digits = self
            .src
            .get(self.pos..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits > 0 && digits < 3 && matches!(self.peek_at(digits), Some('<' | '>')) {
            let mut fd: u8 = 0;
            for _ in 0..digits {
                let d = self.bump().and_then(|c| c.to_digit(10)).unwrap_or(0);
                fd = fd
                    .saturating_mul(10)
                    .saturating_add(u8::try_from(d).unwrap_or(0));
            }
            let op = self.lex_op().unwrap_or(">");
            return Ok(Tok::Op(op, Some(fd)));
        }
        if let Some(op) = self.lex_op() {
            return Ok(Tok::Op(op, None));
        }
        let start = self.pos;
        let mut word = Word::default();
        if c == '~' {
            self.lex_tilde(&mut word);
        }
        self.lex_parts(&mut word, Mode::Bare, &|c| is_meta(c))?;
        let raw: String = self
            .src
            .get(start..self.pos)
            .unwrap_or_default()
            .iter()
            .collect();
        word.raw = raw.clone();
        Ok(Tok::Word(word, raw))
    }

    fn lex_op(&mut self) -> Option<&'static str> {
        let op = OPS.iter().find(|op| self.starts_with(op))?;
        for _ in 0..op.len() {
            self.bump();
        }
        Some(op)
    }

    /// Looks at the next token without taking it.
    pub(crate) fn peek_token(&mut self) -> Result<Tok, SyntaxError> {
        let saved = (self.pos, self.line, self.heredoc_resume);
        let t = self.next_token();
        (self.pos, self.line, self.heredoc_resume) = saved;
        t
    }

    fn lex_tilde(&mut self, word: &mut Word) {
        let mut n = 1;
        while self
            .peek_at(n)
            .is_some_and(|c| is_name_char(c) || c == '-' || c == '.')
        {
            n += 1;
        }
        if !matches!(self.peek_at(n), None | Some('/' | ':'))
            && !self.peek_at(n).is_some_and(is_meta)
        {
            return;
        }
        self.bump();
        let mut user = String::new();
        for _ in 1..n {
            if let Some(c) = self.bump() {
                user.push(c);
            }
        }
        word.parts.push(WordPart::Tilde(user));
    }

    /// Lexes word text into `word` until `stop` says so (outside quotes).
    pub(crate) fn lex_parts(
        &mut self,
        word: &mut Word,
        mode: Mode,
        stop: &dyn Fn(char) -> bool,
    ) -> Result<(), SyntaxError> {
        let quoted = mode != Mode::Bare;
        while let Some(c) = self.peek_char() {
            if stop(c) {
                return Ok(());
            }
            self.bump();
            match c {
                '\'' if mode == Mode::Bare => {
                    let mut text = String::new();
                    loop {
                        match self.bump() {
                            Some('\'') => break,
                            Some(c) => text.push(c),
                            None => return Err(SyntaxError::UnmatchedQuote('\'')),
                        }
                    }
                    word.parts.push(WordPart::Literal { text, quoted: true });
                }
                '"' if mode == Mode::Bare => {
                    word.parts.push(WordPart::Literal {
                        text: String::new(),
                        quoted: true,
                    });
                    self.lex_parts(word, Mode::Double, &|c| c == '"')?;
                    if self.bump() != Some('"') {
                        return Err(SyntaxError::UnmatchedQuote('"'));
                    }
                }
                '\\' => match self.peek_char() {
                    Some('\n') => {
                        self.bump();
                    }
                    Some(n) if mode == Mode::Bare => {
                        self.bump();
                        push_lit(word, n, true);
                    }
                    Some(n @ ('$' | '`' | '\\')) => {
                        self.bump();
                        push_lit(word, n, true);
                    }
                    Some('"') if mode == Mode::Double => {
                        self.bump();
                        push_lit(word, '"', true);
                    }
                    _ => push_lit(word, '\\', quoted),
                },
                '$' => self.lex_dollar(word, mode)?,
                '`' => self.lex_backtick(word, quoted)?,
                c => push_lit(word, c, quoted),
            }
        }
        Ok(())
    }

    fn lex_backtick(&mut self, word: &mut Word, quoted: bool) -> Result<(), SyntaxError> {
        let mut text = String::new();
        loop {
            match self.bump() {
                Some('`') => break,
                Some('\\') => match self.bump() {
                    Some(c @ ('$' | '`' | '\\')) => text.push(c),
                    Some(c) => {
                        text.push('\\');
                        text.push(c);
                    }
                    None => return Err(SyntaxError::UnmatchedQuote('`')),
                },
                Some(c) => text.push(c),
                None => return Err(SyntaxError::UnmatchedQuote('`')),
            }
        }
        let list = self.sub_parser(&text).parse_all()?;
        word.parts.push(WordPart::Command {
            list: Rc::new(list),
            quoted,
        });
        Ok(())
    }

    fn lex_dollar(&mut self, word: &mut Word, mode: Mode) -> Result<(), SyntaxError> {
        let quoted = mode != Mode::Bare;
        match self.peek_char() {
            Some('(') if self.peek_at(1) == Some('(') => {
                self.bump();
                self.bump();
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
                                return Err(SyntaxError::UnmatchedQuote(')'));
                            }
                            break;
                        }
                        Some(')') => {
                            depth -= 1;
                            text.push(')');
                        }
                        Some(c) => text.push(c),
                        None => return Err(SyntaxError::UnmatchedQuote(')')),
                    }
                }
                let mut expr = Word::default();
                self.sub_parser(&text)
                    .lex_parts(&mut expr, Mode::Here, &|_| false)?;
                word.parts.push(WordPart::Arith { expr, quoted });
            }
            Some('(') => {
                self.bump();
                let list = self.nested(|p| p.parse_list_until(&[")"]))?;
                match self.next_token()? {
                    Tok::Op(")", _) => {}
                    Tok::Eof => return Err(SyntaxError::UnmatchedQuote(')')),
                    t => return Err(SyntaxError::UnexpectedToken(t.text())),
                }
                word.parts.push(WordPart::Command {
                    list: Rc::new(list),
                    quoted,
                });
            }
            Some('{') => {
                self.bump();
                let param = self.lex_brace_param(mode)?;
                word.parts.push(WordPart::Param {
                    param: Box::new(param),
                    quoted,
                });
            }
            Some('\'') if mode == Mode::Bare => {
                self.bump();
                let text = self.lex_ansi_c()?;
                word.parts.push(WordPart::Literal { text, quoted: true });
            }
            Some('"') if mode == Mode::Bare => {}
            Some(c @ ('?' | '$' | '#' | '!' | '@' | '*' | '-' | '0'..='9')) => {
                self.bump();
                word.parts.push(WordPart::Param {
                    param: Box::new(ParamExp {
                        name: String::from(c),
                        op: ParamOp::Plain,
                    }),
                    quoted,
                });
            }
            Some(c) if is_name_start(c) => {
                let mut name = String::new();
                while let Some(c) = self.peek_char().filter(|c| is_name_char(*c)) {
                    name.push(c);
                    self.bump();
                }
                word.parts.push(WordPart::Param {
                    param: Box::new(ParamExp {
                        name,
                        op: ParamOp::Plain,
                    }),
                    quoted,
                });
            }
            _ => push_lit(word, '$', quoted),
        }
        Ok(())
    }

    /// `$'…'`: ANSI-C escapes.
    fn lex_ansi_c(&mut self) -> Result<String, SyntaxError> {
        let mut text = String::new();
        loop {
            match self.bump() {
                Some('\'') => return Ok(text),
                Some('\\') => {
                    let Some(e) = self.bump() else {
                        return Err(SyntaxError::UnmatchedQuote('\''));
                    };
                    match e {
                        'n' => text.push('\n'),
                        't' => text.push('\t'),
                        'r' => text.push('\r'),
                        'a' => text.push('\u{7}'),
                        'b' => text.push('\u{8}'),
                        'e' | 'E' => text.push('\u{1b}'),
                        'f' => text.push('\u{c}'),
                        'v' => text.push('\u{b}'),
                        '0'..='7' => {
                            let mut v = e.to_digit(8).unwrap_or(0);
                            for _ in 0..2 {
                                match self.peek_char().and_then(|c| c.to_digit(8)) {
                                    Some(d) => {
                                        v = v * 8 + d;
                                        self.bump();
                                    }
                                    None => break,
                                }
                            }
                            text.push(char::from_u32(v & 0xff).unwrap_or('?'));
                        }
                        'x' => {
                            let mut v = 0;
                            for _ in 0..2 {
                                match self.peek_char().and_then(|c| c.to_digit(16)) {
                                    Some(d) => {
                                        v = v * 16 + d;
                                        self.bump();
                                    }
                                    None => break,
                                }
                            }
                            text.push(char::from_u32(v).unwrap_or('?'));
                        }
                        '\\' | '\'' | '"' | '?' => text.push(e),
                        other => {
                            text.push('\\');
                            text.push(other);
                        }
                    }
                }
                Some(c) => text.push(c),
                None => return Err(SyntaxError::UnmatchedQuote('\'')),
            }
        }
    }

    /// After `${`: the parameter, its operator and word, up to `}`.
    fn lex_brace_param(&mut self, mode: Mode) -> Result<ParamExp, SyntaxError> {
        let start = self.pos;
        let inner = mode;
        let mut length = false;
        if self.peek_char() == Some('#') && !matches!(self.peek_at(1), Some('}') | None) {
            length = true;
            self.bump();
        }
        let mut name = String::new();
        match self.peek_char() {
            Some(c) if is_name_start(c) => {
                while let Some(c) = self.peek_char().filter(|c| is_name_char(*c)) {
                    name.push(c);
                    self.bump();
                }
                // `${NAME[N]}`: an element (the lab keeps it as `NAME[N]`).
                if self.peek_char() == Some('[') {
                    let mut n = 1;
                    while self.peek_at(n).is_some_and(|c| c.is_ascii_digit()) {
                        n += 1;
                    }
                    if n > 1 && self.peek_at(n) == Some(']') {
                        let index: String = self
                            .src
                            .get(self.pos + 1..self.pos + n)
                            .unwrap_or_default()
                            .iter()
                            .collect();
                        for _ in 0..=n {
                            self.bump();
                        }
                        if index.parse::<u64>().ok() != Some(0) {
                            name.push_str(&alloc::format!("[{index}]"));
                        }
                    }
                }
            }
            Some(c) if c.is_ascii_digit() => {
                while let Some(c) = self.peek_char().filter(char::is_ascii_digit) {
                    name.push(c);
                    self.bump();
                }
            }
            Some(c @ ('?' | '$' | '#' | '!' | '@' | '*' | '-')) => {
                name.push(c);
                self.bump();
            }
            _ => {}
        }
        let word_to = |p: &mut Parser, stops: &'static [char]| -> Result<Word, SyntaxError> {
            let mut w = Word::default();
            p.lex_parts(&mut w, inner, &|c| stops.contains(&c))?;
            Ok(w)
        };
        let op = if length {
            ParamOp::Length
        } else {
            let colon = self.peek_char() == Some(':')
                && matches!(self.peek_at(1), Some('-' | '=' | '?' | '+'));
            if colon {
                self.bump();
            }
            match self.peek_char() {
                Some('}') => ParamOp::Plain,
                Some(c @ ('-' | '=' | '?' | '+')) => {
                    self.bump();
                    let w = word_to(self, &['}'])?;
                    match c {
                        '-' => ParamOp::Default(colon, w),
                        '=' => ParamOp::Assign(colon, w),
                        '?' => ParamOp::Error(colon, w),
                        _ => ParamOp::Alternate(colon, w),
                    }
                }
                Some(c @ ('#' | '%')) => {
                    self.bump();
                    let longest = self.peek_char() == Some(c);
                    if longest {
                        self.bump();
                    }
                    let w = word_to(self, &['}'])?;
                    if c == '#' {
                        ParamOp::TrimPrefix(longest, w)
                    } else {
                        ParamOp::TrimSuffix(longest, w)
                    }
                }
                Some('/') => {
                    self.bump();
                    let all = self.peek_char() == Some('/');
                    if all {
                        self.bump();
                    }
                    let anchor = match self.peek_char() {
                        Some(c @ ('#' | '%')) if !all => {
                            self.bump();
                            Some(c)
                        }
                        _ => None,
                    };
                    let pattern = word_to(self, &['/', '}'])?;
                    let with = if self.peek_char() == Some('/') {
                        self.bump();
                        word_to(self, &['}'])?
                    } else {
                        Word::default()
                    };
                    ParamOp::Replace {
                        all,
                        anchor,
                        pattern,
                        with,
                    }
                }
                Some(c @ ('^' | ',')) => {
                    self.bump();
                    let all = self.peek_char() == Some(c);
                    if all {
                        self.bump();
                    }
                    ParamOp::Case(c == '^', all)
                }
                Some(':') => {
                    self.bump();
                    let offset = word_to(self, &[':', '}'])?;
                    let length = if self.peek_char() == Some(':') {
                        self.bump();
                        Some(word_to(self, &['}'])?)
                    } else {
                        None
                    };
                    ParamOp::Substring(offset, length)
                }
                _ => ParamOp::Bad(String::new()),
            }
        };
        // Up to the closing brace; anything else is a bad substitution.
        let mut bad = matches!(op, ParamOp::Bad(_)) || name.is_empty();
        loop {
            match self.bump() {
                Some('}') => break,
                Some(_) => bad = true,
                None => return Err(SyntaxError::UnmatchedQuote('}')),
            }
        }
        if bad {
            let text: String = self
                .src
                .get(start..self.pos)
                .unwrap_or_default()
                .iter()
                .collect();
            return Ok(ParamExp {
                name,
                op: ParamOp::Bad(alloc::format!("${{{text}")),
            });
        }
        Ok(ParamExp { name, op })
    }

    /// A here-document's body after `<<DELIM` on this line: read now,
    /// skipped when the newline that ends the line is reached.
    pub(crate) fn read_heredoc(
        &mut self,
        delim: &str,
        strip_tabs: bool,
    ) -> Result<String, SyntaxError> {
        let start = match self.heredoc_resume {
            Some(p) => p,
            None => self.end_of_line()?,
        };
        let mut body = String::new();
        let mut pos = start;
        loop {
            if pos >= self.src.len() {
                if !self.final_input {
                    return Err(SyntaxError::UnexpectedEnd);
                }
                self.warnings.push(alloc::format!(
                    "bash: warning: here-document at line {} delimited by end-of-file (wanted `{delim}')\n",
                    self.line
                ));
                break;
            }
            let end = self
                .src
                .get(pos..)
                .unwrap_or_default()
                .iter()
                .position(|c| *c == '\n')
                .map_or(self.src.len(), |n| pos + n);
            let mut line: String = self.src.get(pos..end).unwrap_or_default().iter().collect();
            if strip_tabs {
                line = String::from(line.trim_start_matches('\t'));
            }
            pos = (end + 1).min(self.src.len());
            if line == delim {
                break;
            }
            body.push_str(&line);
            body.push('\n');
            if end >= self.src.len() {
                pos = self.src.len();
                if !self.final_input {
                    return Err(SyntaxError::UnexpectedEnd);
                }
                break;
            }
        }
        self.heredoc_resume = Some(pos);
        Ok(body)
    }

    /// The position after the newline ending the current line (quotes
    /// skipped), where a here-document's body starts.
    fn end_of_line(&self) -> Result<usize, SyntaxError> {
        let mut i = self.pos;
        let mut quote: Option<char> = None;
        while let Some(&c) = self.src.get(i) {
            i += 1;
            match (quote, c) {
                (None, '\n') => return Ok(i),
                (None, '\\') | (Some('"'), '\\') => i += 1,
                (None, '\'' | '"') => quote = Some(c),
                (Some(q), c) if q == c => quote = None,
                _ => {}
            }
        }
        Err(SyntaxError::UnexpectedEnd)
    }

    /// A here-document body as a word: expanded as in double quotes unless
    /// the delimiter was quoted.
    pub(crate) fn heredoc_word(&self, body: &str, expand: bool) -> Result<Word, SyntaxError> {
        if !expand {
            return Ok(Word::literal(body, true));
        }
        let mut w = Word::default();
        self.sub_parser(body)
            .lex_parts(&mut w, Mode::Here, &|_| false)?;
        if w.parts.is_empty() {
            w.parts.push(WordPart::Literal {
                text: String::new(),
                quoted: true,
            });
        }
        Ok(w)
    }

    /// The text of a delimiter word, quotes removed, and whether it was quoted.
    pub(crate) fn delimiter(raw: &str) -> (String, bool) {
        let mut out = String::new();
        let mut quoted = false;
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            match c {
                '\'' | '"' => quoted = true,
                '\\' => {
                    quoted = true;
                    if let Some(n) = chars.next() {
                        out.push(n);
                    }
                }
                c => out.push(c),
            }
        }
        (out, quoted)
    }
}

/// A sub-parser's characters.
pub(crate) fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}
