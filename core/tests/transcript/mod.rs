//! Recorded transcripts of real programs, shared by the tests that replay
//! them: `$ LINE`, the lines it printed (stdout and stderr, `2>&1`), then
//! `[rc=N]`; `#` lines before the first command are comments.

/// (command, expected output, expected status) from a transcript of
/// `$ LINE`, its output lines and `[rc=N]`.
pub(crate) fn steps(transcript: &str) -> Vec<(String, String, i32)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in transcript.lines() {
        if line.starts_with('#') && current.is_none() {
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            current = Some((cmd.to_string(), String::new()));
        } else if let Some(rc) = line.strip_prefix("[rc=").and_then(|r| r.strip_suffix(']')) {
            let (cmd, text) = current.take().expect("a command before its status");
            out.push((cmd, text, rc.parse().expect("a status")));
        } else if let Some((_, text)) = current.as_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    out
}
