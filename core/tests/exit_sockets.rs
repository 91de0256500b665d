//! A process that ends, however it ends (`kill -9`, Ctrl-C, SIGPIPE),
//! leaves no socket of its own behind: the kernel closes every descriptor
//! it held, as Linux's `do_exit` does. Checked with `ss`, as a user would;
//! and `ss -p` names the descriptor each socket is held on.

use lolab_core::{Duration, Lab, LabConfig};

fn lab() -> Lab {
    let mut lab = Lab::new(LabConfig::default());
    lab.host_mut()
        .files
        .write("/tmp/in.txt", "first\n", false, true)
        .unwrap();
    lab
}

/// The lines of `ss` output that mention `port` (as `:port` in an address
/// column).
fn lines_with_port(ss: &str, port: u16) -> Vec<String> {
    let needle = format!(":{port} ");
    ss.lines()
        .filter(|l| l.contains(&needle))
        .map(String::from)
        .collect()
}

/// The `pid=N,` owner field `ss -tuanlp` shows for the socket bound
/// to `port` (a listener, or a bound UDP socket).
fn owner_on(lab: &mut Lab, port: u16) -> String {
    let out = lab.run("ss -tuanlp").stdout();
    let line = lines_with_port(&out, port)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("nothing on port {port}:\n{out}"));
    let at = line.find("pid=").expect("an owner");
    let end = line[at..].find(',').expect("pid=N,") + at + 1;
    line[at..end].to_string()
}

/// Asserts that nothing listens on `port` any more (`ss -tln`, `ss -a`)
/// and that no socket shown by `ss -tuanp` belongs to `owner` (the
/// kernel's own TIME-WAIT and closing sockets may remain, as on Linux:
/// they belong to no process).
fn assert_no_socket(lab: &mut Lab, port: u16, owner: &str) {
    let listening = lab.run("ss -tuln").stdout();
    let left = lines_with_port(&listening, port);
    assert!(
        left.is_empty(),
        "ss -tuln still shows:\n{}",
        left.join("\n")
    );
    let all = lab.run("ss -a").stdout();
    assert!(
        !all.lines()
            .any(|l| (l.contains("LISTEN") || l.contains("UNCONN"))
                && l.contains(&format!(":{port} "))),
        "ss -a still shows a listener:\n{all}"
    );
    for line in ["ss -tuanp", "ss -tanp"] {
        let out = lab.run(line).stdout();
        assert!(!out.contains(owner), "{line} still shows {owner}:\n{out}");
    }
}

#[test]
fn kill_9_of_a_background_nc_listener_leaves_no_socket() {
    let mut lab = lab();
    lab.run("nc -l 8000 &");
    let owner = owner_on(&mut lab, 8000);
    let r = lab.run("kill -9 %1");
    assert_eq!(r.status, 0);
    assert_no_socket(&mut lab, 8000, &owner);
}

#[test]
fn kill_9_of_nc_with_an_accepted_connection_leaves_no_socket_of_it() {
    let mut lab = lab();
    let started = lab.run("nc -l 8000 &").stderr();
    // bash's "[1] PID" line names the server.
    let pid = started
        .lines()
        .find_map(|l| l.strip_prefix("[1] "))
        .expect("job line")
        .to_string();
    // A client that keeps its connection open.
    lab.run("nc 127.0.0.1 8000 < /tmp/in.txt &");
    lab.run("sleep 1");
    let owner = format!("pid={pid},");
    let before = lab.run("ss -tanp").stdout();
    assert!(
        before
            .lines()
            .any(|l| l.contains("ESTAB") && l.contains(&owner)),
        "{before}"
    );
    lab.run("kill -9 %1");
    let after = lab.run("ss -tanp").stdout();
    assert!(!after.contains(&owner), "{after}");
    assert!(
        lab.run("ss -tln")
            .stdout()
            .lines()
            .all(|l| !l.contains(":8000 "))
    );
}

#[test]
fn kill_9_of_a_background_http_server_leaves_no_socket() {
    let mut lab = lab();
    lab.run("python3 -m http.server 8000 &");
    let owner = owner_on(&mut lab, 8000);
    // A served request first, so the server has held a connection too.
    let r = lab.run("curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8000/");
    assert_eq!(r.stdout(), "200");
    lab.run("kill -9 %1");
    assert_no_socket(&mut lab, 8000, &owner);
}

#[test]
fn ctrl_c_of_a_foreground_nc_listener_leaves_no_socket() {
    let mut lab = lab();
    let r = lab.run_for("nc -l 8000", Duration::from_secs(1));
    assert!(r.interrupted);
    assert_no_socket(&mut lab, 8000, "((\"nc\"");
}

#[test]
fn ctrl_c_of_a_foreground_http_server_leaves_no_socket() {
    let mut lab = lab();
    let r = lab.run_for("python3 -m http.server 8000", Duration::from_secs(1));
    assert!(r.interrupted);
    assert_no_socket(&mut lab, 8000, "((\"python3\"");
}

#[test]
fn sigpipe_of_an_nc_listener_leaves_no_socket() {
    let mut lab = lab();
    // head takes the first line and exits; the listener's next write to
    // the pipe kills it with SIGPIPE.
    lab.run("nc -lk 8000 | head -1 &");
    let r = lab.run_for("nc -N 127.0.0.1 8000 < /tmp/in.txt", Duration::from_secs(2));
    assert!(r.stdout().contains("first\n"), "{}", r.stdout());
    let owner = owner_on(&mut lab, 8000);
    lab.run_for("nc -N 127.0.0.1 8000 < /tmp/in.txt", Duration::from_secs(2));
    let jobs = lab.run("jobs").stdout();
    assert!(!jobs.contains("Running"), "the listener still runs: {jobs}");
    assert_no_socket(&mut lab, 8000, &owner);
}

#[test]
fn ss_p_names_the_descriptor_each_socket_is_held_on() {
    // Real nc -l holds its listener on fd 3 and the accepted connection
    // on fd 4; ss -p finds each by the descriptor.
    let mut lab = lab();
    lab.run("nc -l 8000 &");
    lab.run("nc 127.0.0.1 8000 < /tmp/in.txt &");
    lab.run("sleep 1");
    let out = lab.run("ss -tanp").stdout();
    // (state, local address) -> the process column.
    let process_of = |state: &str, local: &str| -> String {
        let found: Vec<&str> = out
            .lines()
            .filter(|l| {
                let f: Vec<&str> = l.split_whitespace().collect();
                f.first() == Some(&state) && f.get(3) == Some(&local)
            })
            .collect();
        assert_eq!(found.len(), 1, "{state} {local}:\n{out}");
        found[0].split_whitespace().last().unwrap_or("").to_string()
    };
    assert!(
        process_of("LISTEN", "0.0.0.0:8000").ends_with(",fd=3))"),
        "{out}"
    );
    assert!(
        process_of("ESTAB", "127.0.0.1:8000").ends_with(",fd=4))"),
        "{out}"
    );
}
