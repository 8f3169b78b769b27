//! `view(&Model, &Theme, &mut Frame)`: pure drawing of the model in the given colours.
//! Only rows on screen are built.

pub use crate::layout;
pub mod theme;

mod detail;
mod dialogs;
mod editor;
mod lists;
mod overlay;
mod policy_pane;
mod status;
mod trace;
mod tree;

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders};
use ratatui::Frame;

use crate::app::{Loadable, Mode, Model, View};
use theme::Theme;

pub fn view(m: &Model, t: &Theme, f: &mut Frame) {
    let a = layout::areas(f.area());
    status::title_bar(m, t, f, a.title);
    status::bottom_line(m, t, f, a.status);
    match &m.org {
        Some(Loadable::Loaded(_)) => match m.view {
            View::Tree => {
                tree::render(m, t, f, a.tree);
                detail::render(m, t, f, a.detail);
                policy_pane::render(m, t, f, a.policies);
            }
            View::Policies => lists::policies_view(m, t, f, a.main),
            View::Accounts => lists::accounts_view(m, t, f, a.main),
        },
        Some(Loadable::Failed(err)) => overlay::org_error(t, err, f, a.main),
        _ => overlay::connecting(t, f, a.main),
    }
    match &m.mode {
        Mode::Help => overlay::help(t, f, f.area()),
        Mode::Dialog(d) => dialogs::render(m, t, d, f, a.main),
        _ => {}
    }
    if let Some(e) = &m.sts.exports {
        crate::shell::overlay::render(e, t, f, a.main);
    }
}

/// A bordered pane whose border shows whether it has the focus.
pub(crate) fn pane<'a>(title: impl Into<String>, focused: bool, theme: &Theme) -> Block<'a> {
    let style = if focused {
        theme.border_focused()
    } else {
        theme.border()
    };
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(style)
        .title(Span::styled(
            format!(" {} ", title.into()),
            if focused { style } else { theme.title() },
        ))
}

/// A text field's spans: the text with its cursor (a block at the end, else the char
/// under it shown reversed).
pub(crate) fn text_field(input: &crate::app::TextInput, theme: &Theme) -> Vec<Span<'static>> {
    let (before, after) = input.split_at_cursor();
    let mut rest = after.chars();
    let under = rest.next();
    let mut spans = vec![Span::raw(crate::text::safe(before).into_owned())];
    match under {
        Some(c) => {
            let c = c.to_string();
            spans.push(Span::styled(
                crate::text::safe(&c).into_owned(),
                ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::REVERSED),
            ));
            spans.push(Span::raw(crate::text::safe(rest.as_str()).into_owned()));
        }
        None => spans.push(Span::styled("█", theme.dim())),
    }
    spans
}

/// `label: value` line for detail panes.
pub(crate) fn field<'a>(theme: &Theme, label: &str, value: impl Into<String>) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label:<10} "), theme.label()),
        Span::raw(value.into()),
    ])
}

/// `text` as spans in `base`, with the chars at `positions` (ascending) also in `hl`:
/// how matches of a filter or a picker query are shown.
pub(crate) fn marked(
    text: &str,
    positions: &[usize],
    base: Style,
    hl: Style,
) -> Vec<Span<'static>> {
    if positions.is_empty() {
        return vec![Span::styled(text.to_string(), base)];
    }
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_marked = false;
    let mut next = positions.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        let is_marked = next.next_if_eq(&&i).is_some();
        if is_marked != run_marked && !run.is_empty() {
            let style = if run_marked { base.patch(hl) } else { base };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_marked = is_marked;
        run.push(c);
    }
    if !run.is_empty() || spans.is_empty() {
        spans.push(Span::styled(
            run,
            if run_marked { base.patch(hl) } else { base },
        ));
    }
    spans
}

/// `text` with the first case-insensitive occurrence of `filter` highlighted.
pub(crate) fn filter_marked(
    filter: &str,
    text: &str,
    base: Style,
    t: &Theme,
) -> Vec<Span<'static>> {
    let hit: Vec<usize> = crate::fuzzy::substring(filter, text)
        .map(Iterator::collect)
        .unwrap_or_default();
    marked(text, &hit, base, t.highlight())
}

// In `layout`, which mouse hit-testing shares.
pub(crate) use crate::layout::window_start;

/// Draws `lines` one per row of `area`, highlighting row `highlight` (index into lines).
pub(crate) fn draw_rows(
    f: &mut Frame,
    area: Rect,
    lines: Vec<Line>,
    highlight: Option<(usize, ratatui::style::Style)>,
) {
    for (i, line) in lines.into_iter().enumerate().take(area.height as usize) {
        let row = Rect::new(area.x, area.y + i as u16, area.width, 1);
        if let Some((h, style)) = highlight {
            if h == i {
                f.buffer_mut().set_style(row, style);
            }
        }
        f.render_widget(line, row);
    }
}
