//! Command-line options of `lolab`.

/// The usage text.
pub(crate) const USAGE: &str = "usage: lolab [--seed N] [-c COMMANDS]\n\n  -c COMMANDS   run one command line in the lab and exit with its status\n  --seed N      seed the lab's random choices (default 1)\n  -h, --help    show this help\n\nWithout -c, lolab reads command lines from the terminal (a prompt, history,\nCtrl-C) or, when standard input is not a terminal, one per line from it.";

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
}

/// Parses the options after the program name.
pub(crate) fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        mode: Mode::Interactive,
        seed: 1,
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
        assert_eq!(
            parse_strs(&[]).unwrap(),
            Args {
                mode: Mode::Interactive,
                seed: 1
            }
        );
        assert_eq!(
            parse_strs(&["--seed", "7", "-c", "echo hi"]).unwrap(),
            Args {
                mode: Mode::Command("echo hi".into()),
                seed: 7
            }
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
            parse_strs(&["--bogus"]).unwrap_err(),
            "unknown option '--bogus'"
        );
    }
}
