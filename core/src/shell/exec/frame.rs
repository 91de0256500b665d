//! The interpreter's frames: where the shell is in the syntax tree. The
//! shell never blocks: it runs frames until a foreground process runs
//! (or a built-in waits for input), returns, and is woken when the child
//! ends to pop the next frame. `break`, `continue`, `return` and `exit`
//! unwind the frames to the loop, function or subshell they leave.

use alloc::boxed::Box;
use alloc::collections::{BTreeMap, VecDeque};
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

use super::{Control, Executor};
use crate::output::Stream;
use crate::proc::calls::{PipeId, Spawn};
use crate::process::Pid;
use crate::process::Stdio;
use crate::shell::Options;
use crate::shell::ast::{CaseEnd, Command, Compound, Connector, List, Redirect};
use crate::shell::ast::{Pipeline, SimpleCommand};
use crate::shell::expand::pattern::Pattern;
use crate::shell::vars::Vars;

/// The deepest functions may call each other (bash's FUNCNEST is unset
/// by default; the lab bounds it as bash does when it is set).
pub(crate) const MAX_CALL_DEPTH: u32 = 200;

/// What a subshell changes and gives back when it ends.
#[derive(Clone, Debug)]
pub(crate) struct Saved {
    vars: Vars,
    positional: Vec<String>,
    functions: BTreeMap<String, crate::shell::Function>,
    aliases: BTreeMap<String, String>,
    traps: BTreeMap<String, String>,
    options: Options,
    cwd: String,
    oldpwd: Option<String>,
    io: Stdio,
    tested: u32,
    call_depth: u32,
    user: crate::sys::User,
    netns: Option<crate::sys::NsId>,
    interactive: bool,
    dash: bool,
    arg0: String,
    syntax_prefix: Option<String>,
    history_base: usize,
}

/// A pipeline's place in its start, and what its stages said.
#[derive(Clone, Debug)]
pub(crate) struct PipeRun {
    pub(crate) pipeline: Rc<Pipeline>,
    pub(crate) background: bool,
    /// The next stage to start.
    pub(crate) next: usize,
    pub(crate) pipes: Vec<PipeId>,
    pub(crate) pgid: Pid,
    pub(crate) job: Option<u32>,
    pub(crate) terminal: u32,
    /// The status of the last stage if it has ended.
    pub(crate) last_status: Option<i32>,
    /// What the stage started last said.
    pub(crate) outcome: Option<Spawn>,
    /// Waiting for the foreground group.
    pub(crate) waiting: bool,
    /// `set -o pipefail`: the rightmost failure of a command that ended
    /// as it started (its order, its status).
    pub(crate) fail: Option<(u32, i32)>,
}

/// Where a simple command stands in its pipeline.
#[derive(Clone, Debug)]
pub(crate) struct Stage {
    pub(crate) pgid: Pid,
    pub(crate) size: usize,
    pub(crate) ends: (Option<PipeId>, Option<PipeId>),
    pub(crate) last: bool,
}

/// A simple command being run.
#[derive(Clone, Debug)]
pub(crate) struct SimpleRun {
    pub(crate) cmd: Rc<SimpleCommand>,
    pub(crate) stage: Stage,
    /// How many command substitutions ran for it.
    pub(crate) subs: Option<usize>,
    /// Its words and stdio once expanded (a built-in waiting for input
    /// runs again with them).
    pub(crate) ready: Option<(Vec<String>, Stdio)>,
    /// The aliases already expanded in it (an alias is not expanded
    /// inside itself).
    pub(crate) aliased: Vec<String>,
}

/// Where a `while` loop is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WhilePhase {
    /// Before its first condition.
    Start,
    /// The condition ran: run the body or stop.
    Decide,
    /// The body ran: test the condition again.
    AfterBody,
}

/// One frame of the interpreter.
#[derive(Clone, Debug)]
pub(crate) enum Frame {
    /// A list's entries from `next`.
    List { list: Rc<List>, next: usize },
    /// An and-or list's pipelines from `next`.
    AndOr {
        list: Rc<List>,
        item: usize,
        next: usize,
    },
    /// A pipeline being started or waited for.
    Pipeline(Box<PipeRun>),
    /// A simple command being expanded and run.
    Simple(Box<SimpleRun>),
    /// Reports the status of a shell stage (compound, function, built-in
    /// that runs commands) to the pipeline below.
    StageReport,
    /// A compound command with its redirections, not yet started.
    Compound {
        node: Rc<Compound>,
        redirects: Vec<Redirect>,
    },
    /// `if`: the arm being tested or run.
    If {
        node: Rc<Compound>,
        arm: usize,
        in_body: bool,
    },
    /// `for NAME in`: the words left.
    For {
        node: Rc<Compound>,
        items: Option<VecDeque<String>>,
    },
    /// `for ((…))`.
    ArithFor { node: Rc<Compound>, started: bool },
    /// `while`/`until`, with the status of the body's last run.
    While {
        node: Rc<Compound>,
        phase: WhilePhase,
        status: i32,
    },
    /// `case`: the arm to run next (after `;&`), or the start.
    Case {
        node: Rc<Compound>,
        arm: Option<usize>,
        word: Option<String>,
    },
    /// A subshell's end: the shell's state comes back.
    Subshell(Box<Saved>),
    /// A command substitution: its list runs with standard output to
    /// `pipe`; at its end the shell reads the pipe.
    SubStart(Rc<List>),
    /// The end of a command substitution.
    SubEnd { pipe: PipeId, saved: Box<Saved> },
    /// A function call's end: the caller's parameters and locals return.
    Function { positional: Vec<String> },
    /// A sourced file's end (`return` stops here).
    Source { positional: Option<Vec<String>> },
    /// The standard streams before a redirected compound command.
    Io(Box<Stdio>),
    /// `!`: the pipeline's status inverted.
    Bang,
    /// A syntax error after the script's complete lines: bash says it
    /// and the script ends with status 2.
    SyntaxError(String),
    /// The end of a timed pipeline: `real`/`user`/`sys` on standard
    /// error (`true`: `time -p`'s format).
    TimeEnd(crate::time::Instant, bool),
    /// The end of a script or subshell: its `trap … EXIT` runs.
    ExitTrap,
    /// Sets `$?` (after an `EXIT` trap, the status the script had).
    SetStatus(i32),
    /// Leaves a tested context (`if` condition, `&&`), where `set -e`
    /// does not exit.
    Untest,
}

impl Executor<'_> {
    /// The shell's state, to give back when a subshell ends.
    pub(crate) fn save(&self) -> Saved {
        let s = &*self.shell;
        Saved {
            vars: s.vars.clone(),
            positional: s.positional.clone(),
            functions: s.functions.clone(),
            aliases: s.aliases.clone(),
            traps: s.traps.clone(),
            options: s.options,
            cwd: s.cwd.clone(),
            oldpwd: s.oldpwd.clone(),
            io: s.io.clone(),
            tested: s.tested,
            call_depth: s.call_depth,
            user: s.user,
            netns: s.netns,
            interactive: s.interactive,
            dash: s.dash,
            arg0: s.arg0.clone(),
            syntax_prefix: s.syntax_prefix.clone(),
            history_base: s.history_base,
        }
    }

    pub(crate) fn restore(&mut self, saved: Saved) {
        let s = &mut *self.shell;
        s.vars = saved.vars;
        s.positional = saved.positional;
        s.functions = saved.functions;
        s.aliases = saved.aliases;
        s.traps = saved.traps;
        s.options = saved.options;
        s.cwd = saved.cwd;
        s.oldpwd = saved.oldpwd;
        s.io = saved.io;
        s.tested = saved.tested;
        s.call_depth = saved.call_depth;
        s.user = saved.user;
        s.netns = saved.netns;
        s.interactive = saved.interactive;
        s.dash = saved.dash;
        s.arg0 = saved.arg0;
        s.syntax_prefix = saved.syntax_prefix;
        s.history_base = saved.history_base;
    }

    /// Pushes a list to run.
    pub(crate) fn push_list(&mut self, list: Rc<List>) {
        self.shell.stack.push(Frame::List { list, next: 0 });
    }

    /// Runs `list` in a tested context (`if`, `while` conditions).
    fn push_tested(&mut self, list: Rc<List>) {
        self.shell.tested += 1;
        self.shell.stack.push(Frame::Untest);
        self.push_list(list);
    }

    /// Runs one frame.
    pub(crate) fn step(&mut self, frame: Frame) {
        match frame {
            Frame::List { list, next } => {
                let Some(item) = list.items.get(next) else {
                    return;
                };
                let background = item.background;
                self.shell.stack.push(Frame::List {
                    list: list.clone(),
                    next: next + 1,
                });
                if background {
                    self.start_pipeline(&list, next, 0, true);
                } else {
                    self.shell.stack.push(Frame::AndOr {
                        list,
                        item: next,
                        next: 0,
                    });
                }
            }
            Frame::AndOr { list, item, next } => self.step_and_or(list, item, next),
            Frame::Pipeline(run) => self.step_pipeline(run),
            Frame::Simple(run) => self.step_simple(run),
            Frame::StageReport => {
                let status = self.shell.last_status;
                self.report(crate::proc::calls::Spawn::Exited(status));
            }
            Frame::Compound { node, redirects } => self.start_compound(node, &redirects),
            Frame::If { node, arm, in_body } => {
                let Compound::If { arms, otherwise } = &*node else {
                    return;
                };
                if in_body {
                    return;
                }
                if arm > 0 && self.shell.last_status == 0 {
                    // The condition of arm - 1 held: its body runs.
                    if let Some((_, body)) = arms.get(arm - 1) {
                        let body = body.clone();
                        self.shell.stack.push(Frame::If {
                            node: node.clone(),
                            arm,
                            in_body: true,
                        });
                        self.push_list(body);
                    }
                    return;
                }
                match arms.get(arm) {
                    Some((cond, _)) => {
                        let cond = cond.clone();
                        self.shell.stack.push(Frame::If {
                            node: node.clone(),
                            arm: arm + 1,
                            in_body: false,
                        });
                        self.push_tested(cond);
                    }
                    None => match otherwise {
                        Some(e) => {
                            let e = e.clone();
                            self.push_list(e);
                        }
                        None => self.shell.last_status = 0,
                    },
                }
            }
            Frame::For { node, items } => self.step_for(node, items),
            Frame::ArithFor { node, started } => self.step_arith_for(node, started),
            Frame::While {
                node,
                phase,
                status,
            } => {
                let Compound::While { cond, body, until } = &*node else {
                    return;
                };
                match phase {
                    WhilePhase::Decide => {
                        if (self.shell.last_status == 0) != *until {
                            let body = body.clone();
                            self.shell.stack.push(Frame::While {
                                node: node.clone(),
                                phase: WhilePhase::AfterBody,
                                status,
                            });
                            self.push_list(body);
                        } else {
                            self.shell.last_status = status;
                        }
                    }
                    WhilePhase::Start | WhilePhase::AfterBody => {
                        let status = if phase == WhilePhase::AfterBody {
                            self.shell.last_status
                        } else {
                            status
                        };
                        let cond = cond.clone();
                        self.shell.stack.push(Frame::While {
                            node: node.clone(),
                            phase: WhilePhase::Decide,
                            status,
                        });
                        self.push_tested(cond);
                    }
                }
            }
            Frame::Case { node, arm, word } => self.step_case(node, arm, word),
            Frame::Subshell(saved) => {
                let status = self.shell.last_status;
                self.restore(*saved);
                self.shell.last_status = status;
            }
            Frame::SubStart(list) => {
                let pipe = self.sys.pipe();
                let saved = Box::new(self.save());
                self.shell.io.stdout = crate::process::Sink::Pipe(pipe);
                self.shell.stack.push(Frame::SubEnd { pipe, saved });
                self.push_list(list);
            }
            Frame::SubEnd { pipe, saved } => {
                let status = self.shell.last_status;
                let (data, _) = self.sys.read_pipe(pipe);
                self.sys.close_writer(pipe);
                self.sys.close_reader(pipe);
                self.restore(*saved);
                self.shell.last_status = status;
                self.shell.sub_results.push(data);
            }
            Frame::Function { positional } => {
                self.shell.positional = positional;
                self.shell.vars.pop_scope();
                self.shell.call_depth = self.shell.call_depth.saturating_sub(1);
            }
            Frame::Source { positional } => {
                if let Some(p) = positional {
                    self.shell.positional = p;
                }
            }
            Frame::Io(io) => self.shell.io = *io,
            Frame::Bang => {
                self.shell.last_status = i32::from(self.shell.last_status == 0);
            }
            Frame::Untest => self.shell.tested = self.shell.tested.saturating_sub(1),
            Frame::ExitTrap => {
                if let Some(action) = self.shell.traps.remove("EXIT") {
                    let status = self.shell.last_status;
                    self.shell.stack.push(Frame::SetStatus(status));
                    if let Ok(list) = crate::shell::parse::parse(&action) {
                        self.push_list(Rc::new(list));
                    }
                }
            }
            Frame::SetStatus(status) => self.shell.last_status = status,
            Frame::TimeEnd(start, posix) => {
                let micros = self
                    .sys
                    .clock_gettime()
                    .micros()
                    .saturating_sub(start.micros());
                let text = time_report(micros, posix);
                self.say_raw(Stream::Stderr, &text);
            }
            Frame::SyntaxError(message) => {
                self.say_raw(Stream::Stderr, &message);
                self.shell.last_status = 2;
                self.control(Control::Exit);
            }
        }
    }

    fn step_and_or(&mut self, list: Rc<List>, item: usize, next: usize) {
        let Some(entry) = list.items.get(item) else {
            return;
        };
        let and_or = &entry.and_or;
        let count = 1 + and_or.rest.len();
        if next > 0 {
            // Pipeline next - 1 ended with `$?`.
            let status = self.shell.last_status;
            let mut k = next;
            // Skip the pipelines the connectors rule out.
            while k < count {
                let Some((connector, _)) = and_or.rest.get(k - 1) else {
                    break;
                };
                let run = match connector {
                    Connector::And => status == 0,
                    Connector::Or => status != 0,
                };
                if run {
                    break;
                }
                k += 1;
            }
            if k >= count {
                let last_ran = next == count;
                let bang = if next == 1 {
                    and_or.first.bang
                } else {
                    and_or.rest.get(next - 2).is_some_and(|(_, p)| p.bang)
                };
                if last_ran
                    && !bang
                    && status != 0
                    && self.shell.tested == 0
                    && self.shell.options.errexit
                {
                    self.control(Control::Exit);
                }
                return;
            }
            self.run_and_or_pipeline(list, item, k, count);
            return;
        }
        self.run_and_or_pipeline(list, item, 0, count);
    }

    fn run_and_or_pipeline(&mut self, list: Rc<List>, item: usize, k: usize, count: usize) {
        self.shell.stack.push(Frame::AndOr {
            list: list.clone(),
            item,
            next: k + 1,
        });
        if k + 1 < count {
            self.shell.tested += 1;
            self.shell.stack.push(Frame::Untest);
        }
        self.start_pipeline(&list, item, k, false);
    }

    /// Starts pipeline `k` of and-or list `item` of `list`.
    fn start_pipeline(&mut self, list: &Rc<List>, item: usize, k: usize, background: bool) {
        let Some(entry) = list.items.get(item) else {
            return;
        };
        let pipeline = if k == 0 {
            entry.and_or.first.clone()
        } else {
            match entry.and_or.rest.get(k - 1) {
                Some((_, p)) => p.clone(),
                None => return,
            }
        };
        if background && !entry.and_or.rest.is_empty() {
            // `a && b &`: bash runs the whole and-or list in the background;
            // the lab runs its first pipeline there and the rest after it.
        }
        if let Some(posix) = pipeline.time {
            let now = self.sys.clock_gettime();
            self.shell.stack.push(Frame::TimeEnd(now, posix));
        }
        if pipeline.bang {
            self.shell.tested += 1;
            self.shell.stack.push(Frame::Bang);
            self.shell.stack.push(Frame::Untest);
        }
        if let [Command::Compound(node, redirects)] = pipeline.commands.as_slice() {
            self.shell.stack.push(Frame::Compound {
                node: node.clone(),
                redirects: redirects.clone(),
            });
            return;
        }
        if let [Command::Function(name, body)] = pipeline.commands.as_slice() {
            self.shell.functions.insert(name.clone(), body.clone());
            self.shell.last_status = 0;
            return;
        }
        self.begin_pipeline(pipeline, background);
    }

    /// Starts a compound command: its redirections, then its frames.
    pub(crate) fn start_compound(&mut self, node: Rc<Compound>, redirects: &[Redirect]) {
        if !redirects.is_empty() {
            let base = self.shell.io.clone();
            match self.open_redirects(redirects, base.clone()) {
                Ok(io) => {
                    self.shell.stack.push(Frame::Io(Box::new(base)));
                    self.shell.io = io;
                }
                Err(message) => {
                    self.say(Stream::Stderr, &message);
                    self.shell.last_status = 1;
                    return;
                }
            }
        }
        match &*node {
            Compound::Brace(list) => self.push_list(list.clone()),
            Compound::Subshell(list) => {
                let saved = Box::new(self.save());
                self.shell.stack.push(Frame::Subshell(saved));
                // A subshell's traps start afresh; its EXIT trap runs as it ends.
                self.shell.traps.clear();
                self.shell.stack.push(Frame::ExitTrap);
                self.push_list(list.clone());
            }
            Compound::If { .. } => self.shell.stack.push(Frame::If {
                node,
                arm: 0,
                in_body: false,
            }),
            Compound::For { .. } => self.shell.stack.push(Frame::For { node, items: None }),
            Compound::ArithFor { .. } => self.shell.stack.push(Frame::ArithFor {
                node,
                started: false,
            }),
            Compound::While { .. } => self.shell.stack.push(Frame::While {
                node,
                phase: WhilePhase::Start,
                status: 0,
            }),
            Compound::Case { .. } => self.shell.stack.push(Frame::Case {
                node,
                arm: None,
                word: None,
            }),
            Compound::Cond(expr) => {
                let status = self.cond(expr);
                self.shell.last_status = status;
            }
            Compound::Arith(word) => {
                let status = match self.expand_string(word) {
                    Ok(text) => {
                        self.xtrace(&format!("(( {text} ))"));
                        match self.arith(&text) {
                            Ok(v) => i32::from(v == 0),
                            Err(m) => {
                                self.say(Stream::Stderr, &m);
                                1
                            }
                        }
                    }
                    Err(m) => {
                        self.say(Stream::Stderr, &m);
                        1
                    }
                };
                self.shell.last_status = status;
            }
        }
    }

    fn step_for(&mut self, node: Rc<Compound>, items: Option<VecDeque<String>>) {
        let Compound::For { name, words, body } = &*node else {
            return;
        };
        let mut items = match items {
            Some(i) => i,
            None => {
                let list = match words {
                    Some(words) => match self.expand_fields(words) {
                        Ok(f) => f,
                        Err(()) => return,
                    },
                    None => self.shell.positional.clone(),
                };
                self.shell.last_status = 0;
                list.into_iter().collect()
            }
        };
        let Some(value) = items.pop_front() else {
            return;
        };
        if let Err(m) = self.shell.assign(name, &value) {
            self.say(Stream::Stderr, &m);
            self.shell.last_status = 1;
            return;
        }
        let body = body.clone();
        self.shell.stack.push(Frame::For {
            node: node.clone(),
            items: Some(items),
        });
        self.push_list(body);
    }

    fn step_arith_for(&mut self, node: Rc<Compound>, started: bool) {
        let Compound::ArithFor { exprs, body } = &*node else {
            return;
        };
        let [init, cond, step] = exprs;
        let run = |ex: &mut Self, w| -> Option<i64> {
            let text = match ex.expand_string(w) {
                Ok(t) => t,
                Err(m) => {
                    ex.say(Stream::Stderr, &m);
                    return None;
                }
            };
            if text.trim().is_empty() {
                return Some(1);
            }
            match ex.arith(&text) {
                Ok(v) => Some(v),
                Err(m) => {
                    ex.say(Stream::Stderr, &m);
                    None
                }
            }
        };
        let first = if started { step } else { init };
        if run(self, first).is_none() {
            self.shell.last_status = 1;
            return;
        }
        match run(self, cond) {
            Some(0) => {
                if !started {
                    self.shell.last_status = 0;
                }
            }
            Some(_) => {
                let body = body.clone();
                self.shell.stack.push(Frame::ArithFor {
                    node: node.clone(),
                    started: true,
                });
                self.push_list(body);
            }
            None => self.shell.last_status = 1,
        }
    }

    fn step_case(&mut self, node: Rc<Compound>, arm: Option<usize>, word: Option<String>) {
        let Compound::Case { word: w, arms } = &*node else {
            return;
        };
        let word = match word {
            Some(w) => w,
            None => match self.expand_string(w) {
                Ok(w) => w,
                Err(m) => {
                    self.say(Stream::Stderr, &m);
                    self.shell.last_status = 1;
                    return;
                }
            },
        };
        // `arm`: Some(i) resumes after arm i - 1 ended with ;& or ;;&.
        let (start, fall) = match arm {
            None => (0, false),
            Some(i) => {
                let end = arms.get(i.wrapping_sub(1)).map(|a| a.end);
                match end {
                    Some(CaseEnd::FallThrough) => (i, true),
                    Some(CaseEnd::Continue) => (i, false),
                    _ => return,
                }
            }
        };
        if arm.is_none() {
            self.shell.last_status = 0;
        }
        for (i, a) in arms.iter().enumerate().skip(start) {
            let mut hit = fall && i == start;
            if !hit {
                for p in &a.patterns {
                    match self.expand_pattern(p) {
                        Ok(pat) => {
                            if Pattern::new(&pat).matches(&word) {
                                hit = true;
                                break;
                            }
                        }
                        Err(m) => {
                            self.say(Stream::Stderr, &m);
                        }
                    }
                }
            }
            if hit {
                self.shell.stack.push(Frame::Case {
                    node: node.clone(),
                    arm: Some(i + 1),
                    word: Some(word),
                });
                self.push_list(a.body.clone());
                return;
            }
        }
    }

    /// `break`, `continue`, `return`, `exit`: unwinds the frames.
    pub(crate) fn control(&mut self, ctl: Control) {
        let mut ctl = ctl;
        while let Some(frame) = self.shell.stack.pop() {
            match (&frame, ctl) {
                (
                    Frame::For { .. } | Frame::ArithFor { .. } | Frame::While { .. },
                    Control::Break(n),
                ) => {
                    if n <= 1 {
                        self.shell.last_status = 0;
                        return;
                    }
                    ctl = Control::Break(n - 1);
                }
                (Frame::For { .. } | Frame::ArithFor { .. }, Control::Continue(n)) => {
                    if n <= 1 {
                        self.shell.stack.push(frame);
                        return;
                    }
                    ctl = Control::Continue(n - 1);
                }
                (
                    Frame::While {
                        node,
                        phase,
                        status,
                    },
                    Control::Continue(n),
                ) => {
                    if n <= 1 {
                        let status = if *phase == WhilePhase::AfterBody {
                            *status
                        } else {
                            0
                        };
                        self.shell.stack.push(Frame::While {
                            node: node.clone(),
                            phase: WhilePhase::AfterBody,
                            status,
                        });
                        return;
                    }
                    ctl = Control::Continue(n - 1);
                }
                (Frame::Function { .. } | Frame::Source { .. }, Control::Return) => {
                    let status = self.shell.last_status;
                    self.step(frame);
                    self.shell.last_status = status;
                    return;
                }
                (Frame::ExitTrap, Control::Exit) => {
                    // The script ends: its EXIT trap runs first.
                    self.shell.stack.push(frame);
                    return;
                }
                (Frame::Subshell(_) | Frame::SubEnd { .. }, _) => {
                    // A subshell ends here, whatever left it.
                    self.shell.stack.push(frame);
                    return;
                }
                (Frame::Function { .. }, _) => {
                    // `break` cannot leave a function; `exit` goes on.
                    if matches!(ctl, Control::Break(_) | Control::Continue(_)) {
                        self.shell.stack.push(frame);
                        return;
                    }
                    let status = self.shell.last_status;
                    self.step(frame);
                    self.shell.last_status = status;
                }
                (Frame::Io(_) | Frame::Untest | Frame::Source { .. }, _) => {
                    let status = self.shell.last_status;
                    self.step(frame);
                    self.shell.last_status = status;
                }
                (Frame::Pipeline(_), _) => self.abandon_pipeline(frame),
                _ => {}
            }
        }
        if ctl == Control::Exit && self.shell.interactive {
            // `exit` in an interactive shell started from another returns
            // to it; in the login shell it ends the line.
            let status = self.shell.last_status;
            self.unnest(status);
        }
    }

    /// How many loops `break` could leave before a function or subshell.
    pub(crate) fn loop_depth(&self) -> u32 {
        let mut n = 0;
        for f in self.shell.stack.iter().rev() {
            match f {
                Frame::For { .. } | Frame::ArithFor { .. } | Frame::While { .. } => n += 1,
                Frame::Function { .. } | Frame::Subshell(_) | Frame::SubEnd { .. } => break,
                _ => {}
            }
        }
        n
    }

    /// Whether `return` has a function or sourced file to leave.
    pub(crate) fn in_function(&self) -> bool {
        self.shell
            .stack
            .iter()
            .rev()
            .any(|f| matches!(f, Frame::Function { .. } | Frame::Source { .. }))
    }
}

/// bash's `time` report of `micros` of real time (the lab's programs
/// take no CPU time of their own): `TIMEFORMAT`'s default
/// `\nreal\t%3lR\nuser\t%3lU\nsys\t%3lS`, or `time -p`'s.
pub(crate) fn time_report(micros: u64, posix: bool) -> String {
    if posix {
        let centis = micros / 10_000;
        return format!(
            "real {}.{:02}\nuser 0.00\nsys 0.00\n",
            centis / 100,
            centis % 100
        );
    }
    let millis = micros / 1000;
    let (m, s, ms) = (millis / 60_000, (millis / 1000) % 60, millis % 1000);
    format!("\nreal\t{m}m{s}.{ms:03}s\nuser\t0m0.000s\nsys\t0m0.000s\n")
}
