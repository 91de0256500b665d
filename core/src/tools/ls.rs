//! coreutils `ls [-l] [-a] [-1] [PATH...]` over the lab's files.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::process::{Ctx, Started};
use crate::sys::fs::DEV_NULL;

/// One entry to print: its name and, for `-l`, its size and owner.
struct Entry {
    name: String,
    dir: bool,
    size: usize,
    root: bool,
    /// A character device (`/dev/null`, major 1, minor 3).
    device: bool,
}

/// What `ls -l` shows for `/dev/null` (Debian 12: `crw-rw-rw- 1 root root
/// 1, 3 Nov 20 04:34 /dev/null`).
const NULL_MODE: &str = "crw-rw-rw-";
const NULL_NUMBERS: &str = "1, 3";

fn entries_of(ctx: &mut Ctx<'_>, dir: &str) -> Vec<Entry> {
    let prefix = if dir == "/" {
        String::from("/")
    } else {
        format!("{}/", dir.trim_end_matches('/'))
    };
    let is_root = ctx.user() == crate::sys::User::Root;
    let sys = ctx.sys();
    let mut out: Vec<Entry> = Vec::new();
    let child = |p: &str| {
        p.strip_prefix(prefix.as_str())
            .filter(|rest| !rest.is_empty() && !rest.contains('/'))
            .map(String::from)
    };
    for p in sys.dir_paths() {
        if let Some(name) = child(&p) {
            out.push(Entry {
                name,
                dir: true,
                size: 4096,
                root: !p.starts_with("/home/user") && p != "/tmp",
                device: false,
            });
        }
    }
    for p in sys.file_paths() {
        if let Some(name) = child(&p) {
            let size = sys.read_file(&p).map_or(0, |t| t.len());
            out.push(Entry {
                name,
                dir: false,
                size,
                root: !(p.starts_with("/tmp/") || p.starts_with("/home/user/")) || is_root,
                device: p == DEV_NULL,
            });
        }
    }
    for p in sys.binary_paths() {
        if let Some(name) = child(&p) {
            let size = sys.read_binary(&p).map_or(0, |b| b.len());
            out.push(Entry {
                name,
                dir: false,
                size,
                root: true,
                device: false,
            });
        }
    }
    crate::sort::sort_by(&mut out, |a, b| a.name.cmp(&b.name));
    out
}

/// One `ls -l` line; `width` is the widest size of the listing, as ls
/// aligns the column.
fn long_line(e: &Entry, width: usize) -> String {
    let mode = match (e.dir, e.device) {
        (true, _) => "drwxr-xr-x",
        (false, true) => NULL_MODE,
        (false, false) => "-rw-r--r--",
    };
    let owner = if e.root { "root root" } else { "user user" };
    format!(
        "{mode} 1 {owner} {:>width$} Nov 27 00:00 {}\n",
        size_text(e),
        e.name
    )
}

/// The size column: bytes, or a device's `major, minor`.
fn size_text(e: &Entry) -> String {
    if e.device {
        String::from(NULL_NUMBERS)
    } else {
        format!("{}", e.size)
    }
}

fn size_width(entries: &[Entry]) -> usize {
    entries
        .iter()
        .map(|e| size_text(e).len())
        .max()
        .unwrap_or(1)
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut long = false;
    let mut one = !ctx.stdout_is_terminal();
    let mut operands = Vec::new();
    for a in args.get(1..).unwrap_or_default() {
        if let Some(flags) = a
            .strip_prefix('-')
            .filter(|f| !f.is_empty() && !a.starts_with("--"))
        {
            for c in flags.chars() {
                match c {
                    'l' => long = true,
                    '1' => one = true,
                    'a' | 'A' => {}
                    _ => return super::gnu_invalid_option_status(ctx, "ls", c, 2),
                }
            }
        } else if a.starts_with("--") {
            return super::gnu_unrecognized_option(ctx, "ls", a);
        } else {
            operands.push(a.clone());
        }
    }
    if operands.is_empty() {
        operands.push(String::from(ctx.cwd()));
    }
    let many = operands.len() > 1;
    let mut status = 0;
    let mut first = true;
    for op in &operands {
        let path = crate::shell::absolute_path(op, ctx.cwd());
        if ctx.sys().is_dir(&path) {
            let entries = entries_of(ctx, &path);
            let mut text = String::new();
            if many {
                if !first {
                    text.push('\n');
                }
                text.push_str(&format!("{op}:\n"));
            }
            if long {
                let blocks = entries.iter().filter(|e| !e.device).count() * 4;
                text.push_str(&format!("total {blocks}\n"));
                let width = size_width(&entries);
                for e in &entries {
                    text.push_str(&long_line(e, width));
                }
            } else if one {
                for e in &entries {
                    text.push_str(&format!("{}\n", e.name));
                }
            } else if !entries.is_empty() {
                let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
                text.push_str(&format!("{}\n", names.join("  ")));
            }
            ctx.out(&text);
            first = false;
            continue;
        }
        let sys = ctx.sys();
        let size = sys
            .read_file(&path)
            .map(|t| t.len())
            .ok()
            .or_else(|| sys.read_binary(&path).map(|b| b.len()));
        match size {
            Some(size) => {
                let text = if long {
                    long_line(
                        &Entry {
                            name: op.clone(),
                            dir: false,
                            size,
                            root: true,
                            device: path == DEV_NULL,
                        },
                        1,
                    )
                } else {
                    format!("{op}\n")
                };
                ctx.out(&text);
            }
            None => {
                ctx.err(&format!(
                    "ls: cannot access '{op}': No such file or directory\n"
                ));
                status = 2;
            }
        }
        first = false;
    }
    Started::Exited(status)
}

#[cfg(test)]
mod tests {
    use crate::{Lab, LabConfig};

    #[test]
    fn lists_the_labs_files() {
        let mut lab = Lab::new(LabConfig::default());
        assert!(lab.run("ls /etc").stdout().contains("hosts  nsswitch.conf"));
        // Real coreutils 9.1: `ls /nope` -> "ls: cannot access '/nope': No such
        // file or directory", exit 2; `ls -z` -> invalid option, exit 2.
        let r = lab.run("ls /nope");
        assert_eq!(
            (r.stderr().as_str(), r.status),
            ("ls: cannot access '/nope': No such file or directory\n", 2)
        );
        assert_eq!(lab.run("ls -z").status, 2);
        assert!(
            lab.run("ls -l /etc")
                .stdout()
                .contains("-rw-r--r-- 1 root root")
        );
    }
}
