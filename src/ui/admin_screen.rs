//! The delegated-administrators, trusted-services and resource-policy screens, drawn over
//! the panes: what is typed, a note, the list (or the policy document), and the keys.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::{
    candidates, delegations, service_choices, trusted, AdminScreen, Loadable, Model, Screen, Step,
};
use crate::text::{pretty_json, safe, safe_multiline};

use super::theme::Theme;
use super::{draw_rows, text_field, window_start};

pub fn render(m: &Model, t: &Theme, s: &AdminScreen, f: &mut Frame, area: Rect) {
    let rect = Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    };
    let title = match (&s.screen, &s.step) {
        (Screen::Delegated, Step::List) => "Delegated administrators".to_string(),
        (Screen::Delegated, Step::Account) => {
            "Register a delegated administrator: which account?".into()
        }
        (_, Step::Service { account: Some(a) }) => {
            format!(
                "Register {} as delegated administrator of which service?",
                account_name(m, a)
            )
        }
        (Screen::Trusted, Step::List) => "Trusted services (AWS service access)".into(),
        (_, Step::Service { account: None }) => "Enable trusted access for which service?".into(),
        (Screen::ResourcePolicy, _) => "The organization's resource policy".into(),
        (Screen::Trusted, Step::Account) => String::new(),
    };
    let [query, note, body, keys] = screen_frame(t, f, rect, &title);
    if s.screen != Screen::ResourcePolicy {
        let label = match s.step {
            Step::List if s.screen == Screen::Delegated => "service filter ",
            Step::List => "filter ",
            Step::Account => "account ",
            Step::Service { .. } => "service principal ",
        };
        let spans = [
            vec![Span::styled(label, t.label())],
            text_field(&s.query, t),
        ]
        .concat();
        f.render_widget(Line::from(spans), query);
    }
    let (rows, loading) = body_rows(m, t, s);
    let note_line = match (&s.note, loading) {
        (Some(n), _) => Line::styled(n.clone(), t.warn()),
        (None, Some(what)) => Line::styled(format!("⟳ reading {what}…"), t.warn()),
        (None, None) => Line::raw(""),
    };
    f.render_widget(note_line, note);
    if s.screen == Screen::ResourcePolicy {
        let scroll = u16::try_from(s.selected).unwrap_or(u16::MAX);
        let doc = Paragraph::new(rows).wrap(Wrap { trim: false });
        f.render_widget(doc.scroll((scroll, 0)), body);
    } else if rows.is_empty() {
        f.render_widget(Line::styled("  nothing to list", t.dim()), body);
    } else {
        let at = s.selected.min(rows.len() - 1);
        let start = window_start(at, body.height as usize);
        let rows = rows.into_iter().skip(start).collect();
        draw_rows(f, body, rows, Some((at - start, t.selected(true))));
    }
    let pairs: &[(&str, &str)] = match (&s.screen, &s.step) {
        (Screen::Delegated, Step::List) => &[
            ("C-n", "register"),
            ("C-x", "deregister"),
            ("C-r", "re-read"),
            ("Esc", "close"),
        ],
        (Screen::Trusted, Step::List) => &[
            ("C-n", "enable"),
            ("C-x", "disable"),
            ("C-r", "re-read"),
            ("Esc", "close"),
        ],
        (Screen::ResourcePolicy, _) => &[
            ("e", "edit"),
            ("D", "delete"),
            ("↑↓", "scroll"),
            ("C-r", "re-read"),
            ("Esc", "close"),
        ],
        _ => &[("Enter", "choose"), ("↑↓", "move"), ("Esc", "back")],
    };
    f.render_widget(super::popup::keys(t, pairs), keys);
}

/// The width of a column of service principals: the longest (at most 48), so the next
/// column follows closely on a narrow screen.
fn column<'a>(values: impl Iterator<Item = &'a str>) -> usize {
    values
        .map(|v| v.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(24, 48)
}

fn account_name(m: &Model, id: &str) -> String {
    let listed = m.cache.accounts.as_ref().and_then(Loadable::loaded);
    let name = listed
        .and_then(|all| all.iter().find(|a| a.id == id))
        .map_or(id, |a| a.name.as_str());
    format!("{} ({})", safe(name), safe(id))
}

/// The rows of the screen's body, and what is still being read.
fn body_rows(m: &Model, t: &Theme, s: &AdminScreen) -> (Vec<Line<'static>>, Option<&'static str>) {
    let q = s.query.as_str();
    let admin = &m.cache.admin;
    match (&s.screen, &s.step) {
        (_, Step::Account) => {
            let rows = candidates(m, q)
                .iter()
                .map(|a| Line::raw(format!("{}  {}  {}", safe(&a.name), a.id, safe(&a.email))))
                .collect();
            let loading = matches!(m.cache.accounts, Some(Loadable::Loading) | None);
            (rows, loading.then_some("the accounts"))
        }
        (_, Step::Service { .. }) => {
            let rows = service_choices(m, q)
                .iter()
                .map(|sp| Line::raw(safe(sp).into_owned()))
                .collect();
            (rows, None)
        }
        (Screen::Delegated, Step::List) => {
            let list = delegations(m, q);
            let w = column(list.iter().map(|d| d.service.as_deref().unwrap_or("")));
            let rows = list
                .iter()
                .map(|d| {
                    let service = match &d.service {
                        Some(sp) => Span::raw(format!("{:<w$}", safe(sp))),
                        None => {
                            Span::styled(format!("{:<w$}", "⟳ reading its services…"), t.warn())
                        }
                    };
                    Line::from(vec![
                        service,
                        Span::raw(format!("  {} ({})", safe(&d.account.name), d.account.id)),
                        Span::styled(format!("  since {}", safe(&d.since)), t.dim()),
                    ])
                })
                .collect();
            let loading = !matches!(admin.delegated_admins, Some(Loadable::Loaded(_)));
            (rows, loading.then_some("the delegated administrators"))
        }
        (Screen::Trusted, Step::List) => {
            let list = trusted(m, q);
            let w = column(list.iter().map(|e| e.service_principal.as_str()));
            let rows = list
                .iter()
                .map(|e| {
                    Line::from(vec![
                        Span::raw(format!("{:<w$}", safe(&e.service_principal))),
                        Span::styled(format!("  enabled {}", safe(&e.enabled_at)), t.dim()),
                    ])
                })
                .collect();
            let loading = !matches!(admin.trusted_services, Some(Loadable::Loaded(_)));
            (rows, loading.then_some("the trusted services"))
        }
        (Screen::ResourcePolicy, Step::List) => match &admin.resource_policy {
            Some(Loadable::Loaded(Some(p))) => {
                let mut rows = vec![
                    super::field(t, "Id", &p.id, 200),
                    super::field(t, "ARN", &p.arn, 200),
                    Line::raw(""),
                ];
                rows.extend(
                    safe_multiline(&pretty_json(&p.content))
                        .lines()
                        .map(|l| Line::raw(l.to_string())),
                );
                (rows, None)
            }
            Some(Loadable::Loaded(None)) => {
                (vec![Line::styled("none — e creates one", t.dim())], None)
            }
            Some(Loadable::Failed(e)) => (super::detail::error_lines(t, e), None),
            _ => (Vec::new(), Some("the resource policy")),
        },
    }
}

/// A screen over the panes: its box titled `title` (elided to fit), and its rows — a line
/// for the query or heading, one for a note, the body, and the key line.
pub(super) fn screen_frame(t: &Theme, f: &mut Frame, rect: Rect, title: &str) -> [Rect; 4] {
    let block = super::pane(
        super::elide(title, usize::from(rect.width.saturating_sub(4))),
        true,
        t,
    );
    let inner = block.inner(rect);
    f.render_widget(Clear, rect);
    f.render_widget(block, rect);
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner)
}
