//! The full-width views: every policy of the organization, and every account.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::app::{Loadable, Model};
use crate::org::AccountState;
use crate::text::safe;

use super::theme::Theme;

use super::detail::{error_lines, policy_lines, tag_lines};
use super::{draw_rows, field, filter_marked, fit, marked, pane, window_start, Part};
use crate::app::count;

/// Draws the loading or failed state of a list; `so_far` counts items already received.
fn placeholder<T>(
    t: &Theme,
    state: &Option<Loadable<T>>,
    so_far: usize,
    f: &mut Frame,
    area: Rect,
) -> bool {
    match state {
        Some(Loadable::Loaded(_)) => false,
        Some(Loadable::Failed(e)) => {
            f.render_widget(
                Paragraph::new(error_lines(t, e)).wrap(Wrap { trim: false }),
                area,
            );
            true
        }
        _ => {
            let label = if so_far > 0 {
                format!("⟳ loading… {so_far} so far")
            } else {
                "⟳ loading…".into()
            };
            f.render_widget(Span::styled(label, t.warn()), area);
            true
        }
    }
}

pub fn policies_view(m: &Model, t: &Theme, f: &mut Frame, area: Rect) {
    let v = &m.policies_view;
    let [left, targets_area, doc_area] = crate::layout::policies_view(area);

    let block = pane(filter_title("Policies", &m.filter), !v.on_targets, t);
    let inner = block.inner(left);
    f.render_widget(block, left);
    if placeholder(t, &m.cache.policies, 0, f, inner) {
        return;
    }
    let list = m.visible_policies();
    let start = window_start(v.selected, inner.height as usize);
    let lines = list
        .iter()
        .skip(start)
        .take(inner.height as usize)
        .map(|p| {
            let mut parts = vec![
                Part::fixed(format!("{:<4} ", p.kind.short()), t.dim()),
                Part::filtered(&m.filter, safe(&p.name), Style::new()),
            ];
            if let Some(Loadable::Loaded(targets)) = m.cache.policy_targets.get(&p.id) {
                let n = count(targets.len(), "target", "targets");
                parts.push(Part::fixed(format!("  {n}"), t.dim()));
            }
            // Only when the name fits whole beside it: the name matters more.
            let managed = "  AWS managed";
            let used: usize = parts.iter().map(|p| p.text.chars().count()).sum();
            if p.aws_managed && used + managed.len() <= inner.width as usize {
                parts.push(Part::fixed(managed, t.dim()));
            }
            fit(parts, inner.width as usize, t.highlight())
        })
        .collect();
    draw_rows(
        f,
        inner,
        lines,
        (!list.is_empty()).then(|| (v.selected - start, t.selected(!v.on_targets))),
    );

    let Some(policy) = list.get(v.selected) else {
        return;
    };
    let block = pane("Targets — Enter jumps to the tree", v.on_targets, t);
    let inner = block.inner(targets_area);
    f.render_widget(block, targets_area);
    let targets = m.cache.policy_targets.get(&policy.id).cloned();
    if !placeholder(t, &targets, 0, f, inner) {
        if let Some(Loadable::Loaded(targets)) = targets {
            let start = window_start(v.target_selected, inner.height as usize);
            let lines = if targets.is_empty() {
                vec![Line::styled("Not attached anywhere", t.dim())]
            } else {
                targets
                    .iter()
                    .skip(start)
                    .take(inner.height as usize)
                    .map(|tg| {
                        let parts = vec![
                            Part::fixed(format!("{:<8}", tg.kind.label()), t.dim()),
                            Part::name(safe(&tg.name), Style::new()),
                            Part::fixed(format!("  {}", safe(&tg.target_id)), t.dim()),
                        ];
                        fit(parts, inner.width as usize, t.highlight())
                    })
                    .collect()
            };
            let hl = (v.on_targets && !targets.is_empty())
                .then(|| (v.target_selected - start, t.selected(true)));
            draw_rows(f, inner, lines, hl);
        }
    }
    let lines = policy_lines(
        m,
        t,
        policy,
        m.cache.policy_docs.get(&policy.id),
        doc_area.width.saturating_sub(2),
    );
    let (doc_title, doc_scroll) = super::detail::document_window(m, &policy.id, &lines, doc_area);
    f.render_widget(
        Paragraph::new(lines)
            .block(pane(doc_title, v.on_document, t))
            .wrap(Wrap { trim: false })
            .scroll((doc_scroll, 0)),
        doc_area,
    );
}

pub fn accounts_view(m: &Model, t: &Theme, f: &mut Frame, area: Rect) {
    let v = &m.accounts_view;
    let [list_area, detail_area] = crate::layout::accounts_view(area);
    let state = v
        .state
        .as_ref()
        .map_or(String::new(), |s| format!(", only {}", s.as_api_str()));
    let count = match &m.cache.accounts {
        Some(Loadable::Loaded(l)) => format!(
            "Accounts ({} of {}) · by {} {}{state}",
            m.visible_accounts().len(),
            l.len(),
            v.sort.label(),
            if v.descending { "↓" } else { "↑" }
        ),
        _ => "Accounts".into(),
    };
    let block = pane(filter_title(&count, &m.filter), true, t);
    let inner = block.inner(list_area);
    f.render_widget(block, list_area);
    if placeholder(t, &m.cache.accounts, m.requests.staged(None), f, inner) {
        return;
    }
    let list = m.visible_accounts();
    let wide = inner.width >= 100;
    let name_w = (inner.width as usize / 5).clamp(12, 28);
    // Without the join date (narrow screens) the OU path gets its room.
    let path_share = if wide { 5 } else { 4 };
    let path_w = (inner.width as usize / path_share).clamp(10, 32);
    // The column headers, padded as the rows below are.
    let mut head = format!("{:<w$}{:<14}{:<11}", "Name", "Id", "State", w = name_w + 1);
    if wide {
        head.push_str(&format!("{:<12}", "Joined"));
    }
    head.push_str(&format!("{:<w$}Email", "OU path", w = path_w + 2));
    let header = Rect {
        height: inner.height.min(1),
        ..inner
    };
    f.render_widget(
        Line::styled(head, t.label().add_modifier(Modifier::BOLD)),
        header,
    );
    let inner = crate::layout::accounts_rows(list_area);
    let start = window_start(v.selected, inner.height as usize);
    let lines = list
        .iter()
        .skip(start)
        .take(inner.height as usize)
        .map(|a| {
            let style = if a.state == AccountState::Active {
                t.ok()
            } else {
                t.error()
            };
            let mut spans = truncated_name(&m.filter, &safe(&a.name), name_w, t);
            spans.extend(filter_marked(&m.filter, &safe(&a.id), t.dim(), t));
            spans.push(Span::styled("  ", t.dim()));
            spans.push(Span::styled(
                format!("{:<10} ", a.state.as_api_str()),
                style,
            ));
            // The date alone: the time of day says little in a list. Narrow screens leave
            // it to the detail below, for the OU path and email.
            if wide {
                let joined: String = a.joined_at.chars().take(10).collect();
                spans.push(Span::styled(format!("{:<10}  ", safe(&joined)), t.dim()));
            }
            let path = m.account_path(&a.id).unwrap_or_else(|| "…".into());
            spans.push(Span::raw(format!("{:<path_w$}  ", truncate(&path, path_w))));
            // The email takes what is left of the row, elided to fit it.
            let used: usize = spans.iter().map(|s| s.width()).sum();
            let room = (inner.width as usize).saturating_sub(used);
            let email = Part::filtered(&m.filter, safe(&a.email), Style::new());
            spans.extend(fit(vec![email], room, t.highlight()).spans);
            Line::from(spans)
        })
        .collect();
    draw_rows(
        f,
        inner,
        lines,
        (!list.is_empty()).then(|| (v.selected - start, t.selected(true))),
    );

    let Some(a) = list.get(v.selected) else {
        return;
    };
    let path = match (
        m.index
            .get(&a.id)
            .filter(|&&ix| m.node(ix).parent.is_some()),
        m.cache.ancestors.get(&a.id),
    ) {
        (Some(&ix), _) => m.path_text(ix),
        (None, Some(Loadable::Loaded(chain))) => chain
            .iter()
            .rev()
            .map(|p| {
                m.node_by_id(&p.id)
                    .map_or(safe(&p.name).into_owned(), |n| safe(n.name()).into_owned())
            })
            .chain(std::iter::once(safe(&a.name).into_owned()))
            .collect::<Vec<_>>()
            .join(" / "),
        (None, Some(Loadable::Failed(e))) => format!("✗ {}", safe(&e.code)),
        _ => "⟳ loading…".into(),
    };
    let width = detail_area.width.saturating_sub(2);
    let joined = format!("{} {}", a.joined_method, a.joined_at);
    let mut lines = vec![
        field(t, "Path", &path, width),
        field(t, "Joined", &joined, width),
        field(t, "ARN", &a.arn, width),
    ];
    lines.extend(tag_lines(m, t, &a.id, width));
    let delegated = crate::app::fields::delegated_fields(m, &a.id);
    lines.extend(
        delegated
            .iter()
            .map(|fl| field(t, fl.label, &fl.value, width)),
    );
    f.render_widget(
        Paragraph::new(lines).block(pane(format!("Account {}", safe(&a.name)), false, t)),
        detail_area,
    );
}

fn filter_title(title: &str, filter: &str) -> String {
    if filter.is_empty() {
        title.to_string()
    } else {
        format!("{title} — filter: {}", safe(filter))
    }
}

/// `name` cut to `width` and padded to it plus one space, with the part of the filter's
/// match that is still visible highlighted.
fn truncated_name(filter: &str, name: &str, width: usize, t: &Theme) -> Vec<Span<'static>> {
    let shown = truncate(name, width);
    let shown_len = shown.chars().count();
    // Chars before the "…" are the name's own; a match reaching past them is cut there.
    let kept = if shown == name {
        shown_len
    } else {
        shown_len.saturating_sub(1)
    };
    let hit: Vec<usize> = crate::fuzzy::filter_hits(filter, name)
        .into_iter()
        .filter(|&i| i < kept)
        .collect();
    let mut spans = marked(&shown, &hit, Style::new(), t.highlight());
    spans.push(Span::raw(" ".repeat(width.saturating_sub(shown_len) + 1)));
    spans
}

fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}
