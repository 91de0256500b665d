//! A lesson-length run in the browser, as a learner types it: servers on
//! 127.0.0.2 and 127.0.0.3 curled in a `for` loop, a loop pinging
//! 127.0.0.1 to 127.0.0.5, `dig` at the router, and a name added to
//! /etc/hosts with `sudo tee -a`, then used by curl. Every step is bash,
//! coreutils and the network tools as Debian 12 has them.
#![cfg(target_arch = "wasm32")]

use lolab_web::api::js::JsLab;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(v: &JsValue, key: &str) -> String {
    js_sys::Reflect::get(v, &key.into())
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

fn run(lab: &mut JsLab, line: &str) -> (String, String) {
    let r = lab.run(line).unwrap();
    (get(&r, "stdout"), get(&r, "stderr"))
}

#[wasm_bindgen_test]
fn a_localhost_tutorial_runs_as_typed() {
    let mut lab = JsLab::new(JsValue::UNDEFINED).unwrap();
    for line in [
        "mkdir -p site2 site3",
        "echo two > site2/index.html; echo three > site3/index.html",
        "python3 -m http.server 8000 --bind 127.0.0.2 --directory site2 > /dev/null 2>&1 &",
        "python3 -m http.server 8000 --bind 127.0.0.3 --directory site3 > /dev/null 2>&1 &",
        "sleep 1",
    ] {
        run(&mut lab, line);
    }
    let (out, _) = run(
        &mut lab,
        "for ip in 127.0.0.2 127.0.0.3; do curl -s http://$ip:8000/; done",
    );
    assert_eq!(out, "two\nthree\n");
    let (out, _) = run(
        &mut lab,
        "for i in 1 2 3 4 5; do if ping -c1 -W1 127.0.0.$i > /dev/null; then echo \"127.0.0.$i up\"; fi; done",
    );
    assert_eq!(
        out,
        "127.0.0.1 up\n127.0.0.2 up\n127.0.0.3 up\n127.0.0.4 up\n127.0.0.5 up\n"
    );
    let (out, _) = run(&mut lab, "dig +short @192.168.1.1 laptop");
    assert_eq!(out, "192.168.1.20\n");
    let (out, err) = run(
        &mut lab,
        "echo '127.0.0.5 app.test' | sudo tee -a /etc/hosts",
    );
    assert_eq!((out.as_str(), err.as_str()), ("127.0.0.5 app.test\n", ""));
    run(
        &mut lab,
        "python3 -m http.server 8000 --bind 127.0.0.5 --directory site2 > /dev/null 2>&1 &",
    );
    run(&mut lab, "sleep 1");
    let (out, _) = run(&mut lab, "curl -s app.test:8000");
    assert_eq!(out, "two\n");
    // As a user, /etc/hosts is root's: tee says so, as on Debian.
    let (_, err) = run(
        &mut lab,
        "echo '127.0.0.6 x.test' | tee -a /etc/hosts > /dev/null",
    );
    assert_eq!(err, "tee: /etc/hosts: Permission denied\n");
}
