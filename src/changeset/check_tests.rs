use super::super::sample::*;

const NEW_PROD: &str = "[[step]]\ncreate-ou = \"Root/Workloads/Staging\"\n[[step]]\nmove = \"alice\"\nto = \"Root/Workloads/Staging\"\n[[step]]\nmove = \"bob\"\nto = \"Root/Workloads/Staging\"\n[[step]]\nattach = \"DenyS3\"\nto = \"Root/Workloads/Staging\"\n[[step]]\ndelete-ou = \"Root/Legacy\"\n";

#[test]
fn later_steps_use_what_earlier_ones_create_and_wait_for_them() {
    let c = checked(NEW_PROD);
    assert_eq!(c.problems, vec![]);
    let deps: Vec<Vec<usize>> = c.steps.iter().map(|s| s.deps.clone()).collect();
    // The moves wait for the OU, not for each other; the attach waits for the OU; the
    // delete waits for both moves out of Legacy.
    assert_eq!(deps, vec![vec![], vec![0], vec![0], vec![0], vec![1, 2]]);
    let staging = c.after.child_ou(WORKLOADS, "Staging").unwrap().to_string();
    assert_eq!(
        c.after.nodes[ALICE].parent.as_deref(),
        Some(staging.as_str())
    );
    assert!(!c.after.nodes.contains_key(LEGACY));
    assert_eq!(
        c.steps[1].says,
        "Move alice from Root/Legacy to Root/Workloads/Staging"
    );
}

#[test]
fn an_ou_deleted_while_not_empty_after_the_earlier_steps() {
    let text = "[[step]]\nmove = \"alice\"\nto = \"Root/Sandbox\"\n[[step]]\ndelete-ou = \"Root/Legacy\"\n";
    assert_eq!(
        problems(text),
        vec!["line 4: Root/Legacy is not empty (1 accounts, 0 OUs) when it would be deleted; move or delete them in earlier steps"]
    );
}

#[test]
fn scp_rules_no_scp_left_quota_not_attached() {
    let text = "[[step]]\ndetach = \"FullAWSAccess\"\nfrom = \"Root/Sandbox\"\n[[step]]\ndetach = \"RegionLock\"\nfrom = \"Root/Sandbox\"\n[[step]]\nattach = \"RegionLock\"\nto = \"Root/Workloads\"\n";
    assert_eq!(
        problems(text),
        vec![
            "line 1: Root/Sandbox would be left with no SCP; AWS refuses (attach another one in an earlier step)",
            "line 4: RegionLock is not attached to Root/Sandbox",
            "line 7: RegionLock is already attached to Root/Workloads",
        ]
    );
    let mut many = String::new();
    for i in 0..10 {
        many += &format!("[[step]]\ncreate-policy = \"P{i}\"\ntype = \"SCP\"\ndocument = \"{{}}\"\n[[step]]\nattach = \"P{i}\"\nto = \"dan\"\n");
    }
    let p = problems(&many);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with("line 68: Root/Sandbox/dan: 10 SCPs are attached here already"),
        "{p:?}"
    );
}

#[test]
fn names_taken_depth_moves_to_where_it_is_and_unknown_paths() {
    let text = "[[step]]\ncreate-ou = \"Root/Workloads/Prod\"\n[[step]]\nmove = \"carol\"\nto = \"Root/Workloads/Prod\"\n[[step]]\nmove = \"dan\"\nto = \"Root/Workloads/Prdo\"\n[[step]]\ncreate-policy = \"RegionLock\"\ntype = \"SCP\"\ndocument = \"{}\"\n[[step]]\nrename-ou = \"Root/Sandbox\"\nname = \"Legacy\"\n";
    let p = problems(text);
    assert_eq!(
        p[0],
        format!("line 1: an OU named \"Prod\" is already under Root/Workloads ({PROD})")
    );
    // The planned Prod is a second one; carol's move resolves to the Prod that was there.
    assert_eq!(p[1], "line 3: carol is already in Root/Workloads/Prod");
    assert_eq!(
        p[2],
        "line 6: no OU at Root/Workloads/Prdo (did you mean Root/Workloads/Prod?)"
    );
    assert_eq!(p[3], "line 9: a SCP named \"RegionLock\" exists already");
    assert!(
        p[4].starts_with("line 13: an OU named \"Legacy\" is already under Root"),
        "{p:?}"
    );
    let deep = "[[step]]\ncreate-ou = \"Root/A\"\n[[step]]\ncreate-ou = \"Root/A/B\"\n[[step]]\ncreate-ou = \"Root/A/B/C\"\n[[step]]\ncreate-ou = \"Root/A/B/C/D\"\n[[step]]\ncreate-ou = \"Root/A/B/C/D/E\"\n[[step]]\ncreate-ou = \"Root/A/B/C/D/E/F\"\n";
    assert_eq!(
        problems(deep),
        vec!["line 11: Root/A/B/C/D/E/F would be 6 OUs deep; AWS allows 5"]
    );
    let here = "[[step]]\nmove = \"dan\"\nto = \"Root/Sandbox\"\n";
    assert_eq!(
        problems(here),
        vec!["line 1: dan is already in Root/Sandbox"]
    );
}

#[test]
fn a_policy_is_created_before_it_is_attached_and_deleted_after_its_detach() {
    let text = "[[step]]\ncreate-policy = \"New\"\ntype = \"SCP\"\ndocument = \"{}\"\n[[step]]\nattach = \"New\"\nto = \"Root/Sandbox\"\n[[step]]\ndetach = \"DenyS3\"\nfrom = \"Root/Workloads\"\n";
    let c = checked(text);
    assert_eq!(c.problems.len(), 1, "{:?}", c.problems); // DenyS3 is not attached there
    assert_eq!(c.steps[1].deps, vec![0]);
    let text = "[[step]]\ndetach = \"RegionLock\"\nfrom = \"Root/Workloads\"\n[[step]]\ndelete-policy = \"RegionLock\"\n[[step]]\ndelete-policy = \"DenyS3\"\n";
    let c = checked(text);
    assert_eq!(c.problems, vec![]);
    assert_eq!(c.steps[1].deps, vec![0]);
    assert_eq!(c.steps[2].deps, Vec::<usize>::new());
}
