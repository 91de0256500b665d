// Runs a wasm32-wasip1 test binary under Node's WASI, so `cargo test
// --target wasm32-wasip1` runs the core's own #[test]s compiled to wasm.
// Usage (as a cargo runner): node scripts/wasi-runner.mjs FILE.wasm [ARGS...]
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import process from 'node:process';

const [file, ...args] = process.argv.slice(2);
const wasi = new WASI({
  version: 'preview1',
  args: [file, ...args],
  env: { RUST_BACKTRACE: '0' },
  preopens: { '/tmp': '/tmp' },
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
