//! The caller against moto: STS GetCallerIdentity and AssumeRole through `AwsSts`, and
//! through the real worker: the principal's ARN in the title bar's model, as the audit
//! log's caller of a change, and on the audit lines of an AssumeRole (which never hold
//! a secret).

use crate::support::{self, Look};

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use orgtui::app::Loadable;
use orgtui::org::AwsBackend;
use orgtui::store::audit::AuditLog;
use orgtui::sts::{AwsSts, StsBackend};
use orgtui::worker::Options;
use ratatui::crossterm::event::KeyCode;

use support::harness::Harness;
use support::{seed, unique_account_id, Moto};

const LIMIT: Duration = Duration::from_secs(15);

fn moto_user(account: &str) -> String {
    format!("arn:aws:sts::{account}:user/moto")
}

#[tokio::test]
async fn get_caller_identity_and_assume_role_against_moto() {
    let moto = Moto::shared();
    let account = unique_account_id();
    let sts = AwsSts::for_emulator(&moto.endpoint(), Some(&account));
    let me = sts.caller_identity().await.expect("GetCallerIdentity");
    assert_eq!(me.arn, moto_user(&account));
    assert_eq!(me.account, account);
    assert_eq!(sts.region().as_deref(), Some("us-east-1"));

    let role = "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole";
    let creds = sts
        .assume_role(role, "orgtui-test", 3600)
        .await
        .expect("AssumeRole");
    assert!(creds.access_key_id.starts_with("ASIA"), "{creds:?}");
    assert!(!creds.secret_access_key.is_empty());
    assert!(!creds.session_token.is_empty());
    assert!(creds.expiration.is_some());
}

fn audit_lines(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .expect("the audit log exists")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

#[tokio::test]
async fn a_change_and_an_assume_role_record_the_principal_arn() {
    let moto = Moto::shared();
    let account = unique_account_id();
    let endpoint = moto.endpoint();
    let backend = AwsBackend::for_emulator(&endpoint, Some(&account));
    seed::new_org(&backend).await;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let audit = dir.path().join("audit.jsonl");
    let options = Options {
        audit: Some(Arc::new(AuditLog::new(audit.clone()))),
        sts: Some(Arc::new(AwsSts::for_emulator(&endpoint, Some(&account)))),
        ..Options::default()
    };
    let mut h = Harness::new(Arc::new(backend), options);
    h.until(LIMIT, "the caller and the root", |m| {
        matches!(m.caller(), Some(Loadable::Loaded(_))) && m.row_count() != 0
    })
    .await;
    h.settle(LIMIT).await;
    let arn = moto_user(&account);
    assert_eq!(orgtui::app::caller::audit_caller(&h.model), arn);

    // A new OU under the root, with keys.
    h.select("Root");
    h.ch('n');
    h.typed("Audited");
    h.key(KeyCode::Enter);
    h.until(LIMIT, "the confirmation", |m| m.confirmation().is_some())
        .await;
    h.confirm(LIMIT).await;
    h.settle(LIMIT).await;
    assert_eq!(h.changed.len(), 1, "{:?}", h.changed);
    assert!(h.changed[0].1.outcome.is_ok(), "{:?}", h.changed);
    let lines = audit_lines(&audit);
    assert_eq!(lines.len(), 2, "attempt and outcome: {lines:?}");
    for l in &lines {
        assert_eq!(l["operation"], "CreateOrganizationalUnit");
        assert_eq!(l["caller"], arn.as_str(), "{l}");
    }

    // :creds on the management account (the only account in the tree).
    h.key(KeyCode::End);
    let selected = h.model.selected_node().and_then(|n| n.account().cloned());
    let selected = selected.expect("an account is selected at the bottom of the tree");
    h.ch(':');
    h.typed("creds");
    h.key(KeyCode::Enter);
    h.until(LIMIT, "the credentials", |m| {
        m.credential_exports().is_some() || m.error().is_some()
    })
    .await;
    let exports = h
        .model
        .credential_exports()
        .cloned()
        .expect("the export lines");
    let token = exports
        .lines
        .iter()
        .find_map(|l| l.strip_prefix("export AWS_SESSION_TOKEN='"))
        .map(|t| t.trim_end_matches('\''))
        .expect("a session token line");
    assert!(!token.is_empty());
    let text = std::fs::read_to_string(&audit).expect("the audit log");
    assert!(
        !text.contains(token),
        "the audit log holds the session token"
    );
    let lines = audit_lines(&audit);
    let assumed: Vec<_> = lines
        .iter()
        .filter(|l| l["operation"] == "AssumeRole")
        .collect();
    assert_eq!(assumed.len(), 2, "attempt and outcome: {lines:?}");
    let role = format!(
        "arn:aws:iam::{}:role/OrganizationAccountAccessRole",
        selected.id
    );
    for l in &assumed {
        assert_eq!(l["caller"], arn.as_str(), "{l}");
        assert_eq!(l["parameters"]["AccountId"], selected.id.as_str(), "{l}");
        assert_eq!(l["parameters"]["RoleArn"], role.as_str(), "{l}");
        assert_eq!(l["parameters"]["Purpose"], "creds", "{l}");
    }
    assert_eq!(assumed[1]["outcome"], "success");
    // Any key but `y` closes the overlay and forgets the credentials.
    h.key(KeyCode::Esc);
    assert!(h.model.credential_exports().is_none());
}
