//! A subset of GNU sed 4.9, enough to edit `/etc/hosts` without an editor:
//! `-n`, `-i`, `-e`, `-E`; addresses `N`, `$`, `/regex/`; commands `s`
//! (flags `g`, `p`, `N`, `i`/`I`), `d`, `p`, `q`, `y`, `a TEXT`, `i TEXT`.
//! Regular expressions are POSIX basic ones without groups: `.`, `*`,
//! `[...]`, `^`, `$`, `\` escapes; `&` in a replacement. Script errors
//! carry GNU sed's texts and `char N` positions (see
//! core/tests/fixtures/tools2/sed_real.txt). Also `hosts-check`, which
//! lists the lines of /etc/hosts glibc cannot use.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::process::{Ctx, Started};

/// GNU sed's usage text (stderr, exit 1, for no script or a bad option).
const USAGE: &str = "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n  -n, --quiet, --silent\n                 suppress automatic printing of pattern space\n      --debug\n                 annotate program execution\n  -e script, --expression=script\n                 add the script to the commands to be executed\n  -f script-file, --file=script-file\n                 add the contents of script-file to the commands to be executed\n  --follow-symlinks\n                 follow symlinks when processing in place\n  -i[SUFFIX], --in-place[=SUFFIX]\n                 edit files in place (makes backup if SUFFIX supplied)\n  -l N, --line-length=N\n                 specify the desired line-wrap length for the `l' command\n  --posix\n                 disable all GNU extensions.\n  -E, -r, --regexp-extended\n                 use extended regular expressions in the script\n                 (for portability use POSIX -E).\n  -s, --separate\n                 consider files as separate rather than as a single,\n                 continuous long stream.\n      --sandbox\n                 operate in sandbox mode (disable e/r/w commands).\n  -u, --unbuffered\n                 load minimal amounts of data from the input files and flush\n                 the output buffers more often\n  -z, --null-data\n                 separate lines by NUL characters\n      --help     display this help and exit\n      --version  output version information and exit\n\nIf no -e, --expression, -f, or --file option is given, then the first\nnon-option argument is taken as the sed script to interpret.  All\nremaining arguments are names of input files; if no input files are\nspecified, then the standard input is read.\n\nGNU sed home page: <https://www.gnu.org/software/sed/>.\nGeneral help using GNU software: <https://www.gnu.org/gethelp/>.\n";

/// One element of a compiled regular expression.
#[derive(Clone, Debug, PartialEq)]
enum Atom {
    Char(char),
    Any,
    Class(Vec<(char, char)>, bool),
}

#[derive(Clone, Debug, PartialEq)]
struct Piece {
    atom: Atom,
    star: bool,
}

#[derive(Clone, Debug, PartialEq)]
struct Regex {
    anchored_start: bool,
    anchored_end: bool,
    pieces: Vec<Piece>,
    icase: bool,
}

/// Compiles a basic regular expression; `Err` is GNU's message.
fn compile(re: &str, icase: bool) -> Result<Regex, &'static str> {
    let chars: Vec<char> = re.chars().collect();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut i = 0;
    let mut anchored_start = false;
    let mut anchored_end = false;
    let mut depth = 0i32;
    while let Some(&c) = chars.get(i) {
        i += 1;
        let atom = match c {
            '^' if i == 1 => {
                anchored_start = true;
                continue;
            }
            '$' if i == chars.len() => {
                anchored_end = true;
                continue;
            }
            '*' if !pieces.is_empty() => {
                if let Some(p) = pieces.last_mut() {
                    p.star = true;
                }
                continue;
            }
            '.' => Atom::Any,
            '[' => {
                let mut set = Vec::new();
                let negated = chars.get(i) == Some(&'^');
                if negated {
                    i += 1;
                }
                let mut first = true;
                loop {
                    let Some(&c) = chars.get(i) else {
                        return Err("unterminated address regex");
                    };
                    i += 1;
                    if c == ']' && !first {
                        break;
                    }
                    first = false;
                    if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|n| *n != ']') {
                        let hi = chars.get(i + 1).copied().unwrap_or(c);
                        set.push((c, hi));
                        i += 2;
                    } else {
                        set.push((c, c));
                    }
                }
                Atom::Class(set, negated)
            }
            '\\' => {
                let Some(&e) = chars.get(i) else {
                    return Err("trailing backslash (\\)");
                };
                i += 1;
                match e {
                    '(' => {
                        depth += 1;
                        continue;
                    }
                    ')' => {
                        depth -= 1;
                        if depth < 0 {
                            return Err("Unmatched ) or \\)");
                        }
                        continue;
                    }
                    'n' => Atom::Char('\n'),
                    't' => Atom::Char('\t'),
                    other => Atom::Char(other),
                }
            }
            other => Atom::Char(other),
        };
        pieces.push(Piece { atom, star: false });
    }
    if depth > 0 {
        return Err("Unmatched ( or \\(");
    }
    Ok(Regex {
        anchored_start,
        anchored_end,
        pieces,
        icase,
    })
}

impl Atom {
    fn matches(&self, c: char, icase: bool) -> bool {
        let eq = |a: char, b: char| {
            if icase {
                a.eq_ignore_ascii_case(&b)
            } else {
                a == b
            }
        };
        match self {
            Atom::Char(x) => eq(*x, c),
            Atom::Any => c != '\n',
            Atom::Class(set, neg) => {
                let hit = set.iter().any(|(lo, hi)| {
                    let r = *lo..=*hi;
                    r.contains(&c)
                        || (icase
                            && (r.contains(&c.to_ascii_lowercase())
                                || r.contains(&c.to_ascii_uppercase())))
                });
                hit != *neg
            }
        }
    }
}

impl Regex {
    /// Longest match of pieces[k..] at text[at..]: the end index.
    fn match_here(&self, k: usize, text: &[char], at: usize, budget: &mut u32) -> Option<usize> {
        if *budget == 0 {
            return None;
        }
        *budget -= 1;
        let Some(p) = self.pieces.get(k) else {
            return (!self.anchored_end || at == text.len()).then_some(at);
        };
        if p.star {
            let mut n = at;
            while text.get(n).is_some_and(|c| p.atom.matches(*c, self.icase)) {
                n += 1;
            }
            loop {
                if let Some(end) = self.match_here(k + 1, text, n, budget) {
                    return Some(end);
                }
                if n == at {
                    return None;
                }
                n -= 1;
            }
        }
        match text.get(at) {
            Some(c) if p.atom.matches(*c, self.icase) => {
                self.match_here(k + 1, text, at + 1, budget)
            }
            _ => None,
        }
    }

    /// The first match at or after `from`: (start, end).
    fn find(&self, text: &[char], from: usize) -> Option<(usize, usize)> {
        let mut budget = 200_000u32;
        let last = if self.anchored_start { 0 } else { text.len() };
        if self.anchored_start && from > 0 {
            return None;
        }
        for start in from..=last {
            if let Some(end) = self.match_here(0, text, start, &mut budget) {
                return Some((start, end));
            }
            if budget == 0 {
                return None;
            }
        }
        None
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Addr {
    Line(usize),
    Last,
    Re(Regex),
}

#[derive(Clone, Debug, PartialEq)]
enum Cmd {
    Subst {
        re: Regex,
        repl: String,
        global: bool,
        nth: usize,
        print: bool,
    },
    Delete,
    Print,
    Quit,
    Translit(Vec<(char, char)>),
    Append(String),
    Insert(String),
}

#[derive(Clone, Debug, PartialEq)]
struct Command {
    addr: Option<Addr>,
    cmd: Cmd,
}

/// A script error: the message and GNU's `char N` position.
type ScriptError = (usize, &'static str);

/// Reads up to an unescaped `delim`; returns the text and the index after
/// the delimiter, or `None` if the script ends first.
fn delimited(chars: &[char], mut i: usize, delim: char) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut in_class = false;
    while let Some(&c) = chars.get(i) {
        i += 1;
        if c == '\\' {
            let next = chars.get(i).copied()?;
            i += 1;
            if next == delim && delim != '\\' {
                out.push(next);
            } else {
                out.push('\\');
                out.push(next);
            }
            continue;
        }
        if c == '[' && !in_class {
            in_class = true;
        } else if c == ']' && in_class {
            in_class = false;
        } else if c == delim && !in_class {
            return Some((out, i));
        }
        out.push(c);
    }
    None
}

fn parse_script(script: &str) -> Result<Vec<Command>, ScriptError> {
    let chars: Vec<char> = script.chars().collect();
    let end = chars.len();
    let mut cmds = Vec::new();
    let mut i = 0;
    loop {
        while chars.get(i).is_some_and(|c| c.is_whitespace() || *c == ';') {
            i += 1;
        }
        let Some(&c) = chars.get(i) else {
            break;
        };
        let mut addr = None;
        if c.is_ascii_digit() {
            let mut n = 0usize;
            while let Some(d) = chars.get(i).and_then(|c| c.to_digit(10)) {
                n = n.saturating_mul(10).saturating_add(d as usize);
                i += 1;
            }
            if n == 0 {
                return Err((i, "invalid usage of line address 0"));
            }
            addr = Some(Addr::Line(n));
        } else if c == '$' {
            i += 1;
            addr = Some(Addr::Last);
        } else if c == '/' {
            let (re, next) =
                delimited(&chars, i + 1, '/').ok_or((end, "unterminated address regex"))?;
            i = next;
            let mut icase = false;
            if chars.get(i) == Some(&'I') {
                icase = true;
                i += 1;
            }
            if re.is_empty() {
                return Err((0, "no previous regular expression"));
            }
            let r = compile(&re, icase).map_err(|m| (i, m))?;
            addr = Some(Addr::Re(r));
        }
        while chars.get(i).is_some_and(|c| *c == ' ') {
            i += 1;
        }
        let Some(&c) = chars.get(i) else {
            return Err((end, "missing command"));
        };
        i += 1;
        let cmd = match c {
            'd' => Cmd::Delete,
            'p' => Cmd::Print,
            'q' => Cmd::Quit,
            'a' | 'i' => {
                let rest: String = chars.get(i..).unwrap_or_default().iter().collect();
                let text = rest.trim_start().trim_start_matches('\\').trim_start();
                i = end;
                if c == 'a' {
                    Cmd::Append(String::from(text))
                } else {
                    Cmd::Insert(String::from(text))
                }
            }
            's' => {
                let delim = *chars.get(i).ok_or((end, "unterminated `s' command"))?;
                if delim == '\n' || delim == '\\' {
                    return Err((i + 1, "unterminated `s' command"));
                }
                let (re, next) =
                    delimited(&chars, i + 1, delim).ok_or((end, "unterminated `s' command"))?;
                let (repl, next) =
                    delimited(&chars, next, delim).ok_or((end, "unterminated `s' command"))?;
                i = next;
                let (mut global, mut nth, mut print, mut icase) = (false, 1usize, false, false);
                while let Some(&f) = chars.get(i) {
                    match f {
                        'g' => global = true,
                        'p' => print = true,
                        'i' | 'I' => icase = true,
                        d if d.is_ascii_digit() => {
                            let mut n = 0usize;
                            while let Some(d) = chars.get(i).and_then(|c| c.to_digit(10)) {
                                n = n.saturating_mul(10).saturating_add(d as usize);
                                i += 1;
                            }
                            if n == 0 {
                                return Err((i, "number option to `s' command may not be zero"));
                            }
                            nth = n;
                            continue;
                        }
                        ';' | '\n' | ' ' | '}' => break,
                        _ => return Err((i + 1, "unknown option to `s'")),
                    }
                    i += 1;
                }
                if repl.contains("\\1")
                    || repl
                        .chars()
                        .zip(repl.chars().skip(1))
                        .any(|(a, b)| a == '\\' && b.is_ascii_digit() && b != '0')
                {
                    return Err((i, "invalid reference \\1 on `s' command's RHS"));
                }
                if re.is_empty() {
                    return Err((0, "no previous regular expression"));
                }
                let re = compile(&re, icase).map_err(|m| (i, m))?;
                Cmd::Subst {
                    re,
                    repl,
                    global,
                    nth,
                    print,
                }
            }
            'y' => {
                let delim = *chars.get(i).ok_or((end, "unterminated `y' command"))?;
                let (a, next) =
                    delimited(&chars, i + 1, delim).ok_or((end, "unterminated `y' command"))?;
                let (b, next) =
                    delimited(&chars, next, delim).ok_or((end, "unterminated `y' command"))?;
                i = next;
                let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                if a.len() != b.len() {
                    return Err((i, "strings for `y' command are different lengths"));
                }
                Cmd::Translit(a.into_iter().zip(b).collect())
            }
            _ => return Err((i, "unknown command: `")),
        };
        while chars.get(i).is_some_and(|c| *c == ' ') {
            i += 1;
        }
        match chars.get(i) {
            None | Some(';') | Some('\n') => {}
            Some(_) => return Err((i + 1, "extra characters after command")),
        }
        cmds.push(Command { addr, cmd });
    }
    Ok(cmds)
}

fn substitute(line: &str, re: &Regex, repl: &str, global: bool, nth: usize) -> Option<String> {
    let text: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut pos = 0;
    let mut count = 0;
    let mut changed = false;
    let mut prev_end = None;
    while pos <= text.len() {
        let Some((s, e)) = re.find(&text, pos) else {
            break;
        };
        if s == e && prev_end == Some(s) {
            // No empty match right after a match (GNU: `s/l*/X/g` on hello).
            out.extend(text.get(pos..=s).unwrap_or_default());
            pos = s + 1;
            prev_end = None;
            continue;
        }
        prev_end = Some(e);
        count += 1;
        out.extend(text.get(pos..s).unwrap_or_default());
        let matched: String = text.get(s..e).unwrap_or_default().iter().collect();
        if count >= nth {
            let mut r = repl.chars();
            while let Some(c) = r.next() {
                match c {
                    '&' => out.push_str(&matched),
                    '\\' => match r.next() {
                        Some('n') => out.push('\n'),
                        Some('t') => out.push('\t'),
                        Some(o) => out.push(o),
                        None => {}
                    },
                    o => out.push(o),
                }
            }
            changed = true;
        } else {
            out.push_str(&matched);
        }
        if e == s {
            if let Some(c) = text.get(s) {
                out.push(*c);
            }
            pos = s + 1;
        } else {
            pos = e;
        }
        if changed && !global {
            break;
        }
        if re.anchored_start {
            break;
        }
    }
    if !changed {
        return None;
    }
    out.extend(text.get(pos.min(text.len())..).unwrap_or_default());
    Some(out)
}

/// Runs the script over `input`; returns the output text.
fn run(cmds: &[Command], input: &str, quiet: bool) -> String {
    let lines: Vec<&str> = input.split_inclusive('\n').collect();
    let count = lines.len();
    let mut out = String::new();
    for (idx, raw) in lines.iter().enumerate() {
        let had_nl = raw.ends_with('\n');
        let mut line = String::from(raw.strip_suffix('\n').unwrap_or(raw));
        let n = idx + 1;
        let mut deleted = false;
        let mut quit = false;
        let mut append = String::new();
        for c in cmds {
            let hit = match &c.addr {
                None => true,
                Some(Addr::Line(l)) => *l == n,
                Some(Addr::Last) => n == count,
                Some(Addr::Re(r)) => r.find(&line.chars().collect::<Vec<_>>(), 0).is_some(),
            };
            if !hit {
                continue;
            }
            match &c.cmd {
                Cmd::Delete => {
                    deleted = true;
                    break;
                }
                Cmd::Print => {
                    out.push_str(&line);
                    out.push('\n');
                }
                Cmd::Quit => {
                    quit = true;
                    break;
                }
                Cmd::Subst {
                    re,
                    repl,
                    global,
                    nth,
                    print,
                } => {
                    if let Some(new) = substitute(&line, re, repl, *global, *nth) {
                        line = new;
                        if *print {
                            out.push_str(&line);
                            out.push('\n');
                        }
                    }
                }
                Cmd::Translit(map) => {
                    line = line
                        .chars()
                        .map(|ch| map.iter().find(|(a, _)| *a == ch).map_or(ch, |(_, b)| *b))
                        .collect();
                }
                Cmd::Append(t) => {
                    append.push_str(t);
                    append.push('\n');
                }
                Cmd::Insert(t) => {
                    out.push_str(t);
                    out.push('\n');
                }
            }
        }
        if !deleted && !quiet {
            out.push_str(&line);
            if had_nl || !append.is_empty() {
                out.push('\n');
            }
        }
        out.push_str(&append);
        if quit {
            break;
        }
    }
    out
}

/// `sed [-n] [-i] [-E] [-e SCRIPT]... [SCRIPT] [FILE]...`.
pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut quiet = false;
    let mut in_place = false;
    let mut scripts: Vec<String> = Vec::new();
    let mut operands: Vec<String> = Vec::new();
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "-n" | "--quiet" | "--silent" => quiet = true,
            "-E" | "-r" | "--regexp-extended" | "--posix" | "-s" | "-u" => {}
            "-e" => match it.next() {
                Some(s) => scripts.push(s.clone()),
                None => {
                    ctx.err(&format!("sed: option requires an argument -- 'e'\n{USAGE}"));
                    return Started::Exited(1);
                }
            },
            "--help" => {
                ctx.out(USAGE);
                return Started::Exited(0);
            }
            "--version" => {
                ctx.out("sed (GNU sed) 4.9\n");
                return Started::Exited(0);
            }
            s if s.starts_with("-i") || s.starts_with("--in-place") => in_place = true,
            s if s.starts_with("--") => {
                ctx.err(&format!("sed: unrecognized option '{s}'\n{USAGE}"));
                return Started::Exited(1);
            }
            s if s.starts_with('-') && s.len() > 1 => {
                let mut ok = true;
                for c in s.chars().skip(1) {
                    match c {
                        'n' => quiet = true,
                        'i' => in_place = true,
                        'E' | 'r' | 's' | 'u' => {}
                        _ => {
                            ctx.err(&format!("sed: invalid option -- '{c}'\n{USAGE}"));
                            ok = false;
                            break;
                        }
                    }
                }
                if !ok {
                    return Started::Exited(1);
                }
            }
            _ => operands.push(a.clone()),
        }
    }
    if scripts.is_empty() {
        if operands.is_empty() {
            ctx.err(USAGE);
            return Started::Exited(1);
        }
        scripts.push(operands.remove(0));
    }
    let mut cmds = Vec::new();
    for (n, s) in scripts.iter().enumerate() {
        match parse_script(s) {
            Ok(c) => cmds.extend(c),
            Err((pos, msg)) => {
                let tail = if msg.ends_with('`') {
                    let c = s.chars().nth(pos.saturating_sub(1)).unwrap_or(' ');
                    format!("{c}'")
                } else {
                    String::new()
                };
                ctx.err(&format!(
                    "sed: -e expression #{}, char {pos}: {msg}{tail}\n",
                    n + 1
                ));
                return Started::Exited(1);
            }
        }
    }
    if in_place && operands.is_empty() {
        ctx.err("sed: no input files\n");
        return Started::Exited(1);
    }
    if operands.is_empty() {
        let input = String::from(ctx.stdin().unwrap_or_default());
        let out = run(&cmds, &input, quiet);
        ctx.out(&out);
        return Started::Exited(0);
    }
    let mut status = 0;
    let mut combined = String::new();
    for f in &operands {
        let path = crate::shell::absolute_path(f, ctx.cwd());
        if ctx.sys().is_dir(&path) {
            if in_place {
                ctx.err(&format!("sed: couldn't edit {f}: not a regular file\n"));
                return Started::Exited(4);
            }
            ctx.err(&format!("sed: read error on {f}: Is a directory\n"));
            status = 2;
            continue;
        }
        let text = match ctx.sys().read_file(&path) {
            Ok(t) => t,
            Err(e) => {
                ctx.err(&format!("sed: can't read {f}: {}\n", e.message()));
                status = 2;
                continue;
            }
        };
        if in_place {
            let out = run(&cmds, &text, quiet);
            if let Err(e) = ctx.sys().write_file(&path, &out, false) {
                let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
                let suffix: String = (0..6)
                    .map(|_| {
                        let alphabet =
                            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
                        let i = usize::from(ctx.sys().getrandom_u16()) % alphabet.len();
                        alphabet.get(i).map_or('x', |b| char::from(*b))
                    })
                    .collect();
                ctx.err(&format!(
                    "sed: couldn't open temporary file {dir}/sed{suffix}: {}\n",
                    e.message()
                ));
                return Started::Exited(4);
            }
        } else {
            combined.push_str(&text);
        }
    }
    if !in_place {
        let out = run(&cmds, &combined, quiet);
        ctx.out(&out);
    }
    Started::Exited(status)
}

/// `hosts-check`: every line of /etc/hosts glibc cannot use, with its
/// number and what is wrong (the resolver's own parser decides).
pub(super) fn hosts_check(ctx: &mut Ctx<'_>, _args: &[String]) -> Started {
    let text = match ctx.sys().read_file("/etc/hosts") {
        Ok(t) => t,
        Err(e) => {
            ctx.err(&format!("hosts-check: /etc/hosts: {}\n", e.message()));
            return Started::Exited(2);
        }
    };
    let lines: Vec<&str> = text.split('\n').collect();
    let warnings = crate::names::HostsFile::parse(&text).warnings();
    if warnings.is_empty() {
        ctx.out("/etc/hosts: no problems found\n");
        return Started::Exited(0);
    }
    for w in &warnings {
        let n = w
            .strip_prefix("line ")
            .and_then(|r| r.split(':').next())
            .and_then(|d| d.parse::<usize>().ok());
        match n {
            Some(n) => {
                let raw = lines.get(n.saturating_sub(1)).copied().unwrap_or_default();
                ctx.out(&format!("/etc/hosts:{n}: {raw}\n    {w}\n"));
            }
            None => ctx.out(&format!("/etc/hosts: {w}\n")),
        }
    }
    Started::Exited(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gnu_error_positions() {
        for (script, pos, msg) in [
            ("s/a/b", 5, "unterminated `s' command"),
            ("s/a", 3, "unterminated `s' command"),
            ("s/a/b/q", 7, "unknown option to `s'"),
            ("/foo", 4, "unterminated address regex"),
            ("/foo/", 5, "missing command"),
            ("s/\\(/x/", 7, "Unmatched ( or \\("),
            ("s/a/\\1/", 7, "invalid reference \\1 on `s' command's RHS"),
            ("d d", 3, "extra characters after command"),
            ("s//x/", 0, "no previous regular expression"),
            (
                "y/ab/c/",
                7,
                "strings for `y' command are different lengths",
            ),
            ("k", 1, "unknown command: `"),
            ("s/a/b/;s/c", 10, "unterminated `s' command"),
            ("/[/p", 4, "unterminated address regex"),
        ] {
            assert_eq!(parse_script(script).unwrap_err(), (pos, msg), "{script}");
        }
    }

    #[test]
    fn edits() {
        let hosts = "127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n192.168.1.20 laptop\n";
        let c = parse_script("s/a/b/").unwrap();
        assert_eq!(
            run(&c, hosts, false),
            "127.0.0.1\tlocblhost\n::1\t\tlocblhost ip6-localhost ip6-loopback\n192.168.1.20 lbptop\n"
        );
        let c = parse_script("/laptop/d").unwrap();
        assert_eq!(
            run(&c, hosts, false),
            "127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n"
        );
        let c = parse_script("/laptop/p").unwrap();
        assert_eq!(run(&c, hosts, true), "192.168.1.20 laptop\n");
        let c = parse_script("s/^192\\.168\\.1\\.[0-9]*/10.0.0.1/g").unwrap();
        assert!(run(&c, hosts, false).ends_with("10.0.0.1 laptop\n"));
        let c = parse_script("$a 10.0.0.2 new").unwrap();
        assert!(run(&c, hosts, false).ends_with("laptop\n10.0.0.2 new\n"));
        let c = parse_script("s/l*/X/g").unwrap();
        assert_eq!(run(&c, "hello\n", false), "XhXeXoX\n");
    }
}
