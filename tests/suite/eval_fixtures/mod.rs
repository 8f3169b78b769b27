//! The evaluator's test organization, shared by the reducer tests of its dialog
//! (tests/trace.rs) and the snapshot tests: Root → Workloads → payments-prod, with
//! FullAWSAccess at every level and DenyDeletes (s3:DeleteBucket) on Workloads.
#![allow(dead_code)]

use orgtui::app::{self, Fetch, Model, Reply, ReqId};
use orgtui::org::{PolicyType, TargetKind};
use orgtui::policy::eval::{AttachedPolicy, EvalInput, Level};
use ratatui::crossterm::event::KeyCode;

use crate::fixtures::*;

pub const FULL_ACCESS: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
pub const DENY_DELETES: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"NoBucketDeletes","Effect":"Deny","Action":["s3:DeleteBucket","s3:DeleteObject"],"Resource":"*"}]}"#;

/// The account the questions are about.
pub fn target() -> String {
    account(20, "payments-prod").id
}

fn scp_doc(id: &str, name: &str, content: &str) -> AttachedPolicy {
    AttachedPolicy {
        id: id.into(),
        name: name.into(),
        kind: PolicyType::ServiceControl,
        aws_managed: id == "p-FullAWSAccess",
        content: content.into(),
    }
}

fn level(id: &str, name: &str, kind: TargetKind, more: Vec<AttachedPolicy>) -> Level {
    let mut policies = vec![scp_doc("p-FullAWSAccess", "FullAWSAccess", FULL_ACCESS)];
    policies.extend(more);
    Level {
        id: id.into(),
        name: name.into(),
        kind,
        policies,
    }
}

/// What the worker reads for `target()`: its path and the SCPs along it.
pub fn eval_input() -> EvalInput {
    EvalInput {
        path: vec![
            level(ROOT, "Root", TargetKind::Root, vec![]),
            level(
                &ou_id(2),
                "Workloads",
                TargetKind::OrganizationalUnit,
                vec![scp_doc("p-denydeletes", "DenyDeletes", DENY_DELETES)],
            ),
            level(&target(), "payments-prod", TargetKind::Account, vec![]),
        ],
        management_account: false,
        scps_enabled: true,
        rcps_enabled: false,
        organization_id: None,
        partition: Some("aws".into()),
    }
}

/// The fixture organization with Workloads expanded and payments-prod selected.
pub fn on_account(size: (u16, u16)) -> Model {
    let mut m = loaded(size);
    let req = expand(&mut m, &ou_id(2));
    answer_children(
        &mut m,
        req,
        &ou_id(2),
        vec![ou(3, "Prod")],
        vec![account(20, "payments-prod")],
    );
    select(&mut m, &target());
    m
}

pub fn typed(m: &mut Model, text: &str) {
    for c in text.chars() {
        app::update(m, ch(c));
    }
}

/// Types `question` and presses Enter; returns the requests sent.
pub fn ask(m: &mut Model, question: &str) -> Vec<app::Cmd> {
    typed(m, question);
    app::update(m, key(KeyCode::Enter))
}

/// The one EvalInput read among `cmds`.
pub fn eval_read(cmds: &[app::Cmd]) -> ReqId {
    one(
        cmds,
        |f| matches!(f, Fetch::EvalInput { target: t } if *t == target()),
    )
}

/// Answers the read `req` with `eval_input()`.
pub fn answer_eval(m: &mut Model, req: ReqId) -> Vec<app::Cmd> {
    let reply = Reply::EvalInput {
        target: target(),
        input: Box::new(eval_input()),
    };
    app::update(m, ok(req, reply))
}

/// x on the selected node of `m` and `question` asked; returns the read of the path.
pub fn asked(m: &mut Model, question: &str) -> ReqId {
    app::update(m, ch('x'));
    let cmds = ask(m, question);
    eval_read(&cmds)
}

/// x on payments-prod, the question asked and the path read: the trace is shown.
pub fn traced(size: (u16, u16), question: &str) -> Model {
    let mut m = on_account(size);
    let req = asked(&mut m, question);
    answer_eval(&mut m, req);
    m
}
