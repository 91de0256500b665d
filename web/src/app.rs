//! The playground's root component: owns the reducer and the clock.

use std::rc::Rc;

use yew::prelude::*;

use crate::action::{Action, LessonAction};
use crate::clock::{use_lab_clock, use_play_clock};
use crate::components::header::Header;
use crate::components::inspector::InspectorView;
use crate::components::lessons_panel::GuidePanel;
use crate::components::terminal::Terminal;
use crate::components::terminal_tabs::TerminalTabs;
use crate::components::toolbar::Toolbar;
use crate::inspector::{InspectAction, Inspector, Tab};
use crate::terminal_tabs::Machine;

/// What the page's URL hash asks for:
/// `#run=ping%20-c%201%20127.0.0.1&tab=packets&frame=1`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HashRequest {
    /// A command line to run once the page has loaded.
    pub run: Option<String>,
    /// The inspector tab to show.
    pub tab: Option<Tab>,
    /// The frame to select in the packet list.
    pub frame: Option<u64>,
    /// A lesson to open (`#lesson=refused`).
    pub lesson: Option<String>,
    /// `#guide=guided` opens the guided actions instead of the lessons.
    pub guided: bool,
}

impl HashRequest {
    /// Parses a location hash (with or without its `#`); `decode` undoes
    /// percent-encoding.
    pub fn parse(hash: &str, decode: impl Fn(&str) -> Option<String>) -> HashRequest {
        let mut req = HashRequest::default();
        for part in hash.trim_start_matches('#').split('&') {
            let Some((key, value)) = part.split_once('=') else {
                continue;
            };
            let Some(value) = decode(value) else { continue };
            match key {
                "run" if !value.trim().is_empty() => req.run = Some(value),
                "tab" => req.tab = Tab::from_key(&value),
                "frame" => req.frame = value.parse().ok(),
                "lesson" => req.lesson = Some(value),
                "guide" => req.guided = value == "guided",
                _ => {}
            }
        }
        req
    }
}

fn location_hash() -> HashRequest {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    HashRequest::parse(&hash, |s| {
        js_sys::decode_uri_component(s)
            .ok()
            .and_then(|v| v.as_string())
    })
}

/// The whole Loopback Lab page: header, toolbar and terminal, inspector.
#[component]
pub fn App() -> Html {
    // The start: a `#v1=` link, the autosaved record, or a fresh lab
    // (crate::persist), with a notice when a link or saved state was bad.
    let booted = use_memo((), |()| {
        let b = crate::persist::boot_from_page();
        (
            std::cell::RefCell::new(Some(b.state)),
            b.notice.map(AttrValue::from),
        )
    });
    let state = use_reducer({
        let booted = booted.clone();
        move || booted.0.borrow_mut().take().unwrap_or_default()
    });
    let notice = use_state({
        let n = booted.1.clone();
        move || n
    });
    let clock = use_lab_clock(&state);

    let h = crate::handlers::use_handlers(&state, &clock);
    // The pcap download reads the capture and the filter: made again only
    // when the packet list's rows or the filtered set change.
    let on_download = use_callback(
        (
            Rc::as_ptr(&state.inspector.rows) as usize,
            Rc::as_ptr(&state.inspector.visible) as usize,
        ),
        {
            let state = state.clone();
            move |(), _| {
                let _ = crate::download::save(
                    "loopback-lab.pcap",
                    "application/vnd.tcpdump.pcap",
                    &state.pcap(),
                );
            }
        },
    );
    use_play_clock(state.inspector.playing, &state);
    let guided_first = use_memo((), |()| location_hash().guided);
    let machines: Vec<Machine> = [Machine::Lab, Machine::Laptop]
        .into_iter()
        .chain(state.netns_names().into_iter().map(Machine::Netns))
        .collect();

    // `#run=…` runs a command once on load (as typed text, never markup).
    {
        let d = state.dispatcher();
        use_effect_with((), move |()| {
            let req = location_hash();
            if let Some(lesson) = req
                .lesson
                .as_deref()
                .and_then(crate::lessons::content::find)
            {
                d.dispatch(Action::Lesson(LessonAction::Open(lesson.id)));
            }
            if let Some(tab) = req.tab {
                d.dispatch(Action::Inspect(InspectAction::SelectTab(tab)));
            }
            if let Some(line) = req.run {
                d.dispatch(Action::Submit(line));
            }
            if let Some(n) = req.frame {
                d.dispatch(Action::Inspect(InspectAction::SelectFrame(n)));
            }
        });
    }

    // The page budget's marks (crate::perf). These effects come before the
    // ones below, so `lolab:painted` is the first task after the paint.
    {
        use_effect_with((), |()| {
            crate::perf::mark("lolab:interactive");
            crate::warm::warm_up();
        });
        use_effect_with((state.lines().len(), state.busy), |&(_, busy)| {
            if !busy {
                crate::perf::mark("lolab:output");
                crate::perf::mark_after_paint("lolab:painted");
            }
        });
    }
    // The terminal renders first: while it has new output, the inspector
    // shows its previous view until that frame is painted.
    let output_changed = {
        let prev = use_mut_ref(|| state.lines().clone());
        let changed = !Rc::ptr_eq(&prev.borrow(), state.lines());
        *prev.borrow_mut() = state.lines().clone();
        changed
    };
    let (inspector, inspector_behind) = crate::defer::use_after_paint(
        state.inspector.clone(),
        output_changed,
        Inspector::same_view,
    );

    crate::persist::use_autosave(state.record.clone());
    // Setters and the dispatcher are the same on every render, so these
    // are made once too.
    let on_reset = use_callback((state.dispatcher(), notice.setter()), |(), (d, notice)| {
        notice.set(None);
        d.dispatch(Action::Reset);
    });
    // The landing view, while the lab is fresh and until closed.
    let landing = use_state(|| true);
    let show_landing = *landing && state.record.entries.is_empty() && state.lines().is_empty();
    let on_landing_close = use_callback(landing.setter(), |(), landing| landing.set(false));
    let on_landing_run = h.on_submit.clone();
    let on_dismiss = use_callback(notice.setter(), |(), notice| notice.set(None));

    html! {
        <div class="app">
            <Header />
            <crate::persist::view::PersistBar notice={(*notice).clone()} {on_reset} {on_dismiss} />
            if show_landing {
                <crate::landing::Landing on_run={on_landing_run} on_close={on_landing_close} />
            }
            <div class="panes">
            <div class="left-column">
            <GuidePanel
                progress={state.lessons.clone()}
                busy={state.busy}
                hosts={AttrValue::from(state.inspector.net.hosts.clone())}
                on_lesson={h.on_lesson.clone()}
                on_run={h.on_guided.clone()}
                guided_first={*guided_first}
            />
            <main class="workbench">
                <Toolbar
                    speed={state.speed}
                    busy={state.busy}
                    now={state.now}
                    on_speed={h.on_speed.clone()}
                    on_interrupt={h.on_interrupt.clone()}
                    on_clear={h.on_clear.clone()}
                />
                <TerminalTabs
                    machines={machines}
                    current={state.machine.clone()}
                    busy={state.busy}
                    on_select={h.on_machine.clone()}
                />
                <Terminal
                    lines={state.lines().clone()}
                    prompt={AttrValue::from(state.prompt.clone())}
                    draft={AttrValue::from(state.draft().to_owned())}
                    busy={state.busy}
                    on_edit={h.on_edit.clone()}
                    on_submit={h.on_submit.clone()}
                    on_interrupt={h.on_interrupt.clone()}
                    on_clear={h.on_clear.clone()}
                    on_history={h.on_history.clone()}
                    on_complete={h.on_complete.clone()}
                    completions={state.completions.clone()}
                />
            </main>
            </div>
            <InspectorView
                {inspector}
                behind={inspector_behind}
                on_action={h.on_inspect.clone()}
                {on_download}
                on_save_hosts={Some(h.on_save_hosts.clone())}
                hosts_error={state.hosts_error.clone().map(AttrValue::from)}
                on_sysctl={Some(h.on_sysctl.clone())}
                busy={state.busy}
            />
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(s: &str) -> Option<String> {
        Some(s.replace("%20", " "))
    }

    #[test]
    fn hash_requests() {
        let r = HashRequest::parse("#run=ping%20-c%201%20127.0.0.1&tab=packets", decode);
        assert_eq!(r.run.as_deref(), Some("ping -c 1 127.0.0.1"));
        assert_eq!(r.tab, Some(Tab::Packets));
        assert_eq!(HashRequest::parse("#frame=2", decode).frame, Some(2));
        assert_eq!(HashRequest::parse("", decode), HashRequest::default());
        assert_eq!(HashRequest::parse("#run=", decode).run, None);
        assert_eq!(HashRequest::parse("#tab=nope", decode).tab, None);
    }
}
