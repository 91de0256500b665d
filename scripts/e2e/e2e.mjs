// End-to-end tests of the built site (dist/) in headless Chromium, served
// by python3 -m http.server under /lab/. Run: node scripts/e2e/e2e.mjs
import assert from "node:assert/strict";
import { serve, launch } from "./lib.mjs";

const SHOTS = process.env.LOLAB_SHOTS ?? "/tmp";
const server = await serve("lab");
const browser = await launch();
let failures = 0;
const results = [];

async function test(name, fn) {
  const start = Date.now();
  try {
    await fn();
    results.push(`ok   ${name} (${Date.now() - start} ms)`);
  } catch (e) {
    failures++;
    results.push(`FAIL ${name}: ${e.stack ?? e}`);
  }
  console.log(results.at(-1));
}

/** A fresh context (own localStorage) that fails on dialogs and foreign requests. */
async function open(url, { width = 1280, height = 900, scheme = "light", origin = server.origin } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme });
  const page = await context.newPage();
  page.problems = [];
  page.on("dialog", (d) => {
    page.problems.push(`dialog opened: ${d.type()} ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:")) {
      page.problems.push(`request left the origin: ${u}`);
    }
  });
  page.on("response", (r) => {
    if (r.status() >= 400) page.problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on("pageerror", (e) => page.problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) page.problems.push(`console error: ${m.text()}`);
  });
  if (url) await page.goto(url);
  return page;
}

function clean(page) {
  assert.deepEqual(page.problems, [], "no dialogs, page errors or foreign requests");
}

const out = (page) => page.locator("#terminal-output");
async function run(page, line, expect) {
  const input = page.locator("#terminal-input");
  await input.fill(line);
  await input.press("Enter");
  if (expect) await page.locator("#terminal-output").getByText(expect).first().waitFor({ timeout: 20000 });
  await page.waitForFunction(() => document.querySelector(".input-row:not(.busy)"), null, { timeout: 20000 });
}

const example = `${server.base}embed-example.html`;
const widgets = (page) => page.locator("[data-lolab]");
const widgetOut = (page, i) => widgets(page).nth(i).locator("#terminal-output");

await test("example page: three widgets render independently, wasm loaded once", async () => {
  const page = await open(null);
  const wasm = [];
  page.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(r.url()));
  await page.goto(example);
  await widgetOut(page, 0).getByText("64 bytes from 127.1.2.3").waitFor();
  await widgetOut(page, 1).getByText("Couldn't connect to server").waitFor();
  await widgetOut(page, 1).getByText(/^200$/).waitFor();
  await widgetOut(page, 2).getByText("nc: connect to localhost (::1) port 8000 (tcp) failed: Connection refused").waitFor();
  await widgetOut(page, 2).getByText("Connection to localhost (127.0.0.1) 8000 port [tcp/*] succeeded!").waitFor();
  assert.equal(wasm.length, 1, `one wasm request, got ${wasm.join(", ")}`);
  // Styles are isolated: the page's own stylesheet does not reach in, and
  // each widget has its shadow root.
  for (let i = 0; i < 3; i++) {
    assert.ok(await widgets(page).nth(i).evaluate((e) => !!e.shadowRoot?.querySelector(".lolab-widget")));
  }
  const before = [await widgetOut(page, 1).innerText(), await widgetOut(page, 2).innerText()];
  const w0 = widgets(page).nth(0);
  await w0.locator("#terminal-input").fill("ping -c 1 127.42.0.1");
  await w0.locator("#terminal-input").press("Enter");
  await widgetOut(page, 0).getByText("64 bytes from 127.42.0.1").waitFor();
  await widgetOut(page, 0).getByText("1 packets transmitted, 1 received").nth(1).waitFor();
  const after = [await widgetOut(page, 1).innerText(), await widgetOut(page, 2).innerText()];
  assert.deepEqual(after, before, "the other widgets did not change");
  // The journey follows the widget's own last command.
  await w0.locator(".journey-command").getByText("ping -c 1 127.42.0.1").waitFor();
  // "Open in the full playground" carries the widget's state.
  const href = await w0.locator("a.open-full").getAttribute("href");
  assert.match(href, /^http:\/\/127\.0\.0\.1:\d+\/lab\/#v1=[A-Za-z0-9_-]+&lesson=whole-block$/);
  const full = await open(href);
  await out(full).getByText("64 bytes from 127.42.0.1").waitFor();
  await out(full).getByText("64 bytes from 127.1.2.3").waitFor();
  clean(full);
  await full.context().close();
  await page.screenshot({ path: `${SHOTS}/lolab-embed-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${SHOTS}/lolab-embed-390.png`, fullPage: true });
  clean(page);
  await page.context().close();
});

await test("example page follows a dark color scheme", async () => {
  const page = await open(example, { scheme: "dark" });
  await widgetOut(page, 0).getByText("64 bytes from 127.1.2.3").waitFor();
  const bg = await widgets(page).nth(0).locator(".terminal").evaluate((e) => getComputedStyle(e).backgroundColor);
  assert.equal(bg, "rgb(13, 17, 23)");
  await page.screenshot({ path: `${SHOTS}/lolab-embed-1280-dark.png`, fullPage: true });
  clean(page);
  await page.context().close();
});

let shared;
await test("full page under /lab/: ping -c 1 127.0.0.1", async () => {
  const page = await open(server.base);
  await page.locator("#terminal-input").waitFor();
  await page.locator(".landing").getByText("in your browser").waitFor();
  await run(page, "ping -c 1 127.0.0.1", "1 packets transmitted, 1 received, 0% packet loss");
  assert.equal(await page.locator(".landing").count(), 0, "the landing view goes once the lab is used");
  await out(page).getByText("64 bytes from 127.0.0.1: icmp_seq=1 ttl=64").waitFor();
  shared = page;
});

await test("share link round trip and autosave", async () => {
  const page = shared;
  await run(page, "sleep 1; echo slept", "slept");
  await run(page, "curl -sS http://127.0.0.2:9/", "Couldn't connect to server");
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /^#v1=[A-Za-z0-9_-]+$/);
  const text = await out(page).innerText();
  const other = await open(`${server.base}${hash}`);
  await out(other).getByText("Couldn't connect to server").waitFor();
  assert.equal(await out(other).innerText(), text, "the link shows the same output");
  clean(other);
  await other.context().close();
  // Autosave: a reload without the hash restores from localStorage.
  await page.goto(server.base);
  await out(page).getByText("slept", { exact: true }).waitFor();
  assert.equal(await out(page).innerText(), text, "reload restores the saved lab");
  // Reset: a fresh lab, nothing saved, no hash.
  await page.locator("#lab-reset").click();
  await page.waitForFunction(() => !document.querySelector("#terminal-output .line"));
  assert.equal(await page.evaluate(() => localStorage.getItem("lolab.v1")), null);
  assert.equal(await page.evaluate(() => location.hash), "");
  clean(page);
  await page.context().close();
});

await test("corrupt localStorage: notice and a fresh lab", async () => {
  const page = await open(server.base);
  await page.locator("#terminal-input").waitFor();
  // The app autosaves after its first paint (or 100 ms later in a hidden
  // tab), and saving a fresh lab removes the key: let that happen first, or
  // it would remove the corrupt record this test writes.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 250))));
  await page.evaluate(() => localStorage.setItem("lolab.v1", "}}not a record<script>alert(1)</script>"));
  await page.reload();
  const notice = page.locator('[role="status"]#lab-notice');
  await notice.getByText("The saved lab could not be restored").waitFor();
  assert.equal(await page.locator("#terminal-output .line").count(), 0);
  assert.equal(await page.evaluate(() => localStorage.getItem("lolab.v1")), null, "the bad record is dropped");
  await run(page, "echo still works", "still works");
  clean(page);
  await page.context().close();
});

await test("bad, foreign and oversized links: notice and a fresh lab", async () => {
  for (const v of ["AAAA", "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "eJzLSM3JyVcozy/KSQEAGgQEXQ", "A".repeat(20000)]) {
    const page = await open(`${server.base}#v1=${v}`);
    await page.locator("#lab-notice").getByText("The link's lab could not be opened").waitFor();
    assert.equal(await page.locator("#terminal-output .line").count(), 0);
    clean(page);
    await page.context().close();
  }
});

await test("XSS payloads show as text: #run=, /etc/hosts, an HTTP body", async () => {
  const payload = "<img src=x onerror=alert(1)>";
  const page = await open(`${server.base}#run=${payload}`);
  await out(page).getByText(payload, { exact: false }).first().waitFor();
  await page.waitForFunction(() => document.querySelector(".input-row:not(.busy)"));
  // Same payload percent-encoded.
  await page.goto(`${server.base}#run=${encodeURIComponent("echo " + payload)}`);
  await page.reload();
  await out(page).getByText(payload).first().waitFor();
  // /etc/hosts, as root.
  await run(page, "sudo su");
  await run(page, "echo '127.0.0.9 <script>alert(1)</script>' >> /etc/hosts");
  await run(page, "exit");
  await run(page, "getent hosts 127.0.0.9", "<script>alert(1)</script>");
  await page.locator("#tab-state").click();
  // The State panel's /etc/hosts editor holds the line as text.
  await page.waitForFunction(() =>
    (document.querySelector("#hosts-text")?.value ?? "").includes("127.0.0.9 <script>alert(1)</script>"),
  );
  // An HTTP body.
  await run(page, `echo '${payload}' > index.html`);
  await run(page, "python3 -m http.server 8000 &");
  await run(page, "curl -s http://127.0.0.1:8000/index.html");
  await page.waitForFunction(
    (p) => [...document.querySelectorAll("#terminal-output .line.stdout")].some((l) => l.textContent === p),
    payload,
  );
  const injected = await page.evaluate(
    () => document.querySelectorAll(".app img, .app script, #terminal-output *:not(div):not(span)").length,
  );
  assert.equal(injected, 0, "no element was made from the payloads");
  // The saved state replays the same text, still inert.
  await page.reload();
  await out(page).getByText("<script>alert(1)</script>").first().waitFor();
  await page.waitForTimeout(300);
  clean(page);
  await page.context().close();
});

await test("served at the root too: playground and widgets", async () => {
  const rootServer = await serve("");
  const page = await open(null, { origin: rootServer.origin });
  await page.goto(`${rootServer.base}embed-example.html`);
  await widgetOut(page, 0).getByText("64 bytes from 127.1.2.3").waitFor();
  await page.goto(rootServer.base);
  await run(page, "ping -c 1 127.0.0.1", "1 packets transmitted, 1 received");
  clean(page);
  await page.context().close();
  await rootServer.close();
});

await browser.close();
await server.close();
console.log(`\n${results.length - failures} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
