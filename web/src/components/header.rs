//! The page header: title and tagline.

use yew::prelude::*;

/// The page header.
#[component]
pub fn Header() -> Html {
    html! {
        <header class="site-header">
            <super::theme_toggle::ThemeToggle />
            <h1 class="site-title">{ "Loopback Lab" }</h1>
            <p class="site-tagline">
                { "A Debian 12 host's network stack in your browser: " }
                <code>{ "127.0.0.0/8" }</code>{ ", " }<code>{ "::1" }</code>
                { " and " }<code>{ "lo" }</code>{ ". Type " }<kbd>{ "help" }</kbd>{ " to begin." }
            </p>
        </header>
    }
}
