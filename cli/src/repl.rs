//! The interactive prompt: line editing and history by rustyline. Commands
//! run at the real tools' pace (virtual time follows the wall clock), so
//! `ping` prints a line a second; Ctrl-C interrupts the running command,
//! Ctrl-D leaves.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration as StdDuration, Instant as StdInstant};

use lolab_core::{Duration, Instant, Lab, RunStop};
use rustyline::DefaultEditor;
use rustyline::error::ReadlineError;

use crate::{exit_code, print_events};

/// How often a waiting command checks for Ctrl-C.
const TICK: StdDuration = StdDuration::from_millis(20);

/// Runs the line currently started in `lab` at the wall clock's pace.
fn run_paced(lab: &mut Lab, interrupted: &AtomicBool) {
    let real_start = StdInstant::now();
    let virtual_start = lab.now();
    let virtual_now = |real: StdInstant| {
        virtual_start
            + Duration::from_micros(
                u64::try_from(real.duration_since(real_start).as_micros()).unwrap_or(u64::MAX),
            )
    };
    while lab.is_busy() {
        if interrupted.swap(false, Ordering::SeqCst) {
            println!("^C");
            lab.interrupt(virtual_now(StdInstant::now()));
            print_events(&lab.take_output());
            break;
        }
        let now = virtual_now(StdInstant::now());
        match lab.poll_at() {
            Some(at) if at <= now => lab.poll(at),
            Some(at) => {
                let wait = StdDuration::from_micros((at - now).micros()).min(TICK);
                std::thread::sleep(wait);
            }
            None => std::thread::sleep(TICK),
        }
        print_events(&lab.take_output());
    }
}

/// Runs a typed line in virtual time at once (an unfinished command waits
/// for its next line at the `> ` prompt), stopped as Ctrl-C would after
/// an hour of virtual time or the line's work budget.
fn run_instant(lab: &mut Lab, line: &str) {
    lab.start(line, lab.now());
    print_events(&lab.take_output());
    let deadline = lab.now() + Duration::from_secs(3600);
    let mut steps = 0;
    let stop = lab.run_until(deadline, usize::MAX, &mut steps, |l| {
        print_events(&l.take_output())
    });
    if stop != RunStop::Idle && lab.is_busy() {
        lab.interrupt(lab.now());
        print_events(&lab.take_output());
    }
}

/// Runs the REPL until end of input.
pub(crate) fn run(lab: &mut Lab, instant: bool) -> ExitCode {
    let Ok(mut editor) = DefaultEditor::new() else {
        eprintln!("lolab: cannot open the terminal for line editing");
        return ExitCode::FAILURE;
    };
    let interrupted = Arc::new(AtomicBool::new(false));
    {
        let flag = Arc::clone(&interrupted);
        // While a command runs the terminal is in cooked mode and Ctrl-C is a
        // signal; at the prompt rustyline reads it as a key instead.
        if ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)).is_err() {
            eprintln!("lolab: cannot catch Ctrl-C; commands that never end cannot be stopped");
        }
    }
    loop {
        match editor.readline(&lab.prompt()) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = editor.add_history_entry(line.as_str());
                }
                interrupted.store(false, Ordering::SeqCst);
                if instant {
                    run_instant(lab, &line);
                } else {
                    let now: Instant = lab.now();
                    lab.start(&line, now);
                    print_events(&lab.take_output());
                    run_paced(lab, &interrupted);
                }
            }
            Err(ReadlineError::Interrupted) => {
                // Ctrl-C at the prompt: bash prints ^C, a new prompt, $? = 130.
                lab.interrupt(lab.now());
            }
            Err(ReadlineError::Eof) => {
                // Ctrl-D: an unfinished command or a nested shell ends;
                // at the login shell, lolab does.
                if lab.end_of_input(lab.now()) {
                    print_events(&lab.take_output());
                    continue;
                }
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
