//! The responsibility-transfers screen, drawn over the panes: which side the caller is
//! on, a note, the list (or one transfer described, the invitation form, the rename
//! prompt or the choice of when a transfer ends) and its keys.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::app::{
    end_choices, invite_problem, transfer_by_id, transfer_name_problem, transfer_rows, InviteField,
    Loadable, Model, Side, TextInput, TrStep, TransferRow, TransferScreen, INVITE_FIELDS,
};
use crate::text::safe;

use super::theme::Theme;
use super::{draw_rows, elide, text_field, window_start};

fn read_at(m: &Model) -> Option<&str> {
    match &m.cache.admin.transfers {
        Some(Loadable::Loaded(t)) if !t.read_at.is_empty() => Some(&t.read_at),
        _ => None,
    }
}

/// Which side of its transfers the caller is on.
fn side_words(m: &Model) -> String {
    let me = match &m.sts.caller {
        Some(Loadable::Loaded(c)) => Some(c.account.as_str()),
        _ => None,
    };
    match m.organization() {
        Some(o) if me.is_none_or(|me| me == o.master_account_id) => format!(
            "as the management account {} of {}",
            safe(&o.master_account_id),
            safe(&o.id)
        ),
        Some(o) => format!(
            "account {} is a member of {}: only its management account has transfers",
            safe(me.unwrap_or("?")),
            safe(&o.id)
        ),
        None => "of this account".into(),
    }
}

pub fn render(m: &Model, t: &Theme, s: &TransferScreen, f: &mut Frame, area: Rect) {
    let rect = Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    };
    let title = match &s.step {
        TrStep::Invite { .. } => "Invite an organization to transfer its billing".to_string(),
        TrStep::Detail { id } => format!("Responsibility transfer {}", safe(id)),
        TrStep::Rename { id } => format!("Rename responsibility transfer {}", safe(id)),
        TrStep::Terminate { id, .. } => format!("End responsibility transfer {}", safe(id)),
        TrStep::List => format!("Responsibility transfers, {}", side_words(m)),
    };
    let [head, note, body, keys] = super::admin_screen::screen_frame(t, f, rect, &title);
    let note_line = match (&s.note, &m.cache.admin.transfers) {
        (Some(n), _) => Line::styled(n.clone(), t.warn()),
        (None, Some(Loadable::Failed(e))) => Line::styled(
            format!("✗ {}: {}", safe(&e.code), safe(&e.message)),
            t.warn(),
        ),
        (None, Some(Loadable::Loaded(_))) => Line::raw(""),
        (None, _) => Line::styled("⟳ reading the transfers…", t.warn()),
    };
    f.render_widget(note_line, note);
    let ro = s.read_only;
    let pairs: Vec<(&str, &str)> = match &s.step {
        TrStep::Invite { field } => {
            render_form(m, t, s, *field, head, body, f);
            vec![("Tab", "next field"), ("Enter", "invite"), ("Esc", "back")]
        }
        TrStep::Rename { id } => {
            render_rename(m, t, s, id, head, body, f);
            vec![("Enter", "rename"), ("Esc", "back")]
        }
        TrStep::Terminate { id, choice } => {
            render_end(m, t, id, *choice, head, body, f);
            vec![
                ("↑↓", "end of which month"),
                ("Enter", "end it"),
                ("Esc", "back"),
            ]
        }
        TrStep::Detail { id } => {
            let rows = match transfer_by_id(m, id) {
                Some(r) => detail_rows(t, &r, body.width),
                None => vec![Line::styled("⟳ reading it…", t.warn())],
            };
            f.render_widget(Paragraph::new(rows).wrap(Wrap { trim: false }), body);
            if ro {
                vec![("Esc", "back"), ("read-only", "no changes")]
            } else {
                vec![("e", "rename"), ("C-x", "end"), ("Esc", "back")]
            }
        }
        TrStep::List => {
            let rows = transfer_rows(m);
            let inbound = rows.iter().filter(|r| r.side == Side::Inbound).count();
            let outbound = rows.len() - inbound;
            let summary = Line::from(vec![
                Span::styled("in ", t.label()),
                Span::raw(format!("{inbound}: this organization manages theirs")),
                Span::styled("   out ", t.label()),
                Span::raw(format!("{outbound}: they manage ours")),
            ]);
            f.render_widget(summary, head);
            if rows.is_empty() {
                let text = match &m.cache.admin.transfers {
                    Some(Loadable::Loaded(_)) => "  no responsibility transfers",
                    _ => "",
                };
                f.render_widget(Line::styled(text, t.dim()), body);
            } else {
                let list = Rect {
                    y: body.y + 1,
                    height: body.height.saturating_sub(1),
                    ..body
                };
                let widths = Widths::of(body.width);
                let heading = Rect { height: 1, ..body };
                f.render_widget(Line::styled(widths.heading(), t.label()), heading);
                let at = s.selected.min(rows.len() - 1);
                let start = window_start(at, list.height as usize);
                let lines = rows
                    .iter()
                    .skip(start)
                    .map(|r| row(t, r, &widths))
                    .collect();
                draw_rows(f, list, lines, Some((at - start, t.selected(true))));
            }
            if ro {
                vec![
                    ("Enter", "describe"),
                    ("C-r", "reload"),
                    ("Esc", "close"),
                    ("read-only", "no changes"),
                ]
            } else {
                vec![
                    ("Enter", "describe"),
                    ("C-n", "invite"),
                    ("e", "rename"),
                    ("C-x", "end"),
                    ("C-r", "reload"),
                    ("Esc", "close"),
                ]
            }
        }
    };
    f.render_widget(super::popup::keys(t, &pairs), keys);
}

/// Column widths of the list for a body `width` cells wide: the name and the other
/// party share what the fixed columns leave.
struct Widths {
    name: usize,
    party: usize,
}

impl Widths {
    /// dir 4, type 8, status 10, start 11, end 10 and the spaces between.
    const FIXED: usize = 4 + 8 + 10 + 11 + 10 + 6;

    fn of(width: u16) -> Widths {
        let room = usize::from(width).saturating_sub(Self::FIXED).max(20);
        let name = (room / 2).max(10);
        Widths {
            name,
            party: room.saturating_sub(name).max(10),
        }
    }

    fn heading(&self) -> String {
        format!(
            "{:<4}{:<n$} {:<p$} {:<8} {:<10} {:<11}{:<10}",
            "",
            "name",
            "other party",
            "type",
            "status",
            "start",
            "end",
            n = self.name,
            p = self.party
        )
    }
}

fn day(time: &str) -> &str {
    time.get(..10).unwrap_or(time)
}

fn row(t: &Theme, r: &TransferRow, w: &Widths) -> Line<'static> {
    let tr = &r.transfer;
    let dir = match r.side {
        Side::Inbound => "in",
        Side::Outbound => "out",
    };
    let status_style = match tr.status.as_str() {
        "ACCEPTED" => t.ok(),
        "REQUESTED" => t.warn(),
        _ => t.dim(),
    };
    let end = if tr.end.is_empty() {
        "—"
    } else {
        day(&tr.end)
    };
    Line::from(vec![
        Span::styled(format!("{dir:<4}"), t.label()),
        Span::raw(format!(
            "{:<n$} {:<p$} {:<8} ",
            elide(&safe(&tr.name), w.name),
            elide(&safe(r.other_party()), w.party),
            elide(&safe(&tr.kind), 8),
            n = w.name,
            p = w.party
        )),
        Span::styled(
            format!("{:<10} ", elide(&safe(&tr.status), 10)),
            status_style,
        ),
        Span::raw(format!("{:<11}{}", safe(day(&tr.start)), safe(end))),
    ])
}

fn party(p: &crate::org::TransferParticipant) -> String {
    match (
        p.management_account_id.is_empty(),
        p.management_account_email.is_empty(),
    ) {
        (false, false) => format!(
            "{} ({})",
            p.management_account_id, p.management_account_email
        ),
        (false, true) => p.management_account_id.clone(),
        (true, _) => format!("{} (not answered yet)", p.management_account_email),
    }
}

fn detail_rows(t: &Theme, r: &TransferRow, width: u16) -> Vec<Line<'static>> {
    let tr = &r.transfer;
    let side = match r.side {
        Side::Inbound => "inbound: this organization manages the other's",
        Side::Outbound => "outbound: the other organization manages this one's",
    };
    let end = if tr.end.is_empty() {
        "not set"
    } else {
        tr.end.as_str()
    };
    vec![
        super::field(t, "Name", &tr.name, width),
        super::field(t, "Id", &tr.id, width),
        super::field(t, "Type", &tr.kind, width),
        super::field(t, "Status", &tr.status, width),
        super::field(t, "Side", side, width),
        super::field(t, "Managed", &party(&tr.source), width),
        super::field(t, "Manager", &party(&tr.target), width),
        super::field(t, "Start", &tr.start, width),
        super::field(t, "End", end, width),
        super::field(
            t,
            "Handshake",
            tr.active_handshake_id.as_deref().unwrap_or("—"),
            width,
        ),
        super::field(t, "ARN", &tr.arn, width),
    ]
}

fn render_form(
    m: &Model,
    t: &Theme,
    s: &TransferScreen,
    field: InviteField,
    head: Rect,
    body: Rect,
    f: &mut Frame,
) {
    f.render_widget(
        Line::styled(
            "This organization will manage and pay the invited organization's billing",
            t.dim(),
        ),
        head,
    );
    let now = read_at(m);
    let mut rows = Vec::new();
    for fl in INVITE_FIELDS {
        let (label, input): (&str, &TextInput) = match fl {
            InviteField::Target => ("management account id or email ", &s.target),
            InviteField::Start => ("start (first day of a month)    ", &s.start),
            InviteField::Name => ("name of the transfer            ", &s.name),
            InviteField::Notes => ("notes (optional)                ", &s.notes),
        };
        let style = if fl == field {
            t.selected(true)
        } else {
            t.label()
        };
        let value = if fl == field {
            text_field(input, t)
        } else {
            vec![Span::raw(safe(input.as_str()).into_owned())]
        };
        rows.push(Line::from(
            [vec![Span::styled(label, style)], value].concat(),
        ));
        // A field's problem shows under it as soon as it holds text.
        match invite_problem(s, fl, now).filter(|_| !input.as_str().is_empty()) {
            Some(why) => rows.push(Line::styled(format!("  ✗ {why}"), t.warn())),
            None => rows.push(Line::raw("")),
        }
    }
    rows.push(Line::styled(
        "The start is 00:00 UTC on that day; the invitation stays open 15 days.",
        t.dim(),
    ));
    f.render_widget(Paragraph::new(rows).wrap(Wrap { trim: false }), body);
}

fn render_rename(
    m: &Model,
    t: &Theme,
    s: &TransferScreen,
    id: &str,
    head: Rect,
    body: Rect,
    f: &mut Frame,
) {
    let old = transfer_by_id(m, id).map_or_else(String::new, |r| r.transfer.name);
    f.render_widget(Line::styled(format!("Now: {}", safe(&old)), t.dim()), head);
    let mut rows = vec![Line::from(
        [
            vec![Span::styled("new name ", t.selected(true))],
            text_field(&s.rename, t),
        ]
        .concat(),
    )];
    if let Some(why) = transfer_name_problem(s.rename.as_str()) {
        rows.push(Line::styled(format!("  ✗ {why}"), t.warn()));
    }
    f.render_widget(Paragraph::new(rows), body);
}

fn render_end(
    m: &Model,
    t: &Theme,
    id: &str,
    choice: usize,
    head: Rect,
    body: Rect,
    f: &mut Frame,
) {
    let Some(r) = transfer_by_id(m, id) else {
        f.render_widget(Line::styled("⟳ reading it…", t.warn()), body);
        return;
    };
    f.render_widget(
        Line::styled(
            format!(
                "\"{}\" ends at the end of the month chosen (23:59:59.999 UTC)",
                safe(&r.transfer.name)
            ),
            t.dim(),
        ),
        head,
    );
    let ends = end_choices(&r.transfer, read_at(m));
    let at = choice.min(ends.len().saturating_sub(1));
    let start = window_start(at, body.height as usize);
    let lines = ends
        .iter()
        .skip(start)
        .map(|e| Line::raw(format!("  end of {}", day(e))))
        .collect();
    draw_rows(f, body, lines, Some((at - start, t.selected(true))));
}
