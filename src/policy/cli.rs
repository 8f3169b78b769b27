//! `orgtui eval`: evaluates SCPs and RCPs for one action (and resource) on an account
//! without the terminal UI, for scripts and CI. Prints the verdict and one line per level
//! (text) or the whole trace (JSON); the exit status is the verdict: 0 allowed (or exempt),
//! 1 denied, 3 depends on a condition, 2 bad input or an AWS error. With `--all`, every
//! account under a root or OU, grouped by verdict; the exit status is the worst verdict.

use std::collections::HashMap;
use std::io::Write;

use super::all::{evaluate_all, gather_all, render_csv, render_json, verdict_of, worst};
use super::condition::Context;
use super::eval::{evaluate, Evaluation, Query, Verdict};
use super::gather::gather;
use crate::net::Gate;
use crate::org::ids::TargetKind;
use crate::org::OrgBackend;

/// Exit status for bad input or a failed call.
pub const EXIT_ERROR: i32 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum EvalFormat {
    /// The verdict, then one line per level from the root down.
    #[default]
    Text,
    /// The verdict and the whole trace (levels → policies → statements) as one document.
    Json,
    /// One row per account: id, name, verdict, deciding level and policy, reason.
    Csv,
}

#[derive(clap::Args, Debug, Clone)]
pub struct EvalArgs {
    /// The account (or OU) to evaluate for; with --all, the root or OU whose accounts are
    /// evaluated (default: the root).
    #[arg(long, value_name = "ID", required_unless_present = "all")]
    pub target: Option<String>,
    /// The action, e.g. s3:PutObject; wildcards (ec2:*, iam:Create*) ask about every
    /// action they match. Matched case-insensitively, as IAM does.
    #[arg(long)]
    pub action: String,
    /// The resource ARN; without it, each resource type the action acts on (an action
    /// without one is asked about `*`), answered per type where they differ.
    #[arg(long, value_name = "ARN")]
    pub resource: Option<String>,
    /// A condition key of the request, e.g. aws:RequestedRegion=eu-west-1 (repeatable;
    /// several values as KEY=v1,v2 or by repeating the key). Keys not given are unknown,
    /// except those in every request; aws:PrincipalAccount is the target account.
    #[arg(long, value_name = "KEY=VALUE")]
    pub context: Vec<String>,
    /// Every account under --target (default: the root), grouped by verdict.
    #[arg(long)]
    pub all: bool,
    #[arg(long, visible_alias = "output", value_enum, default_value_t)]
    pub format: EvalFormat,
}

/// The exit status of a verdict.
pub fn exit_status(v: Verdict) -> i32 {
    match v {
        Verdict::Allowed | Verdict::Exempt => 0,
        Verdict::Denied => 1,
        Verdict::DependsOnCondition => 3,
    }
}

/// Runs the evaluation and prints it; answers the exit status. Errors go to stderr.
pub async fn run(args: &EvalArgs, backend: &dyn OrgBackend, gate: &Gate) -> i32 {
    let done = if args.all {
        run_all(args, backend, gate).await
    } else {
        evaluation(args, backend, gate).await.map(|e| {
            let text = match args.format {
                EvalFormat::Text => render_text(&e),
                EvalFormat::Json => serde_json::to_string_pretty(&e).unwrap_or_default() + "\n",
                EvalFormat::Csv => render_csv(&[verdict_of(&target_id(&e), &e)]),
            };
            (text, e.verdict)
        })
    };
    match done {
        Ok((text, verdict)) => {
            let mut out = std::io::stdout().lock();
            // A reader that closed early (`| head`) does not change the verdict.
            let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
            exit_status(verdict)
        }
        Err(message) => {
            eprintln!("orgtui eval: {message}");
            EXIT_ERROR
        }
    }
}

fn target_id(e: &Evaluation) -> String {
    e.levels.last().map(|l| l.id.clone()).unwrap_or_default()
}

/// The checked question with its request context.
fn query(args: &EvalArgs) -> Result<Query, String> {
    let context = Context::parse(args.context.iter().map(String::as_str))?;
    let q = Query::new(&args.action, args.resource.as_deref())?.with_context(context);
    for w in q.warnings() {
        eprintln!("orgtui eval: warning: {w}");
    }
    Ok(q)
}

/// `--all`: the output and the worst verdict; the calls made go to stderr.
async fn run_all(
    args: &EvalArgs,
    b: &dyn OrgBackend,
    gate: &Gate,
) -> Result<(String, Verdict), String> {
    let query = query(args)?;
    let target = args.target.as_deref().map(str::trim);
    if let Some(t) = target.filter(|t| {
        !matches!(
            TargetKind::of(t),
            Some(TargetKind::Root | TargetKind::OrganizationalUnit)
        )
    }) {
        return Err(format!(
            "\"{t}\" is not a root id (r-…) or an OU id (ou-…): --all evaluates the accounts under one"
        ));
    }
    let started = std::time::Instant::now();
    let org = gather_all(gate, b, target).await.map_err(|e| {
        format!(
            "cannot read the organization's policies: {e}\n{}",
            e.explanation()
        )
    })?;
    let read = started.elapsed();
    let all = evaluate_all(&org, &query);
    eprintln!(
        "orgtui eval: {} accounts; read in {:.1} s with {} calls (the fewest at 20 items a page: {}), evaluated in {:.0} ms",
        all.len(),
        read.as_secs_f64(),
        org.calls.made,
        org.calls.minimum,
        started.elapsed().saturating_sub(read).as_secs_f64() * 1000.0
    );
    let text = match args.format {
        EvalFormat::Text => super::all::render_text(&query.describe(), &org.target, &all),
        EvalFormat::Json => render_json(&query, &org.target, org.calls, &all),
        EvalFormat::Csv => render_csv(&all),
    };
    Ok((text, worst(&all)))
}

async fn evaluation(
    args: &EvalArgs,
    b: &dyn OrgBackend,
    gate: &Gate,
) -> Result<Evaluation, String> {
    let target = args.target.as_deref().unwrap_or_default().trim();
    if TargetKind::of(target).is_none() {
        return Err(format!(
            "\"{target}\" is not an account id (12 digits), an OU id (ou-…) or a root id (r-…)"
        ));
    }
    let query = query(args)?;
    let input = gather(gate, b, target, &HashMap::new())
        .await
        .map_err(|e| {
            format!(
                "cannot read the policies of {target}: {e}\n{}",
                e.explanation()
            )
        })?;
    Ok(evaluate(&input, &query))
}

/// The verdict with the question, one line per level root first, and the deciding reason.
pub fn render_text(e: &Evaluation) -> String {
    let target = e.levels.last().map(|l| l.title()).unwrap_or_default();
    let mut out = format!("{}: {}, for {target}\n", e.verdict.label(), e.question);
    for l in &e.levels {
        out.push_str(&format!("  {}: {}\n", l.title(), l.summary()));
    }
    out.push_str(&format!("{}\n", e.reason));
    out
}
