//! `--format tree`: the organization as `tree` prints a directory, each root, OU and
//! account with its id, OUs before accounts, each sorted by name; names escaped as on
//! screen.

use super::{count, Index};
use crate::org::AccountState;
use crate::text::safe;

pub(super) fn render(index: &Index) -> String {
    let mut out = String::new();
    for root in &index.s.roots {
        out.push_str(&format!("{} ({})\n", safe(&root.name), safe(&root.id)));
        below(index, &root.id, "", &mut out, index.names.len());
    }
    out.push_str(&format!(
        "\n{}, {}\n",
        count(index.s.ous.len(), "OU"),
        count(index.s.accounts.len(), "account")
    ));
    out
}

/// The lines under `parent`, each after `prefix`; `depth` bounds the recursion even if the
/// data had a cycle.
fn below(index: &Index, parent: &str, prefix: &str, out: &mut String, depth: usize) {
    if depth == 0 {
        return;
    }
    let ous = index.ous_under(parent);
    let accounts = index.accounts_under(parent);
    let n = ous.len() + accounts.len();
    let mut i = 0;
    let mut branch = |label: String, out: &mut String| {
        i += 1;
        let last = i == n;
        out.push_str(prefix);
        out.push_str(if last { "└── " } else { "├── " });
        out.push_str(&label);
        out.push('\n');
        format!("{prefix}{}", if last { "    " } else { "│   " })
    };
    for ou in ous {
        let inner = branch(format!("{} ({})", safe(&ou.name), safe(&ou.id)), out);
        below(index, &ou.id, &inner, out, depth - 1);
    }
    for a in accounts {
        let state = match a.state {
            AccountState::Active => String::new(),
            ref s => format!(", {}", s.as_api_str()),
        };
        branch(format!("{} ({}{state})", safe(&a.name), safe(&a.id)), out);
    }
}
