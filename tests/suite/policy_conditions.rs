//! The evaluator against a request context (issue 16): every condition operator matching,
//! not matching, with its key absent and not given, the IfExists forms and the set
//! qualifiers; keys every request has; short ARN patterns and NotResource; statements that
//! cannot be read; the RCP Principal; and the issue's cases with the verdict AWS gives.

use orgtui::policy::eval::StatementOutcome;
use orgtui::policy::{
    evaluate, evaluate_with_types, Context, EvalInput, Evaluation, Query, Verdict,
};

use crate::policy_eval::{doc, expect, full, full_with_at_prod, path, rcp, scp};

/// A Deny of everything under `condition`, at Prod, FullAWSAccess everywhere.
fn deny_if(condition: &str) -> EvalInput {
    full_with_at_prod(scp(
        "Guard",
        &doc(&format!(
            r#"{{"Sid":"Guarded","Effect":"Deny","Action":"*","Resource":"*","Condition":{condition}}}"#
        )),
    ))
}

fn ask(input: &EvalInput, action: &str, resource: Option<&str>, context: &[&str]) -> Evaluation {
    let context = Context::parse(context.iter().copied()).expect("a valid context");
    let q = Query::new(action, resource)
        .expect("a valid query")
        .with_context(context);
    evaluate(input, &q)
}

const D: Verdict = Verdict::Denied;
const A: Verdict = Verdict::Allowed;
const U: Verdict = Verdict::DependsOnCondition;

/// Each row: the condition of a Deny, the request's value of the key (`KEY=` says it is
/// absent; `None` leaves it not given), and the verdict.
#[test]
fn every_condition_operator_decides_against_the_context() {
    let t = "aws:PrincipalTag/team";
    let when = "2026-01-01T00:00:00Z";
    let cases: &[(&str, &str, Option<&str>, Verdict)] = &[
        // Strings: exact and case-sensitive; IgnoreCase; Like with wildcards.
        (
            r#"{"StringEquals":{"aws:PrincipalTag/team":"ops"}}"#,
            t,
            Some("ops"),
            D,
        ),
        (
            r#"{"StringEquals":{"aws:PrincipalTag/team":"ops"}}"#,
            t,
            Some("Ops"),
            A,
        ),
        (
            r#"{"StringEquals":{"aws:PrincipalTag/team":"ops"}}"#,
            t,
            Some(""),
            A,
        ),
        (
            r#"{"StringEquals":{"aws:PrincipalTag/team":"ops"}}"#,
            t,
            None,
            U,
        ),
        (
            r#"{"StringEquals":{"aws:PrincipalTag/team":["dev","ops"]}}"#,
            t,
            Some("ops"),
            D,
        ),
        (
            r#"{"StringNotEquals":{"aws:PrincipalTag/team":"ops"}}"#,
            t,
            Some("ops"),
            A,
        ),
        (
            r#"{"StringNotEquals":{"aws:PrincipalTag/team":"ops"}}"#,
            t,
            Some("dev"),
            D,
        ),
        // A negated operator on a missing key is true.
        (
            r#"{"StringNotEquals":{"aws:PrincipalTag/team":"ops"}}"#,
            t,
            Some(""),
            D,
        ),
        (
            r#"{"StringEqualsIgnoreCase":{"aws:PrincipalTag/team":"Ops"}}"#,
            t,
            Some("oPS"),
            D,
        ),
        (
            r#"{"StringEqualsIgnoreCase":{"aws:PrincipalTag/team":"Ops"}}"#,
            t,
            Some("dev"),
            A,
        ),
        (
            r#"{"StringEqualsIgnoreCase":{"aws:PrincipalTag/team":"Ops"}}"#,
            t,
            Some(""),
            A,
        ),
        (
            r#"{"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"Ops"}}"#,
            t,
            Some("OPS"),
            A,
        ),
        (
            r#"{"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"Ops"}}"#,
            t,
            Some("dev"),
            D,
        ),
        (
            r#"{"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"Ops"}}"#,
            t,
            Some(""),
            D,
        ),
        (
            r#"{"StringLike":{"aws:PrincipalTag/team":"o?s*"}}"#,
            t,
            Some("opsx"),
            D,
        ),
        (
            r#"{"StringLike":{"aws:PrincipalTag/team":"o?s*"}}"#,
            t,
            Some("dev"),
            A,
        ),
        (
            r#"{"StringLike":{"aws:PrincipalTag/team":"o?s*"}}"#,
            t,
            Some(""),
            A,
        ),
        (
            r#"{"StringNotLike":{"aws:PrincipalTag/team":"o*"}}"#,
            t,
            Some("ops"),
            A,
        ),
        (
            r#"{"StringNotLike":{"aws:PrincipalTag/team":"o*"}}"#,
            t,
            Some("dev"),
            D,
        ),
        (
            r#"{"StringNotLike":{"aws:PrincipalTag/team":"o*"}}"#,
            t,
            Some(""),
            D,
        ),
        (
            r#"{"StringNotLike":{"aws:PrincipalTag/team":"o*"}}"#,
            t,
            None,
            U,
        ),
        // Numbers.
        (
            r#"{"NumericEquals":{"s3:max-keys":"10"}}"#,
            "s3:max-keys",
            Some("10.0"),
            D,
        ),
        (
            r#"{"NumericEquals":{"s3:max-keys":10}}"#,
            "s3:max-keys",
            Some("11"),
            A,
        ),
        (
            r#"{"NumericEquals":{"s3:max-keys":"10"}}"#,
            "s3:max-keys",
            Some(""),
            A,
        ),
        (
            r#"{"NumericNotEquals":{"s3:max-keys":"10"}}"#,
            "s3:max-keys",
            Some("10"),
            A,
        ),
        (
            r#"{"NumericNotEquals":{"s3:max-keys":"10"}}"#,
            "s3:max-keys",
            Some("9"),
            D,
        ),
        (
            r#"{"NumericNotEquals":{"s3:max-keys":"10"}}"#,
            "s3:max-keys",
            Some(""),
            D,
        ),
        (
            r#"{"NumericLessThan":{"s3:max-keys":"10"}}"#,
            "s3:max-keys",
            Some("9"),
            D,
        ),
        (
            r#"{"NumericLessThan":{"s3:max-keys":"10"}}"#,
            "s3:max-keys",
            Some("10"),
            A,
        ),
        (
            r#"{"NumericLessThan":{"s3:max-keys":"10"}}"#,
            "s3:max-keys",
            Some(""),
            A,
        ),
        (
            r#"{"NumericLessThanEquals":{"s3:max-keys":"10"}}"#,
            "s3:max-keys",
            Some("10"),
            D,
        ),
        (
            r#"{"NumericLessThanEquals":{"s3:max-keys":"10"}}"#,
            "s3:max-keys",
            Some("11"),
            A,
        ),
        (
            r#"{"NumericGreaterThan":{"s3:max-keys":"10"}}"#,
            "s3:max-keys",
            Some("11"),
            D,
        ),
        (
            r#"{"NumericGreaterThan":{"s3:max-keys":"10"}}"#,
            "s3:max-keys",
            Some("10"),
            A,
        ),
        (
            r#"{"NumericGreaterThanEquals":{"s3:max-keys":"10"}}"#,
            "s3:max-keys",
            Some("10"),
            D,
        ),
        (
            r#"{"NumericGreaterThanEquals":{"s3:max-keys":"10"}}"#,
            "s3:max-keys",
            Some("9.5"),
            A,
        ),
        (
            r#"{"NumericGreaterThanEquals":{"s3:max-keys":"10"}}"#,
            "s3:max-keys",
            None,
            U,
        ),
        // Dates, ISO 8601 or epoch seconds on either side.
        (
            &format!(r#"{{"DateEquals":{{"aws:TokenIssueTime":"{when}"}}}}"#),
            "aws:TokenIssueTime",
            Some("1767225600"),
            D,
        ),
        (
            &format!(r#"{{"DateEquals":{{"aws:TokenIssueTime":"{when}"}}}}"#),
            "aws:TokenIssueTime",
            Some("2026-01-02"),
            A,
        ),
        (
            &format!(r#"{{"DateEquals":{{"aws:TokenIssueTime":"{when}"}}}}"#),
            "aws:TokenIssueTime",
            Some(""),
            A,
        ),
        (
            &format!(r#"{{"DateNotEquals":{{"aws:TokenIssueTime":"{when}"}}}}"#),
            "aws:TokenIssueTime",
            Some(when),
            A,
        ),
        (
            &format!(r#"{{"DateNotEquals":{{"aws:TokenIssueTime":"{when}"}}}}"#),
            "aws:TokenIssueTime",
            Some("2025-01-01"),
            D,
        ),
        (
            &format!(r#"{{"DateNotEquals":{{"aws:TokenIssueTime":"{when}"}}}}"#),
            "aws:TokenIssueTime",
            Some(""),
            D,
        ),
        (
            &format!(r#"{{"DateLessThan":{{"aws:CurrentTime":"{when}"}}}}"#),
            "aws:CurrentTime",
            Some("2025-12-31T23:59:59Z"),
            D,
        ),
        (
            &format!(r#"{{"DateLessThan":{{"aws:CurrentTime":"{when}"}}}}"#),
            "aws:CurrentTime",
            Some(when),
            A,
        ),
        (
            &format!(r#"{{"DateLessThanEquals":{{"aws:CurrentTime":"{when}"}}}}"#),
            "aws:CurrentTime",
            Some("2026-01-01T01:00:00+01:00"),
            D,
        ),
        (
            &format!(r#"{{"DateLessThanEquals":{{"aws:CurrentTime":"{when}"}}}}"#),
            "aws:CurrentTime",
            Some("2026-01-01T00:00:01Z"),
            A,
        ),
        (
            &format!(r#"{{"DateGreaterThan":{{"aws:CurrentTime":"{when}"}}}}"#),
            "aws:CurrentTime",
            Some("2026-06-01"),
            D,
        ),
        (
            &format!(r#"{{"DateGreaterThan":{{"aws:CurrentTime":"{when}"}}}}"#),
            "aws:CurrentTime",
            Some(when),
            A,
        ),
        (
            &format!(r#"{{"DateGreaterThanEquals":{{"aws:EpochTime":"{when}"}}}}"#),
            "aws:EpochTime",
            Some("1767225600"),
            D,
        ),
        (
            &format!(r#"{{"DateGreaterThanEquals":{{"aws:EpochTime":"{when}"}}}}"#),
            "aws:EpochTime",
            Some("1767225599"),
            A,
        ),
        // aws:CurrentTime is in every request: not given, its value is unknown, never absent.
        (
            &format!(r#"{{"DateGreaterThan":{{"aws:CurrentTime":"{when}"}}}}"#),
            "aws:CurrentTime",
            None,
            U,
        ),
        // Bool, BinaryEquals.
        (
            r#"{"Bool":{"aws:MultiFactorAuthPresent":"false"}}"#,
            "aws:MultiFactorAuthPresent",
            Some("false"),
            D,
        ),
        (
            r#"{"Bool":{"aws:MultiFactorAuthPresent":false}}"#,
            "aws:MultiFactorAuthPresent",
            Some("true"),
            A,
        ),
        (
            r#"{"Bool":{"aws:MultiFactorAuthPresent":"false"}}"#,
            "aws:MultiFactorAuthPresent",
            Some(""),
            A,
        ),
        (
            r#"{"Bool":{"aws:SecureTransport":"false"}}"#,
            "aws:SecureTransport",
            None,
            U,
        ),
        (
            r#"{"BinaryEquals":{"s3:x-amz-key":"QmluYXJ5"}}"#,
            "s3:x-amz-key",
            Some("QmluYXJ5"),
            D,
        ),
        (
            r#"{"BinaryEquals":{"s3:x-amz-key":"QmluYXJ5"}}"#,
            "s3:x-amz-key",
            Some("QmluYXJ6"),
            A,
        ),
        (
            r#"{"BinaryEquals":{"s3:x-amz-key":"QmluYXJ5"}}"#,
            "s3:x-amz-key",
            Some(""),
            A,
        ),
        // Addresses, IPv4 and IPv6.
        (
            r#"{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#,
            "aws:SourceIp",
            Some("203.0.113.9"),
            D,
        ),
        (
            r#"{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#,
            "aws:SourceIp",
            Some("198.51.100.1"),
            A,
        ),
        (
            r#"{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#,
            "aws:SourceIp",
            Some(""),
            A,
        ),
        (
            r#"{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]}}"#,
            "aws:SourceIp",
            Some("2001:db8::1"),
            D,
        ),
        (
            r#"{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#,
            "aws:SourceIp",
            Some("203.0.113.9"),
            A,
        ),
        (
            r#"{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#,
            "aws:SourceIp",
            Some("198.51.100.1"),
            D,
        ),
        (
            r#"{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#,
            "aws:SourceIp",
            Some(""),
            D,
        ),
        (
            r#"{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#,
            "aws:SourceIp",
            None,
            U,
        ),
        // ARNs: ArnEquals and ArnLike alike, wildcards per segment.
        (
            r#"{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:*:111122223333:topic-*"}}"#,
            "aws:SourceArn",
            Some("arn:aws:sns:us-east-1:111122223333:topic-a"),
            D,
        ),
        (
            r#"{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:111122223333:topic-*"}}"#,
            "aws:SourceArn",
            Some("arn:aws:sns:us-east-1:444455556666:topic-a"),
            A,
        ),
        (
            r#"{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:111122223333:topic-*"}}"#,
            "aws:SourceArn",
            Some(""),
            A,
        ),
        (
            r#"{"ArnNotEquals":{"aws:SourceArn":"arn:aws:sns:*:111122223333:*"}}"#,
            "aws:SourceArn",
            Some("arn:aws:sns:us-east-1:111122223333:t"),
            A,
        ),
        (
            r#"{"ArnNotLike":{"aws:SourceArn":"arn:aws:sns:*:111122223333:*"}}"#,
            "aws:SourceArn",
            Some("arn:aws:sns:us-east-1:444455556666:t"),
            D,
        ),
        (
            r#"{"ArnNotLike":{"aws:SourceArn":"arn:aws:sns:*:111122223333:*"}}"#,
            "aws:SourceArn",
            Some(""),
            D,
        ),
        // Null: whether the key is absent.
        (
            r#"{"Null":{"aws:PrincipalTag/team":"true"}}"#,
            t,
            Some(""),
            D,
        ),
        (
            r#"{"Null":{"aws:PrincipalTag/team":"true"}}"#,
            t,
            Some("ops"),
            A,
        ),
        (r#"{"Null":{"aws:PrincipalTag/team":"true"}}"#, t, None, U),
        (
            r#"{"Null":{"aws:PrincipalTag/team":false}}"#,
            t,
            Some("ops"),
            D,
        ),
        (
            r#"{"Null":{"aws:PrincipalTag/team":"false"}}"#,
            t,
            Some(""),
            A,
        ),
        // IfExists: true when the key is absent, else the operator.
        (
            r#"{"StringEqualsIfExists":{"aws:PrincipalTag/team":"ops"}}"#,
            t,
            Some(""),
            D,
        ),
        (
            r#"{"StringEqualsIfExists":{"aws:PrincipalTag/team":"ops"}}"#,
            t,
            Some("ops"),
            D,
        ),
        (
            r#"{"StringEqualsIfExists":{"aws:PrincipalTag/team":"ops"}}"#,
            t,
            Some("dev"),
            A,
        ),
        (
            r#"{"StringNotEqualsIfExists":{"aws:PrincipalTag/team":"ops"}}"#,
            t,
            Some(""),
            D,
        ),
        (
            r#"{"StringNotEqualsIfExists":{"aws:PrincipalTag/team":"ops"}}"#,
            t,
            Some("ops"),
            A,
        ),
        (
            r#"{"StringLikeIfExists":{"aws:PrincipalTag/team":"*"}}"#,
            t,
            None,
            D,
        ),
        (
            r#"{"NumericLessThanIfExists":{"s3:max-keys":"10"}}"#,
            "s3:max-keys",
            Some(""),
            D,
        ),
        (
            r#"{"NumericLessThanIfExists":{"s3:max-keys":"10"}}"#,
            "s3:max-keys",
            Some("12"),
            A,
        ),
        (
            r#"{"DateGreaterThanIfExists":{"aws:TokenIssueTime":"2026-01-01"}}"#,
            "aws:TokenIssueTime",
            Some(""),
            D,
        ),
        (
            r#"{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}"#,
            "aws:MultiFactorAuthPresent",
            Some(""),
            D,
        ),
        (
            r#"{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}"#,
            "aws:MultiFactorAuthPresent",
            Some("true"),
            A,
        ),
        (
            r#"{"IpAddressIfExists":{"aws:SourceIp":"10.0.0.0/8"}}"#,
            "aws:SourceIp",
            Some("192.0.2.1"),
            A,
        ),
        (
            r#"{"ArnLikeIfExists":{"aws:SourceArn":"arn:aws:sns:*"}}"#,
            "aws:SourceArn",
            Some(""),
            D,
        ),
        (
            r#"{"BinaryEqualsIfExists":{"s3:x-amz-key":"QQ=="}}"#,
            "s3:x-amz-key",
            Some(""),
            D,
        ),
        // Set qualifiers: ForAnyValue needs one value to match (false when absent);
        // ForAllValues every value (true when absent).
        (
            r#"{"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}}"#,
            "aws:TagKeys",
            Some("c,a"),
            D,
        ),
        (
            r#"{"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}}"#,
            "aws:TagKeys",
            Some("c,d"),
            A,
        ),
        (
            r#"{"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}}"#,
            "aws:TagKeys",
            Some(""),
            A,
        ),
        (
            r#"{"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}}"#,
            "aws:TagKeys",
            None,
            U,
        ),
        (
            r#"{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}"#,
            "aws:TagKeys",
            Some("a,b"),
            D,
        ),
        (
            r#"{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}"#,
            "aws:TagKeys",
            Some("a,c"),
            A,
        ),
        (
            r#"{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}"#,
            "aws:TagKeys",
            Some(""),
            D,
        ),
        (
            r#"{"ForAllValues:StringNotEquals":{"aws:TagKeys":"a"}}"#,
            "aws:TagKeys",
            Some("b,c"),
            D,
        ),
        (
            r#"{"ForAllValues:StringNotEquals":{"aws:TagKeys":"a"}}"#,
            "aws:TagKeys",
            Some("a,b"),
            A,
        ),
        (
            r#"{"ForAnyValue:StringNotEquals":{"aws:TagKeys":"a"}}"#,
            "aws:TagKeys",
            Some("a,b"),
            D,
        ),
        (
            r#"{"ForAnyValue:StringNotEquals":{"aws:TagKeys":"a"}}"#,
            "aws:TagKeys",
            Some("a"),
            A,
        ),
        (
            r#"{"ForAllValues:StringLike":{"aws:TagKeys":"cost-*"}}"#,
            "aws:TagKeys",
            Some("cost-a,cost-b"),
            D,
        ),
        (
            r#"{"ForAnyValue:StringLikeIfExists":{"aws:TagKeys":"x*"}}"#,
            "aws:TagKeys",
            Some(""),
            D,
        ),
        (
            r#"{"ForAnyValue:NumericLessThan":{"s3:sizes":"5"}}"#,
            "s3:sizes",
            Some("9,3"),
            D,
        ),
        (
            r#"{"ForAllValues:IpAddress":{"aws:VpcSourceIp":"10.0.0.0/8"}}"#,
            "aws:VpcSourceIp",
            Some("10.0.0.1,11.0.0.1"),
            A,
        ),
        (
            r#"{"ForAnyValue:ArnLike":{"aws:PrincipalServiceNamesList":"arn:aws:*"}}"#,
            "aws:PrincipalServiceNamesList",
            Some("arn:aws:x:::y"),
            D,
        ),
    ];
    let mut wrong = Vec::new();
    for (condition, key, value, verdict) in cases {
        let input = deny_if(condition);
        let pair = value.map(|v| format!("{key}={v}"));
        let context: Vec<&str> = pair.iter().map(String::as_str).collect();
        let e = ask(&input, "s3:GetObject", Some("arn:aws:s3:::b/k"), &context);
        if e.verdict != *verdict {
            wrong.push(format!(
                "{condition} with {pair:?}: {:?} ({})",
                e.verdict, e.reason
            ));
        }
        if *verdict == U {
            assert!(
                e.depends_on.iter().any(|k| k == key),
                "{condition}: {:?}",
                e.depends_on
            );
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn keys_ops_and_values_combine_as_iam_documents() {
    // Several keys under one operator are ANDed; several operators too.
    let input = deny_if(
        r#"{"StringEquals":{"aws:PrincipalTag/team":"ops","aws:PrincipalTag/env":["prod","stage"]},"NumericLessThan":{"s3:max-keys":"5"}}"#,
    );
    let all = [
        "aws:PrincipalTag/team=ops",
        "aws:PrincipalTag/env=stage",
        "s3:max-keys=1",
    ];
    let q = |c: &[&str]| ask(&input, "s3:ListBucket", Some("arn:aws:s3:::b"), c).verdict;
    assert_eq!(q(&all), D);
    assert_eq!(
        q(&[
            "aws:PrincipalTag/team=ops",
            "aws:PrincipalTag/env=dev",
            "s3:max-keys=1"
        ]),
        A
    );
    assert_eq!(
        q(&[
            "aws:PrincipalTag/team=ops",
            "aws:PrincipalTag/env=prod",
            "s3:max-keys=9"
        ]),
        A
    );
    // One false test decides, whatever the keys not given.
    assert_eq!(q(&["aws:PrincipalTag/team=dev"]), A);
    let e = ask(
        &input,
        "s3:ListBucket",
        Some("arn:aws:s3:::b"),
        &["aws:PrincipalTag/team=ops"],
    );
    assert_eq!(e.verdict, U);
    assert_eq!(e.depends_on, ["aws:PrincipalTag/env", "s3:max-keys"]);
    // Keys are case-insensitive; a key repeated adds values.
    let e = ask(
        &deny_if(r#"{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}"#),
        "s3:GetObject",
        None,
        &["AWS:tagkeys=a", "aws:TagKeys=c"],
    );
    assert_eq!(e.verdict, A);
}

#[test]
fn keys_in_every_request_are_known_to_be_there() {
    let any_region = deny_if(r#"{"StringLike":{"aws:RequestedRegion":"*"}}"#);
    expect(
        &ask(&any_region, "ec2:RunInstances", None, &[]),
        D,
        &["Guarded"],
    );
    let no_region = deny_if(r#"{"Null":{"aws:RequestedRegion":"true"}}"#);
    expect(&ask(&no_region, "ec2:RunInstances", None, &[]), A, &[]);
    let present = deny_if(r#"{"Null":{"aws:PrincipalArn":"false"}}"#);
    expect(&ask(&present, "ec2:RunInstances", None, &[]), D, &[]);
    // A key not in every request may be absent: then it depends.
    let tag = deny_if(r#"{"StringLike":{"aws:PrincipalTag/team":"*"}}"#);
    expect(
        &ask(&tag, "ec2:RunInstances", None, &[]),
        U,
        &["aws:PrincipalTag/team"],
    );
}

#[test]
fn a_region_lock_depends_on_the_region_and_says_which_regions() {
    let lock = deny_if(r#"{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}"#);
    let e = ask(&lock, "ec2:RunInstances", None, &[]);
    expect(
        &e,
        U,
        &[
            "depends on aws:RequestedRegion: denied when aws:RequestedRegion is not us-east-1 or eu-west-1",
            "Guarded",
        ],
    );
    assert_eq!(e.depends_on, ["aws:RequestedRegion"]);
    expect(
        &ask(
            &lock,
            "ec2:RunInstances",
            None,
            &["aws:RequestedRegion=eu-west-1"],
        ),
        A,
        &[],
    );
    expect(
        &ask(
            &lock,
            "ec2:RunInstances",
            None,
            &["aws:RequestedRegion=ap-south-1"],
        ),
        D,
        &["Guarded"],
    );
    // The question says what it was asked in, each key as it was written.
    let e = ask(
        &lock,
        "ec2:RunInstances",
        None,
        &["aws:RequestedRegion=eu-west-1"],
    );
    assert!(
        e.question.ends_with("with aws:RequestedRegion=eu-west-1"),
        "{}",
        e.question
    );
}

#[test]
fn the_principal_account_is_the_target_account_unless_given() {
    // The path's account is 123456789012.
    let own = deny_if(r#"{"StringEquals":{"aws:PrincipalAccount":"123456789012"}}"#);
    expect(&ask(&own, "s3:GetObject", None, &[]), D, &["Guarded"]);
    let other = ["aws:PrincipalAccount=444455556666"];
    expect(&ask(&own, "s3:GetObject", None, &other), A, &[]);
    // The organization's id, when known, is the default of aws:PrincipalOrgID.
    let mut input = deny_if(r#"{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc"}}"#);
    expect(
        &ask(&input, "s3:GetObject", None, &[]),
        U,
        &["aws:PrincipalOrgID"],
    );
    input.organization_id = Some("o-abc".into());
    expect(&ask(&input, "s3:GetObject", None, &[]), A, &[]);
    input.organization_id = Some("o-other".into());
    expect(&ask(&input, "s3:GetObject", None, &[]), D, &[]);
}

#[test]
fn an_rcp_principal_and_org_condition_are_decided_from_the_context() {
    let external = rcp(
        "External",
        &doc(
            r#"{"Sid":"NoExternal","Effect":"Deny","Principal":"*","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-abc"}}}"#,
        ),
    );
    let mut input = full_with_at_prod(external);
    input.organization_id = Some("o-abc".into());
    expect(&ask(&input, "sts:AssumeRole", None, &[]), A, &[]);
    let outside = ["aws:PrincipalOrgID=o-zzz"];
    expect(
        &ask(&input, "sts:AssumeRole", None, &outside),
        D,
        &["NoExternal"],
    );
    // A Principal naming an account stands for its principals.
    let named = rcp(
        "Named",
        &doc(
            r#"{"Sid":"NoPartner","Effect":"Deny","Principal":{"AWS":"444455556666"},"Action":"s3:*","Resource":"*"}"#,
        ),
    );
    let input = full_with_at_prod(named);
    let partner = ["aws:PrincipalArn=arn:aws:iam::444455556666:role/x"];
    expect(
        &ask(&input, "s3:GetObject", None, &partner),
        D,
        &["NoPartner"],
    );
    let own = ["aws:PrincipalArn=arn:aws:iam::123456789012:role/x"];
    expect(&ask(&input, "s3:GetObject", None, &own), A, &[]);
    expect(
        &ask(&input, "s3:GetObject", None, &[]),
        U,
        &["aws:PrincipalArn"],
    );
    // Not a service RCPs govern: nothing to decide.
    expect(&ask(&input, "ec2:RunInstances", None, &[]), A, &[]);
}

const INSTANCE: &str = "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc";

#[test]
fn short_arn_patterns_match_by_iam_s_rules() {
    let deny = |resource: &str, key: &str| {
        full_with_at_prod(scp(
            "Short",
            &doc(&format!(
                r#"{{"Sid":"ShortArn","Effect":"Deny","Action":"*","{key}":"{resource}"}}"#
            )),
        ))
    };
    let cases: &[(&str, &str, Verdict)] = &[
        ("arn:aws:ec2:*", INSTANCE, D),
        ("arn:aws:*", INSTANCE, D),
        ("arn:aws:ec2:us-east-1:*", INSTANCE, D),
        ("arn:aws:ec2:us-?ast-1:111122223333:*", INSTANCE, D),
        ("arn:aws:ec2:eu-*", INSTANCE, A),
        ("arn:aws:s3:*", INSTANCE, A),
        ("arn:aws:ec2:us-east-1", INSTANCE, A),
        ("arn:aws:s3:::*", "arn:aws:s3:::bucket/a/b:c", D),
        ("arn:aws:s3:::bucket/?", "arn:aws:s3:::bucket/a", D),
        ("arn:aws:s3:::bucket/?", "arn:aws:s3:::bucket/ab", A),
    ];
    for (pattern, resource, verdict) in cases {
        let e = ask(
            &deny(pattern, "Resource"),
            "ec2:TerminateInstances",
            Some(resource),
            &[],
        );
        assert_eq!(
            e.verdict, *verdict,
            "Resource {pattern} on {resource}: {}",
            e.reason
        );
        // NotResource: the same pattern applies to everything else.
        let flipped = if *verdict == D { A } else { D };
        let e = ask(
            &deny(pattern, "NotResource"),
            "ec2:TerminateInstances",
            Some(resource),
            &[],
        );
        assert_eq!(
            e.verdict, flipped,
            "NotResource {pattern} on {resource}: {}",
            e.reason
        );
    }
}

#[test]
fn a_statement_orgtui_cannot_read_makes_the_answer_uncertain() {
    // A Resource that is not an ARN (AWS accepted the document; orgtui cannot read it).
    let odd = full_with_at_prod(scp(
        "Odd",
        &doc(r#"{"Sid":"OddResource","Effect":"Deny","Action":"s3:*","Resource":"bucket-name"}"#),
    ));
    let e = ask(&odd, "s3:GetObject", Some("arn:aws:s3:::b/k"), &[]);
    expect(&e, U, &["OddResource", "could not read"]);
    // ... but its Action, read whole, still decides what it cannot touch.
    expect(&ask(&odd, "ec2:RunInstances", None, &[]), A, &[]);
    // An operator orgtui does not know.
    let unknown = deny_if(r#"{"StringFuzzy":{"aws:PrincipalTag/team":"ops"}}"#);
    expect(&ask(&unknown, "s3:GetObject", None, &[]), U, &["Guarded"]);
    // An Allow orgtui cannot read does not allow.
    let allow = scp(
        "OddAllow",
        &doc(
            r#"{"Sid":"OddAllow","Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringFuzzy":{"k":"v"}}}"#,
        ),
    );
    let input = path(vec![full()], vec![allow], vec![full()], vec![full()]);
    let e = ask(&input, "s3:GetObject", None, &[]);
    expect(&e, U, &["OddAllow"]);
    assert_eq!(
        e.levels[1].policies[0].statements[0].outcome,
        StatementOutcome::AllowsIfCondition
    );
    // A document that is not JSON at all.
    let broken = full_with_at_prod(scp("Broken", "{\"Statement\": ["));
    expect(&ask(&broken, "s3:GetObject", None, &[]), U, &["Broken"]);
}

/// The issue's cases (root and account have FullAWSAccess; ou1 FullAWSAccess plus the
/// policy), with AWS's verdict. Asked without a resource, each is asked about the resource
/// types the catalog gives its action.
#[test]
fn the_issue_s_cases_get_aws_s_verdict() {
    let at_ou1 = |statement: &str, full_too: bool| {
        let extra = scp("Ou1Policy", &doc(statement));
        let ou1 = if full_too {
            vec![full(), extra]
        } else {
            vec![extra]
        };
        let mut input = path(vec![full()], ou1, vec![], vec![full()]);
        input.path.remove(2);
        input
    };
    // 1. iam:ListRoles has no resource type: its request resource is `*`, which a
    //    role-ARN Resource does not match.
    let roles = at_ou1(
        r#"{"Effect":"Deny","Action":"iam:*","Resource":"arn:aws:iam::*:role/Admin*"}"#,
        true,
    );
    let q = Query::new("iam:ListRoles", None).expect("query");
    assert_eq!(evaluate(&roles, &q).verdict, A);
    let q = Query::new(
        "iam:DeleteRole",
        Some("arn:aws:iam::111122223333:role/AdminX"),
    )
    .expect("query");
    assert_eq!(evaluate(&roles, &q).verdict, D);
    // ... and a role action without a resource is denied for the Admin roles only.
    let e = evaluate(&roles, &Query::new("iam:DeleteRole", None).expect("query"));
    expect(&e, D, &["Ou1Policy"]);
    // 2. A Deny of S3 objects does not touch EC2 instances.
    let secret = at_ou1(
        r#"{"Effect":"Deny","Action":"*","Resource":"arn:aws:s3:::secret/*"}"#,
        true,
    );
    let q = Query::new("ec2:TerminateInstances", Some(INSTANCE)).expect("query");
    assert_eq!(evaluate(&secret, &q).verdict, A);
    let q = Query::new("ec2:TerminateInstances", None).expect("query");
    assert_eq!(evaluate(&secret, &q).verdict, A);
    // ... nor any EC2 action, each asked about with its own resource types.
    let q = Query::new("ec2:*", None).expect("query");
    assert_eq!(evaluate(&secret, &q).verdict, A);
    // 3. Every object ARN matches arn:aws:s3:::*.
    let only_s3 = at_ou1(
        r#"{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::*"}"#,
        false,
    );
    let q = Query::new("s3:GetObject", Some("arn:aws:s3:::bucket/key")).expect("query");
    assert_eq!(evaluate(&only_s3, &q).verdict, A);
    let q = Query::new("s3:GetObject", None).expect("query");
    let e = evaluate(&only_s3, &q);
    // A GetObject through an access point acts on the access point's object ARN
    // (arn:aws:s3:REGION:ACCOUNT:accesspoint/NAME/object/KEY), which arn:aws:s3:::* does
    // not match: that request is denied, so the whole question is not allowed, and the
    // answer says which type is.
    expect(
        &e,
        D,
        &["allowed for object", "denied for accesspointobject"],
    );
    // 4. A short pattern is not dropped: the Deny matches.
    let ec2 = at_ou1(
        r#"{"Effect":"Deny","Action":"ec2:*","Resource":"arn:aws:ec2:*"}"#,
        true,
    );
    let q = Query::new("ec2:TerminateInstances", Some(INSTANCE)).expect("query");
    assert_eq!(evaluate(&ec2, &q).verdict, D);
    // ... and with NotResource it is no deny-everything.
    let not = at_ou1(
        r#"{"Effect":"Deny","Action":"*","NotResource":"arn:aws:ec2:*"}"#,
        true,
    );
    assert_eq!(evaluate(&not, &q).verdict, A);
    let q = Query::new("s3:PutObject", Some("arn:aws:s3:::b/k")).expect("query");
    assert_eq!(evaluate(&not, &q).verdict, D);
    // 5. A region lock on a key every request has.
    let lock = at_ou1(
        r#"{"Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"StringLike":{"aws:RequestedRegion":"*"}}}"#,
        true,
    );
    assert_eq!(ask(&lock, "ec2:RunInstances", None, &[]).verdict, D);
}

#[test]
fn per_type_answers_are_named_when_they_differ() {
    let input = full_with_at_prod(scp(
        "Buckets",
        &doc(
            r#"{"Sid":"NoSecret","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::secret*"}"#,
        ),
    ));
    let q = Query::new("s3:GetObject", None).expect("query");
    let types = vec![
        ("object".to_string(), "arn:aws:s3:::data/*".to_string()),
        ("bucket".to_string(), "arn:aws:s3:::secret".to_string()),
    ];
    let e = evaluate_with_types(&input, &q, Some(types));
    expect(
        &e,
        D,
        &["allowed for object", "denied for bucket", "NoSecret"],
    );
    // From the catalog: ec2:TerminateInstances acts on instances only, which a Deny of
    // volumes misses; of ec2:*, the volume actions are denied.
    let volumes = full_with_at_prod(scp(
        "Volumes",
        &doc(
            r#"{"Sid":"NoVolumes","Effect":"Deny","Action":"ec2:*","Resource":"arn:aws:ec2:*:*:volume/*"}"#,
        ),
    ));
    let q = Query::new("ec2:TerminateInstances", None).expect("query");
    expect(&evaluate(&volumes, &q), A, &[]);
    let e = evaluate(&volumes, &Query::new("ec2:*", None).expect("query"));
    expect(
        &e,
        D,
        &[
            "denied for ec2:",
            "(volume)",
            "allowed for ec2:",
            "NoVolumes",
        ],
    );
    // An S3 object Deny misses access points: those are named apart.
    let objects = full_with_at_prod(scp(
        "Objects",
        &doc(
            r#"{"Sid":"NoObjects","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::*/*"}"#,
        ),
    ));
    let e = evaluate(&objects, &Query::new("s3:GetObject", None).expect("query"));
    expect(
        &e,
        D,
        &[
            "denied for object",
            "allowed for accesspointobject",
            "NoObjects",
        ],
    );
    // The same in the text of `orgtui eval`.
    let text = orgtui::policy::cli::render_text(&e);
    assert!(text.contains("denied for object"), "{text}");
}

/// A policy variable in a Condition value is the request's value of that key: decided
/// when it is given, depending on it when not — never compared as the text `${...}`
/// (which matched nothing and turned a Deny into ALLOWED).
#[test]
fn policy_variables_in_condition_values_are_the_request_s_values() {
    let owner =
        deny_if(r#"{"StringEquals":{"aws:ResourceTag/owner":"${aws:PrincipalTag/owner}"}}"#);
    let both = |r: &str, p: &str| {
        let r = format!("aws:ResourceTag/owner={r}");
        let p = format!("aws:PrincipalTag/owner={p}");
        ask(&owner, "ec2:TerminateInstances", Some(INSTANCE), &[&r, &p])
    };
    assert_eq!(both("alice", "alice").verdict, D);
    assert_eq!(both("alice", "bob").verdict, A);
    // Only the resource's tag given: it turns on the principal's, named.
    let e = ask(
        &owner,
        "ec2:TerminateInstances",
        Some(INSTANCE),
        &["aws:ResourceTag/owner=alice"],
    );
    assert_eq!(e.verdict, U, "{}", e.reason);
    assert_eq!(e.depends_on, vec!["aws:PrincipalTag/owner".to_string()]);
    // The tag absent from the resource: StringEquals is false whatever the variable is.
    let e = ask(
        &owner,
        "ec2:TerminateInstances",
        Some(INSTANCE),
        &["aws:ResourceTag/owner="],
    );
    assert_eq!(e.verdict, A, "{}", e.reason);
    // Negated: denied when they differ.
    let not =
        deny_if(r#"{"StringNotEquals":{"aws:ResourceTag/owner":"${aws:PrincipalTag/owner}"}}"#);
    let q = |r: &str, p: &str| {
        let r = format!("aws:ResourceTag/owner={r}");
        let p = format!("aws:PrincipalTag/owner={p}");
        ask(&not, "ec2:TerminateInstances", Some(INSTANCE), &[&r, &p]).verdict
    };
    assert_eq!(q("alice", "bob"), D);
    assert_eq!(q("alice", "alice"), A);
    // In an ARN, with text around it; and a default when the key is absent.
    let arn = deny_if(
        r#"{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::${aws:PrincipalAccount}:role/Admin"}}"#,
    );
    let e = ask(
        &arn,
        "s3:GetObject",
        Some("arn:aws:s3:::b/k"),
        &["aws:PrincipalArn=arn:aws:iam::111122223333:role/Admin"],
    );
    // aws:PrincipalAccount is the target account unless given.
    let same = ask(
        &arn,
        "s3:GetObject",
        Some("arn:aws:s3:::b/k"),
        &[
            "aws:PrincipalArn=arn:aws:iam::111122223333:role/Admin",
            "aws:PrincipalAccount=111122223333",
        ],
    );
    assert_eq!(same.verdict, A, "{}", same.reason);
    assert_eq!(e.verdict, D, "{}", e.reason);
    let default = deny_if(
        r#"{"StringNotEquals":{"aws:PrincipalTag/team":"${aws:ResourceTag/team, 'shared'}"}}"#,
    );
    let v = |ctx: &[&str]| ask(&default, "s3:GetObject", Some("arn:aws:s3:::b/k"), ctx).verdict;
    assert_eq!(
        v(&["aws:PrincipalTag/team=shared", "aws:ResourceTag/team="]),
        A
    );
    assert_eq!(
        v(&["aws:PrincipalTag/team=ops", "aws:ResourceTag/team="]),
        D
    );
    assert_eq!(v(&["aws:PrincipalTag/team=ops"]), U);
}

/// "Depends" names every key that could still change the answer, on every level, so
/// giving one never reveals another.
#[test]
fn depends_names_every_key_that_matters_on_every_level() {
    let two = deny_if(r#"{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}"#);
    let mut two = two;
    // A second conditional Deny at the root.
    let mfa = scp(
        "Mfa",
        &doc(
            r#"{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}"#,
        ),
    );
    two.path[0].policies.push(mfa);
    let e = ask(&two, "ec2:RunInstances", Some(INSTANCE), &[]);
    assert_eq!(e.verdict, U);
    for key in ["aws:RequestedRegion", "aws:MultiFactorAuthPresent"] {
        assert!(e.depends_on.iter().any(|k| k == key), "{:?}", e.depends_on);
        assert!(e.reason.contains(key), "{}", e.reason);
    }
    // Given one, the other is still named; given both, decided.
    let e = ask(
        &two,
        "ec2:RunInstances",
        Some(INSTANCE),
        &["aws:RequestedRegion=eu-west-1"],
    );
    assert_eq!(e.depends_on, vec!["aws:MultiFactorAuthPresent".to_string()]);
    let e = ask(
        &two,
        "ec2:RunInstances",
        Some(INSTANCE),
        &[
            "aws:RequestedRegion=eu-west-1",
            "aws:MultiFactorAuthPresent=true",
        ],
    );
    assert_eq!(e.verdict, A, "{}", e.reason);
}

/// Within one resource type, an answer that holds for part of it says which part: a Deny
/// of the Admin roles is no deny of every role.
#[test]
fn a_deny_of_part_of_a_type_names_the_part() {
    let roles = full_with_at_prod(scp(
        "Admins",
        &doc(r#"{"Effect":"Deny","Action":"iam:*","Resource":"arn:aws:iam::*:role/Admin*"}"#),
    ));
    let e = evaluate(&roles, &Query::new("iam:DeleteRole", None).expect("query"));
    expect(
        &e,
        D,
        &["denied for resources matching arn:aws:iam::*:role/Admin*"],
    );
    assert!(!e.reason.contains("?*"), "{}", e.reason);
    let secret = full_with_at_prod(scp(
        "Secret",
        &doc(r#"{"Effect":"Deny","Action":"*","Resource":"arn:aws:s3:::secret/*"}"#),
    ));
    let e = evaluate(&secret, &Query::new("s3:GetObject", None).expect("query"));
    expect(
        &e,
        D,
        &["denied for resources matching arn:aws:s3:::secret/*"],
    );
    // Only part allowed: the reason says which part is.
    let data = path(
        vec![full()],
        vec![scp(
            "Data",
            &doc(r#"{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::data-*"}"#),
        )],
        vec![full()],
        vec![full()],
    );
    let q = Query::new("s3:ListBucket", Some("arn:aws:s3:::*")).expect("query");
    let e = evaluate(&data, &q);
    expect(
        &e,
        D,
        &["allowed only for resources matching arn:aws:s3:::data-*"],
    );
}
