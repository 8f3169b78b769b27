//! The policy editor dialog: fields, the document with its problems at line and column,
//! and the keys (always visible at the bottom).

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::{Editor, EditorField};
use crate::org::PolicyType;
use crate::policy::validate::SCP_MAX_CHARS;
use crate::text::safe;
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
    let shown = problems.len().min(3) as u16;
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
        Constraint::Length(shown.max(1)),
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
    let chars = e.text().chars().count();
    let limited = matches!(
        e.kind,
        PolicyType::ServiceControl | PolicyType::ResourceControl
    );
    let size = if limited {
        format!("{chars} of {SCP_MAX_CHARS} characters")
    } else {
        format!("{chars} characters")
    };
    let lines: Vec<Line> = if let Some(note) = &e.note {
        vec![Line::styled(format!("ℹ {note}"), t.warn())]
    } else if problems.is_empty() {
        vec![Line::styled(format!("✓ valid · {size}"), t.ok())]
    } else {
        problems
            .iter()
            .take(3)
            .enumerate()
            .map(|(i, p)| {
                let more = if i == 2 && problems.len() > 3 {
                    format!("  (+{} more)", problems.len() - 3)
                } else {
                    String::new()
                };
                // The place and the count of more stay whole; the message is cut to fit.
                let at = format!("✗ {}:{} ", p.line, p.column);
                let room =
                    usize::from(problem_rows.width).saturating_sub(at.width() + more.width());
                let message = super::elide(&super::one_line(&p.message), room);
                Line::styled(format!("{at}{message}{more}"), t.error())
            })
            .collect()
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
    } else {
        let mut pairs = vec![("C-s", "check and save")];
        if e.resource_policy.is_none() {
            pairs.push(("Tab", "next field"));
        }
        pairs.push(("C-o", "$EDITOR"));
        if limited && chars > SCP_MAX_CHARS {
            pairs.push(("M-m", "minify"));
        }
        pairs.push(("Esc", "leave"));
        let mut spans = Vec::new();
        for (k, d) in pairs {
            spans.push(Span::styled(format!("{k} "), t.key()));
            spans.push(Span::styled(format!("{d}   "), t.dim()));
        }
        Line::from(spans)
    };
    f.render_widget(key_line, keys);
}
