//! Pipelines and simple commands: a pipeline's commands started in order
//! as one process group joined by pipes (a compound command or function
//! in a longer pipeline runs in the shell as a subshell between them);
//! a simple command's command substitutions run first, then its words
//! expand, its redirections open, and it runs as a function, a built-in
//! or a program.

use alloc::boxed::Box;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

use super::frame::{Frame, MAX_CALL_DEPTH, PipeRun, SimpleRun, Stage};
use super::{Call, Control, Executor, FORK_FAILED, SUDO_USAGE, Target, builtins};
use crate::output::Stream;
use crate::proc::calls::{Image, Launch, PipeId, Signal, Spawn};
use crate::process::{Sink, Stdio};
use crate::shell::ast::{Command, List, ParamOp, Pipeline, Redirect, Word, WordPart};
use crate::shell::expand::{ExpandError, Expander, FsView};
use crate::shell::jobtable::JobNotice;
use crate::sys::User;

/// The file system as globs see it, through the shell's calls.
struct CallsFs<'s, 'a>(&'s crate::proc::calls::Calls<'a>);

impl FsView for CallsFs<'_, '_> {
    fn list(&self, dir: &str) -> Option<Vec<String>> {
        self.0.read_dir(dir)
    }
    fn exists(&self, path: &str) -> bool {
        self.0.stat(path).is_some()
    }
}

/// The command substitutions of `words`, in order (nested ones run
/// inside their own).
fn collect_subs(w: &Word, out: &mut Vec<Rc<List>>) {
    for p in &w.parts {
        match p {
            WordPart::Command { list, .. } => out.push(list.clone()),
            WordPart::Arith { expr, .. } => collect_subs(expr, out),
            WordPart::Param { param, .. } => match &param.op {
                ParamOp::Default(_, w)
                | ParamOp::Assign(_, w)
                | ParamOp::Error(_, w)
                | ParamOp::Alternate(_, w)
                | ParamOp::TrimPrefix(_, w)
                | ParamOp::TrimSuffix(_, w) => collect_subs(w, out),
                ParamOp::Replace { pattern, with, .. } => {
                    collect_subs(pattern, out);
                    collect_subs(with, out);
                }
                ParamOp::Substring(a, b) => {
                    collect_subs(a, out);
                    if let Some(b) = b {
                        collect_subs(b, out);
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
}

fn redirect_words(r: &Redirect) -> Option<&Word> {
    match r {
        Redirect::ToFile { target, .. }
        | Redirect::BothToFile { target, .. }
        | Redirect::FromFile { target } => Some(target),
        Redirect::Here { body, .. } => Some(body),
        _ => None,
    }
}

/// How bash's `set -x` shows a word.
pub(crate) fn quote_for_trace(w: &str) -> String {
    let plain = !w.is_empty()
        && w.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '-' | '_' | '.' | '/' | ':' | '=' | '+' | '@' | '%' | ',')
        });
    if plain {
        String::from(w)
    } else {
        format!("'{}'", w.replace('\'', "'\\''"))
    }
}

impl Executor<'_> {
    /// An expander over the shell with the finished substitutions.
    fn with_expander<T>(
        &mut self,
        subs: Vec<(Rc<List>, String)>,
        f: impl FnOnce(&mut Expander<'_>) -> T,
    ) -> T {
        let hostname = self.sys.gethostname();
        let fs = CallsFs(&self.sys);
        let mut ex = Expander {
            shell: self.shell,
            fs: &fs,
            subs,
            hostname: &hostname,
        };
        f(&mut ex)
    }

    /// Says an expansion error; a fatal one ends a script.
    fn expand_failed(&mut self, e: ExpandError) {
        self.say(Stream::Stderr, &e.message);
        self.shell.last_status = 1;
        if e.fatal && !self.shell.interactive {
            self.shell.last_status = 127;
            self.control(Control::Exit);
        }
    }

    /// Words to fields (no command substitutions left to run).
    pub(crate) fn expand_fields(&mut self, words: &[Word]) -> Result<Vec<String>, ()> {
        let mut lists = Vec::new();
        for w in words {
            collect_subs(w, &mut lists);
        }
        let subs = self.take_subs(&lists);
        match self.with_expander(subs, |ex| ex.fields(words)) {
            Ok(f) => Ok(f),
            Err(e) => {
                self.expand_failed(e);
                Err(())
            }
        }
    }

    /// A word to one string; an error is bash's message.
    pub(crate) fn expand_string(&mut self, word: &Word) -> Result<String, String> {
        self.with_expander(Vec::new(), |ex| ex.string(word))
            .map_err(|e| e.message)
    }

    /// A word to a pattern.
    pub(crate) fn expand_pattern(
        &mut self,
        word: &Word,
    ) -> Result<Vec<crate::shell::expand::pattern::PatChar>, String> {
        self.with_expander(Vec::new(), |ex| ex.pattern(word))
            .map_err(|e| e.message)
    }

    /// Arithmetic; an error is bash's message.
    pub(crate) fn arith(&mut self, text: &str) -> Result<i64, String> {
        self.with_expander(Vec::new(), |ex| ex.arith(text))
            .map_err(|e| e.message)
    }

    /// The results of substitutions `lists` ran for (the last ones).
    fn take_subs(&mut self, lists: &[Rc<List>]) -> Vec<(Rc<List>, String)> {
        let results = &mut self.shell.sub_results;
        let n = lists.len().min(results.len());
        let taken: Vec<String> = results.drain(results.len() - n..).collect();
        lists.iter().cloned().zip(taken).collect()
    }

    /// `set -x`: `+ command` on standard error.
    pub(crate) fn xtrace(&mut self, text: &str) {
        if self.shell.options.xtrace {
            self.say(Stream::Stderr, &format!("+ {text}\n"));
        }
    }

    /// Opens redirections against `base`.
    pub(crate) fn open_redirects(
        &mut self,
        redirects: &[Redirect],
        base: Stdio,
    ) -> Result<Stdio, String> {
        self.open_redirects_with(redirects, base, Vec::new())
    }

    /// [`Executor::open_redirects`] with the command's substitutions.
    fn open_redirects_with(
        &mut self,
        redirects: &[Redirect],
        base: Stdio,
        subs: Vec<(Rc<List>, String)>,
    ) -> Result<Stdio, String> {
        let cwd = self.shell.cwd.clone();
        let as_root = self.shell.user == User::Root;
        let hostname = self.sys.gethostname();
        let Executor { shell, sys, .. } = self;
        let mut expand = |w: &Word| -> Result<String, String> {
            let fs = CallsFs(sys);
            let mut ex = Expander {
                shell,
                fs: &fs,
                subs: subs.clone(),
                hostname: &hostname,
            };
            ex.string(w).map_err(|e| e.message)
        };
        let mut words = Vec::new();
        for r in redirects {
            if let Some(w) = redirect_words(r) {
                words.push(expand(w)?);
            }
        }
        let mut it = words.into_iter();
        let mut next = |_: &Word| -> Result<String, String> { Ok(it.next().unwrap_or_default()) };
        crate::shell::redirect::open(sys, &cwd, as_root, redirects, base, &mut next)
    }

    /// Starts a pipeline of simple commands (or a longer one).
    pub(crate) fn begin_pipeline(&mut self, pipeline: Rc<Pipeline>, background: bool) {
        let size = pipeline.commands.len();
        self.sys.begin_command();
        // A background job is always forked, even a builtin.
        if background && self.sys.can_fork().is_err() {
            self.fork_failed();
            return;
        }
        let first_pid = self.sys.next_pid();
        let pipes: Vec<PipeId> = (1..size).map(|_| self.sys.pipe()).collect();
        let job = background.then(|| self.shell.jobs.next_job_number());
        let terminal = self.sys.ttyname();
        self.shell
            .jobs
            .launch(first_pid, job, pipeline.text.clone(), terminal);
        if self.shell.options.pipefail {
            self.shell.jobs.set_pipefail(first_pid);
        }
        if let Some(job) = job {
            let last_pid =
                first_pid.wrapping_add(u32::try_from(size).unwrap_or(1).saturating_sub(1));
            if self.shell.interactive {
                self.say(Stream::Stderr, &format!("[{job}] {last_pid}\n"));
            }
            self.shell.last_bg = Some(last_pid);
        }
        self.shell.stack.push(Frame::Pipeline(Box::new(PipeRun {
            pipeline,
            background,
            next: 0,
            pipes,
            pgid: first_pid,
            job,
            terminal,
            last_status: None,
            outcome: None,
            waiting: false,
            fail: None,
        })));
    }

    /// What a stage did as it started, for the pipeline below it.
    pub(crate) fn report(&mut self, outcome: Spawn) {
        if let Some(Frame::Pipeline(run)) = self.shell.stack.last_mut() {
            run.outcome = Some(outcome);
        }
    }

    fn ends_of(run: &PipeRun, i: usize) -> (Option<PipeId>, Option<PipeId>) {
        (
            i.checked_sub(1).and_then(|j| run.pipes.get(j)).copied(),
            run.pipes.get(i).copied(),
        )
    }

    /// A pipeline left by `return`/`exit`: its pipes closed, its group
    /// forgotten if nothing of it runs.
    pub(crate) fn abandon_pipeline(&mut self, frame: Frame) {
        let Frame::Pipeline(run) = frame else {
            return;
        };
        for (i, id) in run.pipes.iter().enumerate() {
            if i + 1 >= run.next {
                self.sys.close_writer(*id);
            }
            if i + 1 > run.next.saturating_sub(1) {
                self.sys.close_reader(*id);
            }
        }
        if !self.shell.jobs.alive(run.pgid) {
            self.shell.jobs.discard(run.pgid);
        }
    }

    pub(crate) fn step_pipeline(&mut self, mut run: Box<PipeRun>) {
        let size = run.pipeline.commands.len();
        if let Some(outcome) = run.outcome.take() {
            let i = run.next.saturating_sub(1);
            let ends = Self::ends_of(&run, i);
            let last = i + 1 == size;
            match outcome {
                Spawn::Exited(status) => {
                    self.close_ends(ends);
                    if last {
                        run.last_status = Some(status);
                    }
                    let order = self.sys.next_pid();
                    self.shell.jobs.record_exit(run.pgid, order, status);
                    if status != 0 && run.fail.is_none_or(|(o, _)| order >= o) {
                        run.fail = Some((order, status));
                    }
                }
                Spawn::Running => self.close_ends(ends),
                Spawn::Refused => {
                    self.say(Stream::Stderr, FORK_FAILED);
                    let _ = self.signal(Target::Group(run.pgid), Signal::Term);
                    for id in run.pipes.iter().skip(i) {
                        self.sys.close_reader(*id);
                        self.sys.close_writer(*id);
                    }
                    if let (Some(id), _) = ends {
                        self.sys.close_reader(id);
                    }
                    self.shell.jobs.discard(run.pgid);
                    self.shell.last_status = 126;
                    self.shell.stack.clear();
                    return;
                }
            }
        }
        if run.waiting {
            // The foreground group ended: `$?` is the last command's.
            if let Some(status) = run.last_status {
                self.shell.last_status = status;
            }
            return;
        }
        if run.next < size {
            let i = run.next;
            run.next += 1;
            let ends = Self::ends_of(&run, i);
            let stage = Stage {
                pgid: run.pgid,
                size,
                ends,
                last: i + 1 == size,
            };
            let command = run.pipeline.commands.get(i).cloned();
            self.shell.stack.push(Frame::Pipeline(run));
            match command {
                Some(Command::Simple(cmd)) => {
                    self.shell.stack.push(Frame::Simple(Box::new(SimpleRun {
                        cmd,
                        stage,
                        subs: None,
                        ready: None,
                        aliased: Vec::new(),
                    })));
                }
                Some(Command::Compound(node, redirects)) => {
                    // A subshell between the pipes.
                    self.shell.stack.push(Frame::StageReport);
                    let saved = Box::new(self.save());
                    self.shell.stack.push(Frame::Subshell(saved));
                    self.stage_io(&stage);
                    self.shell.stack.push(Frame::Compound { node, redirects });
                }
                Some(Command::Function(name, body)) => {
                    self.shell.stack.push(Frame::StageReport);
                    let saved = Box::new(self.save());
                    self.shell.stack.push(Frame::Subshell(saved));
                    self.shell.functions.insert(name, body);
                    self.shell.last_status = 0;
                }
                None => {}
            }
            return;
        }
        // Every stage started.
        if !self.shell.jobs.alive(run.pgid) {
            self.shell.jobs.discard(run.pgid);
            let status = if self.shell.options.pipefail {
                run.fail.map_or(0, |(_, s)| s)
            } else {
                run.last_status.unwrap_or(0)
            };
            match run.job {
                Some(job) => {
                    self.shell.jobs.push_notice(JobNotice {
                        job,
                        command: run.pipeline.text.clone(),
                        status,
                        marker: '+',
                        terminal: run.terminal,
                    });
                    self.shell.last_status = 0;
                }
                None => self.shell.last_status = status,
            }
            return;
        }
        if let Some(status) = run.last_status {
            self.shell.jobs.set_status(run.pgid, status);
        }
        if run.background {
            self.shell.last_status = 0;
            return;
        }
        let pgid = run.pgid;
        run.waiting = true;
        run.last_status = None;
        self.shell.stack.push(Frame::Pipeline(run));
        self.foreground(pgid);
    }

    /// A shell stage's streams: the pipeline's pipes over the shell's.
    fn stage_io(&mut self, stage: &Stage) {
        let (pipe_in, pipe_out) = stage.ends;
        if let Some(id) = pipe_out {
            self.shell.io.stdout = Sink::Pipe(id);
        }
        if let Some(id) = pipe_in {
            self.shell.io.stdin_pipe = Some(id);
            self.shell.io.stdin = None;
            self.shell.io.stdin_file = None;
        }
    }

    /// Alias expansion of a command's first word (when it is plain text
    /// and an alias, not one being expanded): an alias that is one simple
    /// command has the rest of the words appended; a longer one runs as
    /// its list.
    fn expand_alias(&mut self, run: &mut SimpleRun) -> bool {
        let Some(first) = run.cmd.words.first().and_then(Word::as_plain) else {
            return false;
        };
        if run.aliased.contains(&first) || run.aliased.len() > 16 {
            return false;
        }
        let Some(value) = self.shell.aliases.get(&first).cloned() else {
            return false;
        };
        let Ok(list) = crate::shell::parse::parse(&value) else {
            return false;
        };
        if let [item] = list.items.as_slice()
            && !item.background
            && item.and_or.rest.is_empty()
            && !item.and_or.first.bang
            && let [Command::Simple(inner)] = item.and_or.first.commands.as_slice()
        {
            let mut cmd = (**inner).clone();
            let mut assigns = run.cmd.assigns.clone();
            assigns.extend(cmd.assigns);
            cmd.assigns = assigns;
            cmd.words.extend(run.cmd.words.iter().skip(1).cloned());
            cmd.redirects.extend(run.cmd.redirects.iter().cloned());
            cmd.line = run.cmd.line;
            run.cmd = Rc::new(cmd);
            run.aliased.push(first);
            return true;
        }
        false
    }

    pub(crate) fn step_simple(&mut self, mut run: Box<SimpleRun>) {
        if run.subs.is_none() && run.ready.is_none() && self.shell.interactive {
            while self.expand_alias(&mut run) {}
        }
        let cmd = run.cmd.clone();
        if let Some(line) = Some(cmd.line).filter(|l| *l > 0) {
            self.shell.lineno = line;
        }
        let (argv, stdio) = match run.ready.take() {
            Some(ready) => ready,
            None => {
                let mut lists = Vec::new();
                for a in &cmd.assigns {
                    collect_subs(&a.value, &mut lists);
                }
                for w in &cmd.words {
                    collect_subs(w, &mut lists);
                }
                for r in &cmd.redirects {
                    if let Some(w) = redirect_words(r) {
                        collect_subs(w, &mut lists);
                    }
                }
                if run.subs.is_none() && !lists.is_empty() {
                    run.subs = Some(lists.len());
                    self.shell.stack.push(Frame::Simple(run));
                    for list in lists.iter().rev() {
                        self.shell.stack.push(Frame::SubStart(list.clone()));
                    }
                    return;
                }
                let had_subs = !lists.is_empty();
                let sub_status = self.shell.last_status;
                let subs = self.take_subs(&lists);
                let redirect_subs = subs.clone();
                let expanded = self.with_expander(subs, |ex| -> Result<_, ExpandError> {
                    let mut assigns = Vec::new();
                    for a in &cmd.assigns {
                        let mut v = ex.string(&a.value)?;
                        if a.append {
                            let old = ex.param_value(&a.name).unwrap_or_default();
                            v = format!("{old}{v}");
                        }
                        assigns.push((a.name.clone(), v));
                    }
                    let argv = ex.fields(&cmd.words)?;
                    Ok((assigns, argv))
                });
                let (assigns, argv) = match expanded {
                    Ok(x) => x,
                    Err(e) => {
                        self.expand_failed(e);
                        let status = self.shell.last_status;
                        self.report(Spawn::Exited(status));
                        return;
                    }
                };
                if argv.is_empty() {
                    // Assignments alone, or redirections alone.
                    for (name, value) in &assigns {
                        self.xtrace(&format!("{name}={}", quote_for_trace(value)));
                    }
                    let mut status = if had_subs { sub_status } else { 0 };
                    for (name, value) in &assigns {
                        if let Err(m) = self.shell.assign(name, value) {
                            self.say(Stream::Stderr, &m);
                            status = 1;
                        }
                    }
                    if !cmd.redirects.is_empty() {
                        let base = self.base_stdio(&run.stage);
                        if let Err(m) =
                            self.open_redirects_with(&cmd.redirects, base, redirect_subs)
                        {
                            self.say(Stream::Stderr, &m);
                            status = 1;
                        }
                    }
                    self.shell.last_status = status;
                    self.report(Spawn::Exited(status));
                    return;
                }
                if self.shell.options.xtrace {
                    let mut t = String::new();
                    for (name, value) in &assigns {
                        t.push_str(&format!("{name}={} ", quote_for_trace(value)));
                    }
                    let words: Vec<String> = argv.iter().map(|a| quote_for_trace(a)).collect();
                    t.push_str(&words.join(" "));
                    self.xtrace(&t);
                }
                let base = self.base_stdio(&run.stage);
                let stdio = match self.open_redirects_with(&cmd.redirects, base, redirect_subs) {
                    Ok(s) => s,
                    Err(m) => {
                        self.say(Stream::Stderr, &m);
                        self.shell.last_status = 1;
                        self.report(Spawn::Exited(1));
                        return;
                    }
                };
                // Prefix assignments: the lab's programs take no
                // environment, functions and built-ins see them.
                let is_program = !self
                    .shell
                    .functions
                    .contains_key(argv.first().map_or("", |s| s.as_str()))
                    && builtins::find(argv.first().map_or("", |s| s.as_str()), false, argv.len())
                        .is_none();
                if !is_program {
                    for (name, value) in &assigns {
                        let _ = self.shell.assign(name, value);
                    }
                }
                (argv, stdio)
            }
        };
        self.run_command(run, argv, stdio);
    }

    /// The streams a stage starts with: the shell's, with the pipeline's pipes.
    fn base_stdio(&self, stage: &Stage) -> Stdio {
        let mut io = self.shell.io.clone();
        let (pipe_in, pipe_out) = stage.ends;
        if let Some(id) = pipe_out {
            io.stdout = Sink::Pipe(id);
        }
        if let Some(id) = pipe_in {
            io.stdin_pipe = Some(id);
            io.stdin = None;
            io.stdin_file = None;
            io.stdin_from_pipe = false;
        }
        io
    }

    fn run_command(&mut self, run: Box<SimpleRun>, mut argv: Vec<String>, stdio: Stdio) {
        let stage = run.stage.clone();
        let pid = self.sys.fork_pid();
        let mut user = self.shell.user;
        let mut via_sudo = false;
        if argv.first().map(String::as_str) == Some("sudo") {
            argv.remove(0);
            if argv.is_empty() {
                self.say(Stream::Stderr, SUDO_USAGE);
                self.shell.last_status = 1;
                self.report(Spawn::Exited(1));
                return;
            }
            user = User::Root;
            via_sudo = true;
        }
        if via_sudo
            && matches!(argv.first().map(String::as_str), Some("-i" | "-s"))
            && argv.len() == 1
        {
            // `sudo -i`: root's login shell; `sudo -s`: a root shell here.
            let login = argv.first().map(String::as_str) == Some("-i");
            if stage.size == 1 {
                self.nest(User::Root, false, login, !login);
            }
            self.shell.last_status = 0;
            self.report(Spawn::Exited(0));
            return;
        }
        if via_sudo && argv.first().map(String::as_str) == Some("su") && argv.len() <= 2 {
            let login = argv.get(1).is_some_and(|a| a == "-");
            if stage.size == 1 {
                self.nest(User::Root, false, login, !login);
            }
            self.shell.last_status = 0;
            self.report(Spawn::Exited(0));
            return;
        }
        // `ip netns exec NS bash`: a root shell whose commands start in NS.
        if user == User::Root
            && let [ip, netns, exec, ns_name, sh] = argv.as_slice()
            && (ip, netns, exec)
                == (
                    &String::from("ip"),
                    &String::from("netns"),
                    &String::from("exec"),
                )
            && super::shells::is_shell(sh)
            && let Some(ns) = self.sys.netns_by_name(ns_name)
        {
            if stage.size == 1 {
                self.nest(User::Root, !sh.ends_with("bash"), false, true);
                self.shell.netns = Some(ns);
            }
            self.shell.last_status = 0;
            self.report(Spawn::Exited(0));
            return;
        }
        // `/usr/bin/ping`, `/bin/ping`: the installed program itself.
        if let Some(first) = argv.first_mut()
            && first.contains('/')
            && !super::shells::is_shell(first)
        {
            let path = crate::shell::absolute_path(first, &self.shell.cwd);
            if let Some(name) = crate::shell::paths::program_at(&path)
                && (self.programs.find)(name).is_some()
                && self.sys.stat(&path).is_some()
            {
                *first = String::from(name);
            }
        }
        let mark = self.shell.stack.len();
        if self.run_shell(&argv, &stdio, user) {
            if self.shell.blocked {
                self.shell.stack.truncate(mark);
                let mut run = run;
                run.ready = Some((argv, stdio));
                self.shell.stack.push(Frame::Simple(run));
            }
            return;
        }
        // `command NAME ARGS`: NAME without looking for a function.
        let mut skip_functions = false;
        while argv.first().map(String::as_str) == Some("command")
            && argv
                .get(1)
                .is_some_and(|a| !a.starts_with('-') || a == "-p")
        {
            argv.remove(0);
            if argv.first().map(String::as_str) == Some("-p") {
                argv.remove(0);
            }
            skip_functions = true;
        }
        let name = argv.first().cloned().unwrap_or_default();
        if !via_sudo
            && !skip_functions
            && let Some(body) = self.shell.functions.get(&name).cloned()
        {
            if self.shell.call_depth >= MAX_CALL_DEPTH {
                self.say(
                    Stream::Stderr,
                    &format!(
                        "bash: {name}: maximum function nesting level exceeded ({MAX_CALL_DEPTH})\n"
                    ),
                );
                self.shell.last_status = 1;
                self.control(Control::Exit);
                return;
            }
            self.shell.stack.push(Frame::StageReport);
            if stage.size > 1 {
                let saved = Box::new(self.save());
                self.shell.stack.push(Frame::Subshell(saved));
            }
            let outer = core::mem::replace(
                &mut self.shell.positional,
                argv.get(1..).unwrap_or_default().to_vec(),
            );
            self.shell.vars.push_scope();
            self.shell.call_depth += 1;
            self.shell.stack.push(Frame::Function { positional: outer });
            let saved_io = core::mem::replace(&mut self.shell.io, stdio);
            self.shell.stack.push(Frame::Io(Box::new(saved_io)));
            let (node, redirects) = (*body).clone();
            self.shell.stack.push(Frame::Compound {
                node: Rc::new(node),
                redirects,
            });
            return;
        }
        if let Some(builtin) = builtins::find(&name, via_sudo, argv.len()) {
            let mark = self.shell.stack.len();
            self.shell.stack.push(Frame::StageReport);
            let call = Call {
                argv: &argv,
                pid,
                alone: stage.size == 1,
                stdio: &stdio,
            };
            let status = builtins::run(self, builtin, &call, &stdio);
            if self.shell.blocked {
                // It waits for input: it runs again with the same words.
                self.shell.stack.truncate(mark);
                let mut run = run;
                run.ready = Some((argv, stdio));
                self.shell.stack.push(Frame::Simple(run));
                return;
            }
            self.shell.last_status = status;
            if let Some(ctl) = self.shell.pending_control.take() {
                self.shell.stack.truncate(mark);
                self.report(Spawn::Exited(status));
                self.control(ctl);
                return;
            }
            if self.shell.stack.len() == mark + 1 {
                self.shell.stack.truncate(mark);
                self.report(Spawn::Exited(status));
            }
            return;
        }
        let Some(tool) = (self.programs.find)(&name).filter(|_| !(self.shell.dash && name == "[["))
        else {
            let message = if via_sudo {
                format!("sudo: {name}: command not found\n")
            } else if self.shell.dash {
                format!(
                    "{}: {}: {name}: not found\n",
                    self.shell.arg0, self.shell.lineno
                )
            } else {
                format!("bash: {name}: command not found\n")
            };
            self.say(Stream::Stderr, &message);
            let status = if via_sudo { 1 } else { 127 };
            self.shell.last_status = status;
            self.report(Spawn::Exited(status));
            return;
        };
        let mut image = Image::child(user, self.shell.cwd.clone(), stdio);
        if let Some(ns) = self.shell.netns {
            image.ns = ns;
        }
        let launch = Launch {
            name,
            pgid: stage.pgid,
        };
        let exec = self.programs.exec;
        let spawned = self
            .sys
            .spawn(pid, image, launch, |ctx| exec(ctx, tool, &argv));
        match spawned {
            Spawn::Running => self.shell.jobs.add(stage.pgid, pid, stage.last),
            Spawn::Exited(status) => self.shell.last_status = status,
            Spawn::Refused => {}
        }
        self.report(spawned);
    }
}
