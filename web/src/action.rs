//! Everything a user can do to the playground, and the clock's ticks: the
//! actions the reducer ([`crate::reducer`]) takes.
//!
//! Below the reducer and the lessons engine: the engine answers a
//! [`LessonAction`] with a list of [`Action`]s for the reducer to take, so
//! a lesson's command runs exactly as if it had been typed.

use lolab_core::Instant;

use crate::inspector::{Focus, InspectAction};
use crate::speed::Speed;
use crate::terminal_tabs::Machine;

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
    /// Something in the lessons panel (the lessons engine answers it with
    /// more actions).
    Lesson(LessonAction),
    /// Start over on a fresh lab prepared for the lesson with this id, its
    /// panel open (same speed and inspector tab): the lessons engine's
    /// answer to [`LessonAction::Open`].
    StartLesson(&'static str),
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

impl Action {
    /// True if the action changes the lab (runs or feeds a command, moves
    /// its time, writes a file). Such an action is refused on a state whose
    /// lab handle is stale (see [`crate::lab_handle`]).
    pub fn writes_lab(&self) -> bool {
        match self {
            Action::Submit(_)
            | Action::Tick(_)
            | Action::FastForward(_)
            | Action::Interrupt(_)
            | Action::WriteHosts(_)
            | Action::SetSysctl { .. }
            | Action::Lesson(LessonAction::Run(_)) => true,
            Action::Edit(_)
            | Action::HistoryUp
            | Action::HistoryDown
            | Action::ClearScreen
            | Action::SetSpeed(_)
            | Action::Inspect(_)
            | Action::Lesson(_)
            | Action::StartLesson(_)
            | Action::SelectMachine(_)
            | Action::Complete
            | Action::Reset => false,
        }
    }
}

/// What the learner does in the lessons panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LessonAction {
    /// Open a lesson: a fresh lab, set up as the lesson says.
    Open(&'static str),
    /// Back to the list of lessons (the lab stays as it is).
    Close,
    /// Pick a prediction for a step.
    Choose {
        /// The step's index in the lesson.
        step: usize,
        /// The choice's index.
        choice: usize,
    },
    /// Type and run a step's command in the lab's terminal.
    Run(usize),
    /// Point the inspector at the evidence.
    Show(Focus),
}
