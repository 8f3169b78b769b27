//! What every popup is drawn with: a centred, framed box whose body scrolls between a
//! head and a foot, and the line of keys at its foot.

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::Tone;
use crate::keymap::{Action as A, Scope as S};

use super::theme::Theme;

pub(super) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width.saturating_sub(2)))])
        .flex(Flex::Center)
        .areas(v);
    h
}

pub(super) fn frame(t: &Theme, f: &mut Frame, rect: Rect, title: String) -> Rect {
    let block = super::pane(title, true, t);
    let inner = block.inner(rect);
    f.render_widget(Clear, rect);
    f.render_widget(block, rect);
    inner
}

/// Rows `lines` take when wrapped to `width` (for sizing a box to its text).
pub(super) fn wrapped_rows(lines: &[Line], width: u16) -> u16 {
    let w = usize::from(width.max(1));
    lines
        .iter()
        .map(|l| l.width().max(1).div_ceil(w) as u16)
        .sum()
}

/// The key bound to `action` in `scope` (the config file may have remapped it).
pub(super) fn key(scope: S, action: A, default: &'static str) -> &'static str {
    crate::keymap::label_for(scope, action).unwrap_or(default)
}

pub(super) fn keys<'a>(t: &Theme, pairs: &[(&'a str, &'a str)]) -> Line<'a> {
    let mut spans = Vec::new();
    for (k, d) in pairs {
        spans.push(Span::styled(format!("{k} "), t.key()));
        spans.push(Span::styled(format!("{d}   "), t.dim()));
    }
    Line::from(spans)
}

pub(super) fn tone_style(t: &Theme, tone: Tone) -> Style {
    match tone {
        Tone::Plain => Style::new(),
        Tone::Strong => t.title(),
        Tone::Gain => t.ok(),
        Tone::Loss => t.error(),
        Tone::Warn => t.warn(),
    }
}

/// A dialog whose body scrolls (when `scroll` is given; else it is cut) between a head
/// and a foot that always show, whatever the terminal size: the key line is never cut off.
pub(super) fn scrolling_box(
    t: &Theme,
    f: &mut Frame,
    area: Rect,
    title: &str,
    width: u16,
    (head, body, foot): (Vec<Line>, Vec<Line>, Vec<Line>),
    scroll: Option<u16>,
) {
    let inner_w = width.saturating_sub(2);
    let (head_h, foot_h) = (wrapped_rows(&head, inner_w), wrapped_rows(&foot, inner_w));
    let body_full = wrapped_rows(&body, inner_w);
    let room = area.height.saturating_sub(2 + head_h + foot_h);
    let body_h = body_full.min(room);
    let title = if body_h < body_full && scroll.is_some() {
        format!("{title} — j/k scroll")
    } else {
        title.to_string()
    };
    let rect = centered(area, width, head_h + body_h + foot_h + 2);
    let inner = frame(t, f, rect, title);
    let [head_a, body_a, foot_a] = Layout::vertical([
        Constraint::Length(head_h),
        Constraint::Length(body_h),
        Constraint::Length(foot_h),
    ])
    .areas(inner);
    let scroll = scroll.unwrap_or(0).min(body_full.saturating_sub(body_h));
    let wrap = Wrap { trim: false };
    f.render_widget(Paragraph::new(head).wrap(wrap), head_a);
    f.render_widget(Paragraph::new(body).wrap(wrap).scroll((scroll, 0)), body_a);
    f.render_widget(Paragraph::new(foot).wrap(wrap), foot_a);
}
