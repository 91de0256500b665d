//! Word expansion in bash's order: brace expansion ([`brace`]), tilde,
//! parameter (`$X`, `${X:-w}`, `${#X}`, `${X%%p}`…), arithmetic
//! ([`arith`]), command substitution (already run: its output is handed
//! in), word splitting on `IFS`, pathname expansion ([`glob`] with
//! [`pattern`]) and quote removal.

pub mod arith;
pub mod brace;
pub mod glob;
pub mod pattern;
pub mod regex;

use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::Shell;
use super::ast::{List, ParamExp, ParamOp, Word, WordPart};
use crate::sys::User;
use pattern::{PatChar, Pattern};

/// The most fields one command's words may expand to.
pub const MAX_FIELDS: usize = 1 << 16;

/// An expansion that failed, with bash's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpandError {
    /// The message, `bash: …` and a newline.
    pub message: String,
    /// A non-interactive shell exits (`${X?}`, `set -u`).
    pub fatal: bool,
}

fn err(message: String, fatal: bool) -> ExpandError {
    ExpandError {
        message: format!("bash: {message}\n"),
        fatal,
    }
}

/// What pathname expansion asks of the file system.
pub trait FsView {
    /// The names in directory `dir` (absolute), or None.
    fn list(&self, dir: &str) -> Option<Vec<String>>;
    /// Whether `path` (absolute) exists.
    fn exists(&self, path: &str) -> bool;
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// Unquoted literal text: globbed, not split.
    Lit,
    /// Quoted: neither.
    Quoted,
    /// An unquoted expansion: split and globbed.
    Split,
}

#[derive(Clone, Debug)]
enum Seg {
    Text(String, Kind),
    /// Between the fields of `"$@"`.
    Break,
}

/// A field being built: characters with whether a glob may see them.
#[derive(Default)]
struct Field {
    chars: Vec<PatChar>,
    keep: bool,
}

/// Expands words for one command, with the outputs of its command
/// substitutions in order.
pub(crate) struct Expander<'a> {
    /// The shell (variables, `$?`, positional parameters).
    pub shell: &'a mut Shell,
    /// The file system, for globs.
    pub fs: &'a dyn FsView,
    /// The outputs of the command substitutions that ran, by their lists.
    pub subs: Vec<(Rc<List>, String)>,
    /// The host name (`$HOSTNAME`).
    pub hostname: &'a str,
}

struct ArithEnv<'s, 'a> {
    ex: &'s mut Expander<'a>,
}

impl arith::Env for ArithEnv<'_, '_> {
    fn get(&mut self, name: &str) -> Option<String> {
        self.ex.param_value(name)
    }
    fn set(&mut self, name: &str, value: i64) -> Result<(), String> {
        self.ex
            .shell
            .assign(name, &value.to_string())
            .map_err(|m| String::from(m.trim_start_matches("bash: ").trim_end()))
    }
}

impl<'a> Expander<'a> {
    /// The value of a parameter (None: unset).
    pub(crate) fn param_value(&self, name: &str) -> Option<String> {
        self.shell.param(name, self.hostname)
    }

    /// Evaluates arithmetic text.
    pub(crate) fn arith(&mut self, text: &str) -> Result<i64, ExpandError> {
        let mut env = ArithEnv { ex: self };
        arith::eval(text, &mut env).map_err(|e| err(e.0, false))
    }

    /// A word as one string: no splitting, no globbing (assignments,
    /// redirection targets, `case` words, here-documents).
    pub(crate) fn string(&mut self, word: &Word) -> Result<String, ExpandError> {
        let segs = self.segments(word, false)?;
        let mut s = String::new();
        for seg in segs {
            match seg {
                Seg::Text(t, _) => s.push_str(&t),
                Seg::Break => s.push(' '),
            }
        }
        Ok(s)
    }

    /// A word as a pattern: quoted characters match themselves.
    pub(crate) fn pattern(&mut self, word: &Word) -> Result<Vec<PatChar>, ExpandError> {
        let segs = self.segments(word, false)?;
        let mut p = Vec::new();
        for seg in segs {
            if let Seg::Text(t, kind) = seg {
                p.extend(t.chars().map(|c| PatChar {
                    c,
                    active: kind != Kind::Quoted,
                }));
            }
        }
        Ok(p)
    }

    /// Words to fields: every expansion, splitting, globbing.
    pub(crate) fn fields(&mut self, words: &[Word]) -> Result<Vec<String>, ExpandError> {
        let mut out = Vec::new();
        for w in words {
            // dash has no brace expansion.
            let braced = if self.shell.dash {
                alloc::vec![w.clone()]
            } else {
                brace::expand(w)
            };
            for w in braced {
                let segs = self.segments(&w, true)?;
                for field in self.split(segs) {
                    if out.len() >= MAX_FIELDS {
                        return Ok(out);
                    }
                    self.glob_into(field, &mut out);
                }
            }
        }
        Ok(out)
    }

    fn glob_into(&self, field: Field, out: &mut Vec<String>) {
        if !self.shell.options.noglob && pattern::has_glob(&field.chars) {
            let found = glob::glob(&field.chars, &self.shell.cwd, self.fs);
            if !found.is_empty() {
                out.extend(found);
                return;
            }
        }
        out.push(field.chars.iter().map(|p| p.c).collect());
    }

    fn split(&self, segs: Vec<Seg>) -> Vec<Field> {
        let ifs = self
            .shell
            .vars
            .get("IFS")
            .map_or_else(|| String::from(" \t\n"), |v| v.value.clone());
        let mut fields = Vec::new();
        let mut cur = Field::default();
        for seg in segs {
            match seg {
                Seg::Break => {
                    fields.push(core::mem::take(&mut cur));
                    cur.keep = true;
                }
                Seg::Text(t, Kind::Split) if !ifs.is_empty() => {
                    for c in t.chars() {
                        if ifs.contains(c) {
                            if c.is_whitespace() {
                                if !cur.chars.is_empty() || cur.keep {
                                    fields.push(core::mem::take(&mut cur));
                                }
                            } else {
                                fields.push(core::mem::take(&mut cur));
                            }
                        } else {
                            cur.chars.push(PatChar { c, active: true });
                        }
                    }
                }
                Seg::Text(t, kind) => {
                    if kind == Kind::Quoted {
                        cur.keep = true;
                    }
                    cur.chars.extend(t.chars().map(|c| PatChar {
                        c,
                        active: kind != Kind::Quoted,
                    }));
                }
            }
        }
        if !cur.chars.is_empty() || cur.keep {
            fields.push(cur);
        }
        fields
    }

    fn segments(&mut self, word: &Word, splitting: bool) -> Result<Vec<Seg>, ExpandError> {
        // `"$@"` with no parameters is no field at all.
        let quoted_at = word.parts.iter().any(|p| {
            matches!(p, WordPart::Param { param, quoted: true }
                if param.name == "@" && param.op == ParamOp::Plain)
        });
        let drop_empty = quoted_at && self.shell.positional.is_empty();
        let mut segs = Vec::new();
        for (i, part) in word.parts.iter().enumerate() {
            match part {
                WordPart::Literal { text, quoted } => {
                    if drop_empty && text.is_empty() {
                        continue;
                    }
                    let kind = if *quoted { Kind::Quoted } else { Kind::Lit };
                    segs.push(Seg::Text(text.clone(), kind));
                }
                WordPart::Tilde(user) => {
                    let home = match user.as_str() {
                        "" => self
                            .param_value("HOME")
                            .unwrap_or_else(|| String::from(self.shell.user.home())),
                        "root" => String::from(User::Root.home()),
                        u if u == User::User.name() => String::from(User::User.home()),
                        u => format!("~{u}"),
                    };
                    segs.push(Seg::Text(home, Kind::Quoted));
                }
                WordPart::Param { param, quoted } => {
                    if param.name == "@" && param.op == ParamOp::Plain && *quoted && splitting {
                        for (k, p) in self.shell.positional.clone().into_iter().enumerate() {
                            if k > 0 {
                                segs.push(Seg::Break);
                            }
                            segs.push(Seg::Text(p, Kind::Quoted));
                        }
                        continue;
                    }
                    let v = self.expand_param(param, *quoted)?;
                    let kind = if *quoted { Kind::Quoted } else { Kind::Split };
                    segs.push(Seg::Text(v, kind));
                }
                WordPart::Command { list, quoted } => {
                    let mut out = self
                        .subs
                        .iter()
                        .find(|(l, _)| Rc::ptr_eq(l, list))
                        .map(|(_, s)| s.clone())
                        .unwrap_or_default();
                    while out.ends_with('\n') {
                        out.pop();
                    }
                    let kind = if *quoted { Kind::Quoted } else { Kind::Split };
                    segs.push(Seg::Text(out, kind));
                }
                WordPart::Arith { expr, quoted } => {
                    let text = self.string(expr)?;
                    let v = self.arith(&text)?;
                    let kind = if *quoted { Kind::Quoted } else { Kind::Split };
                    segs.push(Seg::Text(v.to_string(), kind));
                }
            }
            let _ = i;
        }
        Ok(segs)
    }

    fn unset_error(&self, name: &str) -> ExpandError {
        err(format!("{name}: unbound variable"), true)
    }

    fn expand_param(&mut self, p: &ParamExp, quoted: bool) -> Result<String, ExpandError> {
        let name = p.name.as_str();
        let value = if name == "*" || name == "@" {
            if self.shell.positional.is_empty() {
                None
            } else {
                let sep = if quoted && name == "*" {
                    self.shell
                        .vars
                        .get("IFS")
                        .map_or(Some(' '), |v| v.value.chars().next())
                } else {
                    Some(' ')
                };
                let mut s = String::new();
                for (i, a) in self.shell.positional.iter().enumerate() {
                    if i > 0
                        && let Some(c) = sep
                    {
                        s.push(c);
                    }
                    s.push_str(a);
                }
                Some(s)
            }
        } else {
            self.param_value(name)
        };
        let set = value.is_some();
        let value_str = value.clone().unwrap_or_default();
        let special_ok = matches!(name, "@" | "*");
        let check_unset = |ex: &Self| -> Result<(), ExpandError> {
            if !set && ex.shell.options.nounset && !special_ok {
                return Err(ex.unset_error(name));
            }
            Ok(())
        };
        Ok(match &p.op {
            ParamOp::Plain => {
                check_unset(self)?;
                value_str
            }
            ParamOp::Length => {
                if name == "@" || name == "*" {
                    self.shell.positional.len().to_string()
                } else {
                    check_unset(self)?;
                    value_str.chars().count().to_string()
                }
            }
            ParamOp::Default(colon, w) => {
                if !set || (*colon && value_str.is_empty()) {
                    self.string(w)?
                } else {
                    value_str
                }
            }
            ParamOp::Assign(colon, w) => {
                if !set || (*colon && value_str.is_empty()) {
                    let v = self.string(w)?;
                    if name.starts_with(|c: char| {
                        c.is_ascii_digit() || !c.is_alphanumeric() && c != '_'
                    }) {
                        return Err(err(format!("${name}: cannot assign in this way"), false));
                    }
                    self.shell.assign(name, &v).map_err(|m| ExpandError {
                        message: m,
                        fatal: false,
                    })?;
                    v
                } else {
                    value_str
                }
            }
            ParamOp::Error(colon, w) => {
                if !set || (*colon && value_str.is_empty()) {
                    let m = self.string(w)?;
                    let m = if m.is_empty() {
                        String::from("parameter null or not set")
                    } else {
                        m
                    };
                    return Err(err(format!("{name}: {m}"), true));
                }
                value_str
            }
            ParamOp::Alternate(colon, w) => {
                if !set || (*colon && value_str.is_empty()) {
                    String::new()
                } else {
                    self.string(w)?
                }
            }
            ParamOp::TrimPrefix(longest, w) => {
                check_unset(self)?;
                let pat = Pattern::new(&self.pattern(w)?);
                trim(&value_str, &pat, true, *longest)
            }
            ParamOp::TrimSuffix(longest, w) => {
                check_unset(self)?;
                let pat = Pattern::new(&self.pattern(w)?);
                trim(&value_str, &pat, false, *longest)
            }
            ParamOp::Replace {
                all,
                anchor,
                pattern: pw,
                with,
            } => {
                check_unset(self)?;
                let pat = Pattern::new(&self.pattern(pw)?);
                let with = self.string(with)?;
                replace(&value_str, &pat, &with, *all, *anchor)
            }
            ParamOp::Substring(off, len) => {
                check_unset(self)?;
                let off_text = self.string(off)?;
                let off = self.arith(&off_text)?;
                let chars: Vec<char> = value_str.chars().collect();
                let n = i64::try_from(chars.len()).unwrap_or(i64::MAX);
                let start = if off < 0 {
                    (n + off).max(0)
                } else {
                    off.min(n)
                };
                let end = match len {
                    Some(l) => {
                        let lt = self.string(l)?;
                        let l = self.arith(&lt)?;
                        if l < 0 {
                            let e = n + l;
                            if e < start {
                                return Err(err(format!("{l}: substring expression < 0"), false));
                            }
                            e
                        } else {
                            start.saturating_add(l).min(n)
                        }
                    }
                    None => n,
                };
                let (s, e) = (
                    usize::try_from(start).unwrap_or(0),
                    usize::try_from(end).unwrap_or(0),
                );
                chars.get(s..e.max(s)).unwrap_or_default().iter().collect()
            }
            ParamOp::Case(upper, all) => {
                check_unset(self)?;
                let mut out = String::new();
                for (i, c) in value_str.chars().enumerate() {
                    if *all || i == 0 {
                        if *upper {
                            out.extend(c.to_uppercase());
                        } else {
                            out.extend(c.to_lowercase());
                        }
                    } else {
                        out.push(c);
                    }
                }
                out
            }
            ParamOp::Bad(text) => return Err(err(format!("{text}: bad substitution"), false)),
        })
    }
}

/// `${X#p}`, `${X##p}`, `${X%p}`, `${X%%p}`.
fn trim(value: &str, pat: &Pattern, prefix: bool, longest: bool) -> String {
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    let lens: Vec<usize> = if longest {
        (0..=n).rev().collect()
    } else {
        (0..=n).collect()
    };
    for len in lens {
        let hit = if prefix {
            pat.matches_chars(chars.get(..len).unwrap_or_default())
        } else {
            pat.matches_chars(chars.get(n - len..).unwrap_or_default())
        };
        if hit {
            return if prefix {
                chars.get(len..).unwrap_or_default().iter().collect()
            } else {
                chars.get(..n - len).unwrap_or_default().iter().collect()
            };
        }
    }
    String::from(value)
}

/// `${X/p/r}`, `${X//p/r}`, `${X/#p/r}`, `${X/%p/r}`.
fn replace(value: &str, pat: &Pattern, with: &str, all: bool, anchor: Option<char>) -> String {
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    match anchor {
        Some('#') => {
            for len in (0..=n).rev() {
                if pat.matches_chars(chars.get(..len).unwrap_or_default()) {
                    let rest: String = chars.get(len..).unwrap_or_default().iter().collect();
                    return format!("{with}{rest}");
                }
            }
            return String::from(value);
        }
        Some(_) => {
            for start in 0..=n {
                if pat.matches_chars(chars.get(start..).unwrap_or_default()) {
                    let head: String = chars.get(..start).unwrap_or_default().iter().collect();
                    return format!("{head}{with}");
                }
            }
            return String::from(value);
        }
        None => {}
    }
    let mut out = String::new();
    let mut i = 0;
    let mut replaced = false;
    while i < n {
        if replaced && !all {
            out.extend(chars.get(i..).unwrap_or_default());
            return out;
        }
        // The longest match starting at i.
        let hit = (i + 1..=n)
            .rev()
            .find(|&e| pat.matches_chars(chars.get(i..e).unwrap_or_default()));
        match hit {
            Some(e) => {
                out.push_str(with);
                i = e;
                replaced = true;
            }
            None => {
                if let Some(c) = chars.get(i) {
                    out.push(*c);
                }
                i += 1;
            }
        }
    }
    out
}
