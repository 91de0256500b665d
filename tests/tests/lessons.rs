//! Lessons, guided actions, the /etc/hosts editor, Tab completion and the
//! machine tabs, in a real browser.
#![cfg(target_arch = "wasm32")]

mod util;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlButtonElement;

wasm_bindgen_test_configure!(run_in_browser);

fn disabled(app: &util::Mounted, selector: &str) -> bool {
    app.find(selector)
        .dyn_into::<HtmlButtonElement>()
        .expect("a button")
        .disabled()
}

#[wasm_bindgen_test]
async fn landing_lists_every_lesson() {
    let app = util::mount().await;
    let count = lolab_web::lessons::content::LESSONS.len();
    assert_eq!(count, 12);
    assert_eq!(app.find_all(".lesson-open").len(), count);
    app.remove();
}

#[wasm_bindgen_test]
async fn a_lesson_runs_its_command_and_reveals_the_prediction() {
    let app = util::mount().await;
    app.click("[data-speed=\"instant\"]").await;
    app.click(".lesson-open[data-lesson=\"refused\"]").await;
    assert!(app.text(".lesson-heading").contains("connection refused"));
    assert!(app.find_all(".reveal").is_empty(), "nothing revealed yet");
    app.click(".lesson-step[data-step=\"0\"] input[value=\"0\"]")
        .await;
    app.click(".lesson-step[data-step=\"0\"] .lesson-run").await;
    app.wait_idle().await;
    assert!(
        app.lines_of("command")
            .iter()
            .any(|l| l.ends_with("curl http://127.0.0.1:59999/")),
        "the command was typed into the terminal"
    );
    assert_eq!(
        app.lines_of("stderr"),
        [
            "curl: (7) Failed to connect to 127.0.0.1 port 59999 after 0 ms: Couldn't connect to server"
        ]
    );
    assert!(
        app.text(".lesson-step[data-step=\"0\"] .verdict.right")
            .contains("right")
    );
    assert!(
        app.text(".lesson-step[data-step=\"0\"] .explain")
            .contains("RST")
    );
    // "Show the RST" selects it in the journey.
    app.click(".lesson-step[data-step=\"0\"] .lesson-show")
        .await;
    assert!(
        app.text(".packet-choice[aria-pressed=\"true\"]")
            .contains("[R.]"),
        "the RST is the selected packet"
    );
    app.click(".lesson-step[data-step=\"2\"] .lesson-run").await;
    app.wait_idle().await;
    app.click(".lesson-step[data-step=\"2\"] .lesson-show")
        .await;
    assert!(
        !app.find_all(".lane .stage.dropped").is_empty(),
        "the SYN's drop is shown"
    );
    app.click(".lesson-back").await;
    assert_eq!(
        app.find_all(".lesson-open").len(),
        lolab_web::lessons::content::LESSONS.len()
    );
    app.remove();
}

#[wasm_bindgen_test]
async fn a_wrong_prediction_is_marked() {
    let app = util::mount().await;
    app.click("[data-speed=\"instant\"]").await;
    app.click(".lesson-open[data-lesson=\"localhost\"]").await;
    app.click(".lesson-step[data-step=\"2\"] input[value=\"0\"]")
        .await;
    app.click(".lesson-step[data-step=\"2\"] .lesson-run").await;
    app.wait_idle().await;
    assert!(
        app.text(".lesson-step[data-step=\"2\"] .verdict.wrong")
            .contains("::1")
    );
    assert!(
        !app.find_all(".lesson-step[data-step=\"2\"] .choice.right")
            .is_empty()
    );
    app.remove();
}

#[wasm_bindgen_test]
async fn guided_ping_runs_and_shows_output() {
    let app = util::mount().await;
    app.click("[data-speed=\"instant\"]").await;
    app.click("#guide-guided").await;
    assert_eq!(app.text("#guided-command"), "ping -c 1 127.0.0.1");
    app.click("#guided-submit").await;
    app.wait_idle().await;
    assert!(
        app.lines_of("command")
            .iter()
            .any(|l| l.ends_with("ping -c 1 127.0.0.1"))
    );
    assert!(
        app.lines_of("stdout")
            .iter()
            .any(|l| l.starts_with("64 bytes from 127.0.0.1: icmp_seq=1 ttl=64"))
    );
    app.remove();
}

#[wasm_bindgen_test]
async fn guided_forms_check_typed_addresses() {
    let app = util::mount().await;
    app.click("#guide-guided").await;
    app.click("#guided-curl").await;
    app.select_option("#guided-address", "::1").await;
    assert_eq!(app.text("#guided-command"), "curl http://[::1]:8000/");
    app.select_option("#guided-address", "__other__").await;
    app.type_into("#guided-typed", "127.1").await;
    assert!(app.text(".guided-error").contains("four numbers"));
    assert!(disabled(&app, "#guided-submit"));
    app.type_into("#guided-typed", "127.1.2.3").await;
    assert_eq!(app.text("#guided-command"), "curl http://127.1.2.3:8000/");
    app.click("#guided-bind").await;
    assert_eq!(
        app.text("#guided-command"),
        "python3 -m http.server 8000 --bind 127.1.2.3 &"
    );
    app.remove();
}

#[wasm_bindgen_test]
async fn editing_etc_hosts_changes_getent_and_reports_bad_lines() {
    let app = util::mount().await;
    app.open_tab("state").await;
    let text = app.textarea_value("#hosts-text");
    assert!(text.starts_with("127.0.0.1\tlocalhost"));
    assert!(disabled(&app, "#hosts-save"), "nothing to save yet");
    let edited = format!("{text}127.0.0.5 myapp\n127.0.0.300 broken\n");
    app.type_into_textarea("#hosts-text", &edited).await;
    let lines = edited.lines().count();
    let warnings: Vec<String> = app
        .find_all(".hosts-warning")
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect();
    assert_eq!(
        warnings,
        [format!(
            "line {lines}: \"127.0.0.300\" is not an IPv4 or IPv6 address; the line is ignored"
        )]
    );
    app.click("#hosts-save").await;
    app.run_to_end("getent hosts myapp").await;
    assert_eq!(app.lines_of("stdout"), ["127.0.0.5       myapp"]);
    app.run_to_end("cat /etc/hosts").await;
    assert!(
        app.lines_of("stdout")
            .iter()
            .any(|l| l == "127.0.0.300 broken"),
        "the invalid line is kept in the file"
    );
    app.remove();
}

#[wasm_bindgen_test]
async fn tab_completes_command_names_and_options() {
    let app = util::mount().await;
    app.type_text("pin").await;
    app.press_key("Tab", false).await;
    assert_eq!(app.input().value(), "ping ");
    app.type_text("ip ro").await;
    app.press_key("Tab", false).await;
    assert_eq!(app.input().value(), "ip route ");
    app.type_text("s").await;
    app.press_key("Tab", false).await;
    let shown = app.text("#completions");
    assert!(shown.contains("ss") && shown.contains("sudo"), "{shown}");
    app.remove();
}

#[wasm_bindgen_test]
async fn laptop_tab_runs_commands_over_ssh() {
    let app = util::mount().await;
    app.run_to_end("echo on lab").await;
    app.click("#term-tab-laptop").await;
    assert_eq!(app.prompt(), "root@laptop:~# ");
    assert!(
        app.lines().is_empty(),
        "the laptop tab has its own scrollback"
    );
    app.run_to_end("ip -4 addr show eth0").await;
    assert!(app.output_text().contains("inet 192.168.1.20/24"));
    assert_eq!(
        app.lines_of("command"),
        ["root@laptop:~# ip -4 addr show eth0"]
    );
    app.click("#term-tab-lab").await;
    assert_eq!(app.lines_of("stdout"), ["on lab"]);
    app.remove();
}

#[wasm_bindgen_test]
async fn a_namespace_gets_a_tab() {
    let app = util::mount().await;
    assert!(app.find_all("#term-tab-netns-web").is_empty());
    app.run_to_end("sudo ip netns add web").await;
    app.click("#term-tab-netns-web").await;
    app.run_to_end("ip link set lo up; ping -c1 127.0.0.1")
        .await;
    assert!(app.output_text().contains("1 received"));
    app.remove();
}
