//! Every resource the lab holds is bounded, and hitting a bound prints a
//! clear message instead of freezing or exhausting the page.

use lolab_core::lab::PROCESS_LIMIT;
use lolab_core::net::{HOST_NS, NAMESPACE_LIMIT};
use lolab_core::output::{self, LINE_LIMIT};
use lolab_core::{Lab, LabConfig};

fn lab() -> Lab {
    Lab::new(LabConfig::default())
}

#[test]
fn processes_are_capped_like_fork_under_ulimit() {
    let mut l = lab();
    for _ in 0..PROCESS_LIMIT {
        let r = l.run("sleep 1000 &");
        assert_eq!(r.status, 0, "{r:?}");
    }
    let r = l.run("sleep 1000 & echo not reached");
    assert_eq!(
        r.stderr(),
        "bash: fork: retry: Resource temporarily unavailable\nbash: fork: Resource temporarily unavailable\n"
    );
    assert_eq!(r.stdout(), "");
    assert_eq!(r.status, 126);
    // Builtins need no fork; killing a job frees a slot.
    assert_eq!(l.run("kill %1").status, 0);
    assert_eq!(l.run("echo ok").stdout(), "ok\n");
}

#[test]
fn a_pipeline_that_hits_the_process_cap_is_abandoned_whole() {
    let mut l = lab();
    for _ in 0..PROCESS_LIMIT - 1 {
        assert_eq!(l.run("sleep 1000 &").status, 0);
    }
    // One slot left: the first command forks, the second cannot.
    let r = l.run("sleep 5 | sleep 6 | sleep 7; echo not reached");
    assert_eq!(
        r.stderr(),
        "bash: fork: retry: Resource temporarily unavailable\nbash: fork: Resource temporarily unavailable\n"
    );
    assert_eq!((r.stdout(), r.status), (String::new(), 126));
    // Nothing of it is left running; a slot is still free.
    assert_eq!(
        l.run("ps | grep -c sleep").stdout(),
        format!("{}\n", PROCESS_LIMIT - 1)
    );
    assert_eq!(l.run("echo ok | cat").stdout(), "ok\n");
}

#[test]
fn a_pipelines_terminal_output_is_capped_too() {
    let mut l = lab();
    let r = l.run(&format!(
        "sudo ping -c {} -i 0 127.0.0.1 | cat",
        LINE_LIMIT + 50
    ));
    assert_eq!(r.stdout().lines().count(), LINE_LIMIT);
    assert!(r.stderr().contains(&output::cut_notice()), "{}", r.stderr());
    // A flood into a filter that prints nothing until the end stays bounded.
    let r = l.run_for(
        "sudo ping -f 127.0.0.1 | sort",
        lolab_core::Duration::from_secs(2),
    );
    assert!(r.interrupted);
    assert_eq!(l.run("echo ok | cat").stdout(), "ok\n");
}

#[test]
fn a_commands_terminal_output_is_capped_with_a_notice() {
    let mut l = lab();
    // A flood of echo replies as root: one line per packet.
    let r = l.run(&format!("sudo ping -c {} -i 0 127.0.0.1", LINE_LIMIT + 50));
    let out = r.stdout();
    assert_eq!(out.lines().count(), LINE_LIMIT, "{}", r.stderr());
    assert!(r.stderr().contains(&output::cut_notice()), "{}", r.stderr());
    // The next command prints again.
    assert_eq!(l.run("echo ok").stdout(), "ok\n");
}

#[test]
fn namespaces_are_capped() {
    let mut l = lab();
    let mut last = None;
    for i in 0..NAMESPACE_LIMIT + 2 {
        let r = l.run(&format!("sudo ip netns add n{i}"));
        if r.status != 0 {
            last = Some(r);
            break;
        }
    }
    let r = last.expect("the namespace cap was never hit");
    assert!(!r.stderr().is_empty());
    assert!(l.host().net.namespaces().count() <= NAMESPACE_LIMIT);
    assert_eq!(l.run("echo ok").stdout(), "ok\n");
}

#[test]
fn sockets_per_namespace_are_capped_with_emfile() {
    use lolab_core::errno::Errno;
    use lolab_core::net::SockType;
    use lolab_core::net::sockets::SOCKET_LIMIT;
    use lolab_core::socket::bind::Family;
    let mut l = lab();
    let net = &mut l.host_mut().net;
    let open = net.socket_ids(HOST_NS).len();
    for _ in open..SOCKET_LIMIT {
        net.socket(HOST_NS, Family::Inet, SockType::Dgram, 1000)
            .unwrap();
    }
    assert_eq!(
        net.socket(HOST_NS, Family::Inet, SockType::Dgram, 1000),
        Err(Errno::EMFILE)
    );
    // A tool that needs a socket reports it and the lab goes on.
    let r = l.run("ping -c 1 127.0.0.1");
    assert_ne!(r.status, 0);
    assert!(r.stderr().contains("Too many open files"), "{}", r.stderr());
}

/// The file system is capped like a tmpfs mounted with `size=`: past it a
/// write fails with ENOSPC (Linux's tmpfs; EFBIG would need an
/// RLIMIT_FSIZE, which also sends SIGXFSZ): the old per-file 1 MiB EFBIG
/// was the lab's own.
#[test]
fn files_are_capped_with_enospc() {
    let mut l = lab();
    let big = "x".repeat(4000);
    l.run(&format!("echo {big} > big.txt"));
    let mut hit = None;
    for _ in 0..40 {
        let r = l.run("cat big.txt big.txt big.txt big.txt > b2.txt; cat b2.txt > big.txt");
        if r.status != 0 || !r.stderr().is_empty() {
            hit = Some(r);
            break;
        }
    }
    let r = hit.expect("the file system's cap was never hit");
    assert!(
        r.stderr().contains("No space left on device"),
        "{}",
        r.stderr()
    );
}

#[test]
fn the_trace_ring_is_bounded() {
    let mut l = lab();
    l.run("sudo ping -c 20000 -i 0 -q 127.0.0.1");
    assert!(l.host().net.trace.events().count() <= lolab_core::trace::DEFAULT_CAPACITY);
    assert!(l.host().net.trace.evicted() > 0);
}

/// Found by fuzz/lab_run: `ping -s 350008572` built a 350 MB payload for
/// every packet (a timeout in the fuzzer, an out-of-memory abort in wasm).
/// Any size over the IP limit fails the same way, so the output matches the
/// recorded `-s 70000` case and nothing huge is allocated.
#[test]
fn ping_with_a_huge_size_allocates_nothing_huge() {
    let mut l = lab();
    let small = l.run("ping -c1 -s 70000 127.0.0.1");
    let mut l = lab();
    let huge = l.run("ping -c 5 -s 2147483647 ::0");
    assert_eq!(huge.status, small.status);
    assert!(huge.stdout().contains("2147483647"), "{}", huge.stdout());
    let r = l.run("ping -c1 -s 350008572 127.0.0.1");
    assert_eq!(
        r.stdout()
            .replace("350008572(350008600)", "70000(70028)")
            .lines()
            .next(),
        small.stdout().lines().next()
    );
    assert_eq!(r.stderr(), small.stderr());
}
