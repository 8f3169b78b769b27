//! `orgtui apply FILE`: the plan re-checked against the organization as it is now (and
//! refused on a problem or when what it was pinned against changed), confirmed once by
//! typing `apply` (or `--yes`), then applied with a journal; an unfinished journal of the
//! same file is resumed instead, re-reading every step whose outcome is unknown.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use super::apply::{Applier, Event, OnFailure, Report};
use super::check::Planned;
use super::cli::{check_now, fail, load, render_steps, EXIT_ERROR, EXIT_PROBLEM};
use super::journal::{self, Journal};
use super::session::state_word;
use crate::change::engine::Engine;
use crate::net::Gate;
use crate::org::OrgBackend;
use crate::store::audit::AuditLog;
use crate::text::safe;

#[derive(clap::Args, Debug, Clone)]
pub struct ApplyArgs {
    /// The plan file (docs/plan-format.md).
    pub file: PathBuf,
    /// Do not ask to type `apply` first.
    #[arg(long)]
    pub yes: bool,
    /// After a step fails: go on with the steps that do not depend on it, or start no more.
    #[arg(long, value_enum, default_value_t)]
    pub on_failure: OnFailure,
}

/// What `apply` needs from the session.
pub struct Session<'a> {
    pub backend: &'a dyn OrgBackend,
    pub gate: &'a Gate,
    pub audit: Option<&'a AuditLog>,
    pub read_only: bool,
    /// Who is calling (the audit lines' caller).
    pub caller: String,
}

pub async fn apply(args: &ApplyArgs, s: &Session<'_>) -> i32 {
    if s.read_only {
        return fail(
            &["orgtui was started read-only; nothing was sent".into()],
            EXIT_PROBLEM,
        );
    }
    let (text, plan) = match load(&args.file) {
        Ok(p) => p,
        Err(lines) => return fail(&lines, EXIT_PROBLEM),
    };
    let Some(dir) = journal::default_dir() else {
        return fail(
            &["no state directory for the plan's journal (set HOME or XDG_STATE_HOME)".into()],
            EXIT_ERROR,
        );
    };
    let path = journal::path_for(&dir, &args.file, &text);
    let earlier = match journal::load(&path) {
        Ok(Some(l)) if !l.finished => Some(l),
        _ => None,
    };
    let (steps, states, j) = match earlier {
        Some(l) => {
            let done = l.states.values().filter(|s| s.is_done()).count();
            let uncertain = l.states.values().filter(|s| s.uncertain()).count();
            println!(
                "Resuming the apply of {} begun earlier: {done} of {} steps done, {uncertain} to re-read before anything is sent again",
                args.file.display(),
                l.steps.len()
            );
            if !confirmed(args.yes) {
                return fail(&["not applied".into()], EXIT_PROBLEM);
            }
            let settled_after = s.gate.timeouts.operation + s.gate.timeouts.attempt;
            if let Some(wait) = l.in_flight_for(settled_after) {
                println!(
                    "Waiting {:.0} s for requests the interrupted run may still have in flight",
                    wait.as_secs_f32()
                );
                tokio::time::sleep(wait).await;
            }
            match Journal::reopen(&path) {
                Ok(j) => (l.steps, l.states, j),
                Err(e) => {
                    return fail(
                        &[format!("cannot write the journal {}: {e}", path.display())],
                        EXIT_ERROR,
                    )
                }
            }
        }
        None => {
            let (model, checked, _) = match check_now(s.gate, s.backend, &plan, &args.file).await {
                Ok(c) => c,
                Err(e) => return fail(&[e], EXIT_ERROR),
            };
            let mut refusals: Vec<String> =
                checked.problems.iter().map(|p| p.to_string()).collect();
            let drift = super::pin::drift(&plan.pinned, &model);
            if !drift.is_empty() {
                refusals.push("the organization changed since the plan was pinned; check it again (orgtui plan show --pin):".into());
                refusals.extend(drift.into_iter().map(|d| format!("  {d}")));
            }
            if !refusals.is_empty() {
                refusals.push("nothing was sent".into());
                return fail(&refusals, EXIT_PROBLEM);
            }
            print!("{}", render_steps(&checked));
            if !confirmed(args.yes) {
                return fail(&["not applied".into()], EXIT_PROBLEM);
            }
            match Journal::create(&path, &args.file.display().to_string(), &checked.steps) {
                Ok(j) => (checked.steps, Default::default(), j),
                Err(e) => {
                    return fail(
                        &[format!("cannot write the journal {}: {e}", path.display())],
                        EXIT_ERROR,
                    )
                }
            }
        }
    };
    let engine = Engine {
        gate: s.gate,
        backend: s.backend,
        audit: s.audit,
        read_only: s.read_only,
    };
    let run_id = format!("plan-{:x}{:x}", epoch(), std::process::id());
    let applier = Applier {
        engine: &engine,
        journal: &j,
        on_failure: args.on_failure,
        caller: &s.caller,
        run_id: &run_id,
    };
    let total = steps.len();
    let report = applier.run(&steps, &states, &|e| progress(&e, total)).await;
    print_report(&report, &steps, j.path());
    if report.all_done() {
        0
    } else {
        EXIT_PROBLEM
    }
}

fn epoch() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Asks to type `apply`; `--yes` answers for the user.
fn confirmed(yes: bool) -> bool {
    if yes {
        return true;
    }
    eprint!("Type apply to apply these steps: ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).is_ok() && line.trim() == "apply"
}

fn progress(e: &Event, total: usize) {
    let line = match e {
        Event::Started {
            step,
            says,
            recheck: true,
        } => {
            format!(
                "[{}/{total}] re-reading, then sending if not done: {}",
                step + 1,
                safe(says)
            )
        }
        Event::Started { .. } => return,
        Event::Ended { step, says, state } => format!(
            "[{}/{total}] {}: {}",
            step + 1,
            state_word(state),
            safe(says)
        ),
    };
    println!("{line}");
}

fn print_report(r: &Report, steps: &[Planned], journal: &std::path::Path) {
    let (done, failed, unknown, skipped) = r.counts();
    println!(
        "\n{done} done, {failed} failed, {unknown} unknown, {skipped} skipped of {} steps",
        steps.len()
    );
    for (i, s) in &r.states {
        if !s.is_done() {
            let line = steps.iter().find(|p| p.index == *i).map_or(0, |p| p.line);
            println!("  step {} (line {line}): {}", i + 1, state_word(s));
        }
    }
    if let Some(e) = &r.journal_error {
        println!("The journal could not be written ({e}); no further step was started.");
    }
    if !r.all_done() {
        println!(
            "Run the same command again to go on (steps done are not sent again): journal {}",
            journal.display()
        );
    }
}
