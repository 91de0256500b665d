//! The packet list, Wireshark style: a filter box, a virtualised table
//! (only the rows in view are in the DOM) and the pcap download.

use std::rc::Rc;

use web_sys::HtmlElement;
use yew::prelude::*;

use crate::inspect::packets::Row;
use crate::inspector::InspectAction;

/// The height of one row in CSS pixels (`--row-height` in packets.css).
pub const ROW_PX: i32 = 24;

/// Rows rendered above and below the viewport.
const OVERSCAN: usize = 8;

/// Props of [`PacketList`].
#[derive(Properties, PartialEq, Debug)]
pub struct PacketListProps {
    /// Every row.
    pub rows: Rc<Vec<Row>>,
    /// Indices of the rows that pass the filter.
    pub visible: Rc<Vec<usize>>,
    /// The filter text.
    pub filter: AttrValue,
    /// The selected frame number.
    pub selected: Option<u64>,
    /// Inspector actions.
    pub on_action: Callback<InspectAction>,
    /// The download button.
    pub on_download: Callback<()>,
}

fn set_height(el: &HtmlElement, px: i64) {
    let _ = el.style().set_property("height", &format!("{px}px"));
}

/// The viewport's scroll offset and the height rows can show in: never more
/// than the window's (a viewport without its style sheet is as tall as its
/// content, and must not render every row).
fn measure(el: &HtmlElement) -> (i32, i32) {
    let window = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .map_or(i32::MAX, |h| h as i32);
    (el.scroll_top(), el.client_height().min(window))
}

/// The packet list.
#[component]
pub fn PacketList(props: &PacketListProps) -> Html {
    let viewport = use_node_ref();
    let top_pad = use_node_ref();
    let bottom_pad = use_node_ref();
    let scroll = use_state(|| (0i32, 320i32));
    let (scroll_top, height) = *scroll;

    let total = props.visible.len();
    let first = (scroll_top.max(0) / ROW_PX) as usize;
    let first = first.saturating_sub(OVERSCAN).min(total);
    let count = (height.max(ROW_PX) / ROW_PX) as usize + 2 * OVERSCAN;
    let last = (first + count).min(total);

    // Spacers keep the scrollbar honest; heights go through the CSSOM
    // (the CSP forbids style attributes).
    {
        let top_pad = top_pad.clone();
        let bottom_pad = bottom_pad.clone();
        use_effect_with((first, last, total), move |&(first, last, total)| {
            if let Some(el) = top_pad.cast::<HtmlElement>() {
                set_height(&el, first as i64 * i64::from(ROW_PX));
            }
            if let Some(el) = bottom_pad.cast::<HtmlElement>() {
                set_height(&el, (total - last) as i64 * i64::from(ROW_PX));
            }
        });
    }

    // Keep the selected row in view.
    let selected_pos = props.selected.and_then(|n| {
        props
            .visible
            .iter()
            .position(|&i| props.rows.get(i).is_some_and(|r| r.number == n))
    });
    {
        let viewport = viewport.clone();
        use_effect_with(selected_pos, move |&pos| {
            if let (Some(pos), Some(el)) = (pos, viewport.cast::<HtmlElement>()) {
                let y = pos as i32 * ROW_PX;
                let (top, h) = (el.scroll_top(), el.client_height());
                if y < top {
                    el.set_scroll_top(y);
                } else if y + ROW_PX > top + h {
                    el.set_scroll_top(y + ROW_PX - h);
                }
            }
        });
    }

    let onscroll = {
        let scroll = scroll.clone();
        let viewport = viewport.clone();
        Callback::from(move |_: Event| {
            if let Some(el) = viewport.cast::<HtmlElement>() {
                scroll.set(measure(&el));
            }
        })
    };
    // Measure the viewport once mounted.
    {
        let scroll = scroll.clone();
        let viewport = viewport.clone();
        use_effect_with((), move |()| {
            if let Some(el) = viewport.cast::<HtmlElement>() {
                scroll.set(measure(&el));
            }
        });
    }

    let onkeydown = {
        let cb = props.on_action.clone();
        let page = i64::from((height / ROW_PX).max(1));
        Callback::from(move |e: KeyboardEvent| {
            let by = match e.key().as_str() {
                "ArrowDown" => 1,
                "ArrowUp" => -1,
                "PageDown" => page,
                "PageUp" => -page,
                "Home" => i64::MIN / 2,
                "End" => i64::MAX / 2,
                _ => return,
            };
            e.prevent_default();
            cb.emit(InspectAction::MoveFrame(by));
        })
    };
    let oninput = {
        let cb = props.on_action.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                cb.emit(InspectAction::SetFilter(input.value()));
            }
        })
    };
    let ondownload = {
        let cb = props.on_download.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };

    let rows = props.visible[first..last].iter().enumerate().filter_map(|(k, &i)| {
        let r = props.rows.get(i)?;
        let selected = props.selected == Some(r.number);
        let number = r.number;
        let onclick = {
            let cb = props.on_action.clone();
            Callback::from(move |_: MouseEvent| cb.emit(InspectAction::SelectFrame(number)))
        };
        Some(html! {
            <div
                key={r.number}
                role="row"
                class={classes!("pkt-row", r.protocol.to_lowercase(), selected.then_some("selected"))}
                aria-selected={selected.to_string()}
                aria-rowindex={(first + k + 2).to_string()}
                data-number={r.number.to_string()}
                {onclick}
            >
                <span role="gridcell" class="c-no">{ r.number }</span>
                <span role="gridcell" class="c-time">{ &r.time }</span>
                <span role="gridcell" class="c-src">{ &r.src }</span>
                <span role="gridcell" class="c-dst">{ &r.dst }</span>
                <span role="gridcell" class="c-proto">{ r.protocol }</span>
                <span role="gridcell" class="c-len">{ r.length }</span>
                <span role="gridcell" class="c-info">{ format!("{} ({})", r.info, r.iface) }</span>
            </div>
        })
    });

    html! {
        <div class="packet-list">
            <div class="packet-tools">
                <label class="filter">
                    <span class="visually-hidden">{ "Display filter" }</span>
                    <input
                        id="packet-filter"
                        type="search"
                        placeholder="filter: icmp, tcp, udp, host 127.0.0.1, port 80, or any text"
                        autocomplete="off"
                        spellcheck="false"
                        value={props.filter.clone()}
                        {oninput}
                    />
                </label>
                <span class="packet-count" aria-live="polite">
                    { format!("{} of {} frames", total, props.rows.len()) }
                </span>
                <button type="button" class="download" onclick={ondownload} disabled={props.rows.is_empty()}>
                    { "Download .pcap" }
                </button>
            </div>
            <div class="pkt-grid" role="grid" aria-label="Captured packets" aria-rowcount={(total + 1).to_string()}>
                <div role="row" class="pkt-row pkt-head" aria-rowindex="1">
                    <span role="columnheader" class="c-no">{ "No." }</span>
                    <span role="columnheader" class="c-time">{ "Time" }</span>
                    <span role="columnheader" class="c-src">{ "Source" }</span>
                    <span role="columnheader" class="c-dst">{ "Destination" }</span>
                    <span role="columnheader" class="c-proto">{ "Protocol" }</span>
                    <span role="columnheader" class="c-len">{ "Length" }</span>
                    <span role="columnheader" class="c-info">{ "Info" }</span>
                </div>
                <div
                    class="pkt-viewport"
                    role="rowgroup"
                    ref={viewport}
                    tabindex="0"
                    aria-label="Packet rows: arrow keys select"
                    {onscroll}
                    {onkeydown}
                >
                    <div class="pad" ref={top_pad} aria-hidden="true"></div>
                    { for rows }
                    <div class="pad" ref={bottom_pad} aria-hidden="true"></div>
                    if props.rows.is_empty() {
                        <p class="empty">{ "No packets captured yet." }</p>
                    }
                </div>
            </div>
        </div>
    }
}
