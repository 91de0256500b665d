//! The state panels: interfaces with live counters, routes and rules,
//! sockets, and /etc/hosts, for one namespace.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::hosts_editor::HostsEditor;
use crate::inspect::netstate::{NetState, Sysctl, SysctlControl};
use crate::inspector::InspectAction;

/// A sysctl toggle's change: (namespace, key, new value).
pub type SysctlChange = (u32, &'static str, String);

/// One sysctl row: its control, labelled with the key.
fn sysctl_row(netns: u32, x: &Sysctl, busy: bool, on: &Callback<SysctlChange>) -> Html {
    let id = format!("sysctl-{}", x.key.replace('.', "-"));
    let key = x.key;
    let emit = {
        let on = on.clone();
        move |value: String| on.emit((netns, key, value))
    };
    let control = match x.control {
        SysctlControl::Flag => {
            let onchange = Callback::from(move |e: Event| {
                if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                    emit(String::from(if input.checked() { "1" } else { "0" }));
                }
            });
            html! {
                <input type="checkbox" id={id.clone()} data-key={key}
                    checked={x.value != "0"} disabled={busy} {onchange} />
            }
        }
        SysctlControl::RpFilter => {
            let onchange = Callback::from(move |e: Event| {
                if let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() {
                    emit(sel.value());
                }
            });
            let options = [("0", "0: off"), ("1", "1: strict"), ("2", "2: loose")];
            html! {
                <select id={id.clone()} data-key={key} disabled={busy} {onchange}>
                    { for options.iter().map(|(v, label)| html! {
                        <option value={*v} selected={x.value == *v}>{ *label }</option>
                    }) }
                </select>
            }
        }
        SysctlControl::Number => {
            // Runs on change (Enter or leaving the field), not per keystroke.
            let onchange = Callback::from(move |e: Event| {
                if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                    emit(input.value().trim().to_owned());
                }
            });
            html! {
                <input type="number" id={id.clone()} data-key={key} min="0" max="65535"
                    inputmode="numeric" value={x.value.clone()} disabled={busy} {onchange} />
            }
        }
    };
    html! {
        <li class="sysctl" data-key={key}>
            { control }
            <label for={id}>
                <code class="sysctl-key">{ key }</code>
                <span class="sysctl-value">{ format!(" = {}", x.value) }</span>
                <span class="muted sysctl-help">{ x.help }</span>
            </label>
        </li>
    }
}

/// Props of [`StatePanels`].
#[derive(Properties, PartialEq, Debug)]
pub struct StatePanelsProps {
    /// The snapshot.
    pub net: Rc<NetState>,
    /// Inspector actions.
    pub on_action: Callback<InspectAction>,
    /// Saves /etc/hosts (the editor); without it the file is read-only.
    #[prop_or_default]
    pub on_save_hosts: Option<Callback<String>>,
    /// Why the last save failed.
    #[prop_or_default]
    pub hosts_error: Option<AttrValue>,
    /// Runs `sysctl -w` for a toggle; without it the sysctls are read-only.
    #[prop_or_default]
    pub on_sysctl: Option<Callback<SysctlChange>>,
    /// True while a command runs (the toggles wait for the prompt).
    #[prop_or_default]
    pub busy: bool,
}

/// The state tab.
#[component]
pub fn StatePanels(props: &StatePanelsProps) -> Html {
    let net = &props.net;
    let onchange = {
        let cb = props.on_action.clone();
        Callback::from(move |e: Event| {
            if let Some(sel) = e.target_dyn_into::<HtmlSelectElement>()
                && let Ok(id) = sel.value().parse()
            {
                cb.emit(InspectAction::SelectNetns(id));
            }
        })
    };
    let ifaces = net.ifaces.iter().map(|i| {
        html! {
            <tr data-if={i.name.clone()}>
                <th scope="row">{ format!("{}: {}", i.index, i.name) }</th>
                <td class="flags">{ format!("<{}>", i.flags) }<br/><span class="muted">{ format!("state {}", i.state) }</span></td>
                <td class="mtu">{ i.mtu }</td>
                <td class="addrs">{ for i.addrs.iter().map(|a| html! { <div>{ a }</div> }) }</td>
                <td class="num rx-packets">{ i.rx_packets }</td>
                <td class="num rx-bytes">{ i.rx_bytes }</td>
                <td class="num tx-packets">{ i.tx_packets }</td>
                <td class="num tx-bytes">{ i.tx_bytes }</td>
            </tr>
        }
    });
    let sockets = net.sockets.iter().map(|s| {
        html! {
            <tr>
                <td>{ s.netid }</td>
                <td>{ s.state }</td>
                <td>{ &s.local }</td>
                <td>{ &s.peer }</td>
                <td>{ &s.process }</td>
            </tr>
        }
    });
    html! {
        <div class="state-panels">
            if net.namespaces.len() > 1 {
                <label class="netns-select">
                    { "Namespace " }
                    <select {onchange}>
                        { for net.namespaces.iter().map(|(id, name)| html! {
                            <option value={id.to_string()} selected={*id == net.netns}>{ name }</option>
                        }) }
                    </select>
                </label>
            }
            <section class="panel" aria-labelledby="panel-ifaces">
                <h3 id="panel-ifaces">{ "Interfaces " }<code>{ "ip -s addr" }</code></h3>
                <div class="table-scroll">
                    <table class="ifaces">
                        <thead>
                            <tr>
                                <th scope="col">{ "Interface" }</th>
                                <th scope="col">{ "Flags" }</th>
                                <th scope="col">{ "MTU" }</th>
                                <th scope="col">{ "Addresses" }</th>
                                <th scope="col" class="num">{ "RX pkts" }</th>
                                <th scope="col" class="num">{ "RX bytes" }</th>
                                <th scope="col" class="num">{ "TX pkts" }</th>
                                <th scope="col" class="num">{ "TX bytes" }</th>
                            </tr>
                        </thead>
                        <tbody>{ for ifaces }</tbody>
                    </table>
                </div>
            </section>
            <section class="panel" aria-labelledby="panel-routes">
                <h3 id="panel-routes">{ "Routes " }<code>{ "ip route show table all" }</code></h3>
                <pre class="routes">{ &net.routes }</pre>
            </section>
            <section class="panel" aria-labelledby="panel-rules">
                <h3 id="panel-rules">{ "Rules " }<code>{ "ip rule; ip -6 rule" }</code></h3>
                <pre class="rules">{ &net.rules }</pre>
            </section>
            <section class="panel" aria-labelledby="panel-sockets">
                <h3 id="panel-sockets">{ "Sockets " }<code>{ "ss -uatp" }</code></h3>
                if net.sockets.is_empty() {
                    <p class="muted">{ "No open sockets." }</p>
                } else {
                    <div class="table-scroll">
                        <table class="sockets">
                            <thead>
                                <tr>
                                    <th scope="col">{ "Netid" }</th>
                                    <th scope="col">{ "State" }</th>
                                    <th scope="col">{ "Local" }</th>
                                    <th scope="col">{ "Peer" }</th>
                                    <th scope="col">{ "Process" }</th>
                                </tr>
                            </thead>
                            <tbody>{ for sockets }</tbody>
                        </table>
                    </div>
                }
            </section>
            if !net.sysctls.is_empty() {
                <section class="panel" aria-labelledby="panel-sysctls">
                    <h3 id="panel-sysctls">{ "Sysctls " }<code>{ "sysctl -w KEY=VALUE" }</code></h3>
                    if let Some(on) = &props.on_sysctl {
                        <p class="muted sysctl-note">{ "A change runs the command in the terminal (as root), so it is recorded and shared like a typed one." }</p>
                        <ul class="sysctls">
                            { for net.sysctls.iter().map(|x| sysctl_row(net.netns, x, props.busy, on)) }
                        </ul>
                    } else {
                        <pre class="sysctls">
                            { for net.sysctls.iter().map(|x| format!("{} = {}\n", x.key, x.value)) }
                        </pre>
                    }
                </section>
            }
            <section class="panel" aria-labelledby="panel-hosts">
                if let Some(on_save) = &props.on_save_hosts {
                    <h3 id="panel-hosts">{ "/etc/hosts" }<span class="muted">{ " (editable: Save writes it as root)" }</span></h3>
                    <HostsEditor text={AttrValue::from(net.hosts.clone())} error={props.hosts_error.clone()} on_save={on_save.clone()} />
                } else {
                    <h3 id="panel-hosts">{ "/etc/hosts" }<span class="muted">{ " (read-only view)" }</span></h3>
                    <pre class="hosts">{ &net.hosts }</pre>
                }
                <h3 id="panel-nsswitch">{ "/etc/nsswitch.conf" }<span class="muted">{ " (which sources answer, in order)" }</span></h3>
                <pre class="nsswitch" id="nsswitch-hosts">{ &net.nsswitch_hosts }</pre>
            </section>
        </div>
    }
}
