//! The tag editor (`T`): a resource's tags as key = value rows, added, edited and removed,
//! each row checked as the user types against AWS's rules. Saving offers the exact diff
//! for confirmation; a failed save brings the editor back with the rows intact.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::org::{OrgError, Tag};

use super::super::input::TextInput;
use super::admin_plan::{AdminPlan, TagDiff};
use super::{Outcome, Plan};

use super::account_form::MAX_TAGS;
pub const MAX_KEY: usize = 128;
pub const MAX_VALUE: usize = 256;

/// Why a tag key cannot be used, if it cannot.
pub fn key_problem(key: &str) -> Option<String> {
    let n = key.chars().count();
    if n == 0 || n > MAX_KEY {
        return Some(format!("a key has 1–{MAX_KEY} characters ({n} now)"));
    }
    if key.to_ascii_lowercase().starts_with("aws:") {
        return Some("keys starting with aws: are reserved for AWS".into());
    }
    bad_char(key)
}

/// Why a tag value cannot be used, if it cannot.
pub fn value_problem(value: &str) -> Option<String> {
    let n = value.chars().count();
    if n > MAX_VALUE {
        return Some(format!(
            "a value has at most {MAX_VALUE} characters ({n} now)"
        ));
    }
    bad_char(value)
}

fn bad_char(s: &str) -> Option<String> {
    let allowed = |c: char| c.is_alphanumeric() || c == ' ' || "_.:/=+-@".contains(c);
    s.chars()
        .find(|c| !allowed(*c))
        .map(|c| format!("{c:?} is not allowed: letters, digits, spaces and _ . : / = + - @ are"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagField {
    Key,
    Value,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagRow {
    pub key: TextInput,
    pub value: TextInput,
}

impl TagRow {
    fn is_blank(&self) -> bool {
        self.key.is_empty() && self.value.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagEditor {
    pub resource: String,
    /// What the resource is, in words ("account dev (111…)").
    pub label: String,
    /// The tags as read when the editor opened.
    pub original: Vec<Tag>,
    pub rows: Vec<TagRow>,
    pub selected: usize,
    pub field: TagField,
    /// The last save failed: shown above the rows.
    pub failure: Option<OrgError>,
    /// Why the last Ctrl-S did not save (nothing changed, too many tags).
    pub note: Option<String>,
    /// Esc with unsaved changes asks first: `y` drops them, `n` or Esc goes on editing.
    pub asking_discard: bool,
}

impl TagEditor {
    pub fn new(resource: &str, label: &str, tags: &[Tag]) -> Self {
        let mut rows: Vec<TagRow> = tags
            .iter()
            .map(|t| TagRow {
                key: TextInput::new(t.key.as_str()),
                value: TextInput::new(t.value.as_str()),
            })
            .collect();
        // Nothing to edit yet: start on a row to type the first tag into.
        if rows.is_empty() {
            rows.push(blank());
        }
        TagEditor {
            resource: resource.into(),
            label: label.into(),
            original: tags.to_vec(),
            rows,
            selected: 0,
            field: TagField::Key,
            failure: None,
            note: None,
            asking_discard: false,
        }
    }

    /// The problem of one row's field, as typed (blank rows are left out when saving).
    pub fn problem(&self, row: usize, field: TagField) -> Option<String> {
        let r = self.rows.get(row)?;
        if r.is_blank() {
            return None;
        }
        match field {
            TagField::Key => key_problem(&r.key).or_else(|| {
                let dup = self.rows[..row].iter().any(|o| *o.key == *r.key);
                dup.then(|| format!("{} is already a key above", r.key.as_str()))
            }),
            TagField::Value => value_problem(&r.value),
        }
    }

    /// The first problem of any row: (row, field, why).
    pub fn first_problem(&self) -> Option<(usize, TagField, String)> {
        (0..self.rows.len()).find_map(|i| {
            [TagField::Key, TagField::Value]
                .into_iter()
                .find_map(|f| self.problem(i, f).map(|why| (i, f, why)))
        })
    }

    /// The tags the rows say (blank rows left out).
    pub fn tags(&self) -> Vec<Tag> {
        self.rows
            .iter()
            .filter(|r| !r.is_blank())
            .map(|r| Tag {
                key: r.key.to_string(),
                value: r.value.to_string(),
            })
            .collect()
    }

    /// What saving would change.
    pub fn diff(&self) -> TagDiff {
        TagDiff::between(&self.original, &self.tags())
    }

    fn input(&mut self) -> Option<&mut TextInput> {
        let field = self.field;
        self.rows.get_mut(self.selected).map(|r| match field {
            TagField::Key => &mut r.key,
            TagField::Value => &mut r.value,
        })
    }

    /// How many tags saving would add, change or remove.
    pub fn unsaved(&self) -> usize {
        let d = self.diff();
        d.added.len() + d.changed.len() + d.removed.len()
    }

    pub fn on_key(&mut self, key: &KeyEvent) -> Outcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        self.note = None;
        if self.asking_discard {
            // Only the answer counts: a stray key neither drops the edits nor edits.
            match key.code {
                KeyCode::Char('y') => return Outcome::Cancelled,
                KeyCode::Char('n') | KeyCode::Esc => self.asking_discard = false,
                _ => {}
            }
            return Outcome::Stay;
        }
        match (key.code, ctrl) {
            (KeyCode::Esc, _) if self.unsaved() > 0 => self.asking_discard = true,
            (KeyCode::Esc, _) => return Outcome::Cancelled,
            (KeyCode::Char('s'), true) => return self.submit(),
            (KeyCode::Char('n'), true) => self.add_row(),
            (KeyCode::Char('x'), true) => self.remove_row(),
            (KeyCode::Up, _) => self.selected = self.selected.saturating_sub(1),
            (KeyCode::Down, _) => self.selected = (self.selected + 1).min(self.rows.len() - 1),
            (KeyCode::Tab | KeyCode::Enter, _) => self.step(false),
            (KeyCode::BackTab, _) => self.step(true),
            _ => {
                if let Some(input) = self.input() {
                    input.on_key(key);
                }
            }
        }
        Outcome::Stay
    }

    pub fn on_paste(&mut self, text: &str) {
        if self.asking_discard {
            return;
        }
        if let Some(input) = self.input() {
            input.paste(text);
        }
    }

    /// Key → value → next row's key; past the last value a new row is opened.
    fn step(&mut self, back: bool) {
        match (self.field, back) {
            (TagField::Key, false) => self.field = TagField::Value,
            (TagField::Value, true) => self.field = TagField::Key,
            (TagField::Value, false) if self.selected + 1 < self.rows.len() => {
                self.selected += 1;
                self.field = TagField::Key;
            }
            (TagField::Value, false) => self.add_row(),
            (TagField::Key, true) if self.selected > 0 => {
                self.selected -= 1;
                self.field = TagField::Value;
            }
            (TagField::Key, true) => {}
        }
    }

    fn add_row(&mut self) {
        if self.tags().len() >= MAX_TAGS {
            self.note = Some(format!("A resource has at most {MAX_TAGS} tags"));
            return;
        }
        // One blank row is enough to type into.
        match self.rows.iter().position(TagRow::is_blank) {
            Some(i) => self.selected = i,
            None => {
                self.rows.push(blank());
                self.selected = self.rows.len() - 1;
            }
        }
        self.field = TagField::Key;
    }

    fn remove_row(&mut self) {
        if self.selected < self.rows.len() {
            self.rows.remove(self.selected);
        }
        if self.rows.is_empty() {
            self.rows.push(blank());
        }
        self.selected = self.selected.min(self.rows.len() - 1);
        self.field = TagField::Key;
    }

    fn submit(&mut self) -> Outcome {
        if let Some((row, field, _)) = self.first_problem() {
            self.selected = row;
            self.field = field;
            return Outcome::Stay;
        }
        if self.tags().len() > MAX_TAGS {
            self.note = Some(format!("A resource has at most {MAX_TAGS} tags"));
            return Outcome::Stay;
        }
        if self.diff().is_empty() {
            self.note = Some("Nothing changed: there is nothing to save".into());
            return Outcome::Stay;
        }
        self.failure = None;
        Outcome::Submitted
    }

    /// The change saving asks for.
    pub fn plan(&self) -> Plan {
        Plan::Admin(AdminPlan::Tags {
            resource: self.resource.clone(),
            label: self.label.clone(),
            diff: self.diff(),
        })
    }
}

fn blank() -> TagRow {
    TagRow {
        key: TextInput::default(),
        value: TextInput::default(),
    }
}
