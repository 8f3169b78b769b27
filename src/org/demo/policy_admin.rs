//! `PolicyAdmin` for `DemoBackend`: managing policies and policy types, with AWS's rules.

use async_trait::async_trait;

use super::DemoBackend;
use crate::org::error::OrgResult;
use crate::org::policy_admin::{NewPolicy, PolicyAdmin};
use crate::org::types::*;

#[async_trait]
impl PolicyAdmin for DemoBackend {
    async fn create_policy(&self, p: &NewPolicy) -> OrgResult<PolicySummary> {
        self.pause("create_policy").await;
        let mut state = self.lock();
        let summary = state.create_policy(&p.name, &p.description, &p.content, &p.kind)?;
        if !p.tags.is_empty() {
            state.org_mut()?.tag(&summary.id, &p.tags)?;
        }
        Ok(summary)
    }

    async fn enable_policy_type(&self, root_id: &str, kind: &PolicyType) -> OrgResult<Root> {
        self.pause("enable_policy_type").await;
        self.lock().org_mut()?.enable_policy_type(root_id, kind)
    }
}
