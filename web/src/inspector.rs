//! The inspector's state: which tab, which packet and step of its journey,
//! the packet list with its filter and selection, the state panels'
//! snapshot. Pure: the playground's state calls in with the lab borrowed.

use std::rc::Rc;

use lolab_core::Lab;
use lolab_core::trace::PacketId;

use crate::inspect::journey::{self, Journey, PacketJourney, Step};
use crate::inspect::netstate::{self, NetState};
use crate::inspect::packets::{self, Detail, FieldKey, Filter, Row};
use crate::scrollback::{Line, LineKind};

/// The inspector's tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Tab {
    /// The packet journey.
    #[default]
    Journey,
    /// The packet list.
    Packets,
    /// Interfaces, routes, sockets, hosts.
    State,
}

impl Tab {
    /// Every tab, in order.
    pub const ALL: [Tab; 3] = [Tab::Journey, Tab::Packets, Tab::State];

    /// The tab's label.
    pub fn label(self) -> &'static str {
        match self {
            Tab::Journey => "Journey",
            Tab::Packets => "Packets",
            Tab::State => "State",
        }
    }

    /// A stable id fragment.
    pub fn key(self) -> &'static str {
        match self {
            Tab::Journey => "journey",
            Tab::Packets => "packets",
            Tab::State => "state",
        }
    }

    /// The tab named `key`, for the URL hash.
    pub fn from_key(key: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.key() == key)
    }
}

/// What a "show me" button selects in the inspector.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Focus {
    /// The first packet of the last command's journey, at its first step.
    FirstPacket,
    /// The first packet that was dropped, at the step where it died.
    Dropped,
    /// The first packet whose one-line label contains this text, at its
    /// last step.
    Labelled(&'static str),
    /// An inspector tab.
    Tab(Tab),
}

/// A move along the journey.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Move {
    /// One event later (on to the next packet at the end of one).
    Forward,
    /// One event earlier (back to the previous packet at the start of one).
    Back,
    /// The packet's first event.
    First,
    /// The packet's last event.
    Last,
}

/// What the user does in the inspector, and the play timer's ticks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InspectAction {
    /// Show a tab.
    SelectTab(Tab),
    /// Show this packet's journey.
    SelectPacket(PacketId),
    /// Step along the journey.
    Step(Move),
    /// Start or stop playing the journey.
    TogglePlay,
    /// The play timer fired: one step forward, stopping at the end.
    PlayTick,
    /// The packet list's filter now reads this.
    SetFilter(String),
    /// Select frame number N in the packet list.
    SelectFrame(u64),
    /// Move the packet list's selection by this many visible rows.
    MoveFrame(i64),
    /// Highlight a field's bytes (or nothing).
    SelectField(Option<FieldKey>),
    /// Show the state of another namespace.
    SelectNetns(u32),
}

/// Where a command's events start.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Mark {
    command: String,
    seq: u64,
    frame: u64,
    line: u64,
}

/// The inspector's state.
#[derive(Clone, Debug, Default)]
pub struct Inspector {
    /// The tab shown.
    pub tab: Tab,
    /// The journey of the last command that sent packets or failed.
    pub journey: Rc<Journey>,
    /// The packet whose journey is shown.
    pub packet: Option<PacketId>,
    /// The step shown, or `None` for the last one (following new events).
    step: Option<usize>,
    /// True while the journey plays.
    pub playing: bool,
    source: Option<Mark>,
    pending: Option<Mark>,
    seen_seq: u64,
    /// Every captured frame's row, oldest first.
    pub rows: Rc<Vec<Row>>,
    next_frame: u64,
    evicted: u64,
    /// The filter as typed.
    pub filter: String,
    parsed: Filter,
    /// Indices into [`Inspector::rows`] that pass the filter.
    pub visible: Rc<Vec<usize>>,
    /// The selected frame number.
    pub frame: Option<u64>,
    /// The selected frame, dissected.
    pub detail: Option<Rc<Detail>>,
    /// The field whose bytes are highlighted.
    pub field: Option<FieldKey>,
    /// The state panels' snapshot.
    pub net: Rc<NetState>,
}

impl Inspector {
    /// True if both would show the same view (cheap: the shared lists are
    /// compared by pointer).
    pub fn same_view(&self, other: &Inspector) -> bool {
        self.tab == other.tab
            && Rc::ptr_eq(&self.journey, &other.journey)
            && self.packet == other.packet
            && self.step_index() == other.step_index()
            && self.playing == other.playing
            && Rc::ptr_eq(&self.rows, &other.rows)
            && Rc::ptr_eq(&self.visible, &other.visible)
            && self.filter == other.filter
            && self.frame == other.frame
            && self.field == other.field
            && Rc::ptr_eq(&self.net, &other.net)
    }

    /// The selected packet's journey.
    pub fn current(&self) -> Option<&PacketJourney> {
        let id = self.packet?;
        self.journey.packets.iter().find(|p| p.id == id)
    }

    fn current_index(&self) -> Option<usize> {
        let id = self.packet?;
        self.journey.packets.iter().position(|p| p.id == id)
    }

    /// The index of the step shown within the selected packet's journey.
    pub fn step_index(&self) -> Option<usize> {
        let last = self.current()?.steps.len().checked_sub(1)?;
        Some(self.step.map_or(last, |s| s.min(last)))
    }

    /// The step shown.
    pub fn current_step(&self) -> Option<&Step> {
        self.current()?.steps.get(self.step_index()?)
    }

    /// True if the journey cannot step further forward.
    pub fn at_end(&self) -> bool {
        let (Some(i), Some(p)) = (self.current_index(), self.step_index()) else {
            return true;
        };
        i + 1 >= self.journey.packets.len() && p + 1 >= self.current().map_or(0, |c| c.steps.len())
    }

    /// True if the journey cannot step further back.
    pub fn at_start(&self) -> bool {
        matches!(
            (self.current_index(), self.step_index()),
            (Some(0), Some(0)) | (None, _)
        )
    }

    /// A command starts: its events begin here.
    pub fn start_command(&mut self, lab: &Lab, command: &str, line: u64) {
        let net = &lab.host().net;
        self.pending = Some(Mark {
            command: command.to_owned(),
            seq: net.trace.next_seq(),
            frame: net.capture.next_number(),
            line,
        });
    }

    /// Takes in what changed in the lab.
    pub fn refresh(&mut self, lab: &Lab, lines: &[Line]) {
        self.refresh_rows(lab);
        self.refresh_journey(lab, lines);
        let net = netstate::snapshot(lab, self.net.netns);
        if *net != *self.net {
            self.net = net;
        }
    }

    fn refresh_rows(&mut self, lab: &Lab) {
        let capture = &lab.host().net.capture;
        if capture.evicted() != self.evicted {
            self.evicted = capture.evicted();
            self.rows = Rc::default();
            self.next_frame = 0;
        }
        if capture.next_number() == self.next_frame && !self.rows.is_empty() {
            return;
        }
        let net = &lab.host().net;
        let new: Vec<Row> = capture
            .frames()
            .filter(|f| f.number >= self.next_frame)
            .map(|f| Row::of(net, f))
            .collect();
        self.next_frame = capture.next_number();
        if new.is_empty() {
            return;
        }
        let start = self.rows.len();
        Rc::make_mut(&mut self.rows).extend(new);
        if let (Some(n), None) = (self.frame, &self.detail) {
            // A frame chosen before it was captured (`#frame=1`).
            self.detail = packets::detail(net, n);
        }
        if self.visible.len() == start && self.parsed.is_empty() {
            Rc::make_mut(&mut self.visible).extend(start..self.rows.len());
        } else {
            let parsed = &self.parsed;
            let rows = &self.rows;
            let more: Vec<usize> = (start..rows.len())
                .filter(|&i| parsed.matches(&rows[i]))
                .collect();
            Rc::make_mut(&mut self.visible).extend(more);
        }
    }

    fn refresh_journey(&mut self, lab: &Lab, lines: &[Line]) {
        let net = &lab.host().net;
        let next_seq = net.trace.next_seq();
        let errors_since = |mark: &Mark| -> Vec<String> {
            lines
                .iter()
                .filter(|l| l.id >= mark.line && l.kind == LineKind::Stderr)
                .map(|l| l.text.clone())
                .collect()
        };
        if let Some(p) = &self.pending {
            let errors = errors_since(p);
            if next_seq > p.seq || !errors.is_empty() {
                let mark = self.pending.take();
                self.source = mark;
                self.packet = None;
                self.step = None;
                self.playing = false;
                self.seen_seq = 0;
            }
        }
        let Some(src) = &self.source else { return };
        let errors = errors_since(src);
        if next_seq == self.seen_seq && errors == self.journey.errors {
            return;
        }
        self.seen_seq = next_seq;
        self.journey = journey::build(net, &src.command, src.seq, src.frame, errors);
        if self.current().is_none() {
            self.packet = self.journey.packets.first().map(|p| p.id);
            self.step = None;
        }
    }

    fn select_frame(&mut self, lab: &Lab, number: u64) -> bool {
        if self.frame == Some(number) {
            return false;
        }
        self.frame = Some(number);
        self.field = None;
        self.detail = packets::detail(&lab.host().net, number);
        true
    }

    fn set_filter(&mut self, text: String) {
        self.parsed = Filter::parse(&text);
        self.filter = text;
        let parsed = &self.parsed;
        self.visible = Rc::new(
            self.rows
                .iter()
                .enumerate()
                .filter(|(_, r)| parsed.matches(r))
                .map(|(i, _)| i)
                .collect(),
        );
    }

    fn step_by(&mut self, m: Move) -> bool {
        let (Some(pi), Some(si)) = (self.current_index(), self.step_index()) else {
            return false;
        };
        let len = self.current().map_or(0, |p| p.steps.len());
        let packets = &self.journey.packets;
        let (pi2, si2) = match m {
            Move::First => (pi, 0),
            Move::Last => (pi, len.saturating_sub(1)),
            Move::Forward if si + 1 < len => (pi, si + 1),
            Move::Forward if pi + 1 < packets.len() => (pi + 1, 0),
            Move::Back if si > 0 => (pi, si - 1),
            Move::Back if pi > 0 => (pi - 1, packets[pi - 1].steps.len().saturating_sub(1)),
            Move::Forward | Move::Back => return false,
        };
        if (pi2, si2) == (pi, si) && self.step.is_some() {
            return false;
        }
        self.packet = Some(packets[pi2].id);
        self.step = Some(si2);
        true
    }

    /// Applies `action`; false if nothing changed.
    pub fn reduce(&mut self, lab: &Lab, action: InspectAction) -> bool {
        match action {
            InspectAction::SelectTab(tab) => {
                let changed = tab != self.tab;
                self.tab = tab;
                changed
            }
            InspectAction::SelectPacket(id) => {
                if !self.journey.packets.iter().any(|p| p.id == id) {
                    return false;
                }
                self.packet = Some(id);
                self.step = Some(0);
                self.playing = false;
                true
            }
            InspectAction::Step(m) => {
                let moved = self.step_by(m);
                let was = self.playing;
                self.playing = false;
                moved || was
            }
            InspectAction::TogglePlay => {
                if self.playing {
                    self.playing = false;
                } else {
                    if self.journey.packets.is_empty() {
                        return false;
                    }
                    if self.at_end() {
                        self.packet = self.journey.packets.first().map(|p| p.id);
                        self.step = Some(0);
                    }
                    self.playing = true;
                }
                true
            }
            InspectAction::PlayTick => {
                if !self.playing {
                    return false;
                }
                if !self.step_by(Move::Forward) || self.at_end() {
                    self.playing = false;
                }
                true
            }
            InspectAction::SetFilter(text) => {
                if text == self.filter {
                    return false;
                }
                self.set_filter(text);
                true
            }
            InspectAction::SelectFrame(n) => self.select_frame(lab, n),
            InspectAction::MoveFrame(by) => {
                let rows = &self.rows;
                let pos = self
                    .frame
                    .and_then(|n| self.visible.iter().position(|&i| rows[i].number == n));
                let last = self.visible.len() as i64 - 1;
                if last < 0 {
                    return false;
                }
                let target = match pos {
                    Some(p) => (p as i64 + by).clamp(0, last),
                    None if by < 0 => last,
                    None => 0,
                };
                let number = rows[self.visible[target as usize]].number;
                self.select_frame(lab, number)
            }
            InspectAction::SelectField(key) => {
                if key == self.field {
                    return false;
                }
                self.field = key;
                true
            }
            InspectAction::SelectNetns(id) => {
                if id == self.net.netns {
                    return false;
                }
                self.net = netstate::snapshot(lab, id);
                true
            }
        }
    }
}
