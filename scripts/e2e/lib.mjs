// Shared by e2e.mjs and page-budget.mjs: serve dist/ under a sub-path with
// python3 -m http.server, and launch the system's headless Chromium.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createServer } from "node:net";
import { chromium } from "playwright-core";

export const ROOT = resolve(import.meta.dirname, "../..");
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function waitFor(url, ms = 15000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server at ${url} did not come up`);
}

/** Copies dist/ to a temp dir as dist-root/lab/ and serves dist-root. */
export async function serve(sub = "lab") {
  const dist = join(ROOT, "dist");
  if (!existsSync(join(dist, "index.html"))) {
    throw new Error("no dist/index.html: run `trunk build --release` first");
  }
  const tmp = mkdtempSync(join(tmpdir(), "lolab-e2e-"));
  const root = join(tmp, "dist-root");
  cpSync(dist, sub ? join(root, sub) : root, { recursive: true });
  const port = await freePort();
  const proc = spawn("python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", root], {
    stdio: ["ignore", "ignore", "ignore"],
  });
  const origin = `http://127.0.0.1:${port}`;
  const base = sub ? `${origin}/${sub}/` : `${origin}/`;
  await waitFor(base);
  return {
    origin,
    base,
    async close() {
      proc.kill("SIGTERM");
      await new Promise((r) => proc.once("exit", r));
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}
