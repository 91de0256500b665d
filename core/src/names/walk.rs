//! The walk along `/etc/nsswitch.conf`'s `hosts:` line: each module in
//! turn, its status, the action it calls for.

use alloc::format;
use alloc::vec::Vec;

use super::config::Config;
use super::dnssource::DnsSource;
use super::journey::{Stage, Trace};
use super::modules::{ModuleAnswer, Query, dns_module, family_word, files_module, synth_local};
use super::net::NetView;
use super::nsswitch::{Action, Status};

fn run_module(
    cfg: &Config,
    net: &dyn NetView,
    dns: &mut dyn DnsSource,
    module: &str,
    q: Query<'_>,
    trace: &mut Trace,
) -> (Stage, ModuleAnswer) {
    match module {
        "files" => (Stage::Files, files_module(cfg, q, trace)),
        "dns" => (Stage::Dns, dns_module(cfg, dns, q, trace)),
        "myhostname" => {
            if !cfg.modules.myhostname {
                trace.push(
                    Stage::MyHostname,
                    "libnss_myhostname.so.2 is not installed: UNAVAIL",
                );
                return (Stage::MyHostname, ModuleAnswer::status(Status::Unavail));
            }
            (
                Stage::MyHostname,
                synth_local(cfg, net, q, Stage::MyHostname, trace),
            )
        }
        "resolve" => {
            if !cfg.modules.resolve {
                trace.push(
                    Stage::Resolve,
                    "systemd-resolved is not running (or libnss_resolve missing): UNAVAIL",
                );
                return (Stage::Resolve, ModuleAnswer::status(Status::Unavail));
            }
            let a = synth_local(cfg, net, q, Stage::Resolve, trace);
            if a.status == Status::Success {
                return (Stage::Resolve, a);
            }
            trace.push(
                Stage::Resolve,
                "systemd-resolved forwards the question to DNS",
            );
            (Stage::Resolve, dns_module(cfg, dns, q, trace))
        }
        m if m.starts_with("mdns") => {
            if !cfg.modules.mdns {
                trace.push(
                    Stage::Mdns,
                    format!("libnss_{m}.so.2 is not installed: UNAVAIL"),
                );
                return (Stage::Mdns, ModuleAnswer::status(Status::Unavail));
            }
            let n = q
                .name
                .strip_suffix('.')
                .unwrap_or(q.name)
                .to_ascii_lowercase();
            if m.contains("minimal") && !n.ends_with(".local") {
                trace.push(
                    Stage::Mdns,
                    format!("\"{}\" is not a .local name: UNAVAIL", q.name),
                );
                return (Stage::Mdns, ModuleAnswer::status(Status::Unavail));
            }
            trace.push(Stage::Mdns, "no mDNS responder answered: NOTFOUND");
            (Stage::Mdns, ModuleAnswer::status(Status::NotFound))
        }
        m => {
            trace.push(
                Stage::OtherModule,
                format!("libnss_{m}.so.2 is not installed: UNAVAIL"),
            );
            (Stage::OtherModule, ModuleAnswer::status(Status::Unavail))
        }
    }
}

/// Walks the `hosts:` line; returns the merged answer and whether any
/// module said TRYAGAIN.
pub(crate) fn nss_walk(
    cfg: &Config,
    net: &dyn NetView,
    dns: &mut dyn DnsSource,
    q: Query<'_>,
    trace: &mut Trace,
) -> (ModuleAnswer, bool) {
    let line: Vec<&str> = cfg
        .nsswitch
        .sources
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    trace.push(
        Stage::NsSwitch,
        format!(
            "hosts: {}{} ({} lookup of \"{}\")",
            line.join(" "),
            if cfg.nsswitch.is_default {
                " (no hosts line: glibc default)"
            } else {
                ""
            },
            family_word(q.family),
            q.name
        ),
    );
    let mut total = ModuleAnswer::status(Status::NotFound);
    let mut again = false;
    for (i, src) in cfg.nsswitch.sources.iter().enumerate() {
        trace.push(Stage::NsSwitch, format!("nsswitch: {}", src.name));
        let (stage, ans) = run_module(cfg, net, dns, &src.name, q, trace);
        let action = src.action(ans.status);
        trace.push(
            stage,
            format!(
                "{}: {} -> {}",
                src.name,
                ans.status,
                match action {
                    Action::Return => "return",
                    _ => "continue",
                }
            ),
        );
        if ans.status == Status::TryAgain {
            again = true;
        }
        if ans.status == Status::Success {
            if total.canon.is_none() {
                total.canon = ans.canon;
                total.aliases = ans.aliases;
            }
            total.addrs.extend(ans.addrs);
            total.status = Status::Success;
        }
        if action == Action::Return {
            let rest: Vec<&str> = cfg
                .nsswitch
                .sources
                .iter()
                .skip(i + 1)
                .map(|s| s.name.as_str())
                .collect();
            if !rest.is_empty() {
                trace.push(
                    Stage::NsSwitch,
                    format!("not consulted: {}", rest.join(" ")),
                );
            }
            if total.status != Status::Success {
                total.status = ans.status;
            }
            return (total, again);
        }
    }
    (total, again)
}
