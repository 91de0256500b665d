//! The lessons' engine: which lesson is open, what the learner predicted,
//! which steps ran. Pure, and below the reducer: [`update`] changes the
//! lessons' own state ([`Progress`]) and answers with the playground
//! [`Action`]s to take ([`Action::SelectMachine`], [`Action::Submit`],
//! [`Action::Inspect`], [`Action::StartLesson`]), which the reducer then
//! takes like any other, so a lesson's command runs exactly as if it had
//! been typed.

use std::collections::{BTreeMap, BTreeSet};

use lolab_core::{Lab, LabConfig};

use super::content::{self, Lesson};
use crate::action::{Action, LessonAction};
use crate::inspect::journey::Journey;
use crate::inspector::{Focus, InspectAction, Move, Tab};
use crate::terminal_tabs::Machine;

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
    /// The progress of a lesson just opened.
    pub fn opened(lesson: &'static Lesson) -> Progress {
        Progress {
            lesson: Some(lesson.id),
            ..Progress::default()
        }
    }

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

/// The inspector actions that show `focus` in the current journey.
fn focus_actions(journey: &Journey, focus: Focus) -> Vec<InspectAction> {
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

/// Applies a lesson action to `progress` and returns the playground
/// actions it leads to, in the order to take them. `journey` is the one the
/// inspector shows (for [`LessonAction::Show`]).
pub fn update(progress: &mut Progress, journey: &Journey, action: LessonAction) -> Vec<Action> {
    match action {
        LessonAction::Open(id) => {
            let Some(lesson) = content::find(id) else {
                return Vec::new();
            };
            *progress = Progress::opened(lesson);
            vec![Action::StartLesson(lesson.id)]
        }
        LessonAction::Close => {
            *progress = Progress::default();
            Vec::new()
        }
        LessonAction::Choose { step, choice } => {
            // A prediction is fixed once the step has run.
            if !progress.ran.contains(&step) {
                progress.chosen.insert(step, choice);
            }
            Vec::new()
        }
        LessonAction::Run(step) => {
            let Some(command) = progress
                .current()
                .and_then(|l| l.steps.get(step))
                .map(|s| s.command)
            else {
                return Vec::new();
            };
            progress.ran.insert(step);
            vec![
                Action::SelectMachine(Machine::Lab),
                Action::Submit(String::from(command)),
            ]
        }
        LessonAction::Show(focus) => focus_actions(journey, focus)
            .into_iter()
            .map(Action::Inspect)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::LESSONS;

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
            (
                "refused",
                3,
                "ConnectionRefusedError: [Errno 111] Connection refused",
            ),
            ("python", 1, "listening on ('127.0.0.2', 9000)"),
            ("python", 2, "users:((\"python3\",pid="),
            ("python", 3, "connection from ('127.0.0.1', "),
            ("python", 3, "b'HELLO'"),
            ("python", 4, "PING"),
            (
                "python",
                5,
                "ConnectionRefusedError: [Errno 111] Connection refused",
            ),
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
            ("hosts", 0, "192.168.1.20    STREAM localhost"),
            ("hosts", 1, "PING localhost (192.168.1.20)"),
            ("hosts", 2, "200 OK"),
            ("latency", 0, "time=0.0"),
            ("latency", 2, "time=200 ms"),
            ("localnet", 0, "Serving HTTP on 127.0.0.1 port 3000"),
            ("localnet", 1, "curl: (7)"),
            ("localnet", 3, "curl: (28)"),
            ("localnet", 4, "net.ipv4.conf.eth0.route_localnet = 1"),
            ("localnet", 5, "HTTP/1.0 200 OK"),
            ("localnet", 5, "192.168.1.20 - - "),
            (
                "localnet",
                6,
                "dport=3000 src=127.0.0.1 dst=192.168.1.20 sport=3000",
            ),
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
    fn answers_are_actions() {
        let journey = Journey::default();
        let mut p = Progress::default();
        assert_eq!(
            update(&mut p, &journey, LessonAction::Open("refused")),
            [Action::StartLesson("refused")]
        );
        assert_eq!(p.lesson, Some("refused"));
        assert!(update(&mut p, &journey, LessonAction::Open("no-such")).is_empty());
        assert_eq!(p.lesson, Some("refused"));
        update(
            &mut p,
            &journey,
            LessonAction::Choose { step: 0, choice: 1 },
        );
        let run = update(&mut p, &journey, LessonAction::Run(0));
        assert_eq!(
            run,
            [
                Action::SelectMachine(Machine::Lab),
                Action::Submit(String::from("curl http://127.0.0.1:59999/")),
            ]
        );
        // The prediction is fixed once run.
        update(
            &mut p,
            &journey,
            LessonAction::Choose { step: 0, choice: 0 },
        );
        assert_eq!(p.chosen.get(&0), Some(&1));
        assert!(update(&mut p, &journey, LessonAction::Run(99)).is_empty());
        assert_eq!(
            update(&mut p, &journey, LessonAction::Show(Focus::Tab(Tab::State))),
            [Action::Inspect(InspectAction::SelectTab(Tab::State))]
        );
        assert!(update(&mut p, &journey, LessonAction::Close).is_empty());
        assert_eq!(p, Progress::default());
    }
}
