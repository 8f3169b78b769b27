//! The only code that talks to the organization. `Cmd`s come in over a channel; each
//! runs as its own task, every API call under the gate's shared adaptive limit, and
//! answers go back as `Msg::Reply`. Superseded reads are aborted; a task that panics
//! still answers its request (with an error). Errors are values; nothing here panics.

mod admin_fetch;
mod fetch;

pub mod sts;

use crate::net::{Gate, Timeouts};

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::{AbortHandle, JoinHandle};

use crate::change::engine;
use crate::org::{OrgBackend, OrgError, OrgResult};
use crate::protocol::{Answer, Job, Reply, ReqId, Sink};
use crate::store::audit::AuditLog;

use fetch::Out;

#[derive(Default)]
pub struct Options {
    /// Refuse every change, whatever the UI asks (a second lock behind the UI's own).
    pub read_only: bool,
    pub audit: Option<Arc<AuditLog>>,
    pub timeouts: Timeouts,
    /// Calls at once when AWS does not throttle (`MAX_CONCURRENCY` when `None`).
    pub concurrency: Option<usize>,
    /// GetCallerIdentity and AssumeRole (none: the caller is not asked, no role assumed).
    pub sts: Option<Arc<dyn crate::sts::StsBackend>>,
    /// Where staged plans and their journals are written when applied (none: a plan is
    /// not applied, as its progress could not be kept).
    pub plans: Option<std::path::PathBuf>,
}

pub struct Worker {
    jobs: mpsc::UnboundedSender<Job>,
    pub handle: JoinHandle<()>,
}

/// How often the limit's state is looked at for the status line.
const STATUS_EVERY: Duration = Duration::from_millis(250);

struct Shared {
    backend: Arc<dyn OrgBackend>,
    gate: Gate,
    options: Options,
    replies: Sink,
    /// Ties audit lines of one run together: `<run>-<request id>`.
    run: String,
}

impl Worker {
    /// Starts the worker; answers go to `replies`. The worker stops when `Worker` is
    /// dropped.
    pub fn spawn<M: From<Answer> + Send + 'static>(
        backend: Arc<dyn OrgBackend>,
        replies: mpsc::UnboundedSender<M>,
        options: Options,
    ) -> Worker {
        // The UI may have quit already; nothing to do with an answer then.
        let replies: Sink = Arc::new(move |a: Answer| {
            let _ = replies.send(M::from(a));
        });
        let (jobs, mut rx) = mpsc::unbounded_channel::<Job>();
        let shared = Arc::new(Shared {
            backend,
            gate: Gate::configured(options.timeouts, options.concurrency),
            options,
            replies,
            run: run_id(),
        });
        let handle = tokio::spawn(async move {
            let mut reads: HashMap<ReqId, AbortHandle> = HashMap::new();
            let mut status = tokio::time::interval(STATUS_EVERY);
            let mut last = shared.gate.limit().status();
            let mut sts_jobs = 0u64;
            loop {
                let job = tokio::select! {
                    job = rx.recv() => match job {
                        Some(job) => job,
                        None => return,
                    },
                    _ = status.tick() => {
                        let now = shared.gate.limit().status();
                        // Only what the status line shows: no redraw for every call.
                        if now.describe() != last.describe() {
                            last = now;
                            (shared.replies)(Answer::Throttle(now));
                        }
                        continue;
                    }
                };
                reads.retain(|_, h| !h.is_finished());
                match job {
                    Job::Sts(cmd) => {
                        sts_jobs += 1;
                        sts::StsJob {
                            sts: shared.options.sts.clone(),
                            audit: shared.options.audit.clone(),
                            id: format!("{}-sts{sts_jobs}", shared.run),
                            replies: shared.replies.clone(),
                        }
                        .spawn(cmd)
                    }
                    Job::Cancel(reqs) => {
                        for req in reqs {
                            if let Some(h) = reads.remove(&req) {
                                h.abort();
                            }
                        }
                    }
                    Job::Fetch { req, fetch: f } => {
                        let s = shared.clone();
                        let handle = spawn_request(req, &shared.replies, async move {
                            let out = Out {
                                req,
                                replies: &s.replies,
                            };
                            // Pages are answered as they arrive; only a failure is left.
                            let done = fetch::run(&s.gate, s.backend.as_ref(), f, &out).await;
                            done.err().map(Err)
                        });
                        reads.insert(req, handle);
                    }
                    Job::Check {
                        req,
                        id,
                        change,
                        attempted,
                        caller,
                    } => {
                        let s = shared.clone();
                        spawn_request(req, &shared.replies, async move {
                            let audit = s.options.audit.as_deref();
                            let b = s.backend.as_ref();
                            let at = attempted.as_deref();
                            let happened =
                                engine::check(&s.gate, b, audit, &change, at, &caller, &id).await;
                            Some(happened.map(|happened| Reply::Checked { id, happened }))
                        });
                    }
                    // Never aborted, as a change: each step is waited for.
                    Job::ApplyPlan {
                        req,
                        plan,
                        on_failure,
                        caller,
                    } => {
                        let s = shared.clone();
                        spawn_request(req, &shared.replies, async move {
                            let engine = engine::Engine {
                                gate: &s.gate,
                                backend: s.backend.as_ref(),
                                audit: s.options.audit.as_deref(),
                                read_only: s.options.read_only,
                            };
                            let tx = s.replies.clone();
                            let progress = move |p| {
                                tx(Answer::Reply {
                                    req,
                                    result: Ok(Reply::PlanStep(p)),
                                })
                            };
                            let dir = s.options.plans.as_deref();
                            let applied = crate::changeset::session::apply(
                                &engine, &plan, on_failure, &caller, dir, &progress,
                            )
                            .await;
                            Some(Ok(Reply::PlanApplied(applied)))
                        });
                    }
                    // Never aborted: a change in flight is always waited for.
                    Job::Change {
                        req,
                        change,
                        how,
                        caller,
                    } => {
                        let s = shared.clone();
                        spawn_request(req, &shared.replies, async move {
                            let id = format!("{}-{req}", s.run);
                            let audit = s.options.audit.as_deref();
                            let b = s.backend.as_ref();
                            let read_only = s.options.read_only;
                            let engine = engine::Engine {
                                gate: &s.gate,
                                backend: b,
                                audit,
                                read_only,
                            };
                            let changed = engine.apply(change, how, &caller, &id).await;
                            Some(Ok(Reply::Changed(changed)))
                        });
                    }
                }
            }
        });
        Worker { jobs, handle }
    }

    /// Queues a job (fetches, changes, checks, cancellations); `false` when the worker has
    /// stopped.
    pub fn send(&self, job: Job) -> bool {
        self.jobs.send(job).is_ok()
    }
}

/// Runs one request as a task of its own and sends its answer, if it has one left to give;
/// the handle aborts it.
fn spawn_request<Fut>(req: ReqId, replies: &Sink, work: Fut) -> AbortHandle
where
    Fut: std::future::Future<Output = Option<OrgResult<Reply>>> + Send + 'static,
{
    let tx = replies.clone();
    let task = tokio::spawn(async move {
        if let Some(result) = work.await {
            tx(Answer::Reply { req, result });
        }
    });
    let handle = task.abort_handle();
    answer_if_panicked(req, task, replies.clone());
    handle
}

/// A task that panicked still answers its request, so nothing waits for it forever; an
/// aborted one (superseded) answers nothing.
fn answer_if_panicked(req: ReqId, task: JoinHandle<()>, replies: Sink) {
    tokio::spawn(async move {
        if let Err(e) = task.await {
            if e.is_panic() {
                tracing::error!(req, "worker task panicked");
                let err = OrgError::new(
                    "InternalError",
                    "orgtui failed while handling this request (see the log file)",
                );
                replies(Answer::Reply {
                    req,
                    result: Err(err),
                });
            }
        }
    });
}

/// A short id for this run (process id and start time), so audit ids never repeat.
fn run_id() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!("{:x}{:x}", secs, std::process::id())
}
