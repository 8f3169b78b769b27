//! Properties of the validator and the evaluator: neither panics on any input, arbitrary
//! text or JSON built from the policy grammar's own words, and the validator's positions
//! always lie inside the text.

use orgtui::org::{PolicyType, TargetKind};
use orgtui::policy::eval::{AttachedPolicy, EvalInput, Level};
use orgtui::policy::{evaluate, minify, validate, Context, Query, Verdict};
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
        organization_id: None,
        partition: Some("aws".into()),
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

/// A statement from small pools of actions, resources and conditions, so that statements
/// meet each other (the same service, overlapping ARNs, the same keys).
fn statement(effect: &'static str) -> impl Strategy<Value = String> {
    let actions = prop::sample::select(vec![
        "*",
        "s3:*",
        "s3:Get*",
        "s3:?utObject",
        "ec2:*",
        "ec2:Run*",
        "iam:*",
        "sts:AssumeRole",
    ]);
    let resources = prop::sample::select(vec![
        "*",
        "arn:aws:s3:::data/*",
        "arn:aws:s3:::*",
        "arn:aws:ec2:*",
        "arn:aws:ec2:us-east-1:*",
        "arn:aws:iam::*:role/Admin*",
        "arn:aws:*",
        "bucket",
    ]);
    let conditions = prop::sample::select(vec![
        "",
        r#","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}"#,
        r#","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalTag/team":"ops"}}"#,
        r#","Condition":{"Null":{"aws:PrincipalTag/team":"true"}}"#,
        r#","Condition":{"ForAllValues:StringLike":{"aws:TagKeys":"a*"}}"#,
        r#","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#,
        r#","Condition":{"StringFuzzy":{"k":"v"}}"#,
    ]);
    (any::<bool>(), actions, any::<bool>(), resources, conditions).prop_map(
        move |(not_action, a, not_resource, r, c)| {
            let ak = if not_action { "NotAction" } else { "Action" };
            let rk = if not_resource {
                "NotResource"
            } else {
                "Resource"
            };
            format!(r#"{{"Effect":"{effect}","{ak}":"{a}","{rk}":"{r}"{c}}}"#)
        },
    )
}

fn question() -> impl Strategy<Value = Query> {
    let actions = prop::sample::select(vec![
        "s3:GetObject",
        "s3:PutObject",
        "s3:*",
        "ec2:RunInstances",
        "iam:CreateRole",
        "sts:AssumeRole",
    ]);
    let resources = prop::sample::select(vec![
        None,
        Some("arn:aws:s3:::data/a"),
        Some("arn:aws:ec2:us-east-1:111122223333:instance/i-1"),
        Some("arn:aws:iam::111122223333:role/AdminX"),
        Some("arn:aws:s3:::*"),
    ]);
    let contexts = prop::sample::select(vec![
        vec![],
        vec!["aws:RequestedRegion=eu-west-1"],
        vec!["aws:RequestedRegion=us-east-1", "aws:PrincipalTag/team="],
        vec![
            "aws:PrincipalTag/team=ops",
            "aws:TagKeys=ab,b",
            "aws:SourceIp=10.1.1.1",
        ],
    ]);
    (actions, resources, contexts).prop_map(|(a, r, c)| {
        let context = Context::parse(c).expect("context");
        Query::new(a, r).expect("query").with_context(context)
    })
}

proptest! {
    #[test]
    fn adding_a_deny_never_allows_more(
        statements in prop::collection::vec(prop_oneof![statement("Allow"), statement("Deny")], 1..5),
        deny in statement("Deny"),
        q in question(),
    ) {
        let before = format!(r#"{{"Version":"2012-10-17","Statement":[{}]}}"#, statements.join(","));
        let mut more = statements.clone();
        more.push(deny);
        let after = format!(r#"{{"Version":"2012-10-17","Statement":[{}]}}"#, more.join(","));
        let (b, a) = (evaluate(&input_with(&before), &q).verdict, evaluate(&input_with(&after), &q).verdict);
        if b != Verdict::Allowed {
            prop_assert_ne!(a, Verdict::Allowed, "{} then {}", before, after);
        }
        if b == Verdict::Denied {
            prop_assert_eq!(a, Verdict::Denied, "{} then {}", before, after);
        }
    }
}
