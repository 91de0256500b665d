//! Snapshot tests of whole journeys: every step the trace records for a
//! command, in order. A change in the stack's path shows up here.

use lolab_core::trace::Verdict;
use lolab_core::{Lab, LabConfig};

fn journey(line: &str) -> String {
    let mut lab = Lab::new(LabConfig::default());
    let r = lab.run(line);
    lab.host()
        .net
        .trace
        .since(r.trace_from)
        .map(|e| {
            let verdict = match e.verdict {
                Verdict::Pass => String::from("pass"),
                Verdict::Delivered => String::from("delivered"),
                Verdict::Drop(d) => format!("drop {}", d.kernel_name()),
                Verdict::Error(e) => format!("error {}", e.name()),
            };
            format!(
                "{:>6}us #{} {:<9} {:<9} {}\n",
                e.time.micros(),
                e.packet.unwrap_or(0),
                e.layer.name(),
                verdict,
                e.summary
            )
        })
        .collect()
}

#[test]
fn ping_127_0_0_1_turns_around_in_lo() {
    let j = journey("ping -c 1 127.0.0.1");
    println!("{j}");
    let expected = include_str!("fixtures/journey_ping_lo.txt");
    assert_eq!(j, expected);
}

#[test]
fn refused_connection_is_a_reset_from_the_kernel() {
    let j = journey("curl -s http://127.0.0.1:59999/");
    println!("{j}");
    let expected = include_str!("fixtures/journey_curl_refused.txt");
    assert_eq!(j, expected);
}
