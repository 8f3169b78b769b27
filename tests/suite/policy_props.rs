//! Properties of the validator and the evaluator: neither panics on any input, arbitrary
//! text or JSON built from the policy grammar's own words, and the validator's positions
//! always lie inside the text.

use orgtui::org::{PolicyType, TargetKind};
use orgtui::policy::eval::{AttachedPolicy, EvalInput, Level};
use orgtui::policy::{evaluate, minify, validate, Query};
use proptest::prelude::*;

const KINDS: [&str; 6] = [
    "SERVICE_CONTROL_POLICY",
    "RESOURCE_CONTROL_POLICY",
    "TAG_POLICY",
    "BACKUP_POLICY",
    "AISERVICES_OPT_OUT_POLICY",
    "CHATBOT_POLICY",
];

/// Words the grammar looks for, so generated documents reach deep into its checks.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "Version",
            "Statement",
            "Sid",
            "Effect",
            "Allow",
            "Deny",
            "Action",
            "NotAction",
            "Resource",
            "NotResource",
            "Condition",
            "Principal",
            "NotPrincipal",
            "*",
            "s3:*",
            "ec2:Run*",
            "iam:?et*",
            "arn:aws:s3:::b/*",
            "2012-10-17",
            "StringEquals",
            "ForAnyValue:StringLikeIfExists",
            "aws:RequestedRegion",
            "tags",
            "plans",
            "@@assign",
            "@@append",
            "@@remove",
            "@@operators_allowed_for_child_policies",
            "@@none",
            "@@bogus",
            "tag_key",
        ])
        .prop_map(str::to_string),
        "\\PC{0,12}",
    ]
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(Value::from),
        word().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((word(), inner), 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A three-level path with `content` as an SCP and an RCP at the account.
fn input_with(content: &str) -> EvalInput {
    let p = |kind, name: &str, content: &str| AttachedPolicy {
        id: format!("p-{name}"),
        name: name.into(),
        kind,
        aws_managed: false,
        content: content.into(),
    };
    let full = r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#;
    let level = |kind, id: &str, policies| Level {
        id: id.into(),
        name: id.into(),
        kind,
        policies,
    };
    EvalInput {
        path: vec![
            level(
                TargetKind::Root,
                "r-ab12",
                vec![p(PolicyType::ServiceControl, "full", full)],
            ),
            level(
                TargetKind::OrganizationalUnit,
                "ou-ab12-11111111",
                vec![p(PolicyType::ServiceControl, "full", full)],
            ),
            level(
                TargetKind::Account,
                "123456789012",
                vec![
                    p(PolicyType::ServiceControl, "scp", content),
                    p(PolicyType::ResourceControl, "rcp", content),
                ],
            ),
        ],
        management_account: false,
        scps_enabled: true,
        rcps_enabled: true,
    }
}

fn positions_inside(text: &str) {
    let lines: Vec<&str> = text.split('\n').collect();
    for kind in KINDS {
        for p in validate(&PolicyType::from_api_str(kind), text) {
            assert!(p.line >= 1 && p.line <= lines.len(), "{p:?} in {text:?}");
            let width = lines[p.line - 1].chars().count();
            assert!(p.column >= 1 && p.column <= width + 1, "{p:?} in {text:?}");
            assert!(!p.message.is_empty());
        }
    }
}

proptest! {
    #[test]
    fn the_validator_never_panics_on_any_text(text in "\\PC{0,300}") {
        positions_inside(&text);
        let _ = minify(&text);
    }

    #[test]
    fn the_validator_never_panics_on_json_built_from_policy_words(v in json_value(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&v) } else { serde_json::to_string(&v) }
            .expect("serializable");
        positions_inside(&text);
        // Minifying valid JSON keeps it the same document.
        let back: serde_json::Value = serde_json::from_str(&minify(&text)).expect("still JSON");
        prop_assert_eq!(back, v);
    }

    #[test]
    fn the_evaluator_never_panics(v in json_value(), text in "\\PC{0,80}", action in "[a-z0-9*?:]{1,12}", resource in proptest::option::of("arn:[a-z*?:/]{0,20}")) {
        let doc = serde_json::to_string(&serde_json::json!({"Version": "2012-10-17", "Statement": v})).expect("json");
        if let Ok(q) = Query::new(&action, resource.as_deref()) {
            for content in [doc.as_str(), text.as_str()] {
                let e = evaluate(&input_with(content), &q);
                prop_assert_eq!(e.levels.len(), 3);
            }
        }
    }
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let problems = validate(&PolicyType::ServiceControl, &deep);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].message.contains("nested more than"),
        "{problems:?}"
    );
    assert!(
        problems[1].message.contains("over the limit"),
        "{problems:?}"
    );
}
