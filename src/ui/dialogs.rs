//! Dialogs drawn over the panes: pickers, confirmations, prompts, progress and summaries.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::app::{
    choices, count, describe, done_text, place, readiness, Change, Confirm, Dialog, Loadable,
    Model, PickFor, Picker, Progress, Prompt, PromptFor, Unfinished,
};
use crate::change::ChangeKind;
use crate::fuzzy::Query;
use crate::keymap::{Action as A, Scope as S};
use crate::text::safe;

use super::popup::{centered, frame, key, keys, scrolling_box, tone_style};
use super::theme::Theme;
use super::{draw_rows, marked, one_line, text_field, window_start};

pub fn render(m: &Model, t: &Theme, dialog: &Dialog, f: &mut Frame, area: Rect) {
    match dialog {
        Dialog::Editor(e) => super::editor::render(t, e, f, area),
        Dialog::Trace(tr) => super::trace::render(m, t, tr, f, area),
        Dialog::Effective(e) => super::effective::render(m, t, e, f, area),
        Dialog::Unfinished(u) => unfinished(m, t, u, f, area),
        Dialog::Picker(p) => picker(m, t, p, f, area),
        Dialog::Confirm(c) => confirm(m, t, c, f, area),
        Dialog::Prompt(p) => prompt(m, t, p, f, area),
        Dialog::Progress(p) => progress(m, t, p, f, area),
        Dialog::AccountForm(form) => super::account_form::render(m, t, form, f, area),
        Dialog::Typed(ty) => super::account_form::typed(m, t, ty, f, area),
        Dialog::Tags(e) => super::tag_editor::render(t, e, f, area),
        Dialog::Admin(s) => super::admin_screen::render(m, t, s, f, area),
        Dialog::Handshakes(s) => super::handshakes::render(m, t, s, f, area),
        Dialog::Transfers(s) => super::transfers::render(m, t, s, f, area),
        Dialog::Describe(d) => super::describe::render(m, t, d, f, area),
        Dialog::Plan(s) => super::plan::render(m, t, s, f, area),
    }
}

fn picker(m: &Model, t: &Theme, p: &Picker, f: &mut Frame, area: Rect) {
    let title = match &p.purpose {
        PickFor::Move { accounts } if accounts.len() == 1 => {
            let name = m
                .node_by_id(&accounts[0])
                .map_or(accounts[0].clone(), |n| n.name().to_string());
            format!("Move {} to…", safe(&name))
        }
        PickFor::Move { accounts } => format!("Move {} marked accounts to…", accounts.len()),
        PickFor::Attach { target } => {
            let name = m
                .node_by_id(target)
                .map_or(target.clone(), |n| n.name().to_string());
            format!("Attach a policy to {}", safe(&name))
        }
        PickFor::PolicyType { .. } => "Enable or disable a policy type".to_string(),
        PickFor::Destination { .. } => "Where the new account goes…".to_string(),
        PickFor::Context => "Switch to the organization of profile…".to_string(),
    };
    let rect = centered(area, 84, area.height.saturating_sub(4).max(8));
    let inner = frame(t, f, rect, title);
    let [query, note, list, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    f.render_widget(
        Line::from(
            [
                vec![Span::styled("filter ", t.label())],
                text_field(&p.query, t),
            ]
            .concat(),
        ),
        query,
    );
    let all = choices(m, p);
    let loading = match &p.purpose {
        PickFor::Move { .. } | PickFor::Destination { .. } => m
            .cache
            .ou_dir
            .values()
            .filter(|v| matches!(v, Loadable::Loading))
            .count(),
        PickFor::PolicyType { .. } | PickFor::Context => 0,
        PickFor::Attach { target } => usize::from(
            matches!(m.cache.policies, Some(Loadable::Loading))
                || matches!(m.cache.attached.get(target), Some(Loadable::Loading)),
        ),
    };
    let note_line = if let Some(e) = &p.error {
        Line::styled(format!("✗ {e}"), t.error())
    } else if loading > 0 {
        Line::styled(
            format!(
                "⟳ reading the organization… {} so far",
                count(all.len(), "match", "matches")
            ),
            t.warn(),
        )
    } else if all.is_empty() && p.query.is_empty() && matches!(p.purpose, PickFor::Attach { .. }) {
        Line::styled(
            "Nothing to attach: every policy of the enabled types is attached here already",
            t.dim(),
        )
    } else {
        Line::styled(count(all.len(), "match", "matches"), t.dim())
    };
    f.render_widget(note_line, note);
    let height = list.height as usize;
    let start = window_start(p.selected, height);
    // Match positions only for the rows on screen; one matcher for all of them.
    let mut query = Query::new(&p.query);
    let lines = all
        .iter()
        .skip(start)
        .take(height)
        .map(|c| {
            let hit = query.indices(&c.label);
            let mut spans = marked(&c.label, &hit, Style::new(), t.highlight());
            spans.push(Span::styled(format!("  {}", c.note), t.dim()));
            Line::from(spans)
        })
        .collect();
    draw_rows(
        f,
        list,
        lines,
        (!all.is_empty()).then(|| (p.selected - start, t.selected(true))),
    );
    f.render_widget(
        keys(
            t,
            &[
                ("type", "filter"),
                ("↑↓", "choose"),
                (key(S::Picker, A::Accept, "Enter"), "select"),
                (key(S::Picker, A::Cancel, "Esc"), "cancel"),
            ],
        ),
        footer,
    );
}

fn confirm(m: &Model, t: &Theme, c: &Confirm, f: &mut Frame, area: Rect) {
    let body: Vec<Line> = describe(m, &c.plan)
        .into_iter()
        .map(|(tone, text)| Line::styled(text, tone_style(t, tone)))
        .collect();
    let mut foot = vec![Line::raw("")];
    // The what-if sits between the plan and the keys, apart from what `y` re-checks.
    let whatif = crate::app::whatif::lines(c);
    if !whatif.is_empty() {
        foot.extend(
            whatif
                .into_iter()
                .map(|(tone, text)| Line::styled(text, tone_style(t, tone))),
        );
        foot.push(Line::raw(""));
    }
    let ready = readiness(m, &c.plan);
    if let Some(note) = &c.note {
        foot.push(Line::styled(safe(note).into_owned(), t.warn()));
    }
    if let Err(why) = &ready {
        foot.push(Line::styled(
            why.clone(),
            if c.refused { t.warn() } else { t.dim() },
        ));
    }
    let stage = (key(S::Confirm, A::Stage, "p"), "add to plan");
    let mut pairs = match (
        crate::app::staged::only_plannable(&c.plan),
        crate::app::staged::can_stage(m, &c.plan),
    ) {
        (Some(_), _) => vec![stage],
        (None, true) => vec![(key(S::Confirm, A::Confirm, "y"), "do it"), stage],
        (None, false) => vec![(key(S::Confirm, A::Confirm, "y"), "do it")],
    };
    pairs.push((key(S::Confirm, A::Cancel, "n"), "cancel"));
    if ready.as_ref().is_err_and(|why| why.contains("r reads")) {
        pairs.push((key(S::Confirm, A::Refresh, "r"), "read again"));
    }
    foot.push(keys(t, &pairs));
    let width = 84.min(area.width.saturating_sub(2));
    let title = if c.verifying {
        "Confirm — checking…"
    } else {
        "Confirm"
    };
    scrolling_box(
        t,
        f,
        area,
        title,
        width,
        (Vec::new(), body, foot),
        Some(c.scroll),
    );
}

fn prompt(m: &Model, t: &Theme, p: &Prompt, f: &mut Frame, area: Rect) {
    let title = match &p.purpose {
        PromptFor::CreateOu { parent } => format!("New OU under {}", place(m, parent)),
        PromptFor::RenameOu { ou } => format!("Rename OU {}", place(m, ou)),
    };
    let head = vec![
        Line::from(
            [
                vec![Span::styled("Name: ", t.label())],
                text_field(&p.input, t),
            ]
            .concat(),
        ),
        match p.shown_check(m) {
            None => Line::styled("type the name", t.dim()),
            Some(Ok(())) => Line::styled("✓ looks good", t.ok()),
            Some(Err(e)) => Line::styled(format!("✗ {e}"), t.error()),
        },
    ];
    let mut body = Vec::new();
    if let Some(e) = &p.failure {
        body.push(Line::styled(
            format!("✗ {}", one_line(&e.to_string())),
            t.error(),
        ));
        body.push(Line::styled(e.explanation(), t.dim()));
    }
    // The failure gives way on a short screen; the field and the keys always show.
    let foot = vec![
        Line::raw(""),
        keys(
            t,
            &[
                (key(S::Prompt, A::Accept, "Enter"), "continue"),
                (key(S::Prompt, A::Cancel, "Esc"), "cancel"),
            ],
        ),
    ];
    let width = 76.min(area.width.saturating_sub(2));
    scrolling_box(t, f, area, &title, width, (head, body, foot), None);
}

fn progress(m: &Model, t: &Theme, p: &Progress, f: &mut Frame, area: Rect) {
    let failed = p.failed();
    let head_text = if p.done() {
        format!(
            "Done: {} succeeded, {failed} failed",
            p.results.len() - failed
        )
    } else {
        format!(
            "Working… {} of {} done, {failed} failed",
            p.results.len(),
            p.total
        )
    };
    let bar_w = 40usize;
    let filled = bar_w * p.results.len() / p.total.max(1);
    let mut head = vec![
        Line::styled(head_text, if failed > 0 { t.warn() } else { t.title() }),
        Line::from(vec![
            Span::styled("█".repeat(filled), t.ok()),
            Span::styled("░".repeat(bar_w - filled), t.dim()),
        ]),
    ];
    if let Some(s) = m.throttle.and_then(|s| s.describe()) {
        head.push(Line::styled(s, t.warn()));
    }
    head.push(Line::raw(""));
    // Failures first: they are what needs attention when the list is long.
    let mut results: Vec<&(Change, Result<(), crate::org::OrgError>)> = p.results.iter().collect();
    results.sort_by_key(|(_, r)| r.is_ok());
    let mut body: Vec<Line> = results
        .into_iter()
        .map(|(change, result)| match result {
            Ok(()) => {
                let how = if p.reconciled.contains(change) {
                    " (reply lost; confirmed by re-read)"
                } else {
                    ""
                };
                Line::styled(format!("✓ {}{how}", done_text(m, change)), t.ok())
            }
            Err(e) => Line::styled(
                format!(
                    "✗ {}: {} — {}",
                    subject(m, change),
                    one_line(&e.to_string()),
                    e.explanation()
                ),
                t.error(),
            ),
        })
        .collect();
    for e in &p.audit_errors {
        body.push(Line::styled(
            format!("✗ audit log not written: {}", safe(e)),
            t.error(),
        ));
    }
    let mut foot = Vec::new();
    if p.quit_asked {
        foot.push(Line::styled(
            format!(
                "{} sent and not answered yet, {} not sent. Quit how?",
                count(p.in_flight, "change", "changes"),
                p.queue.len()
            ),
            t.warn(),
        ));
        foot.push(keys(
            t,
            &[
                (key(S::Quit, A::QuitAfterChanges, "w"), "wait, then quit"),
                (
                    key(S::Quit, A::StopAndQuit, "s"),
                    "stop the rest, then quit",
                ),
                (key(S::Quit, A::Cancel, "Esc"), "keep working"),
                ("Ctrl-C", "quit now"),
            ],
        ));
    } else if p.done() {
        if failed > 0
            && p.total > 1
            && matches!(
                p.results.first(),
                Some((Change::MoveAccount(crate::change::MoveAccount { .. }), _))
            )
        {
            foot.push(Line::styled(
                "Accounts that failed stay marked: press m to try again.",
                t.dim(),
            ));
        }
        foot.push(keys(t, &[("any key", "close")]));
    } else {
        if let Some(note) = p.note {
            foot.push(Line::styled(note, t.warn()));
        }
        if p.queue.is_empty() {
            foot.push(keys(t, &[(key(S::Global, A::Quit, "q"), "quit")]));
        } else {
            foot.push(keys(
                t,
                &[
                    (key(S::Progress, A::Cancel, "Esc"), "stop sending the rest"),
                    (key(S::Global, A::Quit, "q"), "quit"),
                ],
            ));
        }
    }
    let title = if p.done() { "Summary" } else { "Progress" };
    let width = 96.min(area.width.saturating_sub(2));
    scrolling_box(t, f, area, title, width, (head, body, foot), Some(p.scroll));
}

fn unfinished(m: &Model, t: &Theme, u: &Unfinished, f: &mut Frame, area: Rect) {
    let head = vec![
        Line::styled(
            format!(
                "{} {} from an earlier run {} sent (or about to be) without its outcome being recorded.",
                u.changes.len(),
                if u.changes.len() == 1 { "change" } else { "changes" },
                if u.changes.len() == 1 { "was" } else { "were" },
            ),
            t.warn(),
        ),
        Line::raw(""),
    ];
    let body: Vec<Line> = u
        .changes
        .iter()
        .map(|c| {
            // Named as the tree names it where it is known, with when it was attempted.
            let when = c.attempted.as_deref().unwrap_or("at an unknown time");
            let what = format!(
                "{} {} ({when})",
                c.change.operation(),
                subject(m, &c.change)
            );
            let (state, style) = match &c.happened {
                None => ("not re-read yet".to_string(), t.dim()),
                Some(Loadable::Loading) => ("⟳ re-reading…".to_string(), t.warn()),
                Some(Loadable::Loaded(true)) => ("✓ it happened".to_string(), t.ok()),
                Some(Loadable::Loaded(false)) => ("✗ it did not happen".to_string(), t.error()),
                Some(Loadable::Failed(e)) => (
                    format!("✗ could not re-read: {}", one_line(&e.to_string())),
                    t.error(),
                ),
            };
            Line::from(vec![
                Span::raw(format!("{}  ", safe(&what))),
                Span::styled(state, style),
            ])
        })
        .collect();
    let foot = vec![
        Line::raw(""),
        keys(
            t,
            &[
                (
                    key(S::Unfinished, A::Refresh, "r"),
                    "re-read whether they happened",
                ),
                (key(S::Unfinished, A::Cancel, "Esc"), "close"),
            ],
        ),
    ];
    let width = 110.min(area.width.saturating_sub(2));
    scrolling_box(
        t,
        f,
        area,
        "Unfinished changes",
        width,
        (head, body, foot),
        Some(u.scroll),
    );
}

fn subject(m: &Model, change: &Change) -> String {
    let id = change.subject();
    let id = id.as_str();
    m.node_by_id(id)
        .map_or_else(|| safe(id).into_owned(), |n| safe(n.name()).into_owned())
}
