//! Shell arithmetic (`$((…))`, `((…))`, `for ((…))`, `let`): 64-bit
//! integers with C's operators and precedence, variables by name, bases
//! (`0x1f`, `017`, `2#101`), and bash's error texts.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// How deep a variable may refer to another's expression.
const MAX_DEPTH: u32 = 64;

/// What arithmetic reads and writes.
pub trait Env {
    /// The value of `name` (None: unset, which is 0).
    fn get(&mut self, name: &str) -> Option<String>;
    /// Assigns `name`; bash's message on failure (read-only).
    fn set(&mut self, name: &str, value: i64) -> Result<(), String>;
}

/// An arithmetic error, as bash words it after `bash: `.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArithError(pub String);

#[derive(Clone, Debug, PartialEq, Eq)]
enum T {
    Num(i64),
    Name(String),
    Op(&'static str),
}

const OPS: &[&str] = &[
    "<<=", ">>=", "**", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+=", "-=",
    "*=", "/=", "%=", "&=", "^=", "|=", "+", "-", "*", "/", "%", "<", ">", "&", "^", "|", "!", "~",
    "?", ":", "=", ",", "(", ")",
];

fn error(expr: &str, what: &str, token: &str) -> ArithError {
    ArithError(format!(
        "{}: {what} (error token is \"{token}\")",
        expr.trim()
    ))
}

fn parse_number(s: &str) -> Option<i64> {
    if let Some((base, digits)) = s.split_once('#') {
        let base: u32 = base.parse().ok()?;
        if !(2..=64).contains(&base) {
            return None;
        }
        let mut v: i64 = 0;
        for c in digits.chars() {
            let d = match c {
                '0'..='9' => c as u32 - '0' as u32,
                'a'..='z' => c as u32 - 'a' as u32 + 10,
                'A'..='Z' if base <= 36 => c as u32 - 'A' as u32 + 10,
                'A'..='Z' => c as u32 - 'A' as u32 + 36,
                '@' => 62,
                '_' => 63,
                _ => return None,
            };
            if d >= base {
                return None;
            }
            v = v.wrapping_mul(i64::from(base)).wrapping_add(i64::from(d));
        }
        return Some(v);
    }
    if let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        return u64::from_str_radix(hex, 16).ok().map(|v| v as i64);
    }
    if s.len() > 1
        && let Some(oct) = s.strip_prefix('0')
    {
        return u64::from_str_radix(oct, 8).ok().map(|v| v as i64);
    }
    s.parse::<u64>().ok().map(|v| v as i64)
}

fn tokenize(expr: &str) -> Result<Vec<T>, ArithError> {
    let chars: Vec<char> = expr.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_alphanumeric() || c == '_' {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '#' || *c == '@')
            {
                i += 1;
            }
            let word: String = chars.get(start..i).unwrap_or_default().iter().collect();
            if c.is_ascii_digit() {
                match parse_number(&word) {
                    Some(n) => out.push(T::Num(n)),
                    None => {
                        return Err(error(expr, "value too great for base", &word));
                    }
                }
            } else {
                out.push(T::Name(word));
            }
            continue;
        }
        let rest: String = chars.get(i..).unwrap_or_default().iter().take(3).collect();
        match OPS.iter().find(|op| rest.starts_with(**op)) {
            Some(op) => {
                out.push(T::Op(op));
                i += op.chars().count();
            }
            None => {
                let tail: String = chars.get(i..).unwrap_or_default().iter().collect();
                return Err(error(
                    expr,
                    "syntax error: invalid arithmetic operator",
                    &tail,
                ));
            }
        }
    }
    Ok(out)
}

struct Eval<'a> {
    expr: &'a str,
    toks: Vec<T>,
    pos: usize,
    env: &'a mut dyn Env,
    depth: u32,
}

fn binary_prec(op: &str) -> Option<u8> {
    Some(match op {
        "||" => 1,
        "&&" => 2,
        "|" => 3,
        "^" => 4,
        "&" => 5,
        "==" | "!=" => 6,
        "<" | "<=" | ">" | ">=" => 7,
        "<<" | ">>" => 8,
        "+" | "-" => 9,
        "*" | "/" | "%" => 10,
        "**" => 11,
        _ => return None,
    })
}

impl Eval<'_> {
    fn peek(&self) -> Option<&T> {
        self.toks.get(self.pos)
    }

    fn rest_text(&self) -> String {
        let mut s = String::new();
        let from = if self.pos < self.toks.len() {
            self.pos
        } else {
            self.pos.saturating_sub(1)
        };
        for t in self.toks.iter().skip(from) {
            if !s.is_empty() {
                s.push(' ');
            }
            match t {
                T::Num(n) => s.push_str(&n.to_string()),
                T::Name(n) => s.push_str(n),
                T::Op(o) => s.push_str(o),
            }
        }
        s
    }

    fn fail(&self, what: &str) -> ArithError {
        let tok = self.rest_text();
        error(self.expr, what, &tok)
    }

    fn var(&mut self, name: &str, skip: bool) -> Result<i64, ArithError> {
        if skip {
            return Ok(0);
        }
        let Some(v) = self.env.get(name) else {
            return Ok(0);
        };
        let v = v.trim();
        if v.is_empty() {
            return Ok(0);
        }
        if let Some(n) = parse_number(v) {
            return Ok(n);
        }
        if self.depth >= MAX_DEPTH {
            return Err(ArithError(format!(
                "{v}: expression recursion level exceeded (error token is \"{v}\")"
            )));
        }
        eval_depth(v, self.env, self.depth + 1)
    }

    fn assign(&mut self, name: &str, v: i64, skip: bool) -> Result<i64, ArithError> {
        if !skip {
            self.env.set(name, v).map_err(ArithError)?;
        }
        Ok(v)
    }

    fn comma(&mut self, skip: bool) -> Result<i64, ArithError> {
        let mut v = self.assignment(skip)?;
        while self.peek() == Some(&T::Op(",")) {
            self.pos += 1;
            v = self.assignment(skip)?;
        }
        Ok(v)
    }

    fn assignment(&mut self, skip: bool) -> Result<i64, ArithError> {
        if let (Some(T::Name(name)), Some(T::Op(op))) = (
            self.toks.get(self.pos).cloned(),
            self.toks.get(self.pos + 1).cloned(),
        ) && matches!(
            op,
            "=" | "+=" | "-=" | "*=" | "/=" | "%=" | "<<=" | ">>=" | "&=" | "^=" | "|="
        ) {
            self.pos += 2;
            let rhs = self.assignment(skip)?;
            let v = if op == "=" {
                rhs
            } else {
                let old = self.var(&name, skip)?;
                let bin = op.trim_end_matches('=');
                self.apply(bin, old, rhs, skip)?
            };
            return self.assign(&name, v, skip);
        }
        self.ternary(skip)
    }

    fn ternary(&mut self, skip: bool) -> Result<i64, ArithError> {
        let c = self.binary(1, skip)?;
        if self.peek() != Some(&T::Op("?")) {
            return Ok(c);
        }
        self.pos += 1;
        let a = self.comma(skip || c == 0)?;
        if self.peek() != Some(&T::Op(":")) {
            return Err(self.fail("syntax error in expression"));
        }
        self.pos += 1;
        let b = self.ternary(skip || c != 0)?;
        Ok(if c != 0 { a } else { b })
    }

    fn apply(&self, op: &str, a: i64, b: i64, skip: bool) -> Result<i64, ArithError> {
        Ok(match op {
            "||" => i64::from(a != 0 || b != 0),
            "&&" => i64::from(a != 0 && b != 0),
            "|" => a | b,
            "^" => a ^ b,
            "&" => a & b,
            "==" => i64::from(a == b),
            "!=" => i64::from(a != b),
            "<" => i64::from(a < b),
            "<=" => i64::from(a <= b),
            ">" => i64::from(a > b),
            ">=" => i64::from(a >= b),
            "<<" => a.wrapping_shl((b & 63) as u32),
            ">>" => a.wrapping_shr((b & 63) as u32),
            "+" => a.wrapping_add(b),
            "-" => a.wrapping_sub(b),
            "*" => a.wrapping_mul(b),
            "/" | "%" => {
                if b == 0 {
                    if skip {
                        return Ok(0);
                    }
                    return Err(error(self.expr, "division by 0", &b.to_string()));
                }
                if op == "/" {
                    a.wrapping_div(b)
                } else {
                    a.wrapping_rem(b)
                }
            }
            "**" => {
                if b < 0 {
                    return Err(error(self.expr, "exponent less than 0", &b.to_string()));
                }
                let mut r: i64 = 1;
                let mut base = a;
                let mut e = b;
                while e > 0 {
                    if e & 1 == 1 {
                        r = r.wrapping_mul(base);
                    }
                    base = base.wrapping_mul(base);
                    e >>= 1;
                }
                r
            }
            _ => 0,
        })
    }

    fn binary(&mut self, min: u8, skip: bool) -> Result<i64, ArithError> {
        let mut left = self.unary(skip)?;
        loop {
            let Some(T::Op(op)) = self.peek().cloned() else {
                return Ok(left);
            };
            let Some(prec) = binary_prec(op) else {
                return Ok(left);
            };
            if prec < min {
                return Ok(left);
            }
            self.pos += 1;
            let short = (op == "&&" && left == 0) || (op == "||" && left != 0);
            // `**` is right-associative.
            let next = if op == "**" { prec } else { prec + 1 };
            let right = self.binary(next, skip || short)?;
            left = self.apply(op, left, right, skip || short)?;
        }
    }

    fn unary(&mut self, skip: bool) -> Result<i64, ArithError> {
        if self.depth > MAX_DEPTH * 4 {
            return Err(self.fail("expression recursion level exceeded"));
        }
        match self.peek().cloned() {
            Some(T::Op(op @ ("!" | "~" | "-" | "+"))) => {
                self.pos += 1;
                self.depth += 1;
                let v = self.unary(skip);
                self.depth -= 1;
                let v = v?;
                Ok(match op {
                    "!" => i64::from(v == 0),
                    "~" => !v,
                    "-" => v.wrapping_neg(),
                    _ => v,
                })
            }
            Some(T::Op(op @ ("++" | "--"))) => {
                self.pos += 1;
                let Some(T::Name(name)) = self.peek().cloned() else {
                    return Err(self.fail("syntax error: operand expected"));
                };
                self.pos += 1;
                let v = self.var(&name, skip)?;
                let v = if op == "++" {
                    v.wrapping_add(1)
                } else {
                    v.wrapping_sub(1)
                };
                self.assign(&name, v, skip)
            }
            _ => self.postfix(skip),
        }
    }

    fn postfix(&mut self, skip: bool) -> Result<i64, ArithError> {
        match self.peek().cloned() {
            Some(T::Num(n)) => {
                self.pos += 1;
                Ok(n)
            }
            Some(T::Name(name)) => {
                self.pos += 1;
                let v = self.var(&name, skip)?;
                if let Some(T::Op(op @ ("++" | "--"))) = self.peek().cloned() {
                    self.pos += 1;
                    let n = if op == "++" {
                        v.wrapping_add(1)
                    } else {
                        v.wrapping_sub(1)
                    };
                    self.assign(&name, n, skip)?;
                }
                Ok(v)
            }
            Some(T::Op("(")) => {
                self.pos += 1;
                self.depth += 1;
                let v = self.comma(skip);
                self.depth -= 1;
                let v = v?;
                if self.peek() != Some(&T::Op(")")) {
                    return Err(self.fail("missing `)'"));
                }
                self.pos += 1;
                Ok(v)
            }
            _ => Err(self.fail("syntax error: operand expected")),
        }
    }
}

fn eval_depth(expr: &str, env: &mut dyn Env, depth: u32) -> Result<i64, ArithError> {
    let toks = tokenize(expr)?;
    if toks.is_empty() {
        return Ok(0);
    }
    let mut e = Eval {
        expr,
        toks,
        pos: 0,
        env,
        depth,
    };
    let v = e.comma(false)?;
    if e.pos < e.toks.len() {
        return Err(e.fail("syntax error in expression"));
    }
    Ok(v)
}

/// Evaluates `expr`.
pub fn eval(expr: &str, env: &mut dyn Env) -> Result<i64, ArithError> {
    eval_depth(expr, env, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::BTreeMap;

    struct M(BTreeMap<String, String>);
    impl Env for M {
        fn get(&mut self, name: &str) -> Option<String> {
            self.0.get(name).cloned()
        }
        fn set(&mut self, name: &str, value: i64) -> Result<(), String> {
            self.0.insert(name.into(), value.to_string());
            Ok(())
        }
    }

    #[test]
    fn operators() {
        let mut m = M(BTreeMap::new());
        let mut e = |s: &str| eval(s, &mut m);
        assert_eq!(e("1 + 2 * 3"), Ok(7));
        assert_eq!(e("(1 + 2) * 3"), Ok(9));
        assert_eq!(e("2 ** 10"), Ok(1024));
        assert_eq!(e("x = 5, x += 2, x"), Ok(7));
        assert_eq!(e("x++"), Ok(7));
        assert_eq!(e("x"), Ok(8));
        assert_eq!(e("0x10 + 010 + 2#11"), Ok(27));
        assert_eq!(e("1 < 2 && 3 > 4 || 1"), Ok(1));
        assert_eq!(e("1 ? 2 : 3"), Ok(2));
        assert_eq!(e("-3 / 2"), Ok(-1));
        assert_eq!(e("7 % 3"), Ok(1));
        assert_eq!(e("0 && 1/0"), Ok(0));
        assert_eq!(
            e("1/0").unwrap_err().0,
            "1/0: division by 0 (error token is \"0\")"
        );
        assert_eq!(
            e("1 +").unwrap_err().0,
            "1 +: syntax error: operand expected (error token is \"+\")"
        );
    }
}
