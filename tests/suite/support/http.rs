//! A minimal HTTP/1.1 reader and writer for the test servers (the fault proxy and the API
//! stub): enough for the SDK's requests and moto's replies, every wait bounded.

use std::io::{self, Read};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How long a connection may stay idle between requests, and a request or reply take.
pub const IO_LIMIT: Duration = Duration::from_secs(30);
/// Granularity of every wait, so a stop is noticed quickly.
pub const TICK: Duration = Duration::from_millis(20);
const MAX_HEAD: usize = 64 * 1024;

/// One HTTP request or reply: the head (up to and including the blank line) and the body.
pub struct Message {
    pub head: Vec<u8>,
    pub body: Vec<u8>,
}

impl Message {
    pub fn header(&self, name: &str) -> Option<String> {
        String::from_utf8_lossy(&self.head)
            .split("\r\n")
            .skip(1)
            .find_map(|line| {
                let (k, v) = line.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().to_string())
            })
    }

    /// The same message with `Connection` replaced and `Content-Length` set to the body's.
    pub fn rewritten(&self, connection: &str) -> Vec<u8> {
        let head = String::from_utf8_lossy(&self.head);
        let mut out = String::new();
        for (i, line) in head.split("\r\n").enumerate() {
            let name = line.split(':').next().unwrap_or("").trim();
            let drop = i > 0
                && ["connection", "content-length", "keep-alive"]
                    .iter()
                    .any(|h| name.eq_ignore_ascii_case(h));
            if !line.is_empty() && !drop {
                out.push_str(line);
                out.push_str("\r\n");
            }
        }
        out.push_str(&format!(
            "Connection: {connection}\r\nContent-Length: {}\r\n\r\n",
            self.body.len()
        ));
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

/// Reads one message from `stream` (bytes already read but not used are in `pending`).
/// None when the peer closed (or the proxy stopped) before a new message began. A reply
/// without `Content-Length` is read until the target closes.
pub fn read_message(
    stream: &mut TcpStream,
    pending: &mut Vec<u8>,
    stop: &AtomicBool,
    is_reply: bool,
) -> io::Result<Option<Message>> {
    let deadline = Instant::now() + IO_LIMIT;
    let head_end = loop {
        if let Some(i) = find(pending, b"\r\n\r\n") {
            break i + 4;
        }
        if pending.len() > MAX_HEAD {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "head too long"));
        }
        if !fill(stream, pending, stop, deadline)? {
            if pending.is_empty() {
                return Ok(None);
            }
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "cut-off head"));
        }
    };
    let head: Vec<u8> = pending.drain(..head_end).collect();
    let mut message = Message {
        head,
        body: Vec::new(),
    };
    if message
        .header("transfer-encoding")
        .is_some_and(|t| t.eq_ignore_ascii_case("chunked"))
    {
        return Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "chunked bodies are not supported by the fault proxy",
        ));
    }
    match message.header("content-length") {
        Some(len) => {
            let len: usize = len
                .parse()
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "bad Content-Length"))?;
            while pending.len() < len {
                if !fill(stream, pending, stop, deadline)? {
                    return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "cut-off body"));
                }
            }
            message.body = pending.drain(..len).collect();
        }
        None if is_reply => {
            while fill(stream, pending, stop, deadline)? {}
            message.body = std::mem::take(pending);
        }
        None => {}
    }
    Ok(Some(message))
}

/// Reads more bytes into `buf`: false at end of stream or when the proxy stops; an error
/// after `deadline`.
fn fill(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    stop: &AtomicBool,
    deadline: Instant,
) -> io::Result<bool> {
    let mut chunk = [0u8; 16 * 1024];
    loop {
        if stop.load(Ordering::SeqCst) {
            return Ok(false);
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Ok(false),
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                return Ok(true);
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                if Instant::now() > deadline {
                    return Err(io::Error::new(io::ErrorKind::TimedOut, "peer too slow"));
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
