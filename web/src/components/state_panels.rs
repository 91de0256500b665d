//! The state panels: interfaces with live counters, routes and rules,
//! sockets, and /etc/hosts, for one namespace.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::hosts_editor::HostsEditor;
use crate::inspect::netstate::NetState;
use crate::inspector::InspectAction;

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
            <section class="panel" aria-labelledby="panel-hosts">
                if let Some(on_save) = &props.on_save_hosts {
                    <h3 id="panel-hosts">{ "/etc/hosts" }<span class="muted">{ " (editable: Save writes it as root)" }</span></h3>
                    <HostsEditor text={AttrValue::from(net.hosts.clone())} error={props.hosts_error.clone()} on_save={on_save.clone()} />
                } else {
                    <h3 id="panel-hosts">{ "/etc/hosts" }<span class="muted">{ " (read-only view)" }</span></h3>
                    <pre class="hosts">{ &net.hosts }</pre>
                }
            </section>
        </div>
    }
}
