//! A tiny writer for iproute2's single-line JSON (`ip -j`).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// One JSON value.
#[derive(Clone, Debug)]
pub(super) enum Json {
    /// A string.
    Str(String),
    /// An unsigned number.
    Num(u64),
    /// An array.
    Arr(Vec<Json>),
    /// An object, keys in insertion order (iproute2's order).
    Obj(Vec<(&'static str, Json)>),
}

impl Json {
    /// A string value.
    pub(super) fn s(v: impl Into<String>) -> Json {
        Json::Str(v.into())
    }

    /// Writes the value without spaces, as `ip -j` prints.
    pub(super) fn write(&self, out: &mut String) {
        match self {
            Json::Str(s) => {
                out.push('"');
                for c in s.chars() {
                    match c {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        '\n' => out.push_str("\\n"),
                        '\t' => out.push_str("\\t"),
                        c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                        c => out.push(c),
                    }
                }
                out.push('"');
            }
            Json::Num(n) => out.push_str(&format!("{n}")),
            Json::Arr(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write(out);
                }
                out.push(']');
            }
            Json::Obj(fields) => {
                out.push('{');
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push('"');
                    out.push_str(k);
                    out.push_str("\":");
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// An array of objects as one line with its newline.
pub(super) fn line(items: Vec<Json>) -> String {
    let mut s = String::new();
    Json::Arr(items).write(&mut s);
    s.push('\n');
    s
}
