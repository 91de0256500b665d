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

#[cfg(test)]
mod tests {
    use super::*;
    use lolab_core::LabConfig;

    /// The shape `--json` has always had: verdicts as objects, errors with
    /// `errno` and `message`, drops with `reason` and `explain`.
    #[test]
    fn verdict_objects_keep_their_shape() {
        let mut lab = Lab::new(LabConfig::default());
        let line = "curl -s http://127.0.0.1:59999/";
        let r = lab.run(line);
        let v = line_object(&lab, line, &r);
        assert_eq!(v["line"], line);
        assert_eq!(v["status"], 7);
        let trace = v["trace"].as_array().expect("a trace");
        let verdicts: Vec<&Value> = trace.iter().map(|e| &e["verdict"]).collect();
        assert!(verdicts.contains(&&json!({
            "kind": "error", "errno": "ECONNREFUSED", "message": "Connection refused"
        })));
        assert!(verdicts.iter().any(|v| v["kind"] == "drop"
            && v["reason"] == "SKB_DROP_REASON_NO_SOCKET"
            && v["explain"].is_string()));
        assert!(verdicts.contains(&&json!({"kind": "pass"})));
        let first = &trace[0];
        for key in [
            "seq",
            "time_us",
            "netns",
            "layer",
            "direction",
            "packet",
            "summary",
        ] {
            assert!(first.get(key).is_some(), "{key} in {first}");
        }
    }
}
