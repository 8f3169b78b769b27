//! `orgtui eval`: evaluates SCPs and RCPs for one action (and resource) on an account
//! without the terminal UI, for scripts and CI. Prints the verdict and one line per level
//! (text) or the whole trace (JSON); the exit status is the verdict: 0 allowed (or exempt),
//! 1 denied, 3 depends on a condition, 2 bad input or an AWS error.

use std::collections::HashMap;
use std::io::Write;

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
}

#[derive(clap::Args, Debug, Clone)]
pub struct EvalArgs {
    /// The account (or OU) to evaluate for.
    #[arg(long, value_name = "ACCOUNT_ID")]
    pub target: String,
    /// The action, e.g. s3:PutObject; wildcards (ec2:*, iam:Create*) ask about every
    /// action they match. Matched case-insensitively, as IAM does.
    #[arg(long)]
    pub action: String,
    /// The resource ARN; without it, every resource.
    #[arg(long, value_name = "ARN")]
    pub resource: Option<String>,
    #[arg(long, value_enum, default_value_t)]
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
    match evaluation(args, backend, gate).await {
        Ok(e) => {
            let text = match args.format {
                EvalFormat::Text => render_text(&e),
                EvalFormat::Json => serde_json::to_string_pretty(&e).unwrap_or_default() + "\n",
            };
            let mut out = std::io::stdout().lock();
            // A reader that closed early (`| head`) does not change the verdict.
            let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
            exit_status(e.verdict)
        }
        Err(message) => {
            eprintln!("orgtui eval: {message}");
            EXIT_ERROR
        }
    }
}

async fn evaluation(
    args: &EvalArgs,
    b: &dyn OrgBackend,
    gate: &Gate,
) -> Result<Evaluation, String> {
    let target = args.target.trim();
    if TargetKind::of(target).is_none() {
        return Err(format!(
            "\"{target}\" is not an account id (12 digits), an OU id (ou-…) or a root id (r-…)"
        ));
    }
    let query = Query::new(&args.action, args.resource.as_deref())?;
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
