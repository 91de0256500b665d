//! `lolab`: Loopback Lab's shell in a terminal.
//!
//! ```text
//! lolab                      interactive shell (prompt user@lab:~$)
//! lolab -c 'echo hi; nope'   run one command line and exit with its status
//! echo 'hostname' | lolab    read command lines from standard input
//! ```

mod args;
mod repl;

use std::io::{self, BufRead, IsTerminal, Write};
use std::process::ExitCode;

use lolab_core::{Lab, LabConfig, OutputEvent, Stream};

use args::{Args, Mode};

/// Writes the lab's output to the real stdout and stderr.
pub(crate) fn print_events(events: &[OutputEvent]) {
    let mut out = io::stdout().lock();
    let mut err = io::stderr().lock();
    for event in events {
        // A closed pipe (`lolab ... | head`) is not worth a panic.
        let _ = match event {
            OutputEvent::Text {
                stream: Stream::Stdout,
                text,
            } => out.write_all(text.as_bytes()).and_then(|()| out.flush()),
            OutputEvent::Text {
                stream: Stream::Stderr,
                text,
            } => {
                let _ = out.flush();
                err.write_all(text.as_bytes())
            }
            OutputEvent::Clear => out.write_all(b"\x1b[H\x1b[2J\x1b[3J"),
        };
    }
}

fn exit_code(status: i32) -> ExitCode {
    ExitCode::from(u8::try_from(status.rem_euclid(256)).unwrap_or(1))
}

fn main() -> ExitCode {
    let args = match args::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("lolab: {message}");
            eprintln!("{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    let Args { mode, seed } = args;
    let mut lab = Lab::new(LabConfig {
        seed,
        ..LabConfig::default()
    });
    match mode {
        Mode::Help => {
            println!("{}", args::USAGE);
            ExitCode::SUCCESS
        }
        Mode::Command(line) => {
            let result = lab.run(&line);
            print_events(&result.events);
            exit_code(result.status)
        }
        Mode::Interactive if io::stdin().is_terminal() => repl::run(&mut lab),
        Mode::Interactive => {
            for line in io::stdin().lock().lines() {
                let Ok(line) = line else { break };
                let result = lab.run(&line);
                print_events(&result.events);
            }
            exit_code(lab.last_status())
        }
    }
}
