//! Screens drawn over or instead of the panes: help, connecting, and a failed start.

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::Model;
use crate::keymap::KEYMAP;
use crate::org::OrgError;
use crate::text::safe;

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}

pub fn help(m: &Model, f: &mut Frame, area: Rect) {
    let t = &m.theme;
    let mut lines: Vec<Line> = KEYMAP
        .iter()
        .map(|b| {
            Line::from(vec![
                Span::styled(format!(" {:<7} ", b.label), t.key()),
                Span::raw(b.desc),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(" Any key closes this help.", t.dim()));
    let rect = centered(area, 60, lines.len() as u16 + 2);
    f.render_widget(Clear, rect);
    f.render_widget(
        Paragraph::new(lines).block(super::pane("Keys", true, t)),
        rect,
    );
}

pub fn connecting(m: &Model, f: &mut Frame, area: Rect) {
    let rect = centered(area, 50, 3);
    f.render_widget(
        Paragraph::new(Line::styled("⟳ Reading the organization…", m.theme.warn()))
            .block(super::pane("orgtui", false, &m.theme)),
        rect,
    );
}

pub fn org_error(m: &Model, err: &OrgError, f: &mut Frame, area: Rect) {
    let t = &m.theme;
    let lines = vec![
        Line::styled(format!("✗ {}", safe(&err.code)), t.error()),
        Line::raw(""),
        Line::raw(safe(&err.message).into_owned()),
        Line::raw(""),
        Line::raw(err.explanation()),
        Line::raw(""),
        Line::from(vec![
            Span::styled("r", t.key()),
            Span::raw(" retry   "),
            Span::styled("q", t.key()),
            Span::raw(" quit"),
        ]),
    ];
    let rect = centered(area, 76, 14);
    f.render_widget(Clear, rect);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(super::pane("Cannot read the organization", true, t)),
        rect,
    );
}
