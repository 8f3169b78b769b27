//! The `:` command palette: the entries matching what is typed, drawn in a box above the
//! status line (where the typed text shows), the selected one highlighted.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Clear;
use ratatui::Frame;

use crate::app::command::matching;
use crate::app::Model;
use crate::fuzzy::Query;

use super::theme::Theme;
use super::{draw_rows, fit, window_start, Part};

/// At most this many entries show at once (the list scrolls).
const MAX_ROWS: u16 = 14;

pub fn render(m: &Model, t: &Theme, f: &mut Frame, main: Rect) {
    let entries = matching(&m.command);
    let rows = (entries.len() as u16)
        .clamp(1, MAX_ROWS)
        .min(main.height.saturating_sub(2));
    let rect = Rect {
        x: main.x,
        y: main.y + main.height - (rows + 2),
        width: main.width,
        height: rows + 2,
    };
    let title = match entries.len() {
        0 => "Commands — nothing matches".to_string(),
        n => format!("Commands — {}", crate::app::count(n, "match", "matches")),
    };
    let block = super::pane(title, true, t);
    let inner = block.inner(rect);
    f.render_widget(Clear, rect);
    f.render_widget(block, rect);
    let name_w = entries
        .iter()
        .map(|e| e.name.len() + e.arg.len() + 1)
        .max()
        .unwrap_or(0);
    let height = inner.height as usize;
    let selected = m.palette_selected.min(entries.len().saturating_sub(1));
    let start = window_start(selected, height);
    let mut query = Query::new(m.command.as_str());
    let lines = entries
        .iter()
        .skip(start)
        .take(height)
        .map(|e| {
            let pad = name_w.saturating_sub(e.name.len() + e.arg.len());
            let parts = vec![
                Part {
                    hit: query.indices(&e.name),
                    ..Part::fixed(e.name.clone(), Style::new())
                },
                Part::fixed(format!(" {}{}", e.arg, " ".repeat(pad)), t.dim()),
                Part::fixed(format!(" {:<7}", e.key.unwrap_or("")), t.key()),
                Part::name(e.desc, t.dim()),
            ];
            fit(parts, inner.width as usize, t.highlight())
        })
        .collect();
    let hl = (!entries.is_empty()).then(|| (selected - start, t.selected(true)));
    draw_rows(f, inner, lines, hl);
}
