//! The terminal's scrollback: one `div.line` per line, tagged by kind.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::prompt::Prompt;
use crate::scrollback::{Line, LineKind};

/// Props of [`Scrollback`].
#[derive(Properties, PartialEq, Debug)]
pub struct ScrollbackProps {
    /// The lines, oldest first (compared by pointer first, so an unchanged
    /// scrollback does not re-render while the user types).
    pub lines: Rc<Vec<Line>>,
}

/// The output log (`#terminal-output`), an ARIA live region.
#[component]
pub fn Scrollback(props: &ScrollbackProps) -> Html {
    html! {
        <div id="terminal-output" class="terminal-output" role="log" aria-live="polite">
            { for props.lines.iter().map(view_line) }
        </div>
    }
}

fn view_line(line: &Line) -> Html {
    let class = classes!("line", line.kind.class());
    if line.kind == LineKind::Command && !line.prompt.is_empty() {
        html! {
            <div key={line.id} {class}>
                <Prompt text={AttrValue::from(line.prompt.clone())} />
                { line.text.clone() }
            </div>
        }
    } else {
        html! { <div key={line.id} {class}>{ line.text.clone() }</div> }
    }
}
