//! What orgtui keeps on disk (the audit log, the log file, the snapshot cache, policy
//! drafts, account creations) holds the whole organization's inventory and change
//! history: it is created 0600 in directories created 0700, as the AWS CLI does for its
//! caches, and files and orgtui's own directories left wider by an earlier version are
//! tightened. Written through the real code paths, in a temporary directory.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use orgtui::org::PolicyType;
use orgtui::store::audit::{AuditEntry, AuditLog, Phase};
use orgtui::store::{creations, drafts};

use crate::support::orgtui_in;

/// The permission bits, in octal as `ls` and `chmod` write them.
fn mode(path: &Path) -> String {
    let m = std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    format!("{:o}", m.permissions().mode() & 0o777)
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn entry() -> AuditEntry {
    AuditEntry::for_call(
        "1",
        Phase::Attempt,
        "arn:aws:iam::111111111111:user/alice",
        "MoveAccount",
        serde_json::json!({}),
        None,
    )
}

fn draft() -> drafts::Draft {
    drafts::Draft {
        policy: None,
        name: "DenyAll".into(),
        description: String::new(),
        kind: PolicyType::ServiceControl,
        content: "{}".into(),
        original: None,
    }
}

fn tracked() -> creations::Tracked {
    creations::Tracked {
        request: "car-1".into(),
        name: "Data".into(),
        destination: "r-1".into(),
        source: "demo organization".into(),
    }
}

#[test]
fn every_store_creates_its_file_0600_in_directories_created_0700() {
    let base = tempfile::tempdir().expect("temp dir");
    let state = base.path().join("state/orgtui");

    AuditLog::new(state.join("audit.jsonl"))
        .record(&entry())
        .expect("audit line");
    drafts::save(&state.join("drafts.json"), &[draft()]).expect("drafts");
    creations::save(&state.join("creations.json"), &[tracked()]).expect("creations");

    // The snapshot cache: written by the binary, below.
    for dir in [base.path().join("state"), state.clone()] {
        assert_eq!(mode(&dir), "700", "{}", dir.display());
    }
    for file in [
        state.join("audit.jsonl"),
        state.join("drafts.json"),
        state.join("creations.json"),
    ] {
        assert_eq!(mode(&file), "600", "{}", file.display());
    }
}

#[test]
fn files_an_earlier_version_left_readable_by_others_are_tightened() {
    let base = tempfile::tempdir().expect("temp dir");
    let audit = base.path().join("audit.jsonl");
    let drafts_file = base.path().join("drafts.json");
    set_mode(base.path(), 0o755);
    std::fs::write(&audit, "").expect("old log");
    std::fs::write(&drafts_file, "[]").expect("old drafts");
    set_mode(&audit, 0o644);
    set_mode(&drafts_file, 0o644);

    AuditLog::new(audit.clone())
        .record(&entry())
        .expect("audit line");
    drafts::save(&drafts_file, &[draft()]).expect("drafts");

    assert_eq!(mode(&audit), "600");
    assert_eq!(mode(&drafts_file), "600");
    // A directory the user named is theirs (it may be /tmp): it is left as it is.
    assert_eq!(mode(base.path()), "755");
}

#[test]
fn the_binary_keeps_its_log_and_cache_private_and_tightens_its_own_directories() {
    let home = tempfile::tempdir().expect("temp home");
    // As an earlier version left them: a world-readable log in a 0755 directory.
    let state = home.path().join(".local/state/orgtui");
    std::fs::create_dir_all(&state).expect("state dir");
    std::fs::write(state.join("orgtui.log"), "").expect("old log");
    set_mode(&state, 0o755);
    set_mode(&state.join("orgtui.log"), 0o644);

    let out = orgtui_in(home.path(), &["export", "--demo", "--format", "tree"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let cache = home.path().join(".cache/orgtui");
    assert_eq!(mode(&state), "700", "the state directory");
    assert_eq!(mode(&state.join("orgtui.log")), "600", "the log file");
    assert_eq!(mode(&cache), "700", "the cache directory");
    let files: Vec<_> = std::fs::read_dir(&cache)
        .expect("the cache directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(mode(&files[0]), "600", "the snapshot");
}
