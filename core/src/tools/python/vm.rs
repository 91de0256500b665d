//! The virtual machine: frames on an explicit stack, so a program can stop
//! at any instruction and resume later. A native call that would block
//! (`accept`, `recv`, `connect`, `time.sleep`, `select`, a name lookup,
//! `input`) answers [`Flow::Block`]: the call instruction is left
//! undone, its arguments still on the stack, and [`Vm::run`] returns;
//! the process is polled again when woken and the instruction runs again
//! (the native keeps what it already did in the socket or in the VM's
//! pending wait). Every run is bounded by a number of instructions, so a
//! `while True: pass` yields to the kernel and Ctrl-C reaches it.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use super::ast::{CmpOp, UnOp};
use super::state::*;
use super::value::*;
use super::{exc, ops};
use crate::process::Ctx;

impl Vm {
    /// A VM with the builtins and `__main__`'s globals.
    pub(crate) fn new(argv: Vec<String>, line_buffered: bool) -> Vm {
        let classes = exc::Classes::new();
        let builtins = Rc::new(RefCell::new(Dict::default()));
        super::native::install_builtins(&mut builtins.borrow_mut(), &classes);
        let main_globals = Rc::new(RefCell::new(Dict::default()));
        {
            let mut g = main_globals.borrow_mut();
            g.set_str("__name__", Value::str("__main__"));
            g.set_str("__doc__", Value::None);
            g.set_str("__builtins__", Value::None);
        }
        Vm {
            frames: Vec::new(),
            builtins,
            modules: BTreeMap::new(),
            exc_info: Vec::new(),
            classes,
            out: String::new(),
            line_buffered,
            pending: None,
            argv,
            steps: 0,
            sync_depth: 0,
            sync_result: None,
            stdin: super::state::Stdin::default(),
            exit: None,
            main_globals,
            graveyard: Rc::new(RefCell::new(Vec::new())),
            block_frames: Vec::new(),
        }
    }

    /// Starts running a module's code (in `__main__`).
    pub(crate) fn start(&mut self, code: Rc<Code>) {
        let g = self.main_globals.clone();
        self.frames.push(Frame {
            code,
            pc: 0,
            lasti: 0,
            stack: Vec::new(),
            locals: Vec::new(),
            ns: g.clone(),
            globals: g,
            captured: Vec::new(),
            blocks: Vec::new(),
            ret: Ret::Normal,
            func: None,
        });
    }

    /// Writes to standard output through the buffer.
    pub(crate) fn write_out(&mut self, ctx: &mut Ctx<'_>, s: &str) {
        self.out.push_str(s);
        if self.line_buffered {
            if let Some(i) = self.out.rfind('\n') {
                let rest = self.out.split_off(i + 1);
                let text = core::mem::replace(&mut self.out, rest);
                ctx.out(&text);
            }
        } else if self.out.len() >= 8192 {
            self.flush(ctx);
        }
    }

    /// Flushes standard output.
    pub(crate) fn flush(&mut self, ctx: &mut Ctx<'_>) {
        if !self.out.is_empty() {
            let text = core::mem::take(&mut self.out);
            ctx.out(&text);
        }
    }

    /// Runs at most `budget` instructions.
    pub(crate) fn run(&mut self, ctx: &mut Ctx<'_>, budget: u64) -> Outcome {
        self.steps = budget;
        let base = 0;
        match self.run_frames(ctx, base, false) {
            Ok(()) => Outcome::Exit(self.exit.unwrap_or(0)),
            Err(Flow::Block) => {
                if self.steps == 0 {
                    Outcome::Yield
                } else {
                    Outcome::Blocked
                }
            }
            Err(Flow::Exc(e) | Flow::Reraise(e)) => self.uncaught(ctx, e),
        }
    }

    /// The end of a program by an exception no handler caught.
    pub(crate) fn uncaught(&mut self, ctx: &mut Ctx<'_>, e: Value) -> Outcome {
        self.frames.clear();
        self.flush(ctx);
        let system_exit = self.classes.get("SystemExit");
        if let (Value::Instance(i), Some(se)) = (&e, &system_exit)
            && i.class.is_subclass(se)
        {
            let args = exc_args(i);
            let status = match args.first() {
                None | Some(Value::None) => 0,
                Some(Value::Int(n)) => (*n & 0xff) as i32,
                Some(Value::Bool(b)) => i32::from(*b),
                Some(other) => {
                    let text = self.str_of(ctx, other).unwrap_or_default();
                    ctx.err(&format!("{text}\n"));
                    1
                }
            };
            self.exit = Some(status);
            return Outcome::Exit(status);
        }
        let text = exc::format_exception(&e);
        ctx.err(&text);
        let ki = self.classes.get("KeyboardInterrupt");
        if let (Value::Instance(i), Some(k)) = (&e, &ki)
            && i.class.is_subclass(k)
        {
            return Outcome::Exit(130);
        }
        Outcome::Exit(1)
    }

    /// Closes the descriptors of socket objects nothing refers to any more.
    pub(crate) fn bury(&mut self, ctx: &mut Ctx<'_>) {
        if self.graveyard.borrow().is_empty() {
            return;
        }
        let fds = core::mem::take(&mut *self.graveyard.borrow_mut());
        for fd in fds {
            let _ = ctx.sys().close(fd);
        }
    }

    /// Ctrl-C: KeyboardInterrupt raised where the program is.
    pub(crate) fn interrupt(&mut self, ctx: &mut Ctx<'_>) -> Outcome {
        self.pending = None;
        let e = self.new_exc("KeyboardInterrupt", Vec::new());
        if let Value::Instance(i) = &e {
            i.traceback.borrow_mut().append(&mut self.block_frames);
        }
        if self.frames.is_empty() {
            return self.uncaught(ctx, e);
        }
        match self.throw(e, true) {
            Ok(()) => Outcome::Yield,
            Err(e) => self.uncaught(ctx, e),
        }
    }

    // ----- the loop -----

    fn run_frames(&mut self, ctx: &mut Ctx<'_>, base: usize, sync: bool) -> Result<(), Flow> {
        loop {
            if self.frames.len() <= base {
                return Ok(());
            }
            if self.steps == 0 {
                if sync {
                    return Err(Flow::Exc(
                        self.new_exc_msg("RuntimeError", "callback ran too long"),
                    ));
                }
                return Err(Flow::Block);
            }
            self.steps -= 1;
            let r = self.step(ctx);
            self.bury(ctx);
            match r {
                Ok(Some(v)) => {
                    // A Sync frame returned.
                    self.sync_result = Some(v);
                    return Ok(());
                }
                Ok(None) => {}
                Err(Flow::Block) => {
                    if let Some(f) = self.frames.last_mut() {
                        f.pc = f.lasti;
                    }
                    if sync {
                        return Err(Flow::Exc(
                            self.new_exc_msg("RuntimeError", "cannot block in a callback"),
                        ));
                    }
                    return Err(Flow::Block);
                }
                Err(Flow::Exc(e)) => {
                    self.chain(&e);
                    if let Err(e) = self.throw_until(e, true, base, sync) {
                        return Err(Flow::Exc(e));
                    }
                }
                Err(Flow::Reraise(e)) => {
                    if let Err(e) = self.throw_until(e, false, base, sync) {
                        return Err(Flow::Exc(e));
                    }
                }
            }
        }
    }

    /// Raises `e` in the current frame: finds a handler, unwinding frames;
    /// `Err` with the exception if none catches it.
    fn throw(&mut self, e: Value, add_tb: bool) -> Result<(), Value> {
        self.throw_until(e, add_tb, 0, false)
    }

    fn throw_until(
        &mut self,
        e: Value,
        mut add_tb: bool,
        base: usize,
        sync: bool,
    ) -> Result<(), Value> {
        loop {
            if self.frames.len() <= base {
                return Err(e);
            }
            let Some(frame) = self.frames.last_mut() else {
                return Err(e);
            };
            if add_tb {
                exc::add_traceback(&e, &frame.code, frame.lasti);
            }
            add_tb = true;
            if let Some(b) = frame.blocks.pop() {
                frame.stack.truncate(b.depth);
                frame.stack.push(e.clone());
                frame.pc = b.handler;
                self.exc_info.truncate(b.exc_depth);
                if matches!(b.kind, BlockKind::Except) {
                    self.exc_info.push(e);
                }
                return Ok(());
            }
            let done = self.frames.pop();
            if let Some(Frame { ret: Ret::Sync, .. }) = done
                && sync
            {
                return Err(e);
            }
        }
    }

    /// Runs one instruction. `Ok(Some(v))` when a Sync frame returned `v`.
    fn step(&mut self, ctx: &mut Ctx<'_>) -> Result<Option<Value>, Flow> {
        let Some(frame) = self.frames.last_mut() else {
            return Ok(None);
        };
        let Some(&op) = frame.code.ops.get(frame.pc) else {
            return Err(Flow::Exc(self.new_exc_msg("SystemError", "no instruction")));
        };
        frame.lasti = frame.pc;
        frame.pc += 1;
        if frame.stack.len() > STACK_LIMIT {
            return Err(Flow::Exc(self.new_exc_msg("MemoryError", "")));
        }
        match op {
            Op::Const(i) => {
                let v = frame
                    .code
                    .consts
                    .get(i as usize)
                    .cloned()
                    .unwrap_or(Value::None);
                frame.stack.push(v);
            }
            Op::Pop => {
                frame.stack.pop();
            }
            Op::Dup => {
                let v = top(frame)?;
                frame.stack.push(v);
            }
            Op::Pick(n) => {
                let len = frame.stack.len();
                let v = frame
                    .stack
                    .get(len.wrapping_sub(1 + n as usize))
                    .cloned()
                    .unwrap_or(Value::None);
                frame.stack.push(v);
            }
            Op::Rot2 => {
                let n = frame.stack.len();
                if n >= 2 {
                    frame.stack.swap(n - 1, n - 2);
                }
            }
            Op::Rot3 => {
                let n = frame.stack.len();
                if n >= 3 {
                    let v = frame.stack.pop().unwrap_or(Value::None);
                    frame.stack.insert(n - 3, v);
                }
            }
            Op::LoadLocal(i) => match frame.locals.get(i as usize).cloned().flatten() {
                Some(v) => frame.stack.push(v),
                None => {
                    let name = frame
                        .code
                        .locals
                        .get(i as usize)
                        .cloned()
                        .unwrap_or_else(|| Rc::from("?"));
                    return Err(self.exc_flow(
                            "UnboundLocalError",
                            &format!("cannot access local variable '{name}' where it is not associated with a value"),
                        ));
                }
            },
            Op::StoreLocal(i) => {
                let v = pop(frame)?;
                let i = i as usize;
                if frame.locals.len() <= i {
                    frame.locals.resize(i + 1, None);
                }
                if let Some(slot) = frame.locals.get_mut(i) {
                    *slot = Some(v);
                }
            }
            Op::DelLocal(i) => {
                if let Some(slot) = frame.locals.get_mut(i as usize) {
                    *slot = None;
                }
            }
            Op::LoadCaptured(i) => {
                let v = frame.captured.get(i as usize).cloned();
                match v {
                    Some(v) => frame.stack.push(v),
                    None => {
                        let name = frame
                            .code
                            .captures
                            .get(i as usize)
                            .map(|c| c.0.clone())
                            .unwrap_or_else(|| Rc::from("?"));
                        return Err(self.exc_flow(
                            "NameError",
                            &format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
                        ));
                    }
                }
            }
            Op::LoadName(i) | Op::LoadGlobal(i) => {
                let name = frame
                    .code
                    .names
                    .get(i as usize)
                    .cloned()
                    .unwrap_or_else(|| Rc::from(""));
                let key = Key::Str(name.clone());
                let found = if matches!(op, Op::LoadName(_)) {
                    frame
                        .ns
                        .borrow()
                        .get(&key)
                        .cloned()
                        .or_else(|| frame.globals.borrow().get(&key).cloned())
                } else {
                    frame.globals.borrow().get(&key).cloned()
                };
                let v = match found.or_else(|| self.builtins.borrow().get(&key).cloned()) {
                    Some(v) => v,
                    None => {
                        return Err(
                            self.exc_flow("NameError", &format!("name '{name}' is not defined"))
                        );
                    }
                };
                if let Some(f) = self.frames.last_mut() {
                    f.stack.push(v);
                }
            }
            Op::StoreName(i) | Op::StoreGlobal(i) => {
                let name = frame
                    .code
                    .names
                    .get(i as usize)
                    .cloned()
                    .unwrap_or_else(|| Rc::from(""));
                let v = pop(frame)?;
                let target = if matches!(op, Op::StoreName(_)) {
                    &frame.ns
                } else {
                    &frame.globals
                };
                target
                    .borrow_mut()
                    .insert(Key::Str(name.clone()), Value::Str(name), v);
            }
            Op::DelName(i) | Op::DelGlobal(i) => {
                let name = frame
                    .code
                    .names
                    .get(i as usize)
                    .cloned()
                    .unwrap_or_else(|| Rc::from(""));
                let target = if matches!(op, Op::DelName(_)) {
                    frame.ns.clone()
                } else {
                    frame.globals.clone()
                };
                if target
                    .borrow_mut()
                    .remove(&Key::Str(name.clone()))
                    .is_none()
                {
                    return Err(
                        self.exc_flow("NameError", &format!("name '{name}' is not defined"))
                    );
                }
            }
            Op::LoadAttr(i) => {
                let name = frame
                    .code
                    .names
                    .get(i as usize)
                    .cloned()
                    .unwrap_or_else(|| Rc::from(""));
                let obj = pop(frame)?;
                let v = self.getattr(ctx, &obj, &name)?;
                self.push(v);
            }
            Op::StoreAttr(i) => {
                let name = frame
                    .code
                    .names
                    .get(i as usize)
                    .cloned()
                    .unwrap_or_else(|| Rc::from(""));
                let obj = pop(frame)?;
                let v = pop(frame)?;
                self.setattr(&obj, &name, v)?;
            }
            Op::DelAttr(i) => {
                let name = frame
                    .code
                    .names
                    .get(i as usize)
                    .cloned()
                    .unwrap_or_else(|| Rc::from(""));
                let obj = pop(frame)?;
                let removed = match &obj {
                    Value::Instance(inst) => inst.attrs.borrow_mut().remove(&*name).is_some(),
                    Value::Class(c) => c.attrs.borrow_mut().remove(&*name).is_some(),
                    _ => false,
                };
                if !removed {
                    return Err(self.exc_flow(
                        "AttributeError",
                        &format!("'{}' object has no attribute '{name}'", obj.type_name()),
                    ));
                }
            }
            Op::Subscr => {
                let idx = pop(frame)?;
                let obj = pop(frame)?;
                let v = ops::subscript(self, &obj, &idx)?;
                self.push(v);
            }
            Op::StoreSubscr => {
                let idx = pop(frame)?;
                let obj = pop(frame)?;
                let v = pop(frame)?;
                ops::store_subscript(self, &obj, &idx, v)?;
            }
            Op::DelSubscr => {
                let idx = pop(frame)?;
                let obj = pop(frame)?;
                ops::del_subscript(self, &obj, &idx)?;
            }
            Op::Binary(b) | Op::InPlace(b) => {
                let r = pop(frame)?;
                let l = pop(frame)?;
                let v = ops::binary(self, ctx, b, &l, &r, matches!(op, Op::InPlace(_)))?;
                self.push(v);
            }
            Op::Unary(u) => {
                let v = pop(frame)?;
                let r = match (u, &v) {
                    (UnOp::Not, _) => Value::Bool(!v.truthy()),
                    (UnOp::Neg, Value::Int(i)) => match i.checked_neg() {
                        Some(n) => Value::Int(n),
                        None => return Err(self.exc_flow("OverflowError", "integer overflow")),
                    },
                    (UnOp::Neg, Value::Bool(b)) => Value::Int(-i64::from(*b)),
                    (UnOp::Neg, Value::Float(f)) => Value::Float(-f),
                    (UnOp::Pos, Value::Int(_) | Value::Float(_)) => v.clone(),
                    (UnOp::Pos, Value::Bool(b)) => Value::Int(i64::from(*b)),
                    (UnOp::Invert, Value::Int(i)) => Value::Int(!i),
                    (UnOp::Invert, Value::Bool(b)) => Value::Int(!i64::from(*b)),
                    _ => {
                        let sym = match u {
                            UnOp::Neg => "-",
                            UnOp::Pos => "+",
                            _ => "~",
                        };
                        return Err(self.exc_flow(
                            "TypeError",
                            &format!("bad operand type for unary {sym}: '{}'", v.type_name()),
                        ));
                    }
                };
                self.push(r);
            }
            Op::Compare(c) => {
                let r = pop(frame)?;
                let l = pop(frame)?;
                let v = match c {
                    CmpOp::Is => Value::Bool(identical(&l, &r)),
                    CmpOp::IsNot => Value::Bool(!identical(&l, &r)),
                    CmpOp::In => Value::Bool(ops::contains(self, &r, &l)?),
                    CmpOp::NotIn => Value::Bool(!ops::contains(self, &r, &l)?),
                    _ => Value::Bool(ops::compare(self, c, &l, &r)?),
                };
                self.push(v);
            }
            Op::Jump(t) => frame.pc = t as usize,
            Op::PopJumpIfFalse(t) => {
                if !pop(frame)?.truthy() {
                    frame.pc = t as usize;
                }
            }
            Op::PopJumpIfTrue(t) => {
                if pop(frame)?.truthy() {
                    frame.pc = t as usize;
                }
            }
            Op::JumpIfFalseOrPop(t) => {
                if !top(frame)?.truthy() {
                    frame.pc = t as usize;
                } else {
                    frame.stack.pop();
                }
            }
            Op::JumpIfTrueOrPop(t) => {
                if top(frame)?.truthy() {
                    frame.pc = t as usize;
                } else {
                    frame.stack.pop();
                }
            }
            Op::BuildList(n) | Op::BuildTuple(n) | Op::BuildSet(n) => {
                let items = pop_n(frame, n as usize)?;
                let v = match op {
                    Op::BuildList(_) => Value::list(items),
                    Op::BuildTuple(_) => Value::tuple(items),
                    _ => {
                        let mut d = Dict::default();
                        for it in items {
                            let k = self.key(&it)?;
                            d.insert(k, it, Value::None);
                        }
                        Value::Set(Rc::new(RefCell::new(d)))
                    }
                };
                self.push(v);
            }
            Op::BuildDict(n) => {
                let items = pop_n(frame, 2 * n as usize)?;
                let mut d = Dict::default();
                let mut it = items.into_iter();
                while let (Some(k), Some(v)) = (it.next(), it.next()) {
                    let hk = self.key(&k)?;
                    d.insert(hk, k, v);
                }
                self.push(Value::Dict(Rc::new(RefCell::new(d))));
            }
            Op::BuildSlice => {
                let items = pop_n(frame, 3)?;
                let mut it = items.into_iter();
                let (a, b, c) = (
                    it.next().unwrap_or(Value::None),
                    it.next().unwrap_or(Value::None),
                    it.next().unwrap_or(Value::None),
                );
                frame.stack.push(Value::Slice(Rc::new((a, b, c))));
            }
            Op::BuildString(n) => {
                let items = pop_n(frame, n as usize)?;
                let mut s = String::new();
                for it in items {
                    if let Value::Str(ref x) = it {
                        s.push_str(x);
                    }
                }
                frame.stack.push(Value::string(s));
            }
            Op::ListExtend => {
                let it = pop(frame)?;
                let items = self.collect(ctx, &it)?;
                if let Some(Value::List(l)) = self.frames.last().and_then(|f| f.stack.last()) {
                    let mut l = l.borrow_mut();
                    if l.len() + items.len() > MAX_ITEMS {
                        return Err(self.exc_flow("MemoryError", ""));
                    }
                    l.extend(items);
                }
            }
            Op::ListAppend => {
                let v = pop(frame)?;
                if let Some(Value::List(l)) = frame.stack.last() {
                    let mut l = l.borrow_mut();
                    if l.len() >= MAX_ITEMS {
                        drop(l);
                        return Err(self.exc_flow("MemoryError", ""));
                    }
                    l.push(v);
                }
            }
            Op::SetAdd => {
                let v = pop(frame)?;
                let k = self.key(&v)?;
                if let Some(Value::Set(d)) = self.frames.last().and_then(|f| f.stack.last()) {
                    d.borrow_mut().insert(k, v, Value::None);
                }
            }
            Op::DictSet => {
                let v = pop(frame)?;
                let k = pop(frame)?;
                let hk = self.key(&k)?;
                if let Some(Value::Dict(d)) = self.frames.last().and_then(|f| f.stack.last()) {
                    d.borrow_mut().insert(hk, k, v);
                }
            }
            Op::DictMerge => {
                let v = pop(frame)?;
                let Value::Dict(ref src) = v else {
                    return Err(self.exc_flow(
                        "TypeError",
                        &format!("argument after ** must be a mapping, not {}", v.type_name()),
                    ));
                };
                if let Some(Value::Dict(d)) = self.frames.last().and_then(|f| f.stack.last()) {
                    let items: Vec<(Value, Value)> = src
                        .borrow()
                        .items()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    for (k, v) in items {
                        if let Some(hk) = key_of(&k) {
                            d.borrow_mut().insert(hk, k, v);
                        }
                    }
                }
            }
            Op::ListToTuple => {
                let v = pop(frame)?;
                let t = match v {
                    Value::List(ref l) => Value::tuple(l.borrow().clone()),
                    other => other,
                };
                frame.stack.push(t);
            }
            Op::Format { conv, spec } => {
                let v = pop(frame)?;
                let spec_v = if spec { Some(pop(frame)?) } else { None };
                let v = match conv {
                    1 | 3 => Value::string(self.repr_of(ctx, &v)?),
                    2 => Value::string(self.str_of(ctx, &v)?),
                    _ => v,
                };
                let spec_s = match spec_v {
                    Some(Value::Str(ref s)) => String::from(&**s),
                    _ => String::new(),
                };
                let s = ops::format_value(self, ctx, &v, &spec_s)?;
                self.push(Value::string(s));
            }
            Op::TypeOf => {
                let v = pop(frame)?;
                let t = self.type_of(&v);
                self.push(t);
            }
            Op::GetIter => {
                let v = pop(frame)?;
                let it = self.iter(ctx, &v)?;
                self.push(it);
            }
            Op::ForIter(t) => {
                let it = top(frame)?;
                match self.next(ctx, &it)? {
                    Some(v) => self.push(v),
                    None => {
                        if let Some(f) = self.frames.last_mut() {
                            f.stack.pop();
                            f.pc = t as usize;
                        }
                    }
                }
            }
            Op::Unpack(n) => {
                let v = pop(frame)?;
                let items = self.collect(ctx, &v)?;
                if items.len() != n as usize {
                    let msg = if items.len() > n as usize {
                        format!("too many values to unpack (expected {n})")
                    } else {
                        format!(
                            "not enough values to unpack (expected {n}, got {})",
                            items.len()
                        )
                    };
                    return Err(self.exc_flow("ValueError", &msg));
                }
                if let Some(f) = self.frames.last_mut() {
                    f.stack.extend(items.into_iter().rev());
                }
            }
            Op::Call { argc, kw, names } => {
                self.block_frames.clear();
                let argc = argc as usize;
                let len = frame.stack.len();
                if len < argc + 1 {
                    return Err(self.exc_flow("SystemError", "stack underflow"));
                }
                let func = frame
                    .stack
                    .get(len - argc - 1)
                    .cloned()
                    .unwrap_or(Value::None);
                let mut args: Vec<Value> =
                    frame.stack.get(len - argc..).unwrap_or_default().to_vec();
                let mut kwargs = Vec::new();
                if kw > 0 {
                    let names = match frame.code.consts.get(names as usize) {
                        Some(Value::Tuple(t)) => t.to_vec(),
                        _ => Vec::new(),
                    };
                    let kvals = args.split_off(args.len().saturating_sub(kw as usize));
                    for (n, v) in names.into_iter().zip(kvals) {
                        if let Value::Str(ref s) = n {
                            kwargs.push((s.clone(), v));
                        }
                    }
                }
                let pushed = self.call(ctx, &func, args, kwargs)?;
                if let Some(f) = self
                    .frames
                    .iter_mut()
                    .rev()
                    .nth(usize::from(pushed.is_none()))
                {
                    f.stack.truncate(len - argc - 1);
                }
                if let Some(v) = pushed {
                    self.push(v);
                }
            }
            Op::CallEx => {
                let len = frame.stack.len();
                if len < 3 {
                    return Err(self.exc_flow("SystemError", "stack underflow"));
                }
                let func = frame.stack.get(len - 3).cloned().unwrap_or(Value::None);
                let args = match frame.stack.get(len - 2) {
                    Some(Value::Tuple(t)) => t.to_vec(),
                    _ => Vec::new(),
                };
                let kwargs: Vec<(Rc<str>, Value)> = match frame.stack.get(len - 1) {
                    Some(Value::Dict(d)) => d
                        .borrow()
                        .items()
                        .filter_map(|(k, v)| match k {
                            Value::Str(s) => Some((s.clone(), v.clone())),
                            _ => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                let pushed = self.call(ctx, &func, args, kwargs)?;
                if let Some(f) = self
                    .frames
                    .iter_mut()
                    .rev()
                    .nth(usize::from(pushed.is_none()))
                {
                    f.stack.truncate(len - 3);
                }
                if let Some(v) = pushed {
                    self.push(v);
                }
            }
            Op::Return => {
                let v = frame.stack.pop().unwrap_or(Value::None);
                let Some(done) = self.frames.pop() else {
                    return Ok(None);
                };
                let result = match done.ret {
                    Ret::Normal => v,
                    Ret::Init(inst) => {
                        if !matches!(v, Value::None) {
                            return Err(self.exc_flow(
                                "TypeError",
                                &format!("__init__() should return None, not '{}'", v.type_name()),
                            ));
                        }
                        inst
                    }
                    Ret::Class(name, bases) => {
                        let attrs: BTreeMap<String, Value> = done
                            .ns
                            .borrow()
                            .items()
                            .filter_map(|(k, v)| match k {
                                Value::Str(s) => Some((String::from(&**s), v.clone())),
                                _ => None,
                            })
                            .collect();
                        let class = Rc::new(Class {
                            name,
                            module: "__main__",
                            bases,
                            attrs: RefCell::new(attrs),
                        });
                        for v in class.attrs.borrow().values() {
                            if let Value::Func(f) = v {
                                *f.owner.borrow_mut() = Some(class.clone());
                            }
                        }
                        Value::Class(class)
                    }
                    Ret::Sync => return Ok(Some(v)),
                };
                self.push(result);
            }
            Op::MakeFunction {
                code,
                defaults,
                kwdefaults,
            } => {
                let Some(Value::Code(ref c)) = frame.code.consts.get(code as usize).cloned() else {
                    return Err(self.exc_flow("SystemError", "bad code"));
                };
                let kw = pop_n(frame, 2 * kwdefaults as usize)?;
                let defs = pop_n(frame, defaults as usize)?;
                let mut kw_defaults = Vec::new();
                let mut it = kw.into_iter();
                while let (Some(Value::Str(ref n)), Some(v)) = (it.next(), it.next()) {
                    kw_defaults.push((String::from(&**n), v));
                }
                let captured = c
                    .captures
                    .iter()
                    .map(|(_, src)| match src {
                        Capture::Local(i) => frame.locals.get(*i as usize).cloned().flatten(),
                        Capture::Captured(i) => frame.captured.get(*i as usize).cloned(),
                    })
                    .map(|v| v.unwrap_or(Value::None))
                    .collect();
                let f = Function {
                    code: c.clone(),
                    defaults: defs,
                    kw_defaults,
                    captured,
                    globals: frame.globals.clone(),
                    owner: RefCell::new(None),
                };
                frame.stack.push(Value::Func(Rc::new(f)));
            }
            Op::MakeClass { code, bases } => {
                let name = pop(frame)?;
                let base_vals = pop_n(frame, bases as usize)?;
                let Some(Value::Code(ref c)) = frame.code.consts.get(code as usize).cloned() else {
                    return Err(self.exc_flow("SystemError", "bad code"));
                };
                let globals = frame.globals.clone();
                let mut base_classes = Vec::new();
                for b in base_vals {
                    match b {
                        Value::Class(ref c) => base_classes.push(c.clone()),
                        Value::Type(TypeId::Object) => {}
                        other => {
                            return Err(self.exc_flow(
                                "TypeError",
                                &format!("cannot subclass '{}'", self.type_name_of(&other)),
                            ));
                        }
                    }
                }
                let ns = Rc::new(RefCell::new(Dict::default()));
                ns.borrow_mut()
                    .set_str("__module__", Value::str("__main__"));
                ns.borrow_mut()
                    .set_str("__qualname__", Value::str(&c.qualname));
                let name = match name {
                    Value::Str(ref s) => String::from(&**s),
                    _ => String::new(),
                };
                self.push_frame(Frame {
                    code: c.clone(),
                    pc: 0,
                    lasti: 0,
                    stack: Vec::new(),
                    locals: Vec::new(),
                    ns,
                    globals,
                    captured: Vec::new(),
                    blocks: Vec::new(),
                    ret: Ret::Class(name, base_classes),
                    func: None,
                })?;
            }
            Op::Super => {
                let owner = frame.func.as_ref().and_then(|f| f.owner.borrow().clone());
                let this = frame.locals.first().cloned().flatten();
                match (owner, this) {
                    (Some(c), Some(obj)) => frame.stack.push(Value::Super(Rc::new((obj, c)))),
                    _ => return Err(self.exc_flow("RuntimeError", "super(): no arguments")),
                }
            }
            Op::SetupExcept(h) | Op::SetupFinally(h) => {
                let kind = if matches!(op, Op::SetupExcept(_)) {
                    BlockKind::Except
                } else {
                    BlockKind::Finally
                };
                let b = RtBlock {
                    kind,
                    handler: h as usize,
                    depth: frame.stack.len(),
                    exc_depth: self.exc_info.len(),
                };
                frame.blocks.push(b);
            }
            Op::PopBlock => {
                frame.blocks.pop();
            }
            Op::PopExcept => {
                self.exc_info.pop();
            }
            Op::Reraise => {
                let e = pop(frame)?;
                return Err(Flow::Reraise(e));
            }
            Op::ExcMatch => {
                let class = pop(frame)?;
                let e = top(frame)?;
                let m = self.exc_matches(&e, &class)?;
                self.push(Value::Bool(m));
            }
            Op::Raise(n) => return Err(self.raise(ctx, n)),
            Op::Import(i) => {
                let name = frame
                    .code
                    .names
                    .get(i as usize)
                    .cloned()
                    .unwrap_or_else(|| Rc::from(""));
                let m = self.import(ctx, &name)?;
                self.push(m);
            }
            Op::ImportFrom(i) => {
                let name = frame
                    .code
                    .names
                    .get(i as usize)
                    .cloned()
                    .unwrap_or_else(|| Rc::from(""));
                let m = top(frame)?;
                let v = match &m {
                    Value::Module(md) => md.attrs.borrow().get_str(&name).cloned(),
                    _ => None,
                };
                let Some(v) = v else {
                    let mname = match &m {
                        Value::Module(md) => md.name.clone(),
                        _ => String::new(),
                    };
                    return Err(self.exc_flow(
                        "ImportError",
                        &format!("cannot import name '{name}' from '{mname}' (/usr/lib/python3.11/{mname}.py)"),
                    ));
                };
                self.push(v);
            }
            Op::ImportStar => {
                let m = pop(frame)?;
                if let Value::Module(ref md) = m {
                    let items: Vec<(Value, Value)> = md
                        .attrs
                        .borrow()
                        .items()
                        .filter(|(k, _)| !matches!(k, Value::Str(s) if s.starts_with('_')))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    for (k, v) in items {
                        if let Some(hk) = key_of(&k) {
                            frame.ns.borrow_mut().insert(hk, k, v);
                        }
                    }
                }
            }
            Op::PrintExpr => {
                let v = pop(frame)?;
                if !matches!(v, Value::None) {
                    let s = self.repr_of(ctx, &v)?;
                    self.write_out(ctx, &format!("{s}\n"));
                    self.builtins.borrow_mut().set_str("_", v);
                }
            }
            Op::AssertFail(with_msg) => {
                let args = if with_msg {
                    alloc::vec![pop(frame)?]
                } else {
                    Vec::new()
                };
                return Err(Flow::Exc(self.new_exc("AssertionError", args)));
            }
        }
        Ok(None)
    }
}

fn top(f: &Frame) -> Result<Value, Flow> {
    f.stack
        .last()
        .cloned()
        .ok_or(Flow::Block)
        .or(Ok(Value::None))
}

fn pop(f: &mut Frame) -> Result<Value, Flow> {
    Ok(f.stack.pop().unwrap_or(Value::None))
}

fn pop_n(f: &mut Frame, n: usize) -> Result<Vec<Value>, Flow> {
    let len = f.stack.len();
    let at = len.saturating_sub(n);
    Ok(f.stack.split_off(at))
}

impl Vm {
    /// Pushes onto the current frame's stack.
    pub(crate) fn push(&mut self, v: Value) {
        if let Some(f) = self.frames.last_mut() {
            f.stack.push(v);
        }
    }

    fn push_frame(&mut self, f: Frame) -> Result<(), Flow> {
        if self.frames.len() >= RECURSION_LIMIT {
            return Err(self.exc_flow("RecursionError", "maximum recursion depth exceeded"));
        }
        self.frames.push(f);
        Ok(())
    }

    /// A new exception instance of builtin class `name` with `args`.
    pub(crate) fn new_exc(&self, name: &str, args: Vec<Value>) -> Value {
        self.classes.instance(name, args)
    }

    /// A new exception with one message argument (none if empty).
    pub(crate) fn new_exc_msg(&self, name: &str, msg: &str) -> Value {
        let args = if msg.is_empty() {
            Vec::new()
        } else {
            alloc::vec![Value::str(msg)]
        };
        self.new_exc(name, args)
    }

    /// [`Vm::new_exc_msg`] as a [`Flow`].
    pub(crate) fn exc_flow(&self, name: &str, msg: &str) -> Flow {
        Flow::Exc(self.new_exc_msg(name, msg))
    }

    /// The dictionary key of `v`, or `TypeError: unhashable type`.
    pub(crate) fn key(&self, v: &Value) -> Result<Key, Flow> {
        key_of(v).ok_or_else(|| {
            self.exc_flow(
                "TypeError",
                &format!("unhashable type: '{}'", v.type_name()),
            )
        })
    }

    fn raise(&mut self, ctx: &mut Ctx<'_>, n: u8) -> Flow {
        if n == 0 {
            return match self.exc_info.last().cloned() {
                Some(e) => Flow::Reraise(e),
                None => self.exc_flow("RuntimeError", "No active exception to reraise"),
            };
        }
        let Some(frame) = self.frames.last_mut() else {
            return Flow::Block;
        };
        let cause = if n == 2 { frame.stack.pop() } else { None };
        let v = frame.stack.pop().unwrap_or(Value::None);
        let e = match self.make_exception(ctx, v) {
            Ok(e) => e,
            Err(f) => return f,
        };
        if let Value::Instance(i) = &e {
            if let Some(c) = cause {
                let c = match c {
                    Value::None => None,
                    other => self.make_exception(ctx, other).ok(),
                };
                i.attrs
                    .borrow_mut()
                    .insert("__cause__".into(), c.unwrap_or(Value::None));
            }
            if let Some(ctx_exc) = self.exc_info.last()
                && !identical(ctx_exc, &e)
            {
                *i.context.borrow_mut() = Some(ctx_exc.clone());
            }
        }
        Flow::Exc(e)
    }

    /// An exception from what `raise` was given: an instance, or a class
    /// to call with no arguments.
    fn make_exception(&mut self, ctx: &mut Ctx<'_>, v: Value) -> Result<Value, Flow> {
        match &v {
            Value::Instance(_) if is_exception(&v) => Ok(v),
            Value::Class(c) if self.classes.is_exception_class(c) => {
                self.call_sync(ctx, &v, Vec::new(), Vec::new())
            }
            _ => Err(self.exc_flow("TypeError", "exceptions must derive from BaseException")),
        }
    }

    /// Records the exception being raised while another is handled.
    pub(crate) fn chain(&self, e: &Value) {
        if let (Value::Instance(i), Some(c)) = (e, self.exc_info.last())
            && !identical(c, e)
            && i.context.borrow().is_none()
        {
            *i.context.borrow_mut() = Some(c.clone());
        }
    }

    fn exc_matches(&self, e: &Value, class: &Value) -> Result<bool, Flow> {
        let Value::Instance(i) = e else {
            return Ok(false);
        };
        match class {
            Value::Class(c) => Ok(i.class.is_subclass(c)),
            Value::Tuple(items) => {
                for it in items.iter() {
                    if self.exc_matches(e, it)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(self.exc_flow(
                "TypeError",
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    }

    fn import(&mut self, ctx: &mut Ctx<'_>, name: &str) -> Result<Value, Flow> {
        let top = name.split('.').next().unwrap_or(name);
        if let Some(m) = self.modules.get(top) {
            return Ok(Value::Module(m.clone()));
        }
        match super::modules::load(self, ctx, top) {
            Some(m) => {
                self.modules.insert(String::from(top), m.clone());
                if name.contains('.') {
                    return Err(self.exc_flow(
                        "ModuleNotFoundError",
                        &format!("No module named '{name}'; '{top}' is not a package"),
                    ));
                }
                Ok(Value::Module(m))
            }
            None => Err(self.exc_flow("ModuleNotFoundError", &format!("No module named '{top}'"))),
        }
    }

    /// Calls `func`. `Some(value)` if it finished (a native, a class with
    /// no `__init__`), `None` if a frame was pushed whose return will
    /// push the value.
    pub(crate) fn call(
        &mut self,
        ctx: &mut Ctx<'_>,
        func: &Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> Result<Option<Value>, Flow> {
        match func {
            Value::Func(f) => {
                let frame = self.bind(f, args, kwargs, Ret::Normal)?;
                self.push_frame(frame)?;
                Ok(None)
            }
            Value::Method(m) => {
                let mut a = Vec::with_capacity(args.len() + 1);
                a.push(m.0.clone());
                a.extend(args);
                let frame = self.bind(&m.1, a, kwargs, Ret::Normal)?;
                self.push_frame(frame)?;
                Ok(None)
            }
            Value::Native(n) => super::native::call(self, ctx, *n, None, args, kwargs).map(Some),
            Value::BoundNative(b) => {
                super::native::call(self, ctx, b.1, Some(b.0.clone()), args, kwargs).map(Some)
            }
            Value::Type(t) => super::native::construct(self, ctx, *t, args, kwargs).map(Some),
            Value::Class(c) => {
                let inst = Value::Instance(Rc::new(Instance {
                    class: c.clone(),
                    attrs: RefCell::new(BTreeMap::new()),
                    traceback: RefCell::new(Vec::new()),
                    context: RefCell::new(None),
                }));
                let is_exc = self.classes.is_exception_class(c);
                match c.lookup("__init__") {
                    Some(Value::Func(ref init)) => {
                        if is_exc && let Value::Instance(i) = &inst {
                            i.attrs
                                .borrow_mut()
                                .insert("args".into(), Value::tuple(args.clone()));
                        }
                        let mut a = Vec::with_capacity(args.len() + 1);
                        a.push(inst.clone());
                        a.extend(args);
                        let frame = self.bind(init, a, kwargs, Ret::Init(inst))?;
                        self.push_frame(frame)?;
                        Ok(None)
                    }
                    _ if is_exc => {
                        if !kwargs.is_empty() {
                            return Err(self.exc_flow(
                                "TypeError",
                                &format!("{}() takes no keyword arguments", c.name),
                            ));
                        }
                        Ok(Some(self.classes.init_instance(c, inst, args)))
                    }
                    _ => {
                        if !args.is_empty() || !kwargs.is_empty() {
                            return Err(self.exc_flow(
                                "TypeError",
                                &format!("{}() takes no arguments", c.name),
                            ));
                        }
                        Ok(Some(inst))
                    }
                }
            }
            Value::Super(_) => Err(self.exc_flow("TypeError", "'super' object is not callable")),
            other => Err(self.exc_flow(
                "TypeError",
                &format!("'{}' object is not callable", other.type_name()),
            )),
        }
    }

    /// Calls `func` to its end from native code (a key function, a
    /// `__str__`), bounded in depth and steps; blocking inside is an error.
    pub(crate) fn call_sync(
        &mut self,
        ctx: &mut Ctx<'_>,
        func: &Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> Result<Value, Flow> {
        if self.sync_depth >= SYNC_DEPTH {
            return Err(self.exc_flow("RecursionError", "maximum recursion depth exceeded"));
        }
        let (frame, base) = match func {
            Value::Func(f) => (self.bind(f, args, kwargs, Ret::Sync)?, self.frames.len()),
            Value::Method(m) => {
                let mut a = alloc::vec![m.0.clone()];
                a.extend(args);
                (self.bind(&m.1, a, kwargs, Ret::Sync)?, self.frames.len())
            }
            Value::Class(c) if c.lookup("__init__").is_some() => {
                // Run __init__ nested; the instance is the result.
                let base = self.frames.len();
                match self.call(ctx, func, args, kwargs)? {
                    Some(v) => return Ok(v),
                    None => {
                        if let Some(f) = self.frames.last_mut()
                            && let Ret::Init(inst) = core::mem::replace(&mut f.ret, Ret::Sync)
                        {
                            self.sync_depth += 1;
                            let saved = self.steps;
                            self.steps = SYNC_STEPS;
                            let r = self.run_frames(ctx, base, true);
                            self.steps = saved;
                            self.sync_depth -= 1;
                            self.sync_result.take();
                            r?;
                            return Ok(inst);
                        }
                        return Ok(Value::None);
                    }
                }
            }
            other => {
                return match self.call(ctx, other, args, kwargs)? {
                    Some(v) => Ok(v),
                    None => Ok(Value::None),
                };
            }
        };
        self.push_frame(frame)?;
        self.sync_depth += 1;
        let saved = self.steps;
        self.steps = SYNC_STEPS;
        let r = self.run_frames(ctx, base, true);
        self.steps = saved.saturating_sub(1);
        self.sync_depth -= 1;
        r?;
        Ok(self.sync_result.take().unwrap_or(Value::None))
    }

    /// A frame for `f` with its arguments bound to its parameters, with
    /// CPython's errors for the wrong arguments.
    fn bind(
        &self,
        f: &Rc<Function>,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
        ret: Ret,
    ) -> Result<Frame, Flow> {
        let code = &f.code;
        let nargs = code.args.len();
        let mut locals: Vec<Option<Value>> = alloc::vec![None; code.locals.len()];
        let qual = &code.qualname;
        let given = args.len();
        let mut extra = Vec::new();
        for (i, a) in args.into_iter().enumerate() {
            if i < nargs {
                if let Some(slot) = locals.get_mut(i) {
                    *slot = Some(a);
                }
            } else {
                extra.push(a);
            }
        }
        if !extra.is_empty() && !code.varargs {
            let ndef = f.defaults.len();
            let takes = if ndef > 0 {
                format!("from {} to {} positional arguments", nargs - ndef, nargs)
            } else {
                format!(
                    "{nargs} positional argument{}",
                    if nargs == 1 { "" } else { "s" }
                )
            };
            let was = if given == 1 { "was" } else { "were" };
            return Err(self.exc_flow(
                "TypeError",
                &format!("{qual}() takes {takes} but {given} {was} given"),
            ));
        }
        let mut var_idx = nargs;
        if code.varargs {
            if let Some(slot) = locals.get_mut(var_idx) {
                *slot = Some(Value::tuple(extra));
            }
            var_idx += 1;
        }
        let kw_start = var_idx;
        let kwargs_idx = kw_start + code.kwonly.len();
        let mut kwdict = Dict::default();
        for (name, v) in kwargs {
            let pos = code.args.iter().position(|a| **a == *name).or_else(|| {
                code.kwonly
                    .iter()
                    .position(|a| **a == *name)
                    .map(|p| kw_start + p)
            });
            match pos {
                Some(p) => {
                    if locals.get(p).is_some_and(Option::is_some) {
                        return Err(self.exc_flow(
                            "TypeError",
                            &format!("{qual}() got multiple values for argument '{name}'"),
                        ));
                    }
                    if let Some(slot) = locals.get_mut(p) {
                        *slot = Some(v);
                    }
                }
                None if code.kwargs => kwdict.insert(Key::Str(name.clone()), Value::Str(name), v),
                None => {
                    return Err(self.exc_flow(
                        "TypeError",
                        &format!("{qual}() got an unexpected keyword argument '{name}'"),
                    ));
                }
            }
        }
        if code.kwargs
            && let Some(slot) = locals.get_mut(kwargs_idx)
        {
            *slot = Some(Value::Dict(Rc::new(RefCell::new(kwdict))));
        }
        // Defaults for the last positional parameters.
        let ndef = f.defaults.len();
        let mut missing = Vec::new();
        for i in 0..nargs {
            if locals.get(i).is_some_and(Option::is_none) {
                if i + ndef >= nargs {
                    let d = f.defaults.get(i + ndef - nargs).cloned();
                    if let Some(slot) = locals.get_mut(i) {
                        *slot = d;
                    }
                } else if let Some(n) = code.args.get(i) {
                    missing.push(format!("'{n}'"));
                }
            }
        }
        if !missing.is_empty() {
            let list = match missing.len() {
                1 => missing.join(""),
                2 => missing.join(" and "),
                n => {
                    let (init, last) = missing.split_at(n - 1);
                    format!("{}, and {}", init.join(", "), last.join(""))
                }
            };
            let s = if missing.len() == 1 { "" } else { "s" };
            return Err(self.exc_flow(
                "TypeError",
                &format!(
                    "{qual}() missing {} required positional argument{s}: {list}",
                    missing.len()
                ),
            ));
        }
        for (k, name) in code.kwonly.iter().enumerate() {
            let p = kw_start + k;
            if locals.get(p).is_some_and(Option::is_none) {
                match f.kw_defaults.iter().find(|(n, _)| **n == **name) {
                    Some((_, v)) => {
                        if let Some(slot) = locals.get_mut(p) {
                            *slot = Some(v.clone());
                        }
                    }
                    None => {
                        return Err(self.exc_flow(
                            "TypeError",
                            &format!("{qual}() missing 1 required keyword-only argument: '{name}'"),
                        ));
                    }
                }
            }
        }
        Ok(Frame {
            code: code.clone(),
            pc: 0,
            lasti: 0,
            stack: Vec::new(),
            locals,
            ns: f.globals.clone(),
            globals: f.globals.clone(),
            captured: f.captured.clone(),
            blocks: Vec::new(),
            ret,
            func: Some(f.clone()),
        })
    }

    /// `type(v)`.
    pub(crate) fn type_of(&self, v: &Value) -> Value {
        match v {
            Value::Instance(i) => Value::Class(i.class.clone()),
            Value::Int(_) => Value::Type(TypeId::Int),
            Value::Float(_) => Value::Type(TypeId::Float),
            Value::Str(_) => Value::Type(TypeId::Str),
            Value::Bytes(_) => Value::Type(TypeId::Bytes),
            Value::Bool(_) => Value::Type(TypeId::Bool),
            Value::List(_) => Value::Type(TypeId::List),
            Value::Tuple(_) => Value::Type(TypeId::Tuple),
            Value::Dict(_) => Value::Type(TypeId::Dict),
            Value::Set(_) => Value::Type(TypeId::Set),
            Value::None => Value::Type(TypeId::NoneType),
            Value::Range(..) => Value::Type(TypeId::Range),
            Value::Func(_) => Value::Type(TypeId::Function),
            Value::Class(_) | Value::Type(_) => Value::Type(TypeId::Type),
            Value::Socket(_) => super::sock::socket_type(),
            _ => Value::Type(TypeId::Object),
        }
    }

    /// The name of what `v` is, for messages.
    pub(crate) fn type_name_of(&self, v: &Value) -> String {
        match v {
            Value::Class(c) => c.name.clone(),
            Value::Type(t) => String::from(t.name()),
            other => other.type_name(),
        }
    }

    /// `repr(v)`, calling a class's `__repr__`.
    pub(crate) fn repr_of(&mut self, ctx: &mut Ctx<'_>, v: &Value) -> Result<String, Flow> {
        if let Value::Socket(s) = v {
            let s = s.borrow();
            let addrs = super::sock::addrs_text(ctx, &s);
            return Ok(s.repr_with(&addrs));
        }
        if let Value::Instance(i) = v
            && let Some(m) = i.class.lookup("__repr__")
        {
            let r = self.call_sync(ctx, &m, alloc::vec![v.clone()], Vec::new())?;
            return match r {
                Value::Str(ref s) => Ok(String::from(&**s)),
                other => Err(self.exc_flow(
                    "TypeError",
                    &format!("__repr__ returned non-string (type {})", other.type_name()),
                )),
            };
        }
        if let Value::List(l) = v {
            let items = l.borrow().clone();
            if items.iter().any(|x| matches!(x, Value::Instance(_))) {
                let mut parts = Vec::new();
                for x in &items {
                    parts.push(self.repr_of(ctx, x)?);
                }
                return Ok(format!("[{}]", parts.join(", ")));
            }
        }
        Ok(repr(v))
    }

    /// `str(v)`, calling a class's `__str__` (or `__repr__`).
    pub(crate) fn str_of(&mut self, ctx: &mut Ctx<'_>, v: &Value) -> Result<String, Flow> {
        if let Value::Instance(i) = v {
            if let Some(m) = i.class.lookup("__str__") {
                let r = self.call_sync(ctx, &m, alloc::vec![v.clone()], Vec::new())?;
                return match r {
                    Value::Str(ref s) => Ok(String::from(&**s)),
                    other => Err(self.exc_flow(
                        "TypeError",
                        &format!("__str__ returned non-string (type {})", other.type_name()),
                    )),
                };
            }
            if !is_exception(v) {
                return self.repr_of(ctx, v);
            }
        }
        match v {
            Value::Str(s) => Ok(String::from(&**s)),
            _ => {
                if matches!(v, Value::List(_) | Value::Socket(_) | Value::Tuple(_)) {
                    return self.repr_of(ctx, v);
                }
                Ok(to_str(v))
            }
        }
    }

    /// An iterator over `v`.
    pub(crate) fn iter(&mut self, _ctx: &mut Ctx<'_>, v: &Value) -> Result<Value, Flow> {
        let it = match v {
            Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Bytes(_) => {
                Iter::Seq(v.clone(), 0)
            }
            Value::Dict(d) | Value::Set(d) => Iter::Items(d.borrow().keys(), 0),
            Value::Range(a, b, s) => Iter::Range(*a, *b, *s),
            Value::Iter(_) => return Ok(v.clone()),
            Value::Instance(i) if i.class.lookup("__iter__").is_some() => {
                return Err(self.exc_flow(
                    "TypeError",
                    &format!("'{}' object is not iterable", i.class.name),
                ));
            }
            other => {
                return Err(self.exc_flow(
                    "TypeError",
                    &format!("'{}' object is not iterable", other.type_name()),
                ));
            }
        };
        Ok(Value::Iter(Rc::new(RefCell::new(it))))
    }

    /// The next item of an iterator, `None` at its end.
    pub(crate) fn next(&mut self, ctx: &mut Ctx<'_>, it: &Value) -> Result<Option<Value>, Flow> {
        let _ = &ctx;
        let Value::Iter(cell) = it else {
            return Err(self.exc_flow(
                "TypeError",
                &format!("'{}' object is not an iterator", it.type_name()),
            ));
        };
        let mut state = core::mem::replace(&mut *cell.borrow_mut(), Iter::Done);
        let r = match &mut state {
            Iter::Seq(seq, i) => {
                let v = match seq {
                    Value::List(l) => l.borrow().get(*i).cloned(),
                    Value::Tuple(t) => t.get(*i).cloned(),
                    Value::Str(s) => {
                        // Byte offset kept in i for speed on ASCII; chars otherwise.
                        let rest = s.get(*i..).unwrap_or_default();
                        rest.chars().next().map(|c| {
                            *i += c.len_utf8() - 1;
                            Value::string(String::from(c))
                        })
                    }
                    Value::Bytes(b) => b.get(*i).map(|x| Value::Int(i64::from(*x))),
                    _ => None,
                };
                *i += 1;
                v
            }
            Iter::Range(a, b, s) => {
                if (*s > 0 && *a < *b) || (*s < 0 && *a > *b) {
                    let v = *a;
                    *a = a.saturating_add(*s);
                    Some(Value::Int(v))
                } else {
                    None
                }
            }
            Iter::Items(items, i) => {
                let v = items.get(*i).cloned();
                *i += 1;
                v
            }
            Iter::Enumerate(inner, n) => {
                let inner = inner.clone();
                match self.next(ctx, &inner)? {
                    Some(v) => {
                        let k = *n;
                        *n += 1;
                        Some(Value::tuple(alloc::vec![Value::Int(k), v]))
                    }
                    None => None,
                }
            }
            Iter::Zip(iters) => {
                let iters = iters.clone();
                let mut items = Vec::new();
                let mut done = iters.is_empty();
                for x in &iters {
                    match self.next(ctx, x)? {
                        Some(v) => items.push(v),
                        None => {
                            done = true;
                            break;
                        }
                    }
                }
                if done {
                    None
                } else {
                    Some(Value::tuple(items))
                }
            }
            Iter::Done => None,
        };
        if r.is_some() {
            *cell.borrow_mut() = state;
        }
        Ok(r)
    }

    /// Every item of an iterable, bounded.
    pub(crate) fn collect(&mut self, ctx: &mut Ctx<'_>, v: &Value) -> Result<Vec<Value>, Flow> {
        match v {
            Value::List(l) => return Ok(l.borrow().clone()),
            Value::Tuple(t) => return Ok(t.to_vec()),
            _ => {}
        }
        let it = self.iter(ctx, v)?;
        let mut out = Vec::new();
        while let Some(x) = self.next(ctx, &it)? {
            if out.len() >= MAX_ITEMS {
                return Err(self.exc_flow("MemoryError", ""));
            }
            out.push(x);
        }
        Ok(out)
    }

    /// The globals of the running frame.
    pub(crate) fn globals(&self) -> Rc<RefCell<Dict>> {
        self.frames
            .last()
            .map_or_else(|| self.main_globals.clone(), |f| f.globals.clone())
    }

    /// Drops every frame (the prompt after an error).
    pub(crate) fn reset(&mut self) {
        self.frames.clear();
        self.exc_info.clear();
        self.pending = None;
    }
}
