//! Wildcard patterns as IAM uses them (`*` any run of characters, `?` one character):
//! whether a pattern matches a name, and how it relates to a pattern the user asked about
//! (covers all of it, some of it, or none of it). Actions match case-insensitively; ARNs
//! case-sensitively and segment by segment, as IAM compares them.

/// How much of what was asked a policy element reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reach {
    /// Nothing that was asked.
    None,
    /// Part of what was asked (only when the question itself has wildcards).
    Some,
    /// Everything that was asked.
    All,
}

impl Reach {
    /// Of an element that applies to everything *except* what its patterns reach
    /// (NotAction, NotResource), given how far the patterns reach together.
    pub fn complement(self) -> Reach {
        match self {
            Reach::None => Reach::All,
            Reach::Some => Reach::Some,
            Reach::All => Reach::None,
        }
    }

    /// The reach of both conditions at once (the smaller).
    pub fn and(self, other: Reach) -> Reach {
        self.min(other)
    }
}

/// A character of a pattern or name: bytes when both sides are ASCII (no allocation),
/// chars otherwise.
trait Sym: Copy + PartialEq {
    const STAR: Self;
    const ONE: Self;
    fn same(self, other: Self, ignore_case: bool) -> bool;
}

impl Sym for u8 {
    const STAR: u8 = b'*';
    const ONE: u8 = b'?';
    fn same(self, other: u8, ignore_case: bool) -> bool {
        self == other || (ignore_case && self.eq_ignore_ascii_case(&other))
    }
}

impl Sym for char {
    const STAR: char = '*';
    const ONE: char = '?';
    fn same(self, other: char, ignore_case: bool) -> bool {
        self == other || (ignore_case && self.to_lowercase().eq(other.to_lowercase()))
    }
}

/// Runs `f` on both strings as bytes when they are ASCII, else as chars.
fn on_units<R>(
    a: &str,
    b: &str,
    bytes: impl FnOnce(&[u8], &[u8]) -> R,
    chars: impl FnOnce(&[char], &[char]) -> R,
) -> R {
    if a.is_ascii() && b.is_ascii() {
        bytes(a.as_bytes(), b.as_bytes())
    } else {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        chars(&a, &b)
    }
}

/// Whether `pattern` matches all of `text`: the classic linear wildcard match that
/// backtracks only to the last `*`. `one(p, t)` says whether the non-star pattern
/// character `p` matches the text character `t`.
fn glob_with<T: Sym>(pattern: &[T], text: &[T], one: impl Fn(T, T) -> bool) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && pattern[p] == T::STAR {
            star = Some((p, t));
            p += 1;
        } else if p < pattern.len() && one(pattern[p], text[t]) {
            p += 1;
            t += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == T::STAR)
}

fn matches_units<T: Sym>(pattern: &[T], text: &[T], ignore_case: bool) -> bool {
    glob_with(pattern, text, |p, t| p == T::ONE || p.same(t, ignore_case))
}

/// Whether the wildcard `pattern` matches the name `text`.
pub fn matches(pattern: &str, text: &str, ignore_case: bool) -> bool {
    on_units(
        pattern,
        text,
        |p, t| matches_units(p, t, ignore_case),
        |p, t| matches_units(p, t, ignore_case),
    )
}

fn covers_units<T: Sym>(pattern: &[T], query: &[T], ignore_case: bool) -> bool {
    let wild = |q: T| q == T::STAR || q == T::ONE;
    glob_with(pattern, query, |p, q| {
        (p == T::ONE && q != T::STAR) || (!wild(q) && p.same(q, ignore_case))
    })
}

/// Whether every name `query` matches is matched by `pattern` too. Exact for names
/// (no wildcards in `query`); with wildcards it compares them symbol by symbol, which
/// never claims too much (a `?` in the pattern does not stand for a `*` of the query).
pub fn covers(pattern: &str, query: &str, ignore_case: bool) -> bool {
    on_units(
        pattern,
        query,
        |p, q| covers_units(p, q, ignore_case),
        |p, q| covers_units(p, q, ignore_case),
    )
}

fn intersects_units<T: Sym>(a: &[T], b: &[T], ignore_case: bool) -> bool {
    let mut seen = vec![false; (a.len() + 1) * (b.len() + 1)];
    let mut todo = vec![(0usize, 0usize)];
    while let Some((i, j)) = todo.pop() {
        let cell = i * (b.len() + 1) + j;
        if seen[cell] {
            continue;
        }
        seen[cell] = true;
        if i == a.len() && j == b.len() {
            return true;
        }
        let (x, y) = (a.get(i).copied(), b.get(j).copied());
        // A star may match nothing; or it takes one character of the other side.
        if x == Some(T::STAR) {
            todo.push((i + 1, j));
            if y.is_some_and(|y| y != T::STAR) {
                todo.push((i, j + 1));
            }
        }
        if y == Some(T::STAR) {
            todo.push((i, j + 1));
            if x.is_some_and(|x| x != T::STAR) {
                todo.push((i + 1, j));
            }
        }
        if let (Some(x), Some(y)) = (x, y) {
            let one = |c: T| c == T::ONE;
            if x != T::STAR && y != T::STAR && (one(x) || one(y) || x.same(y, ignore_case)) {
                todo.push((i + 1, j + 1));
            }
        }
    }
    false
}

/// Whether some name is matched by both patterns: a search over pairs of positions.
pub fn intersects(a: &str, b: &str, ignore_case: bool) -> bool {
    on_units(
        a,
        b,
        |a, b| intersects_units(a, b, ignore_case),
        |a, b| intersects_units(a, b, ignore_case),
    )
}

/// How far `pattern` reaches into what `query` names.
pub fn reach(pattern: &str, query: &str, ignore_case: bool) -> Reach {
    if covers(pattern, query, ignore_case) {
        Reach::All
    } else if query.contains(['*', '?']) && intersects(pattern, query, ignore_case) {
        // A name (no wildcards) that is not covered is not matched at all.
        Reach::Some
    } else {
        Reach::None
    }
}

/// How far a list of patterns reaches together (the best single pattern; a query only
/// covered by several patterns together counts as partly reached).
pub fn reach_any<'a>(
    patterns: impl IntoIterator<Item = &'a str>,
    query: &str,
    f: impl Fn(&str, &str) -> Reach,
) -> Reach {
    let mut best = Reach::None;
    for p in patterns {
        best = best.max(f(p, query));
        if best == Reach::All {
            break;
        }
    }
    best
}

/// Reach of an action pattern (`service:action`, case-insensitive).
pub fn action_reach(pattern: &str, query: &str) -> Reach {
    reach(pattern, query, true)
}

/// Reach of an ARN pattern over an ARN (or ARN pattern), by IAM's rules: the segments
/// before the resource (partition, service, region, account) are compared one by one, so a
/// wildcard there never crosses a `:`; the last segment a pattern gives stands for the rest
/// of the ARN, so `arn:aws:ec2:*` matches every EC2 ARN and the resource part may hold `:`
/// and `/`. A pattern or query that is not an ARN (`*`) is compared as a whole.
pub fn arn_reach(pattern: &str, query: &str) -> Reach {
    if !pattern.starts_with("arn:") || !query.starts_with("arn:") {
        return reach(pattern, query, false);
    }
    let p = pattern.splitn(6, ':').count();
    let q = query.splitn(6, ':').count();
    let n = p.min(q);
    let mut ps = pattern.splitn(n, ':');
    let mut qs = query.splitn(n, ':');
    let mut r = Reach::All;
    for _ in 0..n {
        let (Some(a), Some(b)) = (ps.next(), qs.next()) else {
            break;
        };
        r = r.and(reach(a, b, false));
        if r == Reach::None {
            break;
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_with_wildcards_anywhere() {
        assert!(matches("s3:*", "s3:PutObject", true));
        assert!(matches("s3:Put*", "S3:putobject", true));
        assert!(!matches("s3:Put*", "S3:putobject", false));
        assert!(matches("iam:*Role*", "iam:DeleteRolePolicy", true));
        assert!(matches("ec2:?unInstances", "ec2:RunInstances", true));
        assert!(!matches("ec2:Run", "ec2:RunInstances", true));
        assert!(matches("*", "", true));
    }

    #[test]
    fn a_pattern_covers_intersects_or_misses_a_query() {
        assert_eq!(action_reach("ec2:*", "ec2:Describe*"), Reach::All);
        assert_eq!(action_reach("ec2:Describe*", "ec2:*"), Reach::Some);
        assert_eq!(action_reach("ec2:Describe*", "ec2:Run*"), Reach::None);
        assert_eq!(action_reach("*", "iam:Create*"), Reach::All);
        assert_eq!(action_reach("iam:*User", "iam:Create*"), Reach::Some);
        assert_eq!(action_reach("ec2:?un*", "ec2:*"), Reach::Some);
        assert_eq!(action_reach("ec2:?", "ec2:*"), Reach::Some);
        assert_eq!(action_reach("ec2:?*", "ec2:Run*"), Reach::All);
    }

    #[test]
    fn arns_compare_segment_by_segment() {
        let q = "arn:aws:s3:::bucket/key:with:colons";
        assert_eq!(arn_reach("arn:aws:s3:::bucket/*", q), Reach::All);
        assert_eq!(arn_reach("arn:aws:s3:::other/*", q), Reach::None);
        assert_eq!(arn_reach("*", q), Reach::All);
        assert_eq!(arn_reach("arn:aws:s3:::bucket/*", "*"), Reach::Some);
        assert_eq!(
            arn_reach(
                "arn:aws:iam::*:role/Admin",
                "arn:aws:iam::123456789012:role/Admin"
            ),
            Reach::All
        );
        assert_eq!(
            arn_reach(
                "arn:aws:iam::*:role/admin",
                "arn:aws:iam::123456789012:role/Admin"
            ),
            Reach::None,
            "ARNs are case-sensitive"
        );
    }

    #[test]
    fn a_short_pattern_s_last_segment_stands_for_the_rest() {
        let q = "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc";
        assert_eq!(arn_reach("arn:aws:ec2:*", q), Reach::All);
        assert_eq!(arn_reach("arn:aws:*", q), Reach::All);
        assert_eq!(arn_reach("arn:aws:ec2:us-east-1:*", q), Reach::All);
        assert_eq!(arn_reach("arn:aws:ec2:eu-*", q), Reach::None);
        assert_eq!(arn_reach("arn:aws:s3:*", q), Reach::None);
        assert_eq!(arn_reach("arn:aws:ec2:us-east-1", q), Reach::None);
        assert_eq!(arn_reach("arn:aws:ec2:us-east-?:*", q), Reach::All);
        // Before the resource, a wildcard stays inside its segment.
        assert_eq!(
            arn_reach("arn:aws:ec2:*:instance/*", q),
            Reach::None,
            "the account segment is compared on its own"
        );
        assert_eq!(arn_reach("arn:aws:ec2:*", "*"), Reach::Some);
    }
}
