//! The lessons' engine: which lesson is open, what the learner predicted,
//! which steps ran. Pure: it drives the playground through its ordinary
//! actions ([`Action::Submit`], [`Action::Inspect`]), so a lesson's command
//! runs exactly as if it had been typed.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use lolab_core::{Lab, LabConfig};
use yew::Reducible;

use super::content::{self, Focus, Lesson};
use crate::inspector::{InspectAction, Move, Tab};
use crate::state::{Action, State};
use crate::terminal_tabs::Machine;

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

/// The lessons' state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// The open lesson's id.
    pub lesson: Option<&'static str>,
    /// Predictions made: step -> choice.
    pub chosen: BTreeMap<usize, usize>,
    /// Steps whose command was run.
    pub ran: BTreeSet<usize>,
}

impl Progress {
    /// The open lesson.
    pub fn current(&self) -> Option<&'static Lesson> {
        self.lesson.and_then(content::find)
    }
}

/// A fresh lab prepared for `lesson`: its /etc/hosts, then its setup
/// commands run to the end in virtual time, their output discarded.
pub fn prepared_lab(lesson: &Lesson) -> Lab {
    let mut lab = Lab::new(LabConfig::default());
    if let Some(hosts) = lesson.hosts {
        let _ = lab.host_mut().files.write("/etc/hosts", hosts, false, true);
    }
    for line in lesson.setup {
        let _ = lab.run(line);
    }
    let _ = lab.take_output();
    lab
}

/// A playground opened on `lesson`: its prepared lab, its panel, and a
/// record that says so (share links and reloads replay from it).
pub fn opened(lesson: &'static Lesson) -> State {
    let mut fresh = State::new(prepared_lab(lesson));
    fresh.lessons = Progress {
        lesson: Some(lesson.id),
        ..Progress::default()
    };
    Rc::make_mut(&mut fresh.record).lesson = Some(String::from(lesson.id));
    fresh
}

/// The inspector actions that show `focus` in the current journey.
fn focus_actions(state: &State, focus: Focus) -> Vec<InspectAction> {
    let journey = &state.inspector.journey;
    let mut out = vec![InspectAction::SelectTab(match focus {
        Focus::Tab(tab) => tab,
        _ => Tab::Journey,
    })];
    let (packet, to_drop) = match focus {
        Focus::Tab(_) => return out,
        Focus::FirstPacket => (journey.packets.first(), false),
        Focus::Dropped => (
            journey
                .packets
                .iter()
                .find(|p| p.steps.iter().any(|s| s.drop_reason().is_some())),
            true,
        ),
        Focus::Labelled(text) => (
            journey.packets.iter().find(|p| p.label.contains(text)),
            false,
        ),
    };
    let Some(packet) = packet else { return out };
    out.push(InspectAction::SelectPacket(packet.id));
    if to_drop {
        let at = packet
            .steps
            .iter()
            .position(|s| s.drop_reason().is_some())
            .unwrap_or(0);
        out.extend(std::iter::repeat_n(InspectAction::Step(Move::Forward), at));
    } else if matches!(focus, Focus::Labelled(_)) {
        out.push(InspectAction::Step(Move::Last));
    }
    out
}

fn with_progress(state: Rc<State>, f: impl FnOnce(&mut Progress)) -> Rc<State> {
    let mut progress = state.lessons.clone();
    f(&mut progress);
    if progress == state.lessons {
        return state;
    }
    let mut s = Rc::unwrap_or_clone(state);
    s.lessons = progress;
    Rc::new(s)
}

/// Applies a lesson action.
pub fn reduce(state: Rc<State>, action: LessonAction) -> Rc<State> {
    match action {
        LessonAction::Open(id) => {
            let Some(lesson) = content::find(id) else {
                return state;
            };
            let mut fresh = opened(lesson);
            fresh.speed = state.speed;
            fresh.inspector.tab = state.inspector.tab;
            Rc::new(fresh)
        }
        LessonAction::Close => with_progress(state, |p| *p = Progress::default()),
        LessonAction::Choose { step, choice } => with_progress(state, |p| {
            // A prediction is fixed once the step has run.
            if !p.ran.contains(&step) {
                p.chosen.insert(step, choice);
            }
        }),
        LessonAction::Run(step) => {
            let Some(command) = state
                .lessons
                .current()
                .and_then(|l| l.steps.get(step))
                .map(|s| s.command)
            else {
                return state;
            };
            let state = state.reduce(Action::SelectMachine(Machine::Lab));
            let state = state.reduce(Action::Submit(String::from(command)));
            with_progress(state, |p| {
                p.ran.insert(step);
            })
        }
        LessonAction::Show(focus) => focus_actions(&state, focus)
            .into_iter()
            .fold(state, |s, a| s.reduce(Action::Inspect(a))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::LESSONS;
    use lolab_core::trace::Verdict;

    /// Every lesson's commands, run natively in order: the outputs the
    /// explanations quote must really appear.
    #[test]
    fn every_lesson_shows_what_it_says() {
        let expect: &[(&str, usize, &str)] = &[
            ("localhost", 0, "inet 127.0.0.1/8 scope host lo"),
            ("localhost", 2, "localhost (::1)"),
            ("block", 0, "64 bytes from 127.1.2.3"),
            ("block", 1, "local 127.0.0.0/8 dev lo"),
            ("block", 2, "Do you want to ping broadcast?"),
            ("names", 0, "::1             STREAM localhost"),
            ("names", 2, "Trying [::1]:8000"),
            ("names", 3, "curl: (7)"),
            ("binding", 1, "curl: (7)"),
            ("binding", 3, "200 OK"),
            ("binding", 5, "curl: (7)"),
            (
                "refused",
                0,
                "curl: (7) Failed to connect to 127.0.0.1 port 59999 after 0 ms",
            ),
            ("refused", 1, "7"),
            ("refused", 2, "Connection refused"),
            ("martians", 1, "1 received"),
            ("martians", 3, "100% packet loss"),
            (
                "martians",
                5,
                "martian destination 127.0.0.5 from 192.168.1.20, dev eth0",
            ),
            ("martians", 4, "100% packet loss"),
            (
                "martians",
                5,
                "IPv4: martian source 192.168.1.50 from 127.0.0.1, on dev eth0",
            ),
            ("martians", 6, "0 received"),
            ("containers", 1, "Network is unreachable"),
            ("containers", 4, "curl: (7)"),
            ("containers", 5, "200 OK"),
            ("nodes", 0, "Serving HTTP on 127.0.0.3 port 8000"),
            ("nodes", 1, "127.0.0.1 - - "),
            ("nodes", 2, "Address already in use"),
            ("hosts", 0, "192.168.1.20    localhost"),
            ("hosts", 1, "PING localhost (192.168.1.20)"),
            ("hosts", 2, "200 OK"),
            ("latency", 0, "time=0.0"),
            ("latency", 2, "time=200 ms"),
        ];
        for lesson in LESSONS {
            let mut lab = prepared_lab(lesson);
            let mut outputs = Vec::new();
            for step in lesson.steps {
                let r = lab.run(step.command);
                outputs.push(format!("{}{}", r.stdout(), r.stderr()));
                if let Some(q) = step.question {
                    assert!(
                        q.answer < q.choices.len(),
                        "{}: {}",
                        lesson.id,
                        step.command
                    );
                }
            }
            for (id, step, text) in expect.iter().filter(|(id, _, _)| *id == lesson.id) {
                let out = &outputs[*step];
                assert!(
                    out.contains(text),
                    "{id} step {step}: {text:?} not in\n{out}"
                );
            }
        }
    }

    #[test]
    fn open_run_choose_and_show() {
        let s: Rc<State> = Rc::default();
        let s = reduce(s, LessonAction::Open("refused"));
        assert_eq!(s.lessons.lesson, Some("refused"));
        let s = reduce(s, LessonAction::Choose { step: 0, choice: 1 });
        assert_eq!(s.lessons.chosen.get(&0), Some(&1));
        let s = reduce(s, LessonAction::Run(0));
        let s = s.reduce(Action::FastForward(1000));
        assert!(s.lessons.ran.contains(&0));
        assert!(s.transcript().contains("curl http://127.0.0.1:59999/"));
        // The prediction is fixed once run.
        let s = reduce(s, LessonAction::Choose { step: 0, choice: 0 });
        assert_eq!(s.lessons.chosen.get(&0), Some(&1));
        let s = reduce(s, LessonAction::Show(Focus::Dropped));
        assert_eq!(s.inspector.tab, Tab::Journey);
        let step = s.inspector.current_step().expect("a step");
        assert!(matches!(step.verdict, Verdict::Drop(_)));
        let s = reduce(s, LessonAction::Show(Focus::Labelled("[R")));
        assert!(s.inspector.current().expect("rst").label.contains("[R"));
        let s = reduce(s, LessonAction::Close);
        assert_eq!(s.lessons.lesson, None);
    }

    #[test]
    fn a_lesson_with_hosts_writes_them() {
        let s = reduce(Rc::default(), LessonAction::Open("hosts"));
        assert!(s.inspector.net.hosts.starts_with("192.168.1.20\tlocalhost"));
    }
}
