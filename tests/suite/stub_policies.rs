//! The effective-policy calls moto lacks, through the real SDK against the API stub: the
//! requests the SDK sends (checked body by body, paging included) and the replies, shaped
//! as the API reference's response syntax, converted field by field.

use crate::support;

use orgtui::org::*;
use serde_json::json;
use support::api_stub::{ApiStub, Reply};

/// 2025-08-12T12:00:00Z, as awsJson sends timestamps (epoch seconds).
const AUG_12_NOON: i64 = 1_755_000_000;
const AUG_12_NOON_TEXT: &str = "2025-08-12T12:00:00.000Z";

fn backend(stub: &ApiStub) -> AwsBackend {
    AwsBackend::for_emulator(&stub.endpoint(), None)
}

fn account_json(id: &str, name: &str) -> serde_json::Value {
    json!({
        "Id": id,
        "Arn": format!("arn:aws:organizations::111111111111:account/o-exampleorgid/{id}"),
        "Email": format!("{name}@example.com"),
        "Name": name,
        "State": "ACTIVE",
        "JoinedMethod": "CREATED",
        "JoinedTimestamp": AUG_12_NOON
    })
}

#[tokio::test]
async fn describe_effective_policy_sends_type_and_target_and_converts_the_answer() {
    let stub = ApiStub::start();
    let content = r#"{"tags":{"costcenter":{"tag_key":"CostCenter"}}}"#;
    stub.on(
        "DescribeEffectivePolicy",
        Reply::ok(json!({ "EffectivePolicy": {
            "LastUpdatedTimestamp": AUG_12_NOON,
            "PolicyContent": content,
            "PolicyType": "TAG_POLICY",
            "TargetId": "222222222222"
        }})),
    );
    let e = backend(&stub)
        .describe_effective_policy(&PolicyType::Tag, "222222222222")
        .await
        .expect("the stub's effective policy");
    assert_eq!(
        e,
        EffectivePolicy {
            kind: PolicyType::Tag,
            target_id: "222222222222".into(),
            last_updated: AUG_12_NOON_TEXT.into(),
            content: content.into(),
        }
    );
    let sent = stub.requests("DescribeEffectivePolicy");
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].body,
        json!({ "PolicyType": "TAG_POLICY", "TargetId": "222222222222" })
    );
}

#[tokio::test]
async fn a_missing_effective_policy_and_an_scp_are_aws_errors() {
    let stub = ApiStub::start();
    stub.on(
        "DescribeEffectivePolicy",
        Reply::error("EffectivePolicyNotFoundException", "no effective policy"),
    );
    stub.on(
        "DescribeEffectivePolicy",
        Reply::error("InvalidInputException", "INVALID_ENUM_POLICY_TYPE"),
    );
    let b = backend(&stub);
    let e = b
        .describe_effective_policy(&PolicyType::Backup, "222222222222")
        .await
        .expect_err("the stub's error");
    assert_eq!(e.code, "EffectivePolicyNotFoundException");
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert!(!e.explanation().is_empty());
    // The SDK's EffectivePolicyType has no SCP; the string is still sent for AWS to refuse.
    let e = b
        .describe_effective_policy(&PolicyType::ServiceControl, "222222222222")
        .await
        .expect_err("the stub's error");
    assert_eq!(e.code, "InvalidInputException");
    let sent = stub.requests("DescribeEffectivePolicy");
    assert_eq!(sent[1].body["PolicyType"], "SERVICE_CONTROL_POLICY");
}

#[tokio::test]
async fn accounts_with_an_invalid_effective_policy_are_read_page_by_page() {
    let stub = ApiStub::start();
    stub.on(
        "ListAccountsWithInvalidEffectivePolicy",
        Reply::ok(json!({
            "Accounts": [account_json("222222222222", "web-prod")],
            "PolicyType": "BACKUP_POLICY",
            "NextToken": "page-2"
        })),
    );
    stub.on(
        "ListAccountsWithInvalidEffectivePolicy",
        Reply::ok(json!({
            "Accounts": [account_json("333333333333", "api-prod")],
            "PolicyType": "BACKUP_POLICY"
        })),
    );
    let b = backend(&stub);
    let all =
        collect_all(|t| b.list_accounts_with_invalid_effective_policy(&PolicyType::Backup, t))
            .await
            .expect("both pages");
    let ids: Vec<&str> = all.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["222222222222", "333333333333"]);
    assert_eq!(all[0].name, "web-prod");
    assert_eq!(all[0].state, AccountState::Active);
    assert_eq!(all[0].joined_at, AUG_12_NOON_TEXT);
    let sent = stub.requests("ListAccountsWithInvalidEffectivePolicy");
    let bodies: Vec<_> = sent.iter().map(|r| r.body.clone()).collect();
    assert_eq!(
        bodies,
        vec![
            json!({ "PolicyType": "BACKUP_POLICY", "MaxResults": 20 }),
            json!({ "PolicyType": "BACKUP_POLICY", "MaxResults": 20, "NextToken": "page-2" }),
        ]
    );
}

#[tokio::test]
async fn validation_errors_are_converted_with_their_page_token() {
    let stub = ApiStub::start();
    let path = "o-exampleorgid/r-ab12/ou-ab12-11111111/222222222222/";
    let error = json!({
        "ErrorCode": "ELEMENTS_TOO_MANY",
        "ErrorMessage": "too many tag values",
        "PathToError": "tags/costcenter/tag_value",
        "ContributingPolicies": ["p-11111111", "p-22222222"]
    });
    // Two pages as the reference shapes them: one error and a token, then none.
    for (errors, token) in [(vec![error], Some("page-2")), (vec![], None)] {
        let mut reply = json!({
            "AccountId": "222222222222",
            "PolicyType": "TAG_POLICY",
            "Path": path,
            "EvaluationTimestamp": AUG_12_NOON,
            "EffectivePolicyValidationErrors": errors
        });
        if let Some(t) = token {
            reply["NextToken"] = json!(t);
        }
        stub.on("ListEffectivePolicyValidationErrors", Reply::ok(reply));
    }
    let b = backend(&stub);
    let first = b
        .list_effective_policy_validation_errors("222222222222", &PolicyType::Tag, None)
        .await
        .expect("the first page");
    assert_eq!(
        first,
        EffectivePolicyValidation {
            account_id: "222222222222".into(),
            kind: PolicyType::Tag,
            path: path.into(),
            evaluation_timestamp: AUG_12_NOON_TEXT.into(),
            errors: Page {
                items: vec![EffectivePolicyError {
                    error_code: "ELEMENTS_TOO_MANY".into(),
                    error_message: "too many tag values".into(),
                    path_to_error: "tags/costcenter/tag_value".into(),
                    contributing_policies: vec!["p-11111111".into(), "p-22222222".into()],
                }],
                next_token: Some("page-2".into()),
            },
        }
    );
    let second = b
        .list_effective_policy_validation_errors(
            "222222222222",
            &PolicyType::Tag,
            first.errors.next_token,
        )
        .await
        .expect("the second page");
    assert!(second.errors.items.is_empty());
    assert_eq!(second.errors.next_token, None);
    let bodies: Vec<_> = stub
        .requests("ListEffectivePolicyValidationErrors")
        .into_iter()
        .map(|r| r.body)
        .collect();
    assert_eq!(
        bodies,
        vec![
            json!({ "AccountId": "222222222222", "PolicyType": "TAG_POLICY", "MaxResults": 20 }),
            json!({ "AccountId": "222222222222", "PolicyType": "TAG_POLICY", "MaxResults": 20, "NextToken": "page-2" }),
        ]
    );
}

#[tokio::test]
async fn policy_changes_send_only_what_changes() {
    let stub = ApiStub::start();
    let policy = json!({ "Policy": {
        "PolicySummary": {
            "Id": "p-11111111",
            "Arn": "arn:aws:organizations::111111111111:policy/o-exampleorgid/tag_policy/p-11111111",
            "Name": "CostCenter",
            "Description": "d",
            "Type": "TAG_POLICY",
            "AwsManaged": false
        },
        "Content": "{}"
    }});
    stub.on("UpdatePolicy", Reply::ok(policy));
    stub.on("DeletePolicy", Reply::ok(json!({})));
    stub.on(
        "DisablePolicyType",
        Reply::ok(json!({ "Root": {
            "Id": "r-ab12",
            "Arn": "arn:aws:organizations::111111111111:root/o-exampleorgid/r-ab12",
            "Name": "Root",
            "PolicyTypes": [{ "Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED" }]
        }})),
    );
    let b = backend(&stub);
    let rename = PolicyUpdate {
        name: Some("CostCenter".into()),
        ..PolicyUpdate::default()
    };
    let p = b
        .update_policy("p-11111111", &rename)
        .await
        .expect("updated");
    assert_eq!(p.summary.kind, PolicyType::Tag);
    b.delete_policy("p-11111111").await.expect("deleted");
    let root = b
        .disable_policy_type("r-ab12", &PolicyType::Tag)
        .await
        .expect("disabled");
    assert_eq!(
        root.enabled_policy_types(),
        vec![PolicyType::ServiceControl]
    );
    let bodies: Vec<_> = stub
        .received()
        .into_iter()
        .map(|r| (r.operation, r.body))
        .collect();
    assert_eq!(
        bodies,
        vec![
            (
                "UpdatePolicy".to_string(),
                json!({ "PolicyId": "p-11111111", "Name": "CostCenter" })
            ),
            (
                "DeletePolicy".to_string(),
                json!({ "PolicyId": "p-11111111" })
            ),
            (
                "DisablePolicyType".to_string(),
                json!({ "RootId": "r-ab12", "PolicyType": "TAG_POLICY" })
            ),
        ]
    );
}
