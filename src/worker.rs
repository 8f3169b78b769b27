//! The only code that talks to the organization. Commands come in over a channel; each
//! runs as its own task under a concurrency limit, and answers go back as `Msg::Reply`,
//! page by page for listings. Errors are values; nothing here panics.

use std::sync::Arc;

use futures::future::try_join_all;
use tokio::sync::{mpsc, Semaphore};
use tokio::task::JoinHandle;

use crate::app::{Ancestor, Change, Fetch, Msg, Reply, ReqId};
use crate::audit::{AuditEntry, AuditLog};
use crate::org::{collect_all, ChildType, OrgBackend, OrgError, OrgResult, Page, TargetKind};
use crate::time::now_rfc3339;

/// How many requests run at once. AWS Organizations throttles per organization, so a few
/// concurrent calls are as fast as many.
pub const CONCURRENCY: usize = 6;

/// Attempts per change when AWS throttles (on top of the SDK's own retries).
const CHANGE_ATTEMPTS: u32 = 4;

pub enum Job {
    Fetch(ReqId, Fetch),
    Change {
        req: ReqId,
        change: Change,
        caller: String,
    },
}

#[derive(Default)]
pub struct Options {
    /// Refuse every change, whatever the UI asks (a second lock behind the UI's own).
    pub read_only: bool,
    pub audit: Option<Arc<AuditLog>>,
}

pub struct Worker {
    jobs: mpsc::UnboundedSender<Job>,
    pub handle: JoinHandle<()>,
}

impl Worker {
    /// Starts the worker; answers go to `replies`. The worker stops when `Worker` is
    /// dropped.
    pub fn spawn(
        backend: Arc<dyn OrgBackend>,
        replies: mpsc::UnboundedSender<Msg>,
        options: Options,
    ) -> Worker {
        let (jobs, mut rx) = mpsc::unbounded_channel::<Job>();
        let limit = Arc::new(Semaphore::new(CONCURRENCY));
        let options = Arc::new(options);
        let handle = tokio::spawn(async move {
            while let Some(job) = rx.recv().await {
                let backend = backend.clone();
                let replies = replies.clone();
                let limit = limit.clone();
                let options = options.clone();
                tokio::spawn(async move {
                    let Ok(_permit) = limit.acquire().await else {
                        return;
                    };
                    match job {
                        Job::Fetch(req, fetch) => {
                            let out = Out {
                                req,
                                replies: &replies,
                            };
                            if let Err(err) = run(backend.as_ref(), fetch, &out).await {
                                out.send(Err(err));
                            }
                        }
                        Job::Change {
                            req,
                            change,
                            caller,
                        } => {
                            let reply = apply(backend.as_ref(), &options, change, &caller).await;
                            Out {
                                req,
                                replies: &replies,
                            }
                            .send(Ok(reply));
                        }
                    }
                });
            }
        });
        Worker { jobs, handle }
    }

    /// Queues a job; `false` when the worker has stopped.
    pub fn send(&self, job: Job) -> bool {
        self.jobs.send(job).is_ok()
    }
}

/// Carries out one change (retrying while throttled) and records it in the audit log.
async fn apply(b: &dyn OrgBackend, options: &Options, change: Change, caller: &str) -> Reply {
    let outcome = if options.read_only {
        Err(OrgError::new(
            "ReadOnlyMode",
            "orgtui was started read-only; no change was sent",
        ))
    } else {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match call(b, &change).await {
                Err(e) if e.is_throttling() && attempt < CHANGE_ATTEMPTS => {
                    tokio::time::sleep(std::time::Duration::from_millis(250 << attempt)).await;
                }
                other => break other,
            }
        }
    };
    let (outcome, created) = match outcome {
        Ok(created) => (Ok(()), created),
        Err(e) => (Err(e), None),
    };
    let audit_error = options.audit.as_ref().and_then(|log| {
        let (error_code, error_message) = match &outcome {
            Ok(()) => (None, None),
            Err(e) => (Some(e.code.clone()), Some(e.message.clone())),
        };
        log.record(&AuditEntry {
            time: now_rfc3339(),
            caller: caller.to_string(),
            operation: change.operation().to_string(),
            parameters: change.parameters(),
            outcome: if outcome.is_ok() {
                "success"
            } else {
                "failure"
            },
            error_code,
            error_message,
        })
        .err()
    });
    Reply::Changed {
        change,
        outcome,
        created,
        audit_error,
    }
}

/// Sends one change; answers the id of what it created, if anything.
async fn call(b: &dyn OrgBackend, change: &Change) -> OrgResult<Option<String>> {
    match change {
        Change::MoveAccount {
            account,
            source,
            destination,
        } => b
            .move_account(account, source, destination)
            .await
            .map(|_| None),
        Change::AttachPolicy { policy, target } => {
            b.attach_policy(policy, target).await.map(|_| None)
        }
        Change::DetachPolicy { policy, target } => {
            b.detach_policy(policy, target).await.map(|_| None)
        }
        Change::CreateOu { parent, name } => b
            .create_organizational_unit(parent, name)
            .await
            .map(|ou| Some(ou.id)),
        Change::RenameOu { ou, name } => b.update_organizational_unit(ou, name).await.map(|_| None),
        Change::DeleteOu { ou } => b.delete_organizational_unit(ou).await.map(|_| None),
    }
}

struct Out<'a> {
    req: ReqId,
    replies: &'a mpsc::UnboundedSender<Msg>,
}

impl Out<'_> {
    fn send(&self, result: OrgResult<Reply>) {
        // The UI may have quit already; nothing to do then.
        let _ = self.replies.send(Msg::Reply {
            req: self.req,
            result,
        });
    }
}

async fn run(b: &dyn OrgBackend, fetch: Fetch, out: &Out<'_>) -> OrgResult<()> {
    let reply = match fetch {
        Fetch::Organization => {
            let org = b.describe_organization().await?;
            let roots = collect_all(|t| b.list_roots(t)).await?;
            Reply::Organization { org, roots }
        }
        Fetch::Children { parent } => {
            // Both listings at once, each page answered as it arrives.
            let ous = stream_pages(
                |t| b.list_organizational_units_for_parent(&parent, t),
                |items, last| Reply::OrgUnitsPage {
                    parent: parent.clone(),
                    items,
                    last,
                },
                out,
            );
            let accounts = stream_pages(
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
        Fetch::AllAccounts => {
            stream_pages(
                |t| b.list_accounts(t),
                |items, last| Reply::AllAccountsPage { items, last },
                out,
            )
            .await?;
            return Ok(());
        }
        Fetch::OrgUnit { id } => Reply::OrgUnit(b.describe_organizational_unit(&id).await?),
        Fetch::Account { id } => {
            let (account, tags) = futures::try_join!(
                b.describe_account(&id),
                collect_all(|t| b.list_tags_for_resource(&id, t))
            )?;
            Reply::Account { account, tags }
        }
        Fetch::Ancestors { id } => Reply::Ancestors {
            chain: ancestors(b, &id).await?,
            id,
        },
        Fetch::PoliciesForTarget { target, types } => {
            let lists = try_join_all(
                types
                    .iter()
                    .map(|ty| collect_all(|t| b.list_policies_for_target(&target, ty, t))),
            )
            .await?;
            Reply::PoliciesForTarget {
                target,
                policies: lists.into_iter().flatten().collect(),
            }
        }
        Fetch::Policy { id } => Reply::Policy(b.describe_policy(&id).await?),
        Fetch::Policies { types } => {
            let lists = try_join_all(
                types
                    .iter()
                    .map(|ty| collect_all(|t| b.list_policies(ty, t))),
            )
            .await?;
            Reply::Policies(lists.into_iter().flatten().collect())
        }
        Fetch::OrgUnitsOf { parent } => {
            let ous = collect_all(|t| b.list_organizational_units_for_parent(&parent, t)).await?;
            Reply::OrgUnitsOf { parent, ous }
        }
        Fetch::ChildIds { parent } => {
            let (mut children, accounts) = futures::try_join!(
                collect_all(|t| b.list_children(&parent, ChildType::OrganizationalUnit, t)),
                collect_all(|t| b.list_children(&parent, ChildType::Account, t))
            )?;
            children.extend(accounts);
            Reply::ChildIds { parent, children }
        }
        Fetch::Targets { policy } => {
            let targets = collect_all(|t| b.list_targets_for_policy(&policy, t)).await?;
            Reply::Targets { policy, targets }
        }
    };
    out.send(Ok(reply));
    Ok(())
}

/// Follows NextToken until it is absent, answering each page as it arrives (an empty page
/// with a token is not the end); a token that repeats stops it with an error.
async fn stream_pages<T, F, Fut>(
    fetch: F,
    reply: impl Fn(Vec<T>, bool) -> Reply,
    out: &Out<'_>,
) -> OrgResult<()>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: std::future::Future<Output = OrgResult<Page<T>>>,
{
    crate::org::for_each_page(fetch, |items, last| out.send(Ok(reply(items, last)))).await
}

/// ListParents up to the root (nearest first), naming OUs with DescribeOrganizationalUnit.
async fn ancestors(b: &dyn OrgBackend, id: &str) -> OrgResult<Vec<Ancestor>> {
    let mut chain = Vec::new();
    let mut current = id.to_string();
    // OUs nest at most 5 deep; the bound guards against a misbehaving endpoint.
    for _ in 0..8 {
        let parents = collect_all(|t| b.list_parents(&current, t)).await?;
        let Some(parent) = parents.into_iter().next() else {
            break;
        };
        let name = match parent.kind {
            TargetKind::OrganizationalUnit => {
                b.describe_organizational_unit(&parent.id).await?.name
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
