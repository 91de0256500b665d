//! The one-line summary of a trace event. The events recorded for every
//! packet keep their fields and are formatted only when a front end reads
//! them (`Display`); rarer events keep the text they were given.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use core::fmt;
use core::net::IpAddr;

use super::Label;
use super::describe::{PacketLine, RouteLine, SegLine};
use crate::socket::tcp::State;

/// What an event says, in one line ("route lookup for ::1: ...").
/// Read it with `Display` (`to_string()`, `format!("{}")`).
#[derive(Clone)]
pub struct Summary(Repr);

#[derive(Clone)]
enum Repr {
    Static(&'static str),
    Text(String),
    Line(Line),
}

/// The per-packet events, as fields.
#[derive(Clone, Debug)]
pub(crate) enum Line {
    /// `ping sends echo request seq 1 to ::1 (id 7)`.
    EchoSend { seq: u16, dst: IpAddr, ident: u16 },
    /// `route lookup for ::1: rule 0 -> table local: ...` (boxed: the
    /// largest line, and every event is as large as the largest).
    Route { dst: IpAddr, route: Box<RouteLine> },
    /// `IP output: ::1 > ::1: ICMP echo request, ...`.
    IpOutput(PacketLine),
    /// `waiting in the backlog until the next poll (8 us)`.
    Backlog { micros: u64 },
    /// `IP input on lo: ::1 > ::1: ICMP echo request, ...`.
    IpInput { dev: Label, packet: PacketLine },
    /// `the kernel answers the echo request from ::1 itself (no socket needed)`.
    EchoAnswered { src: IpAddr },
    /// `echo reply matched the ping socket with id 7`.
    EchoMatched { ident: u16 },
    /// `TCP (ESTABLISHED) sends 127.0.0.1:1 > 127.0.0.1:2 [.] seq ...`.
    TcpSends { state: State, seg: SegLine },
    /// `TCP segment 127.0.0.1:1 > 127.0.0.1:2 [.] seq ... matched connection socket 3`.
    TcpMatched { seg: SegLine, sid: u32 },
}

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Line::EchoSend { seq, dst, ident } => {
                write!(f, "ping sends echo request seq {seq} to {dst} (id {ident})")
            }
            Line::Route { dst, route } => write!(f, "route lookup for {dst}: {route}"),
            Line::IpOutput(p) => write!(f, "IP output: {p}"),
            Line::Backlog { micros } => write!(
                f,
                "waiting in the backlog until the next poll ({micros} us)"
            ),
            Line::IpInput { dev, packet } => write!(f, "IP input on {dev}: {packet}"),
            Line::EchoAnswered { src } => write!(
                f,
                "the kernel answers the echo request from {src} itself (no socket needed)"
            ),
            Line::EchoMatched { ident } => {
                write!(f, "echo reply matched the ping socket with id {ident}")
            }
            Line::TcpSends { state, seg } => write!(f, "TCP ({state}) sends {seg}"),
            Line::TcpMatched { seg, sid } => {
                write!(f, "TCP segment {seg} matched connection socket {sid}")
            }
        }
    }
}

impl From<Line> for Summary {
    fn from(line: Line) -> Summary {
        Summary(Repr::Line(line))
    }
}

impl From<String> for Summary {
    fn from(text: String) -> Summary {
        Summary(Repr::Text(text))
    }
}

impl From<&'static str> for Summary {
    fn from(text: &'static str) -> Summary {
        Summary(Repr::Static(text))
    }
}

impl Summary {
    /// The text, borrowed when it is already text (no formatting), else
    /// formatted now.
    pub fn text(&self) -> alloc::borrow::Cow<'_, str> {
        match &self.0 {
            Repr::Static(s) => alloc::borrow::Cow::Borrowed(s),
            Repr::Text(s) => alloc::borrow::Cow::Borrowed(s.as_str()),
            Repr::Line(l) => alloc::borrow::Cow::Owned(l.to_string()),
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Static(s) => f.pad(s),
            Repr::Text(s) => f.pad(s),
            Repr::Line(l) if f.width().is_some() || f.precision().is_some() => {
                f.pad(&l.to_string())
            }
            Repr::Line(l) => fmt::Display::fmt(l, f),
        }
    }
}

impl fmt::Debug for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.text(), f)
    }
}

/// Two summaries are equal when they read the same.
impl PartialEq for Summary {
    fn eq(&self, other: &Summary) -> bool {
        self.text() == other.text()
    }
}

impl Eq for Summary {}
