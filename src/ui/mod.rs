//! `view(&Model, &Theme, &mut Frame)`: pure drawing of the model in the given colours.
//! Only rows on screen are built.

pub use crate::layout;
mod admin_screen;
mod handshakes;
pub mod theme;
mod transfers;

mod account_form;
mod creations;
mod creds;
mod describe;
mod detail;
mod dialogs;
mod editor;
mod effective;
mod lists;
mod overlay;
mod palette;
mod plan;
mod policy_pane;
mod popup;
mod status;
mod tag_editor;
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
    // A message too long for its line takes the hint line too: read whole, at 80
    // columns as well (the hints are back with the next message or key).
    if !status::status_line(m, t, f, a.status, a.hints) {
        status::hint_line(m, t, f, a.hints);
    }
    match &m.org {
        Some(Loadable::Loaded(_)) => match m.view {
            View::Tree => {
                tree::render(m, t, f, a.tree);
                detail::render(m, t, f, a.detail);
                policy_pane::render(m, t, f, a.policies);
            }
            View::Policies => lists::policies_view(m, t, f, a.main),
            View::Accounts => lists::accounts_view(m, t, f, a.main),
            View::Creations => creations::render(m, t, f, a.main),
        },
        Some(Loadable::Failed(err)) => {
            let sso = crate::app::contexts::sso_login_offer(m);
            overlay::org_error(t, err, sso.as_deref(), f, a.main)
        }
        _ => overlay::connecting(t, f, a.main),
    }
    match &m.mode {
        Mode::Help => overlay::help(t, m.help_scroll, f, f.area()),
        Mode::Dialog(d) => dialogs::render(m, t, d, f, a.main),
        Mode::Command => palette::render(m, t, f, a.main),
        _ => {}
    }
    if let Some(e) = &m.sts.exports {
        crate::ui::creds::render(e, t, f, a.main);
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

/// Width of the label column of `label value` lines.
const LABEL_W: usize = 10;

/// `label value` line for detail panes, on one row of `width` cells: the value is elided
/// with "…" rather than wrapped away from its label (`y` copies it whole).
pub(crate) fn field<'a>(theme: &Theme, label: &str, value: &str, width: u16) -> Line<'a> {
    field_styled(theme, label, value, Style::new(), width)
}

/// `field` with the value in `style`.
pub(crate) fn field_styled<'a>(
    theme: &Theme,
    label: &str,
    value: &str,
    style: Style,
    width: u16,
) -> Line<'a> {
    let room = usize::from(width).saturating_sub(LABEL_W + 1).max(1);
    Line::from(vec![
        Span::styled(format!("{label:<LABEL_W$} "), theme.label()),
        Span::styled(elide(&crate::text::safe(value), room), style),
    ])
}

/// Text for one row: line breaks become spaces (an error message may span lines), and
/// what is left is escaped like any text from the API.
pub(crate) fn one_line(s: &str) -> String {
    let joined: Vec<&str> = s.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    crate::text::safe(&joined.join(" ")).into_owned()
}

/// `s` cut to at most `width` cells, ending in "…" when something was cut.
pub(crate) fn elide(s: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `s` cut to at most `width` cells by taking out its middle ("production…-admin"): both
/// ends of a long name say most (SSO profile names end in the account id).
pub(crate) fn elide_middle(s: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if s.width() <= width {
        return s.to_string();
    }
    let room = width.saturating_sub(1);
    let take = |chars: &mut dyn Iterator<Item = char>, budget: usize| {
        let mut out = Vec::new();
        let mut used = 0;
        for c in chars {
            let w = c.width().unwrap_or(0);
            if used + w > budget {
                break;
            }
            used += w;
            out.push(c);
        }
        out
    };
    let head = take(&mut s.chars(), room - room / 2);
    let mut tail = take(&mut s.chars().rev(), room / 2);
    tail.reverse();
    let mut out: String = head.into_iter().collect();
    if width > 0 {
        out.push('…');
    }
    out.extend(tail);
    out
}

/// One piece of a row for `fit`: its text, style, the chars a filter matched, and
/// whether it may be shortened (names may; ids, states and markers may not).
pub(crate) struct Part {
    pub text: String,
    pub style: Style,
    pub hit: Vec<usize>,
    pub elide: bool,
}

impl Part {
    pub fn fixed(text: impl Into<String>, style: Style) -> Part {
        Part {
            text: text.into(),
            style,
            hit: Vec::new(),
            elide: false,
        }
    }

    pub fn name(text: impl Into<String>, style: Style) -> Part {
        Part {
            elide: true,
            ..Part::fixed(text, style)
        }
    }

    /// A name with the first case-insensitive occurrence of `filter` marked.
    pub fn filtered(filter: &str, text: impl Into<String>, style: Style) -> Part {
        let text = text.into();
        let hit = crate::fuzzy::filter_hits(filter, &text);
        Part {
            hit,
            ..Part::name(text, style)
        }
    }
}

/// The parts as one row of at most `width` cells: when they do not fit, the widest
/// elidable part is shortened (with "…") until they do, so fixed parts — ids above
/// all — are never cut.
pub(crate) fn fit(mut parts: Vec<Part>, width: usize, hl: Style) -> Line<'static> {
    use unicode_width::UnicodeWidthStr;
    let mut widths: Vec<usize> = parts.iter().map(|p| p.text.width()).collect();
    let mut cut = vec![false; parts.len()];
    loop {
        let total: usize = widths.iter().sum();
        if total <= width {
            break;
        }
        let widest = (0..parts.len())
            .filter(|&i| parts[i].elide && widths[i] > 1)
            .max_by_key(|&i| widths[i]);
        let Some(i) = widest else { break };
        let next = (0..parts.len())
            .filter(|&j| j != i && parts[j].elide)
            .map(|j| widths[j])
            .max()
            .unwrap_or(1);
        // Down to the next widest at most per step, so long parts give way first.
        let shrink = (total - width).min(widths[i] - next.clamp(1, widths[i] - 1));
        widths[i] -= shrink.max(1);
        cut[i] = true;
    }
    let mut spans = Vec::new();
    for (i, part) in parts.iter_mut().enumerate() {
        if cut[i] {
            part.text = elide(&part.text, widths[i]);
            let kept = part.text.chars().count().saturating_sub(1);
            part.hit.retain(|&c| c < kept);
        }
        spans.extend(marked(&part.text, &part.hit, part.style, hl));
    }
    Line::from(spans)
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
    let hit = crate::fuzzy::filter_hits(filter, text);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn elide_cuts_to_the_width_with_an_ellipsis() {
        assert_eq!(elide("payments-prod", 20), "payments-prod");
        assert_eq!(elide("payments-prod", 8), "payment…");
        assert_eq!(elide("東京本社", 5), "東京…");
        assert_eq!(elide("abc", 0), "");
    }

    #[test]
    fn fit_shortens_names_and_keeps_ids_whole() {
        let hl = Style::new();
        let row = |width| {
            let parts = vec![
                Part::fixed("  ", Style::new()),
                Part::name("incident-response", Style::new()),
                Part::fixed("  160979842831", Style::new()),
            ];
            text(&fit(parts, width, hl))
        };
        assert_eq!(row(40), "  incident-response  160979842831");
        assert_eq!(row(26), "  incident-…  160979842831");
        // Too narrow even for the fixed parts: the name is down to its ellipsis, the id
        // still whole (the pane cuts what does not fit, never the id first).
        assert_eq!(row(10), "  …  160979842831");
    }

    #[test]
    fn fit_shares_the_cut_between_names_and_keeps_marks_inside() {
        let bold = Style::new().add_modifier(ratatui::style::Modifier::BOLD);
        let parts = vec![
            Part::filtered("denyroot", "DenyRootUserEverywhere", Style::new()),
            Part::name("  from Root", Style::new()),
        ];
        let line = fit(parts, 20, bold);
        assert_eq!(text(&line), "DenyRootU…  from Ro…");
        let marked: String = line
            .spans
            .iter()
            .filter(|s| s.style == bold)
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(marked, "DenyRoot");
    }
}
