//! The API stub itself: the real SDK's request reaches it with the right target, and its
//! reply (shaped as in the API reference) parses; an AWS error arrives with its code.

use crate::support;

use orgtui::org::{AwsBackend, OrgBackend};
use serde_json::json;
use support::api_stub::{ApiStub, Reply};

#[tokio::test]
async fn the_sdk_talks_to_the_stub() {
    let stub = ApiStub::start();
    stub.on(
        "DescribeOrganization",
        Reply::ok(json!({ "Organization": {
            "Id": "o-exampleorgid",
            "Arn": "arn:aws:organizations::111111111111:organization/o-exampleorgid",
            "FeatureSet": "ALL",
            "MasterAccountId": "111111111111",
            "MasterAccountArn": "arn:aws:organizations::111111111111:account/o-exampleorgid/111111111111",
            "MasterAccountEmail": "bill@example.com",
            "AvailablePolicyTypes": [{ "Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED" }]
        }})),
    );
    stub.on(
        "DescribeAccount",
        Reply::error("AccountNotFoundException", "no such account"),
    );
    let b = AwsBackend::for_emulator(&stub.endpoint(), None);
    let org = b
        .describe_organization()
        .await
        .expect("the stub's organization");
    assert_eq!(org.id, "o-exampleorgid");
    assert_eq!(org.master_account_email, "bill@example.com");
    let err = b
        .describe_account("222222222222")
        .await
        .expect_err("the stub's error");
    assert_eq!(err.code, "AccountNotFoundException");
    let got = stub.received();
    assert_eq!(got.len(), 2);
    assert_eq!(
        got[0].target,
        "AWSOrganizationsV20161128.DescribeOrganization"
    );
    assert_eq!(got[1].body, json!({ "AccountId": "222222222222" }));
}
