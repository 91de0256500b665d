//! One DNS question as glibc's `res_send` asks it, sans I/O: a UDP socket
//! connected to the server's port 53, the query sent with a fresh id,
//! `timeout` to wait for the answer with that id, `attempts` times.
//!
//! The exchange says what it needs ([`Io`]) and is handed what happened:
//! [`Exchange::connected`], [`Exchange::datagram`], [`Exchange::failed`],
//! and the time with each [`Exchange::poll`].

use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;

use super::dns;
use super::dnssource::DnsError;
use crate::time::{Duration, Instant};

/// What a lookup needs its caller to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Io {
    /// Open a UDP socket connected to this server's port 53, then report
    /// with `connected` (no socket: [`DnsError::Unreachable`]; `connect`
    /// failed, as with no route: [`DnsError::Timeout`], socket closed).
    Connect(IpAddr),
    /// Send this datagram on the socket (a failure is reported with
    /// `failed(DnsError::Unreachable)`).
    Send(Vec<u8>),
    /// Wake me at this instant, or sooner with a datagram or an error
    /// from the socket.
    Wait(Instant),
    /// Close the socket.
    Close,
    /// The lookup is over: take its result.
    Done,
}

/// A DNS question: the server, the name and the record type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The nameserver (`None`: none could be chosen).
    pub server: Option<IpAddr>,
    /// The name asked about (a PTR name for reverse lookups).
    pub name: String,
    /// `dns::TYPE_A`, `TYPE_AAAA` or `TYPE_PTR`.
    pub qtype: u16,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    /// Nothing done yet.
    Start,
    /// `Connect` asked, waiting for `connected`.
    Connecting,
    /// Connected: send attempt number `attempt` (from 0).
    Ready { attempt: u8 },
    /// Query `id` sent; its answer is due by `deadline`.
    Waiting {
        id: u16,
        attempt: u8,
        deadline: Instant,
    },
    /// Over with this result: the socket is to be closed.
    Closing(Result<dns::Message, DnsError>),
    /// Over with this result once the socket is closed.
    Closed(Result<dns::Message, DnsError>),
    /// Over.
    Finished(Result<dns::Message, DnsError>),
}

/// What [`Exchange::poll`] gives back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Do this and poll again.
    Io(Io),
    /// The answer (or why there is none).
    Done(Result<dns::Message, DnsError>),
}

/// One question's exchange with the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    question: Question,
    timeout: Duration,
    attempts: u8,
    state: State,
}

impl Exchange {
    /// An exchange for `question` with resolv.conf's `timeout` (at least 1 s)
    /// and `attempts` (at least 1).
    pub fn new(question: Question, timeout_secs: u8, attempts: u8) -> Self {
        Exchange {
            question,
            timeout: Duration::from_micros(u64::from(timeout_secs.max(1)) * 1_000_000),
            attempts: attempts.max(1),
            state: State::Start,
        }
    }

    /// The question asked.
    pub fn question(&self) -> &Question {
        &self.question
    }

    /// Moves on at `now`; `next_id` draws a query id when one is sent.
    pub fn poll(&mut self, now: Instant, next_id: &mut dyn FnMut() -> u16) -> Step {
        match core::mem::replace(&mut self.state, State::Connecting) {
            State::Start => match self.question.server {
                Some(server) => Step::Io(Io::Connect(server)),
                None => self.finish(Err(DnsError::Unreachable)),
            },
            // Polled without `connected`: as if no socket could be made.
            State::Connecting => self.finish(Err(DnsError::Unreachable)),
            State::Ready { attempt } => {
                let id = next_id();
                match dns::query(id, &self.question.name, self.question.qtype) {
                    Some(bytes) => {
                        self.state = State::Waiting {
                            id,
                            attempt,
                            deadline: now + self.timeout,
                        };
                        Step::Io(Io::Send(bytes))
                    }
                    None => self.close(Err(DnsError::NxDomain)),
                }
            }
            State::Waiting {
                id,
                attempt,
                deadline,
            } => {
                if now < deadline {
                    self.state = State::Waiting {
                        id,
                        attempt,
                        deadline,
                    };
                    Step::Io(Io::Wait(deadline))
                } else if attempt + 1 < self.attempts {
                    self.state = State::Ready {
                        attempt: attempt + 1,
                    };
                    self.poll(now, next_id)
                } else {
                    self.close(Err(DnsError::Timeout))
                }
            }
            State::Closing(r) => self.close(r),
            State::Closed(r) | State::Finished(r) => self.finish(r),
        }
    }

    /// The socket is open and connected, or could not be (`Err`).
    pub fn connected(&mut self, r: Result<(), DnsError>) {
        if self.state != State::Connecting {
            return;
        }
        self.state = match r {
            Ok(()) => State::Ready { attempt: 0 },
            Err(e) => State::Finished(Err(e)),
        };
    }

    /// A datagram came on the socket. True if it was the answer.
    pub fn datagram(&mut self, bytes: &[u8]) -> bool {
        let State::Waiting { id, .. } = self.state else {
            return false;
        };
        match dns::parse(bytes) {
            Some(m) if m.response && m.id == id => {
                self.state = State::Closing(Ok(m));
                true
            }
            _ => false,
        }
    }

    /// The socket failed (a send error, or an ICMP error such as port
    /// unreachable reported on it).
    pub fn failed(&mut self, e: DnsError) {
        if matches!(self.state, State::Ready { .. } | State::Waiting { .. }) {
            self.state = State::Closing(Err(e));
        }
    }

    fn close(&mut self, r: Result<dns::Message, DnsError>) -> Step {
        self.state = State::Closed(r);
        Step::Io(Io::Close)
    }

    fn finish(&mut self, r: Result<dns::Message, DnsError>) -> Step {
        self.state = State::Finished(r.clone());
        Step::Done(r)
    }
}
