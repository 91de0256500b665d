//! Terminal tab screens: what each tab keeps (scrollback, input line,
//! history) while another is shown, and which tab each of the lab's
//! terminal numbers belongs to.

use std::collections::BTreeMap;

use crate::history::History;
use crate::scrollback::Scrollback;
use crate::terminal_tabs::Machine;

/// What one terminal tab shows and keeps.
#[derive(Clone, Debug, Default)]
pub struct Screen {
    /// Its scrollback.
    pub scrollback: Scrollback,
    /// The text in its input line.
    pub draft: String,
    /// The lines entered in it.
    pub history: History,
}

/// The tabs not shown, and the lab's terminal numbers.
///
/// The lab numbers the terminals lines are typed in
/// ([`lolab_core::Lab::start_on`]) and marks what their processes print
/// with the number ([`lolab_core::OutputEvent::Terminal`]): terminal `n` is
/// the `n`th machine a line was typed for, terminal 0 the lab's own tab.
#[derive(Clone, Debug)]
pub struct Screens {
    hidden: BTreeMap<Machine, Screen>,
    terminals: Vec<Machine>,
}

impl Default for Screens {
    fn default() -> Self {
        Screens {
            hidden: BTreeMap::new(),
            terminals: vec![Machine::Lab],
        }
    }
}

impl Screens {
    /// The terminal number of `machine`'s tab (a new number the first time).
    pub fn terminal_of(&mut self, machine: &Machine) -> u32 {
        let index = match self.terminals.iter().position(|m| m == machine) {
            Some(i) => i,
            None => {
                self.terminals.push(machine.clone());
                self.terminals.len() - 1
            }
        };
        u32::try_from(index).unwrap_or(0)
    }

    /// The tab terminal `n` belongs to (the lab's own for an unknown one).
    pub fn machine_of(&self, n: u32) -> Machine {
        usize::try_from(n)
            .ok()
            .and_then(|i| self.terminals.get(i))
            .cloned()
            .unwrap_or(Machine::Lab)
    }

    /// The screen of `machine`'s tab, which is not shown (a background job
    /// started there prints).
    pub fn hidden_mut(&mut self, machine: &Machine) -> &mut Screen {
        self.hidden.entry(machine.clone()).or_default()
    }

    /// Switches tabs: `shown`, the screen of tab `from`, is put aside and
    /// becomes the screen of tab `to` (empty the first time); browsing the
    /// history stops.
    pub fn switch(&mut self, shown: &mut Screen, from: Machine, to: &Machine) {
        let next = self.hidden.remove(to).unwrap_or_default();
        let old = std::mem::replace(shown, next);
        self.hidden.insert(from, old);
        shown.history.stop_browsing();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scrollback::{LineIds, LineKind};

    #[test]
    fn terminals_and_switching() {
        let mut tabs = Screens::default();
        assert_eq!(tabs.terminal_of(&Machine::Lab), 0);
        assert_eq!(tabs.terminal_of(&Machine::Laptop), 1);
        assert_eq!(tabs.terminal_of(&Machine::Laptop), 1);
        assert_eq!(tabs.machine_of(1), Machine::Laptop);
        assert_eq!(tabs.machine_of(9), Machine::Lab);
        let mut ids = LineIds::default();
        let mut shown = Screen {
            draft: String::from("on lab"),
            ..Screen::default()
        };
        tabs.hidden_mut(&Machine::Laptop).scrollback.write(
            &mut ids,
            LineKind::Stdout,
            "laptop log\n",
        );
        tabs.switch(&mut shown, Machine::Lab, &Machine::Laptop);
        assert_eq!(shown.scrollback.transcript(), "laptop log\n");
        assert_eq!(shown.draft, "");
        tabs.switch(&mut shown, Machine::Laptop, &Machine::Lab);
        assert_eq!(shown.draft, "on lab");
    }
}
