//! `tc qdisc` (iproute2 6.1) for netem: add, change, replace, del, show,
//! through the kernel's qdisc calls (`crate::sys::qdisc`); without a
//! netem qdisc a device shows `noqueue`, as `lo` and veth devices do. Real outputs: core/tests/fixtures/inspect/tc_real.txt (the
//! recording machine's kernel had no netem, so the netem lines follow
//! iproute2 6.1's q_netem.c print format).
//!
//! The kernel numbers qdisc handles from one global counter (8001:,
//! 8002:...); the lab does not keep that counter and always shows 8001:.

use alloc::format;
use alloc::string::String;

use crate::process::{Ctx, Started};
use crate::sys::User;
use crate::sys::qdisc::{Netem, QdiscOp};
use crate::time::Duration;

const USAGE: &str = "Usage: tc [ OPTIONS ] OBJECT { COMMAND | help }\n       tc [-force] -batch filename\nwhere  OBJECT := { qdisc | class | filter | chain |\n                    action | monitor | exec }\n       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[aw] |\n                    -o[neline] | -j[son] | -p[retty] | -c[olor]\n                    -b[atch] [filename] | -n[etns] name | -N[umeric] |\n                     -nm | -nam[es] | { -cf | -conf } path\n                     -br[ief] }\n";

/// C's `%.3g`.
fn g3(v: f64) -> String {
    let mut exp = 0i32;
    let mut a = v;
    if a <= 0.0 || !a.is_finite() {
        return String::from("0");
    }
    while a >= 10.0 {
        a /= 10.0;
        exp += 1;
    }
    while a < 1.0 {
        a *= 10.0;
        exp -= 1;
    }
    let decimals = usize::try_from(2 - exp).unwrap_or(0);
    let mut s = format!("{v:.decimals$}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    s
}

/// iproute2's `print_time64`.
fn time_text(d: Duration) -> String {
    let ns = d.micros() as f64 * 1000.0;
    if ns >= 1e9 {
        format!("{}s", g3(ns / 1e9))
    } else if ns >= 1e6 {
        format!("{}ms", g3(ns / 1e6))
    } else {
        format!("{}us", g3(ns / 1e3))
    }
}

/// iproute2's `sprint_percent` (`%g%%`).
fn percent_text(ppm: u32) -> String {
    format!("{}%", super::ss::g(f64::from(ppm) / 10_000.0))
}

/// iproute2's `print_rate` (SI units, bits).
fn rate_text(bps: u64) -> String {
    let units = ["", "K", "M", "G", "T"];
    let mut rate = bps;
    let mut i = 0;
    while i < units.len() - 1 {
        if rate < 1000 || (!rate.is_multiple_of(1000) && rate < 1_000_000) {
            break;
        }
        rate /= 1000;
        i += 1;
    }
    format!("{rate}{}bit", units.get(i).copied().unwrap_or(""))
}

/// The options part of `qdisc netem 8001: root refcnt 2 ...`.
fn netem_text(n: &Netem) -> String {
    let mut s = String::from("limit 1000");
    if n.delay.micros() > 0 {
        s.push_str(&format!(" delay {}", time_text(n.delay)));
        if n.jitter.micros() > 0 {
            s.push_str(&format!("  {}", time_text(n.jitter)));
        }
    }
    if n.loss_ppm > 0 {
        s.push_str(&format!(" loss {}", percent_text(n.loss_ppm)));
    }
    if n.duplicate_ppm > 0 {
        s.push_str(&format!(" duplicate {}", percent_text(n.duplicate_ppm)));
    }
    if n.reorder_ppm > 0 {
        s.push_str(&format!(" reorder {}", percent_text(n.reorder_ppm)));
    }
    if n.corrupt_ppm > 0 {
        s.push_str(&format!(" corrupt {}", percent_text(n.corrupt_ppm)));
    }
    if n.rate_bps > 0 {
        s.push_str(&format!(" rate {}", rate_text(n.rate_bps)));
    }
    s
}

/// `100ms`, `1.5s`, `250us`, `10` (microseconds, as tc's get_time).
fn parse_time(s: &str) -> Option<Duration> {
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let v: f64 = num.parse().ok()?;
    let us = match unit {
        "s" | "sec" | "secs" => v * 1e6,
        "ms" | "msec" | "msecs" => v * 1e3,
        "us" | "usec" | "usecs" | "" => v,
        "ns" | "nsec" | "nsecs" => v / 1e3,
        _ => return None,
    };
    if !(0.0..=4.0e12).contains(&us) {
        return None;
    }
    Some(Duration::from_micros(us as u64))
}

/// `1%`, `0.5%` to parts per million.
fn parse_percent(s: &str) -> Option<u32> {
    let v: f64 = s.strip_suffix('%').unwrap_or(s).parse().ok()?;
    if !(0.0..=100.0).contains(&v) {
        return None;
    }
    Some((v * 10_000.0 + 0.5) as u32)
}

/// `1mbit`, `100kbit`, `1gbit`, `500bps` (bytes) to bits per second.
fn parse_rate(s: &str) -> Option<u64> {
    let lower = s.to_ascii_lowercase();
    let split = lower
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(lower.len());
    let (num, unit) = lower.split_at(split);
    let v: f64 = num.parse().ok()?;
    let mult = match unit {
        "" | "bit" => 1.0,
        "kbit" => 1e3,
        "mbit" => 1e6,
        "gbit" => 1e9,
        "kibit" => 1024.0,
        "mibit" => 1_048_576.0,
        "bps" => 8.0,
        "kbps" => 8e3,
        "mbps" => 8e6,
        _ => return None,
    };
    let r = v * mult;
    if !(1.0..=1.0e13).contains(&r) {
        return None;
    }
    Some(r as u64)
}

fn parse_netem(args: &[String]) -> Result<Netem, (String, i32)> {
    let mut n = Netem::default();
    let mut i = 0;
    let get = |i: usize| args.get(i).map(String::as_str);
    while let Some(word) = get(i) {
        i += 1;
        match word {
            "delay" | "latency" => {
                let v = get(i)
                    .and_then(parse_time)
                    .ok_or((String::from("Illegal \"latency\"\n"), 1))?;
                n.delay = v;
                i += 1;
                if let Some(j) = get(i).and_then(parse_time) {
                    n.jitter = j;
                    i += 1;
                    // A correlation percentage may follow; the lab has none.
                    if get(i).is_some_and(|w| w.ends_with('%')) {
                        i += 1;
                    }
                }
            }
            "loss" | "drop" => {
                if get(i) == Some("random") {
                    i += 1;
                }
                n.loss_ppm = get(i)
                    .and_then(parse_percent)
                    .ok_or((String::from("Illegal \"loss\"\n"), 1))?;
                i += 1;
            }
            "duplicate" => {
                n.duplicate_ppm = get(i)
                    .and_then(parse_percent)
                    .ok_or((String::from("Illegal \"duplicate\"\n"), 1))?;
                i += 1;
            }
            "reorder" => {
                n.reorder_ppm = get(i)
                    .and_then(parse_percent)
                    .ok_or((String::from("Illegal \"reorder\"\n"), 1))?;
                i += 1;
            }
            "corrupt" => {
                n.corrupt_ppm = get(i)
                    .and_then(parse_percent)
                    .ok_or((String::from("Illegal \"corrupt\"\n"), 1))?;
                i += 1;
            }
            "rate" => {
                n.rate_bps = get(i)
                    .and_then(parse_rate)
                    .ok_or((String::from("Illegal \"rate\"\n"), 1))?;
                i += 1;
            }
            "limit" => {
                i += 1;
            }
            other => {
                return Err((
                    format!(
                        "What is \"{other}\"?\nUsage: ... netem [ limit PACKETS ]\n                 [ delay TIME [ JITTER [CORRELATION]]]\n                 [ distribution {{uniform|normal|pareto|paretonormal}} ]\n                 [ corrupt PERCENT [CORRELATION]]\n                 [ duplicate PERCENT [CORRELATION]]\n                 [ loss random PERCENT [CORRELATION]]\n                 [ loss state P13 [P31 [P32 [P23 P14]]]\n                 [ loss gemodel PERCENT [R [1-H [1-K]]]\n                 [ ecn ]\n                 [ reorder PERCENT [CORRELATION] [ gap DISTANCE ]]\n                 [ rate RATE [PACKETOVERHEAD] [CELLSIZE] [CELLOVERHEAD]]\n                 [ slot MIN_DELAY [MAX_DELAY] [packets MAX_PACKETS] [bytes MAX_BYTES]]\n                 [ slot distribution {{uniform|normal|pareto|paretonormal|custom}} DELAY JITTER [packets MAX_PACKETS] [bytes MAX_BYTES]]\n"
                    ),
                    1,
                ));
            }
        }
    }
    Ok(n)
}

fn fail(ctx: &mut Ctx<'_>, text: &str, status: i32) -> Started {
    ctx.err(text);
    Started::Exited(status)
}

fn show(ctx: &mut Ctx<'_>, dev: Option<&str>) -> Started {
    let mut qdiscs = ctx.sys().qdisc_dump();
    if let Some(name) = dev {
        qdiscs.retain(|q| q.dev_name == name);
        if qdiscs.is_empty() {
            return fail(ctx, &format!("Cannot find device \"{name}\"\n"), 1);
        }
    }
    let mut out = String::new();
    for q in qdiscs {
        let dev_part = if dev.is_some() {
            String::new()
        } else {
            format!("dev {} ", q.dev_name)
        };
        match q.netem {
            Some(n) => out.push_str(&format!(
                "qdisc netem 8001: {dev_part}root refcnt 2 {}\n",
                netem_text(&n)
            )),
            None => out.push_str(&format!("qdisc noqueue 0: {dev_part}root refcnt 2 \n")),
        }
    }
    ctx.out(&out);
    Started::Exited(0)
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let rest = args.get(1..).unwrap_or_default();
    match rest.first().map(String::as_str) {
        None => return fail(ctx, USAGE, 0),
        Some("-V" | "-Version") => {
            ctx.out("tc utility, iproute2-6.1.0, libbpf 1.1.0\n");
            return Started::Exited(0);
        }
        Some("qdisc" | "qd" | "q") => {}
        Some(other) => {
            return fail(
                ctx,
                &format!("Object \"{other}\" is unknown, try \"tc help\".\n"),
                1,
            );
        }
    }
    let cmd = rest.get(1).map(String::as_str).unwrap_or("show");
    let mut dev: Option<String> = None;
    let mut i = 2;
    let mut kind_at = None;
    while let Some(w) = rest.get(i) {
        match w.as_str() {
            "dev" => {
                dev = rest.get(i + 1).cloned();
                i += 2;
            }
            "root" => i += 1,
            "handle" | "parent" => i += 2,
            _ => {
                kind_at = Some(i);
                break;
            }
        }
    }
    if matches!(cmd, "show" | "list" | "ls") {
        return show(ctx, dev.as_deref());
    }
    let op = match cmd {
        "add" | "change" | "replace" | "del" | "delete" | "link" => cmd,
        other => {
            return fail(
                ctx,
                &format!("Command \"{other}\" is unknown, try \"tc qdisc help\".\n"),
                1,
            );
        }
    };
    let Some(dev) = dev else {
        return fail(ctx, "Cannot find device \"\"\n", 1);
    };
    let Some(index) = ctx.sys().link(&dev).map(|l| l.index) else {
        return fail(ctx, &format!("Cannot find device \"{dev}\"\n"), 1);
    };
    let kind = kind_at.and_then(|k| rest.get(k)).map(String::as_str);
    let netem = match kind {
        Some("netem") => {
            match parse_netem(rest.get(kind_at.map_or(0, |k| k + 1)..).unwrap_or_default()) {
                Ok(n) => n,
                Err((text, status)) => return fail(ctx, &text, status),
            }
        }
        _ => Netem::default(),
    };
    if ctx.user() != User::Root {
        return fail(ctx, "RTNETLINK answers: Operation not permitted\n", 2);
    }
    let answer = match op {
        "del" | "delete" => ctx.sys().qdisc_del(index),
        _ => {
            let op = match op {
                "add" => QdiscOp::Add,
                "change" => QdiscOp::Change,
                _ => QdiscOp::Replace,
            };
            ctx.sys().qdisc_set(index, kind, netem, op)
        }
    };
    match answer {
        Ok(()) => Started::Exited(0),
        Err(e) => fail(ctx, &format!("{e}\n"), 2),
    }
}

#[cfg(test)]
mod tests {
    use crate::{Lab, LabConfig};

    #[test]
    fn show_add_change_del() {
        let mut lab = Lab::new(LabConfig::default());
        // Real (tc_real.txt).
        let r = lab.run("tc qdisc show dev lo");
        assert_eq!(r.stdout(), "qdisc noqueue 0: root refcnt 2 \n");
        let r = lab.run("tc qdisc add dev lo root netem delay 100ms");
        assert_eq!(
            (r.status, r.stderr().as_str()),
            (2, "RTNETLINK answers: Operation not permitted\n")
        );
        let r = lab.run("sudo tc qdisc add dev lo root netem delay 100ms");
        assert_eq!(r.status, 0, "{}", r.stderr());
        // iproute2 6.1 q_netem.c format (the recording kernel had no netem).
        let r = lab.run("tc qdisc show dev lo");
        assert_eq!(
            r.stdout(),
            "qdisc netem 8001: root refcnt 2 limit 1000 delay 100ms\n"
        );
        let r = lab.run("ping -c 1 127.0.0.1");
        assert!(r.stdout().contains("time=200"), "{}", r.stdout());
        let r = lab.run("sudo tc qdisc add dev lo root netem delay 1ms");
        assert_eq!(r.stderr(), "Error: Exclusivity flag on, cannot modify.\n");
        let r = lab.run(
            "sudo tc qdisc change dev lo root netem delay 100ms 10ms loss 1% duplicate 2% reorder 25% corrupt 0.5% rate 1mbit",
        );
        assert_eq!(r.status, 0, "{}", r.stderr());
        let r = lab.run("tc qdisc");
        assert_eq!(
            r.stdout(),
            "qdisc netem 8001: dev lo root refcnt 2 limit 1000 delay 100ms  10ms loss 1% duplicate 2% reorder 25% corrupt 0.5% rate 1Mbit\nqdisc noqueue 0: dev eth0 root refcnt 2 \n"
        );
        let r = lab.run("sudo tc qdisc del dev lo root");
        assert_eq!(r.status, 0);
        let r = lab.run("sudo tc qdisc del dev lo root");
        assert_eq!(
            (r.status, r.stderr().as_str()),
            (2, "Error: Cannot delete qdisc with handle of zero.\n")
        );
    }

    #[test]
    fn errors_match_real() {
        let mut lab = Lab::new(LabConfig::default());
        let cases = [
            (
                "sudo tc qdisc add dev lo root foo",
                2,
                "Error: Specified qdisc kind is unknown.\n",
            ),
            (
                "sudo tc qdisc add dev eth9 root netem delay 1ms",
                1,
                "Cannot find device \"eth9\"\n",
            ),
            ("tc qdisc show dev eth9", 1, "Cannot find device \"eth9\"\n"),
            (
                "sudo tc qdisc add dev lo root netem delay abc",
                1,
                "Illegal \"latency\"\n",
            ),
            (
                "sudo tc qdisc change dev lo root netem delay 1ms",
                2,
                "Error: Qdisc not found. To create specify NLM_F_CREATE flag.\n",
            ),
        ];
        for (line, status, err) in cases {
            let r = lab.run(line);
            assert_eq!((r.status, r.stderr().as_str()), (status, err), "{line}");
        }
    }

    #[test]
    fn formats() {
        assert_eq!(super::rate_text(100_000), "100Kbit");
        assert_eq!(super::rate_text(1_500_000), "1500Kbit");
        assert_eq!(
            super::time_text(crate::time::Duration::from_micros(1_500_000)),
            "1.5s"
        );
        assert_eq!(
            super::time_text(crate::time::Duration::from_micros(250)),
            "250us"
        );
        assert_eq!(super::percent_text(5000), "0.5%");
    }

    #[test]
    fn random_arguments_never_panic() {
        let mut lab = Lab::new(LabConfig::default());
        let words = [
            "qdisc", "add", "del", "change", "replace", "show", "dev", "lo", "eth0", "root",
            "netem", "delay", "10ms", "5", "loss", "1%", "rate", "1mbit", "x", "100%", "-1ms",
            "corrupt", "reorder", "1e309ms",
        ];
        let mut rng = crate::rand::Rng::new(5);
        for _ in 0..300 {
            let n = rng.range_inclusive(0, 8);
            let mut line = alloc::string::String::from("sudo tc");
            for _ in 0..n {
                let k = rng.range_inclusive(0, words.len() as u32 - 1) as usize;
                line.push(' ');
                line.push_str(words[k]);
            }
            let _ = lab.run(&line);
        }
    }
}
