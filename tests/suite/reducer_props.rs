//! Property tests of the reducer: arbitrary sessions of keys, pastes, resizes, frames and
//! replies (right, failed, of the wrong shape, repeated, never asked for) never panic,
//! keep the selection in the tree, and send a change only after its confirmation was
//! drawn and answered with the key `y`; a paste never sends one.

use crate::fixtures;

use std::sync::atomic::{AtomicUsize, Ordering};

use fixtures::*;
use orgtui::app::{
    self, AdminFetch, AdminReply, Ancestor, Change, Changed, Cmd, Context, Dialog, Fetch, Mode,
    Model, Msg, Plan, Reply, ReqId, View,
};
use orgtui::org::{
    Account, Child, ChildType, OrgError, OrgUnit, Policy, PolicySummary, PolicyTarget, TargetKind,
};
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

// ---------------------------------------------------------------------------------------
// The organization the replies describe: Security (1, empty) and Workloads (2) under the
// root, Prod (3) under Workloads; accounts management (root), dev (Workloads), app and db
// (Prod). The same as the fixtures' `loaded` and `answer`, one level deeper.

fn world_ous() -> Vec<(OrgUnit, String)> {
    vec![
        (ou(1, "Security"), ROOT.into()),
        (ou(2, "Workloads"), ROOT.into()),
        (ou(3, "Prod"), ou_id(2)),
    ]
}

fn world_accounts() -> Vec<(Account, String)> {
    vec![
        (account(1, "management"), ROOT.into()),
        (account(2, "dev"), ou_id(2)),
        (account(3, "app"), ou_id(3)),
        (account(4, "db"), ou_id(3)),
    ]
}

fn ous_under(parent: &str) -> Vec<OrgUnit> {
    let under = world_ous().into_iter().filter(|(_, p)| p == parent);
    under.map(|(o, _)| o).collect()
}

fn accounts_under(parent: &str) -> Vec<Account> {
    let under = world_accounts().into_iter().filter(|(_, p)| p == parent);
    under.map(|(a, _)| a).collect()
}

fn parent_of(id: &str) -> Option<String> {
    let ous = world_ous().into_iter().map(|(o, p)| (o.id, p));
    let accounts = world_accounts().into_iter().map(|(a, p)| (a.id, p));
    ous.chain(accounts).find(|(c, _)| c == id).map(|(_, p)| p)
}

fn all_policies() -> Vec<PolicySummary> {
    vec![
        scp("p-FullAWSAccess", "FullAWSAccess"),
        scp("p-denyleave1", "DenyLeave"),
        scp("p-regionlock", "RegionLock"),
    ]
}

/// SCPs attached directly: FullAWSAccess everywhere, DenyLeave on the root, RegionLock on
/// Workloads (as the fixtures' `answer` says).
fn attached_to(target: &str) -> Vec<PolicySummary> {
    let only_on = [
        (ROOT.to_string(), "p-denyleave1"),
        (ou_id(2), "p-regionlock"),
    ];
    let here = |p: &PolicySummary| {
        p.aws_managed || only_on.iter().any(|(t, id)| t == target && p.id == *id)
    };
    all_policies().into_iter().filter(here).collect()
}

fn not_found(code: &str) -> Vec<Result<Reply, OrgError>> {
    vec![Err(OrgError::new(code, "not in the test organization"))]
}

/// A listing as the worker answers it, page by page: the first item alone, then the rest.
fn pages<T>(mut items: Vec<T>) -> Vec<(Vec<T>, bool)> {
    if items.len() < 2 {
        return vec![(items, true)];
    }
    let rest = items.split_off(1);
    vec![(items, false), (rest, true)]
}

/// What the worker answers to `fetch` when AWS holds the organization above, in order;
/// a listing of children comes as pages of OUs, then pages of accounts.
fn right_replies(fetch: &Fetch) -> Vec<Result<Reply, OrgError>> {
    let reply = match fetch.clone() {
        Fetch::Organization => Reply::Organization {
            org: org(),
            roots: vec![root()],
        },
        Fetch::Children { parent } => {
            let ous = pages(ous_under(&parent)).into_iter().map(|(items, last)| {
                let parent = parent.clone();
                Ok(Reply::OrgUnitsPage {
                    parent,
                    items,
                    last,
                })
            });
            let accounts = pages(accounts_under(&parent))
                .into_iter()
                .map(|(items, last)| {
                    let parent = parent.clone();
                    Ok(Reply::AccountsPage {
                        parent,
                        items,
                        last,
                    })
                });
            return ous.chain(accounts).collect();
        }
        Fetch::Subtree { parents } => {
            // Each parent whole, a parent before the OUs under it, then the end.
            let mut queue = std::collections::VecDeque::from(parents);
            let mut replies = Vec::new();
            while let Some(parent) = queue.pop_front() {
                let ous = ous_under(&parent);
                queue.extend(ous.iter().map(|o| o.id.clone()));
                let accounts = accounts_under(&parent);
                replies.push(Ok(Reply::Listed {
                    parent,
                    ous,
                    accounts,
                }));
            }
            replies.push(Ok(Reply::SubtreeDone));
            return replies;
        }
        Fetch::OrgUnit { id } => match world_ous().into_iter().find(|(o, _)| o.id == id) {
            Some((o, _)) => Reply::OrgUnit(o),
            None => return not_found("OrganizationalUnitNotFoundException"),
        },
        Fetch::Account { id } => match world_accounts().into_iter().find(|(a, _)| a.id == id) {
            Some((account, _)) => Reply::Account {
                account,
                tags: Vec::new(),
            },
            None => return not_found("AccountNotFoundException"),
        },
        Fetch::Ancestors { id } => {
            let mut chain = Vec::new();
            let mut at = id.clone();
            while let Some(p) = parent_of(&at) {
                let name = world_ous()
                    .into_iter()
                    .find(|(o, _)| o.id == p)
                    .map_or_else(|| p.clone(), |(o, _)| o.name);
                chain.push(Ancestor {
                    id: p.clone(),
                    name,
                });
                at = p;
            }
            if chain.is_empty() {
                return not_found("ChildNotFoundException");
            }
            Reply::Ancestors { id, chain }
        }
        Fetch::PoliciesForTarget { target, .. } => Reply::PoliciesForTarget {
            policies: attached_to(&target),
            target,
        },
        Fetch::Policy { id } => match all_policies().into_iter().find(|p| p.id == id) {
            Some(summary) => Reply::Policy(Policy {
                summary,
                content: r#"{"Version":"2012-10-17","Statement":[]}"#.into(),
            }),
            None => return not_found("PolicyNotFoundException"),
        },
        Fetch::Policies { .. } => Reply::Policies(all_policies()),
        Fetch::Targets { policy } => Reply::Targets {
            policy,
            targets: vec![PolicyTarget {
                target_id: ROOT.into(),
                arn: root().arn,
                name: "Root".into(),
                kind: TargetKind::Root,
            }],
        },
        Fetch::AllAccounts => {
            let all = world_accounts().into_iter().map(|(a, _)| a).collect();
            let pages = pages(all).into_iter();
            return pages
                .map(|(items, last)| Ok(Reply::AllAccountsPage { items, last }))
                .collect();
        }
        Fetch::OrgUnitsOf { parent } => Reply::OrgUnitsOf {
            ous: ous_under(&parent),
            parent,
        },
        // No account is created in these properties.
        Fetch::CreationRequests { .. } => Reply::CreationRequests(Vec::new()),
        Fetch::CreateAccountStatus { .. } => {
            return not_found("CreateAccountStatusNotFoundException")
        }
        Fetch::ChildIds { parent } => {
            let ous = ous_under(&parent).into_iter().map(|o| Child {
                id: o.id,
                kind: ChildType::OrganizationalUnit,
            });
            let accounts = accounts_under(&parent).into_iter().map(|a| Child {
                id: a.id,
                kind: ChildType::Account,
            });
            Reply::ChildIds {
                children: ous.chain(accounts).collect(),
                parent,
            }
        }
        // No management policy applies in this world.
        Fetch::Effective { account, .. } => Reply::Effective {
            account,
            types: Vec::new(),
        },
        // What a change does to the watched actions: nothing (the properties here are
        // about the reducer).
        Fetch::WhatIf { .. } => Reply::WhatIf(Box::default()),
        Fetch::PlanReview { .. } => Reply::PlanReview(Box::default()),
        // The evaluator's input: the target alone, nothing attached (the properties here
        // are about the reducer, not the evaluator).
        Fetch::EvalAll { target } => Reply::EvalAll {
            target,
            accounts: Vec::new(),
        },
        Fetch::Judge { accounts, query } => Reply::Judged {
            verdicts: orgtui::policy::all::evaluate_accounts(&accounts, &query),
            query,
        },
        Fetch::EvalInput { target } => Reply::EvalInput {
            input: Box::new(orgtui::policy::EvalInput {
                path: vec![orgtui::policy::eval::Level {
                    id: target.clone(),
                    name: target.clone(),
                    kind: TargetKind::of(&target).unwrap_or(TargetKind::Account),
                    policies: Vec::new(),
                }],
                management_account: false,
                scps_enabled: true,
                rcps_enabled: false,
                organization_id: None,
                partition: None,
            }),
            target,
        },
        // The world holds no tags, delegations, trusted services, resource policy or transfers.
        Fetch::Admin(f) => Reply::Admin(match f {
            AdminFetch::Tags { resource } => AdminReply::Tags {
                resource,
                tags: Vec::new(),
            },
            AdminFetch::DelegatedServices { account } => AdminReply::DelegatedServices {
                account,
                services: Vec::new(),
            },
            AdminFetch::DelegatedAdmins => AdminReply::DelegatedAdmins(Vec::new()),
            AdminFetch::TrustedServices => AdminReply::TrustedServices(Vec::new()),
            AdminFetch::ResourcePolicy => AdminReply::ResourcePolicy(None),
            AdminFetch::Handshakes { .. } => AdminReply::Handshakes(Vec::new()),
            AdminFetch::Transfers => AdminReply::Transfers(Default::default()),
            AdminFetch::Transfer { id } => {
                AdminReply::Transfer(orgtui::org::ResponsibilityTransfer {
                    arn: format!("arn:aws:organizations::1:transfer/{id}"),
                    id,
                    name: String::new(),
                    kind: "BILLING".into(),
                    status: "WITHDRAWN".into(),
                    source: Default::default(),
                    target: Default::default(),
                    start: String::new(),
                    end: String::new(),
                    active_handshake_id: None,
                })
            }
            AdminFetch::Handshake { id } => AdminReply::Handshake(orgtui::org::Handshake {
                arn: format!("arn:aws:organizations::1:handshake/{id}"),
                id,
                parties: Vec::new(),
                state: "OPEN".into(),
                requested_at: String::new(),
                expires_at: String::new(),
                action: "INVITE".into(),
                resources: Vec::new(),
            }),
        }),
    };
    vec![Ok(reply)]
}

/// A reply of another request's shape (a worker bug the reducer must survive).
fn wrong_shape(fetch: &Fetch) -> Reply {
    match fetch {
        Fetch::Policies { .. } => Reply::OrgUnitsOf {
            parent: ROOT.into(),
            ous: Vec::new(),
        },
        _ => Reply::Policies(Vec::new()),
    }
}

// ---------------------------------------------------------------------------------------
// What happens in a session.

/// How the worker ends a change it was handed.
#[derive(Debug, Clone)]
enum ChangeEnd {
    Done {
        reconciled: bool,
        audit_error: bool,
    },
    Refused(&'static str),
    /// The reply itself is an error (the worker task failed).
    Lost(&'static str),
}

#[derive(Debug, Clone)]
enum Op {
    Key(KeyEvent),
    Paste(&'static str),
    /// Clears the line (Ctrl-U), types a name (or the start of one) key by key, then Enter.
    TypeThenEnter(&'static str),
    Resize(u16, u16),
    Drawn,
    /// A frame, then `y`: how a user answers a confirmation.
    DrawnThenY,
    Idle,
    /// Answers one pending fetch as the organization would.
    Answer(Index),
    /// Answers every pending fetch as the organization would (a worker catching up).
    AnswerAll,
    Fail(Index, &'static str),
    WrongShape(Index),
    /// Delivers again a reply already delivered, or one to a cancelled request (stale).
    Repeat(Index),
    /// A reply to a request id never issued.
    Unknown(u64, Result<(), &'static str>),
    EndChange(Index, ChangeEnd),
}

const ERROR_CODES: &[&str] = &[
    "AccessDeniedException",
    "TooManyRequestsException",
    "ServiceException",
    "ConcurrentModificationException",
    "AWSOrganizationsNotInUseException",
    "DuplicateAccountException",
    "AccountNotFoundException",
    "ConnectionLost",
    "TimedOut",
    "SomethingNewException",
];

fn plain(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn keys() -> impl Strategy<Value = KeyEvent> {
    use KeyCode::*;
    let moves = vec![
        Char('j'),
        Char('k'),
        Char('h'),
        Char('l'),
        Char('g'),
        Char('G'),
        Tab,
        BackTab,
        Up,
        Down,
        Left,
        Right,
        PageUp,
        PageDown,
        Home,
        End,
        Backspace,
    ];
    // Repeated entries are likelier: moves (m, Space to mark) are the longest flows.
    let actions = vec![
        ' ', ' ', 'm', 'm', 'm', 'a', 'd', 'n', 'e', 'D', 'U', 'r', '/', '?', '1', '2', '3', 'w',
        's',
    ];
    let letters = vec!['p', 'r', 'o', 'S', 'x', 'z', 'P'];
    let not_presses =
        (select(vec![Char('y'), Enter, Char('m')]), any::<bool>()).prop_map(|(code, release)| {
            let mut k = plain(code);
            k.kind = if release {
                KeyEventKind::Release
            } else {
                KeyEventKind::Repeat
            };
            k
        });
    prop_oneof![
        10 => select(moves).prop_map(plain),
        // Enter picks and submits: the way into a confirmation (and never out of one).
        5 => Just(plain(Enter)),
        2 => Just(plain(Esc)),
        8 => select(actions).prop_map(|c| plain(Char(c))),
        5 => Just(plain(Char('y'))),
        3 => select(letters).prop_map(|c| plain(Char(c))),
        1 => Just(plain(Char('q'))),
        1 => Just(KeyEvent::new(Char('c'), KeyModifiers::CONTROL)),
        1 => Just(KeyEvent::new(Char('G'), KeyModifiers::SHIFT)),
        1 => not_presses,
    ]
}

fn ops() -> impl Strategy<Value = Op> {
    let pastes = vec![
        "y",
        "y\n",
        "\r\n",
        "\n",
        "Prod\n",
        "Prod",
        "Sandbox\r\ny",
        "yyy",
        "n",
        "",
        "q",
        "\u{200b}x\u{3164}",
    ];
    let sizes = vec![
        (0, 0),
        (1, 1),
        (20, 5),
        (40, 10),
        (80, 24),
        (120, 40),
        (300, 100),
        (u16::MAX, u16::MAX),
    ];
    let change_end = prop_oneof![
        3 => (any::<bool>(), any::<bool>()).prop_map(|(reconciled, audit)| ChangeEnd::Done {
            reconciled,
            audit_error: audit,
        }),
        2 => select(ERROR_CODES).prop_map(ChangeEnd::Refused),
        1 => select(ERROR_CODES).prop_map(ChangeEnd::Lost),
    ];
    let unknown_result = prop_oneof![Just(Ok(())), select(ERROR_CODES).prop_map(Err)];
    prop_oneof![
        30 => keys().prop_map(Op::Key),
        3 => select(pastes).prop_map(Op::Paste),
        3 => select(vec!["Sandbox", "Prod", "Sec", "w", "Full", "Region"]).prop_map(Op::TypeThenEnter),
        2 => select(sizes).prop_map(|(w, h)| Op::Resize(w, h)),
        8 => Just(Op::Drawn),
        4 => Just(Op::DrawnThenY),
        4 => Just(Op::Idle),
        12 => any::<Index>().prop_map(Op::Answer),
        8 => Just(Op::AnswerAll),
        2 => (any::<Index>(), select(ERROR_CODES)).prop_map(|(i, c)| Op::Fail(i, c)),
        1 => any::<Index>().prop_map(Op::WrongShape),
        2 => any::<Index>().prop_map(Op::Repeat),
        1 => (1_000_000u64..1_000_100, unknown_result).prop_map(|(r, o)| Op::Unknown(r, o)),
        6 => (any::<Index>(), change_end).prop_map(|(i, e)| Op::EndChange(i, e)),
    ]
}

/// Where a session starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// Nothing read yet: the organization request is pending.
    Fresh,
    /// The fixtures' `loaded`: the root expanded.
    Loaded,
    /// Workloads and Prod expanded too: every account on screen, ready to be moved.
    Deep,
}

/// A session: where it starts, at which terminal size, and up to 60 steps.
#[derive(Debug, Clone)]
struct Session {
    start: Start,
    size: (u16, u16),
    ops: Vec<Op>,
}

fn sessions() -> impl Strategy<Value = Session> {
    (
        select(vec![Start::Fresh, Start::Loaded, Start::Deep, Start::Deep]),
        select(vec![(80, 24), (120, 40), (40, 12)]),
        prop::collection::vec(ops(), 0..=60),
    )
        .prop_map(|(start, size, ops)| Session { start, size, ops })
}

// ---------------------------------------------------------------------------------------
// The promises, checked after every step.

/// Tracks, independently of the model's own flags, what allows a change to be sent: the
/// confirmation was on screen when a frame was drawn, and `y` was then pressed as a key.
#[derive(Debug, Default)]
struct Gate {
    /// The plan of the confirmation on screen, once a frame showed it.
    drawn: Option<Plan>,
    /// The changes the last such `y` allowed, each to be sent at most once.
    allowed: Vec<Change>,
}

fn confirm_plan(m: &Model) -> Option<&Plan> {
    match m.overlay() {
        Mode::Dialog(Dialog::Confirm(c)) => Some(&c.plan),
        _ => None,
    }
}

fn is_y_press(key: &KeyEvent) -> bool {
    key.code == KeyCode::Char('y')
        && key.kind == KeyEventKind::Press
        && (key.modifiers - KeyModifiers::SHIFT).is_empty()
}

impl Gate {
    fn before(&mut self, m: &Model, msg: &Msg) {
        let Some(plan) = confirm_plan(m) else { return };
        match msg {
            Msg::Drawn => self.drawn = Some(plan.clone()),
            Msg::Key(k) if is_y_press(k) && self.drawn.as_ref() == Some(plan) => {
                self.allowed = plan.changes();
            }
            _ => {}
        }
    }

    fn sent(&mut self, change: &Change) -> Result<(), TestCaseError> {
        let Some(at) = self.allowed.iter().position(|c| c == change) else {
            return Err(TestCaseError::fail(format!(
                "change sent without a drawn confirmation answered by y (or twice): \
                 {change:?}; still allowed: {:?}",
                self.allowed
            )));
        };
        self.allowed.remove(at);
        Ok(())
    }

    /// A frame counts for the confirmation it showed, not for one opened later; what `y`
    /// allowed lasts while it is verified and sent, and ends with the dialog.
    fn after(&mut self, m: &Model) {
        match m.overlay() {
            Mode::Dialog(Dialog::Confirm(c)) => {
                if self.drawn.as_ref() != Some(&c.plan) {
                    self.drawn = None;
                }
            }
            Mode::Dialog(Dialog::Progress(_)) => self.drawn = None,
            _ => {
                self.drawn = None;
                self.allowed.clear();
            }
        }
    }
}

/// The selection is a node, and one of the visible rows whenever the tree has any.
fn check_selection(m: &Model) -> Result<(), TestCaseError> {
    if let Some(ix) = m.selected_ix() {
        prop_assert!(
            ix < m.known_nodes().len(),
            "selected {ix} of {} nodes",
            m.known_nodes().len()
        );
    }
    // Only the tree view shows the tree (other views filter their own lists).
    if m.current_view() == View::Tree && m.row_count() != 0 {
        prop_assert!(
            m.selected_row().is_some(),
            "selection {:?} is not among the {} visible rows {:?} (filter {:?})",
            selected_id(m),
            m.row_count(),
            row_ids(m),
            m.filter_text()
        );
    }
    prop_assert!(m.tree_top() <= m.row_count(), "tree offset past the rows");
    Ok(())
}

/// A fetch the worker has not finished answering: its replies still to come, in order.
struct Owed {
    req: ReqId,
    fetch: Fetch,
    replies: Vec<Result<Reply, OrgError>>,
}

impl Owed {
    fn new((req, fetch): (ReqId, Fetch)) -> Self {
        let replies = right_replies(&fetch);
        Owed {
            req,
            fetch,
            replies,
        }
    }
}

/// A session being played: the model, and what the worker owes it.
struct Play {
    m: Model,
    owed: Vec<Owed>,
    changes: Vec<(ReqId, Change)>,
    /// Replies already delivered, and replies to cancelled requests, for stale repeats.
    late: Vec<Msg>,
    gate: Gate,
    /// Changes sent in this session, and how many were moves (so the gate was exercised,
    /// on the longest flow too, not passed vacuously).
    sent: usize,
    moves: usize,
    check: Check,
}

/// Which promises a run checks after each step (every run checks that nothing panics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Changes only after a drawn confirmation and `y`; none from a paste.
    Gate,
    /// The selection is a node among the visible rows.
    Selection,
}

impl Play {
    fn new(s: &Session, check: Check) -> Self {
        let (m, owed) = match s.start {
            Start::Fresh => {
                let mut m = Model::new(Context {
                    source: "test".into(),
                    read_only: false,
                });
                m.size = s.size;
                let cmds = app::init(&mut m);
                (m, fetches(&cmds).into_iter().map(Owed::new).collect())
            }
            Start::Loaded => (loaded(s.size), Vec::new()),
            Start::Deep => {
                let mut m = loaded(s.size);
                for ou in [ou_id(2), ou_id(3)] {
                    let req = expand(&mut m, &ou);
                    answer_children(&mut m, req, &ou, ous_under(&ou), accounts_under(&ou));
                }
                (m, Vec::new())
            }
        };
        Play {
            m,
            owed,
            changes: Vec::new(),
            late: Vec::new(),
            gate: Gate::default(),
            sent: 0,
            moves: 0,
            check,
        }
    }

    /// One message through `update`, checking every promise after it.
    fn send(&mut self, msg: Msg) -> Result<(), TestCaseError> {
        self.gate.before(&self.m, &msg);
        let pasted = matches!(msg, Msg::Paste(_)) && self.check == Check::Gate;
        if let Msg::Reply { .. } = &msg {
            self.late.push(msg.clone());
        }
        let cmds = app::update(&mut self.m, msg);
        for cmd in cmds {
            match cmd {
                Cmd::Work(orgtui::app::Job::Fetch { req, fetch }) => {
                    self.owed.push(Owed::new((req, fetch)))
                }
                Cmd::Work(orgtui::app::Job::Change { req, change, .. }) => {
                    prop_assert!(!pasted, "a paste sent a change: {change:?}");
                    if self.check == Check::Gate {
                        self.gate.sent(&change)?;
                    }
                    self.sent += 1;
                    self.moves += usize::from(matches!(
                        change,
                        Change::MoveAccount(orgtui::change::MoveAccount { .. })
                    ));
                    self.changes.push((req, change));
                }
                Cmd::Work(orgtui::app::Job::Cancel(reqs)) => {
                    // The worker aborts them; a reply may still slip through, late.
                    let (gone, kept): (Vec<Owed>, _) = std::mem::take(&mut self.owed)
                        .into_iter()
                        .partition(|o| reqs.contains(&o.req));
                    self.owed = kept;
                    for Owed { req, replies, .. } in gone {
                        let replies = replies.into_iter();
                        self.late
                            .extend(replies.map(|result| Msg::Reply { req, result }));
                    }
                }
                // Applying a plan takes typing a word: a paste never does it.
                Cmd::Work(orgtui::app::Job::ApplyPlan { .. }) => {
                    prop_assert!(!pasted, "a paste applied a plan");
                }
                // Re-reads of an earlier run's changes change nothing.
                Cmd::Work(orgtui::app::Job::Check { .. })
                | Cmd::SavePlan { .. }
                | Cmd::OpenPlan { .. }
                | Cmd::ResumePlan { .. }
                | Cmd::UndoPlan { .. }
                | Cmd::Export { .. }
                | Cmd::Copy(_)
                | Cmd::Quit
                | Cmd::EditExternal { .. }
                | Cmd::SaveDrafts(_)
                | Cmd::SaveCreations(_)
                | Cmd::Theme(_)
                | Cmd::ListContexts
                | Cmd::SsoLogin { .. } => {}
                // STS changes nothing in the organization.
                Cmd::Work(orgtui::app::Job::Sts(_)) | Cmd::Shell(_) => {}
            }
        }
        self.gate.after(&self.m);
        match self.check {
            Check::Selection => check_selection(&self.m),
            Check::Gate => Ok(()),
        }
    }

    /// The next reply (page) of the fetch owed at `at`.
    fn answer(&mut self, at: usize) -> Result<(), TestCaseError> {
        let owed = &mut self.owed[at];
        let req = owed.req;
        let result = owed.replies.remove(0);
        if owed.replies.is_empty() {
            self.owed.remove(at);
        }
        self.send(Msg::Reply { req, result })
    }

    fn step(&mut self, op: &Op) -> Result<(), TestCaseError> {
        let pick = |i: &Index, len: usize| (len > 0).then(|| i.index(len));
        match op.clone() {
            Op::Key(k) => self.send(Msg::Key(k)),
            Op::Paste(text) => self.send(Msg::Paste(text.into())),
            Op::TypeThenEnter(text) => {
                let clear = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
                self.send(Msg::Key(clear))?;
                for c in text.chars() {
                    self.send(ch(c))?;
                }
                self.send(key(KeyCode::Enter))
            }
            Op::Resize(w, h) => self.send(Msg::Resize(w, h)),
            Op::Drawn => self.send(Msg::Drawn),
            Op::DrawnThenY => {
                self.send(Msg::Drawn)?;
                self.send(ch('y'))
            }
            Op::Idle => self.send(Msg::Idle),
            Op::Answer(i) => match pick(&i, self.owed.len()) {
                Some(at) => self.answer(at),
                None => Ok(()),
            },
            Op::AnswerAll => {
                // Answers may ask for more, answered too, as a fast worker would (bounded,
                // should some answer always ask again).
                for _ in 0..200 {
                    if self.owed.is_empty() {
                        break;
                    }
                    self.answer(0)?;
                }
                Ok(())
            }
            // A failure ends the listing, wherever it had got to.
            Op::Fail(i, code) => match pick(&i, self.owed.len()) {
                Some(at) => {
                    let req = self.owed.remove(at).req;
                    self.send(err(req, code))
                }
                None => Ok(()),
            },
            Op::WrongShape(i) => match pick(&i, self.owed.len()) {
                Some(at) => {
                    let Owed { req, fetch, .. } = self.owed.remove(at);
                    self.send(ok(req, wrong_shape(&fetch)))
                }
                None => Ok(()),
            },
            Op::Repeat(i) => match pick(&i, self.late.len()) {
                Some(at) => self.send(self.late[at].clone()),
                None => Ok(()),
            },
            Op::Unknown(req, Ok(())) => self.send(ok(req, Reply::Policies(all_policies()))),
            Op::Unknown(req, Err(code)) => self.send(err(req, code)),
            Op::EndChange(i, end) => match pick(&i, self.changes.len()) {
                Some(at) => {
                    let (req, change) = self.changes.remove(at);
                    self.send(change_reply(req, change, end))
                }
                None => Ok(()),
            },
        }
    }
}

fn change_reply(req: ReqId, change: Change, end: ChangeEnd) -> Msg {
    let created = match &change {
        Change::CreateOu(orgtui::change::CreateOu { .. }) => Some(ou_id(90)),
        _ => None,
    };
    match end {
        ChangeEnd::Done {
            reconciled,
            audit_error,
        } => ok(
            req,
            Reply::Changed(Changed {
                change,
                outcome: Ok(()),
                created,
                reconciled,
                audit_error: audit_error.then(|| "disk full".to_string()),
            }),
        ),
        ChangeEnd::Refused(code) => ok(
            req,
            Reply::Changed(Changed::failed(change, OrgError::new(code, "simulated"))),
        ),
        ChangeEnd::Lost(code) => err(req, code),
    }
}

/// What a run exercised: sessions that sent a change, and moves sent.
#[derive(Default)]
struct Reached {
    sessions: AtomicUsize,
    moves: AtomicUsize,
}

fn play(s: &Session, check: Check, reached: &Reached) -> Result<(), TestCaseError> {
    let mut p = Play::new(s, check);
    if check == Check::Selection {
        check_selection(&p.m)?;
    }
    for op in &s.ops {
        // Steps after a quit go on: the reducer keeps its promises whatever comes.
        p.step(op)?;
    }
    if p.sent > 0 {
        reached.sessions.fetch_add(1, Ordering::Relaxed);
    }
    reached.moves.fetch_add(p.moves, Ordering::Relaxed);
    Ok(())
}

/// A fixed seed, so CI runs the same sessions every time; PROPTEST_RNG_SEED picks others.
/// Nothing is persisted: a failure prints its shrunk session, to be kept as a #[test].
fn config() -> Config {
    let mut config = Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    };
    if config.rng_seed == RngSeed::Random {
        config.rng_seed = RngSeed::Fixed(0x0e9_7e1);
    }
    config
}

const CASES: u32 = 4096;

/// Plays `CASES` sessions; says what they reached.
fn run(check: Check) -> Reached {
    let reached = Reached::default();
    let mut runner = TestRunner::new(config());
    if let Err(e) = runner.run(&sessions(), |s| play(&s, check, &reached)) {
        panic!("{e}");
    }
    reached
}

/// Properties 1, 3 and 4: no panic; a change only after a drawn confirmation and `y`,
/// each confirmed change sent at most once; a paste sends none.
#[test]
fn changes_are_sent_only_after_a_drawn_confirmation_and_y_never_from_a_paste() {
    let reached = run(Check::Gate);
    // Without these the gate could pass by never being reached.
    let (sessions, moves) = (reached.sessions.into_inner(), reached.moves.into_inner());
    assert!(
        sessions >= CASES as usize / 20,
        "only {sessions} of {CASES} sessions sent a change"
    );
    assert!(moves > 0, "no session got as far as sending a move");
}

/// Properties 1 and 2: no panic; the selection is a node, among the visible rows.
#[test]
fn the_selection_stays_a_visible_row() {
    run(Check::Selection);
}

// ---------------------------------------------------------------------------------------
// Bugs the selection property found, each as its shrunk session. They fail today; the
// patch in the report (nav.rs, update.rs, views.rs) fixes them.

/// Plays `script` from the fixtures' `loaded` tree (Root, Security, Workloads,
/// management; the root selected): each character a key, `\n` Enter, `\x1b` Esc, and `*`
/// the worker answering everything owed.
fn played(script: &str) -> Model {
    let s = Session {
        start: Start::Loaded,
        size: (80, 24),
        ops: Vec::new(),
    };
    let mut p = Play::new(&s, Check::Gate);
    for c in script.chars() {
        let op = match c {
            '*' => Op::AnswerAll,
            '\n' => Op::Key(plain(KeyCode::Enter)),
            '\x1b' => Op::Key(plain(KeyCode::Esc)),
            c => Op::Key(plain(KeyCode::Char(c))),
        };
        p.step(&op).expect("the gate holds");
    }
    p.m
}

fn assert_selection_visible(m: &Model, script: &str) {
    assert_eq!(m.current_view(), View::Tree, "after {script:?}");
    assert!(
        m.selected_row().is_some(),
        "after {script:?}: selection {:?} is not among the visible rows {:?} (filter {:?})",
        selected_id(m),
        row_ids(m),
        m.filter_text()
    );
}

/// A filter that matches nothing empties the tree and drops the selection (`None`); kept
/// with Enter, then cleared with Esc in the tree or by switching views, the rows come back
/// with nothing selected, and Enter, Space, m, n… do nothing. Likewise when a listing
/// that arrives while the filter is on brings rows back: Workloads is expanded (its
/// listing in flight), management selected, "/Prod" typed, and the listing arrives.
#[test]
fn rows_that_come_back_after_a_filter_matched_nothing_have_a_selection() {
    for script in ["/j\n\x1b", "/j\n21", "jjlG/Prod*"] {
        assert_selection_visible(&played(script), script);
    }
}

/// The selection the user chose survives going back to the tree, visibly:
/// - h (or ←) in the policies or accounts view goes back to the tree but keeps the filter
///   typed for that view's list: the tree is shown filtered by it, without the selection
///   (here management, then the policies view filtered by "Sec", back with h);
/// - Enter on an account in the accounts view jumps to it (clearing the filter). The
///   accounts view reads the whole tree for its OU paths, so the jump lands at once; a
///   filter typed after it ("/m") still matches it (by its email), so it stays selected.
#[test]
fn the_chosen_selection_stays_visible_back_in_the_tree() {
    let cases = [
        ("G2/Sec\nh", account(1, "management").id),
        ("3*\n/m*", account(3, "app").id),
    ];
    for (script, chosen) in cases {
        let m = played(script);
        assert_selection_visible(&m, script);
        assert_eq!(selected_id(&m), Some(chosen), "after {script:?}");
    }
}
