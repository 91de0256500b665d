//! The packet journey inspector: the seed's loopback-flow diagram as a
//! vertical lane, lit up by the selected packet's trace events.

use std::rc::Rc;

use lolab_core::trace::{Layer, Verdict};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::inspect::journey::{Journey, PacketJourney, Stage, Step, picker_window};
use crate::inspector::{InspectAction, Move};

/// Props of [`JourneyView`].
#[derive(Properties, PartialEq, Debug)]
pub struct JourneyProps {
    /// The last command's journey.
    pub journey: Rc<Journey>,
    /// The selected packet's journey.
    pub packet: Option<PacketJourney>,
    /// The index of the step shown.
    pub step: Option<usize>,
    /// True while playing.
    pub playing: bool,
    /// True at the very first step of the first packet.
    pub at_start: bool,
    /// True at the very last step of the last packet.
    pub at_end: bool,
    /// Inspector actions.
    pub on_action: Callback<InspectAction>,
}

fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "pass",
        Verdict::Delivered => "delivered",
        Verdict::Drop(_) => "drop",
        Verdict::Error(_) => "error",
    }
}

fn event_line(step: &Step, current: bool) -> Html {
    let verdict = match step.verdict {
        Verdict::Pass => html! {},
        Verdict::Delivered => html! { <span class="verdict delivered">{ "delivered" }</span> },
        Verdict::Drop(r) => html! {
            <span class="verdict drop">
                { format!("dropped: {}", r.explain()) }
                <code class="kernel-name">{ r.kernel_name() }</code>
            </span>
        },
        Verdict::Error(e) => html! {
            <span class="verdict error">{ format!("{}: {}", e.name(), e.message()) }</span>
        },
    };
    html! {
        <li
            class={classes!("event", verdict_class(step.verdict), current.then_some("current"))}
            aria-current={current.then_some("step")}
        >
            <span class="event-layer">{ step.layer.name() }</span>
            if !step.netns.is_empty() {
                <span class="event-netns">{ format!("[{}]", step.netns) }</span>
            }
            <span class="event-summary">{ &step.summary }</span>
            { verdict }
        </li>
    }
}

/// The lane of stages for one packet up to step `upto`.
fn lane(packet: &PacketJourney, upto: usize) -> Html {
    let shown = &packet.steps[..packet.steps.len().min(upto + 1)];
    let current = shown.last().map(|s| s.seq);
    let current_stage = shown.last().map(|s| s.stage);
    let reached_app = shown
        .iter()
        .any(|s| s.layer == Layer::SocketDemux && s.verdict == Verdict::Delivered);
    let turned_around = shown.iter().any(|s| s.layer == Layer::LoopbackXmit);
    let stages = Stage::ALL.into_iter().filter_map(|stage| {
        let steps: Vec<&Step> = shown.iter().filter(|s| s.stage == stage).collect();
        let visited_anywhere = packet.steps.iter().any(|s| s.stage == stage);
        if stage.optional() && !visited_anywhere {
            return None;
        }
        // A socket call means the application made it (the kernel's own
        // replies have none); a delivery to a socket reaches its reader.
        let app_sent = stage == Stage::AppSend && shown.iter().any(|s| s.stage == Stage::Socket);
        let visited = !steps.is_empty() || app_sent || (stage == Stage::AppRecv && reached_app);
        let dropped = steps.iter().any(|s| s.drop_reason().is_some());
        let is_current = current_stage == Some(stage);
        let title = if stage == Stage::Driver && steps.iter().any(|s| s.layer == Layer::DeviceXmit)
        {
            "Device transmit"
        } else if stage == Stage::Driver {
            "Loopback driver"
        } else {
            stage.title()
        };
        Some(html! {
            <li
                class={classes!(
                    "stage",
                    visited.then_some("visited"),
                    is_current.then_some("current"),
                    dropped.then_some("dropped"),
                )}
                data-stage={stage.key()}
                aria-current={is_current.then_some("step")}
            >
                <div class="stage-head">
                    <span class="stage-title">{ title }</span>
                    <span class="stage-role">{ stage.role() }</span>
                </div>
                if !steps.is_empty() {
                    <ul class="events">
                        { for steps.iter().map(|s| event_line(s, Some(s.seq) == current)) }
                    </ul>
                }
                if stage == Stage::Driver && turned_around {
                    <p class="turnaround">{ "↩ the packet turns around: transmit is receive" }</p>
                }
            </li>
        })
    });
    html! { <ol class="lane" aria-label="The packet's path through the stack">{ for stages }</ol> }
}

/// The journey tab.
#[component]
pub fn JourneyView(props: &JourneyProps) -> Html {
    let act = |a: InspectAction| {
        let cb = props.on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(a.clone()))
    };
    let onkeydown = {
        let cb = props.on_action.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.ctrl_key() || e.alt_key() || e.meta_key() {
                return;
            }
            let m = match e.key().as_str() {
                "ArrowRight" => Move::Forward,
                "ArrowLeft" => Move::Back,
                "Home" => Move::First,
                "End" => Move::Last,
                _ => return,
            };
            e.prevent_default();
            cb.emit(InspectAction::Step(m));
        })
    };
    let j = &props.journey;
    let selected_index = props
        .packet
        .as_ref()
        .and_then(|c| j.packets.iter().position(|p| p.id == c.id));
    let window = picker_window(j.packets.len(), selected_index);
    let window_note = (window.len() < j.packets.len()).then(|| {
        format!(
            "Packets {}–{} of {}: step with the buttons or the arrow keys to reach the others.",
            window.start + 1,
            window.end,
            j.packets.len()
        )
    });
    let packets = j.packets[window.clone()].iter().enumerate().map(|(n, p)| {
        let n = window.start + n;
        let selected = props.packet.as_ref().is_some_and(|c| c.id == p.id);
        html! {
            <li>
                <button
                    type="button"
                    class={classes!("packet-choice", p.outcome().replace(' ', "-"))}
                    aria-pressed={selected.to_string()}
                    data-packet={p.id.to_string()}
                    onclick={act(InspectAction::SelectPacket(p.id))}
                >
                    <span class="packet-no">{ format!("#{}", n + 1) }</span>
                    <span class="packet-label">{ &p.label }</span>
                    <span class="packet-outcome">{ p.outcome() }</span>
                </button>
            </li>
        }
    });
    let position = match (&props.packet, props.step) {
        (Some(p), Some(s)) => format!("step {} of {}", s + 1, p.steps.len()),
        _ => String::new(),
    };
    let step_now = props
        .packet
        .as_ref()
        .zip(props.step)
        .and_then(|(p, s)| p.steps.get(s));
    let next_packet = props.packet.as_ref().and_then(|p| {
        let i = j.packets.iter().position(|q| q.id == p.id)?;
        let last = p.steps.last()?;
        (last.layer == Layer::Icmp && last.verdict == Verdict::Delivered)
            .then(|| j.packets.get(i + 1))
            .flatten()
    });

    // Keep the current stage in view as the user steps or plays (not on
    // the first render, which shows the top of the journey).
    let lane_ref = use_node_ref();
    {
        let lane_ref = lane_ref.clone();
        let first = use_mut_ref(|| true);
        let key = (props.packet.as_ref().map(|p| p.id), props.step);
        use_effect_with(key, move |_| {
            if std::mem::replace(&mut *first.borrow_mut(), false) {
                return;
            }
            // Scroll the tab panel only, never the page (on narrow screens
            // the panel grows instead of scrolling, and nothing moves).
            let root = lane_ref.cast::<web_sys::Element>();
            let stage = root
                .as_ref()
                .and_then(|e| e.query_selector(".stage.current").ok().flatten());
            let panel = root
                .as_ref()
                .and_then(|e| e.closest(".tabpanel").ok().flatten())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let (Some(stage), Some(panel)) = (stage, panel) {
                let (s, p) = (
                    stage.get_bounding_client_rect(),
                    panel.get_bounding_client_rect(),
                );
                let top = panel.scroll_top();
                if s.bottom() > p.bottom() {
                    let by = (s.bottom() - p.bottom()).min(s.top() - p.top()).ceil() as i32;
                    panel.set_scroll_top(top + by);
                } else if s.top() < p.top() {
                    panel.set_scroll_top(top - (p.top() - s.top()).ceil() as i32);
                }
            }
        });
    }

    html! {
        <div class="journey" tabindex="0" ref={lane_ref} {onkeydown} aria-label="Packet journey: use the left and right arrow keys to step">
            if j.command.is_empty() {
                <p class="empty">
                    { "Run a command that sends packets, such as " }
                    <code>{ "ping -c 1 127.0.0.1" }</code>
                    { ", and its packets' journey through the stack appears here." }
                </p>
            } else {
                <p class="journey-command"><span class="dollar">{ "$ " }</span>{ &j.command }</p>
            }
            if !j.errors.is_empty() {
                <div class="journey-errors" role="status">
                    { for j.errors.iter().map(|e| html! { <p class="journey-error">{ e }</p> }) }
                </div>
            }
            if !j.resolution.is_empty() {
                <details class="resolution" open=true>
                    <summary>
                        { "Name resolution " }
                        <span class="muted">{ format!("({} steps)", j.resolution.len()) }</span>
                    </summary>
                    { for j.lookups().into_iter().map(|l| html! {
                        <div class="lookup">
                            if !l.call.is_empty() {
                                <p class="lookup-call"><code>{ l.call }</code></p>
                            }
                            <ol class="resolution-steps">
                                { for l.steps.into_iter().map(|t| html! { <li class="resolution-step">{ t }</li> }) }
                            </ol>
                        </div>
                    }) }
                </details>
            }
            if !j.command.is_empty() && j.packets.is_empty() {
                if j.resolution.is_empty() {
                    <p class="no-packet">{ "No packet was sent: the command stopped before anything reached the network stack." }</p>
                } else {
                    <p class="no-packet">{ "No packet was sent: only the name lookup above ran." }</p>
                }
            }
            if !j.packets.is_empty() {
                <ul class="packet-picker" aria-label="The command's packets">{ for packets }</ul>
                if let Some(note) = window_note {
                    <p class="muted picker-window">{ note }</p>
                }
                <div class="journey-controls" role="toolbar" aria-label="Step through the journey">
                    <button type="button" class="step-first" title="First step (Home)" aria-label="First step" disabled={props.at_start} onclick={act(InspectAction::Step(Move::First))}>{ "« First" }</button>
                    <button type="button" class="step-back" title="Back one step (←)" aria-label="Back one step" disabled={props.at_start} onclick={act(InspectAction::Step(Move::Back))}>{ "◀ Back" }</button>
                    <button type="button" class="play" aria-pressed={props.playing.to_string()} onclick={act(InspectAction::TogglePlay)}>
                        { if props.playing { "⏸ Pause" } else { "▶ Play" } }
                    </button>
                    <button type="button" class="step-forward" title="Forward one step (→)" aria-label="Forward one step" disabled={props.at_end} onclick={act(InspectAction::Step(Move::Forward))}>{ "Next ▶" }</button>
                    <button type="button" class="step-last" title="Last step (End)" aria-label="Last step" onclick={act(InspectAction::Step(Move::Last))}>{ "Last »" }</button>
                    <span class="step-position" aria-live="polite">{ position }</span>
                </div>
            }
            if let (Some(p), Some(s)) = (&props.packet, props.step) {
                { lane(p, s) }
            }
            if let Some(r) = step_now.and_then(Step::drop_reason) {
                <div class="drop-box" role="status">
                    <strong>{ "Dropped here. " }</strong>
                    { r.explain() }
                    { " " }
                    <code class="kernel-name">{ r.kernel_name() }</code>
                </div>
            }
            if let Some(next) = next_packet {
                <p class="follow-reply">
                    { "The kernel answered the echo request itself; the reply is a new packet. " }
                    <button type="button" class="linkish" onclick={act(InspectAction::SelectPacket(next.id))}>
                        { "Follow the reply →" }
                    </button>
                </p>
            }
            if !j.notes.is_empty() {
                <details class="journey-notes">
                    <summary>{ format!("Other events ({})", j.notes.len()) }</summary>
                    <ul class="events">{ for j.notes.iter().map(|s| event_line(s, false)) }</ul>
                </details>
            }
        </div>
    }
}
