// Page budgets of the built site (dist/), in headless Chromium. Prints:
//  - the gzip bytes (level 9) of everything the first view of index.html
//    loads (HTML, JS, wasm, CSS) and the wasm's share;
//  - the median of 5 loads of: navigation start -> `lolab:interactive`
//    (terminal on screen), and at instant speed Enter on
//    `ping -c 1 127.0.0.1` (`lolab:submit`) -> its output rendered
//    (`lolab:output`), and to the end of the frame that shows it
//    (`lolab:painted`: rAF, then a zero timeout), with the reducer's share
//    (`lolab:reduce`), and from the keydown event's own timeStamp (a
//    capture listener added here) to `lolab:painted`. Performance marks
//    come from web/src/perf.rs.
// No figure is asserted. `--append` adds them to docs/PERFORMANCE.md.
//
//   node scripts/e2e/page-budget.mjs [--append]
import { appendFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { execSync } from "node:child_process";
import { join } from "node:path";
import { serve, launch, ROOT } from "./lib.mjs";

const LOADS = Number(process.env.LOADS ?? 5);
const server = await serve("lab");
const browser = await launch();

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

// 1. Bytes of the first view.
const files = new Map();
{
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("response", async (r) => {
    const url = r.url();
    if (!url.startsWith(server.origin) || r.status() !== 200) return;
    try {
      files.set(url, await r.body());
    } catch {}
  });
  await page.goto(server.base);
  await page.waitForFunction(() => performance.getEntriesByName("lolab:interactive").length > 0);
  await page.waitForLoadState("networkidle");
  await context.close();
}
const rows = [];
let total = 0;
let wasm = 0;
for (const [url, body] of files) {
  const name = new URL(url).pathname.split("/").pop() || "index.html";
  const kind = name.endsWith(".wasm") ? "wasm" : name.endsWith(".js") ? "js" : name.endsWith(".css") ? "css" : name.endsWith(".html") ? "html" : null;
  if (!kind) continue;
  const gz = gzipSync(body, { level: 9 }).length;
  total += gz;
  if (kind === "wasm") wasm += gz;
  rows.push([name, body.length, gz]);
}
rows.sort((a, b) => b[2] - a[2]);

// 2. Timings.
const interactive = [];
const ping = [];
const painted = [];
const reduce = [];
const keydown = [];
for (let i = 0; i < LOADS; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.base);
  await page.waitForFunction(() => performance.getEntriesByName("lolab:interactive").length > 0);
  interactive.push(await page.evaluate(() => performance.getEntriesByName("lolab:interactive")[0].startTime));
  await page.locator('[data-speed="instant"]').click();
  await page.locator("#terminal-input").fill("ping -c 1 127.0.0.1");
  // The keydown event's own timestamp (when the browser took the key in),
  // from a capture listener outside the app: what the handler runs before
  // lolab:submit counts here too.
  await page.evaluate(() =>
    window.addEventListener("keydown", (e) => e.key === "Enter" && performance.mark("e2e:keydown", { startTime: e.timeStamp }), { capture: true, once: true }),
  );
  await page.locator("#terminal-input").press("Enter");
  await page.locator("#terminal-output").getByText("1 packets transmitted, 1 received").waitFor();
  await page.waitForFunction(() => {
    const s = performance.getEntriesByName("lolab:submit").at(-1);
    return s && performance.getEntriesByName("lolab:painted").some((o) => o.startTime >= s.startTime);
  });
  const t = await page.evaluate(() => {
    const s = performance.getEntriesByName("lolab:submit").at(-1);
    const after = (name) => performance.getEntriesByName(name).find((o) => o.startTime >= s.startTime);
    return {
      output: after("lolab:output").startTime - s.startTime,
      painted: after("lolab:painted").startTime - s.startTime,
      reduce: after("lolab:reduce")?.duration ?? NaN,
      keydown: after("lolab:painted").startTime - (performance.getEntriesByName("e2e:keydown").at(-1)?.startTime ?? NaN),
    };
  });
  ping.push(t.output);
  painted.push(t.painted);
  reduce.push(t.reduce);
  keydown.push(t.keydown);
  await context.close();
}
await browser.close();
await server.close();

const kb = (b) => `${(b / 1024).toFixed(1)} KiB`;
const lines = [];
lines.push("| file | raw | gzip -9 |", "|---|---:|---:|");
for (const [name, raw, gz] of rows) lines.push(`| ${name} | ${raw} | ${gz} |`);
lines.push(`| **first view total** | | **${total} (${kb(total)})** |`);
const summary = [
  `first view: ${total} B gzip (${kb(total)}), wasm ${wasm} B gzip (${kb(wasm)}, ${((100 * wasm) / total).toFixed(1)}%)`,
  `navigation -> interactive terminal: median ${median(interactive).toFixed(0)} ms of ${LOADS} (${interactive.map((x) => x.toFixed(0)).join(", ")})`,
  `Enter on ping -c 1 127.0.0.1 (instant) -> output rendered: median ${median(ping).toFixed(1)} ms of ${LOADS} (${ping.map((x) => x.toFixed(1)).join(", ")})`,
  `Enter on ping -c 1 127.0.0.1 (instant) -> frame with the output painted: median ${median(painted).toFixed(1)} ms of ${LOADS} (${painted.map((x) => x.toFixed(1)).join(", ")})`,
  `Enter keydown event (its timeStamp) -> frame with the output painted: median ${median(keydown).toFixed(1)} ms of ${LOADS} (${keydown.map((x) => x.toFixed(1)).join(", ")})`,
  `  of which the reducer (Submit: parse, start, run, absorb): median ${median(reduce).toFixed(1)} ms (${reduce.map((x) => x.toFixed(1)).join(", ")})`,
];
console.log(lines.join("\n"));
console.log(summary.join("\n"));

if (process.argv.includes("--append")) {
  let rev = "";
  try {
    rev = execSync("git rev-parse --short HEAD", { cwd: ROOT }).toString().trim();
  } catch {}
  const chromium = execSync("/usr/bin/chromium --version 2>/dev/null || true").toString().trim();
  const text = `
## Page budget, ${new Date().toISOString().slice(0, 10)} (commit ${rev})

\`trunk build --release --offline --skip-version-check && node scripts/e2e/page-budget.mjs\`
(dist/ served by \`python3 -m http.server\` under /lab/, ${chromium}, headless, this machine)

${lines.join("\n")}

- ${summary.join("\n- ")}
`;
  appendFileSync(join(ROOT, "docs/PERFORMANCE.md"), text);
  console.log("appended to docs/PERFORMANCE.md");
}
