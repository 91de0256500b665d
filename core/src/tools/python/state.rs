//! The interpreter's state as data: the VM (frames, blocks, modules, the
//! exception being handled, buffered output, the wait a blocking call
//! began), why an instruction stopped (`Flow`), how a run ended
//! (`Outcome`), standard input as `input()` reads it. The behaviour is in
//! `vm` (the loop, calls) and the modules of natives.

use alloc::collections::BTreeMap;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;
use core::net::SocketAddr;

use super::value::*;
use crate::names;
use crate::process::Ctx;
use crate::sys::Fd;
use crate::time::{Duration, Instant};

/// CPython's default recursion limit.
pub(crate) const RECURSION_LIMIT: usize = 1000;
/// The deepest nesting of callbacks run from native code (`sorted`'s key,
/// `__str__` from `print`).
pub(crate) const SYNC_DEPTH: usize = 16;
/// The most instructions a nested callback may run.
pub(crate) const SYNC_STEPS: u64 = 2_000_000;
/// The most values on one frame's stack.
pub(crate) const STACK_LIMIT: usize = 10_000;

/// Why the run loop left an instruction.
#[derive(Debug)]
pub(crate) enum Flow {
    /// An exception was raised.
    Exc(Value),
    /// An exception raised again from its handler (`raise`, the end of an
    /// `except` that did not match): the frame's line is already in its
    /// traceback.
    Reraise(Value),
    /// The instruction would block: run it again when woken.
    Block,
}

/// How a run ended.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Waiting for the kernel (a socket, a timer, a lookup).
    Blocked,
    /// The instruction budget ran out; more to do.
    Yield,
    /// The program finished with this status.
    Exit(i32),
}

/// What a frame's return does.
#[derive(Debug)]
pub(crate) enum Ret {
    Normal,
    /// `__init__`: the call's value is the instance.
    Init(Value),
    /// A class body: the namespace becomes a class.
    Class(String, Vec<Rc<Class>>),
    /// The end of a nested run ([`Vm::call_sync`]).
    Sync,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum BlockKind {
    Except,
    Finally,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct RtBlock {
    pub(crate) kind: BlockKind,
    pub(crate) handler: usize,
    pub(crate) depth: usize,
    pub(crate) exc_depth: usize,
}

#[derive(Debug)]
pub(crate) struct Frame {
    pub(crate) code: Rc<Code>,
    pub(crate) pc: usize,
    pub(crate) lasti: usize,
    pub(crate) stack: Vec<Value>,
    pub(crate) locals: Vec<Option<Value>>,
    pub(crate) ns: Rc<RefCell<Dict>>,
    pub(crate) globals: Rc<RefCell<Dict>>,
    pub(crate) captured: Vec<Value>,
    pub(crate) blocks: Vec<RtBlock>,
    pub(crate) ret: Ret,
    pub(crate) func: Option<Rc<Function>>,
}

/// The interpreter's state: frames, modules, the exception being handled,
/// and buffered standard output.
#[derive(Debug)]
pub(crate) struct Vm {
    pub(crate) frames: Vec<Frame>,
    pub(crate) builtins: Rc<RefCell<Dict>>,
    pub(crate) modules: BTreeMap<String, Rc<Module>>,
    pub(crate) exc_info: Vec<Value>,
    pub(crate) classes: super::exc::Classes,
    /// Standard output not yet written (Python's buffer).
    pub(crate) out: String,
    /// Standard output is the terminal (line buffered) rather than a pipe
    /// or a file (block buffered).
    pub(crate) line_buffered: bool,
    /// The wait a blocking native began (a deadline, a lookup).
    pub(crate) pending: Option<Wait>,
    pub(crate) argv: Vec<String>,
    /// Steps left in the current run.
    pub(crate) steps: u64,
    pub(crate) sync_depth: usize,
    pub(crate) sync_result: Option<Value>,
    /// Standard input not yet consumed by `input()`/`sys.stdin`.
    pub(crate) stdin: Stdin,
    /// The exit status asked for by an uncaught exception or `sys.exit`.
    pub(crate) exit: Option<i32>,
    /// `__main__`'s globals.
    pub(crate) main_globals: Rc<RefCell<Dict>>,
    /// Descriptors of dropped socket objects, closed after each step.
    pub(crate) graveyard: Graveyard,
    /// The library frames of the call that blocked (`socket.accept`'s),
    /// for the traceback of a Ctrl-C while it waits.
    pub(crate) block_frames: Vec<TbEntry>,
}

/// What a blocking native is waiting for.
#[derive(Debug)]
pub(crate) enum Wait {
    /// `time.sleep` until this instant.
    Sleep(Instant),
    /// A socket call with a timeout, failing at this instant.
    Deadline(Instant),
    /// A call waiting without a deadline (a blocking socket).
    Forever,
    /// A name lookup (`getaddrinfo`).
    Lookup(alloc::boxed::Box<LookupWait>),
    /// `socket.create_connection` trying its addresses.
    Connect(alloc::boxed::Box<Connecting>),
}

/// What is left of standard input for `input()` and `sys.stdin`.
#[derive(Debug, Default)]
pub(crate) struct Stdin {
    pub buf: String,
    pub eof: bool,
    started: bool,
}

impl Stdin {
    /// Reads what has arrived on descriptor 0.
    pub(crate) fn fill(&mut self, ctx: &mut Ctx<'_>) {
        if !self.started {
            self.started = true;
            if let Some(t) = ctx.stdin() {
                self.buf.push_str(t);
                self.eof = true;
                return;
            }
        }
        if self.eof {
            return;
        }
        if let Ok(r) = ctx.sys().read(Fd(0)) {
            if self.buf.len() + r.data.len() <= MAX_LEN {
                self.buf.push_str(&r.data);
            }
            self.eof = r.eof;
        } else {
            self.eof = true;
        }
    }

    /// The next line (with its newline), `Some("")` at end of input,
    /// `None` while waiting.
    pub(crate) fn line(&mut self, ctx: &mut Ctx<'_>) -> Option<String> {
        self.fill(ctx);
        if let Some(i) = self.buf.find('\n') {
            let rest = self.buf.split_off(i + 1);
            return Some(core::mem::replace(&mut self.buf, rest));
        }
        if self.eof {
            return Some(core::mem::take(&mut self.buf));
        }
        None
    }

    /// Everything to the end, `None` while waiting.
    pub(crate) fn all(&mut self, ctx: &mut Ctx<'_>) -> Option<String> {
        self.fill(ctx);
        if self.eof {
            Some(core::mem::take(&mut self.buf))
        } else {
            None
        }
    }
}

/// A name lookup in progress, for the call that started it.
#[derive(Debug)]
pub(crate) struct LookupWait {
    pub(crate) key: (String, String, u8),
    pub(crate) pending:
        super::super::resolve::Pending<names::Resolution<Vec<names::AddrInfo>, names::GaiError>>,
}

/// The state of a `create_connection` under way.
#[derive(Debug)]
pub(crate) struct Connecting {
    pub(crate) addrs: Vec<SocketAddr>,
    pub(crate) next: usize,
    pub(crate) sock: Option<Value>,
    pub(crate) first_error: Option<Value>,
    /// The current attempt's timeout deadline.
    pub(crate) deadline: Option<crate::time::Instant>,
}

/// A duration in seconds as the lab's microseconds (bounded to a year).
pub(crate) fn duration(s: f64) -> Duration {
    let us = (s * 1e6).clamp(0.0, 3.2e13);
    Duration::from_micros(us as u64)
}
