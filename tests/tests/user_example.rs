//! What another project's headless test looks like: it drives a lab in
//! headless Chromium and asserts on what the tools print. README.md shows
//! this file as the example.
#![cfg(target_arch = "wasm32")]

use lolab_core::{Lab, LabConfig};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_server_on_ipv6_loopback_only_refuses_127_0_0_1() {
    let mut lab = Lab::new(LabConfig::default());
    lab.run("python3 -m http.server 8000 --bind ::1 &");

    // 127.0.0.1 is another address: nothing listens there.
    let r = lab.run("curl -sS http://127.0.0.1:8000/");
    assert_eq!(r.status, 7);
    assert_eq!(
        r.stderr(),
        "curl: (7) Failed to connect to 127.0.0.1 port 8000 after 0 ms: Couldn't connect to server\n"
    );

    // localhost: curl tries 127.0.0.1 (refused), then ::1, and gets the page.
    let r = lab.run("curl -v http://localhost:8000/");
    assert_eq!(r.status, 0);
    assert!(
        r.stderr()
            .contains("* connect to 127.0.0.1 port 8000 failed: Connection refused")
    );
    assert!(
        r.stderr()
            .contains("* Connected to localhost (::1) port 8000 (#0)")
    );
}
