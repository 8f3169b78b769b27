//! The snapshot cache on disk: one file per source (profile, endpoint, demo) and caller
//! (the principal STS names) in the XDG cache directory, written atomically; an unreadable or old-format file is reported and
//! ignored, never trusted.

use std::path::{Path, PathBuf};

use crate::org::{OrgSnapshot, SNAPSHOT_VERSION};

/// The cache file for a source such as "profile admin" or "demo organization", as seen
/// by `caller` (an ARN). A role's session name is left out: it changes at every sign-in
/// (a role profile's is a timestamp), the identity does not.
pub fn path_for(dir: &Path, source: &str, caller: &str) -> PathBuf {
    let caller = match caller.split_once(":assumed-role/") {
        Some((head, role)) => format!(
            "{head}:assumed-role/{}",
            role.split('/').next().unwrap_or(role)
        ),
        None => caller.to_string(),
    };
    let name: String = format!("{source} {caller}")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    dir.join(format!("{name}.json"))
}

/// The snapshot in `path`: `Ok(None)` when there is none, `Err` (with why) when it cannot
/// be used.
pub fn read(path: &Path) -> Result<Option<OrgSnapshot>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    // The version first, so an old format says so rather than failing to parse; only the
    // version is kept (the rest is skipped, not built into a value: that took three times
    // as long as reading the snapshot itself, 10,000 accounts at start).
    #[derive(serde::Deserialize)]
    struct Header {
        version: Option<u64>,
    }
    let version = serde_json::from_str::<Header>(&text)
        .map_err(|e| format!("{} is not valid JSON: {e}", path.display()))?
        .version;
    if version != Some(u64::from(SNAPSHOT_VERSION)) {
        return Err(format!("{} is of another format", path.display()));
    }
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| format!("{} cannot be read: {e}", path.display()))
}

/// Writes `snap` to `path` atomically (a reader sees the old file or the new, never half),
/// readable by its owner only.
pub fn write(path: &Path, snap: &OrgSnapshot) -> Result<(), String> {
    let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let text = serde_json::to_string(snap).map_err(|e| fail(&e))?;
    crate::paths::write_private(path, text.as_bytes()).map_err(|e| fail(&e))
}

/// "3 min ago" for a snapshot read at `read_at` (RFC 3339), seen at `now_secs`.
pub fn age(read_at: &str, now_secs: i64) -> String {
    let Ok(t) = aws_smithy_types::DateTime::from_str(
        read_at,
        aws_smithy_types::date_time::Format::DateTime,
    ) else {
        return "an unknown time ago".into();
    };
    let secs = (now_secs - t.secs()).max(0);
    match secs {
        // Short: it shares the title bar with the organization and the profile.
        0..=59 => "just now".into(),
        60..=3599 => format!("{} min ago", secs / 60),
        3600..=86_399 => format!("{} h ago", secs / 3600),
        _ => format!("{} days ago", secs / 86_400),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_caller_of_one_endpoint_has_a_snapshot_of_its_own() {
        let dir = Path::new("/cache");
        let alice = path_for(
            dir,
            "default credentials @ http://127.0.0.1:5000",
            "arn:aws:iam::111111111111:user/alice",
        );
        let bob = path_for(
            dir,
            "default credentials @ http://127.0.0.1:5000",
            "arn:aws:iam::222222222222:user/bob",
        );
        assert_ne!(alice, bob);
        assert_eq!(alice.parent(), Some(dir));
    }

    use super::*;
    use crate::org::{OrgSnapshot, Organization, Root};

    fn snap() -> OrgSnapshot {
        OrgSnapshot {
            version: SNAPSHOT_VERSION,
            read_at: "2026-12-01T10:00:00.000Z".into(),
            organization: Organization {
                id: "o-1".into(),
                arn: "arn".into(),
                feature_set: "ALL".into(),
                master_account_id: "111111111111".into(),
                master_account_arn: "arn".into(),
                master_account_email: "m@example.com".into(),
                available_policy_types: Vec::new(),
            },
            roots: vec![Root {
                id: "r-1".into(),
                arn: "arn".into(),
                name: "Root".into(),
                policy_types: Vec::new(),
            }],
            ous: Vec::new(),
            accounts: Vec::new(),
            scps: Vec::new(),
            listed: vec!["r-1".into()],
        }
    }

    #[test]
    fn a_snapshot_round_trips_and_a_bad_file_is_refused_not_trusted() {
        let dir = std::env::temp_dir().join(format!("orgtui-snap-{}", std::process::id()));
        let path = path_for(
            &dir,
            "profile admin @ http://x",
            "arn:aws:iam::111111111111:user/alice",
        );
        assert!(
            path.ends_with("profile_admin___http___x_arn_aws_iam__111111111111_user_alice.json")
        );
        assert_eq!(read(&path), Ok(None));
        write(&path, &snap()).expect("write");
        assert_eq!(read(&path), Ok(Some(snap())));
        std::fs::write(&path, "{not json").expect("corrupt");
        assert!(read(&path).is_err_and(|e| e.contains("not valid JSON")));
        std::fs::write(&path, r#"{"version": 0}"#).expect("old");
        assert!(read(&path).is_err_and(|e| e.contains("another format")));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_snapshot_with_attached_scps_round_trips() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("snap.json");
        let with_scps = OrgSnapshot {
            scps: vec![crate::org::AttachedScp {
                target: "r-1".into(),
                policy: "FullAWSAccess".into(),
            }],
            ..snap()
        };
        write(&path, &with_scps).expect("write");
        assert_eq!(read(&path), Ok(Some(with_scps)));
    }

    #[test]
    fn ages_read_as_people_say_them() {
        let t = aws_smithy_types::DateTime::from_str(
            "2026-12-01T10:00:00.000Z",
            aws_smithy_types::date_time::Format::DateTime,
        )
        .expect("time")
        .secs();
        let at = "2026-12-01T10:00:00.000Z";
        assert_eq!(age(at, t + 5), "just now");
        assert_eq!(age(at, t + 180), "3 min ago");
        assert_eq!(age(at, t + 7200), "2 h ago");
        assert_eq!(age("garbage", t), "an unknown time ago");
    }
}
