//! The wasm-bindgen surface: `new Lab(options)`, `run`, `state`, `pcap`,
//! `reset`. Every error is a JS exception with a message, never a trap.

use lolab_core::net::HOST_NS;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::model::{Options, RunRecord, StateRecord};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Options for `new Lab(...)`. */
export interface LabOptions { seed?: number; hostname?: string }
/** One step of a packet's journey. */
export interface TraceEvent {
  seq: number; time_us: number; netns: number; layer: string;
  direction: "egress" | "ingress" | "none"; packet: number | null;
  summary: string; verdict: "pass" | "delivered" | "drop" | "error";
  reason: string | null; explain: string | null;
}
/** What `run` returns. */
export interface RunResult {
  line: string; stdout: string; stderr: string; status: number;
  interrupted: boolean; events: TraceEvent[];
}
/** What `state` returns. */
export interface LabState {
  interfaces: { name: string; flags: string[]; state: string; mtu: number; addresses: string[];
    rx_packets: number; rx_bytes: number; tx_packets: number; tx_bytes: number }[];
  routes: string;
  sockets: { proto: string; state: string; local: string | null; peer: string | null; process: string | null }[];
  hosts: string; time_us: number;
}
"#;

/// A simulated Debian 12 host you can run commands in.
#[wasm_bindgen(js_name = Lab)]
#[derive(Debug)]
pub struct JsLab {
    lab: lolab_core::Lab,
    config: lolab_core::LabConfig,
}

fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("cannot convert the result: {e}")))
}

#[wasm_bindgen(js_class = Lab)]
impl JsLab {
    /// `new Lab({ seed, hostname })`; both optional.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "LabOptions | undefined")] options: JsValue,
    ) -> Result<JsLab, JsError> {
        let opts: Options = if options.is_undefined() || options.is_null() {
            Options::default()
        } else {
            // serde-wasm-bindgen reads only the known fields; a misspelt one
            // must not be silently ignored.
            let Some(object) = options.dyn_ref::<js_sys::Object>() else {
                return Err(JsError::new(
                    "bad Lab options: expected an object like { seed: 1 }",
                ));
            };
            for key in js_sys::Object::keys(object).iter() {
                let key = key.as_string().unwrap_or_default();
                if !Options::FIELDS.contains(&key.as_str()) {
                    return Err(JsError::new(&format!(
                        "bad Lab options: unknown field `{key}`, expected one of `seed`, `hostname`"
                    )));
                }
            }
            serde_wasm_bindgen::from_value(options)
                .map_err(|e| JsError::new(&format!("bad Lab options: {e}")))?
        };
        let config = opts
            .config()
            .map_err(|e| JsError::new(&format!("bad Lab options: {e}")))?;
        Ok(JsLab {
            lab: lolab_core::Lab::new(config.clone()),
            config,
        })
    }

    /// Runs one command line to completion in virtual time.
    #[wasm_bindgen(unchecked_return_type = "RunResult")]
    pub fn run(&mut self, line: &str) -> Result<JsValue, JsError> {
        if line.len() > 64 * 1024 {
            return Err(JsError::new("command line too long (the limit is 64 KiB)"));
        }
        let r = self.lab.run(line);
        to_js(&RunRecord::new(&self.lab, line, &r))
    }

    /// The host's interfaces, routes, sockets and /etc/hosts.
    #[wasm_bindgen(unchecked_return_type = "LabState")]
    pub fn state(&self) -> Result<JsValue, JsError> {
        to_js(&StateRecord::new(&self.lab))
    }

    /// Every packet captured on the host, as a pcap file.
    pub fn pcap(&self) -> Vec<u8> {
        self.lab.snapshot().pcap(HOST_NS)
    }

    /// Starts over with a fresh lab (same options).
    pub fn reset(&mut self) {
        self.lab = lolab_core::Lab::new(self.config.clone());
    }
}
