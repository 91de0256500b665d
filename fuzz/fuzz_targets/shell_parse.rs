//! The shell's command-line parser, and the shell's word expansion of what it parsed.
#![no_main]
use libfuzzer_sys::fuzz_target;
use lolab_core::shell::Shell;
use lolab_core::shell::parse::parse;

fuzz_target!(|data: &[u8]| {
    let Ok(line) = core::str::from_utf8(data) else {
        return;
    };
    match parse(line) {
        Ok(list) => {
            let shell = Shell::default();
            for (pipeline, _) in &list.items {
                for command in &pipeline.commands {
                    let _ = shell.expand_all(&command.words, "lab");
                }
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
