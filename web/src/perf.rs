//! Performance marks for the page budgets (`scripts/page-budget.mjs`):
//! `lolab:interactive` when the terminal is first on screen,
//! `lolab:submit` when Enter is pressed, `lolab:output` when a command's
//! output has been rendered and the prompt is back.

/// `performance.mark(name)`; nothing where there is no window.
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}
