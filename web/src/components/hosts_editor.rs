//! The /etc/hosts editor of the State panel: a textarea, the warnings
//! glibc's parser would have (line numbers, plain words), and Save.

use lolab_core::names::HostsFile;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Props of [`HostsEditor`].
#[derive(Properties, PartialEq, Debug)]
pub struct HostsEditorProps {
    /// The file as the lab has it now.
    pub text: AttrValue,
    /// Why the last save failed, if it did.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// Save this text to /etc/hosts.
    pub on_save: Callback<String>,
}

/// The editor.
#[component]
pub fn HostsEditor(props: &HostsEditorProps) -> Html {
    // The draft follows the file until the user edits it.
    let draft = use_state(|| None::<String>);
    let text = draft.as_deref().unwrap_or(&props.text).to_owned();
    let warnings = use_memo(text.clone(), |t| HostsFile::parse(t).warnings());
    let dirty = draft.as_deref().is_some_and(|d| d != props.text.as_str());
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() {
                draft.set(Some(t.value()));
            }
        })
    };
    let onsave = {
        let draft = draft.clone();
        let on_save = props.on_save.clone();
        let text = text.clone();
        Callback::from(move |_: MouseEvent| {
            on_save.emit(text.clone());
            draft.set(None);
        })
    };
    let onrevert = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| draft.set(None))
    };
    let rows = text.lines().count().clamp(4, 16) as u32 + 1;
    html! {
        <div class="hosts-editor">
            <textarea id="hosts-text" class="hosts-text" aria-label="/etc/hosts"
                aria-describedby="hosts-warnings" spellcheck="false" autocomplete="off"
                rows={rows.to_string()} value={text} {oninput} />
            <div id="hosts-warnings" class="hosts-warnings" aria-live="polite">
                if warnings.is_empty() {
                    <p class="ok">{ "Every line is valid." }</p>
                } else {
                    <p class="muted">{ "What glibc's parser makes of these lines (they stay in the file):" }</p>
                    <ul>{ for warnings.iter().map(|w| html! { <li class="hosts-warning">{ w.clone() }</li> }) }</ul>
                }
                if let Some(err) = &props.error {
                    <p class="hosts-error" role="alert">{ err.clone() }</p>
                }
            </div>
            <div class="hosts-actions">
                <button type="button" id="hosts-save" class="primary" disabled={!dirty} onclick={onsave}>{ "Save /etc/hosts" }</button>
                <button type="button" id="hosts-revert" disabled={!dirty} onclick={onrevert}>{ "Revert" }</button>
                <span class="muted">{ if dirty { "Unsaved changes." } else { "Saved: getent hosts answers from this file." } }</span>
            </div>
        </div>
    }
}
