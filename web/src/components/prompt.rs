//! Bash's prompt, coloured as Debian's default `~/.bashrc` does on a
//! 256-colour terminal: `user@host` green, the directory blue.

use yew::prelude::*;

/// The pieces of a `user@host:dir$ ` prompt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PromptParts<'a> {
    /// `user@host`.
    pub user_host: &'a str,
    /// The working directory, such as `~`.
    pub dir: &'a str,
    /// What follows: `$ ` or `# `.
    pub tail: &'a str,
}

impl<'a> PromptParts<'a> {
    /// Splits `prompt`, or `None` if it is not of the usual shape.
    pub fn split(prompt: &'a str) -> Option<Self> {
        let (user_host, rest) = prompt.split_once(':')?;
        let cut = rest.rfind(['$', '#'])?;
        let (dir, tail) = rest.split_at(cut);
        Some(PromptParts {
            user_host,
            dir,
            tail,
        })
    }
}

/// Props of [`Prompt`].
#[derive(Properties, PartialEq, Debug)]
pub struct PromptProps {
    /// The prompt text, such as `user@lab:~$ `.
    pub text: AttrValue,
}

/// A prompt; its text content is exactly the prompt, so copying works.
#[component]
pub fn Prompt(props: &PromptProps) -> Html {
    match PromptParts::split(&props.text) {
        Some(p) => html! {
            <span class="ps1">
                <span class="ps1-user">{ p.user_host }</span>
                { ":" }
                <span class="ps1-dir">{ p.dir }</span>
                { p.tail }
            </span>
        },
        None => html! { <span class="ps1">{ props.text.clone() }</span> },
    }
}

#[cfg(test)]
mod tests {
    use super::PromptParts;

    #[test]
    fn splits_user_and_root_prompts() {
        assert_eq!(
            PromptParts::split("user@lab:~$ "),
            Some(PromptParts {
                user_host: "user@lab",
                dir: "~",
                tail: "$ "
            })
        );
        assert_eq!(
            PromptParts::split("root@lab:/root# ").map(|p| p.dir),
            Some("/root")
        );
        assert_eq!(PromptParts::split("> "), None);
    }
}
