//! The inspector in a real browser: the packet journey, the packet list
//! with its detail tree and hex view, and the state panels.
#![cfg(target_arch = "wasm32")]

mod util;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// The `data-stage` of the highlighted stage.
fn current_stage(app: &util::Mounted) -> String {
    app.find(".lane .stage.current")
        .get_attribute("data-stage")
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn ping_journey_goes_through_the_loopback_driver() {
    let app = util::mount().await;
    app.run_to_end("ping -c 1 127.0.0.1").await;
    app.open_tab("journey").await;
    assert_eq!(app.find_all(".packet-choice").len(), 2, "request and reply");
    let driver = app.find(".lane .stage[data-stage=\"driver\"]");
    assert!(
        driver
            .class_name()
            .split_whitespace()
            .any(|c| c == "visited")
    );
    assert!(
        driver
            .text_content()
            .unwrap_or_default()
            .contains("transmit is receive")
    );
    assert!(app.text(".lane").contains("route lookup for 127.0.0.1"));
    app.remove();
}

#[wasm_bindgen_test]
async fn stepping_moves_the_highlight() {
    let app = util::mount().await;
    app.run_to_end("ping -c 1 127.0.0.1").await;
    let end = current_stage(&app);
    app.click(".step-back").await;
    let back = current_stage(&app);
    assert_ne!(end, back, "back moves to an earlier layer");
    app.click(".step-forward").await;
    assert_eq!(current_stage(&app), end);
    // The keyboard does the same on the journey.
    app.press_key_on(".journey", "ArrowLeft").await;
    assert_eq!(current_stage(&app), back);
    // The echo request starts at the socket layer, then the route lookup.
    app.press_key_on(".journey", "Home").await;
    assert_eq!(current_stage(&app), "socket");
    assert_eq!(
        app.find_all(".lane .stage.visited").len(),
        2,
        "application and socket"
    );
    app.press_key_on(".journey", "ArrowRight").await;
    assert_eq!(current_stage(&app), "route");
    assert_eq!(
        app.find_all(".lane .stage.visited").len(),
        3,
        "application, socket and route"
    );
    app.remove();
}

#[wasm_bindgen_test]
async fn picking_the_reply_shows_its_journey() {
    let app = util::mount().await;
    app.run_to_end("ping -c 1 127.0.0.1").await;
    app.click(".packet-picker li:nth-child(2) .packet-choice")
        .await;
    assert!(
        app.text(".packet-choice[aria-pressed=\"true\"]")
            .contains("echo reply")
    );
    assert_eq!(
        current_stage(&app),
        "route",
        "a picked packet starts at its first step"
    );
    app.click(".step-last").await;
    assert_eq!(current_stage(&app), "demux");
    assert!(
        app.text(".lane .stage.current")
            .contains("matched the ping socket")
    );
    app.remove();
}

#[wasm_bindgen_test]
async fn broadcast_ping_shows_an_error_and_no_packet() {
    let app = util::mount().await;
    app.run_to_end("ping -c1 127.255.255.255").await;
    assert!(app.find_all(".packet-choice").is_empty());
    assert!(app.find_all(".lane").is_empty());
    assert!(
        app.text(".journey-errors")
            .contains("Do you want to ping broadcast?")
    );
    assert!(app.text(".no-packet").contains("No packet"));
    app.remove();
}

#[wasm_bindgen_test]
async fn packet_list_has_request_and_reply() {
    let app = util::mount().await;
    app.run_to_end("ping -c 1 127.0.0.1").await;
    app.open_tab("packets").await;
    let rows = app.find_all(".pkt-viewport .pkt-row");
    assert_eq!(rows.len(), 2);
    assert!(
        app.text(".pkt-row[data-number=\"1\"] .c-info")
            .contains("echo request")
    );
    assert!(
        app.text(".pkt-row[data-number=\"2\"] .c-info")
            .contains("echo reply")
    );
    assert_eq!(app.text(".pkt-row[data-number=\"1\"] .c-proto"), "ICMP");
    assert_eq!(app.text(".pkt-row[data-number=\"1\"] .c-len"), "84");
    // The filter narrows the list.
    app.type_into("#packet-filter", "reply").await;
    assert_eq!(app.find_all(".pkt-viewport .pkt-row").len(), 1);
    app.type_into("#packet-filter", "tcp").await;
    assert_eq!(app.find_all(".pkt-viewport .pkt-row").len(), 0);
    app.remove();
}

#[wasm_bindgen_test]
async fn selecting_a_field_highlights_its_bytes() {
    let app = util::mount().await;
    app.run_to_end("ping -c 1 127.0.0.1").await;
    app.open_tab("packets").await;
    app.click(".pkt-row[data-number=\"1\"]").await;
    assert_eq!(app.find_all(".hex .byte").len(), 84);
    assert!(app.find_all(".hex .byte.hl").is_empty());
    // The IPv4 source address: 4 bytes at offset 12.
    app.click("button.field[data-field=\"ip.src\"]").await;
    let lit: Vec<String> = app
        .find_all(".hex .byte.hl")
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect();
    assert_eq!(lit, ["7f", "00", "00", "01"]);
    // Arrow keys move the selection to the reply.
    app.press_key_on(".pkt-viewport", "ArrowDown").await;
    assert!(app.text(".detail-title").starts_with("Frame 2"));
    app.remove();
}

#[wasm_bindgen_test]
async fn lo_counters_grow_after_a_ping() {
    let app = util::mount().await;
    app.open_tab("state").await;
    let read = |app: &util::Mounted, cell: &str| -> u64 {
        app.text(&format!("tr[data-if=\"lo\"] .{cell}"))
            .parse()
            .expect("a number")
    };
    let (rx, tx) = (read(&app, "rx-packets"), read(&app, "tx-packets"));
    app.run_to_end("ping -c 1 127.0.0.1").await;
    assert_eq!(read(&app, "rx-packets"), rx + 2);
    assert_eq!(read(&app, "tx-packets"), tx + 2);
    assert!(
        app.text(".routes")
            .contains("local 127.0.0.0/8 dev lo table local")
    );
    assert!(app.textarea_value("#hosts-text").contains("localhost"));
    app.remove();
}

#[wasm_bindgen_test]
async fn sysctl_toggle_runs_sysctl_in_the_terminal() {
    let app = util::mount().await;
    app.open_tab("state").await;
    let selector = "#sysctl-net-ipv4-conf-all-log_martians";
    let checkbox = |app: &util::Mounted| -> web_sys::HtmlInputElement {
        app.find(selector).dyn_into().expect("a checkbox")
    };
    assert!(!checkbox(&app).checked(), "log_martians is off by default");
    app.click(selector).await;
    app.wait_idle().await;
    assert!(
        app.lines_of("command")
            .iter()
            .any(|l| l.ends_with("sudo sysctl -w net.ipv4.conf.all.log_martians=1")),
        "{}",
        app.output_text()
    );
    assert!(
        app.lines_of("stdout")
            .contains(&String::from("net.ipv4.conf.all.log_martians = 1")),
        "{}",
        app.output_text()
    );
    assert!(checkbox(&app).checked(), "the checkbox shows the new value");
    assert!(
        app.text("li.sysctl[data-key=\"net.ipv4.conf.all.log_martians\"]")
            .contains("= 1")
    );
    // rp_filter's select runs the command too.
    app.select_option("#sysctl-net-ipv4-conf-all-rp_filter", "1")
        .await;
    app.wait_idle().await;
    assert!(
        app.lines_of("stdout")
            .contains(&String::from("net.ipv4.conf.all.rp_filter = 1"))
    );
    app.remove();
}

#[wasm_bindgen_test]
async fn journey_shows_name_resolution_without_packets() {
    let app = util::mount().await;
    app.run_to_end("getent ahosts localhost").await;
    app.open_tab("journey").await;
    assert!(app.text(".resolution summary").contains("Name resolution"));
    let steps: Vec<String> = app
        .find_all(".resolution .resolution-step")
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect();
    assert!(
        steps.iter().any(|s| s.contains("/etc/hosts line")),
        "{steps:?}"
    );
    assert!(
        steps.iter().any(|s| s.contains("answer: ::1, 127.0.0.1")),
        "{steps:?}"
    );
    assert!(
        app.find_all(".packet-choice").is_empty(),
        "getent sends nothing"
    );
    // ping localhost: the lookup above the packets' lane.
    app.run_to_end("ping -c 1 localhost").await;
    assert!(!app.find_all(".resolution .resolution-step").is_empty());
    assert_eq!(app.find_all(".packet-choice").len(), 2);
    app.remove();
}

#[wasm_bindgen_test]
async fn ten_thousand_packets_render_only_the_visible_rows() {
    let app = util::mount().await;
    app.click("[data-speed=\"instant\"]").await;
    let t0 = util::now_ms();
    app.type_line("sudo ping -f -c 5000 127.0.0.1").await;
    let mut idle = false;
    for _ in 0..2400 {
        if !app.prompt().is_empty() {
            idle = true;
            break;
        }
        app.wait(50).await;
    }
    assert!(idle, "the flood ping did not finish");
    let run_ms = util::now_ms() - t0;
    assert!(
        app.output_text()
            .contains("5000 packets transmitted, 5000 received"),
        "{}",
        app.output_text()
    );

    assert!(
        app.find_all(".packet-choice").len() <= 64,
        "the journey's picker shows a window of the 10,000 packets"
    );
    // The test page has no style sheet: give the list's viewport the
    // fixed height and scrolling the app's packets.css gives it.
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let style = doc.create_element("style").expect("a style element");
    style.set_text_content(Some(
        ".pkt-viewport { display: block; height: 480px; overflow-y: auto; }",
    ));
    app.root.append_child(&style).expect("append the style");
    let t1 = util::now_ms();
    app.open_tab("packets").await;
    let open_ms = util::now_ms() - t1;
    util::next_frame().await;
    let open_frame_ms = util::now_ms() - t1;
    let count = app.text(".packet-count");
    assert!(count.contains("of 10000 frames"), "{count}");

    let viewport: web_sys::HtmlElement =
        app.find(".pkt-viewport").dyn_into().expect("the viewport");
    let scrolled = || {
        let event = web_sys::Event::new("scroll").expect("a scroll event");
        viewport.dispatch_event(&event).expect("dispatch scroll");
    };
    let rows = app.find_all(".pkt-viewport .pkt-row").len();
    assert!(rows > 0 && rows < 200, "{rows} rows in the DOM");

    let t2 = util::now_ms();
    viewport.set_scroll_top(24 * 6000);
    scrolled();
    yew::scheduler::flush().await;
    let scroll_ms = util::now_ms() - t2;
    util::next_frame().await;
    let scroll_frame_ms = util::now_ms() - t2;
    let shown = app.find_all(".pkt-viewport .pkt-row");
    assert!(shown.len() < 200, "{} rows in the DOM", shown.len());
    let first: u64 = shown
        .first()
        .and_then(|e| e.get_attribute("data-number"))
        .and_then(|n| n.parse().ok())
        .expect("a row");
    assert!((5800..=6001).contains(&first), "first row shown: {first}");
    console_log!(
        "10,000 frames: flood ping ran in {run_ms:.0} ms; Packets tab rendered in {open_ms:.1} ms \
         ({open_frame_ms:.1} ms to the next frame), {rows} rows in the DOM; one scroll to row 6000 \
         rendered in {scroll_ms:.1} ms ({scroll_frame_ms:.1} ms to the next frame), {} rows",
        shown.len()
    );
    app.remove();
}
