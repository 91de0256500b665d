//! The playground's handle on its lab: shared, with a version number.
//!
//! A [`lolab_core::Lab`] is a large, live simulation; copying it on every
//! reduction is out of the question. So the [`crate::state::State`]s a
//! reducer produces share one lab behind this handle, and the reducer is
//! pure everywhere except here. What keeps that honest is the version:
//!
//! - the shared lab has a version number, bumped on every change made
//!   through [`LabHandle::write`];
//! - each handle (each state) remembers the version it has seen, and its
//!   own writes move it along;
//! - a handle whose version is behind the lab's is *stale*: the lab has
//!   moved on from the state holding it (the same state was reduced
//!   before). Writing through a stale handle is refused, so reducing one
//!   action twice on the same state never runs its command twice.
//!
//! Reading a stale handle is allowed: it shows the lab as it is now.

use std::cell::{Cell, Ref, RefCell, RefMut};
use std::fmt;
use std::rc::Rc;

use lolab_core::Lab;

struct Shared {
    lab: RefCell<Lab>,
    version: Cell<u64>,
}

/// A shared, versioned handle on one lab (see the module docs).
#[derive(Clone)]
pub struct LabHandle {
    shared: Rc<Shared>,
    seen: u64,
}

impl fmt::Debug for LabHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LabHandle")
            .field("version", &self.shared.version.get())
            .field("seen", &self.seen)
            .finish_non_exhaustive()
    }
}

impl LabHandle {
    /// A handle on a new shared `lab`, at version 0.
    pub fn new(lab: Lab) -> Self {
        LabHandle {
            shared: Rc::new(Shared {
                lab: RefCell::new(lab),
                version: Cell::new(0),
            }),
            seen: 0,
        }
    }

    /// The version this handle has seen.
    pub fn seen(&self) -> u64 {
        self.seen
    }

    /// True if the lab has changed since this handle last saw it: a write
    /// through another handle (another state) came in between.
    pub fn is_stale(&self) -> bool {
        self.seen != self.shared.version.get()
    }

    /// Reads the lab as it is now.
    pub fn read(&self) -> Ref<'_, Lab> {
        self.shared.lab.borrow()
    }

    /// The lab to change, and a new version seen by this handle; `None` if
    /// the handle is stale (the change is refused).
    pub fn write(&mut self) -> Option<RefMut<'_, Lab>> {
        if self.is_stale() {
            return None;
        }
        let version = self.shared.version.get() + 1;
        self.shared.version.set(version);
        self.seen = version;
        Some(self.shared.lab.borrow_mut())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lolab_core::{Instant, LabConfig};

    #[test]
    fn a_stale_handle_cannot_write() {
        let mut a = LabHandle::new(Lab::new(LabConfig::default()));
        let mut b = a.clone();
        assert!(
            a.write()
                .is_some_and(|mut lab| lab.start("true", Instant::ZERO))
        );
        assert!(!a.is_stale());
        assert!(b.is_stale(), "b still shows version 0");
        assert!(b.write().is_none());
        assert_eq!(b.read().last_status(), 0, "reading is allowed");
        assert_eq!((a.seen(), b.seen()), (1, 0));
    }
}
