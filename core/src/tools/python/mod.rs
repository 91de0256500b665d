//! `python3`: Python 3.11 (Debian 12's 3.11.2) for socket programs, in
//! user space. `python3 -c CODE`, `python3 FILE.py`, a script on standard
//! input (`python3 -`, or a pipe), the interactive prompt (`>>>`, `...`),
//! `-V`, and `-m http.server` (its own module, `http_server.rs`).
//!
//! # Design: a bytecode VM with an explicit frame stack
//!
//! A program in the lab must never block the kernel: `accept`, `recv`,
//! `connect`, `time.sleep` and a name lookup return from `poll` and
//! resume when woken. A tree-walking interpreter keeps its place on the
//! Rust stack and cannot stop in the middle of a statement. Two designs
//! can: deterministic replay (run from the start with a log of completed
//! system calls, abort at the first call that would block, replay later)
//! or a compiler to bytecode run by a VM whose frames are data. Replay
//! re-runs the whole program at every wake-up, so a server that has
//! answered n connections pays O(n) per packet (O(n²) in all), and its
//! side effects (output, sends) must be filtered on each replay. The VM
//! stops at any instruction for free: a native call that would block
//! answers `Flow::Block`, the call instruction stays undone with its
//! arguments on the stack, and the next poll runs it again (the socket
//! or the VM's `pending` wait keeps what was already done: a connect in
//! progress, a deadline, a DNS exchange). The same mechanism bounds a
//! run: every poll executes at most [`STEPS_PER_POLL`] instructions, so
//! `while True: pass` yields to the kernel (and Ctrl-C, a
//! `KeyboardInterrupt` raised at the current instruction, reaches it).
//!
//! The pipeline: `lexer` (tokens with INDENT/DEDENT) → `parser` (a Pratt
//! parser for expressions, recursive descent for statements) → `ast` →
//! `compile` (one `code::Code` per module, function and class body) →
//! `vm` (frames, blocks for `try`/`with`, exceptions with tracebacks as
//! CPython 3.11 prints them, carets included) over `value` (the object
//! model), `ops` (operators, formatting), `attr`, `native` (builtins and
//! the methods of the builtin types), `modules` (`sys`, `time`, `os`,
//! `errno`, `select`) and `sock` (`socket`, through `ctx.sys()` only).
//! Bounds: recursion 1000 frames (`RecursionError`), strings, bytes and
//! [`value::MAX_LEN`] bytes, lists, tuples and dicts [`value::MAX_ITEMS`]
//! items (`MemoryError`), parser nesting 200.
//! Integers are 64-bit (`OverflowError` beyond), where CPython's are
//! unbounded.

mod ast;
mod attr;
mod compile;
mod exc;
mod lexer;
mod modules;
mod native;
mod object;
mod ops;
mod parser;
mod repl;
mod sock;
mod state;
mod value;
mod vm;

#[cfg(test)]
mod tests;

use alloc::boxed::Box;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

use crate::process::{Command, Ctx, Process, Started};
use crate::time::Duration;
use state::{Outcome, Vm};

/// Instructions run per poll before yielding to the kernel.
pub(crate) const STEPS_PER_POLL: u64 = 20_000;
/// The virtual time a full slice of instructions takes.
const SLICE_TIME: Duration = Duration::from_millis(1);
/// The scheduler ticks a full slice accounts (`sched_yield`): about a
/// second of computing is a line's whole work budget, as for a flood.
const SLICE_TICKS: u64 = 1_000;
/// The longest program text read (a file, standard input).
const MAX_SOURCE: usize = 1 << 20;

/// The programs of this module.
pub(crate) const COMMANDS: &[Command] = &[Command {
    name: "python3",
    summary: "Python 3.11.2: -c CODE, FILE.py, scripts on stdin, the >>> prompt, -m http.server; socket programs",
    start,
}];

const USAGE: &str = "usage: python3 [option] ... [-c cmd | -m mod | file | -] [arg] ...\nTry `python -h' for more information.\n";

/// What the command line asks for.
enum Mode {
    Code(String),
    File(String),
    Stdin,
    Interactive,
}

/// Starts `python3` with its command line.
pub(crate) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let rest = args.get(1..).unwrap_or_default();
    let mut i = 0;
    let mut quiet = false;
    let mut inspect = false;
    let mut unbuffered = false;
    let mut mode = None;
    let mut script_args: Vec<String> = Vec::new();
    while let Some(a) = rest.get(i) {
        i += 1;
        if a == "-" {
            mode = Some(Mode::Stdin);
            script_args.push(String::from("-"));
            script_args.extend(rest.get(i..).unwrap_or_default().iter().cloned());
            break;
        }
        if a == "--version" {
            ctx.out("Python 3.11.2\n");
            return Started::Exited(0);
        }
        if let Some(opts) = a
            .strip_prefix('-')
            .filter(|o| !o.is_empty() && !o.starts_with('-'))
        {
            let chars: Vec<char> = opts.chars().collect();
            let mut k = 0;
            while let Some(&c) = chars.get(k) {
                k += 1;
                let attached: String = chars.get(k..).unwrap_or_default().iter().collect();
                match c {
                    'V' => {
                        let text = if opts.matches('V').count() > 1 {
                            format!("Python {}\n", modules::VERSION)
                        } else {
                            String::from("Python 3.11.2\n")
                        };
                        ctx.out(&text);
                        return Started::Exited(0);
                    }
                    'c' | 'm' => {
                        let value = if attached.is_empty() {
                            let v = rest.get(i).cloned();
                            i += 1;
                            v
                        } else {
                            Some(attached)
                        };
                        let Some(value) = value else {
                            ctx.err(&format!("Argument expected for the -{c} option\n{USAGE}"));
                            return Started::Exited(2);
                        };
                        if c == 'm' {
                            return run_module(ctx, &value, rest.get(i..).unwrap_or_default());
                        }
                        script_args.push(String::from("-c"));
                        script_args.extend(rest.get(i..).unwrap_or_default().iter().cloned());
                        mode = Some(Mode::Code(value));
                        break;
                    }
                    'q' => quiet = true,
                    'i' => inspect = true,
                    'u' => unbuffered = true,
                    'B' | 'E' | 's' | 'S' | 'I' | 'b' | 'd' | 'O' | 'P' | 'R' | 'v' | 'x' => {}
                    'W' | 'X' => {
                        if attached.is_empty() {
                            i += 1;
                        }
                        break;
                    }
                    'h' | '?' => {
                        ctx.out(HELP);
                        return Started::Exited(0);
                    }
                    other => {
                        ctx.err(&format!("Unknown option: -{other}\n{USAGE}"));
                        return Started::Exited(2);
                    }
                }
                if mode.is_some() {
                    break;
                }
            }
            if mode.is_some() {
                break;
            }
            continue;
        }
        if a == "--help" {
            ctx.out(HELP);
            return Started::Exited(0);
        }
        if a.starts_with("--") {
            ctx.err(&format!("unknown option {a}\n{USAGE}"));
            return Started::Exited(2);
        }
        script_args.push(a.clone());
        script_args.extend(rest.get(i..).unwrap_or_default().iter().cloned());
        mode = Some(Mode::File(a.clone()));
        break;
    }
    let mode = mode.unwrap_or_else(|| {
        if inspect || (ctx.sys().isatty(crate::sys::Fd(0)) && ctx.stdin().is_none()) {
            Mode::Interactive
        } else {
            Mode::Stdin
        }
    });
    if script_args.is_empty() {
        script_args.push(String::new());
    }
    let line_buffered = unbuffered || ctx.stdout_is_terminal();
    let mut vm = Vm::new(script_args, line_buffered);
    let phase = match mode {
        Mode::Code(src) => match prepare(ctx, &mut vm, &src, "<string>", true) {
            Ok(()) => Phase::Running,
            Err(status) => return Started::Exited(status),
        },
        Mode::File(path) => {
            let abs = if path.starts_with('/') {
                path.clone()
            } else {
                format!("{}/{}", ctx.cwd().trim_end_matches('/'), path)
            };
            let text = match ctx.sys().read_file(&abs) {
                Ok(t) => t,
                Err(_) => {
                    let why = if ctx.sys().is_dir(&abs) {
                        // CPython runs a directory's __main__.py.
                        format!("python3: can't find '__main__' module in '{path}'\n")
                    } else {
                        format!(
                            "python3: can't open file '{abs}': [Errno 2] No such file or directory\n"
                        )
                    };
                    ctx.err(&why);
                    return Started::Exited(if ctx.sys().is_dir(&abs) { 1 } else { 2 });
                }
            };
            if text.len() > MAX_SOURCE {
                ctx.err("MemoryError\n");
                return Started::Exited(1);
            }
            match prepare(ctx, &mut vm, &text, &abs, true) {
                Ok(()) => Phase::Running,
                Err(status) => return Started::Exited(status),
            }
        }
        Mode::Stdin => Phase::ReadingStdin,
        Mode::Interactive => {
            if !quiet {
                ctx.err(&format!(
                    "Python {} on linux\nType \"help\", \"copyright\", \"credits\" or \"license\" for more information.\n",
                    modules::VERSION
                ));
            }
            Phase::Repl(new_repl(ctx))
        }
    };
    let mut p = Python { vm, phase, inspect };
    match p.poll(ctx) {
        Some(status) => Started::Exited(status),
        None => Started::Running(Box::new(p)),
    }
}

/// `python3 -m MODULE`: `http.server` is the one module it runs.
fn run_module(ctx: &mut Ctx<'_>, module: &str, after: &[String]) -> Started {
    if module == "http.server" {
        let mut argv: Vec<String> = ["python3", "-m", "http.server"]
            .into_iter()
            .map(String::from)
            .collect();
        argv.extend(after.iter().cloned());
        return super::http_server::start(ctx, &argv);
    }
    let known = matches!(
        module,
        "socket" | "time" | "os" | "sys" | "errno" | "select"
    );
    if known {
        // A module that is not a script: it runs and does nothing.
        return Started::Exited(0);
    }
    ctx.err(&format!("/usr/bin/python3: No module named {module}\n"));
    Started::Exited(1)
}

/// Parses and compiles `src` and starts it in the VM; a syntax error is
/// printed and is the exit status.
fn prepare(
    ctx: &mut Ctx<'_>,
    vm: &mut Vm,
    src: &str,
    file: &str,
    show_source: bool,
) -> Result<(), i32> {
    let lines: Option<Rc<Vec<String>>> = if file.starts_with('<') {
        None
    } else {
        Some(Rc::new(src.split('\n').map(String::from).collect()))
    };
    let code = parser::parse(src)
        .and_then(|body| compile::compile_module(&body, Rc::from(file), lines, false));
    match code {
        Ok(code) => {
            vm.start(code);
            Ok(())
        }
        Err(e) => {
            ctx.err(&exc::format_syntax_error(file, src, &e, show_source));
            Err(1)
        }
    }
}

#[derive(Debug)]
enum Phase {
    /// Collecting the script from standard input.
    ReadingStdin,
    Running,
    Repl(repl::Repl),
}

/// A running interpreter.
#[derive(Debug)]
struct Python {
    vm: Vm,
    phase: Phase,
    /// `-i`: the prompt once the script is over.
    inspect: bool,
}

/// A prompt, its prompts on standard output when the input is a terminal.
fn new_repl(ctx: &mut Ctx<'_>) -> repl::Repl {
    repl::Repl::new(!ctx.sys().isatty(crate::sys::Fd(0)))
}

impl Python {
    fn run(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        match self.vm.run(ctx, STEPS_PER_POLL) {
            Outcome::Exit(status) if self.inspect && self.vm.exit.is_none() => {
                // -i: the prompt follows the script (after an error too).
                let _ = status;
                self.vm.flush(ctx);
                self.vm.reset();
                self.phase = Phase::Repl(new_repl(ctx));
                self.poll(ctx)
            }
            Outcome::Exit(status) => {
                self.vm.flush(ctx);
                Some(status)
            }
            Outcome::Blocked => None,
            Outcome::Yield => {
                ctx.sys().sched_yield(SLICE_TICKS);
                ctx.wake_at(ctx.now() + SLICE_TIME);
                None
            }
        }
    }
}

impl Process for Python {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        match &mut self.phase {
            Phase::ReadingStdin => {
                let src = self.vm.stdin.all(ctx)?;
                if src.len() > MAX_SOURCE {
                    ctx.err("MemoryError\n");
                    return Some(1);
                }
                if let Err(status) = prepare(ctx, &mut self.vm, &src, "<stdin>", false) {
                    return Some(status);
                }
                self.phase = Phase::Running;
                self.run(ctx)
            }
            Phase::Running => self.run(ctx),
            Phase::Repl(r) => r.poll(&mut self.vm, ctx),
        }
    }

    fn interrupt(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        if let Phase::Repl(r) = &mut self.phase {
            return r.interrupt(&mut self.vm, ctx);
        }
        if matches!(self.phase, Phase::ReadingStdin) {
            ctx.err("Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\nKeyboardInterrupt\n");
            return Some(130);
        }
        match self.vm.interrupt(ctx) {
            Outcome::Exit(status) => {
                self.vm.flush(ctx);
                Some(status)
            }
            _ => {
                ctx.wake_at(ctx.now());
                None
            }
        }
    }
}

/// `python3 -h`, as Python 3.11 prints it (recorded from this machine's
/// python3 3.11.7, the program name as Debian's `python3`).
const HELP: &str = "usage: python3 [option] ... [-c cmd | -m mod | file | -] [arg] ...
Options (and corresponding environment variables):
-b     : issue warnings about str(bytes_instance), str(bytearray_instance)
         and comparing bytes/bytearray with str. (-bb: issue errors)
-B     : don't write .pyc files on import; also PYTHONDONTWRITEBYTECODE=x
-c cmd : program passed in as string (terminates option list)
-d     : turn on parser debugging output (for experts only, only works on
         debug builds); also PYTHONDEBUG=x
-E     : ignore PYTHON* environment variables (such as PYTHONPATH)
-h     : print this help message and exit (also -? or --help)
-i     : inspect interactively after running script; forces a prompt even
         if stdin does not appear to be a terminal; also PYTHONINSPECT=x
-I     : isolate Python from the user's environment (implies -E and -s)
-m mod : run library module as a script (terminates option list)
-O     : remove assert and __debug__-dependent statements; add .opt-1 before
         .pyc extension; also PYTHONOPTIMIZE=x
-OO    : do -O changes and also discard docstrings; add .opt-2 before
         .pyc extension
-P     : don't prepend a potentially unsafe path to sys.path; also PYTHONSAFEPATH
-q     : don't print version and copyright messages on interactive startup
-s     : don't add user site directory to sys.path; also PYTHONNOUSERSITE
-S     : don't imply 'import site' on initialization
-u     : force the stdout and stderr streams to be unbuffered;
         this option has no effect on stdin; also PYTHONUNBUFFERED=x
-v     : verbose (trace import statements); also PYTHONVERBOSE=x
         can be supplied multiple times to increase verbosity
-V     : print the Python version number and exit (also --version)
         when given twice, print more information about the build
-W arg : warning control; arg is action:message:category:module:lineno
         also PYTHONWARNINGS=arg
-x     : skip first line of source, allowing use of non-Unix forms of #!cmd
-X opt : set implementation-specific option
--check-hash-based-pycs always|default|never:
         control how Python invalidates hash-based .pyc files
--help-env      : print help about Python environment variables and exit
--help-xoptions : print help about implementation-specific -X options and exit
--help-all      : print complete help information and exit
Arguments:
file   : program read from script file
-      : program read from stdin (default; interactive mode if a tty)
arg ...: arguments passed to program in sys.argv[1:]
";
