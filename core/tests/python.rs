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

/// The real python3: Debian 12's (3.11.2) where installed, else the one
/// on `$PATH`.
fn python3() -> Option<&'static str> {
    if std::path::Path::new("/usr/bin/python3").exists() {
        return Some("/usr/bin/python3");
    }
    std::process::Command::new("python3")
        .arg("-V")
        .output()
        .ok()
        .map(|_| "python3")
}

/// No processes under WASI: the comparison is skipped there.
#[cfg(not(unix))]
fn run_real(_name: &str, _src: &str) -> Option<(String, String, i32)> {
    None
}

/// Runs the real python3 on the same file, if there is one.
#[cfg(unix)]
fn run_real(name: &str, src: &str) -> Option<(String, String, i32)> {
    let dir = std::env::temp_dir().join(format!("lolab-py-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    std::fs::write(dir.join(name), src).ok()?;
    let out = std::process::Command::new(python3()?)
        .arg(name)
        .current_dir(&dir)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .ok()?;
    let _ = std::fs::remove_dir_all(&dir);
    // The script's directory is the lab user's home there.
    let here = dir.to_string_lossy().into_owned();
    let fix = |b: &[u8]| String::from_utf8_lossy(b).replace(&here, "/home/user");
    Some((
        fix(&out.stdout),
        fix(&out.stderr),
        out.status.code().unwrap_or(-1),
    ))
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
    (
        "chained.py",
        "try:\n    1 / 0\nexcept ZeroDivisionError:\n    raise ValueError('while handling')\n",
    ),
    (
        "cause.py",
        "try:\n    {}['k']\nexcept KeyError as e:\n    raise RuntimeError('lookup failed') from e\n",
    ),
    ("assert.py", "x = 3\nassert x == 4, f'x is {x}'\n"),
    (
        "custom.py",
        "class AppError(Exception):\n    pass\ndef run():\n    raise AppError('boom')\nrun()\n",
    ),
    ("exit3.py", "import sys\nprint('out')\nsys.exit(3)\n"),
    ("exitmsg.py", "import sys\nsys.exit('fatal: no config')\n"),
    ("unbound.py", "def f():\n    print(v)\n    v = 1\nf()\n"),
    ("type.py", "x = 'a' + 1\n"),
    ("index.py", "l = [1, 2]\nprint(l[5])\n"),
    ("int.py", "n = int('abc')\n"),
    (
        "method.py",
        "class C:\n    def m(self):\n        return self.missing\nC().m()\n",
    ),
    (
        "reraise.py",
        "try:\n    [].pop()\nexcept IndexError:\n    print('cleanup')\n    raise\n",
    ),
    (
        "nested_call.py",
        "def a():\n    b()\ndef b():\n    c = None\n    c.x = 1\na()\n",
    ),
    ("tuple.py", "a, b = (1, 2, 3)\n"),
    ("decode.py", "b'\\xff'.decode()\n"),
    (
        "nonlocal_print.py",
        "print('partial', end='')\nraise SystemExit(2)\n",
    ),
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

const ECHO_SERVER: &str = "import socket
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(('127.0.0.2', 9000))
    s.listen()
    print('listening on', s.getsockname(), flush=True)
    while True:
        conn, addr = s.accept()
        with conn:
            print('connection from', addr[0], flush=True)
            while True:
                data = conn.recv(1024)
                if not data:
                    break
                conn.sendall(data.upper())
";

const ECHO_CLIENT: &str = "import socket
with socket.create_connection(('127.0.0.2', 9000)) as c:
    c.sendall(b'hello')
    print(c.recv(1024))
";

#[test]
fn echo_server_on_127_0_0_2_answers_a_client_and_nc() {
    let mut lab = lab_with("server.py", ECHO_SERVER);
    lab.host_mut()
        .files
        .write("/home/user/client.py", ECHO_CLIENT, false, true)
        .unwrap();
    let r = lab.run("python3 server.py &");
    assert_eq!(r.status, 0);
    assert!(
        r.stdout().contains("listening on ('127.0.0.2', 9000)\n"),
        "{}",
        r.stdout()
    );
    // The server's log shares the terminal: the kernel picks 127.0.0.1 as
    // the client's source (the local route's `src`).
    let r = lab.run("python3 client.py");
    assert_eq!(
        r.stdout(),
        "connection from 127.0.0.1\nb'HELLO'\n",
        "{:?}",
        r.stderr()
    );
    assert_eq!(r.status, 0);
    let r = lab.run("echo ping | nc -N 127.0.0.2 9000");
    assert_eq!(
        r.stdout(),
        "connection from 127.0.0.1\nPING\n",
        "{}",
        r.stderr()
    );
    let r = lab.run("ss -tlnp");
    assert!(r.stdout().contains("127.0.0.2:9000"), "{}", r.stdout());
    assert!(
        r.stdout().contains("users:((\"python3\",pid="),
        "{}",
        r.stdout()
    );
}

/// Socket errors as Debian 12's python3 (3.11.2, /usr/bin/python3)
/// printed them, recorded on Linux 6.18 in a network namespace of our own
/// (`ip netns add python1; ip -n python1 link set lo up; ip netns exec
/// python1 /usr/bin/python3 /tmp/pyrec/s.py`, the permission cases under
/// `setpriv --reuid=65534`); the script's path is the lab user's.
/// The name lookup was recorded on the host, whose resolver answers
/// NXDOMAIN as the lab's router does (the namespace has no DNS: -3).
const SOCKET_ERRORS: &[(&str, &str, &str)] = &[
    (
        "import socket\ns = socket.socket()\ns.connect(('127.0.0.1', 59999))\n",
        "",
        "Traceback (most recent call last):
  File \"/home/user/s.py\", line 3, in <module>
    s.connect(('127.0.0.1', 59999))
ConnectionRefusedError: [Errno 111] Connection refused
",
    ),
    (
        "import socket\na = socket.socket()\na.bind(('127.0.0.1', 8080))\na.listen()\nb = socket.socket()\nb.bind(('127.0.0.1', 8080))\n",
        "",
        "Traceback (most recent call last):
  File \"/home/user/s.py\", line 6, in <module>
    b.bind(('127.0.0.1', 8080))
OSError: [Errno 98] Address already in use
",
    ),
    (
        "import socket\ns = socket.socket()\ns.bind(('192.0.2.1', 8080))\n",
        "",
        "Traceback (most recent call last):
  File \"/home/user/s.py\", line 3, in <module>
    s.bind(('192.0.2.1', 8080))
OSError: [Errno 99] Cannot assign requested address
",
    ),
    (
        "import socket\nsocket.gethostbyname('nonexistent.invalid')\n",
        "",
        "Traceback (most recent call last):
  File \"/home/user/s.py\", line 2, in <module>
    socket.gethostbyname('nonexistent.invalid')
socket.gaierror: [Errno -2] Name or service not known
",
    ),
    (
        "import socket\ns = socket.socket()\ns.bind(('127.0.0.1', 8081))\ns.listen()\ns.settimeout(0.5)\ns.accept()\n",
        "",
        "Traceback (most recent call last):
  File \"/home/user/s.py\", line 6, in <module>
    s.accept()
  File \"/usr/lib/python3.11/socket.py\", line 294, in accept
    fd, addr = self._accept()
               ^^^^^^^^^^^^^^
TimeoutError: timed out
",
    ),
    (
        "import socket\nsrv = socket.create_server(('127.0.0.1', 8082))\nc = socket.create_connection(('127.0.0.1', 8082), timeout=0.3)\nc.recv(10)\n",
        "",
        "Traceback (most recent call last):
  File \"/home/user/s.py\", line 4, in <module>
    c.recv(10)
TimeoutError: timed out
",
    ),
    (
        "import socket\ns = socket.socket()\ns.bind(('0.0.0.0', 80))\n",
        "",
        "Traceback (most recent call last):
  File \"/home/user/s.py\", line 3, in <module>
    s.bind(('0.0.0.0', 80))
PermissionError: [Errno 13] Permission denied
",
    ),
    (
        "import socket\nsocket.create_server(('', 443))\n",
        "",
        "Traceback (most recent call last):
  File \"/home/user/s.py\", line 2, in <module>
    socket.create_server(('', 443))
  File \"/usr/lib/python3.11/socket.py\", line 934, in create_server
    raise error(err.errno, msg) from None
PermissionError: [Errno 13] Permission denied (while attempting to bind on address ('', 443))
",
    ),
    (
        "import socket\ns = socket.socket()\nprint(s.connect_ex(('127.0.0.1', 59999)))\n",
        "111\n",
        "",
    ),
    (
        "import socket\nsocket.create_connection(('localhost', 59999))\n",
        "",
        "Traceback (most recent call last):
  File \"/home/user/s.py\", line 2, in <module>
    socket.create_connection(('localhost', 59999))
  File \"/usr/lib/python3.11/socket.py\", line 851, in create_connection
    raise exceptions[0]
  File \"/usr/lib/python3.11/socket.py\", line 836, in create_connection
    sock.connect(sa)
ConnectionRefusedError: [Errno 111] Connection refused
",
    ),
    (
        "import socket\ns = socket.socket()\ns.setblocking(False)\ns.bind(('127.0.0.1', 8083))\ns.listen()\ns.accept()\n",
        "",
        "Traceback (most recent call last):
  File \"/home/user/s.py\", line 6, in <module>
    s.accept()
  File \"/usr/lib/python3.11/socket.py\", line 294, in accept
    fd, addr = self._accept()
               ^^^^^^^^^^^^^^
BlockingIOError: [Errno 11] Resource temporarily unavailable
",
    ),
    (
        "import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.bind(('127.0.0.1', 9999))\nc = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nc.sendto(b'hi', ('127.0.0.1', 9999))\nprint(s.recvfrom(100)[0])\nc.connect(('127.0.0.1', 9998))\nc.send(b'x')\nc.recv(10)\n",
        "b'hi'\n",
        "Traceback (most recent call last):
  File \"/home/user/s.py\", line 9, in <module>
    c.recv(10)
ConnectionRefusedError: [Errno 111] Connection refused
",
    ),
    (
        "import socket\ns = socket.create_server(('::', 8084), family=socket.AF_INET6, dualstack_ipv6=True)\nprint(s)\nc = socket.create_connection(('127.0.0.1', 8084))\nconn, addr = s.accept()\nprint(addr[0], addr[2:], conn.getsockname()[:2], c.getpeername())\n",
        "<socket.socket fd=3, family=10, type=1, proto=0, laddr=('::', 8084, 0, 0)>\n::ffff:127.0.0.1 (0, 0) ('::ffff:127.0.0.1', 8084) ('127.0.0.1', 8084)\n",
        "",
    ),
];

#[test]
fn socket_errors_as_recorded() {
    let mut failures = Vec::new();
    for (src, out, err) in SOCKET_ERRORS {
        let mut lab = lab_with("s.py", src);
        let r = lab.run("python3 s.py");
        let want = if err.is_empty() { 0 } else { 1 };
        if (r.stdout().as_str(), r.stderr().as_str(), r.status) != (*out, *err, want) {
            failures.push(format!(
                "{src}\n lab: {:?} {:?} {}\nreal: {out:?} {err:?} {want}",
                r.stdout(),
                r.stderr(),
                r.status
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `python3 -i` with lines on a pipe: the prompt's session, compared with
/// the real one (prompts and banner on stderr, values on stdout).
#[test]
fn prompt_session_matches_cpython() {
    let Some(py) = python3() else {
        eprintln!("skipped: no python3 on this machine");
        return;
    };
    let input = "1+1\nx = 5\nif x:\n    print('yes')\n\nfor i in range(2):\n    i\n\nundefined\n'a'\nNone\nprint(1,\n 2)\nx y\nimport sys\nsys.version_info[:2]\nx=(\n";
    let mut child = std::process::Command::new(py)
        .arg("-i")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let mut lab = lab_with("in.txt", input);
    let r = lab.run("python3 -i < in.txt");
    assert_eq!(r.stdout(), String::from_utf8_lossy(&out.stdout));
    assert_eq!(r.stderr(), String::from_utf8_lossy(&out.stderr));
    assert_eq!(r.status, out.status.code().unwrap());
}

/// Pieces of programs, valid and not, that random programs are made of:
/// loops that never end, recursion, growth, sockets that block, syntax
/// errors, self-referencing containers.
const FRAGMENTS: &[&str] = &[
    "x = 1",
    "x = x + 1",
    "print(x)",
    "l = [1, 2, 3]",
    "l.append(l)",
    "l = l + l",
    "l = l * 1000",
    "d = {}",
    "d[str(x)] = l",
    "x = [x, x]",
    "t = (x, x)",
    "print(repr(x)[:50])",
    "print(x == [x, x])",
    "s = 'abc' * 1000",
    "s = s * 1000",
    "def f(a, b=2):\n    return f(a, b)",
    "f(1)",
    "while True:\n    pass",
    "while True:\n    x = [x]",
    "for i in range(10 ** 6):\n    x = (x,)",
    "for i in range(10 ** 6):\n    d = {1: d}",
    "for i in range(10 ** 9):\n    l.append(i)",
    "import socket",
    "c = socket.socket()",
    "c.connect(('127.0.0.1', 80))",
    "c.bind(('127.0.0.1', 0))",
    "c.listen()",
    "c.accept()",
    "c.recv(10)",
    "c.settimeout(0.01)",
    "import time\ntime.sleep(0.5)",
    "try:\n    1 / 0\nexcept Exception as e:\n    print(e)",
    "raise ValueError(x)",
    "class C:\n    def __init__(self):\n        self.c = self\n    def __repr__(self):\n        return repr(self)",
    "o = C()",
    "print(o)",
    "input()",
    "import sys\nsys.exit(2)",
    "(((",
    ")",
    "lambda:",
    "f'{x!z}'",
    "b'\\xff'.decode()",
    "del x",
    "global x",
    "assert False",
    "yield 1",
    "@f\ndef g(): pass",
    "with c:\n    pass",
    "if x:",
    "    indented",
    "x = {1: {2: {3: x}}}",
    "x = sorted([3, 1, 2], key=lambda v: sorted(l))",
    "socket.create_connection(('nothere.invalid', 80))",
    "print(*l)",
    "'%s %s' % (x,)",
    "x = 2 ** 62 * 4",
    "import requests",
];

/// The lab with a small work budget, so a program that never ends is
/// stopped quickly.
fn small_lab() -> Lab {
    Lab::new(LabConfig {
        line_work_budget: 20_000,
        ..LabConfig::default()
    })
}

#[test]
fn random_programs_never_panic_and_always_end() {
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    for _ in 0..160 {
        let n = 1 + (next() % 8) as usize;
        let mut src = String::new();
        for _ in 0..n {
            src.push_str(FRAGMENTS[(next() % FRAGMENTS.len() as u64) as usize]);
            src.push('\n');
        }
        let mut lab = small_lab();
        lab.host_mut()
            .files
            .write("/home/user/r.py", &src, false, true)
            .unwrap();
        let r = lab.run_for("python3 r.py", lolab_core::Duration::from_secs(30));
        // It ended (by itself or stopped), and the lab still answers.
        assert!(r.status >= 0, "{src}");
        assert_eq!(lab.run("echo ok").stdout(), "ok\n", "{src}");
    }
}

#[test]
fn random_text_never_panics_the_compiler() {
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let alphabet: Vec<char> = "abcxyz019 _()[]{}:;,.=+-*/%<>!&|^~@'\"\\\n\t#fbr"
        .chars()
        .collect();
    for _ in 0..400 {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let len = (rng % 80) as usize;
        let mut src = String::new();
        let mut r = rng;
        for _ in 0..len {
            r = r
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            src.push(alphabet[(r >> 33) as usize % alphabet.len()]);
        }
        let mut lab = small_lab();
        lab.host_mut()
            .files
            .write("/home/user/r.py", &src, false, true)
            .unwrap();
        let r = lab.run_for("python3 r.py", lolab_core::Duration::from_secs(5));
        assert!(r.status >= 0, "{src:?}");
    }
}

/// Ctrl-C while a server waits in accept() or a script in time.sleep(),
/// as Debian 12's python3 reports it (recorded in the netns `python1`,
/// SIGINT sent after a second; status -2 there, 130 for bash).
#[test]
fn ctrl_c_in_accept_and_sleep() {
    let accept = "import socket\ns = socket.socket()\ns.bind(('127.0.0.1', 9100))\ns.listen()\nconn, addr = s.accept()\n";
    let mut lab = lab_with("k.py", accept);
    let r = lab.run_for("python3 k.py", lolab_core::Duration::from_secs(1));
    assert!(r.interrupted);
    assert_eq!(
        r.stderr(),
        "Traceback (most recent call last):
  File \"/home/user/k.py\", line 5, in <module>
    conn, addr = s.accept()
                 ^^^^^^^^^^
  File \"/usr/lib/python3.11/socket.py\", line 294, in accept
    fd, addr = self._accept()
               ^^^^^^^^^^^^^^
KeyboardInterrupt
"
    );
    assert_eq!(r.status, 130);
    let sleep = "import time\nprint('start', flush=True)\ntime.sleep(30)\n";
    let mut lab = lab_with("k2.py", sleep);
    let r = lab.run_for("python3 k2.py", lolab_core::Duration::from_secs(1));
    assert_eq!(r.stdout(), "start\n");
    assert_eq!(
        r.stderr(),
        "Traceback (most recent call last):
  File \"/home/user/k2.py\", line 3, in <module>
    time.sleep(30)
KeyboardInterrupt
"
    );
}

/// The ways a program reaches the interpreter: `-c` with arguments, a
/// script piped to `python3` or to `python3 -`, `-V`.
#[test]
fn command_line_forms() {
    let mut lab = Lab::new(LabConfig::default());
    let r = lab.run("echo 'print(6 * 7)' | python3");
    assert_eq!(r.stdout(), "42\n");
    let r = lab.run("echo 'import sys; print(sys.argv)' | python3 - a b");
    assert_eq!(r.stdout(), "['-', 'a', 'b']\n");
    let r = lab.run("python3 -c 'import sys; print(sys.argv)' x y");
    assert_eq!(r.stdout(), "['-c', 'x', 'y']\n");
    let r = lab.run("python3 -V");
    assert_eq!(r.stdout(), "Python 3.11.2\n");
    let r = lab.run("python3 nothere.py");
    assert_eq!(
        (r.stderr().as_str(), r.status),
        (
            "python3: can't open file '/home/user/nothere.py': [Errno 2] No such file or directory\n",
            2
        )
    );
    let r = lab.run("python3 -z");
    assert_eq!(r.status, 2);
    assert!(r.stderr().starts_with("Unknown option: -z\n"));
    // The subject's check, as the issue states it.
    let r = lab
        .run("python3 -c \"import socket; s = socket.socket(); s.connect(('127.0.0.1', 59999))\"");
    assert_eq!(
        (r.stderr().as_str(), r.status),
        (
            "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\nConnectionRefusedError: [Errno 111] Connection refused\n",
            1
        )
    );
}
