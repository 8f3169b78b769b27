//! A generated organization of any size for the demo (`--demo-size N`): N accounts in
//! N/5 OUs (at most 2,000, AWS's quota) on three levels, in the asset format, so large organizations can be tried
//! without AWS. FullAWSAccess is attached everywhere, as in every demo organization.

use serde_json::json;

/// The management account of every generated organization (the demo's caller).
pub const MANAGEMENT: &str = "100000000000";

/// The asset text of an organization with `accounts` accounts. Each OU and account is
/// written out as soon as it is made: no JSON value of the whole organization is ever held
/// (it would double the demo's memory at 10,000 accounts).
pub fn asset(accounts: usize) -> String {
    let root = "r-g3n0";
    // At most 2,000 OUs: the demo enforces AWS's quota.
    let ous = (accounts / 5).clamp(1, 2000);
    // Level 1 holds a tenth of the OUs, level 2 a third, level 3 the rest.
    let level1 = (ous / 10).max(1);
    let level2 = (ous / 3).max(1);
    let head = json!({
        "organization": { "id": "o-g3n3r4t3d0", "feature_set": "ALL",
                          "management_account_id": MANAGEMENT },
        "root": { "id": root, "name": "Root", "policy_types": ["SERVICE_CONTROL_POLICY"] },
        "policies": []
    })
    .to_string();
    // `head` is an object: its closing brace makes way for the two lists.
    let mut out = String::with_capacity(accounts * 220 + ous * 80);
    out.push_str(head.trim_end_matches('}'));
    out.push_str(",\"organizational_units\":[");
    for i in 0..ous {
        let parent = if i < level1 {
            root.to_string()
        } else if i < level1 + level2 {
            ou_id(i % level1)
        } else {
            ou_id(level1 + i % level2)
        };
        let unit = json!({ "id": ou_id(i), "name": format!("unit-{i:05}"), "parent": parent });
        push_item(&mut out, i, &unit);
    }
    out.push_str("],\"accounts\":[");
    let management = json!({
        "id": MANAGEMENT, "name": "Management", "email": "aws+management@example.com",
        "parent": root, "state": "ACTIVE", "joined_method": "CREATED",
        "joined_at": "2019-03-14T09:21:07.114Z"
    });
    push_item(&mut out, 0, &management);
    for i in 1..accounts {
        let state = if i % 97 == 0 { "SUSPENDED" } else { "ACTIVE" };
        let account = json!({
            "id": format!("{:012}", 100_000_000_000u64 + i as u64),
            "name": format!("account-{i:06}"),
            "email": format!("aws+account-{i:06}@example.com"),
            "parent": ou_id(i % ous),
            "state": state,
            "joined_method": if i % 3 == 0 { "INVITED" } else { "CREATED" },
            "joined_at": "2024-01-01T00:00:00.000Z"
        });
        push_item(&mut out, i, &account);
    }
    out.push_str("]}");
    out
}

/// Appends one element of a JSON list (`at` 0 is the first).
fn push_item(out: &mut String, at: usize, item: &serde_json::Value) {
    if at > 0 {
        out.push(',');
    }
    out.push_str(&item.to_string());
}

fn ou_id(i: usize) -> String {
    format!("ou-g3n0-{i:08x}")
}
