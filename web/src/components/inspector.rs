//! The inspector: tabs for the packet journey, the packet list and the
//! state panels. Arrow keys move between tabs (the WAI-ARIA tabs pattern).

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::components::journey::JourneyView;
use crate::components::packet_detail::PacketDetail;
use crate::components::packet_list::PacketList;
use crate::components::state_panels::{StatePanels, SysctlChange};
use crate::inspector::{InspectAction, Inspector, Tab};

/// Props of [`InspectorView`].
#[derive(Properties, Debug)]
pub struct InspectorProps {
    /// The inspector's state.
    pub inspector: Inspector,
    /// Inspector actions.
    pub on_action: Callback<InspectAction>,
    /// The pcap download.
    pub on_download: Callback<()>,
    /// Saves /etc/hosts from the State tab's editor.
    #[prop_or_default]
    pub on_save_hosts: Option<Callback<String>>,
    /// Why the last /etc/hosts save failed.
    #[prop_or_default]
    pub hosts_error: Option<AttrValue>,
    /// Runs `sysctl -w` for the State tab's toggles.
    #[prop_or_default]
    pub on_sysctl: Option<Callback<SysctlChange>>,
    /// True while a command runs.
    #[prop_or_default]
    pub busy: bool,
    /// True while the view is a frame behind the terminal (see
    /// [`crate::defer`]): `aria-busy` on the inspector.
    #[prop_or_default]
    pub behind: bool,
}

impl PartialEq for InspectorProps {
    fn eq(&self, other: &Self) -> bool {
        self.inspector.same_view(&other.inspector)
            && self.on_action == other.on_action
            && self.on_download == other.on_download
            && self.on_save_hosts == other.on_save_hosts
            && self.hosts_error == other.hosts_error
            && self.on_sysctl == other.on_sysctl
            && self.busy == other.busy
            && self.behind == other.behind
    }
}

fn focus_tab(tab: Tab) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("tab-{}", tab.key())))
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// The inspector.
#[component]
pub fn InspectorView(props: &InspectorProps) -> Html {
    let ins = &props.inspector;
    let tabs = Tab::ALL.into_iter().enumerate().map(|(n, tab)| {
        let selected = tab == ins.tab;
        let onclick = {
            let cb = props.on_action.clone();
            Callback::from(move |_: MouseEvent| cb.emit(InspectAction::SelectTab(tab)))
        };
        let onkeydown = {
            let cb = props.on_action.clone();
            Callback::from(move |e: KeyboardEvent| {
                let len = Tab::ALL.len();
                let to = match e.key().as_str() {
                    "ArrowRight" => (n + 1) % len,
                    "ArrowLeft" => (n + len - 1) % len,
                    "Home" => 0,
                    "End" => len - 1,
                    _ => return,
                };
                e.prevent_default();
                let tab = Tab::ALL[to];
                cb.emit(InspectAction::SelectTab(tab));
                focus_tab(tab);
            })
        };
        let badge = match tab {
            Tab::Packets if !ins.rows.is_empty() => format!(" {}", ins.rows.len()),
            _ => String::new(),
        };
        html! {
            <button
                type="button"
                role="tab"
                id={format!("tab-{}", tab.key())}
                class="tab"
                aria-selected={selected.to_string()}
                aria-controls={format!("tabpanel-{}", tab.key())}
                tabindex={if selected { "0" } else { "-1" }}
                {onclick}
                {onkeydown}
            >
                { tab.label() }
                if !badge.is_empty() { <span class="badge">{ badge }</span> }
            </button>
        }
    });
    let body = match ins.tab {
        Tab::Journey => html! {
            <JourneyView
                journey={ins.journey.clone()}
                packet={ins.current().cloned()}
                step={ins.step_index()}
                playing={ins.playing}
                at_start={ins.at_start()}
                at_end={ins.at_end()}
                on_action={props.on_action.clone()}
            />
        },
        Tab::Packets => html! {
            <div class="packets-tab">
                <PacketList
                    rows={ins.rows.clone()}
                    visible={ins.visible.clone()}
                    filter={AttrValue::from(ins.filter.clone())}
                    selected={ins.frame}
                    on_action={props.on_action.clone()}
                    on_download={props.on_download.clone()}
                />
                if let Some(detail) = &ins.detail {
                    <PacketDetail
                        detail={detail.clone()}
                        field={ins.field.clone()}
                        on_action={props.on_action.clone()}
                    />
                } else if !ins.rows.is_empty() {
                    <p class="muted hint">{ "Select a packet to see its fields and bytes." }</p>
                }
            </div>
        },
        Tab::State => html! {
            <StatePanels net={ins.net.clone()} on_action={props.on_action.clone()}
                on_save_hosts={props.on_save_hosts.clone()} hosts_error={props.hosts_error.clone()}
                on_sysctl={props.on_sysctl.clone()} busy={props.busy} />
        },
    };
    html! {
        <section class="inspector" aria-label="Inspector" aria-busy={props.behind.then_some("true")}>
            <div class="tabs" role="tablist" aria-label="Inspector views">{ for tabs }</div>
            <div
                class="tabpanel"
                role="tabpanel"
                id={format!("tabpanel-{}", ins.tab.key())}
                aria-labelledby={format!("tab-{}", ins.tab.key())}
            >
                { body }
            </div>
        </section>
    }
}
