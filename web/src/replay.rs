//! Replay and preloading: a record played back into a fresh lab at instant
//! speed ([`State::replay`], for share links and reloads), and a line run to
//! its end at once ([`State::run_to_end`], for the docs widgets' commands
//! and the warm-up).

use lolab_core::{Duration, Instant, RunStop};

use crate::lessons::content;
use crate::record::{Entry, Record, ReplayError};
use crate::state::State;

impl State {
    /// Polls the lab deadline by deadline up to `t`, as the clock would
    /// have: events due by `t` run while a command is busy (an idle lab is
    /// not polled). Counts steps against `steps`; false once `budget` is
    /// spent.
    fn advance_to(&mut self, t: Instant, steps: &mut u64, budget: u64) -> bool {
        if let Some(mut lab) = self.lab.write() {
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
        let mut s = match record.lesson.as_deref().and_then(content::find) {
            Some(lesson) => State::opened(lesson),
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

    /// Runs `line` to its end at instant speed (as [`lolab_core::Lab::run`]
    /// does): a command still running after `limit` of virtual time, or
    /// after `budget` steps, is interrupted as Ctrl-C would.
    pub fn run_to_end(&mut self, line: &str, limit: Duration, budget: u64) {
        if self.busy {
            return;
        }
        self.run_line(line);
        let deadline = self.now + limit;
        let budget = usize::try_from(budget).unwrap_or(usize::MAX);
        let stop = self.lab.write().and_then(|mut lab| {
            let mut steps = 0;
            match lab.run_until(deadline, budget, &mut steps, |_| {}) {
                RunStop::Idle => None,
                RunStop::Deadline | RunStop::Budget => Some(lab.now()),
            }
        });
        self.absorb();
        if let Some(t) = stop {
            self.interrupt(t);
        }
    }
}
