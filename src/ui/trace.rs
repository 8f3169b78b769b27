//! The evaluator's dialog: the question, the verdict with its reason, and the trace drawn
//! with tui-tree-widget (levels → policies → statements).

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;
use tui_tree_widget::{Tree, TreeItem, TreeState};
use unicode_width::UnicodeWidthStr;

use crate::app::{Asking, Loadable, Model, Trace};
use crate::policy::all::AccountVerdict;
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
    let whom = if tr.is_whole() {
        format!("every account under {}", safe(&name))
    } else {
        safe(&name).into_owned()
    };
    let title = format!("Is it allowed for {whom} ({})?", safe(&tr.target));
    let block = super::pane(title, true, t);
    let inner = block.inner(rect);
    f.render_widget(Clear, rect);
    f.render_widget(block, rect);
    // The reason names the deciding policy: it wraps (up to 3 rows) rather than lose it.
    let reason_text = match (&tr.evaluation, tr.is_whole()) {
        (Some(e), _) => safe(&e.reason).into_owned(),
        (None, true) if !tr.verdicts.is_empty() => tally(&tr.verdicts),
        _ => String::new(),
    };
    let reason_rows = wrapped_rows(&reason_text, usize::from(inner.width));
    // The selected row of the trace, whole: a condition cut in the tree reads here.
    let selected_text = tr
        .evaluation
        .as_ref()
        .map(|e| selected_text(tr, e))
        .unwrap_or_default();
    let selected_rows = wrapped_rows(&selected_text, usize::from(inner.width)).min(3) as u16;
    let [ask, context, note, verdict, reason, body, selected, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(reason_rows.clamp(1, 3) as u16),
        Constraint::Min(1),
        Constraint::Length(if selected_text.is_empty() {
            0
        } else {
            selected_rows
        }),
        Constraint::Length(1),
    ])
    .areas(inner);
    let field = |label: &'static str, input: &crate::app::TextInput, typing: bool| {
        let mut spans = vec![Span::styled(label, t.label())];
        if typing {
            spans.extend(text_field(input, t));
        } else {
            spans.push(Span::raw(safe(input).into_owned()));
        }
        Line::from(spans)
    };
    f.render_widget(
        field(
            "action [resource ARN]: ",
            &tr.question,
            tr.asking == Asking::Question,
        ),
        ask,
    );
    let mut context_line = field("context: ", &tr.context, tr.asking == Asking::Context);
    if tr.context.is_empty() && tr.asking != Asking::Context {
        context_line.push_span(Span::styled(
            "none (c types KEY=VALUE …, e.g. aws:RequestedRegion=eu-west-1)",
            t.dim(),
        ));
    }
    f.render_widget(context_line, context);
    let loading = matches!(tr.read(), Some(Loadable::Loading));
    let note_line = match (&tr.error, &tr.hint, loading, tr.failed(), &tr.evaluation) {
        (Some(e), _, _, _, _) => Line::styled(format!("✗ {e}"), t.error()),
        (None, Some(h), _, _, _) => Line::styled(safe(h).into_owned(), t.dim()),
        (None, None, true, _, _) if tr.is_whole() => Line::styled(
            "⟳ reading every account under it and the SCPs and RCPs along their paths…",
            t.warn(),
        ),
        (None, None, true, _, _) => Line::styled(
            "⟳ reading the path and the SCPs and RCPs attached along it…",
            t.warn(),
        ),
        (None, None, _, None, _) if tr.judging.busy() => Line::styled(
            "⟳ evaluating every account under it (Esc closes; nothing waits for it)…",
            t.warn(),
        ),
        (None, None, _, Some(e), _) => Line::styled(
            format!("✗ {}: {} — r reads again", safe(&e.code), safe(&e.message)),
            t.error(),
        ),
        (None, None, _, _, Some(_)) if !tr.warnings.is_empty() => {
            Line::styled(format!("⚠ {}", safe(&tr.warnings.join("; "))), t.warn())
        }
        (None, None, _, _, None) if !tr.verdicts.is_empty() && !tr.warnings.is_empty() => {
            Line::styled(format!("⚠ {}", safe(&tr.warnings.join("; "))), t.warn())
        }
        (None, None, _, _, Some(e)) => Line::styled(format!("Can {}?", safe(&e.question)), t.dim()),
        (None, None, _, _, None) if !tr.verdicts.is_empty() => match tr.query() {
            Ok(q) => Line::styled(format!("Can {}?", safe(&q.describe())), t.dim()),
            Err(e) => Line::styled(format!("✗ {e}"), t.error()),
        },
        _ => Line::styled(
            "e.g. s3:PutObject, ec2:*, iam:Create* arn:aws:iam::*:role/*  (Tab completes; wildcards ask about every match)",
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
        let mut spans = vec![
            Span::styled("Verdict: ", t.label()),
            Span::styled(e.verdict.label(), style),
        ];
        if tr.is_whole() {
            let account = e
                .levels
                .last()
                .map_or(String::new(), |l| safe(&l.name).into_owned());
            spans.push(Span::styled(format!("  for {account}"), t.dim()));
        }
        f.render_widget(Line::from(spans), verdict);
        f.render_widget(
            Paragraph::new(reason_text)
                .style(t.dim())
                .wrap(Wrap { trim: true }),
            reason,
        );
        draw_tree(t, tr, e, f, body);
        f.render_widget(
            Paragraph::new(selected_text)
                .style(t.label())
                .wrap(Wrap { trim: true }),
            selected,
        );
    } else if tr.is_whole() && !tr.verdicts.is_empty() {
        f.render_widget(
            Line::styled("Every account, denied first:", t.label()),
            verdict,
        );
        f.render_widget(
            Paragraph::new(reason_text).wrap(Wrap { trim: true }),
            reason,
        );
        draw_accounts(t, tr, f, body);
    }
    let pairs: &[(&str, &str)] = match (tr.asking, tr.is_whole() && tr.evaluation.is_none()) {
        (Asking::No, true) => &[
            ("↑↓", "move"),
            ("Enter", "its trace"),
            ("x", "ask again"),
            ("c", "context"),
            ("r", "re-read"),
            ("Esc", "close"),
        ],
        (Asking::No, false) => &[
            ("↑↓", "move"),
            ("→/←", "open/close"),
            ("x", "ask again"),
            ("c", "context"),
            ("r", "re-read"),
            (
                "Esc",
                if tr.is_whole() {
                    "back to the list"
                } else {
                    "close"
                },
            ),
        ],
        _ => &[
            ("Enter", "evaluate"),
            ("Tab", "complete"),
            ("↑↓", "question/context"),
            ("Esc", "back"),
        ],
    };
    let mut spans = Vec::new();
    for (k, d) in pairs {
        spans.push(Span::styled(format!("{k} "), t.key()));
        spans.push(Span::styled(format!("{d}   "), t.dim()));
    }
    f.render_widget(Line::from(spans), keys);
}

/// The selected row of the trace in full (its level, policy or statement).
fn selected_text(tr: &Trace, e: &Evaluation) -> String {
    let level = tr.selected.first().and_then(|&l| e.levels.get(l));
    let policy = tr.selected.get(1).and_then(|&p| level?.policies.get(p));
    let statement = tr.selected.get(2).and_then(|&s| policy?.statements.get(s));
    let text = match (level, policy, statement) {
        (_, Some(p), Some(s)) => format!("{} of {}: {}", s.label, p.name, s.explanation),
        (_, Some(p), None) => format!("{} {} ({})", p.kind.short(), p.name, p.id),
        (Some(l), None, None) => format!("{} — {}", l.title(), l.summary()),
        _ => String::new(),
    };
    safe(&text).into_owned()
}

/// "denied for 3 of 45 accounts, depends for 2, allowed for 40".
fn tally(verdicts: &[AccountVerdict]) -> String {
    let count = |v: Verdict| verdicts.iter().filter(|a| a.verdict == v).count();
    let mut parts = Vec::new();
    for (v, word) in [
        (Verdict::Denied, "denied"),
        (Verdict::DependsOnCondition, "depends on a condition"),
        (Verdict::Allowed, "allowed"),
    ] {
        let n = count(v);
        if n > 0 {
            parts.push(format!("{word} for {n}"));
        }
    }
    let rest = verdicts.len()
        - count(Verdict::Denied)
        - count(Verdict::DependsOnCondition)
        - count(Verdict::Allowed);
    if rest > 0 {
        parts.push(format!("exempt (management account) for {rest}"));
    }
    format!("Of {} accounts: {}", verdicts.len(), parts.join(", "))
}

/// The accounts under the root or OU, one a row: verdict, name and id, what decided.
fn draw_accounts(t: &Theme, tr: &Trace, f: &mut Frame, area: Rect) {
    let height = usize::from(area.height);
    let start = super::window_start(tr.list_selected, height);
    let rows: Vec<Line> = tr
        .verdicts
        .iter()
        .skip(start)
        .take(height)
        .map(|v| {
            let why = match (v.deciding.is_empty(), v.depends_on.is_empty()) {
                (false, _) => format!("  {}", safe(&v.deciding)),
                (true, false) => format!("  on {}", v.depends_on.join(", ")),
                _ => String::new(),
            };
            let parts = vec![
                Part::fixed(
                    format!("{:<9}", short(v.verdict)),
                    verdict_style(t, v.verdict),
                ),
                Part::name(safe(&v.name).into_owned(), Style::default()),
                Part::fixed(format!("  {}", v.account_id), t.dim()),
                Part::name(why, t.dim()),
            ];
            fit(parts, usize::from(area.width), t.highlight())
        })
        .collect();
    let highlight = (!tr.verdicts.is_empty()).then(|| {
        (
            tr.list_selected - start,
            t.selected(tr.asking == Asking::No),
        )
    });
    super::draw_rows(f, area, rows, highlight);
}

fn short(v: Verdict) -> &'static str {
    match v {
        Verdict::Denied => "DENIED",
        Verdict::DependsOnCondition => "DEPENDS",
        Verdict::Allowed => "ALLOWED",
        _ => "EXEMPT",
    }
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
        let tree = tree.highlight_style(t.selected(tr.asking == Asking::No));
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
