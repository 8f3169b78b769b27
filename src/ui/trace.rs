//! The evaluator's dialog: the question, the verdict with its reason, and the trace drawn
//! with tui-tree-widget (levels → policies → statements).

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;
use tui_tree_widget::{Tree, TreeItem, TreeState};
use unicode_width::UnicodeWidthStr;

use crate::app::{Loadable, Model, Trace};
use crate::policy::eval::{LevelDecision, StatementOutcome};
use crate::policy::{Evaluation, Verdict};
use crate::text::safe;

use super::theme::Theme;
use super::{elide, fit, text_field, Part};

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
    // The reason names the deciding policy: it wraps (up to 3 rows) rather than lose it.
    let reason_text = tr
        .evaluation
        .as_ref()
        .map(|e| safe(&e.reason).into_owned())
        .unwrap_or_default();
    let reason_rows = wrapped_rows(&reason_text, usize::from(inner.width));
    let [ask, note, verdict, reason, body, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(reason_rows.clamp(1, 3) as u16),
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
    let note_line = Line::styled(
        super::elide(&note_line.to_string(), usize::from(note.width)),
        note_line.style,
    );
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
        f.render_widget(
            Paragraph::new(reason_text)
                .style(t.dim())
                .wrap(Wrap { trim: true }),
            reason,
        );
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

/// Rows `text` takes when wrapped at spaces to `width` cells (as `Wrap` does, closely
/// enough to size its area: a word longer than a row is cut across rows).
pub(super) fn wrapped_rows(text: &str, width: usize) -> usize {
    let width = width.max(1);
    let (mut rows, mut used) = (1, 0);
    for word in text.split(' ') {
        let w = word.width();
        if used == 0 {
            used = w;
        } else if used + 1 + w <= width {
            used += 1 + w;
        } else {
            rows += 1;
            used = w;
        }
        while used > width {
            rows += 1;
            used -= width;
        }
    }
    rows
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
    // Room for a row's text at each depth: the tree indents 2 cells a level and draws a
    // 2-cell open/closed symbol; rows that do not fit end in "…" rather than be cut.
    let room = |depth: usize| usize::from(area.width).saturating_sub(2 * depth + 2);
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
                            let parts = vec![
                                Part::fixed(format!("{}: ", safe(&s.label)), Style::default()),
                                Part::name(
                                    safe(&s.explanation).into_owned(),
                                    outcome_style(t, s.outcome),
                                ),
                            ];
                            let line = fit(parts, room(2), Style::default());
                            TreeItem::new_leaf(si, line)
                        })
                        .collect();
                    let mut text = format!("{} {} ({})", p.kind.short(), safe(&p.name), p.id);
                    if let Some(why) = &p.unreadable {
                        text.push_str(&format!(" — unreadable: {}", safe(why)));
                    }
                    TreeItem::new(pi, elide(&text, room(1)), statements)
                        .unwrap_or_else(|_| TreeItem::new_leaf(pi, p.name.clone()))
                })
                .collect();
            let parts = vec![
                Part::name(safe(&level.title()).into_owned(), t.label()),
                Part::fixed(" — ", Style::default()),
                Part::name(
                    safe(&level.summary()).into_owned(),
                    decision_style(t, &level.decision),
                ),
            ];
            let line = fit(parts, room(0), Style::default());
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

#[cfg(test)]
mod tests {
    use super::wrapped_rows;

    #[test]
    fn wrapped_rows_counts_breaks_at_spaces() {
        assert_eq!(wrapped_rows("", 10), 1);
        assert_eq!(wrapped_rows("one two", 7), 1);
        // 12 characters fit 2 rows of 6 only if words could be split: they are not.
        assert_eq!(wrapped_rows("aaaa bbbb cc", 6), 3);
        assert_eq!(wrapped_rows("abcdefghijkl", 5), 3);
    }
}
