//! A fault-injecting HTTP/1.1 proxy for tests: listens on loopback, forwards each request
//! to a target (moto_server) on a fresh connection, and per request, chosen by rules on the
//! operation (`X-Amz-Target`), can answer with throttling or a 5xx instead, close the
//! connection before or after forwarding, or stall. Counts what it saw and what it did.
//! Every wait is bounded; dropping the proxy stops it within about 100 ms.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use orgtui::net::throttle::SplitMix64;

use super::http::{read_message, Message, IO_LIMIT, TICK};

/// What to do to a request instead of (or besides) forwarding it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// HTTP 400 `TooManyRequestsException`, as AWS throttles; not forwarded.
    Throttle,
    /// HTTP 400 `ThrottlingException`, the code AWS's shared front end throttles with;
    /// not forwarded. Counted as "throttle" too.
    ThrottlingException,
    /// This HTTP status (500, 503...) with an AWS-style error body; not forwarded.
    ServerError(u16),
    /// Close the connection without forwarding or answering.
    CloseBeforeForward,
    /// Forward (the target applies it), then close without answering: the reply is lost.
    CloseAfterForward,
    /// Hold the connection without forwarding or answering, then close it.
    Stall(Duration),
    /// Forward, then hold the reply back for this long, then close without answering.
    StallAfterForward(Duration),
    /// Hold the request this long, then forward it (applied even if the client has given
    /// up meanwhile) and answer.
    ForwardLate(Duration),
    /// Hold the request this long, then forward it and answer on the same connection:
    /// network latency, for benchmarks.
    Delay(Duration),
}

impl Fault {
    /// A short name for counters.
    pub fn name(&self) -> &'static str {
        match self {
            Fault::Throttle | Fault::ThrottlingException => "throttle",
            Fault::ServerError(_) => "5xx",
            Fault::CloseBeforeForward => "close-before-forward",
            Fault::CloseAfterForward => "close-after-forward",
            Fault::Stall(_) => "stall",
            Fault::StallAfterForward(_) => "stall-after-forward",
            Fault::ForwardLate(_) => "forward-late",
            Fault::Delay(_) => "delay",
        }
    }
}

/// When a rule fires for a request that matches it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Trigger {
    /// The next `n` matching requests.
    Next(u32),
    /// Each matching request with this probability (from the proxy's seeded generator, so
    /// a sequence of requests gets the same faults on every run).
    Probability(f64),
}

#[derive(Debug, Clone)]
pub struct Rule {
    /// The operation, e.g. "MoveAccount" or "AWSOrganizationsV20161128.MoveAccount";
    /// None matches every request.
    pub operation: Option<String>,
    pub trigger: Trigger,
    pub fault: Fault,
}

impl Rule {
    pub fn next(operation: &str, n: u32, fault: Fault) -> Rule {
        Rule {
            operation: Some(operation.to_string()),
            trigger: Trigger::Next(n),
            fault,
        }
    }

    pub fn probability(operation: Option<&str>, p: f64, fault: Fault) -> Rule {
        Rule {
            operation: operation.map(str::to_string),
            trigger: Trigger::Probability(p),
            fault,
        }
    }

    fn matches(&self, operation: &str) -> bool {
        self.operation
            .as_deref()
            .is_none_or(|want| want == operation || want.rsplit('.').next() == Some(operation))
    }
}

/// What the proxy saw and did, per operation (the part of `X-Amz-Target` after the dot;
/// "-" for requests without one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counters {
    pub seen: BTreeMap<String, u32>,
    pub forwarded: BTreeMap<String, u32>,
    /// (operation, fault name) → count.
    pub injected: BTreeMap<(String, String), u32>,
    /// Requests being handled at once, at most.
    pub max_in_flight: usize,
    /// (time since the proxy started, requests being handled) at every change.
    pub concurrency: Vec<(Duration, usize)>,
}

impl Counters {
    pub fn seen(&self, op: &str) -> u32 {
        self.seen.get(op).copied().unwrap_or(0)
    }

    pub fn forwarded(&self, op: &str) -> u32 {
        self.forwarded.get(op).copied().unwrap_or(0)
    }

    pub fn injected(&self, op: &str, fault: &str) -> u32 {
        let key = (op.to_string(), fault.to_string());
        self.injected.get(&key).copied().unwrap_or(0)
    }

    pub fn injected_total(&self) -> u32 {
        self.injected.values().sum()
    }
}

struct Shared {
    target: SocketAddr,
    started: Instant,
    in_flight: Mutex<usize>,
    stop: AtomicBool,
    rules: Mutex<Vec<Rule>>,
    rng: Mutex<SplitMix64>,
    counters: Mutex<Counters>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Shared {
    /// Counts the request and picks the fault of the first rule that fires, if any.
    fn decide(&self, op: &str) -> Option<Fault> {
        *lock(&self.counters).seen.entry(op.to_string()).or_default() += 1;
        let mut rules = lock(&self.rules);
        let fault = rules.iter_mut().filter(|r| r.matches(op)).find_map(|r| {
            let fires = match &mut r.trigger {
                Trigger::Next(0) => false,
                Trigger::Next(n) => {
                    *n -= 1;
                    true
                }
                Trigger::Probability(p) => lock(&self.rng).next_f64() < *p,
            };
            fires.then_some(r.fault)
        })?;
        let key = (op.to_string(), fault.name().to_string());
        *lock(&self.counters).injected.entry(key).or_default() += 1;
        Some(fault)
    }

    /// Counts one request in flight (until the guard is dropped) and samples concurrency.
    fn busy(&self) -> Busy<'_> {
        self.add_in_flight(1);
        Busy(self)
    }

    fn add_in_flight(&self, delta: isize) {
        let mut n = lock(&self.in_flight);
        *n = n.saturating_add_signed(delta);
        let mut c = lock(&self.counters);
        c.max_in_flight = c.max_in_flight.max(*n);
        c.concurrency.push((self.started.elapsed(), *n));
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Sleeps `d`, or less when the proxy stops.
    fn hold(&self, d: Duration) {
        let until = Instant::now() + d;
        while Instant::now() < until && !self.stopped() {
            std::thread::sleep(TICK.min(until.saturating_duration_since(Instant::now())));
        }
    }
}

struct Busy<'a>(&'a Shared);

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        self.0.add_in_flight(-1);
    }
}

pub struct FaultProxy {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
}

impl FaultProxy {
    /// Starts a proxy in front of `target` (an endpoint URL such as `http://127.0.0.1:5000`
    /// or `host:port`); `seed` drives the probabilistic rules.
    pub fn start(target: &str, seed: u64) -> FaultProxy {
        let hostport = target.trim_start_matches("http://").trim_end_matches('/');
        let target: SocketAddr = hostport
            .parse()
            .unwrap_or_else(|e| panic!("fault proxy target {hostport:?}: {e}"));
        assert!(
            target.ip().is_loopback(),
            "the fault proxy only forwards to loopback"
        );
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the fault proxy");
        listener
            .set_nonblocking(true)
            .expect("a non-blocking listener");
        let addr = listener.local_addr().expect("the fault proxy's address");
        let shared = Arc::new(Shared {
            target,
            started: Instant::now(),
            in_flight: Mutex::new(0),
            stop: AtomicBool::new(false),
            rules: Mutex::new(Vec::new()),
            rng: Mutex::new(SplitMix64::new(seed)),
            counters: Mutex::new(Counters::default()),
        });
        let accept = {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || accept_loop(&listener, &shared))
        };
        FaultProxy {
            addr,
            shared,
            accept: Some(accept),
        }
    }

    /// The endpoint URL to give the SDK instead of the target's.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Adds a rule after the existing ones (the first that fires decides).
    pub fn add_rule(&self, rule: Rule) {
        lock(&self.shared.rules).push(rule);
    }

    pub fn clear_rules(&self) {
        lock(&self.shared.rules).clear();
    }

    pub fn counters(&self) -> Counters {
        lock(&self.shared.counters).clone()
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    while !shared.stopped() {
        match listener.accept() {
            Ok((stream, _)) => {
                let shared = Arc::clone(shared);
                std::thread::spawn(move || {
                    let _ = serve(stream, &shared);
                });
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => std::thread::sleep(TICK),
            Err(_) => std::thread::sleep(TICK),
        }
    }
}

/// Serves the requests of one client connection (keep-alive) until it closes, a fault
/// closes it, it idles too long, or the proxy stops.
fn serve(mut client: TcpStream, shared: &Shared) -> io::Result<()> {
    client.set_read_timeout(Some(TICK))?;
    client.set_write_timeout(Some(IO_LIMIT))?;
    let mut pending = Vec::new();
    loop {
        let Some(request) = read_message(&mut client, &mut pending, &shared.stop, false)? else {
            return Ok(());
        };
        let op = request
            .header("x-amz-target")
            .map(|t| t.rsplit('.').next().unwrap_or("").to_string())
            .unwrap_or_else(|| "-".to_string());
        let _busy = shared.busy();
        match shared.decide(&op) {
            None => {
                let reply = forward(&request, shared, &op)?;
                client.write_all(&reply.rewritten("keep-alive"))?;
            }
            Some(Fault::Throttle) => {
                let body = r#"{"__type":"TooManyRequestsException","Message":"Rate exceeded"}"#;
                client.write_all(&error_reply(400, "TooManyRequestsException", body))?;
            }
            Some(Fault::ThrottlingException) => {
                let body = r#"{"__type":"ThrottlingException","Message":"Rate exceeded"}"#;
                client.write_all(&error_reply(400, "ThrottlingException", body))?;
            }
            Some(Fault::ServerError(status)) => {
                let body =
                    r#"{"__type":"ServiceException","Message":"injected by the fault proxy"}"#;
                client.write_all(&error_reply(status, "ServiceException", body))?;
            }
            Some(Fault::CloseBeforeForward) => return Ok(()),
            Some(Fault::CloseAfterForward) => {
                forward(&request, shared, &op)?;
                return Ok(());
            }
            Some(Fault::Stall(d)) => {
                shared.hold(d);
                return Ok(());
            }
            Some(Fault::ForwardLate(d)) => {
                shared.hold(d);
                let reply = forward(&request, shared, &op)?;
                client.write_all(&reply.rewritten("close"))?;
                return Ok(());
            }
            Some(Fault::Delay(d)) => {
                shared.hold(d);
                let reply = forward(&request, shared, &op)?;
                client.write_all(&reply.rewritten("keep-alive"))?;
            }
            Some(Fault::StallAfterForward(d)) => {
                forward(&request, shared, &op)?;
                shared.hold(d);
                return Ok(());
            }
        }
        client.flush()?;
    }
}

fn error_reply(status: u16, error_type: &str, body: &str) -> Vec<u8> {
    let reason = match status {
        400 => "Bad Request",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Error",
    };
    format!(
        "HTTP/1.1 {status} {reason}\r\n\
         x-amzn-RequestId: 00000000-0000-0000-0000-00000000fa17\r\n\
         x-amzn-ErrorType: {error_type}\r\n\
         Content-Type: application/x-amz-json-1.1\r\n\
         Content-Length: {}\r\n\
         Connection: keep-alive\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Sends `request` to the target on a connection of its own and reads the whole reply.
fn forward(request: &Message, shared: &Shared, op: &str) -> io::Result<Message> {
    let mut upstream = TcpStream::connect_timeout(&shared.target, Duration::from_secs(2))?;
    upstream.set_read_timeout(Some(TICK))?;
    upstream.set_write_timeout(Some(IO_LIMIT))?;
    upstream.write_all(&request.rewritten("close"))?;
    upstream.flush()?;
    *lock(&shared.counters)
        .forwarded
        .entry(op.to_string())
        .or_default() += 1;
    let mut pending = Vec::new();
    read_message(&mut upstream, &mut pending, &shared.stop, true)?
        .ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "the target sent no reply"))
}
