//! The creation-requests view: ListCreateAccountStatus by state, newest first, each with
//! its account name, state, and account id or failure reason.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::app::{Loadable, Model};
use crate::text::safe;

use super::theme::Theme;
use super::{draw_rows, elide, pane, window_start};

pub fn render(m: &Model, t: &Theme, f: &mut Frame, area: Rect) {
    let v = &m.creations.view;
    let state = v.state().unwrap_or("every state");
    let block = pane(
        format!("Account creation requests · {state} · f filters"),
        true,
        t,
    );
    let inner = block.inner(area);
    f.render_widget(block, area);
    let list = match &v.list {
        Some(Loadable::Loaded(list)) => list,
        Some(Loadable::Failed(e)) => {
            let text = format!("✗ {}: {} — r reads again", safe(&e.code), safe(&e.message));
            f.render_widget(Line::styled(text, t.error()), inner);
            return;
        }
        _ => {
            f.render_widget(Line::styled("⟳ reading…", t.warn()), inner);
            return;
        }
    };
    if list.is_empty() {
        f.render_widget(
            Line::styled(format!("No creation requests ({state})"), t.dim()),
            inner,
        );
        return;
    }
    let name_w = (inner.width as usize / 4).clamp(12, 30);
    let height = inner.height as usize;
    let start = window_start(v.selected, height);
    let lines = list
        .iter()
        .skip(start)
        .take(height)
        .map(|r| {
            let (style, what) = match (r.state.as_str(), &r.account_id, &r.failure_reason) {
                ("FAILED", _, reason) => {
                    let reason = reason.as_deref().unwrap_or("no reason given");
                    (t.error(), crate::app::creation::failure_text(reason))
                }
                (_, Some(id), _) => (t.ok(), id.clone()),
                _ => (t.warn(), "in progress".to_string()),
            };
            // The id or reason gets what the name and state leave; the request id after.
            let room = (inner.width as usize).saturating_sub(name_w + 2 + 13);
            Line::from(vec![
                Span::raw(format!(
                    "{:<w$}  ",
                    elide(&safe(&r.account_name), name_w),
                    w = name_w
                )),
                Span::styled(format!("{:<13}", r.state), style),
                Span::styled(elide(&safe(&what), room), style),
                Span::styled(format!("  {}", safe(&r.id)), t.dim()),
            ])
        })
        .collect();
    draw_rows(
        f,
        inner,
        lines,
        Some((v.selected - start, t.selected(true))),
    );
}
