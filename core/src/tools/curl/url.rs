//! curl 7.88.1's URL handling: the glob check, scheme guessing, authority
//! and port parsing, and the errors it gives (checked in
//! core/tests/fixtures/apps/curl_real.txt).

use alloc::format;
use alloc::string::{String, ToString};
use core::net::{IpAddr, Ipv6Addr};

/// A parsed URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Url {
    /// `http` or `https`.
    pub(crate) scheme: String,
    /// The host as curl shows it (no brackets for IPv6).
    pub(crate) host: String,
    /// An IPv6 literal (shown in brackets in `Host:` and `Trying`).
    pub(crate) ipv6: Option<Ipv6Addr>,
    /// The port (the scheme's default when none given).
    pub(crate) port: u16,
    /// True if the URL named the port.
    pub(crate) explicit_port: bool,
    /// Path and query, starting with `/`.
    pub(crate) path: String,
}

impl Url {
    /// The `Host:` header value.
    pub(crate) fn host_header(&self) -> String {
        let h = match self.ipv6 {
            Some(_) => format!("[{}]", self.host),
            None => self.host.clone(),
        };
        if self.explicit_port && self.port != default_port(&self.scheme) {
            format!("{h}:{}", self.port)
        } else {
            h
        }
    }

    /// The URL as curl writes it back (`%{url_effective}`).
    pub(crate) fn to_text(&self) -> String {
        format!("{}://{}{}", self.scheme, self.host_header(), self.path)
    }
}

/// Why a URL was refused, with curl's exit code and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum UrlError {
    /// (3) `URL using bad/illegal format or missing URL`.
    Malformed,
    /// (1) `Protocol "x" not supported or disabled in libcurl`.
    Unsupported(String),
    /// (3) the globbing parser's complaint, with its position.
    Glob { pos: usize, url: String },
}

impl UrlError {
    /// curl's exit code.
    pub(crate) fn code(&self) -> i32 {
        match self {
            UrlError::Unsupported(_) => 1,
            _ => 3,
        }
    }

    /// curl's message.
    pub(crate) fn message(&self) -> String {
        match self {
            UrlError::Malformed => String::from("URL using bad/illegal format or missing URL"),
            UrlError::Unsupported(s) => {
                format!("Protocol \"{s}\" not supported or disabled in libcurl")
            }
            UrlError::Glob { pos, url } => {
                let spaces: String = core::iter::repeat_n(' ', pos.saturating_sub(1)).collect();
                format!("bad range specification in URL position {pos}:\n{url}\n{spaces}^")
            }
        }
    }
}

fn default_port(scheme: &str) -> u16 {
    if scheme == "https" { 443 } else { 80 }
}

/// The glob check curl's tool does before libcurl sees the URL: an
/// unclosed `[` is an error.
fn glob_check(url: &str) -> Result<(), UrlError> {
    if let Some(i) = url.find('[')
        && !url.get(i..).is_some_and(|rest| rest.contains(']'))
    {
        return Err(UrlError::Glob {
            pos: i + 2,
            url: url.to_string(),
        });
    }
    Ok(())
}

fn valid_reg_name(host: &str) -> bool {
    !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=%".contains(&b))
}

/// Parses a URL as curl 7.88.1 does (the schemes the lab can speak).
pub(crate) fn parse(input: &str) -> Result<Url, UrlError> {
    glob_check(input)?;
    if input.is_empty() || input.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err(UrlError::Malformed);
    }
    let (scheme, rest) = match input.find("://") {
        Some(i) => {
            let s = input.get(..i).unwrap_or_default();
            let ok = s.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b));
            if !ok {
                return Err(UrlError::Malformed);
            }
            (
                s.to_ascii_lowercase(),
                input.get(i + 3..).unwrap_or_default(),
            )
        }
        None => (String::from("http"), input),
    };
    if scheme != "http" && scheme != "https" {
        return Err(UrlError::Unsupported(scheme));
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = rest.get(..end).unwrap_or_default();
    let mut path = String::from(rest.get(end..).unwrap_or_default());
    if let Some(i) = path.find('#') {
        path.truncate(i);
    }
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    let hostport = authority.rsplit('@').next().unwrap_or_default();
    let (host, port_text, ipv6) = if let Some(inner) = hostport.strip_prefix('[') {
        let close = inner.find(']').ok_or(UrlError::Malformed)?;
        let lit = inner.get(..close).unwrap_or_default();
        let addr: Ipv6Addr = lit.parse().map_err(|_| UrlError::Malformed)?;
        let after = inner.get(close + 1..).unwrap_or_default();
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p),
            None if after.is_empty() => None,
            None => return Err(UrlError::Malformed),
        };
        (addr.to_string(), port, Some(addr))
    } else {
        match hostport.rfind(':') {
            Some(i) => (
                String::from(hostport.get(..i).unwrap_or_default()),
                Some(hostport.get(i + 1..).unwrap_or_default()),
                None,
            ),
            None => (String::from(hostport), None, None),
        }
    };
    if ipv6.is_none() && !valid_reg_name(&host) {
        return Err(UrlError::Malformed);
    }
    // curl normalises numeric IPv4 forms (127.1 -> 127.0.0.1).
    let host = match crate::names::inet::inet_aton_exact(&host) {
        Some(a) if host.bytes().all(|b| b.is_ascii_digit() || b == b'.') => a.to_string(),
        _ => host,
    };
    let (port, explicit_port) = match port_text {
        None | Some("") => (default_port(&scheme), false),
        Some(p) => {
            if !p.bytes().all(|b| b.is_ascii_digit()) || p.len() > 5 {
                return Err(UrlError::Malformed);
            }
            (p.parse::<u16>().map_err(|_| UrlError::Malformed)?, true)
        }
    };
    Ok(Url {
        scheme,
        host,
        ipv6,
        port,
        explicit_port,
        path,
    })
}

/// The address in a URL's host, if it is a literal.
pub(crate) fn literal(url: &Url) -> Option<IpAddr> {
    match url.ipv6 {
        Some(a) => Some(IpAddr::V6(a)),
        None => url.host.parse().ok(),
    }
}

/// Resolves a `Location:` against the URL it came from.
pub(crate) fn join(base: &Url, location: &str) -> Result<Url, UrlError> {
    if location.contains("://") {
        return parse(location);
    }
    let mut u = base.clone();
    if location.starts_with('/') {
        u.path = String::from(location);
    } else {
        let dir = match base.path.split('?').next().and_then(|p| p.rfind('/')) {
            Some(i) => base.path.get(..=i).unwrap_or("/"),
            None => "/",
        };
        u.path = format!("{dir}{location}");
    }
    Ok(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        let u = parse("http://localhost:8000/a?b#c").unwrap();
        assert_eq!(u.host, "localhost");
        assert_eq!(u.port, 8000);
        assert_eq!(u.path, "/a?b");
        assert_eq!(u.host_header(), "localhost:8000");
        let u = parse("http://[::1]:8000").unwrap();
        assert_eq!(u.host, "::1");
        assert_eq!(u.host_header(), "[::1]:8000");
        assert_eq!(u.path, "/");
        let u = parse("localhost:8001").unwrap();
        assert_eq!((u.scheme.as_str(), u.port), ("http", 8001));
        assert_eq!(parse("http://127.1/").unwrap().host, "127.0.0.1");
    }

    #[test]
    fn errors_as_curl() {
        // Real: curl 'http://[::1' -> curl: (3) bad range specification in URL position 9:
        assert_eq!(
            parse("http://[::1").unwrap_err().message(),
            "bad range specification in URL position 9:\nhttp://[::1\n        ^"
        );
        assert_eq!(parse("http://local host/"), Err(UrlError::Malformed));
        assert_eq!(parse("http://"), Err(UrlError::Malformed));
        assert_eq!(parse(""), Err(UrlError::Malformed));
        assert_eq!(parse("http://localhost:99999/"), Err(UrlError::Malformed));
        assert_eq!(parse("foo://x").unwrap_err().code(), 1);
    }
}
