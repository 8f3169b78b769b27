//! The delegated-administrators, trusted-services and resource-policy screens: lists read
//! from the API, narrowed by what is typed, with the keys that register or deregister a
//! delegated administrator (an account picked, then a service typed or picked), enable
//! or disable trusted access, and edit or delete the resource policy.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::org::{Account, EnabledService};

use super::super::cache::Loadable;
use super::super::changes::READ_ONLY;
use super::super::input::TextInput;
use super::super::model::Model;
use super::{list_step, AdminPlan, Outcome, Plan};
use crate::keymap::Action;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Delegated,
    Trusted,
    ResourcePolicy,
}

/// Where a screen is: its list, or one step of registering or enabling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    List,
    /// Registering: which account.
    Account,
    /// Registering for `account`, or enabling trusted access (`None`): which service.
    Service {
        account: Option<String>,
    },
}

/// What the screen asks its caller for when a key returns `Submitted`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wants {
    Confirm(Plan),
    /// Open the resource policy in the policy editor.
    Edit,
    /// Read the screen's lists again.
    Reload,
}

/// One row of the delegated administrators: an account and one service it administers
/// (`None` while its services are being read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delegation {
    pub account: Account,
    pub service: Option<String>,
    pub since: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminScreen {
    pub screen: Screen,
    pub step: Step,
    /// The filter of the list, or what is typed at a step.
    pub query: TextInput,
    pub selected: usize,
    /// Why the last key did nothing.
    pub note: Option<String>,
    pub wants: Option<Wants>,
}

fn matches(query: &str, fields: &[&str]) -> bool {
    let q = query.to_lowercase();
    fields.iter().any(|f| f.to_lowercase().contains(&q))
}

/// Every (account, service) delegation read so far, narrowed by `query`.
pub fn delegations(m: &Model, query: &str) -> Vec<Delegation> {
    let Some(Loadable::Loaded(admins)) = &m.cache.admin.delegated_admins else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for d in admins {
        match m.cache.admin.delegated_services.get(&d.account.id) {
            Some(Loadable::Loaded(services)) => out.extend(services.iter().map(|s| Delegation {
                account: d.account.clone(),
                service: Some(s.service_principal.clone()),
                since: s.delegation_enabled_at.clone(),
            })),
            _ => out.push(Delegation {
                account: d.account.clone(),
                service: None,
                since: d.delegation_enabled_at.clone(),
            }),
        }
    }
    out.retain(|d| {
        let service = d.service.as_deref().unwrap_or("");
        matches(query, &[service, &d.account.name, &d.account.id])
    });
    out.sort_by(|a, b| (&a.service, &a.account.name).cmp(&(&b.service, &b.account.name)));
    out
}

/// Services with trusted access, narrowed by `query`.
pub fn trusted(m: &Model, query: &str) -> Vec<EnabledService> {
    let Some(Loadable::Loaded(list)) = &m.cache.admin.trusted_services else {
        return Vec::new();
    };
    let mut out: Vec<EnabledService> = list
        .iter()
        .filter(|s| matches(query, &[&s.service_principal]))
        .cloned()
        .collect();
    out.sort_by(|a, b| a.service_principal.cmp(&b.service_principal));
    out
}

/// Accounts that may become delegated administrators (not the management account).
pub fn candidates(m: &Model, query: &str) -> Vec<Account> {
    let management = m.organization().map(|o| o.master_account_id.as_str());
    let Some(Loadable::Loaded(all)) = &m.cache.accounts else {
        return Vec::new();
    };
    let mut out: Vec<Account> = all
        .iter()
        .filter(|a| Some(a.id.as_str()) != management)
        .filter(|a| matches(query, &[&a.name, &a.id, &a.email]))
        .cloned()
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Services offered at the service step: what is typed (when it is a principal of its
/// own), then the trusted services that match it.
pub fn service_choices(m: &Model, query: &str) -> Vec<String> {
    let mut out: Vec<String> = trusted(m, query)
        .into_iter()
        .map(|s| s.service_principal)
        .collect();
    let typed = query.trim();
    if !typed.is_empty() && !out.iter().any(|s| s == typed) {
        out.insert(0, typed.to_string());
    }
    out
}

/// Why `s` cannot be a service principal ("access-analyzer.amazonaws.com"), if it cannot.
pub fn principal_problem(s: &str) -> Option<&'static str> {
    let ok = |c: char| c.is_ascii_alphanumeric() || ".-".contains(c);
    if s.is_empty() || s.len() > 128 || !s.chars().all(ok) || !s.contains('.') {
        return Some("a service principal looks like service.amazonaws.com");
    }
    None
}

impl AdminScreen {
    pub fn new(screen: Screen) -> Self {
        AdminScreen {
            screen,
            step: Step::List,
            query: TextInput::default(),
            selected: 0,
            note: None,
            wants: None,
        }
    }

    /// How many rows the current step lists.
    pub fn len(&self, m: &Model) -> usize {
        let q = self.query.as_str();
        match (&self.step, self.screen) {
            (Step::Account, _) => candidates(m, q).len(),
            (Step::Service { .. }, _) => service_choices(m, q).len(),
            (Step::List, Screen::Delegated) => delegations(m, q).len(),
            (Step::List, Screen::Trusted) => trusted(m, q).len(),
            // The document scrolls a line at a time.
            (Step::List, Screen::ResourcePolicy) => match &m.cache.admin.resource_policy {
                Some(Loadable::Loaded(Some(p))) => {
                    crate::text::pretty_json(&p.content).lines().count()
                }
                _ => 0,
            },
        }
    }

    fn submit(&mut self, wants: Wants) -> Outcome {
        self.wants = Some(wants);
        Outcome::Submitted
    }

    /// After a change went through: the list again, as re-read.
    pub fn back_to_list(&mut self) {
        self.go_to(Step::List);
    }

    fn go_to(&mut self, step: Step) {
        self.step = step;
        self.query.clear();
        self.selected = 0;
    }

    pub fn on_key(&mut self, key: &KeyEvent, m: &Model) -> Outcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        self.note = None;
        let rp = self.screen == Screen::ResourcePolicy;
        match (key.code, ctrl) {
            (KeyCode::Esc, _) if self.step != Step::List => self.go_to(Step::List),
            (KeyCode::Esc, _) => return Outcome::Cancelled,
            (KeyCode::Up, _) => self.selected = self.selected.saturating_sub(1),
            (KeyCode::Down, _) => {
                self.selected = (self.selected + 1).min(self.len(m).saturating_sub(1))
            }
            (KeyCode::Char('r'), true) => return self.submit(Wants::Reload),
            // Refused at the key, not after a form was filled in (as on screen 9).
            (KeyCode::Char('n' | 'x'), true) | (KeyCode::Char('e' | 'D'), false)
                if m.context.read_only && self.step == Step::List && (ctrl || rp) =>
            {
                self.note = Some(READ_ONLY.into())
            }
            (KeyCode::Char('n'), true) if self.step == Step::List => match self.screen {
                Screen::Delegated => self.go_to(Step::Account),
                Screen::Trusted => self.go_to(Step::Service { account: None }),
                Screen::ResourcePolicy => return self.submit(Wants::Edit),
            },
            (KeyCode::Char('e'), false) if rp => return self.submit(Wants::Edit),
            (KeyCode::Char('x'), true) if self.step == Step::List => return self.remove(m),
            (KeyCode::Char('D'), _) if rp => return self.remove(m),
            (KeyCode::Enter, _) => return self.choose(m),
            // The resource policy has no search: j/k scroll it as the arrows do.
            _ if rp => match list_step(key) {
                Some(Action::Up) => self.selected = self.selected.saturating_sub(1),
                Some(Action::Down) => {
                    self.selected = (self.selected + 1).min(self.len(m).saturating_sub(1))
                }
                _ => {}
            },
            _ => {
                if self.query.on_key(key) {
                    self.selected = 0;
                }
            }
        }
        Outcome::Stay
    }

    pub fn on_paste(&mut self, text: &str) {
        if self.screen != Screen::ResourcePolicy && self.query.paste(text) {
            self.selected = 0;
        }
    }

    /// Ctrl-X (D on the resource policy): deregister, disable or delete the selection.
    fn remove(&mut self, m: &Model) -> Outcome {
        let q = self.query.as_str();
        let plan = match self.screen {
            Screen::Delegated => match delegations(m, q).get(self.selected) {
                Some(Delegation {
                    account,
                    service: Some(service),
                    ..
                }) => AdminPlan::Delegate {
                    account: account.id.clone(),
                    service: service.clone(),
                    register: false,
                },
                _ => {
                    self.note = Some("Select a delegation (its services are read first)".into());
                    return Outcome::Stay;
                }
            },
            Screen::Trusted => match trusted(m, q).get(self.selected) {
                Some(s) => AdminPlan::ServiceAccess {
                    service: s.service_principal.clone(),
                    enable: false,
                },
                None => {
                    self.note = Some("Select a service to disable".into());
                    return Outcome::Stay;
                }
            },
            Screen::ResourcePolicy => match &m.cache.admin.resource_policy {
                Some(Loadable::Loaded(Some(_))) => AdminPlan::ResourcePolicy {
                    content: None,
                    exists: true,
                },
                _ => {
                    self.note = Some("There is no resource policy to delete".into());
                    return Outcome::Stay;
                }
            },
        };
        self.submit(Wants::Confirm(Plan::Admin(plan)))
    }

    /// Enter at a step: the account, then the service.
    fn choose(&mut self, m: &Model) -> Outcome {
        let q = self.query.to_string();
        match self.step.clone() {
            Step::List => Outcome::Stay,
            Step::Account => {
                match candidates(m, &q).get(self.selected) {
                    Some(a) => self.go_to(Step::Service {
                        account: Some(a.id.clone()),
                    }),
                    None => self.note = Some("No account matches".into()),
                }
                Outcome::Stay
            }
            Step::Service { account } => {
                let Some(service) = service_choices(m, &q).get(self.selected).cloned() else {
                    self.note = Some("Type a service principal".into());
                    return Outcome::Stay;
                };
                if let Some(why) = principal_problem(&service) {
                    self.note = Some(why.into());
                    return Outcome::Stay;
                }
                let plan = match account {
                    Some(account) => AdminPlan::Delegate {
                        account,
                        service,
                        register: true,
                    },
                    None => AdminPlan::ServiceAccess {
                        service,
                        enable: true,
                    },
                };
                self.submit(Wants::Confirm(Plan::Admin(plan)))
            }
        }
    }
}
