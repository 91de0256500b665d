//! The shell's parser: whole scripts (complete and as typed so far) into
//! the syntax tree, and bash's words for the syntax errors.
#![no_main]
use libfuzzer_sys::fuzz_target;
use lolab_core::shell::parse::{parse, parse_script};

fuzz_target!(|data: &[u8]| {
    let Ok(src) = core::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = parse(src) {
        let _ = e.to_string();
    }
    for final_input in [true, false] {
        let parsed = parse_script(src, final_input);
        if let Some(e) = parsed.error {
            let _ = (e.error.to_string(), e.error.is_incomplete(), e.line, e.text);
        }
    }
});
