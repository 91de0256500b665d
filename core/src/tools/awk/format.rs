//! awk's `printf`/`sprintf`: each directive converted through the
//! `printf` engine, the argument turned into what the conversion wants
//! first (a number for `%d`, a character for `%c`), as mawk does.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::value::Value;
use crate::printf;

/// Formats `args` with `fmt`; `Err` with what was formatted so far when
/// the arguments run out (mawk's `not enough arguments passed to
/// printf("…")`).
pub(crate) fn sprintf(fmt: &str, args: &[Value], convfmt: &str) -> Result<String, String> {
    let b = fmt.as_bytes();
    let mut out: Vec<u8> = Vec::new();
    let mut next = 0usize;
    let take = |next: &mut usize, out: &[u8]| -> Result<Value, String> {
        let v = args
            .get(*next)
            .cloned()
            .ok_or_else(|| String::from_utf8_lossy(out).into_owned())?;
        *next += 1;
        Ok(v)
    };
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c != b'%' {
            out.push(c);
            i += 1;
            continue;
        }
        if b.get(i + 1) == Some(&b'%') {
            out.push(b'%');
            i += 2;
            continue;
        }
        let mut spec = String::from("%");
        let mut j = i + 1;
        while let Some(&f) = b.get(j).filter(|f| b"-+ #0".contains(f)) {
            spec.push(char::from(f));
            j += 1;
        }
        for part in 0..2 {
            if part == 1 {
                if b.get(j) != Some(&b'.') {
                    break;
                }
                spec.push('.');
                j += 1;
            }
            if b.get(j) == Some(&b'*') {
                let n = take(&mut next, &out)?.num();
                spec.push_str(&format!("{}", n as i64));
                j += 1;
            } else {
                while let Some(&d) = b.get(j).filter(|d| d.is_ascii_digit()) {
                    spec.push(char::from(d));
                    j += 1;
                }
            }
        }
        while matches!(b.get(j), Some(b'l' | b'h' | b'L' | b'q' | b'j' | b'z')) {
            j += 1;
        }
        let Some(&conv) = b.get(j) else {
            out.extend_from_slice(b.get(i..).unwrap_or_default());
            break;
        };
        let arg = match conv {
            b'd' | b'i' | b'o' | b'x' | b'X' | b'u' | b'c' | b's' | b'e' | b'E' | b'f' | b'F'
            | b'g' | b'G' => take(&mut next, &out)?,
            _ => {
                out.extend_from_slice(b.get(i..=j).unwrap_or_default());
                i = j + 1;
                continue;
            }
        };
        let text = match conv {
            b'd' | b'i' => {
                spec.push('d');
                let n = arg.num();
                // mawk converts to a C `int`, clamped to ±2147483647.
                let n = if n.is_nan() {
                    -2_147_483_647
                } else {
                    (n as i64).clamp(-2_147_483_647, 2_147_483_647)
                };
                run(&spec, format!("{n}"))
            }
            b'o' | b'x' | b'X' | b'u' => {
                spec.push(char::from(conv));
                run(&spec, format!("{}", arg.num() as i64))
            }
            b'c' => {
                let ch = match &arg {
                    Value::Num(n) => {
                        let code = (*n as i64).rem_euclid(256) as u32;
                        String::from(char::from_u32(code).unwrap_or('\u{fffd}'))
                    }
                    other => other
                        .str(convfmt)
                        .chars()
                        .next()
                        .map_or(String::from("\0"), String::from),
                };
                let width: String = spec
                    .chars()
                    .filter(|c| c.is_ascii_digit() || *c == '-')
                    .collect();
                let width = String::from(width.split('.').next().unwrap_or(""));
                run(&format!("%{width}s"), ch)
            }
            b's' => {
                spec.push('s');
                run(&spec, arg.str(convfmt))
            }
            _ => {
                spec.push(char::from(conv));
                run(&spec, format!("{:e}", arg.num()))
            }
        };
        out.extend_from_slice(text.as_bytes());
        i = j + 1;
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// One directive through the engine (its backslashes doubled first: awk
/// has already read the escapes).
fn run(spec: &str, arg: String) -> String {
    let p = printf::format(&spec.replace('\\', "\\\\"), &[arg]);
    String::from_utf8_lossy(&p.stdout()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Recorded: `printf "%5.2f|%d|%s|%c\n", 3.14159, "42abc", "x", 65` →
    /// ` 3.14|42|x|A`; `printf "%5.1s|%c|%c\n", "abc", "hello", 256+65` →
    /// `    a|h|A`.
    #[test]
    fn as_mawk() {
        let s = |x: &str| Value::Str(String::from(x));
        assert_eq!(
            sprintf(
                "%5.2f|%d|%s|%c\n",
                &[Value::Num(1.23456), s("42abc"), s("x"), Value::Num(65.0)],
                "%.6g"
            ),
            Ok(String::from(" 1.23|42|x|A\n"))
        );
        assert_eq!(
            sprintf(
                "%5.1s|%c|%c\n",
                &[s("abc"), s("hello"), Value::Num(321.0)],
                "%.6g"
            ),
            Ok(String::from("    a|h|A\n"))
        );
        assert_eq!(
            sprintf("%d %d", &[Value::Num(1.0)], "%.6g"),
            Err(String::from("1 "))
        );
    }
}
