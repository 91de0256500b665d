//! The app's event handlers, made once: each [`Callback`] dispatches to the
//! reducer, whose dispatcher never changes, so they stay equal from render
//! to render and a child whose other props are unchanged (the lessons
//! panel, the toolbar, the inspector) skips its render (see
//! [`use_handlers`]).

use std::rc::Rc;

use yew::prelude::*;

use crate::action::{Action, LessonAction};
use crate::clock::ClockHandle;
use crate::components::terminal::HistoryStep;
use crate::inspector::InspectAction;
use crate::speed::Speed;
use crate::state::State;
use crate::terminal_tabs::Machine;

/// Every handler the app passes down.
#[derive(Clone, Debug, PartialEq)]
pub struct Handlers {
    /// The input line changed.
    pub on_edit: Callback<String>,
    /// Enter (marks `lolab:submit` and measures `lolab:reduce`).
    pub on_submit: Callback<String>,
    /// Ctrl-C, stamped with the clock's current virtual time.
    pub on_interrupt: Callback<()>,
    /// Ctrl-L.
    pub on_clear: Callback<()>,
    /// Arrow up or down.
    pub on_history: Callback<HistoryStep>,
    /// Tab.
    pub on_complete: Callback<()>,
    /// The speed control.
    pub on_speed: Callback<Speed>,
    /// Inspector actions.
    pub on_inspect: Callback<InspectAction>,
    /// Lessons panel actions.
    pub on_lesson: Callback<LessonAction>,
    /// A terminal tab.
    pub on_machine: Callback<Machine>,
    /// Guided actions: run a line on the lab host.
    pub on_guided: Callback<String>,
    /// The /etc/hosts editor's save.
    pub on_save_hosts: Callback<String>,
    /// The State tab's sysctl toggles (run `sysctl -w` in the terminal).
    pub on_sysctl: Callback<(u32, &'static str, String)>,
}

impl Handlers {
    fn new(d: &UseReducerDispatcher<State>, clock: &ClockHandle) -> Self {
        let to = |f: fn(String) -> Action| {
            let d = d.clone();
            Callback::from(move |s: String| d.dispatch(f(s)))
        };
        let unit = |a: fn() -> Action| {
            let d = d.clone();
            Callback::from(move |()| d.dispatch(a()))
        };
        Handlers {
            on_edit: to(Action::Edit),
            on_submit: {
                let d = d.clone();
                Callback::from(move |line: String| {
                    crate::perf::mark("lolab:submit");
                    d.dispatch(Action::Submit(line));
                    crate::perf::measure("lolab:reduce", "lolab:submit");
                })
            },
            on_interrupt: {
                let (d, clock) = (d.clone(), clock.clone());
                Callback::from(move |()| d.dispatch(Action::Interrupt(clock.now())))
            },
            on_clear: unit(|| Action::ClearScreen),
            on_history: {
                let d = d.clone();
                Callback::from(move |step: HistoryStep| {
                    d.dispatch(match step {
                        HistoryStep::Up => Action::HistoryUp,
                        HistoryStep::Down => Action::HistoryDown,
                    })
                })
            },
            on_complete: unit(|| Action::Complete),
            on_speed: {
                let d = d.clone();
                Callback::from(move |speed: Speed| d.dispatch(Action::SetSpeed(speed)))
            },
            on_inspect: {
                let d = d.clone();
                Callback::from(move |a: InspectAction| d.dispatch(Action::Inspect(a)))
            },
            on_lesson: {
                let d = d.clone();
                Callback::from(move |a: LessonAction| d.dispatch(Action::Lesson(a)))
            },
            on_machine: {
                let d = d.clone();
                Callback::from(move |m: Machine| d.dispatch(Action::SelectMachine(m)))
            },
            on_guided: {
                let d = d.clone();
                Callback::from(move |line: String| {
                    d.dispatch(Action::SelectMachine(Machine::Lab));
                    d.dispatch(Action::Submit(line));
                })
            },
            on_save_hosts: to(Action::WriteHosts),
            on_sysctl: {
                let d = d.clone();
                Callback::from(move |(netns, key, value): (u32, &'static str, String)| {
                    d.dispatch(Action::SetSysctl {
                        netns,
                        key: String::from(key),
                        value,
                    });
                })
            },
        }
    }
}

/// The handlers for `state`'s reducer, made on the first render only (the
/// dispatcher and the clock handle are the same on every render).
#[hook]
pub fn use_handlers(state: &UseReducerHandle<State>, clock: &ClockHandle) -> Rc<Handlers> {
    use_memo((state.dispatcher(), clock.clone()), |(d, clock)| {
        Handlers::new(d, clock)
    })
}
