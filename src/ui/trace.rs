//! The evaluator's dialog: the question, the verdict with its reason, and the trace drawn
//! with tui-tree-widget (levels → policies → statements).

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;
use ratatui::Frame;
use tui_tree_widget::{Tree, TreeItem, TreeState};

use crate::app::{Loadable, Model, Trace};
use crate::policy::eval::{LevelDecision, StatementOutcome};
use crate::policy::{Evaluation, Verdict};
use crate::text::safe;

use super::text_field;
use super::theme::Theme;

pub fn render(m: &Model, t: &Theme, tr: &Trace, f: &mut Frame, area: Rect) {
    let rect = Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    };
    let name = m
        .node_by_id(&tr.target)
        .map_or(tr.target.clone(), |n| n.name().to_string());
    let title = format!("Is it allowed for {} ({})?", safe(&name), safe(&tr.target));
    let block = super::pane(title, true, t);
    let inner = block.inner(rect);
    f.render_widget(Clear, rect);
    f.render_widget(block, rect);
    let [ask, note, verdict, reason, body, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let mut question = vec![Span::styled("action [resource ARN]: ", t.label())];
    if tr.asking {
        question.extend(text_field(&tr.question, t));
    } else {
        question.push(Span::raw(safe(&tr.question).into_owned()));
    }
    f.render_widget(Line::from(question), ask);
    let note_line = match (&tr.error, &tr.input, &tr.evaluation) {
        (Some(e), _, _) => Line::styled(format!("✗ {e}"), t.error()),
        (None, Some(Loadable::Loading), _) => Line::styled(
            "⟳ reading the path and the SCPs and RCPs attached along it…",
            t.warn(),
        ),
        (None, Some(Loadable::Failed(e)), _) => Line::styled(
            format!("✗ {}: {} — r reads again", safe(&e.code), safe(&e.message)),
            t.error(),
        ),
        (None, _, Some(e)) => Line::styled(format!("Can {}?", safe(&e.question)), t.dim()),
        _ => Line::styled(
            "e.g. s3:PutObject, ec2:*, iam:Create* arn:aws:iam::*:role/*  (wildcards ask about every match)",
            t.dim(),
        ),
    };
    f.render_widget(note_line, note);
    if let Some(e) = &tr.evaluation {
        let style = verdict_style(t, e.verdict);
        f.render_widget(
            Line::from(vec![
                Span::styled("Verdict: ", t.label()),
                Span::styled(e.verdict.label(), style),
            ]),
            verdict,
        );
        f.render_widget(Line::styled(safe(&e.reason).into_owned(), t.dim()), reason);
        draw_tree(t, tr, e, f, body);
    }
    let pairs: &[(&str, &str)] = if tr.asking {
        &[("Enter", "evaluate"), ("Esc", "back")]
    } else {
        &[
            ("↑↓", "move"),
            ("→/←", "open/close"),
            ("x", "ask again"),
            ("r", "re-read the policies"),
            ("Esc", "close"),
        ]
    };
    let mut spans = Vec::new();
    for (k, d) in pairs {
        spans.push(Span::styled(format!("{k} "), t.key()));
        spans.push(Span::styled(format!("{d}   "), t.dim()));
    }
    f.render_widget(Line::from(spans), keys);
}

fn verdict_style(t: &Theme, v: Verdict) -> Style {
    match v {
        Verdict::Allowed | Verdict::Exempt => t.ok(),
        Verdict::Denied => t.error(),
        Verdict::DependsOnCondition => t.warn(),
    }
}

fn decision_style(t: &Theme, d: &LevelDecision) -> Style {
    match d {
        LevelDecision::Allowed { .. } | LevelDecision::NotRestricted => t.ok(),
        LevelDecision::NoAllow { .. } | LevelDecision::Denied { .. } => t.error(),
        LevelDecision::DependsOnCondition { .. } => t.warn(),
    }
}

fn outcome_style(t: &Theme, o: StatementOutcome) -> Style {
    match o {
        StatementOutcome::Allows => t.ok(),
        StatementOutcome::Denies | StatementOutcome::DeniesPart => t.error(),
        StatementOutcome::AllowsIfCondition
        | StatementOutcome::DeniesIfCondition
        | StatementOutcome::AllowsPart => t.warn(),
        StatementOutcome::NoMatch | StatementOutcome::NotApplicable => t.dim(),
    }
}

fn draw_tree(t: &Theme, tr: &Trace, e: &Evaluation, f: &mut Frame, area: Rect) {
    let items: Vec<TreeItem<usize>> = e
        .levels
        .iter()
        .enumerate()
        .map(|(li, level)| {
            let policies = level
                .policies
                .iter()
                .enumerate()
                .map(|(pi, p)| {
                    let statements = p
                        .statements
                        .iter()
                        .enumerate()
                        .map(|(si, s)| {
                            let line = Line::from(vec![
                                Span::raw(format!("{}: ", safe(&s.label))),
                                Span::styled(
                                    safe(&s.explanation).into_owned(),
                                    outcome_style(t, s.outcome),
                                ),
                            ]);
                            TreeItem::new_leaf(si, line)
                        })
                        .collect();
                    let mut text = format!("{} {} ({})", p.kind.short(), safe(&p.name), p.id);
                    if let Some(why) = &p.unreadable {
                        text.push_str(&format!(" — unreadable: {}", safe(why)));
                    }
                    TreeItem::new(pi, text, statements)
                        .unwrap_or_else(|_| TreeItem::new_leaf(pi, p.name.clone()))
                })
                .collect();
            let line = Line::from(vec![
                Span::styled(safe(&level.title()).into_owned(), t.label()),
                Span::raw(" — "),
                Span::styled(
                    safe(&level.summary()).into_owned(),
                    decision_style(t, &level.decision),
                ),
            ]);
            TreeItem::new(li, line, policies)
                .unwrap_or_else(|_| TreeItem::new_leaf(li, level.title()))
        })
        .collect();
    let mut state = TreeState::default();
    for open in &tr.opened {
        state.open(open.clone());
    }
    state.select(tr.selected.clone());
    if let Ok(tree) = Tree::new(&items) {
        let tree = tree.highlight_style(t.selected(!tr.asking));
        f.render_stateful_widget(tree, area, &mut state);
    }
}
