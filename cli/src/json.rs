//! `--json`: one object per command line with its output and trace.

use lolab_core::trace::{Direction, Verdict};
use lolab_core::{Lab, RunResult};
use serde_json::{Value, json};

fn verdict(v: &Verdict) -> Value {
    match v {
        Verdict::Pass => json!({"kind": "pass"}),
        Verdict::Delivered => json!({"kind": "delivered"}),
        Verdict::Drop(r) => {
            json!({"kind": "drop", "reason": r.kernel_name(), "explain": r.explain()})
        }
        Verdict::Error(e) => json!({"kind": "error", "errno": e.name(), "message": e.message()}),
    }
}

/// The JSON object for one command line.
pub(crate) fn line_object(lab: &Lab, line: &str, result: &RunResult) -> Value {
    let trace: Vec<Value> = lab
        .host()
        .net
        .trace
        .since(result.trace_from)
        .map(|e| {
            json!({
                "seq": e.seq,
                "time_us": e.time.micros(),
                "netns": e.netns,
                "layer": e.layer.name(),
                "direction": match e.direction {
                    Direction::Egress => "egress",
                    Direction::Ingress => "ingress",
                    Direction::None => "none",
                },
                "packet": e.packet,
                "summary": e.summary.to_string(),
                "verdict": verdict(&e.verdict),
            })
        })
        .collect();
    json!({
        "line": line,
        "stdout": result.stdout(),
        "stderr": result.stderr(),
        "status": result.status,
        "interrupted": result.interrupted,
        "trace": trace,
    })
}
