//! The tag editor dialog: key = value rows with each row's problem beside it, the count
//! against the limit, and its keys at the bottom.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;
use ratatui::Frame;

use crate::app::{TagEditor, TagField, TextInput, MAX_TAGS};
use crate::text::safe;

use super::theme::Theme;
use super::{draw_rows, text_field, window_start};

/// Width of the key column (keys longer than this scroll in their field).
const KEY_COLUMN: usize = 28;

pub fn render(t: &Theme, e: &TagEditor, f: &mut Frame, area: Rect) {
    let width = 100.min(area.width.saturating_sub(2));
    let height = (e.rows.len() as u16 + 8).clamp(10, area.height.saturating_sub(2));
    let rect = Rect {
        x: area.x + (area.width.saturating_sub(width)) / 2,
        y: area.y + (area.height.saturating_sub(height)) / 2,
        width,
        height,
    };
    let title = super::elide(
        &format!("Tags of {}", safe(&e.label)),
        usize::from(width.saturating_sub(4)),
    );
    let block = super::pane(title, true, t);
    let inner = block.inner(rect);
    f.render_widget(Clear, rect);
    f.render_widget(block, rect);
    let [head, rows, problem, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(inner);
    let count = e.tags().len();
    let head_line = match &e.failure {
        Some(err) => Line::styled(
            format!(
                "✗ {}: {} (your rows are kept)",
                safe(&err.code),
                safe(&err.message)
            ),
            t.error(),
        ),
        None => Line::from(vec![
            Span::styled(
                format!("  {:<width$}  ", "Key", width = KEY_COLUMN),
                t.label(),
            ),
            Span::styled("Value", t.label()),
            Span::styled(format!("   {count} of {MAX_TAGS} tags"), t.dim()),
        ]),
    };
    f.render_widget(head_line, head);
    let lines: Vec<Line> = e
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let cell = |field: TagField, input: &TextInput| -> Vec<Span<'static>> {
                let bad = e.problem(i, field).is_some();
                let mut spans = if i == e.selected && e.field == field {
                    text_field(input, t)
                } else {
                    vec![Span::raw(safe(input).into_owned())]
                };
                if bad {
                    spans = spans
                        .into_iter()
                        .map(|s| s.patch_style(t.error()))
                        .collect();
                }
                spans
            };
            let mut spans = vec![Span::styled(
                if i == e.selected { "▸ " } else { "  " },
                t.key(),
            )];
            let key = cell(TagField::Key, &row.key);
            let used: usize = key.iter().map(|s| s.width()).sum();
            spans.extend(key);
            spans.push(Span::raw(" ".repeat(KEY_COLUMN.saturating_sub(used))));
            spans.push(Span::styled("= ", t.dim()));
            spans.extend(cell(TagField::Value, &row.value));
            Line::from(spans)
        })
        .collect();
    let start = window_start(e.selected, rows.height as usize);
    draw_rows(f, rows, lines.into_iter().skip(start).collect(), None);
    let why = e.problem(e.selected, e.field).or_else(|| {
        e.first_problem()
            .map(|(row, _, why)| format!("row {}: {why}", row + 1))
    });
    let problem_line = match (why, &e.note) {
        _ if e.asking_discard => {
            let n = e.unsaved();
            let what = if n == 1 { "change" } else { "changes" };
            Line::styled(
                format!("Discard {n} {what}? y discards them, n or Esc goes back to editing"),
                t.warn(),
            )
        }
        (Some(why), _) => Line::styled(format!("✗ {why}"), t.error()),
        (None, Some(note)) => Line::styled(note.clone(), t.warn()),
        (None, None) => {
            let d = e.diff();
            let summary = format!(
                "✓ {} added, {} changed, {} removed",
                d.added.len(),
                d.changed.len(),
                d.removed.len()
            );
            Line::styled(summary, t.ok())
        }
    };
    f.render_widget(problem_line, problem);
    let pairs = [
        ("C-s", "save"),
        ("Tab", "key/value"),
        ("↑↓", "row"),
        ("C-n", "add"),
        ("C-x", "remove"),
        ("Esc", "cancel"),
    ];
    f.render_widget(super::popup::keys(t, &pairs), keys);
}
