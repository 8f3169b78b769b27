//! `v`: describe, as k9s has it — a full-screen, scrollable view of everything known about
//! the selected root, OU, account or policy: every field uncut, tags, delegations, the
//! policies attached and inherited, a policy's targets and its document pretty-printed.
//! `/` searches in it, `y` copies (a policy's document, else the whole text), `E` edits a
//! policy. It answers every value cut off at 80×24.
//!
//! The text is built here, wrapped to the screen's width, so that scrolling, the search
//! and "the end" mean the same rows the view draws.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthChar;

use crate::keymap::{action_for, Action, Scope};
use crate::org::PolicySummary;
use crate::text::pretty_json;

use super::cache::Loadable;
use super::fields::{delegated_fields, node_fields, policy_fields, tag_fields, Field};
use super::input::TextInput;
use super::load;
use super::model::{Model, NodeData, Pane, View};
use super::msg::{Cmd, Fetch};

/// What is described.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Node(String),
    Policy(String),
    /// The status messages of late (`:messages`), newest first.
    Messages,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Describe {
    pub subject: Subject,
    /// The first row shown.
    pub scroll: usize,
    pub search: TextInput,
    /// The search line has the keyboard.
    pub searching: bool,
    /// Why the last search found nothing.
    pub note: Option<String>,
}

/// How a row is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Heading,
    /// A field: its first `label` columns are the label.
    Field {
        label: usize,
    },
    /// A line of a JSON document (highlighted as JSON).
    Json,
    Note,
}

/// One row of the view, already wrapped to its width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub kind: Kind,
    pub text: String,
}

/// What a key did, for what only the whole app can do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exit {
    Stay,
    Close,
    Copy {
        what: String,
        text: String,
    },
    /// `E` on a policy: edit it in $VISUAL/$EDITOR.
    Edit(String),
}

const LABEL: usize = 12;

/// The subject under the cursor of the current view and pane, if any.
pub fn subject(m: &Model) -> Option<Subject> {
    match m.view {
        View::Policies => m
            .visible_policies()
            .get(m.policies_view.selected)
            .map(|p| Subject::Policy(p.id.clone())),
        View::Accounts => m
            .visible_accounts()
            .get(m.accounts_view.selected)
            .map(|a| Subject::Node(a.id.clone())),
        View::Tree | View::Creations => {
            let ix = m.selected?;
            if m.focus == Pane::Policies {
                let rows = m.policy_rows(ix);
                if let Some(r) = rows.get(m.policy_selected) {
                    return Some(Subject::Policy(r.policy.id.clone()));
                }
            }
            Some(Subject::Node(m.node(ix).id.clone()))
        }
    }
}

impl Describe {
    pub fn new(subject: Subject) -> Self {
        Describe {
            subject,
            scroll: 0,
            search: TextInput::default(),
            searching: false,
            note: None,
        }
    }
}

/// Reads what the view shows and is not read yet: a policy's document and targets, a
/// node's details, tags and policies.
pub fn read_missing(m: &mut Model, subject: &Subject, cmds: &mut Vec<Cmd>) {
    match subject {
        Subject::Messages => {}
        Subject::Policy(id) => {
            load::ensure(m, Fetch::Policy { id: id.clone() }, cmds);
            load::ensure(m, Fetch::Targets { policy: id.clone() }, cmds);
        }
        Subject::Node(id) => {
            if let Some(ix) = m.index.get(id).copied() {
                for at in m.path(ix) {
                    let target = m.node(at).id.clone();
                    let types = m.enabled_policy_types();
                    load::ensure(m, Fetch::PoliciesForTarget { target, types }, cmds);
                }
            }
            let fetch = match id.as_str() {
                i if i.starts_with("ou-") => Some(Fetch::OrgUnit { id: id.clone() }),
                i if i.starts_with("r-") => None,
                _ => Some(Fetch::Account { id: id.clone() }),
            };
            if let Some(fetch) = fetch {
                load::ensure(m, fetch, cmds);
            }
        }
    }
}

/// The view's rows at the terminal's width.
pub fn rows(m: &Model, d: &Describe) -> Vec<Row> {
    let width = usize::from(m.size.0.saturating_sub(2)).max(20);
    let mut out = Vec::new();
    for (kind, text) in logical_lines(m, &d.subject) {
        wrap(kind, &text, width, &mut out);
    }
    out
}

/// How many rows the body shows: the space between the title bar and the status line,
/// less the frame and the key line.
pub fn page(m: &Model) -> usize {
    let screen = ratatui::layout::Rect::new(0, 0, m.size.0, m.size.1);
    usize::from(crate::layout::areas(screen).main.height.saturating_sub(3)).max(1)
}

/// The title: what is described.
pub fn title(m: &Model, subject: &Subject) -> String {
    match subject {
        Subject::Node(id) => match m.node_by_id(id) {
            Some(n) => format!("{} {}", n.kind().label(), crate::text::safe(n.name())),
            None => id.clone(),
        },
        Subject::Policy(id) => match policy(m, id) {
            Some(p) => format!("Policy {}", crate::text::safe(&p.name)),
            None => format!("Policy {id}"),
        },
        Subject::Messages => "Messages, newest first".into(),
    }
}

fn policy<'a>(m: &'a Model, id: &str) -> Option<&'a PolicySummary> {
    if let Some(Loadable::Loaded(p)) = m.cache.policy_docs.get(id) {
        return Some(&p.summary);
    }
    if let Some(Loadable::Loaded(list)) = &m.cache.policies {
        if let Some(p) = list.iter().find(|p| p.id == id) {
            return Some(p);
        }
    }
    m.nodes
        .iter()
        .filter_map(|n| m.cache.attached.get(&n.id).and_then(Loadable::loaded))
        .flatten()
        .find(|p| p.id == id)
}

fn field_lines(fields: Vec<Field>) -> Vec<(Kind, String)> {
    fields
        .into_iter()
        .map(|f| {
            let label = crate::text::safe(f.label).into_owned();
            let text = format!("{label:<LABEL$}{}", crate::text::safe(&f.value));
            (Kind::Field { label: LABEL }, text)
        })
        .collect()
}

fn loading<T>(slot: Option<&Loadable<T>>, what: &str) -> Option<(Kind, String)> {
    match slot {
        Some(Loadable::Failed(e)) => Some((
            Kind::Note,
            format!("✗ {what}: {} — {}", e.code, e.explanation()),
        )),
        Some(Loadable::Loaded(_)) => None,
        _ => Some((Kind::Note, format!("⟳ reading {what}…"))),
    }
}

/// The view's lines before wrapping.
fn logical_lines(m: &Model, subject: &Subject) -> Vec<(Kind, String)> {
    let mut out = Vec::new();
    match subject {
        Subject::Messages => {
            for (i, text) in m.messages.iter().rev().enumerate() {
                if i > 0 {
                    out.push((Kind::Heading, String::new()));
                }
                let text = crate::text::safe_multiline(text);
                out.extend(
                    text.lines()
                        .map(|l| (Kind::Field { label: 0 }, l.to_string())),
                );
            }
            if out.is_empty() {
                out.push((Kind::Note, "No messages yet".into()));
            }
        }
        Subject::Node(id) => {
            let Some(&ix) = m.index.get(id) else {
                // An account of the accounts view whose place in the tree is not read.
                let account = m
                    .cache
                    .accounts
                    .as_ref()
                    .and_then(Loadable::loaded)
                    .and_then(|l| l.iter().find(|a| a.id == *id));
                if let Some(a) = account {
                    out.extend(field_lines(vec![
                        Field::new("Name", &a.name),
                        Field::new("Id", &a.id),
                        Field::new("ARN", &a.arn),
                        Field::new("Email", &a.email),
                        Field::new("State", a.state.as_api_str()),
                        Field::new("Joined", format!("{} {}", a.joined_method, a.joined_at)),
                    ]));
                    out.extend(field_lines(tag_fields(m, id)));
                    out.extend(field_lines(delegated_fields(m, id)));
                }
                return out;
            };
            out.extend(field_lines(node_fields(m, ix)));
            if !matches!(m.node(ix).data, NodeData::Root(_)) {
                out.push((Kind::Heading, String::new()));
            }
            out.push((Kind::Heading, "Policies".into()));
            let rows = m.policy_rows(ix);
            if rows.is_empty() {
                out.extend(loading(m.cache.attached.get(id), "the policies attached"));
            }
            for r in rows {
                let at = if r.inherited {
                    format!("from {}", crate::text::safe(m.node(r.attached_to).name()))
                } else {
                    "attached here".into()
                };
                out.push((
                    Kind::Field { label: LABEL },
                    format!(
                        "{:<LABEL$}{}  {}  ({at})",
                        r.policy.kind.short_static(),
                        crate::text::safe(&r.policy.name),
                        r.policy.id
                    ),
                ));
            }
        }
        Subject::Policy(id) => {
            match policy(m, id) {
                Some(p) => {
                    let mut fields = policy_fields(p);
                    fields.insert(2, Field::new("ARN", &p.arn));
                    out.extend(field_lines(fields));
                }
                None => out.extend(field_lines(vec![Field::new("Id", id)])),
            }
            out.extend(field_lines(tag_fields(m, id)));
            out.push((Kind::Heading, String::new()));
            out.push((Kind::Heading, "Targets".into()));
            match m.cache.policy_targets.get(id) {
                Some(Loadable::Loaded(targets)) if targets.is_empty() => {
                    out.push((Kind::Note, "Not attached anywhere".into()))
                }
                Some(Loadable::Loaded(targets)) => out.extend(targets.iter().map(|t| {
                    (
                        Kind::Field { label: LABEL },
                        format!(
                            "{:<LABEL$}{}  {}",
                            t.kind.label(),
                            crate::text::safe(&t.name),
                            t.target_id
                        ),
                    )
                })),
                other => out.extend(loading(other, "the targets")),
            }
            out.push((Kind::Heading, String::new()));
            out.push((Kind::Heading, "Document".into()));
            match m.cache.policy_docs.get(id) {
                Some(Loadable::Loaded(p)) => out.extend(
                    crate::text::safe_multiline(&pretty_json(&p.content))
                        .lines()
                        .map(|l| (Kind::Json, l.to_string())),
                ),
                other => out.extend(loading(other, "the document")),
            }
        }
    }
    out
}

/// Wraps `text` at `width` columns; a field's continuation rows are indented under its
/// value, a document's under its own indentation, so the shape stays readable.
fn wrap(kind: Kind, text: &str, width: usize, out: &mut Vec<Row>) {
    let indent = match kind {
        Kind::Field { label } => label,
        Kind::Json => text.len() - text.trim_start().len() + 2,
        _ => 0,
    }
    .min(width / 2);
    let mut row = String::new();
    let mut used = 0;
    let mut first = true;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            out.push(Row {
                kind: if first { kind } else { continuation(kind) },
                text: std::mem::take(&mut row),
            });
            first = false;
            row.push_str(&" ".repeat(indent));
            used = indent;
        }
        row.push(c);
        used += w;
    }
    out.push(Row {
        kind: if first { kind } else { continuation(kind) },
        text: row,
    });
}

/// A wrapped field's later rows have no label to style.
fn continuation(kind: Kind) -> Kind {
    match kind {
        Kind::Field { .. } => Kind::Field { label: 0 },
        k => k,
    }
}

/// The plain text of the whole view (what `y` copies when it is not a policy).
fn plain(m: &Model, subject: &Subject) -> String {
    let mut text: Vec<String> = logical_lines(m, subject)
        .into_iter()
        .map(|(_, l)| l.trim_end().to_string())
        .collect();
    text.insert(0, title(m, subject));
    text.join("\n")
}

pub fn on_key(m: &Model, d: &mut Describe, key: &KeyEvent) -> Exit {
    if d.searching {
        return on_search_key(m, d, key);
    }
    let rows = rows(m, d).len();
    let last = rows.saturating_sub(page(m));
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('/') => {
            d.searching = true;
            d.search.clear();
            d.note = None;
            return Exit::Stay;
        }
        KeyCode::Char('n') if !ctrl => d.note = find(m, d, true, d.scroll + 1),
        KeyCode::Char('N') => d.note = find(m, d, false, d.scroll.saturating_sub(1)),
        KeyCode::Char('y') => {
            return match &d.subject {
                Subject::Policy(id) => match m.cache.policy_docs.get(id) {
                    Some(Loadable::Loaded(p)) => Exit::Copy {
                        what: "the document of".into(),
                        text: p.content.clone(),
                    },
                    _ => Exit::Copy {
                        what: "the description of".into(),
                        text: plain(m, &d.subject),
                    },
                },
                Subject::Node(_) | Subject::Messages => Exit::Copy {
                    what: "the description of".into(),
                    text: plain(m, &d.subject),
                },
            }
        }
        KeyCode::Char('E') => {
            if let Subject::Policy(id) = &d.subject {
                return Exit::Edit(id.clone());
            }
            d.note = Some("Only a policy is edited from here: E on a policy".into());
        }
        KeyCode::Char('q') | KeyCode::Esc => return Exit::Close,
        _ => match action_for(Scope::Global, key) {
            Some(Action::Down) => d.scroll += 1,
            Some(Action::Up) => d.scroll = d.scroll.saturating_sub(1),
            Some(Action::PageDown) => d.scroll += page(m),
            Some(Action::PageUp) => d.scroll = d.scroll.saturating_sub(page(m)),
            Some(Action::Top) => d.scroll = 0,
            Some(Action::Bottom) => d.scroll = last,
            Some(Action::Close) => return Exit::Close,
            _ => {}
        },
    }
    d.scroll = d.scroll.min(last);
    Exit::Stay
}

/// Scrolls `by` rows (up when negative), no further than the last page: the mouse wheel.
pub fn scroll_by(m: &Model, d: &mut Describe, by: isize) {
    let last = rows(m, d).len().saturating_sub(page(m));
    d.scroll = d.scroll.saturating_add_signed(by).min(last);
}

fn on_search_key(m: &Model, d: &mut Describe, key: &KeyEvent) -> Exit {
    match key.code {
        KeyCode::Esc => {
            d.searching = false;
            d.search.clear();
        }
        KeyCode::Enter => {
            d.searching = false;
            d.note = find(m, d, true, d.scroll);
        }
        _ => {
            d.search.on_key(key);
        }
    }
    Exit::Stay
}

/// Scrolls to the next row (or the previous, going back) from `from` that holds the
/// search, wrapping around; says so when no row does.
fn find(m: &Model, d: &mut Describe, forward: bool, from: usize) -> Option<String> {
    let want = d.search.as_str().to_lowercase();
    if want.is_empty() {
        return Some("/ types what to search for".into());
    }
    let rows = rows(m, d);
    let hit = |i: &usize| rows[*i].text.to_lowercase().contains(&want);
    let n = rows.len();
    let found = if forward {
        (from..n).chain(0..from.min(n)).find(hit)
    } else {
        (0..=from.min(n.saturating_sub(1)))
            .rev()
            .chain((from + 1..n).rev())
            .find(hit)
    };
    match found {
        Some(at) => {
            d.scroll = at.min(n.saturating_sub(page(m)));
            None
        }
        None => Some(format!(
            "\"{}\" is nowhere here",
            crate::text::safe(d.search.as_str())
        )),
    }
}

pub fn on_paste(d: &mut Describe, text: &str) {
    if d.searching {
        d.search.paste(text);
    }
}
