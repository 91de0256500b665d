//! The JS API's records: the lab's results and state as `run()` and
//! `state()` return them, made from the core's [`Lab::snapshot`] records
//! and written with the field names the TypeScript declarations in
//! [`super::js`] document.

use lolab_core::net::HOST_NS;
use lolab_core::snapshot::{InterfaceState, SocketState, TraceRecord};
use lolab_core::{Lab, LabConfig, RunResult};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

/// Options for a new lab (`new Lab({ seed, hostname })`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// Seeds every random choice (default 1).
    pub seed: Option<u64>,
    /// The host name (default `lab`).
    pub hostname: Option<String>,
}

impl Options {
    /// The option names `new Lab(...)` accepts.
    pub const FIELDS: &'static [&'static str] = &["seed", "hostname"];

    /// The core configuration, or a message saying what is wrong.
    pub fn config(&self) -> Result<LabConfig, String> {
        let mut c = LabConfig::default();
        if let Some(seed) = self.seed {
            c.seed = seed;
        }
        if let Some(h) = &self.hostname {
            let ok = !h.is_empty()
                && h.len() <= 63
                && h.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-');
            if !ok || h.starts_with('-') {
                return Err(format!(
                    "invalid hostname {h:?}: use 1-63 letters, digits and '-'"
                ));
            }
            c.hostname = h.clone();
        }
        Ok(c)
    }
}

/// What `run(line)` returns (`RunResult` in the TypeScript declarations).
#[derive(Clone, Debug, Serialize)]
pub struct RunRecord {
    /// The command line.
    pub line: String,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// The exit status (`$?`).
    pub status: i32,
    /// True if the line never ended by itself and was stopped as Ctrl-C would.
    pub interrupted: bool,
    /// Every trace event the line caused.
    #[serde(serialize_with = "trace_events")]
    pub events: Vec<TraceRecord>,
}

impl RunRecord {
    /// The record of one run.
    pub fn new(lab: &Lab, line: &str, r: &RunResult) -> Self {
        RunRecord {
            line: line.to_string(),
            stdout: r.stdout(),
            stderr: r.stderr(),
            status: r.status,
            interrupted: r.interrupted,
            events: lab.snapshot().trace_since(r.trace_from).collect(),
        }
    }
}

/// What `state()` returns (`LabState`): the host's namespace.
#[derive(Clone, Debug, Serialize)]
pub struct StateRecord {
    /// Interfaces.
    #[serde(serialize_with = "interfaces")]
    pub interfaces: Vec<InterfaceState>,
    /// `ip route show table all`.
    pub routes: String,
    /// Sockets.
    #[serde(serialize_with = "sockets")]
    pub sockets: Vec<SocketState>,
    /// `/etc/hosts`.
    pub hosts: String,
    /// Virtual time in microseconds.
    pub time_us: u64,
}

impl StateRecord {
    /// The host namespace's state, from the lab's snapshot.
    pub fn new(lab: &Lab) -> Self {
        let snap = lab.snapshot();
        let (interfaces, routes, sockets) = match snap.netns(HOST_NS) {
            Some(ns) => (ns.interfaces, ns.routes, ns.sockets),
            None => (Vec::new(), String::new(), Vec::new()),
        };
        StateRecord {
            interfaces,
            routes,
            sockets,
            hosts: snap.file("/etc/hosts").unwrap_or_default().to_string(),
            time_us: snap.now().micros(),
        }
    }
}

fn trace_events<S: Serializer>(events: &[TraceRecord], ser: S) -> Result<S::Ok, S::Error> {
    ser.collect_seq(events.iter().map(EventJson))
}

fn interfaces<S: Serializer>(list: &[InterfaceState], ser: S) -> Result<S::Ok, S::Error> {
    ser.collect_seq(list.iter().map(InterfaceJson))
}

fn sockets<S: Serializer>(list: &[SocketState], ser: S) -> Result<S::Ok, S::Error> {
    ser.collect_seq(list.iter().map(SocketJson))
}

/// One trace event as `TraceEvent` spells it.
struct EventJson<'a>(&'a TraceRecord);

impl Serialize for EventJson<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let e = self.0;
        let mut s = ser.serialize_struct("TraceEvent", 10)?;
        s.serialize_field("seq", &e.seq)?;
        s.serialize_field("time_us", &e.time_us)?;
        s.serialize_field("netns", &e.netns)?;
        s.serialize_field("layer", e.layer)?;
        s.serialize_field("direction", e.direction)?;
        s.serialize_field("packet", &e.packet)?;
        s.serialize_field("summary", &e.summary)?;
        s.serialize_field("verdict", e.verdict)?;
        s.serialize_field("reason", &e.reason)?;
        s.serialize_field("explain", &e.explain)?;
        s.end()
    }
}

/// One interface as `LabState.interfaces` spells it (addresses as
/// `127.0.0.1/8`).
struct InterfaceJson<'a>(&'a InterfaceState);

impl Serialize for InterfaceJson<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let i = self.0;
        let addresses: Vec<String> = i.addresses.iter().map(|a| a.to_string()).collect();
        let mut s = ser.serialize_struct("Interface", 9)?;
        s.serialize_field("name", &i.name)?;
        s.serialize_field("flags", &i.flags)?;
        s.serialize_field("state", i.state)?;
        s.serialize_field("mtu", &i.mtu)?;
        s.serialize_field("addresses", &addresses)?;
        s.serialize_field("rx_packets", &i.rx_packets)?;
        s.serialize_field("rx_bytes", &i.rx_bytes)?;
        s.serialize_field("tx_packets", &i.tx_packets)?;
        s.serialize_field("tx_bytes", &i.tx_bytes)?;
        s.end()
    }
}

/// One socket as `LabState.sockets` spells it: `state` is the TCP state's
/// `ss` name, or `LISTEN` / `UNCONN`.
struct SocketJson<'a>(&'a SocketState);

impl Serialize for SocketJson<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let x = self.0;
        let state = match (x.tcp_state, x.listening) {
            (Some(name), _) => name,
            (None, true) => "LISTEN",
            (None, false) => "UNCONN",
        };
        let mut s = ser.serialize_struct("Socket", 5)?;
        s.serialize_field("proto", x.proto)?;
        s.serialize_field("state", state)?;
        s.serialize_field("local", &x.local.map(|a| a.to_string()))?;
        s.serialize_field("peer", &x.peer.map(|a| a.to_string()))?;
        s.serialize_field("process", &x.process())?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_checked() {
        let o = Options {
            seed: Some(5),
            hostname: Some("web-1".into()),
        };
        let c = o.config().unwrap();
        assert_eq!((c.seed, c.hostname.as_str()), (5, "web-1"));
        let bad = Options {
            hostname: Some("bad host".into()),
            ..Options::default()
        };
        assert_eq!(
            bad.config().unwrap_err(),
            "invalid hostname \"bad host\": use 1-63 letters, digits and '-'"
        );
    }

    #[test]
    fn run_and_state_records() {
        let mut lab = Lab::new(LabConfig::default());
        let r = lab.run("ping -c 1 127.0.0.1");
        let rec = RunRecord::new(&lab, "ping -c 1 127.0.0.1", &r);
        assert_eq!(rec.status, 0);
        assert!(rec.stdout.contains("1 received"));
        assert!(rec.events.iter().any(|e| e.layer == "loopback"));
        assert!(rec.events.iter().any(|e| e.verdict == "delivered"));
        let s = StateRecord::new(&lab);
        let json = serde_json::to_value(&s).unwrap();
        let lo = json["interfaces"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["name"] == "lo")
            .unwrap();
        assert_eq!(lo["rx_packets"], 2, "request and reply both count on lo");
        assert_eq!(
            lo["addresses"],
            serde_json::json!(["127.0.0.1/8", "::1/128"])
        );
        assert!(s.routes.contains(
            "local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1"
        ));
        assert!(s.hosts.starts_with("127.0.0.1\tlocalhost\n"));
    }

    /// The field names the README and the TypeScript declarations document.
    #[test]
    fn records_keep_the_documented_shape() {
        let keys = |v: &serde_json::Value| -> Vec<String> {
            v.as_object().unwrap().keys().cloned().collect()
        };
        let mut lab = Lab::new(LabConfig::default());
        lab.run("python3 -m http.server 8000 &");
        let r = lab.run("curl -s http://127.0.0.1:8000/ -o /dev/null");
        let run = serde_json::to_value(RunRecord::new(&lab, "curl", &r)).unwrap();
        let mut want = [
            "line",
            "stdout",
            "stderr",
            "status",
            "interrupted",
            "events",
        ];
        want.sort_unstable();
        assert_eq!(keys(&run), want);
        let mut want = [
            "seq",
            "time_us",
            "netns",
            "layer",
            "direction",
            "packet",
            "summary",
            "verdict",
            "reason",
            "explain",
        ];
        want.sort_unstable();
        assert_eq!(keys(&run["events"][0]), want);
        let state = serde_json::to_value(StateRecord::new(&lab)).unwrap();
        let mut want = ["interfaces", "routes", "sockets", "hosts", "time_us"];
        want.sort_unstable();
        assert_eq!(keys(&state), want);
        let mut want = [
            "name",
            "flags",
            "state",
            "mtu",
            "addresses",
            "rx_packets",
            "rx_bytes",
            "tx_packets",
            "tx_bytes",
        ];
        want.sort_unstable();
        assert_eq!(keys(&state["interfaces"][0]), want);
        let listener = state["sockets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["state"] == "LISTEN")
            .unwrap();
        let mut want = ["proto", "state", "local", "peer", "process"];
        want.sort_unstable();
        assert_eq!(keys(listener), want);
        assert_eq!(listener["proto"], "tcp");
        assert_eq!(listener["peer"], serde_json::Value::Null);
    }
}
