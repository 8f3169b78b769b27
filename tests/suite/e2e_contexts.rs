//! End-to-end: several organizations like k9s contexts (issue 17). Two profiles of an AWS
//! config file written by the test point at two moto servers; `:ctx` switches between
//! them in place — each with its own tree, snapshot cache and audit caller — and a change
//! made under each lands in its own organization. A profile whose SSO session expired is
//! offered `aws sso login`.

#[allow(dead_code)]
use crate::e2e_support;
use crate::support;

use std::path::Path;

use e2e_support::{runtime, Seed, Tui};
use orgtui::org::{collect_all, AwsBackend, OrgBackend};
use support::Moto;

const ENTER: &str = "\r";

/// An organization of its own with one OU named after the profile.
fn seeded(name: &str) -> (Moto, String) {
    let moto = Moto::start();
    let root = runtime().block_on(async {
        let mut seed = Seed::organization(&moto.endpoint()).await;
        seed.ou(None, &format!("{name}-workloads")).await;
        seed.root
    });
    (moto, root)
}

fn ous_in(endpoint: &str, parent: &str) -> Vec<String> {
    let b = AwsBackend::for_emulator(endpoint, None);
    runtime().block_on(async {
        let mut names: Vec<String> =
            collect_all(|t| b.list_organizational_units_for_parent(parent, t))
                .await
                .unwrap_or_else(|e| panic!("list ous of {parent}: {e}"))
                .into_iter()
                .map(|o| o.name)
                .collect();
        names.sort();
        names
    })
}

/// `n` on the root, the name typed, confirmed: the new OU shows in the tree.
fn new_ou(tui: &Tui, name: &str) {
    tui.send("g");
    tui.send("n");
    tui.wait_for("New OU under");
    tui.send(name);
    tui.send(ENTER);
    tui.wait_for("Confirm");
    tui.send("y");
    // In the tree (not only in the confirmation's text).
    tui.wait_for(&format!("▸ {name}"));
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path().display().to_string());
            }
        }
    }
    out
}

#[test]
fn ctx_switches_between_two_organizations_each_with_its_tree_cache_and_caller() {
    let (alpha, alpha_root) = seeded("alpha");
    let (beta, beta_root) = seeded("beta");
    let dir = tempfile::tempdir().expect("a directory for the AWS files");
    let config = dir.path().join("config");
    let credentials = dir.path().join("credentials");
    // beta signs in through a role assumed with alpha's keys: another caller.
    std::fs::write(
        &config,
        format!(
            "[profile alpha]\nregion = us-east-1\nendpoint_url = {}\n\n\
             [profile beta]\nregion = us-east-1\nendpoint_url = {}\n\
             role_arn = arn:aws:iam::123456789012:role/OrgAdmin\nsource_profile = alpha\n",
            alpha.endpoint(),
            beta.endpoint()
        ),
    )
    .expect("write the config file");
    std::fs::write(
        &credentials,
        "[alpha]\naws_access_key_id = test\naws_secret_access_key = test\n",
    )
    .expect("write the credentials file");
    let audit = dir.path().join("audit.jsonl");
    let cache = dir.path().join("cache");
    let env = [
        ("AWS_CONFIG_FILE", config.display().to_string()),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            credentials.display().to_string(),
        ),
        ("XDG_CACHE_HOME", cache.display().to_string()),
    ];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let audit_arg = audit.display().to_string();
    let mut tui = Tui::start_with_env(&["--profile", "alpha", "--audit-log", &audit_arg], &env);

    tui.wait_for("alpha-workloads");
    // The title says which profile is on screen (at 80 columns too: see contexts.rs).
    tui.wait_for("profile alpha");
    // The audit names the caller STS gave; until it answers, only the account (racy
    // under load): wait for it in the title.
    tui.wait_for("user/");
    new_ou(&tui, "made-in-alpha");

    // The picker lists both profiles with what they use, the current one marked.
    tui.send(":ctx");
    tui.send(ENTER);
    tui.wait_for("Switch to the organization of profile");
    tui.wait_for("● on screen");
    tui.wait_for("role arn:aws:iam::123456789012:role/OrgAdmin");
    tui.send("beta");
    tui.send(ENTER);
    tui.wait_for("beta-workloads");
    tui.wait_for("profile beta");
    tui.wait_for("assumed-role/OrgAdmin");
    if tui.screen().contains("alpha-workloads") {
        tui.fail("alpha's tree stayed on screen after switching to beta");
    }
    new_ou(&tui, "made-in-beta");

    // Back by name, completed with Tab: alpha's tree, with the OU made there.
    tui.send(":ctx al\t");
    tui.wait_for(":ctx alpha");
    tui.send(ENTER);
    tui.wait_for("▸ made-in-alpha");
    tui.wait_for("profile alpha");
    tui.send("q");
    tui.wait_exit();

    // Each change landed in its own organization.
    assert_eq!(
        ous_in(&alpha.endpoint(), &alpha_root),
        vec!["alpha-workloads", "made-in-alpha"]
    );
    assert_eq!(
        ous_in(&beta.endpoint(), &beta_root),
        vec!["beta-workloads", "made-in-beta"]
    );
    // Each was audited under its own caller.
    let text = std::fs::read_to_string(&audit).expect("the audit log");
    let caller_of = |name: &str| -> String {
        text.lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("an audit line"))
            .find(|v| v["parameters"].to_string().contains(name))
            .map(|v| v["caller"].as_str().unwrap_or_default().to_string())
            .unwrap_or_else(|| panic!("no audit line for {name}:\n{text}"))
    };
    let (a, b) = (caller_of("made-in-alpha"), caller_of("made-in-beta"));
    assert!(a.contains(":user/"), "{a}");
    assert!(b.contains(":assumed-role/OrgAdmin/"), "{b}");
    // And each organization has a snapshot of its own.
    let snapshots = files_in(&cache);
    assert_eq!(snapshots.len(), 2, "{snapshots:?}");
}

/// A profile without an endpoint of its own uses the `--endpoint-url` given at start,
/// also after a switch to one that has its own (which it must not carry over).
#[test]
fn ctx_to_a_profile_without_an_endpoint_uses_the_one_given_at_start() {
    let (alpha, _) = seeded("alpha");
    let (beta, _) = seeded("beta");
    let dir = tempfile::tempdir().expect("a directory for the AWS files");
    let config = dir.path().join("config");
    let credentials = dir.path().join("credentials");
    std::fs::write(
        &config,
        format!(
            "[profile alpha]\nregion = us-east-1\nendpoint_url = {}\n\n\
             [profile gamma]\nregion = us-east-1\n",
            alpha.endpoint()
        ),
    )
    .expect("write the config file");
    std::fs::write(
        &credentials,
        "[alpha]\naws_access_key_id = test\naws_secret_access_key = test\n\n\
         [gamma]\naws_access_key_id = test\naws_secret_access_key = test\n",
    )
    .expect("write the credentials file");
    let env = [
        ("AWS_CONFIG_FILE", config.display().to_string()),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            credentials.display().to_string(),
        ),
    ];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let given = beta.endpoint();
    // alpha is always opened read-only (orgtui's own config file).
    let settings = dir.path().join("orgtui.toml");
    std::fs::write(&settings, "read_only_profiles = [\"alpha\"]\n").expect("write orgtui's config");
    let settings = settings.display().to_string();
    let mut tui = Tui::start_with_env(
        &[
            "--profile",
            "gamma",
            "--endpoint-url",
            &given,
            "--no-cache",
            "--config",
            &settings,
        ],
        &env,
    );
    tui.wait_for("beta-workloads");
    if tui.screen().contains("READ-ONLY") {
        tui.fail("gamma is not in read_only_profiles, yet it is read-only");
    }
    tui.send(":ctx alpha");
    tui.send(ENTER);
    tui.wait_for("alpha-workloads");
    tui.wait_for("profile alpha");
    tui.wait_for("READ-ONLY");
    // Before the fix gamma went on talking to alpha's endpoint.
    tui.send(":ctx gamma");
    tui.send(ENTER);
    tui.wait_for("profile gamma");
    tui.wait_for("beta-workloads");
    if tui.screen().contains("alpha-workloads") {
        tui.fail("gamma shows alpha's organization");
    }
    if tui.screen().contains("READ-ONLY") {
        tui.fail("back on gamma, alpha's read-only stayed");
    }
    tui.send("q");
    tui.wait_exit();
}

#[test]
fn a_profile_whose_sso_session_expired_is_offered_aws_sso_login() {
    let (moto, _) = seeded("sso");
    let home = tempfile::tempdir().expect("a HOME");
    let config = home.path().join("config");
    std::fs::write(
        &config,
        format!(
            "[profile corp]\nsso_session = corp\nsso_account_id = 123456789012\n\
             sso_role_name = OrgAdmin\nregion = us-east-1\nendpoint_url = {}\n\n\
             [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n\
             sso_region = us-east-1\nsso_registration_scopes = sso:account:access\n",
            moto.endpoint()
        ),
    )
    .expect("write the config file");
    // The token the last `aws sso login` left, expired yesterday (the SDK's cache file is
    // named after the SHA-1 of the session's name).
    let cache = home.path().join(".aws/sso/cache");
    std::fs::create_dir_all(&cache).expect("the SSO cache directory");
    let file = cache.join(format!("{}.json", sha1_hex(b"corp")));
    std::fs::write(
        &file,
        r#"{"startUrl":"https://corp.awsapps.com/start","region":"us-east-1","accessToken":"expired","expiresAt":"2020-01-01T00:00:00Z"}"#,
    )
    .expect("write the stale token");
    let home_arg = home.path().display().to_string();
    let config_arg = config.display().to_string();
    let env = [
        ("HOME", home_arg.as_str()),
        ("AWS_CONFIG_FILE", config_arg.as_str()),
    ];
    let tui = Tui::start_with_env(&["--profile", "corp"], &env);
    tui.wait_for("The SSO session of profile corp has expired");
    tui.wait_for("aws sso login --profile corp");
    tui.wait_for("L sso login");
}

/// SHA-1 (FIPS 180-1), for the SSO cache file's name only.
fn sha1_hex(data: &[u8]) -> String {
    let mut h: [u32; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
    let mut msg = data.to_vec();
    let bits = (data.len() as u64) * 8;
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bits.to_be_bytes());
    for chunk in msg.chunks(64) {
        let mut w = [0u32; 80];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([
                chunk[4 * i],
                chunk[4 * i + 1],
                chunk[4 * i + 2],
                chunk[4 * i + 3],
            ]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A827999),
                20..=39 => (b ^ c ^ d, 0x6ED9EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDC),
                _ => (b ^ c ^ d, 0xCA62C1D6),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*wi);
            (e, d, c, b, a) = (d, c, b.rotate_left(30), a, t);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    h.iter().map(|x| format!("{x:08x}")).collect()
}

#[test]
fn sha1_is_right() {
    assert_eq!(sha1_hex(b"abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
}
