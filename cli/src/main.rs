//! `lolab`: Loopback Lab's shell in a terminal.
//!
//! ```text
//! lolab                      interactive shell (prompt user@lab:~$)
//! lolab -c 'echo hi; nope'   run a script as `bash -c` does, exit with its status
//! lolab script.sh a b        run a script file of this machine as `bash script.sh a b`
//! echo 'hostname' | lolab    read a script from standard input
//! ```

mod args;
mod json;
mod repl;

use std::io::{self, BufRead, IsTerminal, Write};
use std::process::ExitCode;

use lolab_core::{Lab, LabConfig, OutputEvent, RunResult, Stream};

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
            // One terminal here: every line was typed in it.
            OutputEvent::Terminal(_) => Ok(()),
        };
    }
}

fn exit_code(status: i32) -> ExitCode {
    ExitCode::from(u8::try_from(status.rem_euclid(256)).unwrap_or(1))
}

/// Runs one line in virtual time and prints it as text or JSON.
fn run_line(lab: &mut Lab, line: &str, as_json: bool) {
    let result = lab.run(line);
    if as_json {
        // A closed pipe (`lolab --json ... | head`) ends the output quietly.
        let _ = writeln!(io::stdout(), "{}", json::line_object(lab, line, &result));
    } else {
        print_events(&result.events);
        if let Some(notice) = stop_notice(&result) {
            eprintln!("{notice}");
        }
    }
}

/// What the CLI says after a line the lab had to stop as Ctrl-C would: the
/// hour of virtual time or the work budget ran out, or it waited for
/// input that cannot come.
fn stop_notice(result: &RunResult) -> Option<&'static str> {
    result.interrupted.then_some(
        "lolab: the command line was still running after an hour of virtual time or a bounded amount of work (or waiting for input that cannot come); it was stopped as Ctrl-C would",
    )
}

fn write_pcap(lab: &Lab, path: &str) -> bool {
    // What `tcpdump -i any` on the lab host would see: its own namespace.
    let bytes = lab.snapshot().pcap(lolab_core::net::HOST_NS);
    match std::fs::write(path, bytes) {
        Ok(()) => true,
        Err(e) => {
            eprintln!("lolab: {path}: {e}");
            false
        }
    }
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
    let Args {
        mode,
        seed,
        json,
        pcap,
        instant,
    } = args;
    let mut lab = Lab::new(LabConfig {
        seed,
        ..LabConfig::default()
    });
    let code = match mode {
        Mode::Help => {
            println!("{}", args::USAGE);
            return ExitCode::SUCCESS;
        }
        Mode::Command(script, args) => {
            // `bash -c SCRIPT NAME ARGS`: NAME is $0.
            let mut args = args.into_iter();
            let name = args.next().unwrap_or_else(|| String::from("bash"));
            lab.set_script_mode(Some(&name));
            lab.set_positional(args.collect());
            run_line(&mut lab, &script, json);
            exit_code(lab.last_status())
        }
        Mode::Script(path, args) => {
            let script = match std::fs::read_to_string(&path) {
                Ok(s) => s,
                Err(e) => {
                    // bash's words for a script it cannot open.
                    let reason = match e.kind() {
                        io::ErrorKind::NotFound => "No such file or directory",
                        io::ErrorKind::PermissionDenied => "Permission denied",
                        _ => "Input/output error",
                    };
                    eprintln!("bash: {path}: {reason}");
                    return ExitCode::from(127);
                }
            };
            lab.set_script_mode(Some(&path));
            lab.set_positional(args);
            run_line(&mut lab, &script, json);
            exit_code(lab.last_status())
        }
        Mode::Interactive if io::stdin().is_terminal() && !json => repl::run(&mut lab, instant),
        Mode::Interactive => {
            // bash reading a script from standard input runs each
            // complete command as soon as its lines are read.
            lab.set_script_mode(Some("bash"));
            let mut pending = String::new();
            for line in io::stdin().lock().lines() {
                let Ok(line) = line else { break };
                if !pending.is_empty() {
                    pending.push('\n');
                }
                pending.push_str(&line);
                if lab.is_unfinished(&pending) {
                    continue;
                }
                run_line(&mut lab, &std::mem::take(&mut pending), json);
            }
            if !pending.is_empty() {
                run_line(&mut lab, &pending, json);
            }
            exit_code(lab.last_status())
        }
    };
    if let Some(path) = pcap
        && !write_pcap(&lab, &path)
    {
        return ExitCode::FAILURE;
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines of issue 21 end with the notice (a small work budget
    /// stands for the default one in a debug build), or, for the fuzzer's
    /// line, with hping3's own error at once.
    #[test]
    fn floods_end_with_the_stop_notice() {
        for line in [
            "sudo hping3 -i u1 127.0.0.1",
            "sudo ping -f 127.0.0.1",
            "sudo hping3 --flood 127.0.0.1",
        ] {
            let mut lab = Lab::new(LabConfig {
                line_work_budget: 20_000,
                ..LabConfig::default()
            });
            let result = lab.run(line);
            assert!(
                stop_notice(&result).is_some_and(|n| n.contains("a bounded amount of work")),
                "{line}"
            );
            assert!(lab.line_work() < 20_100, "{line}: {}", lab.line_work());
        }
        let mut lab = Lab::new(LabConfig::default());
        let result = lab.run("sudo hping3 ᇇ -i --values 192.168.1.1 ;");
        assert_eq!(stop_notice(&result), None);
        assert_eq!(result.status, 1);
    }
}
