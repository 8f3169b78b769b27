//! The title bar and the bottom line (key hints, then the latest status or error).

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::app::{Mode, Model, Pane, Status, View};
use crate::keymap::{hints, Scope};
use crate::text::safe;

use super::theme::Theme;

pub fn title_bar(m: &Model, t: &Theme, f: &mut Frame, area: Rect) {
    let mut spans = vec![Span::styled(" orgtui ", t.key())];
    if let Some(org) = m.organization() {
        spans.push(Span::raw(format!(
            "{} · mgmt {} ",
            safe(&org.id),
            safe(&org.master_account_id)
        )));
    }
    let caller_at = spans.len();
    spans.push(Span::styled(
        format!("· {} ", safe(&m.context.source)),
        t.dim(),
    ));
    if m.context.read_only {
        spans.push(Span::styled("· READ-ONLY ", t.warn()));
    }
    if let Some(age) = &m.cached {
        spans.push(Span::styled(format!("· as of {} ", safe(age)), t.warn()));
    }
    let view = match m.view {
        View::Tree => "[1 tree]",
        View::Policies => "[2 policies]",
        View::Accounts => "[3 accounts]",
    };
    spans.push(Span::styled(view, t.title()));
    let marked = m.marked_count();
    if marked > 0 {
        spans.push(Span::styled(format!(" · {marked} marked"), t.warn()));
    }
    // The caller (STS) gets the room the rest leaves ("· as " and a space are 6 columns).
    let used: usize = spans.iter().map(Span::width).sum();
    let room = (area.width as usize).saturating_sub(used + 6);
    match crate::app::shell::caller_label(m, room) {
        Some(Ok(who)) => spans.insert(caller_at, Span::raw(format!("· as {who} "))),
        Some(Err(why)) => spans.insert(caller_at, Span::styled(format!("· {why} "), t.warn())),
        None => {}
    }
    f.render_widget(Line::from(spans), area);
}

pub fn bottom_line(m: &Model, t: &Theme, f: &mut Frame, area: Rect) {
    if m.mode == Mode::Command {
        let mut spans = vec![Span::styled(":", t.key())];
        spans.extend(super::text_field(&m.command, t));
        spans.push(Span::styled("  Enter run · Esc cancel", t.dim()));
        f.render_widget(Line::from(spans), area);
        return;
    }
    if m.mode == Mode::Filter {
        let mut spans = vec![Span::styled("/", t.key())];
        spans.extend(super::text_field(&m.filter, t));
        spans.push(Span::styled("  Enter go to · Esc clear", t.dim()));
        let line = Line::from(spans);
        f.render_widget(line, area);
        return;
    }
    // While AWS throttles, that is the news: it explains why everything is slow.
    let throttling = m.throttle.and_then(|s| s.describe());
    let status = match &m.status {
        _ if throttling.is_some() => throttling.map(|s| Span::styled(format!("⚠ {s}"), t.warn())),
        Some(Status::Info(s)) => Some(Span::styled(safe(s).into_owned(), t.ok())),
        Some(Status::Error(e)) => Some(Span::styled(
            format!("✗ {} — {}", safe(&e.to_string()), e.explanation()),
            t.error(),
        )),
        None => None,
    };
    // The latest status or error wins over key hints: it may be all the user needs to read.
    let status_w = status
        .as_ref()
        .map_or(0, |s| s.width() as u16)
        .min(area.width);
    let hint_w = area.width.saturating_sub(status_w + 1);
    let mut spans = Vec::new();
    let scope = match (m.view, m.focus) {
        (View::Tree, Pane::Tree) => Scope::Tree,
        (View::Tree, Pane::Policies) => Scope::Policies,
        (View::Tree, Pane::Detail) => Scope::Detail,
        _ => Scope::Lists,
    };
    for (key, desc) in hints(scope) {
        spans.push(Span::styled(format!(" {key}"), t.key()));
        spans.push(Span::styled(format!(" {desc}"), t.dim()));
    }
    f.render_widget(
        Line::from(spans),
        Rect {
            width: hint_w,
            ..area
        },
    );
    if let Some(s) = status {
        let x = area.x + area.width - status_w;
        f.render_widget(
            Line::from(s),
            Rect {
                x,
                width: status_w,
                ..area
            },
        );
    }
}
