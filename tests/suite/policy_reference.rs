//! An independent check of the evaluator: random organizations (paths of 1–6 levels, SCPs
//! and RCPs with Allow/Deny, Action/NotAction, Resource/NotResource and conditions over a
//! small context) and random questions, decided a second time by a deliberately simple
//! reference written here from AWS's documented logic: every concrete request the question
//! can stand for (each context key not given takes every value of its small universe, one
//! of them a value no policy names) is decided concretely, and the question is allowed
//! when all of them are, denied when all are, and depends otherwise.
//!
//! AWS's logic followed (Organizations User Guide, "SCP evaluation" and "RCP evaluation";
//! IAM User Guide, "Policy evaluation logic", "Condition operators", "ARN format"): an
//! explicit Deny in any SCP or RCP on the path denies; at every level from the root to the
//! account some SCP must have an Allow that applies; RCPs govern only some services; a
//! statement applies when its Action (or not its NotAction), its Resource (or not its
//! NotResource) and its Condition all match.

use orgtui::org::{PolicyType, TargetKind};
use orgtui::policy::eval::{AttachedPolicy, EvalInput, Level};
use orgtui::policy::{evaluate, Context, Query, Verdict};

/// A tiny deterministic generator (xorshift64*), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The concrete actions and, for each, the resources asked about.
const REQUESTS: [(&str, &[&str]); 8] = [
    (
        "s3:GetObject",
        &["arn:aws:s3:::data/a", "arn:aws:s3:::logs/b"],
    ),
    (
        "s3:PutObject",
        &["arn:aws:s3:::data/a", "arn:aws:s3:::logs/b:c"],
    ),
    (
        "ec2:RunInstances",
        &[
            "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
            "arn:aws:ec2:eu-west-1:111122223333:volume/v-1",
        ],
    ),
    (
        "ec2:TerminateInstances",
        &["arn:aws:ec2:us-east-1:111122223333:instance/i-1"],
    ),
    ("iam:CreateUser", &["arn:aws:iam::111122223333:user/alice"]),
    ("iam:ListRoles", &["arn:aws:iam::111122223333:role/Admin"]),
    (
        "kms:Decrypt",
        &["arn:aws:kms:us-east-1:111122223333:key/k1"],
    ),
    (
        "sts:AssumeRole",
        &["arn:aws:iam::444455556666:role/AdminOps"],
    ),
];

/// Actions without a resource type, asked without a resource: their request resource is
/// the string `*`, which only a Resource that matches `*` itself (or a NotResource that
/// does not) applies to.
const NO_TYPE: [&str; 4] = [
    "iam:ListRoles",
    "s3:ListAllMyBuckets",
    "ec2:DescribeInstances",
    "sts:GetCallerIdentity",
];

const ACTION_PATTERNS: [&str; 15] = [
    "*",
    "s3:*",
    "s3:Get*",
    "s3:?utObject",
    "ec2:*",
    "ec2:*Instances",
    "ec2:Run*",
    "iam:*",
    "iam:Create*",
    "IAM:listroles",
    "kms:*",
    "sts:AssumeRole",
    "*:*Object",
    "ec2:Describe*",
    "s3:List*",
];

const RESOURCE_PATTERNS: [&str; 16] = [
    "*",
    "arn:aws:s3:::data/*",
    "arn:aws:s3:::*",
    "arn:aws:s3:::logs*",
    "arn:aws:ec2:*",
    "arn:aws:ec2:us-east-1:*",
    "arn:aws:ec2:*:*:instance/*",
    "arn:aws:iam::*:role/Admin*",
    "arn:aws:iam::111122223333:*",
    "arn:aws:*",
    "arn:aws:kms:*:*:key/*",
    "arn:aws:ec2:eu-*",
    "arn:aws:s3:::data/?",
    // Other services' ARNs than those asked about.
    "arn:aws:s3:::secret/*",
    "arn:aws:sqs:*:*:queue*",
    "arn:aws:dynamodb:*",
];

/// The context keys and their universes (`None`: absent). Each universe holds a value no
/// condition names, standing for every other value; the first two are in every request.
const REGION: usize = 0;
const ARN: usize = 1;
const TEAM: usize = 2;
const IP: usize = 3;
const MFA_AGE: usize = 4;
const MFA: usize = 5;
const RES_TEAM: usize = 6;
const TIME: usize = 7;
const N_KEYS: usize = 8;
const KEYS: [(&str, &[Option<&str>]); N_KEYS] = [
    (
        "aws:RequestedRegion",
        &[
            Some("us-east-1"),
            Some("eu-west-1"),
            Some("ap-south-1"),
            Some("sa-east-1"),
        ],
    ),
    (
        "aws:PrincipalArn",
        &[
            Some("arn:aws:iam::111122223333:role/AdminX"),
            Some("arn:aws:iam::111122223333:role/Dev"),
            Some("arn:aws:iam::111122223333:user/zed"),
        ],
    ),
    (
        "aws:PrincipalTag/team",
        &[None, Some("ops"), Some("dev"), Some("zzz")],
    ),
    (
        "aws:SourceIp",
        &[
            None,
            Some("10.0.0.5"),
            Some("192.0.2.1"),
            Some("198.51.100.7"),
        ],
    ),
    (
        "aws:MultiFactorAuthAge",
        &[None, Some("60"), Some("3600"), Some("86400")],
    ),
    (
        "aws:MultiFactorAuthPresent",
        &[None, Some("true"), Some("false")],
    ),
    ("aws:ResourceTag/team", &[None, Some("ops"), Some("dev")]),
    // In every request.
    (
        "aws:CurrentTime",
        &[
            Some("2026-01-01T00:00:00Z"),
            Some("2026-06-30T12:00:00Z"),
            Some("2027-01-01T00:00:00Z"),
        ],
    ),
];

/// One concrete request's context: a value (or absent) per key, and the account.
struct Request<'a> {
    values: [Option<&'a str>; N_KEYS],
    account: &'a str,
}

/// The conditions, each with its meaning written out by hand from the operators' docs.
type Holds = fn(&Request) -> bool;
const CONDITIONS: [(&str, Holds); 21] = [
    (
        r#"{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}"#,
        |r| r.values[REGION] == Some("eu-west-1"),
    ),
    (
        r#"{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}"#,
        |r| !matches!(r.values[REGION], Some("us-east-1" | "eu-west-1")),
    ),
    (r#"{"StringLike":{"aws:RequestedRegion":"*"}}"#, |r| {
        r.values[REGION].is_some()
    }),
    (r#"{"Null":{"aws:RequestedRegion":"true"}}"#, |r| {
        r.values[REGION].is_none()
    }),
    (r#"{"StringEquals":{"aws:PrincipalTag/team":"ops"}}"#, |r| {
        r.values[TEAM] == Some("ops")
    }),
    // IfExists: true when the key is missing.
    (
        r#"{"StringNotEqualsIfExists":{"aws:PrincipalTag/team":"ops"}}"#,
        |r| r.values[TEAM] != Some("ops"),
    ),
    (r#"{"Null":{"aws:PrincipalTag/team":"true"}}"#, |r| {
        r.values[TEAM].is_none()
    }),
    (r#"{"StringLike":{"aws:PrincipalTag/team":"d*"}}"#, |r| {
        r.values[TEAM].is_some_and(|t| t.starts_with('d'))
    }),
    (r#"{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#, |r| {
        r.values[IP].is_some_and(|ip| ip.starts_with("10."))
    }),
    // A negated operator on a missing key is true.
    (
        r#"{"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","192.0.2.0/24"]}}"#,
        |r| !r.values[IP].is_some_and(|ip| ip.starts_with("10.") || ip.starts_with("192.0.2.")),
    ),
    (
        r#"{"StringEquals":{"aws:RequestedRegion":"eu-west-1","aws:PrincipalTag/team":"ops"}}"#,
        |r| r.values[REGION] == Some("eu-west-1") && r.values[TEAM] == Some("ops"),
    ),
    (
        r#"{"ForAnyValue:StringEquals":{"aws:PrincipalTag/team":["ops","dev"]}}"#,
        |r| matches!(r.values[TEAM], Some("ops" | "dev")),
    ),
    (
        r#"{"StringEquals":{"aws:PrincipalAccount":"111122223333"}}"#,
        |r| r.account == "111122223333",
    ),
    (
        r#"{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Admin*"}}"#,
        |r| r.values[ARN].is_some_and(|a| a.contains(":role/Admin")),
    ),
    // Numbers: false when the key is missing.
    (
        r#"{"NumericGreaterThan":{"aws:MultiFactorAuthAge":"3600"}}"#,
        |r| r.values[MFA_AGE].is_some_and(|v| v.parse::<u64>().is_ok_and(|n| n > 3600)),
    ),
    (
        r#"{"NumericLessThanEqualsIfExists":{"aws:MultiFactorAuthAge":"3600"}}"#,
        |r| r.values[MFA_AGE].is_none_or(|v| v.parse::<u64>().is_ok_and(|n| n <= 3600)),
    ),
    // Bool, and the usual "no MFA" guard.
    (
        r#"{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}"#,
        |r| r.values[MFA] != Some("true"),
    ),
    (r#"{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#, |r| {
        r.values[MFA] == Some("true")
    }),
    // Dates, on a key every request has.
    (
        r#"{"DateGreaterThan":{"aws:CurrentTime":"2026-03-01T00:00:00Z"}}"#,
        |r| r.values[TIME].is_some_and(|t| t > "2026-03-01T00:00:00Z"),
    ),
    (
        r#"{"DateLessThan":{"aws:CurrentTime":"2026-12-31T00:00:00Z"}}"#,
        |r| r.values[TIME].is_some_and(|t| t < "2026-12-31T00:00:00Z"),
    ),
    // A policy variable: the principal's tag equals the resource's (both must be there).
    (
        r#"{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}"#,
        |r| matches!((r.values[RES_TEAM], r.values[TEAM]), (Some(a), Some(b)) if a == b),
    ),
];

/// The keys each condition reads (a question turns only on the keys its policies name).
fn keys_of(condition: &str) -> Vec<usize> {
    (0..N_KEYS)
        .filter(|&k| {
            condition.contains(&format!("\"{}\"", KEYS[k].0))
                || condition.contains(&format!("{{{}}}", KEYS[k].0))
        })
        .collect()
}

/// The services RCPs govern, of those asked about here.
const RCP_SERVICES: [&str; 3] = ["s3", "sts", "kms"];

#[derive(Clone)]
struct Stmt {
    deny: bool,
    not_action: bool,
    actions: Vec<&'static str>,
    /// `None`: no Resource element.
    resources: Option<(bool, Vec<&'static str>)>,
    condition: Option<usize>,
}

#[derive(Clone)]
struct Pol {
    rcp: bool,
    stmts: Vec<Stmt>,
}

impl Stmt {
    fn json(&self, rcp: bool) -> String {
        let list = |v: &[&str]| {
            let items: Vec<String> = v.iter().map(|s| format!("\"{s}\"")).collect();
            format!("[{}]", items.join(","))
        };
        let mut s = format!(
            r#"{{"Effect":"{}","#,
            if self.deny { "Deny" } else { "Allow" }
        );
        if rcp {
            s.push_str(r#""Principal":"*","#);
        }
        let key = if self.not_action {
            "NotAction"
        } else {
            "Action"
        };
        s.push_str(&format!(r#""{key}":{}"#, list(&self.actions)));
        if let Some((not, r)) = &self.resources {
            let key = if *not { "NotResource" } else { "Resource" };
            s.push_str(&format!(r#","{key}":{}"#, list(r)));
        }
        if let Some(c) = self.condition {
            s.push_str(&format!(r#","Condition":{}"#, CONDITIONS[c].0));
        }
        s.push('}');
        s
    }
}

/// Wildcards as IAM documents them: `*` any run of characters, `?` exactly one.
fn glob(p: &[u8], t: &[u8]) -> bool {
    match (p.first(), t.first()) {
        (None, None) => true,
        (Some(b'*'), _) => glob(&p[1..], t) || (!t.is_empty() && glob(p, &t[1..])),
        (Some(b'?'), Some(_)) => glob(&p[1..], &t[1..]),
        (Some(a), Some(b)) if a == b => glob(&p[1..], &t[1..]),
        _ => false,
    }
}

/// ARN matching: the first five segments one by one, the last segment a pattern gives
/// standing for the rest of the ARN.
fn arn_matches(pattern: &str, arn: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    if arn == "*" {
        // The request resource of an action without a resource type: compared whole.
        return glob(pattern.as_bytes(), b"*");
    }
    let p: Vec<&str> = pattern.splitn(6, ':').collect();
    let a: Vec<&str> = arn.splitn(p.len(), ':').collect();
    p.len() == a.len()
        && p.iter()
            .zip(&a)
            .all(|(p, a)| glob(p.as_bytes(), a.as_bytes()))
}

fn applies(s: &Stmt, action: &str, resource: &str, r: &Request) -> bool {
    let a = s.actions.iter().any(|p| {
        glob(
            p.to_ascii_lowercase().as_bytes(),
            action.to_ascii_lowercase().as_bytes(),
        )
    });
    let res = match &s.resources {
        None => true,
        Some((not, list)) => list.iter().any(|p| arn_matches(p, resource)) != *not,
    };
    let c = s.condition.is_none_or(|c| (CONDITIONS[c].1)(r));
    (a != s.not_action) && res && c
}

/// One concrete request: denied by any applying Deny; else allowed when every level has
/// an SCP Allow that applies.
fn concrete(levels: &[Vec<Pol>], action: &str, resource: &str, r: &Request) -> bool {
    let service = action.split(':').next().unwrap_or_default();
    let denied = levels.iter().flatten().any(|p| {
        (!p.rcp || RCP_SERVICES.contains(&service))
            && p.stmts
                .iter()
                .any(|s| s.deny && applies(s, action, resource, r))
    });
    let allowed = levels.iter().all(|l| {
        l.iter().filter(|p| !p.rcp).any(|p| {
            p.stmts
                .iter()
                .any(|s| !s.deny && applies(s, action, resource, r))
        })
    });
    allowed && !denied
}

/// Every completion of the given context: allowed, denied, or depends.
fn reference(
    levels: &[Vec<Pol>],
    asks: &[(&str, &str)],
    given: &[Option<Option<&'static str>>; N_KEYS],
    account: &str,
) -> Verdict {
    // A key no condition of the organization reads cannot change the answer: one value.
    let used: Vec<usize> = (levels.iter().flatten())
        .flat_map(|p| &p.stmts)
        .filter_map(|s| s.condition)
        .flat_map(|c| keys_of(CONDITIONS[c].0))
        .collect();
    let choices: Vec<Vec<Option<&str>>> = (given.iter().zip(KEYS).enumerate())
        .map(|(k, (g, (_, universe)))| match g {
            Some(v) => vec![*v],
            None if used.contains(&k) => universe.to_vec(),
            None => universe[..1].to_vec(),
        })
        .collect();
    // Each concrete ask on its own over the contexts; the question is allowed only when
    // every ask is, and denied when some ask is denied in every context (as orgtui reads
    // a question about many actions or resources).
    let verdicts: Vec<Verdict> = asks
        .iter()
        .map(|ask| over_contexts(levels, ask, &choices, account))
        .collect();
    if verdicts.contains(&Verdict::Denied) {
        Verdict::Denied
    } else if verdicts.contains(&Verdict::DependsOnCondition) {
        Verdict::DependsOnCondition
    } else {
        Verdict::Allowed
    }
}

/// One concrete action on one resource, in every completion of the context.
fn over_contexts(
    levels: &[Vec<Pol>],
    (action, resource): &(&str, &str),
    choices: &[Vec<Option<&str>>],
    account: &str,
) -> Verdict {
    let (mut allowed, mut denied) = (false, false);
    let mut values = [None; N_KEYS];
    let mut pick = [0usize; N_KEYS];
    'requests: loop {
        for k in 0..N_KEYS {
            values[k] = choices[k][pick[k]];
        }
        let r = Request { values, account };
        if concrete(levels, action, resource, &r) {
            allowed = true;
        } else {
            denied = true;
        }
        // The next combination (an odometer over the keys' choices).
        for k in 0..N_KEYS {
            pick[k] += 1;
            if pick[k] < choices[k].len() {
                continue 'requests;
            }
            pick[k] = 0;
        }
        break;
    }
    match (allowed, denied) {
        (true, false) => Verdict::Allowed,
        (false, true) => Verdict::Denied,
        _ => Verdict::DependsOnCondition,
    }
}

/// Actions with resource types, asked without a resource: the reference asks about
/// concrete resources of each type the Service Authorization Reference gives them.
const TYPED: [&str; 8] = [
    "s3:GetObject",
    "s3:PutObject",
    "s3:ListBucket",
    "ec2:TerminateInstances",
    "iam:CreateUser",
    "iam:DeleteRole",
    "kms:Decrypt",
    "sts:AssumeRole",
];

/// Wildcard actions asked on a resource: the reference asks about each action AWS has
/// that the pattern matches.
const WILD: [(&str, &str); 4] = [
    ("s3:Get*", "arn:aws:s3:::data/a"),
    ("iam:Create*", "arn:aws:iam::111122223333:user/alice"),
    (
        "ec2:*Instances",
        "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
    ),
    ("kms:*", "arn:aws:kms:us-east-1:111122223333:key/k1"),
];

/// Concrete resources of every type of `action`: each ARN format with its region and
/// account segments in two of each, and each other part one of a few names (among them
/// ones the policies' patterns name, and one they do not).
fn representatives(action: &str) -> Vec<String> {
    const NAMES: [&str; 6] = ["data", "logs", "secret", "Admin1", "a", "zz"];
    let types = orgtui::policy::eval::resource_types(action).expect("a known action");
    let mut out: Vec<String> = Vec::new();
    for (_, pattern) in types {
        let seg: Vec<&str> = pattern.splitn(6, ':').collect();
        let regions: &[&str] = if seg[3] == "*" {
            &["us-east-1", "eu-west-1"]
        } else {
            &[seg[3]]
        };
        let accounts: &[&str] = if seg[4] == "*" {
            &["111122223333", "999988887777"]
        } else {
            &[seg[4]]
        };
        // Every way to fill the resource part's wildcards with NAMES.
        let mut parts = vec![String::new()];
        for (i, piece) in seg[5].split('*').enumerate() {
            let next: Vec<String> = if i == 0 {
                parts.iter().map(|p| format!("{p}{piece}")).collect()
            } else {
                parts
                    .iter()
                    .flat_map(|p| NAMES.iter().map(move |n| format!("{p}{n}{piece}")))
                    .collect()
            };
            parts = next;
        }
        for r in regions {
            for a in accounts {
                for part in &parts {
                    out.push(format!("arn:aws:{}:{r}:{a}:{part}", seg[2]));
                }
            }
        }
    }
    if out.is_empty() {
        out.push("*".into());
    }
    out
}

fn statement(rng: &mut Rng, rcp: bool) -> Stmt {
    let n = 1 + rng.below(2);
    let actions = (0..n).map(|_| *rng.pick(&ACTION_PATTERNS)).collect();
    let resources = if rng.chance(25) {
        None
    } else {
        let n = 1 + rng.below(2);
        let list = (0..n).map(|_| *rng.pick(&RESOURCE_PATTERNS)).collect();
        Some((rng.chance(20), list))
    };
    Stmt {
        deny: rcp || rng.chance(50),
        // RCPs have no NotAction.
        not_action: !rcp && rng.chance(15),
        actions,
        resources,
        condition: rng.chance(45).then(|| rng.below(CONDITIONS.len())),
    }
}

const FULL: Stmt = Stmt {
    deny: false,
    not_action: false,
    actions: Vec::new(),
    resources: None,
    condition: None,
};

fn organization(rng: &mut Rng) -> Vec<Vec<Pol>> {
    let depth = 1 + rng.below(6);
    (0..depth)
        .map(|_| {
            let mut policies = Vec::new();
            if rng.chance(75) {
                let full = Stmt {
                    actions: vec!["*"],
                    resources: Some((false, vec!["*"])),
                    ..FULL
                };
                policies.push(Pol {
                    rcp: false,
                    stmts: vec![full],
                });
            }
            for _ in 0..rng.below(3) {
                let rcp = rng.chance(25);
                let n = 1 + rng.below(3);
                let stmts = (0..n).map(|_| statement(rng, rcp)).collect();
                policies.push(Pol { rcp, stmts });
            }
            policies
        })
        .collect()
}

fn input(levels: &[Vec<Pol>], account: &str) -> EvalInput {
    let last = levels.len() - 1;
    let path = levels
        .iter()
        .enumerate()
        .map(|(i, policies)| {
            let (kind, id) = match i {
                0 if last == 0 => (TargetKind::Account, account.to_string()),
                0 => (TargetKind::Root, "r-ab12".to_string()),
                i if i == last => (TargetKind::Account, account.to_string()),
                i => (TargetKind::OrganizationalUnit, format!("ou-ab12-{i:08}")),
            };
            let policies = policies
                .iter()
                .enumerate()
                .map(|(n, p)| {
                    let stmts: Vec<String> = p.stmts.iter().map(|s| s.json(p.rcp)).collect();
                    AttachedPolicy {
                        id: format!("p-{i}{n}"),
                        name: format!("policy-{i}-{n}"),
                        kind: if p.rcp {
                            PolicyType::ResourceControl
                        } else {
                            PolicyType::ServiceControl
                        },
                        aws_managed: false,
                        content: format!(
                            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
                            stmts.join(",")
                        ),
                    }
                })
                .collect();
            Level {
                name: id.clone(),
                id,
                kind,
                policies,
            }
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

#[test]
fn orgtui_agrees_with_a_reference_evaluator_on_random_organizations() {
    // More organizations or another seed on demand (ORGTUI_REFERENCE_ORGS, _SEED).
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    let orgs = env("ORGTUI_REFERENCE_ORGS").unwrap_or(600);
    let mut rng = Rng(env("ORGTUI_REFERENCE_SEED").unwrap_or(0x5EED_0016_2026_0001));
    let (mut asked, mut agreed) = (0usize, 0usize);
    let mut classes: std::collections::BTreeMap<String, usize> = Default::default();
    let mut kinds: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut examples: Vec<String> = Vec::new();
    for _ in 0..orgs {
        let levels = organization(&mut rng);
        let account = *rng.pick(&["111122223333", "444455556666"]);
        let input = input(&levels, account);
        for _ in 0..4 {
            // A quarter asked without a resource about an action that has no resource
            // type (the reference then asks about `*`).
            // Questions without a resource (about an action without a resource type, or
            // with types: each type asked about), wildcard actions, and concrete ones.
            let roll = rng.below(100);
            let (action, asks, named): (&str, Vec<(String, String)>, Option<&str>) = if roll < 20 {
                let action = *rng.pick(&NO_TYPE);
                (action, vec![(action.to_string(), "*".to_string())], None)
            } else if roll < 40 {
                let action = *rng.pick(&TYPED);
                let asks = (representatives(action).into_iter())
                    .map(|r| (action.to_string(), r))
                    .collect();
                (action, asks, None)
            } else if roll < 50 {
                let (pattern, resource) = *rng.pick(&WILD);
                let asks = (orgtui::policy::catalog::catalog().actions_matching(pattern))
                    .map(|(s, a)| (format!("{}:{}", s.prefix, a.name), resource.to_string()))
                    .collect();
                (pattern, asks, Some(resource))
            } else {
                let (action, resources) = *rng.pick(&REQUESTS);
                let resource = *rng.pick(resources);
                let asks = vec![(action.to_string(), resource.to_string())];
                (action, asks, Some(resource))
            };
            *kinds
                .entry(if roll < 20 {
                    "no resource type"
                } else if roll < 40 {
                    "each resource type"
                } else if roll < 50 {
                    "wildcard action"
                } else {
                    "concrete"
                })
                .or_default() += 1;
            let mut given: [Option<Option<&'static str>>; N_KEYS] = [None; N_KEYS];
            let mut pairs = Vec::new();
            for (g, (key, universe)) in given.iter_mut().zip(KEYS) {
                if rng.chance(50) {
                    let v = *rng.pick(universe);
                    *g = Some(v);
                    // KEY= (no value) says the key is absent from the request.
                    pairs.push(format!("{key}={}", v.unwrap_or_default()));
                }
            }
            let context = Context::parse(pairs.iter().map(String::as_str)).expect("context");
            let q = Query::new(action, named)
                .expect("query")
                .with_context(context);
            let ours = evaluate(&input, &q).verdict;
            let asks: Vec<(&str, &str)> =
                asks.iter().map(|(a, r)| (a.as_str(), r.as_str())).collect();
            let theirs = reference(&levels, &asks, &given, account);
            asked += 1;
            if ours == theirs {
                agreed += 1;
                continue;
            }
            *classes
                .entry(format!("orgtui {ours:?}, reference {theirs:?}"))
                .or_default() += 1;
            if examples.len() < 5 {
                let docs: Vec<&str> = input
                    .path
                    .iter()
                    .flat_map(|l| l.policies.iter().map(|p| p.content.as_str()))
                    .collect();
                examples.push(format!("{} {pairs:?}: {docs:#?}", q.describe()));
            }
            // Never allowed where some concrete request is denied.
            assert!(
                ours != Verdict::Allowed,
                "orgtui allows what the reference says is {theirs:?}: {}",
                examples.last().map_or("", |s| s.as_str())
            );
        }
    }
    let rate = agreed as f64 / asked as f64;
    println!(
        "reference check: {agreed} of {asked} agree ({:.2}%); questions: {kinds:?}; disagreements: {classes:?}",
        rate * 100.0
    );
    for e in &examples {
        println!("{e}");
    }
    assert!(asked >= 2000);
    assert!(rate >= 0.995, "{:.2}% agree: {classes:?}", rate * 100.0);
}
