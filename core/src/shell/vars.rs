//! Shell variables with bash's attributes (exported, read-only) and
//! dynamic scoping: `local` saves the caller's value, which comes back
//! when the function returns.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

/// How many variables a shell may hold (bash has no limit; the lab's
/// memory does).
pub const MAX_VARS: usize = 4096;

/// The longest value a variable may hold.
pub const MAX_VALUE: usize = 1 << 20;

/// One variable.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Var {
    /// Its value.
    pub value: String,
    /// `export`ed: in the environment of the commands the shell runs.
    pub exported: bool,
    /// `readonly`.
    pub readonly: bool,
}

/// Why an assignment failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignError {
    /// `bash: NAME: readonly variable`.
    Readonly,
    /// Too many variables.
    Full,
}

/// The variables and the scopes of the functions running.
#[derive(Clone, Debug, Default)]
pub struct Vars {
    map: BTreeMap<String, Var>,
    /// For each function call, the values its `local`s hid.
    scopes: Vec<BTreeMap<String, Option<Var>>>,
}

impl Vars {
    /// The variable `name`.
    pub fn get(&self, name: &str) -> Option<&Var> {
        self.map.get(name)
    }

    /// Sets `name` (keeping its attributes).
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), AssignError> {
        if let Some(v) = self.map.get_mut(name) {
            if v.readonly {
                return Err(AssignError::Readonly);
            }
            v.value = truncate(value);
            return Ok(());
        }
        if self.map.len() >= MAX_VARS {
            return Err(AssignError::Full);
        }
        self.map.insert(
            String::from(name),
            Var {
                value: truncate(value),
                ..Var::default()
            },
        );
        Ok(())
    }

    /// The variable's entry, to change its attributes (made empty if new).
    pub fn entry(&mut self, name: &str) -> Option<&mut Var> {
        if !self.map.contains_key(name) && self.map.len() >= MAX_VARS {
            return None;
        }
        Some(self.map.entry(String::from(name)).or_default())
    }

    /// `unset NAME`.
    pub fn unset(&mut self, name: &str) -> Result<(), AssignError> {
        if self.map.get(name).is_some_and(|v| v.readonly) {
            return Err(AssignError::Readonly);
        }
        self.map.remove(name);
        Ok(())
    }

    /// Every variable, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Var)> {
        self.map.iter()
    }

    /// What a child shell inherits: the exported variables only.
    pub fn keep_exported(&mut self) {
        self.map.retain(|_, v| v.exported);
        self.scopes.clear();
    }

    /// A function call begins: a new scope for its `local`s.
    pub fn push_scope(&mut self) {
        self.scopes.push(BTreeMap::new());
    }

    /// The function returns: its locals give way to the values they hid.
    pub fn pop_scope(&mut self) {
        let Some(scope) = self.scopes.pop() else {
            return;
        };
        for (name, old) in scope {
            match old {
                Some(v) => {
                    self.map.insert(name, v);
                }
                None => {
                    self.map.remove(&name);
                }
            }
        }
    }

    /// True inside a function.
    pub fn in_function(&self) -> bool {
        !self.scopes.is_empty()
    }

    /// `local NAME`: hides the caller's value until the function returns.
    pub fn make_local(&mut self, name: &str) {
        let current = self.map.get(name).cloned();
        if let Some(scope) = self.scopes.last_mut()
            && !scope.contains_key(name)
        {
            scope.insert(String::from(name), current);
        }
    }
}

fn truncate(value: &str) -> String {
    let mut end = value.len().min(MAX_VALUE);
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    String::from(value.get(..end).unwrap_or_default())
}
