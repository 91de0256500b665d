//! curl's transfer: the request it sends, and the response it reads (the
//! head, then a body by length, by chunks, or to end of file), written to
//! standard output or the `-o` file.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::{Curl, Phase, Request, Transfer};
use crate::process::Ctx;
use crate::sys::Errno;
use crate::time::Duration;

use super::super::netutil::{find_bytes, lossy};

impl Curl {
    /// The request's head as curl builds it.
    pub(super) fn request_bytes(&self) -> Request {
        let method = match (&self.o.method, self.o.head, &self.o.data) {
            (Some(m), _, _) => m.clone(),
            (None, true, _) => String::from("HEAD"),
            (None, false, Some(_)) => String::from("POST"),
            _ => String::from("GET"),
        };
        let version = if self.http10_next { "1.0" } else { "1.1" };
        let mut headers: Vec<(String, String)> = Vec::from([
            (String::from("Host"), self.url.host_header()),
            (String::from("User-Agent"), String::from("curl/7.88.1")),
            (String::from("Accept"), String::from("*/*")),
        ]);
        let mut custom: Vec<(String, String)> = Vec::new();
        for h in &self.o.headers {
            let Some((name, value)) = h.split_once(':') else {
                continue;
            };
            let value = value.trim_start().to_string();
            if let Some(slot) = headers
                .iter_mut()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                slot.1 = value;
            } else {
                custom.push((name.to_string(), value));
            }
        }
        headers.extend(custom);
        if let Some(d) = &self.o.data {
            headers.push((String::from("Content-Length"), d.len().to_string()));
            if !headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("Content-Type"))
            {
                headers.push((
                    String::from("Content-Type"),
                    String::from("application/x-www-form-urlencoded"),
                ));
            }
        }
        let mut head = format!("{method} {} HTTP/{version}\r\n", self.url.path);
        for (n, v) in headers.iter().filter(|(_, v)| !v.is_empty()) {
            head.push_str(&format!("{n}: {v}\r\n"));
        }
        head.push_str("\r\n");
        Request {
            head: head.into_bytes(),
            head_request: method == "HEAD" || self.o.head,
        }
    }

    /// Sends whatever of the request the socket takes now.
    pub(super) fn flush(&self, ctx: &mut Ctx<'_>, t: &mut Transfer) {
        if t.unsent.is_empty() {
            return;
        }
        let Some(fd) = t.fd else { return };
        if let Ok(n) = ctx.sys().send(fd, &t.unsent) {
            t.unsent.drain(..n.min(t.unsent.len()));
        }
    }

    /// Reads the response: the head, then the body, until it is complete.
    pub(super) fn poll_http(&mut self, ctx: &mut Ctx<'_>, mut t: Box<Transfer>) -> Option<i32> {
        self.flush(ctx, &mut t);
        let Some(fd) = t.fd else {
            return Some(0);
        };
        let mut eof = false;
        let mut buf = [0u8; 16384];
        loop {
            match ctx.sys().recv(fd, &mut buf) {
                Ok(0) => {
                    eof = true;
                    break;
                }
                Ok(n) => t.buf.extend_from_slice(buf.get(..n).unwrap_or_default()),
                Err(Errno::EAGAIN) => break,
                Err(e) => {
                    self.phase = Phase::Http(t);
                    return self.fail(ctx, 56, &format!("Recv failure: {}", e.message()), true);
                }
            }
        }
        if !t.headers_done {
            if !t.buf.is_empty() && !t.buf.starts_with(b"HTTP/") && t.buf.len() >= 5
                || (eof && !t.buf.is_empty() && !t.buf.starts_with(b"HTTP/"))
            {
                self.phase = Phase::Http(t);
                return self.fail(ctx, 1, "Received HTTP/0.9 when not allowed", true);
            }
            let end = find_bytes(&t.buf, b"\r\n\r\n")
                .map(|i| i + 4)
                .or_else(|| find_bytes(&t.buf, b"\n\n").map(|i| i + 2));
            match end {
                Some(end) => {
                    let head: Vec<u8> = t.buf.drain(..end).collect();
                    self.headers(ctx, &mut t, &head);
                    if self.o.fail && t.status >= 400 {
                        // -f stops before the body.
                        let msg = format!("The requested URL returned error: {}", t.status);
                        self.phase = Phase::Http(t);
                        return self.fail(ctx, 22, &msg, true);
                    }
                }
                None if eof => {
                    self.phase = Phase::Http(t);
                    return self.fail(ctx, 52, "Empty reply from server", true);
                }
                None => {
                    self.phase = Phase::Http(t);
                    return self.check_max_time(ctx);
                }
            }
        }
        // Body.
        let data = core::mem::take(&mut t.buf);
        if t.head {
            // No body for HEAD.
        } else if t.chunked {
            let body = self.dechunk(&mut t, &data);
            if !body.is_empty() {
                self.data_line(ctx, '{', body.len());
                self.body_out(ctx, &body);
            }
        } else if !data.is_empty() {
            let take = match t.content_length {
                Some(cl) => data.len().min(cl.saturating_sub(t.body)),
                None => data.len(),
            };
            let part = data.get(..take).unwrap_or_default();
            t.body += take;
            if !part.is_empty() {
                self.data_line(ctx, '{', part.len());
                self.body_out(ctx, part);
            }
        }
        let complete = t.head
            || (t.chunked && t.chunks_done)
            || t.content_length.is_some_and(|cl| t.body >= cl);
        if complete || eof {
            if !complete && let Some(cl) = t.content_length {
                let left = cl.saturating_sub(t.body);
                self.phase = Phase::Http(t);
                return self.fail(
                    ctx,
                    18,
                    &format!("transfer closed with {left} bytes remaining to read"),
                    true,
                );
            }
            return self.finish_response(ctx, t);
        }
        self.phase = Phase::Http(t);
        self.check_max_time(ctx)
    }

    /// Decodes what arrived of a chunked body.
    pub(super) fn dechunk(&self, t: &mut Transfer, data: &[u8]) -> Vec<u8> {
        let mut pending = core::mem::take(&mut t.buf);
        pending.extend_from_slice(data);
        let mut out = Vec::new();
        let mut pos = 0;
        while !t.chunks_done {
            if t.chunk_left > 0 {
                let rest = pending.get(pos..).unwrap_or_default();
                let n = rest.len().min(t.chunk_left);
                out.extend_from_slice(rest.get(..n).unwrap_or_default());
                pos += n;
                t.chunk_left -= n;
                if t.chunk_left > 0 {
                    break;
                }
                // The CRLF after the chunk.
                pos += 2;
                continue;
            }
            let rest = pending.get(pos..).unwrap_or_default();
            let Some(eol) = find_bytes(rest, b"\r\n") else {
                break;
            };
            let line = lossy(rest.get(..eol).unwrap_or_default());
            let size =
                usize::from_str_radix(line.split(';').next().unwrap_or("").trim(), 16).unwrap_or(0);
            pos += eol + 2;
            if size == 0 {
                t.chunks_done = true;
            } else {
                t.chunk_left = size;
            }
        }
        t.buf = pending.get(pos..).map(<[u8]>::to_vec).unwrap_or_default();
        t.body += out.len();
        out
    }

    /// Parses the response's head (and shows it with -v, -i, -I).
    pub(super) fn headers(&mut self, ctx: &mut Ctx<'_>, t: &mut Transfer, head: &[u8]) {
        t.headers_done = true;
        let text = lossy(head);
        let mut lines = text.split_inclusive('\n');
        let status_line = lines.next().unwrap_or_default();
        let mut parts = status_line.split_whitespace();
        let version = parts.next().unwrap_or_default();
        t.http10 = version == "HTTP/1.0";
        t.status = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
        self.response_code = t.status;
        if t.http10 {
            self.info(ctx, "HTTP 1.0, assume close after body");
            t.close = true;
        }
        let mut shown = String::new();
        shown.push_str(status_line);
        for line in lines {
            shown.push_str(line);
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match name.to_ascii_lowercase().as_str() {
                "content-length" => t.content_length = value.parse().ok(),
                "transfer-encoding" if value.eq_ignore_ascii_case("chunked") => t.chunked = true,
                "connection" if value.eq_ignore_ascii_case("close") => t.close = true,
                "connection" if value.eq_ignore_ascii_case("keep-alive") => t.close = false,
                "location" => t.location = Some(value.to_string()),
                "content-type" => t.content_type = Some(value.to_string()),
                _ => {}
            }
        }
        if self.o.verbose {
            for line in shown.split_inclusive('\n') {
                ctx.err(&format!("< {line}"));
            }
        }
        if self.o.include || self.o.head {
            match self.out_path(ctx) {
                Some(path) if path == "/dev/null" => {}
                Some(path) => {
                    let _ = ctx.sys().write_file(&path, &shown, true);
                }
                None => ctx.out(&shown),
            }
        }
        if t.content_length.is_none() && !t.chunked && !t.head {
            t.close = true;
        }
        if t.chunked {
            t.content_length = None;
        }
    }

    /// `-m`: fails once the whole operation has taken too long.
    pub(super) fn check_max_time(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        let m = self.o.max_time_ms.filter(|m| *m > 0)?;
        let end = self.start + Duration::from_micros(m.saturating_mul(1000));
        if ctx.now() >= end {
            let ms = self.elapsed_ms(ctx.now()) + 1;
            let total = match &self.phase {
                Phase::Http(t) => t.content_length,
                _ => None,
            };
            let msg = match total {
                Some(t) => format!(
                    "Operation timed out after {ms} milliseconds with {} out of {t} bytes received",
                    self.downloaded
                ),
                None => format!(
                    "Operation timed out after {ms} milliseconds with {} bytes received",
                    self.downloaded
                ),
            };
            return self.fail(ctx, 28, &msg, true);
        }
        ctx.wake_at(end);
        None
    }

    /// Writes body bytes to the output file or standard output.
    pub(super) fn body_out(&mut self, ctx: &mut Ctx<'_>, bytes: &[u8]) {
        self.downloaded += bytes.len();
        let text = lossy(bytes);
        match self.out_path(ctx) {
            Some(path) if path == "/dev/null" => {}
            Some(path) => {
                let _ = ctx.sys().write_file(&path, &text, true);
            }
            None => ctx.out(&text),
        }
    }

    /// The output file (`-o`, `-O`), if the body does not go to stdout.
    pub(super) fn out_path(&self, ctx: &Ctx<'_>) -> Option<String> {
        let name = match (&self.o.output, self.o.remote_name) {
            (Some(o), _) if o != "-" => o.clone(),
            (None, true) => {
                let p = self.url.path.split('?').next().unwrap_or_default();
                String::from(p.rsplit('/').next().unwrap_or_default())
            }
            _ => return None,
        };
        Some(crate::shell::absolute_path(&name, ctx.cwd()))
    }
}
