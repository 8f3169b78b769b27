//! The handshakes screen, drawn over the panes: its filters, a note, the list (or one
//! handshake described, or the invitation form) and its keys.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::app::{listed, HandshakeScreen, HsStep, Loadable, Model};
use crate::org::{Handshake, HandshakeResource};
use crate::text::safe;

use super::theme::Theme;
use super::{draw_rows, text_field, window_start};

pub fn render(m: &Model, t: &Theme, s: &HandshakeScreen, f: &mut Frame, area: Rect) {
    let rect = Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    };
    let title = match (&s.step, s.member) {
        (HsStep::Invite { .. }, _) => "Invite an account to the organization".to_string(),
        (HsStep::Detail { id }, _) => format!("Handshake {}", safe(id)),
        (HsStep::List, false) => "Handshakes of the organization".into(),
        (HsStep::List, true) => match (m.organization(), &m.sts.caller) {
            (Some(o), Some(Loadable::Loaded(me))) => format!(
                "Handshakes of this account ({}), a member of {}",
                safe(&me.account),
                safe(&o.id)
            ),
            _ => "Handshakes of this account (in no organization)".into(),
        },
    };
    let [head, note, body, keys] = super::admin_screen::screen_frame(t, f, rect, &title);
    let loading = !matches!(m.cache.admin.handshakes, Some(Loadable::Loaded(_)));
    let note_line = match (&s.note, loading, &m.cache.admin.handshakes) {
        (Some(n), _, _) => Line::styled(n.clone(), t.warn()),
        (None, _, Some(Loadable::Failed(e))) => Line::styled(
            format!("✗ {}: {}", safe(&e.code), safe(&e.message)),
            t.warn(),
        ),
        (None, true, _) => Line::styled("⟳ reading the handshakes…", t.warn()),
        (None, false, _) => Line::raw(""),
    };
    f.render_widget(note_line, note);
    let pairs: &[(&str, &str)] = match &s.step {
        HsStep::Invite { field } => {
            render_form(t, s, *field, head, body, f);
            &[("Tab", "next field"), ("Enter", "invite"), ("Esc", "back")]
        }
        HsStep::Detail { id } => {
            let h = match m.cache.admin.handshake.get(id) {
                Some(Loadable::Loaded(h)) => Some(h.clone()),
                _ => listed(m, s).into_iter().find(|h| &h.id == id),
            };
            let rows = h.map_or_else(
                || vec![Line::styled("⟳ reading it…", t.warn())],
                |h| detail_rows(t, &h),
            );
            f.render_widget(Paragraph::new(rows).wrap(Wrap { trim: false }), body);
            if s.member {
                &[
                    ("a", "accept"),
                    ("d", "decline"),
                    ("C-x", "withdraw"),
                    ("Esc", "back"),
                ]
            } else {
                &[("C-x", "withdraw"), ("a", "accept"), ("Esc", "back")]
            }
        }
        HsStep::List => {
            let mut spans = vec![
                Span::styled("type ", t.label()),
                Span::raw(s.action.map_or("all", |i| crate::app::HANDSHAKE_ACTIONS[i])),
                Span::styled("   state ", t.label()),
                Span::raw(s.state.map_or("all", |i| crate::app::HANDSHAKE_STATES[i])),
            ];
            match crate::app::all_features_progress(m) {
                Some((approved, asked)) => spans.push(Span::styled(
                    format!("   enabling all features: {approved}/{asked} members approved"),
                    t.warn(),
                )),
                None => spans.push(Span::styled("   (rows: party, expiry, id)", t.dim())),
            }
            let filters = Line::from(spans);
            f.render_widget(filters, head);
            let list = listed(m, s);
            if list.is_empty() {
                f.render_widget(Line::styled("  no handshakes", t.dim()), body);
            } else {
                let at = s.selected.min(list.len() - 1);
                let start = window_start(at, body.height as usize);
                let rows = list.iter().skip(start).map(|h| row(t, h)).collect();
                draw_rows(f, body, rows, Some((at - start, t.selected(true))));
            }
            if s.member {
                &[
                    ("Enter", "describe"),
                    ("a", "accept"),
                    ("d", "decline"),
                    ("t", "type"),
                    ("s", "state"),
                    ("Esc", "close"),
                ]
            } else {
                &[
                    ("Enter", "describe"),
                    ("C-n", "invite"),
                    ("C-x", "withdraw"),
                    ("t", "type"),
                    ("s", "state"),
                    ("Esc", "close"),
                ]
            }
        }
    };
    f.render_widget(super::popup::keys(t, pairs), keys);
}

/// The other party: the account or email that is not the organization.
fn counterpart(h: &Handshake) -> String {
    h.parties
        .iter()
        .find(|p| p.kind != "ORGANIZATION")
        .or(h.parties.first())
        .map_or_else(String::new, |p| safe(&p.id).into_owned())
}

fn day(time: &str) -> &str {
    time.get(..10).unwrap_or(time)
}

fn row(t: &Theme, h: &Handshake) -> Line<'static> {
    Line::from(vec![
        Span::raw(format!("{:<20}", safe(&h.action))),
        Span::raw(format!(" {:<9}", safe(&h.state))),
        Span::raw(format!(" {:<14}", counterpart(h))),
        Span::styled(format!(" {}  {}", day(&h.expires_at), safe(&h.id)), t.dim()),
    ])
}

fn resource_lines(t: &Theme, r: &HandshakeResource, depth: usize, out: &mut Vec<Line<'static>>) {
    out.push(Line::from(vec![
        Span::styled(
            format!("{}{}: ", "  ".repeat(depth + 1), safe(&r.kind)),
            t.label(),
        ),
        Span::raw(safe(&r.value).into_owned()),
    ]));
    for child in &r.resources {
        resource_lines(t, child, depth + 1, out);
    }
}

fn detail_rows(t: &Theme, h: &Handshake) -> Vec<Line<'static>> {
    let mut rows = vec![
        super::field(t, "Action", &h.action, 200),
        super::field(t, "State", &h.state, 200),
        super::field(t, "Requested", &h.requested_at, 200),
        super::field(t, "Expires", &h.expires_at, 200),
        super::field(t, "ARN", &h.arn, 200),
        Line::styled("Parties", t.label()),
    ];
    for p in &h.parties {
        rows.push(Line::raw(format!("  {} {}", safe(&p.kind), safe(&p.id))));
    }
    rows.push(Line::styled("Resources", t.label()));
    for r in &h.resources {
        resource_lines(t, r, 0, &mut rows);
    }
    rows
}

fn render_form(
    t: &Theme,
    s: &HandshakeScreen,
    field: usize,
    head: Rect,
    body: Rect,
    f: &mut Frame,
) {
    f.render_widget(
        Line::styled(
            "Who: an account id (12 digits) or the email of its root user",
            t.dim(),
        ),
        head,
    );
    let label = |i: usize, text: &'static str| {
        let style = if i == field {
            t.selected(true)
        } else {
            t.label()
        };
        Span::styled(text, style)
    };
    // Only the field with the keyboard shows a cursor.
    let input = |i: usize, text: &crate::app::TextInput| {
        if i == field {
            text_field(text, t)
        } else {
            vec![Span::raw(safe(text.as_str()).into_owned())]
        }
    };
    let rows = vec![
        Line::from([vec![label(0, "account id or email ")], input(0, &s.target)].concat()),
        Line::raw(""),
        Line::from([vec![label(1, "notes (optional)    ")], input(1, &s.notes)].concat()),
        Line::raw(""),
        Line::styled(
            "The account's owner gets an email; the invitation stays open 15 days.",
            t.dim(),
        ),
    ];
    f.render_widget(Paragraph::new(rows).wrap(Wrap { trim: false }), body);
}
