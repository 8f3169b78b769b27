//! Reads: one `Fetch` carried out as API calls through the gate, answered as `Reply`
//! messages (page by page for listings).

use futures::future::try_join_all;

use crate::org::{ChildType, OrgBackend, OrgResult, Page, PolicyType, TargetKind};
use crate::protocol::{Ancestor, Answer, Fetch, Reply, ReqId, Sink};

use crate::net::gate::Gate;

pub struct Out<'a> {
    pub req: ReqId,
    pub replies: &'a Sink,
}

impl Out<'_> {
    pub fn send(&self, result: OrgResult<Reply>) {
        (self.replies)(Answer::Reply {
            req: self.req,
            result,
        });
    }
}

pub async fn run(g: &Gate, b: &dyn OrgBackend, fetch: Fetch, out: &Out<'_>) -> OrgResult<()> {
    let reply = match fetch {
        Fetch::Organization => {
            let org = g.read(|| b.describe_organization()).await?;
            let roots = match g.all(|t| b.list_roots(t)).await {
                Ok(roots) => roots,
                // A member account may describe its organization but not list it: the
                // organization without its tree, so the UI can say what a member can do.
                Err(e) if e.kind == crate::org::ErrorKind::AccessDenied => Vec::new(),
                Err(e) => return Err(e),
            };
            Reply::Organization { org, roots }
        }
        Fetch::Children { parent } => {
            // Both listings at once, each page answered as it arrives.
            let ous = stream_pages(
                g,
                |t| b.list_organizational_units_for_parent(&parent, t),
                |items, last| Reply::OrgUnitsPage {
                    parent: parent.clone(),
                    items,
                    last,
                },
                out,
            );
            let accounts = stream_pages(
                g,
                |t| b.list_accounts_for_parent(&parent, t),
                |items, last| Reply::AccountsPage {
                    parent: parent.clone(),
                    items,
                    last,
                },
                out,
            );
            futures::try_join!(ous, accounts)?;
            return Ok(());
        }
        Fetch::Subtree { parents } => {
            let listed = |read: crate::crawl::ParentRead| {
                out.send(Ok(Reply::Listed {
                    parent: read.parent,
                    ous: read.ous,
                    accounts: read.accounts,
                }))
            };
            // The app counts its progress from the parents it files.
            crate::crawl::crawl_below(g, b, parents, listed, |_| {}).await?;
            Reply::SubtreeDone
        }
        Fetch::AllAccounts => {
            stream_pages(
                g,
                |t| b.list_accounts(t),
                |items, last| Reply::AllAccountsPage { items, last },
                out,
            )
            .await?;
            return Ok(());
        }
        Fetch::OrgUnit { id } => {
            Reply::OrgUnit(g.read(|| b.describe_organizational_unit(&id)).await?)
        }
        Fetch::Account { id } => {
            let (account, tags) = futures::try_join!(
                g.read(|| b.describe_account(&id)),
                g.all(|t| b.list_tags_for_resource(&id, t))
            )?;
            Reply::Account { account, tags }
        }
        Fetch::Ancestors { id } => Reply::Ancestors {
            chain: ancestors(g, b, &id).await?,
            id,
        },
        Fetch::PoliciesForTarget { target, types } => {
            let lists = try_join_all(
                types
                    .iter()
                    .map(|ty| g.all(|t| b.list_policies_for_target(&target, ty, t))),
            )
            .await?;
            Reply::PoliciesForTarget {
                target,
                policies: lists.into_iter().flatten().collect(),
            }
        }
        Fetch::Policy { id } => Reply::Policy(g.read(|| b.describe_policy(&id)).await?),
        Fetch::Policies { types } => {
            let lists =
                try_join_all(types.iter().map(|ty| g.all(|t| b.list_policies(ty, t)))).await?;
            Reply::Policies(lists.into_iter().flatten().collect())
        }
        Fetch::OrgUnitsOf { parent } => {
            let ous = g
                .all(|t| b.list_organizational_units_for_parent(&parent, t))
                .await?;
            Reply::OrgUnitsOf { parent, ous }
        }
        Fetch::ChildIds { parent } => {
            let (mut children, accounts) = futures::try_join!(
                g.all(|t| b.list_children(&parent, ChildType::OrganizationalUnit, t)),
                g.all(|t| b.list_children(&parent, ChildType::Account, t))
            )?;
            children.extend(accounts);
            Reply::ChildIds { parent, children }
        }
        Fetch::Effective { account, types } => {
            let read = types
                .into_iter()
                .map(|kind| effective_of(g, b, &account, kind));
            Reply::Effective {
                account: account.clone(),
                types: futures::future::join_all(read).await,
            }
        }
        Fetch::EvalInput { target } => {
            let names = std::collections::HashMap::new();
            let input = crate::policy::gather::gather(g, b, &target, &names).await?;
            Reply::EvalInput {
                target,
                input: Box::new(input),
            }
        }
        Fetch::EvalAll { target } => {
            let all = crate::policy::all::gather_all(g, b, Some(&target)).await?;
            Reply::EvalAll {
                target,
                accounts: all.accounts,
            }
        }
        Fetch::Judge { accounts, query } => {
            let asked = query.clone();
            let verdicts = tokio::task::spawn_blocking(move || {
                crate::policy::all::evaluate_accounts(&accounts, &asked)
            })
            .await
            .map_err(|e| {
                crate::org::OrgError::new("InternalError", format!("the evaluation stopped: {e}"))
            })?;
            Reply::Judged { query, verdicts }
        }
        Fetch::WhatIf {
            proposed,
            actions,
            context,
        } => {
            let (accounts, edit) = crate::policy::whatif_read::read(g, b, &proposed).await?;
            let summary = crate::policy::whatif::summarise(&accounts, &edit, &actions, &context);
            Reply::WhatIf(Box::new(summary))
        }
        Fetch::CreateAccountStatus { request, after_ms } => {
            // The poll's backoff: this task waits, the UI goes on.
            tokio::time::sleep(std::time::Duration::from_millis(after_ms)).await;
            Reply::CreateAccountStatus(
                g.read(|| b.describe_create_account_status(&request))
                    .await?,
            )
        }
        Fetch::CreationRequests { states } => {
            let states: Vec<&str> = states.iter().map(String::as_str).collect();
            Reply::CreationRequests(g.all(|t| b.list_create_account_status(&states, t)).await?)
        }
        Fetch::Admin(f) => Reply::Admin(super::admin_fetch::read(g, b, f).await?),
        Fetch::PlanReview { plan, watched } => Reply::PlanReview(Box::new(
            crate::changeset::session::review(g, b, &plan, &watched).await?,
        )),
        Fetch::Targets { policy } => {
            let targets = g.all(|t| b.list_targets_for_policy(&policy, t)).await?;
            Reply::Targets { policy, targets }
        }
    };
    out.send(Ok(reply));
    Ok(())
}

/// One type's effective policy for `account`, its validation errors and the organization's
/// accounts with an invalid one; each part answers on its own (a failure shows in place).
async fn effective_of(
    g: &Gate,
    b: &dyn OrgBackend,
    account: &str,
    kind: PolicyType,
) -> crate::protocol::EffectiveOfType {
    let (policy, errors, invalid) = futures::join!(
        g.read(|| b.describe_effective_policy(&kind, account)),
        g.all(|t| async {
            b.list_effective_policy_validation_errors(account, &kind, t)
                .await
                .map(|v| v.errors)
        }),
        g.all(|t| b.list_accounts_with_invalid_effective_policy(&kind, t)),
    );
    crate::protocol::EffectiveOfType {
        kind,
        policy,
        errors,
        invalid,
    }
}

/// Follows NextToken until it is absent, answering each page as it arrives (an empty page
/// with a token is not the end); a token that repeats stops it with an error.
async fn stream_pages<T, F, Fut>(
    g: &Gate,
    fetch: F,
    reply: impl Fn(Vec<T>, bool) -> Reply,
    out: &Out<'_>,
) -> OrgResult<()>
where
    F: Fn(Option<String>) -> Fut,
    Fut: std::future::Future<Output = OrgResult<Page<T>>>,
{
    g.each_page(fetch, |items, last| out.send(Ok(reply(items, last))))
        .await
}

/// ListParents up to the root (nearest first), naming OUs with DescribeOrganizationalUnit.
async fn ancestors(g: &Gate, b: &dyn OrgBackend, id: &str) -> OrgResult<Vec<Ancestor>> {
    let mut chain = Vec::new();
    let mut current = id.to_string();
    // OUs nest at most 5 deep; the bound guards against a misbehaving endpoint.
    for _ in 0..8 {
        let parents = g.all(|t| b.list_parents(&current, t)).await?;
        let Some(parent) = parents.into_iter().next() else {
            break;
        };
        let name = match parent.kind {
            TargetKind::OrganizationalUnit => {
                g.read(|| b.describe_organizational_unit(&parent.id))
                    .await?
                    .name
            }
            _ => parent.id.clone(),
        };
        let is_root = parent.kind == TargetKind::Root;
        current = parent.id.clone();
        chain.push(Ancestor {
            id: parent.id,
            name,
        });
        if is_root {
            break;
        }
    }
    Ok(chain)
}
