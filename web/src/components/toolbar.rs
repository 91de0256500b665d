//! The toolbar: speed control, the run state and the virtual clock, and
//! buttons for the keys phones lack (Ctrl-C, Ctrl-L).

use lolab_core::Instant;
use yew::prelude::*;

use crate::speed::Speed;

/// Props of [`Toolbar`].
#[derive(Properties, PartialEq, Debug)]
pub struct ToolbarProps {
    /// The chosen speed.
    pub speed: Speed,
    /// True while a command runs.
    pub busy: bool,
    /// The lab's virtual time.
    pub now: Instant,
    /// A speed was chosen.
    pub on_speed: Callback<Speed>,
    /// The interrupt button.
    pub on_interrupt: Callback<()>,
    /// The clear button.
    pub on_clear: Callback<()>,
}

/// `12.345 s` from an instant.
fn format_time(t: Instant) -> String {
    let ms = t.millis();
    format!("{}.{:03} s", ms / 1000, ms % 1000)
}

/// The toolbar above the terminal.
#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let speeds = Speed::ALL.iter().map(|&speed| {
        let pressed = speed == props.speed;
        let onclick = props.on_speed.reform(move |_: MouseEvent| speed);
        html! {
            <button
                type="button"
                class={classes!("speed", pressed.then_some("active"))}
                aria-pressed={if pressed { "true" } else { "false" }}
                title={format!("Run virtual time {}", speed.description())}
                data-speed={speed.label()}
                {onclick}
            >
                { speed.label() }
            </button>
        }
    });
    let on_interrupt = props.on_interrupt.reform(|_: MouseEvent| ());
    let on_clear = props.on_clear.reform(|_: MouseEvent| ());
    html! {
        <div class="toolbar">
            <div class="speed-control" role="group" aria-label="Simulation speed">
                <span class="toolbar-label">{ "speed" }</span>
                { for speeds }
            </div>
            <div class="status" aria-live="off">
                <span class={classes!("run-state", props.busy.then_some("running"))}>
                    { if props.busy { "running" } else { "idle" } }
                </span>
                <span class="virtual-time" title="Virtual time since the lab started">
                    <span class="virtual-time-label">{ "t = " }</span>
                    { format_time(props.now) }
                </span>
            </div>
            <div class="keys">
                <button type="button" class="key" title="Interrupt the running command (Ctrl-C)" onclick={on_interrupt}>
                    { "^C" }
                </button>
                <button type="button" class="key" title="Clear the screen (Ctrl-L)" onclick={on_clear}>
                    { "clear" }
                </button>
            </div>
        </div>
    }
}
