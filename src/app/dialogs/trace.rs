//! The evaluator's dialog: ask whether an action (on a resource) is allowed for an account
//! or OU, then browse the trace — levels → policies → statements — of what decided it.
//! The path's policies are read once per dialog; each new question is evaluated at once.

use std::collections::BTreeSet;

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::keymap::{action_for, Action, Scope};
use crate::policy::{evaluate, EvalInput, Evaluation, Query};

use super::super::cache::Loadable;
use super::super::input::TextInput;
use super::Outcome;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace {
    pub target: String,
    /// "ACTION [RESOURCE-ARN]" as typed.
    pub question: TextInput,
    /// The question line has the keyboard.
    pub asking: bool,
    /// Why the typed question cannot be asked.
    pub error: Option<String>,
    pub input: Option<Loadable<EvalInput>>,
    pub evaluation: Option<Evaluation>,
    /// Open nodes of the trace tree (paths of indices: level, policy, statement).
    pub opened: BTreeSet<Vec<usize>>,
    pub selected: Vec<usize>,
}

impl Trace {
    pub fn new(target: &str) -> Self {
        Trace {
            target: target.to_string(),
            question: TextInput::default(),
            asking: true,
            error: None,
            input: None,
            evaluation: None,
            opened: BTreeSet::new(),
            selected: Vec::new(),
        }
    }

    /// The typed question, checked.
    pub fn query(&self) -> Result<Query, String> {
        let mut words = self.question.split_whitespace();
        let action = words.next().ok_or("type an action, e.g. s3:PutObject")?;
        let resource = words.next();
        if words.next().is_some() {
            return Err("an action and at most one resource ARN".into());
        }
        Query::new(action, resource)
    }

    /// Evaluates the question once the path is read; opens every level and selects the
    /// one that decided.
    pub fn run(&mut self) {
        let (Ok(query), Some(Loadable::Loaded(input))) = (self.query(), &self.input) else {
            return;
        };
        let e = evaluate(input, &query);
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

    pub fn on_key(&mut self, key: &KeyEvent) -> Outcome {
        if self.asking {
            return match key.code {
                KeyCode::Esc if self.evaluation.is_some() => {
                    self.asking = false;
                    Outcome::Stay
                }
                KeyCode::Esc => Outcome::Cancelled,
                KeyCode::Enter => match self.query() {
                    Ok(_) => {
                        self.error = None;
                        self.asking = false;
                        match &self.input {
                            Some(Loadable::Loaded(_)) => {
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
                    if self.question.on_key(key) {
                        self.error = None;
                    }
                    Outcome::Stay
                }
            };
        }
        match (key.code, action_for(Scope::Global, key)) {
            (KeyCode::Esc, _) | (KeyCode::Char('q'), _) => Outcome::Cancelled,
            (KeyCode::Char('x') | KeyCode::Char('/'), _) => {
                self.asking = true;
                Outcome::Stay
            }
            (_, Some(Action::Refresh)) => Outcome::Evaluate,
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

    pub fn on_paste(&mut self, text: &str) {
        if self.asking {
            self.question.paste(text);
        }
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
