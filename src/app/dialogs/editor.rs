//! The policy editor: name, description, type and the document, checked as the user
//! types (problems at their line and column). Invalid content is never submitted; a failed
//! create or update brings the editor back with the text intact, and the draft is kept in
//! the state directory until it is saved or discarded. Warnings (unknown actions and
//! condition keys, resources nothing can match) show beside the errors but never block a
//! save; Ctrl-Space completes action names and condition keys from the catalog.

use std::sync::Mutex;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, DataCursor, TextArea};

use crate::keymap::{action_for, Action, Scope};
use crate::org::{ids, OrgError, PolicyType};
use crate::policy::catalog::catalog;
use crate::policy::{self, Problem};
use crate::store::drafts::Draft;

use super::super::input::TextInput;
use super::{Outcome, Plan};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorField {
    Name,
    Description,
    Kind,
    Content,
}

impl EditorField {
    fn next(self, back: bool) -> EditorField {
        const ORDER: [EditorField; 4] = [
            EditorField::Name,
            EditorField::Description,
            EditorField::Kind,
            EditorField::Content,
        ];
        let i = ORDER.iter().position(|f| *f == self).unwrap_or(0);
        let n = ORDER.len();
        ORDER[if back { (i + n - 1) % n } else { (i + 1) % n }]
    }
}

#[derive(Debug, Clone)]
pub struct Editor {
    /// The policy being edited; `None` for a new one.
    pub policy: Option<String>,
    pub name: TextInput,
    pub description: TextInput,
    pub kind: PolicyType,
    /// The types a new policy may have (those enabled on the root); one when editing.
    pub kinds: Vec<PolicyType>,
    pub content: TextArea<'static>,
    pub focus: EditorField,
    /// The last create or update failed: shown above the fields.
    pub failure: Option<OrgError>,
    /// Esc was pressed: asking whether to keep or discard the draft.
    pub leaving: bool,
    /// What the policy was when the editor opened (editing only), to say what changes.
    pub original: Option<(String, String, String)>,
    /// Ctrl-S was pressed: field errors show even on fields not typed in yet.
    pub tried: bool,
    /// Why the last Ctrl-S did not go on, when no problem says it.
    pub note: Option<String>,
    /// Editing the organization's resource policy (`Some(whether one exists)`), not a
    /// policy: no name, type or draft, and the document need only be JSON.
    pub resource_policy: Option<bool>,
    /// Ctrl-Space found several names: the list to pick from.
    pub completion: Option<Completion>,
    /// The last document checked and its problems.
    checked: Checked,
}

/// The problems of the document last checked, with what was checked. The warnings read the
/// action data (a "did you mean" searches every name): too slow to repeat at every frame
/// for a long policy full of typos, so they are found once per change of the text.
#[derive(Debug, Default)]
struct Checked(Mutex<Option<(CheckedAs, Vec<Problem>)>>);

/// What a check depends on: the type (or the resource policy) and the text.
type CheckedAs = (PolicyType, bool, String);

impl Clone for Checked {
    fn clone(&self) -> Self {
        Checked(Mutex::new(self.lock().clone()))
    }
}

impl Checked {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(CheckedAs, Vec<Problem>)>> {
        // Only a panic while checking poisons it; what it holds is then replaced anyway.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn get_or(
        &self,
        of: CheckedAs,
        check: impl FnOnce(&CheckedAs) -> Vec<Problem>,
    ) -> Vec<Problem> {
        let mut cached = self.lock();
        match &*cached {
            Some((at, problems)) if *at == of => problems.clone(),
            _ => {
                let problems = check(&of);
                *cached = Some((of, problems.clone()));
                problems
            }
        }
    }
}

/// What a string in the document names, when completion knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completing {
    /// A value of `Action` or `NotAction`.
    Action,
    /// A key of an operator's block inside `Condition`.
    ConditionKey,
}

impl Completing {
    fn noun(self) -> &'static str {
        match self {
            Completing::Action => "action",
            Completing::ConditionKey => "condition key",
        }
    }
}

/// The names the text before the cursor may become (several: Ctrl-Space completed as far
/// as they agree).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub what: Completing,
    /// The text of the string before the cursor, as typed.
    pub word: String,
    pub candidates: Vec<String>,
    pub selected: usize,
}

/// How many candidates the list shows at once.
pub const COMPLETION_ROWS: usize = 8;

// The text area has no equality of its own; two editors are equal when they hold the
// same fields and cursor (what a test can observe).
impl PartialEq for Editor {
    fn eq(&self, o: &Self) -> bool {
        self.policy == o.policy
            && self.name == o.name
            && self.description == o.description
            && self.kind == o.kind
            && self.kinds == o.kinds
            && self.content.lines() == o.content.lines()
            && self.content.cursor() == o.content.cursor()
            && self.focus == o.focus
            && self.failure == o.failure
            && self.leaving == o.leaving
            && self.original == o.original
            && self.tried == o.tried
            && self.note == o.note
            && self.resource_policy == o.resource_policy
            && self.completion == o.completion
    }
}

impl Eq for Editor {}

fn text_area(content: &str) -> TextArea<'static> {
    let mut t = TextArea::new(content.lines().map(str::to_string).collect());
    t.set_tab_length(2);
    t.set_hard_tab_indent(false);
    t
}

impl Editor {
    pub fn new_policy(kinds: Vec<PolicyType>) -> Self {
        let kind = kinds.first().cloned().unwrap_or(PolicyType::ServiceControl);
        Editor {
            policy: None,
            name: TextInput::default(),
            description: TextInput::default(),
            content: text_area(template(&kind)),
            kind,
            kinds,
            focus: EditorField::Name,
            failure: None,
            leaving: false,
            original: None,
            tried: false,
            note: None,
            resource_policy: None,
            completion: None,
            checked: Checked::default(),
        }
    }

    pub fn existing(
        id: &str,
        name: &str,
        description: &str,
        kind: PolicyType,
        content: &str,
    ) -> Self {
        let pretty = pretty(content);
        Editor {
            policy: Some(id.to_string()),
            name: TextInput::new(name),
            description: TextInput::new(description),
            kinds: vec![kind.clone()],
            kind,
            content: text_area(&pretty),
            focus: EditorField::Content,
            failure: None,
            leaving: false,
            original: Some((name.to_string(), description.to_string(), pretty)),
            tried: false,
            note: None,
            resource_policy: None,
            completion: None,
            checked: Checked::default(),
        }
    }

    /// The editor on the organization's resource policy (`None`: there is none yet).
    pub fn resource_policy(content: Option<&str>) -> Self {
        let kind = PolicyType::Other("RESOURCE_POLICY".into());
        let mut e = Editor::existing("", "", "", kind, "");
        e.policy = None;
        e.kinds = Vec::new();
        e.resource_policy = Some(content.is_some());
        let text = content.map_or_else(|| RESOURCE_POLICY_TEMPLATE.to_string(), pretty);
        e.content = text_area(&text);
        e.original = content.map(|_| (String::new(), String::new(), text));
        e
    }

    pub fn from_draft(d: &Draft) -> Self {
        let mut e = match &d.policy {
            Some(id) => Editor::existing(id, &d.name, &d.description, d.kind.clone(), &d.content),
            None => Editor::new_policy(vec![d.kind.clone()]),
        };
        e.name = TextInput::new(d.name.as_str());
        e.description = TextInput::new(d.description.as_str());
        e.content = text_area(&d.content);
        if let Some(o) = &d.original {
            e.original = Some(o.clone());
        }
        e
    }

    pub fn draft(&self) -> Draft {
        Draft {
            policy: self.policy.clone(),
            name: self.name.to_string(),
            description: self.description.to_string(),
            kind: self.kind.clone(),
            content: self.text(),
            original: self.original.clone(),
        }
    }

    pub fn text(&self) -> String {
        self.content.lines().join("\n")
    }

    /// Replaces the document (after $EDITOR), keeping the rest.
    pub fn set_text(&mut self, text: &str) {
        self.content = text_area(text);
        self.completion = None;
        self.focus = EditorField::Content;
    }

    /// Problems of the document, errors and warnings, in the order of the text.
    pub fn problems(&self) -> Vec<Problem> {
        let of = (
            self.kind.clone(),
            self.resource_policy.is_some(),
            self.text(),
        );
        self.checked.get_or(of, |(kind, resource_policy, text)| {
            if *resource_policy {
                policy::validate::validate_json(text)
            } else {
                policy::check(kind, text)
            }
        })
    }

    /// The problems that stop a save (AWS would refuse the document).
    pub fn errors(&self) -> Vec<Problem> {
        let mut problems = self.problems();
        problems.retain(|p| !p.is_warning());
        problems
    }

    /// The document's character limit; `None` for the resource policy, whose size AWS
    /// checks itself.
    pub fn max_chars(&self) -> Option<usize> {
        self.resource_policy
            .is_none()
            .then(|| policy::limits::max_chars(&self.kind))
    }

    /// A problem of the name or description to show: once typed in, or after Ctrl-S.
    pub fn shown_field_error(&self) -> Option<(EditorField, String)> {
        self.field_error()
            .filter(|_| self.tried || !self.name.is_empty() || !self.description.is_empty())
    }

    /// Problems of the name and description fields.
    pub fn field_error(&self) -> Option<(EditorField, String)> {
        if self.resource_policy.is_some() {
            return None;
        }
        if let Err(e) = ids::validate_policy_name(&self.name) {
            return Some((EditorField::Name, e));
        }
        if self.description.chars().count() > 512 {
            return Some((EditorField::Description, "at most 512 characters".into()));
        }
        None
    }

    /// Whether the editor holds what the policy already is (nothing to save).
    pub fn unchanged(&self) -> bool {
        self.original.as_ref().is_some_and(|(n, d, c)| {
            *n == *self.name && *d == *self.description && *c == self.text()
        })
    }

    pub fn on_key(&mut self, key: &KeyEvent) -> Outcome {
        if self.leaving {
            return match key.code {
                KeyCode::Char('k') => Outcome::Cancelled,
                KeyCode::Char('d') => Outcome::Discard,
                _ => {
                    self.leaving = false;
                    Outcome::Stay
                }
            };
        }
        self.note = None;
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if self.focus == EditorField::Content {
            if let Some(outcome) = self.completion_key(key) {
                return outcome;
            }
        }
        match (key.code, ctrl) {
            (KeyCode::Esc, _) => {
                self.leaving = true;
                return Outcome::Stay;
            }
            (KeyCode::Char('s'), true) => return self.submit(),
            (KeyCode::Char('o'), true) => return Outcome::ExternalEdit,
            // The resource policy has only its document.
            (KeyCode::Tab | KeyCode::BackTab, _) if self.resource_policy.is_some() => {}
            (KeyCode::Tab, _) => {
                self.focus = self.focus.next(false);
                return Outcome::Stay;
            }
            (KeyCode::BackTab, _) => {
                self.focus = self.focus.next(true);
                return Outcome::Stay;
            }
            (KeyCode::Char('m'), false) if key.modifiers.contains(KeyModifiers::ALT) => {
                self.minify();
                return Outcome::Stay;
            }
            _ => {}
        }
        match self.focus {
            EditorField::Name => {
                self.name.on_key(key);
            }
            EditorField::Description => {
                self.description.on_key(key);
            }
            EditorField::Kind => self.cycle_kind(key),
            EditorField::Content => {
                self.content.input(*key);
            }
        }
        Outcome::Stay
    }

    /// The keys of completion: Ctrl-Space, and while the list is open ↑/↓, Enter and Esc;
    /// any other key closes the list, and after typing it shows what is still possible.
    /// `None`: the key is the document's.
    fn completion_key(&mut self, key: &KeyEvent) -> Option<Outcome> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let open = self.completion.is_some();
        match (key.code, ctrl) {
            (KeyCode::Char(' '), true) if open => self.move_selection(1),
            (KeyCode::Char(' '), true) => self.complete(),
            (KeyCode::Up, _) if open => self.move_selection(-1),
            (KeyCode::Down, _) if open => self.move_selection(1),
            (KeyCode::Enter, _) if open => self.pick(),
            (KeyCode::Esc, _) if open => self.completion = None,
            (KeyCode::Char(_) | KeyCode::Backspace, false) if open => {
                self.content.input(*key);
                self.refresh_completion();
            }
            _ => {
                self.completion = None;
                return None;
            }
        }
        Some(Outcome::Stay)
    }

    /// What the string at the cursor names and its text before the cursor.
    fn completion_context(&self) -> Option<(Completing, String)> {
        let DataCursor(row, col) = self.content.cursor();
        completion_context(self.content.lines(), row, col)
    }

    /// Ctrl-Space: the one name the string can become, or as far as all of them agree and
    /// a list of them.
    fn complete(&mut self) {
        let Some((what, word)) = self.completion_context() else {
            self.note = Some(
                "Ctrl-Space completes an action (in Action or NotAction) or a condition key (in Condition)"
                    .into(),
            );
            return;
        };
        let candidates = candidates(what, &word);
        match candidates.as_slice() {
            [] => self.note = Some(format!("No {} starts with \"{word}\"", what.noun())),
            [only] => {
                let only = only.clone();
                self.replace_word(&word, &only);
            }
            _ => {
                let common = common_prefix(&candidates);
                self.replace_word(&word, &common);
                self.completion = Some(Completion {
                    what,
                    word: common,
                    candidates,
                    selected: 0,
                });
            }
        }
    }

    /// After typing with the list open: the names still possible (none: the list closes).
    fn refresh_completion(&mut self) {
        self.completion = self.completion_context().and_then(|(what, word)| {
            let candidates = candidates(what, &word);
            (!candidates.is_empty()).then_some(Completion {
                what,
                word,
                candidates,
                selected: 0,
            })
        });
    }

    fn move_selection(&mut self, by: isize) {
        if let Some(c) = &mut self.completion {
            let n = c.candidates.len().max(1) as isize;
            c.selected = (c.selected as isize + by).rem_euclid(n) as usize;
        }
    }

    /// Enter on the list: the selected name replaces what is typed.
    fn pick(&mut self) {
        let Some(c) = self.completion.take() else {
            return;
        };
        let (Some(name), Some((_, word))) =
            (c.candidates.get(c.selected), self.completion_context())
        else {
            return;
        };
        self.replace_word(&word, name);
    }

    /// Replaces `word`, the text just before the cursor, with `with`.
    fn replace_word(&mut self, word: &str, with: &str) {
        if word == with {
            return;
        }
        let DataCursor(row, col) = self.content.cursor();
        let n = word.chars().count();
        self.content
            .move_cursor(CursorMove::Jump(row as u16, col.saturating_sub(n) as u16));
        self.content.delete_str(n);
        self.content.insert_str(with);
    }

    pub fn on_paste(&mut self, text: &str) {
        match self.focus {
            EditorField::Name => {
                self.name.paste(text);
            }
            EditorField::Description => {
                self.description.paste(text);
            }
            EditorField::Kind => {}
            // The document keeps the pasted lines as they are.
            EditorField::Content => {
                self.content
                    .insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
            }
        }
    }

    fn cycle_kind(&mut self, key: &KeyEvent) {
        if self.policy.is_some() || self.kinds.len() < 2 {
            return;
        }
        let back = match action_for(Scope::Text, key) {
            Some(Action::CursorLeft) => true,
            Some(Action::CursorRight) => false,
            _ if key.code == KeyCode::Char(' ') => false,
            _ => return,
        };
        let i = self.kinds.iter().position(|k| *k == self.kind).unwrap_or(0);
        let n = self.kinds.len();
        let next = self.kinds[if back { (i + n - 1) % n } else { (i + 1) % n }].clone();
        // A template still untouched follows the type.
        if self.text() == template(&self.kind) {
            self.content = text_area(template(&next));
        }
        self.kind = next;
    }

    fn submit(&mut self) -> Outcome {
        self.tried = true;
        if let Some((field, _)) = self.field_error() {
            self.focus = field;
            return Outcome::Stay;
        }
        // Warnings never stop a save: AWS accepts the document.
        if let Some(p) = self.errors().first() {
            self.focus = EditorField::Content;
            self.content.move_cursor(CursorMove::Jump(
                p.line.saturating_sub(1) as u16,
                p.column.saturating_sub(1) as u16,
            ));
            return Outcome::Stay;
        }
        if self.unchanged() {
            self.note = Some("Nothing changed yet: edit the policy, or Esc to leave".into());
            return Outcome::Stay;
        }
        self.failure = None;
        Outcome::Submitted
    }

    /// Rewrites the document without insignificant whitespace (only valid JSON).
    fn minify(&mut self) {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&self.text()) {
            self.content = text_area(&v.to_string());
            self.focus = EditorField::Content;
        }
    }

    /// The change the editor asks for.
    pub fn plan(&self) -> Plan {
        if let Some(exists) = self.resource_policy {
            return Plan::Admin(super::AdminPlan::ResourcePolicy {
                content: Some(self.text()),
                exists,
            });
        }
        Plan::SavePolicy {
            draft: Box::new(self.draft()),
        }
    }
}

/// One open object or list while reading the text before the cursor.
struct Frame {
    object: bool,
    /// The key whose value this is (a list's items have their list's key).
    key: Option<String>,
    /// In an object: the last key read, its value not yet ended.
    pending: Option<String>,
    /// In an object: the next string is a key.
    expect_key: bool,
}

/// What the string the cursor is in names, and its text before the cursor. Read from the
/// text before the cursor alone and forgivingly: a document being typed is seldom valid
/// JSON, and what comes after the cursor does not change where it is.
fn completion_context(lines: &[String], row: usize, col: usize) -> Option<(Completing, String)> {
    let mut frames: Vec<Frame> = Vec::new();
    // The string being read: its text, and whether it is a key.
    let mut string: Option<(String, bool)> = None;
    let mut escaped = false;
    let before = lines.get(row)?.chars().take(col).collect::<String>();
    let text = lines[..row]
        .iter()
        .map(String::as_str)
        .chain(std::iter::once(before.as_str()));
    for (i, line) in text.enumerate() {
        // A string does not go on past the end of its line.
        if i > 0 {
            string = None;
            escaped = false;
        }
        for c in line.chars() {
            if let Some((buf, is_key)) = &mut string {
                match c {
                    _ if escaped => {
                        escaped = false;
                        buf.push(c);
                    }
                    '\\' => escaped = true,
                    '"' => {
                        if *is_key {
                            if let Some(top) = frames.last_mut() {
                                top.pending = Some(std::mem::take(buf));
                                top.expect_key = false;
                            }
                        }
                        string = None;
                    }
                    _ => buf.push(c),
                }
                continue;
            }
            match c {
                '"' => {
                    let is_key = frames.last().is_some_and(|f| f.object && f.expect_key);
                    string = Some((String::new(), is_key));
                }
                '{' | '[' => {
                    let key = frames.last().and_then(|f| {
                        if f.object {
                            f.pending.clone()
                        } else {
                            f.key.clone()
                        }
                    });
                    frames.push(Frame {
                        object: c == '{',
                        key,
                        pending: None,
                        expect_key: c == '{',
                    });
                }
                '}' | ']' => {
                    frames.pop();
                }
                ',' => {
                    if let Some(top) = frames.last_mut().filter(|f| f.object) {
                        top.expect_key = true;
                        top.pending = None;
                    }
                }
                _ => {}
            }
        }
    }
    let (word, is_key) = string?;
    // A pattern or a sentence is not a name to complete.
    if word.contains(|c: char| c.is_whitespace() || c == '*' || c == '?') {
        return None;
    }
    let top = frames.last()?;
    if is_key {
        let parent = frames.len().checked_sub(2).and_then(|i| frames.get(i))?;
        let in_condition =
            top.key.is_some() && parent.object && parent.key.as_deref() == Some("Condition");
        return in_condition.then_some((Completing::ConditionKey, word));
    }
    let key = if top.object { &top.pending } else { &top.key };
    matches!(key.as_deref(), Some("Action" | "NotAction")).then_some((Completing::Action, word))
}

/// The names `word` may become, sorted. An action without its colon yet completes the
/// service prefix first (`ec` → `ec2:`, `ecr:`, ...): listing every action of every
/// service starting with it would be thousands.
fn candidates(what: Completing, word: &str) -> Vec<String> {
    let c = catalog();
    let lower = word.to_ascii_lowercase();
    let mut names: Vec<String> = match what {
        Completing::Action if word.contains(':') => return c.action_names(word),
        Completing::Action => c
            .services
            .iter()
            .filter(|s| s.prefix.to_ascii_lowercase().starts_with(&lower))
            .map(|s| format!("{}:", s.prefix))
            .collect(),
        // A key with a variable part completes up to it (`aws:PrincipalTag/`).
        Completing::ConditionKey => c
            .global_keys
            .iter()
            .chain(c.services.iter().flat_map(|s| s.condition_keys.iter()))
            .map(|k| k.name.split("${").next().unwrap_or(&k.name).to_string())
            .filter(|n| n.to_ascii_lowercase().starts_with(&lower))
            .collect(),
    };
    names.sort_by_key(|n| n.to_ascii_lowercase());
    names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    names
}

/// The longest start all of `names` share, compared without case, as the first spells it.
fn common_prefix(names: &[String]) -> String {
    let Some(first) = names.first() else {
        return String::new();
    };
    let mut len = first.chars().count();
    for n in &names[1..] {
        len = first
            .chars()
            .zip(n.chars())
            .take(len)
            .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
            .count();
    }
    first.chars().take(len).collect()
}

/// A document indented for editing; content that is not JSON stays as it is.
fn pretty(content: &str) -> String {
    serde_json::from_str::<serde_json::Value>(content)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| content.to_string())
}

/// A starting document for the organization's resource policy.
const RESOURCE_POLICY_TEMPLATE: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"AllowDescribe\",\n      \"Effect\": \"Allow\",\n      \"Principal\": {\n        \"AWS\": \"arn:aws:iam::111122223333:root\"\n      },\n      \"Action\": \"organizations:Describe*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";

/// A starting document for a new policy of `kind`.
pub fn template(kind: &PolicyType) -> &'static str {
    match kind {
        PolicyType::ServiceControl => {
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"DenyExample\",\n      \"Effect\": \"Deny\",\n      \"Action\": \"service:Action\",\n      \"Resource\": \"*\"\n    }\n  ]\n}"
        }
        PolicyType::ResourceControl => {
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"DenyExample\",\n      \"Effect\": \"Deny\",\n      \"Principal\": \"*\",\n      \"Action\": \"s3:*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}"
        }
        _ => "{\n}",
    }
}
