//! The SCP and RCP evaluator: whether an action (on a resource) is allowed for an account
//! or OU, given the policies attached along its path from the root, with a trace of every
//! level, policy and statement. Pure: the path is read beforehand (`gather.rs`).
//!
//! Rules (AWS Organizations): at every level from the root down to and including the
//! target, some SCP attached at that level must allow; no SCP or RCP anywhere on the path
//! may deny. RCPs only deny (RCPFullAWSAccess lets everything through). A statement with
//! a Condition (or an RCP Principal other than "*") is never guessed: it makes the answer
//! depend on that condition. The management account is exempt.
//!
//! A question with wildcards (`ec2:*`, `iam:Create*`, or no resource, which means every
//! resource) asks about *every* action and resource it names: it is allowed only when
//! every one of them is, and denied when some of them are.
//!
//! Conditions are decided against the query's request context (`condition.rs`); only a
//! key that matters and was not given makes the answer depend on it, and the answer then
//! names the keys and what they must be. A statement orgtui cannot fully read is never
//! dropped: it makes the answer uncertain (depends), never allowed.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use super::catalog::{catalog, Action as CatalogAction, Catalog, ResourceType, Service};
use super::condition::{self, decide_all, describe, Base, Context, Known, Operator, Test};
use super::glob::{action_reach, arn_reach, matches, reach_any, Reach};
use super::grammar::{read_iam, Dialect, Effect, Names, Statement};
use super::json;
pub use super::query::Query;
pub use super::trace::*;
use crate::org::{PolicyType, TargetKind};

/// A policy attached at one level, with its document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachedPolicy {
    pub id: String,
    pub name: String,
    /// SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY (others are ignored).
    pub kind: PolicyType,
    pub aws_managed: bool,
    pub content: String,
}

/// One level of the path: the root, an OU, or the target account itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level {
    pub id: String,
    pub name: String,
    pub kind: TargetKind,
    /// The SCPs and RCPs attached directly at this level.
    pub policies: Vec<AttachedPolicy>,
}

/// What the evaluator needs: the path root first, target last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalInput {
    pub path: Vec<Level>,
    /// The target is the management account (SCPs and RCPs do not apply to it).
    pub management_account: bool,
    /// Whether SCPs / RCPs are enabled on the root (a disabled type restricts nothing).
    pub scps_enabled: bool,
    pub rcps_enabled: bool,
    /// The organization's id (o-…), when known: the default of aws:PrincipalOrgID.
    pub organization_id: Option<String>,
    /// The organization's partition (`aws`, `aws-us-gov`, …), when known: the partition of
    /// every resource a question without a resource asks about. Unknown, it is any
    /// partition (a policy's `arn:aws:` then matches only part of it).
    pub partition: Option<String>,
}

/// The partition of an ARN (`arn:aws-us-gov:organizations::…` → `aws-us-gov`).
pub fn partition_of(arn: &str) -> Option<String> {
    let mut parts = arn.split(':');
    (parts.next() == Some("arn"))
        .then(|| parts.next())
        .flatten()
        .filter(|p| !p.is_empty() && !p.contains(['*', '?']))
        .map(str::to_string)
}

/// The resource types an action can act on, each with the ARN pattern of its resources
/// (`("instance", "arn:*:ec2:*:*:instance/*")`, every `${...}` a `*`; a type with several
/// ARN formats once per format); `Some(vec![])` for an action that has none (its request
/// resource is `*` itself); `None` when orgtui does not know the action (the Service
/// Authorization Reference, `catalog.rs`, does not name it, or it has wildcards).
pub fn resource_types(action: &str) -> Option<Vec<(String, String)>> {
    let c = catalog();
    let (service, action) = c.action(action)?;
    Some(types_of(c, service, action))
}

fn types_of(c: &Catalog, service: &Service, action: &CatalogAction) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for r in &action.resource_types {
        match c.resource_type(service, &r.name) {
            Some(t) => out.extend(t.arn_patterns().into_iter().map(|p| (r.name.clone(), p))),
            // A type the data names but does not describe: every resource, as if unknown.
            None => out.push((r.name.clone(), "*".to_string())),
        }
    }
    out
}

/// Evaluates `query` along `input.path`.
pub fn evaluate(input: &EvalInput, query: &Query) -> Evaluation {
    ask(input, &read_all(input), query)
}

/// The same as [`evaluate`] with the action's resource types given (see
/// [`resource_types`]; for callers that know them).
pub fn evaluate_with_types(
    input: &EvalInput,
    query: &Query,
    types: Option<Vec<(String, String)>>,
) -> Evaluation {
    let read = read_all(input);
    match (&query.resource, types) {
        (None, Some(types)) => {
            let asks = given_asks(input, &query.action, types);
            combine(input, &read, query, asks)
        }
        _ => run(input, &read, query, Resource::AsAsked),
    }
}

/// Without a resource, a question asks about each resource type of its action (an action
/// with none is asked about the resource `*` itself), and a wildcard action about each
/// known action it matches, with that action's own types. With a resource, or for an
/// action the catalog does not know, the pattern is compared as a whole (every resource;
/// every action it names, known or not).
fn ask(input: &EvalInput, read: &[Vec<Arc<ReadPolicy>>], query: &Query) -> Evaluation {
    let c = catalog();
    if let Some(resource) = &query.resource {
        // A wildcard action on a resource: each action AWS has that it matches (a policy's
        // `*:*Object` overlaps `iam:Create*` only in names no action has).
        let resource: Rc<str> = resource.as_str().into();
        let asks: Vec<Ask> = if query.action.contains(['*', '?']) {
            (c.actions_matching(&query.action))
                .map(|(s, a)| Ask {
                    action: format!("{}:{}", s.prefix, a.name).into(),
                    resource: Some(resource.clone()),
                    mode: Resource::AsAsked,
                    kind: None,
                    named: true,
                })
                .collect()
        } else {
            Vec::new()
        };
        if asks.is_empty() {
            return run(input, read, query, Resource::AsAsked);
        }
        return combine(input, read, query, asks);
    }
    // Each resource type's ARN patterns, made once per question (types are shared by many
    // actions: `ec2:*` asks about `instance` hundreds of times).
    let mut types: HashMap<usize, TypeAsks> = HashMap::new();
    let mut asks: Vec<Ask> = Vec::new();
    let mut add = |s: &Service, a: &CatalogAction, named: bool| {
        let action: Rc<str> = format!("{}:{}", s.prefix, a.name).into();
        if a.resource_types.is_empty() {
            asks.push(Ask {
                action,
                resource: None,
                mode: Resource::Star,
                kind: None,
                named,
            });
            return;
        }
        for r in &a.resource_types {
            let t = c.resource_type(s, &r.name);
            // The address of the type in the catalog (which lives as long as the program).
            let id = t.map_or(0, |t| t as *const ResourceType as usize);
            let each = types
                .entry(id)
                .or_insert_with(|| type_asks(input, &r.name, t));
            for (kind, arn) in each.iter() {
                asks.push(Ask {
                    action: action.clone(),
                    resource: Some(arn.clone()),
                    mode: Resource::AsAsked,
                    kind: Some(kind.clone()),
                    named,
                });
            }
        }
    };
    if query.action.contains(['*', '?']) {
        for (s, a) in c.actions_matching(&query.action) {
            add(s, a, true);
        }
    } else if let Some((s, a)) = c.action(&query.action) {
        add(s, a, false);
    }
    if asks.is_empty() {
        return run(input, read, query, Resource::AsAsked);
    }
    combine(input, read, query, asks)
}

/// One concrete question a question without a resource stands for: an action on the ARN
/// pattern of one of its resource types, or on `*` when it has none.
#[derive(Debug, Clone)]
struct Ask {
    action: Rc<str>,
    resource: Option<Rc<str>>,
    mode: Resource,
    /// The type as the answers name it ("object"; with its ARN pattern when the type has
    /// several); `None`: the action has no resource type.
    kind: Option<Rc<str>>,
    /// Named with its action too (a question with a wildcard action).
    named: bool,
}

impl Ask {
    /// "object", "*", or "s3:GetObject (object)".
    fn label(&self) -> String {
        match (self.named, &self.kind) {
            (true, Some(k)) => format!("{} ({k})", self.action),
            (true, None) => self.action.to_string(),
            (false, Some(k)) => k.to_string(),
            (false, None) => "*".into(),
        }
    }
}

/// A resource type's asks: how the answers name it, and an ARN pattern.
type TypeAsks = Vec<(Rc<str>, Rc<str>)>;

fn type_asks(input: &EvalInput, name: &str, t: Option<&ResourceType>) -> TypeAsks {
    // A type the data names but does not describe: every resource, as if unknown.
    let patterns = t.map_or_else(|| vec!["*".to_string()], ResourceType::arn_patterns);
    let several = patterns.len() > 1;
    patterns
        .into_iter()
        .map(|p| {
            let arn = organization_arn(input, p);
            let kind = if several {
                format!("{name} {arn}")
            } else {
                name.to_string()
            };
            (kind.into(), arn.into())
        })
        .collect()
}

/// The asks of explicitly given types (`evaluate_with_types`).
fn given_asks(input: &EvalInput, action: &str, types: Vec<(String, String)>) -> Vec<Ask> {
    let names: Vec<String> = types.iter().map(|(n, _)| n.clone()).collect();
    let action: Rc<str> = action.into();
    types
        .into_iter()
        .map(|(name, arn)| {
            let arn = organization_arn(input, arn);
            let several = names.iter().filter(|n| **n == name).count() > 1;
            let kind = if several {
                format!("{name} {arn}")
            } else {
                name
            };
            Ask {
                action: action.clone(),
                resource: Some(arn.into()),
                mode: Resource::AsAsked,
                kind: Some(kind.into()),
                named: false,
            }
        })
        .collect()
}

/// A resource type's ARN pattern as a resource of the organization.
fn organization_arn(input: &EvalInput, arn: String) -> String {
    // Every resource of the organization is in its own partition: `arn:*:` would
    // otherwise only partly match a policy's `arn:aws:`.
    let arn = match (&input.partition, arn.strip_prefix("arn:*:")) {
        (Some(p), Some(rest)) => format!("arn:{p}:{rest}"),
        _ => arn,
    };
    // A variable that is a whole service, region or account segment is never empty: an
    // access point's ARN (`arn:aws:s3:*:*:accesspoint/*`) is no bucket's (`arn:aws:s3:::*`).
    if !arn.starts_with("arn:") {
        return arn;
    }
    arn.splitn(6, ':')
        .enumerate()
        .map(|(i, p)| {
            if (2..5).contains(&i) && p == "*" {
                "?*"
            } else {
                p
            }
        })
        .collect::<Vec<_>>()
        .join(":")
}

/// Runs every ask once per class of asks every statement treats alike (an `ec2:*` is
/// hundreds of actions, mostly decided by the same statements), and answers with the worst
/// (allowed only when every ask is); the reason says per ask where the answers differ.
fn combine(
    input: &EvalInput,
    read: &[Vec<Arc<ReadPolicy>>],
    query: &Query,
    asks: Vec<Ask>,
) -> Evaluation {
    let statements: Vec<(&Statement, Dialect)> = read
        .iter()
        .flatten()
        .flat_map(|p| p.statements.iter().map(move |s| (s, p.dialect)))
        .collect();
    let any_rcp = statements.iter().any(|(_, d)| *d == Dialect::Rcp);
    // How each statement's Action relates to the question as a whole: one that reaches none
    // of it (or could not be read) treats every ask alike and is left out; one that reaches
    // all of it needs no look per action; one that reaches part is looked at only for the
    // actions of a service its patterns name (a NotAction, or a wildcard service, always).
    let mut whole: Vec<usize> = Vec::new();
    let mut by_service: HashMap<String, Vec<usize>> = HashMap::new();
    let mut any_service: Vec<usize> = Vec::new();
    for (i, (s, _)) in statements.iter().enumerate() {
        match (action_part(s, &query.action), &s.action) {
            (Some(Reach::All), _) => whole.push(i),
            (Some(Reach::Some), Some(names)) => {
                let services: Option<Vec<String>> = names
                    .patterns
                    .iter()
                    .map(|p| {
                        let svc = p.split(':').next().unwrap_or_default();
                        (p.contains(':') && !svc.contains(['*', '?']))
                            .then(|| svc.to_ascii_lowercase())
                    })
                    .collect();
                match services {
                    Some(services) if !names.negated => {
                        for svc in services {
                            let list = by_service.entry(svc).or_default();
                            if list.last() != Some(&i) {
                                list.push(i);
                            }
                        }
                    }
                    _ => any_service.push(i),
                }
            }
            _ => {}
        }
    }
    // A class: (statement, action reach, resource reach) for each statement that applies
    // to some of the ask, and whether RCPs govern its service.
    type Class = (Vec<(usize, Reach, Reach)>, bool);
    let mut classes: HashMap<Class, usize> = HashMap::new();
    let mut whole_reach: HashMap<(usize, Resource), Vec<Reach>> = HashMap::new();
    // Per class: its first ask (which is run) and every ask in it.
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    for (n, a) in asks.iter().enumerate() {
        let service = a.action.split(':').next().unwrap_or_default();
        let named = by_service
            .get(service)
            .or_else(|| by_service.get(&service.to_ascii_lowercase()))
            .map_or(&[][..], |v| &v[..]);
        let mut key: Vec<(usize, Reach, Reach)> = Vec::new();
        // Asks of one type share its pattern: the statements that reach every action are
        // matched against it once.
        let id = a
            .resource
            .as_ref()
            .map_or(0, |r| Rc::as_ptr(r) as *const u8 as usize);
        let reaches = whole_reach.entry((id, a.mode)).or_insert_with(|| {
            whole
                .iter()
                .filter_map(|&i| statements.get(i))
                .map(|(s, _)| resource_part(s, a.resource.as_deref(), a.mode))
                .collect()
        });
        key.extend(
            whole
                .iter()
                .zip(reaches.iter())
                .map(|(&i, &r)| (i, Reach::All, r)),
        );
        for &i in named.iter().chain(&any_service) {
            let Some((s, _)) = statements.get(i) else {
                continue;
            };
            let action = action_part(s, &a.action).unwrap_or(Reach::None);
            if action != Reach::None {
                key.push((i, action, resource_part(s, a.resource.as_deref(), a.mode)));
            }
        }
        key.sort_unstable_by_key(|k| k.0);
        let key = (key, any_rcp && rcp_governs(&a.action));
        match classes.get(&key) {
            Some(&i) => groups[i].1.push(n),
            None => {
                classes.insert(key, groups.len());
                groups.push((n, vec![n]));
            }
        }
    }
    let mut answers: Vec<(Evaluation, Vec<usize>)> = groups
        .into_iter()
        .filter_map(|(first, members)| {
            let a = asks.get(first)?;
            let q = Query {
                action: a.action.to_string(),
                resource: a.resource.as_deref().map(str::to_string),
                context: query.context.clone(),
            };
            Some((run(input, read, &q, a.mode), members))
        })
        .collect();
    // The worst answer decides; ties keep the first ask.
    let rank = |v: Verdict| match v {
        Verdict::Denied => 0,
        Verdict::DependsOnCondition => 1,
        Verdict::Allowed | Verdict::Exempt => 2,
    };
    let worst = (0..answers.len()).min_by_key(|&i| rank(answers[i].0.verdict));
    let Some(worst) = worst else {
        return run(input, read, query, Resource::AsAsked);
    };
    let differ = answers
        .iter()
        .any(|(e, _)| e.verdict != answers[worst].0.verdict);
    let per_type = differ.then(|| per_verdict(&answers, &asks));
    let (mut e, _) = answers.swap_remove(worst);
    e.query = query.clone();
    e.question = query.describe();
    if let Some(per_type) = per_type {
        e.reason = format!("{per_type}; {}", e.reason);
    }
    e
}

/// "denied for object; allowed for bucket": the asks by verdict, worst first, a few named
/// (each ask's label is its own: a type, or an action and type, with its pattern when the
/// type has several).
fn per_verdict(answers: &[(Evaluation, Vec<usize>)], asks: &[Ask]) -> String {
    let order = [
        Verdict::Denied,
        Verdict::DependsOnCondition,
        Verdict::Allowed,
        Verdict::Exempt,
    ];
    const SHOWN: usize = 3;
    let mut parts = Vec::new();
    for v in order {
        let mut members: Vec<usize> = answers
            .iter()
            .filter(|(e, _)| e.verdict == v)
            .flat_map(|(_, m)| m.iter().copied())
            .collect();
        if members.is_empty() {
            continue;
        }
        members.sort_unstable();
        let mut text = members
            .iter()
            .take(SHOWN)
            .filter_map(|&i| asks.get(i).map(Ask::label))
            .collect::<Vec<_>>()
            .join(", ");
        if members.len() > SHOWN {
            text.push_str(&format!(" and {} more", members.len() - SHOWN));
        }
        parts.push(format!("{} for {text}", v.label().to_lowercase()));
    }
    parts.join("; ")
}

/// Whether RCPs govern the service of a (concrete) action.
fn rcp_governs(action: &str) -> bool {
    let service = action.split(':').next().unwrap_or_default();
    catalog().rcp_governs(service)
}

/// How the query's resource is read when matching Resource elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Resource {
    /// The query's ARN (pattern), or every resource when none is given.
    AsAsked,
    /// The action has no resource type: the request's resource is the string `*`.
    Star,
}

/// A policy document read once: its statements, or why it could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ReadPolicy {
    dialect: Dialect,
    statements: Vec<Statement>,
    unreadable: Option<String>,
}

/// An input with every document read once, for asking many questions of the same path
/// (reading the documents is most of the work of one evaluation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub input: EvalInput,
    read: Vec<Vec<Arc<ReadPolicy>>>,
}

/// Documents already read, by policy id and content, shared by the paths of many accounts
/// (`orgtui eval --all`).
#[derive(Debug, Default)]
pub struct ReadCache {
    read: HashMap<String, (String, Arc<ReadPolicy>)>,
}

impl Prepared {
    pub fn new(input: EvalInput) -> Prepared {
        let read = read_all(&input);
        Prepared { input, read }
    }

    /// The same as [`Prepared::new`], reading each document only the first time `cache`
    /// sees it.
    pub fn cached(input: EvalInput, cache: &mut ReadCache) -> Prepared {
        let read = input
            .path
            .iter()
            .map(|l| {
                l.policies
                    .iter()
                    .map(|p| match cache.read.get(&p.id) {
                        Some((content, read)) if *content == p.content => read.clone(),
                        _ => {
                            let read = Arc::new(read_policy(p));
                            let entry = (p.content.clone(), read.clone());
                            cache.read.insert(p.id.clone(), entry);
                            read
                        }
                    })
                    .collect()
            })
            .collect();
        Prepared { input, read }
    }

    /// The same as [`evaluate`] on the input.
    pub fn evaluate(&self, query: &Query) -> Evaluation {
        ask(&self.input, &self.read, query)
    }
}

fn read_policy(p: &AttachedPolicy) -> ReadPolicy {
    let dialect = match p.kind {
        PolicyType::ResourceControl => Dialect::Rcp,
        _ => Dialect::Scp,
    };
    match json::parse(&p.content) {
        Ok(root) => ReadPolicy {
            dialect,
            statements: read_iam(dialect, &root, &mut Vec::new()),
            unreadable: None,
        },
        Err(e) => ReadPolicy {
            dialect,
            statements: Vec::new(),
            unreadable: Some(format!(
                "line {}, column {}: {}",
                e.pos.line, e.pos.column, e.message
            )),
        },
    }
}

fn read_all(input: &EvalInput) -> Vec<Vec<Arc<ReadPolicy>>> {
    input
        .path
        .iter()
        .map(|l| {
            l.policies
                .iter()
                .map(|p| Arc::new(read_policy(p)))
                .collect()
        })
        .collect()
}

/// What one evaluation asks, with the context's defaults filled in.
struct Asked<'a> {
    query: &'a Query,
    context: Context,
    resource: Resource,
}

fn run(
    input: &EvalInput,
    read: &[Vec<Arc<ReadPolicy>>],
    query: &Query,
    resource: Resource,
) -> Evaluation {
    // What orgtui knows of every request in the target account, unless given otherwise.
    let mut context = query.context.clone();
    if let Some(l) = input.path.last().filter(|l| l.kind == TargetKind::Account) {
        context.default_to("aws:PrincipalAccount", &l.id);
    }
    if let Some(o) = &input.organization_id {
        context.default_to("aws:PrincipalOrgID", o);
    }
    let asked = Asked {
        query,
        context,
        resource,
    };
    let levels: Vec<LevelTrace> = input
        .path
        .iter()
        .zip(read)
        .map(|(l, read)| level(l, read, &asked, input))
        .collect();
    let question = query.describe();
    let target = input
        .path
        .last()
        .map_or("the target".to_string(), |l| l.name.clone());
    if input.management_account {
        return Evaluation {
            verdict: Verdict::Exempt,
            reason: format!("{target} is the management account: SCPs and RCPs do not apply to it"),
            query: query.clone(),
            question,
            depends_on: Vec::new(),
            levels,
        };
    }
    let first = |f: fn(&LevelDecision) -> bool| levels.iter().find(|l| f(&l.decision));
    let denied = first(|d| {
        matches!(
            d,
            LevelDecision::Denied { .. } | LevelDecision::NoAllow { .. }
        )
    });
    let depends = first(|d| matches!(d, LevelDecision::DependsOnCondition { .. }));
    let mut depends_on = Vec::new();
    let (verdict, reason) = match (denied, depends) {
        (Some(l), _) => (
            Verdict::Denied,
            match deciding_part(l) {
                Some(part) => format!("{part}; decided at {}: {}", l.title(), l.summary()),
                None => format!("decided at {}: {}", l.title(), l.summary()),
            },
        ),
        (None, Some(l)) => {
            let (words, keys) = what_it_depends_on(&levels);
            depends_on = keys;
            (
                Verdict::DependsOnCondition,
                format!("{words}; decided at {}: {}", l.title(), l.summary()),
            )
        }
        (None, None) if input.path.is_empty() => (Verdict::Denied, "no path to evaluate".into()),
        (None, None) => (
            Verdict::Allowed,
            format!("allowed at every level down to {target}"),
        ),
    };
    Evaluation {
        verdict,
        query: query.clone(),
        question,
        reason,
        depends_on,
        levels,
    }
}

/// What part of the question the statement deciding a denied level reaches, when only
/// part: "denied for resources matching …", "allowed only for resources matching …".
fn deciding_part(l: &LevelTrace) -> Option<String> {
    let (by, verb) = match &l.decision {
        LevelDecision::Denied { by } => (by, "denied"),
        LevelDecision::NoAllow { partly: Some(by) } => (by, "allowed only"),
        _ => return None,
    };
    let st = (l.policies.iter())
        .filter(|p| p.id == by.policy_id)
        .flat_map(|p| &p.statements)
        .find(|s| s.label == by.statement)?;
    Some(format!("{verb} {}", st.part.as_ref()?))
}

/// "depends on aws:RequestedRegion: denied when aws:RequestedRegion is not eu-west-1", from
/// every statement that could still change the answer: each conditional Deny on a level
/// that depends, and its conditional Allows where nothing there allows outright; with the
/// keys they name (all of them: giving one must not reveal another).
fn what_it_depends_on(levels: &[LevelTrace]) -> (String, Vec<String>) {
    let mut parts: Vec<String> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let mut unreadable = false;
    for l in levels {
        if !matches!(l.decision, LevelDecision::DependsOnCondition { .. }) {
            continue;
        }
        let scp = |p: &&PolicyTrace| p.kind == PolicyType::ServiceControl;
        let allows = (l.policies.iter().filter(scp)).any(|p| {
            p.statements
                .iter()
                .any(|s| s.outcome == StatementOutcome::Allows)
        });
        for p in &l.policies {
            for st in &p.statements {
                let outcome = match st.outcome {
                    StatementOutcome::DeniesIfCondition => "denied when",
                    StatementOutcome::AllowsIfCondition if !allows && scp(&p) => {
                        "allowed at this level only when"
                    }
                    _ => continue,
                };
                let part = format!("{outcome} {}", st.unknown.join(" and "));
                if !parts.contains(&part) {
                    parts.push(part);
                }
                unreadable |= st.keys.is_empty();
                for k in &st.keys {
                    if !keys.iter().any(|have| have.eq_ignore_ascii_case(k)) {
                        keys.push(k.clone());
                    }
                }
            }
        }
    }
    let mut on = keys.clone();
    if unreadable || on.is_empty() {
        on.push("what orgtui could not read".to_string());
    }
    (
        format!("depends on {}: {}", on.join(", "), parts.join("; ")),
        keys,
    )
}

fn level(l: &Level, read: &[Arc<ReadPolicy>], asked: &Asked, input: &EvalInput) -> LevelTrace {
    let policies: Vec<PolicyTrace> = l
        .policies
        .iter()
        .zip(read)
        .filter(|(p, _)| match p.kind {
            PolicyType::ServiceControl => input.scps_enabled,
            PolicyType::ResourceControl => input.rcps_enabled,
            _ => false,
        })
        .map(|(p, read)| policy(p, read, asked))
        .collect();
    // The first statement with this outcome (of an SCP only, when `scp_only`), named.
    let find = |o: StatementOutcome, scp_only: bool| {
        policies
            .iter()
            .filter(|p| !scp_only || p.kind == PolicyType::ServiceControl)
            .find_map(|p| {
                let s = p.statements.iter().find(|s| s.outcome == o)?;
                let by = StatementRef {
                    policy_id: p.id.clone(),
                    policy_name: p.name.clone(),
                    kind: p.kind.clone(),
                    statement: s.label.clone(),
                };
                Some((s.condition.clone().unwrap_or_default(), by))
            })
    };
    use StatementOutcome as O;
    let deny = find(O::Denies, false).or_else(|| find(O::DeniesPart, false));
    let decision = if let Some((_, by)) = deny {
        LevelDecision::Denied { by }
    } else if input.scps_enabled
        && find(O::Allows, true).is_none()
        && find(O::AllowsIfCondition, true).is_none()
    {
        LevelDecision::NoAllow {
            partly: find(O::AllowsPart, true).map(|(_, r)| r),
        }
    } else if let Some((condition, by)) = find(O::DeniesIfCondition, false) {
        LevelDecision::DependsOnCondition { by, condition }
    } else if let Some((_, by)) = find(O::Allows, true) {
        LevelDecision::Allowed { by }
    } else if let Some((condition, by)) = find(O::AllowsIfCondition, true) {
        LevelDecision::DependsOnCondition { by, condition }
    } else {
        LevelDecision::NotRestricted
    };
    LevelTrace {
        id: l.id.clone(),
        name: l.name.clone(),
        kind: l.kind,
        decision,
        policies,
    }
}

fn policy(p: &AttachedPolicy, read: &ReadPolicy, asked: &Asked) -> PolicyTrace {
    let mut statements: Vec<StatementTrace> = read
        .statements
        .iter()
        .map(|s| statement(s, read.dialect, asked))
        .collect();
    if let Some(why) = &read.unreadable {
        // Not one statement could be read: one placeholder stands for all of them, so the
        // level says it depends on this policy instead of leaving it out.
        statements.push(StatementTrace {
            number: 1,
            sid: None,
            label: "the whole document".into(),
            effect: None,
            reach: Reach::Some,
            outcome: StatementOutcome::DeniesIfCondition,
            condition: Some(format!(
                "what the document says (orgtui cannot read it: {why})"
            )),
            keys: Vec::new(),
            unknown: vec![format!("the document (unreadable: {why}) denies it")],
            line: 1,
            explanation: format!("could not be read ({why}): it may deny"),
            part: None,
        });
    }
    PolicyTrace {
        id: p.id.clone(),
        name: p.name.clone(),
        kind: p.kind.clone(),
        aws_managed: p.aws_managed,
        unreadable: read.unreadable.clone(),
        statements,
    }
}

/// How far a Names element reaches into the query part `q`.
fn names_reach(names: &Names, q: &str, f: fn(&str, &str) -> Reach) -> Reach {
    let r = reach_any(names.patterns.iter().map(String::as_str), q, f);
    if names.negated {
        r.complement()
    } else {
        r
    }
}

/// An RCP's Principal as a test on aws:PrincipalArn (an account id stands for every
/// principal of that account); `None` for everyone.
fn principal_test(aws: &[String]) -> Option<Test> {
    if aws.iter().any(|p| p == "*") {
        return None;
    }
    let values = aws
        .iter()
        .map(|p| {
            let account = p
                .strip_prefix("arn:aws:iam::")
                .and_then(|r| r.strip_suffix(":root"))
                .unwrap_or(p);
            if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) {
                format!("arn:*:*::{account}:*")
            } else {
                p.clone()
            }
        })
        .collect();
    Some(Test {
        operator: Operator {
            name: "ArnLike".into(),
            base: Base::ArnLike,
            negated: false,
            if_exists: false,
            set: None,
        },
        key: "aws:PrincipalArn".into(),
        values,
    })
}

/// How far a statement's Action (or NotAction) reaches into the question's action;
/// `None` when it could not be read.
fn action_part(s: &Statement, action: &str) -> Option<Reach> {
    s.action
        .as_ref()
        .map(|a| names_reach(a, action, action_reach))
}

/// How far a statement's Resource (or NotResource) reaches into the question's resource,
/// where its action matches.
fn resource_part(s: &Statement, resource: Option<&str>, mode: Resource) -> Reach {
    match &s.resource {
        None => Reach::All,
        // A policy variable (`${aws:username}`) is only known at request time: the
        // statement then applies depending on it (see `statement`), never guessed.
        Some(r) if r.patterns.iter().any(|p| p.contains("${")) => Reach::All,
        // An action without a resource type is requested on `*` itself: only a pattern
        // that matches the string `*` applies.
        Some(r) if mode == Resource::Star => {
            let hit = r.patterns.iter().any(|p| matches(p, "*", false));
            if hit != r.negated {
                Reach::All
            } else {
                Reach::None
            }
        }
        Some(r) => names_reach(r, resource.unwrap_or("*"), arn_reach),
    }
}

fn statement(s: &Statement, dialect: Dialect, asked: &Asked) -> StatementTrace {
    let query = asked.query;
    let action = action_part(s, &query.action);
    let variables = s
        .resource
        .as_ref()
        .filter(|r| r.patterns.iter().any(|p| p.contains("${")));
    // The resource only matters when the action matches.
    let resource = match action {
        None | Some(Reach::None) => Reach::None,
        Some(_) => resource_part(s, query.resource.as_deref(), asked.resource),
    };
    let reach = action.unwrap_or(Reach::None).and(resource);
    // What the statement's applying turns on, in words, and the keys named.
    let mut unknown: Vec<String> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let mut condition_false = false;
    let principal = match (dialect, &s.principal, &s.principal_aws) {
        (Dialect::Rcp, Some(_), Some(aws)) => principal_test(aws),
        _ => None,
    };
    // Conditions only matter where the statement reaches (and cost nothing elsewhere).
    let tests = s.conditions.iter().chain(principal.as_ref());
    let decided = if reach == Reach::None {
        Ok(())
    } else {
        decide_all(tests, &asked.context)
    };
    match decided {
        Ok(()) => {}
        Err(open) if open.is_empty() => condition_false = true,
        Err(open) => {
            for t in open {
                unknown.push(describe(t));
                // A key a value names as a policy variable matters too when not given.
                let given = |k: &str| matches!(asked.context.known(k), Known::Values(_));
                let named = std::iter::once(t.key.clone())
                    .chain(condition::variables(t))
                    .filter(|k| !given(k));
                for key in named {
                    if !keys.iter().any(|k| k.eq_ignore_ascii_case(&key)) {
                        keys.push(key);
                    }
                }
            }
        }
    }
    if let (Some(p), None) = (&s.principal, &s.principal_aws) {
        unknown.push(format!("the request's principal is Principal {p}"));
    }
    if let Some(r) = variables {
        let element = if r.negated { "NotResource" } else { "Resource" };
        unknown.push(format!(
            "the policy variables of {element} {} match",
            r.patterns.join(", ")
        ));
    }
    if !s.unreadable.is_empty() {
        unknown.push(format!(
            "what orgtui could not read of it ({}) applies",
            s.unreadable.join(", ")
        ));
    }
    let mut depends: Vec<String> = Vec::new();
    depends.extend(s.condition.clone());
    depends.extend(s.principal.as_ref().map(|p| format!("Principal {p}")));
    depends.extend(variables.map(|r| {
        let element = if r.negated { "NotResource" } else { "Resource" };
        format!(
            "the policy variables of {element} {}",
            r.patterns.join(", ")
        )
    }));
    if !s.unreadable.is_empty() {
        depends.push(format!("unreadable {}", s.unreadable.join(", ")));
    }
    let condition = (!depends.is_empty()).then(|| depends.join(" and "));
    let service = query
        .action
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let rcp_skips = dialect == Dialect::Rcp
        && !service.contains(['*', '?'])
        && !catalog().rcp_governs(&service);
    // Part of the statement could not be read: whether it applies is not known (a dropped
    // pattern might have matched), unless an element read whole already excludes it.
    let dropped = |keys: [&str; 2]| {
        s.unreadable
            .iter()
            .any(|u| keys.iter().any(|k| u.starts_with(k)))
    };
    let misses = (action == Some(Reach::None) && !dropped(["Action", "NotAction"]))
        || (action.is_some_and(|a| a != Reach::None)
            && resource == Reach::None
            && !dropped(["Resource", "NotResource"]));
    let unsure = !misses && (!s.unreadable.is_empty() || s.effect.is_none() || action.is_none());
    let reach = if unsure {
        reach.max(Reach::Some)
    } else {
        reach
    };
    use StatementOutcome as O;
    let (outcome, explanation) = match (s.effect, action) {
        (_, _) if rcp_skips => (O::NotApplicable, format!("RCPs do not apply to {service}")),
        (Some(Effect::Allow), _) if dialect == Dialect::Rcp => (
            O::NotApplicable,
            "an RCP Allow grants nothing (it lets requests through to the other policies)".into(),
        ),
        (Some(Effect::Allow), _) if unsure => (
            O::AllowsIfCondition,
            format!("may allow {}: {}", query.describe(), unknown.join(", ")),
        ),
        (None, _) | (_, None) => (
            O::DeniesIfCondition,
            format!(
                "could not be read (no valid Effect or Action): it may deny {}",
                query.describe()
            ),
        ),
        (Some(_), _) if unsure => (
            O::DeniesIfCondition,
            format!("may deny {}: {}", query.describe(), unknown.join(", ")),
        ),
        (Some(_), _) if reach == Reach::None => (O::NoMatch, no_match(s, query)),
        (Some(_), _) if condition_false => (
            O::NoMatch,
            format!(
                "its condition is false in this request: {}",
                s.condition.clone().unwrap_or_default()
            ),
        ),
        (Some(effect), _) => {
            let part = reach == Reach::Some;
            let open = !unknown.is_empty();
            let (o, verb) = match (effect, open, part) {
                // Allowing only part of the question does not allow it, condition or not.
                (Effect::Allow, _, true) => (O::AllowsPart, "allows only"),
                (Effect::Allow, true, false) => (O::AllowsIfCondition, "allows"),
                (Effect::Allow, false, false) => (O::Allows, "allows"),
                (Effect::Deny, true, _) => (O::DeniesIfCondition, "denies"),
                (Effect::Deny, false, false) => (O::Denies, "denies"),
                (Effect::Deny, false, true) => (O::DeniesPart, "denies"),
            };
            let of = if part { "part of " } else { "" };
            let mut text = format!("{verb} {of}{}", query.describe());
            if open {
                text.push_str(&format!(" when {}", unknown.join(" and ")));
            }
            if let Some(c) = s.condition.as_ref().filter(|_| open) {
                text.push_str(&format!(", depending on condition {c}"));
            }
            (o, text)
        }
    };
    StatementTrace {
        number: s.number,
        sid: s.sid.clone(),
        label: s.label(),
        effect: s.effect,
        reach,
        outcome,
        condition,
        keys,
        unknown,
        line: s.line,
        explanation,
        part: (reach == Reach::Some).then(|| part_of(s, action, resource)),
    }
}

/// "for resources matching arn:aws:s3:::secret/*", "for actions matching iam:Delete*": the
/// part of the question a statement reaches.
fn part_of(s: &Statement, action: Option<Reach>, resource: Reach) -> String {
    let names = |n: &Names, what: &str| {
        let how = if n.negated {
            "not matching"
        } else {
            "matching"
        };
        format!("{what} {how} {}", n.patterns.join(", "))
    };
    let mut parts = Vec::new();
    if let (Some(Reach::Some), Some(a)) = (action, &s.action) {
        parts.push(names(a, "actions"));
    }
    if let (Reach::Some, Some(r)) = (resource, &s.resource) {
        parts.push(names(r, "resources"));
    }
    if parts.is_empty() {
        return "for part of it".into();
    }
    format!("for {}", parts.join(" and "))
}

/// Why a statement does not match, naming the element that excludes the query.
fn no_match(s: &Statement, query: &Query) -> String {
    let action_misses = s
        .action
        .as_ref()
        .is_none_or(|a| names_reach(a, &query.action, action_reach) == Reach::None);
    let element = |n: &Option<Names>, plain: &str, not: &str| match n {
        Some(n) if n.negated => format!("{not} {}", n.patterns.join(", ")),
        Some(n) => format!("{plain} {}", n.patterns.join(", ")),
        None => String::new(),
    };
    if action_misses {
        format!(
            "does not match {}: {}",
            query.action,
            element(&s.action, "Action", "NotAction excludes it:")
        )
    } else {
        let r = query.resource.as_deref().unwrap_or("*");
        format!(
            "does not match resource {r}: {}",
            element(&s.resource, "Resource", "NotResource excludes it:")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_services_rcps_govern_come_from_the_catalog() {
        for governed in ["s3", "sts", "kms", "sqs", "secretsmanager"] {
            assert!(rcp_governs(&format!("{governed}:Any")), "{governed}");
        }
        assert!(!rcp_governs("ec2:RunInstances"));
    }

    #[test]
    fn resource_types_come_from_the_catalog() {
        // No resource type: its request resource is `*`.
        assert_eq!(resource_types("iam:ListRoles"), Some(vec![]));
        assert_eq!(resource_types("s3:ListAllMyBuckets"), Some(vec![]));
        let object = resource_types("s3:GetObject").unwrap_or_default();
        assert!(
            object.contains(&("object".into(), "arn:*:s3:::*/*".into())),
            "{object:?}"
        );
        let instance = resource_types("ec2:TerminateInstances").unwrap_or_default();
        assert_eq!(
            instance,
            vec![("instance".into(), "arn:*:ec2:*:*:instance/*".into())]
        );
        let role = resource_types("IAM:deleterole").unwrap_or_default();
        assert!(role.iter().all(|(_, arn)| !arn.contains("${")), "{role:?}");
        assert!(role.iter().any(|(n, _)| n == "role"), "{role:?}");
        // Unknown, and wildcards (asked per action instead): not known.
        assert_eq!(resource_types("s3:NoSuchAction"), None);
        assert_eq!(resource_types("nosuchservice:Get"), None);
        assert_eq!(resource_types("s3:Get*"), None);
        assert_eq!(resource_types("*"), None);
    }

    #[test]
    fn a_type_with_several_arn_formats_is_asked_about_each() {
        let c = catalog();
        let several = c
            .services
            .iter()
            .flat_map(|s| s.actions.iter().map(move |a| (s, a)))
            .find(|(s, a)| {
                a.resource_types.iter().any(|r| {
                    c.resource_type(s, &r.name)
                        .is_some_and(|t| t.arn_formats.len() > 1)
                })
            });
        let Some((s, a)) = several else {
            panic!("the catalog has a resource type with several ARN formats");
        };
        let types = resource_types(&format!("{}:{}", s.prefix, a.name)).unwrap_or_default();
        let formats: usize = a
            .resource_types
            .iter()
            .filter_map(|r| c.resource_type(s, &r.name))
            .map(|t| t.arn_formats.len())
            .sum();
        assert_eq!(types.len(), formats, "{types:?}");
    }

    #[test]
    fn partitions_are_read_from_arns() {
        assert_eq!(
            partition_of("arn:aws-us-gov:organizations::1:organization/o-1").as_deref(),
            Some("aws-us-gov")
        );
        assert_eq!(partition_of("o-1"), None);
        assert_eq!(partition_of("arn:*:x"), None);
    }
}
