//! IAM Condition blocks: every operator with its IfExists form and the ForAllValues: /
//! ForAnyValue: set qualifiers, decided against a request context in three values (true,
//! false, or unknown because a key that matters was not given).
//!
//! Semantics followed (IAM User Guide, "IAM JSON policy elements: Condition operators" and
//! "Single-valued vs. multivalued context keys"):
//! - several operators in a block are ANDed, several keys under one operator are ANDed,
//!   several values for one key are ORed;
//! - a key missing from the request context makes the operator false, except for the
//!   negated ones (StringNotEquals, StringNotLike, NumericNotEquals, DateNotEquals,
//!   NotIpAddress, ArnNotEquals, ArnNotLike, ...) which are then true; `...IfExists` is
//!   true when the key is missing; `Null: true` is true exactly when it is missing;
//! - ForAllValues: true when every request value matches (also when the key is missing or
//!   has no values); ForAnyValue: true when at least one does (false when missing);
//! - ArnEquals and ArnLike are the same operator (wildcards per ARN segment).

use std::collections::BTreeMap;

use super::glob::{arn_reach, matches, Reach};

/// The operator without decorations; negation is kept apart (`negated`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    StringEquals,
    StringEqualsIgnoreCase,
    StringLike,
    NumericEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    ArnLike,
    Null,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetQualifier {
    ForAllValues,
    ForAnyValue,
}

/// A condition operator as written, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    pub name: String,
    pub base: Base,
    pub negated: bool,
    pub if_exists: bool,
    pub set: Option<SetQualifier>,
}

/// Every base name IAM knows, with its meaning.
const NAMES: [(&str, Base, bool); 27] = [
    ("StringEquals", Base::StringEquals, false),
    ("StringNotEquals", Base::StringEquals, true),
    (
        "StringEqualsIgnoreCase",
        Base::StringEqualsIgnoreCase,
        false,
    ),
    (
        "StringNotEqualsIgnoreCase",
        Base::StringEqualsIgnoreCase,
        true,
    ),
    ("StringLike", Base::StringLike, false),
    ("StringNotLike", Base::StringLike, true),
    ("NumericEquals", Base::NumericEquals, false),
    ("NumericNotEquals", Base::NumericEquals, true),
    ("NumericLessThan", Base::NumericLessThan, false),
    ("NumericLessThanEquals", Base::NumericLessThanEquals, false),
    ("NumericGreaterThan", Base::NumericGreaterThan, false),
    (
        "NumericGreaterThanEquals",
        Base::NumericGreaterThanEquals,
        false,
    ),
    ("DateEquals", Base::DateEquals, false),
    ("DateNotEquals", Base::DateEquals, true),
    ("DateLessThan", Base::DateLessThan, false),
    ("DateLessThanEquals", Base::DateLessThanEquals, false),
    ("DateGreaterThan", Base::DateGreaterThan, false),
    ("DateGreaterThanEquals", Base::DateGreaterThanEquals, false),
    ("Bool", Base::Bool, false),
    ("BinaryEquals", Base::BinaryEquals, false),
    ("IpAddress", Base::IpAddress, false),
    ("NotIpAddress", Base::IpAddress, true),
    ("ArnEquals", Base::ArnLike, false),
    ("ArnLike", Base::ArnLike, false),
    ("ArnNotEquals", Base::ArnLike, true),
    ("ArnNotLike", Base::ArnLike, true),
    ("Null", Base::Null, false),
];

impl Operator {
    /// Reads `ForAnyValue:StringNotEqualsIfExists` and the like; `None` when IAM has no
    /// such operator (Null has no IfExists form).
    pub fn parse(name: &str) -> Option<Operator> {
        let (set, rest) = if let Some(r) = name.strip_prefix("ForAllValues:") {
            (Some(SetQualifier::ForAllValues), r)
        } else if let Some(r) = name.strip_prefix("ForAnyValue:") {
            (Some(SetQualifier::ForAnyValue), r)
        } else {
            (None, name)
        };
        let (if_exists, base) = match rest.strip_suffix("IfExists") {
            Some(b) => (true, b),
            None => (false, rest),
        };
        let &(_, base, negated) = NAMES.iter().find(|(n, _, _)| *n == base)?;
        if base == Base::Null && if_exists {
            return None;
        }
        Some(Operator {
            name: name.to_string(),
            base,
            negated,
            if_exists,
            set,
        })
    }
}

/// One key under one operator, with the policy's values (ORed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Test {
    pub operator: Operator,
    pub key: String,
    pub values: Vec<String>,
}

/// What the request context says about a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Known<'a> {
    /// Given: these values (none: the key is absent from the request).
    Values(&'a [String]),
    /// Not given, but present in every request (its value is not known).
    Present,
    /// Not given: it may be missing or have any value.
    Unknown,
}

/// Three-valued truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    True,
    False,
    Unknown,
}

impl Truth {
    fn of(b: bool) -> Truth {
        if b {
            Truth::True
        } else {
            Truth::False
        }
    }
}

/// Keys AWS puts in every request context ("Availability: This key is always included in
/// the request context", AWS global condition context keys); lowercase.
/// aws:PrincipalOrgID is included for principals of an organization's accounts, which the
/// evaluated account is; aws:SourceIp is not (absent through a VPC endpoint).
pub const ALWAYS_PRESENT: [&str; 11] = [
    "aws:currenttime",
    "aws:epochtime",
    "aws:principalarn",
    "aws:principalaccount",
    "aws:principalorgid",
    "aws:principaltype",
    "aws:userid",
    "aws:requestedregion",
    "aws:securetransport",
    "aws:viaawsservice",
    "aws:principalisawsservice",
];

/// A request context: condition keys (case-insensitive, kept lowercase) and their values.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Context {
    pub values: BTreeMap<String, Vec<String>>,
    /// Each key as it was written (`aws:RequestedRegion`), for saying the question back.
    #[serde(skip)]
    pub names: BTreeMap<String, String>,
}

impl Context {
    /// Reads `KEY=VALUE` (a list as `KEY=v1,v2`; a repeated key adds values).
    pub fn parse<'a>(pairs: impl IntoIterator<Item = &'a str>) -> Result<Context, String> {
        let mut c = Context::default();
        for pair in pairs {
            let (k, v) = pair.split_once('=').ok_or_else(|| {
                format!("\"{pair}\" is not KEY=VALUE, e.g. aws:RequestedRegion=eu-west-1")
            })?;
            let k = k.trim();
            if k.is_empty() {
                return Err(format!("\"{pair}\" names no condition key"));
            }
            c.names
                .entry(k.to_ascii_lowercase())
                .or_insert_with(|| k.to_string());
            let values = c.values.entry(k.to_ascii_lowercase()).or_default();
            values.extend(v.split(',').filter(|s| !s.is_empty()).map(str::to_string));
        }
        Ok(c)
    }

    /// Sets `key` unless it was given.
    pub fn default_to(&mut self, key: &str, value: &str) {
        self.values
            .entry(key.to_ascii_lowercase())
            .or_insert_with(|| vec![value.to_string()]);
    }

    pub fn known(&self, key: &str) -> Known<'_> {
        let key = key.to_ascii_lowercase();
        match self.values.get(&key) {
            Some(v) => Known::Values(v),
            None if ALWAYS_PRESENT.contains(&key.as_str()) => Known::Present,
            None => Known::Unknown,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// Whether one request value matches one policy value under `base` (never negated).
fn one(base: Base, policy: &str, value: &str) -> bool {
    use std::cmp::Ordering as O;
    let num = || {
        Some(
            policy
                .trim()
                .parse::<f64>()
                .ok()?
                .total_cmp(&value.trim().parse().ok()?),
        )
    };
    let date = || Some(date_seconds(policy)?.cmp(&date_seconds(value)?));
    // The policy value is on the right of the comparison: value < policy.
    let cmp = |c: Option<O>, ok: &[O]| c.is_some_and(|c| ok.contains(&c.reverse()));
    match base {
        Base::StringEquals => policy == value,
        Base::StringEqualsIgnoreCase => policy.eq_ignore_ascii_case(value),
        Base::StringLike => matches(policy, value, false),
        Base::NumericEquals => cmp(num(), &[O::Equal]),
        Base::NumericLessThan => cmp(num(), &[O::Less]),
        Base::NumericLessThanEquals => cmp(num(), &[O::Less, O::Equal]),
        Base::NumericGreaterThan => cmp(num(), &[O::Greater]),
        Base::NumericGreaterThanEquals => cmp(num(), &[O::Greater, O::Equal]),
        Base::DateEquals => cmp(date(), &[O::Equal]),
        Base::DateLessThan => cmp(date(), &[O::Less]),
        Base::DateLessThanEquals => cmp(date(), &[O::Less, O::Equal]),
        Base::DateGreaterThan => cmp(date(), &[O::Greater]),
        Base::DateGreaterThanEquals => cmp(date(), &[O::Greater, O::Equal]),
        Base::Bool => policy.eq_ignore_ascii_case(value),
        Base::BinaryEquals => policy == value,
        Base::IpAddress => in_cidr(policy, value),
        Base::ArnLike => arn_reach(policy, value) == Reach::All,
        Base::Null => false,
    }
}

/// Whether `value` satisfies the (possibly negated) operator against the policy values.
fn each(t: &Test, value: &str) -> bool {
    t.values.iter().any(|p| one(t.operator.base, p, value)) != t.operator.negated
}

/// The test on a request where the key is missing.
fn when_missing(t: &Test) -> bool {
    let op = &t.operator;
    if op.base == Base::Null {
        return t.values.iter().any(|v| v.eq_ignore_ascii_case("true"));
    }
    if op.if_exists {
        return true;
    }
    match op.set {
        Some(SetQualifier::ForAllValues) => true,
        Some(SetQualifier::ForAnyValue) => false,
        None => op.negated,
    }
}

/// The test on a request where the key has these values.
fn when_values(t: &Test, values: &[String]) -> bool {
    let op = &t.operator;
    if op.base == Base::Null {
        return t.values.iter().any(|v| v.eq_ignore_ascii_case("false"));
    }
    match op.set {
        Some(SetQualifier::ForAllValues) => values.iter().all(|v| each(t, v)),
        Some(SetQualifier::ForAnyValue) => values.iter().any(|v| each(t, v)),
        // A single-valued operator on several values: any of them (IAM's documented
        // behaviour is for single values; a list given without a qualifier is read as
        // "one of these" for the positive operators and "none of these" for the negated).
        None if values.is_empty() => when_missing(t),
        None => {
            values
                .iter()
                .any(|v| t.values.iter().any(|p| one(op.base, p, v)))
                != op.negated
        }
    }
}

/// The test when the key is present with one value nobody gave: decided only when every
/// value gives the same answer (a `*` StringLike, Null).
fn when_present_unknown(t: &Test) -> Truth {
    let op = &t.operator;
    if op.base == Base::Null {
        return Truth::of(when_values(t, &[]));
    }
    let any_string = op.base == Base::StringLike && t.values.iter().any(|p| p == "*");
    if any_string && op.set.is_none() {
        return Truth::of(!op.negated);
    }
    Truth::Unknown
}

/// The condition keys a test's values name as policy variables (`${aws:PrincipalTag/team}`,
/// also with a default: `${aws:PrincipalTag/team, 'none'}`); `${*}`, `${?}` and `${$}` are
/// the literal characters and name no key.
pub fn variables(t: &Test) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for v in &t.values {
        for (key, _) in variable_refs(v) {
            if !keys.iter().any(|k| k.eq_ignore_ascii_case(&key)) {
                keys.push(key);
            }
        }
    }
    keys
}

/// Each `${key}` or `${key, 'default'}` of a value: the key and its default.
fn variable_refs(value: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let inner = &rest[start + 2..start + len];
        rest = &rest[start + len + 1..];
        if matches!(inner, "*" | "?" | "$") {
            continue;
        }
        let (key, default) = match inner.split_once(',') {
            Some((k, d)) => {
                let d = d.trim();
                let d = d.strip_prefix('\'').and_then(|d| d.strip_suffix('\''));
                (k.trim(), d.map(str::to_string))
            }
            None => (inner.trim(), None),
        };
        out.push((key.to_string(), default));
    }
    out
}

/// A policy value with its variables replaced from the context; `None` when a variable's
/// key was not given as one value (with no default): the value is then not known. IAM
/// replaces `${*}`, `${?}`, `${$}` with the literal characters; in a Like pattern a literal
/// `*` or `?` from them is written as `[*]` / `[?]`, which no request value contains here,
/// so they are kept as the character.
fn substitute(value: &str, context: &Context) -> Option<String> {
    if !value.contains("${") {
        return Some(value.to_string());
    }
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('}') else {
            out.push_str(&rest[start..]);
            return Some(out);
        };
        let whole = &rest[start..start + len + 1];
        rest = &rest[start + len + 1..];
        match whole {
            "${*}" => out.push('*'),
            "${?}" => out.push('?'),
            "${$}" => out.push('$'),
            _ => {
                let (key, default) = variable_refs(whole).into_iter().next()?;
                let value = match context.known(&key) {
                    Known::Values([one]) => one.clone(),
                    Known::Values([]) => default?,
                    _ => return None,
                };
                out.push_str(&value);
            }
        }
    }
    out.push_str(rest);
    Some(out)
}

/// Decides one test against the context.
pub fn decide(t: &Test, context: &Context) -> Truth {
    let missing = matches!(context.known(&t.key), Known::Values([]));
    if t.values.iter().any(|v| v.contains("${")) && !missing {
        // Policy variables: decided with their values, or not at all (never compared as
        // the literal text `${...}`, which would match nothing and could allow).
        let values: Option<Vec<String>> = t.values.iter().map(|v| substitute(v, context)).collect();
        return match values {
            Some(values) => decide(
                &Test {
                    values,
                    ..t.clone()
                },
                context,
            ),
            None => Truth::Unknown,
        };
    }
    match context.known(&t.key) {
        // `KEY=` with no value: the request has no such key.
        Known::Values([]) => Truth::of(when_missing(t)),
        Known::Values(v) => Truth::of(when_values(t, v)),
        Known::Present => when_present_unknown(t),
        Known::Unknown => {
            let missing = Truth::of(when_missing(t));
            if when_present_unknown(t) == missing {
                missing
            } else {
                Truth::Unknown
            }
        }
    }
}

/// Decides a block (tests ANDed): false as soon as one test is false; else the tests still
/// unknown.
pub fn decide_all<'a>(
    tests: impl IntoIterator<Item = &'a Test>,
    context: &Context,
) -> Result<(), Vec<&'a Test>> {
    let mut unknown = Vec::new();
    for t in tests {
        match decide(t, context) {
            Truth::False => return Err(Vec::new()),
            Truth::Unknown => unknown.push(t),
            Truth::True => {}
        }
    }
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(unknown)
    }
}

/// The test in words: "aws:RequestedRegion is not eu-west-1 or us-east-1".
pub fn describe(t: &Test) -> String {
    let op = &t.operator;
    let values = t.values.join(" or ");
    let verb = match (op.base, op.negated) {
        (Base::Null, _) => {
            let absent = t.values.iter().any(|v| v.eq_ignore_ascii_case("true"));
            return format!("{} is {}", t.key, if absent { "absent" } else { "present" });
        }
        (Base::StringEquals | Base::Bool | Base::BinaryEquals, false) => "is",
        (Base::StringEquals | Base::Bool | Base::BinaryEquals, true) => "is not",
        (Base::StringEqualsIgnoreCase, false) => "is (ignoring case)",
        (Base::StringEqualsIgnoreCase, true) => "is not (ignoring case)",
        (Base::StringLike | Base::ArnLike, false) => "matches",
        (Base::StringLike | Base::ArnLike, true) => "does not match",
        (Base::NumericEquals | Base::DateEquals, false) => "equals",
        (Base::NumericEquals | Base::DateEquals, true) => "does not equal",
        (Base::NumericLessThan | Base::DateLessThan, _) => "is less than",
        (Base::NumericLessThanEquals | Base::DateLessThanEquals, _) => "is at most",
        (Base::NumericGreaterThan | Base::DateGreaterThan, _) => "is greater than",
        (Base::NumericGreaterThanEquals | Base::DateGreaterThanEquals, _) => "is at least",
        (Base::IpAddress, false) => "is in",
        (Base::IpAddress, true) => "is not in",
    };
    let set = match op.set {
        Some(SetQualifier::ForAllValues) => "every value of ",
        Some(SetQualifier::ForAnyValue) => "some value of ",
        None => "",
    };
    let exists = if op.if_exists { " (or is absent)" } else { "" };
    format!("{set}{} {verb} {values}{exists}", t.key)
}

/// Seconds since 1970 of an ISO 8601 date or date-time (`2026-01-31`,
/// `2026-01-31T12:00:00Z`, `...T12:00:00.5+02:00`) or of epoch seconds.
pub fn date_seconds(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(n) = s.parse::<i64>() {
        return Some(n);
    }
    let num = |a: usize, b: usize| s.get(a..b)?.parse::<i64>().ok();
    let (y, m, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    if s.get(4..5)? != "-"
        || s.get(7..8)? != "-"
        || !(1..=12).contains(&m)
        || !(1..=31).contains(&d)
    {
        return None;
    }
    let days = days_from_civil(y, m, d);
    let mut secs = days * 86_400;
    let rest = &s[10..];
    if rest.is_empty() {
        return Some(secs);
    }
    let t = rest.strip_prefix(['T', 't', ' '])?;
    let part = |a: usize, b: usize| t.get(a..b)?.parse::<i64>().ok();
    let (hh, mm) = (part(0, 2)?, part(3, 5)?);
    let (ss, mut tail) = match t.get(5..6) {
        Some(":") => (part(6, 8)?, t.get(8..)?),
        _ => (0, t.get(5..)?),
    };
    secs += hh * 3600 + mm * 60 + ss;
    if let Some(frac) = tail.strip_prefix('.') {
        let digits = frac
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(frac.len());
        tail = &frac[digits..];
    }
    match tail {
        "" | "Z" | "z" => Some(secs),
        offset => {
            let sign = match offset.get(..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            let oh = offset.get(1..3)?.parse::<i64>().ok()?;
            let om = offset.get(offset.len() - 2..)?.parse::<i64>().ok()?;
            Some(secs - sign * (oh * 3600 + om * 60))
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Whether the address `value` is in `cidr` (`10.0.0.0/8`, `2001:db8::/32`, or one
/// address); IPv4 and IPv6 never match each other.
pub fn in_cidr(cidr: &str, value: &str) -> bool {
    use std::net::IpAddr;
    let (net, bits) = match cidr.trim().split_once('/') {
        Some((n, b)) => (n, b.parse::<u32>().ok()),
        None => (cidr.trim(), None),
    };
    let (Ok(net), Ok(addr)) = (net.parse::<IpAddr>(), value.trim().parse::<IpAddr>()) else {
        return false;
    };
    let prefix = |a: u128, b: u128, width: u32, bits: Option<u32>| {
        let bits = bits.unwrap_or(width);
        if bits > width {
            return false;
        }
        let shift = width - bits;
        bits == 0 || (a >> shift) == (b >> shift)
    };
    match (net, addr) {
        (IpAddr::V4(n), IpAddr::V4(a)) => {
            prefix(u32::from(n).into(), u32::from(a).into(), 32, bits)
        }
        (IpAddr::V6(n), IpAddr::V6(a)) => prefix(u128::from(n), u128::from(a), 128, bits),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_iso_8601_and_epoch_seconds() {
        assert_eq!(date_seconds("1970-01-01"), Some(0));
        assert_eq!(date_seconds("2020-01-01T00:00:00Z"), Some(1_577_836_800));
        assert_eq!(
            date_seconds("2020-01-01T02:00:00+02:00"),
            Some(1_577_836_800)
        );
        assert_eq!(
            date_seconds("2020-01-01T00:00:00.123Z"),
            Some(1_577_836_800)
        );
        assert_eq!(date_seconds("1577836800"), Some(1_577_836_800));
        assert_eq!(date_seconds("yesterday"), None);
    }

    #[test]
    fn addresses_match_cidrs_of_their_family() {
        assert!(in_cidr("10.0.0.0/8", "10.1.2.3"));
        assert!(!in_cidr("10.0.0.0/8", "11.1.2.3"));
        assert!(in_cidr("203.0.113.7", "203.0.113.7"));
        assert!(in_cidr("0.0.0.0/0", "1.2.3.4"));
        assert!(in_cidr("2001:db8::/32", "2001:db8:1::1"));
        assert!(!in_cidr("2001:db8::/32", "2001:db9::1"));
        assert!(!in_cidr("10.0.0.0/8", "::ffff:10.0.0.1"));
    }
}
