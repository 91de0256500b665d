//! The signals the lab delivers: SIGINT (Ctrl-C, `kill -2`), SIGKILL and
//! SIGTERM (`kill`), and SIGPIPE (a write to a pipe nobody reads).

use alloc::string::String;

/// A signal a process can be sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signal {
    /// SIGINT (2): Ctrl-C. The program decides (most die with status 130).
    Int,
    /// SIGKILL (9): the process dies at once.
    Kill,
    /// SIGTERM (15): the process dies at once (the lab's programs do not
    /// catch it).
    Term,
    /// SIGPIPE (13): the process wrote to a pipe nobody reads; it dies.
    /// The kernel sends it; `kill` does not offer it.
    Pipe,
}

/// The exit status of a process killed by SIGPIPE (128 + 13).
pub const SIGPIPE_STATUS: i32 = Signal::Pipe.exit_status();

impl Signal {
    /// The signals `kill` sends and `kill -l` lists, by number.
    pub const KILLABLE: [Signal; 3] = [Signal::Int, Signal::Kill, Signal::Term];

    /// Linux's number for it.
    pub const fn number(self) -> i32 {
        match self {
            Signal::Int => 2,
            Signal::Kill => 9,
            Signal::Pipe => 13,
            Signal::Term => 15,
        }
    }

    /// Its name without `SIG`.
    pub fn name(self) -> &'static str {
        match self {
            Signal::Int => "INT",
            Signal::Kill => "KILL",
            Signal::Term => "TERM",
            Signal::Pipe => "PIPE",
        }
    }

    /// The signal a `kill` option names (`9`, `KILL`, `SIGKILL`; the text
    /// after the `-`), among those `kill` sends.
    pub fn from_spec(spec: &str) -> Option<Signal> {
        let name = spec.strip_prefix("SIG").unwrap_or(spec);
        Signal::KILLABLE
            .into_iter()
            .find(|s| name == s.name() || spec == alloc::format!("{}", s.number()))
    }

    /// The status bash reports for a process this signal killed (128 + n).
    pub const fn exit_status(self) -> i32 {
        128 + self.number()
    }

    /// `kill -l`'s listing: ` 2) SIGINT\t 9) SIGKILL\t15) SIGTERM\n`.
    pub fn listing() -> String {
        let mut text = String::new();
        for (i, s) in Signal::KILLABLE.into_iter().enumerate() {
            if i > 0 {
                text.push('\t');
            }
            text.push_str(&alloc::format!("{:>2}) SIG{}", s.number(), s.name()));
        }
        text.push('\n');
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_and_listing_match_bash() {
        assert_eq!(Signal::from_spec("9"), Some(Signal::Kill));
        assert_eq!(Signal::from_spec("KILL"), Some(Signal::Kill));
        assert_eq!(Signal::from_spec("SIGTERM"), Some(Signal::Term));
        assert_eq!(Signal::from_spec("2"), Some(Signal::Int));
        assert_eq!(Signal::from_spec("INT"), Some(Signal::Int));
        assert_eq!(Signal::from_spec("SIGHUP"), None);
        assert_eq!(Signal::from_spec("09"), None);
        assert_eq!(Signal::from_spec("SIG9"), None);
        assert_eq!(Signal::from_spec("PIPE"), None);
        assert_eq!(Signal::from_spec("13"), None);
        assert_eq!(SIGPIPE_STATUS, 141);
        assert_eq!(Signal::Term.exit_status(), 143);
        assert_eq!(Signal::listing(), " 2) SIGINT\t 9) SIGKILL\t15) SIGTERM\n");
    }
}
