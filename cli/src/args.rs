//! Command-line options of `lolab`.

/// The usage text.
pub(crate) const USAGE: &str =
    "usage: lolab [--seed N] [--json] [--pcap FILE] [--instant] [-c COMMANDS]

  -c COMMANDS   run one command line in the lab and exit with its status
  --seed N      seed the lab's random choices (default 1)
  --json        print one JSON object per command line: the line, stdout,
                stderr, exit status and the trace events it caused
  --pcap FILE   on exit, write every captured packet to FILE (pcap, opens
                in Wireshark and tshark)
  --instant     at the interactive prompt, run commands in virtual time
                instead of at the real tools' pace
  -h, --help    show this help

Without -c, lolab reads command lines from the terminal (a prompt, history,
Ctrl-C) or, when standard input is not a terminal, one per line from it.
With -c or standard input, commands run in virtual time and finish at once;
one that never ends by itself is stopped after an hour of virtual time, or
after a bounded amount of work (a flood), within about a second.";

/// What to do.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    Interactive,
    Command(String),
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
                parsed.mode = Mode::Command(line);
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
            other => return Err(format!("unknown option '{other}'")),
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
        assert_eq!(a.mode, Mode::Command("echo hi".into()));
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
