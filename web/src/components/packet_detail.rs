//! The selected frame: the dissection tree (expand and collapse with
//! `<details>`) and the hex view, where the selected field's bytes light up.

use std::ops::Range;
use std::rc::Rc;

use lolab_core::wire::dissect::Field;
use yew::prelude::*;

use crate::inspect::packets::{Detail, FieldKey};
use crate::inspector::InspectAction;

/// The most bytes the hex view draws (loopback frames can be 64 KiB).
const HEX_LIMIT: usize = 4096;

/// Props of [`PacketDetail`].
#[derive(Properties, PartialEq, Debug)]
pub struct PacketDetailProps {
    /// The dissected frame.
    pub detail: Rc<Detail>,
    /// The selected field.
    pub field: Option<FieldKey>,
    /// Inspector actions.
    pub on_action: Callback<InspectAction>,
}

fn select(cb: &Callback<InspectAction>, name: &str, range: &Range<usize>) -> Callback<MouseEvent> {
    let cb = cb.clone();
    let key = FieldKey {
        name: name.to_owned(),
        range: range.clone(),
    };
    Callback::from(move |e: MouseEvent| {
        // Selecting a field inside a <summary> must not fold it.
        e.prevent_default();
        cb.emit(InspectAction::SelectField(Some(key.clone())));
    })
}

fn field_item(f: &Field, selected: Option<&FieldKey>, cb: &Callback<InspectAction>) -> Html {
    let is_sel = selected.is_some_and(|k| k.name == f.name && k.range == f.range);
    let button = html! {
        <button
            type="button"
            class={classes!("field", is_sel.then_some("selected"))}
            aria-pressed={is_sel.to_string()}
            data-field={f.name.clone()}
            title={format!("{} · bytes {}–{}", f.name, f.range.start, f.range.end.saturating_sub(1))}
            onclick={select(cb, &f.name, &f.range)}
        >
            { &f.value }
        </button>
    };
    if f.children.is_empty() {
        html! { <li>{ button }</li> }
    } else {
        html! {
            <li>
                <details>
                    <summary>{ button }</summary>
                    <ul>{ for f.children.iter().map(|c| field_item(c, selected, cb)) }</ul>
                </details>
            </li>
        }
    }
}

fn hex_view(bytes: &[u8], hl: Option<&Range<usize>>) -> Html {
    let shown = &bytes[..bytes.len().min(HEX_LIMIT)];
    let lit = |i: usize| hl.is_some_and(|r| r.contains(&i));
    let lines = shown.chunks(16).enumerate().map(|(row, chunk)| {
        let base = row * 16;
        let hex = chunk.iter().enumerate().map(|(k, b)| {
            html! { <span class={classes!("byte", lit(base + k).then_some("hl"))}>{ format!("{b:02x}") }</span> }
        });
        let ascii = chunk.iter().enumerate().map(|(k, b)| {
            let c = if b.is_ascii_graphic() || *b == b' ' { char::from(*b) } else { '.' };
            html! { <span class={classes!("char", lit(base + k).then_some("hl"))}>{ c }</span> }
        });
        html! {
            <div class="hex-line">
                <span class="offset">{ format!("{base:04x}") }</span>
                <span class="hex-bytes">{ for hex }</span>
                <span class="hex-ascii">{ for ascii }</span>
            </div>
        }
    });
    html! {
        <div class="hex" aria-label="Frame bytes in hexadecimal">
            { for lines }
            if bytes.len() > HEX_LIMIT {
                <p class="muted">{ format!("… {} more bytes not shown", bytes.len() - HEX_LIMIT) }</p>
            }
        </div>
    }
}

/// The detail tree and the hex view.
#[component]
pub fn PacketDetail(props: &PacketDetailProps) -> Html {
    let d = &props.detail;
    let sel = props.field.as_ref();
    let layers = d.layers.iter().map(|l| {
        let is_sel = sel.is_some_and(|k| k.name == l.name && k.range == l.range);
        html! {
            <li>
                <details open=true>
                    <summary>
                        <button
                            type="button"
                            class={classes!("field", "layer", is_sel.then_some("selected"))}
                            aria-pressed={is_sel.to_string()}
                            onclick={select(&props.on_action, &l.name, &l.range)}
                        >
                            { &l.summary }
                        </button>
                    </summary>
                    <ul>{ for l.fields.iter().map(|f| field_item(f, sel, &props.on_action)) }</ul>
                </details>
            </li>
        }
    });
    html! {
        <div class="packet-detail">
            <p class="detail-title">
                { format!("Frame {}: {} bytes on {}", d.row.number, d.row.length, d.row.iface) }
            </p>
            <ul class="tree" aria-label="Packet details">{ for layers }</ul>
            { hex_view(&d.bytes, sel.map(|k| &k.range)) }
        </div>
    }
}
