//! The one owner of the browser clock and of timers.
//!
//! While the lab is busy, [`use_lab_clock`] keeps exactly one timer pending:
//! at 1× and 10× it fires when the lab's next deadline ([`State::poll_at`])
//! is due in real time and dispatches [`Action::Tick`] with that deadline; at
//! instant speed it fires at once and dispatches [`Action::FastForward`] with
//! a step budget, so the page yields to the browser between batches.
//!
//! Between far deadlines it also ticks every [`STEP_MS`] with the current
//! virtual time (the lab may be polled sooner than it asks), so the lab's
//! clock follows real time while a command waits.
//!
//! Virtual time runs against an [`Anchor`]: a real instant paired with a
//! virtual one. Deadlines are converted through the anchor (not from the
//! previous timer), so late timers do not accumulate drift.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use lolab_core::{Duration, Instant};
use yew::prelude::*;

use crate::action::Action;
use crate::inspector::InspectAction;
use crate::speed::Speed;
use crate::state::{INSTANT_STEP_BUDGET, State};

/// The longest single timer at 1× and 10×. A later deadline is reached in
/// steps of this size, each a [`Action::Tick`] at the estimated virtual time,
/// so the lab's clock (and the toolbar's `t = …`) keeps moving while a
/// command waits.
const STEP_MS: f64 = 250.0;

/// A real instant (milliseconds of `performance.now()`) paired with the
/// virtual instant it corresponds to, at a given speed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Anchor {
    /// `performance.now()` when the anchor was set.
    pub real_ms: f64,
    /// The virtual time at that moment.
    pub virt: Instant,
    /// Virtual seconds per real second.
    pub factor: u32,
    /// The command run the anchor belongs to.
    pub run: u64,
}

impl Anchor {
    /// The virtual instant at real time `real_ms`, never beyond `cap`.
    pub fn virtual_at(&self, real_ms: f64, cap: Option<Instant>) -> Instant {
        let elapsed_ms = (real_ms - self.real_ms).max(0.0);
        // f64 -> u64 `as` saturates; NaN becomes 0.
        let micros = (elapsed_ms * 1000.0 * f64::from(self.factor)) as u64;
        let t = self.virt + Duration::from_micros(micros);
        match cap {
            Some(cap) if t > cap => cap.max(self.virt),
            _ => t,
        }
    }

    /// How many real milliseconds from `real_ms` until virtual `target`.
    pub fn delay_ms(&self, target: Instant, real_ms: f64) -> f64 {
        let virt_ms = target.saturating_since(self.virt).micros() as f64 / 1000.0;
        let due = self.real_ms + virt_ms / f64::from(self.factor.max(1));
        (due - real_ms).max(0.0)
    }
}

#[derive(Debug, Default)]
struct Inner {
    anchor: Option<Anchor>,
    /// The lab's next deadline: virtual time never runs past it.
    cap: Option<Instant>,
    /// The lab's virtual time at the last render.
    last: Instant,
}

/// A read-only view of the clock, for stamping user actions with the
/// current virtual time.
#[derive(Clone, Debug, Default)]
pub struct ClockHandle {
    inner: Rc<RefCell<Inner>>,
}

impl ClockHandle {
    /// The current virtual time: between deadlines it runs with real time
    /// at the chosen speed; otherwise it is the lab's own clock.
    pub fn now(&self) -> Instant {
        let inner = self.inner.borrow();
        match inner.anchor {
            Some(anchor) => anchor.virtual_at(real_now_ms(), inner.cap).max(inner.last),
            None => inner.last,
        }
    }
}

impl PartialEq for ClockHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

/// `performance.now()`, or 0 where there is no window.
fn real_now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Owns the timer that drives the lab while it is busy. Call it once, from
/// the component that owns the [`State`] reducer.
#[hook]
pub fn use_lab_clock(state: &UseReducerHandle<State>) -> ClockHandle {
    let handle = use_memo((), |()| ClockHandle::default());
    let dispatcher = state.dispatcher();
    let deps = (
        state.busy,
        state.now,
        state.poll_at,
        state.speed,
        state.runs,
        state.ticks,
    );
    {
        let handle = (*handle).clone();
        use_effect_with(deps, move |&(busy, now, poll_at, speed, run, _)| {
            let timer = schedule(&handle, dispatcher, busy, now, poll_at, speed, run);
            move || drop(timer)
        });
    }
    (*handle).clone()
}

/// Updates the anchor and starts the one pending timer, if any is needed.
fn schedule(
    handle: &ClockHandle,
    dispatcher: UseReducerDispatcher<State>,
    busy: bool,
    now: Instant,
    poll_at: Option<Instant>,
    speed: Speed,
    run: u64,
) -> Option<Timeout> {
    let mut inner = handle.inner.borrow_mut();
    inner.last = now;
    inner.cap = poll_at;
    if !busy {
        inner.anchor = None;
        return None;
    }
    let Some(factor) = speed.factor() else {
        inner.anchor = None;
        return Some(Timeout::new(0, move || {
            dispatcher.dispatch(Action::FastForward(INSTANT_STEP_BUDGET));
        }));
    };
    let real = real_now_ms();
    let anchor = match inner.anchor {
        Some(a) if a.factor == factor && a.run == run => a,
        // A speed change mid-run keeps the virtual time reached so far.
        Some(a) if a.run == run => Anchor {
            real_ms: real,
            virt: a.virtual_at(real, poll_at).max(now),
            factor,
            run,
        },
        _ => Anchor {
            real_ms: real,
            virt: now,
            factor,
            run,
        },
    };
    inner.anchor = Some(anchor);
    // A process waiting for input only (a server) has no deadline.
    let target = poll_at?;
    let delay = anchor.delay_ms(target, real);
    if delay <= STEP_MS {
        Some(Timeout::new(delay.ceil() as u32, move || {
            dispatcher.dispatch(Action::Tick(target));
        }))
    } else {
        let handle = handle.clone();
        Some(Timeout::new(STEP_MS as u32, move || {
            dispatcher.dispatch(Action::Tick(handle.now()));
        }))
    }
}

/// How long the journey's Play shows each step, in real milliseconds.
pub const PLAY_STEP_MS: u32 = 900;

/// While `playing`, dispatches [`InspectAction::PlayTick`] every
/// [`PLAY_STEP_MS`]; the reducer stops playing at the journey's end.
#[hook]
pub fn use_play_clock(playing: bool, state: &UseReducerHandle<State>) {
    let dispatcher = state.dispatcher();
    use_effect_with(playing, move |&playing| {
        let interval = playing.then(|| {
            gloo_timers::callback::Interval::new(PLAY_STEP_MS, move || {
                dispatcher.dispatch(Action::Inspect(InspectAction::PlayTick));
            })
        });
        move || drop(interval)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchor_converts_both_ways() {
        let a = Anchor {
            real_ms: 100.0,
            virt: Instant::from_millis(5000),
            factor: 10,
            run: 1,
        };
        assert_eq!(a.virtual_at(200.0, None), Instant::from_millis(6000));
        assert_eq!(
            a.virtual_at(200.0, Some(Instant::from_millis(5500))),
            Instant::from_millis(5500)
        );
        assert_eq!(a.virtual_at(50.0, None), Instant::from_millis(5000));
        assert_eq!(a.delay_ms(Instant::from_millis(6000), 150.0), 50.0);
        assert_eq!(a.delay_ms(Instant::from_millis(1000), 150.0), 0.0);
    }
}
