//! `Handshakes` for `AwsBackend`: invitations, the answers to them, and enabling all
//! features.

use async_trait::async_trait;
use aws_sdk_organizations as sdk;

use super::calls::MAX_PAGE;
use super::convert::{page, refused, required, rfc3339, s};
use super::AwsBackend;
use crate::org::error::OrgResult;
use crate::org::handshakes::*;
use crate::org::types::Page;
use crate::org::Token;

fn resource(r: &sdk::types::HandshakeResource) -> HandshakeResource {
    HandshakeResource {
        value: s(r.value()),
        kind: s(r.r#type().map(|t| t.as_str())),
        resources: r.resources().iter().map(resource).collect(),
    }
}

pub(super) fn handshake(h: &sdk::types::Handshake) -> Handshake {
    Handshake {
        id: s(h.id()),
        arn: s(h.arn()),
        parties: h
            .parties()
            .iter()
            .map(|p| HandshakeParty {
                id: p.id().to_string(),
                kind: p.r#type().as_str().to_string(),
            })
            .collect(),
        state: s(h.state().map(|x| x.as_str())),
        requested_at: rfc3339(h.requested_timestamp()),
        expires_at: rfc3339(h.expiration_timestamp()),
        action: s(h.action().map(|a| a.as_str())),
        resources: h.resources().iter().map(resource).collect(),
    }
}

pub(super) fn answer(h: Option<&sdk::types::Handshake>) -> OrgResult<Handshake> {
    required(h, handshake, "the handshake")
}

/// A party as the SDK sends it; its builder refuses a party without id or type (both are
/// always set here).
pub(super) fn sdk_party(p: &HandshakeParty) -> OrgResult<sdk::types::HandshakeParty> {
    sdk::types::HandshakeParty::builder()
        .id(&p.id)
        .r#type(sdk::types::HandshakePartyType::from(p.kind.as_str()))
        .build()
        .map_err(refused)
}

fn sdk_filter(f: &HandshakeFilter) -> Option<sdk::types::HandshakeFilter> {
    if f.is_empty() {
        return None;
    }
    Some(
        sdk::types::HandshakeFilter::builder()
            .set_action_type(f.action_type.as_deref().map(sdk::types::ActionType::from))
            .set_parent_handshake_id(f.parent_handshake_id.clone())
            .build(),
    )
}

/// The two ListHandshakes calls: the same request and answer, from different builders.
macro_rules! list_handshakes {
    ($backend:ident, $call:ident, $filter:ident, $token:ident) => {{
        let req = $backend.client.$call();
        let req = req
            .set_filter(sdk_filter($filter))
            .set_next_token($token)
            .max_results(MAX_PAGE);
        let out = $backend.send(req.send()).await?;
        Ok(page(out.handshakes(), out.next_token(), handshake))
    }};
}

#[async_trait]
impl Handshakes for AwsBackend {
    async fn invite_account_to_organization(
        &self,
        target: &HandshakeParty,
        notes: Option<&str>,
    ) -> OrgResult<Handshake> {
        let party = sdk_party(target)?;
        let req = self.client.invite_account_to_organization().target(party);
        let out = self
            .send(req.set_notes(notes.map(str::to_string)).send())
            .await?;
        answer(out.handshake())
    }

    async fn list_handshakes_for_organization(
        &self,
        filter: &HandshakeFilter,
        token: Token,
    ) -> OrgResult<Page<Handshake>> {
        list_handshakes!(self, list_handshakes_for_organization, filter, token)
    }

    async fn list_handshakes_for_account(
        &self,
        filter: &HandshakeFilter,
        token: Token,
    ) -> OrgResult<Page<Handshake>> {
        list_handshakes!(self, list_handshakes_for_account, filter, token)
    }

    async fn describe_handshake(&self, handshake_id: &str) -> OrgResult<Handshake> {
        let req = self.client.describe_handshake().handshake_id(handshake_id);
        answer(self.send(req.send()).await?.handshake())
    }

    async fn accept_handshake(&self, handshake_id: &str) -> OrgResult<Handshake> {
        let req = self.client.accept_handshake().handshake_id(handshake_id);
        answer(self.send(req.send()).await?.handshake())
    }

    async fn decline_handshake(&self, handshake_id: &str) -> OrgResult<Handshake> {
        let req = self.client.decline_handshake().handshake_id(handshake_id);
        answer(self.send(req.send()).await?.handshake())
    }

    async fn cancel_handshake(&self, handshake_id: &str) -> OrgResult<Handshake> {
        let req = self.client.cancel_handshake().handshake_id(handshake_id);
        answer(self.send(req.send()).await?.handshake())
    }

    async fn enable_all_features(&self) -> OrgResult<Handshake> {
        let out = self.send(self.client.enable_all_features().send()).await?;
        answer(out.handshake())
    }
}
