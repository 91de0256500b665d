//! The terminal's machine tabs: lab, laptop, and one per `ip netns`
//! namespace. Arrow keys move between them (the WAI-ARIA tabs pattern).

use yew::prelude::*;

use crate::terminal_tabs::Machine;

/// Props of [`TerminalTabs`].
#[derive(Properties, PartialEq, Debug)]
pub struct TerminalTabsProps {
    /// The tabs, in order.
    pub machines: Vec<Machine>,
    /// The tab shown.
    pub current: Machine,
    /// True while a command runs (tabs wait for it).
    pub busy: bool,
    /// Show a tab.
    pub on_select: Callback<Machine>,
}

/// The tab bar.
#[component]
pub fn TerminalTabs(props: &TerminalTabsProps) -> Html {
    let tabs = props.machines.iter().enumerate().map(|(n, m)| {
        let selected = *m == props.current;
        let onclick = {
            let cb = props.on_select.clone();
            let m = m.clone();
            Callback::from(move |_: MouseEvent| cb.emit(m.clone()))
        };
        let onkeydown = {
            let cb = props.on_select.clone();
            let all = props.machines.clone();
            Callback::from(move |e: KeyboardEvent| {
                let len = all.len();
                let to = match e.key().as_str() {
                    "ArrowRight" => (n + 1) % len,
                    "ArrowLeft" => (n + len - 1) % len,
                    "Home" => 0,
                    "End" => len - 1,
                    _ => return,
                };
                e.prevent_default();
                if let Some(m) = all.get(to) {
                    cb.emit(m.clone());
                }
            })
        };
        html! {
            <button type="button" role="tab" class="term-tab"
                id={format!("term-tab-{}", m.key())}
                aria-selected={selected.to_string()}
                tabindex={if selected { "0" } else { "-1" }}
                disabled={props.busy && !selected}
                title={if props.busy && !selected { "A command is running: wait for it or press Ctrl-C" } else { "" }}
                {onclick} {onkeydown}>
                { m.label() }
            </button>
        }
    });
    let note = props.current.prefix().map(|p| {
        html! { <p class="term-tab-note muted">{ "Each command typed here runs as " }<code>{ format!("{p}…") }</code>{ " in lab's shell." }</p> }
    });
    html! {
        <div class="term-tabs-bar">
            <div class="term-tabs" role="tablist" aria-label="Machines">{ for tabs }</div>
            { for note }
        </div>
    }
}
