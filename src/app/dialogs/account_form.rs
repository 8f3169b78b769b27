//! The form that creates an account: email, name, IAM role, billing access, destination
//! OU and tags, each checked as the user types (the message is shown at its field).
//! Nothing invalid is submitted; a failed call brings the form back with its text.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::keymap::{action_for, Action, Scope};
use crate::org::{ids, lifecycle::DEFAULT_ROLE_NAME, OrgError};

use super::super::input::TextInput;
use super::super::model::Model;
use super::account_plan::AccountPlan;
use super::{destinations, Outcome, Plan};
use crate::change::AccountChange;

/// At most this many tags on one resource.
pub const MAX_TAGS: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    Email,
    Name,
    Role,
    Billing,
    Destination,
    Tags,
    /// Also create a GovCloud account (CreateGovCloudAccount), when offered.
    GovCloud,
}

impl FormField {
    pub const ALL: [FormField; 7] = [
        FormField::Email,
        FormField::Name,
        FormField::Role,
        FormField::Billing,
        FormField::Destination,
        FormField::Tags,
        FormField::GovCloud,
    ];

    pub fn label(self) -> &'static str {
        match self {
            FormField::Email => "Email",
            FormField::Name => "Account name",
            FormField::Role => "IAM role name",
            FormField::Billing => "IAM user access to billing",
            FormField::Destination => "Destination OU",
            FormField::Tags => "Tags (key=value, …)",
            FormField::GovCloud => "Also a GovCloud (US) account",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountForm {
    pub email: TextInput,
    pub name: TextInput,
    pub role: TextInput,
    /// ALLOW when true.
    pub billing: bool,
    /// The OU (or root) the account is moved to once it exists.
    pub destination: String,
    pub tags: TextInput,
    /// `Some` when CreateGovCloudAccount is offered (the caller is the management
    /// account): whether to send it instead of CreateAccount.
    pub gov_cloud: Option<bool>,
    pub focus: FormField,
    /// The last call's failure, shown above the fields.
    pub failure: Option<OrgError>,
}

impl AccountForm {
    pub fn new(destination: &str) -> Self {
        AccountForm {
            email: TextInput::default(),
            name: TextInput::default(),
            role: TextInput::new(DEFAULT_ROLE_NAME),
            billing: true,
            destination: destination.to_string(),
            tags: TextInput::default(),
            gov_cloud: None,
            focus: FormField::Email,
            failure: None,
        }
    }

    /// The problem of one field, if it has one.
    pub fn error(&self, field: FormField) -> Option<String> {
        match field {
            FormField::Email => ids::validate_email(self.email.trim()).err(),
            FormField::Name => {
                let n = self.name.trim().chars().count();
                (!(1..=50).contains(&n))
                    .then(|| format!("account name is {n} characters; 1 to 50 allowed"))
            }
            FormField::Role => validate_role(&self.role).err(),
            FormField::Tags => parse_tags(&self.tags).err(),
            FormField::Billing | FormField::Destination | FormField::GovCloud => None,
        }
    }

    /// The fields shown: the GovCloud choice only when it is offered.
    pub fn fields(&self) -> Vec<FormField> {
        FormField::ALL
            .into_iter()
            .filter(|f| *f != FormField::GovCloud || self.gov_cloud.is_some())
            .collect()
    }

    pub fn first_error(&self) -> Option<(FormField, String)> {
        FormField::ALL
            .iter()
            .find_map(|&f| self.error(f).map(|e| (f, e)))
    }

    pub fn on_key(&mut self, key: &KeyEvent, m: &Model) -> Outcome {
        match key.code {
            KeyCode::Tab | KeyCode::Down => return self.step(1),
            KeyCode::BackTab | KeyCode::Up => return self.step(self.fields().len() - 1),
            _ => {}
        }
        // Space on the destination opens the OU picker; Enter submits from any field.
        if self.focus == FormField::Destination && key.code == KeyCode::Char(' ') {
            return Outcome::PickDestination;
        }
        match action_for(Scope::Prompt, key) {
            Some(Action::Cancel) => return Outcome::Cancelled,
            Some(Action::Accept) => {
                return match self.first_error() {
                    Some((field, _)) => {
                        self.focus = field;
                        Outcome::Stay
                    }
                    None => {
                        self.failure = None;
                        Outcome::Submitted
                    }
                }
            }
            _ => {}
        }
        let sideways = match action_for(Scope::Text, key) {
            Some(Action::CursorLeft) => Some(true),
            Some(Action::CursorRight) => Some(false),
            _ if key.code == KeyCode::Char(' ') => Some(false),
            _ => None,
        };
        match (self.focus, sideways) {
            (FormField::Billing, Some(_)) => self.billing = !self.billing,
            (FormField::GovCloud, Some(_)) => self.gov_cloud = self.gov_cloud.map(|g| !g),
            (FormField::Destination, Some(back)) => self.cycle_destination(m, back),
            (FormField::Billing | FormField::Destination | FormField::GovCloud, None) => {}
            (f, _) => {
                if let Some(input) = self.input_mut(f) {
                    input.on_key(key);
                }
            }
        }
        Outcome::Stay
    }

    fn step(&mut self, by: usize) -> Outcome {
        let all = self.fields();
        let i = all.iter().position(|f| *f == self.focus).unwrap_or(0);
        self.focus = all[(i + by) % all.len()];
        Outcome::Stay
    }

    fn input_mut(&mut self, field: FormField) -> Option<&mut TextInput> {
        match field {
            FormField::Email => Some(&mut self.email),
            FormField::Name => Some(&mut self.name),
            FormField::Role => Some(&mut self.role),
            FormField::Tags => Some(&mut self.tags),
            FormField::Billing | FormField::Destination | FormField::GovCloud => None,
        }
    }

    pub fn on_paste(&mut self, text: &str) {
        if let Some(input) = self.input_mut(self.focus) {
            input.paste(text);
        }
    }

    /// The next (or previous) root or OU of the directory the pickers use.
    fn cycle_destination(&mut self, m: &Model, back: bool) {
        // In path order, so ← and → walk the tree as it reads (the root first).
        let all = destinations(m);
        if all.is_empty() {
            return;
        }
        let n = all.len();
        let i = all.iter().position(|c| c.id == self.destination);
        let next = match (i, back) {
            (None, _) => 0,
            (Some(i), true) => (i + n - 1) % n,
            (Some(i), false) => (i + 1) % n,
        };
        self.destination = all[next].id.clone();
    }

    /// The change the form asks for (only once it validates).
    pub fn plan(&self) -> Plan {
        let tags = parse_tags(&self.tags).unwrap_or_default();
        let (email, name, role_name) = (
            self.email.trim().to_string(),
            self.name.trim().to_string(),
            self.role.trim().to_string(),
        );
        let billing = self.billing;
        let change = if self.gov_cloud == Some(true) {
            AccountChange::CreateGovCloudAccount(crate::change::NewAccountRequest {
                email,
                name,
                role_name,
                billing,
                tags,
            })
        } else {
            AccountChange::CreateAccount(crate::change::NewAccountRequest {
                email,
                name,
                role_name,
                billing,
                tags,
            })
        };
        Plan::Account(AccountPlan::Create {
            change,
            destination: self.destination.clone(),
        })
    }
}

/// An IAM role name: 1–64 of letters, digits and `+=,.@_-`.
pub fn validate_role(role: &str) -> Result<(), String> {
    let n = role.chars().count();
    if !(1..=64).contains(&n) {
        return Err(format!("role name is {n} characters; 1 to 64 allowed"));
    }
    match role
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "+=,.@_-".contains(*c)))
    {
        Some(c) => Err(format!(
            "role name may not contain {c:?}: letters, digits and +=,.@_- only"
        )),
        None => Ok(()),
    }
}

/// `key=value, key2=value2` as tags, with AWS's rules: key 1–128 characters, value
/// 0–256, no `aws:` prefix, each key once, at most 50.
pub fn parse_tags(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((k, v)) = part.split_once('=') else {
            return Err(format!("tag \"{part}\" needs key=value"));
        };
        let (k, v) = (k.trim(), v.trim());
        // The same rules as the tag editor's (`T`).
        if let Some(why) = super::key_problem(k).or_else(|| super::value_problem(v)) {
            return Err(format!("tag {k}: {why}"));
        }
        if out.iter().any(|(o, _)| o == k) {
            return Err(format!("tag key {k} appears twice"));
        }
        out.push((k.to_string(), v.to_string()));
    }
    if out.len() > MAX_TAGS {
        return Err(format!("{} tags; at most {MAX_TAGS} allowed", out.len()));
    }
    Ok(out)
}
