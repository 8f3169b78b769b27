//! Every format on a small organization whose names hold quotes, commas, line breaks,
//! `<>`, escape sequences and unicode.

use super::*;
use crate::org::{Account, AccountState, OrgUnit, Organization, Placed, Root};

const NASTY: &str = "Say \"hi\", <b>&\n\u{1b}[31mred\u{9b} ünï 🚀";

fn ou(parent: &str, id: &str, name: &str) -> Placed<OrgUnit> {
    Placed {
        parent: parent.into(),
        item: OrgUnit {
            id: id.into(),
            arn: format!("arn:ou/{id}"),
            name: name.into(),
        },
    }
}

fn account(parent: &str, id: &str, name: &str, state: AccountState) -> Placed<Account> {
    Placed {
        parent: parent.into(),
        item: Account {
            id: id.into(),
            arn: format!("arn:account/{id}"),
            name: name.into(),
            email: format!("{id}@example.com"),
            state,
            joined_method: "CREATED".into(),
            joined_at: "2026-01-02T03:04:05.000Z".into(),
        },
    }
}

/// Root ─ Workloads ─ Prod (2 accounts), Root ─ NASTY (1 account), 1 account in the root.
fn snapshot() -> OrgSnapshot {
    OrgSnapshot {
        version: crate::org::SNAPSHOT_VERSION,
        read_at: "2026-12-01T00:00:00.000Z".into(),
        organization: Organization {
            id: "o-abc".into(),
            arn: "arn:o-abc".into(),
            feature_set: "ALL".into(),
            master_account_id: "111111111111".into(),
            master_account_arn: "arn:111".into(),
            master_account_email: "mgmt@example.com".into(),
            available_policy_types: vec![],
        },
        roots: vec![Root {
            id: "r-ab12".into(),
            arn: "arn:r-ab12".into(),
            name: "Root".into(),
            policy_types: vec![],
        }],
        ous: vec![
            ou("r-ab12", "ou-ab12-22222222", "Workloads"),
            ou("r-ab12", "ou-ab12-33333333", NASTY),
            ou("ou-ab12-22222222", "ou-ab12-44444444", "Prod"),
        ],
        accounts: vec![
            account("r-ab12", "111111111111", "mgmt", AccountState::Active),
            account(
                "ou-ab12-44444444",
                "222222222222",
                "web",
                AccountState::Active,
            ),
            account(
                "ou-ab12-44444444",
                "333333333333",
                "Api",
                AccountState::Suspended,
            ),
            account(
                "ou-ab12-33333333",
                "444444444444",
                NASTY,
                AccountState::Active,
            ),
        ],
        scps: Vec::new(),
        listed: vec![],
    }
}

fn export(format: Format, accounts: bool) -> String {
    render(&snapshot(), format, Options { accounts })
}

/// No control character other than line ends in the output.
fn assert_no_raw_controls(text: &str, line_ends: &[char]) {
    let raw: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && !line_ends.contains(c))
        .collect();
    assert!(raw.is_empty(), "raw controls {raw:?} in\n{text}");
}

#[test]
fn json_round_trips_the_names_and_gives_every_account_its_ou_path() {
    let text = export(Format::Json, false);
    assert_no_raw_controls(&text, &['\n']);
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let accounts = v["accounts"].as_array().expect("accounts");
    let by_id = |id: &str| {
        accounts
            .iter()
            .find(|a| a["id"] == id)
            .unwrap_or_else(|| panic!("{id} missing"))
    };
    assert_eq!(accounts.len(), 4);
    assert_eq!(by_id("444444444444")["name"], NASTY);
    assert_eq!(by_id("444444444444")["ou_path"], format!("Root/{NASTY}"));
    assert_eq!(by_id("333333333333")["ou_path"], "Root/Workloads/Prod");
    assert_eq!(by_id("333333333333")["state"], "SUSPENDED");
    assert_eq!(by_id("333333333333")["parent_id"], "ou-ab12-44444444");
    assert_eq!(by_id("111111111111")["ou_path"], "Root");
    assert_eq!(
        by_id("222222222222")["joined_at"],
        "2026-01-02T03:04:05.000Z"
    );
    let ous = v["organizational_units"].as_array().expect("OUs");
    assert_eq!(ous[2]["path"], "Root/Workloads/Prod");
    assert_eq!(ous[2]["accounts"], 2);
    assert_eq!(v["organization"]["management_account_id"], "111111111111");
    // Accounts depth first by name: the root's, then NASTY's ("S" < "W"), then Prod's.
    let order: Vec<&str> = accounts.iter().filter_map(|a| a["name"].as_str()).collect();
    assert_eq!(order, ["mgmt", NASTY, "Api", "web"]);
}

#[test]
fn csv_has_one_quoted_row_per_account() {
    let text = export(Format::Csv, false);
    assert_no_raw_controls(&text, &['\r', '\n']);
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        lines.len(),
        6,
        "header, 4 rows, and the empty rest: {lines:?}"
    );
    assert_eq!(
        lines[0],
        "id,name,email,state,joined_method,joined_at,parent_id,ou_path"
    );
    assert_eq!(
        lines[3],
        "333333333333,Api,333333333333@example.com,SUSPENDED,CREATED,\
         2026-01-02T03:04:05.000Z,ou-ab12-44444444,Root/Workloads/Prod"
    );
    let nasty = "\"Say \"\"hi\"\", <b>&\\n\\x1b[31mred\\x9b ünï 🚀\"";
    assert_eq!(
        lines[2],
        format!(
            "444444444444,{nasty},444444444444@example.com,ACTIVE,CREATED,\
             2026-01-02T03:04:05.000Z,ou-ab12-33333333,\"Root/Say \"\"hi\"\", <b>&\\n\\x1b[31mred\\x9b ünï 🚀\""
        )
    );
    assert!(!text.contains('\n') || text.matches('\n').count() == 5);
}

#[test]
fn tree_draws_ous_before_accounts_sorted_by_name() {
    let text = export(Format::Tree, false);
    assert_no_raw_controls(&text, &['\n']);
    let want = "\
Root (r-ab12)
├── Say \"hi\", <b>&\\n\\x1b[31mred\\x9b ünï 🚀 (ou-ab12-33333333)
│   └── Say \"hi\", <b>&\\n\\x1b[31mred\\x9b ünï 🚀 (444444444444)
├── Workloads (ou-ab12-22222222)
│   └── Prod (ou-ab12-44444444)
│       ├── Api (333333333333, SUSPENDED)
│       └── web (222222222222)
└── mgmt (111111111111)

3 OUs, 4 accounts
";
    assert_eq!(text, want);
}

#[test]
fn dot_draws_ous_with_counts_and_accounts_when_asked() {
    let text = export(Format::Dot, false);
    assert_no_raw_controls(&text, &['\n']);
    assert!(text.starts_with("digraph organization {\n"), "{text}");
    assert!(text.ends_with("}\n"));
    assert!(
        text.contains("\"r-ab12\" [label=\"Root\\nr-ab12\\n1 account (4 in total)\", style=bold];"),
        "{text}"
    );
    assert!(
        text.contains("\"ou-ab12-22222222\" [label=\"Workloads\\nou-ab12-22222222\\n0 accounts (2 in total)\"];"),
        "{text}"
    );
    assert!(text.contains(
        "[label=\"Say \\\"hi\\\", <b>&\\\\n\\\\x1b[31mred\\\\x9b ünï 🚀\\nou-ab12-33333333\\n1 account\"];"
    ), "{text}");
    assert!(text.contains("\"ou-ab12-22222222\" -> \"ou-ab12-44444444\";"));
    assert!(
        !text.contains("222222222222\" ["),
        "no accounts without --accounts"
    );
    let with = export(Format::Dot, true);
    assert!(with.contains(
        "\"333333333333\" [shape=ellipse, label=\"Api\\n333333333333\\nSUSPENDED\", style=dashed];"
    ), "{with}");
    assert!(with.contains("\"ou-ab12-44444444\" -> \"222222222222\";"));
    assert_eq!(with.matches(" -> ").count(), 3 + 4);
}

#[test]
fn mermaid_draws_the_same_with_entity_codes() {
    let text = export(Format::Mermaid, false);
    assert_no_raw_controls(&text, &['\n']);
    assert!(text.starts_with("flowchart TD\n"));
    assert!(
        text.contains("    n_r_ab12[\"Root<br/>r-ab12<br/>1 account (4 in total)\"]\n"),
        "{text}"
    );
    assert!(text.contains(
        "    n_ou_ab12_33333333[\"Say #quot;hi#quot;, #lt;b#gt;#amp;\\n\\x1b[31mred\\x9b ünï 🚀<br/>ou-ab12-33333333<br/>1 account\"]\n"
    ), "{text}");
    assert!(text.contains("    n_ou_ab12_22222222 --> n_ou_ab12_44444444\n"));
    assert_eq!(text.matches(" --> ").count(), 3);
    let with = export(Format::Mermaid, true);
    assert!(
        with.contains("    n_222222222222([\"web<br/>222222222222\"])\n"),
        "{with}"
    );
    assert_eq!(with.matches(" --> ").count(), 7);
}

#[test]
fn paths_and_counts_survive_a_parent_cycle() {
    let mut s = snapshot();
    // Corrupt data: Workloads under Prod, which is under Workloads.
    s.ous[0].parent = "ou-ab12-44444444".into();
    let index = Index::new(&s);
    assert!(index.path("ou-ab12-44444444").len() < 200);
    assert!(index.accounts_below("ou-ab12-22222222") >= 2);
    for f in [
        Format::Json,
        Format::Csv,
        Format::Tree,
        Format::Dot,
        Format::Mermaid,
    ] {
        assert!(!render(&s, f, Options { accounts: true }).is_empty());
    }
}
