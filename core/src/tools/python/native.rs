//! The builtin functions (`print`, `len`, `range`, `sorted`, `input`...),
//! the builtin types' constructors, and the methods of `str`, `bytes`,
//! `list`, `dict`, `set` and `tuple`, with CPython's error messages.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::RefCell;

use super::exc::Classes;
use super::state::{Flow, Vm, Wait};
use super::value::*;
use crate::process::Ctx;

const BUILTIN_FUNCS: &[&str] = &[
    "print",
    "len",
    "repr",
    "isinstance",
    "issubclass",
    "sorted",
    "reversed",
    "enumerate",
    "zip",
    "map",
    "filter",
    "sum",
    "min",
    "max",
    "abs",
    "any",
    "all",
    "input",
    "hex",
    "oct",
    "bin",
    "chr",
    "ord",
    "round",
    "divmod",
    "pow",
    "hash",
    "id",
    "iter",
    "next",
    "getattr",
    "setattr",
    "hasattr",
    "callable",
    "format",
    "exit",
    "quit",
    "globals",
    "open",
    "ascii",
    "delattr",
    "vars",
];

/// Fills the builtins namespace.
pub(crate) fn install_builtins(d: &mut Dict, classes: &Classes) {
    for f in BUILTIN_FUNCS {
        d.set_str(f, Value::Native(Native::Func(f)));
    }
    for t in [
        TypeId::Int,
        TypeId::Float,
        TypeId::Str,
        TypeId::Bytes,
        TypeId::Bool,
        TypeId::List,
        TypeId::Tuple,
        TypeId::Dict,
        TypeId::Set,
        TypeId::Object,
        TypeId::Range,
        TypeId::Type,
        TypeId::Bytearray,
    ] {
        d.set_str(t.name(), Value::Type(t));
    }
    for (name, c) in classes.builtins() {
        d.set_str(name, Value::Class(c.clone()));
    }
    if let Some(c) = classes.get("OSError") {
        d.set_str("IOError", Value::Class(c.clone()));
        d.set_str("EnvironmentError", Value::Class(c));
    }
    d.set_str("None", Value::None);
    d.set_str("Ellipsis", Value::Ellipsis);
    d.set_str("__name__", Value::str("builtins"));
}

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).cloned().unwrap_or(Value::None)
}

fn kwarg(kwargs: &[(Rc<str>, Value)], name: &str) -> Option<Value> {
    kwargs
        .iter()
        .find(|(k, _)| &**k == name)
        .map(|(_, v)| v.clone())
}

fn nargs(vm: &Vm, name: &str, args: &[Value], min: usize, max: usize) -> Result<(), Flow> {
    let n = args.len();
    if n < min || n > max {
        let msg = if min == max {
            if min == 0 {
                format!("{name}() takes no arguments ({n} given)")
            } else if min == 1 {
                format!("{name}() takes exactly one argument ({n} given)")
            } else {
                format!("{name} expected {min} arguments, got {n}")
            }
        } else if n < min {
            format!(
                "{name} expected at least {min} argument{}, got {n}",
                if min == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "{name} expected at most {max} argument{}, got {n}",
                if max == 1 { "" } else { "s" }
            )
        };
        return Err(vm.exc_flow("TypeError", &msg));
    }
    Ok(())
}

fn int_arg(vm: &Vm, v: &Value, what: &str) -> Result<i64, Flow> {
    as_int(v).ok_or_else(|| {
        vm.exc_flow(
            "TypeError",
            &format!(
                "'{}' object cannot be interpreted as an integer{what}",
                v.type_name()
            ),
        )
    })
}

/// Calls native `n` (with its receiver for a method).
pub(crate) fn call(
    vm: &mut Vm,
    ctx: &mut Ctx<'_>,
    n: Native,
    recv: Option<Value>,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> Result<Value, Flow> {
    match (n, recv) {
        (Native::Method(m), Some(r)) => method(vm, ctx, m, r, args, kwargs),
        (Native::Func(f), _) => {
            if let Some(rest) = f.split_once('.').map(|(m, _)| m) {
                let _ = rest;
                return super::modules::call(vm, ctx, f, args, kwargs);
            }
            builtin(vm, ctx, f, args, kwargs)
        }
        (Native::Method(m), None) => {
            Err(vm.exc_flow("TypeError", &format!("{m}() needs an object")))
        }
    }
}

fn builtin(
    vm: &mut Vm,
    ctx: &mut Ctx<'_>,
    f: &str,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> Result<Value, Flow> {
    match f {
        "print" => {
            let sep = match kwarg(&kwargs, "sep") {
                Some(Value::Str(ref s)) => String::from(&**s),
                None | Some(Value::None) => String::from(" "),
                Some(o) => {
                    return Err(vm.exc_flow(
                        "TypeError",
                        &format!("sep must be None or a string, not {}", o.type_name()),
                    ));
                }
            };
            let end = match kwarg(&kwargs, "end") {
                Some(Value::Str(ref s)) => String::from(&**s),
                None | Some(Value::None) => String::from("\n"),
                Some(o) => {
                    return Err(vm.exc_flow(
                        "TypeError",
                        &format!("end must be None or a string, not {}", o.type_name()),
                    ));
                }
            };
            for (k, _) in &kwargs {
                if !matches!(&**k, "sep" | "end" | "file" | "flush") {
                    return Err(vm.exc_flow(
                        "TypeError",
                        &format!("'{k}' is an invalid keyword argument for print()"),
                    ));
                }
            }
            let mut parts = Vec::with_capacity(args.len());
            for a in &args {
                parts.push(vm.str_of(ctx, a)?);
            }
            let text = format!("{}{end}", parts.join(&sep));
            let flush = kwarg(&kwargs, "flush").is_some_and(|v| v.truthy());
            match kwarg(&kwargs, "file") {
                None | Some(Value::None) => {
                    vm.write_out(ctx, &text);
                    if flush {
                        vm.flush(ctx);
                    }
                }
                Some(file) => {
                    write_file(vm, ctx, &file, &text)?;
                }
            }
            Ok(Value::None)
        }
        "len" => {
            nargs(vm, "len", &args, 1, 1)?;
            let v = arg(&args, 0);
            let n = match &v {
                Value::Str(s) => s.chars().count(),
                Value::Bytes(b) => b.len(),
                Value::List(l) => l.borrow().len(),
                Value::Tuple(t) => t.len(),
                Value::Dict(d) | Value::Set(d) => d.borrow().len(),
                Value::Range(a, b, s) => range_len(*a, *b, *s) as usize,
                Value::Module(m) if m.name == "os.environ" => m.attrs.borrow().len(),
                Value::Instance(i) if i.class.lookup("__len__").is_some() => {
                    let m = i.class.lookup("__len__").unwrap_or(Value::None);
                    return vm.call_sync(ctx, &m, alloc::vec![v.clone()], Vec::new());
                }
                other => {
                    return Err(vm.exc_flow(
                        "TypeError",
                        &format!("object of type '{}' has no len()", other.type_name()),
                    ));
                }
            };
            Ok(Value::Int(n as i64))
        }
        "repr" | "ascii" => {
            nargs(vm, f, &args, 1, 1)?;
            Ok(Value::string(vm.repr_of(ctx, &arg(&args, 0))?))
        }
        "isinstance" => {
            nargs(vm, "isinstance", &args, 2, 2)?;
            Ok(Value::Bool(isinstance(vm, &arg(&args, 0), &arg(&args, 1))?))
        }
        "issubclass" => {
            nargs(vm, "issubclass", &args, 2, 2)?;
            match (arg(&args, 0), arg(&args, 1)) {
                (Value::Class(ref a), Value::Class(ref b)) => Ok(Value::Bool(a.is_subclass(b))),
                (Value::Type(a), Value::Type(b)) => Ok(Value::Bool(
                    a == b || b == TypeId::Object || (a == TypeId::Bool && b == TypeId::Int),
                )),
                (Value::Class(_), Value::Type(TypeId::Object)) => Ok(Value::Bool(true)),
                _ => Ok(Value::Bool(false)),
            }
        }
        "sorted" => {
            nargs(vm, "sorted", &args, 1, 1)?;
            let items = vm.collect(ctx, &arg(&args, 0))?;
            let l = Value::list(items);
            sort_list(vm, ctx, &l, &kwargs)?;
            Ok(l)
        }
        "reversed" => {
            nargs(vm, "reversed", &args, 1, 1)?;
            let v = arg(&args, 0);
            let mut items = match &v {
                Value::Dict(_)
                | Value::List(_)
                | Value::Tuple(_)
                | Value::Str(_)
                | Value::Range(..)
                | Value::Bytes(_) => vm.collect(ctx, &v)?,
                other => {
                    return Err(vm.exc_flow(
                        "TypeError",
                        &format!("'{}' object is not reversible", other.type_name()),
                    ));
                }
            };
            items.reverse();
            Ok(Value::Iter(Rc::new(RefCell::new(Iter::Items(items, 0)))))
        }
        "enumerate" => {
            nargs(vm, "enumerate", &args, 1, 2)?;
            let it = vm.iter(ctx, &arg(&args, 0))?;
            let start = kwarg(&kwargs, "start")
                .or_else(|| args.get(1).cloned())
                .and_then(|v| as_int(&v))
                .unwrap_or(0);
            Ok(Value::Iter(Rc::new(RefCell::new(Iter::Enumerate(
                it, start,
            )))))
        }
        "zip" => {
            let mut its = Vec::new();
            for a in &args {
                its.push(vm.iter(ctx, a)?);
            }
            Ok(Value::Iter(Rc::new(RefCell::new(Iter::Zip(its)))))
        }
        "map" => {
            nargs(vm, "map", &args, 2, usize::MAX)?;
            let func = arg(&args, 0);
            let mut lists = Vec::new();
            for a in args.iter().skip(1) {
                lists.push(vm.collect(ctx, a)?);
            }
            let n = lists.iter().map(Vec::len).min().unwrap_or(0);
            let mut out = Vec::with_capacity(n);
            for i in 0..n {
                let call_args: Vec<Value> = lists
                    .iter()
                    .map(|l| l.get(i).cloned().unwrap_or(Value::None))
                    .collect();
                out.push(vm.call_sync(ctx, &func, call_args, Vec::new())?);
            }
            Ok(Value::Iter(Rc::new(RefCell::new(Iter::Items(out, 0)))))
        }
        "filter" => {
            nargs(vm, "filter", &args, 2, 2)?;
            let func = arg(&args, 0);
            let items = vm.collect(ctx, &arg(&args, 1))?;
            let mut out = Vec::new();
            for x in items {
                let keep = if matches!(func, Value::None) {
                    x.truthy()
                } else {
                    vm.call_sync(ctx, &func, alloc::vec![x.clone()], Vec::new())?
                        .truthy()
                };
                if keep {
                    out.push(x);
                }
            }
            Ok(Value::Iter(Rc::new(RefCell::new(Iter::Items(out, 0)))))
        }
        "sum" => {
            nargs(vm, "sum", &args, 1, 2)?;
            let items = vm.collect(ctx, &arg(&args, 0))?;
            let mut acc = kwarg(&kwargs, "start")
                .or_else(|| args.get(1).cloned())
                .unwrap_or(Value::Int(0));
            if matches!(acc, Value::Str(_)) {
                return Err(vm.exc_flow(
                    "TypeError",
                    "sum() can't sum strings [use ''.join(seq) instead]",
                ));
            }
            for x in items {
                acc = super::ops::binary(vm, ctx, super::ast::BinOp::Add, &acc, &x, false)?;
            }
            Ok(acc)
        }
        "min" | "max" => {
            let items = if args.len() == 1 {
                vm.collect(ctx, &arg(&args, 0))?
            } else {
                args.clone()
            };
            if items.is_empty() {
                if let Some(d) = kwarg(&kwargs, "default") {
                    return Ok(d);
                }
                let what = if args.is_empty() {
                    format!("{f} expected at least 1 argument, got 0")
                } else {
                    format!("{f}() arg is an empty sequence")
                };
                let cls = if args.is_empty() {
                    "TypeError"
                } else {
                    "ValueError"
                };
                return Err(vm.exc_flow(cls, &what));
            }
            let key = kwarg(&kwargs, "key").filter(|k| !matches!(k, Value::None));
            let mut best: Option<(Value, Value)> = None;
            for x in items {
                let k = match &key {
                    Some(kf) => vm.call_sync(ctx, kf, alloc::vec![x.clone()], Vec::new())?,
                    None => x.clone(),
                };
                let better = match &best {
                    None => true,
                    Some((bk, _)) => {
                        let op = if f == "min" {
                            super::ast::CmpOp::Lt
                        } else {
                            super::ast::CmpOp::Gt
                        };
                        super::ops::compare(vm, op, &k, bk)?
                    }
                };
                if better {
                    best = Some((k, x));
                }
            }
            Ok(best.map(|(_, x)| x).unwrap_or(Value::None))
        }
        "abs" => {
            nargs(vm, "abs", &args, 1, 1)?;
            match arg(&args, 0) {
                Value::Int(i) => i
                    .checked_abs()
                    .map(Value::Int)
                    .ok_or_else(|| vm.exc_flow("OverflowError", "integer overflow")),
                Value::Bool(b) => Ok(Value::Int(i64::from(b))),
                Value::Float(x) => Ok(Value::Float(x.abs())),
                other => Err(vm.exc_flow(
                    "TypeError",
                    &format!("bad operand type for abs(): '{}'", other.type_name()),
                )),
            }
        }
        "any" | "all" => {
            nargs(vm, f, &args, 1, 1)?;
            let items = vm.collect(ctx, &arg(&args, 0))?;
            Ok(Value::Bool(if f == "any" {
                items.iter().any(Value::truthy)
            } else {
                items.iter().all(Value::truthy)
            }))
        }
        "input" => {
            nargs(vm, "input", &args, 0, 1)?;
            if let Some(p) = args.first() {
                // The prompt shows once: written before the first wait.
                if vm.pending.is_none() {
                    let s = vm.str_of(ctx, p)?;
                    vm.write_out(ctx, &s);
                    vm.flush(ctx);
                }
            }
            match vm.stdin.line(ctx) {
                None => {
                    vm.pending = Some(Wait::Forever);
                    Err(Flow::Block)
                }
                Some(l) if l.is_empty() => {
                    vm.pending = None;
                    Err(vm.exc_flow("EOFError", "EOF when reading a line"))
                }
                Some(l) => {
                    vm.pending = None;
                    Ok(Value::string(String::from(
                        l.strip_suffix('\n').unwrap_or(&l),
                    )))
                }
            }
        }
        "hex" | "oct" | "bin" => {
            nargs(vm, f, &args, 1, 1)?;
            let i = int_arg(vm, &arg(&args, 0), "")?;
            let (neg, m) = (i < 0, i.unsigned_abs());
            let body = match f {
                "hex" => format!("0x{m:x}"),
                "oct" => format!("0o{m:o}"),
                _ => format!("0b{m:b}"),
            };
            Ok(Value::string(if neg { format!("-{body}") } else { body }))
        }
        "chr" => {
            nargs(vm, "chr", &args, 1, 1)?;
            let i = int_arg(vm, &arg(&args, 0), "")?;
            u32::try_from(i)
                .ok()
                .and_then(char::from_u32)
                .map(|c| Value::string(String::from(c)))
                .ok_or_else(|| vm.exc_flow("ValueError", "chr() arg not in range(0x110000)"))
        }
        "ord" => {
            nargs(vm, "ord", &args, 1, 1)?;
            match arg(&args, 0) {
                Value::Str(ref s) if s.chars().count() == 1 => Ok(Value::Int(i64::from(
                    s.chars().next().map_or(0, |c| c as u32),
                ))),
                Value::Bytes(ref b) if b.len() == 1 => {
                    Ok(Value::Int(i64::from(b.first().copied().unwrap_or(0))))
                }
                Value::Str(ref s) => Err(vm.exc_flow(
                    "TypeError",
                    &format!(
                        "ord() expected a character, but string of length {} found",
                        s.chars().count()
                    ),
                )),
                other => Err(vm.exc_flow(
                    "TypeError",
                    &format!(
                        "ord() expected string of length 1, but {} found",
                        other.type_name()
                    ),
                )),
            }
        }
        "round" => {
            nargs(vm, "round", &args, 1, 2)?;
            let nd = args.get(1).and_then(as_int);
            match (arg(&args, 0), nd) {
                (Value::Int(i), _) => Ok(Value::Int(i)),
                (Value::Float(x), None) => Ok(Value::Int(round_half_even(x) as i64)),
                (Value::Float(x), Some(d)) => {
                    let s = format!("{:.*}", d.clamp(0, 300) as usize, x);
                    Ok(Value::Float(s.parse().unwrap_or(x)))
                }
                (other, _) => Err(vm.exc_flow(
                    "TypeError",
                    &format!("type {} doesn't define __round__ method", other.type_name()),
                )),
            }
        }
        "divmod" => {
            nargs(vm, "divmod", &args, 2, 2)?;
            let (a, b) = (arg(&args, 0), arg(&args, 1));
            let q = super::ops::binary(vm, ctx, super::ast::BinOp::FloorDiv, &a, &b, false)?;
            let r = super::ops::binary(vm, ctx, super::ast::BinOp::Mod, &a, &b, false)?;
            Ok(Value::tuple(alloc::vec![q, r]))
        }
        "pow" => {
            nargs(vm, "pow", &args, 2, 3)?;
            let r = super::ops::binary(
                vm,
                ctx,
                super::ast::BinOp::Pow,
                &arg(&args, 0),
                &arg(&args, 1),
                false,
            )?;
            match args.get(2) {
                Some(m) => super::ops::binary(vm, ctx, super::ast::BinOp::Mod, &r, m, false),
                None => Ok(r),
            }
        }
        "hash" => {
            nargs(vm, "hash", &args, 1, 1)?;
            let k = vm.key(&arg(&args, 0))?;
            Ok(Value::Int(match k {
                Key::Int(i) => i,
                other => {
                    let s = format!("{other:?}");
                    s.bytes()
                        .fold(0x345678i64, |h, b| h.wrapping_mul(1_000_003) ^ i64::from(b))
                }
            }))
        }
        "id" => {
            nargs(vm, "id", &args, 1, 1)?;
            let k = key_of(&arg(&args, 0));
            Ok(Value::Int(match k {
                Some(Key::Id(p)) => (p as u64 & 0xffff_ffff) as i64 + 139_800_000_000_000,
                _ => 139_800_000_000_000,
            }))
        }
        "iter" => {
            nargs(vm, "iter", &args, 1, 1)?;
            vm.iter(ctx, &arg(&args, 0))
        }
        "next" => {
            nargs(vm, "next", &args, 1, 2)?;
            let it = arg(&args, 0);
            if !matches!(it, Value::Iter(_)) {
                return Err(vm.exc_flow(
                    "TypeError",
                    &format!("'{}' object is not an iterator", it.type_name()),
                ));
            }
            match vm.next(ctx, &it)? {
                Some(v) => Ok(v),
                None => match args.get(1) {
                    Some(d) => Ok(d.clone()),
                    None => Err(Flow::Exc(vm.new_exc("StopIteration", Vec::new()))),
                },
            }
        }
        "getattr" => {
            nargs(vm, "getattr", &args, 2, 3)?;
            let Value::Str(ref name) = arg(&args, 1) else {
                return Err(vm.exc_flow("TypeError", "attribute name must be string"));
            };
            match vm.getattr(ctx, &arg(&args, 0), name) {
                Ok(v) => Ok(v),
                Err(Flow::Exc(e)) if args.len() == 3 && is_attr_error(vm, &e) => Ok(arg(&args, 2)),
                Err(e) => Err(e),
            }
        }
        "hasattr" => {
            nargs(vm, "hasattr", &args, 2, 2)?;
            let Value::Str(ref name) = arg(&args, 1) else {
                return Err(vm.exc_flow("TypeError", "attribute name must be string"));
            };
            match vm.getattr(ctx, &arg(&args, 0), name) {
                Ok(_) => Ok(Value::Bool(true)),
                Err(Flow::Exc(e)) if is_attr_error(vm, &e) => Ok(Value::Bool(false)),
                Err(e) => Err(e),
            }
        }
        "setattr" => {
            nargs(vm, "setattr", &args, 3, 3)?;
            let Value::Str(ref name) = arg(&args, 1) else {
                return Err(vm.exc_flow("TypeError", "attribute name must be string"));
            };
            vm.setattr(&arg(&args, 0), name, arg(&args, 2))?;
            Ok(Value::None)
        }
        "delattr" => {
            nargs(vm, "delattr", &args, 2, 2)?;
            if let (Value::Instance(ref i), Value::Str(ref n)) = (arg(&args, 0), arg(&args, 1)) {
                i.attrs.borrow_mut().remove(&**n);
            }
            Ok(Value::None)
        }
        "callable" => {
            nargs(vm, "callable", &args, 1, 1)?;
            Ok(Value::Bool(matches!(
                arg(&args, 0),
                Value::Func(_)
                    | Value::Native(_)
                    | Value::BoundNative(_)
                    | Value::Method(_)
                    | Value::Class(_)
                    | Value::Type(_)
            )))
        }
        "format" => {
            nargs(vm, "format", &args, 1, 2)?;
            let spec = match arg(&args, 1) {
                Value::Str(ref s) => String::from(&**s),
                _ => String::new(),
            };
            Ok(Value::string(super::ops::format_value(
                vm,
                ctx,
                &arg(&args, 0),
                &spec,
            )?))
        }
        "exit" | "quit" => {
            let a = args.into_iter().take(1).collect();
            Err(Flow::Exc(vm.new_exc("SystemExit", a)))
        }
        "globals" | "vars" => Ok(Value::Dict(vm.globals())),
        "open" => super::modules::open(vm, ctx, args, kwargs),
        _ => Err(vm.exc_flow("NameError", &format!("name '{f}' is not defined"))),
    }
}

fn is_attr_error(vm: &Vm, e: &Value) -> bool {
    matches!((e, vm.classes.get("AttributeError")), (Value::Instance(i), Some(c)) if i.class.is_subclass(&c))
}

fn round_half_even(x: f64) -> f64 {
    let f = super::ops::floor(x);
    let diff = x - f;
    if diff > 0.5 {
        f + 1.0
    } else if diff < 0.5 || (f as i64) % 2 == 0 {
        f
    } else {
        f + 1.0
    }
}

/// Writes text to a file object (`sys.stdout`, `sys.stderr`, an open file).
pub(crate) fn write_file(
    vm: &mut Vm,
    ctx: &mut Ctx<'_>,
    file: &Value,
    text: &str,
) -> Result<(), Flow> {
    match super::modules::file_fd(file) {
        Some(1) => vm.write_out(ctx, text),
        Some(2) => ctx.err(text),
        _ => {
            let w = vm.getattr(ctx, file, "write")?;
            vm.call_sync(ctx, &w, alloc::vec![Value::str(text)], Vec::new())?;
        }
    }
    Ok(())
}

/// `isinstance(v, cls)`.
pub(crate) fn isinstance(vm: &Vm, v: &Value, cls: &Value) -> Result<bool, Flow> {
    Ok(match cls {
        Value::Tuple(items) => {
            for c in items.iter() {
                if isinstance(vm, v, c)? {
                    return Ok(true);
                }
            }
            false
        }
        Value::Class(c) => matches!(v, Value::Instance(i) if i.class.is_subclass(c)),
        Value::Type(t) => matches!(
            (t, v),
            (TypeId::Object, _)
                | (TypeId::Int, Value::Int(_) | Value::Bool(_) | Value::Enum(_))
                | (TypeId::Bool, Value::Bool(_))
                | (TypeId::Float, Value::Float(_))
                | (TypeId::Str, Value::Str(_))
                | (TypeId::Bytes, Value::Bytes(_))
                | (TypeId::List, Value::List(_))
                | (TypeId::Tuple, Value::Tuple(_))
                | (TypeId::Dict, Value::Dict(_))
                | (TypeId::Set, Value::Set(_))
                | (TypeId::Range, Value::Range(..))
                | (TypeId::Type, Value::Type(_) | Value::Class(_))
                | (TypeId::NoneType, Value::None)
        ),
        Value::BoundNative(_) | Value::Native(_) if super::sock::is_socket_type(cls) => {
            matches!(v, Value::Socket(_))
        }
        _ => {
            return Err(vm.exc_flow(
                "TypeError",
                "isinstance() arg 2 must be a type, a tuple of types, or a union",
            ));
        }
    })
}

/// `list.sort(key=, reverse=)` in place: a stable merge sort.
fn sort_list(
    vm: &mut Vm,
    ctx: &mut Ctx<'_>,
    l: &Value,
    kwargs: &[(Rc<str>, Value)],
) -> Result<(), Flow> {
    let Value::List(cell) = l else { return Ok(()) };
    let items = cell.borrow().clone();
    let key = kwarg(kwargs, "key").filter(|k| !matches!(k, Value::None));
    let reverse = kwarg(kwargs, "reverse").is_some_and(|v| v.truthy());
    let mut keyed = Vec::with_capacity(items.len());
    for x in items {
        let k = match &key {
            Some(kf) => vm.call_sync(ctx, kf, alloc::vec![x.clone()], Vec::new())?,
            None => x.clone(),
        };
        keyed.push((k, x));
    }
    // Insertion into a merge sort with fallible comparisons.
    let mut err = None;
    let mut cmp = |a: &Value, b: &Value| -> bool {
        if err.is_some() {
            return false;
        }
        match super::ops::order(vm, b, a, super::ast::CmpOp::Lt) {
            Ok(o) => o == Some(core::cmp::Ordering::Less),
            Err(e) => {
                err = Some(e);
                false
            }
        }
    };
    let sorted = merge_sort(keyed, &mut cmp);
    if let Some(e) = err {
        return Err(e);
    }
    let mut out: Vec<Value> = sorted.into_iter().map(|(_, x)| x).collect();
    if reverse {
        // A stable reverse sort keeps equal items in order: reverse the
        // runs of equal keys back.
        out.reverse();
    }
    *cell.borrow_mut() = out;
    Ok(())
}

/// Stable merge sort; `less(a, b)` is `b < a`'s negation source: it says
/// whether `b` sorts strictly before `a`.
fn merge_sort(
    v: Vec<(Value, Value)>,
    less: &mut dyn FnMut(&Value, &Value) -> bool,
) -> Vec<(Value, Value)> {
    if v.len() <= 1 {
        return v;
    }
    let mut v = v;
    let right = v.split_off(v.len() / 2);
    let left = merge_sort(v, less);
    let right = merge_sort(right, less);
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut l = left.into_iter().peekable();
    let mut r = right.into_iter().peekable();
    loop {
        match (l.peek(), r.peek()) {
            (Some(a), Some(b)) => {
                // Take from the right only if it is strictly smaller.
                if less(&a.0, &b.0) {
                    if let Some(x) = r.next() {
                        out.push(x);
                    }
                } else if let Some(x) = l.next() {
                    out.push(x);
                }
            }
            (Some(_), None) => out.extend(l.by_ref()),
            (None, Some(_)) => out.extend(r.by_ref()),
            (None, None) => break,
        }
    }
    out
}

/// Constructs a builtin type: `int("5")`, `str(x)`, `bytes(n)`, `list(it)`...
pub(crate) fn construct(
    vm: &mut Vm,
    ctx: &mut Ctx<'_>,
    t: TypeId,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> Result<Value, Flow> {
    match t {
        TypeId::Int => {
            nargs(vm, "int", &args, 0, 2)?;
            let base = kwarg(&kwargs, "base")
                .or_else(|| args.get(1).cloned())
                .and_then(|b| as_int(&b));
            match (arg(&args, 0), base) {
                (Value::None, _) if args.is_empty() => Ok(Value::Int(0)),
                (Value::Int(i), None) => Ok(Value::Int(i)),
                (Value::Bool(b), None) => Ok(Value::Int(i64::from(b))),
                (Value::Float(f), None) => {
                    if !f.is_finite() {
                        let msg = if f.is_nan() { "cannot convert float NaN to integer" } else { "cannot convert float infinity to integer" };
                        return Err(vm.exc_flow(if f.is_nan() { "ValueError" } else { "OverflowError" }, msg));
                    }
                    Ok(Value::Int(f as i64))
                }
                (Value::Str(ref s), b) => parse_int(vm, s, b.unwrap_or(10)),
                (Value::Bytes(ref bs), b) => parse_int(vm, &String::from_utf8_lossy(bs), b.unwrap_or(10)),
                (other, _) => Err(vm.exc_flow(
                    "TypeError",
                    &format!("int() argument must be a string, a bytes-like object or a real number, not '{}'", other.type_name()),
                )),
            }
        }
        TypeId::Float => {
            nargs(vm, "float", &args, 0, 1)?;
            match arg(&args, 0) {
                Value::None if args.is_empty() => Ok(Value::Float(0.0)),
                Value::Str(ref s) => {
                    let t = s.trim().to_ascii_lowercase();
                    let v = match t.as_str() {
                        "inf" | "+inf" | "infinity" => Some(f64::INFINITY),
                        "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
                        "nan" | "+nan" | "-nan" => Some(f64::NAN),
                        _ => t.replace('_', "").parse::<f64>().ok(),
                    };
                    v.map(Value::Float).ok_or_else(|| {
                        vm.exc_flow(
                            "ValueError",
                            &format!("could not convert string to float: {}", str_repr(s)),
                        )
                    })
                }
                v => as_float(&v).map(Value::Float).ok_or_else(|| {
                    vm.exc_flow(
                        "TypeError",
                        &format!(
                            "float() argument must be a string or a real number, not '{}'",
                            v.type_name()
                        ),
                    )
                }),
            }
        }
        TypeId::Str => {
            if args.is_empty() {
                return Ok(Value::str(""));
            }
            let v = arg(&args, 0);
            let encoding = kwarg(&kwargs, "encoding").or_else(|| args.get(1).cloned());
            match (&v, encoding) {
                (Value::Bytes(b), Some(_)) => decode(vm, b, "utf-8", "strict"),
                _ => Ok(Value::string(vm.str_of(ctx, &v)?)),
            }
        }
        TypeId::Bytes | TypeId::Bytearray => {
            match (
                arg(&args, 0),
                kwarg(&kwargs, "encoding").or_else(|| args.get(1).cloned()),
            ) {
                (Value::None, _) if args.is_empty() => Ok(Value::bytes(b"")),
                (Value::Str(ref s), Some(_)) => Ok(Value::bytes(s.as_bytes())),
                (Value::Str(_), None) => {
                    Err(vm.exc_flow("TypeError", "string argument without an encoding"))
                }
                (Value::Int(n), _) => {
                    if n < 0 {
                        return Err(vm.exc_flow("ValueError", "negative count"));
                    }
                    if n as usize > MAX_LEN {
                        return Err(vm.exc_flow("MemoryError", ""));
                    }
                    Ok(Value::Bytes(Rc::from(alloc::vec![0u8; n as usize])))
                }
                (Value::Bytes(ref b), _) => Ok(Value::Bytes(b.clone())),
                (v, _) => {
                    let items = vm.collect(ctx, &v)?;
                    let mut out = Vec::with_capacity(items.len());
                    for x in items {
                        match as_int(&x) {
                            Some(i) if (0..256).contains(&i) => out.push(i as u8),
                            Some(_) => {
                                return Err(
                                    vm.exc_flow("ValueError", "bytes must be in range(0, 256)")
                                );
                            }
                            None => {
                                return Err(vm.exc_flow(
                                    "TypeError",
                                    &format!(
                                        "'{}' object cannot be interpreted as an integer",
                                        x.type_name()
                                    ),
                                ));
                            }
                        }
                    }
                    Ok(Value::Bytes(Rc::from(out)))
                }
            }
        }
        TypeId::Bool => Ok(Value::Bool(arg(&args, 0).truthy())),
        TypeId::List => {
            nargs(vm, "list", &args, 0, 1)?;
            if args.is_empty() {
                return Ok(Value::list(Vec::new()));
            }
            Ok(Value::list(vm.collect(ctx, &arg(&args, 0))?))
        }
        TypeId::Tuple => {
            nargs(vm, "tuple", &args, 0, 1)?;
            if args.is_empty() {
                return Ok(Value::tuple(Vec::new()));
            }
            Ok(Value::tuple(vm.collect(ctx, &arg(&args, 0))?))
        }
        TypeId::Set => {
            let mut d = Dict::default();
            if let Some(a) = args.first() {
                for x in vm.collect(ctx, a)? {
                    let k = vm.key(&x)?;
                    d.insert(k, x, Value::None);
                }
            }
            Ok(Value::Set(Rc::new(RefCell::new(d))))
        }
        TypeId::Dict => {
            let mut d = Dict::default();
            if let Some(a) = args.first() {
                match a {
                    Value::Dict(src) => {
                        for (k, v) in src.borrow().items() {
                            if let Some(hk) = key_of(k) {
                                d.insert(hk, k.clone(), v.clone());
                            }
                        }
                    }
                    other => {
                        for pair in vm.collect(ctx, other)? {
                            let kv = vm.collect(ctx, &pair)?;
                            let (Some(k), Some(v), 2) = (kv.first(), kv.get(1), kv.len()) else {
                                return Err(vm.exc_flow("ValueError", "dictionary update sequence element #0 has length 1; 2 is required"));
                            };
                            let hk = vm.key(k)?;
                            d.insert(hk, k.clone(), v.clone());
                        }
                    }
                }
            }
            for (k, v) in kwargs {
                d.insert(Key::Str(k.clone()), Value::Str(k), v);
            }
            Ok(Value::Dict(Rc::new(RefCell::new(d))))
        }
        TypeId::Range => {
            nargs(vm, "range", &args, 1, 3)?;
            let mut ints = Vec::new();
            for a in &args {
                ints.push(int_arg(vm, a, "")?);
            }
            let (a, b, s) = match ints.as_slice() {
                [b] => (0, *b, 1),
                [a, b] => (*a, *b, 1),
                [a, b, s] => (*a, *b, *s),
                _ => (0, 0, 1),
            };
            if s == 0 {
                return Err(vm.exc_flow("ValueError", "range() arg 3 must not be zero"));
            }
            Ok(Value::Range(a, b, s))
        }
        TypeId::Type => {
            nargs(vm, "type", &args, 1, 1)?;
            Ok(vm.type_of(&arg(&args, 0)))
        }
        TypeId::Object => Ok(Value::Instance(Rc::new(Instance {
            class: Rc::new(Class {
                name: "object".into(),
                module: "builtins",
                bases: Vec::new(),
                attrs: RefCell::new(BTreeMap::new()),
            }),
            attrs: RefCell::new(BTreeMap::new()),
            traceback: RefCell::new(Vec::new()),
            context: RefCell::new(None),
        }))),
        TypeId::NoneType | TypeId::Function => Err(vm.exc_flow(
            "TypeError",
            &format!("cannot create '{}' instances", t.name()),
        )),
    }
}

fn parse_int(vm: &Vm, s: &str, base: i64) -> Result<Value, Flow> {
    let t = s.trim().replace('_', "");
    let (neg, digits) = match t.strip_prefix('-') {
        Some(r) => (true, r.to_string()),
        None => (false, t.trim_start_matches('+').to_string()),
    };
    let (radix, digits) = match (
        base,
        digits.get(..2).map(str::to_ascii_lowercase).as_deref(),
    ) {
        (0 | 16, Some("0x")) => (16, digits.get(2..).unwrap_or_default().to_string()),
        (0 | 8, Some("0o")) => (8, digits.get(2..).unwrap_or_default().to_string()),
        (0 | 2, Some("0b")) => (2, digits.get(2..).unwrap_or_default().to_string()),
        (0, _) => (10, digits),
        (b, _) => (b, digits),
    };
    let bad = || {
        vm.exc_flow(
            "ValueError",
            &format!(
                "invalid literal for int() with base {base}: {}",
                str_repr(s)
            ),
        )
    };
    if !(2..=36).contains(&radix) {
        return Err(vm.exc_flow("ValueError", "int() base must be >= 2 and <= 36, or 0"));
    }
    if digits.is_empty() {
        return Err(bad());
    }
    let v = i64::from_str_radix(&digits, radix as u32).map_err(|e| {
        if matches!(e.kind(), core::num::IntErrorKind::PosOverflow) {
            vm.exc_flow("OverflowError", "integer overflow")
        } else {
            bad()
        }
    })?;
    Ok(Value::Int(if neg { -v } else { v }))
}

/// `bytes.decode(encoding, errors)`.
pub(crate) fn decode(vm: &Vm, b: &[u8], encoding: &str, errors: &str) -> Result<Value, Flow> {
    let enc = encoding.to_ascii_lowercase().replace('_', "-");
    match enc.as_str() {
        "utf-8" | "utf8" => match core::str::from_utf8(b) {
            Ok(s) => Ok(Value::str(s)),
            Err(e) => {
                if errors == "replace" || errors == "ignore" {
                    let s = String::from_utf8_lossy(b);
                    return Ok(Value::string(if errors == "ignore" {
                        s.replace('\u{fffd}', "")
                    } else {
                        s.into_owned()
                    }));
                }
                let pos = e.valid_up_to();
                let byte = b.get(pos).copied().unwrap_or(0);
                let why = if (0x80..0xc2).contains(&byte) || byte >= 0xf5 {
                    "invalid start byte"
                } else if e.error_len().is_none() {
                    "unexpected end of data"
                } else {
                    "invalid continuation byte"
                };
                Err(vm.exc_flow(
                    "UnicodeDecodeError",
                    &format!(
                        "'utf-8' codec can't decode byte 0x{byte:02x} in position {pos}: {why}"
                    ),
                ))
            }
        },
        "ascii" | "us-ascii" => {
            if let Some(pos) = b.iter().position(|c| *c >= 0x80)
                && errors == "strict"
            {
                {
                    let byte = b.get(pos).copied().unwrap_or(0);
                    return Err(vm.exc_flow(
                        "UnicodeDecodeError",
                        &format!("'ascii' codec can't decode byte 0x{byte:02x} in position {pos}: ordinal not in range(128)"),
                    ));
                }
            }
            Ok(Value::string(
                b.iter()
                    .map(|c| if *c < 0x80 { *c as char } else { '\u{fffd}' })
                    .collect(),
            ))
        }
        "latin-1" | "latin1" | "iso-8859-1" => {
            Ok(Value::string(b.iter().map(|c| *c as char).collect()))
        }
        _ => Err(vm.exc_flow("LookupError", &format!("unknown encoding: {encoding}"))),
    }
}

/// `str.encode(encoding, errors)`.
fn encode(vm: &Vm, s: &str, encoding: &str, errors: &str) -> Result<Value, Flow> {
    let enc = encoding.to_ascii_lowercase().replace('_', "-");
    match enc.as_str() {
        "utf-8" | "utf8" => Ok(Value::bytes(s.as_bytes())),
        "ascii" | "us-ascii" | "latin-1" | "latin1" | "iso-8859-1" => {
            let limit = if enc.contains("ascii") { 0x80 } else { 0x100 };
            let mut out = Vec::new();
            for (pos, c) in s.chars().enumerate() {
                if (c as u32) < limit {
                    out.push(c as u32 as u8);
                } else if errors == "strict" {
                    let name = if limit == 0x80 { "ascii" } else { "latin-1" };
                    return Err(vm.exc_flow(
                        "UnicodeEncodeError",
                        &format!("'{name}' codec can't encode character '\\u{:04x}' in position {pos}: ordinal not in range({limit})", c as u32),
                    ));
                } else if errors == "replace" {
                    out.push(b'?');
                }
            }
            Ok(Value::Bytes(Rc::from(out)))
        }
        _ => Err(vm.exc_flow("LookupError", &format!("unknown encoding: {encoding}"))),
    }
}

/// The methods of each builtin type, as `getattr` finds them.
pub(crate) const STR_METHODS: &[&str] = &[
    "encode",
    "split",
    "rsplit",
    "strip",
    "lstrip",
    "rstrip",
    "join",
    "upper",
    "lower",
    "startswith",
    "endswith",
    "replace",
    "find",
    "rfind",
    "index",
    "count",
    "format",
    "splitlines",
    "isdigit",
    "isalpha",
    "isalnum",
    "isspace",
    "isupper",
    "islower",
    "title",
    "capitalize",
    "center",
    "ljust",
    "rjust",
    "zfill",
    "partition",
    "rpartition",
    "swapcase",
    "isnumeric",
    "isdecimal",
    "casefold",
    "removeprefix",
    "removesuffix",
    "expandtabs",
    "isidentifier",
    "isprintable",
    "istitle",
];
pub(crate) const BYTES_METHODS: &[&str] = &[
    "decode",
    "split",
    "strip",
    "lstrip",
    "rstrip",
    "startswith",
    "endswith",
    "replace",
    "find",
    "index",
    "count",
    "upper",
    "lower",
    "join",
    "hex",
    "splitlines",
    "partition",
    "isdigit",
    "rfind",
];
pub(crate) const LIST_METHODS: &[&str] = &[
    "append", "extend", "pop", "insert", "remove", "index", "count", "sort", "reverse", "clear",
    "copy",
];
pub(crate) const DICT_METHODS: &[&str] = &[
    "get",
    "keys",
    "values",
    "items",
    "pop",
    "setdefault",
    "update",
    "clear",
    "copy",
    "popitem",
];
pub(crate) const SET_METHODS: &[&str] = &[
    "add",
    "remove",
    "discard",
    "pop",
    "clear",
    "copy",
    "union",
    "intersection",
    "difference",
    "update",
    "issubset",
    "issuperset",
];
pub(crate) const TUPLE_METHODS: &[&str] = &["index", "count"];
pub(crate) const INT_METHODS: &[&str] = &["to_bytes", "bit_length"];
pub(crate) const FLOAT_METHODS: &[&str] = &["is_integer"];

fn str_arg(vm: &Vm, v: &Value, method: &str) -> Result<Rc<str>, Flow> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        other => Err(vm.exc_flow(
            "TypeError",
            &format!(
                "{method} arg must be None or str, not {}",
                other.type_name()
            ),
        )),
    }
}

fn opt_chars(vm: &Vm, args: &[Value], m: &str) -> Result<Option<Rc<str>>, Flow> {
    match args.first() {
        None | Some(Value::None) => Ok(None),
        Some(v) => Ok(Some(str_arg(vm, v, m)?)),
    }
}

fn method(
    vm: &mut Vm,
    ctx: &mut Ctx<'_>,
    m: &'static str,
    recv: Value,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> Result<Value, Flow> {
    match &recv {
        Value::Str(s) => str_method(vm, ctx, m, s.clone(), args, kwargs),
        Value::Bytes(b) => bytes_method(vm, m, b.clone(), args, kwargs),
        Value::List(_) => list_method(vm, ctx, m, &recv, args, kwargs),
        Value::Dict(d) => dict_method(vm, m, d.clone(), args),
        Value::Set(d) => set_method(vm, ctx, m, d.clone(), args),
        Value::Tuple(t) => match m {
            "index" => t
                .iter()
                .position(|x| equal(x, &arg(&args, 0), 0))
                .map(|i| Value::Int(i as i64))
                .ok_or_else(|| vm.exc_flow("ValueError", "tuple.index(x): x not in tuple")),
            _ => Ok(Value::Int(
                t.iter().filter(|x| equal(x, &arg(&args, 0), 0)).count() as i64,
            )),
        },
        Value::Int(i) => match m {
            "bit_length" => Ok(Value::Int(i64::from(64 - i.unsigned_abs().leading_zeros()))),
            _ => {
                let len = as_int(&arg(&args, 0)).unwrap_or(1).clamp(0, 4096) as usize;
                let order = kwarg(&kwargs, "byteorder").or_else(|| args.get(1).cloned());
                let big = !matches!(order, Some(Value::Str(ref s)) if &**s == "little");
                let bytes = i.to_be_bytes();
                if len < 8 && (*i < 0 || (*i as u64) >> (8 * len) != 0) {
                    return Err(vm.exc_flow("OverflowError", "int too big to convert"));
                }
                let mut out: Vec<u8> = (0..len)
                    .map(|k| {
                        if k < 8 {
                            bytes.get(7 - k).copied().unwrap_or(0)
                        } else {
                            0
                        }
                    })
                    .collect();
                if big {
                    out.reverse();
                }
                Ok(Value::Bytes(Rc::from(out)))
            }
        },
        Value::Float(f) => Ok(Value::Bool(is_integral(*f))),
        Value::Socket(_) => super::sock::method(vm, ctx, m, &recv, args, kwargs),
        Value::Instance(_) => super::modules::instance_method(vm, ctx, m, &recv, args, kwargs),
        Value::Module(md) if md.name == "os.environ" => {
            super::modules::environ_method(vm, m, &recv, args)
        }
        _ => Err(vm.exc_flow(
            "AttributeError",
            &format!("'{}' object has no attribute '{m}'", recv.type_name()),
        )),
    }
}

fn str_method(
    vm: &mut Vm,
    ctx: &mut Ctx<'_>,
    m: &str,
    s: Rc<str>,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> Result<Value, Flow> {
    let a0 = arg(&args, 0);
    Ok(match m {
        "encode" => {
            let enc = match kwarg(&kwargs, "encoding").or_else(|| args.first().cloned()) {
                Some(Value::Str(ref e)) => String::from(&**e),
                _ => String::from("utf-8"),
            };
            let errors = match kwarg(&kwargs, "errors").or_else(|| args.get(1).cloned()) {
                Some(Value::Str(ref e)) => String::from(&**e),
                _ => String::from("strict"),
            };
            return encode(vm, &s, &enc, &errors);
        }
        "split" | "rsplit" => {
            let sep = match kwarg(&kwargs, "sep").or_else(|| args.first().cloned()) {
                None | Some(Value::None) => None,
                Some(v) => Some(str_arg(vm, &v, "split")?),
            };
            let max = kwarg(&kwargs, "maxsplit")
                .or_else(|| args.get(1).cloned())
                .and_then(|v| as_int(&v))
                .unwrap_or(-1);
            let parts: Vec<String> = match &sep {
                Some(p) if p.is_empty() => return Err(vm.exc_flow("ValueError", "empty separator")),
                Some(p) => {
                    if max < 0 {
                        s.split(&**p).map(String::from).collect()
                    } else if m == "split" {
                        s.splitn(max as usize + 1, &**p).map(String::from).collect()
                    } else {
                        let mut v: Vec<String> = s
                            .rsplitn(max as usize + 1, &**p)
                            .map(String::from)
                            .collect();
                        v.reverse();
                        v
                    }
                }
                None => {
                    let words: Vec<&str> = s.split_whitespace().collect();
                    if max < 0 || words.len() <= max as usize {
                        words.into_iter().map(String::from).collect()
                    } else if m == "split" {
                        let mut out: Vec<String> = Vec::new();
                        let mut rest: &str = s.trim_start();
                        for _ in 0..max {
                            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                            out.push(String::from(rest.get(..end).unwrap_or_default()));
                            rest = rest.get(end..).unwrap_or_default().trim_start();
                        }
                        if !rest.is_empty() {
                            out.push(String::from(rest));
                        }
                        out
                    } else {
                        let mut out: Vec<String> = Vec::new();
                        let mut rest: &str = s.trim_end();
                        for _ in 0..max {
                            let start = rest.rfind(char::is_whitespace).map_or(0, |i| i + 1);
                            out.push(String::from(rest.get(start..).unwrap_or_default()));
                            rest = rest.get(..start).unwrap_or_default().trim_end();
                        }
                        if !rest.is_empty() {
                            out.push(String::from(rest));
                        }
                        out.reverse();
                        out
                    }
                }
            };
            Value::list(parts.into_iter().map(Value::string).collect())
        }
        "strip" | "lstrip" | "rstrip" => {
            let chars = opt_chars(vm, &args, m)?;
            let pred = |c: char| match &chars {
                Some(set) => set.contains(c),
                None => c.is_whitespace(),
            };
            Value::str(match m {
                "strip" => s.trim_matches(pred),
                "lstrip" => s.trim_start_matches(pred),
                _ => s.trim_end_matches(pred),
            })
        }
        "join" => {
            let items = vm.collect(ctx, &a0)?;
            let mut parts = Vec::with_capacity(items.len());
            for (i, it) in items.iter().enumerate() {
                match it {
                    Value::Str(x) => parts.push(String::from(&**x)),
                    other => {
                        return Err(vm.exc_flow(
                            "TypeError",
                            &format!(
                                "sequence item {i}: expected str instance, {} found",
                                other.type_name()
                            ),
                        ));
                    }
                }
            }
            let total: usize = parts.iter().map(String::len).sum::<usize>() + s.len() * parts.len();
            if total > MAX_LEN {
                return Err(vm.exc_flow("MemoryError", ""));
            }
            Value::string(parts.join(&s))
        }
        "upper" => Value::string(s.to_uppercase()),
        "lower" | "casefold" => Value::string(s.to_lowercase()),
        "swapcase" => Value::string(
            s.chars()
                .map(|c| {
                    if c.is_uppercase() {
                        c.to_lowercase().next().unwrap_or(c)
                    } else {
                        c.to_uppercase().next().unwrap_or(c)
                    }
                })
                .collect(),
        ),
        "startswith" | "endswith" => {
            let test = |p: &str| {
                if m == "startswith" {
                    s.starts_with(p)
                } else {
                    s.ends_with(p)
                }
            };
            match &a0 {
                Value::Str(p) => Value::Bool(test(p)),
                Value::Tuple(t) => {
                    Value::Bool(t.iter().any(|x| matches!(x, Value::Str(p) if test(p))))
                }
                other => {
                    return Err(vm.exc_flow(
                        "TypeError",
                        &format!(
                            "{m} first arg must be str or a tuple of str, not {}",
                            other.type_name()
                        ),
                    ));
                }
            }
        }
        "replace" => {
            let (Value::Str(a), Value::Str(ref b)) = (&a0, arg(&args, 1)) else {
                return Err(vm.exc_flow("TypeError", "replace() argument 1 must be str"));
            };
            let count = args.get(2).and_then(as_int).unwrap_or(-1);
            let r = if count < 0 {
                s.replace(&**a, b)
            } else {
                s.replacen(&**a, b, count as usize)
            };
            if r.len() > MAX_LEN {
                return Err(vm.exc_flow("MemoryError", ""));
            }
            Value::string(r)
        }
        "find" | "rfind" | "index" => {
            let p = str_arg(vm, &a0, m)?;
            let found = if m == "rfind" {
                s.rfind(&*p)
            } else {
                s.find(&*p)
            };
            match found {
                Some(i) => Value::Int(s.get(..i).unwrap_or_default().chars().count() as i64),
                None if m == "index" => {
                    return Err(vm.exc_flow("ValueError", "substring not found"));
                }
                None => Value::Int(-1),
            }
        }
        "count" => {
            let p = str_arg(vm, &a0, m)?;
            Value::Int(if p.is_empty() {
                s.chars().count() as i64 + 1
            } else {
                s.matches(&*p).count() as i64
            })
        }
        "format" => Value::string(str_format(vm, ctx, &s, &args, &kwargs)?),
        "splitlines" => {
            let keep = kwarg(&kwargs, "keepends")
                .or_else(|| args.first().cloned())
                .is_some_and(|v| v.truthy());
            let mut out = Vec::new();
            let mut cur = String::new();
            let mut it = s.chars().peekable();
            while let Some(c) = it.next() {
                if c == '\n' || c == '\r' {
                    let mut end = String::from(c);
                    if c == '\r' && it.peek() == Some(&'\n') {
                        it.next();
                        end.push('\n');
                    }
                    if keep {
                        cur.push_str(&end);
                    }
                    out.push(Value::string(core::mem::take(&mut cur)));
                } else {
                    cur.push(c);
                }
            }
            if !cur.is_empty() {
                out.push(Value::string(cur));
            }
            Value::list(out)
        }
        "isdigit" | "isnumeric" | "isdecimal" => {
            Value::Bool(!s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
        }
        "isalpha" => Value::Bool(!s.is_empty() && s.chars().all(char::is_alphabetic)),
        "isalnum" => Value::Bool(!s.is_empty() && s.chars().all(char::is_alphanumeric)),
        "isspace" => Value::Bool(!s.is_empty() && s.chars().all(char::is_whitespace)),
        "isupper" => {
            Value::Bool(s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase))
        }
        "islower" => {
            Value::Bool(s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_uppercase))
        }
        "isidentifier" => Value::Bool(
            s.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && s.chars().all(|c| c.is_alphanumeric() || c == '_'),
        ),
        "isprintable" => Value::Bool(s.chars().all(|c| !c.is_control())),
        "istitle" | "title" | "capitalize" => {
            let mut out = String::new();
            let mut prev_alpha = false;
            for (i, c) in s.chars().enumerate() {
                let t = if m == "capitalize" {
                    if i == 0 {
                        c.to_uppercase().collect::<String>()
                    } else {
                        c.to_lowercase().collect()
                    }
                } else if prev_alpha {
                    c.to_lowercase().collect()
                } else {
                    c.to_uppercase().collect()
                };
                out.push_str(&t);
                prev_alpha = c.is_alphabetic();
            }
            if m == "istitle" {
                Value::Bool(out == *s && s.chars().any(char::is_alphabetic))
            } else {
                Value::string(out)
            }
        }
        "center" | "ljust" | "rjust" => {
            let w = as_int(&a0).unwrap_or(0).clamp(0, 100_000) as usize;
            let fill = match args.get(1) {
                Some(Value::Str(f)) => f.chars().next().unwrap_or(' '),
                _ => ' ',
            };
            let n = s.chars().count();
            if n >= w {
                Value::Str(s)
            } else {
                let pad = w - n;
                let rep = |k: usize| -> String { core::iter::repeat_n(fill, k).collect() };
                Value::string(match m {
                    "ljust" => format!("{s}{}", rep(pad)),
                    "rjust" => format!("{}{s}", rep(pad)),
                    _ => {
                        let left = pad / 2 + (pad & w & 1);
                        format!("{}{s}{}", rep(left), rep(pad - left))
                    }
                })
            }
        }
        "zfill" => {
            let w = as_int(&a0).unwrap_or(0).clamp(0, 100_000) as usize;
            let n = s.chars().count();
            if n >= w {
                Value::Str(s)
            } else {
                let zeros: String = core::iter::repeat_n('0', w - n).collect();
                match s.chars().next() {
                    Some(c @ ('-' | '+')) => {
                        Value::string(format!("{c}{zeros}{}", s.get(1..).unwrap_or_default()))
                    }
                    _ => Value::string(format!("{zeros}{s}")),
                }
            }
        }
        "partition" | "rpartition" => {
            let p = str_arg(vm, &a0, m)?;
            if p.is_empty() {
                return Err(vm.exc_flow("ValueError", "empty separator"));
            }
            let found = if m == "partition" {
                s.find(&*p)
            } else {
                s.rfind(&*p)
            };
            match found {
                Some(i) => Value::tuple(alloc::vec![
                    Value::str(s.get(..i).unwrap_or_default()),
                    Value::Str(p.clone()),
                    Value::str(s.get(i + p.len()..).unwrap_or_default())
                ]),
                None if m == "partition" => Value::tuple(alloc::vec![
                    Value::Str(s.clone()),
                    Value::str(""),
                    Value::str("")
                ]),
                None => Value::tuple(alloc::vec![
                    Value::str(""),
                    Value::str(""),
                    Value::Str(s.clone())
                ]),
            }
        }
        "removeprefix" => {
            let p = str_arg(vm, &a0, m)?;
            Value::str(s.strip_prefix(&*p).unwrap_or(&s))
        }
        "removesuffix" => {
            let p = str_arg(vm, &a0, m)?;
            Value::str(s.strip_suffix(&*p).unwrap_or(&s))
        }
        "expandtabs" => Value::string(s.replace('\t', "        ")),
        _ => {
            return Err(vm.exc_flow(
                "AttributeError",
                &format!("'str' object has no attribute '{m}'"),
            ));
        }
    })
}

/// `str.format`.
fn str_format(
    vm: &mut Vm,
    ctx: &mut Ctx<'_>,
    s: &str,
    args: &[Value],
    kwargs: &[(Rc<str>, Value)],
) -> Result<String, Flow> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut auto = 0usize;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '{' && chars.get(i + 1) == Some(&'{') {
            out.push('{');
            i += 2;
            continue;
        }
        if c == '}' && chars.get(i + 1) == Some(&'}') {
            out.push('}');
            i += 2;
            continue;
        }
        if c == '}' {
            return Err(vm.exc_flow("ValueError", "Single '}' encountered in format string"));
        }
        if c != '{' {
            out.push(c);
            i += 1;
            continue;
        }
        let Some(end) = chars
            .get(i..)
            .and_then(|r| r.iter().position(|c| *c == '}'))
            .map(|p| p + i)
        else {
            return Err(vm.exc_flow("ValueError", "Single '{' encountered in format string"));
        };
        let field: String = chars.get(i + 1..end).unwrap_or_default().iter().collect();
        i = end + 1;
        let (name_conv, spec) = match field.split_once(':') {
            Some((a, b)) => (a.to_string(), b.to_string()),
            None => (field.clone(), String::new()),
        };
        let (name, conv) = match name_conv.split_once('!') {
            Some((a, b)) => (a.to_string(), b.chars().next()),
            None => (name_conv, None),
        };
        let (base, rest) = match name.find(['.', '[']) {
            Some(p) => (
                name.get(..p).unwrap_or_default().to_string(),
                name.get(p..).unwrap_or_default().to_string(),
            ),
            None => (name.clone(), String::new()),
        };
        let mut v = if base.is_empty() {
            let v = args.get(auto).cloned().ok_or_else(|| {
                vm.exc_flow(
                    "IndexError",
                    &format!("Replacement index {auto} out of range for positional args tuple"),
                )
            })?;
            auto += 1;
            v
        } else if let Ok(n) = base.parse::<usize>() {
            args.get(n).cloned().ok_or_else(|| {
                vm.exc_flow(
                    "IndexError",
                    &format!("Replacement index {n} out of range for positional args tuple"),
                )
            })?
        } else {
            kwarg(kwargs, &base)
                .ok_or_else(|| Flow::Exc(vm.new_exc("KeyError", alloc::vec![Value::str(&base)])))?
        };
        // Attribute and index lookups: {0.attr} {0[key]}.
        let mut r = rest.as_str();
        while !r.is_empty() {
            if let Some(x) = r.strip_prefix('.') {
                let e = x.find(['.', '[']).unwrap_or(x.len());
                v = vm.getattr(ctx, &v, x.get(..e).unwrap_or_default())?;
                r = x.get(e..).unwrap_or_default();
            } else if let Some(x) = r.strip_prefix('[') {
                let e = x.find(']').unwrap_or(x.len());
                let k = x.get(..e).unwrap_or_default();
                let idx = k
                    .parse::<i64>()
                    .map(Value::Int)
                    .unwrap_or_else(|_| Value::str(k));
                v = super::ops::subscript(vm, &v, &idx)?;
                r = x.get(e + 1..).unwrap_or_default();
            } else {
                break;
            }
        }
        let v = match conv {
            Some('r') | Some('a') => Value::string(vm.repr_of(ctx, &v)?),
            Some('s') => Value::string(vm.str_of(ctx, &v)?),
            _ => v,
        };
        out.push_str(&super::ops::format_value(vm, ctx, &v, &spec)?);
    }
    Ok(out)
}

fn bytes_arg(vm: &Vm, v: &Value) -> Result<Rc<[u8]>, Flow> {
    match v {
        Value::Bytes(b) => Ok(b.clone()),
        other => Err(vm.exc_flow(
            "TypeError",
            &format!(
                "a bytes-like object is required, not '{}'",
                other.type_name()
            ),
        )),
    }
}

fn find_bytes(h: &[u8], n: &[u8]) -> Option<usize> {
    if n.is_empty() {
        return Some(0);
    }
    h.windows(n.len()).position(|w| w == n)
}

fn bytes_method(
    vm: &mut Vm,
    m: &str,
    b: Rc<[u8]>,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> Result<Value, Flow> {
    let a0 = arg(&args, 0);
    Ok(match m {
        "decode" => {
            let enc = match kwarg(&kwargs, "encoding").or_else(|| args.first().cloned()) {
                Some(Value::Str(ref e)) => String::from(&**e),
                _ => String::from("utf-8"),
            };
            let errors = match kwarg(&kwargs, "errors").or_else(|| args.get(1).cloned()) {
                Some(Value::Str(ref e)) => String::from(&**e),
                _ => String::from("strict"),
            };
            return decode(vm, &b, &enc, &errors);
        }
        "split" => {
            let parts: Vec<Value> = match &a0 {
                Value::None => b
                    .split(|c| c.is_ascii_whitespace())
                    .filter(|p| !p.is_empty())
                    .map(Value::bytes)
                    .collect(),
                v => {
                    let sep = bytes_arg(vm, v)?;
                    if sep.is_empty() {
                        return Err(vm.exc_flow("ValueError", "empty separator"));
                    }
                    let mut out = Vec::new();
                    let mut rest: &[u8] = &b;
                    while let Some(i) = find_bytes(rest, &sep) {
                        out.push(Value::bytes(rest.get(..i).unwrap_or_default()));
                        rest = rest.get(i + sep.len()..).unwrap_or_default();
                    }
                    out.push(Value::bytes(rest));
                    out
                }
            };
            Value::list(parts)
        }
        "strip" | "lstrip" | "rstrip" => {
            let set: Vec<u8> = match &a0 {
                Value::Bytes(s) => s.to_vec(),
                _ => b" \t\n\r\x0b\x0c".to_vec(),
            };
            let mut start = 0;
            let mut end = b.len();
            if m != "rstrip" {
                while b.get(start).is_some_and(|c| set.contains(c)) {
                    start += 1;
                }
            }
            if m != "lstrip" {
                while end > start && b.get(end - 1).is_some_and(|c| set.contains(c)) {
                    end -= 1;
                }
            }
            Value::bytes(b.get(start..end).unwrap_or_default())
        }
        "startswith" => Value::Bool(b.starts_with(&bytes_arg(vm, &a0)?)),
        "endswith" => Value::Bool(b.ends_with(&bytes_arg(vm, &a0)?)),
        "replace" => {
            let (from, to) = (bytes_arg(vm, &a0)?, bytes_arg(vm, &arg(&args, 1))?);
            let mut out = Vec::new();
            let mut rest: &[u8] = &b;
            if from.is_empty() {
                return Ok(Value::Bytes(b));
            }
            while let Some(i) = find_bytes(rest, &from) {
                out.extend_from_slice(rest.get(..i).unwrap_or_default());
                out.extend_from_slice(&to);
                rest = rest.get(i + from.len()..).unwrap_or_default();
                if out.len() > MAX_LEN {
                    return Err(vm.exc_flow("MemoryError", ""));
                }
            }
            out.extend_from_slice(rest);
            Value::Bytes(Rc::from(out))
        }
        "find" | "index" | "rfind" => {
            let n = bytes_arg(vm, &a0)?;
            let found = if m == "rfind" {
                (0..=b.len().saturating_sub(n.len()))
                    .rev()
                    .find(|&i| b.get(i..i + n.len()) == Some(&n[..]))
            } else {
                find_bytes(&b, &n)
            };
            match found {
                Some(i) => Value::Int(i as i64),
                None if m == "index" => {
                    return Err(vm.exc_flow("ValueError", "subsection not found"));
                }
                None => Value::Int(-1),
            }
        }
        "count" => {
            let n = bytes_arg(vm, &a0)?;
            if n.is_empty() {
                Value::Int(b.len() as i64 + 1)
            } else {
                let mut c = 0;
                let mut rest: &[u8] = &b;
                while let Some(i) = find_bytes(rest, &n) {
                    c += 1;
                    rest = rest.get(i + n.len()..).unwrap_or_default();
                }
                Value::Int(c)
            }
        }
        "upper" => Value::Bytes(Rc::from(b.to_ascii_uppercase())),
        "lower" => Value::Bytes(Rc::from(b.to_ascii_lowercase())),
        "hex" => Value::string(b.iter().map(|x| format!("{x:02x}")).collect()),
        "isdigit" => Value::Bool(!b.is_empty() && b.iter().all(u8::is_ascii_digit)),
        "join" => {
            let Value::List(items) = &a0 else {
                return Err(vm.exc_flow("TypeError", "can only join an iterable"));
            };
            let mut out = Vec::new();
            for (k, it) in items.borrow().iter().enumerate() {
                if k > 0 {
                    out.extend_from_slice(&b);
                }
                out.extend_from_slice(&bytes_arg(vm, it)?);
            }
            Value::Bytes(Rc::from(out))
        }
        "splitlines" => Value::list(
            b.split(|c| *c == b'\n')
                .map(|l| Value::bytes(l.strip_suffix(b"\r").unwrap_or(l)))
                .filter(|v| v.truthy())
                .collect(),
        ),
        "partition" => {
            let sep = bytes_arg(vm, &a0)?;
            match find_bytes(&b, &sep) {
                Some(i) => Value::tuple(alloc::vec![
                    Value::bytes(b.get(..i).unwrap_or_default()),
                    Value::Bytes(sep.clone()),
                    Value::bytes(b.get(i + sep.len()..).unwrap_or_default())
                ]),
                None => Value::tuple(alloc::vec![
                    Value::Bytes(b.clone()),
                    Value::bytes(b""),
                    Value::bytes(b"")
                ]),
            }
        }
        _ => {
            return Err(vm.exc_flow(
                "AttributeError",
                &format!("'bytes' object has no attribute '{m}'"),
            ));
        }
    })
}

fn list_method(
    vm: &mut Vm,
    ctx: &mut Ctx<'_>,
    m: &str,
    recv: &Value,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> Result<Value, Flow> {
    let Value::List(l) = recv else {
        return Ok(Value::None);
    };
    let a0 = arg(&args, 0);
    match m {
        "append" => {
            nargs(vm, "list.append", &args, 1, 1).map_err(|_| {
                vm.exc_flow(
                    "TypeError",
                    &format!(
                        "list.append() takes exactly one argument ({} given)",
                        args.len()
                    ),
                )
            })?;
            if l.borrow().len() >= MAX_ITEMS {
                return Err(vm.exc_flow("MemoryError", ""));
            }
            l.borrow_mut().push(a0);
        }
        "extend" => {
            let items = vm.collect(ctx, &a0)?;
            if l.borrow().len() + items.len() > MAX_ITEMS {
                return Err(vm.exc_flow("MemoryError", ""));
            }
            l.borrow_mut().extend(items);
        }
        "pop" => {
            let n = l.borrow().len();
            if n == 0 {
                return Err(vm.exc_flow("IndexError", "pop from empty list"));
            }
            let i = match args.first() {
                Some(v) => {
                    let i = as_int(v).unwrap_or(-1);
                    let j = if i < 0 { i + n as i64 } else { i };
                    if j < 0 || j >= n as i64 {
                        return Err(vm.exc_flow("IndexError", "pop index out of range"));
                    }
                    j as usize
                }
                None => n - 1,
            };
            return Ok(l.borrow_mut().remove(i));
        }
        "insert" => {
            let n = l.borrow().len() as i64;
            let i = as_int(&a0).unwrap_or(0);
            let j = if i < 0 { (i + n).max(0) } else { i.min(n) };
            l.borrow_mut().insert(j as usize, arg(&args, 1));
        }
        "remove" => {
            let pos = l.borrow().iter().position(|x| equal(x, &a0, 0));
            match pos {
                Some(i) => {
                    l.borrow_mut().remove(i);
                }
                None => return Err(vm.exc_flow("ValueError", "list.remove(x): x not in list")),
            }
        }
        "index" => {
            let pos = l.borrow().iter().position(|x| equal(x, &a0, 0));
            return match pos {
                Some(i) => Ok(Value::Int(i as i64)),
                None => Err(vm.exc_flow("ValueError", &format!("{} is not in list", repr(&a0)))),
            };
        }
        "count" => {
            return Ok(Value::Int(
                l.borrow().iter().filter(|x| equal(x, &a0, 0)).count() as i64,
            ));
        }
        "sort" => sort_list(vm, ctx, recv, &kwargs)?,
        "reverse" => l.borrow_mut().reverse(),
        "clear" => l.borrow_mut().clear(),
        "copy" => return Ok(Value::list(l.borrow().clone())),
        _ => {
            return Err(vm.exc_flow(
                "AttributeError",
                &format!("'list' object has no attribute '{m}'"),
            ));
        }
    }
    Ok(Value::None)
}

fn dict_method(
    vm: &mut Vm,
    m: &str,
    d: Rc<RefCell<Dict>>,
    args: Vec<Value>,
) -> Result<Value, Flow> {
    let a0 = arg(&args, 0);
    Ok(match m {
        "get" => {
            let k = vm.key(&a0)?;
            d.borrow().get(&k).cloned().unwrap_or_else(|| arg(&args, 1))
        }
        "keys" => Value::list(d.borrow().keys()),
        "values" => Value::list(d.borrow().items().map(|(_, v)| v.clone()).collect()),
        "items" => Value::list(
            d.borrow()
                .items()
                .map(|(k, v)| Value::tuple(alloc::vec![k.clone(), v.clone()]))
                .collect(),
        ),
        "pop" => {
            let k = vm.key(&a0)?;
            let removed = d.borrow_mut().remove(&k);
            match (removed, args.get(1)) {
                (Some(v), _) => v,
                (None, Some(dflt)) => dflt.clone(),
                (None, None) => return Err(Flow::Exc(vm.new_exc("KeyError", alloc::vec![a0]))),
            }
        }
        "popitem" => {
            let last = d.borrow_mut().pop_last();
            match last {
                Some((k, v)) => Value::tuple(alloc::vec![k, v]),
                None => {
                    return Err(Flow::Exc(vm.new_exc(
                        "KeyError",
                        alloc::vec![Value::str("popitem(): dictionary is empty")],
                    )));
                }
            }
        }
        "setdefault" => {
            let k = vm.key(&a0)?;
            let existing = d.borrow().get(&k).cloned();
            match existing {
                Some(v) => v,
                None => {
                    let v = arg(&args, 1);
                    d.borrow_mut().insert(k, a0, v.clone());
                    v
                }
            }
        }
        "update" => {
            if let Value::Dict(src) = &a0 {
                let items: Vec<(Value, Value)> = src
                    .borrow()
                    .items()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                for (k, v) in items {
                    let hk = vm.key(&k)?;
                    d.borrow_mut().insert(hk, k, v);
                }
            }
            Value::None
        }
        "clear" => {
            d.borrow_mut().clear();
            Value::None
        }
        "copy" => {
            let mut n = Dict::default();
            for (k, v) in d.borrow().items() {
                if let Some(hk) = key_of(k) {
                    n.insert(hk, k.clone(), v.clone());
                }
            }
            Value::Dict(Rc::new(RefCell::new(n)))
        }
        _ => {
            return Err(vm.exc_flow(
                "AttributeError",
                &format!("'dict' object has no attribute '{m}'"),
            ));
        }
    })
}

fn set_method(
    vm: &mut Vm,
    ctx: &mut Ctx<'_>,
    m: &str,
    d: Rc<RefCell<Dict>>,
    args: Vec<Value>,
) -> Result<Value, Flow> {
    let a0 = arg(&args, 0);
    Ok(match m {
        "add" => {
            let k = vm.key(&a0)?;
            d.borrow_mut().insert(k, a0, Value::None);
            Value::None
        }
        "remove" | "discard" => {
            let k = vm.key(&a0)?;
            if d.borrow_mut().remove(&k).is_none() && m == "remove" {
                return Err(Flow::Exc(vm.new_exc("KeyError", alloc::vec![a0])));
            }
            Value::None
        }
        "pop" => {
            let first = d.borrow().keys().into_iter().next();
            match first {
                Some(k) => {
                    if let Some(hk) = key_of(&k) {
                        d.borrow_mut().remove(&hk);
                    }
                    k
                }
                None => {
                    return Err(Flow::Exc(vm.new_exc(
                        "KeyError",
                        alloc::vec![Value::str("pop from an empty set")],
                    )));
                }
            }
        }
        "clear" => {
            d.borrow_mut().clear();
            Value::None
        }
        "update" => {
            for x in vm.collect(ctx, &a0)? {
                let k = vm.key(&x)?;
                d.borrow_mut().insert(k, x, Value::None);
            }
            Value::None
        }
        "copy" | "union" | "intersection" | "difference" | "issubset" | "issuperset" => {
            let other: Vec<Value> = if m == "copy" {
                Vec::new()
            } else {
                vm.collect(ctx, &a0)?
            };
            let mut o = Dict::default();
            for x in &other {
                let k = vm.key(x)?;
                o.insert(k, x.clone(), Value::None);
            }
            let mine = d.borrow();
            let mut out = Dict::default();
            let has = |dict: &Dict, v: &Value| key_of(v).is_some_and(|k| dict.get(&k).is_some());
            match m {
                "issubset" => return Ok(Value::Bool(mine.keys().iter().all(|k| has(&o, k)))),
                "issuperset" => return Ok(Value::Bool(other.iter().all(|k| has(&mine, k)))),
                _ => {}
            }
            for k in mine.keys() {
                let keep = match m {
                    "intersection" => has(&o, &k),
                    "difference" => !has(&o, &k),
                    _ => true,
                };
                if keep && let Some(hk) = key_of(&k) {
                    out.insert(hk, k, Value::None);
                }
            }
            if m == "union" {
                for x in other {
                    if let Some(hk) = key_of(&x) {
                        out.insert(hk, x, Value::None);
                    }
                }
            }
            Value::Set(Rc::new(RefCell::new(out)))
        }
        _ => {
            return Err(vm.exc_flow(
                "AttributeError",
                &format!("'set' object has no attribute '{m}'"),
            ));
        }
    })
}
