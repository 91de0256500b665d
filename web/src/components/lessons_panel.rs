//! The guide beside the terminal: Lessons and Guided actions, as tabs.

use yew::prelude::*;

use crate::action::LessonAction;
use crate::components::guided::GuidedForms;
use crate::components::lessons::Lessons;
use crate::lessons::Progress;

/// Which part of the guide is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Part {
    #[default]
    Lessons,
    Guided,
}

/// Props of [`GuidePanel`].
#[derive(Properties, PartialEq, Debug)]
pub struct GuidePanelProps {
    /// The lessons' state.
    pub progress: Progress,
    /// True while a command runs.
    pub busy: bool,
    /// The current /etc/hosts text.
    pub hosts: AttrValue,
    /// Lesson actions.
    pub on_lesson: Callback<LessonAction>,
    /// Runs a command line in the lab's terminal.
    pub on_run: Callback<String>,
    /// Show the guided actions first.
    #[prop_or_default]
    pub guided_first: bool,
}

/// The guide panel.
#[component]
pub fn GuidePanel(props: &GuidePanelProps) -> Html {
    let guided_first = props.guided_first;
    let part = use_state(move || {
        if guided_first {
            Part::Guided
        } else {
            Part::Lessons
        }
    });
    let open = use_state(|| true);
    let tab = |p: Part, id: &'static str, label: &'static str| {
        let selected = *part == p;
        let onclick = {
            let part = part.clone();
            let open = open.clone();
            Callback::from(move |_: MouseEvent| {
                part.set(p);
                open.set(true);
            })
        };
        let onkeydown = {
            let part = part.clone();
            Callback::from(move |e: KeyboardEvent| {
                if matches!(e.key().as_str(), "ArrowRight" | "ArrowLeft") {
                    e.prevent_default();
                    part.set(if *part == Part::Lessons {
                        Part::Guided
                    } else {
                        Part::Lessons
                    });
                }
            })
        };
        html! {
            <button type="button" role="tab" {id} class="guide-tab"
                aria-selected={selected.to_string()} aria-controls="guide-body"
                tabindex={if selected { "0" } else { "-1" }} {onclick} {onkeydown}>
                { label }
            </button>
        }
    };
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    html! {
        <section class={classes!("guide", (!*open).then_some("collapsed"))} aria-label="Guide">
            <div class="guide-bar">
                <div class="guide-tabs" role="tablist" aria-label="Guide">
                    { tab(Part::Lessons, "guide-lessons", "Lessons") }
                    { tab(Part::Guided, "guide-guided", "Guided actions") }
                </div>
                <button type="button" class="guide-toggle" aria-expanded={open.to_string()}
                    aria-controls="guide-body" onclick={toggle}>
                    { if *open { "Hide" } else { "Show" } }
                </button>
            </div>
            if *open {
                <div id="guide-body" class="guide-body" role="tabpanel">
                    { match *part {
                        Part::Lessons => html! {
                            <Lessons progress={props.progress.clone()} busy={props.busy} on_action={props.on_lesson.clone()} />
                        },
                        Part::Guided => html! {
                            <GuidedForms hosts={props.hosts.clone()} on_run={props.on_run.clone()} />
                        },
                    } }
                </div>
            }
        </section>
    }
}
