//! Bad arguments never panic the coreutils family: random words (options,
//! numbers, formats, sets, lists) after each of its programs, piped or
//! not, always end and leave the lab usable.
#![cfg(not(target_arch = "wasm32"))]

use lolab_core::{Duration, Lab, LabConfig};
use proptest::prelude::*;

const PROGRAMS: &[&str] = &[
    "printf",
    "seq",
    "basename",
    "dirname",
    "cut",
    "tr",
    "nl",
    "tac",
    "rev",
    "date",
    "id",
    "groups",
    "md5sum",
    "sha1sum",
    "sha256sum",
];

const WORDS: &[&str] = &[
    "-",
    "--",
    "-s",
    "-w",
    "-f",
    "-d",
    "-c",
    "-b",
    "-n",
    "-u",
    "-g",
    "-G",
    "-I",
    "-R",
    "-v",
    "-i",
    "-t",
    "-z",
    "-a",
    "--version",
    "--help",
    "--complement",
    "--output-delimiter=",
    "%",
    "%d",
    "%s",
    "%b",
    "%q",
    "%*.*d",
    "%-08.3f",
    "%z",
    "%5%",
    "%c",
    "%a",
    "%99999999999d",
    "\\",
    "\\x",
    "\\u12",
    "\\0777",
    "\\c",
    "'",
    "'a",
    "\"",
    "1",
    "0",
    "-1",
    "1e308",
    "1e-308",
    "nan",
    "inf",
    "0x",
    "0.1",
    "3-1",
    "1-",
    "-3",
    ",",
    "1,2",
    "a-z",
    "z-a",
    "[:upper:]",
    "[:lower:]",
    "[:foo:]",
    "[x*]",
    "[x*999999999]",
    "[=a=]",
    "@",
    "@x",
    "@-99999999999999",
    "tomorrow",
    "+%s%N%:z%-_^#10Y",
    "/etc/hosts",
    "nosuch",
    "/",
    "",
    "user",
    "root",
    "é",
    "ln",
    "rz",
    "x",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn never_panics(
        program in 0..PROGRAMS.len(),
        words in prop::collection::vec(0..WORDS.len(), 0..6),
        piped in any::<bool>(),
    ) {
        let mut line = String::new();
        if piped {
            line.push_str("echo 'a:b c\td' | ");
        }
        line.push_str(PROGRAMS[program]);
        for w in words {
            line.push_str(" '");
            line.push_str(&WORDS[w].replace('\'', "'\\''"));
            line.push('\'');
        }
        let mut lab = Lab::new(LabConfig::default());
        let r = lab.run_for(&line, Duration::from_secs(5));
        prop_assert!(r.status >= 0);
        prop_assert_eq!(lab.run("echo ok").stdout(), "ok\n");
    }
}

const AWK_TOKENS: &[&str] = &[
    "BEGIN",
    "END",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ";",
    "\n",
    ",",
    "$",
    "$0",
    "$1",
    "$NF",
    "NF",
    "NR",
    "x",
    "a[1]",
    "a",
    "=",
    "+=",
    "++",
    "--",
    "+",
    "-",
    "*",
    "/",
    "%",
    "^",
    "!",
    "<",
    ">",
    ">>",
    "==",
    "~",
    "!~",
    "&&",
    "||",
    "?",
    ":",
    "in",
    "if",
    "else",
    "while",
    "for",
    "do",
    "break",
    "next",
    "exit",
    "return",
    "delete",
    "getline",
    "print",
    "printf",
    "function f(p)",
    "f(1)",
    "length",
    "substr(",
    "split(",
    "gsub(/a/,",
    "sprintf(",
    "\"%d %s\"",
    "\"a\"",
    "1",
    "0",
    "-1",
    "1e308",
    "/a+/",
    "/[/",
    "/(/",
    "\"",
    "#",
    "\\",
    "OFS",
    "FS=\",\"",
    "$(-1)",
    "$99999999",
    "-u",
    "-U",
    "-q",
    "/etc/passwd",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    /// Random awk programs (mostly syntax errors, some that run) never
    /// panic and always end.
    #[test]
    fn awk_never_panics(tokens in prop::collection::vec(0..AWK_TOKENS.len(), 0..14), piped in any::<bool>()) {
        let program: Vec<&str> = tokens.iter().map(|t| AWK_TOKENS[*t]).collect();
        let program = program.join(" ").replace('\'', "");
        let mut line = String::new();
        if piped {
            line.push_str("printf 'a b\\nc,d\\n' | ");
        }
        line.push_str(&format!("awk '{program}'"));
        let mut lab = Lab::new(LabConfig::default());
        let r = lab.run_for(&line, Duration::from_secs(5));
        prop_assert!(r.status >= 0);
        prop_assert_eq!(lab.run("echo ok").stdout(), "ok\n");
    }
}

/// Programs nested or chained far past what anyone writes are refused
/// (or run) without exhausting the stack.
#[test]
fn awk_deep_programs() {
    let mut lab = Lab::new(LabConfig::default());
    for program in [
        "BEGIN { print ".to_string() + &"(".repeat(5000) + "1" + &")".repeat(5000) + " }",
        "BEGIN { x = 1".to_string() + &" 1".repeat(20000) + " }",
        "BEGIN { x = 2".to_string() + &"^2".repeat(20000) + " }",
        "BEGIN { x = 1".to_string() + &"+1".repeat(20000) + " }",
        "BEGIN ".to_string() + &"{".repeat(5000) + &"}".repeat(5000),
        "BEGIN { ".to_string() + &"if (1) ".repeat(5000) + "print }",
        "BEGIN { x = ".to_string() + &"!".repeat(20000) + "1 }",
        "BEGIN { x = ".to_string() + &"-".repeat(20000) + "1 }",
    ] {
        let r = lab.run(&format!("awk '{program}'"));
        assert!(r.status == 0 || r.status == 2, "{}", &program[..40]);
    }
    assert_eq!(lab.run("echo ok").stdout(), "ok\n");
}
