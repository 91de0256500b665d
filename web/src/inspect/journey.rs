//! The packet journey: the trace events of one command, grouped by packet
//! and placed on the stages of the loopback-flow diagram.

use std::collections::BTreeMap;
use std::rc::Rc;

use lolab_core::Instant;
use lolab_core::net::Network;
use lolab_core::net::output::describe;
use lolab_core::trace::{Direction, DropReason, Event, Layer, PacketId, Verdict};

/// A box of the loopback-flow diagram, top to bottom.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    /// The sending application (and its name lookup).
    AppSend,
    /// The socket layer: bind, connect, send.
    Socket,
    /// The IP layer's route lookup and output.
    Route,
    /// Netfilter's OUTPUT, FORWARD and POSTROUTING hooks (only drawn when
    /// the packet met a rule or conntrack).
    NetfilterOut,
    /// The queueing discipline (only drawn when the packet met one).
    Qdisc,
    /// The loopback driver or a real device's transmit.
    Driver,
    /// The receive backlog.
    Backlog,
    /// Netfilter's PREROUTING and INPUT hooks (only drawn when the packet
    /// met a rule or conntrack).
    NetfilterIn,
    /// The IP layer's receive path (martian checks, local delivery).
    IpInput,
    /// The socket demux (or the kernel's ICMP answer).
    Demux,
    /// The receiving application.
    AppRecv,
}

impl Stage {
    /// Every stage, in diagram order.
    pub const ALL: [Stage; 11] = [
        Stage::AppSend,
        Stage::Socket,
        Stage::Route,
        Stage::NetfilterOut,
        Stage::Qdisc,
        Stage::Driver,
        Stage::Backlog,
        Stage::NetfilterIn,
        Stage::IpInput,
        Stage::Demux,
        Stage::AppRecv,
    ];

    /// Where an event belongs on the diagram.
    pub fn of(layer: Layer, direction: Direction) -> Stage {
        match layer {
            Layer::Application if direction == Direction::Ingress => Stage::AppRecv,
            Layer::Application | Layer::Resolver => Stage::AppSend,
            Layer::Socket if direction == Direction::Ingress => Stage::Demux,
            Layer::Socket => Stage::Socket,
            Layer::Route | Layer::IpOutput => Stage::Route,
            Layer::Qdisc => Stage::Qdisc,
            Layer::LoopbackXmit | Layer::DeviceXmit => Stage::Driver,
            Layer::Backlog => Stage::Backlog,
            Layer::IpInput => Stage::IpInput,
            Layer::Netfilter if direction == Direction::Ingress => Stage::NetfilterIn,
            Layer::Netfilter => Stage::NetfilterOut,
            Layer::SocketDemux | Layer::Icmp => Stage::Demux,
        }
    }

    /// A stable name (CSS hook and test selector).
    pub fn key(self) -> &'static str {
        match self {
            Stage::AppSend => "app-send",
            Stage::Socket => "socket",
            Stage::Route => "route",
            Stage::NetfilterOut => "netfilter-out",
            Stage::Qdisc => "qdisc",
            Stage::Driver => "driver",
            Stage::Backlog => "backlog",
            Stage::NetfilterIn => "netfilter-in",
            Stage::IpInput => "ip-input",
            Stage::Demux => "demux",
            Stage::AppRecv => "app-recv",
        }
    }

    /// The box's title, as the diagram names it.
    pub fn title(self) -> &'static str {
        match self {
            Stage::AppSend => "Application",
            Stage::Socket => "Socket layer",
            Stage::Route => "IP layer: route lookup",
            Stage::NetfilterOut => "Netfilter: OUTPUT, FORWARD, POSTROUTING",
            Stage::Qdisc => "Queueing discipline",
            Stage::Driver => "Loopback driver / device",
            Stage::Backlog => "Receive backlog",
            Stage::NetfilterIn => "Netfilter: PREROUTING, INPUT",
            Stage::IpInput => "IP layer: receive path",
            Stage::Demux => "Socket layer: demux",
            Stage::AppRecv => "Application",
        }
    }

    /// What happens in the box, in a few words.
    pub fn role(self) -> &'static str {
        match self {
            Stage::AppSend => "ping, curl or a server calls into the kernel",
            Stage::Socket => "bind, connect, send",
            Stage::Route => "rule → table → prefix, route type, source address",
            Stage::NetfilterOut => "iptables rules, conntrack, NAT on the way out",
            Stage::Qdisc => "tc netem: delay, loss, reordering",
            Stage::Driver => "lo: transmit is receive, the packet turns around",
            Stage::Backlog => "waits for the next receive poll",
            Stage::NetfilterIn => "conntrack, DNAT before the route; iptables INPUT after it",
            Stage::IpInput => "martian checks; is the destination one of ours?",
            Stage::Demux => "which socket gets it, or why none does",
            Stage::AppRecv => "the receiving program reads it",
        }
    }

    /// True for stages drawn only when a packet visits them.
    pub fn optional(self) -> bool {
        matches!(
            self,
            Stage::Qdisc | Stage::NetfilterOut | Stage::NetfilterIn
        )
    }
}

/// One step of a packet's journey, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The trace's sequence number.
    pub seq: u64,
    /// When it happened.
    pub time: Instant,
    /// The namespace's name ("" for the host's own).
    pub netns: String,
    /// The trace layer.
    pub layer: Layer,
    /// The diagram box.
    pub stage: Stage,
    /// What happened.
    pub summary: String,
    /// The outcome.
    pub verdict: Verdict,
}

impl Step {
    /// The drop reason, if the packet died here.
    pub fn drop_reason(&self) -> Option<DropReason> {
        match self.verdict {
            Verdict::Drop(r) => Some(r),
            _ => None,
        }
    }
}

/// The journey of one packet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PacketJourney {
    /// The lab's packet id.
    pub id: PacketId,
    /// A tcpdump-like one-liner.
    pub label: String,
    /// Its steps, in order.
    pub steps: Vec<Step>,
}

impl PacketJourney {
    /// How the journey ended, in a word ("delivered", "dropped", …).
    pub fn outcome(&self) -> &'static str {
        match self.steps.last().map(|s| s.verdict) {
            Some(Verdict::Drop(_)) => "dropped",
            Some(Verdict::Error(_)) => "error",
            Some(Verdict::Delivered) => "delivered",
            _ => "in flight",
        }
    }
}

/// Everything the journey inspector shows for one command.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Journey {
    /// The command line.
    pub command: String,
    /// Its packets, in the order they were created.
    pub packets: Vec<PacketJourney>,
    /// The resolver's steps (layer `resolver`), in order: how a name
    /// became addresses (/etc/hosts, DNS, sorting), before any packet.
    pub resolution: Vec<Step>,
    /// Other events about no particular packet (a refused `connect`).
    pub notes: Vec<Step>,
    /// What the command wrote to standard error.
    pub errors: Vec<String>,
}

/// One name lookup of a command: the call (`getaddrinfo("localhost")`)
/// and its steps, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lookup {
    /// The call, as the resolver's events name it.
    pub call: String,
    /// What each step did (`/etc/hosts line 1: … matched`).
    pub steps: Vec<String>,
}

/// The most packet choices the journey's picker shows at once.
pub const PICKER_LIMIT: usize = 64;

/// Which of `len` packets the picker shows: at most [`PICKER_LIMIT`],
/// a window around the `selected` index (a flood ping has thousands).
pub fn picker_window(len: usize, selected: Option<usize>) -> std::ops::Range<usize> {
    if len <= PICKER_LIMIT {
        return 0..len;
    }
    let start = selected
        .unwrap_or(0)
        .saturating_sub(PICKER_LIMIT / 2)
        .min(len - PICKER_LIMIT);
    start..start + PICKER_LIMIT
}

impl Journey {
    /// The resolution steps grouped by lookup (consecutive steps of the
    /// same call), for the "Name resolution" box.
    pub fn lookups(&self) -> Vec<Lookup> {
        let mut out: Vec<Lookup> = Vec::new();
        for s in &self.resolution {
            let (call, text) = s.summary.split_once(": ").unwrap_or(("", &s.summary));
            let call = if s.netns.is_empty() {
                call.to_owned()
            } else {
                format!("{call} [{}]", s.netns)
            };
            match out.last_mut() {
                Some(l) if l.call == call => l.steps.push(text.to_owned()),
                _ => out.push(Lookup {
                    call,
                    steps: vec![text.to_owned()],
                }),
            }
        }
        out
    }
}

fn namespace_name(net: &Network, id: u32) -> String {
    match net.ns(id) {
        Some(ns) if id != 0 => ns.name.clone(),
        _ => String::new(),
    }
}

fn step(net: &Network, e: &Event) -> Step {
    Step {
        seq: e.seq,
        time: e.time,
        netns: namespace_name(net, e.netns),
        layer: e.layer,
        stage: Stage::of(e.layer, e.direction),
        summary: e.summary.to_string(),
        verdict: e.verdict,
    }
}

/// The label of a packet: its first captured frame's description (from
/// `first_frames`), else the IP output summary, else its id.
fn label(
    first_frames: &BTreeMap<PacketId, &lolab_core::net::capture::Frame>,
    id: PacketId,
    steps: &[Step],
) -> String {
    if let Some(f) = first_frames.get(&id) {
        return describe(&f.data);
    }
    steps
        .iter()
        .find(|s| s.layer == Layer::IpOutput)
        .map(|s| {
            s.summary
                .strip_prefix("IP output: ")
                .unwrap_or(&s.summary)
                .to_owned()
        })
        .unwrap_or_else(|| format!("packet {id}"))
}

/// Builds the journey of the events from `first_seq` on (frames from
/// `first_frame` on give the packets' labels).
pub fn build(
    net: &Network,
    command: &str,
    first_seq: u64,
    first_frame: u64,
    errors: Vec<String>,
) -> Rc<Journey> {
    let mut packets: Vec<PacketJourney> = Vec::new();
    // Where each packet is in `packets`: a flood ping has thousands.
    let mut index: BTreeMap<PacketId, usize> = BTreeMap::new();
    let mut notes = Vec::new();
    let mut resolution = Vec::new();
    for e in net.trace.since(first_seq) {
        let s = step(net, e);
        if e.layer == Layer::Resolver && e.packet.is_none() {
            resolution.push(s);
            continue;
        }
        match e.packet {
            Some(id) => match index.get(&id) {
                Some(&i) => packets[i].steps.push(s),
                None => {
                    index.insert(id, packets.len());
                    packets.push(PacketJourney {
                        id,
                        label: String::new(),
                        steps: vec![s],
                    });
                }
            },
            None => notes.push(s),
        }
    }
    let mut first_frames = BTreeMap::new();
    for f in net.capture.since(first_frame) {
        if !f.data.is_empty() && index.contains_key(&f.packet) {
            first_frames.entry(f.packet).or_insert(f);
        }
    }
    for p in &mut packets {
        p.label = label(&first_frames, p.id, &p.steps);
    }
    Rc::new(Journey {
        command: command.to_owned(),
        packets,
        resolution,
        notes,
        errors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use lolab_core::{Lab, LabConfig};

    #[test]
    fn ping_has_a_request_and_a_reply_through_lo() {
        let mut lab = Lab::new(LabConfig::default());
        lab.run("ping -c 1 127.0.0.1");
        let j = build(&lab.host().net, "ping", 0, 0, Vec::new());
        assert_eq!(j.packets.len(), 2);
        assert!(j.packets[0].label.contains("echo request"));
        assert!(j.packets[1].label.contains("echo reply"));
        let stages: Vec<Stage> = j.packets[0].steps.iter().map(|s| s.stage).collect();
        assert!(stages.contains(&Stage::Driver));
        assert!(stages.contains(&Stage::IpInput));
        assert_eq!(j.packets[1].outcome(), "delivered");
        assert!(j.resolution.is_empty(), "an address needs no lookup");
    }

    #[test]
    fn a_rejected_syn_crosses_the_netfilter_stages() {
        let mut lab = Lab::new(LabConfig::default());
        lab.run("sudo iptables -A INPUT -p tcp --dport 8001 -j REJECT");
        lab.run("sudo iptables -A OUTPUT -p tcp --dport 8001 -j ACCEPT");
        let seq = lab.host().net.trace.next_seq();
        lab.run("nc -z 127.0.0.1 8001");
        let j = build(&lab.host().net, "nc -z 127.0.0.1 8001", seq, 2, Vec::new());
        let syn = &j.packets[0];
        let stages: Vec<Stage> = syn.steps.iter().map(|s| s.stage).collect();
        assert!(stages.contains(&Stage::NetfilterOut), "{stages:?}");
        assert!(stages.contains(&Stage::NetfilterIn), "{stages:?}");
        let last = syn.steps.last().map(|s| (s.stage, s.drop_reason()));
        assert_eq!(
            last,
            Some((Stage::NetfilterIn, Some(DropReason::NetfilterDrop)))
        );
    }

    #[test]
    fn the_picker_shows_a_window_around_the_selection() {
        assert_eq!(picker_window(2, Some(1)), 0..2);
        assert_eq!(picker_window(10_000, None), 0..PICKER_LIMIT);
        assert_eq!(picker_window(10_000, Some(5000)), 4968..5032);
        assert_eq!(picker_window(10_000, Some(9999)), 9936..10_000);
    }

    #[test]
    fn name_lookups_are_the_resolution_steps() {
        let mut lab = Lab::new(LabConfig::default());
        lab.run("getent ahosts localhost");
        let j = build(&lab.host().net, "getent ahosts localhost", 0, 0, Vec::new());
        assert!(j.packets.is_empty());
        assert!(
            j.notes.iter().all(|n| n.layer != Layer::Resolver),
            "{:?}",
            j.notes
        );
        let texts: Vec<&str> = j.resolution.iter().map(|s| s.summary.as_str()).collect();
        assert!(
            texts.iter().any(|t| t.contains("/etc/hosts line")),
            "{texts:?}"
        );
        assert!(
            texts.iter().any(|t| t.contains("answer: ::1, 127.0.0.1")),
            "{texts:?}"
        );
        let lookups = j.lookups();
        assert_eq!(lookups.len(), 1, "{lookups:?}");
        assert!(lookups[0].call.contains("localhost"), "{lookups:?}");
        assert!(lookups[0].steps.iter().any(|t| t.starts_with("answer: ")));
        let seq = lab.host().net.trace.next_seq();
        lab.run("ping -c 1 localhost");
        let j = build(&lab.host().net, "ping -c 1 localhost", seq, 2, Vec::new());
        assert!(!j.resolution.is_empty());
        assert_eq!(j.packets.len(), 2);
    }
}
