use super::super::sample::*;
use super::*;

#[test]
fn paths_from_the_root_and_ids_name_ous() {
    let m = org();
    assert_eq!(node(&m, "Root/Workloads/Prod"), Ok(PROD.to_string()));
    assert_eq!(node(&m, "Root"), Ok(ROOT.to_string()));
    assert_eq!(node(&m, LEGACY), Ok(LEGACY.to_string()));
    assert_eq!(
        node(&m, "Root/Workloads/Prdo"),
        Err("no OU at Root/Workloads/Prdo (did you mean Root/Workloads/Prod?)".to_string())
    );
    assert!(node(&m, "Workloads/Prod")
        .unwrap_err()
        .contains("does not start at the root"));
    assert!(node(&m, "ou-root-nothere00").is_err());
}

#[test]
fn accounts_by_id_or_unique_name_and_targets_of_either_kind() {
    let mut m = org();
    let names = AccountNames::of(&m);
    assert_eq!(account(&m, &names, "alice"), Ok(ALICE.to_string()));
    assert_eq!(account(&m, &names, BOB), Ok(BOB.to_string()));
    assert_eq!(
        account(&m, &names, "alcie"),
        Err("no account named \"alcie\" (did you mean \"alice\"?)".to_string())
    );
    assert_eq!(target(&m, &names, "Root/Legacy"), Ok(LEGACY.to_string()));
    assert_eq!(target(&m, &names, "dan"), Ok(DAN.to_string()));
    m.add("555555555555", "alice", Some(SANDBOX), TargetKind::Account);
    let names = AccountNames::of(&m);
    assert!(account(&m, &names, "alice")
        .unwrap_err()
        .contains("2 accounts are named \"alice\""));
}

#[test]
fn policies_by_id_or_name() {
    let m = org();
    assert_eq!(policy(&m, "RegionLock"), Ok(REGION_LOCK.to_string()));
    assert_eq!(policy(&m, REGION_LOCK), Ok(REGION_LOCK.to_string()));
    assert!(policy(&m, "RegionLok")
        .unwrap_err()
        .contains("did you mean \"RegionLock\""));
}
