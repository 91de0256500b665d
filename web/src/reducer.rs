//! The reducer: [`Action`]s in, a new [`State`] out.
//!
//! Pure except for the lab, which every state shares behind a versioned
//! handle ([`crate::lab_handle`]): an action that changes the lab is refused
//! on a stale state (one the lab has moved on from, because it was already
//! reduced), so reducing the same action twice never runs its command twice.
//! Times arrive with the actions ([`Action::Tick`], [`Action::Interrupt`]);
//! the reducer never reads the browser clock. Returns the same [`Rc`] when
//! nothing changed, so the view can skip a render.

use std::rc::Rc;

use yew::Reducible;

use crate::action::Action;
use crate::lessons::engine;
use crate::speed::Speed;
use crate::state::{INSTANT_STEP_BUDGET, State};

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        if action.writes_lab() && self.lab.is_stale() {
            return self;
        }
        match action {
            Action::Edit(text) => {
                if text == self.shown.draft {
                    return self;
                }
                let mut s = Rc::unwrap_or_clone(self);
                s.shown.draft = text;
                if !s.completions.is_empty() {
                    s.completions = Rc::default();
                }
                Rc::new(s)
            }
            Action::Submit(line) => {
                let mut s = Rc::unwrap_or_clone(self);
                s.shown.draft.clear();
                s.completions = Rc::default();
                s.shown.history.stop_browsing();
                if s.busy {
                    // The terminal echoes what is typed; bash reads it when
                    // the command ends.
                    let echo = format!("{line}\n");
                    if s.typeahead.push(line) {
                        s.shown.scrollback.write(
                            &mut s.ids,
                            crate::scrollback::LineKind::Command,
                            &echo,
                        );
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
                s.tick(at);
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
                if !self.shown.history.can_go_up() {
                    return self;
                }
                let mut s = Rc::unwrap_or_clone(self);
                let screen = &mut s.shown;
                screen.history.up(&mut screen.draft);
                Rc::new(s)
            }
            Action::HistoryDown => {
                if !self.shown.history.can_go_down() {
                    return self;
                }
                let mut s = Rc::unwrap_or_clone(self);
                let screen = &mut s.shown;
                screen.history.down(&mut screen.draft);
                Rc::new(s)
            }
            Action::ClearScreen => {
                if self.shown.scrollback.is_empty() {
                    return self;
                }
                let mut s = Rc::unwrap_or_clone(self);
                s.shown.scrollback.clear();
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
                if !inspector.reduce(&self.lab.read(), action) {
                    return self;
                }
                let mut s = Rc::unwrap_or_clone(self);
                s.inspector = inspector;
                Rc::new(s)
            }
            Action::Lesson(action) => {
                let mut progress = self.lessons.clone();
                let then = engine::update(&mut progress, &self.inspector.journey, action);
                let mut s = then.into_iter().fold(self, |s, a| s.reduce(a));
                if progress != s.lessons {
                    Rc::make_mut(&mut s).lessons = progress;
                }
                s
            }
            Action::StartLesson(id) => {
                let Some(lesson) = crate::lessons::content::find(id) else {
                    return self;
                };
                let mut fresh = State::opened(lesson);
                fresh.speed = self.speed;
                fresh.inspector.tab = self.inspector.tab;
                Rc::new(fresh)
            }
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
                let done = crate::completion::complete(&self.shown.draft);
                if done.line == self.shown.draft && *self.completions == done.candidates {
                    return self;
                }
                let mut s = Rc::unwrap_or_clone(self);
                s.shown.draft = done.line;
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
                let command =
                    crate::inspect::netstate::sysctl_command(&self.lab.read(), netns, &key, &value);
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
    use crate::action::LessonAction;
    use crate::inspector::{Focus, InspectAction, Tab};
    use crate::record::Entry;
    use crate::scrollback::LineKind;
    use crate::terminal_tabs::Machine;
    use lolab_core::Instant;
    use lolab_core::trace::Verdict;

    fn reduce(state: Rc<State>, actions: impl IntoIterator<Item = Action>) -> Rc<State> {
        actions.into_iter().fold(state, |s, a| s.reduce(a))
    }

    fn submit(line: &str) -> Action {
        Action::Submit(String::from(line))
    }

    fn texts(state: &State, kind: LineKind) -> Vec<String> {
        state
            .lines()
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
            **s.history(),
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
        assert_eq!(s.draft(), "");
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
        assert_eq!(**s.history(), ["echo one", "echo two"]);
        assert_eq!(s.draft(), "echo two");
        let s = reduce(s, [Action::HistoryUp, Action::HistoryUp]);
        assert_eq!(s.draft(), "echo one");
        let s = reduce(s, [Action::HistoryDown]);
        assert_eq!(s.draft(), "echo two");
        let s = reduce(s, [Action::HistoryDown]);
        assert_eq!(s.draft(), "draft");
        let same = s.clone().reduce(Action::HistoryDown);
        assert!(Rc::ptr_eq(&s, &same));
    }

    #[test]
    fn clear_command_and_ctrl_l() {
        let s = reduce(Rc::default(), [submit("echo hi"), submit("clear")]);
        assert!(s.lines().is_empty());
        let s = reduce(
            s,
            [
                submit("echo again"),
                Action::Edit(String::from("keep")),
                Action::ClearScreen,
            ],
        );
        assert!(s.lines().is_empty());
        assert_eq!(s.draft(), "keep");
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

    fn lesson(state: Rc<State>, action: LessonAction) -> Rc<State> {
        state.reduce(Action::Lesson(action))
    }

    #[test]
    fn open_run_choose_and_show() {
        let s: Rc<State> = Rc::default();
        let s = lesson(s, LessonAction::Open("refused"));
        assert_eq!(s.lessons.lesson, Some("refused"));
        let s = lesson(s, LessonAction::Choose { step: 0, choice: 1 });
        assert_eq!(s.lessons.chosen.get(&0), Some(&1));
        let s = lesson(s, LessonAction::Run(0));
        let s = s.reduce(Action::FastForward(1000));
        assert!(s.lessons.ran.contains(&0));
        assert!(s.transcript().contains("curl http://127.0.0.1:59999/"));
        // The prediction is fixed once run.
        let s = lesson(s, LessonAction::Choose { step: 0, choice: 0 });
        assert_eq!(s.lessons.chosen.get(&0), Some(&1));
        let s = lesson(s, LessonAction::Show(Focus::Dropped));
        assert_eq!(s.inspector.tab, Tab::Journey);
        let step = s.inspector.current_step().expect("a step");
        assert!(matches!(step.verdict, Verdict::Drop(_)));
        let s = lesson(s, LessonAction::Show(Focus::Labelled("[R")));
        assert!(s.inspector.current().expect("rst").label.contains("[R"));
        let s = lesson(s, LessonAction::Close);
        assert_eq!(s.lessons.lesson, None);
    }

    #[test]
    fn a_lesson_with_hosts_writes_them() {
        let s = lesson(Rc::default(), LessonAction::Open("hosts"));
        assert!(s.inspector.net.hosts.starts_with("192.168.1.20\tlocalhost"));
    }

    /// The lab is shared by every state: reducing one action twice on the
    /// same state must not run its command twice.
    #[test]
    fn reducing_an_action_twice_runs_its_command_once() {
        let s: Rc<State> = Rc::default();
        let line = submit("echo once >> /tmp/log");
        let first = s.clone().reduce(line.clone());
        let again = s.clone().reduce(line.clone());
        assert!(Rc::ptr_eq(&again, &s), "the stale state is refused");
        let first = reduce(first, [submit("cat /tmp/log")]);
        assert_eq!(texts(&first, LineKind::Stdout), ["once"]);
        // The same holds for the clock's actions and the lessons' commands.
        let busy = reduce(Rc::default(), [submit("sleep 1; echo woke")]);
        let tick = Action::Tick(Instant::from_millis(1000));
        let woke = busy.clone().reduce(tick.clone());
        assert!(Rc::ptr_eq(&busy.clone().reduce(tick), &busy));
        assert_eq!(texts(&woke, LineKind::Stdout), ["woke"]);
        let opened = lesson(Rc::default(), LessonAction::Open("refused"));
        let ran = lesson(opened.clone(), LessonAction::Run(0));
        assert!(Rc::ptr_eq(
            &lesson(opened.clone(), LessonAction::Run(0)),
            &opened
        ));
        assert_eq!(ran.record.entries.len(), 1);
        // Actions that only show something still work on a stale state.
        let edited = s.reduce(Action::Edit(String::from("typed")));
        assert_eq!(edited.draft(), "typed");
    }
}
