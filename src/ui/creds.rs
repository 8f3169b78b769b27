//! The `:creds` overlay: the `export` lines of an assumed role, to paste into another
//! terminal; `y` copies them (OSC 52), any other key closes it.

use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::caller::Exports;
use crate::text::safe;
use crate::ui::theme::Theme;

pub fn render(e: &Exports, t: &Theme, f: &mut Frame, area: Rect) {
    let mut lines = vec![
        Line::from(Span::styled(
            format!(
                "{} ({}) as {}",
                safe(&e.account_name),
                e.account,
                safe(&e.role_arn)
            ),
            t.title(),
        )),
        Line::from(Span::styled(
            match &e.expiration {
                Some(exp) => format!("valid until {exp}; for a POSIX shell:"),
                None => "for a POSIX shell:".into(),
            },
            t.dim(),
        )),
        Line::raw(""),
    ];
    let rect = area.centered(
        Constraint::Length(area.width.saturating_sub(4).min(110)),
        Constraint::Length(area.height.saturating_sub(2)),
    );
    // Cut by character, not by word: a token is one long word, and a word wrap would
    // leave `export` alone on the line above it.
    let width = usize::from(rect.width.saturating_sub(2)).max(1);
    for line in &e.lines {
        let chars: Vec<char> = safe(line).chars().collect();
        lines.extend(
            chars
                .chunks(width)
                .map(|c| Line::raw(c.iter().collect::<String>())),
        );
    }
    f.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border_focused())
        .title(Span::styled(" Credentials ", t.border_focused()))
        // In the border, so a long token wrapped over many rows never hides it.
        .title_bottom(Line::from(vec![
            Span::styled(" y", t.key()),
            Span::styled(" copy to the clipboard · ", t.dim()),
            Span::styled("any other key", t.key()),
            Span::styled(" close ", t.dim()),
        ]));
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        rect,
    );
}
