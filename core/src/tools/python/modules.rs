//! The modules a socket program imports besides `socket`: `sys` (argv,
//! exit, the standard streams), `time` (time, sleep, monotonic), `os`
//! (environ, getpid, getcwd, strerror), `errno`, `select`, and `open()`
//! on the host's files. Anything else is `ModuleNotFoundError`, as on a
//! Debian box without the package.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use super::state::{Flow, Vm};
use super::state::{Wait, duration};
use super::value::*;
use crate::errno::Errno;
use crate::process::Ctx;
use crate::sys::Fd;
use crate::sys::{ClockId, PollEvents};
use crate::time::Instant;

/// `sys.version` as Debian 12's python3 reports it (3.11.2-6+deb12u6, the
/// build in the current point release, recorded from /usr/bin/python3).
pub(crate) const VERSION: &str = "3.11.2 (main, Apr 28 2025, 14:11:48) [GCC 12.2.0]";

/// The errno names the `errno` module exports.
const ERRNOS: &[Errno] = &[
    Errno::EPERM,
    Errno::ENOENT,
    Errno::ESRCH,
    Errno::EINTR,
    Errno::EBADF,
    Errno::EAGAIN,
    Errno::ENOMEM,
    Errno::EACCES,
    Errno::EEXIST,
    Errno::ENODEV,
    Errno::EISDIR,
    Errno::EINVAL,
    Errno::EMFILE,
    Errno::EPIPE,
    Errno::ENOTSOCK,
    Errno::EDESTADDRREQ,
    Errno::EMSGSIZE,
    Errno::ENOPROTOOPT,
    Errno::EPROTONOSUPPORT,
    Errno::EOPNOTSUPP,
    Errno::EAFNOSUPPORT,
    Errno::EADDRINUSE,
    Errno::EADDRNOTAVAIL,
    Errno::ENETDOWN,
    Errno::ENETUNREACH,
    Errno::ECONNABORTED,
    Errno::ECONNRESET,
    Errno::ENOBUFS,
    Errno::EISCONN,
    Errno::ENOTCONN,
    Errno::ETIMEDOUT,
    Errno::ECONNREFUSED,
    Errno::EHOSTDOWN,
    Errno::EHOSTUNREACH,
    Errno::EALREADY,
    Errno::EINPROGRESS,
];

fn module(name: &str, attrs: Vec<(&str, Value)>) -> Rc<Module> {
    let mut d = Dict::default();
    d.set_str("__name__", Value::str(name));
    for (k, v) in attrs {
        d.set_str(k, v);
    }
    Rc::new(Module {
        name: String::from(name),
        attrs: RefCell::new(d),
    })
}

fn func(name: &'static str) -> Value {
    Value::Native(Native::Func(name))
}

/// A file object (`sys.stdout`, an `open()`ed file): an instance of
/// `_io.TextIOWrapper` whose attributes say where it writes.
pub(crate) fn file_object(name: &str, fd: Option<i64>, mode: &str) -> Value {
    let class = Rc::new(Class {
        name: String::from("TextIOWrapper"),
        module: "_io",
        bases: Vec::new(),
        attrs: RefCell::new(BTreeMap::new()),
    });
    let mut attrs = BTreeMap::new();
    attrs.insert(String::from("name"), Value::str(name));
    attrs.insert(String::from("mode"), Value::str(mode));
    attrs.insert(String::from("closed"), Value::Bool(false));
    if let Some(fd) = fd {
        attrs.insert(String::from("_fd"), Value::Int(fd));
    }
    attrs.insert(String::from("encoding"), Value::str("utf-8"));
    Value::Instance(Rc::new(Instance {
        class,
        attrs: RefCell::new(attrs),
        traceback: RefCell::new(Vec::new()),
        context: RefCell::new(None),
    }))
}

fn is_file(v: &Value) -> bool {
    matches!(v, Value::Instance(i) if i.class.name == "TextIOWrapper" && i.class.module == "_io")
}

/// The descriptor of a standard stream's file object.
pub(crate) fn file_fd(v: &Value) -> Option<i64> {
    match v {
        Value::Instance(i) if is_file(v) => match i.attrs.borrow().get("_fd") {
            Some(Value::Int(n)) => Some(*n),
            _ => None,
        },
        _ => None,
    }
}

const FILE_METHODS: &[&str] = &[
    "write",
    "flush",
    "readline",
    "read",
    "readlines",
    "fileno",
    "isatty",
    "close",
    "__enter__",
    "__exit__",
    "writelines",
];

/// Attributes an instance gets from the natives (a file's methods).
pub(crate) fn instance_attr(_vm: &Vm, obj: &Value, name: &str) -> Option<Value> {
    if is_file(obj) {
        return FILE_METHODS
            .iter()
            .find(|m| **m == name)
            .map(|m| Value::BoundNative(Rc::new((obj.clone(), Native::Method(m)))));
    }
    None
}

/// Loads a module by name.
pub(crate) fn load(vm: &mut Vm, ctx: &mut Ctx<'_>, name: &str) -> Option<Rc<Module>> {
    Some(match name {
        "socket" => super::sock::module(vm),
        "sys" => {
            let argv = Value::list(vm.argv.iter().map(|a| Value::str(a)).collect());
            let version_info = Value::tuple(alloc::vec![
                Value::Int(3),
                Value::Int(11),
                Value::Int(2),
                Value::str("final"),
                Value::Int(0)
            ]);
            module(
                "sys",
                alloc::vec![
                    ("argv", argv),
                    ("exit", func("sys.exit")),
                    ("stdout", file_object("<stdout>", Some(1), "w")),
                    ("stderr", file_object("<stderr>", Some(2), "w")),
                    ("stdin", file_object("<stdin>", Some(0), "r")),
                    ("version", Value::str(VERSION)),
                    ("version_info", version_info),
                    ("platform", Value::str("linux")),
                    ("byteorder", Value::str("little")),
                    ("maxsize", Value::Int(i64::MAX)),
                    ("executable", Value::str("/usr/bin/python3")),
                    (
                        "path",
                        Value::list(alloc::vec![
                            Value::str(""),
                            Value::str("/usr/lib/python311.zip"),
                            Value::str("/usr/lib/python3.11"),
                            Value::str("/usr/lib/python3.11/lib-dynload"),
                            Value::str("/usr/local/lib/python3.11/dist-packages"),
                            Value::str("/usr/lib/python3/dist-packages")
                        ])
                    ),
                    ("getrecursionlimit", func("sys.getrecursionlimit")),
                    ("setrecursionlimit", func("sys.setrecursionlimit")),
                    ("exc_info", func("sys.exc_info")),
                ],
            )
        }
        "time" => module(
            "time",
            alloc::vec![
                ("time", func("time.time")),
                ("time_ns", func("time.time_ns")),
                ("sleep", func("time.sleep")),
                ("monotonic", func("time.monotonic")),
                ("perf_counter", func("time.perf_counter")),
                ("ctime", func("time.ctime")),
                ("strftime", func("time.strftime")),
            ],
        ),
        "os" => {
            let mut env = Dict::default();
            let user = ctx.user();
            let home = user.home();
            for (k, v) in [
                ("SHELL", "/bin/bash"),
                ("PWD", ctx.cwd()),
                ("LOGNAME", user.name()),
                ("HOME", home),
                ("LANG", "C.UTF-8"),
                ("TERM", "xterm-256color"),
                ("USER", user.name()),
                (
                    "PATH",
                    "/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games",
                ),
            ] {
                env.set_str(k, Value::str(v));
            }
            let environ = Rc::new(Module {
                name: String::from("os.environ"),
                attrs: RefCell::new(env),
            });
            module(
                "os",
                alloc::vec![
                    ("environ", Value::Module(environ)),
                    ("getpid", func("os.getpid")),
                    ("getppid", func("os.getppid")),
                    ("getcwd", func("os.getcwd")),
                    ("getenv", func("os.getenv")),
                    ("getuid", func("os.getuid")),
                    ("strerror", func("os.strerror")),
                    ("name", Value::str("posix")),
                    ("sep", Value::str("/")),
                    ("linesep", Value::str("\n")),
                    ("_exit", func("os._exit")),
                ],
            )
        }
        "errno" => {
            let mut attrs: Vec<(&str, Value)> = ERRNOS
                .iter()
                .map(|e| (e.name(), Value::Int(i64::from(e.number()))))
                .collect();
            attrs.push(("EWOULDBLOCK", Value::Int(11)));
            let mut codes = Dict::default();
            for e in ERRNOS {
                codes.insert(
                    Key::Int(i64::from(e.number())),
                    Value::Int(i64::from(e.number())),
                    Value::str(e.name()),
                );
            }
            attrs.push(("errorcode", Value::Dict(Rc::new(RefCell::new(codes)))));
            module("errno", attrs)
        }
        "select" => module(
            "select",
            alloc::vec![
                ("select", func("select.select")),
                (
                    "error",
                    vm.classes
                        .get("OSError")
                        .map(Value::Class)
                        .unwrap_or(Value::None)
                ),
            ],
        ),
        _ => return None,
    })
}

fn seconds(vm: &Vm, v: &Value, what: &str) -> Result<f64, Flow> {
    match v {
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
            let s = as_float(v).unwrap_or(0.0);
            if s.is_nan() {
                return Err(vm.exc_flow("ValueError", "Invalid value NaN (not a number)"));
            }
            if s < 0.0 {
                return Err(
                    vm.exc_flow("ValueError", &format!("{what} length must be non-negative"))
                );
            }
            Ok(s)
        }
        other => Err(vm.exc_flow(
            "TypeError",
            &format!(
                "'{}' object cannot be interpreted as an integer",
                other.type_name()
            ),
        )),
    }
}

/// Waits until `at`: `Ok` once it has passed, else blocks with a wake-up.
pub(crate) fn wait_until(vm: &mut Vm, ctx: &mut Ctx<'_>, at: Instant) -> Result<(), Flow> {
    if ctx.now() >= at {
        vm.pending = None;
        return Ok(());
    }
    ctx.wake_at(at);
    Err(Flow::Block)
}

fn wall(ctx: &mut Ctx<'_>) -> f64 {
    let t = ctx.sys().clock_gettime(ClockId::Realtime);
    t.sec as f64 + f64::from(t.nsec) / 1e9
}

/// Calls a module function.
pub(crate) fn call(
    vm: &mut Vm,
    ctx: &mut Ctx<'_>,
    f: &str,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> Result<Value, Flow> {
    let a0 = args.first().cloned().unwrap_or(Value::None);
    match f {
        _ if f.starts_with("socket.") => super::sock::call(vm, ctx, f, args, kwargs),
        "sys.exit" => Err(Flow::Exc(
            vm.new_exc("SystemExit", args.into_iter().take(1).collect()),
        )),
        "os._exit" => {
            vm.exit = Some(as_int(&a0).unwrap_or(0) as i32);
            Err(Flow::Exc(vm.new_exc("SystemExit", alloc::vec![a0])))
        }
        "sys.getrecursionlimit" => Ok(Value::Int(super::state::RECURSION_LIMIT as i64)),
        "sys.setrecursionlimit" => Ok(Value::None),
        "sys.exc_info" => Ok(match vm.exc_info.last().cloned() {
            Some(e) => Value::tuple(alloc::vec![vm.type_of(&e), e, Value::None]),
            None => Value::tuple(alloc::vec![Value::None, Value::None, Value::None]),
        }),
        "time.time" => Ok(Value::Float(wall(ctx))),
        "time.time_ns" => {
            let t = ctx.sys().clock_gettime(ClockId::Realtime);
            Ok(Value::Int(
                (t.sec as i64).saturating_mul(1_000_000_000) + i64::from(t.nsec),
            ))
        }
        "time.monotonic" | "time.perf_counter" => {
            let t = ctx.sys().clock_gettime(ClockId::Monotonic);
            Ok(Value::Float(t.sec as f64 + f64::from(t.nsec) / 1e9))
        }
        "time.sleep" => {
            let s = seconds(vm, &a0, "sleep")?;
            let until = match vm.pending {
                Some(Wait::Sleep(t)) => t,
                _ => {
                    let t = ctx.now() + duration(s);
                    vm.pending = Some(Wait::Sleep(t));
                    t
                }
            };
            wait_until(vm, ctx, until)?;
            Ok(Value::None)
        }
        "time.ctime" | "time.strftime" => {
            let secs = match (f, &a0) {
                ("time.ctime", Value::Int(_) | Value::Float(_)) => {
                    as_float(&a0).unwrap_or(0.0) as u64
                }
                _ => wall(ctx) as u64,
            };
            if f == "time.ctime" {
                return Ok(Value::string(strftime("%a %b %e %H:%M:%S %Y", secs)));
            }
            let Value::Str(ref fmt) = a0 else {
                return Err(vm.exc_flow("TypeError", "strftime() argument 1 must be str"));
            };
            Ok(Value::string(strftime(fmt, secs)))
        }
        "os.getpid" => Ok(Value::Int(i64::from(ctx.pid()))),
        "os.getppid" => Ok(Value::Int(i64::from(ctx.pid().saturating_sub(1).max(1)))),
        "os.getuid" => Ok(Value::Int(i64::from(ctx.user().uid()))),
        "os.getcwd" => Ok(Value::str(ctx.cwd())),
        "os.getenv" => {
            let env = vm
                .modules
                .get("os")
                .and_then(|m| m.attrs.borrow().get_str("environ").cloned());
            if let (Some(Value::Module(ref e)), Value::Str(k)) = (env, &a0) {
                return Ok(e
                    .attrs
                    .borrow()
                    .get_str(k)
                    .cloned()
                    .unwrap_or_else(|| args.get(1).cloned().unwrap_or(Value::None)));
            }
            Ok(args.get(1).cloned().unwrap_or(Value::None))
        }
        "os.strerror" => {
            let n = as_int(&a0).unwrap_or(0);
            Ok(Value::string(
                match i32::try_from(n).ok().and_then(Errno::from_number) {
                    Some(e) => String::from(e.message()),
                    None => format!("Unknown error {n}"),
                },
            ))
        }
        "select.select" => select(vm, ctx, &args),
        "dict.fromkeys" => {
            let mut d = Dict::default();
            for k in vm.collect(ctx, &a0)? {
                let hk = vm.key(&k)?;
                d.insert(hk, k, args.get(1).cloned().unwrap_or(Value::None));
            }
            Ok(Value::Dict(Rc::new(RefCell::new(d))))
        }
        "int.from_bytes" => {
            let Value::Bytes(b) = &a0 else {
                return Err(vm.exc_flow("TypeError", "cannot convert 'str' object to bytes"));
            };
            let order = kwargs
                .iter()
                .find(|(k, _)| &**k == "byteorder")
                .map(|(_, v)| v.clone())
                .or_else(|| args.get(1).cloned());
            let little = matches!(order, Some(Value::Str(ref s)) if &**s == "little");
            let mut v: i64 = 0;
            let iter: Vec<u8> = if little {
                b.iter().rev().copied().collect()
            } else {
                b.to_vec()
            };
            for byte in iter {
                v = v
                    .checked_mul(256)
                    .and_then(|x| x.checked_add(i64::from(byte)))
                    .ok_or_else(|| vm.exc_flow("OverflowError", "integer overflow"))?;
            }
            Ok(Value::Int(v))
        }
        "bytes.fromhex" => {
            let Value::Str(s) = &a0 else {
                return Err(vm.exc_flow("TypeError", "fromhex() argument must be str"));
            };
            let digits: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
            let mut out = Vec::new();
            for (k, pair) in digits.chunks(2).enumerate() {
                let h: String = pair.iter().collect();
                match u8::from_str_radix(&h, 16) {
                    Ok(b) if h.len() == 2 => out.push(b),
                    _ => {
                        return Err(vm.exc_flow(
                            "ValueError",
                            &format!(
                                "non-hexadecimal number found in fromhex() arg at position {}",
                                k * 2
                            ),
                        ));
                    }
                }
            }
            Ok(Value::Bytes(Rc::from(out)))
        }
        _ => Err(vm.exc_flow("AttributeError", &format!("module has no attribute '{f}'"))),
    }
}

/// The descriptor of something `select` watches: a socket or a number.
fn fd_of(vm: &Vm, v: &Value) -> Result<Fd, Flow> {
    match v {
        Value::Socket(s) => s.borrow().fd.ok_or_else(|| {
            vm.exc_flow(
                "ValueError",
                "file descriptor cannot be a negative integer (-1)",
            )
        }),
        Value::Int(n) if *n >= 0 => Ok(Fd(i32::try_from(*n).unwrap_or(i32::MAX))),
        Value::Int(n) => Err(vm.exc_flow(
            "ValueError",
            &format!("file descriptor cannot be a negative integer ({n})"),
        )),
        _ if file_fd(v).is_some() => Ok(Fd(file_fd(v).unwrap_or(0) as i32)),
        other => Err(vm.exc_flow(
            "TypeError",
            &format!(
                "argument must be an int, or have a fileno() method, not '{}'",
                other.type_name()
            ),
        )),
    }
}

/// `select.select(r, w, x[, timeout])`.
fn select(vm: &mut Vm, ctx: &mut Ctx<'_>, args: &[Value]) -> Result<Value, Flow> {
    if args.len() < 3 {
        return Err(vm.exc_flow(
            "TypeError",
            &format!("select expected at least 3 arguments, got {}", args.len()),
        ));
    }
    let mut lists = Vec::new();
    for a in args.iter().take(3) {
        lists.push(vm.collect(ctx, a)?);
    }
    let timeout = match args.get(3) {
        None | Some(Value::None) => None,
        Some(v) => Some(
            seconds(vm, v, "timeout")
                .map_err(|_| vm.exc_flow("ValueError", "timeout must be non-negative"))?,
        ),
    };
    let mut ready: Vec<Vec<Value>> = alloc::vec![Vec::new(), Vec::new(), Vec::new()];
    for (k, list) in lists.iter().enumerate() {
        for v in list {
            let fd = fd_of(vm, v)?;
            let ev = match ctx.sys().poll(fd) {
                Ok(ev) => ev,
                Err(e) => return Err(Flow::Exc(vm.classes.os_error(e))),
            };
            let hit = match k {
                0 => ev.intersects(PollEvents::IN | PollEvents::HUP | PollEvents::ERR),
                1 => ev.intersects(PollEvents::OUT | PollEvents::ERR),
                _ => false,
            };
            if hit && let Some(r) = ready.get_mut(k) {
                r.push(v.clone());
            }
        }
    }
    let any = ready.iter().any(|r| !r.is_empty());
    let expired = match (&vm.pending, timeout) {
        (_, Some(0.0)) => true,
        (Some(Wait::Deadline(at)), Some(_)) => ctx.now() >= *at,
        _ => false,
    };
    if any || expired {
        vm.pending = None;
        return Ok(Value::tuple(ready.into_iter().map(Value::list).collect()));
    }
    match timeout {
        Some(t) => {
            let at = match vm.pending {
                Some(Wait::Deadline(at)) => at,
                _ => ctx.now() + duration(t),
            };
            vm.pending = Some(Wait::Deadline(at));
            ctx.wake_at(at);
        }
        None => vm.pending = Some(Wait::Forever),
    }
    Err(Flow::Block)
}

/// `os.environ`'s mapping methods.
pub(crate) fn environ_method(
    vm: &mut Vm,
    m: &str,
    recv: &Value,
    args: Vec<Value>,
) -> Result<Value, Flow> {
    let Value::Module(e) = recv else {
        return Ok(Value::None);
    };
    let d = e.attrs.borrow();
    let a0 = args.first().cloned().unwrap_or(Value::None);
    Ok(match m {
        "get" => {
            let k = vm.key(&a0)?;
            d.get(&k)
                .cloned()
                .unwrap_or_else(|| args.get(1).cloned().unwrap_or(Value::None))
        }
        "keys" => Value::list(d.keys()),
        "values" => Value::list(d.items().map(|(_, v)| v.clone()).collect()),
        "items" => Value::list(
            d.items()
                .map(|(k, v)| Value::tuple(alloc::vec![k.clone(), v.clone()]))
                .collect(),
        ),
        "copy" => {
            let mut n = Dict::default();
            for (k, v) in d.items() {
                if let Some(hk) = key_of(k) {
                    n.insert(hk, k.clone(), v.clone());
                }
            }
            Value::Dict(Rc::new(RefCell::new(n)))
        }
        _ => Value::None,
    })
}

/// `open(path, mode)` on the host's files, through the system calls.
pub(crate) fn open(
    vm: &mut Vm,
    ctx: &mut Ctx<'_>,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> Result<Value, Flow> {
    let path = match args.first() {
        Some(Value::Str(p)) => String::from(&**p),
        Some(other) => {
            return Err(vm.exc_flow(
                "TypeError",
                &format!(
                    "expected str, bytes or os.PathLike object, not {}",
                    other.type_name()
                ),
            ));
        }
        None => {
            return Err(vm.exc_flow(
                "TypeError",
                "open() missing required argument 'file' (pos 1)",
            ));
        }
    };
    let mode = match kwargs
        .iter()
        .find(|(k, _)| &**k == "mode")
        .map(|(_, v)| v.clone())
        .or_else(|| args.get(1).cloned())
    {
        Some(Value::Str(ref m)) => String::from(&**m),
        _ => String::from("r"),
    };
    let abs = if path.starts_with('/') {
        path.clone()
    } else {
        format!("{}/{}", ctx.cwd().trim_end_matches('/'), path)
    };
    let file = file_object(&path, None, &mode);
    let Value::Instance(inst) = &file else {
        return Ok(file);
    };
    let errno_exc = |vm: &Vm, e: Errno| {
        let v = vm.new_exc(
            "OSError",
            alloc::vec![
                Value::Int(i64::from(e.number())),
                Value::str(e.message()),
                Value::str(&path)
            ],
        );
        Flow::Exc(v)
    };
    if mode.contains('r') {
        let text = match ctx.sys().read_file(&abs) {
            Ok(t) => t,
            Err(_) if ctx.sys().is_dir(&abs) => return Err(errno_exc(vm, Errno::EISDIR)),
            Err(_) => return Err(errno_exc(vm, Errno::ENOENT)),
        };
        inst.attrs
            .borrow_mut()
            .insert("_data".into(), Value::string(text));
        inst.attrs.borrow_mut().insert("_pos".into(), Value::Int(0));
    } else {
        let append = mode.contains('a');
        if ctx.sys().write_file(&abs, "", append).is_err() {
            let e = if ctx.sys().is_dir(&abs) {
                Errno::EISDIR
            } else if ctx.user().uid() != 0 {
                Errno::EACCES
            } else {
                Errno::ENOENT
            };
            return Err(errno_exc(vm, e));
        }
        inst.attrs
            .borrow_mut()
            .insert("_path".into(), Value::string(abs));
    }
    if mode.contains('b') {
        inst.attrs
            .borrow_mut()
            .insert("_binary".into(), Value::Bool(true));
    }
    Ok(file)
}

/// The methods of file objects and of `super().__init__`.
pub(crate) fn instance_method(
    vm: &mut Vm,
    ctx: &mut Ctx<'_>,
    m: &str,
    recv: &Value,
    args: Vec<Value>,
    _kwargs: Vec<(Rc<str>, Value)>,
) -> Result<Value, Flow> {
    let Value::Instance(inst) = recv else {
        return Ok(Value::None);
    };
    if m == "__init__" {
        // BaseException.__init__ / object.__init__ through super().
        if vm.classes.is_exception_class(&inst.class) {
            let v = vm.classes.init_instance(&inst.class, recv.clone(), args);
            if let (Value::Instance(new), true) = (&v, true) {
                let attrs = new.attrs.borrow().clone();
                inst.attrs.borrow_mut().extend(attrs);
            }
        }
        return Ok(Value::None);
    }
    let fd = file_fd(recv);
    let a0 = args.first().cloned().unwrap_or(Value::None);
    match m {
        "write" => {
            let text = match &a0 {
                Value::Str(s) => String::from(&**s),
                Value::Bytes(b) if inst.attrs.borrow().contains_key("_binary") => {
                    String::from_utf8_lossy(b).into_owned()
                }
                other => {
                    return Err(vm.exc_flow(
                        "TypeError",
                        &format!("write() argument must be str, not {}", other.type_name()),
                    ));
                }
            };
            let n = text.chars().count();
            match fd {
                Some(1) => vm.write_out(ctx, &text),
                Some(2) => ctx.err(&text),
                Some(_) => {
                    return Err(Flow::Exc(vm.new_exc(
                        "io.UnsupportedOperation",
                        alloc::vec![Value::str("not writable")],
                    )));
                }
                None => {
                    let path = match inst.attrs.borrow().get("_path") {
                        Some(Value::Str(p)) => String::from(&**p),
                        _ => return Err(vm.exc_flow("ValueError", "I/O operation on closed file.")),
                    };
                    if ctx.sys().write_file(&path, &text, true).is_err() {
                        return Err(Flow::Exc(vm.classes.os_error(Errno::ENOSPC)));
                    }
                }
            }
            Ok(Value::Int(n as i64))
        }
        "writelines" => {
            for line in vm.collect(ctx, &a0)? {
                instance_method(vm, ctx, "write", recv, alloc::vec![line], Vec::new())?;
            }
            Ok(Value::None)
        }
        "flush" => {
            if fd == Some(1) {
                vm.flush(ctx);
            }
            Ok(Value::None)
        }
        "fileno" => match fd {
            Some(n) => Ok(Value::Int(n)),
            None => Ok(Value::Int(3)),
        },
        "isatty" => Ok(Value::Bool(
            fd.is_some_and(|n| ctx.sys().isatty(Fd(n as i32))),
        )),
        "close" => {
            inst.attrs
                .borrow_mut()
                .insert("closed".into(), Value::Bool(true));
            inst.attrs.borrow_mut().remove("_path");
            Ok(Value::None)
        }
        "__enter__" => Ok(recv.clone()),
        "__exit__" => {
            instance_method(vm, ctx, "close", recv, Vec::new(), Vec::new())?;
            Ok(Value::None)
        }
        "readline" | "read" | "readlines" => {
            if fd == Some(0) {
                let got = if m == "readline" {
                    vm.stdin.line(ctx)
                } else {
                    vm.stdin.all(ctx)
                };
                return match got {
                    Some(text) => {
                        vm.pending = None;
                        if m == "readlines" {
                            Ok(Value::list(
                                text.split_inclusive('\n').map(Value::str).collect(),
                            ))
                        } else {
                            Ok(Value::string(text))
                        }
                    }
                    None => {
                        vm.pending = Some(Wait::Forever);
                        Err(Flow::Block)
                    }
                };
            }
            let (data, pos) = {
                let a = inst.attrs.borrow();
                match (a.get("_data"), a.get("_pos")) {
                    (Some(Value::Str(d)), Some(Value::Int(p))) => (d.clone(), *p as usize),
                    _ => return Err(vm.exc_flow("ValueError", "I/O operation on closed file.")),
                }
            };
            let rest = data.get(pos..).unwrap_or_default();
            let (out, used) = match m {
                "readline" => {
                    let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
                    (Value::str(rest.get(..end).unwrap_or_default()), end)
                }
                "readlines" => (
                    Value::list(rest.split_inclusive('\n').map(Value::str).collect()),
                    rest.len(),
                ),
                _ => (Value::str(rest), rest.len()),
            };
            inst.attrs
                .borrow_mut()
                .insert("_pos".into(), Value::Int((pos + used) as i64));
            if inst.attrs.borrow().contains_key("_binary")
                && let Value::Str(s) = &out
            {
                return Ok(Value::bytes(s.as_bytes()));
            }
            Ok(out)
        }
        _ => Err(vm.exc_flow(
            "AttributeError",
            &format!("'{}' object has no attribute '{m}'", inst.class.name),
        )),
    }
}

/// `time.strftime` for UTC (the lab's time zone).
fn strftime(fmt: &str, secs: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let c = super::super::netutil::civil(secs);
    let mut out = String::new();
    let mut it = fmt.chars();
    while let Some(ch) = it.next() {
        if ch != '%' {
            out.push(ch);
            continue;
        }
        match it.next() {
            Some('Y') => out.push_str(&format!("{}", c.year)),
            Some('m') => out.push_str(&format!("{:02}", c.month)),
            Some('d') => out.push_str(&format!("{:02}", c.day)),
            Some('e') => out.push_str(&format!("{:2}", c.day)),
            Some('H') => out.push_str(&format!("{:02}", c.hour)),
            Some('M') => out.push_str(&format!("{:02}", c.minute)),
            Some('S') => out.push_str(&format!("{:02}", c.second)),
            Some('a') => out.push_str(
                DAYS.get(((secs / 86_400) % 7) as usize)
                    .copied()
                    .unwrap_or(""),
            ),
            Some('b') => out.push_str(
                MONTHS
                    .get(c.month.saturating_sub(1) as usize)
                    .copied()
                    .unwrap_or(""),
            ),
            Some('%') => out.push('%'),
            Some(o) => {
                out.push('%');
                out.push(o);
            }
            None => out.push('%'),
        }
    }
    out
}
