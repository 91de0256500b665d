use std::rc::Rc;

use lolab_core::Instant;
use yew::Reducible;

use super::codec::{self, DecodeError, MAX_ENCODED, base64url, from_base64url};
use super::*;
use crate::action::Action;
use crate::record::{Entry, MAX_ENTRIES, Record};
use crate::state::State;

fn reduce(state: Rc<State>, actions: impl IntoIterator<Item = Action>) -> Rc<State> {
    actions.into_iter().fold(state, |s, a| s.reduce(a))
}

fn submit(line: &str) -> Action {
    Action::Submit(String::from(line))
}

fn finish(mut s: Rc<State>) -> Rc<State> {
    while s.busy {
        s = s.reduce(Action::FastForward(256));
    }
    s
}

#[test]
fn base64url_round_trips() {
    for n in 0..70u8 {
        let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37)).collect();
        let text = base64url(&bytes);
        assert!(!text.contains(['+', '/', '=']));
        assert_eq!(from_base64url(&text), Some(bytes));
    }
    assert_eq!(from_base64url("a<b"), None);
}

#[test]
fn record_round_trips_through_the_link() {
    let s = reduce(
        Rc::default(),
        [
            submit("echo '127.0.0.9 <script>alert(1)</script>'"),
            submit("sleep 10"),
            Action::Interrupt(Instant::from_millis(1500)),
            submit("ping -c 1 127.0.0.1"),
        ],
    );
    let s = finish(s);
    let encoded = codec::encode(&s.record);
    let back = codec::decode(&encoded).unwrap();
    assert_eq!(back, *s.record);
    // r r i e r e: a command that ends at once needs no `e`.
    assert_eq!(back.entries.len(), 6);
    assert!(matches!(
        back.entries[2],
        Entry::Interrupt { at: 1_500_000, .. }
    ));
    let replayed = State::replay(&back, REPLAY_BUDGET)
        .map_err(|e| format!("{e} {}", back.to_text()))
        .unwrap();
    assert_eq!(replayed.transcript(), s.transcript());
    assert_eq!(replayed.now, s.now);
    assert_eq!(*replayed.record, *s.record);
}

#[test]
fn replay_matches_real_time_ticks() {
    // Ticks at odd instants (as the 1x clock does) and a replay agree.
    let s = reduce(Rc::default(), [submit("ping -c 3 127.0.0.1")]);
    let mut s = s;
    let mut t = 0;
    while s.busy {
        t += 250;
        s = s.reduce(Action::Tick(Instant::from_millis(t)));
    }
    let s = finish(reduce(s, [submit("ping -c 1 -W 1 127.0.0.2")]));
    let replayed = State::replay(&s.record, REPLAY_BUDGET).unwrap();
    assert_eq!(replayed.transcript(), s.transcript());
}

#[test]
fn bad_links_give_a_fresh_lab_and_a_notice() {
    for bad in [
        "%%%",
        "AAAA",
        "<img src=x onerror=alert(1)>",
        &codec::base64url(b"not deflate at all"),
        &"A".repeat(MAX_ENCODED + 1),
    ] {
        let boot = boot(&format!("#v1={bad}"), None);
        assert!(boot.notice.is_some(), "{bad}");
        assert!(boot.state.lines().is_empty());
        assert!(boot.state.record.entries.is_empty());
    }
    // A foreign record: valid deflate, wrong header.
    let foreign = codec::base64url(&miniz_oxide::deflate::compress_to_vec(b"hello 2\n", 6));
    assert!(matches!(
        codec::decode(&foreign),
        Err(DecodeError::Record(crate::record::RecordError::Foreign))
    ));
    // A deflate bomb is refused by size.
    let bomb = codec::base64url(&miniz_oxide::deflate::compress_to_vec(
        &vec![b'a'; 1 << 20],
        9,
    ));
    assert_eq!(codec::decode(&bomb), Err(DecodeError::TooLarge));
    // Corrupt saved state.
    let b = boot("", Some("garbage!"));
    assert!(b.notice.unwrap().starts_with("The saved lab"));
}

#[test]
fn saved_state_restores_and_links_win() {
    let s = finish(reduce(Rc::default(), [submit("echo saved")]));
    let saved = codec::encode(&s.record);
    let b = boot("", Some(&saved));
    assert_eq!(b.notice, None);
    assert_eq!(b.state.transcript(), s.transcript());
    // `#run=` asks for a fresh lab.
    assert!(
        boot("#run=echo%20hi", Some(&saved))
            .state
            .lines()
            .is_empty()
    );
    // A link wins over saved state.
    let l = finish(reduce(Rc::default(), [submit("echo linked")]));
    let b = boot(&hash_for("#tab=packets", &l.record), Some(&saved));
    assert_eq!(b.state.transcript(), l.transcript());
}

#[test]
fn hash_keeps_other_parameters() {
    let s = finish(reduce(Rc::default(), [submit("echo x")]));
    let h = hash_for("#run=echo%20x&tab=state", &s.record);
    assert!(h.starts_with("#v1="));
    assert!(h.ends_with("&tab=state"));
    assert!(!h.contains("run="));
    assert_eq!(hash_for("#v1=abc", &Record::default()), "");
    assert!(share_url("https://x.test/lab/#old", &s.record).starts_with("https://x.test/lab/#v1="));
}

#[test]
fn records_are_capped() {
    let mut r = Record::default();
    for i in 0..MAX_ENTRIES + 10 {
        r.push(Entry::Run {
            at: 0,
            line: format!("echo {i}"),
        });
    }
    assert_eq!(r.entries.len(), MAX_ENTRIES);
    assert!(!r.push(Entry::Run {
        at: 0,
        line: String::from("a\nb")
    }));
    assert!(Record::from_text("lolab 1\nr x echo\n").is_err());
    assert!(Record::from_text("lolab 1\nseed 7\nr 0 echo hi\n").is_ok());
}

#[test]
fn reset_forgets_the_record() {
    let s = finish(reduce(Rc::default(), [submit("echo x")]));
    let s = s.reduce(Action::Reset);
    assert!(s.record.entries.is_empty());
    assert!(s.lines().is_empty());
}

#[test]
fn run_to_end_interrupts_endless_commands() {
    let mut s = State::default();
    s.run_to_end(
        "ping 127.0.0.1",
        lolab_core::Duration::from_secs(3),
        100_000,
    );
    assert!(!s.busy);
    assert!(s.transcript().contains("^C"));
    let replayed = State::replay(&s.record, REPLAY_BUDGET).unwrap();
    assert_eq!(replayed.transcript(), s.transcript());
}

#[test]
fn hosts_edits_and_lessons_replay() {
    // The hosts editor's save is part of the record...
    let s = reduce(
        Rc::default(),
        [
            Action::WriteHosts(String::from("127.0.0.1 localhost\n127.0.0.5 myapp\\x \n")),
            submit("getent hosts myapp"),
        ],
    );
    let s = finish(s);
    assert!(
        s.record
            .entries
            .iter()
            .any(|e| matches!(e, Entry::Hosts { .. }))
    );
    let text = s.record.to_text();
    let back = Record::from_text(&text).unwrap();
    assert_eq!(&back, s.record.as_ref());
    let replayed = State::replay(&back, 1_000_000).unwrap();
    let hosts = replayed.hosts_text();
    assert_eq!(hosts, "127.0.0.1 localhost\n127.0.0.5 myapp\\x \n");

    // ...and so is the lesson a lab was opened on.
    let s = reduce(
        Rc::default(),
        [Action::Lesson(crate::action::LessonAction::Open("hosts"))],
    );
    assert_eq!(s.record.lesson.as_deref(), Some("hosts"));
    let back = Record::from_text(&s.record.to_text()).unwrap();
    let replayed = State::replay(&back, 1_000_000).unwrap();
    assert_eq!(replayed.lessons.lesson, Some("hosts"));
    let want = s.hosts_text();
    let got = replayed.hosts_text();
    assert_eq!(got, want, "the lesson's prepared /etc/hosts comes back");
    assert!(Record::from_text("lolab 1\nseed 1\nh bad\\q\n").is_err());
    assert!(Record::from_text("lolab 1\nseed 1\nlesson <script>\n").is_err());
}
