//! The terminal: scrollback, prompt and input line, and its keyboard.
//!
//! Keys: Enter runs the line, Up/Down walk the history, Ctrl-C interrupts
//! (unless text is selected in the input, when it copies), Ctrl-L clears.

use std::rc::Rc;

use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

use crate::components::prompt::Prompt;
use crate::components::scrollback::Scrollback;
use crate::scrollback::Line;

/// How close to the bottom (in CSS pixels) still counts as "at the bottom".
const FOLLOW_SLACK_PX: i32 = 24;

/// Which way to walk the history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryStep {
    /// Older (arrow up).
    Up,
    /// Newer (arrow down).
    Down,
}

/// Props of [`Terminal`].
#[derive(Properties, PartialEq, Debug)]
pub struct TerminalProps {
    /// The scrollback.
    pub lines: Rc<Vec<Line>>,
    /// The prompt for the next line.
    pub prompt: AttrValue,
    /// The input line's text.
    pub draft: AttrValue,
    /// True while a command runs (the prompt is hidden).
    pub busy: bool,
    /// The input line changed.
    pub on_edit: Callback<String>,
    /// Enter, with the line.
    pub on_submit: Callback<String>,
    /// Ctrl-C.
    pub on_interrupt: Callback<()>,
    /// Ctrl-L.
    pub on_clear: Callback<()>,
    /// Arrow up or down.
    pub on_history: Callback<HistoryStep>,
    /// Tab with text in the input: complete it.
    #[prop_or_default]
    pub on_complete: Callback<()>,
    /// What the last Tab could complete to.
    #[prop_or_default]
    pub completions: Rc<Vec<String>>,
    /// Focus the input once mounted (off for docs widgets, several a page).
    #[prop_or(true)]
    pub autofocus: bool,
}

/// What a key press means to the terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    Enter,
    Up,
    Down,
    Interrupt,
    Clear,
    Complete,
}

fn classify(e: &KeyboardEvent) -> Option<Key> {
    if e.is_composing() || e.alt_key() || e.meta_key() {
        return None;
    }
    let ctrl = e.ctrl_key();
    match (e.key().as_str(), ctrl) {
        ("Enter", false) => Some(Key::Enter),
        ("ArrowUp", false) => Some(Key::Up),
        ("ArrowDown", false) => Some(Key::Down),
        ("c" | "C", true) => Some(Key::Interrupt),
        ("l" | "L", true) => Some(Key::Clear),
        ("Tab", false) if !e.shift_key() => Some(Key::Complete),
        _ => None,
    }
}

/// True if the input has a selection (then Ctrl-C copies it).
fn has_selection(input: &HtmlInputElement) -> bool {
    matches!(
        (input.selection_start(), input.selection_end()),
        (Ok(Some(a)), Ok(Some(b))) if a != b
    )
}

/// True if the user selected text somewhere on the page.
fn page_has_selection() -> bool {
    web_sys::window()
        .and_then(|w| w.get_selection().ok().flatten())
        .is_some_and(|s| !s.is_collapsed())
}

/// The terminal widget.
#[component]
pub fn Terminal(props: &TerminalProps) -> Html {
    let input_ref = use_node_ref();
    let screen_ref = use_node_ref();

    // Autofocus once mounted.
    {
        let input_ref = input_ref.clone();
        let autofocus = props.autofocus;
        use_effect_with((), move |()| {
            if !autofocus {
                return;
            }
            if let Some(input) = input_ref.cast::<HtmlElement>() {
                let _ = input.focus();
            }
        });
    }

    // Follow new output while the user is at the bottom; a user who scrolled
    // up to read stays put until they run a command.
    let follow = use_mut_ref(|| true);
    {
        let follow = follow.clone();
        let screen_ref = screen_ref.clone();
        let last = props.lines.last();
        let deps = (
            props.lines.len(),
            last.map(|l| l.id),
            last.map(|l| l.text.len()),
            props.busy,
        );
        use_effect_with(deps, move |_| {
            if let Some(screen) = screen_ref.cast::<HtmlElement>()
                && *follow.borrow()
            {
                screen.set_scroll_top(screen.scroll_height());
            }
        });
    }

    let onscroll = {
        let follow = follow.clone();
        let screen_ref = screen_ref.clone();
        Callback::from(move |_: Event| {
            if let Some(screen) = screen_ref.cast::<HtmlElement>() {
                let gap = screen.scroll_height() - screen.scroll_top() - screen.client_height();
                *follow.borrow_mut() = gap <= FOLLOW_SLACK_PX;
            }
        })
    };

    let onclick = {
        let input_ref = input_ref.clone();
        Callback::from(move |_: MouseEvent| {
            // Clicking focuses the input, unless the user is selecting text to copy.
            if page_has_selection() {
                return;
            }
            if let Some(input) = input_ref.cast::<HtmlElement>() {
                let _ = input.focus();
            }
        })
    };

    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                on_edit.emit(input.value());
            }
        })
    };

    let onkeydown = {
        let on_submit = props.on_submit.clone();
        let on_interrupt = props.on_interrupt.clone();
        let on_clear = props.on_clear.clone();
        let on_history = props.on_history.clone();
        let on_complete = props.on_complete.clone();
        let draft = props.draft.clone();
        let follow = follow.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(key) = classify(&e) else { return };
            let input = e.target_dyn_into::<HtmlInputElement>();
            match key {
                Key::Enter => {
                    e.prevent_default();
                    let line = input.map_or_else(|| draft.to_string(), |i| i.value());
                    *follow.borrow_mut() = true;
                    on_submit.emit(line);
                }
                Key::Up => {
                    e.prevent_default();
                    on_history.emit(HistoryStep::Up);
                }
                Key::Down => {
                    e.prevent_default();
                    on_history.emit(HistoryStep::Down);
                }
                Key::Interrupt => {
                    if input.as_ref().is_some_and(has_selection) {
                        return;
                    }
                    e.prevent_default();
                    on_interrupt.emit(());
                }
                Key::Clear => {
                    e.prevent_default();
                    on_clear.emit(());
                }
                Key::Complete => {
                    // An empty line keeps Tab for moving the focus on.
                    let text = input.map_or_else(|| draft.to_string(), |i| i.value());
                    if !text.trim().is_empty() {
                        e.prevent_default();
                        on_complete.emit(());
                    }
                }
            }
        })
    };

    let placeholder = if props.lines.is_empty() && !props.busy {
        "type help and press Enter"
    } else {
        ""
    };

    html! {
        <section class="terminal" aria-label="Terminal" ref={screen_ref} {onclick} {onscroll}>
            <Scrollback lines={props.lines.clone()} />
            <div class={classes!("input-row", props.busy.then_some("busy"))}>
                if !props.busy {
                    <span class="prompt" aria-hidden="true">
                        <Prompt text={props.prompt.clone()} />
                    </span>
                }
                <input
                    id="terminal-input"
                    class="terminal-input"
                    ref={input_ref}
                    type="text"
                    aria-label={if props.busy { "Terminal input (a command is running; Ctrl-C interrupts it)" } else { "Command line" }}
                    autocomplete="off"
                    autocapitalize="off"
                    autocorrect="off"
                    spellcheck="false"
                    enterkeyhint="send"
                    {placeholder}
                    value={props.draft.clone()}
                    {oninput}
                    {onkeydown}
                />
            </div>
            if !props.completions.is_empty() {
                <p id="completions" class="completions" role="status">
                    { for props.completions.iter().map(|c| html! { <span class="completion">{ c.clone() }</span> }) }
                </p>
            }
        </section>
    }
}
