//! What the plan tests share: running `orgtui` with a home of its own (and stdin), the
//! organization's shape in names (to compare what the API shows with what was planned),
//! and the audit lines.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

pub use crate::support::orgtui_command as command;
use crate::support::orgtui_command;

use orgtui::changeset::model::OrgModel;
use orgtui::org::ids::TargetKind;

/// `orgtui args` in a clean environment with `home` as HOME, `stdin` typed in.
pub fn orgtui(home: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = orgtui_command(home, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("orgtui runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().expect("orgtui ends")
}

pub fn text(o: &Output) -> (i32, String, String) {
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The organization in names: every OU's path, every account's place, every attachment,
/// every policy's name (AWS-managed ones left out). Planned ids and real ids compare equal.
pub fn shape(m: &OrgModel) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (id, n) in &m.nodes {
        match n.kind {
            TargetKind::Root => {}
            TargetKind::OrganizationalUnit => {
                out.insert(format!("ou {}", m.path(id)));
            }
            TargetKind::Account => {
                out.insert(format!(
                    "account {} in {}",
                    n.name,
                    n.parent.as_deref().map(|p| m.path(p)).unwrap_or_default()
                ));
            }
        }
        for p in m.attached.get(id).into_iter().flatten() {
            out.insert(format!("{} has {}", m.path(id), m.name(p)));
        }
    }
    for p in m.policies.values().filter(|p| !p.aws_managed) {
        out.insert(format!("policy {}", p.name));
    }
    for (id, tags) in &m.tags {
        for (k, v) in tags {
            out.insert(format!("{} tagged {k}={v}", m.path(id)));
        }
    }
    out
}

/// The audit log's lines (none when it was never written).
pub fn audit_lines(home: &Path) -> Vec<serde_json::Value> {
    let path = home.join(".local/state/orgtui/audit.jsonl");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Per audit id, its phases in order.
pub fn phases(lines: &[serde_json::Value]) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for l in lines {
        out.entry(l["id"].as_str().unwrap().to_string())
            .or_default()
            .push(l["phase"].as_str().unwrap().to_string());
    }
    out
}

/// A plan on the demo whose first step AWS refuses (a tag key with the reserved prefix
/// `aws:`, which the check leaves to AWS) followed by ten moves that do not depend on it:
/// more than an apply starts at once, so stopping after the failure leaves some unstarted.
pub const FAILING_FIRST: &str = r#"[[step]]
tag = "api-dev"
tags = { "aws:owner" = "platform" }
[[step]]
move = "web-prod"
to = "Root/Sandbox"
[[step]]
move = "api-prod"
to = "Root/Sandbox"
[[step]]
move = "data-lake-prod"
to = "Root/Sandbox"
[[step]]
move = "ml-platform-prod"
to = "Root/Sandbox"
[[step]]
move = "mobile-backend-prod"
to = "Root/Sandbox"
[[step]]
move = "search-prod"
to = "Root/Sandbox"
[[step]]
move = "payments-prod"
to = "Root/Sandbox"
[[step]]
move = "payments-ledger-prod"
to = "Root/Sandbox"
[[step]]
move = "fraud-detection-prod"
to = "Root/Sandbox"
[[step]]
move = "cardholder-data-prod"
to = "Root/Sandbox"
"#;

/// From the line of `text` that sums an apply up, "D done, F failed, U unknown, S
/// skipped": (D, F, U, S).
pub fn counts(text: &str) -> Option<(usize, usize, usize, usize)> {
    let summary = text.lines().find(|l| l.contains(" failed, "))?;
    let n = |word: &str| -> Option<usize> {
        let at = summary.find(&format!(" {word}"))?;
        summary[..at].rsplit(' ').next()?.parse().ok()
    };
    Some((n("done")?, n("failed")?, n("unknown")?, n("skipped")?))
}
