//! Guided actions: Ping, Curl and Bind forms with an address picker and a
//! port. Each shows the exact command line it will run, and runs it in the
//! lab's terminal.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::guided::{self, Form, Server, Tool};

/// Props of [`GuidedForms`].
#[derive(Properties, PartialEq, Debug)]
pub struct GuidedProps {
    /// The current /etc/hosts text (its names join the picker).
    pub hosts: AttrValue,
    /// Runs a command line in the lab's terminal.
    pub on_run: Callback<String>,
}

/// The picker's value for "type an address".
const OTHER: &str = "__other__";

fn input_value(e: &InputEvent) -> Option<String> {
    e.target_dyn_into::<HtmlInputElement>().map(|i| i.value())
}

/// The forms.
#[component]
pub fn GuidedForms(props: &GuidedProps) -> Html {
    let form = use_state(Form::default);
    let typed = use_state(|| false);
    let choices = {
        let hosts = props.hosts.clone();
        use_memo(hosts, |h| guided::address_choices(h))
    };
    let set = |f: fn(&mut Form, String)| {
        let form = form.clone();
        Callback::from(move |v: String| {
            let mut next = (*form).clone();
            f(&mut next, v);
            form.set(next);
        })
    };
    let on_address = set(|f, v| f.address = v);
    let on_port = set(|f, v| f.port = v);
    let on_count = set(|f, v| f.count = v);

    let tool_tabs = Tool::ALL.into_iter().map(|tool| {
        let pressed = form.tool == tool;
        let form = form.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            form.set(Form {
                tool,
                ..(*form).clone()
            })
        });
        html! {
            <button type="button" id={format!("guided-{}", tool.key())}
                class="guided-tool" aria-pressed={pressed.to_string()} {onclick}>
                { tool.label() }
            </button>
        }
    });

    let on_pick = {
        let on_address = on_address.clone();
        let typed = typed.clone();
        Callback::from(move |e: Event| {
            if let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() {
                let v = sel.value();
                if v == OTHER {
                    typed.set(true);
                    on_address.emit(String::from("127.0.0.2"));
                } else {
                    typed.set(false);
                    on_address.emit(v);
                }
            }
        })
    };
    let picked_known = !*typed && choices.iter().any(|(a, _)| *a == form.address);
    let options = choices.iter().map(|(addr, what)| {
        html! {
            <option value={addr.clone()} selected={picked_known && *addr == form.address}>
                { format!("{addr} — {what}") }
            </option>
        }
    });

    let command = guided::command(&form);
    let on_submit = {
        let on_run = props.on_run.clone();
        let command = command.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Ok(line) = &command {
                on_run.emit(line.clone());
            }
        })
    };

    let tool = form.tool;
    html! {
        <form class="guided" onsubmit={on_submit} aria-labelledby="guided-heading">
            <h2 id="guided-heading" class="visually-hidden">{ "Guided actions" }</h2>
            <div class="guided-tools" role="group" aria-label="Action">{ for tool_tabs }</div>
            <div class="guided-fields">
                <label class="field">
                    <span>{ if tool == Tool::Bind { "Listen on" } else { "Address" } }</span>
                    <select id="guided-address" onchange={on_pick}>
                        { for options }
                        <option value={OTHER} selected={!picked_known}>{ "Other address (type it)…" }</option>
                    </select>
                </label>
                if !picked_known {
                    <label class="field">
                        <span>{ "Typed address" }</span>
                        <input id="guided-typed" type="text" value={form.address.clone()}
                            spellcheck="false" autocomplete="off" autocapitalize="off"
                            oninput={Callback::from(move |e: InputEvent| if let Some(v) = input_value(&e) { on_address.emit(v) })} />
                    </label>
                }
                if tool == Tool::Ping {
                    <label class="field small">
                        <span>{ "Count" }</span>
                        <input id="guided-count" type="number" min="1" max="20" value={form.count.clone()}
                            oninput={Callback::from(move |e: InputEvent| if let Some(v) = input_value(&e) { on_count.emit(v) })} />
                    </label>
                } else {
                    <label class="field small">
                        <span>{ "Port" }</span>
                        <input id="guided-port" type="number" min="1" max="65535" value={form.port.clone()}
                            oninput={Callback::from(move |e: InputEvent| if let Some(v) = input_value(&e) { on_port.emit(v) })} />
                    </label>
                }
                if tool == Tool::Curl {
                    <label class="check">
                        <input id="guided-verbose" type="checkbox" checked={form.verbose}
                            onchange={{
                                let form = form.clone();
                                Callback::from(move |_: Event| form.set(Form { verbose: !form.verbose, ..(*form).clone() }))
                            }} />
                        { " verbose (-v): show each connection attempt" }
                    </label>
                }
                if tool == Tool::Bind {
                    <fieldset class="server-kind">
                        <legend>{ "Start" }</legend>
                        { for [(Server::HttpServer, "a web server (python3 -m http.server)"), (Server::Socket, "just the socket, with its system calls (bind)")].into_iter().map(|(kind, text)| {
                            let checked = form.server == kind;
                            let form = form.clone();
                            let onchange = Callback::from(move |_: Event| form.set(Form { server: kind, ..(*form).clone() }));
                            html! {
                                <label class="check">
                                    <input type="radio" name="server-kind" {checked} {onchange} />
                                    { " " }{ text }
                                </label>
                            }
                        }) }
                    </fieldset>
                }
            </div>
            <div class="guided-run">
                { match &command {
                    Ok(line) => html! {
                        <p class="guided-preview">{ "Runs: " }<code id="guided-command">{ line.clone() }</code></p>
                    },
                    Err(why) => html! { <p class="guided-error" role="alert">{ why.clone() }</p> },
                } }
                <button type="submit" id="guided-submit" class="primary" disabled={command.is_err()}>
                    { format!("Run {}", tool.label().to_lowercase()) }
                </button>
            </div>
        </form>
    }
}
