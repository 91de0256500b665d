//! The built-ins of bash the language: `:`, `true`, `false`, `export`,
//! `unset`, `set`, `local`, `declare`/`typeset`, `readonly`, `shift`,
//! `return`, `break`, `continue`, `exit`, `read`, `eval`, `source`/`.`,
//! `let`, `type`, `command -v`, `alias`/`unalias`. Their messages and
//! statuses are bash 5.2.15's.

use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::frame::Frame;
use super::{Call, Control, Executor};
use crate::output::Stream;
use crate::process::Stdio;
use crate::shell::parse;
use crate::shell::parse::lex::{is_name_char, is_name_start};

/// The reserved words `type` names.
pub(crate) const KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until", "do",
    "done", "in", "function", "time", "{", "}", "!", "[[", "]]", "coproc",
];

fn valid_name(n: &str) -> bool {
    n.starts_with(is_name_start) && n.chars().all(is_name_char)
}

/// Quotes a value as `declare -p` and `set` print it.
fn shell_quote(v: &str) -> String {
    format!(
        "\"{}\"",
        v.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('$', "\\$")
            .replace('`', "\\`")
    )
}

fn args<'a>(call: &'a Call<'_>) -> &'a [String] {
    call.argv.get(1..).unwrap_or_default()
}

/// `:` and `true`.
pub(crate) fn true_(_: &mut Executor<'_>, _: &Call<'_>) -> i32 {
    0
}

/// `false`.
pub(crate) fn false_(_: &mut Executor<'_>, _: &Call<'_>) -> i32 {
    1
}

/// Assigns `NAME=value` words for `export`, `readonly`, `local`,
/// `declare`, applying `attr` to each name.
fn assign_words(
    ex: &mut Executor<'_>,
    builtin: &str,
    words: &[String],
    attr: &dyn Fn(&mut crate::shell::vars::Var),
    local: bool,
) -> i32 {
    let mut status = 0;
    for w in words {
        let (name, value) = match w.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (w.as_str(), None),
        };
        let (name, append) = match name.strip_suffix('+') {
            Some(n) if value.is_some() => (n, true),
            _ => (name, false),
        };
        if !valid_name(name) {
            ex.say(
                Stream::Stderr,
                &format!("bash: {builtin}: `{w}': not a valid identifier\n"),
            );
            status = 1;
            continue;
        }
        if local {
            ex.shell.vars.make_local(name);
        }
        if let Some(v) = value {
            let v = if append {
                let hostname = ex.sys.gethostname();
                format!("{}{v}", ex.shell.param(name, &hostname).unwrap_or_default())
            } else {
                String::from(v)
            };
            if let Err(m) = ex.shell.assign(name, &v) {
                ex.say(Stream::Stderr, &m);
                status = 1;
                continue;
            }
        } else if local {
            // `local x` makes x local and unset... but set to empty in bash
            // it is declared without a value.
            let _ = ex.shell.vars.unset(name);
            if let Some(var) = ex.shell.vars.entry(name) {
                var.value.clear();
            }
        } else if ex.shell.vars.get(name).is_none() {
            let hostname = ex.sys.gethostname();
            // A variable the shell computes (HOME, PATH) becomes a real one.
            if let Some(v) = ex.shell.param(name, &hostname) {
                let _ = ex.shell.assign(name, &v);
            }
        }
        if let Some(var) = ex.shell.vars.entry(name) {
            attr(var);
        }
    }
    status
}

/// `export [-n] [-p] [NAME[=value]…]`.
pub(crate) fn export(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let mut words = args(call);
    let mut unexport = false;
    while let Some(first) = words.first() {
        match first.as_str() {
            "-n" => unexport = true,
            "-p" | "-f" => {}
            "--" => {
                words = words.get(1..).unwrap_or_default();
                break;
            }
            o if o.starts_with('-') => {
                ex.say(
                    Stream::Stderr,
                    &format!("bash: export: {o}: invalid option\nexport: usage: export [-fn] [name[=value] ...] or export -p\n"),
                );
                return 2;
            }
            _ => break,
        }
        words = words.get(1..).unwrap_or_default();
    }
    if words.is_empty() {
        let mut out = String::new();
        for (name, v) in ex.shell.vars.iter() {
            if v.exported {
                out.push_str(&format!("declare -x {name}={}\n", shell_quote(&v.value)));
            }
        }
        ex.say(Stream::Stdout, &out);
        return 0;
    }
    let words = words.to_vec();
    assign_words(ex, "export", &words, &|v| v.exported = !unexport, false)
}

/// `readonly [NAME[=value]…]`.
pub(crate) fn readonly(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let words: Vec<String> = args(call)
        .iter()
        .filter(|a| !a.starts_with('-'))
        .cloned()
        .collect();
    if words.is_empty() {
        let mut out = String::new();
        for (name, v) in ex.shell.vars.iter() {
            if v.readonly {
                out.push_str(&format!("declare -r {name}={}\n", shell_quote(&v.value)));
            }
        }
        ex.say(Stream::Stdout, &out);
        return 0;
    }
    assign_words(ex, "readonly", &words, &|v| v.readonly = true, false)
}

/// `local NAME[=value]…` (only in a function).
pub(crate) fn local(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    if !ex.shell.vars.in_function() {
        ex.say(
            Stream::Stderr,
            "bash: local: can only be used in a function\n",
        );
        return 1;
    }
    let words: Vec<String> = args(call)
        .iter()
        .filter(|a| !a.starts_with('-'))
        .cloned()
        .collect();
    assign_words(ex, "local", &words, &|_| {}, true)
}

/// `declare`/`typeset [-x] [-r] [-p] [NAME[=value]…]`.
pub(crate) fn declare(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let name = call.argv.first().map_or("declare", String::as_str);
    let mut exported = false;
    let mut read_only = false;
    let mut print = false;
    let mut functions = false;
    let mut words = Vec::new();
    for a in args(call) {
        match a.as_str() {
            "-f" => functions = true,
            "-x" => exported = true,
            "-r" => read_only = true,
            "-p" => print = true,
            "-g" | "-l" | "-u" | "-i" | "--" => {}
            o if o.starts_with('-') => {
                ex.say(
                    Stream::Stderr,
                    &format!("bash: {name}: {o}: invalid option\n{name}: usage: {name} [-aAfFgiIlnrtux] [name[=value] ...] or {name} -p [name ...]\n"),
                );
                return 2;
            }
            w => words.push(String::from(w)),
        }
    }
    if functions {
        // `declare -f [NAME…]`: the definitions, as bash prints them back.
        let mut out = String::new();
        let mut status = 0;
        let names: Vec<String> = if words.is_empty() {
            ex.shell.functions.keys().cloned().collect()
        } else {
            words.clone()
        };
        for n in names {
            match ex.shell.functions.get(&n) {
                Some(body) => out.push_str(&crate::shell::unparse::function(&n, &body.0)),
                None => status = 1,
            }
        }
        ex.say(Stream::Stdout, &out);
        return status;
    }
    if print || words.is_empty() {
        let mut out = String::new();
        let mut status = 0;
        if words.is_empty() {
            for (n, v) in ex.shell.vars.iter() {
                out.push_str(&format!("{n}={}\n", shell_quote(&v.value)));
            }
        }
        for w in &words {
            match ex.shell.vars.get(w) {
                Some(v) => {
                    let mut flags = String::new();
                    if v.readonly {
                        flags.push('r');
                    }
                    if v.exported {
                        flags.push('x');
                    }
                    if flags.is_empty() {
                        flags.push('-');
                    }
                    out.push_str(&format!("declare -{flags} {w}={}\n", shell_quote(&v.value)));
                }
                None => {
                    ex.say(Stream::Stderr, &format!("bash: declare: {w}: not found\n"));
                    status = 1;
                }
            }
        }
        ex.say(Stream::Stdout, &out);
        return status;
    }
    let local = ex.shell.vars.in_function();
    assign_words(
        ex,
        name,
        &words,
        &|v| {
            if exported {
                v.exported = true;
            }
            if read_only {
                v.readonly = true;
            }
        },
        local,
    )
}

/// `unset [-v|-f] NAME…`.
pub(crate) fn unset(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let mut functions = false;
    let mut status = 0;
    for a in args(call) {
        match a.as_str() {
            "-f" => functions = true,
            "-v" => functions = false,
            n => {
                if functions {
                    ex.shell.functions.remove(n);
                    continue;
                }
                if !valid_name(n) {
                    ex.say(
                        Stream::Stderr,
                        &format!("bash: unset: `{n}': not a valid identifier\n"),
                    );
                    status = 1;
                    continue;
                }
                if ex.shell.vars.unset(n).is_err() {
                    ex.say(
                        Stream::Stderr,
                        &format!("bash: unset: {n}: cannot unset: readonly variable\n"),
                    );
                    status = 1;
                }
            }
        }
    }
    status
}

const SET_USAGE: &str =
    "set: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]\n";

/// `set [-eux] [-o OPT] [--] [ARG…]`.
pub(crate) fn set(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let a = args(call);
    if a.is_empty() {
        let hostname = ex.sys.gethostname();
        // The variables set, and those the shell computes until set.
        let mut all: alloc::collections::BTreeMap<String, String> = ex
            .shell
            .vars
            .iter()
            .map(|(n, v)| (n.clone(), v.value.clone()))
            .collect();
        for name in [
            "BASH",
            "BASH_VERSION",
            "HOME",
            "HOSTNAME",
            "IFS",
            "LOGNAME",
            "PATH",
            "PS2",
            "PWD",
            "SHELL",
            "SHLVL",
            "UID",
            "USER",
        ] {
            if let Some(v) = ex.shell.param(name, &hostname) {
                all.entry(String::from(name)).or_insert(v);
            }
        }
        let mut out = String::new();
        for (n, v) in all {
            out.push_str(&format!("{n}={}\n", set_quote(&v)));
        }
        ex.say(Stream::Stdout, &out);
        return 0;
    }
    let mut i = 0;
    while let Some(arg) = a.get(i) {
        if arg == "--" {
            ex.shell.positional = a.get(i + 1..).unwrap_or_default().to_vec();
            return 0;
        }
        if arg == "-o" || arg == "+o" {
            let on = arg == "-o";
            let Some(opt) = a.get(i + 1) else {
                let o = ex.shell.options;
                let mut out = String::new();
                for (name, v) in [
                    ("errexit", o.errexit),
                    ("noglob", o.noglob),
                    ("nounset", o.nounset),
                    ("pipefail", o.pipefail),
                    ("xtrace", o.xtrace),
                ] {
                    out.push_str(&format!("{name:<15}\t{}\n", if v { "on" } else { "off" }));
                }
                ex.say(Stream::Stdout, &out);
                return 0;
            };
            let o = &mut ex.shell.options;
            match opt.as_str() {
                "errexit" => o.errexit = on,
                "xtrace" => o.xtrace = on,
                "nounset" => o.nounset = on,
                "noglob" => o.noglob = on,
                "pipefail" => o.pipefail = on,
                _ => {
                    ex.say(
                        Stream::Stderr,
                        &format!("bash: set: {opt}: invalid option name\n"),
                    );
                    return 2;
                }
            }
            i += 2;
            continue;
        }
        let on = arg.starts_with('-');
        if !(on || arg.starts_with('+')) || arg.len() < 2 {
            ex.shell.positional = a.get(i..).unwrap_or_default().to_vec();
            return 0;
        }
        for c in arg.chars().skip(1) {
            let o = &mut ex.shell.options;
            match c {
                'e' => o.errexit = on,
                'x' => o.xtrace = on,
                'u' => o.nounset = on,
                'f' => o.noglob = on,
                'h' | 'm' | 'B' | 'H' | 'b' | 'C' | 'v' => {}
                _ => {
                    ex.say(
                        Stream::Stderr,
                        &format!(
                            "bash: set: {}{c}: invalid option\n{SET_USAGE}",
                            if on { '-' } else { '+' }
                        ),
                    );
                    return 2;
                }
            }
        }
        i += 1;
    }
    0
}

fn set_quote(v: &str) -> String {
    if !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@%+=,".contains(c))
    {
        String::from(v)
    } else if v.chars().any(char::is_control) {
        // bash's $'…' for what a terminal would not show.
        let mut out = String::from("$'");
        for c in v.chars() {
            match c {
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                '\'' => out.push_str("\\'"),
                '\\' => out.push_str("\\\\"),
                c if c.is_control() => out.push_str(&format!("\\{:03o}", u32::from(c))),
                c => out.push(c),
            }
        }
        out.push('\'');
        out
    } else {
        format!("'{}'", v.replace('\'', "'\\''"))
    }
}

/// `shift [N]`.
pub(crate) fn shift(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let n = match args(call).first() {
        Some(a) => match a.parse::<usize>() {
            Ok(n) => n,
            Err(_) => {
                ex.say(
                    Stream::Stderr,
                    &format!("bash: shift: {a}: numeric argument required\n"),
                );
                return 1;
            }
        },
        None => 1,
    };
    if n > ex.shell.positional.len() {
        return 1;
    }
    ex.shell.positional.drain(..n);
    0
}

/// A numeric argument of `return`/`exit` (bash keeps the low 8 bits).
fn status_arg(ex: &mut Executor<'_>, name: &str, arg: Option<&String>) -> Result<i32, i32> {
    match arg {
        None => Ok(ex.shell.last_status),
        Some(a) => match a.parse::<i64>() {
            Ok(n) => Ok(i32::try_from(n.rem_euclid(256)).unwrap_or(0)),
            Err(_) => {
                ex.say(
                    Stream::Stderr,
                    &format!("bash: {name}: {a}: numeric argument required\n"),
                );
                Err(2)
            }
        },
    }
}

/// `return [N]`.
pub(crate) fn return_(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    if !ex.in_function() {
        ex.say(
            Stream::Stderr,
            "bash: return: can only `return' from a function or sourced script\n",
        );
        return 2;
    }
    let status = match status_arg(ex, "return", args(call).first()) {
        Ok(s) => s,
        Err(s) => s,
    };
    ex.shell.pending_control = Some(Control::Return);
    status
}

/// `break [N]` and `continue [N]`.
pub(crate) fn break_(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let name = call.argv.first().map_or("break", String::as_str);
    let n = match args(call).first() {
        Some(a) => match a.parse::<u32>() {
            Ok(n) if n >= 1 => n,
            Ok(_) => {
                ex.say(
                    Stream::Stderr,
                    &format!("bash: {name}: {a}: loop count out of range\n"),
                );
                return 1;
            }
            Err(_) => {
                ex.say(
                    Stream::Stderr,
                    &format!("bash: {name}: {a}: numeric argument required\n"),
                );
                return 128;
            }
        },
        None => 1,
    };
    let depth = ex.loop_depth();
    if depth == 0 {
        ex.say(
            Stream::Stderr,
            &format!("bash: {name}: only meaningful in a `for', `while', or `until' loop\n"),
        );
        return 0;
    }
    let n = n.min(depth);
    ex.shell.pending_control = Some(if name == "continue" {
        Control::Continue(n)
    } else {
        Control::Break(n)
    });
    0
}

/// `exit [N]`/`logout`: leaves a root shell started by `su`, or ends the
/// script (the rest of the line).
pub(crate) fn exit(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    if !call.alone {
        return 0;
    }
    let status = match status_arg(ex, "exit", args(call).first()) {
        Ok(s) => s,
        Err(s) => s,
    };
    ex.shell.pending_control = Some(Control::Exit);
    status
}

/// `read [-r] [-p PROMPT] [NAME…]`: a line from standard input, split on
/// IFS into the names (`REPLY` without one).
pub(crate) fn read(ex: &mut Executor<'_>, call: &Call<'_>, stdio: &Stdio) -> i32 {
    let mut raw = false;
    let mut names = Vec::new();
    let mut a = args(call).iter();
    while let Some(arg) = a.next() {
        match arg.as_str() {
            "-r" => raw = true,
            "-p" => {
                if let Some(p) = a.next() {
                    ex.say(Stream::Stderr, p);
                }
            }
            "-s" | "-e" => {}
            o if o.starts_with('-') && names.is_empty() => {
                ex.say(
                    Stream::Stderr,
                    &format!("bash: read: {o}: invalid option\nread: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n"),
                );
                return 2;
            }
            n => {
                if !valid_name(n) {
                    ex.say(
                        Stream::Stderr,
                        &format!("bash: read: `{n}': not a valid identifier\n"),
                    );
                    return 1;
                }
                names.push(String::from(n));
            }
        }
    }
    let Some((line, eof)) = ex.read_line(stdio) else {
        ex.shell.blocked = true;
        return 0;
    };
    let mut text = line;
    if !raw {
        // Backslash escapes the next character; at the end it joins lines.
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else {
                out.push(c);
            }
        }
        text = out;
    }
    let hostname = ex.sys.gethostname();
    let ifs = ex.shell.param("IFS", &hostname).unwrap_or_default();
    if names.is_empty() {
        let _ = ex.shell.assign("REPLY", &text);
    } else {
        let is_ws = |c: char| ifs.contains(c) && c.is_whitespace();
        let mut rest = text.trim_matches(is_ws);
        let count = names.len();
        for (i, name) in names.iter().enumerate() {
            let value = if i + 1 == count {
                rest
            } else {
                match rest.find(|c: char| ifs.contains(c)) {
                    Some(p) => {
                        let (head, tail) = rest.split_at(p);
                        rest = tail.get(1..).unwrap_or_default().trim_start_matches(is_ws);
                        head
                    }
                    None => core::mem::take(&mut rest),
                }
            };
            if let Err(m) = ex.shell.assign(name, value.trim_end_matches(is_ws)) {
                ex.say(Stream::Stderr, &m);
                return 1;
            }
        }
    }
    i32::from(eof)
}

impl Executor<'_> {
    /// A line of standard input for `read`: (the line, end of input
    /// before a newline), or None to wait for more.
    fn read_line(&mut self, stdio: &Stdio) -> Option<(String, bool)> {
        if let Some(id) = stdio.stdin_pipe {
            let mut buf = self.shell.pipe_buffers.remove(&id).unwrap_or_default();
            let (data, eof) = self.sys.read_pipe(id);
            buf.push_str(&data);
            if let Some(p) = buf.find('\n') {
                let line = String::from(buf.get(..p).unwrap_or_default());
                let rest = String::from(buf.get(p + 1..).unwrap_or_default());
                if !rest.is_empty() {
                    self.shell.pipe_buffers.insert(id, rest);
                }
                return Some((line, false));
            }
            if eof {
                return Some((buf, true));
            }
            self.shell.pipe_buffers.insert(id, buf);
            return None;
        }
        if let Some(text) = &stdio.stdin {
            let (line, rest, eof) = match text.find('\n') {
                Some(p) => (
                    String::from(text.get(..p).unwrap_or_default()),
                    String::from(text.get(p + 1..).unwrap_or_default()),
                    false,
                ),
                None => (text.clone(), String::new(), true),
            };
            // The rest stays for the next read of the same input.
            if self.shell.io.stdin.as_ref() == Some(text) {
                self.shell.io.stdin = Some(rest);
            }
            return Some((line, eof));
        }
        // The terminal: the lab's shell reads no keyboard while it runs.
        Some((String::new(), true))
    }
}

/// `eval ARG…`.
pub(crate) fn eval(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let src = args(call).join(" ");
    match parse::parse(&src) {
        Ok(list) => {
            ex.push_list(Rc::new(list));
            0
        }
        Err(e) => {
            ex.say(
                Stream::Stderr,
                &format!(
                    "bash: eval: line 1: {}\n",
                    e.to_string().trim_start_matches("bash: ")
                ),
            );
            2
        }
    }
}

/// `source FILE [ARG…]` and `. FILE`.
pub(crate) fn source(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let name = call.argv.first().map_or("source", String::as_str);
    let Some(file) = args(call).first() else {
        ex.say(
            Stream::Stderr,
            &format!("bash: {name}: filename argument required\n{name}: usage: {name} filename [arguments]\n"),
        );
        return 2;
    };
    let path = crate::shell::absolute_path(file, &ex.shell.cwd);
    let text = match ex
        .sys
        .read_file(&path, ex.shell.user == crate::sys::User::Root)
    {
        Ok(t) => t,
        Err(e) => {
            ex.say(Stream::Stderr, &format!("bash: {file}: {}\n", e.message()));
            return 1;
        }
    };
    match parse::parse(&text) {
        Ok(list) => {
            let extra = args(call).get(1..).unwrap_or_default();
            let positional = if extra.is_empty() {
                None
            } else {
                Some(core::mem::replace(&mut ex.shell.positional, extra.to_vec()))
            };
            ex.shell.stack.push(Frame::Source { positional });
            ex.push_list(Rc::new(list));
            0
        }
        Err(e) => {
            ex.say(
                Stream::Stderr,
                &format!(
                    "{file}: line 1: {}\n",
                    e.to_string().trim_start_matches("bash: ")
                ),
            );
            2
        }
    }
}

/// `let EXPR…`.
pub(crate) fn let_(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let a = args(call);
    if a.is_empty() {
        ex.say(Stream::Stderr, "bash: let: expression expected\n");
        return 1;
    }
    let mut last = 0;
    for e in a {
        match ex.arith(e) {
            Ok(v) => last = v,
            Err(m) => {
                ex.say(Stream::Stderr, &m.replacen("bash: ", "bash: let: ", 1));
                return 1;
            }
        }
    }
    i32::from(last == 0)
}

/// `alias [NAME[=VALUE]…]`.
pub(crate) fn alias(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let a: Vec<String> = args(call).iter().filter(|a| *a != "-p").cloned().collect();
    let line = |n: &str, v: &str| format!("alias {n}='{}'\n", v.replace('\'', "'\\''"));
    if a.is_empty() {
        let mut out = String::new();
        for (n, v) in &ex.shell.aliases {
            out.push_str(&line(n, v));
        }
        ex.say(Stream::Stdout, &out);
        return 0;
    }
    let mut status = 0;
    for w in a {
        match w.split_once('=') {
            Some((n, v)) => {
                ex.shell.aliases.insert(String::from(n), String::from(v));
            }
            None => match ex.shell.aliases.get(&w).cloned() {
                Some(v) => ex.say(Stream::Stdout, &line(&w, &v)),
                None => {
                    ex.say(Stream::Stderr, &format!("bash: alias: {w}: not found\n"));
                    status = 1;
                }
            },
        }
    }
    status
}

/// `unalias [-a] NAME…`.
pub(crate) fn unalias(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let a = args(call);
    if a.is_empty() {
        ex.say(
            Stream::Stderr,
            "unalias: usage: unalias [-a] name [name ...]\n",
        );
        return 2;
    }
    let mut status = 0;
    for w in a {
        if w == "-a" {
            ex.shell.aliases.clear();
        } else if ex.shell.aliases.remove(w).is_none() {
            ex.say(Stream::Stderr, &format!("bash: unalias: {w}: not found\n"));
            status = 1;
        }
    }
    status
}

/// The signals `trap` knows: (bash's name in `trap -p`, number).
const TRAP_SIGNALS: &[(&str, u32)] = &[
    ("EXIT", 0),
    ("SIGHUP", 1),
    ("SIGINT", 2),
    ("SIGQUIT", 3),
    ("SIGKILL", 9),
    ("SIGUSR1", 10),
    ("SIGUSR2", 12),
    ("SIGPIPE", 13),
    ("SIGALRM", 14),
    ("SIGTERM", 15),
];

/// The name `trap -p` shows for a signal spec (`INT`, `SIGINT`, `2`).
fn trap_name(spec: &str) -> Option<&'static str> {
    let upper = spec.to_ascii_uppercase();
    TRAP_SIGNALS.iter().find_map(|(name, n)| {
        let short = name.strip_prefix("SIG").unwrap_or(name);
        (upper == *name || upper == short || spec == n.to_string()).then_some(*name)
    })
}

/// `trap [-p] [ACTION] [SIGNAL…]`, `trap - SIGNAL`.
pub(crate) fn trap(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let a = args(call);
    let list = |ex: &mut Executor<'_>, only: &[String]| {
        let mut out = String::new();
        for (name, action) in ex.shell.traps.clone() {
            if only.is_empty() || only.iter().any(|o| trap_name(o) == Some(name.as_str())) {
                out.push_str(&format!(
                    "trap -- '{}' {name}\n",
                    action.replace('\'', "'\\''")
                ));
            }
        }
        ex.say(Stream::Stdout, &out);
    };
    match a.first().map(String::as_str) {
        None => {
            list(ex, &[]);
            return 0;
        }
        Some("-p") => {
            list(ex, a.get(1..).unwrap_or_default());
            return 0;
        }
        Some("-l") => {
            ex.say(Stream::Stdout, &crate::proc::calls::Signal::listing());
            return 0;
        }
        _ => {}
    }
    let (action, specs) = match a {
        [only] => (String::from("-"), core::slice::from_ref(only)),
        [action, specs @ ..] => (action.clone(), specs),
        [] => return 0,
    };
    let mut status = 0;
    for spec in specs {
        let Some(name) = trap_name(spec) else {
            ex.say(
                Stream::Stderr,
                &format!("bash: trap: {spec}: invalid signal specification\n"),
            );
            status = 1;
            continue;
        };
        if action == "-" {
            ex.shell.traps.remove(name);
        } else {
            ex.shell.traps.insert(String::from(name), action.clone());
        }
    }
    status
}
