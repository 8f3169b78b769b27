//! `orgtui apply FILE`: started as every apply is (`start`: an unfinished journal of the
//! same file resumed, else the plan re-checked and refused on a problem or on a change
//! since it was checked), confirmed once by typing `apply` (or `--yes`), then applied with
//! its journal, printing each step as it ends.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use super::apply::{Event, OnFailure, Report};
use super::check::Planned;
use super::cli::{fail, load, render_steps, EXIT_ERROR, EXIT_PROBLEM};
use super::journal;
use super::session::state_word;
use super::start::{self, How};
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
    let engine = Engine {
        gate: s.gate,
        backend: s.backend,
        audit: s.audit,
        read_only: s.read_only,
    };
    let (text, plan) = match load(&args.file) {
        Ok(p) => p,
        Err(lines) => return fail(&lines, EXIT_PROBLEM),
    };
    let dir = journal::default_dir();
    let ready = match start::prepare(&engine, &plan, &args.file, &text, dir.as_deref()).await {
        Ok(r) => r,
        Err(refused) => {
            let mut lines = refused.lines;
            lines.push("nothing was sent".into());
            let status = if refused.failure {
                EXIT_ERROR
            } else {
                EXIT_PROBLEM
            };
            return fail(&lines, status);
        }
    };
    match &ready.how {
        How::Resume {
            done, uncertain, ..
        } => println!(
            "Resuming the apply of {} begun earlier: {done} of {} steps done, {uncertain} to re-read before anything is sent again",
            args.file.display(),
            ready.steps.len()
        ),
        How::Fresh(checked) => print!("{}", render_steps(checked)),
    }
    if !confirmed(args.yes) {
        return fail(&["not applied".into()], EXIT_PROBLEM);
    }
    if let How::Resume {
        wait: Some(wait), ..
    } = &ready.how
    {
        println!(
            "Waiting {:.0} s for requests the interrupted run may still have in flight",
            wait.as_secs_f32()
        );
    }
    let total = ready.steps.len();
    let progress = |e: Event| progress(&e, total);
    let report = match start::run(&ready, &engine, args.on_failure, &s.caller, &progress).await {
        Ok(r) => r,
        Err(e) => return fail(&[e], EXIT_ERROR),
    };
    print_report(&report, &ready.steps, &ready.journal);
    if report.all_done() {
        0
    } else {
        EXIT_PROBLEM
    }
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
