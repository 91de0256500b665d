// Loopback Lab docs widget.
//
//   <script type="module" src="https://example.org/lab/embed.js"></script>
//   <div data-lolab data-commands="ping -c 1 127.1.2.3" data-lesson="whole-block"
//        data-title="The whole 127/8 block" data-height="360"></div>
//   <lolab-widget commands="curl http://localhost:8000/" height="300"></lolab-widget>
//
// Each widget is an independent lab in its own shadow root. The wasm is
// loaded once per page (this module is evaluated once; `ready` is shared).
// scripts/embed-build.sh (a Trunk post_build hook) replaces the two names
// below with the hashed files of the build; they resolve against this
// module's own URL, so the site works under any sub-path.
const GLUE = "__LOLAB_GLUE__";
const WASM = "__LOLAB_WASM__";
const base = new URL("./", import.meta.url);

// Tells the app's main() not to mount the full playground on this page.
globalThis.__lolabEmbed = true;

let ready;
function loadLab() {
  ready ??= import(new URL(GLUE, base).href).then(async (glue) => {
    await glue.default({ module_or_path: new URL(WASM, base) });
    return glue;
  });
  return ready;
}

function option(host, name) {
  return host.getAttribute(name) ?? host.dataset[name] ?? undefined;
}

async function mount(host) {
  if (host.lolabMounted) return;
  host.lolabMounted = true;
  const root = host.shadowRoot ?? host.attachShadow({ mode: "open" });
  const sheet = document.createElement("link");
  sheet.rel = "stylesheet";
  sheet.href = new URL("embed.css", base).href;
  const styled = new Promise((resolve) => {
    sheet.addEventListener("load", resolve, { once: true });
    sheet.addEventListener("error", resolve, { once: true });
  });
  const mountPoint = document.createElement("div");
  mountPoint.className = "lolab-root";
  root.replaceChildren(sheet, mountPoint);
  const [glue] = await Promise.all([loadLab(), styled]);
  const height = Number(option(host, "height"));
  const seed = option(host, "seed");
  glue.mount_widget(mountPoint, {
    commands: option(host, "commands") ?? "",
    lesson: option(host, "lesson"),
    title: option(host, "title"),
    height: Number.isFinite(height) && height > 0 ? height : 360,
    seed: seed === undefined ? undefined : Number(seed),
    playground: base.href,
  });
  host.dispatchEvent(new CustomEvent("lolab:mounted", { bubbles: true }));
}

function report(host, error) {
  console.error("Loopback Lab widget:", error);
  const p = document.createElement("p");
  p.setAttribute("role", "status");
  p.textContent = "The Loopback Lab widget could not start: " + error;
  (host.shadowRoot ?? host).append(p);
}

function mountSafely(host) {
  mount(host).catch((e) => report(host, e));
}

class LolabWidget extends HTMLElement {
  connectedCallback() {
    mountSafely(this);
  }
}
if (!customElements.get("lolab-widget")) {
  customElements.define("lolab-widget", LolabWidget);
}
for (const host of document.querySelectorAll("[data-lolab]")) {
  mountSafely(host);
}
