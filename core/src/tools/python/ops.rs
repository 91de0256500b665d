//! Operators on builtin values: arithmetic with Python's floor division
//! and modulo, sequence concatenation and repetition, comparisons,
//! `in`, indexing and slicing, `format()`'s mini-language and `%`
//! formatting, with CPython's error messages.

use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::RefCell;

use super::ast::{BinOp, CmpOp};
use super::state::{Flow, Vm};
use super::value::*;
use crate::process::Ctx;

fn type_err(vm: &Vm, op: &str, l: &Value, r: &Value) -> Flow {
    vm.exc_flow(
        "TypeError",
        &format!(
            "unsupported operand type(s) for {op}: '{}' and '{}'",
            l.type_name(),
            r.type_name()
        ),
    )
}

fn overflow(vm: &Vm) -> Flow {
    vm.exc_flow("OverflowError", "integer overflow")
}

fn check_items(vm: &Vm, n: usize) -> Result<(), Flow> {
    if n > MAX_ITEMS {
        return Err(vm.exc_flow("MemoryError", ""));
    }
    Ok(())
}

fn check_len(vm: &Vm, n: usize) -> Result<(), Flow> {
    if n > MAX_LEN {
        return Err(vm.exc_flow("MemoryError", ""));
    }
    Ok(())
}

/// `l op r`.
pub(crate) fn binary(
    vm: &mut Vm,
    ctx: &mut Ctx<'_>,
    op: BinOp,
    l: &Value,
    r: &Value,
    _inplace: bool,
) -> Result<Value, Flow> {
    if let (Some(a), Some(b)) = (as_int(l), as_int(r)) {
        return int_op(vm, op, a, b);
    }
    if let (Some(a), Some(b)) = (as_float(l), as_float(r)) {
        return float_op(vm, op, a, b, l, r);
    }
    match (op, l, r) {
        (BinOp::Add, Value::Str(a), Value::Str(b)) => {
            check_len(vm, a.len() + b.len())?;
            let mut s = String::with_capacity(a.len() + b.len());
            s.push_str(a);
            s.push_str(b);
            Ok(Value::string(s))
        }
        (BinOp::Add, Value::Bytes(a), Value::Bytes(b)) => {
            check_len(vm, a.len() + b.len())?;
            let mut v = a.to_vec();
            v.extend_from_slice(b);
            Ok(Value::Bytes(Rc::from(v)))
        }
        (BinOp::Add, Value::List(a), Value::List(b)) => {
            let (a, b) = (a.borrow(), b.borrow());
            check_items(vm, a.len() + b.len())?;
            let mut v = a.clone();
            v.extend(b.iter().cloned());
            Ok(Value::list(v))
        }
        (BinOp::Add, Value::Tuple(a), Value::Tuple(b)) => {
            check_items(vm, a.len() + b.len())?;
            let mut v = a.to_vec();
            v.extend(b.iter().cloned());
            Ok(Value::tuple(v))
        }
        (
            BinOp::Mul,
            Value::Str(_) | Value::Bytes(_) | Value::List(_) | Value::Tuple(_),
            Value::Int(_) | Value::Bool(_),
        ) => repeat(vm, l, as_int(r).unwrap_or(0)),
        (
            BinOp::Mul,
            Value::Int(_) | Value::Bool(_),
            Value::Str(_) | Value::Bytes(_) | Value::List(_) | Value::Tuple(_),
        ) => repeat(vm, r, as_int(l).unwrap_or(0)),
        (BinOp::Mod, Value::Str(fmt), _) => Ok(Value::string(percent(vm, ctx, fmt, r)?)),
        (BinOp::Mod, Value::Bytes(fmt), _) => {
            let text: String = fmt.iter().map(|b| *b as char).collect();
            let args = match r {
                Value::Bytes(b) => Value::string(b.iter().map(|b| *b as char).collect()),
                other => other.clone(),
            };
            let s = percent(vm, ctx, &text, &args)?;
            Ok(Value::Bytes(Rc::from(
                s.chars().map(|c| c as u32 as u8).collect::<Vec<u8>>(),
            )))
        }
        (BinOp::BitOr, Value::Dict(a), Value::Dict(b)) => {
            let mut d = Dict::default();
            for (k, v) in a.borrow().items().chain(b.borrow().items()) {
                if let Some(hk) = key_of(k) {
                    d.insert(hk, k.clone(), v.clone());
                }
            }
            Ok(Value::Dict(Rc::new(RefCell::new(d))))
        }
        (
            BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor,
            Value::Set(a),
            Value::Set(b),
        ) => {
            let (a, b) = (a.borrow(), b.borrow());
            let mut d = Dict::default();
            let in_b = |k: &Value| key_of(k).is_some_and(|hk| b.get(&hk).is_some());
            let in_a = |k: &Value| key_of(k).is_some_and(|hk| a.get(&hk).is_some());
            for (k, _) in a.items() {
                let keep = match op {
                    BinOp::BitOr => true,
                    BinOp::BitAnd => in_b(k),
                    _ => !in_b(k),
                };
                if keep && let Some(hk) = key_of(k) {
                    d.insert(hk, k.clone(), Value::None);
                }
            }
            if matches!(op, BinOp::BitOr | BinOp::BitXor) {
                for (k, _) in b.items() {
                    if (op == BinOp::BitOr || !in_a(k))
                        && let Some(hk) = key_of(k)
                    {
                        d.insert(hk, k.clone(), Value::None);
                    }
                }
            }
            Ok(Value::Set(Rc::new(RefCell::new(d))))
        }
        _ => {
            if let Value::Instance(i) = l {
                let name = match op {
                    BinOp::Add => "__add__",
                    BinOp::Sub => "__sub__",
                    BinOp::Mul => "__mul__",
                    _ => "",
                };
                if let Some(m) = i.class.lookup(name) {
                    return vm.call_sync(ctx, &m, alloc::vec![l.clone(), r.clone()], Vec::new());
                }
            }
            if op == BinOp::Add && matches!(l, Value::Str(_)) {
                return Err(vm.exc_flow(
                    "TypeError",
                    &format!(
                        "can only concatenate str (not \"{}\") to str",
                        r.type_name()
                    ),
                ));
            }
            if op == BinOp::Add && matches!(l, Value::List(_)) {
                return Err(vm.exc_flow(
                    "TypeError",
                    &format!(
                        "can only concatenate list (not \"{}\") to list",
                        r.type_name()
                    ),
                ));
            }
            if op == BinOp::Add && matches!(l, Value::Tuple(_)) {
                return Err(vm.exc_flow(
                    "TypeError",
                    &format!(
                        "can only concatenate tuple (not \"{}\") to tuple",
                        r.type_name()
                    ),
                ));
            }
            if op == BinOp::Mul
                && matches!(
                    l,
                    Value::Str(_) | Value::List(_) | Value::Bytes(_) | Value::Tuple(_)
                )
            {
                return Err(vm.exc_flow(
                    "TypeError",
                    &format!(
                        "can't multiply sequence by non-int of type '{}'",
                        r.type_name()
                    ),
                ));
            }
            if op == BinOp::Pow {
                return Err(vm.exc_flow(
                    "TypeError",
                    &format!(
                        "unsupported operand type(s) for ** or pow(): '{}' and '{}'",
                        l.type_name(),
                        r.type_name()
                    ),
                ));
            }
            Err(type_err(vm, op.symbol(), l, r))
        }
    }
}

fn repeat(vm: &Vm, v: &Value, n: i64) -> Result<Value, Flow> {
    let n = n.max(0) as usize;
    Ok(match v {
        Value::Str(s) => {
            check_len(vm, s.len().saturating_mul(n))?;
            Value::string(s.repeat(n))
        }
        Value::Bytes(b) => {
            check_len(vm, b.len().saturating_mul(n))?;
            Value::Bytes(Rc::from(b.repeat(n)))
        }
        Value::List(l) => {
            let l = l.borrow();
            check_items(vm, l.len().saturating_mul(n))?;
            let mut out = Vec::with_capacity(l.len() * n);
            for _ in 0..n {
                out.extend(l.iter().cloned());
            }
            Value::list(out)
        }
        Value::Tuple(t) => {
            check_items(vm, t.len().saturating_mul(n))?;
            let mut out = Vec::with_capacity(t.len() * n);
            for _ in 0..n {
                out.extend(t.iter().cloned());
            }
            Value::tuple(out)
        }
        _ => Value::None,
    })
}

fn int_op(vm: &Vm, op: BinOp, a: i64, b: i64) -> Result<Value, Flow> {
    let zero = |what: &str| vm.exc_flow("ZeroDivisionError", what);
    Ok(Value::Int(match op {
        BinOp::Add => a.checked_add(b).ok_or_else(|| overflow(vm))?,
        BinOp::Sub => a.checked_sub(b).ok_or_else(|| overflow(vm))?,
        BinOp::Mul => a.checked_mul(b).ok_or_else(|| overflow(vm))?,
        BinOp::Div => {
            if b == 0 {
                return Err(zero("division by zero"));
            }
            return Ok(Value::Float(a as f64 / b as f64));
        }
        BinOp::FloorDiv => {
            if b == 0 {
                return Err(zero("integer division or modulo by zero"));
            }
            let q = a.checked_div(b).ok_or_else(|| overflow(vm))?;
            if (a % b != 0) && ((a < 0) != (b < 0)) {
                q - 1
            } else {
                q
            }
        }
        BinOp::Mod => {
            if b == 0 {
                return Err(zero("integer division or modulo by zero"));
            }
            let m = a.checked_rem(b).unwrap_or(0);
            if m != 0 && ((m < 0) != (b < 0)) {
                m + b
            } else {
                m
            }
        }
        BinOp::Pow => {
            if b < 0 {
                if a == 0 {
                    return Err(zero("0.0 cannot be raised to a negative power"));
                }
                return Ok(Value::Float(libm_pow(a as f64, b as f64)));
            }
            let e = u32::try_from(b).map_err(|_| overflow(vm))?;
            a.checked_pow(e).ok_or_else(|| overflow(vm))?
        }
        BinOp::LShift => {
            if b < 0 {
                return Err(vm.exc_flow("ValueError", "negative shift count"));
            }
            if b >= 63 || (a != 0 && (a.abs().leading_zeros() as i64) <= b) {
                if a == 0 {
                    0
                } else {
                    return Err(overflow(vm));
                }
            } else {
                a << b
            }
        }
        BinOp::RShift => {
            if b < 0 {
                return Err(vm.exc_flow("ValueError", "negative shift count"));
            }
            a >> b.min(63)
        }
        BinOp::BitAnd => a & b,
        BinOp::BitOr => a | b,
        BinOp::BitXor => a ^ b,
        BinOp::MatMul => {
            return Err(vm.exc_flow(
                "TypeError",
                "unsupported operand type(s) for @: 'int' and 'int'",
            ));
        }
    }))
}

/// `x ** y` for floats without `std`: integral exponents by squaring,
/// the rest through exp/ln series.
fn libm_pow(x: f64, y: f64) -> f64 {
    if is_integral(y) && y.abs() < 1e9 {
        let mut n = y.abs() as u64;
        let mut base = x;
        let mut acc = 1.0;
        while n > 0 {
            if n & 1 == 1 {
                acc *= base;
            }
            base *= base;
            n >>= 1;
        }
        return if y < 0.0 { 1.0 / acc } else { acc };
    }
    if x <= 0.0 {
        return f64::NAN;
    }
    exp(y * ln(x))
}

fn ln(x: f64) -> f64 {
    // ln(x) = 2 atanh((x-1)/(x+1)) after scaling x into [0.5, 1).
    let mut k = 0i32;
    let mut m = x;
    while m > 1.0 {
        m /= 2.0;
        k += 1;
    }
    while m < 0.5 {
        m *= 2.0;
        k -= 1;
    }
    let t = (m - 1.0) / (m + 1.0);
    let t2 = t * t;
    let mut sum = 0.0;
    let mut term = t;
    let mut n = 1.0;
    for _ in 0..60 {
        sum += term / n;
        term *= t2;
        n += 2.0;
    }
    2.0 * sum + f64::from(k) * core::f64::consts::LN_2
}

fn exp(x: f64) -> f64 {
    if x > 709.0 {
        return f64::INFINITY;
    }
    if x < -745.0 {
        return 0.0;
    }
    let k = (x / core::f64::consts::LN_2) as i32;
    let r = x - f64::from(k) * core::f64::consts::LN_2;
    let mut sum = 1.0;
    let mut term = 1.0;
    for n in 1..30 {
        term *= r / f64::from(n);
        sum += term;
    }
    let mut scale = 1.0;
    if k >= 0 {
        for _ in 0..k {
            scale *= 2.0;
        }
    } else {
        for _ in 0..(-k) {
            scale /= 2.0;
        }
    }
    sum * scale
}

fn float_op(vm: &Vm, op: BinOp, a: f64, b: f64, l: &Value, r: &Value) -> Result<Value, Flow> {
    Ok(Value::Float(match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => a * b,
        BinOp::Div => {
            if b == 0.0 {
                return Err(vm.exc_flow("ZeroDivisionError", "float division by zero"));
            }
            a / b
        }
        BinOp::FloorDiv => {
            if b == 0.0 {
                return Err(vm.exc_flow("ZeroDivisionError", "float floor division by zero"));
            }
            floor(a / b)
        }
        BinOp::Mod => {
            if b == 0.0 {
                return Err(vm.exc_flow("ZeroDivisionError", "float modulo"));
            }
            let m = a % b;
            if m != 0.0 && ((m < 0.0) != (b < 0.0)) {
                m + b
            } else {
                m
            }
        }
        BinOp::Pow => {
            if a == 0.0 && b < 0.0 {
                return Err(vm.exc_flow(
                    "ZeroDivisionError",
                    "0.0 cannot be raised to a negative power",
                ));
            }
            libm_pow(a, b)
        }
        _ => return Err(type_err(vm, op.symbol(), l, r)),
    }))
}

/// `floor` without `std`.
pub(crate) fn floor(x: f64) -> f64 {
    if !x.is_finite() || x.abs() >= 4.5e15 {
        return x;
    }
    let t = x as i64 as f64;
    if t > x { t - 1.0 } else { t }
}

/// `l op r` for the ordering and equality operators.
pub(crate) fn compare(vm: &mut Vm, op: CmpOp, l: &Value, r: &Value) -> Result<bool, Flow> {
    match op {
        CmpOp::Eq => return Ok(equal(l, r, 0)),
        CmpOp::Ne => return Ok(!equal(l, r, 0)),
        _ => {}
    }
    let ord = order(vm, l, r, op)?;
    Ok(match op {
        CmpOp::Lt => ord == Some(core::cmp::Ordering::Less),
        CmpOp::Le => matches!(
            ord,
            Some(core::cmp::Ordering::Less | core::cmp::Ordering::Equal)
        ),
        CmpOp::Gt => ord == Some(core::cmp::Ordering::Greater),
        CmpOp::Ge => matches!(
            ord,
            Some(core::cmp::Ordering::Greater | core::cmp::Ordering::Equal)
        ),
        _ => false,
    })
}

fn op_symbol(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Lt => "<",
        CmpOp::Le => "<=",
        CmpOp::Gt => ">",
        _ => ">=",
    }
}

/// The ordering of two values (`None` for NaN), or a TypeError.
pub(crate) fn order(
    vm: &Vm,
    l: &Value,
    r: &Value,
    op: CmpOp,
) -> Result<Option<core::cmp::Ordering>, Flow> {
    order_depth(vm, l, r, op, 0)
}

fn order_depth(
    vm: &Vm,
    l: &Value,
    r: &Value,
    op: CmpOp,
    depth: usize,
) -> Result<Option<core::cmp::Ordering>, Flow> {
    if let (Some(a), Some(b)) = (as_int(l), as_int(r)) {
        return Ok(Some(a.cmp(&b)));
    }
    if let (Some(a), Some(b)) = (as_float(l), as_float(r)) {
        return Ok(a.partial_cmp(&b));
    }
    match (l, r) {
        (Value::Str(a), Value::Str(b)) => Ok(Some(a.cmp(b))),
        (Value::Bytes(a), Value::Bytes(b)) => Ok(Some(a.cmp(b))),
        (Value::List(_), Value::List(_)) | (Value::Tuple(_), Value::Tuple(_)) if depth < 100 => {
            let a = seq(l);
            let b = seq(r);
            for (x, y) in a.iter().zip(b.iter()) {
                if !equal(x, y, 0) {
                    return order_depth(vm, x, y, op, depth + 1);
                }
            }
            Ok(Some(a.len().cmp(&b.len())))
        }
        _ => Err(vm.exc_flow(
            "TypeError",
            &format!(
                "'{}' not supported between instances of '{}' and '{}'",
                op_symbol(op),
                l.type_name(),
                r.type_name()
            ),
        )),
    }
}

fn seq(v: &Value) -> Vec<Value> {
    match v {
        Value::List(l) => l.borrow().clone(),
        Value::Tuple(t) => t.to_vec(),
        _ => Vec::new(),
    }
}

/// `item in container`.
pub(crate) fn contains(vm: &mut Vm, container: &Value, item: &Value) -> Result<bool, Flow> {
    Ok(match container {
        Value::Str(s) => match item {
            Value::Str(sub) => s.contains(&**sub),
            other => {
                return Err(vm.exc_flow(
                    "TypeError",
                    &format!(
                        "'in <string>' requires string as left operand, not {}",
                        other.type_name()
                    ),
                ));
            }
        },
        Value::Bytes(b) => match item {
            Value::Bytes(sub) => sub.is_empty() || b.windows(sub.len()).any(|w| w == &**sub),
            Value::Int(i) => b.iter().any(|x| i64::from(*x) == *i),
            other => {
                return Err(vm.exc_flow(
                    "TypeError",
                    &format!(
                        "a bytes-like object is required, not '{}'",
                        other.type_name()
                    ),
                ));
            }
        },
        Value::List(l) => l.borrow().iter().any(|x| equal(x, item, 0)),
        Value::Tuple(t) => t.iter().any(|x| equal(x, item, 0)),
        Value::Dict(d) | Value::Set(d) => {
            let k = vm.key(item)?;
            d.borrow().get(&k).is_some()
        }
        Value::Range(a, b, s) => match as_int(item) {
            Some(i) => {
                (if *s > 0 {
                    i >= *a && i < *b
                } else {
                    i <= *a && i > *b
                }) && (i - a) % s == 0
            }
            None => false,
        },
        other => {
            return Err(vm.exc_flow(
                "TypeError",
                &format!("argument of type '{}' is not iterable", other.type_name()),
            ));
        }
    })
}

/// A Python index into a sequence of `len`, with negatives from the end.
fn index(vm: &Vm, idx: &Value, len: usize, what: &str) -> Result<usize, Flow> {
    let Some(i) = as_int(idx) else {
        return Err(vm.exc_flow(
            "TypeError",
            &format!(
                "{what} indices must be integers or slices, not {}",
                idx.type_name()
            ),
        ));
    };
    let n = len as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        let msg = match what {
            "string" => "string index out of range".to_string(),
            "tuple" => "tuple index out of range".to_string(),
            "bytes" => "index out of range".to_string(),
            "range object" => "range object index out of range".to_string(),
            _ => "list index out of range".to_string(),
        };
        return Err(vm.exc_flow("IndexError", &msg));
    }
    Ok(j as usize)
}

/// The indices a slice picks from a sequence of `len`.
pub(crate) fn slice_indices(
    vm: &Vm,
    s: &(Value, Value, Value),
    len: usize,
) -> Result<Vec<usize>, Flow> {
    let n = len as i64;
    let step = match &s.2 {
        Value::None => 1,
        v => as_int(v).ok_or_else(|| {
            vm.exc_flow(
                "TypeError",
                "slice indices must be integers or None or have an __index__ method",
            )
        })?,
    };
    if step == 0 {
        return Err(vm.exc_flow("ValueError", "slice step cannot be zero"));
    }
    let bound = |v: &Value, default: i64| -> Result<i64, Flow> {
        match v {
            Value::None => Ok(default),
            v => {
                let i = as_int(v).ok_or_else(|| {
                    vm.exc_flow(
                        "TypeError",
                        "slice indices must be integers or None or have an __index__ method",
                    )
                })?;
                let i = if i < 0 { i + n } else { i };
                Ok(if step > 0 {
                    i.clamp(0, n)
                } else {
                    i.clamp(-1, n - 1)
                })
            }
        }
    };
    let (start, stop) = if step > 0 {
        (bound(&s.0, 0)?, bound(&s.1, n)?)
    } else {
        (bound(&s.0, n - 1)?, bound(&s.1, -1)?)
    };
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    Ok(out)
}

/// `obj[idx]`.
pub(crate) fn subscript(vm: &mut Vm, obj: &Value, idx: &Value) -> Result<Value, Flow> {
    match (obj, idx) {
        (Value::List(l), Value::Slice(s)) => {
            let l = l.borrow();
            let ix = slice_indices(vm, s, l.len())?;
            Ok(Value::list(
                ix.into_iter().filter_map(|i| l.get(i).cloned()).collect(),
            ))
        }
        (Value::Tuple(t), Value::Slice(s)) => {
            let ix = slice_indices(vm, s, t.len())?;
            Ok(Value::tuple(
                ix.into_iter().filter_map(|i| t.get(i).cloned()).collect(),
            ))
        }
        (Value::Str(st), Value::Slice(s)) => {
            let chars: Vec<char> = st.chars().collect();
            let ix = slice_indices(vm, s, chars.len())?;
            Ok(Value::string(
                ix.into_iter().filter_map(|i| chars.get(i)).collect(),
            ))
        }
        (Value::Bytes(b), Value::Slice(s)) => {
            let ix = slice_indices(vm, s, b.len())?;
            Ok(Value::Bytes(Rc::from(
                ix.into_iter()
                    .filter_map(|i| b.get(i).copied())
                    .collect::<Vec<u8>>(),
            )))
        }
        (Value::List(l), _) => {
            let l = l.borrow();
            let i = index(vm, idx, l.len(), "list")?;
            Ok(l.get(i).cloned().unwrap_or(Value::None))
        }
        (Value::Tuple(t), _) => {
            let i = index(vm, idx, t.len(), "tuple")?;
            Ok(t.get(i).cloned().unwrap_or(Value::None))
        }
        (Value::Str(s), _) => {
            if s.is_ascii() {
                let i = index(vm, idx, s.len(), "string")?;
                return Ok(Value::string(s.get(i..=i).unwrap_or_default().into()));
            }
            let chars: Vec<char> = s.chars().collect();
            let i = index(vm, idx, chars.len(), "string")?;
            Ok(Value::string(
                chars.get(i).map(|c| c.to_string()).unwrap_or_default(),
            ))
        }
        (Value::Bytes(b), _) => {
            let i = index(vm, idx, b.len(), "bytes")?;
            Ok(Value::Int(i64::from(b.get(i).copied().unwrap_or(0))))
        }
        (Value::Range(a, b, s), _) => {
            let n = range_len(*a, *b, *s) as usize;
            let i = index(vm, idx, n, "range object")?;
            Ok(Value::Int(a + s * i as i64))
        }
        (Value::Dict(d), _) => {
            let k = vm.key(idx)?;
            let v = d.borrow().get(&k).cloned();
            v.ok_or_else(|| Flow::Exc(vm.new_exc("KeyError", alloc::vec![idx.clone()])))
        }
        (Value::Module(m), _) if m.name == "os.environ" => {
            let k = vm.key(idx)?;
            let v = m.attrs.borrow().get(&k).cloned();
            v.ok_or_else(|| Flow::Exc(vm.new_exc("KeyError", alloc::vec![idx.clone()])))
        }
        (Value::Type(_) | Value::Class(_), _) => Ok(obj.clone()),
        _ => Err(vm.exc_flow(
            "TypeError",
            &format!("'{}' object is not subscriptable", obj.type_name()),
        )),
    }
}

/// `obj[idx] = v`.
pub(crate) fn store_subscript(vm: &mut Vm, obj: &Value, idx: &Value, v: Value) -> Result<(), Flow> {
    match (obj, idx) {
        (Value::List(l), Value::Slice(s)) => {
            let items = match &v {
                Value::List(x) => x.borrow().clone(),
                Value::Tuple(t) => t.to_vec(),
                _ => return Err(vm.exc_flow("TypeError", "can only assign an iterable")),
            };
            let mut l = l.borrow_mut();
            let ix = slice_indices(vm, s, l.len())?;
            let step_one = matches!(s.2, Value::None | Value::Int(1));
            if step_one {
                let start = ix.first().copied().unwrap_or_else(|| {
                    let n = l.len() as i64;
                    let st =
                        as_int(&s.0).map_or(0, |i| if i < 0 { (i + n).max(0) } else { i.min(n) });
                    st as usize
                });
                let end = ix.last().map_or(start, |e| e + 1);
                l.splice(start..end, items);
            } else {
                if ix.len() != items.len() {
                    return Err(vm.exc_flow(
                        "ValueError",
                        &format!(
                            "attempt to assign sequence of size {} to extended slice of size {}",
                            items.len(),
                            ix.len()
                        ),
                    ));
                }
                for (i, x) in ix.into_iter().zip(items) {
                    if let Some(slot) = l.get_mut(i) {
                        *slot = x;
                    }
                }
            }
            Ok(())
        }
        (Value::List(l), _) => {
            let n = l.borrow().len();
            let i = index(vm, idx, n, "list")
                .map_err(|_| vm.exc_flow("IndexError", "list assignment index out of range"))?;
            if let Some(slot) = l.borrow_mut().get_mut(i) {
                *slot = v;
            }
            Ok(())
        }
        (Value::Dict(d), _) => {
            let k = vm.key(idx)?;
            if d.borrow().len() >= MAX_ITEMS && d.borrow().get(&k).is_none() {
                return Err(vm.exc_flow("MemoryError", ""));
            }
            d.borrow_mut().insert(k, idx.clone(), v);
            Ok(())
        }
        (Value::Module(m), _) if m.name == "os.environ" => {
            let k = vm.key(idx)?;
            m.attrs.borrow_mut().insert(k, idx.clone(), v);
            Ok(())
        }
        _ => Err(vm.exc_flow(
            "TypeError",
            &format!(
                "'{}' object does not support item assignment",
                obj.type_name()
            ),
        )),
    }
}

/// `del obj[idx]`.
pub(crate) fn del_subscript(vm: &mut Vm, obj: &Value, idx: &Value) -> Result<(), Flow> {
    match (obj, idx) {
        (Value::List(l), Value::Slice(s)) => {
            let mut l = l.borrow_mut();
            let mut ix = slice_indices(vm, s, l.len())?;
            ix.sort_unstable();
            for i in ix.into_iter().rev() {
                if i < l.len() {
                    l.remove(i);
                }
            }
            Ok(())
        }
        (Value::List(l), _) => {
            let n = l.borrow().len();
            let i = index(vm, idx, n, "list")
                .map_err(|_| vm.exc_flow("IndexError", "list assignment index out of range"))?;
            l.borrow_mut().remove(i);
            Ok(())
        }
        (Value::Dict(d), _) => {
            let k = vm.key(idx)?;
            let removed = d.borrow_mut().remove(&k);
            removed
                .map(|_| ())
                .ok_or_else(|| Flow::Exc(vm.new_exc("KeyError", alloc::vec![idx.clone()])))
        }
        _ => Err(vm.exc_flow(
            "TypeError",
            &format!("'{}' object doesn't support item deletion", obj.type_name()),
        )),
    }
}

/// A parsed format spec: `[[fill]align][sign][#][0][width][,][.precision][type]`.
#[derive(Debug, Default)]
struct Spec {
    fill: Option<char>,
    align: Option<char>,
    sign: Option<char>,
    alt: bool,
    zero: bool,
    width: usize,
    comma: bool,
    precision: Option<usize>,
    ty: Option<char>,
}

fn parse_spec(vm: &Vm, s: &str) -> Result<Spec, Flow> {
    let c: Vec<char> = s.chars().collect();
    let mut sp = Spec::default();
    let mut i = 0;
    let is_align = |ch: Option<&char>| matches!(ch, Some('<' | '>' | '^' | '='));
    if is_align(c.get(1)) {
        sp.fill = c.first().copied();
        sp.align = c.get(1).copied();
        i = 2;
    } else if is_align(c.first()) {
        sp.align = c.first().copied();
        i = 1;
    }
    if let Some(&ch @ ('+' | '-' | ' ')) = c.get(i) {
        sp.sign = Some(ch);
        i += 1;
    }
    if c.get(i) == Some(&'#') {
        sp.alt = true;
        i += 1;
    }
    if c.get(i) == Some(&'0') {
        sp.zero = true;
        i += 1;
    }
    let mut w = String::new();
    while let Some(d) = c.get(i).filter(|d| d.is_ascii_digit()) {
        w.push(*d);
        i += 1;
    }
    sp.width = w.parse().unwrap_or(0).min(10_000);
    if matches!(c.get(i), Some(',' | '_')) {
        sp.comma = true;
        i += 1;
    }
    if c.get(i) == Some(&'.') {
        i += 1;
        let mut p = String::new();
        while let Some(d) = c.get(i).filter(|d| d.is_ascii_digit()) {
            p.push(*d);
            i += 1;
        }
        sp.precision = Some(p.parse().unwrap_or(0).min(1000));
    }
    if let Some(t) = c.get(i) {
        sp.ty = Some(*t);
        i += 1;
    }
    if i < c.len() {
        return Err(vm.exc_flow("ValueError", "Invalid format specifier"));
    }
    Ok(sp)
}

fn pad(s: String, sp: &Spec, default_right: bool) -> String {
    let len = s.chars().count();
    if len >= sp.width {
        return s;
    }
    let fill_n = sp.width - len;
    let fill = sp.fill.unwrap_or(if sp.zero && sp.align.is_none() {
        '0'
    } else {
        ' '
    });
    let align = sp.align.unwrap_or(if sp.zero {
        '='
    } else if default_right {
        '>'
    } else {
        '<'
    });
    let rep = |n: usize| -> String { core::iter::repeat_n(fill, n).collect() };
    match align {
        '<' => format!("{s}{}", rep(fill_n)),
        '^' => format!("{}{s}{}", rep(fill_n / 2), rep(fill_n - fill_n / 2)),
        '=' => {
            let (sign, rest) = match s.chars().next() {
                Some(c @ ('-' | '+' | ' ')) => {
                    (String::from(c), s.get(1..).unwrap_or_default().to_string())
                }
                _ => (String::new(), s.clone()),
            };
            format!("{sign}{}{rest}", rep(fill_n))
        }
        _ => format!("{}{s}", rep(fill_n)),
    }
}

fn group(digits: &str) -> String {
    let b: Vec<char> = digits.chars().collect();
    let mut out = String::new();
    for (k, c) in b.iter().enumerate() {
        if k > 0 && (b.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(*c);
    }
    out
}

/// `format(v, spec)`.
pub(crate) fn format_value(
    vm: &mut Vm,
    ctx: &mut Ctx<'_>,
    v: &Value,
    spec: &str,
) -> Result<String, Flow> {
    if spec.is_empty() {
        return vm.str_of(ctx, v);
    }
    let sp = parse_spec(vm, spec)?;
    match v {
        Value::Int(_) | Value::Bool(_) | Value::Enum(_)
            if !matches!(sp.ty, Some('f' | 'F' | 'e' | 'E' | 'g' | 'G' | '%')) =>
        {
            let i = as_int(v).unwrap_or(0);
            let neg = i < 0;
            let mag = i.unsigned_abs();
            let mut digits = match sp.ty {
                Some('x') => format!("{mag:x}"),
                Some('X') => format!("{mag:X}"),
                Some('o') => format!("{mag:o}"),
                Some('b') => format!("{mag:b}"),
                Some('c') => char::from_u32(mag as u32)
                    .map(String::from)
                    .unwrap_or_default(),
                Some('d') | Some('n') | None => format!("{mag}"),
                Some('s') => {
                    return Err(vm.exc_flow(
                        "ValueError",
                        "Unknown format code 's' for object of type 'int'",
                    ));
                }
                Some(t) => {
                    return Err(vm.exc_flow(
                        "ValueError",
                        &format!("Unknown format code '{t}' for object of type 'int'"),
                    ));
                }
            };
            if sp.comma {
                digits = group(&digits);
            }
            if sp.alt {
                let prefix = match sp.ty {
                    Some('x') => "0x",
                    Some('X') => "0X",
                    Some('o') => "0o",
                    Some('b') => "0b",
                    _ => "",
                };
                digits = format!("{prefix}{digits}");
            }
            let sign = if neg {
                "-"
            } else {
                match sp.sign {
                    Some('+') => "+",
                    Some(' ') => " ",
                    _ => "",
                }
            };
            Ok(pad(format!("{sign}{digits}"), &sp, true))
        }
        Value::Int(_) | Value::Bool(_) | Value::Enum(_) | Value::Float(_) => {
            let f = as_float(v).unwrap_or(0.0);
            let body = match sp.ty {
                Some('f' | 'F') => format!("{:.*}", sp.precision.unwrap_or(6), f.abs()),
                Some('e' | 'E') => {
                    let s = format!("{:.*e}", sp.precision.unwrap_or(6), f.abs());
                    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
                    let e: i32 = e.parse().unwrap_or(0);
                    let t = format!(
                        "{m}e{}{:02}",
                        if e < 0 { '-' } else { '+' },
                        e.unsigned_abs()
                    );
                    if sp.ty == Some('E') {
                        t.to_uppercase()
                    } else {
                        t
                    }
                }
                Some('%') => format!("{:.*}%", sp.precision.unwrap_or(6), f.abs() * 100.0),
                Some('g' | 'G') | None => {
                    if sp.precision.is_none() && sp.ty.is_none() {
                        float_repr(f.abs())
                    } else {
                        let p = sp.precision.unwrap_or(6).max(1);
                        general(f.abs(), p, sp.alt)
                    }
                }
                Some(t) => {
                    return Err(vm.exc_flow(
                        "ValueError",
                        &format!("Unknown format code '{t}' for object of type 'float'"),
                    ));
                }
            };
            let body = if sp.comma {
                match body.split_once('.') {
                    Some((a, b)) => format!("{}.{b}", group(a)),
                    None => group(&body),
                }
            } else {
                body
            };
            let neg = f.is_sign_negative() && !(f == 0.0 && sp.ty.is_none());
            let sign = if neg {
                "-"
            } else {
                match sp.sign {
                    Some('+') => "+",
                    Some(' ') => " ",
                    _ => "",
                }
            };
            Ok(pad(format!("{sign}{body}"), &sp, true))
        }
        Value::Str(s) => {
            if let Some(t) = sp.ty.filter(|t| *t != 's') {
                return Err(vm.exc_flow(
                    "ValueError",
                    &format!("Unknown format code '{t}' for object of type 'str'"),
                ));
            }
            if sp.sign.is_some() {
                return Err(
                    vm.exc_flow("ValueError", "Sign not allowed in string format specifier")
                );
            }
            let mut s = String::from(&**s);
            if let Some(p) = sp.precision {
                s = s.chars().take(p).collect();
            }
            Ok(pad(s, &sp, false))
        }
        other => {
            if sp.ty.is_some() || sp.precision.is_some() {
                return Err(vm.exc_flow(
                    "TypeError",
                    &format!(
                        "unsupported format string passed to {}.__format__",
                        other.type_name()
                    ),
                ));
            }
            let s = vm.str_of(ctx, other)?;
            Ok(pad(s, &sp, false))
        }
    }
}

/// `%g`: precision significant digits, trailing zeros dropped.
fn general(f: f64, p: usize, alt: bool) -> String {
    if f == 0.0 {
        return "0".into();
    }
    let sci = format!("{:.*e}", p - 1, f);
    let (m, e) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = e.parse().unwrap_or(0);
    if exp < -4 || exp >= p as i32 {
        let m = if alt { m.to_string() } else { trim_zeros(m) };
        format!(
            "{m}e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.unsigned_abs()
        )
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        let s = format!("{:.*}", decimals, f);
        if alt { s } else { trim_zeros(&s) }
    }
}

fn trim_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

/// `fmt % args`.
fn percent(vm: &mut Vm, ctx: &mut Ctx<'_>, fmt: &str, args: &Value) -> Result<String, Flow> {
    let list: Vec<Value> = match args {
        Value::Tuple(t) => t.to_vec(),
        other => alloc::vec![other.clone()],
    };
    let dict = match args {
        Value::Dict(_) => Some(args.clone()),
        _ => None,
    };
    let mut it = list.into_iter();
    let mut out = String::new();
    let chars: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    let mut used_any = false;
    while let Some(&c) = chars.get(i) {
        i += 1;
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut key = None;
        if chars.get(i) == Some(&'(') {
            let end = chars
                .get(i..)
                .and_then(|r| r.iter().position(|c| *c == ')'))
                .map(|p| p + i);
            let Some(end) = end else {
                return Err(vm.exc_flow("ValueError", "incomplete format key"));
            };
            key = Some(
                chars
                    .get(i + 1..end)
                    .unwrap_or_default()
                    .iter()
                    .collect::<String>(),
            );
            i = end + 1;
        }
        let mut spec = String::new();
        while let Some(&d) = chars.get(i) {
            if "-+ #0123456789.".contains(d) {
                spec.push(d);
                i += 1;
            } else {
                break;
            }
        }
        let Some(&conv) = chars.get(i) else {
            return Err(vm.exc_flow("ValueError", "incomplete format"));
        };
        i += 1;
        if conv == '%' {
            out.push('%');
            continue;
        }
        let arg = match (&key, &dict) {
            (Some(k), Some(Value::Dict(d))) => {
                let v = d.borrow().get_str(k).cloned();
                v.ok_or_else(|| Flow::Exc(vm.new_exc("KeyError", alloc::vec![Value::str(k)])))?
            }
            _ => {
                used_any = true;
                it.next().ok_or_else(|| {
                    vm.exc_flow("TypeError", "not enough arguments for format string")
                })?
            }
        };
        let left = spec.starts_with('-');
        let spec_body = spec.trim_start_matches('-');
        let translated = match conv {
            's' => {
                let s = vm.str_of(ctx, &arg)?;
                let (w, p) = width_prec(spec_body);
                let s = match p {
                    Some(p) => s.chars().take(p).collect(),
                    None => s,
                };
                pad_plain(s, w, left)
            }
            'r' | 'a' => {
                let s = vm.repr_of(ctx, &arg)?;
                pad_plain(s, width_prec(spec_body).0, left)
            }
            'd' | 'i' | 'u' | 'x' | 'X' | 'o' | 'f' | 'F' | 'e' | 'E' | 'g' | 'G' | 'c' => {
                if as_float(&arg).is_none() && conv != 'c' {
                    let msg = match conv {
                        'x' | 'X' | 'o' => format!(
                            "%{conv} format: an integer is required, not {}",
                            arg.type_name()
                        ),
                        'd' | 'i' | 'u' => format!(
                            "%{conv} format: a real number is required, not {}",
                            arg.type_name()
                        ),
                        _ => format!("must be real number, not {}", arg.type_name()),
                    };
                    return Err(vm.exc_flow("TypeError", &msg));
                }
                let arg = if matches!(conv, 'd' | 'i' | 'u') {
                    match arg {
                        Value::Float(f) => Value::Int(f as i64),
                        other => other,
                    }
                } else {
                    arg
                };
                let ty = match conv {
                    'i' | 'u' => 'd',
                    other => other,
                };
                let mut fs = String::new();
                if left {
                    fs.push('<');
                }
                fs.push_str(spec_body);
                fs.push(ty);
                format_value(vm, ctx, &arg, &fs)?
            }
            other => {
                return Err(vm.exc_flow(
                    "ValueError",
                    &format!(
                        "unsupported format character '{other}' (0x{:x}) at index {}",
                        other as u32,
                        i - 1
                    ),
                ));
            }
        };
        out.push_str(&translated);
    }
    if used_any && it.next().is_some() {
        return Err(vm.exc_flow(
            "TypeError",
            "not all arguments converted during string formatting",
        ));
    }
    if !used_any && dict.is_none() && !matches!(args, Value::Tuple(t) if t.is_empty()) {
        return Err(vm.exc_flow(
            "TypeError",
            "not all arguments converted during string formatting",
        ));
    }
    Ok(out)
}

fn width_prec(spec: &str) -> (usize, Option<usize>) {
    let (w, p) = match spec.split_once('.') {
        Some((w, p)) => (w, Some(p.parse().unwrap_or(0))),
        None => (spec, None),
    };
    (
        w.trim_start_matches(['+', ' ', '#', '0'])
            .parse()
            .unwrap_or(0)
            .min(10_000),
        p,
    )
}

fn pad_plain(s: String, width: usize, left: bool) -> String {
    let n = s.chars().count();
    if n >= width {
        return s;
    }
    let fill: String = core::iter::repeat_n(' ', width - n).collect();
    if left {
        format!("{s}{fill}")
    } else {
        format!("{fill}{s}")
    }
}
