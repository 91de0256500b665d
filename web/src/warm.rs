//! Warming the code up while the page is idle.
//!
//! V8 compiles a wasm function the first time it is called (lazy
//! compilation), so the first command of a page load paid 5 to 9 ms of
//! compiling on Enter (measured: a `ping -c 1` reduced in ~6 ms cold and
//! under 1 ms warm, and in ~1 ms cold with `--no-wasm-lazy-compilation`).
//! After the first paint, [`warm_up`] runs a few everyday commands in a
//! throwaway playground, one per task, so that compiling happens before
//! the user presses Enter. The page's own lab is never touched.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use lolab_core::Duration;

use crate::state::State;

/// The commands run: the landing's suggestions and the common tools'
/// first paths (ICMP both families, a refused TCP connect, name lookup,
/// addresses, routes, sockets).
const LINES: [&str; 8] = [
    "ping -c 1 127.0.0.1",
    "ping -c 1 ::1",
    "ping -c 1 127.1.2.3",
    "curl http://127.0.0.1:8080/",
    "getent ahosts localhost",
    "ip addr",
    "ip route show table local",
    "ss -tan",
];

/// The most virtual time and poll steps one warm-up command may take.
const LIMIT: Duration = Duration::from_secs(5);
const BUDGET: u64 = 10_000;

/// Starts the warm-up after the next paint; each command is its own task,
/// so input that arrives meanwhile waits for one command at most.
pub fn warm_up() {
    let lab = Rc::new(RefCell::new(None::<State>));
    crate::perf::after_paint(move || next(lab, 0));
}

fn next(lab: Rc<RefCell<Option<State>>>, i: usize) {
    let Some(line) = LINES.get(i) else {
        return;
    };
    lab.borrow_mut()
        .get_or_insert_with(State::default)
        .run_to_end(line, LIMIT, BUDGET);
    Timeout::new(0, move || next(lab, i + 1)).forget();
}
