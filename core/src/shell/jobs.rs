//! Formatting of bash's job-control messages (`jobs`, `[1]+  Done ...`).

use alloc::format;
use alloc::string::String;

/// Why a job spec (`%1`, `%%`, `%-`, `%sleep`, `%?200`) named no job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobSpecError {
    /// No job matches: bash says `%spec: no such job`.
    NoSuchJob,
    /// More than one job's command matches a `%string` or `%?string`
    /// spec: bash says `string: ambiguous job spec` (without the `%`).
    Ambiguous,
}

/// Resolves the text after `%` in a job spec to a job number, as bash does.
/// `jobs` holds the running jobs oldest first as (job number, command line);
/// the newest is the current job (`%%`, `%+`, `%`), the one before it the
/// previous job (`%-`, or the current job when there is only one).
pub fn resolve_spec(spec: &str, jobs: &[(u32, &str)]) -> Result<u32, JobSpecError> {
    let current = jobs.last().map(|(j, _)| *j);
    let found = match spec {
        "" | "%" | "+" => current,
        "-" => jobs
            .len()
            .checked_sub(2)
            .and_then(|i| jobs.get(i))
            .map(|(j, _)| *j)
            .or(current),
        _ => {
            if let Ok(n) = spec.parse::<u32>() {
                jobs.iter().find(|(j, _)| *j == n).map(|(j, _)| *j)
            } else {
                let matches: alloc::vec::Vec<u32> = match spec.strip_prefix('?') {
                    Some(part) => jobs
                        .iter()
                        .filter(|(_, c)| c.contains(part))
                        .map(|(j, _)| *j)
                        .collect(),
                    None => jobs
                        .iter()
                        .filter(|(_, c)| c.starts_with(spec))
                        .map(|(j, _)| *j)
                        .collect(),
                };
                if matches.len() > 1 {
                    return Err(JobSpecError::Ambiguous);
                }
                matches.first().copied()
            }
        }
    };
    found.ok_or(JobSpecError::NoSuchJob)
}

/// bash's message for a job spec `word` (as typed) that failed, from
/// builtin `builtin` (`kill`, `fg`): `bash: kill: %9: no such job`,
/// `bash: kill: sl: ambiguous job spec` (the spec without its `%`).
pub fn spec_error_line(builtin: &str, word: &str, error: &JobSpecError) -> String {
    match error {
        JobSpecError::NoSuchJob => format!("bash: {builtin}: {word}: no such job\n"),
        JobSpecError::Ambiguous => {
            let spec = word.strip_prefix('%').unwrap_or(word);
            format!("bash: {builtin}: {spec}: ambiguous job spec\n")
        }
    }
}

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

    /// Real bash 5.2.15, `bash -c 'sleep 100 & sleep 200 & kill %-; ...'`:
    /// `%-` kills job 1 (status 0), `kill %sl` with both sleeps running says
    /// `bash: line 1: kill: sl: ambiguous job spec` (status 1), `kill %?200`
    /// kills job 2; with no jobs `kill %%`, `%+`, `%-`, `%`, `%sl` and `%?ee`
    /// each say `kill: %%: no such job` (with the spec as typed), status 1.
    #[test]
    fn job_specs_resolve_as_in_bash() {
        let jobs = [(1, "sleep 100"), (2, "sleep 200")];
        assert_eq!(resolve_spec("%", &jobs), Ok(2));
        assert_eq!(resolve_spec("+", &jobs), Ok(2));
        assert_eq!(resolve_spec("", &jobs), Ok(2));
        assert_eq!(resolve_spec("-", &jobs), Ok(1));
        assert_eq!(resolve_spec("1", &jobs), Ok(1));
        assert_eq!(resolve_spec("3", &jobs), Err(JobSpecError::NoSuchJob));
        assert_eq!(resolve_spec("sl", &jobs), Err(JobSpecError::Ambiguous));
        assert_eq!(resolve_spec("?200", &jobs), Ok(2));
        assert_eq!(resolve_spec("?ee", &jobs), Err(JobSpecError::Ambiguous));
        assert_eq!(resolve_spec("py", &jobs), Err(JobSpecError::NoSuchJob));
        // One job: %- is that job too.
        assert_eq!(resolve_spec("-", &jobs[..1]), Ok(1));
        for spec in ["%", "+", "-", "", "sl", "?ee"] {
            assert_eq!(resolve_spec(spec, &[]), Err(JobSpecError::NoSuchJob));
        }
        assert_eq!(
            spec_error_line("kill", "%%", &JobSpecError::NoSuchJob),
            "bash: kill: %%: no such job\n"
        );
        assert_eq!(
            spec_error_line("kill", "%sl", &JobSpecError::Ambiguous),
            "bash: kill: sl: ambiguous job spec\n"
        );
    }

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
