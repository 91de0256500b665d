//! Performance marks for the page budgets (`scripts/page-budget.mjs`):
//! `lolab:interactive` when the terminal is first on screen,
//! `lolab:submit` when Enter is pressed, `lolab:output` when a command's
//! output is in the DOM and the prompt is back, and `lolab:painted` once
//! the frame showing it has been drawn ([`mark_after_paint`]).
//! `lolab:reduce` measures the reducer's work for one Enter.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// `performance.mark(name)`; nothing where there is no window.
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// `performance.measure(name, start_mark)`: from the last `start_mark` to
/// now; nothing where there is no window or no such mark.
pub fn measure(name: &str, start_mark: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.measure_with_start_mark(name, start_mark);
    }
}

/// How long [`after_paint`] waits for a frame before it runs `f` anyway
/// (a hidden tab draws no frames).
const NO_FRAME_MS: i32 = 100;

/// Marks `name` after the browser's next frame has been drawn (no
/// fallback: the mark never comes before the paint).
pub fn mark_after_paint(name: &'static str) {
    after_next_frame(move || mark(name));
}

/// Runs `f` after the browser's next frame has been drawn, or after
/// [`NO_FRAME_MS`] if no frame comes (a hidden tab), whichever is first.
/// Where there is no window `f` is dropped.
pub fn after_paint(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let once = Rc::new(RefCell::new(Some(f)));
    let run = move || {
        let f = once.borrow_mut().take();
        if let Some(f) = f {
            f();
        }
    };
    after_next_frame(run.clone());
    let fallback = Closure::once_into_js(run);
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
        fallback.unchecked_ref(),
        NO_FRAME_MS,
    );
}

/// A `requestAnimationFrame` callback runs just before its frame's style,
/// layout and paint; a zero timeout queued from it runs after them.
fn after_next_frame(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let in_frame = Closure::once_into_js(move || {
        if let Some(window) = web_sys::window() {
            let after = Closure::once_into_js(f);
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(after.unchecked_ref(), 0);
        }
    });
    let _ = window.request_animation_frame(in_frame.unchecked_ref());
}
