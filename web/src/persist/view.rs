//! The persistence bar: the restore notice (`role="status"`) and Reset.

use yew::prelude::*;

/// Props of [`PersistBar`].
#[derive(Properties, PartialEq, Debug)]
pub struct PersistBarProps {
    /// Why the lab is fresh, if a link or saved state could not be used.
    pub notice: Option<AttrValue>,
    /// Reset pressed.
    pub on_reset: Callback<()>,
    /// Notice dismissed.
    pub on_dismiss: Callback<()>,
}

/// A one-line bar: the notice (text only) and the Reset button.
#[component]
pub fn PersistBar(props: &PersistBarProps) -> Html {
    let on_reset = props.on_reset.reform(|_: MouseEvent| ());
    let on_dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="persist-bar">
            <p id="lab-notice" class="notice" role="status">
                if let Some(notice) = &props.notice {
                    { notice.clone() }
                    <button type="button" class="dismiss" aria-label="Dismiss" onclick={on_dismiss}>{ "×" }</button>
                }
            </p>
            <button
                type="button"
                id="lab-reset"
                class="reset"
                title="Start over with a fresh lab (forgets the saved commands)"
                onclick={on_reset}
            >
                { "Reset lab" }
            </button>
        </div>
    }
}
