//! The effective-policies dialog: each management type's effective policy for the account,
//! its validation errors, and the accounts whose effective policy of that type is invalid.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::Frame;

use crate::app::effective::Effective;
use crate::app::{Loadable, Model};
use crate::org::OrgError;
use crate::protocol::EffectiveOfType;
use crate::text::safe;

use super::popup::scrolling_box;
use super::theme::Theme;

pub fn render(m: &Model, t: &Theme, e: &Effective, f: &mut Frame, area: Rect) {
    let name = m
        .node_by_id(&e.account)
        .map_or(e.account.clone(), |n| n.name().to_string());
    let head = vec![Line::styled(
        format!(
            "Account {} ({}): what its tag, backup… policies add up to",
            safe(&name),
            safe(&e.account)
        ),
        t.label(),
    )];
    let mut body = Vec::new();
    match &e.read {
        Loadable::Loading => body.push(Line::styled("⟳ reading…", t.warn())),
        Loadable::Failed(err) => body.push(failed(t, err)),
        Loadable::Loaded(list) => list.iter().for_each(|one| of_type(t, one, &mut body)),
    }
    let foot = vec![Line::styled(
        "↑↓ scroll   r read again   Esc close",
        t.dim(),
    )];
    let width = area.width.saturating_sub(4).min(110);
    scrolling_box(
        t,
        f,
        area,
        "Effective policies",
        width,
        (head, body, foot),
        Some(e.scroll),
    );
}

fn failed(t: &Theme, err: &OrgError) -> Line<'static> {
    Line::styled(
        format!(
            "  ✗ {}: {} — {}",
            safe(&err.code),
            safe(&err.message),
            err.explanation()
        ),
        t.error(),
    )
}

fn of_type(t: &Theme, one: &EffectiveOfType, out: &mut Vec<Line<'static>>) {
    out.push(Line::styled(
        format!("{} ({})", one.kind.label(), one.kind.as_api_str()),
        t.title(),
    ));
    match &one.policy {
        Ok(p) => {
            out.push(Line::styled(
                format!("  computed {}", safe(&p.last_updated)),
                t.dim(),
            ));
            let pretty = serde_json::from_str::<serde_json::Value>(&p.content)
                .ok()
                .and_then(|v| serde_json::to_string_pretty(&v).ok())
                .unwrap_or_else(|| p.content.clone());
            out.extend(pretty.lines().map(|l| Line::raw(format!("  {}", safe(l)))));
        }
        Err(e) if e.code == "EffectivePolicyNotFoundException" => out.push(Line::styled(
            "  none: no policy of this type applies to the account",
            t.dim(),
        )),
        Err(e) => out.push(failed(t, e)),
    }
    match &one.errors {
        Ok(errors) if errors.is_empty() => {}
        Ok(errors) => {
            out.push(Line::styled(
                format!(
                    "  ✗ {} validation error(s) in this account's effective policy:",
                    errors.len()
                ),
                t.error(),
            ));
            for e in errors {
                out.push(Line::styled(
                    format!(
                        "    {} at {}: {} (from {})",
                        safe(&e.error_code),
                        safe(&e.path_to_error),
                        safe(&e.error_message),
                        safe(&e.contributing_policies.join(", "))
                    ),
                    t.error(),
                ));
            }
        }
        Err(e) => out.push(failed(t, e)),
    }
    match &one.invalid {
        Ok(accounts) if accounts.is_empty() => out.push(Line::styled(
            "  no account of the organization has an invalid effective policy of this type",
            t.ok(),
        )),
        Ok(accounts) => {
            let names: Vec<String> = accounts
                .iter()
                .map(|a| format!("{} ({})", safe(&a.name), a.id))
                .collect();
            out.push(Line::styled(
                format!(
                    "  accounts whose effective policy of this type is invalid: {}",
                    names.join(", ")
                ),
                t.warn(),
            ));
        }
        Err(e) => out.push(failed(t, e)),
    }
    out.push(Line::raw(""));
}
