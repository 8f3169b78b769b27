//! The SCP and RCP evaluator: whether an action (on a resource) is allowed for an account
//! or OU, given the policies attached along its path from the root, with a trace of every
//! level, policy and statement. Pure: the path is read beforehand (`gather.rs`).
//!
//! Rules (AWS Organizations): at every level from the root down to and including the
//! target, some SCP attached at that level must allow; no SCP or RCP anywhere on the path
//! may deny. RCPs only deny (RCPFullAWSAccess lets everything through). A statement with
//! a Condition (or an RCP Principal other than "*") is never guessed: it makes the answer
//! depend on that condition. The management account is exempt.
//!
//! A question with wildcards (`ec2:*`, `iam:Create*`, or no resource, which means every
//! resource) asks about *every* action and resource it names: it is allowed only when
//! every one of them is, and denied when some of them are.

use serde::Serialize;

use super::glob::{action_reach, arn_reach, reach_any, Reach};
use super::grammar::{
    is_action_pattern, is_arn_pattern, read_iam, Dialect, Effect, Names, Statement,
};
use super::json;
pub use super::trace::*;
use crate::org::{PolicyType, TargetKind};

/// A policy attached at one level, with its document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachedPolicy {
    pub id: String,
    pub name: String,
    /// SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY (others are ignored).
    pub kind: PolicyType,
    pub aws_managed: bool,
    pub content: String,
}

/// One level of the path: the root, an OU, or the target account itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level {
    pub id: String,
    pub name: String,
    pub kind: TargetKind,
    /// The SCPs and RCPs attached directly at this level.
    pub policies: Vec<AttachedPolicy>,
}

/// What the evaluator needs: the path root first, target last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalInput {
    pub path: Vec<Level>,
    /// The target is the management account (SCPs and RCPs do not apply to it).
    pub management_account: bool,
    /// Whether SCPs / RCPs are enabled on the root (a disabled type restricts nothing).
    pub scps_enabled: bool,
    pub rcps_enabled: bool,
}

/// The question: an action (wildcards allowed) and optionally a resource ARN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Query {
    pub action: String,
    pub resource: Option<String>,
}

impl Query {
    /// A checked query: `service:action` (or `*`) and an ARN (or `*`).
    pub fn new(action: &str, resource: Option<&str>) -> Result<Query, String> {
        let action = action.trim();
        if !is_action_pattern(action) {
            return Err(format!(
                "\"{action}\" is not an action: expected service:action, e.g. s3:PutObject or ec2:Describe*"
            ));
        }
        if let Some(r) = resource {
            if !is_arn_pattern(r) {
                return Err(format!(
                    "\"{r}\" is not an ARN: expected arn:partition:service:region:account:resource"
                ));
            }
        }
        Ok(Query {
            action: action.to_string(),
            resource: resource.map(str::to_string),
        })
    }

    /// The question in words, saying how wildcards are read.
    pub fn describe(&self) -> String {
        let action = if self.action.contains(['*', '?']) {
            format!("every action matching {}", self.action)
        } else {
            self.action.clone()
        };
        match &self.resource {
            Some(r) if r.contains(['*', '?']) => format!("{action} on every resource matching {r}"),
            Some(r) => format!("{action} on {r}"),
            None => format!("{action} on every resource"),
        }
    }
}

/// The services whose resources RCPs govern (AWS, 2025).
pub const RCP_SERVICES: [&str; 10] = [
    "s3",
    "sts",
    "kms",
    "sqs",
    "secretsmanager",
    "cognito-identity",
    "logs",
    "ecr",
    "aoss",
    "dynamodb",
];

/// Evaluates `query` along `input.path`.
pub fn evaluate(input: &EvalInput, query: &Query) -> Evaluation {
    run(input, &read_all(input), query)
}

/// A policy document read once: its statements, or why it could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ReadPolicy {
    dialect: Dialect,
    statements: Vec<Statement>,
    unreadable: Option<String>,
}

/// An input with every document read once, for asking many questions of the same path
/// (reading the documents is most of the work of one evaluation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub input: EvalInput,
    read: Vec<Vec<ReadPolicy>>,
}

impl Prepared {
    pub fn new(input: EvalInput) -> Prepared {
        let read = read_all(&input);
        Prepared { input, read }
    }

    /// The same as [`evaluate`] on the input.
    pub fn evaluate(&self, query: &Query) -> Evaluation {
        run(&self.input, &self.read, query)
    }
}

fn read_all(input: &EvalInput) -> Vec<Vec<ReadPolicy>> {
    let read = |p: &AttachedPolicy| {
        let dialect = match p.kind {
            PolicyType::ResourceControl => Dialect::Rcp,
            _ => Dialect::Scp,
        };
        match json::parse(&p.content) {
            Ok(root) => ReadPolicy {
                dialect,
                statements: read_iam(dialect, &root, &mut Vec::new()),
                unreadable: None,
            },
            Err(e) => ReadPolicy {
                dialect,
                statements: Vec::new(),
                unreadable: Some(format!(
                    "line {}, column {}: {}",
                    e.pos.line, e.pos.column, e.message
                )),
            },
        }
    };
    input
        .path
        .iter()
        .map(|l| l.policies.iter().map(read).collect())
        .collect()
}

fn run(input: &EvalInput, read: &[Vec<ReadPolicy>], query: &Query) -> Evaluation {
    let levels: Vec<LevelTrace> = input
        .path
        .iter()
        .zip(read)
        .map(|(l, read)| level(l, read, query, input))
        .collect();
    let question = query.describe();
    let target = input
        .path
        .last()
        .map_or("the target".to_string(), |l| l.name.clone());
    if input.management_account {
        return Evaluation {
            verdict: Verdict::Exempt,
            reason: format!("{target} is the management account: SCPs and RCPs do not apply to it"),
            query: query.clone(),
            question,
            levels,
        };
    }
    let first = |f: fn(&LevelDecision) -> bool| levels.iter().find(|l| f(&l.decision));
    let denied = first(|d| {
        matches!(
            d,
            LevelDecision::Denied { .. } | LevelDecision::NoAllow { .. }
        )
    });
    let depends = first(|d| matches!(d, LevelDecision::DependsOnCondition { .. }));
    let (verdict, reason) = match (denied, depends) {
        (Some(l), _) => (
            Verdict::Denied,
            format!("decided at {}: {}", l.title(), l.summary()),
        ),
        (None, Some(l)) => (
            Verdict::DependsOnCondition,
            format!("decided at {}: {}", l.title(), l.summary()),
        ),
        (None, None) if input.path.is_empty() => (Verdict::Denied, "no path to evaluate".into()),
        (None, None) => (
            Verdict::Allowed,
            format!("allowed at every level down to {target}"),
        ),
    };
    Evaluation {
        verdict,
        query: query.clone(),
        question,
        reason,
        levels,
    }
}

fn level(l: &Level, read: &[ReadPolicy], query: &Query, input: &EvalInput) -> LevelTrace {
    let policies: Vec<PolicyTrace> = l
        .policies
        .iter()
        .zip(read)
        .filter(|(p, _)| match p.kind {
            PolicyType::ServiceControl => input.scps_enabled,
            PolicyType::ResourceControl => input.rcps_enabled,
            _ => false,
        })
        .map(|(p, read)| policy(p, read, query))
        .collect();
    // The first statement with this outcome (of an SCP only, when `scp_only`), named.
    let find = |o: StatementOutcome, scp_only: bool| {
        policies
            .iter()
            .filter(|p| !scp_only || p.kind == PolicyType::ServiceControl)
            .find_map(|p| {
                let s = p.statements.iter().find(|s| s.outcome == o)?;
                let by = StatementRef {
                    policy_id: p.id.clone(),
                    policy_name: p.name.clone(),
                    kind: p.kind.clone(),
                    statement: s.label.clone(),
                };
                Some((s.condition.clone().unwrap_or_default(), by))
            })
    };
    use StatementOutcome as O;
    let deny = find(O::Denies, false).or_else(|| find(O::DeniesPart, false));
    let decision = if let Some((_, by)) = deny {
        LevelDecision::Denied { by }
    } else if input.scps_enabled
        && find(O::Allows, true).is_none()
        && find(O::AllowsIfCondition, true).is_none()
    {
        LevelDecision::NoAllow {
            partly: find(O::AllowsPart, true).map(|(_, r)| r),
        }
    } else if let Some((condition, by)) = find(O::DeniesIfCondition, false) {
        LevelDecision::DependsOnCondition { by, condition }
    } else if let Some((_, by)) = find(O::Allows, true) {
        LevelDecision::Allowed { by }
    } else if let Some((condition, by)) = find(O::AllowsIfCondition, true) {
        LevelDecision::DependsOnCondition { by, condition }
    } else {
        LevelDecision::NotRestricted
    };
    LevelTrace {
        id: l.id.clone(),
        name: l.name.clone(),
        kind: l.kind,
        decision,
        policies,
    }
}

fn policy(p: &AttachedPolicy, read: &ReadPolicy, query: &Query) -> PolicyTrace {
    PolicyTrace {
        id: p.id.clone(),
        name: p.name.clone(),
        kind: p.kind.clone(),
        aws_managed: p.aws_managed,
        unreadable: read.unreadable.clone(),
        statements: read
            .statements
            .iter()
            .map(|s| statement(s, read.dialect, query))
            .collect(),
    }
}

/// How far a Names element reaches into the query part `q`.
fn names_reach(names: &Names, q: &str, f: fn(&str, &str) -> Reach) -> Reach {
    let r = reach_any(names.patterns.iter().map(String::as_str), q, f);
    if names.negated {
        r.complement()
    } else {
        r
    }
}

fn statement(s: &Statement, dialect: Dialect, query: &Query) -> StatementTrace {
    let action = s
        .action
        .as_ref()
        .map(|a| names_reach(a, &query.action, action_reach));
    // A policy variable (`${aws:username}`) in a Resource is only known at request time:
    // the statement then applies depending on it, never guessed either way.
    let variables = s
        .resource
        .as_ref()
        .filter(|r| r.patterns.iter().any(|p| p.contains("${")));
    // The resource only matters when the action matches.
    let resource = match (&s.resource, action) {
        (_, None | Some(Reach::None)) => Reach::None,
        (None, _) => Reach::All,
        (Some(_), _) if variables.is_some() => Reach::All,
        (Some(r), _) => names_reach(r, query.resource.as_deref().unwrap_or("*"), arn_reach),
    };
    let reach = action.unwrap_or(Reach::None).and(resource);
    let mut depends: Vec<String> = Vec::new();
    depends.extend(s.condition.clone());
    depends.extend(s.principal.as_ref().map(|p| format!("Principal {p}")));
    depends.extend(variables.map(|r| {
        let element = if r.negated { "NotResource" } else { "Resource" };
        format!(
            "the policy variables of {element} {}",
            r.patterns.join(", ")
        )
    }));
    let condition = (!depends.is_empty()).then(|| depends.join(" and "));
    let service = query
        .action
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let rcp_skips = dialect == Dialect::Rcp
        && !service.contains(['*', '?'])
        && !RCP_SERVICES.contains(&service.as_str());
    use StatementOutcome as O;
    let (outcome, explanation) = match (s.effect, action) {
        (None, _) | (_, None) => (
            O::NotApplicable,
            "could not be read (no valid Effect or Action)".to_string(),
        ),
        (Some(_), _) if rcp_skips => (O::NotApplicable, format!("RCPs do not apply to {service}")),
        (Some(_), _) if reach == Reach::None => (O::NoMatch, no_match(s, query)),
        (Some(Effect::Allow), _) if dialect == Dialect::Rcp => (
            O::NotApplicable,
            "an RCP Allow grants nothing (it lets requests through to the other policies)".into(),
        ),
        (Some(effect), _) => {
            let part = reach == Reach::Some;
            let (o, verb) = match (effect, &condition, part) {
                // Allowing only part of the question does not allow it, condition or not.
                (Effect::Allow, _, true) => (O::AllowsPart, "allows only"),
                (Effect::Allow, Some(_), false) => (O::AllowsIfCondition, "allows"),
                (Effect::Allow, None, false) => (O::Allows, "allows"),
                (Effect::Deny, Some(_), _) => (O::DeniesIfCondition, "denies"),
                (Effect::Deny, None, false) => (O::Denies, "denies"),
                (Effect::Deny, None, true) => (O::DeniesPart, "denies"),
            };
            let of = if part { "part of " } else { "" };
            let mut text = format!("{verb} {of}{}", query.describe());
            if let Some(c) = &condition {
                text.push_str(&format!(", depending on condition {c}"));
            }
            (o, text)
        }
    };
    StatementTrace {
        number: s.number,
        sid: s.sid.clone(),
        label: s.label(),
        effect: s.effect,
        reach,
        outcome,
        condition,
        line: s.line,
        explanation,
    }
}

/// Why a statement does not match, naming the element that excludes the query.
fn no_match(s: &Statement, query: &Query) -> String {
    let action_misses = s
        .action
        .as_ref()
        .is_none_or(|a| names_reach(a, &query.action, action_reach) == Reach::None);
    let element = |n: &Option<Names>, plain: &str, not: &str| match n {
        Some(n) if n.negated => format!("{not} {}", n.patterns.join(", ")),
        Some(n) => format!("{plain} {}", n.patterns.join(", ")),
        None => String::new(),
    };
    if action_misses {
        format!(
            "does not match {}: {}",
            query.action,
            element(&s.action, "Action", "NotAction excludes it:")
        )
    } else {
        let r = query.resource.as_deref().unwrap_or("*");
        format!(
            "does not match resource {r}: {}",
            element(&s.resource, "Resource", "NotResource excludes it:")
        )
    }
}
