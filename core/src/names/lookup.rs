//! A resumable lookup: `getaddrinfo` (or any lookup of this module) that
//! does not block. It says what it needs ([`Io`]: open a socket to the
//! nameserver, send this query, wake me at T), is handed what happened (a
//! datagram, an error, the time) and ends with glibc's result and the same
//! [`Step`](super::Step)s as the synchronous call.
//!
//! How: the lookups are pure functions of the files, the namespace and a
//! [`DnsSource`]. A [`Lookup`] runs its function with a source that answers
//! from the exchanges finished so far; the first question without an answer
//! becomes the next [`Exchange`] and that run's output is dropped. When a
//! run asks nothing new, its output is the answer. The same inputs give the
//! same questions in the same order, so each run repeats the last one up to
//! where it stopped (a lookup asks a handful of questions at most).

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;
use core::fmt;
use core::net::IpAddr;

use super::config::Config;
use super::dns;
use super::dnssource::{DnsError, DnsSource, RecordType};
use super::exchange::{Exchange, Io, Question, Step};
use super::net::{IfAddr, NetView};
use crate::time::Instant;

/// What a lookup sees of the system while it runs: the namespace and a
/// source of query ids (the kernel's random numbers).
pub trait LookupEnv: NetView {
    /// A fresh random query id.
    fn next_id(&mut self) -> u16;
}

type Run<T> = Box<dyn FnMut(&Config, &dyn NetView, &mut dyn DnsSource) -> T>;

/// A lookup in progress; `T` is what its function returns (a
/// `Resolution`, `getent`'s output...).
pub struct Lookup<T> {
    cfg: Config,
    run: Run<T>,
    /// Every question asked so far, with its answer, in order.
    answers: Vec<(Question, Result<dns::Message, DnsError>)>,
    /// The question on the wire.
    current: Option<Exchange>,
    /// A query of this lookup timed out: later ones fail at once, as
    /// glibc's A and AAAA queries, sent together, time out together.
    silent: bool,
    /// The namespace's addresses when the lookup began (`AI_ADDRCONFIG`
    /// is decided once, before any query).
    addresses: RefCell<Option<Vec<IfAddr>>>,
    result: Option<T>,
    finished: bool,
}

impl<T> fmt::Debug for Lookup<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lookup")
            .field("answers", &self.answers.len())
            .field("current", &self.current)
            .field("finished", &self.finished)
            .finish()
    }
}

impl<T> Lookup<T> {
    /// A lookup that runs `run` with the configuration `cfg` (read when
    /// the lookup begins, as glibc reads the files).
    pub fn new(
        cfg: Config,
        run: impl FnMut(&Config, &dyn NetView, &mut dyn DnsSource) -> T + 'static,
    ) -> Self {
        Lookup {
            cfg,
            run: Box::new(run),
            answers: Vec::new(),
            current: None,
            silent: false,
            addresses: RefCell::new(None),
            result: None,
            finished: false,
        }
    }

    /// Moves the lookup on at `now` and says what it needs next.
    pub fn poll(&mut self, now: Instant, env: &mut dyn LookupEnv) -> Io {
        loop {
            if let Some(ex) = self.current.as_mut() {
                match ex.poll(now, &mut || env.next_id()) {
                    Step::Io(io) => return io,
                    Step::Done(r) => {
                        if r == Err(DnsError::Timeout) {
                            self.silent = true;
                        }
                        let q = ex.question().clone();
                        self.answers.push((q, r));
                        self.current = None;
                    }
                }
            }
            if self.finished {
                return Io::Done;
            }
            let (out, asked) = {
                let view = Pinned {
                    env: &*env,
                    addresses: &self.addresses,
                };
                let mut replay = Replay {
                    answers: &self.answers,
                    next: 0,
                    pending: None,
                };
                let out = (self.run)(&self.cfg, &view, &mut replay);
                (out, replay.pending)
            };
            match asked {
                None => {
                    self.result = Some(out);
                    self.finished = true;
                    return Io::Done;
                }
                Some((at, q)) => {
                    self.answers.truncate(at);
                    if self.silent && q.server.is_some() {
                        self.answers.push((q, Err(DnsError::Timeout)));
                    } else {
                        let r = &self.cfg.resolv;
                        self.current = Some(Exchange::new(q, r.timeout_secs, r.attempts));
                    }
                }
            }
        }
    }

    /// The socket for the current question is open (`Ok`) or not.
    pub fn connected(&mut self, r: Result<(), DnsError>) {
        if let Some(ex) = self.current.as_mut() {
            ex.connected(r);
        }
    }

    /// A datagram came on the socket. True if it answered the question.
    pub fn datagram(&mut self, bytes: &[u8]) -> bool {
        self.current.as_mut().is_some_and(|ex| ex.datagram(bytes))
    }

    /// The socket failed (send error, ICMP error).
    pub fn failed(&mut self, e: DnsError) {
        if let Some(ex) = self.current.as_mut() {
            ex.failed(e);
        }
    }

    /// The result, once [`Lookup::poll`] has said [`Io::Done`].
    pub fn take(&mut self) -> Option<T> {
        self.result.take()
    }
}

/// The namespace with its address list fixed at the first look.
struct Pinned<'a> {
    env: &'a dyn NetView,
    addresses: &'a RefCell<Option<Vec<IfAddr>>>,
}

impl NetView for Pinned<'_> {
    fn addresses(&self) -> Vec<IfAddr> {
        let mut pinned = self.addresses.borrow_mut();
        pinned.get_or_insert_with(|| self.env.addresses()).clone()
    }

    fn source_for(&self, dst: IpAddr) -> Option<IfAddr> {
        self.env.source_for(dst)
    }
}

/// The DNS as far as the exchanges so far answered it.
struct Replay<'a> {
    answers: &'a [(Question, Result<dns::Message, DnsError>)],
    next: usize,
    /// The first question with no answer yet (and its index).
    pending: Option<(usize, Question)>,
}

impl Replay<'_> {
    fn ask(&mut self, q: Question) -> Result<dns::Message, DnsError> {
        if self.pending.is_some() {
            // This run's output is dropped: any answer will do.
            return Err(DnsError::Timeout);
        }
        match self.answers.get(self.next) {
            Some((asked, answer)) if *asked == q => {
                self.next += 1;
                answer.clone()
            }
            _ => {
                self.pending = Some((self.next, q));
                Err(DnsError::Timeout)
            }
        }
    }
}

fn rcode_error(m: &dns::Message) -> Option<DnsError> {
    match m.rcode {
        dns::RCODE_NOERROR => None,
        dns::RCODE_NXDOMAIN => Some(DnsError::NxDomain),
        _ => Some(DnsError::ServFail),
    }
}

impl DnsSource for Replay<'_> {
    fn query(
        &mut self,
        server: Option<IpAddr>,
        name: &str,
        t: RecordType,
    ) -> Result<Vec<IpAddr>, DnsError> {
        let qtype = match t {
            RecordType::A => dns::TYPE_A,
            RecordType::Aaaa => dns::TYPE_AAAA,
        };
        let m = self.ask(Question {
            server,
            name: String::from(name),
            qtype,
        })?;
        match rcode_error(&m) {
            Some(e) => Err(e),
            None => Ok(m.addresses),
        }
    }

    fn reverse(&mut self, server: Option<IpAddr>, addr: IpAddr) -> Result<Vec<String>, DnsError> {
        let m = self.ask(Question {
            server,
            name: dns::ptr_name(addr),
            qtype: dns::TYPE_PTR,
        })?;
        match rcode_error(&m) {
            Some(e) => Err(e),
            None => Ok(m.names),
        }
    }
}
