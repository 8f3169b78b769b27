//! Speed target of the evaluator (issue 8): one action for an account at the deepest place
//! AWS allows (root, 5 nested OUs, the account: 7 levels) with 5 SCPs of 50 statements at
//! each level; with the documents read in the same call, and read beforehand (`Prepared`,
//! as the UI keeps them). It must be far below one frame (16 ms).
//! Run: `cargo bench --bench policy_eval`.

// Bench and test code: a failed setup step should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use orgtui::org::{PolicyType, TargetKind};
use orgtui::policy::eval::{AttachedPolicy, EvalInput, Level};
use orgtui::policy::{evaluate, Prepared, Query, Verdict};

/// 50 statements: 49 that miss an S3 action (denies of other services, with wildcards,
/// resources and conditions) and, in the last policy of a level, an Allow of everything.
fn policy(level: usize, n: usize) -> AttachedPolicy {
    let mut statements: Vec<String> = (0..49)
        .map(|i| {
            let svc = format!("svc{level}{n}{i}");
            let condition = if i % 5 == 0 {
                r#","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"]}}"#
            } else {
                ""
            };
            format!(
                r#"{{"Sid":"S{i}","Effect":"Deny","Action":["{svc}:Get*","{svc}:*Item","{svc}:Put?bject"],"Resource":"arn:aws:{svc}:*:*:table/*"{condition}}}"#
            )
        })
        .collect();
    let last = if n == 4 {
        r#"{"Sid":"AllowAll","Effect":"Allow","Action":"*","Resource":"*"}"#
    } else {
        r#"{"Sid":"NoLeave","Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}"#
    };
    statements.push(last.to_string());
    AttachedPolicy {
        id: format!("p-bench{level}{n:04}"),
        name: format!("policy-{level}-{n}"),
        kind: PolicyType::ServiceControl,
        aws_managed: false,
        content: format!(
            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
            statements.join(",")
        ),
    }
}

fn input() -> EvalInput {
    let path = (0..7)
        .map(|level| Level {
            id: format!("level-{level}"),
            name: format!("level {level}"),
            kind: match level {
                0 => TargetKind::Root,
                6 => TargetKind::Account,
                _ => TargetKind::OrganizationalUnit,
            },
            policies: (0..5).map(|n| policy(level, n)).collect(),
        })
        .collect();
    EvalInput {
        path,
        management_account: false,
        scps_enabled: true,
        rcps_enabled: true,
        organization_id: None,
        partition: Some("aws".into()),
    }
}

fn bench(c: &mut Criterion) {
    let input = input();
    let chars: usize = input.path[0].policies[0].content.chars().count();
    println!("7 levels × 5 SCPs × 50 statements, {chars} characters per SCP");
    // Without a resource, each resource type of the action (of each action a wildcard
    // matches: `*` is every action AWS has) is asked about.
    for (action, resource, verdict) in [
        (
            "s3:PutObject",
            Some("arn:aws:s3:::bucket/key"),
            Verdict::Allowed,
        ),
        ("s3:PutObject", None, Verdict::Allowed),
        ("s3:*", None, Verdict::Allowed),
        ("*", None, Verdict::Denied),
    ] {
        let q = Query::new(action, resource).expect("query");
        assert_eq!(evaluate(&input, &q).verdict, verdict);
        let on = if resource.is_some() {
            " on a resource"
        } else {
            ""
        };
        c.bench_function(&format!("evaluate {action}{on}, documents read too"), |b| {
            b.iter(|| evaluate(&input, &q))
        });
        let prepared = Prepared::new(input.clone());
        assert_eq!(prepared.evaluate(&q), evaluate(&input, &q));
        c.bench_function(
            &format!("evaluate {action}{on}, documents read before"),
            |b| b.iter(|| prepared.evaluate(&q)),
        );
    }
}

/// The action data (issue 16): reading the compiled-in asset once (what the first
/// validation or evaluation pays), and the validator's warnings for one SCP.
fn catalog(c: &mut Criterion) {
    use orgtui::policy::catalog;
    println!("assets/iam-data.txt: {} bytes", catalog::ASSET.len());
    c.bench_function("catalog: parse the asset once", |b| {
        b.iter(|| catalog::parse(catalog::ASSET).expect("asset"))
    });
    let scp = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["s3:GetObjekt","s3:Put*","iam:ListRoles"],"Resource":["arn:aws:s3:::data/*","arn:aws:s3:::logs"],"Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1","aws:PrincipalTag/Team":"ops"}}}]}"#;
    let kind = PolicyType::ServiceControl;
    catalog::catalog();
    assert!(!orgtui::policy::warnings(&kind, scp).is_empty());
    c.bench_function("catalog: warnings for one SCP", |b| {
        b.iter(|| orgtui::policy::warnings(&kind, scp))
    });
}

criterion_group!(benches, bench, catalog);
criterion_main!(benches);
