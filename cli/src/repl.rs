//! The interactive prompt: line editing and history by rustyline; Ctrl-C
//! interrupts, Ctrl-D leaves.

use std::process::ExitCode;

use lolab_core::Lab;
use rustyline::DefaultEditor;
use rustyline::error::ReadlineError;

use crate::{exit_code, print_events};

/// Runs the REPL until end of input.
pub(crate) fn run(lab: &mut Lab) -> ExitCode {
    let Ok(mut editor) = DefaultEditor::new() else {
        eprintln!("lolab: cannot open the terminal for line editing");
        return ExitCode::FAILURE;
    };
    loop {
        match editor.readline(&lab.prompt()) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = editor.add_history_entry(line.as_str());
                }
                let result = lab.run(&line);
                print_events(&result.events);
            }
            Err(ReadlineError::Interrupted) => {
                // Ctrl-C at the prompt: bash prints ^C, a new prompt, $? = 130.
                lab.interrupt(lab.now());
            }
            Err(ReadlineError::Eof) => {
                println!("exit");
                return exit_code(lab.last_status());
            }
            Err(e) => {
                eprintln!("lolab: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
}
