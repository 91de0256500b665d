//! bash's job table: the process groups the shell started (a pipeline is
//! one), which of them are background jobs (`%1`) and which one the
//! terminal's foreground, the status of each pipeline's last command, and
//! the finished jobs to announce (`[1]+  Done  sleep 1`).
//!
//! The kernel knows processes, groups and exit statuses; what the shell
//! makes of them is kept here, fed by `waitpid` ([`JobTable::exited`]).

use alloc::string::String;
use alloc::vec::Vec;

use crate::process::Pid;

/// A background job that ended, to announce before the next prompt
/// (`[1]+  Done                    sleep 1`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobNotice {
    /// The job number.
    pub job: u32,
    /// The job's command line.
    pub command: String,
    /// Its exit status (its last command's).
    pub status: i32,
    /// The job's marker as it stood when it ended: `+` for the most recent
    /// job, `-` otherwise.
    pub marker: char,
    /// The terminal it was started from (the notice goes there).
    pub terminal: u32,
}

/// One running job: its number and process group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Job {
    /// The job number (`%1`).
    pub number: u32,
    /// Its process group.
    pub pgid: Pid,
}

/// A process group the shell started: one pipeline.
#[derive(Clone, Debug)]
struct Group {
    pgid: Pid,
    /// Its processes still running (not yet collected).
    pids: Vec<Pid>,
    /// The pipeline's last command while it runs.
    last: Option<Pid>,
    /// The last command's status once it ended (the pipeline's status).
    status: Option<i32>,
    /// The job number of a background pipeline.
    job: Option<u32>,
    /// The whole pipeline's command line (what `jobs` shows).
    line: String,
    /// The terminal its line was typed in.
    terminal: u32,
    /// `set -o pipefail`: the status is the last failing command's.
    pipefail: bool,
    /// The rightmost command that failed so far (by pid, the order the
    /// commands were started in) and its status.
    fail: Option<(Pid, i32)>,
}

impl Group {
    fn note(&mut self, order: Pid, status: i32) {
        if status != 0 && self.fail.is_none_or(|(o, _)| order >= o) {
            self.fail = Some((order, status));
        }
    }
}

/// The shell's process groups and jobs.
#[derive(Clone, Debug, Default)]
pub(crate) struct JobTable {
    /// In the order they were started.
    groups: Vec<Group>,
    /// The foreground group the shell waits for.
    foreground: Option<Pid>,
    /// Finished background jobs to announce.
    notices: Vec<JobNotice>,
}

impl JobTable {
    /// Records a pipeline about to fork as group `pgid` (a background
    /// job if `job`), typed in terminal `terminal`.
    pub(crate) fn launch(&mut self, pgid: Pid, job: Option<u32>, line: String, terminal: u32) {
        self.groups.push(Group {
            pgid,
            pids: Vec::new(),
            last: None,
            status: None,
            job,
            line,
            terminal,
            pipefail: false,
            fail: None,
        });
    }

    /// `set -o pipefail` for group `pgid`.
    pub(crate) fn set_pipefail(&mut self, pgid: Pid) {
        if let Some(g) = self.groups.iter_mut().find(|g| g.pgid == pgid) {
            g.pipefail = true;
        }
    }

    /// A command of group `pgid` started `order`-th (a pid or the pid
    /// counter then) ended with `status` without running as a process.
    pub(crate) fn record_exit(&mut self, pgid: Pid, order: Pid, status: i32) {
        if let Some(g) = self.groups.iter_mut().find(|g| g.pgid == pgid) {
            g.note(order, status);
        }
    }

    /// Process `pid` of group `pgid` runs (`last`: the pipeline's last
    /// command).
    pub(crate) fn add(&mut self, pgid: Pid, pid: Pid, last: bool) {
        if let Some(g) = self.group_mut(pgid) {
            g.pids.push(pid);
            if last {
                g.last = Some(pid);
            }
        }
    }

    /// The pipeline's last command of group `pgid` ended as it started,
    /// with `status`.
    pub(crate) fn set_status(&mut self, pgid: Pid, status: i32) {
        if let Some(g) = self.group_mut(pgid) {
            g.status = Some(status);
        }
    }

    /// True if a process of group `pgid` still runs.
    pub(crate) fn alive(&self, pgid: Pid) -> bool {
        self.group(pgid).is_some_and(|g| !g.pids.is_empty())
    }

    /// Forgets group `pgid` (it never ran, or is over).
    pub(crate) fn discard(&mut self, pgid: Pid) {
        self.groups.retain(|g| g.pgid != pgid);
    }

    /// The foreground group the shell waits for.
    pub(crate) fn foreground(&self) -> Option<Pid> {
        self.foreground
    }

    /// Makes group `pgid` the foreground (`fg`, or a pipeline that did not
    /// end as it started): it is no longer a job.
    pub(crate) fn set_foreground(&mut self, pgid: Pid) {
        if let Some(g) = self.group_mut(pgid) {
            g.job = None;
        }
        self.foreground = Some(pgid);
    }

    /// `waitpid` said `pid` exited with `status`. When that was the last
    /// running process of its group, the group is over: a background
    /// job's notice is recorded, and the foreground group's status (its
    /// last command's) is returned for `$?`.
    pub(crate) fn exited(&mut self, pid: Pid, status: i32) -> Option<i32> {
        let i = self.groups.iter().position(|g| g.pids.contains(&pid))?;
        let g = self.groups.get_mut(i)?;
        g.pids.retain(|p| *p != pid);
        if g.last == Some(pid) {
            g.status = Some(status);
        }
        g.note(pid, status);
        if !g.pids.is_empty() {
            return None;
        }
        let g = self.groups.remove(i);
        // The whole pipeline is over: its status is its last command's
        // (with pipefail, the last failing one's).
        let status = if g.pipefail {
            g.fail.map_or(0, |(_, s)| s)
        } else {
            g.status.unwrap_or(status)
        };
        if self.foreground == Some(g.pgid) {
            self.foreground = None;
            return Some(status);
        }
        let job = g.job?;
        // The job's marker as it stood: '+' for the most recent job.
        let newest = self.running().map(|(n, _)| n).chain([job]).max();
        let marker = if newest == Some(job) { '+' } else { '-' };
        self.notices.push(JobNotice {
            job,
            command: g.line,
            status,
            marker,
            terminal: g.terminal,
        });
        None
    }

    /// True if any background job runs.
    pub(crate) fn has_jobs(&self) -> bool {
        self.running().next().is_some()
    }

    /// The running background jobs, oldest first.
    pub(crate) fn jobs(&self) -> Vec<Job> {
        let mut v: Vec<Job> = self
            .running()
            .map(|(number, g)| Job {
                number,
                pgid: g.pgid,
            })
            .collect();
        crate::sort::sort(&mut v);
        v.dedup();
        v
    }

    /// The command line of group `pgid`.
    pub(crate) fn line(&self, pgid: Pid) -> Option<&str> {
        self.group(pgid).map(|g| g.line.as_str())
    }

    /// The number a new background job gets: one more than the highest in
    /// use (running or waiting to be announced).
    pub(crate) fn next_job_number(&self) -> u32 {
        let running = self.running().map(|(n, _)| n);
        let done = self.notices.iter().map(|n| n.job);
        running.chain(done).max().unwrap_or(0) + 1
    }

    /// Records a finished job to announce.
    pub(crate) fn push_notice(&mut self, notice: JobNotice) {
        self.notices.push(notice);
    }

    /// Takes the finished jobs to announce, by job number.
    pub(crate) fn take_notices(&mut self) -> Vec<JobNotice> {
        let mut done = core::mem::take(&mut self.notices);
        crate::sort::sort_by_key(&mut done, |n| n.job);
        done
    }

    /// The background jobs with a process running, with their numbers.
    fn running(&self) -> impl Iterator<Item = (u32, &Group)> {
        self.groups
            .iter()
            .filter(|g| !g.pids.is_empty())
            .filter_map(|g| g.job.map(|n| (n, g)))
    }

    fn group(&self, pgid: Pid) -> Option<&Group> {
        self.groups.iter().find(|g| g.pgid == pgid)
    }

    fn group_mut(&mut self, pgid: Pid) -> Option<&mut Group> {
        self.groups.iter_mut().find(|g| g.pgid == pgid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn a_job_ends_with_its_last_command_and_one_notice() {
        let mut t = JobTable::default();
        assert_eq!(t.next_job_number(), 1);
        t.launch(10, Some(1), String::from("sleep 9 | sleep 9"), 0);
        t.add(10, 10, false);
        t.add(10, 11, true);
        assert_eq!(
            t.jobs(),
            vec![Job {
                number: 1,
                pgid: 10
            }]
        );
        assert_eq!(t.next_job_number(), 2);
        assert_eq!(t.exited(11, 137), None, "the first command still runs");
        assert!(t.alive(10));
        assert_eq!(t.exited(10, 143), None);
        assert!(!t.alive(10));
        let notice = JobNotice {
            job: 1,
            command: String::from("sleep 9 | sleep 9"),
            status: 137,
            marker: '+',
            terminal: 0,
        };
        assert_eq!(t.next_job_number(), 2, "a job to announce keeps its number");
        assert_eq!(t.take_notices(), vec![notice]);
        assert_eq!(t.next_job_number(), 1);
    }

    #[test]
    fn the_foreground_group_ends_with_its_status() {
        let mut t = JobTable::default();
        t.launch(20, None, String::from("sleep 9"), 0);
        t.add(20, 20, true);
        t.set_foreground(20);
        assert_eq!(t.exited(99, 0), None, "not ours");
        assert_eq!(t.exited(20, 130), Some(130));
        assert_eq!(t.foreground(), None);
        assert!(!t.has_jobs());
    }

    #[test]
    fn an_older_job_ends_with_the_minus_marker() {
        let mut t = JobTable::default();
        t.launch(1, Some(1), String::from("sleep 1"), 0);
        t.add(1, 1, true);
        t.launch(2, Some(2), String::from("sleep 2"), 1);
        t.add(2, 2, true);
        assert_eq!(t.exited(1, 0), None);
        assert_eq!(t.exited(2, 0), None);
        let markers: Vec<(char, u32)> = t
            .take_notices()
            .iter()
            .map(|n| (n.marker, n.terminal))
            .collect();
        assert_eq!(markers, vec![('-', 0), ('+', 1)]);
    }
}
