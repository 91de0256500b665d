//! The module graph of `core/src` has no cycles and no upward imports.
//!
//! Reads the crate's sources (tests excluded: `#[cfg(test)]` items and the
//! files of `#[cfg(test)] mod` declarations), finds every path that names a
//! module of the crate (`use crate::…`, `super::…`, `self::…`, a child
//! module, a `use`d module's alias, and the same paths in code), and counts
//! both the module a path names and, following `pub use` re-exports, the
//! file that defines the item. It checks:
//!
//! 1. at every level of the module tree, the sibling modules do not import
//!    each other in a cycle (a parent's own file is the hub its children
//!    hang from, and is not counted as a sibling);
//! 2. a top-level module imports only modules of its own layer or a lower
//!    one, in the order of [`LAYERS`].
//! 3. user space (the shell, the programs and libc, [`USER_SPACE`])
//!    names only the system-call interface, libc and the vocabulary below
//!    the kernel ([`USER_SPACE_MAY_NAME`]): counted by the module a path
//!    names as written, so a type the system-call interface re-exports
//!    (`sys::User`, as Linux's uapi headers carry the kernel's ABI types)
//!    is allowed where the kernel module that defines it is not.
//!
//! What it cannot see: method calls (`self.receive()` across `impl`
//! blocks in several files) and macros that build paths.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The layers of the top-level modules, lowest first. A module may import
/// its own layer (without a cycle) and the layers below it.
const LAYERS: &[&[&str]] = &[
    // Vocabulary: virtual time, errno, the PRNG, sorting, C's number
    // syntax, the world's data.
    &["time", "errno", "rand", "sort", "num", "world", "printf"],
    // Wire formats.
    &["wire"],
    // Interfaces, sysctls, the socket layer's pure rules, routing.
    &["iface", "sysctl", "socket", "route", "netfilter"],
    // The trace (and its describers of packets, routes and segments).
    &["trace"],
    // The network: namespaces, devices, the stack's driver.
    &["net"],
    // The host's kernel objects: file system, procfs, pipes, the terminal.
    &["fd", "host", "procfs", "pipe", "output"],
    // The system-call interface.
    &["sys"],
    // libc: the resolver and its files.
    &["names"],
    // Processes and their context.
    &["process"],
    // The process table: processes, groups, jobs, signals.
    &["proc"],
    // The shell.
    &["shell"],
    // The programs.
    &["tools"],
    // The facade and its read-only view for the front ends.
    &["lab", "snapshot"],
];

/// The user-space modules: the programs, the shell, and libc (the
/// resolver and its files), which reaches the kernel only through system
/// calls like the programs that link it.
const USER_SPACE: &[&str] = &["shell", "tools", "names"];

/// What user space may name besides itself: the system-call interface
/// and libc, and the vocabulary below the kernel. Everything else of the
/// crate is the kernel (`net`, `route`, `iface`, `socket`, `host`, `fd`,
/// `trace`, `sysctl`, `procfs`, `pipe`, the process table) or the facade
/// (`lab`, `snapshot`).
const USER_SPACE_MAY_NAME: &[&[&str]] = &[
    // The system-call interface and its ABI types (the uapi headers).
    &["sys"],
    // libc: the resolver, the hosts/nsswitch/gai.conf parsers.
    &["names"],
    // A program's side of a process: Ctx, Process, Started, Command.
    &["process"],
    // The shell's door into the process table (fork/exec, kill, waitpid).
    &["proc", "calls"],
    // Packet formats: dissectors (libpcap, tcpdump) are user space.
    &["wire"],
    // Vocabulary: virtual time, errno, sorting, the PRNG, C's number
    // syntax (`strtoul`), the world's fixed data, the output stream's kind.
    &["time"],
    &["errno"],
    &["sort"],
    &["rand"],
    &["num"],
    // printf's format engine (the program's, and bash's builtin's).
    &["printf"],
    &["world"],
    &["output"],
];

/// User-space files that still name the kernel, each with the reason; the
/// check fails when one no longer does, so the list only shrinks.
const USER_SPACE_NOT_YET: &[(&str, &str)] = &[];

/// A module's path from the crate root (`["net", "sockets"]`).
type ModPath = Vec<String>;

/// A crate's sources, parsed into what the checks need.
struct Crate {
    /// Every non-test module and the file that holds it.
    files: BTreeMap<ModPath, String>,
    /// Module -> the modules it names (after re-exports), with the path
    /// as written in the source, for messages.
    edges: BTreeMap<ModPath, BTreeMap<ModPath, String>>,
    /// Module -> the modules its paths name as written (a re-export is
    /// not followed: naming `sys::Errno` names `sys`), with the path. A
    /// path through the crate root's re-exports names the module that
    /// defines the item.
    named: BTreeMap<ModPath, BTreeMap<ModPath, String>>,
}

// ---------------------------------------------------------------------------
// Lexing

/// Identifiers, `::`, and single punctuation characters; comments,
/// strings, character literals, lifetimes and whitespace are dropped.
fn tokens(src: &str) -> Vec<String> {
    let b: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let at = |i: usize| b.get(i).copied().unwrap_or('\0');
    while i < b.len() {
        let c = b[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if b[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == '"' {
            i += 1;
            while i < b.len() && b[i] != '"' {
                i += if b[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push("\"\"".to_string());
        } else if c == '\'' {
            // A character literal ('a', '\n', '\u{1F600}', '\'') or a lifetime.
            if at(i + 1) == '\\' {
                i += 3;
                while i < b.len() && b[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
                while i < b.len() && (b[i].is_alphanumeric() || b[i] == '_') {
                    i += 1;
                }
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < b.len() && (b[i].is_alphanumeric() || b[i] == '_') {
                i += 1;
            }
            let word: String = b[start..i].iter().collect();
            // Raw and byte strings: r"…", r#"…"#, b"…", br#"…"#.
            if matches!(word.as_str(), "r" | "b" | "br") && matches!(at(i), '"' | '#') {
                let mut hashes = 0;
                while at(i) == '#' {
                    hashes += 1;
                    i += 1;
                }
                if at(i) == '"' {
                    i += 1;
                    loop {
                        if i >= b.len() {
                            break;
                        }
                        if b[i] == '\\' && word == "b" {
                            i += 2;
                            continue;
                        }
                        if b[i] == '"' && (1..=hashes).all(|k| at(i + k) == '#') {
                            i += 1 + hashes;
                            break;
                        }
                        i += 1;
                    }
                    out.push("\"\"".to_string());
                    continue;
                }
            }
            out.push(word);
        } else if c == ':' && at(i + 1) == ':' {
            out.push("::".to_string());
            i += 2;
        } else {
            out.push(c.to_string());
            i += 1;
        }
    }
    out
}

fn is_ident(t: &str) -> bool {
    t.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// The index after the item that starts at `i` (up to its `;` or its
/// closing brace).
fn skip_item(t: &[String], mut i: usize) -> usize {
    let mut depth = 0i32;
    while i < t.len() {
        match t[i].as_str() {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" => depth -= 1,
            "}" => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            ";" if depth == 0 => return i + 1,
            _ => {}
        }
        i += 1;
    }
    i
}

/// The index after the attribute `#[…]` that starts at `i`.
fn skip_attr(t: &[String], mut i: usize) -> usize {
    let mut depth = 0;
    i += 1;
    while i < t.len() {
        match t[i].as_str() {
            "[" => depth += 1,
            "]" => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    i
}

/// Drops `#[cfg(test)]` items; returns the rest and the names of the
/// test-only child modules declared as files.
fn without_tests(t: &[String]) -> (Vec<String>, Vec<String>) {
    let cfg_test = ["#", "[", "cfg", "(", "test", ")", "]"];
    let mut out = Vec::new();
    let mut test_mods = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let is_cfg_test =
            t.len() >= i + cfg_test.len() && cfg_test.iter().zip(&t[i..]).all(|(a, b)| a == b);
        if is_cfg_test {
            let mut j = i + cfg_test.len();
            while t.get(j).is_some_and(|x| x == "#") {
                j = skip_attr(t, j);
            }
            let mut k = j;
            if t.get(k).is_some_and(|x| x == "pub") {
                k += 1;
                if t.get(k).is_some_and(|x| x == "(") {
                    k += 3;
                }
            }
            if t.get(k).is_some_and(|x| x == "mod") && t.get(k + 2).is_some_and(|x| x == ";") {
                test_mods.push(t[k + 1].clone());
            }
            i = skip_item(t, j);
            continue;
        }
        out.push(t[i].clone());
        i += 1;
    }
    (out, test_mods)
}

// ---------------------------------------------------------------------------
// Use trees and paths

/// One path of a `use` tree: its segments and the name it binds.
struct UsePath {
    segs: Vec<String>,
    binds: Option<String>,
    glob: bool,
}

/// Parses the `use` tree at `i` under `prefix`; returns the index after it.
fn use_tree(t: &[String], mut i: usize, prefix: &[String], acc: &mut Vec<UsePath>) -> usize {
    let mut path = prefix.to_vec();
    loop {
        let Some(x) = t.get(i) else { return i };
        match x.as_str() {
            "{" => {
                i += 1;
                while t.get(i).is_some_and(|x| x != "}") {
                    i = use_tree(t, i, &path, acc);
                    if t.get(i).is_some_and(|x| x == ",") {
                        i += 1;
                    }
                }
                return i + 1;
            }
            "*" => {
                acc.push(UsePath {
                    segs: path,
                    binds: None,
                    glob: true,
                });
                return i + 1;
            }
            _ => {
                if x != "self" || path.is_empty() {
                    path.push(x.clone());
                }
                let name = if x == "self" {
                    path.last().cloned()
                } else {
                    Some(x.clone())
                };
                i += 1;
                if t.get(i).is_some_and(|x| x == "::") {
                    i += 1;
                    continue;
                }
                let binds = if t.get(i).is_some_and(|x| x == "as") {
                    i += 2;
                    t.get(i - 1).cloned()
                } else {
                    name
                };
                acc.push(UsePath {
                    segs: path,
                    binds,
                    glob: false,
                });
                return i;
            }
        }
    }
}

/// One parsed file.
#[derive(Default)]
struct FileInfo {
    /// `use` paths: segments, bound name, and whether it is a re-export.
    uses: Vec<(Vec<String>, Option<String>, bool)>,
    /// Paths written in code (`a::b::c`, first segment not after `::`).
    paths: Vec<Vec<String>>,
}

fn parse_file(t: &[String]) -> FileInfo {
    let mut info = FileInfo::default();
    let mut i = 0;
    while i < t.len() {
        let x = t[i].as_str();
        if x == "use" {
            let reexport = i > 0 && (t[i - 1] == "pub" || t[i - 1] == ")");
            let mut acc = Vec::new();
            i = use_tree(t, i + 1, &[], &mut acc);
            for u in acc {
                info.uses
                    .push((u.segs, if u.glob { None } else { u.binds }, reexport));
            }
            continue;
        }
        let after_colons = i > 0 && t[i - 1] == "::";
        if is_ident(x) && !after_colons && t.get(i + 1).is_some_and(|n| n == "::") {
            let mut segs = vec![x.to_string()];
            let mut j = i + 1;
            while t.get(j).is_some_and(|n| n == "::") && t.get(j + 1).is_some_and(|n| is_ident(n)) {
                segs.push(t[j + 1].clone());
                j += 2;
            }
            info.paths.push(segs);
            i = j;
            continue;
        }
        i += 1;
    }
    info
}

// ---------------------------------------------------------------------------
// Resolution

impl Crate {
    /// Parses `sources` (path relative to `src/` -> text).
    fn parse(sources: &BTreeMap<String, String>) -> Crate {
        let mut modules: BTreeMap<ModPath, (String, Vec<String>)> = BTreeMap::new();
        let mut test_only: BTreeSet<ModPath> = BTreeSet::new();
        for (rel, src) in sources {
            let stem = rel.strip_suffix(".rs").unwrap_or(rel);
            let mut path: ModPath = stem.split('/').map(String::from).collect();
            if matches!(path.last().map(String::as_str), Some("mod" | "lib")) {
                path.pop();
            }
            let (toks, tests) = without_tests(&tokens(src));
            for m in tests {
                let mut p = path.clone();
                p.push(m);
                test_only.insert(p);
            }
            modules.insert(path, (rel.clone(), toks));
        }
        let is_test = |p: &ModPath| (1..=p.len()).any(|k| test_only.contains(&p[..k]));
        let modules: BTreeMap<ModPath, (String, Vec<String>)> =
            modules.into_iter().filter(|(p, _)| !is_test(p)).collect();
        let files = modules
            .iter()
            .map(|(p, (rel, _))| (p.clone(), rel.clone()))
            .collect();
        let infos: BTreeMap<ModPath, FileInfo> = modules
            .iter()
            .map(|(p, (_, toks))| (p.clone(), parse_file(toks)))
            .collect();
        let mut krate = Crate {
            files,
            edges: BTreeMap::new(),
            named: BTreeMap::new(),
        };
        let resolver = Resolver {
            modules: krate.files.keys().cloned().collect(),
            infos: &infos,
        };
        for (m, info) in &infos {
            let aliases = resolver.aliases(m, info);
            let written = info
                .uses
                .iter()
                .map(|(segs, _, _)| segs)
                .chain(info.paths.iter());
            for segs in written {
                // The module the path names as written (a re-export there
                // still names it) and the one that defines the item.
                let named = resolver.descend(m, segs, &aliases).map(|(base, _)| base);
                let defines = resolver.resolve(m, segs, &aliases, 0);
                let as_written = match &named {
                    Some(base) if base.is_empty() => defines.clone(),
                    other => other.clone(),
                };
                if let Some(target) = as_written
                    && &target != m
                {
                    krate
                        .named
                        .entry(m.clone())
                        .or_default()
                        .entry(target)
                        .or_insert_with(|| segs.join("::"));
                }
                for target in named.into_iter().chain(defines) {
                    if &target != m {
                        krate
                            .edges
                            .entry(m.clone())
                            .or_default()
                            .entry(target)
                            .or_insert_with(|| segs.join("::"));
                    }
                }
            }
        }
        krate
    }

    fn file(&self, m: &ModPath) -> &str {
        self.files.get(m).map_or("?", String::as_str)
    }
}

struct Resolver<'a> {
    modules: BTreeSet<ModPath>,
    infos: &'a BTreeMap<ModPath, FileInfo>,
}

impl Resolver<'_> {
    /// The names a file's `use` items bind to whole modules.
    fn aliases(&self, m: &ModPath, info: &FileInfo) -> BTreeMap<String, ModPath> {
        let mut out = BTreeMap::new();
        for (segs, binds, _) in &info.uses {
            if let (Some(name), Some((base, rest))) =
                (binds, self.descend(m, segs, &BTreeMap::new()))
                && rest.is_empty()
            {
                out.insert(name.clone(), base);
            }
        }
        out
    }

    /// The deepest module `segs` names from module `m`, and what is left.
    fn descend<'s>(
        &self,
        m: &ModPath,
        segs: &'s [String],
        aliases: &BTreeMap<String, ModPath>,
    ) -> Option<(ModPath, &'s [String])> {
        let first = segs.first()?;
        let mut rest = segs;
        let mut base: ModPath = match first.as_str() {
            "crate" => {
                rest = &segs[1..];
                Vec::new()
            }
            "self" => {
                rest = &segs[1..];
                m.clone()
            }
            "super" => {
                let mut b = m.clone();
                while rest.first().is_some_and(|s| s == "super") {
                    b.pop();
                    rest = &rest[1..];
                }
                b
            }
            name => {
                let mut child = m.clone();
                child.push(name.to_string());
                if self.modules.contains(&child) {
                    m.clone()
                } else if let Some(a) = aliases.get(name) {
                    rest = &segs[1..];
                    a.clone()
                } else {
                    return None;
                }
            }
        };
        while let Some(s) = rest.first() {
            let mut next = base.clone();
            next.push(s.clone());
            if !self.modules.contains(&next) {
                break;
            }
            base = next;
            rest = &rest[1..];
        }
        Some((base, rest))
    }

    /// The module that defines what `segs` names from module `m`,
    /// following `pub use` re-exports.
    fn resolve(
        &self,
        m: &ModPath,
        segs: &[String],
        aliases: &BTreeMap<String, ModPath>,
        depth: usize,
    ) -> Option<ModPath> {
        let (base, rest) = self.descend(m, segs, aliases)?;
        let Some(item) = rest.first() else {
            return Some(base);
        };
        if depth < 8
            && let Some(info) = self.infos.get(&base)
        {
            for (useg, binds, reexport) in &info.uses {
                if *reexport && binds.as_deref() == Some(item.as_str()) {
                    let empty = BTreeMap::new();
                    if let Some(t) = self.resolve(&base, useg, &empty, depth + 1) {
                        return Some(t);
                    }
                }
            }
        }
        Some(base)
    }
}

// ---------------------------------------------------------------------------
// Checks

/// The cycles among siblings, one per strongly connected component, each
/// as its modules and the file-level imports that make it.
fn sibling_cycles(k: &Crate) -> Vec<String> {
    let mut parents: BTreeSet<ModPath> = BTreeSet::new();
    for m in k.files.keys() {
        if !m.is_empty() {
            parents.insert(m[..m.len() - 1].to_vec());
        }
    }
    let mut found = Vec::new();
    for parent in parents {
        let child_of = |m: &ModPath| -> Option<String> {
            (m.len() > parent.len() && m.starts_with(&parent)).then(|| m[parent.len()].clone())
        };
        // Sibling graph with one witness per edge.
        let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for (from, targets) in &k.edges {
            let Some(a) = child_of(from) else { continue };
            for (to, written) in targets {
                let Some(b) = child_of(to) else { continue };
                if a != b {
                    graph
                        .entry(a.clone())
                        .or_default()
                        .entry(b)
                        .or_insert_with(|| {
                            format!("{} -> {} ({written})", k.file(from), k.file(to))
                        });
                }
            }
        }
        for comp in strongly_connected(&graph) {
            let mut why = Vec::new();
            for a in &comp {
                for (b, w) in graph.get(a).into_iter().flatten() {
                    if comp.contains(b) {
                        why.push(format!("    {w}"));
                    }
                }
            }
            let name = if parent.is_empty() {
                "crate".to_string()
            } else {
                parent.join("::")
            };
            found.push(format!(
                "cycle among the modules of {name}: {}\n{}",
                comp.iter().cloned().collect::<Vec<_>>().join(", "),
                why.join("\n")
            ));
        }
    }
    found
}

/// Tarjan's algorithm; components of more than one node.
fn strongly_connected(graph: &BTreeMap<String, BTreeMap<String, String>>) -> Vec<BTreeSet<String>> {
    struct State<'g> {
        graph: &'g BTreeMap<String, BTreeMap<String, String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        out: Vec<BTreeSet<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flat_map(|m| m.keys()) {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = BTreeSet::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                comp.insert(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                s.out.push(comp);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    let nodes: BTreeSet<&str> = graph
        .iter()
        .flat_map(|(a, bs)| std::iter::once(a.as_str()).chain(bs.keys().map(String::as_str)))
        .collect();
    for v in nodes {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.out
}

/// Imports of a higher layer, and top-level modules missing from `layers`.
fn upward_imports(k: &Crate, layers: &[&[&str]]) -> Vec<String> {
    let layer = |name: &str| layers.iter().position(|l| l.contains(&name));
    let mut found = Vec::new();
    for m in k.files.keys() {
        if let Some(top) = m.first()
            && layer(top).is_none()
            && m.len() == 1
        {
            found.push(format!(
                "module `{top}` ({}) is in no layer: add it to LAYERS in core/tests/layers.rs",
                k.file(m)
            ));
        }
    }
    for (from, targets) in &k.edges {
        let Some(a) = from.first() else { continue };
        for (to, written) in targets {
            let Some(b) = to.first() else { continue };
            if let (Some(la), Some(lb)) = (layer(a), layer(b))
                && lb > la
            {
                found.push(format!(
                    "{} -> {} ({written}): `{a}` (layer {la}) imports `{b}` (layer {lb})",
                    k.file(from),
                    k.file(to)
                ));
            }
        }
    }
    found
}

/// The paths by which a user-space module (one under a top-level module
/// of `user`) names a module outside `allowed` (each entry a module path,
/// allowing that module and its children).
fn user_space_leaks(k: &Crate, user: &[&str], allowed: &[&[&str]]) -> Vec<String> {
    let allows = |to: &ModPath| {
        user.iter().any(|u| to.first().is_some_and(|t| t == u))
            || allowed
                .iter()
                .any(|a| to.len() >= a.len() && a.iter().zip(to).all(|(x, y)| x == y))
    };
    let mut found = Vec::new();
    for (from, targets) in &k.named {
        if !from.first().is_some_and(|f| user.contains(&f.as_str())) {
            continue;
        }
        for (to, written) in targets {
            if !allows(to) {
                found.push(format!(
                    "{} -> {} ({written}): user space names `{}`, which is not in USER_SPACE_MAY_NAME",
                    k.file(from),
                    k.file(to),
                    to.join("::")
                ));
            }
        }
    }
    found
}

fn read_sources(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("read core/src")
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().expect("name").to_string_lossy().into_owned();
        if p.is_dir() {
            read_sources(&p, &format!("{prefix}{name}/"), out);
        } else if name.ends_with(".rs") {
            out.insert(
                format!("{prefix}{name}"),
                fs::read_to_string(&p).expect("read a source file"),
            );
        }
    }
}

fn core_crate() -> Crate {
    let mut sources = BTreeMap::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    read_sources(&src, "", &mut sources);
    Crate::parse(&sources)
}

fn edge(k: &Crate, from: &[&str], to: &[&str]) -> bool {
    let from: ModPath = from.iter().map(|s| s.to_string()).collect();
    let to: ModPath = to.iter().map(|s| s.to_string()).collect();
    k.edges.get(&from).is_some_and(|t| t.contains_key(&to))
}

#[test]
fn no_cycles_between_sibling_modules() {
    let k = core_crate();
    let cycles = sibling_cycles(&k);
    assert!(cycles.is_empty(), "\n{}\n", cycles.join("\n"));
}

#[test]
fn no_module_imports_a_higher_layer() {
    let k = core_crate();
    let up = upward_imports(&k, LAYERS);
    assert!(up.is_empty(), "\n{}\n", up.join("\n"));
}

#[test]
fn user_space_names_only_the_system_call_interface_and_libc() {
    let k = core_crate();
    let leaks = user_space_leaks(&k, USER_SPACE, USER_SPACE_MAY_NAME);
    let exempt = |leak: &String| {
        USER_SPACE_NOT_YET
            .iter()
            .any(|(file, _)| leak.starts_with(&format!("{file} -> ")))
    };
    let (known, new): (Vec<String>, Vec<String>) = leaks.into_iter().partition(exempt);
    assert!(new.is_empty(), "\n{}\n", new.join("\n"));
    for (file, why) in USER_SPACE_NOT_YET {
        assert!(
            known.iter().any(|l| l.starts_with(&format!("{file} -> "))),
            "{file} no longer names the kernel ({why}): remove it from USER_SPACE_NOT_YET"
        );
    }
}

/// The reader sees what it must: a few imports known to exist, through
/// `use`, a path in code, and a re-export.
#[test]
fn the_graph_holds_known_imports() {
    let k = core_crate();
    assert!(k.edges.values().map(BTreeMap::len).sum::<usize>() > 300);
    assert!(edge(&k, &["net", "sockets"], &["net", "conn_index"]));
    assert!(edge(&k, &["net", "output"], &["trace"]));
    assert!(edge(&k, &["lab"], &["proc"]));
    // `crate::net::sockets::SocketId` is `net::sockets`' re-export of
    // `net::socket_id`.
    assert!(edge(&k, &["sys", "socket"], &["net", "socket_id"]));
    // Test modules are not part of the graph.
    assert!(
        !k.files
            .contains_key(&vec!["net".to_string(), "tests".to_string()])
    );
}

/// The checks catch what they are for, on a small made-up crate.
#[test]
fn the_checks_catch_a_cycle_and_an_upward_import() {
    let sources: BTreeMap<String, String> = [
        ("lib.rs", "pub mod low; pub mod mid; pub mod high; pub mod top;"),
        (
            "low/mod.rs",
            "mod a; mod b; pub use b::Thing; #[cfg(test)] mod tests;",
        ),
        ("low/a.rs", "use super::Thing; // crate::high::X\n"),
        (
            "low/b.rs",
            "pub struct Thing; fn f() { let _ = \"crate::high\"; super::a::g(); crate::high::h(); }",
        ),
        ("low/tests.rs", "use crate::high::*;"),
        (
            "high.rs",
            "pub use crate::low::Thing; pub use crate::mid::M; pub fn h() {}",
        ),
        ("mid.rs", "pub struct M;"),
        // Reaching `mid` through `high`'s re-export still names `high`.
        ("top.rs", "use crate::high::M;"),
    ]
    .into_iter()
    .map(|(p, s)| (p.to_string(), s.to_string()))
    .collect();
    let k = Crate::parse(&sources);
    let cycles = sibling_cycles(&k);
    assert_eq!(cycles.len(), 2, "{cycles:?}");
    assert!(cycles[0].starts_with("cycle among the modules of crate: high, low"));
    assert!(cycles[1].contains("low/a.rs -> low/b.rs (super::Thing)"));
    assert!(edge(&k, &["top"], &["mid"]) && edge(&k, &["top"], &["high"]));
    let up = upward_imports(&k, &[&["low", "mid"], &["top"], &["high"]]);
    assert_eq!(
        up,
        [
            "low/b.rs -> high.rs (crate::high::h): `low` (layer 0) imports `high` (layer 2)",
            "top.rs -> high.rs (crate::high::M): `top` (layer 1) imports `high` (layer 2)",
        ]
    );
}

/// The user-space rule, on a small made-up crate: a program may name the
/// door (`sys`, and `kernel::door` but not the rest of `kernel`) and
/// whatever the door re-exports, itself, and nothing else; test modules
/// and comments do not count.
#[test]
fn the_user_space_check_catches_a_program_that_names_the_kernel() {
    let sources: BTreeMap<String, String> = [
        (
            "lib.rs",
            "pub mod kernel; pub mod sys; pub mod app; pub use kernel::deep::Secret;",
        ),
        (
            "kernel/mod.rs",
            "pub mod door; pub mod deep; pub struct Abi;",
        ),
        ("kernel/deep.rs", "pub struct Secret;"),
        ("kernel/door.rs", "pub(crate) use super::Abi as Handle;"),
        ("sys.rs", "pub use crate::kernel::Abi;"),
        ("app/mod.rs", "mod ok; mod leak; #[cfg(test)] mod tests;"),
        (
            "app/ok.rs",
            "use crate::sys::Abi; use crate::kernel::door::Handle; use super::leak; \
             // crate::kernel::deep::Secret\n",
        ),
        (
            "app/leak.rs",
            "use crate::kernel::Abi; fn f() { let _ = crate::Secret; }",
        ),
        ("app/tests.rs", "use crate::kernel::deep::Secret;"),
    ]
    .into_iter()
    .map(|(p, s)| (p.to_string(), s.to_string()))
    .collect();
    let k = Crate::parse(&sources);
    let leaks = user_space_leaks(&k, &["app"], &[&["sys"], &["kernel", "door"]]);
    assert_eq!(
        leaks,
        [
            "app/leak.rs -> kernel/mod.rs (crate::kernel::Abi): user space names `kernel`, \
             which is not in USER_SPACE_MAY_NAME",
            // Through the crate root's re-export: the module that defines it.
            "app/leak.rs -> kernel/deep.rs (crate::Secret): user space names `kernel::deep`, \
             which is not in USER_SPACE_MAY_NAME",
        ]
    );
}
