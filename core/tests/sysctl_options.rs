//! procps-ng 4.0.2 `sysctl`'s option handling, recorded on Linux 6.18
//! (Debian 12) as root in a network namespace:
//!
//! ```text
//! # sysctl -q net.ipv4.ip_forward            -> net.ipv4.ip_forward = 0   (rc 0: -q quiets writes only)
//! # sysctl -qw net.ipv4.ip_forward=0         -> (nothing)                 (rc 0)
//! # sysctl -q nosuch.key                     -> sysctl: cannot stat /proc/sys/nosuch/key: No such file or directory (rc 1)
//! # sysctl -q -e nosuch.key                  -> (nothing)                 (rc 0)
//! # sysctl -nN net.ipv4.ip_forward           -> net.ipv4.ip_forward
//! # sysctl --dry-run -w net.ipv4.ip_forward=1 -> net.ipv4.ip_forward = 1  (the value stays)
//! # sysctl -zq x                             -> sysctl: invalid option -- 'z' + usage (rc 1)
//! ```

use lolab_core::{Lab, LabConfig};

#[test]
fn clustered_short_options_and_dry_run() {
    let mut lab = Lab::new(LabConfig::default());
    let r = lab.run("sysctl -q net.ipv4.ip_forward");
    assert_eq!(
        (r.stdout().as_str(), r.status),
        ("net.ipv4.ip_forward = 0\n", 0)
    );
    let r = lab.run("sudo sysctl -qw net.ipv4.ip_forward=0");
    assert_eq!(
        (r.stdout().as_str(), r.stderr().as_str(), r.status),
        ("", "", 0)
    );
    let r = lab.run("sysctl -q nosuch.key");
    assert_eq!(
        (r.stderr().as_str(), r.status),
        (
            "sysctl: cannot stat /proc/sys/nosuch/key: No such file or directory\n",
            1
        )
    );
    let r = lab.run("sysctl -q -e nosuch.key");
    assert_eq!(
        (r.stdout().as_str(), r.stderr().as_str(), r.status),
        ("", "", 0)
    );
    assert_eq!(
        lab.run("sysctl -nN net.ipv4.ip_forward").stdout(),
        "net.ipv4.ip_forward\n"
    );
    let r = lab.run("sudo sysctl --dry-run -w net.ipv4.ip_forward=1");
    assert_eq!(r.stdout(), "net.ipv4.ip_forward = 1\n");
    assert_eq!(lab.run("sysctl -n net.ipv4.ip_forward").stdout(), "0\n");
    let r = lab.run("sysctl -zq x");
    assert!(
        r.stderr().starts_with("sysctl: invalid option -- 'z'\n"),
        "{}",
        r.stderr()
    );
    assert_eq!(r.status, 1);
}
