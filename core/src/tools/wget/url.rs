//! wget's URLs: `http://` and `https://` (no scheme: `http://`), the
//! host (a name, an address, `[v6]`), the port, the path; how wget writes
//! them back and the local file name it saves them as.

use alloc::format;
use alloc::string::String;

/// A URL as wget reads it (`http://` assumed when no scheme is given).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Url {
    /// `https://`: a TLS hello first (the lab has no TLS).
    pub(super) https: bool,
    /// The host: a name or an address (without brackets).
    pub(super) host: String,
    /// The port (80, 443 for https, unless given).
    pub(super) port: u16,
    /// The path and query, from its `/`.
    pub(super) path: String,
}

impl Url {
    pub(super) fn parse(s: &str) -> Result<Url, String> {
        let (https, rest) = match s.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => (false, rest),
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") => (true, rest),
            Some((scheme, _)) => return Err(format!("{s}: Unsupported scheme ‘{scheme}’.")),
            None => (false, s),
        };
        let default_port = if https { 443 } else { 80 };
        let (authority, path) = match rest.find(['/', '?']) {
            Some(at) => (
                rest.get(..at).unwrap_or_default(),
                rest.get(at..).unwrap_or("/"),
            ),
            None => (rest, "/"),
        };
        let path = if path.starts_with('?') {
            format!("/{path}")
        } else {
            String::from(path)
        };
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let (h, after) = v6
                .split_once(']')
                .ok_or_else(|| format!("{s}: Invalid IPv6 numeric address."))?;
            (String::from(h), after.strip_prefix(':'))
        } else {
            match authority.rsplit_once(':') {
                Some((h, p)) => (String::from(h), Some(p)),
                None => (String::from(authority), None),
            }
        };
        let port = match port {
            None | Some("") => default_port,
            Some(p) => p
                .parse::<u16>()
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| format!("{s}: Bad port number."))?,
        };
        if host.is_empty() {
            return Err(format!("{s}: Invalid host name."));
        }
        Ok(Url {
            https,
            host,
            port,
            path,
        })
    }

    fn default_port(&self) -> u16 {
        if self.https { 443 } else { 80 }
    }

    pub(super) fn text(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        if self.port == self.default_port() {
            format!("{scheme}://{host}{}", self.path)
        } else {
            format!("{scheme}://{host}:{}{}", self.port, self.path)
        }
    }

    /// `Host:`'s value.
    pub(super) fn host_header(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        if self.port == self.default_port() {
            host
        } else {
            format!("{host}:{}", self.port)
        }
    }

    /// The local file name wget gives it: the path's last part,
    /// `index.html` for a directory.
    pub(super) fn file_name(&self) -> String {
        let last = self.path.rsplit('/').next().unwrap_or_default();
        if last.is_empty() {
            String::from("index.html")
        } else {
            String::from(last)
        }
    }
}
