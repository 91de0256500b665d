// Starts the app without an inline script, so the CSP can be strict.
// Trunk's pattern_script names the hashed glue and wasm files in data attributes.
const tag = document.querySelector("script[data-lolab-js]");
if (tag) {
  const { default: init } = await import(tag.dataset.lolabJs);
  await init({ module_or_path: tag.dataset.lolabWasm });
}
