//! The SCP/RCP evaluator, table by table: allow-lists, deny-lists, NotAction, wildcards at
//! the start, middle and end, Resource/NotResource, conditions, an Allow missing at a middle
//! level or at the account itself, RCP denies, the management account; and what the trace
//! says at each level.

use orgtui::org::{PolicyType, TargetKind};
use orgtui::policy::eval::{AttachedPolicy, EvalInput, Level, LevelDecision, StatementOutcome};
use orgtui::policy::{evaluate, Evaluation, Query, Verdict};

const FULL: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

pub(crate) fn policy(kind: PolicyType, name: &str, content: &str) -> AttachedPolicy {
    AttachedPolicy {
        id: format!("p-{}", name.to_lowercase()),
        name: name.into(),
        kind,
        aws_managed: name == "FullAWSAccess",
        content: content.into(),
    }
}

pub(crate) fn scp(name: &str, content: &str) -> AttachedPolicy {
    policy(PolicyType::ServiceControl, name, content)
}

pub(crate) fn rcp(name: &str, content: &str) -> AttachedPolicy {
    policy(PolicyType::ResourceControl, name, content)
}

pub(crate) fn full() -> AttachedPolicy {
    scp("FullAWSAccess", FULL)
}

/// One statement as a policy document.
pub(crate) fn doc(statement: &str) -> String {
    format!(r#"{{"Version":"2012-10-17","Statement":[{statement}]}}"#)
}

/// Root → OU Workloads → OU Prod → account app-prod, with these policies at each level.
pub(crate) fn path(
    root: Vec<AttachedPolicy>,
    workloads: Vec<AttachedPolicy>,
    prod: Vec<AttachedPolicy>,
    account: Vec<AttachedPolicy>,
) -> EvalInput {
    let level = |kind, id: &str, name: &str, policies| Level {
        id: id.into(),
        name: name.into(),
        kind,
        policies,
    };
    EvalInput {
        path: vec![
            level(TargetKind::Root, "r-ab12", "Root", root),
            level(
                TargetKind::OrganizationalUnit,
                "ou-ab12-11111111",
                "Workloads",
                workloads,
            ),
            level(
                TargetKind::OrganizationalUnit,
                "ou-ab12-22222222",
                "Prod",
                prod,
            ),
            level(TargetKind::Account, "123456789012", "app-prod", account),
        ],
        management_account: false,
        scps_enabled: true,
        rcps_enabled: true,
        organization_id: None,
        partition: Some("aws".into()),
    }
}

/// FullAWSAccess everywhere plus `extra` at Prod.
pub(crate) fn full_with_at_prod(extra: AttachedPolicy) -> EvalInput {
    path(
        vec![full()],
        vec![full()],
        vec![full(), extra],
        vec![full()],
    )
}

fn eval(input: &EvalInput, action: &str, resource: Option<&str>) -> Evaluation {
    let q = Query::new(action, resource).expect("a valid query");
    evaluate(input, &q)
}

/// The verdict, and that the reason names `words`.
pub(crate) fn expect(e: &Evaluation, verdict: Verdict, words: &[&str]) {
    assert_eq!(e.verdict, verdict, "{}: {}", e.question, e.reason);
    for w in words {
        assert!(e.reason.contains(w), "{:?} should name {w:?}", e.reason);
    }
}

#[test]
fn a_deny_list_denies_what_it_lists_and_full_access_allows_the_rest() {
    let input = full_with_at_prod(scp(
        "DenyDynamoDB",
        &doc(r#"{"Sid":"NoDynamo","Effect":"Deny","Action":"dynamodb:*","Resource":"*"}"#),
    ));
    let e = eval(&input, "dynamodb:PutItem", None);
    expect(
        &e,
        Verdict::Denied,
        &["OU Prod", "NoDynamo", "DenyDynamoDB"],
    );
    let e = eval(&input, "s3:PutObject", None);
    expect(&e, Verdict::Allowed, &["app-prod"]);
    for l in &e.levels {
        assert!(
            matches!(&l.decision, LevelDecision::Allowed { by } if by.policy_name == "FullAWSAccess"),
            "{l:?}"
        );
    }
    // The trace of the deny-list statement at Prod says it did not match.
    let prod = &e.levels[2].policies[1].statements[0];
    assert_eq!(prod.outcome, StatementOutcome::NoMatch);
    assert!(
        prod.explanation.contains("Action dynamodb:*"),
        "{}",
        prod.explanation
    );
}

#[test]
fn an_allow_list_allows_only_what_it_lists() {
    let allow = scp(
        "AllowEc2Cw",
        &doc(
            r#"{"Sid":"OnlyEc2","Effect":"Allow","Action":["ec2:*","cloudwatch:*"],"Resource":"*"}"#,
        ),
    );
    let input = path(vec![full()], vec![allow], vec![full()], vec![full()]);
    let e = eval(&input, "ec2:RunInstances", None);
    expect(&e, Verdict::Allowed, &[]);
    assert!(
        matches!(&e.levels[1].decision, LevelDecision::Allowed { by } if by.statement == "OnlyEc2")
    );
    let e = eval(&input, "s3:PutObject", None);
    expect(&e, Verdict::Denied, &["no Allow matched at Workloads"]);
}

#[test]
fn not_action_denies_everything_else() {
    let deny = scp(
        "OnlyIam",
        &doc(
            r#"{"Sid":"DenyAllButIam","Effect":"Deny","NotAction":["iam:*","organizations:*"],"Resource":"*"}"#,
        ),
    );
    let input = full_with_at_prod(deny);
    expect(&eval(&input, "iam:CreateRole", None), Verdict::Allowed, &[]);
    expect(
        &eval(&input, "s3:PutObject", None),
        Verdict::Denied,
        &["DenyAllButIam"],
    );
    // An Allow with NotAction allows what it does not list.
    let allow = scp(
        "AllButS3",
        &doc(r#"{"Sid":"NotS3","Effect":"Allow","NotAction":"s3:*","Resource":"*"}"#),
    );
    let input = path(vec![full()], vec![allow], vec![full()], vec![full()]);
    expect(
        &eval(&input, "ec2:RunInstances", None),
        Verdict::Allowed,
        &[],
    );
    expect(
        &eval(&input, "s3:GetObject", None),
        Verdict::Denied,
        &["no Allow matched at Workloads"],
    );
}

#[test]
fn wildcards_match_at_the_start_middle_and_end_case_insensitively() {
    let deny = scp(
        "Wild",
        &doc(
            r#"{"Sid":"Start","Effect":"Deny","Action":"s3:*Object","Resource":"*"},{"Sid":"Middle","Effect":"Deny","Action":"iam:Create*Key","Resource":"*"},{"Sid":"End","Effect":"Deny","Action":"ec2:Run*","Resource":"*"},{"Sid":"One","Effect":"Deny","Action":"kms:?ecrypt","Resource":"*"}"#,
        ),
    );
    let input = full_with_at_prod(deny);
    let cases = [
        ("s3:PutObject", Some("Start")),
        ("S3:deleteobject", Some("Start")),
        ("s3:PutObjectAcl", None),
        ("iam:CreateAccessKey", Some("Middle")),
        ("iam:CreateKey", Some("Middle")),
        ("iam:CreateRole", None),
        ("ec2:RunInstances", Some("End")),
        ("EC2:runscheduledinstances", Some("End")),
        ("ec2:StartInstances", None),
        ("kms:Decrypt", Some("One")),
        ("kms:ReEncrypt", None),
    ];
    for (action, denied_by) in cases {
        let e = eval(&input, action, None);
        match denied_by {
            Some(sid) => expect(&e, Verdict::Denied, &[sid]),
            None => expect(&e, Verdict::Allowed, &[]),
        }
    }
}

#[test]
fn a_question_with_wildcards_asks_about_every_action_it_names() {
    let deny = scp(
        "NoRun",
        &doc(r#"{"Sid":"NoRun","Effect":"Deny","Action":"ec2:RunInstances","Resource":"*"}"#),
    );
    let input = full_with_at_prod(deny);
    let e = eval(&input, "ec2:*", None);
    expect(&e, Verdict::Denied, &["NoRun"]);
    assert!(
        e.question.starts_with("every action matching ec2:*"),
        "{}",
        e.question
    );
    // Each EC2 action is asked about on its own resource types: the trace is that of one
    // the Deny decides, and the reason names which are denied.
    let st = &e.levels[2].policies[1].statements[0];
    assert_eq!(st.outcome, StatementOutcome::Denies);
    assert!(
        st.explanation.contains("denies ec2:RunInstances"),
        "{}",
        st.explanation
    );
    expect(
        &e,
        Verdict::Denied,
        &["denied for ec2:RunInstances (", "allowed for ec2:"],
    );
    expect(&eval(&input, "iam:Create*", None), Verdict::Allowed, &[]);
    expect(&eval(&input, "ec2:Describe*", None), Verdict::Allowed, &[]);
    // An allow-list of ec2:Describe* allows only part of ec2:*.
    let allow = scp(
        "Describe",
        &doc(r#"{"Sid":"Describe","Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}"#),
    );
    let input = path(vec![full()], vec![full()], vec![full()], vec![allow]);
    let e = eval(&input, "ec2:*", None);
    expect(
        &e,
        Verdict::Denied,
        &["app-prod", "allowed for ec2:Describe", "no Allow matched"],
    );
    // With a resource too, each action it matches is asked about (on that resource).
    let e = eval(
        &input,
        "ec2:*",
        Some("arn:aws:ec2:us-east-1:123456789012:vpc/v"),
    );
    expect(
        &e,
        Verdict::Denied,
        &["app-prod", "allowed for ec2:Describe", "no Allow matched"],
    );
    expect(
        &eval(&input, "ec2:DescribeVpcs", None),
        Verdict::Allowed,
        &[],
    );
}

#[test]
fn resource_and_not_resource_restrict_statements_to_arns() {
    let allow = scp(
        "SharedBucket",
        &doc(
            r#"{"Sid":"Shared","Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::shared","arn:aws:s3:::shared/*"]}"#,
        ),
    );
    let input = path(vec![full()], vec![full()], vec![full()], vec![allow]);
    expect(
        &eval(
            &input,
            "s3:GetObject",
            Some("arn:aws:s3:::shared/report.csv"),
        ),
        Verdict::Allowed,
        &[],
    );
    expect(
        &eval(&input, "s3:GetObject", Some("arn:aws:s3:::other/x")),
        Verdict::Denied,
        &["no Allow matched at app-prod"],
    );
    // Without a resource the question is every object (and access point object): only
    // part of them is allowed.
    expect(
        &eval(&input, "s3:GetObject", None),
        Verdict::Denied,
        &["no Allow matched"],
    );
    expect(
        &eval(&input, "s3:GetObject", Some("arn:aws:s3:::*")),
        Verdict::Denied,
        &["allows only part"],
    );

    let deny = scp(
        "OnlyLogs",
        &doc(
            r#"{"Sid":"OutsideLogs","Effect":"Deny","Action":"s3:PutObject","NotResource":"arn:aws:s3:::logs-?/*"}"#,
        ),
    );
    let input = full_with_at_prod(deny);
    expect(
        &eval(&input, "s3:PutObject", Some("arn:aws:s3:::logs-1/a")),
        Verdict::Allowed,
        &[],
    );
    expect(
        &eval(&input, "s3:PutObject", Some("arn:aws:s3:::data/a")),
        Verdict::Denied,
        &["OutsideLogs"],
    );
    expect(
        &eval(&input, "s3:PutObject", Some("arn:aws:s3:::logs-10/a")),
        Verdict::Denied,
        &["OutsideLogs"],
    );
    // ARNs are case-sensitive, actions are not.
    expect(
        &eval(&input, "S3:PUTOBJECT", Some("arn:aws:s3:::LOGS-1/a")),
        Verdict::Denied,
        &["OutsideLogs"],
    );
}

#[test]
fn conditions_are_never_guessed() {
    let lock = scp(
        "RegionLock",
        &doc(
            r#"{"Sid":"DenyOutsideEU","Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"]}}}"#,
        ),
    );
    let input = full_with_at_prod(lock.clone());
    let e = eval(&input, "ec2:RunInstances", None);
    expect(
        &e,
        Verdict::DependsOnCondition,
        &["DenyOutsideEU", "RegionLock", "aws:RequestedRegion"],
    );
    match &e.levels[2].decision {
        LevelDecision::DependsOnCondition { by, condition } => {
            assert_eq!(by.statement, "DenyOutsideEU");
            assert_eq!(
                condition,
                r#"{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"]}}"#
            );
        }
        d => panic!("{d:?}"),
    }
    expect(&eval(&input, "iam:CreateRole", None), Verdict::Allowed, &[]);
    // An unconditional Deny elsewhere decides regardless of the condition.
    let input = path(
        vec![
            full(),
            scp(
                "NoEc2",
                &doc(r#"{"Sid":"NoEc2","Effect":"Deny","Action":"ec2:*","Resource":"*"}"#),
            ),
        ],
        vec![full()],
        vec![full(), lock],
        vec![full()],
    );
    expect(
        &eval(&input, "ec2:RunInstances", None),
        Verdict::Denied,
        &["NoEc2"],
    );
    // An Allow that only holds under a condition.
    let allow = scp(
        "TaggedOnly",
        &doc(
            r#"{"Sid":"IfTagged","Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"ops"}}}"#,
        ),
    );
    let input = path(vec![full()], vec![allow], vec![full()], vec![full()]);
    expect(
        &eval(&input, "s3:PutObject", None),
        Verdict::DependsOnCondition,
        &["IfTagged", "aws:PrincipalTag/team"],
    );
    // A conditional Allow of only part of the question does not allow it.
    let allow = scp(
        "SomeTagged",
        &doc(
            r#"{"Sid":"IfTagged","Effect":"Allow","Action":"s3:Get*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}"#,
        ),
    );
    let input = path(vec![full()], vec![allow], vec![full()], vec![full()]);
    let e = eval(&input, "s3:*", None);
    expect(
        &e,
        Verdict::Denied,
        &[
            "no Allow matched at Workloads",
            "depends on condition for s3:Get",
        ],
    );
    // Asked with a resource, each action on it: the same answer, the Allow's condition
    // read in the trace of an action it reaches.
    let e = eval(&input, "s3:*", Some("arn:aws:s3:::*"));
    expect(
        &e,
        Verdict::Denied,
        &[
            "no Allow matched at Workloads",
            "depends on condition for s3:Get",
        ],
    );
    let q = Query::new("s3:GetObject", Some("arn:aws:s3:::*")).expect("query");
    let e = evaluate(&input, &q);
    let st = &e.levels[1].policies[0].statements[0];
    assert_eq!(st.outcome, StatementOutcome::AllowsIfCondition);
    assert!(
        st.explanation
            .ends_with(r#"depending on condition {"Bool":{"aws:SecureTransport":"true"}}"#),
        "{}",
        st.explanation
    );
}

#[test]
fn policy_variables_in_resources_are_not_guessed() {
    let deny = scp(
        "OwnPrefix",
        &doc(
            r#"{"Sid":"OutsideOwnPrefix","Effect":"Deny","Action":"s3:PutObject","NotResource":"arn:aws:s3:::home/${aws:username}/*"}"#,
        ),
    );
    let input = full_with_at_prod(deny);
    let e = eval(&input, "s3:PutObject", Some("arn:aws:s3:::home/alice/a"));
    expect(
        &e,
        Verdict::DependsOnCondition,
        &["OutsideOwnPrefix", "policy variables of NotResource"],
    );
    expect(&eval(&input, "s3:GetObject", None), Verdict::Allowed, &[]);
}

#[test]
fn an_allow_missing_at_a_middle_level_or_at_the_account_denies() {
    let deny_only = scp(
        "DenyLeave",
        &doc(
            r#"{"Sid":"NoLeave","Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}"#,
        ),
    );
    let input = path(
        vec![full()],
        vec![full()],
        vec![deny_only.clone()],
        vec![full()],
    );
    let e = eval(&input, "s3:PutObject", None);
    expect(
        &e,
        Verdict::Denied,
        &["OU Prod", "no Allow matched at Prod"],
    );
    assert!(matches!(
        e.levels[2].decision,
        LevelDecision::NoAllow { partly: None }
    ));
    assert!(
        matches!(e.levels[3].decision, LevelDecision::Allowed { .. }),
        "the levels below are still traced"
    );
    let input = path(vec![full()], vec![full()], vec![full()], vec![deny_only]);
    expect(
        &eval(&input, "s3:PutObject", None),
        Verdict::Denied,
        &["account app-prod", "no Allow matched at app-prod"],
    );
    let input = path(vec![full()], vec![full()], vec![full()], vec![]);
    expect(
        &eval(&input, "s3:PutObject", None),
        Verdict::Denied,
        &["no Allow matched at app-prod"],
    );
}

#[test]
fn rcps_only_deny_and_only_for_the_services_they_cover() {
    let rcp_full = rcp(
        "RCPFullAWSAccess",
        &doc(r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}"#),
    );
    let deny = rcp(
        "NoPublicS3",
        &doc(
            r#"{"Sid":"DenyS3","Effect":"Deny","Principal":"*","Action":["s3:*","sqs:*"],"Resource":"*"}"#,
        ),
    );
    let input = path(
        vec![full(), rcp_full.clone()],
        vec![full(), deny],
        vec![full()],
        vec![full(), rcp_full.clone()],
    );
    let e = eval(&input, "s3:GetObject", Some("arn:aws:s3:::b/k"));
    expect(&e, Verdict::Denied, &["DenyS3", "RCP NoPublicS3"]);
    expect(
        &eval(&input, "ec2:RunInstances", None),
        Verdict::Allowed,
        &[],
    );
    // RCPFullAWSAccess grants nothing: without an SCP Allow the level denies.
    let input = path(
        vec![full()],
        vec![rcp_full.clone()],
        vec![full()],
        vec![full()],
    );
    expect(
        &eval(&input, "s3:GetObject", None),
        Verdict::Denied,
        &["no Allow matched at Workloads"],
    );
    // A Deny for every action still skips services RCPs do not cover.
    let all = rcp(
        "DenyAll",
        &doc(r#"{"Sid":"DenyAll","Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}"#),
    );
    let input = full_with_at_prod(all);
    expect(
        &eval(&input, "kms:Decrypt", None),
        Verdict::Denied,
        &["DenyAll"],
    );
    let e = eval(&input, "ec2:RunInstances", None);
    expect(&e, Verdict::Allowed, &[]);
    assert_eq!(
        e.levels[2].policies[1].statements[0].outcome,
        StatementOutcome::NotApplicable
    );
    // With a condition on the principal, it depends.
    let cond = rcp(
        "External",
        &doc(
            r#"{"Sid":"NoExternal","Effect":"Deny","Principal":"*","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-abc"}}}"#,
        ),
    );
    expect(
        &eval(&full_with_at_prod(cond), "sts:AssumeRole", None),
        Verdict::DependsOnCondition,
        &["NoExternal"],
    );
}

#[test]
fn the_management_account_is_exempt() {
    let deny_all = scp(
        "DenyAll",
        &doc(r#"{"Effect":"Deny","Action":"*","Resource":"*"}"#),
    );
    let mut input = path(vec![full(), deny_all], vec![], vec![], vec![]);
    input.path.drain(1..3);
    input.management_account = true;
    let e = eval(&input, "s3:PutObject", None);
    expect(&e, Verdict::Exempt, &["management account"]);
    assert_eq!(e.levels.len(), 2, "the trace still shows what would apply");
}

#[test]
fn disabled_policy_types_restrict_nothing() {
    let deny = scp(
        "NoS3",
        &doc(r#"{"Effect":"Deny","Action":"s3:*","Resource":"*"}"#),
    );
    let mut input = path(vec![deny], vec![], vec![], vec![]);
    input.scps_enabled = false;
    let e = eval(&input, "s3:PutObject", None);
    expect(&e, Verdict::Allowed, &[]);
    assert!(e
        .levels
        .iter()
        .all(|l| l.decision == LevelDecision::NotRestricted));
    assert!(
        e.levels[0].policies.is_empty(),
        "a disabled type's policies are left out"
    );
}

#[test]
fn an_unreadable_policy_is_reported_not_guessed() {
    let input = full_with_at_prod(scp("Broken", "{\"Statement\": ["));
    let e = eval(&input, "s3:PutObject", None);
    // Issue 16: what cannot be read may deny; the answer is uncertain, never allowed.
    expect(&e, Verdict::DependsOnCondition, &["Broken", "cannot read"]);
    let broken = &e.levels[2].policies[1];
    assert!(
        broken
            .unreadable
            .as_deref()
            .is_some_and(|m| m.contains("line 1")),
        "{broken:?}"
    );
}

#[test]
fn malformed_questions_are_refused() {
    for bad in [
        "",
        "s3",
        "s3:",
        ":PutObject",
        "s3:Put Object",
        "s3:Put:Object",
    ] {
        assert!(Query::new(bad, None).is_err(), "{bad:?}");
    }
    assert!(Query::new("s3:PutObject", Some("bucket")).is_err());
    assert!(Query::new("s3:PutObject", Some("arn:aws:s3")).is_err());
    assert!(Query::new("*", Some("arn:aws:s3:::b/*")).is_ok());
}

#[test]
fn the_trace_serializes_as_json() {
    let input = full_with_at_prod(scp(
        "DenyDynamoDB",
        &doc(r#"{"Sid":"NoDynamo","Effect":"Deny","Action":"dynamodb:*","Resource":"*"}"#),
    ));
    let e = eval(&input, "dynamodb:PutItem", None);
    let v = serde_json::to_value(&e).expect("json");
    assert_eq!(v["verdict"], "denied");
    assert_eq!(v["levels"][2]["kind"], "OU");
    assert_eq!(v["levels"][2]["decision"]["result"], "denied");
    assert_eq!(v["levels"][2]["decision"]["by"]["statement"], "NoDynamo");
    assert_eq!(
        v["levels"][2]["policies"][1]["statements"][0]["outcome"],
        "denies"
    );
}
