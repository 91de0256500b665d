//! The engine against coreutils 9.1's `/usr/bin/printf`, recorded on
//! Linux 6.18, Debian 12, LANG=C.UTF-8 (each case: format, arguments,
//! standard output, diagnostics, status).

use super::*;

fn run(fmt: &str, args: &[&str]) -> (String, Vec<String>, i32) {
    let args: Vec<String> = args.iter().map(|a| String::from(*a)).collect();
    let p = format(fmt, &args);
    let errs = p
        .pieces
        .iter()
        .filter_map(|x| match x {
            Piece::Err(e) => Some(e.clone()),
            Piece::Out(_) => None,
        })
        .collect();
    (
        String::from_utf8_lossy(&p.stdout()).into_owned(),
        errs,
        p.status,
    )
}

#[track_caller]
fn check(fmt: &str, args: &[&str], stdout: &str, errs: &[&str], status: i32) {
    let want: Vec<String> = errs.iter().map(|e| String::from(*e)).collect();
    assert_eq!(
        run(fmt, args),
        (String::from(stdout), want, status),
        "printf {fmt:?} {args:?}"
    );
}

#[test]
fn conversions() {
    check(
        "%s-%d\\n",
        &["a", "1", "b", "2", "c"],
        "a-1\nb-2\nc-0\n",
        &[],
        0,
    );
    check(
        "%5s|%-5s|%.2s\\n",
        &["ab", "cd", "efgh"],
        "   ab|cd   |ef\n",
        &[],
        0,
    );
    check(
        "%05d|%-5d|%+d|% d|%x|%X|%o|%#x|%#o\\n",
        &["42", "42", "42", "42", "255", "255", "8", "255", "8"],
        "00042|42   |+42| 42|ff|FF|10|0xff|010\n",
        &[],
        0,
    );
    check("%i %d\\n", &["0x10", "010"], "16 8\n", &[], 0);
    check("%c%c\\n", &["hello", "w"], "hw\n", &[], 0);
    check("%b\\n", &["a\\tb\\nc\\0101"], "a\tb\ncA\n", &[], 0);
    check(
        "%q\\n",
        &["a b", "it's", "", "x$y"],
        "'a b'\n\"it's\"\n''\n'x$y'\n",
        &[],
        0,
    );
    check("%%\\n", &[], "%\n", &[], 0);
    check(
        "%.3f %e %g %10.2f\\n",
        &["3.14159", "1234.5", "0.0001", "2.5"],
        "3.142 1.234500e+03 0.0001       2.50\n",
        &[],
        0,
    );
    check("a\\x41\\101\\u00e9\\c b", &[], "aAAé", &[], 0);
    check("%s\\n", &[], "\n", &[], 0);
    check("%d\\n", &[], "0\n", &[], 0);
    check("%5.1s|\\n", &["abc"], "    a|\n", &[], 0);
    check("%*d|\\n", &["5", "3"], "    3|\n", &[], 0);
    check("%-+5d|\\n", &["3"], "+3   |\n", &[], 0);
    check("%x\\n", &["-1"], "ffffffffffffffff\n", &[], 0);
    check("%u\\n", &["-1"], "18446744073709551615\n", &[], 0);
    check("%s %s %s\\n", &["a", "b", "c", "d"], "a b c\nd  \n", &[], 0);
    check(
        "%.0f %.1f %f\\n",
        &["2.5", "0.05", "1e3"],
        "2 0.1 1000.000000\n",
        &[],
        0,
    );
    check("%-*s|\\n", &["-5", "ab"], "ab   |\n", &[], 0);
    check("%.*d|\\n", &["3", "7"], "007|\n", &[], 0);
    check("%ld %lld %hd\\n", &["1", "2", "3"], "1 2 3\n", &[], 0);
    check("%a\\n", &["1"], "0x8p-3\n", &[], 0);
    check("%G %E\\n", &["1e-10", "5"], "1E-10 5.000000E+00\n", &[], 0);
    check("%5c|\\n", &["a"], "    a|\n", &[], 0);
    check(
        "%#.3g|%g|%g\\n",
        &["1", "100000", "1000000"],
        "1.00|100000|1e+06\n",
        &[],
        0,
    );
    check("%f\\n", &["inf", "nan", "-inf"], "inf\nnan\n-inf\n", &[], 0);
    check(
        "%08.3f|%-08d|\\n",
        &["3.14159", "5"],
        "0003.142|5       |\n",
        &[],
        0,
    );
    check("%.3x|%#X|%#o\\n", &["10", "0", "0"], "00a|0|0\n", &[], 0);
    check("%.*s|\\n", &["-1", "abc"], "abc|\n", &[], 0);
    check("\\q\\n", &[], "\\q\n", &[], 0);
}

#[test]
fn complaints() {
    check(
        "%d\\n",
        &["x"],
        "0\n",
        &["‘x’: expected a numeric value"],
        1,
    );
    check(
        "%d\\n",
        &["3x"],
        "3\n",
        &["‘3x’: value not completely converted"],
        1,
    );
    check("%d\\n", &["'a"], "97\n", &[], 0);
    check(
        "%d\\n",
        &["\"ab"],
        "97\n",
        &["warning: b: character(s) following character constant have been ignored"],
        0,
    );
    check(
        "%d\\n",
        &["99999999999999999999"],
        "9223372036854775807\n",
        &["‘99999999999999999999’: Numerical result out of range"],
        1,
    );
    check(
        "%z\\n",
        &["1"],
        "",
        &["%z\\: invalid conversion specification"],
        1,
    );
    check("%y", &[], "", &["%y: invalid conversion specification"], 1);
    check(
        "ab%",
        &[],
        "ab",
        &["%: invalid conversion specification"],
        1,
    );
    check(
        "%5%|\\n",
        &[],
        "",
        &["%5%: invalid conversion specification"],
        1,
    );
    check(
        "%5b|\\n",
        &["ab"],
        "",
        &["%5b: invalid conversion specification"],
        1,
    );
    check(
        "%#d\\n",
        &["3"],
        "",
        &["%#d: invalid conversion specification"],
        1,
    );
    check(
        "\\x\\n",
        &[],
        "",
        &["missing hexadecimal number in escape"],
        1,
    );
    check(
        "\\u0041",
        &[],
        "",
        &["invalid universal character name \\u0041"],
        1,
    );
    check(
        "abc\\n",
        &["extra"],
        "abc\n",
        &["warning: ignoring excess arguments, starting with ‘extra’"],
        0,
    );
    check(
        "%d %d\\n",
        &["1", "x", "2", "y"],
        "1 0\n2 0\n",
        &[
            "‘x’: expected a numeric value",
            "‘y’: expected a numeric value",
        ],
        1,
    );
    check(
        "%*d\\n",
        &["x", "3"],
        "3\n",
        &["‘x’: expected a numeric value"],
        1,
    );
    check("%b|\\n", &["x\\cy", "z"], "x", &[], 0);
    check(
        "%f\\n",
        &["x"],
        "0.000000\n",
        &["‘x’: expected a numeric value"],
        1,
    );
}

#[test]
fn bounded() {
    let p = format("%99999999999d", &[String::from("1")]);
    assert!(p.stdout().len() <= FIELD_LIMIT + 1);
}
