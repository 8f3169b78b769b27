//! CreateGovCloudAccount from the account form (`A`): offered to the management account
//! alone, confirmed in words, sent once instead of CreateAccount, and AWS's refusal for an
//! organization without a GovCloud pair shown at the form with what was typed kept.

use crate::fixtures;

use fixtures::*;
use orgtui::app::{self, Change, Dialog, FormField, Mode, Model, Msg};
use orgtui::change::AccountChange;
use orgtui::org::OrgError;
use orgtui::sts::{CallerIdentity, StsReply};
use ratatui::crossterm::event::KeyCode;

fn caller(m: &mut Model, account: &str) {
    let me = CallerIdentity {
        arn: format!("arn:aws:iam::{account}:user/alice"),
        account: account.into(),
        user_id: "AIDA".into(),
    };
    app::update(m, Msg::Sts(StsReply::Caller(Ok(me))));
}

fn form(m: &Model) -> &app::AccountForm {
    match m.overlay() {
        Mode::Dialog(Dialog::AccountForm(f)) => f,
        other => panic!("expected the account form, got {other:?}"),
    }
}

fn typed(m: &mut Model, text: &str) {
    for c in text.chars() {
        app::update(m, ch(c));
    }
}

fn confirmation_text(m: &Model) -> String {
    let Some(c) = m.confirmation() else {
        panic!("expected a confirmation, got {:?}", m.overlay());
    };
    app::describe(m, &c.plan)
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The form on the root, email and name typed, the cursor moved to the GovCloud choice.
fn to_gov_field(m: &mut Model) {
    select(m, ROOT);
    let cmds = app::update(m, ch('A'));
    settle(m, cmds);
    typed(m, "gov@example.com");
    app::update(m, key(KeyCode::Tab));
    typed(m, "Gov workloads");
    while form(m).focus != FormField::GovCloud {
        app::update(m, key(KeyCode::Tab));
    }
}

#[test]
fn only_the_management_account_is_offered_a_govcloud_account() {
    let mut m = loaded((120, 40));
    caller(&mut m, "999999999999");
    select(&mut m, ROOT);
    let cmds = app::update(&mut m, ch('A'));
    settle(&mut m, cmds);
    assert_eq!(form(&m).gov_cloud, None);
    assert!(!form(&m).fields().contains(&FormField::GovCloud));
    let mut m = loaded((120, 40));
    caller(&mut m, "111111111111");
    to_gov_field(&mut m);
    assert_eq!(form(&m).gov_cloud, Some(false));
}

#[test]
fn a_govcloud_creation_is_confirmed_sent_once_and_its_refusal_kept_at_the_form() {
    let mut m = loaded((120, 40));
    caller(&mut m, "111111111111");
    to_gov_field(&mut m);
    app::update(&mut m, ch(' '));
    assert_eq!(form(&m).gov_cloud, Some(true));
    app::update(&mut m, key(KeyCode::Enter));
    let text = confirmation_text(&m);
    assert!(
        text.contains("Create a new account \"Gov workloads\" with email gov@example.com"),
        "{text}"
    );
    assert!(
        text.contains("AWS GovCloud (US) Region (CreateGovCloudAccount)"),
        "{text}"
    );
    assert!(text.contains("paired GovCloud account"), "{text}");
    let cmds = confirm(&mut m);
    let sent = sent(&cmds);
    let gov = Change::Account(AccountChange::CreateGovCloudAccount(
        orgtui::change::NewAccountRequest {
            email: "gov@example.com".into(),
            name: "Gov workloads".into(),
            role_name: "OrganizationAccountAccessRole".into(),
            billing: true,
            tags: Vec::new(),
        },
    ));
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].1, gov);
    let refusal = OrgError::new(
        "ConstraintViolationException",
        "MASTER_ACCOUNT_NOT_GOVCLOUD_ENABLED: To complete this operation, the management account must have an associated account in the Amazon Web Services GovCloud (US-West) Region.",
    );
    app::update(&mut m, changed(sent[0].0, gov, Err(refusal)));
    let f = form(&m);
    assert_eq!(f.email.as_str(), "gov@example.com");
    assert_eq!(f.name.as_str(), "Gov workloads");
    assert_eq!(f.gov_cloud, Some(true));
    let failure = f.failure.clone().expect("the refusal at the form");
    assert!(failure
        .message
        .contains("MASTER_ACCOUNT_NOT_GOVCLOUD_ENABLED"));
}
