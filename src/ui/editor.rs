//! The policy editor dialog: fields, the document with its problems (errors red, warnings
//! yellow) at line and column, the completion list at the cursor, and the keys (always
//! visible at the bottom).

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::{Completion, Editor, EditorField, COMPLETION_ROWS};
use crate::policy::Problem;
use crate::text::safe;
use ratatui_textarea::TextArea;
use unicode_width::UnicodeWidthStr;

use super::text_field;
use super::theme::Theme;

pub fn render(t: &Theme, e: &Editor, f: &mut Frame, area: Rect) {
    let rect = Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    };
    let title = match (&e.policy, e.resource_policy) {
        (_, Some(_)) => "The organization's resource policy".to_string(),
        (None, None) => "New policy".to_string(),
        (Some(id), None) => format!("Edit policy {}", safe(id)),
    };
    // The resource policy has neither name, description nor type.
    let fields = u16::from(e.resource_policy.is_none());
    let inner = {
        let block = super::pane(title, true, t);
        let inner = block.inner(rect);
        f.render_widget(Clear, rect);
        f.render_widget(block, rect);
        inner
    };
    let problems = e.problems();
    let field_error = e.shown_field_error();
    // With problems, a line counting them comes first (with the size), then up to three.
    let shown = if problems.is_empty() || e.note.is_some() {
        1
    } else {
        problems.len().min(3) as u16 + 1
    };
    // Why AWS refused the last save, wrapped (up to 3 rows) so its end is not lost.
    let failure_text = e.failure.as_ref().map(|err| {
        format!(
            "✗ {}: {} — {} (your text is kept)",
            safe(&err.code),
            super::one_line(&err.message),
            err.explanation()
        )
    });
    let failure_rows = failure_text.as_deref().map_or(0, |f| {
        super::trace::wrapped_rows(f, usize::from(inner.width)).min(3)
    });
    let [failure, name, description, kind, document, problem_rows, keys] = Layout::vertical([
        Constraint::Length(failure_rows as u16),
        Constraint::Length(fields),
        Constraint::Length(fields),
        Constraint::Length(fields),
        Constraint::Min(3),
        Constraint::Length(shown),
        Constraint::Length(1),
    ])
    .areas(inner);
    if let Some(text) = failure_text {
        f.render_widget(
            Paragraph::new(text)
                .style(t.error())
                .wrap(Wrap { trim: true }),
            failure,
        );
    }
    let label = |text: &'static str, field: EditorField| {
        Span::styled(
            format!("{text:<12}"),
            if e.focus == field { t.key() } else { t.label() },
        )
    };
    let error_of = |field: EditorField| match &field_error {
        Some((f, msg)) if *f == field => Span::styled(format!("  ✗ {msg}"), t.error()),
        _ => Span::raw(""),
    };
    let field_line = |text, field, input: &crate::app::TextInput| {
        let mut spans = vec![label(text, field)];
        if e.focus == field {
            spans.extend(text_field(input, t));
        } else {
            spans.push(Span::raw(safe(input).into_owned()));
        }
        spans.push(error_of(field));
        Line::from(spans)
    };
    f.render_widget(field_line("Name", EditorField::Name, &e.name), name);
    f.render_widget(
        field_line("Description", EditorField::Description, &e.description),
        description,
    );
    let kind_text = if e.policy.is_none() && e.kinds.len() > 1 {
        format!("◂ {} ▸", e.kind.as_api_str())
    } else {
        e.kind.as_api_str().to_string()
    };
    f.render_widget(
        Line::from(vec![
            label("Type", EditorField::Kind),
            Span::styled(kind_text, t.ou()),
        ]),
        kind,
    );
    let mut area_widget = e.content.clone();
    let focused = e.focus == EditorField::Content;
    area_widget.set_block(
        Block::default()
            .borders(Borders::TOP)
            .border_style(if focused {
                t.border_focused()
            } else {
                t.border()
            })
            .title(" Document "),
    );
    area_widget.set_line_number_style(t.dim());
    area_widget.set_cursor_line_style(ratatui::style::Style::default());
    if !focused {
        area_widget.set_cursor_style(ratatui::style::Style::default());
    }
    f.render_widget(&area_widget, document);
    if let (Some(c), true) = (&e.completion, focused) {
        completion_list(t, c, &area_widget, document, f);
    }
    let chars = e.text().chars().count();
    let size = match e.max_chars() {
        Some(max) => format!("{chars} of {max} characters"),
        None => format!("{chars} characters"),
    };
    let lines: Vec<Line> = if let Some(note) = &e.note {
        vec![Line::styled(format!("ℹ {note}"), t.warn())]
    } else if problems.is_empty() {
        vec![Line::styled(format!("✓ valid · {size}"), t.ok())]
    } else {
        let mut lines = vec![count_line(t, &problems, &size)];
        lines.extend(problems.iter().take(3).enumerate().map(|(i, p)| {
            let more = if i == 2 && problems.len() > 3 {
                format!("  (+{} more)", problems.len() - 3)
            } else {
                String::new()
            };
            // The place and the count of more stay whole; the message is cut to fit.
            let (mark, style) = if p.is_warning() {
                ("⚠", t.warn())
            } else {
                ("✗", t.error())
            };
            let at = format!("{mark} {}:{} ", p.line, p.column);
            let room = usize::from(problem_rows.width).saturating_sub(at.width() + more.width());
            let message = super::elide(&super::one_line(&p.message), room);
            Line::styled(format!("{at}{message}{more}"), style)
        }));
        lines
    };
    for (i, line) in lines.into_iter().enumerate() {
        let row = Rect {
            y: problem_rows.y + i as u16,
            height: 1,
            ..problem_rows
        };
        if row.y < problem_rows.y + problem_rows.height {
            f.render_widget(line, row);
        }
    }
    let key_line = if e.leaving && e.resource_policy.is_some() {
        // The resource policy keeps no draft: leaving drops the edits.
        Line::from(vec![
            Span::styled("Leave without saving?  ", t.warn()),
            Span::styled("d ", t.key()),
            Span::styled("leave   ", t.dim()),
            Span::styled("any other key ", t.key()),
            Span::styled("back", t.dim()),
        ])
    } else if e.leaving {
        Line::from(vec![
            Span::styled("Leave the editor?  ", t.warn()),
            Span::styled("k ", t.key()),
            Span::styled("keep the draft   ", t.dim()),
            Span::styled("d ", t.key()),
            Span::styled("discard it   ", t.dim()),
            Span::styled("any other key ", t.key()),
            Span::styled("back", t.dim()),
        ])
    } else if e.completion.is_some() && focused {
        key_pairs(
            t,
            &[("↑↓", "choose"), ("Enter", "complete"), ("Esc", "close")],
            keys.width,
        )
    } else {
        let mut pairs = vec![("C-s", "check and save")];
        if e.resource_policy.is_none() {
            pairs.push(("Tab", "next field"));
        }
        pairs.push(("C-o", "$EDITOR"));
        // Completion works in the document only: offered there.
        if focused {
            pairs.push(("C-Space", "complete"));
        }
        if e.max_chars().is_some_and(|max| chars > max) {
            pairs.push(("M-m", "minify"));
        }
        pairs.push(("Esc", "leave"));
        key_pairs(t, &pairs, keys.width)
    };
    f.render_widget(key_line, keys);
}

/// The keys and what they do, three spaces apart, or two when that is what fits.
fn key_pairs<'a>(t: &Theme, pairs: &[(&'a str, &'a str)], width: u16) -> Line<'a> {
    let wide: usize = pairs.iter().map(|(k, d)| k.width() + d.width() + 4).sum();
    let gap = if wide > usize::from(width) {
        "  "
    } else {
        "   "
    };
    let mut spans = Vec::new();
    for (k, d) in pairs {
        spans.push(Span::styled(format!("{k} "), t.key()));
        spans.push(Span::styled(format!("{d}{gap}"), t.dim()));
    }
    Line::from(spans)
}

/// "2 errors, 1 warning · 312 of 10240 characters": red while an error stops the save.
fn count_line<'a>(t: &Theme, problems: &[Problem], size: &str) -> Line<'a> {
    let warnings = problems.iter().filter(|p| p.is_warning()).count();
    let errors = problems.len() - warnings;
    let count = |n: usize, what: &str| match n {
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    };
    let (text, style) = match (errors, warnings) {
        (0, w) => (
            format!("⚠ {} (saving is allowed)", count(w, "warning")),
            t.warn(),
        ),
        (e, 0) => (format!("✗ {}", count(e, "error")), t.error()),
        (e, w) => (
            format!("✗ {}, {}", count(e, "error"), count(w, "warning")),
            t.error(),
        ),
    };
    Line::styled(format!("{text} · {size}"), style)
}

/// The names to complete to, in a small list below the cursor (above it when there is no
/// room below), starting under the text being completed.
fn completion_list(t: &Theme, c: &Completion, text: &TextArea<'_>, document: Rect, f: &mut Frame) {
    // The text starts below the document's top border, after the line numbers; the
    // viewport is where the text area scrolled to while being drawn.
    let top = document.y + 1;
    let left = document.x + text.line_number_width();
    let (scroll_row, scroll_col) = text.scroll_offset();
    let cursor = text.screen_cursor();
    let cursor_y = top + (cursor.row as u16).saturating_sub(scroll_row);
    let cursor_x = left + (cursor.col as u16).saturating_sub(scroll_col);
    let n = c.candidates.len();
    // Below the cursor's line when the list fits there or there is more room than above;
    // as many rows as the side has (a short terminal shows fewer, the selected in sight).
    let bottom = document.y + document.height;
    let below = bottom.saturating_sub(cursor_y + 1);
    let above = cursor_y.saturating_sub(top);
    let wanted = n.min(COMPLETION_ROWS) as u16 + 2;
    let room = if below >= wanted || below >= above {
        below
    } else {
        above
    };
    let rows = usize::from(room.min(wanted).saturating_sub(2));
    if rows == 0 {
        return;
    }
    let y = if room == below {
        cursor_y + 1
    } else {
        cursor_y - (rows as u16 + 2)
    };
    // The window of candidates that keeps the selected one in sight.
    let first = (c.selected + 1).saturating_sub(rows);
    let widest = c
        .candidates
        .iter()
        .skip(first)
        .take(rows)
        .map(|n| n.width())
        .max()
        .unwrap_or(0) as u16;
    let title = if n > rows {
        format!(" {} of {n} ", c.selected + 1)
    } else {
        String::new()
    };
    let width = (widest.max(title.width() as u16) + 2)
        .min(document.width)
        .max(4);
    // The names start under the text they complete, the border one column before it.
    let start = cursor_x.saturating_sub(c.word.width() as u16 + 1);
    let x = start
        .max(document.x)
        .min((document.x + document.width).saturating_sub(width));
    let area = Rect {
        x,
        y,
        width,
        height: rows as u16 + 2,
    };
    let lines: Vec<Line> = c
        .candidates
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, name)| {
            let style = if i == c.selected {
                t.selected(true)
            } else {
                ratatui::style::Style::default()
            };
            Line::styled(safe(name).into_owned(), style)
        })
        .collect();
    f.render_widget(Clear, area);
    f.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(t.border_focused())
                .title(title),
        ),
        area,
    );
}
