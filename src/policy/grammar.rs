//! The IAM policy grammar of SCPs and RCPs: checks a parsed document element by element
//! (each problem at the key or value it is about) and reads it into [`Statement`]s, the
//! form the evaluator works on. One reading for both, so what is checked is what is
//! evaluated.

use std::collections::HashMap;

use super::condition::{Operator, Test};
use super::json::{to_compact, Member, Node, Pos, Value};
use super::problem::Problem;

/// Which rules apply: SCPs forbid Principal; RCPs are Deny-only and have no NotAction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Scp,
    Rcp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Effect {
    Allow,
    Deny,
}

/// Action/NotAction or Resource/NotResource: the patterns, and whether the element is the
/// "Not" form (it then applies to everything its patterns do not match).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    pub negated: bool,
    pub patterns: Vec<String>,
}

/// One statement as read; an element missing or unreadable is `None` (the validator has
/// reported it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// 1-based position in the Statement list.
    pub number: usize,
    pub sid: Option<String>,
    pub effect: Option<Effect>,
    pub action: Option<Names>,
    /// `None`: no Resource element, i.e. every resource.
    pub resource: Option<Names>,
    /// The Condition block as compact JSON.
    pub condition: Option<String>,
    /// The Condition block read: every operator's keys with their values (all ANDed).
    pub conditions: Vec<Test>,
    /// The Principal element as compact JSON, unless it is `"*"` (everyone).
    pub principal: Option<String>,
    /// The AWS principals (ARNs or account ids) of `{"AWS": ...}` when that is all the
    /// Principal names; `None` for other forms.
    pub principal_aws: Option<Vec<String>>,
    /// What of the statement could not be understood (a dropped pattern, an unknown
    /// operator, ...): the evaluator never treats such a statement as certain.
    pub unreadable: Vec<String>,
    pub line: usize,
}

impl Statement {
    /// The Sid, or "statement N" when it has none.
    pub fn label(&self) -> String {
        match &self.sid {
            Some(s) if !s.is_empty() => s.clone(),
            _ => format!("statement {}", self.number),
        }
    }
}

const STATEMENT_KEYS: [&str; 9] = [
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
    "Principal",
    "NotPrincipal",
];

/// Whether `name` is a condition operator IAM knows, with its decorations.
pub fn known_operator(name: &str) -> bool {
    Operator::parse(name).is_some()
}

/// `service:action` with wildcards anywhere, or `*`.
pub fn is_action_pattern(s: &str) -> bool {
    let part = |p: &str, extra: &[char]| {
        !p.is_empty()
            && p.chars().all(|c| {
                c.is_ascii_alphanumeric() || matches!(c, '*' | '?' | '-') || extra.contains(&c)
            })
    };
    s == "*"
        || s.split_once(':')
            .is_some_and(|(svc, act)| part(svc, &[]) && part(act, &['_', '.']))
}

/// An ARN (`arn:partition:service:region:account:resource`, wildcards allowed) or `*`.
/// IAM accepts shorter patterns too (`arn:aws:ec2:*`): the last segment given then
/// stands for the rest of the ARN (see `glob::arn_reach`).
pub fn is_arn_pattern(s: &str) -> bool {
    s == "*" || s.strip_prefix("arn:").is_some_and(|rest| !rest.is_empty())
}

struct Reader<'a> {
    dialect: Dialect,
    problems: &'a mut Vec<Problem>,
    /// What the statement being read lost (see `Statement::unreadable`).
    dropped: Vec<String>,
}

impl Reader<'_> {
    fn problem(&mut self, pos: Pos, message: impl Into<String>) {
        self.problems.push(Problem::at(pos, message));
    }

    /// A string or a non-empty list of strings, each checked by `ok`.
    fn strings(&mut self, m: &Member, ok: fn(&str) -> bool, what: &str) -> Option<Vec<String>> {
        let items: Vec<&Node> = match &m.value.value {
            Value::String(_) => vec![&m.value],
            Value::Array(list) if list.is_empty() => {
                self.dropped.push(format!("{} []", m.key));
                self.problem(m.value.pos, format!("{} must not be an empty list", m.key));
                return None;
            }
            Value::Array(list) => list.iter().collect(),
            _ => {
                self.dropped
                    .push(format!("{} {}", m.key, to_compact(&m.value)));
                let kind = m.value.kind();
                self.problem(
                    m.value.pos,
                    format!(
                        "{} must be a string or a list of strings, found {kind}",
                        m.key
                    ),
                );
                return None;
            }
        };
        let mut out = Vec::new();
        for item in items {
            match item.as_str() {
                Some(s) if ok(s) => out.push(s.to_string()),
                Some(s) => {
                    self.dropped.push(format!("{} \"{s}\"", m.key));
                    self.problem(item.pos, format!("\"{s}\" in {} is not {what}", m.key))
                }
                None => {
                    self.dropped.push(format!("{} {}", m.key, to_compact(item)));
                    self.problem(
                        item.pos,
                        format!("{} must list strings, found {}", m.key, item.kind()),
                    )
                }
            }
        }
        Some(out)
    }

    fn document(&mut self, root: &Node) -> Vec<Statement> {
        let Some(members) = root.members() else {
            self.problem(
                root.pos,
                format!("a policy must be a JSON object, found {}", root.kind()),
            );
            return Vec::new();
        };
        for m in members {
            match m.key.as_str() {
                "Version" => self.version(m),
                "Statement" | "Id" => {}
                other => self.problem(
                    m.key_pos,
                    unknown_key("top-level key", other, &["Version", "Statement", "Id"]),
                ),
            }
        }
        if self.dialect == Dialect::Rcp && root.get("Version").is_none() {
            self.problem(root.pos, "an RCP needs \"Version\": \"2012-10-17\"");
        }
        let Some(statement) = root.get("Statement") else {
            self.problem(
                root.pos,
                "missing \"Statement\" (an object or a list of objects)",
            );
            return Vec::new();
        };
        let items: Vec<&Node> = match &statement.value.value {
            Value::Object(_) => vec![&statement.value],
            Value::Array(list) if list.is_empty() => {
                self.problem(statement.value.pos, "Statement must not be an empty list");
                return Vec::new();
            }
            Value::Array(list) => list.iter().collect(),
            _ => {
                let kind = statement.value.kind();
                self.problem(
                    statement.value.pos,
                    format!("Statement must be an object or a list of objects, found {kind}"),
                );
                return Vec::new();
            }
        };
        let mut sids: HashMap<String, usize> = HashMap::new();
        let mut out = Vec::new();
        for (i, node) in items.into_iter().enumerate() {
            if node.members().is_none() {
                self.problem(
                    node.pos,
                    format!("each statement must be an object, found {}", node.kind()),
                );
                continue;
            }
            let s = self.statement(node, i + 1);
            if let (Some(sid), Some(m)) = (&s.sid, node.get("Sid")) {
                if let Some(line) = sids.get(sid) {
                    self.problem(
                        m.value.pos,
                        format!("duplicate Sid \"{sid}\" (also on line {line})"),
                    );
                } else if !sid.is_empty() {
                    sids.insert(sid.clone(), m.value.pos.line);
                }
            }
            out.push(s);
        }
        out
    }

    fn version(&mut self, m: &Member) {
        let ok: &[&str] = match self.dialect {
            Dialect::Scp => &["2012-10-17", "2008-10-17"],
            Dialect::Rcp => &["2012-10-17"],
        };
        if !m.value.as_str().is_some_and(|v| ok.contains(&v)) {
            let allowed = ok
                .iter()
                .map(|v| format!("\"{v}\""))
                .collect::<Vec<_>>()
                .join(" or ");
            self.problem(m.value.pos, format!("Version must be {allowed}"));
        }
    }

    fn statement(&mut self, node: &Node, number: usize) -> Statement {
        let mut s = Statement {
            number,
            sid: None,
            effect: None,
            action: None,
            resource: None,
            condition: None,
            conditions: Vec::new(),
            principal: None,
            principal_aws: None,
            unreadable: Vec::new(),
            line: node.pos.line,
        };
        self.dropped.clear();
        let mut action_key: Option<&str> = None;
        let mut resource_key: Option<&str> = None;
        for m in node.members().unwrap_or_default() {
            match m.key.as_str() {
                "Sid" => s.sid = self.sid(m),
                "Effect" => s.effect = self.effect(m),
                key @ ("Action" | "NotAction") => {
                    if let Some(first) = action_key {
                        self.problem(m.key_pos, format!("a statement has exactly one of Action and NotAction; {first} is already given"));
                        continue;
                    }
                    action_key = Some(key);
                    if key == "NotAction" && self.dialect == Dialect::Rcp {
                        self.problem(m.key_pos, "RCPs do not support NotAction; use Action");
                    }
                    let patterns = self.strings(
                        m,
                        is_action_pattern,
                        "an action (service:action, e.g. s3:PutObject, or *)",
                    );
                    s.action = patterns.map(|patterns| Names {
                        negated: key == "NotAction",
                        patterns,
                    });
                }
                key @ ("Resource" | "NotResource") => {
                    if let Some(first) = resource_key {
                        self.problem(m.key_pos, format!("a statement has at most one of Resource and NotResource; {first} is already given"));
                        continue;
                    }
                    resource_key = Some(key);
                    let patterns = self.strings(
                        m,
                        is_arn_pattern,
                        "an ARN (arn:partition:service:region:account:resource) or *",
                    );
                    s.resource = patterns.map(|patterns| Names {
                        negated: key == "NotResource",
                        patterns,
                    });
                }
                "Condition" => {
                    s.conditions = self.condition(&m.value);
                    s.condition = Some(to_compact(&m.value));
                }
                "Principal" | "NotPrincipal" => {
                    s.principal = self.principal(m);
                    s.principal_aws = principal_aws(m);
                }
                other => self.problem(
                    m.key_pos,
                    unknown_key("statement key", other, &STATEMENT_KEYS),
                ),
            }
        }
        if node.get("Effect").is_none() {
            self.problem(
                node.pos,
                "this statement has no Effect (\"Allow\" or \"Deny\")",
            );
        }
        if action_key.is_none() {
            self.problem(node.pos, "this statement has neither Action nor NotAction");
        }
        s.unreadable = std::mem::take(&mut self.dropped);
        s
    }

    fn sid(&mut self, m: &Member) -> Option<String> {
        let Some(sid) = m.value.as_str() else {
            self.problem(
                m.value.pos,
                format!("Sid must be a string, found {}", m.value.kind()),
            );
            return None;
        };
        if let Some(bad) = sid.chars().find(|c| !c.is_ascii_alphanumeric()) {
            self.problem(
                m.value.pos,
                format!("Sid may only contain letters A-Z, a-z and digits 0-9, not {bad:?}"),
            );
        }
        Some(sid.to_string())
    }

    fn effect(&mut self, m: &Member) -> Option<Effect> {
        match m.value.as_str() {
            Some("Allow") if self.dialect == Dialect::Rcp => {
                self.problem(m.value.pos, "a custom RCP can only Deny (Allow is only in the AWS-managed RCPFullAWSAccess)");
                Some(Effect::Allow)
            }
            Some("Allow") => Some(Effect::Allow),
            Some("Deny") => Some(Effect::Deny),
            _ => {
                self.problem(m.value.pos, "Effect must be \"Allow\" or \"Deny\"");
                None
            }
        }
    }

    fn principal(&mut self, m: &Member) -> Option<String> {
        match self.dialect {
            Dialect::Scp => {
                self.problem(m.key_pos, format!("{} is not allowed in an SCP (it applies to every principal of the accounts it is attached to)", m.key));
                None
            }
            Dialect::Rcp if m.key == "NotPrincipal" => {
                self.problem(m.key_pos, "RCPs do not support NotPrincipal; use \"Principal\": \"*\" with a Condition on aws:PrincipalArn");
                None
            }
            Dialect::Rcp => {
                if m.value.as_str() == Some("*") {
                    None
                } else {
                    self.problem(m.value.pos, "an RCP's Principal must be \"*\"; narrow it with a Condition (e.g. on aws:PrincipalArn)");
                    Some(to_compact(&m.value))
                }
            }
        }
    }

    fn condition(&mut self, node: &Node) -> Vec<Test> {
        let mut tests = Vec::new();
        let Some(ops) = node.members() else {
            self.dropped.push(format!("Condition {}", to_compact(node)));
            self.problem(
                node.pos,
                format!(
                    "Condition must be an object (operator → key → values), found {}",
                    node.kind()
                ),
            );
            return tests;
        };
        for op in ops {
            let operator = Operator::parse(&op.key);
            if operator.is_none() {
                self.dropped
                    .push(format!("condition operator \"{}\"", op.key));
                self.problem(
                    op.key_pos,
                    format!("unknown condition operator \"{}\"", op.key),
                );
            }
            let Some(keys) = op.value.members() else {
                self.dropped
                    .push(format!("{} {}", op.key, to_compact(&op.value)));
                self.problem(
                    op.value.pos,
                    format!(
                        "{} must map condition keys to values, found {}",
                        op.key,
                        op.value.kind()
                    ),
                );
                continue;
            };
            if keys.is_empty() {
                self.dropped.push(format!("{} {{}}", op.key));
                self.problem(op.value.pos, format!("{} names no condition key", op.key));
            }
            for key in keys {
                let scalar = |n: &Node| {
                    matches!(
                        n.value,
                        Value::String(_) | Value::Number(_) | Value::Bool(_)
                    )
                };
                let ok = match &key.value.value {
                    Value::Array(list) => !list.is_empty() && list.iter().all(scalar),
                    _ => scalar(&key.value),
                };
                if !ok {
                    self.dropped
                        .push(format!("{} {}", op.key, to_compact(&key.value)));
                    self.problem(key.value.pos, format!("the value of condition key \"{}\" must be a string or a non-empty list of strings", key.key));
                    continue;
                }
                let values = match &key.value.value {
                    Value::Array(list) => list.iter().filter_map(scalar_text).collect(),
                    _ => scalar_text(&key.value).into_iter().collect(),
                };
                if let Some(operator) = &operator {
                    tests.push(Test {
                        operator: operator.clone(),
                        key: key.key.clone(),
                        values,
                    });
                }
            }
        }
        tests
    }
}

/// A condition value as text (IAM compares numbers and booleans by their text too).
fn scalar_text(n: &Node) -> Option<String> {
    match &n.value {
        Value::String(s) | Value::Number(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `{"AWS": "arn..." | [..]}` as its list of principals; `"*"` as `["*"]`.
fn principal_aws(m: &Member) -> Option<Vec<String>> {
    if m.key != "Principal" {
        return None;
    }
    if m.value.as_str() == Some("*") {
        return Some(vec!["*".into()]);
    }
    let members = m.value.members()?;
    let [aws] = members else { return None };
    if aws.key != "AWS" {
        return None;
    }
    match &aws.value.value {
        Value::String(s) => Some(vec![s.clone()]),
        Value::Array(list) => list
            .iter()
            .map(|n| n.as_str().map(str::to_string))
            .collect(),
        _ => None,
    }
}

fn unknown_key(what: &str, key: &str, known: &[&str]) -> String {
    match known.iter().find(|k| k.eq_ignore_ascii_case(key)) {
        Some(k) => {
            format!("unknown {what} \"{key}\" (did you mean \"{k}\"? keys are case-sensitive)")
        }
        None => format!(
            "unknown {what} \"{key}\"; expected one of {}",
            known.join(", ")
        ),
    }
}

/// Reads an SCP or RCP document into statements, adding every grammar problem to
/// `problems`. Whatever could be read is returned even when there are problems.
pub fn read_iam(dialect: Dialect, root: &Node, problems: &mut Vec<Problem>) -> Vec<Statement> {
    Reader {
        dialect,
        problems,
        dropped: Vec::new(),
    }
    .document(root)
}
