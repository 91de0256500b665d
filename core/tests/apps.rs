//! Golden transcripts of the network tools against real Debian 12 output.
//! The real runs (script + raw output) are in tests/fixtures/apps/; each
//! test quotes the part it compares. Varying values are normalised.

use lolab_core::{Lab, LabConfig};

fn lab() -> Lab {
    let mut lab = Lab::new(LabConfig::default());
    lab.host_mut()
        .files
        .write("/home/user/hello.txt", "hello\n", false, true)
        .unwrap();
    // The recordings were made in a directory holding hello.txt alone; a
    // fresh home also has Debian's dotfiles, which http.server would list.
    for dotfile in [".bash_logout", ".bashrc", ".profile"] {
        lab.host_mut()
            .files
            .unlink(
                lolab_core::host::files::Cred::ROOT,
                &format!("/home/user/{dotfile}"),
            )
            .unwrap();
    }
    lab
}

/// Replaces the values that vary between runs.
fn norm(s: &str) -> String {
    let mut out = String::new();
    for line in s.split_inclusive('\n') {
        let mut l = line.to_string();
        for key in ["< Date: ", "< Last-Modified: ", "Date: ", "Last-Modified: "] {
            if l.starts_with(key) {
                let end = if l.ends_with("\r\n") { "\r\n" } else { "\n" };
                l = format!("{key}DATE{end}");
            }
        }
        if let Some(i) = l.find(" after ")
            && let Some(j) = l[i + 7..].find(" ms")
        {
            l = format!("{} after N{}", &l[..i], &l[i + 7 + j..]);
        }
        if let (Some(a), Some(b)) = (l.find(" - - ["), l.find("] ")) {
            l = format!("{} - - [DATE{}", &l[..a], &l[b..]);
        }
        out.push_str(&l);
    }
    out
}

/// Only curl's own stderr lines (drops the server's log and job lines).
fn curl_lines(s: &str) -> String {
    s.split_inclusive('\n')
        .filter(|l| {
            ["* ", "> ", "< ", "{ ", "} ", "curl: "]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .collect()
}

#[test]
fn curl_falls_back_to_v6_when_server_is_on_v6_only() {
    // real_run_3.txt, "### B ::1 only": curl -sv http://localhost:8000/hello.txt
    let real = "*   Trying 127.0.0.1:8000...\n\
* connect to 127.0.0.1 port 8000 failed: Connection refused\n\
*   Trying [::1]:8000...\n\
* Connected to localhost (::1) port 8000 (#0)\n\
> GET /hello.txt HTTP/1.1\r\n\
> Host: localhost:8000\r\n\
> User-Agent: curl/7.88.1\r\n\
> Accept: */*\r\n\
> \r\n\
* HTTP 1.0, assume close after body\n\
< HTTP/1.0 200 OK\r\n\
< Server: SimpleHTTP/0.6 Python/3.11.2\r\n\
< Date: Fri, 27 Nov 2026 00:48:16 GMT\r\n\
< Content-type: text/plain\r\n\
< Content-Length: 6\r\n\
< Last-Modified: Fri, 27 Nov 2026 00:37:23 GMT\r\n\
< \r\n\
{ [6 bytes data]\n\
* Closing connection 0\n";
    let mut lab = lab();
    lab.run("python3 -m http.server 8000 --bind ::1 &");
    let r = lab.run("curl -sv http://localhost:8000/hello.txt > /tmp/body");
    assert_eq!(r.status, 0);
    assert_eq!(norm(&curl_lines(&r.stderr())), norm(real));
    assert_eq!(
        lab.host().files.read("/tmp/body").unwrap(),
        "hello\n",
        "the body went to the file"
    );
    // The server's log line: `::1 - - [27/Nov/2026 00:48:16] "GET /hello.txt HTTP/1.1" 200 -`
    // (printed while the curl line ran; check it through a second request).
    let r = lab.run("curl -sv http://127.0.0.1:8000/hello.txt");
    // real: "*   Trying 127.0.0.1:8000...\n* connect to 127.0.0.1 port 8000 failed:
    // Connection refused\n* Failed to connect to 127.0.0.1 port 8000 after 0 ms:
    // Couldn't connect to server\n* Closing connection 0\n" rc=7
    assert_eq!(r.status, 7);
    assert_eq!(
        norm(&r.stderr()),
        norm(
            "*   Trying 127.0.0.1:8000...\n* connect to 127.0.0.1 port 8000 failed: Connection refused\n* Failed to connect to 127.0.0.1 port 8000 after 0 ms: Couldn't connect to server\n* Closing connection 0\n"
        )
    );
    // real: curl http://127.0.0.1:8000/hello.txt (stdout a pipe: meter shown)
    let r = lab.run("curl -sS http://127.0.0.1:8000/hello.txt");
    assert_eq!(
        norm(&r.stderr()),
        norm(
            "curl: (7) Failed to connect to 127.0.0.1 port 8000 after 0 ms: Couldn't connect to server\n"
        )
    );
    let r = lab.run("curl -s http://127.0.0.1:8000/hello.txt");
    assert_eq!((r.status, r.stderr().as_str()), (7, ""));
}

#[test]
fn curl_refused_on_both_families() {
    // real_run_2.txt "### C": curl -v http://localhost:8001/ (stdout a pipe)
    let real = "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0*   Trying 127.0.0.1:8001...\n* connect to 127.0.0.1 port 8001 failed: Connection refused\n*   Trying [::1]:8001...\n* connect to ::1 port 8001 failed: Connection refused\n* Failed to connect to localhost port 8001 after 1 ms: Couldn't connect to server\n\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\n* Closing connection 0\ncurl: (7) Failed to connect to localhost port 8001 after 1 ms: Couldn't connect to server\n";
    let mut lab = lab();
    let r = lab.run("curl -v http://localhost:8001/ > /tmp/o");
    assert_eq!(r.status, 7);
    assert_eq!(norm(&r.stderr()), norm(real));
    // On the terminal there is no meter.
    let r = lab.run("curl http://localhost:8001/");
    assert_eq!(
        norm(&r.stderr()),
        norm(
            "curl: (7) Failed to connect to localhost port 8001 after 0 ms: Couldn't connect to server\n"
        )
    );
}

#[test]
fn curl_url_and_option_errors() {
    // real_run_2.txt "### E bad urls"
    let cases: &[(&str, &str, i32)] = &[
        (
            "curl 'http://[::1'",
            "curl: (3) bad range specification in URL position 9:\nhttp://[::1\n        ^\n",
            3,
        ),
        (
            "curl -v 'http://local host/'",
            "* Closing connection -1\ncurl: (3) URL using bad/illegal format or missing URL\n",
            3,
        ),
        (
            "curl foo://x",
            "curl: (1) Protocol \"foo\" not supported or disabled in libcurl\n",
            1,
        ),
        (
            "curl -v foo://x",
            "* Protocol \"foo\" not supported or disabled in libcurl\n* Closing connection -1\ncurl: (1) Protocol \"foo\" not supported or disabled in libcurl\n",
            1,
        ),
        (
            "curl ''",
            "curl: (3) URL using bad/illegal format or missing URL\n",
            3,
        ),
        (
            "curl",
            "curl: try 'curl --help' or 'curl --manual' for more information\n",
            2,
        ),
        (
            "curl http://",
            "curl: (3) URL using bad/illegal format or missing URL\n",
            3,
        ),
        (
            "curl http://localhost:99999/",
            "curl: (3) URL using bad/illegal format or missing URL\n",
            3,
        ),
        (
            "curl -sv http://nosuchhost:8000/",
            "* Could not resolve host: nosuchhost\n* Closing connection 0\n",
            6,
        ),
        (
            "curl --bogus",
            "curl: option --bogus: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
            2,
        ),
        (
            "curl -m",
            "curl: option -m: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
            2,
        ),
        (
            "curl -m abc http://localhost/",
            "curl: option -m: expected a proper numerical parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
            2,
        ),
    ];
    let mut lab = lab();
    for (line, want, status) in cases {
        let r = lab.run(line);
        assert_eq!((r.stderr().as_str(), r.status), (*want, *status), "{line}");
    }
}

#[test]
fn curl_empty_reply_reset_and_timeout() {
    // real_run_5.txt: a server that reads and closes -> (52); one that
    // resets -> (56); one that never answers with -m 1 -> (28).
    let mut lab = lab();
    // `bind` accepts and closes at once; unread request bytes make the
    // close a reset on Linux (real curl then says 56 as well).
    lab.run("bind 127.0.0.1:8005 &");
    let r = lab.run("curl -sv http://127.0.0.1:8005/");
    assert!([52, 56].contains(&r.status), "{} {}", r.status, r.stderr());
    // nc -l accepts and stays silent: -m 1 times out.
    lab.run("nc -l 8006 &");
    let r = lab.run("curl -sS -v -m 1 http://127.0.0.1:8006/");
    assert_eq!(r.status, 28);
    assert!(
        r.stderr().contains(
            "* Operation timed out after 1001 milliseconds with 0 bytes received\n* Closing connection 0\ncurl: (28) Operation timed out after 1001 milliseconds with 0 bytes received\n"
        ),
        "{}",
        r.stderr()
    );
}

#[test]
fn http_server_pages_and_logs() {
    let mut lab = lab();
    let r = lab.run("python3 -m http.server 8000 --bind 127.0.0.1 &");
    // real_run_1.txt: the startup line.
    assert!(
        r.stdout()
            .contains("Serving HTTP on 127.0.0.1 port 8000 (http://127.0.0.1:8000/) ...\n")
    );
    // real_run_8.txt: the listing of a directory holding hello.txt (230 bytes).
    let listing = "<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Directory listing for /</title>\n</head>\n<body>\n<h1>Directory listing for /</h1>\n<hr>\n<ul>\n<li><a href=\"hello.txt\">hello.txt</a></li>\n</ul>\n<hr>\n</body>\n</html>\n";
    let r = lab.run("curl -s http://127.0.0.1:8000/");
    assert_eq!(r.stdout(), listing);
    assert_eq!(listing.len(), 230);
    // real_run_1.txt: the server's log line for it.
    assert_eq!(
        norm(&r.stderr()),
        norm("127.0.0.1 - - [27/Nov/2026 00:37:25] \"GET / HTTP/1.1\" 200 -\n")
    );
    // real_run_1.txt: the 404 page and its two log lines.
    let page404 = "<!DOCTYPE HTML>\n<html lang=\"en\">\n    <head>\n        <meta charset=\"utf-8\">\n        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n        <p>Error code: 404</p>\n        <p>Message: File not found.</p>\n        <p>Error code explanation: 404 - Nothing matches the given URI.</p>\n    </body>\n</html>\n";
    let r = lab.run("curl -si http://localhost:8000/nope");
    assert_eq!(
        norm(&r.stdout()),
        norm(&format!(
            "HTTP/1.0 404 File not found\r\nServer: SimpleHTTP/0.6 Python/3.11.2\r\nDate: x\r\nConnection: close\r\nContent-Type: text/html;charset=utf-8\r\nContent-Length: 335\r\n\r\n{page404}"
        ))
    );
    assert_eq!(page404.len(), 335);
    assert_eq!(
        norm(&r.stderr()),
        norm(
            "127.0.0.1 - - [27/Nov/2026 00:37:25] code 404, message File not found\n127.0.0.1 - - [27/Nov/2026 00:37:25] \"GET /nope HTTP/1.1\" 404 -\n"
        )
    );
    // real_run_3.txt: POST -> 501 with the request headers curl sent.
    let r = lab.run("curl -s -X POST -d 'a=1' -H 'X-Test: yes' -v http://localhost:8000/");
    let err = r.stderr();
    assert!(err.contains("> POST / HTTP/1.1\r\n> Host: localhost:8000\r\n> User-Agent: curl/7.88.1\r\n> Accept: */*\r\n> X-Test: yes\r\n> Content-Length: 3\r\n> Content-Type: application/x-www-form-urlencoded\r\n> \r\n"), "{err}");
    assert!(
        err.contains("< HTTP/1.0 501 Unsupported method ('POST')\r\n"),
        "{err}"
    );
    assert!(
        err.contains("code 501, message Unsupported method ('POST')\n"),
        "{err}"
    );
    assert!(r.stdout().contains(
        "<p>Error code explanation: 501 - Server does not support this operation.</p>\n"
    ));
    // real_run_3.txt: -I, and -w with -f.
    let r = lab.run("curl -sI http://localhost:8000/");
    assert_eq!(
        norm(&r.stdout()),
        norm(
            "HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6 Python/3.11.2\r\nDate: x\r\nContent-type: text/html; charset=utf-8\r\nContent-Length: 230\r\n\r\n"
        )
    );
    let r = lab.run("curl -s -w '%{http_code}\\n' http://localhost:8000/nope -o /dev/null");
    assert_eq!(r.stdout(), "404\n");
    let r = lab.run("curl -sf http://localhost:8000/nope");
    assert_eq!((r.status, r.stdout().as_str()), (22, ""));
}

#[test]
fn http_server_bind_errors_and_defaults() {
    let mut lab = lab();
    // real_run_3.txt: no --bind -> 0.0.0.0, so [::1] is refused.
    let r = lab.run("python3 -m http.server 8000 &");
    assert!(
        r.stdout()
            .contains("Serving HTTP on 0.0.0.0 port 8000 (http://0.0.0.0:8000/) ...\n")
    );
    assert_eq!(lab.run("curl -s 'http://[::1]:8000/hello.txt'").status, 7);
    // real_run_3.txt: the traceback tail of a second server on the port.
    let r = lab.run("python3 -m http.server 8000");
    assert_eq!(r.status, 1);
    assert!(r.stderr().starts_with("Traceback (most recent call last):\n  File \"<frozen runpy>\", line 198, in _run_module_as_main\n"));
    assert!(r.stderr().ends_with(
        "    self.socket.bind(self.server_address)\nOSError: [Errno 98] Address already in use\n"
    ));
    // real_run_3.txt: port 80 as an ordinary user.
    let r = lab.run("python3 -m http.server 80");
    assert!(
        r.stderr()
            .ends_with("PermissionError: [Errno 13] Permission denied\n")
    );
    // real_run_3.txt: argparse errors.
    let r = lab.run("python3 -m http.server abc");
    assert_eq!(
        (r.stderr().as_str(), r.status),
        (
            "usage: server.py [-h] [--cgi] [-b ADDRESS] [-d DIRECTORY] [-p VERSION] [port]\nserver.py: error: argument port: invalid int value: 'abc'\n",
            2
        )
    );
    let r = lab.run("python3 -m http.server --bogus");
    assert!(
        r.stderr()
            .ends_with("server.py: error: unrecognized arguments: --bogus\n")
    );
    // python3 runs more than http.server: `print(1)` prints 1 (the old
    // refusal, exit 2, was not what Debian's python3 does).
    let r = lab.run("python3 -c 'print(1)'");
    assert_eq!((r.stdout().as_str(), r.status), ("1\n", 0));
}

#[test]
fn http_server_ctrl_c() {
    // real_run_3.txt: timeout -s INT 1 python3 -m http.server 8002
    let mut lab = lab();
    let r = lab.run_for(
        "python3 -m http.server 8002",
        lolab_core::Duration::from_secs(1),
    );
    assert!(r.interrupted);
    assert_eq!(
        r.stdout(),
        "Serving HTTP on 0.0.0.0 port 8002 (http://0.0.0.0:8002/) ...\n\nKeyboard interrupt received, exiting.\n"
    );
    assert_eq!(r.status, 0);
}

#[test]
fn wildcard_vs_loopback_from_the_laptop() {
    let mut lab = lab();
    lab.run("python3 -m http.server 8001 &");
    let r = lab.run("ssh laptop curl -s http://192.168.1.50:8001/hello.txt");
    assert_eq!((r.status, r.stdout().as_str()), (0, "hello\n"));
    lab.run("python3 -m http.server 8002 --bind 127.0.0.1 &");
    let r = lab.run("ssh laptop curl -sS http://192.168.1.50:8002/hello.txt");
    assert_eq!(r.status, 7);
    assert_eq!(
        norm(&r.stderr()),
        norm(
            "curl: (7) Failed to connect to 192.168.1.50 port 8002 after 0 ms: Couldn't connect to server\n"
        )
    );
}

#[test]
fn nc_scan_and_listen() {
    // real_run_4.txt "### nc -z"
    let mut lab = lab();
    lab.run("nc -lk 8000 &");
    let r = lab.run("nc -zv localhost 8000");
    assert_eq!(
        (r.stderr().as_str(), r.status),
        (
            "nc: connect to localhost (::1) port 8000 (tcp) failed: Connection refused\nConnection to localhost (127.0.0.1) 8000 port [tcp/*] succeeded!\n",
            0
        )
    );
    let r = lab.run("nc -zv 127.0.0.1 8000");
    assert_eq!(
        r.stderr(),
        "Connection to 127.0.0.1 8000 port [tcp/*] succeeded!\n"
    );
    let r = lab.run("nc -zv 127.0.0.1 8001");
    assert_eq!(
        (r.stderr().as_str(), r.status),
        (
            "nc: connect to 127.0.0.1 port 8001 (tcp) failed: Connection refused\n",
            1
        )
    );
    let r = lab.run("nc -z localhost 8001");
    assert_eq!((r.stderr().as_str(), r.status), ("", 1));
    for (line, want) in [
        ("nc localhost abc", "nc: port number invalid: abc\n"),
        ("nc localhost 99999", "nc: port number too large: 99999\n"),
        ("nc -l", "nc: missing port number\n"),
    ] {
        let r = lab.run(line);
        assert_eq!((r.stderr().as_str(), r.status), (want, 1), "{line}");
    }
    // real_run_5.txt: nc -l 80 as a user.
    assert_eq!(lab.run("nc -l 80").stderr(), "nc: Permission denied\n");
    // real_run_4.txt "### nc -lv on addr": Listening/Connection received lines.
    let r = lab.run("nc -lv 127.0.0.1 9000 &");
    assert!(without_job_lines(&r.stderr()).starts_with("Listening on localhost 9000\n"));
    lab.host_mut()
        .files
        .write("/tmp/in.txt", "hi\n", false, true)
        .unwrap();
    let r = lab.run_for(
        "nc 127.0.0.1 9000 < /tmp/in.txt",
        lolab_core::Duration::from_secs(1),
    );
    let out = r.stdout();
    let err = r.stderr();
    assert!(out.contains("hi\n"), "{out}");
    assert!(err.contains("Connection received on localhost "), "{err}");
}

/// Drops bash's job announcements (`[1] 1234`), which come before a
/// background job's own output.
fn without_job_lines(text: &str) -> String {
    text.lines()
        .filter(|l| {
            !(l.starts_with('[')
                && l.split_once("] ").is_some_and(|(n, pid)| {
                    n[1..].chars().all(|c| c.is_ascii_digit())
                        && pid.chars().all(|c| c.is_ascii_digit())
                }))
        })
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn bind_prints_syscalls_like_strace() {
    // real_run_7.txt: strace -e trace=socket,setsockopt,bind,listen python3 b.py ...
    let mut lab = lab();
    let r = lab.run("bind 127.0.0.1:8080 --reuseaddr &");
    assert_eq!(
        without_job_lines(&r.stderr())
            .lines()
            .take(4)
            .collect::<Vec<_>>()
            .join("\n"),
        "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 3\nsetsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0\nbind(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0\nlisten(3, 128)                          = 0"
    );
    let r = lab.run("bind [::1]:8000 --v6only &");
    assert!(without_job_lines(&r.stderr()).starts_with("socket(AF_INET6, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 3\nsetsockopt(3, SOL_IPV6, IPV6_V6ONLY, [1], 4) = 0\nbind(3, {sa_family=AF_INET6, sin6_port=htons(8000), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}, 28) = 0\n"));
    // The same address again: EADDRINUSE (python: OSError: [Errno 98]).
    let r = lab.run("bind [::1]:8000");
    assert_eq!(r.status, 1);
    assert!(r.stderr().ends_with("bind(3, {sa_family=AF_INET6, sin6_port=htons(8000), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}, 28) = -1 EADDRINUSE (Address already in use)\n"));
    // real_run_7.txt: UDP with IP_FREEBIND on ::.
    let r = lab.run("bind [::]:8000 --udp --freebind &");
    assert!(without_job_lines(&r.stderr()).starts_with("socket(AF_INET6, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP) = 3\nsetsockopt(3, SOL_IP, IP_FREEBIND, [1], 4) = 0\nbind(3, {sa_family=AF_INET6, sin6_port=htons(8000), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"::\", &sin6_addr), sin6_scope_id=0}, 28) = 0\n"));
    // A client connects to the bound listener.
    let r = lab.run("nc -zv 127.0.0.1 8080");
    assert_eq!(r.status, 0);
}

#[test]
fn redis_ping() {
    let mut lab = lab();
    let r = lab.run("redis-cli ping");
    assert_eq!(
        (r.stderr().as_str(), r.status),
        (
            "Could not connect to Redis at 127.0.0.1:6379: Connection refused\n",
            1
        )
    );
    let r = lab.run("redis-server --port 6379 &");
    assert!(r.stdout().contains(" * Ready to accept connections\n"));
    let r = lab.run("redis-cli ping");
    assert_eq!((r.stdout().as_str(), r.status), ("PONG\n", 0));
}

#[cfg(not(target_arch = "wasm32"))]
mod fuzz {
    use super::*;
    use proptest::prelude::*;

    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::from("-v")),
            Just(String::from("-s")),
            Just(String::from("-o")),
            Just(String::from("-m")),
            Just(String::from("-l")),
            Just(String::from("-z")),
            Just(String::from("-u")),
            Just(String::from("--udp")),
            Just(String::from("--v6only")),
            Just(String::from("--connect-timeout")),
            Just(String::from("--resolve")),
            Just(String::from("-H")),
            Just(String::from("http://localhost:8000/")),
            Just(String::from("http://[::1]:8000/x")),
            Just(String::from("[::1]:8000")),
            Just(String::from("8000")),
            "[ -~]{0,12}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn tools_never_panic(tool in prop_oneof![Just("curl"), Just("nc"), Just("bind"), Just("redis-cli"), Just("python3 -m http.server")],
                             args in proptest::collection::vec(word(), 0..6)) {
            let mut lab = lab();
            let quoted: Vec<String> = args.iter().map(|a| format!("'{}'", a.replace('\'', ""))).collect();
            let line = format!("{tool} {}", quoted.join(" "));
            let _ = lab.run_for(&line, lolab_core::Duration::from_secs(5));
        }
    }
}
