//! The stand-in's HTTP/1.1 server: one tokio task per connection (keep-alive), the AWS
//! JSON 1.1 protocol (`X-Amz-Target: AWSOrganizationsV20161128.<Operation>`, a JSON
//! body), a fixed latency slept (not spun) before each answer, NextToken paging.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::org::Org;

const TARGET_PREFIX: &str = "AWSOrganizationsV20161128.";
/// AWS's page size for these listings when MaxResults is absent, and its ceiling.
const PAGE: usize = 20;

/// What the server has seen.
#[derive(Default)]
pub struct Counters {
    pub calls: Mutex<BTreeMap<String, usize>>,
    in_flight: AtomicUsize,
    pub max_in_flight: AtomicUsize,
}

impl Counters {
    pub fn total(&self) -> usize {
        self.calls.lock().unwrap().values().sum()
    }

    pub fn reset(&self) {
        self.calls.lock().unwrap().clear();
        self.max_in_flight.store(0, Ordering::SeqCst);
    }
}

pub struct Standin {
    pub endpoint: String,
    pub counters: Arc<Counters>,
    latency_ms: Arc<AtomicU64>,
}

impl Standin {
    /// Serves `org` on 127.0.0.1 from a thread of its own (its own runtime, so the client's
    /// runtime does nothing for it).
    pub fn start(org: Org) -> Standin {
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        std_listener.set_nonblocking(true).unwrap();
        let endpoint = format!("http://{}", std_listener.local_addr().unwrap());
        let counters = Arc::new(Counters::default());
        let latency_ms = Arc::new(AtomicU64::new(0));
        let shared = Arc::new(Shared {
            org,
            counters: Arc::clone(&counters),
            latency_ms: Arc::clone(&latency_ms),
        });
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = TcpListener::from_std(std_listener).unwrap();
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        continue;
                    };
                    stream.set_nodelay(true).unwrap();
                    tokio::spawn(serve(stream, Arc::clone(&shared)));
                }
            });
        });
        Standin {
            endpoint,
            counters,
            latency_ms,
        }
    }

    pub fn set_latency(&self, latency: Duration) {
        self.latency_ms
            .store(latency.as_millis() as u64, Ordering::SeqCst);
    }
}

struct Shared {
    org: Org,
    counters: Arc<Counters>,
    latency_ms: Arc<AtomicU64>,
}

/// Requests of one connection, one after another, until the client closes it.
async fn serve(mut stream: TcpStream, shared: Arc<Shared>) {
    let mut buf = Vec::new();
    while let Some((target, body)) = read_request(&mut stream, &mut buf).await {
        let c = &shared.counters;
        let now = c.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        c.max_in_flight.fetch_max(now, Ordering::SeqCst);
        let op = target
            .strip_prefix(TARGET_PREFIX)
            .unwrap_or(&target)
            .to_string();
        *c.calls.lock().unwrap().entry(op.clone()).or_default() += 1;
        let latency = shared.latency_ms.load(Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(latency)).await;
        let (status, reply) = answer(&shared.org, &op, &body);
        c.in_flight.fetch_sub(1, Ordering::SeqCst);
        let reply = reply.to_string();
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/x-amz-json-1.1\r\n\
             x-amzn-RequestId: standin\r\nContent-Length: {}\r\n\r\n",
            reply.len()
        );
        let sent = stream.write_all(head.as_bytes()).await;
        if sent.is_err() || stream.write_all(reply.as_bytes()).await.is_err() {
            return;
        }
    }
}

/// One request's `X-Amz-Target` and JSON body; None when the connection ends.
async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<(String, Value)> {
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        read_more(stream, buf).await?;
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let header = |name: &str| {
        head.split("\r\n").skip(1).find_map(|line| {
            let (k, v) = line.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    };
    let len: usize = header("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let target = header("x-amz-target").unwrap_or_default();
    while buf.len() < head_end + len {
        read_more(stream, buf).await?;
    }
    let body = serde_json::from_slice(&buf[head_end..head_end + len]).unwrap_or(Value::Null);
    buf.drain(..head_end + len);
    Some((target, body))
}

async fn read_more(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<()> {
    let mut chunk = [0u8; 16 * 1024];
    match stream.read(&mut chunk).await {
        Ok(0) | Err(_) => None,
        Ok(n) => {
            buf.extend_from_slice(&chunk[..n]);
            Some(())
        }
    }
}

/// The status line's code and the JSON answer to `op`.
fn answer(org: &Org, op: &str, body: &Value) -> (&'static str, Value) {
    let parent = body["ParentId"].as_str().unwrap_or_default();
    let listed = |field: &str, items: Option<&Vec<Value>>| match items {
        Some(items) => ("200 OK", page(field, items, body)),
        None => (
            "400 Bad Request",
            json!({"__type": "ParentNotFoundException", "message": "no such parent"}),
        ),
    };
    match op {
        "DescribeOrganization" => ("200 OK", Org::describe_organization()),
        "ListRoots" => listed("Roots", Some(&Org::roots())),
        // A parent with no OUs or no accounts lists none; an unknown one is an error.
        "ListOrganizationalUnitsForParent" => listed(
            "OrganizationalUnits",
            known(org, parent).then(|| org.ous.get(parent).unwrap_or(&NONE)),
        ),
        "ListAccountsForParent" => listed(
            "Accounts",
            known(org, parent).then(|| org.accounts.get(parent).unwrap_or(&NONE)),
        ),
        _ => (
            "400 Bad Request",
            json!({"__type": "InvalidInputException", "message": format!("{op} is not served")}),
        ),
    }
}

static NONE: Vec<Value> = Vec::new();

fn known(org: &Org, parent: &str) -> bool {
    org.parents.contains(parent)
}

/// One page of `items`: MaxResults of them (at most 20) from the offset NextToken names.
fn page(field: &str, items: &[Value], body: &Value) -> Value {
    let size = body["MaxResults"]
        .as_u64()
        .map_or(PAGE, |n| (n as usize).clamp(1, PAGE));
    let from: usize = body["NextToken"]
        .as_str()
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let to = (from + size).min(items.len());
    let mut out = json!({ field: items.get(from..to).unwrap_or_default() });
    if to < items.len() {
        out["NextToken"] = json!(to.to_string());
    }
    out
}
