//! The docs widget: `static/embed.js` loads the wasm once per page and calls
//! [`mount_widget`] for each `<div data-lolab>` / `<lolab-widget>`, on an
//! element inside the widget's own shadow root. Each widget is an
//! independent lab: a compact terminal and the journey view, preloaded with
//! its commands (run at load, at instant speed), and a link that opens the
//! same state in the full playground.

pub mod widget;

use serde::Deserialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

pub use widget::{Widget, WidgetProps};

/// The tallest and shortest widget, in CSS pixels.
const HEIGHT_RANGE: (u32, u32) = (160, 1200);
/// The most preloaded command lines.
const MAX_COMMANDS: usize = 16;

/// What `mount_widget` reads from its options object (all optional).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Options {
    /// Command lines to run at load, one a line.
    commands: Option<String>,
    /// A lesson id (letters, digits, `-`), carried to the full playground.
    lesson: Option<String>,
    /// The caption.
    title: Option<String>,
    /// The height in CSS pixels.
    height: Option<f64>,
    /// The lab's seed.
    seed: Option<f64>,
    /// The full playground's URL.
    playground: Option<String>,
}

fn slug(s: &str) -> Option<String> {
    let ok = !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    ok.then(|| String::from(s))
}

/// Turns an options object into props (never fails: bad fields are dropped).
fn props(options: JsValue) -> WidgetProps {
    let o: Options = if options.is_object() {
        serde_wasm_bindgen::from_value(options).unwrap_or_default()
    } else {
        Options::default()
    };
    let commands = o
        .commands
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(MAX_COMMANDS)
        .map(String::from)
        .collect();
    let seed = o
        .seed
        .filter(|s| s.is_finite() && *s >= 0.0 && *s <= 9_007_199_254_740_991.0)
        .map_or(lolab_core::LabConfig::default().seed, |s| s as u64);
    WidgetProps {
        commands: std::rc::Rc::new(commands),
        lesson: o.lesson.as_deref().and_then(slug).map(AttrValue::from),
        title: o.title.map(AttrValue::from),
        seed,
        playground: AttrValue::from(o.playground.unwrap_or_else(|| String::from("./"))),
    }
}

use yew::AttrValue;

/// Mounts a docs widget on `element` (inside the widget's shadow root).
/// `options`: `{ commands, lesson, title, height, seed, playground }`.
#[wasm_bindgen]
pub fn mount_widget(element: web_sys::Element, options: JsValue) -> Result<(), JsError> {
    let height = js_sys::Reflect::get(&options, &JsValue::from_str("height"))
        .ok()
        .and_then(|h| h.as_f64())
        .filter(|h| h.is_finite())
        .map_or(360, |h| (h as u32).clamp(HEIGHT_RANGE.0, HEIGHT_RANGE.1));
    if let Some(el) = element.dyn_ref::<web_sys::HtmlElement>() {
        // The CSP forbids style attributes; the CSSOM is allowed.
        let _ = el
            .style()
            .set_property("--lolab-height", &format!("{height}px"));
    }
    yew::Renderer::<Widget>::with_root_and_props(element, props(options)).render();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn lesson_ids_are_slugs() {
        assert_eq!(slug("whole-block").as_deref(), Some("whole-block"));
        assert_eq!(slug("<b>"), None);
        assert_eq!(slug(""), None);
        assert_eq!(slug("A"), None);
    }
}
