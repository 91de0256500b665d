//! Performance marks for the page budgets (`scripts/page-budget.mjs`):
//! `lolab:interactive` when the terminal is first on screen,
//! `lolab:submit` when Enter is pressed, `lolab:output` when a command's
//! output is in the DOM and the prompt is back, and `lolab:painted` once
//! the frame showing it has been drawn ([`after_paint`]).
//! `lolab:reduce` measures the reducer's work for one Enter.

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

/// Runs `f` after the browser's next frame has been drawn: a
/// `requestAnimationFrame` callback runs just before that frame's style,
/// layout and paint, and a zero timeout queued from it runs after them.
/// Where there is no window `f` is dropped.
pub fn after_paint(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let in_frame = Closure::once_into_js(move || {
        let Some(window) = web_sys::window() else {
            return;
        };
        let after = Closure::once_into_js(f);
        let _ =
            window.set_timeout_with_callback_and_timeout_and_arguments_0(after.unchecked_ref(), 0);
    });
    let _ = window.request_animation_frame(in_frame.unchecked_ref());
}
