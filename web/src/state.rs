//! The playground's state and its pure reducer.
//!
//! [`State`] owns the simulated [`Lab`] and everything the terminal shows.
//! Every change arrives as an [`Action`]; times come in with the actions
//! ([`Action::Tick`], [`Action::Interrupt`]) because the reducer never reads
//! the browser clock. The one timer owner is [`crate::clock`].

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use lolab_core::{Instant, Lab, LabConfig, OutputEvent, Stream};
use yew::Reducible;

use crate::inspector::{InspectAction, Inspector};
use crate::lessons::{LessonAction, Progress};
use crate::persist::record::{Entry, Record, ReplayError};
use crate::terminal_tabs::Machine;

/// The most lines the scrollback keeps; older lines are dropped.
pub const SCROLLBACK_LIMIT: usize = 2000;

/// The most lines typed ahead while a command runs; more are dropped.
pub const TYPEAHEAD_LIMIT: usize = 64;

/// How many virtual-time steps one [`Action::FastForward`] may take before
/// the page yields to the browser.
pub const INSTANT_STEP_BUDGET: u32 = 256;

/// What a scrollback line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LineKind {
    /// The terminal's echo of what the user typed: a prompt and a command,
    /// or `^C`.
    Command,
    /// Text a process wrote to standard output.
    Stdout,
    /// Text a process wrote to standard error.
    Stderr,
}

impl LineKind {
    /// The CSS class of a line of this kind.
    pub fn class(self) -> &'static str {
        match self {
            LineKind::Command => "command",
            LineKind::Stdout => "stdout",
            LineKind::Stderr => "stderr",
        }
    }
}

impl From<Stream> for LineKind {
    fn from(stream: Stream) -> Self {
        match stream {
            Stream::Stdout => LineKind::Stdout,
            Stream::Stderr => LineKind::Stderr,
        }
    }
}

/// One line of the scrollback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// A stable identity (used as the list key), unique within a [`State`].
    pub id: u64,
    /// Where the text came from.
    pub kind: LineKind,
    /// The prompt shown before a command (empty for output lines).
    pub prompt: String,
    /// The text, without the newline.
    pub text: String,
}

/// How fast virtual time runs against the browser's clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Speed {
    /// One virtual second per real second.
    #[default]
    RealTime,
    /// Ten virtual seconds per real second.
    Fast,
    /// As fast as the page can go, jumping from deadline to deadline.
    Instant,
}

impl Speed {
    /// Every speed, in the order the speed control shows them.
    pub const ALL: [Speed; 3] = [Speed::RealTime, Speed::Fast, Speed::Instant];

    /// The label the speed control shows.
    pub fn label(self) -> &'static str {
        match self {
            Speed::RealTime => "1×",
            Speed::Fast => "10×",
            Speed::Instant => "instant",
        }
    }

    /// A longer description, for tooltips and screen readers.
    pub fn description(self) -> &'static str {
        match self {
            Speed::RealTime => "real time",
            Speed::Fast => "ten times faster than real time",
            Speed::Instant => "as fast as possible",
        }
    }

    /// Virtual microseconds per real microsecond, or `None` for
    /// [`Speed::Instant`].
    pub fn factor(self) -> Option<u32> {
        match self {
            Speed::RealTime => Some(1),
            Speed::Fast => Some(10),
            Speed::Instant => None,
        }
    }
}

/// Everything a user can do to the playground, and the clock's ticks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// The input line now reads this.
    Edit(String),
    /// Enter: run this line, or queue it (typeahead) while a command runs.
    /// At instant speed the first [`Action::FastForward`] batch runs in the
    /// same reduction.
    Submit(String),
    /// The clock says virtual time has reached this instant.
    Tick(Instant),
    /// Instant speed: jump from deadline to deadline, at most this many steps.
    FastForward(u32),
    /// Ctrl-C at this virtual instant.
    Interrupt(Instant),
    /// Arrow up: the previous history entry.
    HistoryUp,
    /// Arrow down: the next history entry (or back to the draft).
    HistoryDown,
    /// Ctrl-L: clear the screen, keep the input.
    ClearScreen,
    /// Change how fast virtual time runs.
    SetSpeed(Speed),
    /// Something in the inspector (tabs, journey, packet list, state panels).
    Inspect(InspectAction),
    /// Something in the lessons panel.
    Lesson(LessonAction),
    /// Show the terminal tab of another machine.
    SelectMachine(Machine),
    /// Tab: complete the input line.
    Complete,
    /// The /etc/hosts editor saves this text (as root: it is the lab's own
    /// editor).
    WriteHosts(String),
    /// Start over with a fresh lab (same seed and speed); forgets the record.
    Reset,
    /// The State tab's sysctl toggles: set `key` to `value` in namespace
    /// `netns` by running `sysctl -w` in the terminal (the lessons' way:
    /// the namespace's tab, then [`Action::Submit`]), so it is seen,
    /// recorded and replayed like a typed command.
    SetSysctl {
        /// The namespace.
        netns: u32,
        /// The dotted key.
        key: String,
        /// The new value.
        value: String,
    },
}

/// What a terminal tab keeps while another tab is shown.
#[derive(Clone, Debug, Default)]
struct Screen {
    lines: Rc<Vec<Line>>,
    draft: String,
    history: Rc<Vec<String>>,
    /// The kind of its last line when that has no newline yet.
    open: Option<LineKind>,
}

/// The playground: the lab, the scrollback, the input line and its history.
///
/// Cloning is cheap: the lab and the long lists are shared behind [`Rc`]s and
/// copied only when a reduction changes them.
#[derive(Clone, Debug)]
pub struct State {
    lab: Rc<RefCell<Lab>>,
    /// The scrollback, oldest first.
    pub lines: Rc<Vec<Line>>,
    /// The text in the input line.
    pub draft: String,
    /// Lines entered, oldest first (Debian's `HISTCONTROL=ignoreboth`).
    pub history: Rc<Vec<String>>,
    /// The history entry the input shows, if the user is browsing history.
    history_pos: Option<usize>,
    /// What the user had typed before browsing history.
    stash: String,
    /// The prompt for the next line.
    pub prompt: String,
    /// True while a foreground command runs.
    pub busy: bool,
    /// The lab's virtual time.
    pub now: Instant,
    /// When the lab next needs a poll.
    pub poll_at: Option<Instant>,
    /// How fast virtual time runs.
    pub speed: Speed,
    /// How many command lines were started (a new run re-anchors the clock).
    pub runs: u64,
    /// How many clock steps were taken (so the clock notices every step).
    pub ticks: u64,
    /// `$?` of the last command.
    pub status: i32,
    /// The id of the next line.
    next_id: u64,
    /// The kind of the last line when it has no newline yet.
    open: Option<LineKind>,
    /// Lines entered while a command ran, to run when it ends.
    typeahead: VecDeque<String>,
    /// The inspector: journey, packet list, state panels.
    pub inspector: Inspector,
    /// The lessons panel.
    pub lessons: Progress,
    /// The machine whose terminal tab is shown.
    pub machine: Machine,
    /// The other tabs' screens.
    screens: std::collections::BTreeMap<Machine, Screen>,
    /// The lab's terminal numbers ([`Lab::start_on`]): the machine of each
    /// tab a line was typed in, so output goes to the tab that started it.
    terminals: Vec<Machine>,
    /// What the last Tab press could complete to (shown under the input).
    pub completions: Rc<Vec<String>>,
    /// The last /etc/hosts save failed with this message.
    pub hosts_error: Option<String>,
    /// The seed and what was done to the lab (see [`crate::persist`]).
    pub record: Rc<Record>,
}

impl Default for State {
    fn default() -> Self {
        State::new(Lab::new(LabConfig::default()))
    }
}

impl State {
    /// A playground around `lab`.
    pub fn new(lab: Lab) -> Self {
        let mut state = State {
            prompt: lab.prompt(),
            busy: lab.is_busy(),
            now: lab.now(),
            poll_at: lab.poll_at(),
            status: lab.last_status(),
            lab: Rc::new(RefCell::new(lab)),
            lines: Rc::default(),
            draft: String::new(),
            history: Rc::default(),
            history_pos: None,
            stash: String::new(),
            speed: Speed::default(),
            runs: 0,
            ticks: 0,
            next_id: 0,
            open: None,
            typeahead: VecDeque::new(),
            inspector: Inspector::default(),
            lessons: Progress::default(),
            machine: Machine::Lab,
            screens: std::collections::BTreeMap::new(),
            terminals: vec![Machine::Lab],
            completions: Rc::default(),
            hosts_error: None,
            record: Rc::default(),
        };
        state.absorb();
        state
    }

    /// The scrollback as plain text, one `\n` after each line.
    pub fn transcript(&self) -> String {
        let mut s = String::new();
        for line in self.lines.iter() {
            s.push_str(&line.prompt);
            s.push_str(&line.text);
            s.push('\n');
        }
        s
    }

    fn push_line(&mut self, kind: LineKind, prompt: String, text: &str) {
        let id = self.next_id;
        self.next_id += 1;
        let lines = Rc::make_mut(&mut self.lines);
        lines.push(Line {
            id,
            kind,
            prompt,
            text: String::from(text),
        });
        if lines.len() > SCROLLBACK_LIMIT {
            let excess = lines.len() - SCROLLBACK_LIMIT;
            lines.drain(..excess);
        }
    }

    /// Appends `text` to the open last line, or starts a new line.
    fn continue_line(&mut self, kind: LineKind, text: &str) {
        if self.open.is_some()
            && let Some(last) = Rc::make_mut(&mut self.lines).last_mut()
        {
            last.text.push_str(text);
            return;
        }
        self.push_line(kind, String::new(), text);
    }

    /// Writes terminal text: splits it into lines, continuing an unfinished
    /// last line.
    fn write(&mut self, kind: LineKind, text: &str) {
        if text.is_empty() {
            return;
        }
        let mut parts = text.split('\n').peekable();
        let mut first = true;
        while let Some(part) = parts.next() {
            let last = parts.peek().is_none();
            if first {
                self.continue_line(kind, part);
            } else if !(last && part.is_empty()) {
                self.push_line(kind, String::new(), part);
            }
            first = false;
            if !last {
                self.open = None;
            }
        }
        if !text.ends_with('\n') {
            self.open = Some(kind);
        }
    }

    fn clear_screen(&mut self) {
        if !self.lines.is_empty() {
            self.lines = Rc::default();
        }
        self.open = None;
    }

    /// Takes the lab's output into the scrollback and refreshes the snapshot.
    fn absorb(&mut self) {
        let (events, prompt, busy, now, poll_at, status) = {
            let mut lab = self.lab.borrow_mut();
            (
                lab.take_output(),
                lab.prompt(),
                lab.is_busy(),
                lab.now(),
                lab.poll_at(),
                lab.last_status(),
            )
        };
        // Each batch starts on terminal 0, the lab's own tab.
        let mut target = Machine::Lab;
        for event in events {
            match event {
                OutputEvent::Terminal(n) => {
                    target = self
                        .terminals
                        .get(n as usize)
                        .cloned()
                        .unwrap_or(Machine::Lab);
                }
                OutputEvent::Text { stream, text } if target == self.machine => {
                    self.write(stream.into(), &text);
                }
                OutputEvent::Clear if target == self.machine => self.clear_screen(),
                OutputEvent::Text { stream, text } => {
                    self.on_other_screen(&target, |s| s.write(stream.into(), &text));
                }
                OutputEvent::Clear => self.on_other_screen(&target, State::clear_screen),
            }
        }
        if !busy {
            // Bash starts the prompt on a new line.
            self.open = None;
        }
        if self.busy && !busy {
            Rc::make_mut(&mut self.record).push(Entry::End { at: now.micros() });
        }
        self.inspector.refresh(&self.lab.borrow(), &self.lines);
        let cwd = String::from(self.lab.borrow().cwd());
        self.prompt = self.machine.prompt(&prompt, &cwd);
        self.busy = busy;
        self.now = now;
        self.poll_at = poll_at;
        self.status = status;
    }

    /// The terminal number of the shown tab (see [`State::terminals`]).
    fn terminal_id(&mut self) -> u32 {
        let index = match self.terminals.iter().position(|m| *m == self.machine) {
            Some(i) => i,
            None => {
                self.terminals.push(self.machine.clone());
                self.terminals.len() - 1
            }
        };
        u32::try_from(index).unwrap_or(0)
    }

    /// Runs `f` on the scrollback of `machine`'s tab, which is not shown:
    /// a background job started there printed (a server's log line).
    fn on_other_screen(&mut self, machine: &Machine, f: impl FnOnce(&mut State)) {
        let mut screen = self.screens.remove(machine).unwrap_or_default();
        std::mem::swap(&mut self.lines, &mut screen.lines);
        std::mem::swap(&mut self.open, &mut screen.open);
        f(self);
        std::mem::swap(&mut self.lines, &mut screen.lines);
        std::mem::swap(&mut self.open, &mut screen.open);
        self.screens.insert(machine.clone(), screen);
    }

    /// Echoes `line` after the prompt, records it and starts it.
    fn run_line(&mut self, line: &str) {
        let prompt = self.prompt.clone();
        let first_line = self.next_id;
        self.push_line(LineKind::Command, prompt, line);
        self.record_history(line);
        if !line.trim().is_empty() {
            // Another machine's tab wraps each command (`ssh laptop …`).
            let line = &self.machine.wrap(line);
            self.inspector
                .start_command(&self.lab.borrow(), line, first_line);
            let terminal = self.terminal_id();
            let (started, now) = {
                let mut lab = self.lab.borrow_mut();
                let now = lab.now();
                (lab.start_on(line, now, terminal), now)
            };
            if started {
                self.runs += 1;
                Rc::make_mut(&mut self.record).push(Entry::Run {
                    at: now.micros(),
                    line: String::from(line),
                });
            }
        }
        self.absorb();
    }

    /// The lab's /etc/hosts as it is now.
    pub fn hosts_text(&self) -> String {
        self.lab
            .borrow()
            .host()
            .files
            .read("/etc/hosts")
            .unwrap_or_default()
            .to_string()
    }

    /// The /etc/hosts editor's save (as root), recorded so a share link or
    /// a reload brings the same file back.
    fn write_hosts(&mut self, text: &str) {
        let written = self
            .lab
            .borrow_mut()
            .host_mut()
            .files
            .write("/etc/hosts", text, false, true);
        self.hosts_error = written
            .as_ref()
            .err()
            .map(|e| format!("/etc/hosts: {}", e.message()));
        if written.is_ok() {
            Rc::make_mut(&mut self.record).push(Entry::Hosts {
                text: String::from(text),
            });
        }
        self.absorb();
    }

    /// Instant speed: jumps from deadline to deadline, at most `budget`
    /// steps, then takes in the output (and runs what was typed ahead).
    fn fast_forward(&mut self, budget: u32) {
        {
            let mut lab = self.lab.borrow_mut();
            let mut steps = 0;
            while lab.is_busy() && steps < budget {
                let Some(at) = lab.poll_at() else { break };
                lab.poll(at);
                steps += 1;
            }
        }
        self.ticks += 1;
        self.absorb();
        self.run_typeahead();
    }

    /// Runs the lines typed ahead, while the lab is free.
    fn run_typeahead(&mut self) {
        while !self.busy {
            let Some(line) = self.typeahead.pop_front() else {
                break;
            };
            self.run_line(&line);
        }
    }

    /// The captured frames that pass the packet list's filter, as a pcap
    /// file.
    pub fn pcap(&self) -> Vec<u8> {
        let lab = self.lab.borrow();
        let inspector = &self.inspector;
        if inspector.filter.trim().is_empty() {
            return lab.host().net.capture.to_pcap(|_| true);
        }
        let numbers: std::collections::BTreeSet<u64> = inspector
            .visible
            .iter()
            .filter_map(|&i| inspector.rows.get(i).map(|r| r.number))
            .collect();
        lab.host()
            .net
            .capture
            .to_pcap(|f| numbers.contains(&f.number))
    }

    fn record_history(&mut self, line: &str) {
        // Debian's ~/.bashrc sets HISTCONTROL=ignoreboth.
        if line.trim().is_empty() || line.starts_with(' ') {
            return;
        }
        if self.history.last().map(String::as_str) == Some(line) {
            return;
        }
        Rc::make_mut(&mut self.history).push(String::from(line));
    }

    /// Ctrl-C at virtual instant `now`.
    fn interrupt(&mut self, now: Instant) {
        let poll = self.lab.borrow().now();
        if self.busy {
            // The terminal echoes ^C where the cursor is.
            self.write(LineKind::Command, "^C");
        } else {
            let prompt = self.prompt.clone();
            let text = format!("{}^C", self.draft);
            self.push_line(LineKind::Command, prompt, &text);
            self.draft.clear();
            self.reset_history_browsing();
        }
        // Like the tty on SIGINT, forget what was typed ahead.
        self.typeahead.clear();
        Rc::make_mut(&mut self.record).push(Entry::Interrupt {
            poll: poll.micros(),
            at: now.micros(),
        });
        self.lab.borrow_mut().interrupt(now);
        self.absorb();
    }

    fn reset_history_browsing(&mut self) {
        self.history_pos = None;
        self.stash.clear();
    }

    /// The namespaces made with `ip netns add`, by name (for their tabs).
    pub fn netns_names(&self) -> Vec<String> {
        self.lab
            .borrow()
            .host()
            .net
            .namespaces()
            .filter(|n| n.kind == lolab_core::net::NsKind::Named)
            .map(|n| n.name.clone())
            .collect()
    }

    /// Shows `machine`'s tab: this tab's scrollback, input and history are
    /// put aside and the other tab's come back.
    fn switch_machine(&mut self, machine: Machine) {
        let old = Screen {
            lines: std::mem::take(&mut self.lines),
            draft: std::mem::take(&mut self.draft),
            history: std::mem::take(&mut self.history),
            open: self.open.take(),
        };
        let old_machine = std::mem::replace(&mut self.machine, machine.clone());
        self.screens.insert(old_machine, old);
        let new = self.screens.remove(&machine).unwrap_or_default();
        self.lines = new.lines;
        self.draft = new.draft;
        self.history = new.history;
        self.reset_history_browsing();
        self.open = new.open;
        self.completions = Rc::default();
        let (prompt, cwd) = {
            let lab = self.lab.borrow();
            (lab.prompt(), String::from(lab.cwd()))
        };
        self.prompt = self.machine.prompt(&prompt, &cwd);
    }
}

// Persistence and preloading (see `crate::persist` and `crate::embed`).
impl State {
    /// A fresh playground whose lab has this seed.
    pub fn with_seed(seed: u64) -> Self {
        let mut s = State::new(Lab::new(LabConfig {
            seed,
            ..LabConfig::default()
        }));
        Rc::make_mut(&mut s.record).seed = seed;
        s
    }

    /// Polls the lab deadline by deadline up to `t`, as the clock would
    /// have: events due by `t` run while a command is busy (an idle lab is
    /// not polled). Counts steps against `steps`.
    fn advance_to(&mut self, t: Instant, steps: &mut u64, budget: u64) -> bool {
        {
            let mut lab = self.lab.borrow_mut();
            loop {
                let due = lab.poll_at().filter(|&p| p <= t);
                if lab.now() >= t && (due.is_none() || !lab.is_busy()) {
                    break;
                }
                if *steps >= budget {
                    return false;
                }
                *steps += 1;
                let at = if lab.is_busy() { due.unwrap_or(t) } else { t };
                let at = at.max(lab.now());
                lab.poll(at);
            }
        }
        self.absorb();
        true
    }

    /// A fresh playground with `record` replayed into it, at instant speed,
    /// taking at most `budget` poll steps.
    pub fn replay(record: &Record, budget: u64) -> Result<State, ReplayError> {
        let mut s = match record
            .lesson
            .as_deref()
            .and_then(crate::lessons::content::find)
        {
            Some(lesson) => crate::lessons::engine::opened(lesson),
            None => State::with_seed(record.seed),
        };
        let mut steps = 0;
        for (n, entry) in record.entries.iter().enumerate() {
            match entry {
                Entry::Run { at, line } => {
                    if !s.advance_to(Instant::from_micros(*at), &mut steps, budget) {
                        return Err(ReplayError::Budget);
                    }
                    if s.busy {
                        return Err(ReplayError::Inconsistent(n));
                    }
                    s.run_line(line);
                }
                Entry::Interrupt { poll, at } => {
                    if !s.advance_to(Instant::from_micros(*poll), &mut steps, budget) {
                        return Err(ReplayError::Budget);
                    }
                    s.interrupt(Instant::from_micros(*at));
                }
                Entry::End { at } => {
                    if !s.advance_to(Instant::from_micros(*at), &mut steps, budget) {
                        return Err(ReplayError::Budget);
                    }
                    if s.busy {
                        return Err(ReplayError::Inconsistent(n));
                    }
                }
                Entry::Hosts { text } => s.write_hosts(text),
            }
        }
        Ok(s)
    }

    /// Runs `line` to its end at instant speed (as [`Lab::run`] does): a
    /// command still running after `limit` of virtual time, or after
    /// `budget` steps, is interrupted as Ctrl-C would.
    pub fn run_to_end(&mut self, line: &str, limit: lolab_core::Duration, budget: u64) {
        if self.busy {
            return;
        }
        self.run_line(line);
        let deadline = self.now + limit;
        let mut steps = 0;
        let stop = {
            let mut lab = self.lab.borrow_mut();
            loop {
                if !lab.is_busy() {
                    break None;
                }
                steps += 1;
                match lab.poll_at() {
                    Some(at) if at <= deadline && steps <= budget => {
                        let at = at.max(lab.now());
                        lab.poll(at);
                    }
                    _ => {
                        let t = if steps <= budget { deadline } else { lab.now() };
                        let t = t.max(lab.now());
                        lab.poll(t);
                        break lab.is_busy().then(|| lab.now());
                    }
                }
            }
        };
        self.absorb();
        if let Some(t) = stop {
            self.interrupt(t);
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Edit(text) => {
                if text == self.draft {
                    return self;
                }
                let mut s = Rc::unwrap_or_clone(self);
                s.draft = text;
                if !s.completions.is_empty() {
                    s.completions = Rc::default();
                }
                Rc::new(s)
            }
            Action::Submit(line) => {
                let mut s = Rc::unwrap_or_clone(self);
                s.draft.clear();
                s.completions = Rc::default();
                s.reset_history_browsing();
                if s.busy {
                    // The terminal echoes what is typed; bash reads it when
                    // the command ends.
                    if s.typeahead.len() < TYPEAHEAD_LIMIT {
                        s.write(LineKind::Command, &format!("{line}\n"));
                        s.typeahead.push_back(line);
                    }
                } else {
                    s.run_line(&line);
                    s.run_typeahead();
                    if s.busy && s.speed == Speed::Instant {
                        // Instant speed: run the first batch now, so a short
                        // command's output is in the same render as its echo
                        // (the clock's timer takes over if it is still busy).
                        s.fast_forward(INSTANT_STEP_BUDGET);
                    }
                }
                Rc::new(s)
            }
            Action::Tick(at) => {
                if !self.busy {
                    return self;
                }
                let mut s = Rc::unwrap_or_clone(self);
                s.lab.borrow_mut().poll(at);
                s.ticks += 1;
                s.absorb();
                s.run_typeahead();
                Rc::new(s)
            }
            Action::FastForward(budget) => {
                if !self.busy {
                    return self;
                }
                let mut s = Rc::unwrap_or_clone(self);
                s.fast_forward(budget);
                Rc::new(s)
            }
            Action::Interrupt(now) => {
                let mut s = Rc::unwrap_or_clone(self);
                s.interrupt(now);
                Rc::new(s)
            }
            Action::HistoryUp => {
                let Some(pos) = (match self.history_pos {
                    None => self.history.len().checked_sub(1),
                    Some(p) => p.checked_sub(1),
                }) else {
                    return self;
                };
                let mut s = Rc::unwrap_or_clone(self);
                if s.history_pos.is_none() {
                    s.stash = std::mem::take(&mut s.draft);
                }
                s.draft = s.history.get(pos).cloned().unwrap_or_default();
                s.history_pos = Some(pos);
                Rc::new(s)
            }
            Action::HistoryDown => {
                let Some(pos) = self.history_pos else {
                    return self;
                };
                let mut s = Rc::unwrap_or_clone(self);
                match s.history.get(pos + 1).cloned() {
                    Some(entry) => {
                        s.draft = entry;
                        s.history_pos = Some(pos + 1);
                    }
                    None => {
                        s.draft = std::mem::take(&mut s.stash);
                        s.history_pos = None;
                    }
                }
                Rc::new(s)
            }
            Action::ClearScreen => {
                if self.lines.is_empty() {
                    return self;
                }
                let mut s = Rc::unwrap_or_clone(self);
                s.clear_screen();
                Rc::new(s)
            }
            Action::SetSpeed(speed) => {
                if speed == self.speed {
                    return self;
                }
                let mut s = Rc::unwrap_or_clone(self);
                s.speed = speed;
                Rc::new(s)
            }
            Action::Reset => {
                let mut s = State::with_seed(self.record.seed);
                s.speed = self.speed;
                Rc::new(s)
            }
            Action::Inspect(action) => {
                let mut inspector = self.inspector.clone();
                if !inspector.reduce(&self.lab.borrow(), action) {
                    return self;
                }
                let mut s = Rc::unwrap_or_clone(self);
                s.inspector = inspector;
                Rc::new(s)
            }
            Action::Lesson(action) => crate::lessons::engine::reduce(self, action),
            Action::SelectMachine(machine) => {
                // A running command keeps its tab until it ends.
                if machine == self.machine || self.busy {
                    return self;
                }
                let mut s = Rc::unwrap_or_clone(self);
                s.switch_machine(machine);
                Rc::new(s)
            }
            Action::Complete => {
                let done = crate::completion::complete(&self.draft);
                if done.line == self.draft && *self.completions == done.candidates {
                    return self;
                }
                let mut s = Rc::unwrap_or_clone(self);
                s.draft = done.line;
                s.completions = Rc::new(done.candidates);
                Rc::new(s)
            }
            Action::WriteHosts(text) => {
                let mut s = Rc::unwrap_or_clone(self);
                s.write_hosts(&text);
                Rc::new(s)
            }
            Action::SetSysctl { netns, key, value } => {
                if self.busy {
                    return self;
                }
                let command = crate::inspect::netstate::sysctl_command(
                    &self.lab.borrow(),
                    netns,
                    &key,
                    &value,
                );
                let Some((machine, line)) = command else {
                    return self;
                };
                self.reduce(Action::SelectMachine(machine))
                    .reduce(Action::Submit(line))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspector::InspectAction;

    fn reduce(state: Rc<State>, actions: impl IntoIterator<Item = Action>) -> Rc<State> {
        actions.into_iter().fold(state, |s, a| s.reduce(a))
    }

    fn submit(line: &str) -> Action {
        Action::Submit(String::from(line))
    }

    fn texts(state: &State, kind: LineKind) -> Vec<String> {
        state
            .lines
            .iter()
            .filter(|l| l.kind == kind)
            .map(|l| l.text.clone())
            .collect()
    }

    #[test]
    fn echo_and_unknown_command() {
        let s = reduce(Rc::default(), [submit("echo hello"), submit("nmap")]);
        assert_eq!(
            s.transcript(),
            "user@lab:~$ echo hello\nhello\nuser@lab:~$ nmap\nbash: nmap: command not found\n"
        );
        assert_eq!(texts(&s, LineKind::Stdout), ["hello"]);
        assert_eq!(
            texts(&s, LineKind::Stderr),
            ["bash: nmap: command not found"]
        );
        assert_eq!(s.status, 127);
        assert!(!s.busy);
    }

    /// Two terminal windows on a real host: a server started in the first
    /// logs each request there, even while the user types in the second.
    #[test]
    fn a_background_job_prints_in_the_tab_that_started_it() {
        let limit = lolab_core::Duration::from_secs(5);
        let mut s = State::default();
        s.run_to_end("python3 -m http.server 8000 &", limit, 100_000);
        let s = Rc::new(s).reduce(Action::SelectMachine(Machine::Laptop));
        let mut s = (*s).clone();
        s.run_to_end(
            "curl -s -o /dev/null -w '%{http_code}\\n' http://192.168.1.50:8000/",
            limit,
            100_000,
        );
        let laptop = s.transcript();
        assert!(laptop.contains("\n200\n"), "{laptop}");
        assert!(!laptop.contains("GET / HTTP/1.1"), "{laptop}");
        let s = Rc::new(s).reduce(Action::SelectMachine(Machine::Lab));
        let lab = s.transcript();
        assert!(
            lab.contains("192.168.1.20 - - [") && lab.contains("\"GET / HTTP/1.1\" 200 -"),
            "{lab}"
        );
        // Ctrl-L in one tab clears only that tab.
        let s = s.reduce(Action::SelectMachine(Machine::Laptop));
        assert!(s.transcript().contains("200"));
    }

    #[test]
    fn partial_lines_continue() {
        let mut s = State::default();
        s.write(LineKind::Stdout, "a");
        s.write(LineKind::Stdout, "b\nc\n");
        s.write(LineKind::Stdout, "\n");
        assert_eq!(s.transcript(), "ab\nc\n\n");
        assert_eq!(s.open, None);
    }

    #[test]
    fn sleep_waits_for_ticks() {
        let s = reduce(Rc::default(), [submit("sleep 1; echo done")]);
        assert!(s.busy);
        assert_eq!(s.poll_at, Some(Instant::from_millis(1000)));
        let s = reduce(s, [Action::Tick(Instant::from_millis(1000))]);
        assert!(!s.busy);
        assert_eq!(texts(&s, LineKind::Stdout), ["done"]);
    }

    #[test]
    fn typeahead_runs_when_the_command_ends() {
        let s = reduce(
            Rc::default(),
            [
                submit("sleep 1"),
                submit("echo queued"),
                submit("sleep 1"),
                submit("echo last"),
            ],
        );
        assert_eq!(
            s.transcript(),
            "user@lab:~$ sleep 1\necho queued\nsleep 1\necho last\n"
        );
        let s = reduce(s, [Action::Tick(Instant::from_millis(1000))]);
        assert!(s.busy, "the second sleep runs");
        assert_eq!(texts(&s, LineKind::Stdout), ["queued"]);
        let s = reduce(s, [Action::Tick(Instant::from_millis(2000))]);
        assert!(!s.busy);
        assert_eq!(texts(&s, LineKind::Stdout), ["queued", "last"]);
        assert!(s.transcript().ends_with("user@lab:~$ echo last\nlast\n"));
        assert_eq!(
            *s.history,
            ["sleep 1", "echo queued", "sleep 1", "echo last"]
        );
    }

    #[test]
    fn interrupt_forgets_typeahead() {
        let s = reduce(
            Rc::default(),
            [
                submit("sleep 1"),
                submit("echo never"),
                Action::Interrupt(Instant::from_millis(10)),
            ],
        );
        assert!(!s.busy);
        assert_eq!(texts(&s, LineKind::Stdout), Vec::<String>::new());
        assert_eq!(s.transcript(), "user@lab:~$ sleep 1\necho never\n^C\n");
    }

    #[test]
    fn fast_forward_finishes_within_budget() {
        let s = reduce(
            Rc::default(),
            [
                submit("sleep 1; sleep 2; echo done"),
                Action::FastForward(10),
            ],
        );
        assert!(!s.busy);
        assert_eq!(s.now, Instant::from_millis(3000));
        assert_eq!(texts(&s, LineKind::Stdout), ["done"]);
    }

    #[test]
    fn instant_submit_runs_a_short_command_at_once() {
        let s = reduce(
            Rc::default(),
            [
                Action::SetSpeed(Speed::Instant),
                submit("ping -c 1 127.0.0.1"),
            ],
        );
        assert!(!s.busy, "no timer needed for a one-packet ping");
        assert!(
            s.transcript().contains("1 packets transmitted, 1 received"),
            "{}",
            s.transcript()
        );
        // At 1× the same line waits for the clock.
        let s = reduce(Rc::default(), [submit("ping -c 1 127.0.0.1")]);
        assert!(s.busy);
    }

    #[test]
    fn interrupt_while_busy_and_idle() {
        let s = reduce(
            Rc::default(),
            [
                submit("sleep 10; echo never"),
                Action::Interrupt(Instant::from_millis(500)),
            ],
        );
        assert!(!s.busy);
        assert_eq!(s.status, 130);
        assert_eq!(s.transcript(), "user@lab:~$ sleep 10; echo never\n^C\n");
        let s = reduce(
            s,
            [
                Action::Edit(String::from("half-typed")),
                Action::Interrupt(Instant::from_millis(600)),
            ],
        );
        assert!(s.transcript().ends_with("user@lab:~$ half-typed^C\n"));
        assert_eq!(s.draft, "");
    }

    #[test]
    fn history_browsing() {
        let s = reduce(
            Rc::default(),
            [
                submit("echo one"),
                submit("echo one"),
                submit(" secret"),
                submit("echo two"),
                Action::Edit(String::from("draft")),
                Action::HistoryUp,
            ],
        );
        assert_eq!(*s.history, ["echo one", "echo two"]);
        assert_eq!(s.draft, "echo two");
        let s = reduce(s, [Action::HistoryUp, Action::HistoryUp]);
        assert_eq!(s.draft, "echo one");
        let s = reduce(s, [Action::HistoryDown]);
        assert_eq!(s.draft, "echo two");
        let s = reduce(s, [Action::HistoryDown]);
        assert_eq!(s.draft, "draft");
        let same = s.clone().reduce(Action::HistoryDown);
        assert!(Rc::ptr_eq(&s, &same));
    }

    #[test]
    fn clear_command_and_ctrl_l() {
        let s = reduce(Rc::default(), [submit("echo hi"), submit("clear")]);
        assert!(s.lines.is_empty());
        let s = reduce(
            s,
            [
                submit("echo again"),
                Action::Edit(String::from("keep")),
                Action::ClearScreen,
            ],
        );
        assert!(s.lines.is_empty());
        assert_eq!(s.draft, "keep");
    }

    #[test]
    fn scrollback_is_bounded() {
        let mut s = State::default();
        for i in 0..SCROLLBACK_LIMIT + 10 {
            s.write(LineKind::Stdout, &format!("{i}\n"));
        }
        assert_eq!(s.lines.len(), SCROLLBACK_LIMIT);
        assert_eq!(s.lines.first().map(|l| l.text.as_str()), Some("10"));
    }

    fn inspect(a: InspectAction) -> Action {
        Action::Inspect(a)
    }

    #[test]
    fn journey_follows_the_last_command() {
        use crate::inspect::journey::Stage;
        use crate::inspector::Move;
        let s = reduce(
            Rc::default(),
            [submit("ping -c 1 127.0.0.1"), Action::FastForward(100)],
        );
        assert!(!s.busy);
        let ins = &s.inspector;
        assert_eq!(ins.journey.packets.len(), 2);
        assert_eq!(ins.packet, Some(ins.journey.packets[0].id));
        assert!(!ins.at_end(), "the reply is still ahead");
        let last = ins.current_step().map(|st| st.stage);
        let s = reduce(s, [inspect(InspectAction::Step(Move::Back))]);
        assert_ne!(s.inspector.current_step().map(|st| st.stage), last);
        let s = reduce(s, [inspect(InspectAction::Step(Move::First))]);
        assert!(s.inspector.at_start());
        // Play walks on to the reply and stops at its end.
        let mut s = reduce(s, [inspect(InspectAction::TogglePlay)]);
        for _ in 0..40 {
            s = s.reduce(inspect(InspectAction::PlayTick));
        }
        assert!(!s.inspector.playing);
        assert!(s.inspector.at_end());
        assert_eq!(s.inspector.packet, Some(s.inspector.journey.packets[1].id));
        assert!(
            s.inspector.journey.packets[0]
                .steps
                .iter()
                .any(|st| st.stage == Stage::Driver)
        );
        // A command without packets or errors keeps the journey.
        let s = reduce(s, [submit("echo hi")]);
        assert_eq!(s.inspector.journey.packets.len(), 2);
        // A failing one replaces it with its error.
        let s = reduce(
            s,
            [submit("ping -c1 127.255.255.255"), Action::FastForward(100)],
        );
        assert!(s.inspector.journey.packets.is_empty());
        assert_eq!(s.inspector.journey.errors.len(), 1);
        assert_eq!(
            s.inspector.rows.len(),
            2,
            "the capture keeps the old frames"
        );
    }

    #[test]
    fn sysctl_toggle_runs_the_command_and_is_recorded() {
        let key = "net.ipv4.conf.all.log_martians";
        let s = reduce(
            Rc::default(),
            [Action::SetSysctl {
                netns: 0,
                key: String::from(key),
                value: String::from("1"),
            }],
        );
        let s = reduce(s, [Action::FastForward(100)]);
        assert!(
            s.transcript()
                .contains("$ sudo sysctl -w net.ipv4.conf.all.log_martians=1\nnet.ipv4.conf.all.log_martians = 1\n"),
            "{}",
            s.transcript()
        );
        let shown = s.inspector.net.sysctls.iter().find(|x| x.key == key);
        assert_eq!(shown.map(|x| x.value.as_str()), Some("1"));
        assert!(s.record.entries.iter().any(|e| matches!(
            e,
            Entry::Run { line, .. } if line == "sudo sysctl -w net.ipv4.conf.all.log_martians=1"
        )));
        let bad = s.clone().reduce(Action::SetSysctl {
            netns: 0,
            key: String::from(key),
            value: String::from("1; rm -rf /"),
        });
        assert!(Rc::ptr_eq(&s, &bad));
    }

    #[test]
    fn packet_list_filter_and_selection() {
        let s = reduce(
            Rc::default(),
            [
                submit("ping -c 1 127.0.0.1"),
                Action::FastForward(100),
                inspect(InspectAction::MoveFrame(1)),
            ],
        );
        assert_eq!(s.inspector.frame, Some(1));
        let detail = s.inspector.detail.clone().expect("a detail");
        assert_eq!(detail.bytes.len(), 84);
        let s = reduce(
            s,
            [inspect(InspectAction::SetFilter(String::from("reply")))],
        );
        assert_eq!(s.inspector.visible.len(), 1);
        let s = reduce(s, [inspect(InspectAction::MoveFrame(1))]);
        assert_eq!(s.inspector.frame, Some(2));
        assert!(!s.pcap().is_empty());
        let same = s.clone().reduce(inspect(InspectAction::SelectFrame(2)));
        assert!(Rc::ptr_eq(&s, &same));
    }
}
