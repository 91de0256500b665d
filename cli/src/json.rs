//! `--json`: one object per command line with its output and trace, made
//! from the lab's snapshot ([`Lab::snapshot`]).

use lolab_core::snapshot::TraceRecord;
use lolab_core::{Lab, RunResult};
use serde_json::{Value, json};

fn verdict(e: &TraceRecord) -> Value {
    match (e.verdict, e.reason, e.explain) {
        ("drop", Some(reason), Some(explain)) => {
            json!({"kind": "drop", "reason": reason, "explain": explain})
        }
        ("error", Some(errno), Some(message)) => {
            json!({"kind": "error", "errno": errno, "message": message})
        }
        (kind, _, _) => json!({ "kind": kind }),
    }
}

/// The JSON object for one command line.
pub(crate) fn line_object(lab: &Lab, line: &str, result: &RunResult) -> Value {
    let trace: Vec<Value> = lab
        .snapshot()
        .trace_since(result.trace_from)
        .map(|e| {
            json!({
                "seq": e.seq,
                "time_us": e.time_us,
                "netns": e.netns,
                "layer": e.layer,
                "direction": e.direction,
                "packet": e.packet,
                "summary": e.summary,
                "verdict": verdict(&e),
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
