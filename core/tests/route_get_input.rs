//! `ip route get ... iif DEV`: the input route, as Linux 6.1's
//! `inet_rtm_getroute` asks `ip_route_input_rcu` for it: martians
//! (127.0.0.0/8 either way without `route_localnet`, a zero, multicast or
//! own source) are `EINVAL` on any device, lo included; a local or
//! broadcast answer is delivered by lo; the cache line names `iif` instead
//! of a uid; forwarding out of the device it came in by is `<redirect>`.
//! Replays fixtures/ip/route_get_input_real.txt (recorded on Linux 6.18 in
//! a namespace whose v0 is the lab's eth0) line by line.

mod transcript;

use lolab_core::{Lab, LabConfig};

#[test]
fn input_route_lookups_match_linux() {
    let recorded = include_str!("fixtures/ip/route_get_input_real.txt");
    let steps = transcript::steps(recorded);
    assert!(steps.len() >= 20, "{} steps", steps.len());
    let mut lab = Lab::new(LabConfig::default());
    for (cmd, want, status) in steps {
        let line = format!("sudo {}", cmd.replace("v0", "eth0"));
        let want = want.replace("v0", "eth0");
        let r = lab.run(&line);
        let got = format!("{}{}", r.stdout(), r.stderr());
        assert_eq!((got.as_str(), r.status), (want.as_str(), status), "{cmd}");
    }
}
