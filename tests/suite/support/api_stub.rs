//! A local stand-in for the Organizations endpoint, for the calls moto lacks: it answers
//! each operation (by `X-Amz-Target`) with the JSON a test gives it, shaped like the API
//! reference's response syntax, so the real SDK serialises the request and parses the
//! reply. It records every request (operation and JSON body) for the test to check.

use std::collections::HashMap;
use std::io::{self, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

use super::http::{read_message, TICK};

/// The JSON target prefix of every Organizations operation.
pub const TARGET_PREFIX: &str = "AWSOrganizationsV20161128.";

/// What the stub answers to one operation.
#[derive(Debug, Clone)]
pub enum Reply {
    /// HTTP 200 with this JSON body.
    Ok(serde_json::Value),
    /// An AWS error: HTTP 400 with `__type` = `code` and this message.
    Error { code: String, message: String },
    /// HTTP 400 with this JSON body as it is (an error with fields beside `Message`).
    Raw(serde_json::Value),
}

impl Reply {
    pub fn ok(body: serde_json::Value) -> Reply {
        Reply::Ok(body)
    }

    pub fn error(code: &str, message: &str) -> Reply {
        Reply::Error {
            code: code.into(),
            message: message.into(),
        }
    }
}

/// One request the stub received.
#[derive(Debug, Clone)]
pub struct Received {
    /// The operation, e.g. "DescribeHandshake".
    pub operation: String,
    /// The whole `X-Amz-Target` header as sent.
    pub target: String,
    pub body: serde_json::Value,
}

#[derive(Default)]
struct Shared {
    stop: AtomicBool,
    /// operation → replies in order; the last one repeats.
    replies: Mutex<HashMap<String, Vec<Reply>>>,
    received: Mutex<Vec<Received>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub struct ApiStub {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
}

impl ApiStub {
    pub fn start() -> ApiStub {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the API stub");
        listener
            .set_nonblocking(true)
            .expect("a non-blocking listener");
        let addr = listener.local_addr().expect("the API stub's address");
        let shared = Arc::new(Shared::default());
        let accept = {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || accept_loop(&listener, &shared))
        };
        ApiStub {
            addr,
            shared,
            accept: Some(accept),
        }
    }

    /// The endpoint URL to give the SDK.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Answers `operation` with `reply` from now on (after any replies queued before it
    /// have been used: each is used once, the last one repeats).
    pub fn on(&self, operation: &str, reply: Reply) -> &Self {
        lock(&self.shared.replies)
            .entry(operation.to_string())
            .or_default()
            .push(reply);
        self
    }

    /// Every request received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        lock(&self.shared.received).clone()
    }

    /// The requests received for `operation`.
    pub fn requests(&self, operation: &str) -> Vec<Received> {
        self.received()
            .into_iter()
            .filter(|r| r.operation == operation)
            .collect()
    }
}

impl Drop for ApiStub {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    while !shared.stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                let shared = Arc::clone(shared);
                std::thread::spawn(move || {
                    let _ = serve(stream, &shared);
                });
            }
            Err(_) => std::thread::sleep(TICK),
        }
    }
}

fn serve(mut client: TcpStream, shared: &Shared) -> io::Result<()> {
    client.set_read_timeout(Some(TICK))?;
    let mut pending = Vec::new();
    while let Some(request) = read_message(&mut client, &mut pending, &shared.stop, false)? {
        let target = request.header("x-amz-target").unwrap_or_default();
        let operation = target.strip_prefix(TARGET_PREFIX).unwrap_or("").to_string();
        let body = serde_json::from_slice(&request.body).unwrap_or(serde_json::Value::Null);
        lock(&shared.received).push(Received {
            operation: operation.clone(),
            target: target.clone(),
            body,
        });
        let reply = {
            let mut replies = lock(&shared.replies);
            match replies.get_mut(&operation) {
                Some(queue) if queue.len() > 1 => Some(queue.remove(0)),
                Some(queue) => queue.first().cloned(),
                None => None,
            }
        };
        let (status, body) = match reply {
            Some(Reply::Ok(v)) => (200, v.to_string()),
            Some(Reply::Error { code, message }) => (
                400,
                serde_json::json!({ "__type": code, "Message": message }).to_string(),
            ),
            Some(Reply::Raw(v)) => (400, v.to_string()),
            // A target the reference does not name, or one the test did not expect.
            None => (
                400,
                serde_json::json!({
                    "__type": "UnknownOperationException",
                    "Message": format!("the API stub has no reply for {target:?}"),
                })
                .to_string(),
            ),
        };
        let reason = if status == 200 { "OK" } else { "Bad Request" };
        write!(
            client,
            "HTTP/1.1 {status} {reason}\r\n\
             x-amzn-RequestId: 00000000-0000-0000-0000-0000000057ab\r\n\
             Content-Type: application/x-amz-json-1.1\r\n\
             Content-Length: {}\r\n\
             Connection: keep-alive\r\n\r\n{body}",
            body.len()
        )?;
        client.flush()?;
    }
    Ok(())
}

/// Replies shaped like the API reference's Response Syntax for the seven calls moto lacks
/// of the later API: CreateGovCloudAccount and the six responsibility-transfer calls of
/// 2025-11 (timestamps as epoch seconds, as the JSON protocol sends them).
pub mod shapes {
    use serde_json::{json, Value};

    pub const ORG_ID: &str = "o-exampleorgid";
    /// The caller: the management account that manages (the transfer's target).
    pub const MANAGER: &str = "111111111111";
    /// The other organization's management account (the transfer's source).
    pub const SOURCE: &str = "222222222222";
    pub const TRANSFER_ID: &str = "rt-exampletransfer1";
    pub const HANDSHAKE_ID: &str = "h-exampletransfer1";
    /// 2027-01-01T00:00:00Z.
    pub const START: i64 = 1_798_761_600;
    /// 2027-03-31T23:59:59.999Z.
    pub const END: f64 = 1_806_537_599.999;

    /// A ResponsibilityTransfer; `end` only once it has one.
    pub fn responsibility_transfer(status: &str, name: &str, end: bool) -> Value {
        let mut t = json!({
            "Arn": format!(
                "arn:aws:organizations::{MANAGER}:transfer/{ORG_ID}/billing/inbound/{TRANSFER_ID}"
            ),
            "Name": name,
            "Id": TRANSFER_ID,
            "Type": "BILLING",
            "Status": status,
            "Source": {
                "ManagementAccountId": SOURCE,
                "ManagementAccountEmail": "payer@example.com"
            },
            "Target": {
                "ManagementAccountId": MANAGER,
                "ManagementAccountEmail": "partner@example.com"
            },
            "StartTimestamp": START,
            "ActiveHandshakeId": HANDSHAKE_ID
        });
        if end {
            t["EndTimestamp"] = json!(END);
        }
        t
    }

    /// The TRANSFER_RESPONSIBILITY handshake of an invitation.
    pub fn transfer_handshake(state: &str) -> Value {
        json!({
            "Id": HANDSHAKE_ID,
            "Arn": format!(
                "arn:aws:organizations::{MANAGER}:handshake/{ORG_ID}/transfer_responsibility/{HANDSHAKE_ID}"
            ),
            "Parties": [
                { "Id": ORG_ID, "Type": "ORGANIZATION" },
                { "Id": SOURCE, "Type": "ACCOUNT" }
            ],
            "State": state,
            "RequestedTimestamp": 1_795_000_000,
            "ExpirationTimestamp": 1_796_296_000,
            "Action": "TRANSFER_RESPONSIBILITY",
            "Resources": [
                { "Value": TRANSFER_ID, "Type": "RESPONSIBILITY_TRANSFER", "Resources": [
                    { "Value": "BILLING", "Type": "TRANSFER_TYPE" },
                    { "Value": "2027-01-01T00:00:00.000Z", "Type": "TRANSFER_START_TIMESTAMP" }
                ] },
                { "Value": MANAGER, "Type": "MANAGEMENT_ACCOUNT", "Resources": [
                    { "Value": "partner@example.com", "Type": "MANAGEMENT_EMAIL" },
                    { "Value": "Partner", "Type": "MANAGEMENT_NAME" }
                ] },
                { "Value": SOURCE, "Type": "ACCOUNT" },
                { "Value": "Billing by Partner", "Type": "NOTES" }
            ]
        })
    }

    /// A CreateAccountStatus of a CreateGovCloudAccount request.
    pub fn gov_cloud_status(state: &str) -> Value {
        let mut s = json!({
            "Id": "car-examplegovcloud1",
            "AccountName": "Gov Workloads",
            "State": state,
            "RequestedTimestamp": 1_795_000_000
        });
        if state == "SUCCEEDED" {
            s["AccountId"] = json!("333333333333");
            s["GovCloudAccountId"] = json!("444444444444");
            s["CompletedTimestamp"] = json!(1_795_000_100);
        }
        s
    }
}

impl ApiStub {
    /// Answers the seven later calls as AWS answers a good request: CreateGovCloudAccount
    /// (IN_PROGRESS), DescribeCreateAccountStatus of it (SUCCEEDED, with the GovCloud id),
    /// the invitation (an OPEN handshake), Describe/ListInbound/ListOutbound (ACCEPTED),
    /// Update (the new name) and Terminate (WITHDRAWN, with its end).
    pub fn with_later_calls(&self) -> &Self {
        use serde_json::json;
        use shapes::*;
        self.on(
            "CreateGovCloudAccount",
            Reply::ok(json!({ "CreateAccountStatus": gov_cloud_status("IN_PROGRESS") })),
        )
        .on(
            "DescribeCreateAccountStatus",
            Reply::ok(json!({ "CreateAccountStatus": gov_cloud_status("SUCCEEDED") })),
        )
        .on(
            "InviteOrganizationToTransferResponsibility",
            Reply::ok(json!({ "Handshake": transfer_handshake("OPEN") })),
        )
        .on(
            "DescribeResponsibilityTransfer",
            Reply::ok(json!({
                "ResponsibilityTransfer": responsibility_transfer("ACCEPTED", "Payer billing", false)
            })),
        )
        .on(
            "ListInboundResponsibilityTransfers",
            Reply::ok(json!({
                "ResponsibilityTransfers": [
                    responsibility_transfer("ACCEPTED", "Payer billing", false)
                ]
            })),
        )
        .on(
            "ListOutboundResponsibilityTransfers",
            Reply::ok(json!({ "ResponsibilityTransfers": [] })),
        )
        .on(
            "UpdateResponsibilityTransfer",
            Reply::ok(json!({
                "ResponsibilityTransfer": responsibility_transfer("ACCEPTED", "Renamed", false)
            })),
        )
        .on(
            "TerminateResponsibilityTransfer",
            Reply::ok(json!({
                "ResponsibilityTransfer": responsibility_transfer("WITHDRAWN", "Renamed", true)
            })),
        )
    }
}
