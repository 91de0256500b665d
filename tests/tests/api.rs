//! The JavaScript API in the browser: a run round-trips, pcap bytes come
//! back, and bad options are a JS exception with a message.
#![cfg(target_arch = "wasm32")]

use lolab_web::api::js::JsLab;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn options(seed: f64) -> JsValue {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"seed".into(), &seed.into()).unwrap();
    o.into()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &key.into()).unwrap()
}

#[wasm_bindgen_test]
fn run_returns_output_status_and_events() {
    let mut lab = JsLab::new(options(3.0)).unwrap();
    let r = lab.run("ping -c 1 127.0.0.1").unwrap();
    assert!(
        get(&r, "stdout")
            .as_string()
            .unwrap()
            .contains("1 packets transmitted, 1 received")
    );
    assert_eq!(get(&r, "status").as_f64(), Some(0.0));
    let events = js_sys::Array::from(&get(&r, "events"));
    assert!(events.length() > 5);
    let layers: Vec<String> = events
        .iter()
        .map(|e| get(&e, "layer").as_string().unwrap())
        .collect();
    assert!(layers.iter().any(|l| l == "loopback"));
    let r = lab.run("nmap").unwrap();
    assert_eq!(
        get(&r, "stderr").as_string().unwrap(),
        "bash: nmap: command not found\n"
    );
    assert_eq!(get(&r, "status").as_f64(), Some(127.0));
}

#[wasm_bindgen_test]
fn pcap_and_state_and_reset() {
    let mut lab = JsLab::new(JsValue::UNDEFINED).unwrap();
    lab.run("ping -c 2 ::1").unwrap();
    let pcap = lab.pcap();
    assert_eq!(
        &pcap[..4],
        &[0xd4, 0xc3, 0xb2, 0xa1],
        "pcap magic, little-endian"
    );
    assert_eq!(
        pcap.len(),
        24 + 4 * (16 + 14 + 104),
        "4 ICMPv6 frames of 104 bytes"
    );
    let state = lab.state().unwrap();
    let hosts = get(&state, "hosts").as_string().unwrap();
    assert!(hosts.contains("::1     localhost ip6-localhost ip6-loopback"));
    lab.reset();
    assert_eq!(lab.pcap().len(), 24, "a fresh lab has captured nothing");
}

#[wasm_bindgen_test]
fn bad_options_throw_with_a_message() {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"seeed".into(), &1.into()).unwrap();
    let err = JsLab::new(o.into()).unwrap_err();
    let msg = js_sys::Error::from(JsValue::from(err))
        .message()
        .as_string()
        .unwrap();
    assert!(
        msg.starts_with("bad Lab options: unknown field `seeed`"),
        "{msg}"
    );
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"hostname".into(), &"no spaces".into()).unwrap();
    assert!(JsLab::new(o.into()).is_err());
}
