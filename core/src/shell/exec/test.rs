//! `test`, `[` and `[[ … ]]`: string, integer and file tests with bash's
//! messages (`bash: [: missing `]'`, `integer expression expected`).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::{Call, Executor};
use crate::output::Stream;
use crate::proc::calls::FileType;
use crate::shell::absolute_path;
use crate::shell::ast::CondExpr;
use crate::shell::expand::pattern::Pattern;
use crate::shell::expand::regex::Regex;

/// An error of `test`: the message after `bash: test: `, status 2.
struct TestError(String);

fn is_unary(op: &str) -> bool {
    matches!(
        op,
        "-a" | "-b"
            | "-c"
            | "-d"
            | "-e"
            | "-f"
            | "-g"
            | "-h"
            | "-k"
            | "-p"
            | "-r"
            | "-s"
            | "-t"
            | "-u"
            | "-w"
            | "-x"
            | "-G"
            | "-L"
            | "-N"
            | "-O"
            | "-S"
            | "-z"
            | "-n"
            | "-v"
    )
}

fn is_binary(op: &str) -> bool {
    matches!(
        op,
        "=" | "=="
            | "!="
            | "<"
            | ">"
            | "-eq"
            | "-ne"
            | "-lt"
            | "-le"
            | "-gt"
            | "-ge"
            | "-nt"
            | "-ot"
            | "-ef"
    )
}

fn integer(s: &str) -> Result<i64, TestError> {
    s.trim()
        .parse::<i64>()
        .map_err(|_| TestError(format!("{s}: integer expression expected")))
}

impl Executor<'_> {
    fn file_test(&self, op: &str, name: &str) -> bool {
        let path = absolute_path(name, &self.shell.cwd);
        let kind = self.sys.stat(&path);
        match op {
            "-e" | "-a" | "-r" | "-w" => kind.is_some(),
            "-f" => kind == Some(FileType::Regular),
            "-d" => kind == Some(FileType::Directory),
            "-x" => kind == Some(FileType::Directory),
            "-s" => {
                kind == Some(FileType::Directory)
                    || self
                        .sys
                        .read_file(&path, self.shell.user == crate::sys::User::Root)
                        .is_ok_and(|t| !t.is_empty())
            }
            "-h" | "-L" | "-p" | "-S" | "-b" | "-c" | "-g" | "-u" | "-k" | "-O" | "-G" | "-N" => {
                false
            }
            _ => false,
        }
    }

    fn unary(&self, op: &str, arg: &str) -> Result<bool, TestError> {
        Ok(match op {
            "-z" => arg.is_empty(),
            "-n" => !arg.is_empty(),
            "-t" => false,
            "-v" => {
                let hostname = self.sys.gethostname();
                self.shell.param(arg, &hostname).is_some()
            }
            _ => self.file_test(op, arg),
        })
    }

    fn binary(&self, a: &str, op: &str, b: &str) -> Result<bool, TestError> {
        Ok(match op {
            "=" | "==" => a == b,
            "!=" => a != b,
            "<" => a < b,
            ">" => a > b,
            "-eq" => integer(a)? == integer(b)?,
            "-ne" => integer(a)? != integer(b)?,
            "-lt" => integer(a)? < integer(b)?,
            "-le" => integer(a)? <= integer(b)?,
            "-gt" => integer(a)? > integer(b)?,
            "-ge" => integer(a)? >= integer(b)?,
            "-ef" => absolute_path(a, &self.shell.cwd) == absolute_path(b, &self.shell.cwd),
            _ => false,
        })
    }

    /// POSIX's rules by argument count, then a full parse.
    fn test_args(&self, a: &[&str]) -> Result<bool, TestError> {
        match a {
            [] => Ok(false),
            [x] => Ok(!x.is_empty()),
            ["!", x] => Ok(x.is_empty()),
            [op, x] if is_unary(op) => self.unary(op, x),
            [op, _] => Err(TestError(format!("{op}: unary operator expected"))),
            [x, op, y] if is_binary(op) => self.binary(x, op, y),
            [x, "-a", y] => Ok(!x.is_empty() && !y.is_empty()),
            [x, "-o", y] => Ok(!x.is_empty() || !y.is_empty()),
            ["!", rest @ ..] if rest.len() == 2 => self.test_args(rest).map(|v| !v),
            ["(", x, ")"] => Ok(!x.is_empty()),
            [_, op, _] => Err(TestError(format!("{op}: binary operator expected"))),
            ["!", rest @ ..] if rest.len() == 3 => self.test_args(rest).map(|v| !v),
            _ => {
                let mut pos = 0;
                let v = self.test_or(a, &mut pos, 0)?;
                if pos < a.len() {
                    let t = a.get(pos).copied().unwrap_or_default();
                    return Err(TestError(format!("{t}: binary operator expected")));
                }
                Ok(v)
            }
        }
    }

    fn test_or(&self, a: &[&str], pos: &mut usize, depth: u32) -> Result<bool, TestError> {
        let mut v = self.test_and(a, pos, depth)?;
        while a.get(*pos) == Some(&"-o") {
            *pos += 1;
            let w = self.test_and(a, pos, depth)?;
            v = v || w;
        }
        Ok(v)
    }

    fn test_and(&self, a: &[&str], pos: &mut usize, depth: u32) -> Result<bool, TestError> {
        let mut v = self.test_not(a, pos, depth)?;
        while a.get(*pos) == Some(&"-a") {
            *pos += 1;
            let w = self.test_not(a, pos, depth)?;
            v = v && w;
        }
        Ok(v)
    }

    fn test_not(&self, a: &[&str], pos: &mut usize, depth: u32) -> Result<bool, TestError> {
        if depth > 64 {
            return Err(TestError(String::from("expression too deep")));
        }
        if a.get(*pos) == Some(&"!") {
            *pos += 1;
            return self.test_not(a, pos, depth + 1).map(|v| !v);
        }
        match (
            a.get(*pos).copied(),
            a.get(*pos + 1).copied(),
            a.get(*pos + 2).copied(),
        ) {
            (Some("("), _, _) => {
                *pos += 1;
                let v = self.test_or(a, pos, depth + 1)?;
                if a.get(*pos) != Some(&")") {
                    return Err(TestError(String::from("`)' expected")));
                }
                *pos += 1;
                Ok(v)
            }
            (Some(x), Some(op), Some(y)) if is_binary(op) => {
                *pos += 3;
                self.binary(x, op, y)
            }
            (Some(op), Some(x), _) if is_unary(op) => {
                *pos += 2;
                self.unary(op, x)
            }
            (Some(x), _, _) => {
                *pos += 1;
                Ok(!x.is_empty())
            }
            (None, _, _) => Err(TestError(String::from("argument expected"))),
        }
    }

    /// `BASH_REMATCH` after `=~`: the match and its groups
    /// (`${BASH_REMATCH[1]}`).
    fn set_rematch(&mut self, groups: &[String]) {
        let mut i = 0;
        while self.shell.vars.get(&format!("BASH_REMATCH[{i}]")).is_some() {
            let _ = self.shell.vars.unset(&format!("BASH_REMATCH[{i}]"));
            i += 1;
        }
        let _ = self.shell.vars.unset("BASH_REMATCH");
        for (i, g) in groups.iter().enumerate() {
            let _ = self.shell.assign(&format!("BASH_REMATCH[{i}]"), g);
        }
        if let Some(whole) = groups.first() {
            let _ = self.shell.assign("BASH_REMATCH", whole);
        }
    }

    /// `[[ … ]]`: 0, 1, or 2 with a message.
    pub(crate) fn cond(&mut self, e: &CondExpr) -> i32 {
        match self.cond_eval(e, 0) {
            Ok(v) => i32::from(!v),
            Err(m) => {
                // A regex that does not compile: status 2, no message.
                if !m.is_empty() {
                    self.say(Stream::Stderr, &m);
                }
                2
            }
        }
    }

    fn cond_eval(&mut self, e: &CondExpr, depth: u32) -> Result<bool, String> {
        if depth > 128 {
            return Err(String::from("bash: [[: expression too deep\n"));
        }
        Ok(match e {
            CondExpr::Not(x) => !self.cond_eval(x, depth + 1)?,
            CondExpr::And(a, b) => self.cond_eval(a, depth + 1)? && self.cond_eval(b, depth + 1)?,
            CondExpr::Or(a, b) => self.cond_eval(a, depth + 1)? || self.cond_eval(b, depth + 1)?,
            CondExpr::Word(w) => !self.expand_string(w)?.is_empty(),
            CondExpr::Unary(op, w) => {
                let v = self.expand_string(w)?;
                self.unary(op, &v).map_err(|t| format!("bash: {}\n", t.0))?
            }
            CondExpr::Binary(a, op, b) => {
                let left = self.expand_string(a)?;
                match op.as_str() {
                    "==" | "=" | "!=" => {
                        let pat = Pattern::new(&self.expand_pattern(b)?);
                        pat.matches(&left) == (op != "!=")
                    }
                    "=~" => {
                        // Quoted characters of the regex match themselves.
                        let mut re = String::new();
                        for pc in self.expand_pattern(b)? {
                            if !pc.active && "\\.[]()*+?{}|^$".contains(pc.c) {
                                re.push('\\');
                            }
                            re.push(pc.c);
                        }
                        let Ok(regex) = Regex::new(&re) else {
                            return Err(String::new());
                        };
                        let found = regex.find(&left);
                        self.set_rematch(found.as_deref().unwrap_or_default());
                        found.is_some()
                    }
                    _ => {
                        let right = self.expand_string(b)?;
                        if op.starts_with('-') && op != "-nt" && op != "-ot" && op != "-ef" {
                            let l = self.arith(&left)?;
                            let r = self.arith(&right)?;
                            match op.as_str() {
                                "-eq" => l == r,
                                "-ne" => l != r,
                                "-lt" => l < r,
                                "-le" => l <= r,
                                "-gt" => l > r,
                                _ => l >= r,
                            }
                        } else {
                            self.binary(&left, op, &right)
                                .map_err(|t| format!("bash: {}\n", t.0))?
                        }
                    }
                }
            }
        })
    }
}

/// `test EXPR` and `[ EXPR ]`.
pub(crate) fn test(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let name = call.argv.first().map_or("test", String::as_str);
    let mut a: Vec<&str> = call
        .argv
        .get(1..)
        .unwrap_or_default()
        .iter()
        .map(String::as_str)
        .collect();
    if name == "[" {
        if a.last() != Some(&"]") {
            ex.say(Stream::Stderr, "bash: [: missing `]'\n");
            return 2;
        }
        a.pop();
    }
    match ex.test_args(&a) {
        Ok(v) => i32::from(!v),
        Err(TestError(m)) => {
            ex.say(Stream::Stderr, &format!("bash: {name}: {m}\n"));
            2
        }
    }
}
