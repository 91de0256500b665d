//! The JavaScript API: a lab you drive from a page's script or a test.
//!
//! ```js
//! import init, { Lab } from "./lolab-web.js";
//! await init();
//! const lab = new Lab({ seed: 7 });
//! const r = lab.run("ping -c 1 127.0.0.1");
//! console.log(r.stdout, r.status, r.events.length);
//! const pcap = lab.pcap();            // Uint8Array, opens in Wireshark
//! const s = lab.state();              // interfaces, routes, sockets, hosts
//! lab.reset();
//! ```
//!
//! [`model`] turns the core's state into plain serialisable records (tested
//! natively); [`js`] exposes them through wasm-bindgen.

pub mod js;
pub mod model;
