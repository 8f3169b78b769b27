//! Effective policies on the demo backend: inheritance operators along root → OUs →
//! account, accounts whose effective policy is invalid, and the error codes.

use super::*;
use serde_json::{json, Value};

const WEB_PROD: &str = "997514143401";
const AUDIT: &str = "352020682541";
const PCI_ACCOUNT: &str = "313185345445";

async fn policy(
    b: &DemoBackend,
    kind: &PolicyType,
    name: &str,
    doc: Value,
    targets: &[&str],
) -> String {
    let p = b
        .create_policy(&NewPolicy::new(name, "", &doc.to_string(), kind))
        .await
        .unwrap();
    for t in targets {
        b.attach_policy(&p.id, t).await.unwrap();
    }
    p.id
}

async fn effective(b: &DemoBackend, kind: &PolicyType, account: &str) -> Value {
    let e = b.describe_effective_policy(kind, account).await.unwrap();
    assert_eq!((&e.kind, e.target_id.as_str()), (kind, account));
    assert!(!e.last_updated.is_empty());
    serde_json::from_str(&e.content).unwrap()
}

async fn invalid_accounts(b: &DemoBackend, kind: &PolicyType) -> Vec<String> {
    collect_all(|t| b.list_accounts_with_invalid_effective_policy(kind, t))
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect()
}

fn cost_centers(v: &Value) -> Vec<&str> {
    v["tags"]["costcenter"]["tag_value"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect()
}

const ROOT_CCS: [&str; 6] = [
    "CC-1001", "CC-2040", "CC-3100", "CC-4200", "CC-5500", "CC-9000",
];

#[tokio::test]
async fn the_root_tag_policy_applies_with_its_operators_resolved() {
    let b = demo();
    let e = effective(&b, &PolicyType::Tag, WEB_PROD).await;
    assert_eq!(
        e,
        json!({"tags": {"costcenter": {
            "tag_key": "CostCenter",
            "tag_value": ROOT_CCS,
            "enforced_for": ["ec2:instance", "ec2:volume", "s3:bucket", "rds:db"]
        }}})
    );
    assert!(invalid_accounts(&b, &PolicyType::Tag).await.is_empty());
}

#[tokio::test]
async fn append_remove_and_assign_combine_top_down() {
    let b = demo();
    let root = root_id(&b).await;
    let workloads = ou_named(&b, &root, "Workloads").await;
    let tag = PolicyType::Tag;
    let append = json!({"tags": {"costcenter": {"tag_value": {"@@append": ["CC-7777"]}}}});
    policy(&b, &tag, "AppendWorkloads", append, &[&workloads]).await;
    let remove = json!({"tags": {"costcenter": {"tag_value": {"@@remove": ["CC-1001"]}},
        "project": {"tag_key": {"@@assign": "Project"}}}});
    policy(&b, &tag, "RemoveOnWebProd", remove, &[WEB_PROD]).await;
    let assign = json!({"tags": {"costcenter": {"tag_key": {"@@assign": "COSTCENTER"}}}});
    policy(&b, &tag, "AssignOnPci", assign, &[PCI_ACCOUNT]).await;

    let web = effective(&b, &tag, WEB_PROD).await;
    let mut want: Vec<&str> = ROOT_CCS[1..].to_vec();
    want.push("CC-7777");
    assert_eq!(cost_centers(&web), want);
    assert_eq!(web["tags"]["project"], json!({"tag_key": "Project"}));
    assert_eq!(web["tags"]["costcenter"]["tag_key"], "CostCenter");

    let pci = effective(&b, &tag, PCI_ACCOUNT).await;
    assert_eq!(pci["tags"]["costcenter"]["tag_key"], "COSTCENTER");
    assert!(cost_centers(&pci).contains(&"CC-7777") && cost_centers(&pci).contains(&"CC-1001"));
    // Outside Workloads only the root's policy applies.
    assert_eq!(
        cost_centers(&effective(&b, &tag, AUDIT).await),
        ROOT_CCS.to_vec()
    );
    assert!(invalid_accounts(&b, &tag).await.is_empty());
}

#[tokio::test]
async fn a_child_using_an_operator_its_parent_disallows_is_reported() {
    let b = demo().with_page_size(1);
    let root = root_id(&b).await;
    let payments = ou_named(
        &b,
        &ou_named(&b, &ou_named(&b, &root, "Workloads").await, "Prod").await,
        "Payments",
    )
    .await;
    let tag = PolicyType::Tag;
    let lock = json!({"tags": {"costcenter": {
        "@@operators_allowed_for_child_policies": ["@@append"],
        "tag_key": {"@@assign": "CostCenter"}
    }}});
    let parent = policy(&b, &tag, "LockCostCenter", lock, &[&root]).await;
    let child = json!({"tags": {"costcenter": {
        "tag_key": {"@@assign": "cost-center"},
        "tag_value": {"@@append": ["CC-8888"]},
        "enforced_for": {"@@assign": []}
    }}});
    let child_id = policy(&b, &tag, "RenameInPayments", child, &[&payments]).await;

    // The disallowed changes are left out; the allowed append is kept.
    let e = effective(&b, &tag, PCI_ACCOUNT).await;
    assert_eq!(e["tags"]["costcenter"]["tag_key"], "CostCenter");
    assert!(cost_centers(&e).contains(&"CC-8888"));
    assert_eq!(
        e["tags"]["costcenter"]["enforced_for"]
            .as_array()
            .map(Vec::len),
        Some(4)
    );

    let mut invalid = invalid_accounts(&b, &tag).await;
    invalid.sort();
    let mut want = vec!["956242520113", "729954882314", "948870541975", PCI_ACCOUNT];
    want.sort();
    assert_eq!(invalid, want);

    let first = b
        .list_effective_policy_validation_errors(PCI_ACCOUNT, &tag, None)
        .await
        .unwrap();
    assert_eq!(first.account_id, PCI_ACCOUNT);
    assert_eq!(first.kind, tag);
    assert!(
        first
            .path
            .starts_with("o-k3x9q2m7wd/r-7f3k/ou-7f3k-6vdiqi6t/"),
        "{}",
        first.path
    );
    assert!(
        first
            .path
            .ends_with(&format!("ou-7f3k-y048muf1/{PCI_ACCOUNT}/")),
        "{}",
        first.path
    );
    assert_eq!(first.errors.items.len(), 1);
    let token = first.errors.next_token.clone().expect("a second page");
    let second = b
        .list_effective_policy_validation_errors(PCI_ACCOUNT, &tag, Some(token))
        .await
        .unwrap();
    assert_eq!(second.errors.next_token, None);
    let errors: Vec<_> = first
        .errors
        .items
        .iter()
        .chain(&second.errors.items)
        .collect();
    let paths: Vec<&str> = errors.iter().map(|e| e.path_to_error.as_str()).collect();
    assert_eq!(
        paths,
        ["tags/costcenter/tag_key", "tags/costcenter/enforced_for"]
    );
    for e in errors {
        assert_eq!(e.error_code, "OPERATOR_NOT_ALLOWED");
        assert_eq!(
            e.contributing_policies,
            vec![parent.clone(), child_id.clone()]
        );
        assert!(e.error_message.contains("@@assign"), "{}", e.error_message);
    }
    // An account outside Payments has nothing to report.
    let audit = b
        .list_effective_policy_validation_errors(AUDIT, &tag, None)
        .await
        .unwrap();
    assert!(audit.errors.items.is_empty());
}

#[tokio::test]
async fn none_forbids_every_change_below() {
    let b = demo();
    let root = root_id(&b).await;
    let sandbox = ou_named(&b, &root, "Sandbox").await;
    let backup = PolicyType::Backup;
    assert_eq!(
        code(b.describe_effective_policy(&backup, AUDIT).await),
        "EffectivePolicyNotFoundException"
    );
    b.enable_policy_type(&root, &backup).await.unwrap();
    assert_eq!(
        code(b.describe_effective_policy(&backup, AUDIT).await),
        "EffectivePolicyNotFoundException"
    );
    // Whole plans, as AWS's backup policy syntax has them (regions, rules, selections).
    let plan = |name: &str, region: &str, cron: &str| {
        json!({
            "regions": {"@@assign": [region]},
            "rules": {name: {"schedule_expression": {"@@assign": cron},
                "target_backup_vault_name": {"@@assign": "Default"}}},
            "selections": {"tags": {name: {"iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/Backup"},
                "tag_key": {"@@assign": "backup"}, "tag_value": {"@@assign": [name]}}}}
        })
    };
    let mut daily = plan("daily", "us-east-1", "cron(0 5 ? * * *)");
    daily["@@operators_allowed_for_child_policies"] = json!(["@@none"]);
    policy(
        &b,
        &backup,
        "DailyBackups",
        json!({"plans": {"daily": daily}}),
        &[&root],
    )
    .await;
    let regions = json!({"plans": {"daily": {"regions": {"@@append": ["eu-west-1"]}},
        "weekly": plan("weekly", "eu-west-1", "cron(0 5 ? * 1 *)")}});
    policy(&b, &backup, "SandboxRegions", regions, &[&sandbox]).await;
    let e = effective(&b, &backup, "147057395978").await;
    assert_eq!(e["plans"]["daily"]["regions"], json!(["us-east-1"]));
    assert_eq!(
        e["plans"]["daily"]["rules"]["daily"]["target_backup_vault_name"],
        "Default"
    );
    // A new plan beside the locked one is allowed.
    assert_eq!(e["plans"]["weekly"]["regions"], json!(["eu-west-1"]));
    assert_eq!(
        invalid_accounts(&b, &backup).await.len(),
        7,
        "the seven sandbox accounts"
    );
}

#[tokio::test]
async fn effective_policy_error_codes() {
    let b = demo();
    let root = root_id(&b).await;
    let tag = PolicyType::Tag;
    for t in [
        PolicyType::ServiceControl,
        PolicyType::ResourceControl,
        PolicyType::Other("X".into()),
    ] {
        assert_eq!(
            code(b.describe_effective_policy(&t, WEB_PROD).await),
            "InvalidInputException"
        );
        assert_eq!(
            code(
                b.list_accounts_with_invalid_effective_policy(&t, None)
                    .await
            ),
            "InvalidInputException"
        );
        assert_eq!(
            code(
                b.list_effective_policy_validation_errors(WEB_PROD, &t, None)
                    .await
            ),
            "InvalidInputException"
        );
    }
    let e = b.describe_effective_policy(&tag, &root).await.unwrap_err();
    assert_eq!(e.code, "InvalidInputException");
    assert!(
        e.message.starts_with("TARGET_NOT_SUPPORTED"),
        "{}",
        e.message
    );
    assert_eq!(
        code(b.describe_effective_policy(&tag, "nonsense").await),
        "InvalidInputException"
    );
    assert_eq!(
        code(b.describe_effective_policy(&tag, "000000000001").await),
        "TargetNotFoundException"
    );
    assert_eq!(
        code(
            b.list_effective_policy_validation_errors("000000000001", &tag, None)
                .await
        ),
        "AccountNotFoundException"
    );
    assert_eq!(
        code(
            b.list_accounts_with_invalid_effective_policy(&PolicyType::Chatbot, None)
                .await
        ),
        "EffectivePolicyNotFoundException"
    );
    let other = b
        .list_effective_policy_validation_errors(WEB_PROD, &tag, Some("bad".into()))
        .await;
    assert_eq!(code(other), "InvalidInputException");
    assert_eq!(
        code(
            DemoBackend::empty("123456789012")
                .describe_effective_policy(&tag, WEB_PROD)
                .await
        ),
        "AWSOrganizationsNotInUseException"
    );
}

#[tokio::test]
async fn invalid_accounts_of_a_large_organization_are_found_in_one_pass() {
    let b = DemoBackend::generated(10_000).unwrap();
    let root = root_id(&b).await;
    let tag = PolicyType::Tag;
    b.enable_policy_type(&root, &tag).await.unwrap();
    let lock = json!({"tags": {"@@operators_allowed_for_child_policies": ["@@none"],
        "team": {"tag_key": {"@@assign": "Team"}}}});
    policy(&b, &tag, "Locked", lock, &[&root]).await;
    let first_ou = b
        .list_organizational_units_for_parent(&root, None)
        .await
        .unwrap()
        .items[0]
        .id
        .clone();
    let child = json!({"tags": {"team": {"tag_key": {"@@assign": "team"}}}});
    policy(&b, &tag, "Renamed", child, &[&first_ou]).await;
    let want: HashSet<String> = {
        let st = b.lock();
        let org = st.org().unwrap();
        org.accounts
            .iter()
            .filter(|a| {
                // Up the tree from the account's parent until the root.
                let mut at = a.parent.clone();
                while let Some(ou) = org.ou(&at) {
                    if ou.id == first_ou {
                        return true;
                    }
                    at = ou.parent.clone();
                }
                false
            })
            .map(|a| a.account.id.clone())
            .collect()
    };
    assert!(!want.is_empty() && want.len() < 10_000, "{}", want.len());
    let started = std::time::Instant::now();
    let got: HashSet<String> = invalid_accounts(&b, &tag).await.into_iter().collect();
    eprintln!(
        "{} invalid of 10,000 accounts, listed in {:?}",
        got.len(),
        started.elapsed()
    );
    assert_eq!(got, want);
}

/// An operator key in an object reached through objects (list items are data, kept as
/// written).
fn has_operator_key(v: &Value) -> bool {
    match v {
        Value::Object(m) => m
            .iter()
            .any(|(k, v)| k.starts_with("@@") || has_operator_key(v)),
        _ => false,
    }
}

/// Documents made of the operators, a few keys and values of every JSON kind.
fn documents() -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        prop::sample::select(vec![
            "*", "x", "y", "@@all", "@@none", "@@append", "@@assign"
        ])
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(4, 40, 5, |inner| {
        let key = prop::sample::select(vec![
            "@@assign",
            "@@append",
            "@@remove",
            "@@operators_allowed_for_child_policies",
            "@@other",
            "tags",
            "a",
            "b",
        ]);
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..4).prop_map(|pairs| {
                Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    #[test]
    fn merging_any_documents_never_panics(docs in proptest::collection::vec(documents(), 1..4)) {
        let b = demo();
        let mut st = b.lock();
        let org = st.org.as_mut().unwrap();
        let root = org.root.id.clone();
        let targets = [root.as_str(), "ou-7f3k-6vdiqi6t", "ou-7f3k-9exqc0n3", WEB_PROD];
        for (i, (doc, target)) in docs.iter().zip(targets).enumerate() {
            // Straight into the state: the point is the merge, not the validator.
            org.policies.push(Policy {
                summary: PolicySummary {
                    id: format!("p-prop{i:04}"),
                    arn: String::new(),
                    name: format!("prop{i}"),
                    description: String::new(),
                    kind: PolicyType::Tag,
                    aws_managed: false,
                },
                content: doc.to_string(),
            });
            org.attachments.push((format!("p-prop{i:04}"), target.to_string()));
        }
        let inheritance = org.inheritance(&PolicyType::Tag);
        let e = org.effective(&inheritance, WEB_PROD);
        proptest::prop_assert!(e.applies);
        for err in &e.errors {
            proptest::prop_assert!(!err.contributing_policies.is_empty());
        }
        // The effective document never keeps an operator key.
        let doc = Value::Object(e.document);
        proptest::prop_assert!(!has_operator_key(&doc), "{}", doc);
    }
}
