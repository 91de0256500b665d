//! `python3 -m http.server` as Python 3.11.2 (Debian 12) runs it: argparse
//! options and errors, the bind address chosen by `getaddrinfo(AI_PASSIVE)`
//! (0.0.0.0 by default: glibc's RFC 3484 sort puts it before `::`), the
//! `Serving HTTP on ...` line, SimpleHTTPRequestHandler's directory
//! listings, files, redirects and error pages, its log lines, and the
//! tracebacks of a failed bind. Real outputs it is checked against:
//! core/tests/fixtures/apps/http_server_real.txt.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::{IpAddr, SocketAddr};

use crate::names;
use crate::process::{Ctx, Process, Started};
use crate::sys::{Errno, Family, Fd, Shutdown, SockOpt, SockType};

use super::netutil::{self, find_bytes};

/// The `Server:` header.
const SERVER: &str = "SimpleHTTP/0.6 Python/3.11.2";

const USAGE: &str =
    "usage: server.py [-h] [--cgi] [-b ADDRESS] [-d DIRECTORY] [-p VERSION] [port]\n";

const HELP: &str = "usage: server.py [-h] [--cgi] [-b ADDRESS] [-d DIRECTORY] [-p VERSION] [port]

positional arguments:
  port                  bind to this port (default: 8000)

options:
  -h, --help            show this help message and exit
  --cgi                 run as CGI server
  -b ADDRESS, --bind ADDRESS
                        bind to this address (default: all interfaces)
  -d DIRECTORY, --directory DIRECTORY
                        serve this directory (default: current directory)
  -p VERSION, --protocol VERSION
                        conform to this HTTP version (default: HTTP/1.0)
";

/// The traceback lines above a failed `bind()` in `http.server`'s `test()`.
const BIND_TRACEBACK: &str = r#"Traceback (most recent call last):
  File "<frozen runpy>", line 198, in _run_module_as_main
  File "<frozen runpy>", line 88, in _run_code
  File "/usr/lib/python3.11/http/server.py", line 1309, in <module>
    test(
  File "/usr/lib/python3.11/http/server.py", line 1256, in test
    with ServerClass(addr, HandlerClass) as httpd:
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "/usr/lib/python3.11/socketserver.py", line 456, in __init__
    self.server_bind()
  File "/usr/lib/python3.11/http/server.py", line 1303, in server_bind
    return super().server_bind()
           ^^^^^^^^^^^^^^^^^^^^^
  File "/usr/lib/python3.11/http/server.py", line 136, in server_bind
    socketserver.TCPServer.server_bind(self)
  File "/usr/lib/python3.11/socketserver.py", line 472, in server_bind
    self.socket.bind(self.server_address)
"#;

/// The traceback of `_get_best_family` when the bind address does not resolve.
const GAI_TRACEBACK: &str = r#"Traceback (most recent call last):
  File "<frozen runpy>", line 198, in _run_module_as_main
  File "<frozen runpy>", line 88, in _run_code
  File "/usr/lib/python3.11/http/server.py", line 1309, in <module>
    test(
  File "/usr/lib/python3.11/http/server.py", line 1254, in test
    ServerClass.address_family, addr = _get_best_family(bind, port)
                                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "/usr/lib/python3.11/http/server.py", line 1237, in _get_best_family
    infos = socket.getaddrinfo(
            ^^^^^^^^^^^^^^^^^^^
  File "/usr/lib/python3.11/socket.py", line 962, in getaddrinfo
    for res in _socket.getaddrinfo(host, port, family, type, proto, flags):
               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
"#;

/// Python's exception line for an errno from `bind()`.
fn os_error(e: Errno) -> String {
    let class = match e {
        Errno::EACCES | Errno::EPERM => "PermissionError",
        _ => "OSError",
    };
    format!("{class}: [Errno {}] {}\n", e.number(), e.message())
}

#[derive(Debug)]
struct Conn {
    fd: Fd,
    peer: SocketAddr,
    buf: Vec<u8>,
    out: Vec<u8>,
    handled: bool,
}

#[derive(Debug)]
struct Server {
    /// The listening socket.
    fd: Fd,
    dir: String,
    protocol: String,
    conns: Vec<Conn>,
}

/// Python's `html.escape(s, quote=False)`.
fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `urllib.parse.unquote`.
fn unquote(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%'
            && let (Some(h), Some(l)) = (b.get(i + 1), b.get(i + 2))
            && let (Some(h), Some(l)) = ((*h as char).to_digit(16), (*l as char).to_digit(16))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(c);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `urllib.parse.quote` (safe `/`).
fn quote(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"_.-~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Python's `repr()` of a str (single quotes unless it has one).
fn py_repr(s: &str) -> String {
    let q = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

/// The control-character escaping Debian's 3.11.2 applies to log messages.
fn log_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let n = c as u32;
        if n < 0x20 || (0x7f..0xa0).contains(&n) {
            out.push_str(&format!("\\x{n:02x}"));
        } else {
            out.push(c);
        }
    }
    out
}

fn mime_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html" | "htm") => "text/html",
        Some("txt" | "conf" | "log") => "text/plain",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml",
        Some("py") => "text/x-python",
        Some("sh") => "application/x-sh",
        _ => "application/octet-stream",
    }
}

/// The standard explanation `send_error` adds for a code.
fn explain(code: u16) -> (&'static str, &'static str) {
    match code {
        400 => ("Bad Request", "Bad request syntax or unsupported method"),
        404 => ("Not Found", "Nothing matches the given URI"),
        501 => ("Not Implemented", "Server does not support this operation"),
        505 => ("HTTP Version Not Supported", "Cannot fulfill request"),
        _ => ("Error", ""),
    }
}

/// What the handler does with one request.
struct Reply {
    log: Vec<String>,
    bytes: Vec<u8>,
}

impl Server {
    fn log(&self, ctx: &mut Ctx<'_>, peer: &SocketAddr, msg: &str) -> String {
        let date = netutil::log_date(netutil::epoch_secs(ctx));
        format!("{} - - [{date}] {}\n", peer.ip(), log_escape(msg))
    }

    fn status_line(&self, code: u16, reason: &str, date: &str) -> String {
        format!(
            "{} {code} {reason}\r\nServer: {SERVER}\r\nDate: {date}\r\n",
            self.protocol
        )
    }

    fn error(
        &self,
        ctx: &mut Ctx<'_>,
        peer: &SocketAddr,
        requestline: &str,
        code: u16,
        message: &str,
        head: bool,
    ) -> Reply {
        let (_, explanation) = explain(code);
        let date = netutil::http_date(netutil::epoch_secs(ctx));
        let body = format!(
            "<!DOCTYPE HTML>\n<html lang=\"en\">\n    <head>\n        <meta charset=\"utf-8\">\n        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n        <p>Error code: {code}</p>\n        <p>Message: {}.</p>\n        <p>Error code explanation: {code} - {explanation}.</p>\n    </body>\n</html>\n",
            html_escape(message)
        );
        let mut text = self.status_line(code, message, &date);
        text.push_str(&format!(
            "Connection: close\r\nContent-Type: text/html;charset=utf-8\r\nContent-Length: {}\r\n\r\n",
            body.len()
        ));
        if !head {
            text.push_str(&body);
        }
        Reply {
            log: Vec::from([
                self.log(ctx, peer, &format!("code {code}, message {message}")),
                self.log(ctx, peer, &format!("\"{requestline}\" {code} -")),
            ]),
            bytes: text.into_bytes(),
        }
    }

    fn translate(&self, path: &str) -> (String, bool) {
        let path = path.split('?').next().unwrap_or_default();
        let path = path.split('#').next().unwrap_or_default();
        let trailing = path.trim_end().ends_with('/');
        let path = unquote(path);
        let mut words: Vec<&str> = Vec::new();
        for w in path.split('/') {
            match w {
                "" | "." => {}
                ".." => {
                    words.pop();
                }
                w => words.push(w),
            }
        }
        let mut full = String::from(self.dir.trim_end_matches('/'));
        for w in words {
            full.push('/');
            full.push_str(w);
        }
        if full.is_empty() {
            full.push('/');
        }
        (full, trailing)
    }

    fn listing(&self, ctx: &mut Ctx<'_>, dir: &str) -> Vec<(String, bool)> {
        let mut entries: Vec<(String, bool)> = Vec::new();
        let sys = ctx.sys();
        for e in sys.readdir(dir).unwrap_or_default() {
            if e.name == "." || e.name == ".." {
                continue;
            }
            let path = if dir.ends_with('/') {
                format!("{dir}{}", e.name)
            } else {
                format!("{dir}/{}", e.name)
            };
            entries.push((e.name, sys.is_dir(&path)));
        }
        crate::sort::sort_by_key(&mut entries, |(n, _)| n.to_lowercase());
        entries
    }

    fn handle(&self, ctx: &mut Ctx<'_>, peer: &SocketAddr, request: &str) -> Option<Reply> {
        // Python's readline: up to the first LF, then rstrip('\r\n').
        let requestline = request
            .split('\n')
            .next()
            .unwrap_or_default()
            .trim_end_matches(['\r', '\n']);
        if requestline.is_empty() {
            return None;
        }
        let words: Vec<&str> = requestline.split_whitespace().collect();
        let (method, path, version) = match words.as_slice() {
            [m, p, v] => (*m, *p, *v),
            [m, p] if *m == "GET" => (*m, *p, "HTTP/0.9"),
            _ => {
                let msg = format!("Bad request syntax ({})", py_repr(requestline));
                return Some(self.error(ctx, peer, requestline, 400, &msg, false));
            }
        };
        if !version.starts_with("HTTP/") {
            let msg = format!("Bad request version ({})", py_repr(version));
            return Some(self.error(ctx, peer, requestline, 400, &msg, false));
        }
        let v = version.get(5..).unwrap_or_default();
        let numbers: Vec<&str> = v.split('.').collect();
        let valid = numbers.len() == 2
            && numbers
                .iter()
                .all(|n| !n.is_empty() && n.len() <= 10 && n.bytes().all(|b| b.is_ascii_digit()));
        if !valid {
            let msg = format!("Bad request version ({})", py_repr(version));
            return Some(self.error(ctx, peer, requestline, 400, &msg, false));
        }
        if numbers
            .first()
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(0)
            >= 2
        {
            let msg = format!("Invalid HTTP version ({v})");
            return Some(self.error(ctx, peer, requestline, 505, &msg, false));
        }
        let head = method == "HEAD";
        if method != "GET" && !head {
            let msg = format!("Unsupported method ({})", py_repr(method));
            return Some(self.error(ctx, peer, requestline, 501, &msg, false));
        }
        let (fs_path, trailing) = self.translate(path);
        let date = netutil::http_date(netutil::epoch_secs(ctx));
        let ok_log = self.log(ctx, peer, &format!("\"{requestline}\" 200 -"));
        let mut file_path = fs_path.clone();
        if ctx.sys().is_dir(&fs_path) {
            let bare = path.split(['?', '#']).next().unwrap_or_default();
            if !bare.ends_with('/') {
                let query = path.split_once('?').map(|(_, q)| q);
                let location = match query {
                    Some(q) => format!("{bare}/?{q}"),
                    None => format!("{bare}/"),
                };
                let mut text = self.status_line(301, "Moved Permanently", &date);
                text.push_str(&format!(
                    "Location: {location}\r\nContent-Length: 0\r\n\r\n"
                ));
                return Some(Reply {
                    log: Vec::from([self.log(ctx, peer, &format!("\"{requestline}\" 301 -"))]),
                    bytes: text.into_bytes(),
                });
            }
            let base = fs_path.trim_end_matches('/');
            let index = ["index.html", "index.htm"]
                .iter()
                .map(|i| format!("{base}/{i}"))
                .find(|p| ctx.sys().read_file(p).is_ok());
            match index {
                Some(p) => file_path = p,
                None => {
                    let display = html_escape(&unquote(path));
                    let mut body = format!(
                        "<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Directory listing for {display}</title>\n</head>\n<body>\n<h1>Directory listing for {display}</h1>\n<hr>\n<ul>\n"
                    );
                    for (name, is_dir) in self.listing(ctx, base) {
                        let shown = if is_dir { format!("{name}/") } else { name };
                        body.push_str(&format!(
                            "<li><a href=\"{}\">{}</a></li>\n",
                            quote(&shown),
                            html_escape(&shown)
                        ));
                    }
                    body.push_str("</ul>\n<hr>\n</body>\n</html>\n");
                    let mut text = self.status_line(200, "OK", &date);
                    text.push_str(&format!(
                        "Content-type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
                        body.len()
                    ));
                    if !head {
                        text.push_str(&body);
                    }
                    return Some(Reply {
                        log: Vec::from([ok_log]),
                        bytes: text.into_bytes(),
                    });
                }
            }
        }
        if trailing && file_path == fs_path {
            return Some(self.error(ctx, peer, requestline, 404, "File not found", head));
        }
        let Ok(contents) = ctx.sys().read_binary(&file_path) else {
            return Some(self.error(ctx, peer, requestline, 404, "File not found", head));
        };
        let modified = ctx
            .sys()
            .stat(&file_path)
            .map_or(netutil::boot_epoch_us(ctx) / 1_000_000, |st| st.mtime.sec);
        let mut text = self.status_line(200, "OK", &date);
        text.push_str(&format!(
            "Content-type: {}\r\nContent-Length: {}\r\nLast-Modified: {}\r\n\r\n",
            mime_type(&file_path),
            contents.len(),
            netutil::http_date(modified)
        ));
        let mut bytes = text.into_bytes();
        if !head {
            bytes.extend_from_slice(&contents);
        }
        Some(Reply {
            log: Vec::from([ok_log]),
            bytes,
        })
    }
}

impl Process for Server {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        while let Ok(Some((fd, peer))) = ctx.sys().accept(self.fd) {
            self.conns.push(Conn {
                fd,
                peer,
                buf: Vec::new(),
                out: Vec::new(),
                handled: false,
            });
        }
        let mut conns = core::mem::take(&mut self.conns);
        conns.retain_mut(|c| {
            let mut eof = false;
            let mut buf = [0u8; 8192];
            loop {
                match ctx.sys().recv(c.fd, &mut buf) {
                    Ok(0) => {
                        eof = true;
                        break;
                    }
                    Ok(n) => c.buf.extend_from_slice(buf.get(..n).unwrap_or_default()),
                    Err(Errno::EAGAIN) => break,
                    Err(_) => {
                        eof = true;
                        break;
                    }
                }
            }
            if !c.handled
                && (find_bytes(&c.buf, b"\r\n\r\n").is_some()
                    || find_bytes(&c.buf, b"\n\n").is_some()
                    || eof
                    || c.buf.len() > 65_536
                    || request_line_rejected(&c.buf))
            {
                c.handled = true;
                // Python reads the request line as ISO-8859-1.
                let text: String = c.buf.iter().map(|b| *b as char).collect();
                match self.handle(ctx, &c.peer, &text) {
                    Some(reply) => {
                        for line in reply.log {
                            ctx.err(&line);
                        }
                        c.out = reply.bytes;
                    }
                    None => {
                        // An empty request: the handler closes it.
                        let _ = ctx.sys().close(c.fd);
                        return false;
                    }
                }
            }
            if c.handled {
                if !c.out.is_empty()
                    && let Ok(n) = ctx.sys().send(c.fd, &c.out)
                {
                    c.out.drain(..n.min(c.out.len()));
                }
                if c.out.is_empty() {
                    // shutdown_request: SHUT_WR, then close.
                    let _ = ctx.sys().shutdown(c.fd, Shutdown::Write);
                    let _ = ctx.sys().close(c.fd);
                    return false;
                }
            }
            true
        });
        self.conns = conns;
        None
    }

    fn interrupt(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        ctx.out("\nKeyboard interrupt received, exiting.\n");
        // The exit closes the listener and any connection still open.
        Some(0)
    }
}

fn usage_error(ctx: &mut Ctx<'_>, msg: &str) -> Started {
    ctx.err(&format!("{USAGE}server.py: error: {msg}\n"));
    Started::Exited(2)
}

/// `python3 ...`: only `-m http.server` (and `--version`) in the lab.
/// `python3 -m http.server [options]`: `args` is that command line
/// (`python3` runs this module for `-m http.server`).
pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let rest = args.get(1..).unwrap_or_default();
    let mut port: Option<String> = None;
    let mut bind: Option<String> = None;
    let mut dir: Option<String> = None;
    let mut protocol = String::from("HTTP/1.0");
    let mut unknown: Vec<String> = Vec::new();
    let mut i = 2;
    while let Some(a) = rest.get(i) {
        i += 1;
        let (name, attached) = match a.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(String::from(v))),
            _ => (a.as_str(), None),
        };
        let slot = match name {
            "-h" | "--help" => {
                ctx.out(HELP);
                return Started::Exited(0);
            }
            "--cgi" => continue,
            "-b" | "--bind" => Some(("-b/--bind", &mut bind)),
            "-d" | "--directory" => Some(("-d/--directory", &mut dir)),
            "-p" | "--protocol" => None,
            _ if a.starts_with('-') && a.len() > 1 && a.parse::<i64>().is_err() => {
                unknown.push(a.clone());
                continue;
            }
            _ => {
                if port.is_some() {
                    unknown.push(a.clone());
                } else {
                    port = Some(a.clone());
                }
                continue;
            }
        };
        let value = match attached {
            Some(v) => Some(v),
            None => {
                let v = rest.get(i).filter(|v| !v.starts_with('-')).cloned();
                if v.is_some() {
                    i += 1;
                }
                v
            }
        };
        let Some(value) = value else {
            let shown = slot.map_or("-p/--protocol", |(s, _)| s);
            return usage_error(ctx, &format!("argument {shown}: expected one argument"));
        };
        match slot {
            Some((_, target)) => *target = Some(value),
            None => protocol = value,
        }
    }
    let port_num: i64 = match &port {
        None => 8000,
        Some(p) => match p.trim().parse::<i64>() {
            Ok(n) => n,
            Err(_) => {
                return usage_error(
                    ctx,
                    &format!("argument port: invalid int value: {}", py_repr(p)),
                );
            }
        },
    };
    if !unknown.is_empty() {
        return usage_error(
            ctx,
            &format!("unrecognized arguments: {}", unknown.join(" ")),
        );
    }
    // _get_best_family: getaddrinfo(bind, port, SOCK_STREAM, AI_PASSIVE)[0].
    let service = port_num.to_string();
    let lookup = netutil::gai_lookup(
        ctx,
        bind.as_deref(),
        Some(&service),
        names::Family::Unspec,
        true,
    );
    super::resolve::then(ctx, "python3", lookup, move |ctx, found| {
        let addr = match found.addrs(ctx) {
            // glibc sorts the passive NULL answers (::, 0.0.0.0) by RFC 3484:
            // 0.0.0.0 wins on label match (its source 127.0.0.1 shares label 4;
            // ::'s source ::1 does not share ::/96's label 3). The lab's
            // resolver keeps :: first, so the wildcard case is decided here.
            Ok(_) if bind.is_none() => IpAddr::V4(core::net::Ipv4Addr::UNSPECIFIED),
            Ok(list) => match list.first() {
                Some(a) => *a,
                None => IpAddr::V4(core::net::Ipv4Addr::UNSPECIFIED),
            },
            Err(e) => {
                ctx.err(&format!(
                    "{GAI_TRACEBACK}socket.gaierror: [Errno {}] {e}\n",
                    e.code()
                ));
                return Started::Exited(1);
            }
        };
        serve(ctx, addr, port_num, dir, protocol)
    })
}

/// http.server once its bind address is looked up: binds, listens, serves.
fn serve(
    ctx: &mut Ctx<'_>,
    addr: IpAddr,
    port_num: i64,
    dir: Option<String>,
    protocol: String,
) -> Started {
    let Ok(port) = u16::try_from(port_num) else {
        ctx.err(&format!(
            "{BIND_TRACEBACK}OverflowError: bind(): port must be 0-65535.\n"
        ));
        return Started::Exited(1);
    };
    let family = Family::of(&addr);
    let fd = match ctx.sys().socket(family, SockType::Stream) {
        Ok(fd) => fd,
        Err(e) => {
            ctx.err(&format!("{BIND_TRACEBACK}{}", os_error(e)));
            return Started::Exited(1);
        }
    };
    // HTTPServer.allow_reuse_address; DualStackServer clears V6ONLY.
    let _ = ctx.sys().setsockopt(fd, SockOpt::ReuseAddr(true));
    let _ = ctx.sys().setsockopt(fd, SockOpt::V6Only(false));
    if let Err(e) = ctx.sys().bind(fd, SocketAddr::new(addr, port)) {
        ctx.err(&format!("{BIND_TRACEBACK}{}", os_error(e)));
        return Started::Exited(1);
    }
    if let Err(e) = ctx.sys().listen(fd, 5) {
        ctx.err(&os_error(e));
        return Started::Exited(1);
    }
    let port = ctx
        .sys()
        .getsockname(fd)
        .ok()
        .flatten()
        .map_or(port, |a| a.port());
    let url_host = match addr {
        IpAddr::V6(a) => format!("[{a}]"),
        IpAddr::V4(a) => a.to_string(),
    };
    ctx.out(&format!(
        "Serving HTTP on {addr} port {port} (http://{url_host}:{port}/) ...\n"
    ));
    let dir = match dir {
        Some(d) => crate::shell::absolute_path(&d, ctx.cwd()),
        // http.server serves the directory it was started in.
        None => String::from(ctx.cwd()),
    };
    Started::Running(Box::new(Server {
        fd,
        dir,
        protocol,
        conns: Vec::new(),
    }))
}

/// True once the request line is read (up to its LF) and Python's
/// `parse_request` rejects it before reading any header (bad syntax, a bad
/// or unsupported version): the error is sent at once, as to a TLS hello.
fn request_line_rejected(buf: &[u8]) -> bool {
    let Some(end) = buf.iter().position(|b| *b == b'\n') else {
        return false;
    };
    let line: String = buf
        .get(..end)
        .unwrap_or_default()
        .iter()
        .map(|b| *b as char)
        .collect();
    let words: Vec<&str> = line.trim_end_matches('\r').split_whitespace().collect();
    match words.as_slice() {
        [] => false,
        [m, _] => *m != "GET",
        [_, _, v] => {
            let Some(numbers) = v.strip_prefix("HTTP/") else {
                return true;
            };
            let parts: Vec<&str> = numbers.split('.').collect();
            let valid = parts.len() == 2
                && parts.iter().all(|n| {
                    !n.is_empty() && n.len() <= 10 && n.bytes().all(|b| b.is_ascii_digit())
                });
            !valid
                || parts
                    .first()
                    .and_then(|n| n.parse::<u32>().ok())
                    .unwrap_or(0)
                    >= 2
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(py_repr("POST"), "'POST'");
        assert_eq!(unquote("/a%20b"), "/a b");
        assert_eq!(quote("a b/"), "a%20b/");
        assert_eq!(log_escape("a\x16b"), "a\\x16b");
    }
}
