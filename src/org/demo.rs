//! `DemoBackend`: an in-process organization that follows the real API's rules and answers
//! with the real error codes (stricter than the moto emulator), so the UI can be tried, tested
//! and benchmarked without AWS. The built-in organization comes from `assets/demo-org.json`.
//!
//! All state sits behind one `std::sync::Mutex`; every call locks it once, does its work
//! synchronously and releases it before returning, so the lock is never held across an await.
//!
//! Asset schema (`assets/demo-org.json`): `organization {id, feature_set,
//! management_account_id}`, `root {id, name, policy_types, tags?}`, `organizational_units
//! [{id, name, parent, tags?}]` (parents before children), `accounts [{id, name, email, parent,
//! state, joined_method, joined_at, tags?}]`, `policies [{id, name, description, type, content
//! (JSON), targets, tags?}]`. FullAWSAccess is not listed: like AWS, it exists in every
//! organization and is attached to the root, every OU and every account when SCPs are enabled.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use anyhow::{anyhow, bail, Context};
use async_trait::async_trait;
use serde::Deserialize;

use super::backend::{OrgBackend, Token};
use super::error::{OrgError, OrgResult};
use super::ids::{self, TargetKind};
use super::types::*;
use crate::time::now_rfc3339;

const ASSET: &str = include_str!("../../assets/demo-org.json");

const FULL_AWS_ACCESS: &str = "p-FullAWSAccess";
const FULL_AWS_ACCESS_CONTENT: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}"#;

/// AWS's MaxResults ceiling, used as the default page size.
const DEFAULT_PAGE_SIZE: usize = 20;
/// OUs nest at most five levels below the root.
const MAX_OU_DEPTH: usize = 5;
const MAX_TAGS: usize = 50;
const MAX_OUS: usize = 1000;
const MAX_ACCOUNTS: usize = 10_000;
const MAX_POLICIES_PER_TYPE: usize = 1000;

/// How many policies of one type may be attached directly to one target.
fn max_attachments(kind: &PolicyType) -> usize {
    match kind {
        PolicyType::Tag | PolicyType::Backup => 10,
        _ => 5,
    }
}

/// The document size quota per policy type, in characters.
fn max_content_len(kind: &PolicyType) -> usize {
    match kind {
        PolicyType::ServiceControl | PolicyType::ResourceControl => 5120,
        PolicyType::AiServicesOptOut => 2500,
        _ => 10_000,
    }
}

// ---------------------------------------------------------------------------------------------
// Errors, with AWS's codes and messages close to AWS's own.

fn invalid(message: impl Into<String>) -> OrgError {
    OrgError::new("InvalidInputException", message)
}

fn invalid_pattern(field: &str, value: &str) -> OrgError {
    invalid(format!(
        "INVALID_PATTERN: The {field} \"{value}\" does not match the required pattern."
    ))
}

fn constraint(reason: &str, message: &str) -> OrgError {
    OrgError::new(
        "ConstraintViolationException",
        format!("{reason}: {message}"),
    )
}

fn not_in_use() -> OrgError {
    OrgError::new(
        "AWSOrganizationsNotInUseException",
        "Your account is not a member of an organization.",
    )
}

fn check_policy_type(kind: &PolicyType) -> OrgResult<()> {
    match kind {
        PolicyType::Other(s) => Err(invalid(format!(
            "INVALID_ENUM: \"{s}\" is not a valid policy type."
        ))),
        _ => Ok(()),
    }
}

fn check_target_id(field: &str, id: &str) -> OrgResult<TargetKind> {
    TargetKind::of(id).ok_or_else(|| invalid_pattern(field, id))
}

fn check_parent_id(field: &str, id: &str) -> OrgResult<()> {
    if ids::is_parent_id(id) {
        Ok(())
    } else {
        Err(invalid_pattern(field, id))
    }
}

fn check_policy_id(id: &str) -> OrgResult<()> {
    if ids::is_policy_id(id) {
        Ok(())
    } else {
        Err(invalid_pattern("PolicyId", id))
    }
}

fn check_ou_name(name: &str) -> OrgResult<()> {
    // AWS accepts any characters ([\s\S]*); only the length is limited.
    let n = name.chars().count();
    if n == 0 {
        Err(invalid("INPUT_REQUIRED: Name must not be empty."))
    } else if n > 128 {
        Err(invalid(format!(
            "MAX_LENGTH_EXCEEDED: Name is {n} characters; at most 128 are allowed."
        )))
    } else {
        Ok(())
    }
}

/// A policy document must be JSON; SCPs and RCPs must also follow the IAM policy grammar's
/// outline (a Statement whose entries each have an Allow/Deny Effect).
fn check_policy_document(kind: &PolicyType, content: &str) -> OrgResult<()> {
    let malformed = |why: &str| {
        OrgError::new(
            "MalformedPolicyDocumentException",
            format!("The provided policy document does not meet the requirements of the specified policy type: {why}"),
        )
    };
    let doc: serde_json::Value =
        serde_json::from_str(content).map_err(|e| malformed(&format!("invalid JSON ({e})")))?;
    let obj = doc
        .as_object()
        .ok_or_else(|| malformed("the document must be a JSON object"))?;
    if !matches!(
        kind,
        PolicyType::ServiceControl | PolicyType::ResourceControl
    ) {
        return Ok(());
    }
    if let Some(v) = obj.get("Version") {
        if !matches!(v.as_str(), Some("2012-10-17" | "2008-10-17")) {
            return Err(malformed("Version must be \"2012-10-17\""));
        }
    }
    let statements: Vec<&serde_json::Value> = match obj.get("Statement") {
        Some(serde_json::Value::Array(list)) if !list.is_empty() => list.iter().collect(),
        Some(one @ serde_json::Value::Object(_)) => vec![one],
        _ => return Err(malformed("Statement is missing or empty")),
    };
    for s in statements {
        match s.get("Effect").and_then(|e| e.as_str()) {
            Some("Allow") | Some("Deny") => {}
            _ => {
                return Err(malformed(
                    "every statement needs an Effect of Allow or Deny",
                ))
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Deterministic ids (no rand crate): splitmix64 over a fixed seed.

struct IdGen(u64);

impl IdGen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| {
                // The modulo bias is irrelevant for demo ids.
                let i = (self.next() % alphabet.len() as u64) as usize;
                char::from(alphabet[i])
            })
            .collect()
    }

    fn alnum(&mut self, len: usize) -> String {
        self.pick(b"abcdefghijklmnopqrstuvwxyz0123456789", len)
    }

    fn digits(&mut self, len: usize) -> String {
        self.pick(b"0123456789", len)
    }
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Opaque page tokens: hex of "<call scope>#<offset>", so a token only works for the call
// (and arguments) that issued it.

fn encode_token(scope: &str, offset: usize) -> String {
    format!("{scope}#{offset}")
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn decode_token(scope: &str, token: &str) -> Option<usize> {
    if !token.len().is_multiple_of(2) {
        return None;
    }
    let bytes = (0..token.len())
        .step_by(2)
        .map(|i| {
            token
                .get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect::<Option<Vec<u8>>>()?;
    let text = String::from_utf8(bytes).ok()?;
    let (s, offset) = text.rsplit_once('#')?;
    if s != scope {
        return None;
    }
    offset.parse().ok().filter(|&o| o > 0)
}

// ---------------------------------------------------------------------------------------------
// The organization's state.

struct RootNode {
    id: String,
    name: String,
    enabled: Vec<PolicyType>,
}

struct OuNode {
    id: String,
    name: String,
    parent: String,
}

struct AccountNode {
    account: Account,
    parent: String,
}

struct Org {
    id: String,
    feature_set: String,
    master_id: String,
    master_email: String,
    root: RootNode,
    /// Creation order, which is also the order of every list.
    ous: Vec<OuNode>,
    accounts: Vec<AccountNode>,
    /// Account id -> position in `accounts` (accounts are never removed, so it stays valid);
    /// keeps per-target lookups cheap in large generated orgs.
    account_index: HashMap<String, usize>,
    policies: Vec<Policy>,
    /// (policy id, target id) in attachment order.
    attachments: Vec<(String, String)>,
    tags: HashMap<String, Vec<Tag>>,
    create_statuses: Vec<CreateAccountStatus>,
}

impl Org {
    fn arn(&self, kind: &str, id: &str) -> String {
        format!(
            "arn:aws:organizations::{}:{kind}/{}/{id}",
            self.master_id, self.id
        )
    }

    fn policy_arn(&self, id: &str, kind: &PolicyType, aws_managed: bool) -> String {
        let kind = kind.as_api_str().to_ascii_lowercase();
        if aws_managed {
            format!("arn:aws:organizations::aws:policy/{kind}/{id}")
        } else {
            format!(
                "arn:aws:organizations::{}:policy/{}/{kind}/{id}",
                self.master_id, self.id
            )
        }
    }

    fn scp_enabled(&self) -> bool {
        self.root.enabled.contains(&PolicyType::ServiceControl)
    }

    fn organization(&self) -> Organization {
        Organization {
            id: self.id.clone(),
            arn: format!(
                "arn:aws:organizations::{}:organization/{}",
                self.master_id, self.id
            ),
            feature_set: self.feature_set.clone(),
            master_account_id: self.master_id.clone(),
            master_account_arn: self.arn("account", &self.master_id),
            master_account_email: self.master_email.clone(),
            available_policy_types: self.root_types(),
        }
    }

    fn root_types(&self) -> Vec<PolicyTypeSummary> {
        self.root
            .enabled
            .iter()
            .map(|t| PolicyTypeSummary {
                kind: t.clone(),
                status: "ENABLED".into(),
            })
            .collect()
    }

    fn root_info(&self) -> Root {
        Root {
            id: self.root.id.clone(),
            arn: self.arn("root", &self.root.id),
            name: self.root.name.clone(),
            policy_types: self.root_types(),
        }
    }

    fn ou_info(&self, ou: &OuNode) -> OrgUnit {
        OrgUnit {
            id: ou.id.clone(),
            arn: self.arn("ou", &ou.id),
            name: ou.name.clone(),
        }
    }

    fn ou(&self, id: &str) -> Option<&OuNode> {
        self.ous.iter().find(|o| o.id == id)
    }

    fn account(&self, id: &str) -> Option<&AccountNode> {
        self.account_index
            .get(id)
            .and_then(|&i| self.accounts.get(i))
    }

    fn policy(&self, id: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.summary.id == id)
    }

    fn parent_exists(&self, id: &str) -> bool {
        id == self.root.id || self.ou(id).is_some()
    }

    /// Name and ARN of a root, OU or account, if it exists.
    fn target(&self, id: &str) -> Option<(TargetKind, String, String)> {
        if id == self.root.id {
            return Some((
                TargetKind::Root,
                self.root.name.clone(),
                self.arn("root", id),
            ));
        }
        if let Some(ou) = self.ou(id) {
            return Some((
                TargetKind::OrganizationalUnit,
                ou.name.clone(),
                self.arn("ou", id),
            ));
        }
        self.account(id).map(|a| {
            (
                TargetKind::Account,
                a.account.name.clone(),
                a.account.arn.clone(),
            )
        })
    }

    fn existing_target(&self, id: &str) -> OrgResult<(TargetKind, String, String)> {
        check_target_id("TargetId", id)?;
        self.target(id).ok_or_else(|| {
            OrgError::new(
                "TargetNotFoundException",
                format!("We can't find a root, OU, or account with the TargetId \"{id}\"."),
            )
        })
    }

    fn existing_policy(&self, id: &str) -> OrgResult<&Policy> {
        check_policy_id(id)?;
        self.policy(id).ok_or_else(|| {
            OrgError::new(
                "PolicyNotFoundException",
                format!("We can't find a policy with the PolicyId \"{id}\"."),
            )
        })
    }

    fn existing_parent(&self, field: &str, id: &str) -> OrgResult<()> {
        check_parent_id(field, id)?;
        if self.parent_exists(id) {
            Ok(())
        } else {
            Err(OrgError::new(
                "ParentNotFoundException",
                format!("We can't find a root or OU with the ParentId \"{id}\"."),
            ))
        }
    }

    fn existing_ou(&self, id: &str) -> OrgResult<&OuNode> {
        if !ids::is_ou_id(id) {
            return Err(invalid_pattern("OrganizationalUnitId", id));
        }
        self.ou(id).ok_or_else(|| {
            OrgError::new(
                "OrganizationalUnitNotFoundException",
                format!("We can't find an organizational unit (OU) with the ID \"{id}\"."),
            )
        })
    }

    fn existing_account(&self, id: &str) -> OrgResult<&AccountNode> {
        if !ids::is_account_id(id) {
            return Err(invalid_pattern("AccountId", id));
        }
        self.account(id).ok_or_else(|| {
            OrgError::new(
                "AccountNotFoundException",
                format!("We can't find an account with the AccountId \"{id}\"."),
            )
        })
    }

    /// Levels of OUs from the root down to and including `ou_id` (a child of the root is 1).
    fn depth(&self, ou_id: &str) -> usize {
        let mut depth = 0;
        let mut cur = ou_id;
        // Bounded so a corrupted cycle cannot loop forever.
        while let Some(ou) = self.ou(cur) {
            depth += 1;
            if depth > self.ous.len() {
                break;
            }
            cur = &ou.parent;
        }
        depth
    }

    fn id_in_use(&self, id: &str) -> bool {
        id == self.root.id
            || self.ou(id).is_some()
            || self.account(id).is_some()
            || self.policy(id).is_some()
            || self.create_statuses.iter().any(|s| s.id == id)
    }

    fn is_attached(&self, policy_id: &str, target_id: &str) -> bool {
        self.attachments
            .iter()
            .any(|(p, t)| p == policy_id && t == target_id)
    }

    fn attached_of_type(&self, target_id: &str, kind: &PolicyType) -> usize {
        self.attachments
            .iter()
            .filter(|(p, t)| {
                t == target_id && self.policy(p).is_some_and(|p| &p.summary.kind == kind)
            })
            .count()
    }

    fn attach(&mut self, policy_id: &str, target_id: &str) -> OrgResult<()> {
        let kind = self.existing_policy(policy_id)?.summary.kind.clone();
        self.existing_target(target_id)?;
        if !self.root.enabled.contains(&kind) {
            return Err(OrgError::new(
                "PolicyTypeNotEnabledException",
                format!(
                    "The policy type {} isn't enabled in the root. Enable it first.",
                    kind.as_api_str()
                ),
            ));
        }
        if self.is_attached(policy_id, target_id) {
            return Err(OrgError::new(
                "DuplicatePolicyAttachmentException",
                format!("The policy {policy_id} is already attached to {target_id}."),
            ));
        }
        let max = max_attachments(&kind);
        if self.attached_of_type(target_id, &kind) >= max {
            return Err(constraint(
                "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
                &format!(
                    "You can attach at most {max} policies of type {} to {target_id}.",
                    kind.as_api_str()
                ),
            ));
        }
        self.attachments
            .push((policy_id.to_string(), target_id.to_string()));
        Ok(())
    }

    fn detach(&mut self, policy_id: &str, target_id: &str) -> OrgResult<()> {
        let kind = self.existing_policy(policy_id)?.summary.kind.clone();
        self.existing_target(target_id)?;
        let Some(pos) = self
            .attachments
            .iter()
            .position(|(p, t)| p == policy_id && t == target_id)
        else {
            return Err(OrgError::new(
                "PolicyNotAttachedException",
                format!("The policy {policy_id} is not attached directly to {target_id}."),
            ));
        };
        // Every root, OU and account must keep at least one SCP.
        if kind == PolicyType::ServiceControl && self.attached_of_type(target_id, &kind) <= 1 {
            return Err(constraint(
                "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
                &format!(
                    "You can't detach the last service control policy from {target_id}. Attach another SCP first."
                ),
            ));
        }
        self.attachments.remove(pos);
        Ok(())
    }

    fn tag(&mut self, resource_id: &str, tags: &[Tag]) -> OrgResult<()> {
        self.existing_resource(resource_id)?;
        if resource_id == FULL_AWS_ACCESS {
            return Err(invalid("You can't tag an AWS managed policy."));
        }
        for t in tags {
            let klen = t.key.chars().count();
            if !(1..=128).contains(&klen) {
                return Err(invalid(format!(
                    "INVALID_INPUT: Tag key \"{}\" must be 1 to 128 characters.",
                    t.key
                )));
            }
            if t.key.to_ascii_lowercase().starts_with("aws:") {
                return Err(invalid(format!(
                    "INVALID_INPUT: Tag key \"{}\" uses the reserved prefix aws:.",
                    t.key
                )));
            }
            if t.value.chars().count() > 256 {
                return Err(invalid(format!(
                    "INVALID_INPUT: The value of tag \"{}\" exceeds 256 characters.",
                    t.key
                )));
            }
        }
        let mut merged = self.tags.get(resource_id).cloned().unwrap_or_default();
        for t in tags {
            match merged.iter_mut().find(|m| m.key == t.key) {
                Some(m) => m.value = t.value.clone(),
                None => merged.push(t.clone()),
            }
        }
        if merged.len() > MAX_TAGS {
            return Err(constraint(
                "MAX_TAG_LIMIT_EXCEEDED",
                &format!("You can have at most {MAX_TAGS} tags on {resource_id}."),
            ));
        }
        self.tags.insert(resource_id.to_string(), merged);
        Ok(())
    }

    /// Tags can go on roots, OUs, accounts and policies.
    fn existing_resource(&self, id: &str) -> OrgResult<()> {
        let found = if ids::is_policy_id(id) {
            self.policy(id).is_some()
        } else {
            check_target_id("ResourceId", id)?;
            self.target(id).is_some()
        };
        if found {
            Ok(())
        } else {
            Err(OrgError::new(
                "TargetNotFoundException",
                format!("We can't find a resource with the ResourceId \"{id}\"."),
            ))
        }
    }

    fn create_ou(&mut self, id: String, parent_id: &str, name: &str) -> OrgResult<OrgUnit> {
        self.existing_parent("ParentId", parent_id)?;
        check_ou_name(name)?;
        if self
            .ous
            .iter()
            .any(|o| o.parent == parent_id && o.name == name)
        {
            return Err(OrgError::new(
                "DuplicateOrganizationalUnitException",
                format!("An OU named \"{name}\" already exists in {parent_id}."),
            ));
        }
        if self.depth(parent_id) >= MAX_OU_DEPTH {
            return Err(constraint(
                "OU_DEPTH_LIMIT_EXCEEDED",
                &format!("OUs can be nested at most {MAX_OU_DEPTH} levels below the root."),
            ));
        }
        if self.ous.len() >= MAX_OUS {
            return Err(constraint(
                "OU_NUMBER_LIMIT_EXCEEDED",
                &format!("An organization can have at most {MAX_OUS} OUs."),
            ));
        }
        self.ous.push(OuNode {
            id: id.clone(),
            name: name.to_string(),
            parent: parent_id.to_string(),
        });
        // Like AWS, a new OU starts with FullAWSAccess so it is never left without an SCP.
        if self.scp_enabled() {
            self.attachments
                .push((FULL_AWS_ACCESS.to_string(), id.clone()));
        }
        Ok(OrgUnit {
            arn: self.arn("ou", &id),
            id,
            name: name.to_string(),
        })
    }

    fn add_policy(
        &mut self,
        id: String,
        name: &str,
        description: &str,
        content: &str,
        kind: &PolicyType,
    ) -> OrgResult<PolicySummary> {
        check_policy_type(kind)?;
        let name_len = name.chars().count();
        if !(1..=128).contains(&name_len) {
            return Err(invalid(
                "INVALID_INPUT: Policy name must be 1 to 128 characters.",
            ));
        }
        if description.chars().count() > 512 {
            return Err(invalid(
                "MAX_LENGTH_EXCEEDED: Policy description must be at most 512 characters.",
            ));
        }
        if content.is_empty() {
            return Err(invalid("INPUT_REQUIRED: Content must not be empty."));
        }
        if self.feature_set != "ALL" {
            return Err(OrgError::new(
                "PolicyTypeNotAvailableForOrganizationException",
                "Policies need an organization with all features enabled.",
            ));
        }
        let max = max_content_len(kind);
        if content.chars().count() > max {
            return Err(constraint(
                "POLICY_CONTENT_LIMIT_EXCEEDED",
                &format!(
                    "A {} document can be at most {max} characters.",
                    kind.as_api_str()
                ),
            ));
        }
        check_policy_document(kind, content)?;
        if self
            .policies
            .iter()
            .any(|p| p.summary.name == name && &p.summary.kind == kind)
        {
            return Err(OrgError::new(
                "DuplicatePolicyException",
                format!("A policy named \"{name}\" already exists."),
            ));
        }
        if self
            .policies
            .iter()
            .filter(|p| &p.summary.kind == kind)
            .count()
            >= MAX_POLICIES_PER_TYPE
        {
            return Err(constraint(
                "POLICY_NUMBER_LIMIT_EXCEEDED",
                &format!("An organization can have at most {MAX_POLICIES_PER_TYPE} policies of one type."),
            ));
        }
        let summary = PolicySummary {
            arn: self.policy_arn(&id, kind, false),
            id,
            name: name.to_string(),
            description: description.to_string(),
            kind: kind.clone(),
            aws_managed: false,
        };
        self.policies.push(Policy {
            summary: summary.clone(),
            content: content.to_string(),
        });
        Ok(summary)
    }

    fn add_account(&mut self, account: Account, parent: &str) {
        let id = account.id.clone();
        self.account_index.insert(id.clone(), self.accounts.len());
        self.accounts.push(AccountNode {
            account,
            parent: parent.to_string(),
        });
        if self.scp_enabled() {
            self.attachments.push((FULL_AWS_ACCESS.to_string(), id));
        }
    }
}

/// The organization's blank slate: a root, the management account and FullAWSAccess.
fn new_org(
    id: String,
    root_id: String,
    root_name: &str,
    feature_set: &str,
    enabled: Vec<PolicyType>,
    master_id: &str,
    master_email: &str,
) -> Org {
    let mut org = Org {
        id,
        feature_set: feature_set.to_string(),
        master_id: master_id.to_string(),
        master_email: master_email.to_string(),
        root: RootNode {
            id: root_id.clone(),
            name: root_name.to_string(),
            enabled,
        },
        ous: Vec::new(),
        accounts: Vec::new(),
        account_index: HashMap::new(),
        policies: Vec::new(),
        attachments: Vec::new(),
        tags: HashMap::new(),
        create_statuses: Vec::new(),
    };
    org.policies.push(Policy {
        summary: PolicySummary {
            id: FULL_AWS_ACCESS.to_string(),
            arn: org.policy_arn(FULL_AWS_ACCESS, &PolicyType::ServiceControl, true),
            name: "FullAWSAccess".to_string(),
            description: "Allows access to every operation".to_string(),
            kind: PolicyType::ServiceControl,
            aws_managed: true,
        },
        content: FULL_AWS_ACCESS_CONTENT.to_string(),
    });
    if org.scp_enabled() {
        org.attachments.push((FULL_AWS_ACCESS.to_string(), root_id));
    }
    org
}

struct State {
    caller: String,
    org: Option<Org>,
    ids: IdGen,
}

impl State {
    fn org(&self) -> OrgResult<&Org> {
        self.org.as_ref().ok_or_else(not_in_use)
    }

    fn org_mut(&mut self) -> OrgResult<&mut Org> {
        self.org.as_mut().ok_or_else(not_in_use)
    }

    /// A fresh id `prefix` + generated part that nothing in the organization uses yet.
    fn fresh_id(&mut self, make: impl Fn(&mut IdGen) -> String) -> String {
        loop {
            let id = make(&mut self.ids);
            if !self.org.as_ref().is_some_and(|o| o.id_in_use(&id)) {
                return id;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The asset's schema.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Asset {
    organization: AssetOrganization,
    root: AssetRoot,
    organizational_units: Vec<AssetOu>,
    accounts: Vec<AssetAccount>,
    policies: Vec<AssetPolicy>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssetOrganization {
    id: String,
    feature_set: String,
    management_account_id: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssetRoot {
    id: String,
    name: String,
    policy_types: Vec<PolicyType>,
    #[serde(default)]
    tags: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssetOu {
    id: String,
    name: String,
    parent: String,
    #[serde(default)]
    tags: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssetAccount {
    id: String,
    name: String,
    email: String,
    parent: String,
    state: AccountState,
    joined_method: String,
    joined_at: String,
    #[serde(default)]
    tags: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssetPolicy {
    id: String,
    name: String,
    #[serde(default)]
    description: String,
    #[serde(rename = "type")]
    kind: PolicyType,
    /// The document as JSON (stored as pretty-printed text).
    content: serde_json::Value,
    #[serde(default)]
    targets: Vec<String>,
    #[serde(default)]
    tags: BTreeMap<String, String>,
}

fn tag_list(tags: &BTreeMap<String, String>) -> Vec<Tag> {
    tags.iter()
        .map(|(k, v)| Tag {
            key: k.clone(),
            value: v.clone(),
        })
        .collect()
}

/// Builds the organization through the same rule-checking code the API calls use, so an
/// asset that breaks a rule (bad id, missing parent, too deep, 6 SCPs...) fails to load.
fn org_from_asset(text: &str) -> anyhow::Result<Org> {
    let asset: Asset = serde_json::from_str(text).context("demo organization JSON")?;
    let o = &asset.organization;
    if !(o.id.len() == 12
        && o.id.starts_with("o-")
        && o.id[2..]
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
    {
        bail!(
            "organization id {:?} is not o- + 10 lower-case letters or digits",
            o.id
        );
    }
    if !ids::is_root_id(&asset.root.id) {
        bail!("root id {:?} is malformed", asset.root.id);
    }
    if !matches!(o.feature_set.as_str(), "ALL" | "CONSOLIDATED_BILLING") {
        bail!(
            "feature_set {:?} is not ALL or CONSOLIDATED_BILLING",
            o.feature_set
        );
    }
    let master = asset
        .accounts
        .iter()
        .find(|a| a.id == o.management_account_id)
        .ok_or_else(|| {
            anyhow!(
                "management account {} is not among the accounts",
                o.management_account_id
            )
        })?;
    let mut org = new_org(
        o.id.clone(),
        asset.root.id.clone(),
        &asset.root.name,
        &o.feature_set,
        asset.root.policy_types.clone(),
        &o.management_account_id,
        &master.email,
    );
    for ou in &asset.organizational_units {
        if !ids::is_ou_id(&ou.id) || org.id_in_use(&ou.id) {
            bail!("OU id {:?} is malformed or used twice", ou.id);
        }
        org.create_ou(ou.id.clone(), &ou.parent, &ou.name)
            .with_context(|| format!("OU {} ({})", ou.name, ou.id))?;
    }
    for a in &asset.accounts {
        if !ids::is_account_id(&a.id) || org.id_in_use(&a.id) {
            bail!("account id {:?} is malformed or used twice", a.id);
        }
        ids::validate_email(&a.email).map_err(|e| anyhow!("account {}: {e}", a.id))?;
        if !org.parent_exists(&a.parent) {
            bail!("account {}: parent {} does not exist", a.id, a.parent);
        }
        if !matches!(a.joined_method.as_str(), "CREATED" | "INVITED") {
            bail!("account {}: joined_method must be CREATED or INVITED", a.id);
        }
        let account = Account {
            arn: org.arn("account", &a.id),
            id: a.id.clone(),
            name: a.name.clone(),
            email: a.email.clone(),
            state: a.state.clone(),
            joined_method: a.joined_method.clone(),
            joined_at: a.joined_at.clone(),
        };
        org.add_account(account, &a.parent);
    }
    for p in &asset.policies {
        if !ids::is_policy_id(&p.id) || org.id_in_use(&p.id) {
            bail!("policy id {:?} is malformed or used twice", p.id);
        }
        let content = serde_json::to_string_pretty(&p.content)?;
        org.add_policy(p.id.clone(), &p.name, &p.description, &content, &p.kind)
            .with_context(|| format!("policy {}", p.name))?;
        for t in &p.targets {
            org.attach(&p.id, t)
                .with_context(|| format!("attaching {} to {t}", p.name))?;
        }
    }
    let tagged = std::iter::once((&asset.root.id, &asset.root.tags))
        .chain(asset.organizational_units.iter().map(|o| (&o.id, &o.tags)))
        .chain(asset.accounts.iter().map(|a| (&a.id, &a.tags)))
        .chain(asset.policies.iter().map(|p| (&p.id, &p.tags)));
    for (id, tags) in tagged {
        if !tags.is_empty() {
            org.tag(id, &tag_list(tags))
                .with_context(|| format!("tags of {id}"))?;
        }
    }
    Ok(org)
}

// ---------------------------------------------------------------------------------------------
// The backend.

pub struct DemoBackend {
    state: Mutex<State>,
    page_size: usize,
    latency: Duration,
    /// Calls made so far, by operation (to check that the UI makes only the calls it needs).
    calls: Mutex<BTreeMap<&'static str, usize>>,
}

impl DemoBackend {
    /// The built-in demo organization from `assets/demo-org.json`; the caller is its
    /// management account.
    pub fn from_asset() -> anyhow::Result<Self> {
        let org = org_from_asset(ASSET).context("loading the built-in demo organization")?;
        Ok(Self::with_state(State {
            caller: org.master_id.clone(),
            org: Some(org),
            ids: IdGen(0x0D3E_0000_0000_0001),
        }))
    }

    /// A caller (`caller_account_id`, 12 digits) that is in no organization until
    /// `create_organization` is called.
    pub fn empty(caller_account_id: &str) -> Self {
        Self::with_state(State {
            caller: caller_account_id.to_string(),
            org: None,
            ids: IdGen(0x0E3E_0000_0000_0002),
        })
    }

    /// At most `n` items per list call (at least 1); AWS's own ceiling is 20.
    pub fn with_page_size(mut self, n: usize) -> Self {
        self.page_size = n.max(1);
        self
    }

    /// Sleeps this long before every call, to show loading states and races.
    pub fn with_latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    fn with_state(state: State) -> Self {
        DemoBackend {
            state: Mutex::new(state),
            page_size: DEFAULT_PAGE_SIZE,
            latency: Duration::ZERO,
            calls: Mutex::new(BTreeMap::new()),
        }
    }

    /// How many times each trait method has been called.
    pub fn calls(&self) -> BTreeMap<&'static str, usize> {
        self.calls.lock().map(|c| c.clone()).unwrap_or_default()
    }

    async fn pause(&self, operation: &'static str) {
        if let Ok(mut calls) = self.calls.lock() {
            *calls.entry(operation).or_default() += 1;
        }
        if !self.latency.is_zero() {
            tokio::time::sleep(self.latency).await;
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // No code panics while holding the lock, so a poisoned state is still consistent.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn page<T>(&self, scope: &str, items: Vec<T>, token: Token) -> OrgResult<Page<T>> {
        let start = match token {
            None => 0,
            Some(t) => decode_token(scope, &t).ok_or_else(|| {
                invalid("INVALID_NEXT_TOKEN: You specified an invalid value for nextToken.")
            })?,
        };
        let end = start.saturating_add(self.page_size).min(items.len());
        let next_token = (end < items.len()).then(|| encode_token(scope, end));
        let items = items
            .into_iter()
            .skip(start)
            .take(end.saturating_sub(start))
            .collect();
        Ok(Page { items, next_token })
    }
}

#[async_trait]
impl OrgBackend for DemoBackend {
    async fn describe_organization(&self) -> OrgResult<Organization> {
        self.pause("describe_organization").await;
        Ok(self.lock().org()?.organization())
    }

    async fn create_organization(&self, feature_set: &str) -> OrgResult<Organization> {
        self.pause("create_organization").await;
        let mut st = self.lock();
        if st.org.is_some() {
            return Err(OrgError::new(
                "AlreadyInOrganizationException",
                "This account is already a member of an organization.",
            ));
        }
        let enabled = match feature_set {
            "ALL" => vec![PolicyType::ServiceControl],
            "CONSOLIDATED_BILLING" => Vec::new(),
            other => {
                return Err(invalid(format!(
                    "INVALID_ENUM: FeatureSet \"{other}\" is not ALL or CONSOLIDATED_BILLING."
                )))
            }
        };
        let org_id = format!("o-{}", st.ids.alnum(10));
        let root_id = format!("r-{}", st.ids.alnum(4));
        let caller = st.caller.clone();
        let email = format!("aws+{caller}@example-corp.com");
        let mut org = new_org(
            org_id,
            root_id.clone(),
            "Root",
            feature_set,
            enabled,
            &caller,
            &email,
        );
        let account = Account {
            arn: org.arn("account", &caller),
            id: caller.clone(),
            name: "Management".to_string(),
            email,
            state: AccountState::Active,
            joined_method: "CREATED".to_string(),
            joined_at: now_rfc3339(),
        };
        org.add_account(account, &root_id);
        let info = org.organization();
        st.org = Some(org);
        Ok(info)
    }

    async fn list_roots(&self, token: Token) -> OrgResult<Page<Root>> {
        self.pause("list_roots").await;
        let roots = vec![self.lock().org()?.root_info()];
        self.page("ListRoots", roots, token)
    }

    async fn list_organizational_units_for_parent(
        &self,
        parent_id: &str,
        token: Token,
    ) -> OrgResult<Page<OrgUnit>> {
        self.pause("list_organizational_units_for_parent").await;
        let items = {
            let st = self.lock();
            let org = st.org()?;
            org.existing_parent("ParentId", parent_id)?;
            org.ous
                .iter()
                .filter(|o| o.parent == parent_id)
                .map(|o| org.ou_info(o))
                .collect()
        };
        self.page(&format!("ListOUsForParent/{parent_id}"), items, token)
    }

    async fn list_accounts_for_parent(
        &self,
        parent_id: &str,
        token: Token,
    ) -> OrgResult<Page<Account>> {
        self.pause("list_accounts_for_parent").await;
        let items = {
            let st = self.lock();
            let org = st.org()?;
            org.existing_parent("ParentId", parent_id)?;
            org.accounts
                .iter()
                .filter(|a| a.parent == parent_id)
                .map(|a| a.account.clone())
                .collect()
        };
        self.page(&format!("ListAccountsForParent/{parent_id}"), items, token)
    }

    async fn list_children(
        &self,
        parent_id: &str,
        child_type: ChildType,
        token: Token,
    ) -> OrgResult<Page<Child>> {
        self.pause("list_children").await;
        let items = {
            let st = self.lock();
            let org = st.org()?;
            org.existing_parent("ParentId", parent_id)?;
            let child = |id: &str| Child {
                id: id.to_string(),
                kind: child_type,
            };
            match child_type {
                ChildType::OrganizationalUnit => org
                    .ous
                    .iter()
                    .filter(|o| o.parent == parent_id)
                    .map(|o| child(&o.id))
                    .collect(),
                ChildType::Account => org
                    .accounts
                    .iter()
                    .filter(|a| a.parent == parent_id)
                    .map(|a| child(&a.account.id))
                    .collect(),
            }
        };
        let scope = format!("ListChildren/{parent_id}/{}", child_type.as_api_str());
        self.page(&scope, items, token)
    }

    async fn list_parents(&self, child_id: &str, token: Token) -> OrgResult<Page<Parent>> {
        self.pause("list_parents").await;
        let items = {
            let st = self.lock();
            let org = st.org()?;
            if !(ids::is_account_id(child_id) || ids::is_ou_id(child_id)) {
                return Err(invalid_pattern("ChildId", child_id));
            }
            let parent = org
                .ou(child_id)
                .map(|o| o.parent.clone())
                .or_else(|| org.account(child_id).map(|a| a.parent.clone()))
                .ok_or_else(|| {
                    OrgError::new(
                        "ChildNotFoundException",
                        format!("We can't find an OU or account with the ChildId \"{child_id}\"."),
                    )
                })?;
            let kind = if parent == org.root.id {
                TargetKind::Root
            } else {
                TargetKind::OrganizationalUnit
            };
            vec![Parent { id: parent, kind }]
        };
        self.page(&format!("ListParents/{child_id}"), items, token)
    }

    async fn describe_organizational_unit(&self, ou_id: &str) -> OrgResult<OrgUnit> {
        self.pause("describe_organizational_unit").await;
        let st = self.lock();
        let org = st.org()?;
        let ou = org.existing_ou(ou_id)?;
        Ok(org.ou_info(ou))
    }

    async fn describe_account(&self, account_id: &str) -> OrgResult<Account> {
        self.pause("describe_account").await;
        let st = self.lock();
        Ok(st.org()?.existing_account(account_id)?.account.clone())
    }

    async fn list_accounts(&self, token: Token) -> OrgResult<Page<Account>> {
        self.pause("list_accounts").await;
        let items = {
            let st = self.lock();
            st.org()?
                .accounts
                .iter()
                .map(|a| a.account.clone())
                .collect()
        };
        self.page("ListAccounts", items, token)
    }

    async fn list_tags_for_resource(
        &self,
        resource_id: &str,
        token: Token,
    ) -> OrgResult<Page<Tag>> {
        self.pause("list_tags_for_resource").await;
        let items = {
            let st = self.lock();
            let org = st.org()?;
            org.existing_resource(resource_id)?;
            org.tags.get(resource_id).cloned().unwrap_or_default()
        };
        self.page(&format!("ListTagsForResource/{resource_id}"), items, token)
    }

    async fn tag_resource(&self, resource_id: &str, tags: &[Tag]) -> OrgResult<()> {
        self.pause("tag_resource").await;
        self.lock().org_mut()?.tag(resource_id, tags)
    }

    async fn list_policies(
        &self,
        filter: &PolicyType,
        token: Token,
    ) -> OrgResult<Page<PolicySummary>> {
        self.pause("list_policies").await;
        check_policy_type(filter)?;
        let items = {
            let st = self.lock();
            st.org()?
                .policies
                .iter()
                .filter(|p| &p.summary.kind == filter)
                .map(|p| p.summary.clone())
                .collect()
        };
        self.page(
            &format!("ListPolicies/{}", filter.as_api_str()),
            items,
            token,
        )
    }

    async fn list_policies_for_target(
        &self,
        target_id: &str,
        filter: &PolicyType,
        token: Token,
    ) -> OrgResult<Page<PolicySummary>> {
        self.pause("list_policies_for_target").await;
        check_policy_type(filter)?;
        let items = {
            let st = self.lock();
            let org = st.org()?;
            org.existing_target(target_id)?;
            org.policies
                .iter()
                .filter(|p| &p.summary.kind == filter && org.is_attached(&p.summary.id, target_id))
                .map(|p| p.summary.clone())
                .collect()
        };
        let scope = format!("ListPoliciesForTarget/{target_id}/{}", filter.as_api_str());
        self.page(&scope, items, token)
    }

    async fn describe_policy(&self, policy_id: &str) -> OrgResult<Policy> {
        self.pause("describe_policy").await;
        let st = self.lock();
        Ok(st.org()?.existing_policy(policy_id)?.clone())
    }

    async fn list_targets_for_policy(
        &self,
        policy_id: &str,
        token: Token,
    ) -> OrgResult<Page<PolicyTarget>> {
        self.pause("list_targets_for_policy").await;
        let items = {
            let st = self.lock();
            let org = st.org()?;
            org.existing_policy(policy_id)?;
            org.attachments
                .iter()
                .filter(|(p, _)| p == policy_id)
                .filter_map(|(_, t)| {
                    org.target(t).map(|(kind, name, arn)| PolicyTarget {
                        target_id: t.clone(),
                        arn,
                        name,
                        kind,
                    })
                })
                .collect()
        };
        self.page(&format!("ListTargetsForPolicy/{policy_id}"), items, token)
    }

    async fn create_policy(
        &self,
        name: &str,
        description: &str,
        content: &str,
        kind: &PolicyType,
    ) -> OrgResult<PolicySummary> {
        self.pause("create_policy").await;
        let mut st = self.lock();
        st.org()?;
        let id = st.fresh_id(|g| format!("p-{}", g.alnum(8)));
        st.org_mut()?
            .add_policy(id, name, description, content, kind)
    }

    async fn attach_policy(&self, policy_id: &str, target_id: &str) -> OrgResult<()> {
        self.pause("attach_policy").await;
        self.lock().org_mut()?.attach(policy_id, target_id)
    }

    async fn detach_policy(&self, policy_id: &str, target_id: &str) -> OrgResult<()> {
        self.pause("detach_policy").await;
        self.lock().org_mut()?.detach(policy_id, target_id)
    }

    async fn create_account(&self, email: &str, name: &str) -> OrgResult<CreateAccountStatus> {
        self.pause("create_account").await;
        let mut st = self.lock();
        st.org()?;
        ids::validate_email(email)
            .map_err(|e| invalid(format!("INVALID_EMAIL_ADDRESS_TARGET: {e}")))?;
        let name_len = name.chars().count();
        if !(1..=50).contains(&name_len) || !name.chars().all(|c| (' '..='~').contains(&c)) {
            return Err(invalid(
                "INVALID_INPUT: AccountName must be 1 to 50 printable ASCII characters.",
            ));
        }
        if st.org()?.accounts.len() >= MAX_ACCOUNTS {
            return Err(constraint(
                "ACCOUNT_NUMBER_LIMIT_EXCEEDED",
                "The organization has reached its account limit.",
            ));
        }
        let request_id = st.fresh_id(|g| format!("car-{}", g.alnum(32)));
        let account_id = st.fresh_id(|g| format!("{}{}", 1 + g.next() % 9, g.digits(11)));
        let org = st.org_mut()?;
        // AWS accepts the request and fails it asynchronously; the demo settles at once.
        let status = if org
            .accounts
            .iter()
            .any(|a| a.account.email.eq_ignore_ascii_case(email))
        {
            CreateAccountStatus {
                id: request_id,
                account_name: name.to_string(),
                state: "FAILED".to_string(),
                account_id: None,
                failure_reason: Some("EMAIL_ALREADY_EXISTS".to_string()),
            }
        } else {
            let account = Account {
                arn: org.arn("account", &account_id),
                id: account_id.clone(),
                name: name.to_string(),
                email: email.to_string(),
                state: AccountState::Active,
                joined_method: "CREATED".to_string(),
                joined_at: now_rfc3339(),
            };
            let root = org.root.id.clone();
            org.add_account(account, &root);
            CreateAccountStatus {
                id: request_id,
                account_name: name.to_string(),
                state: "SUCCEEDED".to_string(),
                account_id: Some(account_id),
                failure_reason: None,
            }
        };
        org.create_statuses.push(status.clone());
        Ok(status)
    }

    async fn describe_create_account_status(
        &self,
        request_id: &str,
    ) -> OrgResult<CreateAccountStatus> {
        self.pause("describe_create_account_status").await;
        let st = self.lock();
        let org = st.org()?;
        let valid = request_id.strip_prefix("car-").is_some_and(|rest| {
            (8..=32).contains(&rest.len())
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
        if !valid {
            return Err(invalid_pattern("CreateAccountRequestId", request_id));
        }
        org.create_statuses
            .iter()
            .find(|s| s.id == request_id)
            .cloned()
            .ok_or_else(|| {
                OrgError::new(
                    "CreateAccountStatusNotFoundException",
                    format!("We can't find a create account request with the ID \"{request_id}\"."),
                )
            })
    }

    async fn move_account(
        &self,
        account_id: &str,
        source_parent_id: &str,
        destination_parent_id: &str,
    ) -> OrgResult<()> {
        self.pause("move_account").await;
        let mut st = self.lock();
        let org = st.org_mut()?;
        check_parent_id("SourceParentId", source_parent_id)?;
        check_parent_id("DestinationParentId", destination_parent_id)?;
        let current = org.existing_account(account_id)?.parent.clone();
        if !org.parent_exists(source_parent_id) || current != source_parent_id {
            return Err(OrgError::new(
                "SourceParentNotFoundException",
                format!("The account {account_id} is not in the source parent {source_parent_id}."),
            ));
        }
        if !org.parent_exists(destination_parent_id) {
            return Err(OrgError::new(
                "DestinationParentNotFoundException",
                format!("We can't find a root or OU with the ID \"{destination_parent_id}\"."),
            ));
        }
        if source_parent_id == destination_parent_id {
            return Err(OrgError::new(
                "DuplicateAccountException",
                format!("The account {account_id} is already in {destination_parent_id}."),
            ));
        }
        if let Some(a) = org
            .account_index
            .get(account_id)
            .copied()
            .and_then(|i| org.accounts.get_mut(i))
        {
            a.parent = destination_parent_id.to_string();
        }
        Ok(())
    }

    async fn create_organizational_unit(&self, parent_id: &str, name: &str) -> OrgResult<OrgUnit> {
        self.pause("create_organizational_unit").await;
        let mut st = self.lock();
        let root_part = st.org()?.root.id.trim_start_matches("r-").to_string();
        let id = st.fresh_id(|g| format!("ou-{root_part}-{}", g.alnum(8)));
        st.org_mut()?.create_ou(id, parent_id, name)
    }

    async fn update_organizational_unit(&self, ou_id: &str, name: &str) -> OrgResult<OrgUnit> {
        self.pause("update_organizational_unit").await;
        let mut st = self.lock();
        let org = st.org_mut()?;
        let parent = org.existing_ou(ou_id)?.parent.clone();
        check_ou_name(name)?;
        if org
            .ous
            .iter()
            .any(|o| o.parent == parent && o.name == name && o.id != ou_id)
        {
            return Err(OrgError::new(
                "DuplicateOrganizationalUnitException",
                format!("An OU named \"{name}\" already exists in {parent}."),
            ));
        }
        let Some(ou) = org.ous.iter_mut().find(|o| o.id == ou_id) else {
            return Err(OrgError::new(
                "OrganizationalUnitNotFoundException",
                format!("We can't find an organizational unit (OU) with the ID \"{ou_id}\"."),
            ));
        };
        ou.name = name.to_string();
        Ok(OrgUnit {
            arn: org.arn("ou", ou_id),
            id: ou_id.to_string(),
            name: name.to_string(),
        })
    }

    async fn delete_organizational_unit(&self, ou_id: &str) -> OrgResult<()> {
        self.pause("delete_organizational_unit").await;
        let mut st = self.lock();
        let org = st.org_mut()?;
        org.existing_ou(ou_id)?;
        if org.ous.iter().any(|o| o.parent == ou_id)
            || org.accounts.iter().any(|a| a.parent == ou_id)
        {
            return Err(OrgError::new(
                "OrganizationalUnitNotEmptyException",
                format!("The OU {ou_id} still contains OUs or accounts."),
            ));
        }
        org.ous.retain(|o| o.id != ou_id);
        org.attachments.retain(|(_, t)| t != ou_id);
        org.tags.remove(ou_id);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::backend::collect_all;
    use std::collections::HashSet;

    fn demo() -> DemoBackend {
        DemoBackend::from_asset().expect("the built-in asset loads")
    }

    fn code<T: std::fmt::Debug>(r: OrgResult<T>) -> String {
        r.expect_err("expected an error").code
    }

    async fn root_id(b: &DemoBackend) -> String {
        b.list_roots(None).await.unwrap().items[0].id.clone()
    }

    async fn ou_named(b: &DemoBackend, parent: &str, name: &str) -> String {
        let ous = collect_all(|t| b.list_organizational_units_for_parent(parent, t))
            .await
            .unwrap();
        ous.into_iter()
            .find(|o| o.name == name)
            .unwrap_or_else(|| panic!("no OU {name} under {parent}"))
            .id
    }

    async fn policy_named(b: &DemoBackend, kind: &PolicyType, name: &str) -> PolicySummary {
        collect_all(|t| b.list_policies(kind, t))
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("no policy {name}"))
    }

    async fn scp_names(b: &DemoBackend, target: &str) -> Vec<String> {
        collect_all(|t| b.list_policies_for_target(target, &PolicyType::ServiceControl, t))
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect()
    }

    const SCP: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}"#;

    #[tokio::test]
    async fn asset_matches_the_description() {
        let b = demo();
        let org = b.describe_organization().await.unwrap();
        assert_eq!(org.master_account_id, "111111111111");
        assert_eq!(org.feature_set, "ALL");
        let roots = b.list_roots(None).await.unwrap().items;
        assert_eq!(roots.len(), 1);
        let root = &roots[0];
        assert!(ids::is_root_id(&root.id));
        assert_eq!(
            root.enabled_policy_types(),
            vec![PolicyType::ServiceControl, PolicyType::Tag]
        );

        let top: Vec<String> = collect_all(|t| b.list_organizational_units_for_parent(&root.id, t))
            .await
            .unwrap()
            .into_iter()
            .map(|o| o.name)
            .collect();
        assert_eq!(
            top,
            [
                "Security",
                "Infrastructure",
                "Workloads",
                "Sandbox",
                "Suspended"
            ]
        );
        let workloads = ou_named(&b, &root.id, "Workloads").await;
        let prod = ou_named(&b, &workloads, "Prod").await;
        ou_named(&b, &workloads, "Staging").await;
        ou_named(&b, &workloads, "Dev").await;
        let payments = ou_named(&b, &prod, "Payments").await;
        assert_eq!(
            b.describe_organizational_unit(&payments)
                .await
                .unwrap()
                .name,
            "Payments"
        );

        let accounts = collect_all(|t| b.list_accounts(t)).await.unwrap();
        assert_eq!(accounts.len(), 40);
        let mgmt = b.describe_account("111111111111").await.unwrap();
        assert_eq!(mgmt.name, "Management");
        let parents = b.list_parents("111111111111", None).await.unwrap().items;
        assert_eq!(parents[0].id, root.id);
        assert_eq!(parents[0].kind, TargetKind::Root);
        let suspended: Vec<&Account> = accounts
            .iter()
            .filter(|a| a.state == AccountState::Suspended)
            .collect();
        assert_eq!(suspended.len(), 1);
        let suspended_ou = ou_named(&b, &root.id, "Suspended").await;
        let p = b.list_parents(&suspended[0].id, None).await.unwrap().items;
        assert_eq!(p[0].id, suspended_ou);
        assert!(accounts.iter().any(|a| a.joined_method == "INVITED"));
        assert!(
            accounts
                .iter()
                .filter(|a| a.joined_method == "CREATED")
                .count()
                > 30
        );
        for a in &accounts {
            assert!(ids::is_account_id(&a.id), "{}", a.id);
            assert!(a.email.ends_with("@example-corp.com"), "{}", a.email);
            assert_eq!(a.joined_at.len(), 24, "{}", a.joined_at);
            assert!(a.arn.ends_with(&a.id));
        }
        assert!(accounts.iter().any(|a| a.name == "log-archive"));
        assert!(accounts.iter().any(|a| a.name == "payments-prod"));
        let unique: HashSet<&str> = accounts.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(unique.len(), 40);

        // FullAWSAccess sits on the root, all 10 OUs and all 40 accounts.
        let full = b.describe_policy(FULL_AWS_ACCESS).await.unwrap();
        assert!(full.summary.aws_managed);
        let targets = collect_all(|t| b.list_targets_for_policy(FULL_AWS_ACCESS, t))
            .await
            .unwrap();
        assert_eq!(targets.len(), 1 + 10 + 40);
        for name in [
            "DenyLeaveOrganization",
            "RegionLock",
            "ProtectSecurityTooling",
        ] {
            let p = policy_named(&b, &PolicyType::ServiceControl, name).await;
            let doc = b.describe_policy(&p.id).await.unwrap();
            assert!(doc.content.contains("\"Deny\""), "{name}");
            assert!(!p.aws_managed);
        }
        assert!(b
            .describe_policy(
                &policy_named(&b, &PolicyType::ServiceControl, "RegionLock")
                    .await
                    .id
            )
            .await
            .unwrap()
            .content
            .contains("eu-west-1"));
        assert_eq!(
            scp_names(&b, &root.id).await,
            ["FullAWSAccess", "DenyLeaveOrganization", "DenyRootUser"]
        );
        assert!(scp_names(&b, &workloads)
            .await
            .contains(&"RegionLock".to_string()));
        let security = ou_named(&b, &root.id, "Security").await;
        assert!(scp_names(&b, &security)
            .await
            .contains(&"ProtectSecurityTooling".to_string()));
        let tag_policies = b
            .list_policies_for_target(&root.id, &PolicyType::Tag, None)
            .await
            .unwrap()
            .items;
        assert_eq!(tag_policies.len(), 1);
        assert_eq!(tag_policies[0].name, "RequireCostCenter");

        let tags = b
            .list_tags_for_resource(&mgmt.id, None)
            .await
            .unwrap()
            .items;
        assert!(tags.iter().any(|t| t.key == "CostCenter"));
        let with_env = {
            let mut n = 0;
            for a in &accounts {
                let tags = b.list_tags_for_resource(&a.id, None).await.unwrap().items;
                n += usize::from(tags.iter().any(|t| t.key == "Environment"));
            }
            n
        };
        assert!(with_env > 10, "{with_env}");
    }

    #[tokio::test]
    async fn paging_returns_every_item_once() {
        let b = demo().with_page_size(3);
        let mut seen = Vec::new();
        let mut token = None;
        let mut pages = 0;
        loop {
            let page = b.list_accounts(token).await.unwrap();
            assert!(page.items.len() <= 3);
            pages += 1;
            seen.extend(page.items.into_iter().map(|a| a.id));
            match page.next_token {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        assert_eq!(pages, 14);
        assert_eq!(seen.len(), 40);
        assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 40);

        let targets = collect_all(|t| b.list_targets_for_policy(FULL_AWS_ACCESS, t))
            .await
            .unwrap();
        assert_eq!(targets.len(), 51);
        assert_eq!(
            targets
                .iter()
                .map(|t| &t.target_id)
                .collect::<HashSet<_>>()
                .len(),
            51
        );
        let root = root_id(&b).await;
        let ous = collect_all(|t| b.list_children(&root, ChildType::OrganizationalUnit, t))
            .await
            .unwrap();
        assert_eq!(ous.len(), 5);
        let scps = collect_all(|t| b.list_policies(&PolicyType::ServiceControl, t))
            .await
            .unwrap();
        assert_eq!(scps.len(), 7);
    }

    #[tokio::test]
    async fn bad_tokens_are_invalid_input() {
        let b = demo().with_page_size(3);
        let first = b.list_accounts(None).await.unwrap();
        let token = first.next_token.clone().unwrap();
        assert_eq!(
            code(b.list_accounts(Some("garbage".into())).await),
            "InvalidInputException"
        );
        // A token belongs to the call that issued it.
        assert_eq!(
            code(
                b.list_policies(&PolicyType::ServiceControl, Some(token.clone()))
                    .await
            ),
            "InvalidInputException"
        );
        let second = b.list_accounts(Some(token)).await.unwrap();
        assert_ne!(first.items[0].id, second.items[0].id);
    }

    #[tokio::test]
    async fn empty_backend_until_create_organization() {
        let b = DemoBackend::empty("222222222222").with_latency(Duration::from_millis(1));
        assert_eq!(
            code(b.describe_organization().await),
            "AWSOrganizationsNotInUseException"
        );
        assert_eq!(
            code(b.list_roots(None).await),
            "AWSOrganizationsNotInUseException"
        );
        assert_eq!(
            code(b.list_accounts(None).await),
            "AWSOrganizationsNotInUseException"
        );
        assert_eq!(
            code(b.create_organization("SOME").await),
            "InvalidInputException"
        );
        let org = b.create_organization("ALL").await.unwrap();
        assert_eq!(org.id.len(), 12);
        assert!(org.id.starts_with("o-"));
        assert_eq!(org.master_account_id, "222222222222");
        assert_eq!(b.describe_organization().await.unwrap(), org);
        let root = b.list_roots(None).await.unwrap().items.remove(0);
        assert!(ids::is_root_id(&root.id));
        assert_eq!(
            root.enabled_policy_types(),
            vec![PolicyType::ServiceControl]
        );
        let accounts = b
            .list_accounts_for_parent(&root.id, None)
            .await
            .unwrap()
            .items;
        assert_eq!(accounts.len(), 1);
        assert_eq!(accounts[0].id, "222222222222");
        assert_eq!(scp_names(&b, &root.id).await, ["FullAWSAccess"]);
        assert_eq!(scp_names(&b, "222222222222").await, ["FullAWSAccess"]);
        assert_eq!(
            code(b.create_organization("ALL").await),
            "AlreadyInOrganizationException"
        );
        let ou = b
            .create_organizational_unit(&root.id, "Prod")
            .await
            .unwrap();
        assert!(ids::is_ou_id(&ou.id), "{}", ou.id);
        assert!(ou.id.starts_with(&format!("ou-{}-", &root.id[2..])));
    }

    #[tokio::test]
    async fn unknown_and_malformed_ids() {
        let b = demo();
        assert_eq!(
            code(b.describe_account("999999999999").await),
            "AccountNotFoundException"
        );
        assert_eq!(
            code(b.describe_account("12345").await),
            "InvalidInputException"
        );
        assert_eq!(
            code(b.describe_organizational_unit("ou-7f3k-zzzzzzzz").await),
            "OrganizationalUnitNotFoundException"
        );
        assert_eq!(
            code(b.describe_organizational_unit("ou-x").await),
            "InvalidInputException"
        );
        assert_eq!(
            code(
                b.list_children("ou-7f3k-zzzzzzzz", ChildType::Account, None)
                    .await
            ),
            "ParentNotFoundException"
        );
        assert_eq!(
            code(b.list_accounts_for_parent("r-zzzz", None).await),
            "ParentNotFoundException"
        );
        assert_eq!(
            code(
                b.list_organizational_units_for_parent("111111111111", None)
                    .await
            ),
            "InvalidInputException"
        );
        assert_eq!(
            code(b.describe_policy("p-zzzzzzzz").await),
            "PolicyNotFoundException"
        );
        assert_eq!(
            code(b.describe_policy("policy").await),
            "InvalidInputException"
        );
        assert_eq!(
            code(b.list_targets_for_policy("p-zzzzzzzz", None).await),
            "PolicyNotFoundException"
        );
        assert_eq!(
            code(
                b.list_policies_for_target("999999999999", &PolicyType::ServiceControl, None)
                    .await
            ),
            "TargetNotFoundException"
        );
        assert_eq!(
            code(
                b.list_policies_for_target("nope", &PolicyType::ServiceControl, None)
                    .await
            ),
            "InvalidInputException"
        );
        assert_eq!(
            code(b.list_policies(&PolicyType::Other("X".into()), None).await),
            "InvalidInputException"
        );
        assert_eq!(
            code(b.list_parents("999999999999", None).await),
            "ChildNotFoundException"
        );
        assert_eq!(
            code(b.list_parents("r-7f3k", None).await),
            "InvalidInputException"
        );
        assert_eq!(
            code(b.list_tags_for_resource("999999999999", None).await),
            "TargetNotFoundException"
        );
        assert_eq!(
            code(b.describe_create_account_status("car-zzzzzzzz").await),
            "CreateAccountStatusNotFoundException"
        );
        assert_eq!(
            code(b.describe_create_account_status("car-1").await),
            "InvalidInputException"
        );
    }

    #[tokio::test]
    async fn move_account_rules() {
        let b = demo();
        let root = root_id(&b).await;
        let sandbox = ou_named(&b, &root, "Sandbox").await;
        let security = ou_named(&b, &root, "Security").await;
        let acct = b
            .list_accounts_for_parent(&sandbox, None)
            .await
            .unwrap()
            .items[0]
            .id
            .clone();
        assert_eq!(
            code(b.move_account(&acct, &security, &root).await),
            "SourceParentNotFoundException"
        );
        assert_eq!(
            code(b.move_account(&acct, "ou-7f3k-zzzzzzzz", &root).await),
            "SourceParentNotFoundException"
        );
        assert_eq!(
            code(b.move_account(&acct, &sandbox, "ou-7f3k-zzzzzzzz").await),
            "DestinationParentNotFoundException"
        );
        assert_eq!(
            code(b.move_account(&acct, &sandbox, &sandbox).await),
            "DuplicateAccountException"
        );
        assert_eq!(
            code(b.move_account("999999999999", &sandbox, &root).await),
            "AccountNotFoundException"
        );
        assert_eq!(
            code(b.move_account(&acct, "bad", &root).await),
            "InvalidInputException"
        );
        b.move_account(&acct, &sandbox, &security).await.unwrap();
        assert_eq!(
            b.list_parents(&acct, None).await.unwrap().items[0].id,
            security
        );
    }

    #[tokio::test]
    async fn attach_and_detach_rules() {
        let b = demo();
        let root = root_id(&b).await;
        let workloads = ou_named(&b, &root, "Workloads").await;
        let region = policy_named(&b, &PolicyType::ServiceControl, "RegionLock").await;
        assert_eq!(
            code(b.attach_policy(&region.id, &workloads).await),
            "DuplicatePolicyAttachmentException"
        );
        assert_eq!(
            code(b.attach_policy(&region.id, "999999999999").await),
            "TargetNotFoundException"
        );
        assert_eq!(
            code(b.attach_policy("p-zzzzzzzz", &workloads).await),
            "PolicyNotFoundException"
        );
        let backup = b
            .create_policy("Backups", "", r#"{"plans":{}}"#, &PolicyType::Backup)
            .await
            .unwrap();
        assert_eq!(
            code(b.attach_policy(&backup.id, &root).await),
            "PolicyTypeNotEnabledException"
        );

        // Workloads has 3 SCPs; two more fit, the sixth does not.
        assert_eq!(scp_names(&b, &workloads).await.len(), 3);
        for n in 0..3 {
            let p = b
                .create_policy(&format!("Extra{n}"), "", SCP, &PolicyType::ServiceControl)
                .await
                .unwrap();
            let r = b.attach_policy(&p.id, &workloads).await;
            if n < 2 {
                r.unwrap();
            } else {
                let e = r.unwrap_err();
                assert_eq!(e.code, "ConstraintViolationException");
                assert!(e
                    .message
                    .contains("MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"));
            }
        }
        assert_eq!(scp_names(&b, &workloads).await.len(), 5);

        let sandbox = ou_named(&b, &root, "Sandbox").await;
        let acct = b
            .list_accounts_for_parent(&sandbox, None)
            .await
            .unwrap()
            .items[0]
            .id
            .clone();
        assert_eq!(
            code(b.detach_policy(&region.id, &acct).await),
            "PolicyNotAttachedException"
        );
        let e = b.detach_policy(FULL_AWS_ACCESS, &acct).await.unwrap_err();
        assert_eq!(e.code, "ConstraintViolationException");
        assert!(e
            .message
            .contains("MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"));
        // With a replacement attached first, FullAWSAccess can go.
        b.attach_policy(&region.id, &acct).await.unwrap();
        b.detach_policy(FULL_AWS_ACCESS, &acct).await.unwrap();
        assert_eq!(scp_names(&b, &acct).await, ["RegionLock"]);
        assert!(
            !collect_all(|t| b.list_targets_for_policy(FULL_AWS_ACCESS, t))
                .await
                .unwrap()
                .iter()
                .any(|t| t.target_id == acct)
        );
        // Tag policies have no minimum.
        let tagp = policy_named(&b, &PolicyType::Tag, "RequireCostCenter").await;
        b.detach_policy(&tagp.id, &root).await.unwrap();
    }

    #[tokio::test]
    async fn organizational_unit_rules() {
        let b = demo();
        let root = root_id(&b).await;
        let workloads = ou_named(&b, &root, "Workloads").await;
        assert_eq!(
            code(b.create_organizational_unit(&root, "Security").await),
            "DuplicateOrganizationalUnitException"
        );
        assert_eq!(
            code(b.create_organizational_unit(&root, "").await),
            "InvalidInputException"
        );
        assert_eq!(
            code(b.create_organizational_unit(&root, &"x".repeat(129)).await),
            "InvalidInputException"
        );
        assert_eq!(
            code(b.create_organizational_unit("ou-7f3k-zzzzzzzz", "A").await),
            "ParentNotFoundException"
        );
        // Workloads/Prod/Payments/PCI is 4 deep: one more level fits, a sixth does not.
        let prod = ou_named(&b, &workloads, "Prod").await;
        let payments = ou_named(&b, &prod, "Payments").await;
        let pci = ou_named(&b, &payments, "PCI").await;
        let fifth = b.create_organizational_unit(&pci, "Level5").await.unwrap();
        assert_eq!(scp_names(&b, &fifth.id).await, ["FullAWSAccess"]);
        assert_eq!(
            b.list_parents(&fifth.id, None).await.unwrap().items[0].id,
            pci
        );
        let e = b
            .create_organizational_unit(&fifth.id, "Level6")
            .await
            .unwrap_err();
        assert_eq!(e.code, "ConstraintViolationException");
        assert!(e.message.contains("OU_DEPTH_LIMIT_EXCEEDED"));

        // Rename, with the sibling check.
        assert_eq!(
            code(b.update_organizational_unit(&workloads, "Sandbox").await),
            "DuplicateOrganizationalUnitException"
        );
        let renamed = b
            .update_organizational_unit(&workloads, "Apps")
            .await
            .unwrap();
        assert_eq!(renamed.name, "Apps");
        assert_eq!(
            b.describe_organizational_unit(&workloads)
                .await
                .unwrap()
                .name,
            "Apps"
        );
        b.update_organizational_unit(&workloads, "Apps")
            .await
            .unwrap();
        assert_eq!(
            code(b.update_organizational_unit("ou-7f3k-zzzzzzzz", "X").await),
            "OrganizationalUnitNotFoundException"
        );

        assert_eq!(
            code(b.delete_organizational_unit(&workloads).await),
            "OrganizationalUnitNotEmptyException"
        );
        let suspended = ou_named(&b, &root, "Suspended").await;
        assert_eq!(
            code(b.delete_organizational_unit(&suspended).await),
            "OrganizationalUnitNotEmptyException"
        );
        b.delete_organizational_unit(&fifth.id).await.unwrap();
        assert_eq!(
            code(b.describe_organizational_unit(&fifth.id).await),
            "OrganizationalUnitNotFoundException"
        );
        assert_eq!(
            code(b.delete_organizational_unit(&fifth.id).await),
            "OrganizationalUnitNotFoundException"
        );
    }

    #[tokio::test]
    async fn create_policy_rules() {
        let b = demo();
        assert_eq!(
            code(
                b.create_policy("Bad", "", "{not json", &PolicyType::ServiceControl)
                    .await
            ),
            "MalformedPolicyDocumentException"
        );
        assert_eq!(
            code(
                b.create_policy(
                    "Bad",
                    "",
                    r#"{"Statement":[{"Effect":"Maybe"}]}"#,
                    &PolicyType::ServiceControl
                )
                .await
            ),
            "MalformedPolicyDocumentException"
        );
        let long = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Action":"s3:*","Resource":"*","Sid":"{}"}}]}}"#,
            "x".repeat(5100)
        );
        let e = b
            .create_policy("Long", "", &long, &PolicyType::ServiceControl)
            .await
            .unwrap_err();
        assert_eq!(e.code, "ConstraintViolationException");
        assert!(e.message.contains("POLICY_CONTENT_LIMIT_EXCEEDED"));
        assert_eq!(
            code(
                b.create_policy("RegionLock", "", SCP, &PolicyType::ServiceControl)
                    .await
            ),
            "DuplicatePolicyException"
        );
        assert_eq!(
            code(
                b.create_policy("", "", SCP, &PolicyType::ServiceControl)
                    .await
            ),
            "InvalidInputException"
        );
        let p = b
            .create_policy("DenyBucketDelete", "why", SCP, &PolicyType::ServiceControl)
            .await
            .unwrap();
        assert!(ids::is_policy_id(&p.id));
        assert!(p.arn.contains("service_control_policy"));
        let d = b.describe_policy(&p.id).await.unwrap();
        assert_eq!(d.content, SCP);
        assert_eq!(d.summary, p);
        assert!(b
            .list_targets_for_policy(&p.id, None)
            .await
            .unwrap()
            .items
            .is_empty());
    }

    #[tokio::test]
    async fn create_account_and_tags() {
        let b = demo();
        let root = root_id(&b).await;
        let st = b
            .create_account("aws+new-team@example-corp.com", "new-team")
            .await
            .unwrap();
        assert_eq!(st.state, "SUCCEEDED");
        assert!(st.id.starts_with("car-") && st.id.len() >= 12);
        let id = st.account_id.clone().unwrap();
        assert!(ids::is_account_id(&id));
        assert_eq!(b.describe_create_account_status(&st.id).await.unwrap(), st);
        let a = b.describe_account(&id).await.unwrap();
        assert_eq!(a.state, AccountState::Active);
        assert_eq!(a.joined_method, "CREATED");
        assert_eq!(b.list_parents(&id, None).await.unwrap().items[0].id, root);
        assert_eq!(scp_names(&b, &id).await, ["FullAWSAccess"]);
        assert_eq!(collect_all(|t| b.list_accounts(t)).await.unwrap().len(), 41);

        let dup = b
            .create_account("aws+audit@example-corp.com", "again")
            .await
            .unwrap();
        assert_eq!(dup.state, "FAILED");
        assert_eq!(dup.failure_reason.as_deref(), Some("EMAIL_ALREADY_EXISTS"));
        assert_eq!(
            code(b.create_account("nope", "x").await),
            "InvalidInputException"
        );
        assert_eq!(
            code(b.create_account("a@example.com", &"n".repeat(51)).await),
            "InvalidInputException"
        );

        let tag = |k: &str, v: &str| Tag {
            key: k.into(),
            value: v.into(),
        };
        b.tag_resource(&id, &[tag("Owner", "a"), tag("CostCenter", "CC-1")])
            .await
            .unwrap();
        b.tag_resource(&id, &[tag("Owner", "b")]).await.unwrap();
        let tags = b.list_tags_for_resource(&id, None).await.unwrap().items;
        assert_eq!(tags, vec![tag("Owner", "b"), tag("CostCenter", "CC-1")]);
        let many: Vec<Tag> = (0..48).map(|i| tag(&format!("k{i}"), "v")).collect();
        b.tag_resource(&id, &many).await.unwrap();
        let e = b
            .tag_resource(&id, &[tag("one-too-many", "v")])
            .await
            .unwrap_err();
        assert_eq!(e.code, "ConstraintViolationException");
        assert!(e.message.contains("MAX_TAG_LIMIT_EXCEEDED"));
        assert_eq!(
            code(b.tag_resource(&id, &[tag("aws:x", "v")]).await),
            "InvalidInputException"
        );
        assert_eq!(
            code(b.tag_resource("999999999999", &[tag("a", "b")]).await),
            "TargetNotFoundException"
        );
        // Roots, OUs and policies take tags too.
        b.tag_resource(&root, &[tag("Owner", "cloud")])
            .await
            .unwrap();
        let region = policy_named(&b, &PolicyType::ServiceControl, "RegionLock").await;
        b.tag_resource(&region.id, &[tag("Owner", "sec")])
            .await
            .unwrap();
        assert_eq!(
            b.list_tags_for_resource(&region.id, None)
                .await
                .unwrap()
                .items,
            vec![tag("Owner", "sec")]
        );
    }

    #[tokio::test]
    async fn consolidated_billing_has_no_policies() {
        let b = DemoBackend::empty("333333333333");
        let org = b.create_organization("CONSOLIDATED_BILLING").await.unwrap();
        assert_eq!(org.feature_set, "CONSOLIDATED_BILLING");
        let root = root_id(&b).await;
        assert!(scp_names(&b, &root).await.is_empty());
        assert_eq!(
            code(
                b.create_policy("X", "", SCP, &PolicyType::ServiceControl)
                    .await
            ),
            "PolicyTypeNotAvailableForOrganizationException"
        );
        assert_eq!(
            code(b.attach_policy(FULL_AWS_ACCESS, &root).await),
            "PolicyTypeNotEnabledException"
        );
    }

    #[tokio::test]
    async fn children_and_parents_agree() {
        let b: std::sync::Arc<dyn OrgBackend> = std::sync::Arc::new(demo().with_page_size(2));
        let root = b.list_roots(None).await.unwrap().items.remove(0).id;
        let ous = collect_all(|t| b.list_children(&root, ChildType::OrganizationalUnit, t))
            .await
            .unwrap();
        for ou in &ous {
            assert_eq!(ou.kind, ChildType::OrganizationalUnit);
            let parents = b.list_parents(&ou.id, None).await.unwrap();
            assert_eq!(parents.items.len(), 1);
            assert_eq!(parents.items[0].id, root);
            assert_eq!(parents.next_token, None);
        }
        let accounts = collect_all(|t| b.list_children(&root, ChildType::Account, t))
            .await
            .unwrap();
        assert_eq!(accounts.len(), 1);
        assert_eq!(accounts[0].id, "111111111111");
        let security = &ous[0].id;
        let by_parent = collect_all(|t| b.list_accounts_for_parent(security, t))
            .await
            .unwrap();
        let names: Vec<&str> = by_parent.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "log-archive",
                "audit",
                "security-tooling",
                "incident-response"
            ]
        );
    }

    #[test]
    fn broken_assets_are_rejected() {
        let mut doc: serde_json::Value = serde_json::from_str(ASSET).unwrap();
        doc["organizational_units"][0]["parent"] = "ou-7f3k-zzzzzzzz".into();
        assert!(org_from_asset(&doc.to_string()).is_err());
        assert!(org_from_asset("{}").is_err());
    }

    #[test]
    fn now_is_rfc3339() {
        let t = now_rfc3339();
        assert_eq!(t.len(), 24, "{t}");
        assert!(
            t.starts_with("20") && t.ends_with('Z') && &t[10..11] == "T",
            "{t}"
        );
    }
}
