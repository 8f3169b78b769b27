//! The policy pane: policies attached to the selection, then those it inherits, each
//! labelled with where it is attached.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::app::{Loadable, Model, Pane};
use crate::text::safe;

use super::theme::Theme;
use super::{elide, fit, Part};

pub fn render(m: &Model, t: &Theme, f: &mut Frame, area: Rect) {
    let focused = m.focus == Pane::Policies;
    let block = super::pane("Policies", focused, t);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let Some(ix) = m.selected else { return };
    if m.enabled_policy_types().is_empty() {
        f.render_widget(
            Span::styled("No policy types are enabled on the root", t.dim()),
            inner,
        );
        return;
    }
    let rows = m.policy_rows(ix);
    let mut lines: Vec<Line> = Vec::new();
    let height = inner.height as usize;
    let start = super::window_start(m.policy_selected, height);
    for row in rows.iter().skip(start).take(height) {
        let place = if row.inherited {
            format!("from {}", safe(m.node(row.attached_to).name()))
        } else {
            "attached here".to_string()
        };
        let parts = vec![
            Part::fixed(format!("{:<4} ", row.policy.kind.short()), t.dim()),
            Part::name(safe(&row.policy.name), Style::new()),
            Part::name(
                format!("  {place}"),
                if row.inherited { t.dim() } else { t.ok() },
            ),
        ];
        lines.push(fit(parts, inner.width as usize, t.highlight()));
    }
    // Loading or failed lookups along the path, so missing rows are explained.
    for at in m.path(ix) {
        match m.cache.attached.get(&m.node(at).id) {
            Some(Loadable::Loading) | None => lines.push(Line::styled(
                elide(
                    &format!("⟳ loading {}…", safe(m.node(at).name())),
                    inner.width as usize,
                ),
                t.warn(),
            )),
            Some(Loadable::Failed(e)) => {
                let parts = vec![
                    Part::fixed("✗ ", t.error()),
                    Part::name(safe(m.node(at).name()), t.error()),
                    Part::fixed(format!(": {} — r retries", safe(&e.code)), t.error()),
                ];
                lines.push(fit(parts, inner.width as usize, t.highlight()));
            }
            _ => {}
        }
    }
    // After a re-read the list may be shorter than the remembered selection.
    let highlight =
        (m.policy_selected < rows.len()).then(|| (m.policy_selected - start, t.selected(focused)));
    super::draw_rows(f, inner, lines, highlight);
}
