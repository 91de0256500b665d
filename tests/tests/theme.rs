//! The theme button cycles system → light → dark → system and sets
//! `<html data-theme>` (the stylesheet's switch).
#![cfg(target_arch = "wasm32")]

mod util;

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn theme_attr() -> Option<String> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("data-theme"))
}

#[wasm_bindgen_test]
async fn the_theme_button_cycles() {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.remove_item("lolab-theme");
    }
    let app = util::mount().await;
    assert_eq!(theme_attr(), None, "follows the system at first");
    app.click("#theme-toggle").await;
    assert_eq!(theme_attr().as_deref(), Some("light"));
    app.click("#theme-toggle").await;
    assert_eq!(theme_attr().as_deref(), Some("dark"));
    app.click("#theme-toggle").await;
    assert_eq!(theme_attr(), None);
    app.remove();
}

#[wasm_bindgen_test]
async fn the_state_panel_shows_the_nsswitch_hosts_line() {
    let app = util::mount().await;
    app.click("#tab-state").await;
    let text = app
        .find("#nsswitch-hosts")
        .text_content()
        .unwrap_or_default();
    assert_eq!(text, "hosts:          files dns");
    app.remove();
}
