//! The playground's root component: owns the reducer and the clock.

use yew::prelude::*;

use crate::clock::use_lab_clock;
use crate::components::header::Header;
use crate::components::terminal::{HistoryStep, Terminal};
use crate::components::toolbar::Toolbar;
use crate::state::{Action, Speed, State};

/// The whole Loopback Lab page: header, toolbar and terminal.
#[component]
pub fn App() -> Html {
    let state = use_reducer(State::default);
    let clock = use_lab_clock(&state);

    let dispatch = |f: fn(String) -> Action| {
        let d = state.dispatcher();
        Callback::from(move |s: String| d.dispatch(f(s)))
    };
    let on_edit = dispatch(Action::Edit);
    let on_submit = dispatch(Action::Submit);
    let on_interrupt = {
        let d = state.dispatcher();
        Callback::from(move |()| d.dispatch(Action::Interrupt(clock.now())))
    };
    let on_clear = {
        let d = state.dispatcher();
        Callback::from(move |()| d.dispatch(Action::ClearScreen))
    };
    let on_history = {
        let d = state.dispatcher();
        Callback::from(move |step: HistoryStep| {
            d.dispatch(match step {
                HistoryStep::Up => Action::HistoryUp,
                HistoryStep::Down => Action::HistoryDown,
            })
        })
    };
    let on_speed = {
        let d = state.dispatcher();
        Callback::from(move |speed: Speed| d.dispatch(Action::SetSpeed(speed)))
    };

    html! {
        <div class="app">
            <Header />
            <main class="workbench">
                <Toolbar
                    speed={state.speed}
                    busy={state.busy}
                    now={state.now}
                    {on_speed}
                    on_interrupt={on_interrupt.clone()}
                    on_clear={on_clear.clone()}
                />
                <Terminal
                    lines={state.lines.clone()}
                    prompt={AttrValue::from(state.prompt.clone())}
                    draft={AttrValue::from(state.draft.clone())}
                    busy={state.busy}
                    {on_edit}
                    {on_submit}
                    {on_interrupt}
                    {on_clear}
                    {on_history}
                />
            </main>
        </div>
    }
}
