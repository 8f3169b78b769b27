use super::super::sample::checked;
use super::*;

#[test]
fn states_are_read_back_and_a_line_cut_by_a_crash_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let c = checked("[[step]]\ncreate-ou = \"Root/New\"\n[[step]]\nmove = \"alice\"\nto = \"Root/New\"\n[[step]]\nmove = \"bob\"\nto = \"Root/New\"\n");
    let path = path_for(dir.path(), Path::new("plan.toml"), "text");
    let j = Journal::create(&path, "plan.toml", &c.steps).unwrap();
    j.attempt(0, "CreateOrganizationalUnit", serde_json::json!({}))
        .unwrap();
    let done = StepState::Done {
        created: Some("ou-root-new00000".into()),
    };
    j.outcome(0, &done).unwrap();
    j.attempt(1, "MoveAccount", serde_json::json!({})).unwrap();
    drop(j);
    // kill -9 in the middle of a line
    let mut f = OpenOptions::new().append(true).open(&path).unwrap();
    f.write_all(b"{\"line\":\"attempt\",\"st").unwrap();
    let j = Journal::reopen(&path).unwrap();
    j.attempt(2, "MoveAccount", serde_json::json!({})).unwrap();
    let l = load(&path).unwrap().unwrap();
    assert_eq!(l.steps, c.steps);
    assert_eq!(l.states[&0], done);
    assert_eq!(l.states[&1], StepState::Attempted);
    assert_eq!(l.states[&2], StepState::Attempted);
    assert!(!l.finished);
    assert_eq!(
        l.created(),
        HashMap::from([(0, "ou-root-new00000".to_string())])
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_ne!(
        path_for(dir.path(), Path::new("plan.toml"), "other text"),
        path
    );
}

#[test]
fn unfinished_journals_are_listed_and_a_new_one_keeps_the_old_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let c = checked("[[step]]\ncreate-ou = \"Root/New\"\n");
    let path = path_for(dir.path(), Path::new("plan.toml"), "text");
    let j = Journal::create(&path, "plan.toml", &c.steps).unwrap();
    assert_eq!(unfinished(dir.path()).len(), 1);
    j.finish().unwrap();
    assert!(unfinished(dir.path()).is_empty());
    Journal::create(&path, "plan.toml", &c.steps).unwrap();
    let listed = unfinished(dir.path());
    assert_eq!(
        listed.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>(),
        vec![path.clone()]
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "the finished one is kept"
    );
}
