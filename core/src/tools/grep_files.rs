//! Which files `grep` reads: its operands, and with `-r` (`-d recurse`) the
//! regular files under each directory operand, in name order, skipping
//! devices, files `--include`/`--exclude` leave out and directories
//! `--exclude-dir` names (GNU grep 3.8's rules: the globs match a file's
//! base name; names found under a directory operand are that operand, a
//! `/`, and their path below it; the implicit `.` of `grep -r PATTERN` is
//! left out of the names).

use alloc::string::String;
use alloc::vec::Vec;

use crate::process::Ctx;
use crate::sys::fs::{DEV_NULL, FileType};

/// What grep does with a directory operand (`-d ACTION`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum Directories {
    /// `read`: reading it fails with EISDIR (`Is a directory`).
    #[default]
    Read,
    /// `skip`: silently passed over.
    Skip,
    /// `recurse` (`-r`): its files are searched.
    Recurse,
}

/// The globs of `--include`, `--exclude` and `--exclude-dir`.
#[derive(Clone, Debug, Default)]
pub(super) struct Globs {
    /// `--include=GLOB`: only files whose base name matches one.
    pub(super) include: Vec<String>,
    /// `--exclude=GLOB`: not files whose base name matches one.
    pub(super) exclude: Vec<String>,
    /// `--exclude-dir=GLOB`: not under directories whose name matches one.
    pub(super) exclude_dir: Vec<String>,
}

impl Globs {
    fn wants_file(&self, name: &str) -> bool {
        let base = name.rsplit('/').next().unwrap_or(name);
        if self.exclude.iter().any(|g| glob(g, base)) {
            return false;
        }
        self.include.is_empty() || self.include.iter().any(|g| glob(g, base))
    }

    fn wants_dir(&self, name: &str) -> bool {
        let base = name.rsplit('/').next().unwrap_or(name);
        !self.exclude_dir.iter().any(|g| glob(g, base))
    }
}

/// One input grep is to read: the name it prints, and the path it opens
/// (None for standard input).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Input {
    /// The name grep prints (`(standard input)` for `-`).
    pub(super) name: String,
    /// The file's path, None for standard input.
    pub(super) path: Option<String>,
    /// Found while walking a directory (its name is then printed even
    /// for a single operand).
    pub(super) found: bool,
}

/// The inputs for `operands` (with `-r` and no operand, `.`); a directory
/// operand read as a file is left in (its read fails with EISDIR).
pub(super) fn inputs(
    ctx: &mut Ctx<'_>,
    operands: &[String],
    directories: Directories,
    globs: &Globs,
    label: &str,
) -> Vec<Input> {
    let mut out = Vec::new();
    if operands.is_empty() && directories == Directories::Recurse {
        walk(ctx, ".", true, globs, &mut out);
        return out;
    }
    for name in operands {
        if name == "-" {
            out.push(Input {
                name: String::from(label),
                path: None,
                found: false,
            });
            continue;
        }
        let path = crate::shell::absolute_path(name, ctx.cwd());
        if ctx.sys().is_dir(&path) {
            match directories {
                Directories::Skip => continue,
                Directories::Recurse => {
                    if globs.wants_dir(name) || name == "." {
                        walk(ctx, name, false, globs, &mut out);
                    }
                    continue;
                }
                Directories::Read => {}
            }
        } else if directories == Directories::Recurse && !globs.wants_file(name) {
            continue;
        }
        out.push(Input {
            name: name.clone(),
            path: Some(path),
            found: false,
        });
    }
    out
}

/// How deep `grep -r` descends (a bound, as the lab's trees are shallow).
const MAX_DEPTH: usize = 40;

/// The regular files under `dir`, in name order, as `dir/sub/file` (or
/// `sub/file` when `implicit`): a walk of `readdir` as fts does it for
/// `grep -r`, entering directories `--exclude-dir` leaves and skipping the
/// symbolic links met on the way.
fn walk(ctx: &mut Ctx<'_>, dir: &str, implicit: bool, globs: &Globs, out: &mut Vec<Input>) {
    let root = crate::shell::absolute_path(dir, ctx.cwd());
    let shown = if implicit {
        String::new()
    } else {
        alloc::format!("{}/", dir.trim_end_matches('/'))
    };
    // (absolute directory, its name as grep prints it, depth)
    let first = out.len();
    let mut todo: Vec<(String, String, usize)> = alloc::vec![(root, shown, 0)];
    while let Some((path, name, depth)) = todo.pop() {
        let Ok(mut entries) = ctx.sys().readdir(&path) else {
            continue;
        };
        crate::sort::sort_by(&mut entries, |a, b| a.name.cmp(&b.name));
        let mut subdirs = Vec::new();
        for e in entries {
            if e.name == "." || e.name == ".." {
                continue;
            }
            let child = if path == "/" {
                alloc::format!("/{}", e.name)
            } else {
                alloc::format!("{path}/{}", e.name)
            };
            let child_name = alloc::format!("{name}{}", e.name);
            match e.kind {
                FileType::Directory if depth < MAX_DEPTH && globs.wants_dir(&e.name) => {
                    subdirs.push((child, alloc::format!("{child_name}/"), depth + 1));
                }
                FileType::Regular if child != DEV_NULL && globs.wants_file(&e.name) => {
                    out.push(Input {
                        name: child_name,
                        path: Some(child),
                        found: true,
                    });
                }
                _ => {}
            }
        }
        todo.extend(subdirs);
    }
    // In the order of their paths, as a name-ordered walk meets them.
    if let Some(found) = out.get_mut(first..) {
        crate::sort::sort_by(found, |a, b| a.path.cmp(&b.path));
    }
}

/// Whether `text` matches the shell glob `pattern` (`*`, `?`, `[...]`,
/// `\` quoting), as fnmatch(3) without flags. Iterative, with one
/// backtrack point for the last `*`: linear in practice, never recursive.
pub(super) fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        let c = t.get(ti).copied().unwrap_or_default();
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
                continue;
            }
            Some('?') => {
                pi += 1;
                ti += 1;
                continue;
            }
            Some('[') => {
                if let Some((matched, next)) = bracket(&p, pi, c) {
                    if matched {
                        pi = next;
                        ti += 1;
                        continue;
                    }
                } else if c == '[' {
                    pi += 1;
                    ti += 1;
                    continue;
                }
            }
            Some('\\') if p.get(pi + 1) == Some(&c) => {
                pi += 2;
                ti += 1;
                continue;
            }
            Some(&q) if q == c && q != '\\' => {
                pi += 1;
                ti += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((sp, st)) => {
                pi = sp + 1;
                ti = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    p.get(pi..).unwrap_or_default().iter().all(|c| *c == '*')
}

/// A bracket expression at `p[start]` (`[`): whether `c` is in it and the
/// index after its `]`; None if it has no closing `]`.
fn bracket(p: &[char], start: usize, c: char) -> Option<(bool, usize)> {
    let mut i = start + 1;
    let negate = matches!(p.get(i), Some('!' | '^'));
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        let &here = p.get(i)?;
        if here == ']' && !first {
            return Some((matched != negate, i + 1));
        }
        first = false;
        if p.get(i + 1) == Some(&'-') && p.get(i + 2).is_some_and(|e| *e != ']') {
            let end = p.get(i + 2).copied().unwrap_or(here);
            matched |= here <= c && c <= end;
            i += 3;
        } else {
            matched |= here == c;
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn globs_match_as_fnmatch_does() {
        assert!(glob("*.conf", "resolv.conf"));
        assert!(!glob("*.conf", "hosts"));
        assert!(glob("f?", "f2"));
        assert!(glob("[a-c]*", "b.txt"));
        assert!(!glob("[!a-c]*", "b.txt"));
        assert!(glob("*", ""));
        assert!(glob("a*b*c", "aXXbYYc"));
        assert!(!glob("a*b*c", "aXXbYY"));
        assert!(glob("[", "["));
    }
}
