//! findutils 4.9 `find [PATH...] [EXPRESSION]` with `-name`, `-iname`,
//! `-type f|d|l|c`, `-maxdepth`, `-mindepth`, `-print`, `-true`,
//! `-false`, `!`/`-not`, `-a`/`-and`, `-o`/`-or` and parentheses, over
//! `lstat` and `getdents` (links not followed, `-P`); entries come in the
//! kernel's directory order (byte order here). Other predicates are
//! refused as unknown.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::common::{at_cwd, base_name, join, q};
use crate::process::{Ctx, Started};
use crate::sys::fs::FileType;

/// How deep the walk goes (besides `-maxdepth`).
const MAX_DEPTH: usize = 256;
/// The most names one run visits.
const MAX_VISITS: usize = 50_000;

enum Expr {
    Name(String, bool),
    Type(Vec<FileType>),
    Print,
    Const(bool),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

/// fnmatch(3) without flags: `*`, `?`, `[...]` (`!`/`^`, ranges), `\`.
pub(crate) fn fnmatch(pattern: &[char], name: &[char]) -> bool {
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, n));
                p += 1;
                continue;
            }
            Some('?') => {
                p += 1;
                n += 1;
                continue;
            }
            Some('[') => {
                if let Some((matched, next)) = bracket(pattern, p, name.get(n).copied()) {
                    if matched {
                        p = next;
                        n += 1;
                        continue;
                    }
                } else if name.get(n) == Some(&'[') {
                    p += 1;
                    n += 1;
                    continue;
                }
            }
            Some('\\') if pattern.get(p + 1) == name.get(n) && p + 1 < pattern.len() => {
                p += 2;
                n += 1;
                continue;
            }
            Some(c) if Some(c) == name.get(n) => {
                p += 1;
                n += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((sp, sn)) => {
                p = sp + 1;
                n = sn + 1;
                star = Some((sp, sn + 1));
            }
            None => return false,
        }
    }
    pattern
        .get(p..)
        .unwrap_or_default()
        .iter()
        .all(|&c| c == '*')
}

/// A bracket expression at `pattern[start]`: whether `c` matches and
/// where the pattern goes on; `None` if it is not closed.
fn bracket(pattern: &[char], start: usize, c: Option<char>) -> Option<(bool, usize)> {
    let c = c?;
    let mut i = start + 1;
    let negate = matches!(pattern.get(i), Some('!' | '^'));
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        let ch = *pattern.get(i)?;
        if ch == ']' && !first {
            return Some((matched != negate, i + 1));
        }
        first = false;
        if pattern.get(i + 1) == Some(&'-') && pattern.get(i + 2).is_some_and(|&e| e != ']') {
            let end = *pattern.get(i + 2)?;
            matched |= ch <= c && c <= end;
            i += 3;
        } else {
            matched |= ch == c;
            i += 1;
        }
    }
}

struct Parser<'a> {
    args: &'a [String],
    pos: usize,
    maxdepth: Option<usize>,
    mindepth: usize,
    prints: bool,
}

impl Parser<'_> {
    fn next(&mut self) -> Option<&str> {
        let a = self.args.get(self.pos)?;
        self.pos += 1;
        Some(a.as_str())
    }

    fn peek(&self) -> Option<&str> {
        self.args.get(self.pos).map(String::as_str)
    }

    fn value(&mut self, pred: &str) -> Result<String, String> {
        self.next()
            .map(String::from)
            .ok_or_else(|| format!("find: missing argument to `{pred}'\n"))
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut left = self.and()?;
        while matches!(self.peek(), Some("-o" | "-or")) {
            self.pos += 1;
            let right = self.and()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut left = self.unary()?;
        loop {
            match self.peek() {
                None | Some("-o" | "-or" | ")") => return Ok(left),
                Some("-a" | "-and") => self.pos += 1,
                _ => {}
            }
            let right = self.unary()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
    }

    fn unary(&mut self) -> Result<Expr, String> {
        let Some(tok) = self.next() else {
            return Err(String::from("find: expected an expression after '-a'\n"));
        };
        let tok = String::from(tok);
        match tok.as_str() {
            "!" | "-not" => Ok(Expr::Not(Box::new(self.unary()?))),
            "(" => {
                let e = self.or()?;
                if self.next() != Some(")") {
                    return Err(String::from(
                        "find: invalid expression; I was expecting to find a ')' somewhere but did not see one.\n",
                    ));
                }
                Ok(e)
            }
            "-name" | "-iname" => {
                let pat = self.value(&tok)?;
                Ok(Expr::Name(pat, tok == "-iname"))
            }
            "-type" => {
                let v = self.value("-type")?;
                let mut kinds = Vec::new();
                for t in v.split(',') {
                    kinds.push(match t {
                        "f" => FileType::Regular,
                        "d" => FileType::Directory,
                        "l" => FileType::Symlink,
                        "c" => FileType::CharDevice,
                        _ => return Err(format!("find: Unknown argument to -type: {t}\n")),
                    });
                }
                Ok(Expr::Type(kinds))
            }
            "-maxdepth" | "-mindepth" => {
                let v = self.value(&tok)?;
                let n: usize = v.parse().map_err(|_| {
                    format!(
                        "find: Expected a positive decimal integer argument to {tok}, but got {}\n",
                        q(&v)
                    )
                })?;
                if tok == "-maxdepth" {
                    self.maxdepth = Some(n);
                } else {
                    self.mindepth = n;
                }
                Ok(Expr::Const(true))
            }
            "-print" => {
                self.prints = true;
                Ok(Expr::Print)
            }
            "-true" => Ok(Expr::Const(true)),
            "-false" => Ok(Expr::Const(false)),
            t if t.starts_with('-') => Err(format!("find: unknown predicate `{t}'\n")),
            t => Err(format!(
                "find: paths must precede expression: `{t}'\nfind: possible unquoted pattern after predicate `-name'?\n"
            )),
        }
    }
}

struct Walk<'e> {
    expr: &'e Expr,
    implicit_print: bool,
    maxdepth: usize,
    mindepth: usize,
    out: String,
    status: i32,
    visits: usize,
}

impl Walk<'_> {
    fn eval(&mut self, e: &Expr, shown: &str, kind: FileType) -> bool {
        match e {
            Expr::Name(p, fold) => {
                let base = base_name(shown);
                let (pat, name): (Vec<char>, Vec<char>) = if *fold {
                    (
                        p.to_lowercase().chars().collect(),
                        base.to_lowercase().chars().collect(),
                    )
                } else {
                    (p.chars().collect(), base.chars().collect())
                };
                fnmatch(&pat, &name)
            }
            Expr::Type(k) => k.contains(&kind),
            Expr::Print => {
                self.out.push_str(shown);
                self.out.push('\n');
                true
            }
            Expr::Const(b) => *b,
            Expr::Not(x) => !self.eval(x, shown, kind),
            Expr::And(a, b) => self.eval(a, shown, kind) && self.eval(b, shown, kind),
            Expr::Or(a, b) => self.eval(a, shown, kind) || self.eval(b, shown, kind),
        }
    }

    fn visit(&mut self, ctx: &mut Ctx<'_>, shown: &str, path: &str, depth: usize) {
        if self.visits >= MAX_VISITS {
            return;
        }
        self.visits += 1;
        let st = match ctx.sys().lstat(path) {
            Ok(st) => st,
            Err(e) => {
                self.flush(ctx);
                ctx.err(&format!("find: {}: {}\n", q(shown), e.message()));
                self.status = 1;
                return;
            }
        };
        let kind = st.kind();
        if depth >= self.mindepth && self.eval(self.expr, shown, kind) && self.implicit_print {
            self.out.push_str(shown);
            self.out.push('\n');
        }
        if kind != FileType::Directory || depth >= self.maxdepth || depth >= MAX_DEPTH {
            return;
        }
        match ctx.sys().readdir(path) {
            Ok(entries) => {
                for e in entries {
                    if e.name != "." && e.name != ".." {
                        self.visit(ctx, &join(shown, &e.name), &join(path, &e.name), depth + 1);
                    }
                }
            }
            Err(e) => {
                self.flush(ctx);
                ctx.err(&format!("find: {}: {}\n", q(shown), e.message()));
                self.status = 1;
            }
        }
    }

    fn flush(&mut self, ctx: &mut Ctx<'_>) {
        if !self.out.is_empty() {
            let text = core::mem::take(&mut self.out);
            ctx.out(&text);
        }
    }
}

/// `find`.
pub(crate) fn find(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let rest = args.get(1..).unwrap_or_default();
    let split = rest
        .iter()
        .position(|a| a.starts_with('-') && a.len() > 1 || a == "!" || a == "(")
        .unwrap_or(rest.len());
    let (paths, expr_args) = rest.split_at(split);
    let mut parser = Parser {
        args: expr_args,
        pos: 0,
        maxdepth: None,
        mindepth: 0,
        prints: false,
    };
    let expr = if expr_args.is_empty() {
        Expr::Const(true)
    } else {
        match parser.or() {
            Ok(e) if parser.pos == expr_args.len() => e,
            Ok(_) => {
                ctx.err("find: invalid expression; you have too many ')'\n");
                return Started::Exited(1);
            }
            Err(msg) => {
                ctx.err(&msg);
                return Started::Exited(1);
            }
        }
    };
    let mut walk = Walk {
        expr: &expr,
        implicit_print: !parser.prints,
        maxdepth: parser.maxdepth.unwrap_or(MAX_DEPTH),
        mindepth: parser.mindepth,
        out: String::new(),
        status: 0,
        visits: 0,
    };
    let default = [String::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    for p in paths {
        let path = at_cwd(ctx, p);
        walk.visit(ctx, p, &path, 0);
    }
    walk.flush(ctx);
    Started::Exited(walk.status)
}

#[cfg(test)]
mod tests {
    use super::fnmatch;

    fn m(p: &str, n: &str) -> bool {
        fnmatch(
            &p.chars().collect::<alloc::vec::Vec<_>>(),
            &n.chars().collect::<alloc::vec::Vec<_>>(),
        )
    }

    #[test]
    fn globs() {
        assert!(m("*.txt", "a.txt"));
        assert!(!m("*.txt", "a.txt.bak"));
        assert!(m("f*", "f"));
        assert!(m("?.c", "a.c"));
        assert!(m("[ab]*", "beta"));
        assert!(!m("[!ab]*", "beta"));
        assert!(m("[a-c]x", "bx"));
        assert!(m("*a*b*", "xxaxxbxx"));
        assert!(!m("", "a"));
        assert!(m("[", "["));
    }
}
