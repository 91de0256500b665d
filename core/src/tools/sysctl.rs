//! `sysctl` from procps-ng 4.0.2 over the namespace's sysctls (only the
//! keys the lab models exist), read and written through the kernel's
//! sysctl calls. Real outputs: core/tests/fixtures/tools/misc_real_1.txt.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::process::{Ctx, Started};
use crate::sys::sysctl::{SysctlEntry, SysctlError, normalize_key};

const USAGE: &str = "
Usage:
 sysctl [options] [variable[=value] ...]

Options:
  -a, --all            display all variables
  -A                   alias of -a
  -X                   alias of -a
      --deprecated     include deprecated parameters to listing
      --dry-run        Print the key and values but do not write
  -b, --binary         print value without new line
  -e, --ignore         ignore unknown variables errors
  -N, --names          print variable names without values
  -n, --values         print only values of the given variable(s)
  -p, --load[=<file>]  read values from file
  -f                   alias of -p
      --system         read values from all system directories
  -r, --pattern <expression>
                       select setting that match expression
  -q, --quiet          do not echo variable set
  -w, --write          enable writing a value to variable
  -o                   does nothing
  -x                   does nothing
  -d                   alias of -h

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see sysctl(8).
";

#[derive(Default)]
struct Flags {
    all: bool,
    names_only: bool,
    values_only: bool,
    quiet: bool,
    ignore: bool,
    binary: bool,
    write: bool,
    /// `--dry-run`: print what would be written, write nothing.
    dry_run: bool,
    load: Option<String>,
    pattern: Option<String>,
}

struct Run<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    f: Flags,
    status: i32,
}

impl Run<'_, '_> {
    fn print(&mut self, key: &str, value: &str) {
        if let Some(p) = &self.f.pattern
            && !key.contains(p.as_str())
        {
            return;
        }
        let text = if self.f.names_only {
            format!("{key}\n")
        } else if self.f.values_only {
            if self.f.binary {
                String::from(value)
            } else {
                format!("{value}\n")
            }
        } else {
            format!("{key} = {value}\n")
        };
        self.ctx.out(&text);
    }

    fn read(&mut self, key: &str) {
        let dotted = normalize_key(key);
        if let Ok(v) = self.ctx.sys().sysctl_read(&dotted) {
            self.print(&dotted, &v);
            return;
        }
        // A directory: every key below it.
        let prefix = format!("{dotted}.");
        let below: Vec<SysctlEntry> = self
            .ctx
            .sys()
            .sysctl_list()
            .into_iter()
            .filter(|e| e.key.starts_with(&prefix))
            .collect();
        if below.is_empty() {
            if !self.f.ignore {
                let path = dotted.replace('.', "/");
                self.ctx.err(&format!(
                    "sysctl: cannot stat /proc/sys/{path}: No such file or directory\n"
                ));
                self.status = 1;
            }
            return;
        }
        for e in below {
            self.print(&e.key, &e.value);
        }
    }

    fn write(&mut self, key: &str, value: &str) {
        let dotted = normalize_key(key);
        if self.f.dry_run {
            if !self.f.quiet {
                self.print(&dotted, value);
            }
            return;
        }
        match self.ctx.sys().sysctl_write(&dotted, value) {
            Ok(_) => {
                if !self.f.quiet {
                    // procps echoes the value as given, not as the kernel stores it.
                    self.print(&dotted, value);
                }
            }
            Err(SysctlError::NotFound) => {
                if !self.f.ignore {
                    let path = dotted.replace('.', "/");
                    self.ctx.err(&format!(
                        "sysctl: cannot stat /proc/sys/{path}: No such file or directory\n"
                    ));
                    self.status = 1;
                }
            }
            Err(SysctlError::PermissionDenied) => {
                self.ctx
                    .err(&format!("sysctl: permission denied on key \"{dotted}\"\n"));
                self.status = 1;
            }
            Err(SysctlError::Invalid) => {
                self.ctx.err(&format!(
                    "sysctl: setting key \"{dotted}\": Invalid argument\n"
                ));
                self.status = 1;
            }
        }
    }

    fn load(&mut self, path: &str) {
        let text = match self.ctx.sys().read_file(path) {
            Ok(t) => t,
            Err(e) => {
                self.ctx.err(&format!(
                    "sysctl: cannot open \"{path}\": {}\n",
                    e.message()
                ));
                self.status = 1;
                return;
            }
        };
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            let (ignore, line) = match line.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, line),
            };
            if let Some((k, v)) = line.split_once('=') {
                let saved = self.f.ignore;
                self.f.ignore |= ignore;
                self.write(k.trim(), v.trim());
                self.f.ignore = saved;
            }
        }
    }
}

/// Splits clustered short options as getopt reads them (`-qw` is `-q -w`;
/// `-rPATTERN` is `-r PATTERN`; `-pFILE` is `--load=FILE`), up to `--`.
fn unclustered(args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--" {
            out.extend(it.cloned());
            break;
        }
        let Some(cluster) = a
            .strip_prefix('-')
            .filter(|c| c.len() > 1 && !c.starts_with('-'))
        else {
            out.push(a.clone());
            continue;
        };
        for (i, c) in cluster.char_indices() {
            let rest = cluster.get(i + c.len_utf8()..).unwrap_or_default();
            match c {
                'r' if !rest.is_empty() => {
                    out.push(String::from("-r"));
                    out.push(String::from(rest));
                    break;
                }
                'p' | 'f' if !rest.is_empty() => {
                    out.push(format!("--load={rest}"));
                    break;
                }
                _ => out.push(format!("-{c}")),
            }
        }
    }
    out
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    if args.len() < 2 {
        ctx.err(USAGE);
        return Started::Exited(1);
    }
    let mut f = Flags::default();
    let mut operands: Vec<&str> = Vec::new();
    let words = unclustered(args.get(1..).unwrap_or_default());
    let mut it = words.iter().map(String::as_str);
    while let Some(a) = it.next() {
        match a {
            "-a" | "-A" | "-X" | "--all" => f.all = true,
            "-N" | "--names" => f.names_only = true,
            "-n" | "--values" => f.values_only = true,
            "-q" | "--quiet" => f.quiet = true,
            "-e" | "--ignore" => f.ignore = true,
            "-b" | "--binary" => {
                f.binary = true;
                f.values_only = true;
            }
            "-w" | "--write" => f.write = true,
            "--dry-run" => f.dry_run = true,
            "-o" | "-x" | "--deprecated" => {}
            "-p" | "-f" | "--load" => {
                f.load = Some(String::from("/etc/sysctl.conf"));
            }
            "-r" | "--pattern" => match it.next() {
                Some(p) => f.pattern = Some(String::from(p)),
                None => {
                    ctx.err("sysctl: option requires an argument -- 'r'\n");
                    ctx.err(USAGE);
                    return Started::Exited(1);
                }
            },
            "-h" | "-d" | "--help" => {
                ctx.out(USAGE);
                return Started::Exited(0);
            }
            "-V" | "--version" => {
                ctx.out("sysctl from procps-ng 4.0.2\n");
                return Started::Exited(0);
            }
            o if o.starts_with("--load=") => {
                f.load = o.get(7..).map(String::from);
            }
            o if o.starts_with("--pattern=") => {
                f.pattern = o.get(10..).map(String::from);
            }
            o if o.starts_with("--") => {
                ctx.err(&format!("sysctl: unrecognized option '{o}'\n{USAGE}"));
                return Started::Exited(1);
            }
            o if o.starts_with('-') && o.len() > 1 => {
                let c = o.chars().nth(1).unwrap_or('-');
                ctx.err(&format!("sysctl: invalid option -- '{c}'\n{USAGE}"));
                return Started::Exited(1);
            }
            o => operands.push(o),
        }
    }
    let mut run = Run { ctx, f, status: 0 };
    if let Some(path) = run.f.load.clone() {
        // `-p FILE`: the file is the next operand, if any.
        let path = operands.first().map_or(path, |p| String::from(*p));
        run.load(&path);
        return Started::Exited(run.status);
    }
    if run.f.all {
        for e in run.ctx.sys().sysctl_list() {
            run.print(&e.key, &e.value);
        }
        return Started::Exited(0);
    }
    if operands.is_empty() {
        run.ctx
            .err("sysctl: no variables specified\nTry `sysctl --help' for more information.\n");
        return Started::Exited(1);
    }
    for op in operands {
        match op.split_once('=') {
            Some((k, v)) => run.write(k.trim(), v.trim()),
            None if run.f.write => {
                run.ctx
                    .err("sysctl: command line(0): invalid syntax, continuing...\n");
                run.status = 1;
            }
            None => run.read(op),
        }
    }
    Started::Exited(run.status)
}
