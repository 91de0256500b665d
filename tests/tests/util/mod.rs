//! Helpers shared by the browser suites: mount the app, type, press keys,
//! read the terminal.

#![allow(dead_code, unreachable_pub)]

use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, EventInit, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit,
};

/// A mounted app: the element it renders into.
#[derive(Debug)]
pub struct Mounted {
    pub root: Element,
}

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}

/// Forgets what an earlier app autosaved (`localStorage` and the `#v1=`
/// hash, see `lolab_web::persist`), so the next app starts fresh.
pub fn forget_saved_lab() {
    let window = web_sys::window().expect("a window");
    if let Ok(Some(storage)) = window.local_storage() {
        let _ = storage.remove_item(lolab_web::persist::STORAGE_KEY);
    }
    let path = window.location().pathname().unwrap_or_default();
    let search = window.location().search().unwrap_or_default();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{search}")),
        );
    }
}

/// Mounts a fresh [`lolab_web::App`] into a new element of the body.
pub async fn mount() -> Mounted {
    forget_saved_lab();
    let doc = document();
    let root = doc.create_element("div").expect("create a div");
    doc.body()
        .expect("a body")
        .append_child(&root)
        .expect("append the root");
    yew::Renderer::<lolab_web::App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    Mounted { root }
}

impl Mounted {
    /// The element matching `selector` inside this app.
    #[track_caller]
    pub fn find(&self, selector: &str) -> Element {
        self.root
            .query_selector(selector)
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("no element matches {selector}"))
    }

    /// The terminal's input line.
    pub fn input(&self) -> HtmlInputElement {
        self.find("#terminal-input")
            .dyn_into()
            .expect("#terminal-input is an input")
    }

    /// Replaces the input's text, as typing does (an `input` event that bubbles).
    pub async fn type_text(&self, text: &str) {
        let input = self.input();
        input.set_value(text);
        let init = EventInit::new();
        init.set_bubbles(true);
        let event = Event::new_with_event_init_dict("input", &init).expect("an input event");
        input.dispatch_event(&event).expect("dispatch input");
        yew::scheduler::flush().await;
    }

    /// Replaces the text of the input matching `selector`, as typing does.
    pub async fn type_into(&self, selector: &str, text: &str) {
        let input: HtmlInputElement = self.find(selector).dyn_into().expect("an input");
        input.set_value(text);
        let init = EventInit::new();
        init.set_bubbles(true);
        let event = Event::new_with_event_init_dict("input", &init).expect("an input event");
        input.dispatch_event(&event).expect("dispatch input");
        yew::scheduler::flush().await;
    }

    /// Presses `key` on the input, with Ctrl if `ctrl`.
    pub async fn press_key(&self, key: &str, ctrl: bool) {
        self.key_down(key, ctrl);
        yew::scheduler::flush().await;
    }

    /// Types `line` and presses Enter.
    pub async fn type_line(&self, line: &str) {
        self.type_text(line).await;
        self.press_key("Enter", false).await;
    }

    /// Clicks the element matching `selector`.
    pub async fn click(&self, selector: &str) {
        let element: HtmlElement = self.find(selector).dyn_into().expect("an HTML element");
        element.click();
        yew::scheduler::flush().await;
    }

    /// The output lines as (class list, text).
    pub fn lines(&self) -> Vec<(String, String)> {
        let list = self
            .find("#terminal-output")
            .query_selector_all("div.line")
            .expect("query lines");
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<Element>().ok())
            .map(|e| (e.class_name(), e.text_content().unwrap_or_default()))
            .collect()
    }

    /// The texts of the output lines with class `kind`.
    pub fn lines_of(&self, kind: &str) -> Vec<String> {
        self.lines()
            .into_iter()
            .filter(|(class, _)| class.split_whitespace().any(|c| c == kind))
            .map(|(_, text)| text)
            .collect()
    }

    /// The whole output as plain text, a newline after each line.
    pub fn output_text(&self) -> String {
        self.lines().into_iter().map(|(_, t)| t + "\n").collect()
    }

    /// The prompt shown before the input, or "" while a command runs.
    pub fn prompt(&self) -> String {
        self.root
            .query_selector(".input-row .prompt")
            .ok()
            .flatten()
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    }

    /// Waits `ms` real milliseconds, then lets Yew render.
    pub async fn wait(&self, ms: u32) {
        gloo_timers::future::TimeoutFuture::new(ms).await;
        yew::scheduler::flush().await;
    }

    /// Every element matching `selector` inside this app.
    pub fn find_all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).expect("query");
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<Element>().ok())
            .collect()
    }

    /// The text of the element matching `selector`.
    #[track_caller]
    pub fn text(&self, selector: &str) -> String {
        self.find(selector).text_content().unwrap_or_default()
    }

    /// True while the inspector is a frame behind the terminal
    /// (`aria-busy`, see `lolab_web::defer`).
    pub fn inspector_behind(&self) -> bool {
        self.root
            .query_selector(".inspector[aria-busy=\"true\"]")
            .ok()
            .flatten()
            .is_some()
    }

    /// Switches to instant speed, runs `line` and waits (at most ~5 s of
    /// real time) until the prompt is back and the inspector has caught up.
    pub async fn run_to_end(&self, line: &str) {
        self.click("[data-speed=\"instant\"]").await;
        self.type_line(line).await;
        for _ in 0..100 {
            if !self.prompt().is_empty() && !self.inspector_behind() {
                return;
            }
            self.wait(50).await;
        }
        panic!("{line} did not finish");
    }

    /// Opens the inspector tab labelled `key` (`journey`, `packets`, `state`).
    pub async fn open_tab(&self, key: &str) {
        self.click(&format!("#tab-{key}")).await;
    }

    /// Presses `key` on the element matching `selector`.
    pub async fn press_key_on(&self, selector: &str, key: &str) {
        let init = KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
            .expect("a keydown event");
        self.find(selector)
            .dispatch_event(&event)
            .expect("dispatch keydown");
        yew::scheduler::flush().await;
    }

    /// Waits (at most ~5 s of real time) until no command runs and the
    /// inspector has caught up.
    pub async fn wait_idle(&self) {
        for _ in 0..100 {
            if !self.prompt().is_empty() && !self.inspector_behind() {
                return;
            }
            self.wait(50).await;
        }
        panic!("the command did not finish");
    }

    /// Replaces the text of the textarea matching `selector`, as typing does.
    pub async fn type_into_textarea(&self, selector: &str, text: &str) {
        let area: web_sys::HtmlTextAreaElement =
            self.find(selector).dyn_into().expect("a textarea");
        area.set_value(text);
        let init = EventInit::new();
        init.set_bubbles(true);
        let event = Event::new_with_event_init_dict("input", &init).expect("an input event");
        area.dispatch_event(&event).expect("dispatch input");
        yew::scheduler::flush().await;
    }

    /// The current text of the textarea matching `selector`.
    pub fn textarea_value(&self, selector: &str) -> String {
        let area: web_sys::HtmlTextAreaElement =
            self.find(selector).dyn_into().expect("a textarea");
        area.value()
    }

    /// Picks `value` in the select matching `selector` (a `change` event).
    pub async fn select_option(&self, selector: &str, value: &str) {
        let select: web_sys::HtmlSelectElement = self.find(selector).dyn_into().expect("a select");
        select.set_value(value);
        let init = EventInit::new();
        init.set_bubbles(true);
        let event = Event::new_with_event_init_dict("change", &init).expect("a change event");
        select.dispatch_event(&event).expect("dispatch change");
        yew::scheduler::flush().await;
    }

    /// Dispatches a keydown of `key` (with Ctrl if `ctrl`) on the input
    /// without letting Yew render (see [`next_frame`]).
    pub fn key_down(&self, key: &str, ctrl: bool) {
        let init = KeyboardEventInit::new();
        init.set_key(key);
        init.set_ctrl_key(ctrl);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
            .expect("a keydown event");
        self.input()
            .dispatch_event(&event)
            .expect("dispatch keydown");
    }

    /// Unmounts by removing the root from the page.
    pub fn remove(self) {
        self.root.remove();
    }
}

/// Resolves at the next animation frame (one `requestAnimationFrame`).
pub async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        web_sys::window()
            .expect("a window")
            .request_animation_frame(&resolve)
            .expect("requestAnimationFrame");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("a frame");
}

/// `performance.now()`, in milliseconds.
pub fn now_ms() -> f64 {
    let global = js_sys::global();
    let performance = js_sys::Reflect::get(&global, &"performance".into()).expect("performance");
    let now: js_sys::Function = js_sys::Reflect::get(&performance, &"now".into())
        .expect("performance.now")
        .dyn_into()
        .expect("a function");
    now.call0(&performance)
        .ok()
        .and_then(|v| v.as_f64())
        .expect("a number")
}
