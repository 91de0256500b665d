//! The lessons: a landing list, and one lesson's steps with their
//! predictions, Run buttons, reveals and "show me" buttons.

use yew::prelude::*;

use crate::action::LessonAction;
use crate::lessons::{LESSONS, Lesson, Progress, Step};

/// Props of [`Lessons`].
#[derive(Properties, PartialEq, Debug)]
pub struct LessonsProps {
    /// Which lesson is open, predictions, steps run.
    pub progress: Progress,
    /// True while a command runs (reveals wait for it to end).
    pub busy: bool,
    /// Lesson actions.
    pub on_action: Callback<LessonAction>,
}

fn emit(cb: &Callback<LessonAction>, action: LessonAction) -> Callback<MouseEvent> {
    let cb = cb.clone();
    Callback::from(move |_: MouseEvent| cb.emit(action.clone()))
}

fn landing(on_action: &Callback<LessonAction>) -> Html {
    html! {
        <div class="lesson-landing">
            <p class="muted">{ "Ten short guided scenarios. Each one starts from a fresh lab, proposes commands to run, and asks you to predict what happens first." }</p>
            <ol class="lesson-list">
                { for LESSONS.iter().map(|l| html! {
                    <li>
                        <button type="button" class="lesson-open" data-lesson={l.id}
                            onclick={emit(on_action, LessonAction::Open(l.id))}>
                            <span class="lesson-title">{ l.title }</span>
                            <span class="lesson-summary muted">{ l.summary }</span>
                        </button>
                    </li>
                }) }
            </ol>
        </div>
    }
}

fn step_view(lesson: &Lesson, n: usize, step: &Step, props: &LessonsProps) -> Html {
    let p = &props.progress;
    let ran = p.ran.contains(&n);
    let revealed = ran && !props.busy;
    let chosen = p.chosen.get(&n).copied();
    let question = step.question.map(|q| {
        let name = format!("q-{}-{n}", lesson.id);
        let choices = q.choices.iter().enumerate().map(|(i, text)| {
            let onchange = {
                let cb = props.on_action.clone();
                Callback::from(move |_: Event| cb.emit(LessonAction::Choose { step: n, choice: i }))
            };
            let class = classes!(
                "choice",
                (revealed && i == q.answer).then_some("right"),
                (revealed && chosen == Some(i) && i != q.answer).then_some("wrong"),
            );
            html! {
                <label {class}>
                    <input type="radio" name={name.clone()} value={i.to_string()}
                        checked={chosen == Some(i)} disabled={ran} {onchange} />
                    { *text }
                </label>
            }
        });
        let verdict = match (revealed, chosen) {
            (false, _) => None,
            (true, Some(c)) if c == q.answer => {
                Some(("right", String::from("Your prediction was right.")))
            }
            (true, Some(_)) => Some((
                "wrong",
                format!(
                    "Not quite: the answer is \u{201c}{}\u{201d}.",
                    q.choices.get(q.answer).copied().unwrap_or("")
                ),
            )),
            (true, None) => Some((
                "skipped",
                format!(
                    "You ran it without predicting. The answer: \u{201c}{}\u{201d}.",
                    q.choices.get(q.answer).copied().unwrap_or("")
                ),
            )),
        };
        html! {
            <fieldset class="prediction">
                <legend>{ "Predict: " }{ q.prompt }</legend>
                { for choices }
                if let Some((class, text)) = verdict {
                    <p class={classes!("verdict", class)} role="status">{ text }</p>
                }
            </fieldset>
        }
    });
    html! {
        <li class={classes!("lesson-step", ran.then_some("ran"))} data-step={n.to_string()}>
            <p class="lead">{ step.lead }</p>
            { for question }
            <div class="run-row">
                <code class="step-command">{ step.command }</code>
                <button type="button" class="lesson-run"
                    aria-label={format!("Run: {}", step.command)}
                    onclick={emit(&props.on_action, LessonAction::Run(n))}>
                    { if ran { "Run again" } else { "Run it" } }
                </button>
            </div>
            if revealed {
                <div class="reveal">
                    <p class="explain">{ step.explain }</p>
                    if let Some((label, focus)) = step.show {
                        <button type="button" class="lesson-show"
                            onclick={emit(&props.on_action, LessonAction::Show(focus))}>
                            { label }
                        </button>
                    }
                </div>
            } else if ran {
                <p class="muted waiting">{ "Running… the answer appears when the command ends." }</p>
            }
        </li>
    }
}

/// The lessons panel.
#[component]
pub fn Lessons(props: &LessonsProps) -> Html {
    let Some(lesson) = props.progress.current() else {
        return landing(&props.on_action);
    };
    html! {
        <article class="lesson" data-lesson={lesson.id}>
            <div class="lesson-head">
                <button type="button" class="lesson-back" onclick={emit(&props.on_action, LessonAction::Close)}>
                    { "← All lessons" }
                </button>
                <button type="button" class="lesson-restart"
                    title="A fresh lab, set up for this lesson"
                    onclick={emit(&props.on_action, LessonAction::Open(lesson.id))}>
                    { "Restart" }
                </button>
            </div>
            <h2 class="lesson-heading">{ lesson.title }</h2>
            { for lesson.intro.iter().map(|p| html! { <p class="intro">{ *p }</p> }) }
            <p class="muted fresh">
                { "The lab was reset for this lesson" }
                if !lesson.setup.is_empty() {
                    { ", and these commands ran: " }
                    { for lesson.setup.iter().map(|c| html! { <code>{ *c }</code> }) }
                }
                if lesson.hosts.is_some() { { "; /etc/hosts was replaced" } }
                { "." }
            </p>
            <ol class="lesson-steps">
                { for lesson.steps.iter().enumerate().map(|(n, s)| step_view(lesson, n, s, props)) }
            </ol>
        </article>
    }
}
