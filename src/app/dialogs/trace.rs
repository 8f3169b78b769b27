//! The evaluator's dialog: ask whether an action (on a resource, in a request context) is
//! allowed for an account — or, on a root or OU, for every account under it — then browse
//! the trace — levels → policies → statements — of what decided it. What it needs is read
//! once per dialog; each new question is evaluated at once. The context (`KEY=VALUE …`)
//! is kept until orgtui exits (`Model::eval_context`).

use std::collections::BTreeSet;

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::keymap::{action_for, Action, Scope};
use crate::policy::all::{AccountVerdict, Accounts};
use crate::policy::{evaluate, Context, EvalInput, Evaluation, Query, Verdict};

use super::super::cache::Loadable;
use super::super::input::TextInput;
use super::Outcome;

/// Which line of the question has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asking {
    No,
    Question,
    Context,
}

/// Where the verdicts for a root or OU are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Judging {
    Idle,
    /// Asked, not sent to the worker yet.
    Wanted(Query),
    /// Being worked out by the worker.
    Sent(Query),
}

impl Judging {
    pub fn busy(&self) -> bool {
        !matches!(self, Judging::Idle)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace {
    pub target: String,
    /// "ACTION [RESOURCE-ARN]" as typed.
    pub question: TextInput,
    /// "KEY=VALUE …": the request context (aws:RequestedRegion=eu-west-1 …).
    pub context: TextInput,
    pub asking: Asking,
    /// Why the typed question cannot be asked.
    pub error: Option<String>,
    /// What Tab found for the word being typed (several actions or keys start so).
    pub hint: Option<String>,
    pub input: Option<Loadable<EvalInput>>,
    /// On a root or OU: every account under it, with its path.
    pub all: Option<Loadable<Accounts>>,
    /// The verdicts of every account being worked out by the worker, for this question.
    pub judging: Judging,
    /// On a root or OU: each account's answer, denied first.
    pub verdicts: Vec<AccountVerdict>,
    pub list_selected: usize,
    /// The evaluation shown: the target's, or the account opened from the list.
    pub evaluation: Option<Evaluation>,
    /// Open nodes of the trace tree (paths of indices: level, policy, statement).
    pub opened: BTreeSet<Vec<usize>>,
    pub selected: Vec<usize>,
    /// What in the question asked last AWS does not know, with the nearest name it does.
    pub warnings: Vec<String>,
}

impl Trace {
    pub fn new(target: &str, context: &TextInput) -> Self {
        Trace {
            target: target.to_string(),
            question: TextInput::default(),
            context: context.clone(),
            asking: Asking::Question,
            error: None,
            hint: None,
            input: None,
            all: None,
            judging: Judging::Idle,
            verdicts: Vec::new(),
            list_selected: 0,
            evaluation: None,
            opened: BTreeSet::new(),
            selected: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// A root or an OU: the answer is every account's under it.
    pub fn is_whole(&self) -> bool {
        self.target.starts_with("r-") || self.target.starts_with("ou-")
    }

    /// The typed question with its context, checked.
    pub fn query(&self) -> Result<Query, String> {
        let mut words = self.question.split_whitespace();
        let action = words.next().ok_or("type an action, e.g. s3:PutObject")?;
        let resource = words.next();
        if words.next().is_some() {
            return Err("an action and at most one resource ARN".into());
        }
        let context = Context::parse(self.context.split_whitespace())?;
        Ok(Query::new(action, resource)?.with_context(context))
    }

    /// Whether what the question needs is read (the target's path, or every account's).
    pub fn read(&self) -> Option<Loadable<()>> {
        let (loaded, loading) = if self.is_whole() {
            (
                matches!(self.all, Some(Loadable::Loaded(_))),
                matches!(self.all, Some(Loadable::Loading)),
            )
        } else {
            (
                matches!(self.input, Some(Loadable::Loaded(_))),
                matches!(self.input, Some(Loadable::Loading)),
            )
        };
        match (loaded, loading) {
            (true, _) => Some(Loadable::Loaded(())),
            (_, true) => Some(Loadable::Loading),
            _ => None,
        }
    }

    /// Why what the question needs could not be read.
    pub fn failed(&self) -> Option<&crate::org::OrgError> {
        match (&self.all, &self.input) {
            (Some(Loadable::Failed(e)), _) | (_, Some(Loadable::Failed(e))) => Some(e),
            _ => None,
        }
    }

    /// Evaluates the question once what it needs is read: for one target, its trace
    /// with the deciding level selected; for a root or OU, every account's verdict.
    pub fn run(&mut self) {
        let Ok(query) = self.query() else {
            return;
        };
        self.warnings = query.warnings();
        if let Some(Loadable::Loaded(_)) = &self.all {
            // Worked out by the worker (`verdicts_wanted`): never on the UI's thread.
            self.judging = Judging::Wanted(query);
            self.verdicts.clear();
            self.list_selected = 0;
            self.evaluation = None;
            return;
        }
        if let Some(Loadable::Loaded(input)) = &self.input {
            let e = evaluate(input, &query);
            self.show(e);
        }
    }

    /// The accounts and the question to send to the worker, once: the question is then
    /// being worked out.
    pub fn verdicts_wanted(&mut self) -> Option<(Accounts, Query)> {
        let Judging::Wanted(query) = &self.judging else {
            return None;
        };
        let Some(Loadable::Loaded(all)) = &self.all else {
            return None;
        };
        let out = (all.clone(), query.clone());
        self.judging = Judging::Sent(query.clone());
        Some(out)
    }

    /// The verdicts for `query` arrived: shown when it is still the question asked.
    pub fn judged(&mut self, query: &Query, mut verdicts: Vec<AccountVerdict>) {
        if self.judging != Judging::Sent(query.clone()) {
            return;
        }
        // Denied first, then depends, then allowed: what needs a look comes first.
        verdicts.sort_by_key(|v| match v.verdict {
            Verdict::Denied => 0,
            Verdict::DependsOnCondition => 1,
            Verdict::Allowed => 2,
            _ => 3,
        });
        self.verdicts = verdicts;
        self.list_selected = 0;
        self.evaluation = None;
        self.judging = Judging::Idle;
    }

    /// The trace of one evaluation, every level open and the deciding one selected.
    fn show(&mut self, e: Evaluation) {
        self.opened = (0..e.levels.len()).map(|i| vec![i]).collect();
        let deciding = e
            .levels
            .iter()
            .position(|l| {
                !matches!(
                    l.decision,
                    crate::policy::eval::LevelDecision::Allowed { .. }
                        | crate::policy::eval::LevelDecision::NotRestricted
                )
            })
            .unwrap_or(e.levels.len().saturating_sub(1));
        self.selected = vec![deciding];
        self.evaluation = Some(e);
    }

    /// Enter on an account of the list: its own trace.
    fn open_account(&mut self) {
        let (Ok(query), Some(Loadable::Loaded(all))) = (self.query(), &self.all) else {
            return;
        };
        let Some(v) = self.verdicts.get(self.list_selected) else {
            return;
        };
        if let Some((_, input)) = all.iter().find(|(id, _)| *id == v.account_id) {
            let e = evaluate(input, &query);
            self.show(e);
        }
    }

    /// Tab in the question: completes the action (or in the context, the key) being
    /// typed from the Service Authorization Reference; several: their common start.
    fn complete(&mut self) {
        let action = (self.question.split_whitespace().next())
            .unwrap_or_default()
            .to_string();
        let field = match self.asking {
            Asking::Context => &mut self.context,
            _ => &mut self.question,
        };
        let text = field.to_string();
        let start = text.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        let word = &text[start..];
        // In the question only the first word is an action.
        if self.asking == Asking::Question && start > 0 {
            self.hint = Some("Tab completes the action, the first word".into());
            return;
        }
        let catalog = crate::policy::catalog::catalog();
        let (key, value) = match word.split_once('=') {
            Some(_) => {
                self.hint = Some("a value is anything; Tab completes the key".into());
                return;
            }
            None => (word, ""),
        };
        let _ = value;
        let names: Vec<String> = match self.asking {
            Asking::Context => {
                // The global keys and the keys of the action asked about (ec2:InstanceType).
                let own = catalog
                    .action(&action)
                    .map(|(_, a)| a.condition_keys.clone());
                let mut names: Vec<String> = (catalog.global_keys.iter())
                    .map(|k| k.name.clone())
                    .chain(own.unwrap_or_default())
                    .filter(|n| n.to_lowercase().starts_with(&key.to_lowercase()))
                    .collect();
                names.sort();
                names.dedup();
                names
            }
            _ => catalog.action_names(key),
        };
        let done = match names.as_slice() {
            [] => {
                self.hint = Some(format!("nothing starts with \"{key}\""));
                return;
            }
            [one] => {
                self.hint = None;
                let end = if self.asking == Asking::Context {
                    "="
                } else {
                    " "
                };
                format!("{one}{end}")
            }
            many => {
                let common = common_prefix(many);
                let shown: Vec<&str> = many.iter().take(6).map(String::as_str).collect();
                let more = many.len().saturating_sub(shown.len());
                self.hint = Some(match more {
                    0 => shown.join("  "),
                    n => format!("{}  … {n} more", shown.join("  ")),
                });
                common
            }
        };
        // Only ever longer: a common start shorter than the word typed (case) keeps it.
        if done.len() >= key.len() {
            *field = TextInput::new(format!("{}{done}", &text[..start]));
        }
    }

    pub fn on_key(&mut self, key: &KeyEvent) -> Outcome {
        if self.asking != Asking::No {
            return self.on_asking_key(key);
        }
        let listing = self.is_whole() && self.evaluation.is_none();
        match (key.code, action_for(Scope::Global, key)) {
            // From an account's trace back to the list of accounts.
            (KeyCode::Esc, _) if self.is_whole() && !listing => {
                self.evaluation = None;
                Outcome::Stay
            }
            (KeyCode::Esc, _) | (KeyCode::Char('q'), _) => Outcome::Cancelled,
            (KeyCode::Char('x') | KeyCode::Char('/'), _) => {
                self.asking = Asking::Question;
                Outcome::Stay
            }
            (KeyCode::Char('c'), _) => {
                self.asking = Asking::Context;
                Outcome::Stay
            }
            (_, Some(Action::Refresh)) => Outcome::Evaluate,
            (_, Some(a @ (Action::Up | Action::Down))) if listing => {
                let by = if a == Action::Up { -1 } else { 1 };
                let last = self.verdicts.len().saturating_sub(1) as isize;
                self.list_selected = (self.list_selected as isize + by).clamp(0, last) as usize;
                Outcome::Stay
            }
            (_, Some(Action::Open)) if listing => {
                self.open_account();
                Outcome::Stay
            }
            (_, Some(Action::Up)) => {
                self.step(-1);
                Outcome::Stay
            }
            (_, Some(Action::Down)) => {
                self.step(1);
                Outcome::Stay
            }
            (_, Some(Action::Open)) => {
                if self.has_children(&self.selected) {
                    self.opened.insert(self.selected.clone());
                }
                Outcome::Stay
            }
            (_, Some(Action::Close)) => {
                if !self.opened.remove(&self.selected) && self.selected.len() > 1 {
                    self.selected.pop();
                }
                Outcome::Stay
            }
            _ => Outcome::Stay,
        }
    }

    /// Typing the question or the context: Enter asks, Tab completes, ↑/↓ go between
    /// the two lines, Esc goes back to the answer (or closes before there is one).
    fn on_asking_key(&mut self, key: &KeyEvent) -> Outcome {
        match key.code {
            KeyCode::Esc if self.evaluation.is_some() || !self.verdicts.is_empty() => {
                self.asking = Asking::No;
                self.hint = None;
                Outcome::Stay
            }
            KeyCode::Esc => Outcome::Cancelled,
            KeyCode::Tab => {
                self.complete();
                Outcome::Stay
            }
            KeyCode::Up | KeyCode::Down => {
                self.asking = match self.asking {
                    Asking::Context => Asking::Question,
                    _ => Asking::Context,
                };
                self.hint = None;
                Outcome::Stay
            }
            KeyCode::Enter => match self.query() {
                Ok(_) => {
                    self.error = None;
                    self.hint = None;
                    self.asking = Asking::No;
                    match self.read() {
                        Some(Loadable::Loaded(())) => {
                            self.run();
                            Outcome::Stay
                        }
                        Some(Loadable::Loading) => Outcome::Stay,
                        _ => Outcome::Evaluate,
                    }
                }
                Err(e) => {
                    self.error = Some(e);
                    Outcome::Stay
                }
            },
            _ => {
                let field = match self.asking {
                    Asking::Context => &mut self.context,
                    _ => &mut self.question,
                };
                if field.on_key(key) {
                    self.error = None;
                    self.hint = None;
                }
                Outcome::Stay
            }
        }
    }

    pub fn on_paste(&mut self, text: &str) {
        match self.asking {
            Asking::Question => self.question.paste(text),
            Asking::Context => self.context.paste(text),
            Asking::No => false,
        };
    }

    fn has_children(&self, path: &[usize]) -> bool {
        let Some(e) = &self.evaluation else {
            return false;
        };
        match path {
            [l] => e.levels.get(*l).is_some_and(|l| !l.policies.is_empty()),
            [l, p] => e
                .levels
                .get(*l)
                .and_then(|l| l.policies.get(*p))
                .is_some_and(|p| !p.statements.is_empty()),
            _ => false,
        }
    }

    /// Every node shown, in order (children of open nodes only).
    pub fn visible(&self) -> Vec<Vec<usize>> {
        let mut out = Vec::new();
        let Some(e) = &self.evaluation else {
            return out;
        };
        for (li, level) in e.levels.iter().enumerate() {
            out.push(vec![li]);
            if !self.opened.contains(&vec![li]) {
                continue;
            }
            for (pi, policy) in level.policies.iter().enumerate() {
                out.push(vec![li, pi]);
                if self.opened.contains(&vec![li, pi]) {
                    out.extend((0..policy.statements.len()).map(|si| vec![li, pi, si]));
                }
            }
        }
        out
    }

    fn step(&mut self, by: isize) {
        let rows = self.visible();
        let at = rows.iter().position(|r| *r == self.selected).unwrap_or(0);
        let to = (at as isize + by).clamp(0, rows.len().saturating_sub(1) as isize) as usize;
        if let Some(r) = rows.get(to) {
            self.selected = r.clone();
        }
    }
}

/// The longest start all of `names` share (ignoring case; spelt as the first).
fn common_prefix(names: &[String]) -> String {
    let Some(first) = names.first() else {
        return String::new();
    };
    let mut end = first.len();
    for n in &names[1..] {
        end = first
            .char_indices()
            .zip(n.chars())
            .take_while(|((_, a), b)| a.eq_ignore_ascii_case(b))
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8())
            .min(end);
    }
    first[..end].to_string()
}
