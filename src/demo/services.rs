//! Trusted services (EnableAWSServiceAccess and friends) and delegated administrators: only
//! known service principals; trusted access needs all features; a delegated administrator
//! is a member account (not the management account, not closed) of a service with trusted
//! access.

use std::time::SystemTime;

use super::admin_state::{rfc3339, DelegatedRecord};
use super::errors::{constraint, invalid};
use super::state::{Org, State};
use crate::org::error::{OrgError, OrgResult};
use crate::org::lifecycle::{DelegatedAdministrator, DelegatedService, EnabledService};
use crate::org::types::AccountState;

/// Services that integrate with Organizations through trusted access.
pub(super) const TRUSTED_SERVICES: &[&str] = &[
    "access-analyzer.amazonaws.com",
    "account.amazonaws.com",
    "auditmanager.amazonaws.com",
    "backup.amazonaws.com",
    "cloudtrail.amazonaws.com",
    "compute-optimizer.amazonaws.com",
    "config.amazonaws.com",
    "config-multiaccountsetup.amazonaws.com",
    "controltower.amazonaws.com",
    "detective.amazonaws.com",
    "fms.amazonaws.com",
    "guardduty.amazonaws.com",
    "health.amazonaws.com",
    "inspector2.amazonaws.com",
    "ipam.amazonaws.com",
    "macie.amazonaws.com",
    "member.org.stacksets.cloudformation.amazonaws.com",
    "ram.amazonaws.com",
    "securityhub.amazonaws.com",
    "servicecatalog.amazonaws.com",
    "servicequotas.amazonaws.com",
    "sso.amazonaws.com",
    "ssm.amazonaws.com",
    "tagpolicies.tag.amazonaws.com",
];

/// Those of them that can have delegated administrators.
pub(super) const DELEGABLE_SERVICES: &[&str] = &[
    "access-analyzer.amazonaws.com",
    "auditmanager.amazonaws.com",
    "backup.amazonaws.com",
    "cloudtrail.amazonaws.com",
    "config.amazonaws.com",
    "config-multiaccountsetup.amazonaws.com",
    "detective.amazonaws.com",
    "fms.amazonaws.com",
    "guardduty.amazonaws.com",
    "inspector2.amazonaws.com",
    "ipam.amazonaws.com",
    "macie.amazonaws.com",
    "member.org.stacksets.cloudformation.amazonaws.com",
    "securityhub.amazonaws.com",
    "servicecatalog.amazonaws.com",
    "sso.amazonaws.com",
    "ssm.amazonaws.com",
];

fn known(list: &[&str], service: &str) -> OrgResult<()> {
    if list.contains(&service) {
        Ok(())
    } else {
        Err(invalid(format!(
            "UNRECOGNIZED_SERVICE_PRINCIPAL: \"{service}\" is not a service principal this can be used with."
        )))
    }
}

fn not_registered(account_id: &str) -> OrgError {
    OrgError::new(
        "AccountNotRegisteredException",
        format!("The account {account_id} is not a delegated administrator for this service."),
    )
}

impl Org {
    fn service_enabled(&self, service: &str) -> bool {
        self.life.services.iter().any(|(s, _)| s == service)
    }
}

impl State {
    pub(super) fn enable_service_access(
        &mut self,
        service: &str,
        now: SystemTime,
    ) -> OrgResult<()> {
        let org = self.org_as_master()?;
        known(TRUSTED_SERVICES, service)?;
        if org.feature_set != "ALL" {
            return Err(constraint(
                "ORGANIZATION_NOT_IN_ALL_FEATURES_MODE",
                "Trusted access needs an organization with all features.",
            ));
        }
        // Enabling a service that is already enabled changes nothing, as in AWS.
        if !org.service_enabled(service) {
            org.life.services.push((service.to_string(), rfc3339(now)));
        }
        Ok(())
    }

    pub(super) fn disable_service_access(&mut self, service: &str) -> OrgResult<()> {
        let org = self.org_as_master()?;
        known(TRUSTED_SERVICES, service)?;
        org.life.services.retain(|(s, _)| s != service);
        Ok(())
    }

    pub(super) fn enabled_services(&mut self) -> OrgResult<Vec<EnabledService>> {
        let org = self.org_as_master()?;
        Ok(org
            .life
            .services
            .iter()
            .map(|(s, at)| EnabledService {
                service_principal: s.clone(),
                enabled_at: at.clone(),
            })
            .collect())
    }

    pub(super) fn register_delegated(
        &mut self,
        account_id: &str,
        service: &str,
        now: SystemTime,
    ) -> OrgResult<()> {
        let org = self.org_as_master()?;
        let account = org.existing_account(account_id)?.account.clone();
        known(DELEGABLE_SERVICES, service)?;
        if account_id == org.master_id {
            return Err(constraint(
                "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR",
                "The management account can't be a delegated administrator.",
            ));
        }
        if account.state != AccountState::Active {
            return Err(constraint(
                "CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR",
                "A closed or closing account can't be a delegated administrator.",
            ));
        }
        if !org.service_enabled(service) {
            // The demo's own reason: AWS documents none for this case.
            return Err(constraint(
                "TRUSTED_ACCESS_NOT_ENABLED",
                &format!("Enable trusted access for {service} first (EnableAWSServiceAccess)."),
            ));
        }
        let delegated = &mut org.life.delegated;
        if delegated
            .iter()
            .any(|d| d.account_id == account_id && d.service == service)
        {
            return Err(OrgError::new(
                "AccountAlreadyRegisteredException",
                format!(
                    "The account {account_id} is already a delegated administrator for {service}."
                ),
            ));
        }
        delegated.push(DelegatedRecord {
            account_id: account_id.to_string(),
            service: service.to_string(),
            since: rfc3339(now),
        });
        Ok(())
    }

    pub(super) fn deregister_delegated(
        &mut self,
        account_id: &str,
        service: &str,
    ) -> OrgResult<()> {
        let org = self.org_as_master()?;
        org.existing_account(account_id)?;
        known(DELEGABLE_SERVICES, service)?;
        let before = org.life.delegated.len();
        org.life
            .delegated
            .retain(|d| !(d.account_id == account_id && d.service == service));
        if org.life.delegated.len() == before {
            return Err(not_registered(account_id));
        }
        Ok(())
    }

    /// Each delegated administrator once (of `service`, or of any), in registration order.
    pub(super) fn delegated_administrators(
        &mut self,
        service: Option<&str>,
    ) -> OrgResult<Vec<DelegatedAdministrator>> {
        let org = self.org_as_master()?;
        if let Some(s) = service {
            known(DELEGABLE_SERVICES, s)?;
        }
        let mut out: Vec<DelegatedAdministrator> = Vec::new();
        for d in &org.life.delegated {
            if service.is_some_and(|s| s != d.service)
                || out.iter().any(|a| a.account.id == d.account_id)
            {
                continue;
            }
            if let Some(a) = org.account(&d.account_id) {
                out.push(DelegatedAdministrator {
                    account: a.account.clone(),
                    delegation_enabled_at: d.since.clone(),
                });
            }
        }
        Ok(out)
    }

    pub(super) fn delegated_services(
        &mut self,
        account_id: &str,
    ) -> OrgResult<Vec<DelegatedService>> {
        let org = self.org_as_master()?;
        org.existing_account(account_id)?;
        let services: Vec<DelegatedService> = org
            .life
            .delegated
            .iter()
            .filter(|d| d.account_id == account_id)
            .map(|d| DelegatedService {
                service_principal: d.service.clone(),
                delegation_enabled_at: d.since.clone(),
            })
            .collect();
        if services.is_empty() {
            return Err(not_registered(account_id));
        }
        Ok(services)
    }
}
