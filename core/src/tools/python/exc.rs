//! Exceptions: the builtin class tree (`OSError` and its errno subclasses,
//! `socket.gaierror`...), building an instance as CPython's constructors
//! do (`OSError(111, 'Connection refused')` is a ConnectionRefusedError),
//! and tracebacks printed as CPython 3.11 prints them, carets included.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use super::value::*;
use crate::errno::Errno;

/// The builtin exception classes, child after parent.
const TREE: &[(&str, &str, &str)] = &[
    ("BaseException", "", "builtins"),
    ("SystemExit", "BaseException", "builtins"),
    ("KeyboardInterrupt", "BaseException", "builtins"),
    ("GeneratorExit", "BaseException", "builtins"),
    ("Exception", "BaseException", "builtins"),
    ("StopIteration", "Exception", "builtins"),
    ("ArithmeticError", "Exception", "builtins"),
    ("ZeroDivisionError", "ArithmeticError", "builtins"),
    ("OverflowError", "ArithmeticError", "builtins"),
    ("AssertionError", "Exception", "builtins"),
    ("AttributeError", "Exception", "builtins"),
    ("EOFError", "Exception", "builtins"),
    ("ImportError", "Exception", "builtins"),
    ("ModuleNotFoundError", "ImportError", "builtins"),
    ("LookupError", "Exception", "builtins"),
    ("IndexError", "LookupError", "builtins"),
    ("KeyError", "LookupError", "builtins"),
    ("MemoryError", "Exception", "builtins"),
    ("NameError", "Exception", "builtins"),
    ("UnboundLocalError", "NameError", "builtins"),
    ("OSError", "Exception", "builtins"),
    ("BlockingIOError", "OSError", "builtins"),
    ("ChildProcessError", "OSError", "builtins"),
    ("ConnectionError", "OSError", "builtins"),
    ("BrokenPipeError", "ConnectionError", "builtins"),
    ("ConnectionAbortedError", "ConnectionError", "builtins"),
    ("ConnectionRefusedError", "ConnectionError", "builtins"),
    ("ConnectionResetError", "ConnectionError", "builtins"),
    ("FileExistsError", "OSError", "builtins"),
    ("FileNotFoundError", "OSError", "builtins"),
    ("InterruptedError", "OSError", "builtins"),
    ("IsADirectoryError", "OSError", "builtins"),
    ("NotADirectoryError", "OSError", "builtins"),
    ("PermissionError", "OSError", "builtins"),
    ("ProcessLookupError", "OSError", "builtins"),
    ("TimeoutError", "OSError", "builtins"),
    ("RuntimeError", "Exception", "builtins"),
    ("NotImplementedError", "RuntimeError", "builtins"),
    ("RecursionError", "RuntimeError", "builtins"),
    ("SyntaxError", "Exception", "builtins"),
    ("IndentationError", "SyntaxError", "builtins"),
    ("SystemError", "Exception", "builtins"),
    ("TypeError", "Exception", "builtins"),
    ("ValueError", "Exception", "builtins"),
    ("UnicodeError", "ValueError", "builtins"),
    ("UnicodeDecodeError", "UnicodeError", "builtins"),
    ("UnicodeEncodeError", "UnicodeError", "builtins"),
    ("gaierror", "OSError", "socket"),
    ("herror", "OSError", "socket"),
];

/// The builtin exception classes by name.
#[derive(Debug)]
pub(crate) struct Classes {
    by_name: BTreeMap<&'static str, Rc<Class>>,
}

impl Classes {
    pub(crate) fn new() -> Classes {
        let mut by_name: BTreeMap<&'static str, Rc<Class>> = BTreeMap::new();
        for (name, parent, module) in TREE {
            let bases = by_name.get(parent).cloned().into_iter().collect();
            let c = Rc::new(Class {
                name: String::from(*name),
                module,
                bases,
                attrs: RefCell::new(BTreeMap::new()),
            });
            by_name.insert(name, c);
        }
        Classes { by_name }
    }

    /// The class named `name`.
    pub(crate) fn get(&self, name: &str) -> Option<Rc<Class>> {
        self.by_name.get(name).cloned()
    }

    /// Every builtin exception that lives in `builtins`.
    pub(crate) fn builtins(&self) -> impl Iterator<Item = (&'static str, &Rc<Class>)> {
        self.by_name
            .iter()
            .filter(|(_, c)| c.module == "builtins")
            .map(|(n, c)| (*n, c))
    }

    pub(crate) fn is_exception_class(&self, c: &Rc<Class>) -> bool {
        self.by_name
            .get("BaseException")
            .is_some_and(|b| c.is_subclass(b))
    }

    /// An instance of builtin class `name` with `args`.
    pub(crate) fn instance(&self, name: &str, args: Vec<Value>) -> Value {
        let class = self.get(name).or_else(|| self.get("Exception"));
        let Some(class) = class else {
            return Value::None;
        };
        let inst = Value::Instance(Rc::new(Instance {
            class: class.clone(),
            attrs: RefCell::new(BTreeMap::new()),
            traceback: RefCell::new(Vec::new()),
            context: RefCell::new(None),
        }));
        self.init_instance(&class, inst, args)
    }

    /// `BaseException.__init__` (and OSError's): sets `args`, and for an
    /// OSError with an errno, `errno` and `strerror`, choosing the
    /// subclass the errno names.
    pub(crate) fn init_instance(&self, class: &Rc<Class>, inst: Value, args: Vec<Value>) -> Value {
        let Value::Instance(i) = &inst else {
            return inst;
        };
        let os = self.get("OSError");
        let is_os = os.as_ref().is_some_and(|o| class.is_subclass(o));
        if is_os
            && (2..=5).contains(&args.len())
            && let Some(Value::Int(n)) = args.first()
        {
            let sub = if os.as_ref().is_some_and(|o| Rc::ptr_eq(o, class)) {
                errno_class(*n).and_then(|s| self.get(s))
            } else {
                None
            };
            let i = match sub {
                Some(c) => Rc::new(Instance {
                    class: c,
                    attrs: RefCell::new(BTreeMap::new()),
                    traceback: RefCell::new(Vec::new()),
                    context: RefCell::new(None),
                }),
                None => i.clone(),
            };
            {
                let mut a = i.attrs.borrow_mut();
                a.insert("errno".into(), Value::Int(*n));
                a.insert(
                    "strerror".into(),
                    args.get(1).cloned().unwrap_or(Value::None),
                );
                if let Some(f) = args.get(2) {
                    a.insert("filename".into(), f.clone());
                }
                a.insert(
                    "args".into(),
                    Value::tuple(args.into_iter().take(2).collect()),
                );
            }
            return Value::Instance(i);
        }
        i.attrs
            .borrow_mut()
            .insert("args".into(), Value::tuple(args));
        inst
    }

    /// The OSError (or subclass) for a system call's errno.
    pub(crate) fn os_error(&self, e: Errno) -> Value {
        self.instance(
            "OSError",
            alloc::vec![Value::Int(i64::from(e.number())), Value::str(e.message())],
        )
    }
}

/// The OSError subclass CPython picks for an errno.
fn errno_class(n: i64) -> Option<&'static str> {
    Some(match n {
        11 | 114 | 115 => "BlockingIOError",
        10 => "ChildProcessError",
        32 | 108 => "BrokenPipeError",
        103 => "ConnectionAbortedError",
        111 => "ConnectionRefusedError",
        104 => "ConnectionResetError",
        17 => "FileExistsError",
        2 => "FileNotFoundError",
        4 => "InterruptedError",
        21 => "IsADirectoryError",
        20 => "NotADirectoryError",
        1 | 13 => "PermissionError",
        3 => "ProcessLookupError",
        110 => "TimeoutError",
        _ => return None,
    })
}

/// Appends the frame running `code` at instruction `pc` to the
/// exception's traceback.
pub(crate) fn add_traceback(e: &Value, code: &Code, pc: usize) {
    let Value::Instance(i) = e else { return };
    let loc = code.locs.get(pc).copied().unwrap_or_default();
    let source = code.source.as_ref().and_then(|lines| {
        let text = lines.get((loc.line as usize).checked_sub(1)?)?;
        Some((text.clone(), loc))
    });
    let entry = TbEntry {
        file: code.filename.clone(),
        line: loc.line,
        func: code.name.clone(),
        source: source.map(|(t, l)| (t, l.col, l.end_col)),
        anchor: loc.anchor,
        multiline: loc.line != loc.end_line,
    };
    let mut tb = i.traceback.borrow_mut();
    if tb.len() < 10_000 {
        tb.push(entry);
    }
}

/// A whole report: the chained exceptions first, as CPython prints.
pub(crate) fn format_exception(e: &Value) -> String {
    let mut out = String::new();
    format_chain(e, &mut out, 0);
    out
}

fn format_chain(e: &Value, out: &mut String, depth: usize) {
    let Value::Instance(i) = e else { return };
    if depth < 20 {
        let cause = i.attrs.borrow().get("__cause__").cloned();
        if let Some(c) = cause.filter(|c| !matches!(c, Value::None)) {
            format_chain(&c, out, depth + 1);
            out.push_str(
                "\nThe above exception was the direct cause of the following exception:\n\n",
            );
        } else if i.attrs.borrow().get("__cause__").is_none()
            && let Some(c) = i.context.borrow().clone()
        {
            format_chain(&c, out, depth + 1);
            out.push_str(
                "\nDuring handling of the above exception, another exception occurred:\n\n",
            );
        }
    }
    let tb = i.traceback.borrow();
    if !tb.is_empty() {
        out.push_str("Traceback (most recent call last):\n");
    }
    // The list is innermost first; print outermost first, collapsing a
    // run of the same line as CPython does.
    let mut last: Option<(Rc<str>, u32, Rc<str>)> = None;
    let mut repeats = 0usize;
    for entry in tb.iter().rev() {
        let key = (entry.file.clone(), entry.line, entry.func.clone());
        if last.as_ref() == Some(&key) {
            repeats += 1;
            if repeats >= 3 {
                continue;
            }
        } else {
            if repeats >= 3 {
                let more = repeats - 2;
                out.push_str(&format!(
                    "  [Previous line repeated {more} more time{}]\n",
                    if more == 1 { "" } else { "s" }
                ));
            }
            repeats = 0;
            last = Some(key);
        }
        out.push_str(&format!(
            "  File \"{}\", line {}, in {}\n",
            entry.file, entry.line, entry.func
        ));
        if let Some((text, col, end)) = &entry.source {
            source_lines(out, text, *col, *end, entry.anchor, entry.multiline);
        }
    }
    if repeats >= 3 {
        let more = repeats - 2;
        out.push_str(&format!(
            "  [Previous line repeated {more} more time{}]\n",
            if more == 1 { "" } else { "s" }
        ));
    }
    let text = exc_str(i);
    let name = i.class.qualified();
    if text.is_empty() {
        out.push_str(&format!("{name}\n"));
    } else {
        out.push_str(&format!("{name}: {text}\n"));
    }
}

/// The source line of a traceback entry and, when the failing expression
/// is not the whole line, its carets.
fn source_lines(
    out: &mut String,
    text: &str,
    col: u32,
    end: u32,
    anchor: Option<(u32, u32)>,
    multiline: bool,
) {
    let chars: Vec<char> = text.chars().collect();
    let indent = chars.iter().take_while(|c| c.is_whitespace()).count() as u32;
    let stripped: String = text.trim().into();
    out.push_str(&format!("    {stripped}\n"));
    if multiline || end <= col {
        return;
    }
    let content_end =
        chars.len() as u32 - chars.iter().rev().take_while(|c| c.is_whitespace()).count() as u32;
    if col <= indent && end >= content_end && anchor.is_none() {
        return;
    }
    if col <= indent && end >= content_end {
        // The whole line with an anchor: CPython still prints the marks.
    }
    let mut line = String::from("    ");
    for _ in indent..col {
        line.push(' ');
    }
    for c in col..end {
        let stressed = anchor.is_none_or(|(a, b)| c >= a && c < b);
        line.push(if stressed { '^' } else { '~' });
    }
    out.push_str(&line);
    out.push('\n');
}

/// A SyntaxError report (no traceback: the code never ran).
pub(crate) fn format_syntax_error(
    file: &str,
    src: &str,
    e: &super::lexer::SyntaxError,
    show_source: bool,
) -> String {
    let mut out = format!("  File \"{file}\", line {}\n", e.line);
    let line = src
        .split('\n')
        .nth((e.line as usize).saturating_sub(1))
        .unwrap_or("");
    if show_source && !line.trim().is_empty() {
        let chars: Vec<char> = line.chars().collect();
        let indent = chars.iter().take_while(|c| c.is_whitespace()).count() as u32;
        let stripped = line.trim_start().trim_end_matches(['\r', '\n']);
        let stripped = stripped.trim_end();
        out.push_str(&format!("    {stripped}\n"));
        if e.col > 0 {
            let start = e.col.saturating_sub(1).max(indent);
            let mut caret = String::from("    ");
            for _ in indent..start {
                caret.push(' ');
            }
            let width = e.end_col.saturating_sub(e.col).max(1);
            for _ in 0..width {
                caret.push('^');
            }
            out.push_str(&caret);
            out.push('\n');
        }
    }
    out.push_str(&format!("{}: {}\n", e.kind, e.msg));
    out
}
