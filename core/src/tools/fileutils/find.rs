//! findutils 4.9 `find [PATH...] [EXPRESSION]` with `-name`, `-iname`,
//! `-path`, `-type f|d|l|c`, `-size`, `-perm`, `-user`, `-group`,
//! `-newer`, `-empty`, `-readable`/`-writable`/`-executable`,
//! `-maxdepth`, `-mindepth`, `-depth`, `-print`, `-delete`, `-true`,
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
use crate::sys::fs::{FileType, Stat};

/// How deep the walk goes (besides `-maxdepth`).
const MAX_DEPTH: usize = 256;
/// The most names one run visits.
const MAX_VISITS: usize = 50_000;

enum Expr {
    Name(String, bool),
    /// `-path`/`-ipath`: the whole shown path.
    Path(String, bool),
    Empty,
    /// `-size`: comparison (-1 less, 0 exactly, 1 more), count, unit bytes.
    Size(i8, u64, u64),
    /// `-perm`: 0 exactly, 1 all of (`-MODE`), 2 any of (`/MODE`).
    Perm(u8, u32),
    User(u32),
    Group(u32),
    /// `-newer FILE`: its modification time.
    Newer(crate::sys::fs::Stamp),
    /// `-readable`, `-writable`, `-executable`: `access` bits.
    Access(u32),
    Delete,
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
    /// `-delete` was given: the walk is depth first (`-depth`).
    delete: bool,
    /// `-depth`.
    depth: bool,
    names: super::common::Names,
    /// The files `-newer` names, with their `stat` times.
    newer: Vec<(String, crate::sys::fs::Stamp)>,
}

/// `-size [+-]N[bcwkMG]`: units of 512 bytes by default, rounded up.
fn parse_size(v: &str) -> Result<Expr, String> {
    if v.is_empty() {
        return Err(String::from("find: invalid null argument to -size\n"));
    }
    let (cmp, rest) = match v.as_bytes().first() {
        Some(b'+') => (1, v.get(1..).unwrap_or_default()),
        Some(b'-') => (-1, v.get(1..).unwrap_or_default()),
        _ => (0, v),
    };
    let (digits, unit) = match rest.char_indices().last() {
        Some((i, c)) if !c.is_ascii_digit() => (rest.get(..i).unwrap_or_default(), c),
        _ => (rest, 'b'),
    };
    let bytes = match unit {
        'b' => 512,
        'c' => 1,
        'w' => 2,
        'k' => 1024,
        'M' => 1 << 20,
        'G' => 1 << 30,
        _ if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
            return Err(format!("find: invalid -size type `{unit}'\n"));
        }
        _ => return Err(format!("find: Invalid argument `{v}' to -size\n")),
    };
    let n = digits
        .parse()
        .map_err(|_| format!("find: Invalid argument `{v}' to -size\n"))?;
    Ok(Expr::Size(cmp, n, bytes))
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
            "-path" | "-ipath" | "-wholename" => {
                let pat = self.value(&tok)?;
                Ok(Expr::Path(pat, tok == "-ipath"))
            }
            "-empty" => Ok(Expr::Empty),
            "-delete" => {
                self.prints = true;
                self.delete = true;
                Ok(Expr::Delete)
            }
            "-readable" => Ok(Expr::Access(crate::sys::fs::R_OK)),
            "-writable" => Ok(Expr::Access(crate::sys::fs::W_OK)),
            "-executable" => Ok(Expr::Access(crate::sys::fs::X_OK)),
            "-size" => {
                let v = self.value("-size")?;
                parse_size(&v)
            }
            "-perm" => {
                let v = self.value("-perm")?;
                let (kind, digits) = match v.as_bytes().first() {
                    Some(b'-') => (1, v.get(1..).unwrap_or_default()),
                    Some(b'/') => (2, v.get(1..).unwrap_or_default()),
                    _ => (0, v.as_str()),
                };
                let mode = super::mode::parse(digits)
                    .map(|c| c.apply(0, false, 0))
                    .ok_or_else(|| format!("find: invalid mode {}\n", q(&v)))?;
                Ok(Expr::Perm(kind, mode))
            }
            "-user" | "-group" => {
                let v = self.value(&tok)?;
                let id = if tok == "-user" {
                    self.names.uid_of(&v)
                } else {
                    self.names.gid_of(&v)
                }
                .or_else(|| v.parse().ok());
                match (id, tok.as_str()) {
                    (Some(id), "-user") => Ok(Expr::User(id)),
                    (Some(id), _) => Ok(Expr::Group(id)),
                    (None, "-user") => {
                        Err(format!("find: {} is not the name of a known user\n", q(&v)))
                    }
                    (None, _) => Err(format!(
                        "find: {} is not the name of an existing group\n",
                        q(&v)
                    )),
                }
            }
            "-newer" => {
                let v = self.value("-newer")?;
                match self.newer.iter().find(|(n, _)| *n == v) {
                    Some((_, st)) => Ok(Expr::Newer(*st)),
                    None => Err(format!("find: {}: No such file or directory\n", q(&v))),
                }
            }
            "-true" => Ok(Expr::Const(true)),
            "-depth" => {
                self.depth = true;
                Ok(Expr::Const(true))
            }
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
    /// Children before their directory (`-depth`, implied by `-delete`).
    depth_first: bool,
    implicit_print: bool,
    maxdepth: usize,
    mindepth: usize,
    out: String,
    status: i32,
    visits: usize,
}

impl Walk<'_> {
    fn eval(&mut self, ctx: &mut Ctx<'_>, e: &Expr, shown: &str, path: &str, st: &Stat) -> bool {
        let kind = st.kind();
        match e {
            Expr::Path(p, fold) => {
                let (pat, name): (Vec<char>, Vec<char>) = if *fold {
                    (
                        p.to_lowercase().chars().collect(),
                        shown.to_lowercase().chars().collect(),
                    )
                } else {
                    (p.chars().collect(), shown.chars().collect())
                };
                fnmatch(&pat, &name)
            }
            Expr::Empty => match kind {
                FileType::Regular => st.size == 0,
                FileType::Directory => ctx.sys().readdir(path).is_ok_and(|d| d.len() <= 2),
                _ => false,
            },
            Expr::Size(cmp, n, unit) => {
                let units = st.size.div_ceil(*unit);
                match cmp {
                    1 => units > *n,
                    -1 => units < *n,
                    _ => units == *n,
                }
            }
            Expr::Perm(k, m) => {
                let bits = st.mode & 0o7777;
                match k {
                    1 => bits & m == *m,
                    2 => *m == 0 || bits & m != 0,
                    _ => bits == *m,
                }
            }
            Expr::User(u) => st.uid == *u,
            Expr::Group(g) => st.gid == *g,
            Expr::Newer(t) => st.mtime > *t,
            Expr::Access(bits) => ctx.sys().access(path, *bits).is_ok(),
            Expr::Delete => {
                let r = if kind == FileType::Directory {
                    ctx.sys().rmdir(path)
                } else {
                    ctx.sys().unlink(path)
                };
                match r {
                    Ok(()) => true,
                    Err(e) => {
                        self.flush(ctx);
                        ctx.err(&format!(
                            "find: cannot delete {}: {}\n",
                            q(shown),
                            e.message()
                        ));
                        self.status = 1;
                        false
                    }
                }
            }
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
            Expr::Not(x) => !self.eval(ctx, x, shown, path, st),
            Expr::And(a, b) => {
                self.eval(ctx, a, shown, path, st) && self.eval(ctx, b, shown, path, st)
            }
            Expr::Or(a, b) => {
                self.eval(ctx, a, shown, path, st) || self.eval(ctx, b, shown, path, st)
            }
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
        if !self.depth_first {
            self.test(ctx, shown, path, &st, depth);
        }
        if kind == FileType::Directory && depth < self.maxdepth && depth < MAX_DEPTH {
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
        if self.depth_first {
            self.test(ctx, shown, path, &st, depth);
        }
    }

    /// Evaluates the expression on one name (printing it when it holds
    /// and nothing else prints).
    fn test(&mut self, ctx: &mut Ctx<'_>, shown: &str, path: &str, st: &Stat, depth: usize) {
        let expr = self.expr;
        if depth >= self.mindepth && self.eval(ctx, expr, shown, path, st) && self.implicit_print {
            self.out.push_str(shown);
            self.out.push('\n');
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
    // The files `-newer` names are looked at before the walk.
    let mut newer = Vec::new();
    for pair in expr_args.windows(2) {
        if let [flag, file] = pair
            && flag == "-newer"
        {
            let path = at_cwd(ctx, file);
            if let Ok(st) = ctx.sys().stat(&path) {
                newer.push((file.clone(), st.mtime));
            }
        }
    }
    let mut parser = Parser {
        args: expr_args,
        pos: 0,
        maxdepth: None,
        mindepth: 0,
        prints: false,
        delete: false,
        depth: false,
        names: super::common::Names::load(ctx),
        newer,
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
        depth_first: parser.delete || parser.depth,
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
