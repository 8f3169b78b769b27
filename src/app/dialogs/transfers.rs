//! The responsibility-transfers screen (`9`): the transfers by which this organization
//! manages another's billing (inbound) and those by which another manages its own
//! (outbound), one described in full, and the keys that invite another organization (a
//! form), rename a transfer (a prompt) and end one (at the end of a month chosen).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::change::TransferChange;
use crate::org::{ids, ResponsibilityTransfer, BILLING};

use super::super::cache::Loadable;
use super::super::changes::READ_ONLY;
use super::super::input::TextInput;
use super::super::model::Model;
use super::handshakes::{target_problem, MAX_NOTES};
use super::{list_step, Outcome, Plan};
use crate::keymap::Action;

/// How many month ends the terminate step offers.
pub const END_CHOICES: usize = 12;
/// The longest name of a transfer.
pub const MAX_TRANSFER_NAME: usize = 128;

/// Which list a transfer is in, as the caller sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// This organization manages the other's responsibility (it invited).
    Inbound,
    /// The other organization manages this one's (this one was invited).
    Outbound,
}

/// The fields of the invitation form, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteField {
    Target,
    Start,
    Name,
    Notes,
}

pub const INVITE_FIELDS: [InviteField; 4] = [
    InviteField::Target,
    InviteField::Start,
    InviteField::Name,
    InviteField::Notes,
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrStep {
    List,
    /// One transfer, as DescribeResponsibilityTransfer answers.
    Detail {
        id: String,
    },
    /// The invitation form, the cursor in `field`.
    Invite {
        field: InviteField,
    },
    /// The new name of transfer `id`.
    Rename {
        id: String,
    },
    /// When transfer `id` ends: the `choice`-th of [`end_choices`].
    Terminate {
        id: String,
        choice: usize,
    },
}

/// What the screen asks its caller for when a key returns `Submitted`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrWants {
    Confirm(Plan),
    /// The lists again.
    Reload,
    /// DescribeResponsibilityTransfer.
    Describe(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferScreen {
    pub step: TrStep,
    pub selected: usize,
    /// Changes are refused (`--read-only`): said as soon as a change key is pressed.
    pub read_only: bool,
    pub target: TextInput,
    pub start: TextInput,
    pub name: TextInput,
    pub notes: TextInput,
    /// The new name at the rename step.
    pub rename: TextInput,
    /// Why the last key did nothing, or what went wrong.
    pub note: Option<String>,
    pub wants: Option<TrWants>,
}

/// One row of the screen: a transfer and the list it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferRow {
    pub side: Side,
    pub transfer: ResponsibilityTransfer,
}

impl TransferRow {
    /// The other organization's management account: its id, else its email.
    pub fn other_party(&self) -> &str {
        let p = match self.side {
            Side::Inbound => &self.transfer.source,
            Side::Outbound => &self.transfer.target,
        };
        if p.management_account_id.is_empty() {
            &p.management_account_email
        } else {
            &p.management_account_id
        }
    }
}

/// Every transfer read, inbound first, each list by start then name.
pub fn transfer_rows(m: &Model) -> Vec<TransferRow> {
    let Some(Loadable::Loaded(t)) = &m.cache.admin.transfers else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (side, list) in [(Side::Inbound, &t.inbound), (Side::Outbound, &t.outbound)] {
        let mut rows: Vec<TransferRow> = list
            .iter()
            .map(|tr| TransferRow {
                side,
                transfer: tr.clone(),
            })
            .collect();
        rows.sort_by(|a, b| {
            (&a.transfer.start, &a.transfer.name).cmp(&(&b.transfer.start, &b.transfer.name))
        });
        out.extend(rows);
    }
    out
}

/// A transfer by id: as described, else as listed (with its side).
pub fn transfer_by_id(m: &Model, id: &str) -> Option<TransferRow> {
    let listed = transfer_rows(m).into_iter().find(|r| r.transfer.id == id);
    match m.cache.admin.transfer.get(id) {
        Some(Loadable::Loaded(t)) => Some(TransferRow {
            side: listed.as_ref().map_or_else(|| side_of(m, t), |r| r.side),
            transfer: t.clone(),
        }),
        _ => listed,
    }
}

/// The side of a transfer not listed: inbound when the caller's organization's
/// management account is its target.
fn side_of(m: &Model, t: &ResponsibilityTransfer) -> Side {
    let me = m.organization().map(|o| o.master_account_id.as_str());
    if me == Some(t.target.management_account_id.as_str()) {
        Side::Inbound
    } else {
        Side::Outbound
    }
}

// --- dates: calendar months in UTC, as the API wants them -----------------------------------

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in(y: i64, mo: u32) -> u32 {
    match mo {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// (year, month, day) of an RFC 3339 time or a YYYY-MM-DD date.
fn ymd(text: &str) -> Option<(i64, u32, u32)> {
    let d = text.get(..10)?;
    let b = d.as_bytes();
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let y = d.get(0..4)?.parse().ok()?;
    let mo = d.get(5..7)?.parse().ok()?;
    let day = d.get(8..10)?.parse().ok()?;
    ((1..=12).contains(&mo) && day >= 1 && day <= days_in(y, mo)).then_some((y, mo, day))
}

fn next_month(y: i64, mo: u32) -> (i64, u32) {
    if mo == 12 {
        (y + 1, 1)
    } else {
        (y, mo + 1)
    }
}

/// The first day of the month after `now` (RFC 3339), as the start field shows it.
pub fn first_of_next_month(now: &str) -> Option<String> {
    let (y, mo, _) = ymd(now)?;
    let (y, mo) = next_month(y, mo);
    Some(format!("{y:04}-{mo:02}-01"))
}

/// The start typed (`2026-07-01`, or `2026-07-01T00:00:00Z`) as sent, or why it cannot
/// be: the first day of a month at 00:00 UTC, not before the month of `now` when known.
pub fn parse_start(text: &str, now: Option<&str>) -> Result<String, String> {
    let t = text.trim();
    let Some((y, mo, d)) = ymd(t) else {
        return Err("type the start as YYYY-MM-DD, the first day of a month".into());
    };
    let time = t.get(10..).unwrap_or("");
    if !matches!(time, "" | "T00:00:00Z" | "T00:00:00.000Z") {
        return Err("the start is at 00:00 UTC: type the date alone".into());
    }
    if d != 1 {
        return Err(format!(
            "the start must be the first day of a month ({y:04}-{mo:02}-01?)"
        ));
    }
    if let Some((ny, nmo, _)) = now.and_then(ymd) {
        if (y, mo) < (ny, nmo) {
            return Err(format!(
                "the start cannot be before this month ({ny:04}-{nmo:02}-01)"
            ));
        }
    }
    Ok(format!("{y:04}-{mo:02}-01T00:00:00Z"))
}

/// Why a transfer's name cannot be, if it cannot: 1 to 128 printable ASCII characters.
pub fn transfer_name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("type a name (1 to 128 characters)".into());
    }
    if name.chars().count() > MAX_TRANSFER_NAME {
        return Some(format!(
            "a name holds at most {MAX_TRANSFER_NAME} characters"
        ));
    }
    if !name.chars().all(|c| (' '..='~').contains(&c)) {
        return Some("a name holds printable ASCII characters only".into());
    }
    None
}

/// The month ends a transfer may end at: the end of the month under way (or of its
/// first month, if it has not started), then the months after.
pub fn end_choices(t: &ResponsibilityTransfer, now: Option<&str>) -> Vec<String> {
    let from = match (ymd(&t.start), now.and_then(ymd)) {
        (Some(s), Some(n)) => s.max(n),
        (Some(s), None) => s,
        (None, Some(n)) => n,
        (None, None) => return Vec::new(),
    };
    let (mut y, mut mo) = (from.0, from.1);
    let mut out = Vec::new();
    for _ in 0..END_CHOICES {
        let d = days_in(y, mo);
        out.push(format!("{y:04}-{mo:02}-{d:02}T23:59:59.999Z"));
        (y, mo) = next_month(y, mo);
    }
    out
}

/// When the lists were read (the worker's clock), if they were.
pub fn read_at(m: &Model) -> Option<&str> {
    match &m.cache.admin.transfers {
        Some(Loadable::Loaded(t)) if !t.read_at.is_empty() => Some(&t.read_at),
        _ => None,
    }
}

/// Why a field of the invitation form cannot be sent as typed, if it cannot.
pub fn invite_problem(s: &TransferScreen, field: InviteField, now: Option<&str>) -> Option<String> {
    match field {
        InviteField::Target => {
            let t = s.target.trim();
            if t.is_empty() {
                return Some(
                    "type the other organization's management account id or its email".into(),
                );
            }
            target_problem(t)
        }
        InviteField::Start => parse_start(s.start.as_str(), now).err(),
        InviteField::Name => transfer_name_problem(s.name.as_str()),
        InviteField::Notes => (s.notes.trim().chars().count() > MAX_NOTES)
            .then(|| format!("notes hold at most {MAX_NOTES} characters")),
    }
}

impl TransferScreen {
    pub fn new(read_only: bool) -> Self {
        TransferScreen {
            step: TrStep::List,
            selected: 0,
            read_only,
            target: TextInput::default(),
            start: TextInput::default(),
            name: TextInput::default(),
            notes: TextInput::default(),
            rename: TextInput::default(),
            note: None,
            wants: None,
        }
    }

    fn submit(&mut self, wants: TrWants) -> Outcome {
        self.wants = Some(wants);
        Outcome::Submitted
    }

    /// After a change went through: the list, re-read.
    pub fn back_to_list(&mut self) {
        self.step = TrStep::List;
        self.selected = 0;
    }

    /// The transfer the keys act on: the one described, or the list's selection.
    pub fn current(&self, m: &Model) -> Option<TransferRow> {
        match &self.step {
            TrStep::Detail { id } | TrStep::Rename { id } | TrStep::Terminate { id, .. } => {
                transfer_by_id(m, id)
            }
            _ => transfer_rows(m).get(self.selected).cloned(),
        }
    }

    pub fn on_key(&mut self, key: &KeyEvent, m: &Model) -> Outcome {
        self.note = None;
        match self.step.clone() {
            TrStep::Invite { field } => return self.on_form_key(key, field, m),
            TrStep::Rename { id } => return self.on_rename_key(key, &id),
            TrStep::Terminate { id, choice } => return self.on_end_key(key, &id, choice, m),
            TrStep::List | TrStep::Detail { .. } => {}
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let detail = matches!(self.step, TrStep::Detail { .. });
        match (key.code, ctrl) {
            (KeyCode::Esc, _) if detail => self.step = TrStep::List,
            (KeyCode::Esc, _) => return Outcome::Cancelled,
            (KeyCode::Enter, _) if detail => self.step = TrStep::List,
            (KeyCode::Enter, _) => match self.current(m) {
                Some(r) => {
                    let id = r.transfer.id;
                    self.step = TrStep::Detail { id: id.clone() };
                    return self.submit(TrWants::Describe(id));
                }
                None => self.note = Some("No transfer selected".into()),
            },
            (KeyCode::Char('r'), true) => return self.submit(TrWants::Reload),
            (KeyCode::Char('n'), true) if self.read_only => self.note = Some(READ_ONLY.into()),
            (KeyCode::Char('n'), true) => {
                self.target.clear();
                self.name.clear();
                self.notes.clear();
                let start = read_at(m).and_then(first_of_next_month).unwrap_or_default();
                self.start = TextInput::new(&start);
                self.step = TrStep::Invite {
                    field: InviteField::Target,
                };
            }
            (KeyCode::Char('e'), false) => self.start_rename(m),
            (KeyCode::Char('x'), true) => self.start_terminate(m),
            _ if detail => {}
            _ => match list_step(key) {
                Some(Action::Up) => self.selected = self.selected.saturating_sub(1),
                Some(Action::Down) => {
                    let last = transfer_rows(m).len().saturating_sub(1);
                    self.selected = (self.selected + 1).min(last);
                }
                _ => {}
            },
        }
        Outcome::Stay
    }

    fn start_rename(&mut self, m: &Model) {
        if self.read_only {
            self.note = Some(READ_ONLY.into());
            return;
        }
        let Some(r) = self.current(m) else {
            self.note = Some("No transfer selected".into());
            return;
        };
        if !r.transfer.is_open() {
            self.note = Some(format!(
                "Only a REQUESTED or ACCEPTED transfer can be renamed; this one is {}",
                r.transfer.status
            ));
            return;
        }
        self.rename = TextInput::new(&r.transfer.name);
        self.step = TrStep::Rename { id: r.transfer.id };
    }

    fn start_terminate(&mut self, m: &Model) {
        if self.read_only {
            self.note = Some(READ_ONLY.into());
            return;
        }
        let Some(r) = self.current(m) else {
            self.note = Some("No transfer selected".into());
            return;
        };
        if r.transfer.status != "ACCEPTED" {
            let hint = if r.transfer.status == "REQUESTED" {
                " (an open invitation is canceled on the handshakes screen, 8)"
            } else {
                ""
            };
            self.note = Some(format!(
                "Only an ACCEPTED transfer can be ended; this one is {}{hint}",
                r.transfer.status
            ));
            return;
        }
        self.step = TrStep::Terminate {
            id: r.transfer.id,
            choice: 0,
        };
    }

    fn input(&mut self, field: InviteField) -> &mut TextInput {
        match field {
            InviteField::Target => &mut self.target,
            InviteField::Start => &mut self.start,
            InviteField::Name => &mut self.name,
            InviteField::Notes => &mut self.notes,
        }
    }

    fn on_form_key(&mut self, key: &KeyEvent, field: InviteField, m: &Model) -> Outcome {
        let at = INVITE_FIELDS.iter().position(|f| *f == field).unwrap_or(0);
        let n = INVITE_FIELDS.len();
        match key.code {
            KeyCode::Esc => self.step = TrStep::List,
            KeyCode::Tab | KeyCode::Down => {
                self.step = TrStep::Invite {
                    field: INVITE_FIELDS[(at + 1) % n],
                }
            }
            KeyCode::BackTab | KeyCode::Up => {
                self.step = TrStep::Invite {
                    field: INVITE_FIELDS[(at + n - 1) % n],
                }
            }
            KeyCode::Enter => {
                let now = read_at(m);
                if let Some((f, why)) = INVITE_FIELDS
                    .iter()
                    .find_map(|f| invite_problem(self, *f, now).map(|w| (*f, w)))
                {
                    self.note = Some(why);
                    self.step = TrStep::Invite { field: f };
                    return Outcome::Stay;
                }
                let Ok(start) = parse_start(self.start.as_str(), now) else {
                    return Outcome::Stay;
                };
                let change = TransferChange::Invite {
                    target: self.target.trim().to_string(),
                    kind: BILLING.into(),
                    start,
                    name: self.name.to_string(),
                    notes: self.notes.trim().to_string(),
                };
                return self.submit(TrWants::Confirm(Plan::Transfer(change)));
            }
            _ => {
                self.input(field).on_key(key);
            }
        }
        Outcome::Stay
    }

    fn on_rename_key(&mut self, key: &KeyEvent, id: &str) -> Outcome {
        match key.code {
            KeyCode::Esc => self.step = TrStep::List,
            KeyCode::Enter => {
                if let Some(why) = transfer_name_problem(self.rename.as_str()) {
                    self.note = Some(why);
                    return Outcome::Stay;
                }
                let change = TransferChange::Rename {
                    transfer: id.to_string(),
                    name: self.rename.to_string(),
                };
                return self.submit(TrWants::Confirm(Plan::Transfer(change)));
            }
            _ => {
                self.rename.on_key(key);
            }
        }
        Outcome::Stay
    }

    fn on_end_key(&mut self, key: &KeyEvent, id: &str, choice: usize, m: &Model) -> Outcome {
        let ends = transfer_by_id(m, id)
            .map(|r| end_choices(&r.transfer, read_at(m)))
            .unwrap_or_default();
        let last = ends.len().saturating_sub(1);
        let id = id.to_string();
        match key.code {
            KeyCode::Esc => self.step = TrStep::List,
            KeyCode::Up | KeyCode::Left => {
                self.step = TrStep::Terminate {
                    id,
                    choice: choice.saturating_sub(1),
                }
            }
            KeyCode::Down | KeyCode::Right => {
                self.step = TrStep::Terminate {
                    id,
                    choice: (choice + 1).min(last),
                }
            }
            KeyCode::Enter => {
                let Some(end) = ends.get(choice).cloned() else {
                    self.note = Some("The transfer is not read yet; C-r reads it again".into());
                    return Outcome::Stay;
                };
                let change = TransferChange::Terminate { transfer: id, end };
                return self.submit(TrWants::Confirm(Plan::Transfer(change)));
            }
            _ => {}
        }
        Outcome::Stay
    }

    pub fn on_paste(&mut self, text: &str) {
        match self.step.clone() {
            TrStep::Invite { field } => {
                self.input(field).paste(text);
            }
            TrStep::Rename { .. } => {
                self.rename.paste(text);
            }
            _ => {}
        }
    }
}

/// Whether `target` names an account by id (else an email).
pub fn names_account(target: &str) -> bool {
    ids::is_account_id(target.trim())
}
