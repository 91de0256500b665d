//! `[[ … ]]`: its expression grammar (`!`, `&&`, `||`, parentheses,
//! unary tests such as `-f` and `-z`, binary ones such as `==`, `-lt`,
//! `=~`, `<`).

use alloc::boxed::Box;
use alloc::string::String;

use super::lex::Tok;
use super::{Parser, SyntaxError};
use crate::shell::ast::{Compound, CondExpr, Word};

const UNARY: &[&str] = &[
    "-a", "-b", "-c", "-d", "-e", "-f", "-g", "-h", "-k", "-p", "-r", "-s", "-t", "-u", "-w", "-x",
    "-G", "-L", "-N", "-O", "-S", "-z", "-n", "-o", "-v", "-R",
];

const BINARY: &[&str] = &[
    "==", "=", "!=", "=~", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef",
];

impl Parser {
    /// `[[ expr ]]` after `[[`.
    pub(super) fn parse_cond_command(&mut self) -> Result<Compound, SyntaxError> {
        let e = self.cond_or()?;
        match self.next_token()? {
            t if t.is_word("]]") => Ok(Compound::Cond(e)),
            Tok::Eof => Err(SyntaxError::UnexpectedEnd),
            t => Err(SyntaxError::UnexpectedToken(t.text())),
        }
    }

    fn cond_token(&mut self) -> Result<Tok, SyntaxError> {
        loop {
            match self.peek_token()? {
                Tok::Newline => {
                    self.next_token()?;
                }
                t => return Ok(t),
            }
        }
    }

    fn cond_or(&mut self) -> Result<CondExpr, SyntaxError> {
        let mut left = self.cond_and()?;
        while self.cond_token()? == Tok::Op("||", None) {
            self.next_token()?;
            let right = self.cond_and()?;
            left = CondExpr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn cond_and(&mut self) -> Result<CondExpr, SyntaxError> {
        let mut left = self.cond_not()?;
        while self.cond_token()? == Tok::Op("&&", None) {
            self.next_token()?;
            let right = self.cond_not()?;
            left = CondExpr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn cond_not(&mut self) -> Result<CondExpr, SyntaxError> {
        if self.cond_token()?.is_word("!") {
            self.next_token()?;
            let e = self.nested(|p| p.cond_not())?;
            return Ok(CondExpr::Not(Box::new(e)));
        }
        self.cond_primary()
    }

    fn cond_word(&mut self) -> Result<(Word, String), SyntaxError> {
        match self.next_token()? {
            Tok::Word(w, raw) if raw != "]]" => Ok((w, raw)),
            Tok::Eof => Err(SyntaxError::UnexpectedEnd),
            t => Err(SyntaxError::UnexpectedToken(t.text())),
        }
    }

    fn cond_primary(&mut self) -> Result<CondExpr, SyntaxError> {
        if self.cond_token()? == Tok::Op("(", None) {
            self.next_token()?;
            let e = self.nested(|p| p.cond_or())?;
            return match self.next_token()? {
                Tok::Op(")", None) => Ok(e),
                Tok::Eof => Err(SyntaxError::UnexpectedEnd),
                t => Err(SyntaxError::UnexpectedToken(t.text())),
            };
        }
        let (first, raw) = self.cond_word()?;
        if UNARY.contains(&raw.as_str())
            && first.as_plain().is_some()
            && let Tok::Word(_, next) = self.cond_token()?
            && next != "]]"
        {
            let (operand, _) = self.cond_word()?;
            return Ok(CondExpr::Unary(raw, operand));
        }
        let op = match self.cond_token()? {
            Tok::Word(w, op) if BINARY.contains(&op.as_str()) && w.as_plain().is_some() => op,
            Tok::Op(op @ ("<" | ">"), None) => String::from(op),
            _ => return Ok(CondExpr::Word(first)),
        };
        self.next_token()?;
        if op == "=~" {
            // The regex is one word up to a blank: `(`, `)` and `|` are
            // part of it.
            while matches!(self.peek_char(), Some(' ' | '\t')) {
                self.bump();
            }
            let start = self.pos;
            let mut w = Word::default();
            self.lex_parts(&mut w, super::lex::Mode::Bare, &|c| {
                matches!(c, ' ' | '\t' | '\n')
            })?;
            if self.pos == start {
                return Err(self.unexpected());
            }
            w.raw = self
                .src
                .get(start..self.pos)
                .unwrap_or_default()
                .iter()
                .collect();
            return Ok(CondExpr::Binary(first, op, w));
        }
        let (second, _) = self.cond_word()?;
        Ok(CondExpr::Binary(first, op, second))
    }
}
