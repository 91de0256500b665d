//! The terminal in a real browser: typing, output, history, clear, Ctrl-C
//! and the speed control.
#![cfg(target_arch = "wasm32")]

mod util;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const PROMPT: &str = "user@lab:~$ ";

#[wasm_bindgen_test]
async fn echo_prints_a_stdout_line() {
    let app = util::mount().await;
    assert_eq!(app.prompt(), PROMPT);
    app.type_line("echo hello").await;
    assert_eq!(app.lines_of("command"), [format!("{PROMPT}echo hello")]);
    assert_eq!(app.lines_of("stdout"), ["hello"]);
    assert_eq!(app.input().value(), "", "the input is cleared");
    app.remove();
}

#[wasm_bindgen_test]
async fn unknown_command_prints_to_stderr() {
    let app = util::mount().await;
    app.type_line("nmap").await;
    assert_eq!(app.lines_of("stderr"), ["bash: nmap: command not found"]);
    app.remove();
}

#[wasm_bindgen_test]
async fn output_is_a_polite_log() {
    let app = util::mount().await;
    let output = app.find("#terminal-output");
    assert_eq!(output.get_attribute("role").as_deref(), Some("log"));
    assert_eq!(output.get_attribute("aria-live").as_deref(), Some("polite"));
    app.remove();
}

#[wasm_bindgen_test]
async fn arrows_walk_the_history() {
    let app = util::mount().await;
    app.type_line("echo one").await;
    app.type_line("echo two").await;
    app.type_text("draft").await;
    app.press_key("ArrowUp", false).await;
    assert_eq!(app.input().value(), "echo two");
    app.press_key("ArrowUp", false).await;
    assert_eq!(app.input().value(), "echo one");
    app.press_key("ArrowDown", false).await;
    app.press_key("ArrowDown", false).await;
    assert_eq!(app.input().value(), "draft");
    app.remove();
}

#[wasm_bindgen_test]
async fn clear_empties_the_output() {
    let app = util::mount().await;
    app.type_line("echo hello").await;
    assert!(!app.lines().is_empty());
    app.type_line("clear").await;
    assert_eq!(app.lines(), []);
    app.type_line("echo again").await;
    app.press_key("l", true).await;
    assert_eq!(app.lines(), [], "Ctrl-L clears too");
    app.remove();
}

#[wasm_bindgen_test]
async fn ctrl_c_interrupts_sleep() {
    let app = util::mount().await;
    app.type_line("sleep 1; echo never").await;
    assert_eq!(app.prompt(), "", "no prompt while sleep runs");
    app.press_key("c", true).await;
    assert_eq!(
        app.output_text(),
        format!("{PROMPT}sleep 1; echo never\n^C\n")
    );
    assert_eq!(app.prompt(), PROMPT);
    // The cancelled timer must not run the rest of the line later.
    app.wait(1300).await;
    assert_eq!(app.lines_of("stdout"), Vec::<String>::new());
    app.type_line("echo $?").await;
    assert_eq!(app.lines_of("stdout"), ["130"]);
    app.remove();
}

#[wasm_bindgen_test]
async fn sleep_finishes_in_real_time() {
    let app = util::mount().await;
    app.type_line("sleep 0.3; echo done").await;
    assert_eq!(app.prompt(), "");
    app.wait(100).await;
    assert_eq!(app.lines_of("stdout"), Vec::<String>::new(), "not yet");
    app.wait(600).await;
    assert_eq!(app.lines_of("stdout"), ["done"]);
    assert_eq!(app.prompt(), PROMPT);
    app.remove();
}

#[wasm_bindgen_test]
async fn instant_speed_skips_the_wait() {
    let app = util::mount().await;
    app.click("button[data-speed='instant']").await;
    let pressed = app.find("button[data-speed='instant']");
    assert_eq!(
        pressed.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    app.type_line("sleep 1h; echo woke").await;
    app.wait(50).await;
    assert_eq!(app.lines_of("stdout"), ["woke"]);
    assert_eq!(app.prompt(), PROMPT);
    app.remove();
}

#[wasm_bindgen_test]
async fn speed_change_mid_run_takes_effect() {
    let app = util::mount().await;
    app.type_line("sleep 5; echo done").await;
    app.wait(50).await;
    // 10x: the remaining ~5 virtual seconds take ~0.5 real seconds.
    app.click("button[data-speed='10×']").await;
    app.wait(150).await;
    assert_eq!(app.prompt(), "", "still sleeping");
    app.wait(900).await;
    assert_eq!(app.lines_of("stdout"), ["done"]);
    assert_eq!(
        app.find(".virtual-time").text_content().as_deref(),
        Some("t = 5.000 s")
    );
    app.remove();
}

#[wasm_bindgen_test]
async fn ctrl_c_at_an_idle_prompt_abandons_the_line() {
    let app = util::mount().await;
    app.type_text("echo half").await;
    app.press_key("c", true).await;
    assert_eq!(app.lines_of("command"), [format!("{PROMPT}echo half^C")]);
    assert_eq!(app.input().value(), "");
    app.remove();
}

#[wasm_bindgen_test]
async fn lines_typed_during_a_command_run_after_it() {
    let app = util::mount().await;
    app.type_line("sleep 0.2").await;
    app.type_line("echo queued").await;
    assert_eq!(app.input().value(), "");
    assert_eq!(app.lines_of("stdout"), Vec::<String>::new());
    app.wait(600).await;
    assert_eq!(
        app.output_text(),
        format!("{PROMPT}sleep 0.2\necho queued\n{PROMPT}echo queued\nqueued\n")
    );
    app.remove();
}

#[wasm_bindgen_test]
async fn virtual_clock_follows_real_time_while_waiting() {
    let app = util::mount().await;
    app.type_line("sleep 10").await;
    app.wait(700).await;
    let shown = app.find(".virtual-time").text_content().unwrap_or_default();
    let seconds: f64 = shown
        .trim_start_matches("t = ")
        .trim_end_matches(" s")
        .parse()
        .unwrap_or(-1.0);
    assert!((0.4..2.0).contains(&seconds), "virtual time shown: {shown}");
    app.press_key("c", true).await;
    app.remove();
}

#[wasm_bindgen_test]
async fn ctrl_c_stops_an_endless_ping_within_a_frame() {
    let app = util::mount().await;
    app.type_line("ping 127.0.0.1").await;
    app.wait(1500).await;
    assert_eq!(app.prompt(), "", "ping runs until interrupted");
    let replies = app
        .lines_of("stdout")
        .iter()
        .filter(|l| l.contains("icmp_seq="))
        .count();
    assert!(replies >= 2, "{}", app.output_text());
    app.key_down("c", true);
    util::next_frame().await;
    let out = app.output_text();
    assert!(
        out.contains("--- 127.0.0.1 ping statistics ---"),
        "statistics within one frame:\n{out}"
    );
    assert!(out.contains("^C"), "{out}");
    assert_eq!(app.prompt(), PROMPT, "the prompt is back");
    app.remove();
}
