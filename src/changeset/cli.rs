//! `orgtui plan show FILE`, `orgtui plan undo` and `orgtui apply FILE`: plans from files,
//! for scripts, CI and review in a pull request. Never takes the terminal over. Exit
//! status: 0 fine, 1 a problem (or a refused or failed step), 2 bad input or an AWS error.

use std::path::{Path, PathBuf};

use super::check::{check, Checked};
use super::effect::{effect, Effect};
use super::file::{self, PlanFile};
use super::model::OrgModel;
use super::read::read;
use crate::net::Gate;
use crate::org::OrgBackend;
use crate::policy::Verdict;
use crate::text::safe;

pub const EXIT_PROBLEM: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

#[derive(clap::Subcommand, Debug, Clone)]
pub enum PlanCommand {
    /// Check a plan file against the organization as it is now and print its steps in
    /// order (with what each waits for), its effect on every account, and every problem
    /// AWS would refuse. Nothing is sent. Exit status 0 when it can be applied, 1 when it
    /// has a problem, 2 on an error.
    Show(ShowArgs),
    /// Write the inverse of an applied plan (from its journal, or the plan file whose
    /// journal it is) as a plan file to review and apply.
    Undo(UndoArgs),
}

#[derive(clap::Args, Debug, Clone)]
pub struct ShowArgs {
    /// The plan file (docs/plan-format.md).
    pub file: PathBuf,
    /// Record in the file what the plan touches as it is now ([made-against]), so that
    /// `orgtui apply` refuses if someone changes it first.
    #[arg(long)]
    pub pin: bool,
    /// An action whose verdicts to compare before and after (repeatable; default: a few
    /// common ones).
    #[arg(long, value_name = "ACTION")]
    pub watch: Vec<String>,
}

#[derive(clap::Args, Debug, Clone)]
pub struct UndoArgs {
    /// A journal (…/orgtui/plans/*.jsonl) or the plan file that was applied.
    pub from: PathBuf,
    /// Where to write the inverse plan.
    #[arg(long, short)]
    pub output: PathBuf,
}

/// A plan file read and parsed, or the lines saying why not.
pub fn load(path: &Path) -> Result<(String, PlanFile), Vec<String>> {
    let shown = path.display();
    let text =
        std::fs::read_to_string(path).map_err(|e| vec![format!("cannot read {shown}: {e}")])?;
    let plan = file::parse(&text).map_err(|es| {
        es.iter()
            .map(|e| format!("{shown}: {e}"))
            .collect::<Vec<_>>()
    })?;
    Ok((text, plan))
}

/// The directory `document-file`s are relative to.
pub fn base_of(path: &Path) -> Option<&Path> {
    path.parent().filter(|p| !p.as_os_str().is_empty())
}

/// Reads the organization and checks `plan` against it.
pub async fn check_now(
    gate: &Gate,
    b: &dyn OrgBackend,
    plan: &PlanFile,
    path: &Path,
) -> Result<(OrgModel, Checked, usize), String> {
    let started = std::time::Instant::now();
    let (model, calls) = read(gate, b, plan)
        .await
        .map_err(|e| format!("cannot read the organization: {e}\n{}", e.explanation()))?;
    let read_ms = started.elapsed().as_millis() as u64;
    let started = std::time::Instant::now();
    let checked = check(plan, &model, base_of(path));
    // What scripts/bench-plan.sh reports of a large plan.
    tracing::info!(
        read_ms,
        check_ms = started.elapsed().as_millis() as u64,
        calls,
        steps = plan.steps.len(),
        "plan read and checked"
    );
    Ok((model, checked, calls))
}

pub async fn show(args: &ShowArgs, b: &dyn OrgBackend, gate: &Gate) -> i32 {
    let (text, plan) = match load(&args.file) {
        Ok(p) => p,
        Err(lines) => return fail(&lines, EXIT_PROBLEM),
    };
    let (model, checked, calls) = match check_now(gate, b, &plan, &args.file).await {
        Ok(c) => c,
        Err(e) => return fail(&[e], EXIT_ERROR),
    };
    let watched = if args.watch.is_empty() {
        crate::policy::whatif::default_watched()
    } else {
        args.watch.clone()
    };
    let started = std::time::Instant::now();
    let e = effect(&model, &checked.after, &watched);
    tracing::info!(
        effect_ms = started.elapsed().as_millis() as u64,
        "effect computed"
    );
    note_unfinished(&args.file, &text);
    println!(
        "Plan {}: {} steps, checked against the organization read in {calls} calls",
        args.file.display(),
        plan.steps.len()
    );
    print!("{}", render_steps(&checked));
    let tree = super::planned_tree::lines(&model, &checked.after);
    if !tree.is_empty() {
        println!("\nThe tree after the plan (+ arrives, - leaves):");
        for line in tree {
            println!("  {}", safe(&line));
        }
    }
    print!("{}", render_effect(&e));
    let mut problems: Vec<String> = checked.problems.iter().map(|p| p.to_string()).collect();
    problems.extend(super::pin::changed_since(&plan.pinned, &model));
    if !problems.is_empty() {
        println!(
            "\n{} problems (nothing can be applied until they are fixed):",
            problems.len()
        );
        for p in &problems {
            println!("  {}", safe(p));
        }
        return EXIT_PROBLEM;
    }
    if args.pin {
        let facts = super::pin::facts(&checked.steps, &model);
        let pinned = pinned_text(&text, &facts);
        if let Err(e) = crate::paths::write_atomically(&args.file, pinned.as_bytes()) {
            return fail(
                &[format!("cannot write {}: {e}", args.file.display())],
                EXIT_ERROR,
            );
        }
        println!("\nPinned {} facts in {}", facts.len(), args.file.display());
    }
    println!("\nNo problems found; nothing was sent.");
    0
}

/// Says so when an apply of this very plan was interrupted (applying it resumes that).
fn note_unfinished(path: &Path, text: &str) {
    let Some(dir) = super::journal::default_dir() else {
        return;
    };
    let journal = super::journal::path_for(&dir, path, text);
    if let Ok(Some(l)) = super::journal::load(&journal) {
        if !l.finished {
            let done = l.states.values().filter(|s| s.is_done()).count();
            println!(
                "An apply of this plan was interrupted ({done} of {} steps done); `orgtui apply {}` resumes it.",
                l.steps.len(),
                path.display()
            );
        }
    }
}

/// `text` with its `[made-against]` section (last in the file) replaced by `facts`.
fn pinned_text(text: &str, facts: &[String]) -> String {
    let keep = match text.find("\n[made-against]") {
        Some(at) => {
            // The comment `file::write` puts above the section goes with it.
            let before = &text[..at];
            let cut = before
                .rfind("\n\n# What the organization was")
                .unwrap_or(at);
            &text[..cut]
        }
        None => text.trim_end(),
    };
    let section = file::write(&PlanFile {
        steps: Vec::new(),
        pinned: facts.to_vec(),
    });
    let section = section.strip_prefix(file::HEADER).unwrap_or(&section);
    format!("{}\n{}", keep.trim_end(), section)
}

/// The steps in order, each with the steps it waits for.
pub fn render_steps(c: &Checked) -> String {
    let mut out = String::from("\nSteps:\n");
    for s in &c.steps {
        let after = match s.deps.as_slice() {
            [] => String::new(),
            deps => format!(
                "  (after {})",
                deps.iter()
                    .map(|d| (d + 1).to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        // Steps staged in the UI have no line.
        let line = match s.line {
            0 => String::new(),
            n => format!("line {n:<4} "),
        };
        out.push_str(&format!(
            "  {:>3}. {line}{}{after}\n",
            s.index + 1,
            safe(&s.says)
        ));
    }
    out
}

fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Allowed => "allowed",
        Verdict::Denied => "denied",
        Verdict::DependsOnCondition => "depends on a condition",
        Verdict::Exempt => "exempt",
    }
}

/// Each affected account: where it moves, the policies gained and lost per level, and
/// the watched actions whose verdict changes.
pub fn render_effect(e: &Effect) -> String {
    let n = e.accounts.len();
    let mut out = format!(
        "\nEffect on {n} {}:\n",
        if n == 1 { "account" } else { "accounts" }
    );
    for a in &e.accounts {
        out.push_str(&format!("  {} ({})", safe(&a.name), a.account));
        if a.from != a.to {
            out.push_str(&format!(": {} -> {}", safe(&a.from), safe(&a.to)));
        }
        out.push('\n');
        for p in &a.gained {
            out.push_str(&format!(
                "      + {} at {}\n",
                safe(&p.policy),
                safe(&p.level)
            ));
        }
        for p in &a.lost {
            out.push_str(&format!(
                "      - {} at {}\n",
                safe(&p.policy),
                safe(&p.level)
            ));
        }
        for c in &a.actions {
            let said = |v: Verdict, keys: &[String]| match keys {
                [] => verdict(v).to_string(),
                keys => format!("depends on {}", keys.join(", ")),
            };
            out.push_str(&format!(
                "      {}: {} -> {}\n",
                c.action,
                said(c.before, &c.keys_before),
                said(c.after, &c.keys_after)
            ));
        }
    }
    for why in &e.invalid {
        out.push_str(&format!("  --watch: {why}\n"));
    }
    out
}

pub fn fail(lines: &[String], status: i32) -> i32 {
    for l in lines {
        for line in l.lines() {
            eprintln!("orgtui: {}", safe(line));
        }
    }
    status
}

pub fn undo(args: &UndoArgs) -> i32 {
    let journal = if args.from.extension().is_some_and(|e| e == "jsonl") {
        args.from.clone()
    } else {
        let (Ok(text), Some(dir)) = (
            std::fs::read_to_string(&args.from),
            super::journal::default_dir(),
        ) else {
            return fail(
                &[format!("cannot read {}", args.from.display())],
                EXIT_ERROR,
            );
        };
        super::journal::path_for(&dir, &args.from, &text)
    };
    let loaded = match super::journal::load(&journal) {
        Ok(Some(l)) => l,
        Ok(None) => {
            return fail(
                &[format!("{} holds no plan", journal.display())],
                EXIT_ERROR,
            )
        }
        Err(e) => {
            return fail(
                &[format!(
                    "no journal of that plan ({}: {e})",
                    journal.display()
                )],
                EXIT_ERROR,
            )
        }
    };
    let (inverse, not) = super::undo::undo(&loaded);
    let text = format!(
        "# The inverse of {} (applied steps, undone in reverse order)\n{}",
        loaded.file,
        file::write(&inverse)
    );
    if let Err(e) = crate::paths::write_atomically(&args.output, text.as_bytes()) {
        return fail(
            &[format!("cannot write {}: {e}", args.output.display())],
            EXIT_ERROR,
        );
    }
    println!(
        "Wrote {} steps to {}; check them with `orgtui plan show {}`",
        inverse.steps.len(),
        args.output.display(),
        args.output.display()
    );
    for n in &not {
        println!("  not undone: line {}: {}", n.line, safe(&n.why));
    }
    0
}
