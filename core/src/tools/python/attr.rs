//! Attribute access: instances (their own attributes, then their class's,
//! methods bound), classes, modules, `super()`, and the methods of the
//! builtin types and sockets as bound natives.

use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;

use super::native;
use super::state::{Flow, Vm};
use super::value::*;
use crate::process::Ctx;

fn find(list: &'static [&'static str], name: &str) -> Option<&'static str> {
    list.iter().copied().find(|m| *m == name)
}

impl Vm {
    /// `obj.name`.
    pub(crate) fn getattr(
        &mut self,
        ctx: &mut Ctx<'_>,
        obj: &Value,
        name: &str,
    ) -> Result<Value, Flow> {
        let _ = ctx;
        let bound = |list: &'static [&'static str]| {
            find(list, name).map(|m| Value::BoundNative(Rc::new((obj.clone(), Native::Method(m)))))
        };
        let found = match obj {
            Value::Instance(i) => {
                if let Some(v) = i.attrs.borrow().get(name) {
                    return Ok(v.clone());
                }
                if name == "__class__" {
                    return Ok(Value::Class(i.class.clone()));
                }
                if name == "__traceback__" || name == "__context__" || name == "__cause__" {
                    return Ok(match name {
                        "__context__" => i.context.borrow().clone().unwrap_or(Value::None),
                        _ => Value::None,
                    });
                }
                match i.class.lookup(name) {
                    Some(Value::Func(ref f)) => {
                        Some(Value::Method(Rc::new((obj.clone(), f.clone()))))
                    }
                    Some(v) => Some(v),
                    None => super::modules::instance_attr(self, obj, name),
                }
            }
            Value::Class(c) => match name {
                "__name__" | "__qualname__" => Some(Value::str(&c.name)),
                "__module__" => Some(Value::str(c.module)),
                "__bases__" => Some(Value::tuple(
                    c.bases.iter().map(|b| Value::Class(b.clone())).collect(),
                )),
                _ => c.lookup(name),
            },
            Value::Module(m) => {
                let v = m.attrs.borrow().get_str(name).cloned();
                if v.is_none() && m.name == "os.environ" {
                    find(
                        &[
                            "get",
                            "keys",
                            "values",
                            "items",
                            "setdefault",
                            "pop",
                            "copy",
                        ],
                        name,
                    )
                    .map(|n| Value::BoundNative(Rc::new((obj.clone(), Native::Method(n)))))
                } else {
                    v
                }
            }
            Value::Str(_) => bound(native::STR_METHODS),
            Value::Bytes(_) => bound(native::BYTES_METHODS),
            Value::List(_) => bound(native::LIST_METHODS),
            Value::Dict(_) => bound(native::DICT_METHODS),
            Value::Set(_) => bound(native::SET_METHODS),
            Value::Tuple(_) => bound(native::TUPLE_METHODS),
            Value::Int(_) | Value::Bool(_) => match name {
                "real" | "numerator" => Some(obj.clone()),
                "imag" => Some(Value::Int(0)),
                "denominator" => Some(Value::Int(1)),
                _ => bound(native::INT_METHODS),
            },
            Value::Enum(e) => match name {
                "name" => Some(Value::str(e.name)),
                "value" => Some(Value::Int(e.value)),
                _ => None,
            },
            Value::Float(_) => match name {
                "real" => Some(obj.clone()),
                "imag" => Some(Value::Float(0.0)),
                _ => bound(native::FLOAT_METHODS),
            },
            Value::Socket(s) => match name {
                "family" => Some(super::sock::family_enum(family_number(s.borrow().family))),
                "type" => Some(super::sock::kind_enum(type_number(s.borrow().ty))),
                "proto" => Some(Value::Int(0)),
                _ => bound(super::sock::METHODS),
            },
            Value::Func(f) => match name {
                "__name__" => Some(Value::Str(f.code.name.clone())),
                "__qualname__" => Some(Value::Str(f.code.qualname.clone())),
                "__doc__" => Some(Value::None),
                "__module__" => Some(Value::str("__main__")),
                _ => None,
            },
            Value::Method(m) => match name {
                "__self__" => Some(m.0.clone()),
                "__func__" => Some(Value::Func(m.1.clone())),
                "__name__" => Some(Value::Str(m.1.code.name.clone())),
                _ => None,
            },
            Value::Native(n) if name == "__name__" => Some(Value::str(n.name())),
            Value::BoundNative(b) if name == "__name__" => Some(Value::str(b.1.name())),
            Value::Type(t) => match name {
                "__name__" | "__qualname__" => Some(Value::str(t.name())),
                "fromkeys" if *t == TypeId::Dict => {
                    Some(Value::Native(Native::Func("dict.fromkeys")))
                }
                "from_bytes" if *t == TypeId::Int => {
                    Some(Value::Native(Native::Func("int.from_bytes")))
                }
                "fromhex" if *t == TypeId::Bytes => {
                    Some(Value::Native(Native::Func("bytes.fromhex")))
                }
                "maketrans" => None,
                _ => None,
            },
            Value::Super(s) => {
                let (this, owner) = (&s.0, &s.1);
                let v = owner.bases.iter().find_map(|b| b.lookup(name));
                match v {
                    Some(Value::Func(ref f)) => {
                        Some(Value::Method(Rc::new((this.clone(), f.clone()))))
                    }
                    Some(v) => Some(v),
                    None if name == "__init__" => Some(Value::BoundNative(Rc::new((
                        this.clone(),
                        Native::Method("__init__"),
                    )))),
                    None => None,
                }
            }
            _ => None,
        };
        match found {
            Some(v) => Ok(v),
            None => Err(self.attr_error(obj, name)),
        }
    }

    fn attr_error(&self, obj: &Value, name: &str) -> Flow {
        let msg = match obj {
            Value::Module(m) if m.name == "os.environ" => {
                format!("'_Environ' object has no attribute '{name}'")
            }
            Value::Module(m) => format!("module '{}' has no attribute '{name}'", m.name),
            Value::Class(c) => format!("type object '{}' has no attribute '{name}'", c.name),
            Value::Type(t) => format!("type object '{}' has no attribute '{name}'", t.name()),
            Value::Super(_) => format!("'super' object has no attribute '{name}'"),
            other => format!("'{}' object has no attribute '{name}'", other.type_name()),
        };
        self.exc_flow("AttributeError", &msg)
    }

    /// `obj.name = v`.
    pub(crate) fn setattr(&mut self, obj: &Value, name: &str, v: Value) -> Result<(), Flow> {
        match obj {
            Value::Instance(i) => {
                i.attrs.borrow_mut().insert(String::from(name), v);
                Ok(())
            }
            Value::Class(c) => {
                if let Value::Func(f) = &v {
                    *f.owner.borrow_mut() = Some(c.clone());
                }
                c.attrs.borrow_mut().insert(String::from(name), v);
                Ok(())
            }
            Value::Module(m) => {
                m.attrs.borrow_mut().set_str(name, v);
                Ok(())
            }
            Value::Type(t) => Err(self.exc_flow(
                "TypeError",
                &format!(
                    "cannot set '{name}' attribute of immutable type '{}'",
                    t.name()
                ),
            )),
            other => Err(self.exc_flow(
                "AttributeError",
                &format!("'{}' object has no attribute '{name}'", other.type_name()),
            )),
        }
    }
}
