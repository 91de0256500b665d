// Profiling aid (not part of scripts/test.sh): traces Enter on
// `ping -c 1 127.0.0.1` at instant speed in dist/ and prints the main
// thread's tasks, layouts and paints around it (ms from lolab:submit).
// Writes each run's Chromium trace to /tmp/latprof/trace<N>.json (open it in
// DevTools' Performance panel) and, with PROFILE=1, a CPU profile
// (prof<N>.cpuprofile; build with data-wasm-opt="0" data-keep-debug for
// wasm function names). SECOND=1 traces a second Enter instead of the first.
//
//   RUNS=3 [PROFILE=1] [SECOND=1] node scripts/e2e/profile-enter.mjs
import { mkdirSync, writeFileSync } from "node:fs";
import { serve, launch } from "./lib.mjs";
const server = await serve("lab");
const browser = await launch();
const runs = Number(process.env.RUNS ?? 3);
mkdirSync("/tmp/latprof", { recursive: true });
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.base);
  await page.waitForFunction(() => performance.getEntriesByName("lolab:interactive").length > 0);
  await page.locator('[data-speed="instant"]').click();
  if (process.env.SECOND) {
    await page.locator("#terminal-input").fill("ping -c 1 127.0.0.1");
    await page.locator("#terminal-input").press("Enter");
    await page.waitForFunction(() => performance.getEntriesByName("lolab:painted").length > 1);
  }
  await page.locator("#terminal-input").fill("ping -c 1 127.0.0.1");
  await page.waitForTimeout(300);
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on("Tracing.dataCollected", (e) => events.push(...e.value));
  const done = new Promise((ok) => cdp.once("Tracing.tracingComplete", ok));
  await cdp.send("Tracing.start", {
    traceConfig: { includedCategories: ["devtools.timeline", "blink.user_timing", "v8.execute", "disabled-by-default-devtools.timeline", "disabled-by-default-v8.cpu_profiler"] },
  });
  if (process.env.PROFILE) { await cdp.send("Profiler.enable"); await cdp.send("Profiler.setSamplingInterval", { interval: 100 }); await cdp.send("Profiler.start"); }
  await page.locator("#terminal-input").press("Enter");
  await page.waitForFunction((n) => performance.getEntriesByName("lolab:painted").length > n, process.env.SECOND ? 2 : 1);
  await page.waitForTimeout(300);
  let prof;
  if (process.env.PROFILE) prof = (await cdp.send("Profiler.stop")).profile;
  await cdp.send("Tracing.end");
  await done;
  const marks = await page.evaluate(() => performance.getEntries().filter((e) => e.name.startsWith("lolab")).map((e) => [e.name, e.entryType, e.startTime, e.duration]));
  writeFileSync(`/tmp/latprof/trace${i}.json`, JSON.stringify({ traceEvents: events }));
  if (prof) writeFileSync(`/tmp/latprof/prof${i}.cpuprofile`, JSON.stringify(prof));
  // timeline summary
  const sub = events.filter((e) => e.name === "lolab:submit" && e.ph !== "e").at(-1);
  const outs = events.filter((e) => e.name === "lolab:output" && e.ph !== "e");
  const t0 = sub ? sub.ts : 0;
  const tEnd = (outs.find((o) => o.ts >= t0)?.ts ?? t0 + 200000);
  console.log(`--- run ${i}: output - submit = ${((tEnd - t0) / 1000).toFixed(1)} ms`);
  for (const m of marks) console.log("  mark", m[0], m[1], m[2].toFixed(1), m[3].toFixed(2));
  const main = events.filter((e) => e.ph === "X" && e.ts >= t0 - 20000 && e.ts <= tEnd + 150000 && ["RunTask", "EventDispatch", "TimerFire", "FunctionCall", "v8.callFunction", "Layout", "UpdateLayoutTree", "Paint", "PrePaint", "Commit", "ParseHTML", "FireAnimationFrame", "HitTest", "RunMicrotasks", "Layerize", "v8.run", "MajorGC", "MinorGC", "V8.GC_SCAVENGER", "V8.GCScavenger", "V8.GCFinalizeMC", "BlinkGC.AtomicPhase", "V8.GC_MC_BACKGROUND", "V8.GCIncrementalMarking", "ThreadState::completeSweep", "V8.GCCompactor", "V8.GC", "ScheduleStyleRecalculation", "UpdateLayer"].includes(e.name));
  const tids = {};
  for (const e of main) tids[e.tid] = (tids[e.tid] ?? 0) + 1;
  const mainTid = Object.entries(tids).sort((a, b) => b[1] - a[1])[0]?.[0];
  for (const e of main.filter((e) => String(e.tid) === mainTid).sort((a, b) => a.ts - b.ts)) {
    if ((e.dur ?? 0) < 300) continue;
    let extra = e.args?.data?.type ?? e.args?.data?.functionName ?? "";
    if (e.name === "Layout" && e.args?.beginData) extra = `dirty ${e.args.beginData.dirtyObjects} of ${e.args.beginData.totalObjects} partial ${e.args.beginData.partialLayout}`;
    if (e.name === "UpdateLayoutTree" && e.args?.elementCount !== undefined) extra = `elements ${e.args.elementCount}`;
    console.log(`  ${((e.ts - t0) / 1000).toFixed(1).padStart(7)} +${((e.dur ?? 0) / 1000).toFixed(1).padStart(6)} ${e.name} ${extra}`);
  }
  await context.close();
}
await browser.close();
await server.close();
