//! Screens drawn over or instead of the panes: help, connecting, and a failed start.

use crate::keymap::{Action, Scope};
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use crate::keymap::{main_bindings, Binding};
use crate::org::OrgError;
use crate::text::{safe, safe_multiline};

use super::popup;
use super::theme::Theme;
use super::{fit, Part};
use ratatui::style::Style;

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}

pub fn help(t: &Theme, scroll: u16, f: &mut Frame, area: Rect) {
    let bindings: Vec<&Binding> = main_bindings().collect();
    let entry = |b: &&Binding, width: u16| {
        let parts = vec![
            Part::fixed(format!(" {:<6} ", b.label), t.key()),
            Part::name(b.desc, Style::new()),
        ];
        fit(parts, width as usize, t.highlight())
    };
    // One column when it fits, else two (80×24 has room for about 20 rows).
    let rows = bindings.len() as u16 + 3;
    let two = rows > area.height.saturating_sub(2);
    // Two columns take no spare rows: at 80×24 the hint line must stay visible.
    let per_col = if two {
        bindings.len().div_ceil(2)
    } else {
        bindings.len()
    };
    let width = if two { area.width.min(118) } else { 64 };
    let height = per_col as u16 + if two { 2 } else { 4 };
    // Taller than the screen (80×24): it scrolls, and the title says so.
    let room = area.height.saturating_sub(2);
    let scrolls = height > room;
    let scroll = if scrolls {
        scroll.min(height - room)
    } else {
        0
    };
    let rect = centered(area, width, height.min(room));
    f.render_widget(Clear, rect);
    let title = if scrolls {
        "Keys — j/k scroll, any other key closes"
    } else {
        "Keys — any key closes"
    };
    let block = super::pane(title, true, t);
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    let cols: Vec<Rect> = if two {
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .split(inner)
            .to_vec()
    } else {
        vec![inner]
    };
    for (col, chunk) in cols.iter().zip(bindings.chunks(per_col)) {
        let lines: Vec<Line> = chunk.iter().map(|b| entry(b, col.width)).collect();
        f.render_widget(Paragraph::new(lines).scroll((scroll, 0)), *col);
    }
}

pub fn connecting(t: &Theme, f: &mut Frame, area: Rect) {
    let rect = centered(area, 50, 3);
    f.render_widget(
        Paragraph::new(Line::styled("⟳ Reading the organization…", t.warn()))
            .block(super::pane("orgtui", false, t)),
        rect,
    );
}

/// The organization could not be read: what to do first, then the details, and the keys
/// always on screen (the message may be long: credential chains list every provider).
/// The organization could not be read: why, and what can be done (`sso` is the profile
/// whose SSO session expired, offered `aws sso login`).
pub fn org_error(t: &Theme, err: &OrgError, sso: Option<&str>, f: &mut Frame, area: Rect) {
    let mut head = vec![
        Line::styled(format!("✗ {}", safe(&err.code)), t.error()),
        Line::raw(err.explanation()),
        Line::raw(""),
    ];
    let none = err.kind == crate::org::ErrorKind::NoOrganization;
    if none {
        // What an account outside any organization can still do.
        head.extend([
            Line::styled("What this account can do:", t.label()),
            Line::raw("  8  the invitations sent to it: a accepts one (it joins), d declines"),
            Line::raw("  :create-organization [ALL|CONSOLIDATED_BILLING]  create one; this account manages it"),
            Line::raw(""),
        ]);
    }
    if let Some(profile) = sso {
        head.extend([
            Line::styled(
                format!(
                    "The SSO session of profile {} has expired or was never signed in.",
                    safe(profile)
                ),
                t.warn(),
            ),
            Line::raw(format!(
                "  L  runs `aws sso login --profile {}` here, then orgtui reads again",
                safe(profile)
            )),
            Line::raw(""),
        ]);
    }
    let body = safe_multiline(&err.message)
        .lines()
        .map(|l| Line::styled(l.to_string(), t.dim()))
        .collect();
    let mut pairs = vec![(popup::key(Scope::Global, Action::Refresh, "r"), "retry")];
    if sso.is_some() {
        pairs.push((
            popup::key(Scope::Global, Action::SsoLogin, "L"),
            "sso login",
        ));
    }
    if none {
        pairs.push((
            popup::key(Scope::Global, Action::Handshakes, "8"),
            "handshakes",
        ));
        pairs.push((popup::key(Scope::Global, Action::Command, ":"), "commands"));
    }
    pairs.push((popup::key(Scope::Global, Action::Quit, "q"), "quit"));
    let foot = vec![Line::raw(""), popup::keys(t, &pairs)];
    let width = 96.min(area.width.saturating_sub(2));
    let title = "Cannot read the organization";
    popup::scrolling_box(t, f, area, title, width, (head, body, foot), None);
}
