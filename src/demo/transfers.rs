//! Responsibility transfers in the demo, with AWS's rules. The demo holds one organization;
//! an account outside it that the demo acts as (`act_as`) stands for the management
//! account of another organization.
//!
//! - Only the management account of an organization with all features invites
//!   (AccessDeniedException for a member, ConstraintViolationException
//!   ORGANIZATION_NOT_IN_ALL_FEATURES_MODE), and never itself or one of its own members
//!   (HandshakeConstraintViolationException SOURCE_AND_TARGET_CANNOT_MATCH,
//!   TARGET_ACCOUNT_VALIDATION_FAILURE). A second invitation while one is open is a
//!   DuplicateHandshakeException; one to an organization whose responsibility is already
//!   transferred is RESPONSIBILITY_TRANSFER_ALREADY_EXISTS.
//! - The start is the first day of a month at 00:00:00.000 UTC, not before the current month.
//! - The invitation is a TRANSFER_RESPONSIBILITY handshake; the transfer's status follows it
//!   (REQUESTED while open, then ACCEPTED, DECLINED, CANCELED or EXPIRED).
//! - The inviter lists the transfer inbound, the invited account outbound; either party may
//!   describe it, rename it while it is REQUESTED or ACCEPTED, and terminate it once ACCEPTED:
//!   it is then WITHDRAWN, ending at the end of a month (by default the current one, or the
//!   start's month when it has not started yet).
//!
//! What AWS does not document — the layout of the handshake's resources, the ARN seen by the
//! invited side, how far ahead a start may be — is the demo's own choice.

use std::time::SystemTime;

use async_trait::async_trait;
use aws_smithy_types::date_time::{DateTime, Format};

use super::admin_state::{access_denied, TransferRecord};
use super::errors::{constraint, invalid, invalid_pattern};
use super::handshakes::handshake_constraint;
use super::state::{Org, State};
use super::tags::check_tags;
use super::validate::check_prefixed_id;
use super::DemoBackend;
use crate::org::error::{OrgError, OrgResult};
use crate::org::handshakes::{Handshake, HandshakeParty, HandshakeResource};
use crate::org::ids;
use crate::org::transfers::*;
use crate::org::types::Page;
use crate::org::Token;

fn not_found(id: &str) -> OrgError {
    OrgError::new(
        "ResponsibilityTransferNotFoundException",
        format!("We can't find a transfer with the Id \"{id}\"."),
    )
}

fn check_transfer_id(id: &str) -> OrgResult<()> {
    check_prefixed_id("Id", "rt-", id)
}

fn check_kind(kind: &str) -> OrgResult<()> {
    if kind == BILLING {
        Ok(())
    } else {
        Err(invalid(format!(
            "INVALID_ENUM: Type \"{kind}\" is not a responsibility type (only BILLING is supported)."
        )))
    }
}

/// 1 to 128 printable ASCII characters (`^[ -~]+$`).
fn check_name(field: &str, name: &str) -> OrgResult<()> {
    if name.len() > 128 {
        return Err(invalid(format!(
            "MAX_LENGTH_EXCEEDED: {field} is at most 128 characters."
        )));
    }
    if name.is_empty() || !name.chars().all(|c| (' '..='~').contains(&c)) {
        return Err(invalid_pattern(field, name));
    }
    Ok(())
}

// --- time: calendar months in UTC ---------------------------------------------------------

fn parse_time(field: &str, text: &str) -> OrgResult<DateTime> {
    DateTime::from_str(text, Format::DateTime)
        .map_err(|_| invalid(format!("INVALID_INPUT: {field} \"{text}\" is not a time.")))
}

fn shown(t: &DateTime) -> String {
    crate::time::format_timestamp(t).unwrap_or_default()
}

fn millis(t: &DateTime) -> i64 {
    t.to_millis().unwrap_or(i64::MAX)
}

/// (year, month) of `t` in UTC.
fn year_month(t: &DateTime) -> (i64, u32) {
    let text = shown(t);
    let year = text.get(0..4).and_then(|y| y.parse().ok()).unwrap_or(1970);
    let month = text.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    (year, month)
}

fn month_start(year: i64, month: u32) -> DateTime {
    let text = format!("{year:04}-{month:02}-01T00:00:00Z");
    DateTime::from_str(&text, Format::DateTime).unwrap_or(DateTime::from_secs(0))
}

fn start_of_month_of(t: &DateTime) -> DateTime {
    let (y, m) = year_month(t);
    month_start(y, m)
}

/// The last millisecond of `t`'s month (23:59:59.999 on its last day).
fn end_of_month_of(t: &DateTime) -> DateTime {
    let (y, m) = year_month(t);
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    DateTime::from_millis(millis(&month_start(ny, nm)) - 1)
}

fn is_month_start(t: &DateTime) -> bool {
    millis(&start_of_month_of(t)) == millis(t)
}

fn is_day_start(t: &DateTime) -> bool {
    millis(t).rem_euclid(86_400_000) == 0
}

fn check_start(text: &str, now: &DateTime) -> OrgResult<String> {
    let t = parse_time("StartTimestamp", text)?;
    if !is_day_start(&t) {
        return Err(invalid(
            "START_DATE_NOT_BEGINNING_OF_DAY: The start date must be the beginning of the day (00:00:00.000).",
        ));
    }
    if !is_month_start(&t) {
        return Err(invalid(
            "START_DATE_NOT_BEGINNING_OF_MONTH: The start date must be the first day of the month.",
        ));
    }
    if millis(&t) < millis(&start_of_month_of(now)) {
        return Err(invalid(
            "START_DATE_TOO_EARLY: The start date is too early.",
        ));
    }
    Ok(shown(&t))
}

// --- the records ----------------------------------------------------------------------------

impl TransferRecord {
    fn status(&self, org: &Org) -> String {
        if self.withdrawn {
            return "WITHDRAWN".into();
        }
        let state = org
            .life
            .handshakes
            .iter()
            .find(|h| h.shown.id == self.handshake_id)
            .map_or("EXPIRED", |h| h.shown.state.as_str());
        match state {
            "OPEN" | "REQUESTED" => "REQUESTED",
            other => other,
        }
        .to_string()
    }

    fn shown(&self, org: &Org) -> ResponsibilityTransfer {
        ResponsibilityTransfer {
            id: self.id.clone(),
            arn: self.arn.clone(),
            name: self.name.clone(),
            kind: self.kind.clone(),
            status: self.status(org),
            source: self.source.clone(),
            target: self.target.clone(),
            start: self.start.clone(),
            end: self.end.clone(),
            active_handshake_id: Some(self.handshake_id.clone()),
        }
    }

    fn is_target(&self, caller: &str) -> bool {
        self.target.management_account_id == caller
    }

    fn is_source(&self, caller: &str, email: Option<&str>) -> bool {
        if self.source.management_account_id.is_empty() {
            email.is_some_and(|e| e.eq_ignore_ascii_case(&self.source.management_account_email))
        } else {
            self.source.management_account_id == caller
        }
    }
}

impl Org {
    /// The invited account accepts the invitation of handshake `handshake_id`: it becomes
    /// the transfer's source (refused if its responsibility is already transferred).
    pub(super) fn accept_transfer(
        &mut self,
        handshake_id: &str,
        caller: &str,
        email: Option<&str>,
    ) -> OrgResult<()> {
        let Some(i) = self
            .life
            .transfers
            .iter()
            .position(|t| t.handshake_id == handshake_id)
        else {
            return Ok(());
        };
        let kind = self.life.transfers[i].kind.clone();
        if self.life.transfers[i].is_target(caller) {
            return Err(handshake_constraint(
                "SOURCE_AND_TARGET_CANNOT_MATCH",
                "An account can't accept a transfer invitation if it is both the sender and recipient of the invitation.",
            ));
        }
        let already = self.life.transfers.iter().enumerate().any(|(j, t)| {
            j != i
                && t.kind == kind
                && t.source.management_account_id == caller
                && t.status(self) == "ACCEPTED"
        });
        if already {
            return Err(handshake_constraint(
                "RESPONSIBILITY_TRANSFER_ALREADY_EXISTS",
                "Your organization's responsibility is already transferred to another account.",
            ));
        }
        let t = &mut self.life.transfers[i];
        t.source.management_account_id = caller.to_string();
        if t.source.management_account_email.is_empty() {
            t.source.management_account_email = email.unwrap_or_default().to_string();
        }
        Ok(())
    }

    /// Whether a transfer is waiting for an answer or in force (DeleteOrganization refuses).
    pub(super) fn has_open_transfer(&self) -> bool {
        self.life
            .transfers
            .iter()
            .any(|t| matches!(t.status(self).as_str(), "REQUESTED" | "ACCEPTED"))
    }
}

impl State {
    /// The caller, for a transfer call: the management account of the demo's organization,
    /// or an account outside it (the management account of an organization the demo does
    /// not hold); a member account is refused.
    fn transfer_caller(&self) -> OrgResult<(String, Option<String>)> {
        let org = self.org()?;
        if org.master_id != self.caller && org.account(&self.caller).is_some() {
            return Err(access_denied());
        }
        Ok((self.caller.clone(), self.caller_email()))
    }

    /// The record of transfer `id` if the caller is a party to it.
    fn party_record(&mut self, id: &str) -> OrgResult<&mut TransferRecord> {
        check_transfer_id(id)?;
        let (caller, email) = self.transfer_caller()?;
        let org = self.org_mut()?;
        org.life
            .transfers
            .iter_mut()
            .find(|t| {
                t.id == id && (t.is_target(&caller) || t.is_source(&caller, email.as_deref()))
            })
            .ok_or_else(|| not_found(id))
    }

    fn shown_transfer(&self, id: &str) -> OrgResult<ResponsibilityTransfer> {
        let org = self.org()?;
        org.life
            .transfers
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.shown(org))
            .ok_or_else(|| not_found(id))
    }

    pub(super) fn invite_transfer(
        &mut self,
        inv: &TransferInvitation,
        now: SystemTime,
    ) -> OrgResult<Handshake> {
        check_kind(&inv.kind)?;
        let target = &inv.target;
        match target.kind.as_str() {
            "ACCOUNT" if ids::is_account_id(&target.id) => {}
            "ACCOUNT" => return Err(invalid_pattern("Target.Id", &target.id)),
            "EMAIL" => ids::validate_email(&target.id)
                .map_err(|e| invalid(format!("INVALID_EMAIL_ADDRESS_TARGET: {e}")))?,
            other => {
                return Err(invalid(format!(
                    "INVALID_PARTY_TYPE_TARGET: You can invite an ACCOUNT or an EMAIL, not {other}."
                )))
            }
        }
        if inv.notes.as_ref().is_some_and(|n| n.chars().count() > 1024) {
            return Err(invalid(
                "MAX_LENGTH_EXCEEDED: Notes are at most 1024 characters.",
            ));
        }
        check_name("SourceName", &inv.source_name)?;
        let start = check_start(&inv.start, &DateTime::from(now))?;
        check_tags(&inv.tags)?;
        let handshake_id = self.fresh_id(|g| format!("h-{}", g.alnum(10)));
        let id = self.fresh_id(|g| format!("rt-{}", g.alnum(12)));
        let org = self.org_as_master()?;
        if org.feature_set != "ALL" {
            return Err(constraint(
                "ORGANIZATION_NOT_IN_ALL_FEATURES_MODE",
                "Responsibility transfers need an organization with all features enabled.",
            ));
        }
        let by_email = target.kind == "EMAIL";
        let is_self = if by_email {
            target.id.eq_ignore_ascii_case(&org.master_email)
        } else {
            target.id == org.master_id
        };
        if is_self {
            return Err(handshake_constraint(
                "SOURCE_AND_TARGET_CANNOT_MATCH",
                "An account can't be both the sender and the recipient of a transfer invitation.",
            ));
        }
        let member = if by_email {
            org.accounts
                .iter()
                .any(|a| a.account.email.eq_ignore_ascii_case(&target.id))
        } else {
            org.account(&target.id).is_some()
        };
        if member {
            return Err(handshake_constraint(
                "TARGET_ACCOUNT_VALIDATION_FAILURE",
                "The invited account is a member of this organization, not the management account of another one.",
            ));
        }
        let recipient_matches = |p: &TransferParticipant| {
            if by_email {
                p.management_account_email.eq_ignore_ascii_case(&target.id)
            } else {
                p.management_account_id == target.id
            }
        };
        let existing: Vec<String> = org
            .life
            .transfers
            .iter()
            .filter(|t| t.kind == inv.kind && recipient_matches(&t.source))
            .map(|t| t.status(org))
            .collect();
        if existing.iter().any(|s| s == "ACCEPTED") {
            return Err(handshake_constraint(
                "RESPONSIBILITY_TRANSFER_ALREADY_EXISTS",
                "That organization's responsibility is already transferred.",
            ));
        }
        if existing.iter().any(|s| s == "REQUESTED") {
            return Err(OrgError::new(
                "DuplicateHandshakeException",
                "That account already has an open transfer invitation from this organization.",
            ));
        }
        let management = HandshakeResource {
            value: org.master_id.clone(),
            kind: "MANAGEMENT_ACCOUNT".into(),
            resources: vec![
                HandshakeResource::new("MANAGEMENT_EMAIL", &org.master_email),
                HandshakeResource::new("MANAGEMENT_NAME", "Management"),
            ],
        };
        let transfer = HandshakeResource {
            value: id.clone(),
            kind: "RESPONSIBILITY_TRANSFER".into(),
            resources: vec![
                HandshakeResource::new("TRANSFER_TYPE", &inv.kind),
                HandshakeResource::new("TRANSFER_START_TIMESTAMP", &start),
            ],
        };
        let mut resources = vec![
            transfer,
            management,
            HandshakeResource::new(&target.kind, &target.id),
        ];
        if let Some(n) = &inv.notes {
            resources.push(HandshakeResource::new("NOTES", n));
        }
        let handshake = org.open(
            handshake_id.clone(),
            "TRANSFER_RESPONSIBILITY",
            target.clone(),
            resources,
            None,
            now,
        );
        let (source_id, source_email) = if by_email {
            (String::new(), target.id.clone())
        } else {
            let email = org.life.outside_emails.get(&target.id).cloned();
            (target.id.clone(), email.unwrap_or_default())
        };
        let record = TransferRecord {
            arn: format!(
                "arn:aws:organizations::{}:transfer/{}/billing/inbound/{id}",
                org.master_id, org.id
            ),
            id,
            name: inv.source_name.clone(),
            kind: inv.kind.clone(),
            handshake_id,
            target: TransferParticipant {
                management_account_id: org.master_id.clone(),
                management_account_email: org.master_email.clone(),
            },
            source: TransferParticipant {
                management_account_id: source_id,
                management_account_email: source_email,
            },
            start,
            end: String::new(),
            withdrawn: false,
            tags: inv.tags.clone(),
        };
        org.life.transfers.push(record);
        Ok(handshake)
    }

    pub(super) fn describe_transfer(&mut self, id: &str) -> OrgResult<ResponsibilityTransfer> {
        self.party_record(id)?;
        self.shown_transfer(id)
    }

    /// The caller's inbound (it manages) or outbound (it is managed) transfers of `kind`.
    pub(super) fn list_transfers(
        &self,
        kind: &str,
        inbound: bool,
        only: Option<&str>,
    ) -> OrgResult<Vec<ResponsibilityTransfer>> {
        check_kind(kind)?;
        if let Some(id) = only {
            check_transfer_id(id)?;
        }
        let (caller, email) = self.transfer_caller()?;
        let org = self.org()?;
        let items: Vec<ResponsibilityTransfer> = org
            .life
            .transfers
            .iter()
            .filter(|t| t.kind == kind)
            .filter(|t| only.is_none_or(|id| t.id == id))
            .filter(|t| {
                if inbound {
                    t.is_target(&caller)
                } else {
                    t.is_source(&caller, email.as_deref())
                }
            })
            .map(|t| t.shown(org))
            .collect();
        match only {
            Some(id) if items.is_empty() => Err(not_found(id)),
            _ => Ok(items),
        }
    }

    pub(super) fn rename_transfer(
        &mut self,
        id: &str,
        name: &str,
    ) -> OrgResult<ResponsibilityTransfer> {
        check_transfer_id(id)?;
        check_name("Name", name)?;
        self.party_record(id)?;
        let status = self.shown_transfer(id)?.status;
        if !matches!(status.as_str(), "REQUESTED" | "ACCEPTED") {
            return Err(constraint(
                "TRANSFER_RESPONSIBILITY_UPDATE_NOT_ALLOWED",
                "You cannot update this transfer because it is no longer active. Transfers that have been withdrawn, declined, expired, or cancelled cannot be modified.",
            ));
        }
        self.party_record(id)?.name = name.to_string();
        self.shown_transfer(id)
    }

    pub(super) fn terminate_transfer(
        &mut self,
        id: &str,
        end: Option<&str>,
        now: SystemTime,
    ) -> OrgResult<ResponsibilityTransfer> {
        check_transfer_id(id)?;
        let end = end.map(|e| parse_time("EndTimestamp", e)).transpose()?;
        let start_text = self.party_record(id)?.start.clone();
        let status = self.shown_transfer(id)?.status;
        match status.as_str() {
            "ACCEPTED" => {}
            "WITHDRAWN" => {
                return Err(OrgError::new(
                    "ResponsibilityTransferAlreadyInStatusException",
                    "The transfer is already WITHDRAWN.",
                ))
            }
            other => {
                return Err(OrgError::new(
                    "InvalidResponsibilityTransferTransitionException",
                    format!(
                        "A transfer that is {other} can't be terminated: only an ACCEPTED one can."
                    ),
                ))
            }
        }
        let now = DateTime::from(now);
        let start = parse_time("StartTimestamp", &start_text).unwrap_or(now);
        let end = match end {
            Some(e) => {
                if millis(&end_of_month_of(&e)) != millis(&e) {
                    return Err(invalid(
                        "END_DATE_NOT_END_OF_MONTH: The end date must be the end of the last day of the month (23:59:59.999).",
                    ));
                }
                if millis(&e) < millis(&now) || millis(&e) < millis(&start) {
                    return Err(invalid("END_DATE_TOO_EARLY: The end date is too early."));
                }
                e
            }
            // The end of the month under way, or of the first month if it has not started.
            None if millis(&start) > millis(&now) => end_of_month_of(&start),
            None => end_of_month_of(&now),
        };
        let r = self.party_record(id)?;
        r.withdrawn = true;
        r.end = shown(&end);
        self.shown_transfer(id)
    }
}

#[async_trait]
impl Transfers for DemoBackend {
    async fn invite_organization_to_transfer_responsibility(
        &self,
        invitation: &TransferInvitation,
    ) -> OrgResult<Handshake> {
        self.pause("invite_organization_to_transfer_responsibility")
            .await;
        let now = self.now();
        self.lock().invite_transfer(invitation, now)
    }

    async fn describe_responsibility_transfer(
        &self,
        transfer_id: &str,
    ) -> OrgResult<ResponsibilityTransfer> {
        self.pause("describe_responsibility_transfer").await;
        self.lock().describe_transfer(transfer_id)
    }

    async fn list_inbound_responsibility_transfers(
        &self,
        kind: &str,
        transfer_id: Option<&str>,
        token: Token,
    ) -> OrgResult<Page<ResponsibilityTransfer>> {
        self.pause("list_inbound_responsibility_transfers").await;
        let items = self.lock().list_transfers(kind, true, transfer_id)?;
        let scope = format!(
            "ListInboundResponsibilityTransfers/{kind}/{}",
            transfer_id.unwrap_or("")
        );
        self.page(&scope, items, token)
    }

    async fn list_outbound_responsibility_transfers(
        &self,
        kind: &str,
        token: Token,
    ) -> OrgResult<Page<ResponsibilityTransfer>> {
        self.pause("list_outbound_responsibility_transfers").await;
        let items = self.lock().list_transfers(kind, false, None)?;
        let scope = format!("ListOutboundResponsibilityTransfers/{kind}");
        self.page(&scope, items, token)
    }

    async fn update_responsibility_transfer(
        &self,
        transfer_id: &str,
        name: &str,
    ) -> OrgResult<ResponsibilityTransfer> {
        self.pause("update_responsibility_transfer").await;
        self.lock().rename_transfer(transfer_id, name)
    }

    async fn terminate_responsibility_transfer(
        &self,
        transfer_id: &str,
        end: Option<&str>,
    ) -> OrgResult<ResponsibilityTransfer> {
        self.pause("terminate_responsibility_transfer").await;
        let now = self.now();
        self.lock().terminate_transfer(transfer_id, end, now)
    }
}

/// The account the built-in demo's management account manages billing for.
pub const DEMO_PARTNER: &str = "464646464646";

impl DemoBackend {
    /// The built-in demo's story, for the transfers screen: its management account manages
    /// billing for the organization of an acquired company (an accepted BILLING transfer
    /// that started this month), asked and answered through the API's own calls.
    pub async fn with_billing_transfer(self) -> OrgResult<Self> {
        let master = self.describe_organization_master()?;
        let start = shown(&start_of_month_of(&DateTime::from(self.clock.now())));
        let invitation = TransferInvitation::billing(
            HandshakeParty::account(DEMO_PARTNER),
            &start,
            "Billing of Northwind (acquired)",
        );
        let handshake = self
            .invite_organization_to_transfer_responsibility(&invitation)
            .await?;
        self.act_as(DEMO_PARTNER, "aws+northwind@example-partner.com");
        let accepted = crate::org::Handshakes::accept_handshake(&self, &handshake.id).await;
        self.act_as(&master, "");
        accepted?;
        Ok(self)
    }

    fn describe_organization_master(&self) -> OrgResult<String> {
        Ok(self.lock().org()?.master_id.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> DateTime {
        DateTime::from_str(text, Format::DateTime).expect("a time")
    }

    #[test]
    fn months_begin_and_end_in_utc() {
        assert!(is_month_start(&t("2026-07-01T00:00:00Z")));
        assert!(!is_month_start(&t("2026-07-02T00:00:00Z")));
        assert!(is_day_start(&t("2026-07-02T00:00:00Z")));
        assert!(!is_day_start(&t("2026-07-01T00:00:00.001Z")));
        assert_eq!(
            shown(&end_of_month_of(&t("2026-02-10T12:00:00Z"))),
            "2026-02-28T23:59:59.999Z"
        );
        assert_eq!(
            shown(&end_of_month_of(&t("2028-02-10T12:00:00Z"))),
            "2028-02-29T23:59:59.999Z"
        );
        assert_eq!(
            shown(&end_of_month_of(&t("2026-12-31T23:59:59.999Z"))),
            "2026-12-31T23:59:59.999Z"
        );
    }

    #[test]
    fn starts_are_checked_against_the_current_month() {
        let now = t("2026-06-15T10:00:00Z");
        assert_eq!(
            check_start("2026-06-01T00:00:00Z", &now).unwrap(),
            "2026-06-01T00:00:00.000Z"
        );
        let reason = |s: &str| check_start(s, &now).unwrap_err().message;
        assert!(reason("2026-05-01T00:00:00Z").starts_with("START_DATE_TOO_EARLY"));
        assert!(reason("2026-07-02T00:00:00Z").starts_with("START_DATE_NOT_BEGINNING_OF_MONTH"));
        assert!(reason("2026-07-01T08:00:00Z").starts_with("START_DATE_NOT_BEGINNING_OF_DAY"));
        assert!(reason("July").starts_with("INVALID_INPUT"));
    }
}
