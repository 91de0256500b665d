//! Formatting of bash's job-control messages (`jobs`, `[1]+  Done ...`).

use alloc::format;
use alloc::string::String;

/// How a job ended or stands, as bash words it.
pub fn state_word(status: Option<i32>) -> String {
    match status {
        None => String::from("Running"),
        Some(0) => String::from("Done"),
        Some(143) => String::from("Terminated"),
        Some(137) => String::from("Killed"),
        Some(130) => String::from("Interrupt"),
        Some(s) => format!("Exit {s}"),
    }
}

/// One line of `jobs` or of a completion notice:
/// `[1]+  Running                 sleep 100 &`.
pub fn job_line(job: u32, marker: char, status: Option<i32>, command: &str) -> String {
    let word = state_word(status);
    let suffix = if status.is_none() { " &" } else { "" };
    format!("[{job}]{marker}  {word:<24}{command}{suffix}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real bash 5.2.15 (interactive, under `script`):
    /// `[1]+  Running                 sleep 100 &`,
    /// `[1]-  Terminated              sleep 100`,
    /// `[3]+  Exit 1                  false`.
    #[test]
    fn bash_wording() {
        assert_eq!(
            job_line(1, '+', None, "sleep 100"),
            "[1]+  Running                 sleep 100 &\n"
        );
        assert_eq!(
            job_line(1, '-', Some(143), "sleep 100"),
            "[1]-  Terminated              sleep 100\n"
        );
        assert_eq!(
            job_line(3, '+', Some(1), "false"),
            "[3]+  Exit 1                  false\n"
        );
        assert_eq!(
            job_line(2, '+', Some(0), "sleep 50"),
            "[2]+  Done                    sleep 50\n"
        );
    }
}
