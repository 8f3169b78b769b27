//! The describe view (`v`): the whole screen, rows as `app::describe` wrapped them, a
//! policy document highlighted as JSON, matches of the search marked.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use crate::app::describe::{self, Describe, Kind, Row};
use crate::app::Model;

use super::popup::keys;
use super::theme::Theme;

pub fn render(m: &Model, t: &Theme, d: &Describe, f: &mut Frame, area: Rect) {
    let rows = describe::rows(m, d);
    let page = describe::page(m);
    let start = d.scroll.min(rows.len().saturating_sub(page));
    let end = (start + page).min(rows.len());
    let title = format!(
        "Describe {} — rows {}–{} of {}",
        describe::title(m, &d.subject),
        start + 1,
        end,
        rows.len()
    );
    f.render_widget(Clear, area);
    let block = super::pane(title, true, t);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let [body, foot] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(inner);
    let want = d.search.as_str().to_lowercase();
    let lines: Vec<Line> = rows[start..end]
        .iter()
        .map(|r| marked(styled(t, r), &want, t))
        .collect();
    f.render_widget(Paragraph::new(lines), body);
    let foot_line = if d.searching {
        Line::from(vec![
            Span::styled("/", t.key()),
            Span::raw(d.search.as_str().to_string()),
            Span::styled("▏  Enter finds, Esc cancels", t.dim()),
        ])
    } else if let Some(note) = &d.note {
        Line::styled(note.clone(), t.warn())
    } else {
        keys(
            t,
            &[
                ("j/k PgDn/PgUp g/G", "scroll"),
                ("/ n N", "search"),
                ("y", "copy"),
                ("E", "edit policy"),
                ("Esc", "back"),
            ],
        )
    };
    f.render_widget(Paragraph::new(foot_line), foot);
}

/// A row's spans: a field's label dimmed, a heading bold, JSON by token.
fn styled(t: &Theme, r: &Row) -> Vec<Span<'static>> {
    match r.kind {
        Kind::Heading => vec![Span::styled(r.text.clone(), t.title())],
        Kind::Note => vec![Span::styled(r.text.clone(), t.dim())],
        Kind::Field { label } => {
            let cut = r
                .text
                .char_indices()
                .nth(label)
                .map_or(r.text.len(), |(i, _)| i);
            vec![
                Span::styled(r.text[..cut].to_string(), t.label()),
                Span::raw(r.text[cut..].to_string()),
            ]
        }
        Kind::Json => json_spans(t, &r.text),
    }
}

/// Highlights one line of pretty-printed JSON: keys, strings, numbers and literals,
/// punctuation. A string cut by wrapping is still drawn as a string.
fn json_spans(t: &Theme, line: &str) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let style = if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i = (i + 1).min(chars.len());
            let rest: String = chars[i..].iter().collect();
            if rest.trim_start().starts_with(':') {
                t.key()
            } else {
                t.ok()
            }
        } else if c.is_ascii_digit() || c == '-' || c.is_alphabetic() {
            while i < chars.len() && (chars[i].is_alphanumeric() || ".-+".contains(chars[i])) {
                i += 1;
            }
            t.warn()
        } else {
            i += 1;
            if "{}[],:".contains(c) {
                t.dim()
            } else {
                Style::new()
            }
        };
        spans.push(Span::styled(
            chars[start..i].iter().collect::<String>(),
            style,
        ));
    }
    spans
}

/// Marks every occurrence of the search (ignoring case) in a row.
fn marked(spans: Vec<Span<'static>>, want: &str, t: &Theme) -> Line<'static> {
    if want.is_empty() {
        return Line::from(spans);
    }
    let mut out = Vec::new();
    for span in spans {
        let text = span.content.to_string();
        let lower = text.to_lowercase();
        // Lowercasing may change lengths outside ASCII: mark only where it did not.
        if lower.len() != text.len() {
            out.push(span);
            continue;
        }
        let mut at = 0;
        while let Some(found) = lower[at..].find(want) {
            let s = at + found;
            let e = s + want.len();
            if s > at {
                out.push(Span::styled(text[at..s].to_string(), span.style));
            }
            out.push(Span::styled(text[s..e].to_string(), t.highlight()));
            at = e;
        }
        if at < text.len() {
            out.push(Span::styled(text[at..].to_string(), span.style));
        }
    }
    Line::from(out)
}
