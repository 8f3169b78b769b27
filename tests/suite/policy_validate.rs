//! The policy validator: AWS's documented SCP examples pass; broken documents of every
//! kind are refused with the line, column and message of the problem.

use orgtui::org::PolicyType;
use orgtui::policy::{minify, size_over_limit, validate, warnings, Problem, Severity};

const SCP: PolicyType = PolicyType::ServiceControl;
const RCP: PolicyType = PolicyType::ResourceControl;

/// The one problem in `text`; fails when there are none or several.
fn one(kind: &PolicyType, text: &str) -> Problem {
    let problems = validate(kind, text);
    assert_eq!(
        problems.len(),
        1,
        "expected one problem in {text}: {problems:#?}"
    );
    problems.into_iter().next().expect("one problem")
}

/// Asserts the problem is at (line, column) and its message contains `words`.
fn at(p: &Problem, line: usize, column: usize, words: &str) {
    assert_eq!((p.line, p.column), (line, column), "{p:?}");
    assert!(
        p.message.contains(words),
        "{:?} should contain {words:?}",
        p.message
    );
}

fn valid(kind: &PolicyType, text: &str) {
    let problems = validate(kind, text);
    assert!(problems.is_empty(), "{text}\n{problems:#?}");
}

/// Valid, and nothing to warn about either (AWS's own examples).
fn clean(kind: &PolicyType, text: &str) {
    valid(kind, text);
    let found = warnings(kind, text);
    assert!(found.is_empty(), "{text}\n{found:#?}");
}

// --- AWS's documented SCP examples ---

#[test]
fn full_aws_access_with_a_deny_list_is_valid() {
    clean(
        &SCP,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    );
    clean(
        &SCP,
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "AllowsAllActions", "Effect": "Allow", "Action": "*", "Resource": "*" },
    { "Sid": "DenyDynamoDB", "Effect": "Deny", "Action": "dynamodb:*", "Resource": "*" }
  ]
}"#,
    );
}

#[test]
fn an_allow_list_is_valid() {
    clean(
        &SCP,
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["ec2:*","cloudwatch:*"],"Resource":"*"}}"#,
    );
}

#[test]
fn a_region_lock_with_a_condition_is_valid() {
    clean(
        &SCP,
        r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "DenyAllOutsideEU",
    "Effect": "Deny",
    "NotAction": ["a4b:*", "budgets:*", "ce:*", "iam:*", "organizations:*", "route53:*", "sts:*", "support:*"],
    "Resource": "*",
    "Condition": {
      "StringNotEquals": { "aws:RequestedRegion": ["eu-central-1", "eu-west-1"] },
      "ArnNotLike": { "aws:PrincipalARN": ["arn:aws:iam::*:role/Role1AllowedToBypassThisSCP"] }
    }
  }]
}"#,
    );
}

#[test]
fn a_not_action_deny_and_an_allow_with_a_resource_are_valid() {
    clean(
        &SCP,
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyAllButIam","Effect":"Deny","NotAction":["iam:*","organizations:*"],"Resource":"*"}]}"#,
    );
    clean(
        &SCP,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:?ut*Object"],"Resource":["arn:aws:s3:::my-bucket","arn:aws:s3:::my-bucket/*"]},
        {"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:iam::*:role/Admin","Condition":{"ForAnyValue:StringLikeIfExists":{"aws:TagKeys":["team*"]},"Bool":{"aws:SecureTransport":false}}}]}"#,
    );
}

#[test]
fn documented_rcp_tag_and_backup_examples_are_valid() {
    clean(
        &RCP,
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"EnforceTls","Effect":"Deny","Principal":"*","Action":["s3:*","sqs:*"],"Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}]}"#,
    );
    clean(
        &PolicyType::Tag,
        r#"{"tags":{"costcenter":{"tag_key":{"@@assign":"CostCenter"},"tag_value":{"@@assign":["CC-1","CC-2"]},"enforced_for":{"@@assign":["ec2:instance"]}}}}"#,
    );
    clean(
        &PolicyType::Backup,
        r#"{"plans":{"daily":{"regions":{"@@append":["us-east-1"]},"rules":{"r":{"schedule_expression":{"@@assign":"cron(0 5 ? * * *)"}}},"@@operators_allowed_for_child_policies":["@@none"]}}}"#,
    );
    clean(
        &PolicyType::AiServicesOptOut,
        r#"{"services":{"default":{"opt_out_policy":{"@@assign":"optOut"}}}}"#,
    );
}

// --- broken JSON ---

#[test]
fn json_syntax_errors_point_at_the_character() {
    let p = one(
        &SCP,
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [],\n}",
    );
    at(&p, 4, 1, "trailing comma");
    let p = one(&SCP, "{\"Version\": \"2012-10-17\" \"Statement\": []}");
    at(&p, 1, 26, "expected ',' or '}'");
    let p = one(&SCP, "{\n  \"Sid\": \"héllo");
    at(&p, 2, 10, "never closed");
    let p = one(&SCP, "");
    at(&p, 1, 1, "empty");
    let p = one(&PolicyType::Tag, "{\"tags\": {}} x");
    at(&p, 1, 14, "after the end");
    let p = one(&SCP, "{\"a\": tru}");
    at(&p, 1, 7, "expected a value");
    let p = one(&SCP, "{\"a\": \"\\x\"}");
    at(&p, 1, 8, "invalid escape");
    let p = one(&SCP, "{\"a\": 01}");
    assert!(p.message.contains("must not start with 0"), "{p:?}");
}

#[test]
fn columns_count_characters_not_bytes() {
    // "é" is two bytes; the bad value after it is still at column 12.
    let p = one(&SCP, "{\"Sid\":\"é\",x}");
    at(&p, 1, 12, "expected a key");
}

// --- broken SCPs ---

/// A one-statement SCP with `body` as the statement's members, on line 3 from column 5.
fn scp_with(body: &str) -> String {
    format!("{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{{\n    {body}\n  }}]\n}}")
}

#[test]
fn the_effect_and_action_rules_are_enforced() {
    let p = one(&SCP, &scp_with(r#""Effect": "allow", "Action": "*""#));
    at(&p, 4, 15, "Effect must be \"Allow\" or \"Deny\"");
    let p = one(&SCP, &scp_with(r#""Action": "*""#));
    at(&p, 3, 17, "no Effect");
    let p = one(&SCP, &scp_with(r#""Effect": "Deny", "Resource": "*""#));
    at(&p, 3, 17, "neither Action nor NotAction");
    let p = one(
        &SCP,
        &scp_with(r#""Effect": "Deny", "Action": "s3:*", "NotAction": "iam:*""#),
    );
    at(&p, 4, 41, "exactly one of Action and NotAction");
    let p = one(
        &SCP,
        &scp_with(r#""Effect": "Deny", "Action": ["s3:*", "s3PutObject"]"#),
    );
    at(&p, 4, 42, "\"s3PutObject\" in Action is not an action");
    let p = one(&SCP, &scp_with(r#""Effect": "Deny", "Action": []"#));
    at(&p, 4, 33, "empty list");
    let p = one(&SCP, &scp_with(r#""Effect": "Deny", "Action": 5"#));
    at(&p, 4, 33, "found a number");
}

#[test]
fn resources_must_be_arns_and_only_one_element() {
    let p = one(
        &SCP,
        &scp_with(r#""Effect": "Allow", "Action": "s3:*", "Resource": "my-bucket""#),
    );
    at(&p, 4, 54, "is not an ARN");
    let p = one(
        &SCP,
        &scp_with(r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "NotResource": "*""#),
    );
    at(&p, 4, 59, "at most one of Resource and NotResource");
}

#[test]
fn conditions_are_operator_key_values() {
    let p = one(
        &SCP,
        &scp_with(
            r#""Effect": "Deny", "Action": "*", "Condition": {"StringEqual": {"aws:x": "y"}}"#,
        ),
    );
    at(&p, 4, 52, "unknown condition operator \"StringEqual\"");
    let p = one(
        &SCP,
        &scp_with(
            r#""Effect": "Deny", "Action": "*", "Condition": {"NullIfExists": {"aws:x": "true"}}"#,
        ),
    );
    at(&p, 4, 52, "unknown condition operator");
    let p = one(
        &SCP,
        &scp_with(r#""Effect": "Deny", "Action": "*", "Condition": {"StringEquals": "aws:x"}"#),
    );
    at(&p, 4, 68, "must map condition keys to values");
    let p = one(
        &SCP,
        &scp_with(
            r#""Effect": "Deny", "Action": "*", "Condition": {"StringEquals": {"aws:x": {"a": 1}}}"#,
        ),
    );
    at(&p, 4, 78, "value of condition key \"aws:x\"");
    let p = one(
        &SCP,
        &scp_with(r#""Effect": "Deny", "Action": "*", "Condition": ["x"]"#),
    );
    at(&p, 4, 51, "Condition must be an object");
}

#[test]
fn sids_are_unique_and_alphanumeric() {
    let text = "{\"Statement\": [\n {\"Sid\": \"A1\", \"Effect\": \"Deny\", \"Action\": \"*\"},\n {\"Sid\": \"A1\", \"Effect\": \"Deny\", \"Action\": \"*\"}\n]}";
    let p = one(&SCP, text);
    at(&p, 3, 10, "duplicate Sid \"A1\" (also on line 2)");
    let p = one(
        &SCP,
        &scp_with(r#""Sid": "Deny S3", "Effect": "Deny", "Action": "*""#),
    );
    at(&p, 4, 12, "Sid may only contain letters");
}

#[test]
fn principals_are_refused_in_scps_and_unknown_keys_everywhere() {
    let p = one(
        &SCP,
        &scp_with(r#""Effect": "Deny", "Principal": "*", "Action": "*""#),
    );
    at(&p, 4, 23, "Principal is not allowed in an SCP");
    let p = one(
        &SCP,
        &scp_with(r#""Effect": "Deny", "action": "*", "Action": "*""#),
    );
    at(&p, 4, 23, "did you mean \"Action\"");
    let p = one(
        &SCP,
        r#"{"Version":"2012-10-17","Statment":[],"Statement":{"Effect":"Deny","Action":"*"}}"#,
    );
    at(&p, 1, 25, "unknown top-level key \"Statment\"");
    let p = one(&SCP, r#"{"Version":"2012-10-17"}"#);
    at(&p, 1, 1, "missing \"Statement\"");
    let p = one(
        &SCP,
        r#"{"Version":"2012-10-18","Statement":{"Effect":"Deny","Action":"*"}}"#,
    );
    at(
        &p,
        1,
        12,
        "Version must be \"2012-10-17\" or \"2008-10-17\"",
    );
    let p = one(&SCP, r#"{"Statement":[]}"#);
    at(&p, 1, 14, "must not be an empty list");
    let p = one(
        &SCP,
        r#"{"Statement":{"Effect":"Deny","Action":"*","Effect":"Deny"}}"#,
    );
    at(&p, 1, 44, "duplicate key \"Effect\"");
    let p = one(&SCP, "[1]");
    at(&p, 1, 1, "must be a JSON object, found a list");
}

// --- broken RCPs ---

#[test]
fn custom_rcps_are_deny_only_and_follow_their_own_rules() {
    let rcp = |body: &str| format!("{{\"Version\":\"2012-10-17\",\"Statement\":[{{{body}}}]}}");
    let p = one(
        &RCP,
        &rcp(r#""Effect":"Allow","Principal":"*","Action":"*","Resource":"*""#),
    );
    at(&p, 1, 48, "a custom RCP can only Deny");
    let p = one(
        &RCP,
        &rcp(r#""Effect":"Deny","Principal":"*","NotAction":"s3:*""#),
    );
    at(&p, 1, 71, "RCPs do not support NotAction");
    let p = one(
        &RCP,
        &rcp(r#""Effect":"Deny","Principal":{"AWS":"arn:aws:iam::1:root"},"Action":"s3:*""#),
    );
    at(&p, 1, 67, "Principal must be \"*\"");
    let p = one(
        &RCP,
        r#"{"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*"}}"#,
    );
    at(&p, 1, 1, "an RCP needs \"Version\"");
}

// --- management policies ---

#[test]
fn management_policies_check_their_shape_and_operators() {
    let problems = validate(
        &PolicyType::Tag,
        "{\"tags\": {\"cc\": {\"tag_key\": {\"@@asign\": \"CostCenter\"}}}}",
    );
    assert_eq!(problems.len(), 2, "{problems:?}");
    at(&problems[0], 1, 29, "tag_key needs {\"@@assign\"");
    at(
        &problems[1],
        1,
        30,
        "unknown inheritance operator \"@@asign\"",
    );
    let problems = validate(&PolicyType::Tag, "{\"tag\": {}}");
    at(&problems[0], 1, 1, "missing \"tags\"");
    at(&problems[1], 1, 2, "unknown top-level key \"tag\"");
    let problems = validate(&PolicyType::Tag, "{}");
    at(&problems[0], 1, 1, "missing \"tags\"");
    let p = one(
        &PolicyType::Backup,
        "{\"plans\": {\"p\": {\"@@operators_allowed_for_child_policies\": [\"@@everything\"]}}}",
    );
    at(&p, 1, 61, "may list only");
    let p = one(&PolicyType::Backup, "{\"plans\": []}");
    at(&p, 1, 11, "must be an object");
    let p = one(&PolicyType::Other("CHATBOT_POLICY".into()), "\"text\"");
    at(&p, 1, 1, "must be a JSON object");
    let p = one(
        &PolicyType::Tag,
        "{\"tags\": {\"cc\": {\"tag_key\": {\"@@assign\": \"CC\"}, \"enforce_for\": {}}}}",
    );
    at(&p, 1, 49, "unknown key \"enforce_for\" in tag \"cc\"");
}

// --- size ---

#[test]
fn the_size_limit_says_how_far_over_and_whether_minifying_fits() {
    // Valid, but padded with whitespace to 10,320 characters.
    let body =
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#;
    let lines = body.replace(',', ",\n");
    let padded = format!("{lines}{}", " ".repeat(10320 - lines.chars().count()));
    assert_eq!(padded.chars().count(), 10320);
    let p = one(&SCP, &padded);
    assert!(
        p.message
            .contains("10320 characters, 80 characters over the limit of 10240"),
        "{p:?}"
    );
    assert!(
        p.message
            .contains(&format!("would be {} characters and fit", body.len())),
        "{p:?}"
    );
    // It points at the first character past the limit: on the padded last line.
    let last_line_start =
        lines.chars().count() - lines.rsplit('\n').next().map_or(0, |l| l.chars().count());
    assert_eq!(
        (p.line, p.column),
        (4, 10240 - last_line_start + 1),
        "{p:?}"
    );
    let over = size_over_limit(&SCP, &padded).expect("over");
    assert!(over.minify_fits());
    assert_eq!(minify(&padded), body);
    assert_eq!(validate(&SCP, &minify(&padded)), vec![]);

    // Too many statements: minifying does not help.
    let stmt = r#"{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket-with-a-long-name/*"}"#;
    let many = format!("{{\"Statement\":[{}]}}", vec![stmt; 60].join(","));
    let over = size_over_limit(&RCP, &many).expect("over");
    assert!(!over.minify_fits());
    assert!(
        over.message().contains("even minified"),
        "{}",
        over.message()
    );
    assert_eq!(size_over_limit(&SCP, body), None);
    // A type this build does not know gets the management policies' 10,000.
    assert_eq!(size_over_limit(&PolicyType::Other("X".into()), &many), None);
}

#[test]
fn minify_keeps_whitespace_inside_strings() {
    assert_eq!(
        minify("{ \"a b\" : [ 1 , \"x \\\" y\" ] }"),
        "{\"a b\":[1,\"x \\\" y\"]}"
    );
}

#[test]
fn a_tag_policy_may_restrict_child_operators_beside_its_tags() {
    let doc = r#"{"tags": {"@@operators_allowed_for_child_policies": ["@@none"],
        "costcenter": {"tag_key": {"@@assign": "CostCenter"}}}}"#;
    assert_eq!(validate(&PolicyType::Tag, doc), vec![]);
    let wrong = r#"{"tags": {"@@operators_allowed_for_child_policies": "@@none"}}"#;
    assert!(!validate(&PolicyType::Tag, wrong).is_empty());
}

// --- warnings from the action data (never errors) ---

/// Each case: the statement (members of one SCP statement) and the warnings expected, as
/// words each warning must contain, in the order of the text; an empty list: no warning.
#[test]
fn unknown_names_and_unreachable_resources_are_warned_about_not_refused() {
    let cases: &[(&str, &[&str])] = &[
        // Known actions, keys and resources: nothing to say.
        (
            r#""Effect":"Deny","Action":["s3:GetObject","ec2:TerminateInstances"],"Resource":"*""#,
            &[],
        ),
        (
            r#""Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::secret/*","Condition":{"StringEquals":{"aws:PrincipalTag/Team":"x","s3:TlsVersion":"1.2","aws:RequestedRegion":"eu-west-1"}}"#,
            &[],
        ),
        (
            r#""Effect":"Deny","Action":"iam:*","Resource":"arn:aws:iam::*:role/Admin*""#,
            &[],
        ),
        (
            r#""Effect":"Deny","Action":"ec2:*","Resource":"arn:aws:ec2:*:*:instance/*""#,
            &[],
        ),
        // A typo in an action, with the nearest known name.
        (
            r#""Effect":"Deny","Action":"s3:GetObjekt","Resource":"*""#,
            &["unknown action s3:GetObjekt — did you mean s3:GetObject?"],
        ),
        (
            r#""Effect":"Deny","NotAction":["iam:ListRolez"],"Resource":"*""#,
            &["unknown action iam:ListRolez — did you mean iam:ListRoles?"],
        ),
        // A prefix AWS does not have.
        (
            r#""Effect":"Deny","Action":"ec3:TerminateInstances","Resource":"*""#,
            &["unknown service prefix \"ec3\" in ec3:TerminateInstances — did you mean ec2:TerminateInstances?"],
        ),
        // A wildcard that matches nothing of its service.
        (
            r#""Effect":"Deny","Action":"s3:Frobnicate*","Resource":"*""#,
            &["s3:Frobnicate* matches no action of Amazon S3"],
        ),
        // Condition keys: a typo of a global key, one of a service, one of another service.
        (
            r#""Effect":"Deny","Action":"ec2:RunInstances","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegon":"eu-west-1"}}"#,
            &["unknown condition key aws:RequestedRegon — did you mean aws:RequestedRegion?"],
        ),
        (
            r#""Effect":"Deny","Action":"s3:PutObject","Resource":"*","Condition":{"NumericLessThan":{"s3:TlsVersoin":"1.2"}}"#,
            &["unknown condition key s3:TlsVersoin — did you mean s3:TlsVersion?"],
        ),
        (
            r#""Effect":"Deny","Action":"ec2:RunInstances","Resource":"*","Condition":{"NumericLessThan":{"s3:TlsVersion":"1.2"}}"#,
            &["s3:TlsVersion is a condition key of s3, not of this statement's actions"],
        ),
        // Resources no action of the statement acts on: a bucket for an object action; any
        // ARN for an action without resource types; an S3 ARN for an EC2 action.
        (
            r#""Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::my-bucket""#,
            &["no action of this statement can match the resource arn:aws:s3:::my-bucket: they act on arn:"],
        ),
        (
            r#""Effect":"Deny","Action":"iam:ListRoles","Resource":"arn:aws:iam::*:role/Admin*""#,
            &["these actions have no resource type, so they match only \"*\""],
        ),
        (
            r#""Effect":"Deny","Action":["ec2:TerminateInstances"],"Resource":["arn:aws:ec2:*:*:instance/*","arn:aws:s3:::secret/*"]"#,
            &["can match the resource arn:aws:s3:::secret/*"],
        ),
        // Several actions: a resource one of them can match is fine.
        (
            r#""Effect":"Deny","Action":["iam:ListRoles","iam:DeleteRole"],"Resource":"arn:aws:iam::*:role/Admin*""#,
            &[],
        ),
        // With an action wildcard across services the resource is not judged.
        (
            r#""Effect":"Deny","Action":"*","Resource":"arn:aws:s3:::secret/*""#,
            &[],
        ),
    ];
    for (body, expected) in cases {
        let text = scp_with(body);
        // Warnings never stop a save.
        valid(&SCP, &text);
        let found = warnings(&SCP, &text);
        assert_eq!(found.len(), expected.len(), "{body}\n{found:#?}");
        for (p, words) in found.iter().zip(expected.iter()) {
            assert_eq!(p.severity, Severity::Warning, "{p:?}");
            assert!(
                p.message.contains(words),
                "{body}\n{:?}\nshould contain {words:?}",
                p.message
            );
            // On line 4, where the statement's members are.
            assert_eq!(p.line, 4, "{p:?}");
        }
    }
}

#[test]
fn warnings_point_at_the_name_and_apply_to_rcps_but_not_management_policies() {
    let text =
        scp_with(r#""Effect":"Deny","Action":["s3:GetObject","s3:GetObjekt"],"Resource":"*""#);
    let found = warnings(&RCP, &text);
    assert_eq!(found.len(), 1, "{found:#?}");
    let column = text
        .lines()
        .nth(3)
        .unwrap()
        .find("\"s3:GetObjekt\"")
        .unwrap()
        + 1;
    at(&found[0], 4, column, "did you mean s3:GetObject?");
    assert_eq!(warnings(&PolicyType::Tag, &text), vec![]);
    // check() has both: the error first in the text, then the warning.
    let both = orgtui::policy::check(
        &SCP,
        &scp_with(r#""Effect":"Maybe","Action":"s3:GetObjekt","Resource":"*""#),
    );
    let kinds: Vec<Severity> = both.iter().map(|p| p.severity).collect();
    assert_eq!(kinds, vec![Severity::Error, Severity::Warning], "{both:#?}");
}

// --- the SCP size quota since 2026-05-15 ---

/// `body` padded with whitespace to `n` characters.
fn padded(body: &str, n: usize) -> String {
    let text = format!("{body}{}", " ".repeat(n - body.len()));
    assert_eq!(text.chars().count(), n);
    text
}

#[test]
fn an_scp_of_10240_characters_is_valid_and_one_more_is_1_character_over() {
    let scp =
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#;
    valid(&SCP, &padded(scp, 10_240));
    let p = one(&SCP, &padded(scp, 10_241));
    assert!(
        p.message
            .contains("10241 characters, 1 character over the limit of 10240"),
        "{p:?}"
    );
    // RCPs keep their 5,120.
    let rcp = r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}}"#;
    valid(&RCP, &padded(rcp, 5_120));
    let p = one(&RCP, &padded(rcp, 5_121));
    assert!(
        p.message.contains("1 character over the limit of 5120"),
        "{p:?}"
    );
}

/// Short ARN patterns (fewer than six segments) are what IAM accepts and the evaluator
/// reads (the last segment given stands for the rest): no error, and no warning where
/// they can match a resource of the statement's actions; a pattern no action can match
/// is still warned about, never refused.
#[test]
fn short_arn_patterns_are_accepted() {
    let cases: &[(&str, &str, &str, bool)] = &[
        // (Action, Resource key, pattern, warned)
        ("ec2:*", "Resource", "arn:aws:ec2:*", false),
        (
            "ec2:TerminateInstances",
            "Resource",
            "arn:aws:ec2:us-east-1:*",
            false,
        ),
        ("*", "Resource", "arn:aws:*", false),
        ("s3:GetObject", "NotResource", "arn:aws:s3:*", false),
        ("iam:DeleteRole", "Resource", "arn:aws:iam:*", false),
        (
            "ec2:TerminateInstances",
            "Resource",
            "arn:aws:ec2:us-east-1",
            true,
        ),
        ("ec2:TerminateInstances", "Resource", "arn:aws:s3:*", true),
    ];
    for (action, key, pattern, warned) in cases {
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Action":"{action}","{key}":"{pattern}"}}]}}"#
        );
        valid(&SCP, &text);
        let found = warnings(&SCP, &text);
        assert_eq!(!found.is_empty(), *warned, "{text}\n{found:#?}");
    }
}
