//! The evaluator's answer: the verdict and the trace of levels → policies → statements,
//! with one-line summaries for the text output and the UI's tree. Serializes to the JSON
//! of `orgtui eval --format json`.

use serde::Serialize;

use super::glob::Reach;
use super::grammar::Effect;
use super::query::Query;
use crate::org::{PolicyType, TargetKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Allowed,
    Denied,
    DependsOnCondition,
    /// The management account: SCPs and RCPs do not apply.
    Exempt,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Allowed => "ALLOWED",
            Verdict::Denied => "DENIED",
            Verdict::DependsOnCondition => "DEPENDS ON CONDITION",
            Verdict::Exempt => "EXEMPT (management account)",
        }
    }
}

/// Which statement of which policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementRef {
    pub policy_id: String,
    pub policy_name: String,
    pub kind: PolicyType,
    /// The Sid, or "statement N".
    pub statement: String,
}

impl std::fmt::Display for StatementRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} of {} {} ({})",
            self.statement,
            self.kind.short(),
            self.policy_name,
            self.policy_id
        )
    }
}

/// What decided a level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum LevelDecision {
    /// An SCP here allows it and nothing here denies it.
    Allowed { by: StatementRef },
    /// SCPs are not enabled and no RCP here denies it.
    NotRestricted,
    /// No SCP attached here allows all of it (`partly`: one allows some of it).
    NoAllow { partly: Option<StatementRef> },
    /// A Deny here matches, without a condition.
    Denied { by: StatementRef },
    /// It turns on a condition: a Deny with one, or only an Allow with one.
    DependsOnCondition { by: StatementRef, condition: String },
}

/// How one statement relates to the question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementOutcome {
    Allows,
    /// Allows only some of the actions or resources asked about.
    AllowsPart,
    AllowsIfCondition,
    Denies,
    /// Denies some of the actions or resources asked about.
    DeniesPart,
    DeniesIfCondition,
    /// Its Action/Resource do not match.
    NoMatch,
    /// An RCP statement on a service RCPs do not cover, or an element that could not be read.
    NotApplicable,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementTrace {
    pub number: usize,
    pub sid: Option<String>,
    /// The Sid, or "statement N".
    pub label: String,
    pub effect: Option<Effect>,
    pub reach: Reach,
    pub outcome: StatementOutcome,
    /// The Condition (or RCP Principal) it depends on, as compact JSON.
    pub condition: Option<String>,
    /// The condition keys it turns on that the request context does not give.
    pub keys: Vec<String>,
    /// What would make it apply, in words ("aws:RequestedRegion is not eu-west-1").
    pub unknown: Vec<String>,
    /// The line of the statement in the policy document.
    pub line: usize,
    /// One sentence for the trace.
    pub explanation: String,
    /// Where it reaches only part of the question, which part: "for resources matching
    /// arn:aws:iam::*:role/Admin*" (the answer names it: a deny of some roles is not a
    /// deny of every role).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyTrace {
    pub id: String,
    pub name: String,
    pub kind: PolicyType,
    pub aws_managed: bool,
    /// Set when the document could not be read (its statements are then unknown).
    pub unreadable: Option<String>,
    pub statements: Vec<StatementTrace>,
}

impl PolicyTrace {
    /// "SCP FullAWSAccess (p-FullAWSAccess)".
    pub fn title(&self) -> String {
        format!("{} {} ({})", self.kind.short(), self.name, self.id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LevelTrace {
    pub id: String,
    pub name: String,
    #[serde(serialize_with = "kind_label")]
    pub kind: TargetKind,
    pub decision: LevelDecision,
    pub policies: Vec<PolicyTrace>,
}

fn kind_label<S: serde::Serializer>(k: &TargetKind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(k.label())
}

impl LevelTrace {
    /// "OU Prod (ou-…)".
    pub fn title(&self) -> String {
        format!("{} {} ({})", self.kind.label(), self.name, self.id)
    }

    /// One line saying what decided this level.
    pub fn summary(&self) -> String {
        match &self.decision {
            LevelDecision::Allowed { by } => format!("allowed by {by}"),
            LevelDecision::NotRestricted => {
                "not restricted (SCPs are not enabled, no RCP denies)".into()
            }
            LevelDecision::NoAllow { partly: None } => format!("no Allow matched at {}", self.name),
            LevelDecision::NoAllow { partly: Some(by) } => {
                format!(
                    "no Allow matched all of it at {} ({by} allows only part)",
                    self.name
                )
            }
            LevelDecision::Denied { by } => format!("denied by {by}"),
            LevelDecision::DependsOnCondition { by, condition } => {
                format!("depends on condition {condition} of {by}")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    pub verdict: Verdict,
    pub query: Query,
    /// The query in words (how wildcards were read).
    pub question: String,
    /// Why, in one sentence (the deciding level and statement).
    pub reason: String,
    /// When it depends: the condition keys not given that would decide it.
    pub depends_on: Vec<String>,
    /// Root first, target last.
    pub levels: Vec<LevelTrace>,
}
