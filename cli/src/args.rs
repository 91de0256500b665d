//! Command-line options of `lolab`.

/// The usage text.
pub(crate) const USAGE: &str = "usage: lolab [--seed N] [--json] [--pcap FILE] [--instant]
             [-c COMMANDS [NAME [ARG...]] | FILE [ARG...]]

  -c COMMANDS   run COMMANDS in the lab as `bash -c` does (newlines and
                multi-line scripts included) and exit with its status;
                NAME is $0 and the ARGs $1, $2...
  FILE          run the script FILE of this machine in the lab as
                `bash FILE` does
  --seed N      seed the lab's random choices (default 1)
  --json        print one JSON object per command line: the line, stdout,
                stderr, exit status and the trace events it caused
  --pcap FILE   on exit, write every captured packet to FILE (pcap, opens
                in Wireshark and tshark)
  --instant     at the interactive prompt, run commands in virtual time
                instead of at the real tools' pace
  -h, --help    show this help

Without -c or FILE, lolab reads command lines from the terminal (a prompt,
history, Ctrl-C; an unfinished command continues at the `> ` prompt) or,
when standard input is not a terminal, from it as bash reads a script.
With -c or standard input, commands run in virtual time and finish at once;
one that never ends by itself is stopped after an hour of virtual time, or
after a bounded amount of work (a flood), within about a second.";

/// What to do.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    Interactive,
    /// `-c COMMANDS [NAME [ARG...]]`.
    Command(String, Vec<String>),
    /// `FILE [ARG...]`.
    Script(String, Vec<String>),
    Help,
}

/// Parsed options.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Args {
    pub(crate) mode: Mode,
    pub(crate) seed: u64,
    pub(crate) json: bool,
    pub(crate) pcap: Option<String>,
    pub(crate) instant: bool,
}

/// Parses the options after the program name.
pub(crate) fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        mode: Mode::Interactive,
        seed: 1,
        json: false,
        pcap: None,
        instant: false,
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-c" => {
                let line = args.next().ok_or("-c: option requires an argument")?;
                parsed.mode = Mode::Command(line, args.by_ref().collect());
            }
            "--seed" => {
                let value = args.next().ok_or("--seed: option requires an argument")?;
                parsed.seed = value
                    .parse()
                    .map_err(|_| format!("--seed: invalid number '{value}'"))?;
            }
            "--pcap" => {
                parsed.pcap = Some(args.next().ok_or("--pcap: option requires an argument")?);
            }
            "--json" => parsed.json = true,
            "--instant" => parsed.instant = true,
            "-h" | "--help" => parsed.mode = Mode::Help,
            other if other.starts_with('-') => return Err(format!("unknown option '{other}'")),
            file => {
                parsed.mode = Mode::Script(String::from(file), args.by_ref().collect());
            }
        }
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(a: &[&str]) -> Result<Args, String> {
        parse(a.iter().map(|s| s.to_string()))
    }

    #[test]
    fn options() {
        let plain = parse_strs(&[]).unwrap();
        assert_eq!(plain.mode, Mode::Interactive);
        assert_eq!(
            (plain.seed, plain.json, plain.pcap, plain.instant),
            (1, false, None, false)
        );
        let a = parse_strs(&[
            "--seed",
            "7",
            "--json",
            "--pcap",
            "/tmp/x.pcap",
            "-c",
            "echo hi",
        ])
        .unwrap();
        assert_eq!(a.mode, Mode::Command("echo hi".into(), Vec::new()));
        assert_eq!(
            parse_strs(&["-c", "echo $0 $1", "me", "x"]).unwrap().mode,
            Mode::Command("echo $0 $1".into(), vec!["me".into(), "x".into()])
        );
        assert_eq!(
            parse_strs(&["run.sh", "a"]).unwrap().mode,
            Mode::Script("run.sh".into(), vec!["a".into()])
        );
        assert_eq!(
            (a.seed, a.json, a.pcap.as_deref()),
            (7, true, Some("/tmp/x.pcap"))
        );
        assert_eq!(
            parse_strs(&["-c"]).unwrap_err(),
            "-c: option requires an argument"
        );
        assert_eq!(
            parse_strs(&["--seed", "x"]).unwrap_err(),
            "--seed: invalid number 'x'"
        );
        assert_eq!(
            parse_strs(&["--pcap"]).unwrap_err(),
            "--pcap: option requires an argument"
        );
        assert_eq!(
            parse_strs(&["--bogus"]).unwrap_err(),
            "unknown option '--bogus'"
        );
    }
}
