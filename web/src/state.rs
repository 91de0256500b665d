//! The playground's state: the lab handle, the shown tab's screen, the
//! other tabs, typeahead, the inspector, the lessons' progress and the
//! record, with the operations the reducer ([`crate::reducer`]) and replay
//! ([`crate::replay`]) build on.
//!
//! Times come in as arguments: nothing here reads the browser clock (the one
//! timer owner is [`crate::clock`]). The lab is shared behind a versioned
//! [`LabHandle`]; every change to it goes through [`LabHandle::write`], which
//! a stale state cannot do.

use std::rc::Rc;

use lolab_core::net::NsKind;
use lolab_core::{Instant, Lab, LabConfig, OutputEvent};

use crate::inspector::Inspector;
use crate::lab_handle::LabHandle;
use crate::lessons::content::Lesson;
use crate::lessons::engine::{Progress, prepared_lab};
use crate::record::{Entry, Record};
use crate::screens::{Screen, Screens};
use crate::scrollback::{Line, LineIds, LineKind};
use crate::speed::Speed;
use crate::terminal_tabs::Machine;
use crate::typeahead::Typeahead;

/// How many virtual-time steps one [`crate::action::Action::FastForward`]
/// may take before the page yields to the browser.
pub const INSTANT_STEP_BUDGET: u32 = 256;

/// The playground: the lab, the terminal tabs, the inspector and lessons.
///
/// Cloning is cheap: the lab and the long lists are shared behind [`Rc`]s and
/// copied only when a reduction changes them. The `prompt`, `busy`, `now`,
/// `poll_at` and `status` fields are the lab's, as of this state's last look
/// at it: a state is a value the view compares, the lab a live simulation.
#[derive(Clone, Debug)]
pub struct State {
    pub(crate) lab: LabHandle,
    /// The shown tab's scrollback, input line and history.
    pub(crate) shown: Screen,
    /// The other tabs, and the lab's terminal numbers.
    pub(crate) screens: Screens,
    /// Line identities, shared by every tab.
    pub(crate) ids: LineIds,
    /// Lines entered while a command ran, to run when it ends.
    pub(crate) typeahead: Typeahead,
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
    /// The inspector: journey, packet list, state panels.
    pub inspector: Inspector,
    /// The lessons panel.
    pub lessons: Progress,
    /// The machine whose terminal tab is shown.
    pub machine: Machine,
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
            lab: LabHandle::new(lab),
            shown: Screen::default(),
            screens: Screens::default(),
            ids: LineIds::default(),
            typeahead: Typeahead::default(),
            speed: Speed::default(),
            runs: 0,
            ticks: 0,
            inspector: Inspector::default(),
            lessons: Progress::default(),
            machine: Machine::Lab,
            completions: Rc::default(),
            hosts_error: None,
            record: Rc::default(),
        };
        state.absorb();
        state
    }

    /// A fresh playground whose lab has this seed.
    pub fn with_seed(seed: u64) -> Self {
        let mut s = State::new(Lab::new(LabConfig {
            seed,
            ..LabConfig::default()
        }));
        Rc::make_mut(&mut s.record).seed = seed;
        s
    }

    /// A playground opened on `lesson`: its prepared lab, its panel, and a
    /// record that says so (share links and reloads replay from it).
    pub fn opened(lesson: &'static Lesson) -> Self {
        let mut fresh = State::new(prepared_lab(lesson));
        fresh.lessons = Progress::opened(lesson);
        Rc::make_mut(&mut fresh.record).lesson = Some(String::from(lesson.id));
        fresh
    }

    /// The shown tab's scrollback, oldest first.
    pub fn lines(&self) -> &Rc<Vec<Line>> {
        self.shown.scrollback.lines()
    }

    /// The text in the input line.
    pub fn draft(&self) -> &str {
        &self.shown.draft
    }

    /// The lines entered in the shown tab, oldest first.
    pub fn history(&self) -> &Rc<Vec<String>> {
        self.shown.history.entries()
    }

    /// The shown tab's scrollback as plain text, one `\n` after each line.
    pub fn transcript(&self) -> String {
        self.shown.scrollback.transcript()
    }

    /// The lab's /etc/hosts as it is now.
    pub fn hosts_text(&self) -> String {
        self.lab
            .read()
            .snapshot()
            .file("/etc/hosts")
            .unwrap_or_default()
            .to_string()
    }

    /// The namespaces made with `ip netns add`, by name (for their tabs).
    pub fn netns_names(&self) -> Vec<String> {
        self.lab
            .read()
            .snapshot()
            .namespaces()
            .into_iter()
            .filter(|n| n.kind == NsKind::Named)
            .map(|n| n.name)
            .collect()
    }

    /// The captured frames that pass the packet list's filter, as a pcap
    /// file.
    pub fn pcap(&self) -> Vec<u8> {
        let lab = self.lab.read();
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

    /// Takes the lab's output into the tabs' scrollbacks and looks at the
    /// lab again (prompt, busy, time, status, the inspector's views).
    pub(crate) fn absorb(&mut self) {
        let (events, prompt, busy, now, poll_at, status) = {
            let Some(mut lab) = self.lab.write() else {
                return;
            };
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
                OutputEvent::Terminal(n) => target = self.screens.machine_of(n),
                OutputEvent::Text { stream, text } => {
                    let screen = if target == self.machine {
                        &mut self.shown
                    } else {
                        self.screens.hidden_mut(&target)
                    };
                    screen.scrollback.write(&mut self.ids, stream.into(), &text);
                }
                OutputEvent::Clear if target == self.machine => self.shown.scrollback.clear(),
                OutputEvent::Clear => self.screens.hidden_mut(&target).scrollback.clear(),
            }
        }
        if !busy {
            // Bash starts the prompt on a new line.
            self.shown.scrollback.end_line();
        }
        if self.busy && !busy {
            Rc::make_mut(&mut self.record).push(Entry::End { at: now.micros() });
        }
        let lab = self.lab.read();
        self.inspector.refresh(&lab, self.shown.scrollback.lines());
        self.prompt = self.machine.prompt(&prompt, lab.cwd());
        self.busy = busy;
        self.now = now;
        self.poll_at = poll_at;
        self.status = status;
    }

    /// Echoes `line` after the prompt, records it and starts it.
    pub(crate) fn run_line(&mut self, line: &str) {
        let prompt = self.prompt.clone();
        let first_line = self.ids.peek();
        self.shown
            .scrollback
            .push(&mut self.ids, LineKind::Command, prompt, line);
        self.shown.history.record(line);
        if !line.trim().is_empty() {
            // Another machine's tab wraps each command (`ssh laptop …`).
            let line = &self.machine.wrap(line);
            self.inspector
                .start_command(&self.lab.read(), line, first_line);
            let terminal = self.screens.terminal_of(&self.machine);
            let started = self.lab.write().and_then(|mut lab| {
                let now = lab.now();
                lab.start_on(line, now, terminal).then_some(now)
            });
            if let Some(now) = started {
                self.runs += 1;
                Rc::make_mut(&mut self.record).push(Entry::Run {
                    at: now.micros(),
                    line: String::from(line),
                });
            }
        }
        self.absorb();
    }

    /// Runs the lines typed ahead, while the lab is free.
    pub(crate) fn run_typeahead(&mut self) {
        while !self.busy {
            let Some(line) = self.typeahead.pop() else {
                break;
            };
            self.run_line(&line);
        }
    }

    /// The clock reached `at`: polls the lab there and takes in the output.
    pub(crate) fn tick(&mut self, at: Instant) {
        if let Some(mut lab) = self.lab.write() {
            lab.poll(at);
        }
        self.ticks += 1;
        self.absorb();
        self.run_typeahead();
    }

    /// Instant speed: jumps from deadline to deadline, at most `budget`
    /// steps, then takes in the output (and runs what was typed ahead).
    pub(crate) fn fast_forward(&mut self, budget: u32) {
        if let Some(mut lab) = self.lab.write() {
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

    /// Ctrl-C at virtual instant `now`.
    pub(crate) fn interrupt(&mut self, now: Instant) {
        let poll = self.lab.read().now();
        if self.busy {
            // The terminal echoes ^C where the cursor is.
            self.shown
                .scrollback
                .write(&mut self.ids, LineKind::Command, "^C");
        } else {
            let prompt = self.prompt.clone();
            let text = format!("{}^C", self.shown.draft);
            self.shown
                .scrollback
                .push(&mut self.ids, LineKind::Command, prompt, &text);
            self.shown.draft.clear();
            self.shown.history.stop_browsing();
        }
        // Like the tty on SIGINT, forget what was typed ahead.
        self.typeahead.clear();
        Rc::make_mut(&mut self.record).push(Entry::Interrupt {
            poll: poll.micros(),
            at: now.micros(),
        });
        if let Some(mut lab) = self.lab.write() {
            lab.interrupt(now);
        }
        self.absorb();
    }

    /// The /etc/hosts editor's save (as root), recorded so a share link or
    /// a reload brings the same file back.
    pub(crate) fn write_hosts(&mut self, text: &str) {
        let Some(written) = self
            .lab
            .write()
            .map(|mut lab| lab.host_mut().files.write("/etc/hosts", text, false, true))
        else {
            return;
        };
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

    /// Shows `machine`'s tab: this tab's scrollback, input and history are
    /// put aside and the other tab's come back.
    pub(crate) fn switch_machine(&mut self, machine: Machine) {
        let from = std::mem::replace(&mut self.machine, machine.clone());
        self.screens.switch(&mut self.shown, from, &machine);
        self.completions = Rc::default();
        let lab = self.lab.read();
        self.prompt = self.machine.prompt(&lab.prompt(), lab.cwd());
    }
}
