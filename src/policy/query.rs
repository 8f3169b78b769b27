//! The evaluator's question: an action, optionally a resource, and the request context.
//! Its own module: the evaluation and its trace both name it.

use serde::Serialize;

use super::condition::Context;
use super::grammar::{is_action_pattern, is_arn_pattern};

/// The question: an action (wildcards allowed), optionally a resource ARN, and the request
/// context the conditions are decided against (empty: every key not given is unknown,
/// except those every request has).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Query {
    pub action: String,
    pub resource: Option<String>,
    #[serde(skip_serializing_if = "Context::is_empty")]
    pub context: Context,
}

impl Query {
    /// A checked query: `service:action` (or `*`) and an ARN (or `*`).
    pub fn new(action: &str, resource: Option<&str>) -> Result<Query, String> {
        let action = action.trim();
        if !is_action_pattern(action) {
            return Err(format!(
                "\"{action}\" is not an action: expected service:action, e.g. s3:PutObject or ec2:Describe*"
            ));
        }
        if let Some(r) = resource {
            // A question names a whole ARN, or a pattern whose last `*` stands for the rest.
            let whole = r == "*" || r.splitn(6, ':').count() == 6 || r.ends_with('*');
            if !is_arn_pattern(r) || !whole {
                return Err(format!(
                    "\"{r}\" is not an ARN: expected arn:partition:service:region:account:resource"
                ));
            }
        }
        Ok(Query {
            action: action.to_string(),
            resource: resource.map(str::to_string),
            context: Context::default(),
        })
    }

    /// The same question asked in this request context.
    pub fn with_context(self, context: Context) -> Query {
        Query { context, ..self }
    }

    /// What in the question AWS does not know, with the nearest name it does ("unknown
    /// action ec2:RunInstnces — did you mean ec2:RunInstances?"): such a question is
    /// still answered (as IAM would, by matching the text), but the user most likely
    /// meant something else.
    pub fn warnings(&self) -> Vec<String> {
        let c = super::catalog::catalog();
        let mut out: Vec<String> = super::lint::action_warning(c, &self.action)
            .into_iter()
            .collect();
        let services: Vec<&super::catalog::Service> = (c.actions_matching(&self.action))
            .map(|(s, _)| s)
            .fold(Vec::new(), |mut v, s| {
                if !v.iter().any(|have| std::ptr::eq(*have, s)) {
                    v.push(s);
                }
                v
            });
        for key in self.context.values.keys() {
            let key = self.context.names.get(key).unwrap_or(key);
            let of = (!services.is_empty()).then_some(&services[..]);
            out.extend(super::lint::key_warning(c, key, of));
        }
        out
    }

    /// The question in words, saying how wildcards are read.
    pub fn describe(&self) -> String {
        let action = if self.action.contains(['*', '?']) {
            format!("every action matching {}", self.action)
        } else {
            self.action.clone()
        };
        let mut text = match &self.resource {
            // `?*` is how a resource type's non-empty segment is asked; it reads as `*`.
            Some(r) if r.contains(['*', '?']) => format!(
                "{action} on every resource matching {}",
                r.replace("?*", "*")
            ),
            Some(r) => format!("{action} on {r}"),
            None => format!("{action} on every resource"),
        };
        if !self.context.is_empty() {
            let given: Vec<String> = self
                .context
                .values
                .iter()
                .map(|(k, v)| {
                    let k = self.context.names.get(k).unwrap_or(k);
                    format!("{k}={}", v.join(","))
                })
                .collect();
            text.push_str(&format!(" with {}", given.join(" ")));
        }
        text
    }
}
