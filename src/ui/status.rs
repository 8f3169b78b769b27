//! The title bar, the status line (the latest message, or the filter or palette being
//! typed) and the hint line (the keys that act where the focus is, ending with "? help").

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use ratatui::Frame;

use crate::app::{is_change_key, Loadable, Mode, Model, Pane, Status, View};
use crate::keymap::{self, table, Action, Scope};
use crate::text::safe;

use super::theme::Theme;
use super::{elide, elide_middle, fit, one_line, Part};

/// Below this width the title names the current view only, not all three.
const TABS_MIN_WIDTH: u16 = 100;

pub fn title_bar(m: &Model, t: &Theme, f: &mut Frame, area: Rect) {
    let mut parts = vec![Part::fixed(" orgtui ", t.key())];
    if let Some(org) = m.organization() {
        parts.push(Part::fixed(
            format!(
                " {} · mgmt {} ",
                safe(&org.id),
                safe(&org.master_account_id)
            ),
            Style::new(),
        ));
    }
    // The profile always shows (which organization is this?); its endpoint gives way
    // first: ids, the caller and modes must stay readable.
    let (profile, endpoint) = match m.context.source.split_once(" @ ") {
        Some((profile, endpoint)) => (profile, Some(endpoint)),
        None => (m.context.source.as_str(), None),
    };
    let caller_at = parts.len();
    if !profile.is_empty() {
        parts.push(Part::fixed(format!("· {} ", safe(profile)), t.dim()));
    }
    if let Some(endpoint) = endpoint {
        parts.push(Part::name(format!("@ {}", safe(endpoint)), t.dim()));
        parts.push(Part::fixed(" ", t.dim()));
    }
    if m.context.read_only {
        parts.push(Part::fixed("· READ-ONLY ", t.warn()));
    }
    if let Some(age) = &m.cached {
        parts.push(Part::name(format!("· as of {}", safe(age)), t.warn()));
        parts.push(Part::fixed(" ", t.warn()));
    }
    let marked = m.marked_count();
    if marked > 0 {
        parts.push(Part::fixed(format!("· {marked} marked "), t.warn()));
    }
    // A profile name too long for the row is shortened in its middle rather than pushing
    // the fixed parts after it (READ-ONLY above all) off the row. Parts that may shrink
    // count as one cell: `fit` takes them down that far.
    let width = |p: &Part| unicode_width::UnicodeWidthStr::width(p.text.as_str());
    if !profile.is_empty() {
        let others: usize = (parts.iter().enumerate())
            .filter(|&(i, _)| i != caller_at)
            .map(|(_, p)| if p.elide { 1 } else { width(p) })
            .sum::<usize>()
            + 1; // the tabs, after these
        let room = (area.width as usize).saturating_sub(others + 3); // "· " and " "
        let profile = safe(profile);
        let text = match profile.strip_prefix("profile ") {
            Some(name) => format!("profile {}", elide_middle(name, room.saturating_sub(8))),
            None => elide_middle(&profile, room),
        };
        parts[caller_at].text = format!("· {text} ");
    }
    // The profile and a bit of the endpoint take room the tabs would: the tabs give way
    // to them (and so to the caller).
    let taken = profile.chars().count() + usize::from(endpoint.is_some()) * 12;
    let taken = u16::try_from(taken).unwrap_or(u16::MAX);
    parts.extend(view_tabs(m, t, area.width.saturating_sub(taken)));
    // The caller (STS) gets the room the parts that cannot shrink leave ("· as " and a
    // space are 6 columns); where the data comes from gives way to it.
    let profile_parts = usize::from(!profile.is_empty());
    let source = usize::from(endpoint.is_some()) * 2;
    let (mut used, mut source_width) = (0, 0);
    for (i, p) in parts.iter().enumerate() {
        if (caller_at + profile_parts..caller_at + profile_parts + source).contains(&i) {
            source_width += width(p);
        } else {
            used += width(p);
        }
    }
    // What is left after "· as " and a space, and up to 10 columns for the source.
    let room = (area.width as usize).saturating_sub(used + 6 + source_width.min(10));
    match crate::app::caller::caller_label(m, room) {
        Some(Ok(who)) => parts.insert(caller_at, Part::fixed(format!("· as {who} "), Style::new())),
        Some(Err(why)) => parts.insert(caller_at, Part::fixed(format!("· {why} "), t.warn())),
        None => {}
    }
    f.render_widget(fit(parts, area.width as usize, t.highlight()), area);
}

/// The views and their keys, the current one highlighted: "1 tree  2 policies  3 accounts";
/// on a narrow screen only the current one ("policies view").
fn view_tabs(m: &Model, t: &Theme, width: u16) -> Vec<Part> {
    let mut views = vec![
        (View::Tree, "1", "tree"),
        (View::Policies, "2", "policies"),
        (View::Accounts, "3", "accounts"),
    ];
    // The creation requests are an occasional view: a tab only while it is shown.
    if m.view == View::Creations {
        views.push((View::Creations, "4", "creation requests"));
    }
    if width < TABS_MIN_WIDTH {
        let name = views.iter().find(|v| v.0 == m.view).map_or("", |v| v.2);
        return vec![Part::name(format!("· {name} view"), t.title())];
    }
    let mut parts = vec![Part::fixed("· view", t.dim())];
    for (view, key, name) in views {
        let style = if view == m.view {
            t.title().add_modifier(Modifier::REVERSED)
        } else {
            t.dim()
        };
        parts.push(Part::fixed(format!(" {key} {name} "), style));
    }
    parts
}

/// The status line; `true` when its message took the hint line (`below`) as well.
pub fn status_line(m: &Model, t: &Theme, f: &mut Frame, area: Rect, below: Rect) -> bool {
    let width = area.width as usize;
    let typing = match m.mode {
        Mode::Filter => Some(("/", &m.filter)),
        Mode::Command => Some((":", &m.command)),
        _ => None,
    };
    if let Some((prompt, input)) = typing {
        let mut spans = vec![Span::styled(prompt, t.key())];
        spans.extend(super::text_field(input, t));
        f.render_widget(Line::from(spans), area);
        return false;
    }
    // While AWS throttles, that is the news: it explains why everything is slow.
    let throttling = m.throttle.and_then(|s| s.describe());
    let failed_start = matches!(m.org, Some(Loadable::Failed(_)));
    let line = match &m.status {
        _ if throttling.is_some() => throttling.map(|s| (format!("⚠ {s}"), t.warn())),
        Some(Status::Info(s)) => Some((safe(s).into_owned(), t.ok())),
        // A failed start has its own dialog saying the same.
        Some(Status::Error(_)) if failed_start => None,
        Some(Status::Error(e)) => {
            let sso = crate::app::contexts::sso_login_offer(m).map(|p| {
                let key = keymap::label_for(Scope::Global, Action::SsoLogin).unwrap_or("L");
                format!("{key} runs aws sso login --profile {}. ", safe(&p))
            });
            // The offer first: the explanation may not fit whole.
            Some((
                format!(
                    "✗ {} — {}{}",
                    one_line(&e.to_string()),
                    sso.unwrap_or_default(),
                    e.explanation()
                ),
                t.error(),
            ))
        }
        None => None,
    };
    let Some((text, style)) = line else {
        return false;
    };
    let text = format!(" {text}");
    if text.chars().count() <= width || below.height == 0 {
        f.render_widget(Span::styled(elide(&text, width), style), area);
        return false;
    }
    let both = Rect {
        height: area.height + below.height,
        ..area
    };
    let wrapped = Paragraph::new(Line::styled(text, style)).wrap(Wrap { trim: false });
    // Drawn once a row taller as well, to know whether the rows shown cut it.
    let mut taller = Buffer::empty(Rect::new(0, 0, both.width, both.height + 1));
    wrapped.clone().render(taller.area, &mut taller);
    f.render_widget(wrapped, both);
    let cut = (0..both.width).any(|x| taller[(x, both.height)].symbol() != " ");
    if cut && both.width > 0 {
        // "…" after the last row's text (`:messages` shows it whole).
        let y = both.y + both.height - 1;
        let buf = f.buffer_mut();
        let used = (both.x..both.x + both.width)
            .rev()
            .find(|&x| buf[(x, y)].symbol() != " ")
            .map_or(both.x, |x| x + 1);
        let x = used.min(both.x + both.width - 1);
        buf[(x, y)].set_symbol("…").set_style(style);
    }
    true
}

/// The scope whose keys the hint line shows.
fn scope(m: &Model) -> Scope {
    match m.mode {
        Mode::Filter => Scope::Filter,
        Mode::Command => Scope::Command,
        _ => match (m.view, m.focus) {
            (View::Tree, Pane::Tree) => Scope::Tree,
            (View::Tree, Pane::Policies) => Scope::Policies,
            (View::Tree, Pane::Detail) => Scope::Detail,
            _ => Scope::Lists,
        },
    }
}

/// The hints for the focus, own keys first, as many as fit, then always "? help" (in
/// the main panes, where `?` opens it).
pub fn hint_line(m: &Model, t: &Theme, f: &mut Frame, area: Rect) {
    let scope = scope(m);
    let main = scope.layer() == Scope::Global;
    let shown = |b: &&crate::keymap::Binding| {
        b.hint
            && !(m.context.read_only && is_change_key(b.action))
            && !matches!(
                (b.action, m.view),
                (Action::Help, _)
                    | (Action::ViewTree, View::Tree)
                    | (Action::ViewPolicies, View::Policies)
                    | (Action::ViewAccounts, View::Accounts)
                    | (
                        Action::SortNext | Action::SortReverse | Action::StateFilter,
                        View::Policies
                    )
                    | (Action::NextPane, View::Accounts)
            )
    };
    // The detail pane has no keys of its own; copying its field is what it is for.
    let own = table().iter().filter(|b| {
        (b.scope == scope && main && scope != Scope::Global)
            || (scope == Scope::Detail && b.action == Action::Copy)
    });
    let rest = table().iter().filter(move |b| {
        let first = scope == Scope::Detail && b.action == Action::Copy;
        !first
            && if main {
                b.scope == Scope::Global
            } else {
                b.scope == scope
            }
    });
    let hint = |key: &str, desc: &str| {
        vec![
            Span::styled(format!(" {key}"), t.key()),
            Span::styled(format!(" {desc}"), t.dim()),
        ]
    };
    // The keys in force: the config file may have remapped them.
    let label = |action, default| keymap::label_for(Scope::Global, action).unwrap_or(default);
    let help = if main {
        hint(label(Action::Help, "?"), "help")
    } else {
        Vec::new()
    };
    if main && matches!(m.org, Some(Loadable::Failed(_))) {
        // Only retrying and quitting act before the organization is read.
        let retry = hint(label(Action::Refresh, "r"), "retry");
        let spans = [retry, hint(label(Action::Quit, "q"), "quit"), help].concat();
        f.render_widget(Line::from(spans), area);
        return;
    }
    let room = (area.width as usize).saturating_sub(help.iter().map(Span::width).sum());
    let mut spans = Vec::new();
    let mut used = 0;
    for b in own.chain(rest).filter(shown) {
        let desc = b.desc.split([' ', '/']).next().unwrap_or(b.desc);
        let pair = hint(b.label, desc);
        let w: usize = pair.iter().map(Span::width).sum();
        // A long hint that does not fit leaves room for shorter ones after it.
        if used + w > room {
            continue;
        }
        used += w;
        spans.extend(pair);
    }
    spans.extend(help);
    f.render_widget(Line::from(spans), area);
}
