//! Share and keep: the lab's whole state as a [`Record`] (seed plus
//! the command lines and Ctrl-Cs, with their virtual instants), encoded into
//! the URL hash as `#v1=…` ([`codec`]) and autosaved to `localStorage`
//! after each command. Opening a link or reloading replays the record into
//! a fresh lab at instant speed ([`State::replay`]).
//!
//! Anything that cannot be read (a foreign or damaged link, an oversized
//! one, corrupt saved state) gives a fresh lab and a notice; it is only ever
//! shown as text.

pub mod codec;
pub mod view;

use std::rc::Rc;

use yew::prelude::*;

use crate::record::Record;
use crate::state::State;

/// The `localStorage` key of the autosaved record.
pub const STORAGE_KEY: &str = "lolab.v1";

/// The most poll steps a replay may take before it gives up.
pub const REPLAY_BUDGET: u64 = 1_000_000;

/// What the page starts with.
#[derive(Debug)]
pub struct Boot {
    /// The playground.
    pub state: State,
    /// Why the lab is fresh although a link or saved state asked otherwise.
    pub notice: Option<String>,
}

/// Where a record came from, for the notice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The URL hash.
    Link,
    /// `localStorage`.
    Saved,
}

/// The value of the `v1=` parameter in a location hash, if there is one.
pub fn hash_record(hash: &str) -> Option<&str> {
    hash.trim_start_matches('#')
        .split('&')
        .find_map(|part| part.strip_prefix("v1="))
}

/// True when the hash asks to run a command (`#run=`): a fresh lab then.
fn hash_runs(hash: &str) -> bool {
    hash.trim_start_matches('#')
        .split('&')
        .any(|p| p.starts_with("run="))
}

/// The playground for an encoded record, or a fresh one and a notice.
pub fn restore(encoded: &str, source: Source) -> Boot {
    let what = match source {
        Source::Link => "The link's lab could not be opened",
        Source::Saved => "The saved lab could not be restored",
    };
    let result = codec::decode(encoded)
        .map_err(|e| e.to_string())
        .and_then(|r| State::replay(&r, REPLAY_BUDGET).map_err(|e| e.to_string()));
    match result {
        Ok(state) => Boot {
            state,
            notice: None,
        },
        Err(why) => Boot {
            state: State::default(),
            notice: Some(format!("{what} ({why}); this is a fresh lab.")),
        },
    }
}

/// Chooses the start: a `#v1=` link, else (unless `#run=` asks for a fresh
/// lab) the saved record, else a fresh lab.
pub fn boot(hash: &str, saved: Option<&str>) -> Boot {
    if let Some(v) = hash_record(hash) {
        return restore(v, Source::Link);
    }
    if hash_runs(hash) {
        return Boot {
            state: State::default(),
            notice: None,
        };
    }
    match saved {
        Some(s) if !s.is_empty() => restore(s, Source::Saved),
        _ => Boot {
            state: State::default(),
            notice: None,
        },
    }
}

/// The location hash for `record`, keeping the other parameters of `hash`
/// (`tab`, `frame`) and dropping `run` and any old `v1`.
pub fn hash_for(hash: &str, record: &Record) -> String {
    let mut parts: Vec<String> = hash
        .trim_start_matches('#')
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("v1=") && !p.starts_with("run="))
        .map(String::from)
        .collect();
    if !record.entries.is_empty() {
        parts.insert(0, format!("{}={}", codec::HASH_KEY, codec::encode(record)));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("#{}", parts.join("&"))
    }
}

/// A link to `playground` (a URL without a hash) that opens `record`.
pub fn share_url(playground: &str, record: &Record) -> String {
    let base = playground.split('#').next().unwrap_or_default();
    format!("{base}{}", hash_for("", record))
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The saved record's text, if any (and if storage is allowed).
pub fn load_saved() -> Option<String> {
    storage()?.get_item(STORAGE_KEY).ok().flatten()
}

/// Saves `record` (or forgets it when empty). Storage errors (quota,
/// private mode) are ignored: the lab still works.
pub fn save(record: &Record) {
    let Some(storage) = storage() else { return };
    if record.entries.is_empty() {
        let _ = storage.remove_item(STORAGE_KEY);
    } else {
        let _ = storage.set_item(STORAGE_KEY, &codec::encode(record));
    }
}

fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Replaces the location hash without a navigation or a history entry.
fn replace_hash(hash: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if location_hash() == hash {
        return;
    }
    let location = window.location();
    let url = format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
        hash
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The page's start, read from its location and `localStorage`.
pub fn boot_from_page() -> Boot {
    let saved = load_saved();
    let boot = boot(&location_hash(), saved.as_deref());
    if saved.is_some() && boot.notice.is_some() && hash_record(&location_hash()).is_none() {
        // Corrupt saved state: forget it, so the next load is clean.
        if let Some(s) = storage() {
            let _ = s.remove_item(STORAGE_KEY);
        }
    }
    boot
}

/// After each change of the record: autosave it and put it in the hash,
/// once the frame showing the change is painted (encoding, `localStorage`
/// and `history.replaceState` cost milliseconds a command's output should
/// not wait for).
#[hook]
pub fn use_autosave(record: Rc<Record>) {
    let deps = (
        record.entries.len(),
        record.seed,
        Rc::as_ptr(&record) as usize,
    );
    use_effect_with(deps, move |_| {
        crate::perf::after_paint(move || {
            save(&record);
            replace_hash(&hash_for(&location_hash(), &record));
        });
    });
}

#[cfg(test)]
mod tests;
