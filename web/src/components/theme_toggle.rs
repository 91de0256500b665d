//! The light/dark switch: follows the system (`prefers-color-scheme`) until
//! the user picks a theme, then remembers the choice in localStorage.

use yew::prelude::*;

/// The three settings, in the order the button cycles through them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Follow the system.
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// The value stored and put in `<html data-theme>` (`auto` removes it).
    pub fn key(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// Reads a stored value; anything else is `Auto`.
    pub fn from_key(key: &str) -> Theme {
        match key {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::Auto,
        }
    }

    /// The next setting.
    pub fn next(self) -> Theme {
        match self {
            Theme::Auto => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Auto,
        }
    }
}

const STORAGE_KEY: &str = "lolab-theme";

fn stored() -> Theme {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .map_or(Theme::Auto, |k| Theme::from_key(&k))
}

/// Applies a theme to the page and remembers it.
fn apply(theme: Theme) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(root) = window.document().and_then(|d| d.document_element()) {
        let _ = match theme {
            Theme::Auto => root.remove_attribute("data-theme"),
            other => root.set_attribute("data-theme", other.key()),
        };
    }
    if let Ok(Some(storage)) = window.local_storage() {
        let _ = storage.set_item(STORAGE_KEY, theme.key());
    }
}

/// A button that cycles Auto → Light → Dark.
#[component]
pub fn ThemeToggle() -> Html {
    let theme = use_state(stored);
    {
        let t = *theme;
        use_effect_with(t, move |t| apply(*t));
    }
    let onclick = {
        let theme = theme.clone();
        Callback::from(move |_| theme.set(theme.next()))
    };
    let label = match *theme {
        Theme::Auto => "Theme: system",
        Theme::Light => "Theme: light",
        Theme::Dark => "Theme: dark",
    };
    html! {
        <button type="button" id="theme-toggle" class="theme-toggle" {onclick}
            aria-label={format!("{label} (click to change)")}>{ label }</button>
    }
}

#[cfg(test)]
mod tests {
    use super::Theme;

    #[test]
    fn cycles_and_parses() {
        assert_eq!(Theme::Auto.next().next().next(), Theme::Auto);
        for t in [Theme::Auto, Theme::Light, Theme::Dark] {
            assert_eq!(Theme::from_key(t.key()), t);
        }
        assert_eq!(Theme::from_key("<script>"), Theme::Auto);
    }
}
