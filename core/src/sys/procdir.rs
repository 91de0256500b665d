//! The process directories of `/proc` as `netstat -p`, `lsof` and `ss -p`
//! walk them: `readdir("/proc")` for the pids, `/proc/PID/comm`, the
//! owner of `/proc/PID` (`stat`), and `readdir` + `readlink` of
//! `/proc/PID/fd`, which only root and the process's own user may read
//! (EACCES otherwise, as `proc_fd_access_allowed` decides).
//!
//! `/proc` shows the processes of the caller's machine: the lab's
//! processes (whatever network namespace they entered), or, in a login on
//! a LAN machine, that machine's.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Errno, Fd, Pid, Sys};
use crate::net::HOST_NS;
use crate::net::netns::NsKind;
use crate::trace::NsId;

/// One entry of `/proc/PID/fd`: the descriptor and what it links to
/// (`socket:[INODE]`, `pipe:[N]`, a path, `/dev/pts/0`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FdLink {
    /// The descriptor number (the entry's name).
    pub fd: Fd,
    /// `readlink`'s answer.
    pub link: String,
}

impl Sys<'_> {
    /// The machine a process runs on, named by its namespace: a LAN
    /// machine's, or the lab's initial namespace for every other.
    fn machine_of(&self, pid: Pid, fallback: NsId) -> NsId {
        let tasks = &self.host.tasks;
        let ns = tasks.netns(pid).unwrap_or(fallback);
        let on_machine = self
            .host
            .net
            .ns(ns)
            .is_some_and(|n| n.kind == NsKind::Machine);
        if on_machine || tasks.logged_in(pid) {
            ns
        } else {
            HOST_NS
        }
    }

    /// `readdir("/proc")`: the pids of the caller's machine, ascending (a
    /// process that has not exec'd a program yet is not listed).
    pub fn proc_pids(&self) -> Vec<Pid> {
        let mine = self.machine_of(self.pid, self.ns);
        self.host
            .tasks
            .processes()
            .map(|(pid, _)| pid)
            .filter(|&pid| {
                self.host.tasks.uid(pid).is_some() && self.machine_of(pid, HOST_NS) == mine
            })
            .collect()
    }

    fn visible(&self, pid: Pid) -> Result<(), Errno> {
        let mine = self.machine_of(self.pid, self.ns);
        if self.host.tasks.uid(pid).is_none() || self.machine_of(pid, HOST_NS) != mine {
            return Err(Errno::ENOENT);
        }
        Ok(())
    }

    /// `/proc/PID/comm` without its newline; ENOENT for no such process.
    pub fn proc_comm(&self, pid: Pid) -> Result<String, Errno> {
        self.visible(pid)?;
        Ok(String::from(self.host.tasks.comm(pid)))
    }

    /// `stat("/proc/PID").st_uid`: the user the process runs as.
    pub fn proc_uid(&self, pid: Pid) -> Result<u32, Errno> {
        self.visible(pid)?;
        self.host.tasks.uid(pid).ok_or(Errno::ENOENT)
    }

    /// `opendir("/proc/PID/fd")` and `readlink` of each entry, lowest
    /// first: EACCES unless the caller is root or runs as the same user.
    pub fn proc_fds(&self, pid: Pid) -> Result<Vec<FdLink>, Errno> {
        let owner = self.proc_uid(pid)?;
        if self.uid != 0 && self.uid != owner {
            return Err(Errno::EACCES);
        }
        let tasks = &self.host.tasks;
        Ok(tasks
            .fds(pid)
            .into_iter()
            .filter_map(|fd| {
                let file = tasks.get(pid, fd)?;
                Some(FdLink {
                    fd,
                    link: super::stdio::link_of(file),
                })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sys::{Family, SockType};
    use crate::time::Instant;
    use crate::{Lab, LabConfig};

    #[test]
    fn a_user_reads_only_their_own_processes_fds() {
        let mut lab = Lab::new(LabConfig::default());
        let host = lab.host_mut();
        let mut root = Sys::new(host, 50, HOST_NS, 0, Instant::ZERO);
        root.set_comm("nc");
        let s = root.socket(Family::Inet, SockType::Stream).unwrap();
        root.bind(s, "127.0.0.1:9000".parse().unwrap()).unwrap();
        let mut user = Sys::new(lab.host_mut(), 60, HOST_NS, 1000, Instant::ZERO);
        user.set_comm("python3");
        let pids = user.proc_pids();
        assert!(pids.contains(&50) && pids.contains(&60), "{pids:?}");
        // The router's DNS server runs on another machine.
        assert!(!pids.contains(&611), "{pids:?}");
        assert_eq!(user.proc_fds(50), Err(Errno::EACCES));
        assert_eq!(user.proc_comm(50).as_deref(), Ok("nc"));
        assert_eq!(user.proc_uid(50), Ok(0));
        assert_eq!(user.proc_fds(60), Ok(Vec::new()));
        assert_eq!(user.proc_comm(4242), Err(Errno::ENOENT));
        let root = Sys::new(lab.host_mut(), 50, HOST_NS, 0, Instant::ZERO);
        let fds = root.proc_fds(50).unwrap();
        assert_eq!(fds.len(), 1);
        assert!(fds[0].link.starts_with("socket:["), "{fds:?}");
    }
}
