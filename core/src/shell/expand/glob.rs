//! Pathname expansion: a field with an unquoted `*`, `?` or `[` becomes
//! the sorted names it matches, walked one directory at a time through
//! the file system's listing; names starting with `.` only match a `.`
//! written in the pattern.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::FsView;
use super::pattern::{PatChar, Pattern, has_glob};
use crate::shell::absolute_path;

/// The most names one glob gives.
const MAX_MATCHES: usize = 1 << 14;

/// The names `pattern` matches, sorted (none: the caller keeps the word).
pub fn glob(pattern: &[PatChar], cwd: &str, fs: &dyn FsView) -> Vec<String> {
    let comps: Vec<&[PatChar]> = pattern.split(|p| p.c == '/').collect();
    let absolute = pattern.first().is_some_and(|p| p.c == '/');
    // Candidates as written (relative stays relative).
    let mut cands: Vec<String> = alloc::vec![if absolute {
        String::from("/")
    } else {
        String::new()
    }];
    let last = comps.len().saturating_sub(1);
    for (i, comp) in comps.iter().enumerate() {
        if comp.is_empty() {
            // A leading `/` or a doubled one.
            continue;
        }
        let mut next = Vec::new();
        for cand in &cands {
            let join = |name: &str| {
                if cand.is_empty() || cand.ends_with('/') {
                    format!("{cand}{name}")
                } else {
                    format!("{cand}/{name}")
                }
            };
            if has_glob(comp) {
                let dir = if cand.is_empty() {
                    String::from(cwd)
                } else {
                    absolute_path(cand, cwd)
                };
                let Some(mut names) = fs.list(&dir) else {
                    continue;
                };
                names.sort();
                let pat = Pattern::new(comp);
                let dot_ok = comp.first().is_some_and(|p| p.c == '.');
                for name in names {
                    if name.starts_with('.') && !dot_ok {
                        continue;
                    }
                    if pat.matches(&name) {
                        next.push(join(&name));
                        if next.len() >= MAX_MATCHES {
                            break;
                        }
                    }
                }
            } else {
                let name: String = comp.iter().map(|p| p.c).collect();
                let path = join(&name);
                if i < last || fs.exists(&absolute_path(&path, cwd)) {
                    next.push(path);
                }
            }
        }
        cands = next;
        if cands.is_empty() {
            return cands;
        }
    }
    if pattern.last().is_some_and(|p| p.c == '/') {
        for c in &mut cands {
            if !c.ends_with('/') {
                c.push('/');
            }
        }
    }
    cands.sort();
    cands
}
