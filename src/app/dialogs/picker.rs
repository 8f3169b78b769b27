//! A fuzzy picker: a typed query narrows a list of choices (OU paths to move to,
//! policies to attach); Enter takes the highlighted one.

use ratatui::crossterm::event::KeyEvent;

use crate::keymap::{action_for, Action, Scope};
use crate::text::safe;

use super::super::cache::Loadable;
use super::super::directory::Directory;
use super::super::input::TextInput;
use super::super::model::Model;
use super::super::nav::{moved, page_rows};
use super::Outcome;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickFor {
    /// Choose the destination of these accounts (ids).
    Move { accounts: Vec<String> },
    /// Choose a policy to attach to this target.
    Attach { target: String },
    /// Choose a policy type to enable or disable on this root.
    PolicyType { root: String },
    /// Choose where a new account goes; the form comes back with the choice.
    Destination { form: Box<super::AccountForm> },
    /// Choose the profile (organization) to switch to (`:ctx`).
    Context,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub purpose: PickFor,
    pub query: TextInput,
    pub selected: usize,
    /// A problem with the last choice, shown in the picker.
    pub error: Option<String>,
}

/// One choice in a picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub id: String,
    pub label: String,
    pub note: String,
}

/// A change described and waiting for `y`.
/// Policies that can be attached to `target`: of a type enabled on the root and not
/// attached there yet.
pub fn attachable(m: &Model, target: &str) -> Vec<Choice> {
    let enabled = m.enabled_policy_types();
    let attached: Vec<&str> = match m.cache.attached.get(target) {
        Some(Loadable::Loaded(list)) => list.iter().map(|p| p.id.as_str()).collect(),
        _ => Vec::new(),
    };
    match &m.cache.policies {
        Some(Loadable::Loaded(list)) => list
            .iter()
            .filter(|p| enabled.contains(&p.kind) && !attached.contains(&p.id.as_str()))
            .map(|p| Choice {
                id: p.id.clone(),
                label: safe(&p.name).into_owned(),
                note: format!(
                    "{}{}",
                    p.kind.short(),
                    if p.aws_managed { " · AWS managed" } else { "" }
                ),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Every policy type with its status on `root` (the choice's id is the type's API name).
pub fn policy_types(m: &Model, root: &str) -> Vec<Choice> {
    let statuses = m
        .node_by_id(root)
        .and_then(|n| match &n.data {
            super::super::model::NodeData::Root(r) => Some(r.policy_types.clone()),
            _ => None,
        })
        .unwrap_or_default();
    crate::org::PolicyType::KNOWN
        .iter()
        .map(|t| {
            let status = statuses
                .iter()
                .find(|s| s.kind == *t)
                .map_or("not enabled", |s| s.status.as_str());
            Choice {
                id: t.as_api_str().to_string(),
                label: t.as_api_str().to_string(),
                note: status.to_string(),
            }
        })
        .collect()
}

/// The OU directory: every root and OU known so far, with its full path, in path order
/// (a picker with no query lists them so; its ranking keeps that order among equals).
pub fn destinations(m: &Model) -> Vec<Choice> {
    let dir = Directory::new(m);
    let mut out = Vec::new();
    for &r in &m.roots {
        out.push(Choice {
            id: m.node(r).id.clone(),
            label: safe(m.node(r).name()).into_owned(),
            note: "root".into(),
        });
    }
    for id in dir.ous() {
        out.push(Choice {
            id: id.to_string(),
            label: dir.path(id),
            note: String::new(),
        });
    }
    // OUs the plan creates: a move there can only be staged (`staged::only_plannable`).
    for path in crate::app::staged::planned_ous(m) {
        out.push(Choice {
            id: path.clone(),
            label: path.replace('/', " / "),
            note: "planned".into(),
        });
    }
    // By path, one level at a time: "Root / A / B" before "Root / A-team".
    out.sort_by(|a, b| a.label.split(" / ").cmp(b.label.split(" / ")));
    out
}

/// The picker's choices after its query, best first.
pub fn choices(m: &Model, picker: &Picker) -> Vec<Choice> {
    let all = match &picker.purpose {
        PickFor::Move { .. } | PickFor::Destination { .. } => destinations(m),
        PickFor::Attach { target } => attachable(m, target),
        PickFor::PolicyType { root } => policy_types(m, root),
        PickFor::Context => crate::app::contexts::choices(m),
    };
    crate::fuzzy::rank(&picker.query, all.iter().map(|c| c.label.as_str()))
        .into_iter()
        .map(|i| all[i].clone())
        .collect()
}

/// SCPs in effect through inheritance along a parent's path: policy id → (name, where).
impl Picker {
    pub fn new(purpose: PickFor) -> Self {
        Picker {
            purpose,
            query: TextInput::default(),
            selected: 0,
            error: None,
        }
    }

    pub fn on_key(&mut self, key: &KeyEvent, m: &Model) -> Outcome {
        match action_for(Scope::Picker, key) {
            Some(Action::Cancel) => Outcome::Cancelled,
            Some(Action::Accept) => match choices(m, self).into_iter().nth(self.selected) {
                Some(choice) => Outcome::Picked(choice),
                None => {
                    self.error = Some("nothing matches; change the filter".into());
                    Outcome::Stay
                }
            },
            Some(action) => {
                let len = choices(m, self).len();
                self.selected = moved(self.selected, len, action, page_rows(m));
                Outcome::Stay
            }
            None => {
                if self.query.on_key(key) {
                    self.edited();
                }
                Outcome::Stay
            }
        }
    }

    pub fn on_paste(&mut self, text: &str) {
        if self.query.paste(text) {
            self.edited();
        }
    }

    fn edited(&mut self) {
        self.selected = 0;
        self.error = None;
    }
}
