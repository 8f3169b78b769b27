//! The profiles of the AWS config and credentials files (`AWS_CONFIG_FILE`, else
//! `~/.aws/config`; `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`) and what each
//! uses to sign in: for choosing an organization by profile (`:ctx`) and completing
//! `--profile`. Only names and the kind of credentials are read; no secret is kept.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// One profile, merged from both files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    /// `sso_session` or `sso_start_url`: IAM Identity Center.
    pub sso: bool,
    /// `role_arn`: a role assumed from another profile or a web identity.
    pub role_arn: Option<String>,
    /// `aws_access_key_id`: long-lived (or exported session) keys.
    pub keys: bool,
    /// `credential_process`: a program that prints credentials.
    pub credential_process: bool,
    /// `endpoint_url`: an endpoint other than AWS's (an emulator, a proxy).
    pub endpoint_url: Option<String>,
    pub region: Option<String>,
}

impl Profile {
    /// What the profile uses, in words: "SSO", "role arn:…", "keys", "credential_process",
    /// "endpoint http://…"; empty when it names none of them (region only, say).
    pub fn uses(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.sso {
            out.push("SSO".to_string());
        }
        if let Some(arn) = &self.role_arn {
            out.push(format!("role {arn}"));
        }
        if self.keys {
            out.push("keys".to_string());
        }
        if self.credential_process {
            out.push("credential_process".to_string());
        }
        if let Some(url) = &self.endpoint_url {
            out.push(format!("endpoint {url}"));
        }
        out
    }
}

/// The two files, from the process environment.
pub fn files() -> (Option<PathBuf>, Option<PathBuf>) {
    files_from(|var| std::env::var_os(var), dirs::home_dir())
}

/// The config and credentials files, with the environment passed in (tests).
pub fn files_from(
    var: impl Fn(&str) -> Option<OsString>,
    home: Option<PathBuf>,
) -> (Option<PathBuf>, Option<PathBuf>) {
    let file = |name: &str, default: &str| match var(name).filter(|v| !v.is_empty()) {
        Some(v) => Some(expand_home(PathBuf::from(v), home.as_deref())),
        None => home.as_ref().map(|h| h.join(".aws").join(default)),
    };
    (
        file("AWS_CONFIG_FILE", "config"),
        file("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
    )
}

/// `~/x` as the SDK reads it: under the home directory.
fn expand_home(path: PathBuf, home: Option<&Path>) -> PathBuf {
    match (path.strip_prefix("~"), home) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => path,
    }
}

/// Every profile of the files the environment names, `default` first, then by name. A file
/// that is missing or unreadable adds none.
pub fn list() -> Vec<Profile> {
    let (config, credentials) = files();
    let read = |p: Option<PathBuf>| p.and_then(|p| std::fs::read_to_string(p).ok());
    parse(
        read(config).as_deref().unwrap_or_default(),
        read(credentials).as_deref().unwrap_or_default(),
    )
}

/// The profiles of a config file's and a credentials file's text.
pub fn parse(config: &str, credentials: &str) -> Vec<Profile> {
    let mut found: BTreeMap<String, Profile> = BTreeMap::new();
    for (text, in_config) in [(config, true), (credentials, false)] {
        for (name, settings) in sections(text, in_config) {
            let p = found.entry(name.clone()).or_insert_with(|| Profile {
                name,
                ..Profile::default()
            });
            for (key, value) in settings {
                match key.as_str() {
                    "sso_session" | "sso_start_url" => p.sso = true,
                    "role_arn" => p.role_arn = Some(value),
                    "aws_access_key_id" => p.keys = true,
                    "credential_process" => p.credential_process = true,
                    "endpoint_url" => p.endpoint_url = Some(value),
                    "region" => p.region = Some(value),
                    _ => {}
                }
            }
        }
    }
    let mut out: Vec<Profile> = found.into_values().collect();
    // Stable: the rest stay in name order.
    out.sort_by_key(|p| p.name != "default");
    out
}

/// The profile sections of an INI file with their top-level settings. In the config file
/// a profile is `[profile NAME]` (`[default]` too); other sections (`[sso-session …]`,
/// `[services …]`) are not profiles. In the credentials file every section is one.
fn sections(text: &str, in_config: bool) -> Vec<(String, Vec<(String, String)>)> {
    let mut out: Vec<(String, Vec<(String, String)>)> = Vec::new();
    let mut in_profile = false;
    for line in text.lines() {
        // Indented lines continue a nested setting (`s3 =` then `  addressing_style = …`).
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let line = line.trim();
        if line.is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let header = header.trim();
            let name = match header.strip_prefix("profile") {
                _ if !in_config => Some(header),
                Some(rest) if rest.starts_with([' ', '\t']) => Some(rest.trim()),
                _ if header == "default" => Some(header),
                _ => None,
            };
            in_profile = name.is_some_and(|n| !n.is_empty());
            if let Some(name) = name.filter(|_| in_profile) {
                out.push((name.to_string(), Vec::new()));
            }
            continue;
        }
        let (Some((_, settings)), true) = (out.last_mut(), in_profile) else {
            continue;
        };
        if let Some((key, value)) = line.split_once('=') {
            let value = value.split([' ', '\t']).find(|v| !v.is_empty());
            settings.push((
                key.trim().to_ascii_lowercase(),
                value.unwrap_or_default().to_string(),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "\
[default]
region = eu-west-1

[profile org-a]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = OrgAdmin
region = us-east-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start

[profile org-b-admin]
role_arn = arn:aws:iam::222222222222:role/OrgAdmin   # assumed from org-a
source_profile = org-a

[profile local]
endpoint_url = http://localhost:5000
s3 =
  addressing_style = path

# [profile commented-out]
[profile  tooling ]
credential_process = /usr/local/bin/creds --account 3
[services emulator]
organizations =
  endpoint_url = http://localhost:4566
";

    const CREDENTIALS: &str = "\
[default]
aws_access_key_id = AKIAEXAMPLE
aws_secret_access_key = secret

[local]
aws_access_key_id = test
aws_secret_access_key = test
";

    fn by_name(list: &[Profile], name: &str) -> Profile {
        list.iter()
            .find(|p| p.name == name)
            .cloned()
            .unwrap_or_else(|| panic!("no profile {name} in {list:?}"))
    }

    #[test]
    fn profiles_of_both_files_with_what_each_uses() {
        let list = parse(CONFIG, CREDENTIALS);
        let names: Vec<&str> = list.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            ["default", "local", "org-a", "org-b-admin", "tooling"]
        );
        assert_eq!(by_name(&list, "default").uses(), ["keys"]);
        assert_eq!(
            by_name(&list, "default").region.as_deref(),
            Some("eu-west-1")
        );
        assert_eq!(by_name(&list, "org-a").uses(), ["SSO"]);
        assert_eq!(
            by_name(&list, "org-b-admin").uses(),
            ["role arn:aws:iam::222222222222:role/OrgAdmin"]
        );
        assert_eq!(
            by_name(&list, "local").uses(),
            ["keys", "endpoint http://localhost:5000"]
        );
        assert_eq!(by_name(&list, "tooling").uses(), ["credential_process"]);
    }

    #[test]
    fn sections_that_are_not_profiles_add_none() {
        // The services section's nested endpoint belongs to no profile.
        let list = parse(
            "[services x]\norganizations =\n  endpoint_url = http://h\n",
            "",
        );
        assert!(list.is_empty(), "{list:?}");
        // In the config file a profile needs its prefix; a bare name is not one.
        assert!(parse("[org-a]\nregion = us-east-1\n", "").is_empty());
        assert_eq!(parse("", "[org-a]\nregion = us-east-1\n").len(), 1);
        assert!(parse("[profile ]\nregion = x\n", "").is_empty());
    }

    #[test]
    fn the_environment_names_the_files() {
        let home = Some(PathBuf::from("/home/ann"));
        let none = |_: &str| None;
        assert_eq!(
            files_from(none, home.clone()),
            (
                Some(PathBuf::from("/home/ann/.aws/config")),
                Some(PathBuf::from("/home/ann/.aws/credentials"))
            )
        );
        let set = |var: &str| match var {
            "AWS_CONFIG_FILE" => Some(OsString::from("~/work/aws-config")),
            "AWS_SHARED_CREDENTIALS_FILE" => Some(OsString::from("/etc/creds")),
            _ => None,
        };
        assert_eq!(
            files_from(set, home),
            (
                Some(PathBuf::from("/home/ann/work/aws-config")),
                Some(PathBuf::from("/etc/creds"))
            )
        );
        assert_eq!(files_from(none, None), (None, None));
    }
}
