//! The plan screen (`:plan`): the staged steps (with each one's state while it is applied),
//! the last check (what AWS would refuse, the order the steps run in, the effect on every
//! account) and the keys.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::app::plan_screen::{failure_choice, PlanScreen, APPLY_WORD};
use crate::app::{Loadable, Model};
use crate::changeset::file;
use crate::keymap::{Action as A, Scope as S};
use crate::text::safe;

use super::popup::{key, keys, scrolling_box};
use super::theme::Theme;

pub fn render(m: &Model, t: &Theme, s: &PlanScreen, f: &mut Frame, area: Rect) {
    let staged = &m.staged;
    let steps = &staged.plan.steps;
    let mut head = vec![Line::styled(
        match &staged.applying {
            Some(a) if a.running() => format!("Applying {} step(s)…", steps.len()),
            Some(_) => "Applied (what it changed is being read again)".to_string(),
            None => match &staged.resume {
                Some(file) => format!(
                    "{} step(s) of the interrupted apply of {}: a goes on",
                    steps.len(),
                    safe(file)
                ),
                None => format!("{} step(s) staged; nothing has been sent", steps.len()),
            },
        },
        t.warn(),
    )];
    if steps.is_empty() {
        head.push(Line::styled(
            "Stage a change with p on its confirmation (instead of y), or :plan open FILE",
            t.dim(),
        ));
    }
    let mut body: Vec<Line> = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let mark = if i == s.selected { "›" } else { " " };
        let text = file::describe(&step.action);
        let mut spans = vec![Span::raw(format!("{mark} {:>3}. {}", i + 1, safe(&text)))];
        if let Some(p) = staged.applying.as_ref().and_then(|a| a.steps.get(&i)) {
            let style = match p.state.as_str() {
                "done" | "done before" => t.ok(),
                "sending" | "re-reading" => t.warn(),
                _ => t.error(),
            };
            spans.push(Span::styled(format!("  {}", safe(&p.state)), style));
        }
        body.push(Line::from(spans));
    }
    body.push(Line::raw(""));
    match &staged.review {
        None if staged.applying.is_some() => {}
        None if !steps.is_empty() => body.push(Line::styled(
            "Not checked since the last change: c checks it against the organization as it is now",
            t.dim(),
        )),
        None => {}
        Some(Loadable::Loading) => body.push(Line::styled(
            "⟳ reading the organization and checking…",
            t.warn(),
        )),
        Some(Loadable::Failed(e)) => body.push(Line::styled(
            format!(
                "✗ the check could not read the organization: {}: {}",
                safe(&e.code),
                safe(&e.message)
            ),
            t.error(),
        )),
        Some(Loadable::Loaded(r)) => {
            if r.problems.is_empty() {
                body.push(Line::styled(
                    format!(
                        "✓ Nothing AWS would refuse (checked with {} calls)",
                        r.calls
                    ),
                    t.ok(),
                ));
            } else {
                body.push(Line::styled(
                    format!("✗ AWS would refuse {} step(s):", r.problems.len()),
                    t.error(),
                ));
                for p in &r.problems {
                    body.push(Line::styled(format!("  {}", safe(p)), t.error()));
                }
            }
            body.extend(r.steps.iter().map(|l| Line::raw(safe(l).into_owned())));
            if !r.planned.is_empty() {
                body.push(Line::raw("The tree after the plan (+ arrives, - leaves):"));
                body.extend(r.planned.iter().map(|l| {
                    let style = match l.trim_start().chars().next() {
                        Some('+') => t.ok(),
                        Some('-') => t.error(),
                        _ => t.key(),
                    };
                    Line::styled(format!("  {}", safe(l)), style)
                }));
            }
            body.extend(r.effect.iter().map(|l| Line::raw(safe(l).into_owned())));
        }
    }
    let mut foot = vec![Line::raw("")];
    if let Some(note) = &s.note {
        foot.push(Line::styled(safe(note).into_owned(), t.warn()));
    }
    match &s.typing {
        Some(word) => foot.push(Line::from(vec![
            Span::styled(
                format!(
                    "Type {APPLY_WORD} and Enter to send these {} step(s), {} (Esc: not now): ",
                    steps.len(),
                    failure_choice(staged.on_failure)
                ),
                t.warn(),
            ),
            Span::raw(safe(word.as_str()).into_owned()),
        ])),
        None => {
            let mut pairs = vec![
                (key(S::Plan, A::CheckPlan, "c"), "check"),
                (key(S::Plan, A::ApplyPlan, "a"), "apply"),
                (
                    key(S::Plan, A::OnFailure, "f"),
                    failure_choice(staged.on_failure),
                ),
                (key(S::Plan, A::RemoveStep, "d"), "remove"),
                (key(S::Plan, A::UndoPlan, "u"), "undo applied"),
            ];
            if !m.plans_interrupted.is_empty() {
                pairs.push((key(S::Plan, A::ResumePlan, "r"), "resume interrupted"));
            }
            pairs.extend([
                (key(S::Plan, A::StepUp, "K"), "earlier"),
                (key(S::Plan, A::StepDown, "J"), "later"),
                (key(S::Plan, A::Cancel, "Esc"), "close"),
            ]);
            foot.push(keys(t, &pairs));
        }
    }
    let width = 118.min(area.width.saturating_sub(2));
    // The selected step stays in view: the body scrolls with it.
    let scroll = u16::try_from(s.selected.saturating_sub(3)).unwrap_or(u16::MAX);
    scrolling_box(t, f, area, "Plan", width, (head, body, foot), Some(scroll));
}
