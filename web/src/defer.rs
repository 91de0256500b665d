//! Rendering the terminal first: [`use_after_paint`] holds a panel's props
//! back for one frame when the terminal has new output, so the frame that
//! shows the output carries only the terminal's DOM changes and layout;
//! the panel catches up right after that frame is painted.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

/// What [`use_after_paint`] holds.
struct Held<T> {
    /// The value the panel shows.
    shown: T,
    /// A newer value, waiting for the next frame to be painted.
    next: Option<T>,
    /// An update is queued ([`crate::perf::after_paint`]).
    queued: bool,
}

/// The value to render: `value` itself, or (while `defer` is true and
/// `same` says the view would change) the value shown before, until the
/// browser has painted its next frame; then a re-render shows the newest
/// `value`. The flag is true while the returned value is behind.
#[hook]
pub fn use_after_paint<T>(value: T, defer: bool, same: fn(&T, &T) -> bool) -> (T, bool)
where
    T: Clone + 'static,
{
    let held = use_mut_ref(|| Held {
        shown: value.clone(),
        next: None,
        queued: false,
    });
    let redraw = use_force_update();
    let behind = {
        let mut h = held.borrow_mut();
        if !defer || same(&h.shown, &value) {
            h.shown = value;
            h.next = None;
            false
        } else {
            h.next = Some(value);
            true
        }
    };
    {
        let held = held.clone();
        use_effect(move || {
            if behind {
                queue(&held, redraw);
            }
        });
    }
    let shown = held.borrow().shown.clone();
    (shown, behind)
}

/// Queues one catch-up after the next paint (unless one is queued).
fn queue<T: 'static>(held: &Rc<RefCell<Held<T>>>, redraw: UseForceUpdateHandle) {
    if std::mem::replace(&mut held.borrow_mut().queued, true) {
        return;
    }
    let held = held.clone();
    crate::perf::after_paint(move || {
        let mut h = held.borrow_mut();
        h.queued = false;
        if let Some(next) = h.next.take() {
            h.shown = next;
            drop(h);
            redraw.force_update();
        }
    });
}
