//! Account creations followed to their end while the user keeps browsing: the request id
//! is kept (state directory) and DescribeCreateAccountStatus polled with backoff — the
//! worker waits between polls, `update` never does. On SUCCEEDED the new account is moved
//! to its OU (confirmed with the creation) and selected; on FAILED the reason is said in
//! plain words. Also the creation-requests view (ListCreateAccountStatus by state).

use std::collections::BTreeMap;

use crate::keymap::Action;
use crate::org::lifecycle::CREATE_ACCOUNT_STATES;
use crate::org::{CreateAccountStatus, OrgError};
use crate::text::safe;

use super::cache::Loadable;
use super::directory::place;
use super::load;
use super::model::{Mode, Model, Status, View};
use super::msg::{Change, Changed, Cmd, Fetch, Reply};

/// The first poll waits this long; each next one twice as long, up to `MAX_POLL_MS`.
pub const FIRST_POLL_MS: u64 = 1_000;
pub const MAX_POLL_MS: u64 = 10_000;

pub use crate::store::creations::Tracked;

/// What a lifecycle read was for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wait {
    Status { request: String, after_ms: u64 },
    List,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Creations {
    pub tracked: Vec<Tracked>,
    /// `tracked` changed since it was last written.
    pub dirty: bool,
    /// DescribeCreateAccountStatus calls made per request (what one creation costs).
    pub polls: BTreeMap<String, u32>,
    /// New accounts being moved to their OU: account id → its creation.
    pub moving: BTreeMap<String, Tracked>,
    /// The creation-requests view.
    pub view: RequestsView,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestsView {
    /// 0: every state; 1..=3: `CREATE_ACCOUNT_STATES[filter - 1]`.
    pub filter: usize,
    pub list: Option<Loadable<Vec<CreateAccountStatus>>>,
    pub selected: usize,
}

impl RequestsView {
    pub fn state(&self) -> Option<&'static str> {
        self.filter
            .checked_sub(1)
            .and_then(|i| CREATE_ACCOUNT_STATES.get(i).copied())
    }
}

/// A CreateAccount was accepted: follow it.
pub fn started(m: &mut Model, tracked: Tracked, cmds: &mut Vec<Cmd>) {
    poll(m, &tracked.request, FIRST_POLL_MS, cmds);
    m.creations.tracked.retain(|t| t.request != tracked.request);
    m.creations.tracked.push(tracked);
    keep(m);
}

/// Creations an earlier session left in progress: polled again at once.
pub fn resume(m: &mut Model, list: Vec<Tracked>, cmds: &mut Vec<Cmd>) {
    let ours: Vec<String> = list
        .iter()
        .filter(|t| t.source == m.context.source)
        .map(|t| t.request.clone())
        .collect();
    for request in &ours {
        poll(m, request, FIRST_POLL_MS, cmds);
    }
    if !ours.is_empty() {
        m.status = Some(Status::Info(format!(
            "Following {} from an earlier session",
            super::fields::count(ours.len(), "account creation", "account creations")
        )));
    }
    // Those of other organizations stay kept for when orgtui opens them again.
    m.creations.tracked = list;
}

/// Written to the state directory at the next pause.
fn keep(m: &mut Model) {
    m.creations.dirty = true;
    m.settled = false;
}

fn poll(m: &mut Model, request: &str, after_ms: u64, cmds: &mut Vec<Cmd>) {
    let wait = Wait::Status {
        request: request.to_string(),
        after_ms,
    };
    let fetch = Fetch::CreateAccountStatus {
        request: request.to_string(),
        after_ms,
    };
    load::lifecycle(m, wait, fetch, cmds);
}

fn next_wait(after_ms: u64) -> u64 {
    (after_ms * 2).clamp(FIRST_POLL_MS, MAX_POLL_MS)
}

pub fn on_reply(m: &mut Model, wait: Wait, result: Result<Reply, OrgError>, cmds: &mut Vec<Cmd>) {
    match (wait, result) {
        (Wait::List, Ok(Reply::CreationRequests(mut list))) => {
            list.reverse(); // newest first
            m.creations.view.list = Some(Loadable::Loaded(list));
            let n = m
                .creations
                .view
                .list
                .as_ref()
                .map_or(0, |l| l.loaded().map_or(0, Vec::len));
            m.creations.view.selected = m.creations.view.selected.min(n.saturating_sub(1));
        }
        (Wait::List, Err(e)) => m.creations.view.list = Some(Loadable::Failed(e)),
        (Wait::Status { request, after_ms }, Ok(Reply::CreateAccountStatus(s))) => {
            *m.creations.polls.entry(request.clone()).or_default() += 1;
            on_status(m, &request, after_ms, s, cmds)
        }
        (Wait::Status { request, after_ms }, Err(e)) => {
            *m.creations.polls.entry(request.clone()).or_default() += 1;
            if e.kind == crate::org::ErrorKind::NotFound {
                forget(m, &request);
                m.status = Some(Status::Error(e));
                return;
            }
            // A failed read says nothing about the creation: keep following it.
            let next = next_wait(after_ms);
            m.status = Some(Status::Info(format!(
                "Could not read the account creation {} ({}); trying again in {} s",
                safe(&request),
                safe(&e.code),
                next / 1000
            )));
            poll(m, &request, next, cmds);
        }
        (_, Ok(reply)) => tracing::error!(?reply, "reply does not match its request"),
    }
}

fn forget(m: &mut Model, request: &str) -> Option<Tracked> {
    let i = m
        .creations
        .tracked
        .iter()
        .position(|t| t.request == request)?;
    keep(m);
    Some(m.creations.tracked.remove(i))
}

/// A status read: `after_ms` is how long this poll waited (the next waits twice as long).
fn on_status(
    m: &mut Model,
    request: &str,
    after_ms: u64,
    s: CreateAccountStatus,
    cmds: &mut Vec<Cmd>,
) {
    let calls = m.creations.polls.get(request).copied().unwrap_or(0);
    let name = safe(&s.account_name).into_owned();
    match s.state.as_str() {
        // At start the poll may answer before the roots are read: ask again shortly.
        "SUCCEEDED" if m.roots.is_empty() => poll(m, request, FIRST_POLL_MS, cmds),
        "SUCCEEDED" => {
            let Some(t) = forget(m, request) else { return };
            let Some(id) = s.account_id else { return };
            succeeded(m, t, &id, calls, cmds);
        }
        "FAILED" => {
            forget(m, request);
            let why = s.failure_reason.as_deref().unwrap_or("no reason given");
            m.status = Some(Status::Error(OrgError::new(
                why,
                format!("Creating account {name} failed: {}", failure_text(why)),
            )));
        }
        _ => {
            if !m.creations.tracked.iter().any(|t| t.request == request) {
                return;
            }
            let next = next_wait(after_ms);
            m.status = Some(Status::Info(format!(
                "⟳ Creating account {name}… in progress ({} so far; next in {} s)",
                super::fields::count(calls as usize, "status read", "status reads"),
                next / 1000
            )));
            poll(m, request, next, cmds);
        }
    }
}

fn succeeded(m: &mut Model, t: Tracked, id: &str, calls: u32, cmds: &mut Vec<Cmd>) {
    let Some(&root_ix) = m.roots.first() else {
        return;
    };
    let root = m.node(root_ix).id.clone();
    // The new account is in the root: read it so it appears there.
    load::children(m, root_ix, cmds);
    let name = safe(&t.name).into_owned();
    let cost = super::fields::count(calls as usize, "status read", "status reads");
    if t.destination == root {
        m.status = Some(Status::Info(format!(
            "Created account {name} ({id}) in the root ({cost})"
        )));
        super::changes::follow(m, id, &root, cmds);
        return;
    }
    m.status = Some(Status::Info(format!(
        "Created account {name} ({id}); moving it to {}… ({cost})",
        place(m, &t.destination)
    )));
    let change = Change::MoveAccount(crate::change::MoveAccount {
        account: id.to_string(),
        source: root,
        destination: t.destination.clone(),
    });
    m.creations.moving.insert(id.to_string(), t);
    let caller = super::caller::audit_caller(m);
    load::change(m, change, &caller, cmds);
}

/// Whether a change's answer is the move of a new account (not a dialog's).
pub fn owns(m: &Model, changed: &Changed) -> bool {
    matches!(&changed.change, Change::MoveAccount(crate::change::MoveAccount { account, .. }) if m.creations.moving.contains_key(account))
}

pub fn on_moved(m: &mut Model, changed: Changed, cmds: &mut Vec<Cmd>) {
    let Change::MoveAccount(crate::change::MoveAccount {
        account,
        source,
        destination,
    }) = &changed.change
    else {
        return;
    };
    let Some(t) = m.creations.moving.remove(account) else {
        return;
    };
    let name = safe(&t.name).into_owned();
    match changed.outcome {
        Ok(()) => {
            let calls = m.creations.polls.get(&t.request).copied().unwrap_or(0);
            m.status = Some(Status::Info(format!(
                "Created account {name} ({account}) and moved it to {} · {}",
                place(m, destination),
                super::fields::count(calls as usize, "status read", "status reads")
            )));
            for parent in [source, destination] {
                if let Some(&ix) = m.index.get(parent) {
                    if m.nodes[ix].children_load.is_some() {
                        load::children(m, ix, cmds);
                    }
                }
            }
            super::changes::follow(m, account, destination, cmds);
        }
        Err(e) => {
            m.status = Some(Status::Error(OrgError::new(
                e.code.clone(),
                format!(
                    "Created account {name} ({account}), but moving it to {} failed: {} — select it in the root and press m",
                    place(m, destination),
                    e.message
                ),
            )));
        }
    }
}

/// FailureReason of DescribeCreateAccountStatus in plain words.
pub fn failure_text(reason: &str) -> String {
    match reason {
        "EMAIL_ALREADY_EXISTS" => "an AWS account with this email address already exists; use another address".into(),
        "ACCOUNT_LIMIT_EXCEEDED" => "the organization has as many accounts as its quota allows; close some or ask AWS Support for more".into(),
        "INVALID_EMAIL" => "AWS does not accept this email address".into(),
        "INVALID_ADDRESS" => "the management account's address is not valid; fix it in the billing console".into(),
        "CONCURRENT_ACCOUNT_MODIFICATION" => "another change to the organization was under way; try again in a minute".into(),
        "INTERNAL_FAILURE" => "AWS failed internally; try again later".into(),
        "GOVCLOUD_ACCOUNT_ALREADY_EXISTS" => "a GovCloud account with this name or email already exists".into(),
        "MISSING_PAYMENT_INSTRUMENT" | "INVALID_PAYMENT_INSTRUMENT" => "the management account has no valid payment method; add one in the billing console".into(),
        "MISSING_BUSINESS_VALIDATION" | "PENDING_BUSINESS_VALIDATION" | "FAILED_BUSINESS_VALIDATION" | "UNKNOWN_BUSINESS_VALIDATION" | "INVALID_IDENTITY_FOR_BUSINESS_VALIDATION" => {
            format!("the management account's business validation is not complete ({reason}); see AWS Support")
        }
        "UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED" => "the tags could not be set; create it without tags and tag it afterwards".into(),
        other => format!("AWS says {other}"),
    }
}

// --- the creation-requests view ---

/// Opens (and reads) the creation-requests view.
pub fn open_view(m: &mut Model, cmds: &mut Vec<Cmd>) {
    m.view = View::Creations;
    m.mode = Mode::Normal;
    read_requests(m, cmds);
}

fn read_requests(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let states = m
        .creations
        .view
        .state()
        .map(|s| vec![s.to_string()])
        .unwrap_or_default();
    m.creations.view.list = Some(Loadable::Loading);
    load::lifecycle(m, Wait::List, Fetch::CreationRequests { states }, cmds);
}

pub fn on_view_action(m: &mut Model, action: Action, cmds: &mut Vec<Cmd>) {
    let v = &mut m.creations.view;
    let n = v
        .list
        .as_ref()
        .and_then(Loadable::loaded)
        .map_or(0, Vec::len);
    match action {
        Action::Up => v.selected = v.selected.saturating_sub(1),
        Action::Down => v.selected = (v.selected + 1).min(n.saturating_sub(1)),
        Action::Top => v.selected = 0,
        Action::Bottom => v.selected = n.saturating_sub(1),
        Action::StateFilter => {
            v.filter = (v.filter + 1) % (CREATE_ACCOUNT_STATES.len() + 1);
            v.selected = 0;
            let what = v.state().unwrap_or("every state");
            m.status = Some(Status::Info(format!(
                "Creation requests: {what} (f cycles)"
            )));
            read_requests(m, cmds);
        }
        Action::Refresh | Action::RefreshAll => read_requests(m, cmds),
        _ => {}
    }
}
