//! The widget component: a compact terminal and the journey view around
//! its own [`State`].

use std::rc::Rc;

use lolab_core::Duration;
use yew::prelude::*;

use crate::action::Action;
use crate::clock::{use_lab_clock, use_play_clock};
use crate::components::journey::JourneyView;
use crate::components::terminal::{HistoryStep, Terminal};
use crate::inspector::InspectAction;
use crate::state::State;

/// How long a preloaded command may run (virtual time) before it is
/// interrupted, as `Lab::run` does.
const PRELOAD_LIMIT: Duration = Duration::from_secs(30);
/// The most poll steps one preloaded command may take.
const PRELOAD_BUDGET: u64 = 200_000;

/// Props of [`Widget`].
#[derive(Properties, PartialEq, Debug, Clone)]
pub struct WidgetProps {
    /// Command lines run at load.
    pub commands: Rc<Vec<String>>,
    /// A lesson id for the full playground.
    #[prop_or_default]
    pub lesson: Option<AttrValue>,
    /// The caption.
    #[prop_or_default]
    pub title: Option<AttrValue>,
    /// The lab's seed.
    pub seed: u64,
    /// The full playground's URL (no hash).
    pub playground: AttrValue,
}

/// One docs widget: an independent lab.
#[component]
pub fn Widget(props: &WidgetProps) -> Html {
    let state = {
        let commands = props.commands.clone();
        let seed = props.seed;
        use_reducer(move || {
            let mut s = State::with_seed(seed);
            for line in commands.iter() {
                s.run_to_end(line, PRELOAD_LIMIT, PRELOAD_BUDGET);
            }
            s
        })
    };
    let clock = use_lab_clock(&state);
    use_play_clock(state.inspector.playing, &state);

    let d = state.dispatcher();
    let on_edit = {
        let d = d.clone();
        Callback::from(move |s: String| d.dispatch(Action::Edit(s)))
    };
    let on_submit = {
        let d = d.clone();
        Callback::from(move |s: String| d.dispatch(Action::Submit(s)))
    };
    let on_interrupt = {
        let d = d.clone();
        Callback::from(move |()| d.dispatch(Action::Interrupt(clock.now())))
    };
    let on_clear = {
        let d = d.clone();
        Callback::from(move |()| d.dispatch(Action::ClearScreen))
    };
    let on_history = {
        let d = d.clone();
        Callback::from(move |step: HistoryStep| {
            d.dispatch(match step {
                HistoryStep::Up => Action::HistoryUp,
                HistoryStep::Down => Action::HistoryDown,
            })
        })
    };
    let on_inspect = Callback::from(move |a: InspectAction| d.dispatch(Action::Inspect(a)));

    let mut href = crate::persist::share_url(&props.playground, &state.record);
    if let Some(lesson) = &props.lesson {
        href.push(if href.contains('#') { '&' } else { '#' });
        href.push_str("lesson=");
        href.push_str(lesson);
    }
    let ins = &state.inspector;
    let title = props
        .title
        .clone()
        .unwrap_or_else(|| AttrValue::from("Loopback Lab"));
    html! {
        <div class="lolab-widget" data-lesson={props.lesson.clone()}>
            <header class="widget-head">
                <span class="widget-title">{ title }</span>
                if state.busy {
                    <span class="widget-running">{ "running… (Ctrl-C stops)" }</span>
                }
                <a class="open-full" href={href} target="_blank" rel="noopener">
                    { "Open in the full playground" }
                </a>
            </header>
            <div class="widget-body">
                <Terminal
                    lines={state.lines().clone()}
                    prompt={AttrValue::from(state.prompt.clone())}
                    draft={AttrValue::from(state.draft().to_owned())}
                    busy={state.busy}
                    autofocus={false}
                    {on_edit}
                    {on_submit}
                    {on_interrupt}
                    {on_clear}
                    {on_history}
                />
                <section class="widget-journey inspector" aria-label="Packet journey">
                    <JourneyView
                        journey={ins.journey.clone()}
                        packet={ins.current().cloned()}
                        step={ins.step_index()}
                        playing={ins.playing}
                        at_start={ins.at_start()}
                        at_end={ins.at_end()}
                        on_action={on_inspect}
                    />
                </section>
            </div>
        </div>
    }
}
