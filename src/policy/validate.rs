//! Validation of policy documents before anything is sent: each problem with its line and
//! column (1-based, in characters) in the text as typed. JSON syntax for every type; the
//! IAM grammar for SCPs and RCPs (`grammar.rs`); the basic shape and the inheritance
//! operators of management policies (tag, backup, ...); the size limits.

use super::grammar::{read_iam, Dialect};
use super::json::{self, Node, Pos, Value};
use super::limits;
use crate::org::PolicyType;

/// The most characters an SCP may have, whitespace included (see [`limits`]).
pub use super::limits::SCP_MAX_CHARS;

pub use super::problem::{Problem, Severity};

/// The most characters AWS accepts for a policy of this type.
pub fn max_chars(kind: &PolicyType) -> usize {
    limits::max_chars(kind)
}

/// A document over its type's size limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SizeOver {
    pub chars: usize,
    pub limit: usize,
    /// Its size without the whitespace outside strings (see [`minify`]).
    pub minified_chars: usize,
    /// Where the first character past the limit is.
    pub pos: Pos,
}

impl SizeOver {
    pub fn over_by(&self) -> usize {
        self.chars - self.limit
    }

    /// Whether minifying would bring it within the limit.
    pub fn minify_fits(&self) -> bool {
        self.minified_chars <= self.limit
    }

    pub fn message(&self) -> String {
        let (n, limit, over) = (self.chars, self.limit, self.over_by());
        let advice = if self.minify_fits() {
            format!(
                "minified (whitespace outside strings removed) it would be {} characters and fit",
                self.minified_chars
            )
        } else {
            format!(
                "even minified it would be {} characters, {} over",
                self.minified_chars,
                self.minified_chars - limit
            )
        };
        let unit = if over == 1 { "character" } else { "characters" };
        format!("the policy is {n} characters, {over} {unit} over the limit of {limit} (whitespace counts); {advice}")
    }
}

/// `content` without the whitespace outside strings.
pub fn minify(content: &str) -> String {
    json::minify(content)
}

/// How far `content` is over the size limit of `kind`; `None` when it fits.
pub fn size_over_limit(kind: &PolicyType, content: &str) -> Option<SizeOver> {
    let limit = max_chars(kind);
    let chars = content.chars().count();
    if chars <= limit {
        return None;
    }
    let mut pos = Pos { line: 1, column: 1 };
    for c in content.chars().take(limit) {
        if c == '\n' {
            pos = Pos {
                line: pos.line + 1,
                column: 1,
            };
        } else {
            pos.column += 1;
        }
    }
    Some(SizeOver {
        chars,
        limit,
        minified_chars: minify(content).chars().count(),
        pos,
    })
}

/// Every problem found in `content` for a policy of type `kind`, in the order of the text;
/// empty when it may be sent.
pub fn validate(kind: &PolicyType, content: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    match json::parse(content) {
        Err(e) => problems.push(Problem::at(e.pos, format!("not valid JSON: {}", e.message))),
        Ok(root) => {
            duplicate_keys(&root, &mut problems);
            match kind {
                PolicyType::ServiceControl => {
                    read_iam(Dialect::Scp, &root, &mut problems);
                }
                PolicyType::ResourceControl => {
                    read_iam(Dialect::Rcp, &root, &mut problems);
                }
                _ => management(kind, &root, &mut problems),
            }
        }
    }
    if let Some(over) = size_over_limit(kind, content) {
        problems.push(Problem::at(over.pos, over.message()));
    }
    problems.sort_by_key(|p| (p.line, p.column));
    problems
}

/// The warnings about `content` (SCPs and RCPs only): what AWS accepts but most likely
/// does not do what was meant, from the action data ([`super::catalog`]). They never stop a
/// save, so [`validate`] leaves them out.
pub fn warnings(kind: &PolicyType, content: &str) -> Vec<Problem> {
    if !matches!(
        kind,
        PolicyType::ServiceControl | PolicyType::ResourceControl
    ) {
        return Vec::new();
    }
    let Ok(root) = json::parse(content) else {
        return Vec::new();
    };
    let mut problems = super::lint::warnings(&root);
    problems.sort_by_key(|p| (p.line, p.column));
    problems
}

/// Errors and warnings together, in the order of the text (for a view that shows both).
pub fn check(kind: &PolicyType, content: &str) -> Vec<Problem> {
    let mut problems = validate(kind, content);
    problems.extend(warnings(kind, content));
    problems.sort_by_key(|p| (p.line, p.column));
    problems
}

/// Problems of a document that is only required to be JSON (the organization's resource
/// policy, which AWS checks as an IAM resource policy): syntax and duplicate keys.
pub fn validate_json(content: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    match json::parse(content) {
        Err(e) => problems.push(Problem::at(e.pos, format!("not valid JSON: {}", e.message))),
        Ok(root) => duplicate_keys(&root, &mut problems),
    }
    problems.sort_by_key(|p| (p.line, p.column));
    problems
}

/// The same key twice in one object: JSON parsers keep one of them silently.
fn duplicate_keys(node: &Node, problems: &mut Vec<Problem>) {
    match &node.value {
        Value::Object(members) => {
            for (i, m) in members.iter().enumerate() {
                if let Some(first) = members[..i].iter().find(|f| f.key == m.key) {
                    problems.push(Problem::at(
                        m.key_pos,
                        format!(
                            "duplicate key \"{}\" (also on line {})",
                            m.key, first.key_pos.line
                        ),
                    ));
                }
                duplicate_keys(&m.value, problems);
            }
        }
        Value::Array(items) => items.iter().for_each(|n| duplicate_keys(n, problems)),
        _ => {}
    }
}

/// The inheritance operators of management policies.
const OPERATORS: [&str; 4] = [
    "@@assign",
    "@@append",
    "@@remove",
    "@@operators_allowed_for_child_policies",
];

/// What `@@operators_allowed_for_child_policies` may list.
const CHILD_OPERATORS: [&str; 5] = ["@@all", "@@none", "@@assign", "@@append", "@@remove"];

/// Management policies (tag, backup, AI opt-out, ...): a JSON object, known top-level
/// sections for tag and backup policies, and inheritance operators used correctly.
fn management(kind: &PolicyType, root: &Node, problems: &mut Vec<Problem>) {
    let Some(members) = root.members() else {
        problems.push(Problem::at(
            root.pos,
            format!("a policy must be a JSON object, found {}", root.kind()),
        ));
        return;
    };
    let section = match kind {
        PolicyType::Tag => Some("tags"),
        PolicyType::Backup => Some("plans"),
        _ => None,
    };
    if let Some(section) = section {
        for m in members {
            if m.key != section {
                problems.push(Problem::at(
                    m.key_pos,
                    format!(
                        "unknown top-level key \"{}\"; a {} has only \"{section}\"",
                        m.key,
                        kind.short()
                    ),
                ));
            } else if m.value.members().is_none() {
                problems.push(Problem::at(
                    m.value.pos,
                    format!("\"{section}\" must be an object, found {}", m.value.kind()),
                ));
            }
        }
        if root.get(section).is_none() {
            problems.push(Problem::at(root.pos, format!("missing \"{section}\"")));
        }
    }
    if *kind == PolicyType::Tag {
        tag_entries(root, problems);
    }
    operators(root, problems);
}

/// Each tag entry of a tag policy: known keys, and a `tag_key` assigned a string.
fn tag_entries(root: &Node, problems: &mut Vec<Problem>) {
    const KEYS: [&str; 4] = [
        "tag_key",
        "tag_value",
        "enforced_for",
        "report_required_tag_for",
    ];
    let Some(tags) = root.get("tags").and_then(|t| t.value.members()) else {
        return;
    };
    // Operators stand beside the tags too (`operators` checks them).
    for entry in tags.iter().filter(|e| !e.key.starts_with("@@")) {
        let Some(fields) = entry.value.members() else {
            problems.push(Problem::at(
                entry.value.pos,
                format!(
                    "tag \"{}\" must be an object, found {}",
                    entry.key,
                    entry.value.kind()
                ),
            ));
            continue;
        };
        for f in fields {
            if !KEYS.contains(&f.key.as_str()) && !f.key.starts_with("@@") {
                problems.push(Problem::at(
                    f.key_pos,
                    format!(
                        "unknown key \"{}\" in tag \"{}\"; expected {}",
                        f.key,
                        entry.key,
                        KEYS.join(", ")
                    ),
                ));
            }
        }
        let assigned = entry
            .value
            .get("tag_key")
            .and_then(|k| k.value.get("@@assign"))
            .is_some_and(|a| a.value.as_str().is_some());
        if entry.value.get("tag_key").is_some() && !assigned {
            let pos = entry
                .value
                .get("tag_key")
                .map_or(entry.value.pos, |k| k.value.pos);
            problems.push(Problem::at(pos, "tag_key needs {\"@@assign\": \"TagKey\"}"));
        }
    }
}

/// Every `@@` key anywhere: a known operator, with a value of the right shape.
fn operators(node: &Node, problems: &mut Vec<Problem>) {
    match &node.value {
        Value::Object(members) => {
            for m in members {
                if m.key.starts_with("@@") {
                    operator(m, problems);
                }
                operators(&m.value, problems);
            }
        }
        Value::Array(items) => items.iter().for_each(|n| operators(n, problems)),
        _ => {}
    }
}

fn operator(m: &json::Member, problems: &mut Vec<Problem>) {
    let key = m.key.as_str();
    if !OPERATORS.contains(&key) {
        problems.push(Problem::at(
            m.key_pos,
            format!(
                "unknown inheritance operator \"{key}\"; expected one of {}",
                OPERATORS.join(", ")
            ),
        ));
        return;
    }
    if key == "@@operators_allowed_for_child_policies" {
        let items: Vec<&Node> = match &m.value.value {
            Value::Array(list) => list.iter().collect(),
            _ => {
                problems.push(Problem::at(
                    m.value.pos,
                    format!("{key} must be a list, e.g. [\"@@none\"]"),
                ));
                return;
            }
        };
        for item in items {
            if !item.as_str().is_some_and(|s| CHILD_OPERATORS.contains(&s)) {
                problems.push(Problem::at(
                    item.pos,
                    format!("{key} may list only {}", CHILD_OPERATORS.join(", ")),
                ));
            }
        }
    } else if matches!(m.value.value, Value::Null) {
        problems.push(Problem::at(m.value.pos, format!("{key} needs a value")));
    }
}
