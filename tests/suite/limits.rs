//! The quotas of 15 May 2026 (`policy::limits`): a 6th to 10th SCP attaches and an SCP of
//! 10,240 characters is saved, on both backends; an 11th SCP and a 10,241-character one
//! are refused before anything is sent (the app's attach rule, the validator), and when
//! AWS refuses after all, its ConstraintViolationException reason is what is shown.
//!
//! moto enforces neither quota (it attaches any number and accepts any size), so "refused
//! before sending" is shown there through the app: the 11th attach never reaches moto.

use std::sync::Arc;
use std::time::Duration;

use crate::support;
use crate::support::harness::Harness;
use crate::support::Look;

use orgtui::app::Dialog;
use orgtui::demo::DemoBackend;
use orgtui::org::*;
use ratatui::crossterm::event::KeyCode;
use support::seed::{enable_scps, err, new_org, new_ou, ok, SCP_DENY_LEAVE};

const SCP: PolicyType = PolicyType::ServiceControl;
const LIMIT: Duration = Duration::from_secs(20);

contract! {
    async fn a_sixth_to_tenth_scp_attaches_and_10240_characters_save(b, _caller) {
        super::a_sixth_to_tenth_scp_attaches_and_10240_characters_save(b).await
    }
}

async fn scps_on(b: &dyn OrgBackend, target: &str) -> Vec<PolicySummary> {
    ok(
        "list_policies_for_target",
        collect_all(|t| b.list_policies_for_target(target, &SCP, t)).await,
    )
}

/// An SCP denying one action, padded with spaces to `len` characters.
fn scp_content(n: usize, len: usize) -> String {
    let body = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Action":"ec2:DeleteVpc{n}","Resource":"*"}}]}}"#
    );
    format!("{body}{}", " ".repeat(len.saturating_sub(body.len())))
}

/// An organization with SCPs on, an OU `Guarded` (with FullAWSAccess, as both backends
/// attach it) and `more` SCPs attached to it besides; the OU's id.
async fn guarded_ou(b: &dyn OrgBackend, more: usize) -> String {
    let (_, root) = new_org(b).await;
    enable_scps(b, &root.id).await;
    let ou = new_ou(b, &root.id, "Guarded").await;
    for n in 0..more {
        let p = ok(
            "create_policy",
            b.create_policy(&NewPolicy::new(
                &format!("Guard{n}"),
                "",
                &scp_content(n, 0),
                &SCP,
            ))
            .await,
        );
        ok("attach_policy", b.attach_policy(&p.id, &ou.id).await);
    }
    ou.id
}

async fn a_sixth_to_tenth_scp_attaches_and_10240_characters_save(b: &dyn OrgBackend) {
    let ou = guarded_ou(b, 4).await;
    assert_eq!(scps_on(b, &ou).await.len(), 5, "FullAWSAccess and four");
    for n in 6..=10 {
        // The 10th is the longest AWS now accepts.
        let len = if n == 10 { 10_240 } else { 0 };
        let content = scp_content(n, len);
        assert!(orgtui::policy::validate(&SCP, &content).is_empty());
        let p = ok(
            "create_policy",
            b.create_policy(&NewPolicy::new(&format!("More{n}"), "", &content, &SCP))
                .await,
        );
        ok("attach_policy", b.attach_policy(&p.id, &ou).await);
        assert_eq!(scps_on(b, &ou).await.len(), n);
        if n == 10 {
            let saved = ok("describe_policy", b.describe_policy(&p.id).await);
            assert_eq!(saved.content.chars().count(), 10_240);
        }
    }
}

/// The demo refuses what AWS refuses, with AWS's reason, which the explanation carries.
#[tokio::test(start_paused = true)]
async fn the_demo_refuses_an_eleventh_scp_and_10241_characters_with_aws_reasons() {
    let b = DemoBackend::empty(&support::unique_account_id());
    let ou = guarded_ou(&b, 9).await;
    assert_eq!(scps_on(&b, &ou).await.len(), 10);
    let eleventh = ok(
        "create_policy",
        b.create_policy(&NewPolicy::new("Eleventh", "", SCP_DENY_LEAVE, &SCP))
            .await,
    );
    let e = err("attach_policy", b.attach_policy(&eleventh.id, &ou).await);
    assert_eq!(e.code, "ConstraintViolationException");
    assert_eq!(
        e.reason(),
        Some("MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED")
    );
    assert!(
        e.explanation()
            .contains("MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"),
        "{}",
        e.explanation()
    );
    assert_eq!(scps_on(&b, &ou).await.len(), 10);

    let content = scp_content(11, 10_241);
    let refused = orgtui::policy::validate(&SCP, &content);
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(refused[0]
        .message
        .contains("1 character over the limit of 10240"));
    let e = err(
        "create_policy",
        b.create_policy(&NewPolicy::new("TooLong", "", &content, &SCP))
            .await,
    );
    assert_eq!(e.reason(), Some("POLICY_CONTENT_LIMIT_EXCEEDED"), "{e}");
}

/// An AWS ConstraintViolationException's Reason field (beside its Message in the JSON
/// reply) reaches the message and the explanation through the real SDK.
#[tokio::test]
async fn aws_constraint_reasons_are_kept_from_the_reply() {
    use support::api_stub::{ApiStub, Reply};
    let stub = ApiStub::start();
    stub.on(
        "AttachPolicy",
        Reply::Raw(serde_json::json!({
            "__type": "ConstraintViolationException",
            "Message": "You have attached the maximum number of policies of this type to the target.",
            "Reason": "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
        })),
    );
    let b = AwsBackend::for_emulator(&stub.endpoint(), None);
    let e = err(
        "attach_policy",
        b.attach_policy("p-12345678", "ou-ab12-34cd56ef").await,
    );
    assert_eq!(e.code, "ConstraintViolationException");
    assert_eq!(
        e.message,
        "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED: You have attached the maximum number of policies of this type to the target."
    );
    assert!(e
        .explanation()
        .contains("(MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED)"));
}

/// Through the app on a real backend: with 9 SCPs on the OU a 10th is attached; then an
/// 11th is refused in the picker and nothing is sent (the backend still has 10).
async fn the_app_attaches_a_tenth_and_refuses_an_eleventh(b: Arc<dyn OrgBackend>) {
    let ou = guarded_ou(b.as_ref(), 8).await;
    for name in ["Tenth", "Eleventh"] {
        ok(
            "create_policy",
            b.create_policy(&NewPolicy::new(name, "", SCP_DENY_LEAVE, &SCP))
                .await,
        );
    }
    let mut h = Harness::new(b.clone(), orgtui::worker::Options::default());
    h.settle(LIMIT).await;
    let attach = |h: &mut Harness, name: &str| {
        h.select("Guarded");
        h.send(orgtui::app::Msg::Idle);
        h.key(KeyCode::BackTab);
        h.ch('a');
        h.typed(name);
    };
    attach(&mut h, "Tenth");
    h.settle(LIMIT).await;
    h.key(KeyCode::Enter);
    h.confirm(LIMIT).await;
    h.settle(LIMIT).await;
    assert_eq!(scps_on(b.as_ref(), &ou).await.len(), 10);

    attach(&mut h, "Eleventh");
    h.settle(LIMIT).await;
    h.key(KeyCode::Enter);
    match h.model.dialog() {
        Some(Dialog::Picker(p)) => assert_eq!(
            p.error.as_deref(),
            Some("10 SCPs are attached here already, the most AWS allows; detach one first")
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(scps_on(b.as_ref(), &ou).await.len(), 10, "nothing was sent");
}

#[tokio::test]
async fn the_app_attaches_a_tenth_and_refuses_an_eleventh_on_the_demo() {
    let b = DemoBackend::empty(&support::unique_account_id());
    the_app_attaches_a_tenth_and_refuses_an_eleventh(Arc::new(b)).await;
}

#[tokio::test]
async fn the_app_attaches_a_tenth_and_refuses_an_eleventh_on_moto() {
    let caller = support::unique_account_id();
    let b = AwsBackend::for_emulator(&support::Moto::shared().endpoint(), Some(&caller));
    the_app_attaches_a_tenth_and_refuses_an_eleventh(Arc::new(b)).await;
}
