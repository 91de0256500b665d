//! The landing view: what the lab is, a few first commands, and a slot
//! (`children`) where the lessons list goes. The playground shows it above
//! the panes while the lab is fresh (nothing run yet) and until dismissed.

use yew::prelude::*;

/// First commands offered on the landing view: (command, what it shows).
pub const FIRST_COMMANDS: [(&str, &str); 3] = [
    ("ping -c 1 127.1.2.3", "the whole 127/8 block answers"),
    ("ip route show table local", "where the kernel keeps it"),
    ("getent ahosts localhost", "what localhost resolves to"),
];

/// Props of [`Landing`].
#[derive(Properties, PartialEq, Debug)]
pub struct LandingProps {
    /// Run a command (a first-command button).
    pub on_run: Callback<String>,
    /// Close the landing view.
    pub on_close: Callback<()>,
    /// The lessons list, when there is one.
    #[prop_or_default]
    pub children: Html,
}

/// The introduction to the lab and its lessons.
#[component]
pub fn Landing(props: &LandingProps) -> Html {
    let buttons = FIRST_COMMANDS.iter().map(|&(cmd, what)| {
        let on_run = props.on_run.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_run.emit(String::from(cmd)));
        html! {
            <li>
                <button type="button" class="try" {onclick}><code>{ cmd }</code></button>
                <span class="muted">{ " " }{ what }</span>
            </li>
        }
    });
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <section class="landing" aria-labelledby="landing-title">
            <div class="landing-text">
                <h2 id="landing-title">{ "A Debian 12 host's loopback, in your browser" }</h2>
                <p>
                    { "Type real commands (ping, ip, curl, nc, python3 -m http.server, getent) into the terminal; " }
                    { "the inspector shows each packet's journey through the simulated kernel. " }
                    { "Nothing leaves this page. Your commands are saved here and in the page's link, so you can share it." }
                </p>
                <ul class="first-commands">{ for buttons }</ul>
                { props.children.clone() }
            </div>
            <button type="button" class="landing-close" aria-label="Close the introduction" onclick={on_close}>{ "×" }</button>
        </section>
    }
}
