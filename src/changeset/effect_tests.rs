use super::super::sample::*;
use super::*;
use crate::policy::whatif::default_watched;

fn at(level: &str, policy: &str) -> AtLevel {
    AtLevel {
        level: level.into(),
        policy: policy.into(),
    }
}

#[test]
fn a_move_gains_and_loses_policies_at_each_level_and_changes_watched_actions() {
    let c = checked("[[step]]\nmove = \"alice\"\nto = \"Root/Workloads/Prod\"\n");
    let e = effect(&org(), &c.after, &default_watched());
    assert_eq!(e.accounts.len(), 1, "{e:?}");
    let a = &e.accounts[0];
    assert_eq!(
        (a.from.as_str(), a.to.as_str()),
        ("Root/Legacy", "Root/Workloads/Prod")
    );
    assert_eq!(a.lost, vec![at("Root/Legacy", "FullAWSAccess")]);
    assert_eq!(
        a.gained,
        vec![
            at("Root/Workloads", "FullAWSAccess"),
            at("Root/Workloads", "RegionLock"),
            at("Root/Workloads/Prod", "FullAWSAccess"),
        ]
    );
    assert_eq!(
        a.actions,
        vec![ActionChange {
            action: "ec2:RunInstances".into(),
            before: Verdict::Allowed,
            after: Verdict::Denied,
            keys_before: vec![],
            keys_after: vec![],
        }]
    );
}

#[test]
fn an_attach_reaches_every_account_below_and_nothing_else() {
    let c = checked("[[step]]\nattach = \"DenyS3\"\nto = \"Root/Workloads\"\n");
    let e = effect(&org(), &c.after, &default_watched());
    let ids: Vec<&str> = e.accounts.iter().map(|a| a.account.as_str()).collect();
    assert_eq!(ids, vec![CAROL]);
    assert_eq!(e.accounts[0].gained, vec![at("Root/Workloads", "DenyS3")]);
    assert_eq!(e.accounts[0].actions[0].action, "s3:PutObject");
    assert!(effect(&org(), &org(), &default_watched())
        .accounts
        .is_empty());
}
