//! The account-creation form (each field with its problem under it, as typed) and the
//! typed confirmation of removing or closing an account.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::app::{describe, place, AccountForm, FormField, Model, Typed};
use crate::text::safe;

use super::popup::{keys, scrolling_box, tone_style};
use super::text_field;
use super::theme::Theme;

fn value<'a>(m: &Model, form: &'a AccountForm, field: FormField, t: &Theme) -> Vec<Span<'a>> {
    let focused = form.focus == field;
    let input = match field {
        FormField::Email => &form.email,
        FormField::Name => &form.name,
        FormField::Role => &form.role,
        FormField::Tags => &form.tags,
        FormField::Billing => {
            let v = if form.billing { "ALLOW" } else { "DENY" };
            let hint = if focused {
                "   ←/→/Space switch"
            } else {
                ""
            };
            return vec![Span::raw(v), Span::styled(hint, t.dim())];
        }
        FormField::GovCloud => {
            let v = if form.gov_cloud == Some(true) {
                "yes: CreateGovCloudAccount"
            } else {
                "no: CreateAccount"
            };
            let hint = if focused {
                "   ←/→/Space switch"
            } else {
                ""
            };
            return vec![Span::raw(v), Span::styled(hint, t.dim())];
        }
        FormField::Destination => {
            let hint = if focused {
                "   Space picks, ←/→ step"
            } else {
                ""
            };
            return vec![
                Span::raw(place(m, &form.destination)),
                Span::styled(hint, t.dim()),
            ];
        }
    };
    if focused {
        text_field(input, t)
    } else {
        vec![Span::raw(safe(input).into_owned())]
    }
}

pub fn render(m: &Model, t: &Theme, form: &AccountForm, f: &mut Frame, area: Rect) {
    let mut head = Vec::new();
    if let Some(e) = &form.failure {
        head.push(Line::styled(
            format!("✗ {}: {}", safe(&e.code), safe(&e.message)),
            t.error(),
        ));
    }
    let mut body = Vec::new();
    for field in form.fields() {
        let marker = if form.focus == field { "▸ " } else { "  " };
        let mut spans = vec![
            Span::styled(marker, t.key()),
            Span::styled(format!("{:<28}", field.label()), t.label()),
        ];
        spans.extend(value(m, form, field, t));
        body.push(Line::from(spans));
        // An empty field not reached yet is not an error to shout about.
        if let Some(e) = form.error(field) {
            let untouched = match field {
                FormField::Email => form.email.is_empty(),
                FormField::Name => form.name.is_empty(),
                _ => false,
            };
            let style = if untouched && form.focus != field {
                t.dim()
            } else {
                t.error()
            };
            body.push(Line::styled(format!("    ✗ {e}"), style));
        }
    }
    let foot = vec![
        Line::raw(""),
        keys(
            t,
            &[
                ("Tab/↓", "next field"),
                ("Enter", "continue"),
                ("Esc", "cancel"),
            ],
        ),
    ];
    let width = 84.min(area.width.saturating_sub(2));
    scrolling_box(
        t,
        f,
        area,
        "Create an account",
        width,
        (head, body, foot),
        None,
    );
}

pub fn typed(m: &Model, t: &Theme, ty: &Typed, f: &mut Frame, area: Rect) {
    let body: Vec<Line> = describe(m, &ty.plan)
        .into_iter()
        .map(|(tone, text)| Line::styled(text, tone_style(t, tone)))
        .collect();
    // Deleting or leaving an organization asks for its id (o-…), the rest an account's.
    let what = if ty.expect.starts_with("o-") {
        "organization id"
    } else {
        "account id"
    };
    let mut field = vec![Span::styled(
        format!("Type the {what} {} to confirm: ", ty.expect),
        t.label(),
    )];
    field.extend(text_field(&ty.input, t));
    let mut foot = vec![Line::raw(""), Line::from(field)];
    if ty.wrong {
        foot.push(Line::styled(
            format!("✗ that is not the {what}; nothing was sent"),
            t.error(),
        ));
    }
    foot.push(keys(t, &[("Enter", "do it"), ("Esc", "cancel")]));
    let width = 86.min(area.width.saturating_sub(2));
    scrolling_box(
        t,
        f,
        area,
        "Confirm — cannot be undone",
        width,
        (Vec::new(), body, foot),
        None,
    );
}
