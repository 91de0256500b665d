//! A program waiting for a name lookup: it returns from `poll` and is
//! woken by the answer or the timer, as for any other wait, while the
//! other processes run. [`then`] runs a lookup and continues into the rest
//! of the program's start with its result.

use alloc::boxed::Box;
use core::fmt;

use super::dns_io::DnsSocket;
use crate::names::Lookup;
use crate::process::{Ctx, Process, Started};

/// The rest of a program's start, given the lookup's result.
type Continue<T> = Box<dyn FnOnce(&mut Ctx<'_>, T) -> Started>;

/// Runs `lookup` for `program` (its name shows in the process's debug
/// view), then `rest` with its result. A lookup that
/// needs no DNS exchange (a file, a number, localhost) finishes here and
/// `rest` runs at once; otherwise the program becomes a process waiting
/// for the answer, which then runs `rest` and becomes what it returns.
pub(crate) fn then<T: 'static>(
    ctx: &mut Ctx<'_>,
    program: &'static str,
    lookup: Lookup<T>,
    rest: impl FnOnce(&mut Ctx<'_>, T) -> Started + 'static,
) -> Started {
    let mut waiting = Resolving {
        program,
        lookup,
        socket: DnsSocket::default(),
        rest: Some(Box::new(rest)),
        then: None,
    };
    match waiting.resolve(ctx) {
        Some(started) => started,
        None => Started::Running(Box::new(waiting)),
    }
}

/// A process in `getaddrinfo` (or another lookup), and what it runs after.
struct Resolving<T> {
    program: &'static str,
    lookup: Lookup<T>,
    socket: DnsSocket,
    rest: Option<Continue<T>>,
    /// The program once the lookup is over.
    then: Option<Box<dyn Process>>,
}

impl<T> fmt::Debug for Resolving<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Resolving")
            .field("program", &self.program)
            .field("lookup", &self.lookup)
            .field("then", &self.then)
            .finish()
    }
}

impl<T> Resolving<T> {
    /// Moves the lookup on; once it is over, runs the rest of the start.
    fn resolve(&mut self, ctx: &mut Ctx<'_>) -> Option<Started> {
        let result = self.socket.drive(&mut self.lookup, ctx)?;
        let rest = self.rest.take()?;
        Some(rest(ctx, result))
    }
}

impl<T> Process for Resolving<T> {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        if let Some(p) = self.then.as_mut() {
            return p.poll(ctx);
        }
        match self.resolve(ctx)? {
            Started::Exited(status) => Some(status),
            Started::Running(p) => {
                self.then = Some(p);
                None
            }
        }
    }

    fn interrupt(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        match self.then.as_mut() {
            Some(p) => p.interrupt(ctx),
            // Ctrl-C in getaddrinfo: the program dies of SIGINT (the
            // kernel closes its socket with its other descriptors).
            None => Some(130),
        }
    }
}

/// A lookup a running program makes (curl following a redirect, ping
/// naming a reply's sender): the call site asks [`Pending::poll`] on each
/// of its polls and goes on once it has the answer; until then the
/// program returns from `poll` (`ctx.wake_at` is set for the timer). The
/// lookup's socket is a descriptor of the process: it closes it when the
/// exchange is over, and the kernel does if the process ends first.
pub(crate) struct Pending<T> {
    waiting: Option<(Lookup<T>, DnsSocket)>,
}

impl<T> Default for Pending<T> {
    fn default() -> Self {
        Pending { waiting: None }
    }
}

impl<T> fmt::Debug for Pending<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pending")
            .field("waiting", &self.waiting.as_ref().map(|(l, _)| l))
            .finish()
    }
}

impl<T> Pending<T> {
    /// The lookup's result once it is over: the first call starts it with
    /// `begin`, later calls move it on.
    pub(crate) fn poll(
        &mut self,
        ctx: &mut Ctx<'_>,
        begin: impl FnOnce(&mut Ctx<'_>) -> Lookup<T>,
    ) -> Option<T> {
        if self.waiting.is_none() {
            self.waiting = Some((begin(ctx), DnsSocket::default()));
        }
        let (lookup, socket) = self.waiting.as_mut()?;
        let result = socket.drive(lookup, ctx)?;
        self.waiting = None;
        Some(result)
    }

    /// True while a lookup is under way.
    pub(crate) fn is_waiting(&self) -> bool {
        self.waiting.is_some()
    }
}
