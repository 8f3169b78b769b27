//! Matching for pickers and filters: fuzzy ranking with nucleo-matcher (paths matched as
//! paths, as helix does), an exact name or path component first; and the character
//! positions a match covers, so that views can highlight them.
//!
//! Queries use nucleo's syntax: words separated by spaces match independently, `'word`
//! matches a substring, `^word` a prefix, `word$` a suffix, `!word` excludes.

use std::ops::Range;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// One query, ready to score many texts (the matcher's buffers are reused).
pub struct Query {
    pattern: Pattern,
    matcher: Matcher,
    /// The query lowercased and trimmed, for exact matches against names and components.
    exact: String,
    chars: Vec<char>,
}

/// How well a text matches, best last: compared as a tuple, so the tier decides first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    Fuzzy,
    /// A path component starts with the query.
    ComponentPrefix,
    /// A path component other than the last equals the query.
    Component,
    /// The last path component (the name) equals the query.
    Name,
    /// The whole text equals the query.
    Whole,
}

impl Query {
    pub fn new(query: &str) -> Query {
        Query {
            pattern: Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart),
            matcher: Matcher::new(Config::DEFAULT.match_paths()),
            exact: query.trim().to_lowercase(),
            chars: Vec::new(),
        }
    }

    /// Whether the query has nothing to match (everything matches, in order).
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty()
    }

    /// The sort key of `text` (greater is better), or `None` when it does not match.
    fn key(&mut self, text: &str) -> Option<(Tier, u32)> {
        let score = self
            .pattern
            .score(utf32(text, &mut self.chars), &mut self.matcher);
        let exact = self.exact_tier(text).map(|(tier, _)| tier);
        match (exact, score) {
            (None, None) => None,
            (tier, score) => Some((tier.unwrap_or(Tier::Fuzzy), score.unwrap_or(0))),
        }
    }

    /// The best exact tier of `text`, with the character range that earned it.
    fn exact_tier(&self, text: &str) -> Option<(Tier, Range<usize>)> {
        if self.exact.is_empty() {
            return None;
        }
        let parts = components(text);
        let last = parts.len().saturating_sub(1);
        let mut best: Option<(Tier, Range<usize>)> = None;
        for (i, (part, range)) in parts.into_iter().enumerate() {
            let lower = part.to_lowercase();
            let tier = if lower == self.exact {
                if i == last {
                    Tier::Name
                } else {
                    Tier::Component
                }
            } else if lower.starts_with(&self.exact) {
                Tier::ComponentPrefix
            } else {
                continue;
            };
            let range = if tier == Tier::ComponentPrefix {
                range.start..range.start + self.exact.chars().count()
            } else {
                range
            };
            if best.as_ref().is_none_or(|(b, _)| tier > *b) {
                best = Some((tier, range));
            }
        }
        if text.trim().to_lowercase() == self.exact {
            let start = text.chars().take_while(|c| c.is_whitespace()).count();
            return Some((Tier::Whole, start..start + text.trim().chars().count()));
        }
        best
    }

    /// Character positions in `text` to highlight, ascending; empty when it does not match.
    /// An exact name or component is highlighted whole rather than where the fuzzy
    /// alignment happened to land.
    pub fn indices(&mut self, text: &str) -> Vec<usize> {
        if let Some((_, range)) = self.exact_tier(text) {
            return range.collect();
        }
        let mut out = Vec::new();
        self.pattern
            .indices(utf32(text, &mut self.chars), &mut self.matcher, &mut out);
        out.sort_unstable();
        out.dedup();
        out.into_iter().map(|i| i as usize).collect()
    }
}

/// `text` as nucleo sees it, one entry per char, so indices are char positions.
fn utf32<'a>(text: &'a str, buf: &'a mut Vec<char>) -> Utf32Str<'a> {
    if text.is_ascii() {
        Utf32Str::Ascii(text.as_bytes())
    } else {
        buf.clear();
        buf.extend(text.chars());
        Utf32Str::Unicode(buf)
    }
}

/// The `/`-separated components of `text`, trimmed, with their char ranges.
fn components(text: &str) -> Vec<(&str, Range<usize>)> {
    let mut out = Vec::new();
    let mut start = 0; // in chars
    for part in text.split('/') {
        let len = part.chars().count();
        let lead = part.chars().take_while(|c| c.is_whitespace()).count();
        let trimmed = part.trim();
        let begin = start + lead;
        out.push((trimmed, begin..begin + trimmed.chars().count()));
        start += len + 1;
    }
    out
}

/// Indices of `items` matching `query`, best first (ties: shorter text, then their order).
pub fn rank<'a>(query: &str, items: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let mut q = Query::new(query);
    if q.is_empty() {
        return items.enumerate().map(|(i, _)| i).collect();
    }
    let mut scored: Vec<((Tier, u32), usize, usize)> = items
        .enumerate()
        .filter_map(|(i, text)| q.key(text).map(|k| (k, text.chars().count(), i)))
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    scored.into_iter().map(|(_, _, i)| i).collect()
}

/// Character positions in `text` that `query` matches (see [`Query::indices`]).
pub fn indices(query: &str, text: &str) -> Vec<usize> {
    Query::new(query).indices(text)
}

/// The chars of the first case-insensitive occurrence of `filter` in `text`: what the
/// filters of the tree and the lists match (`text.to_lowercase().contains(filter)`).
pub fn substring(filter: &str, text: &str) -> Option<Range<usize>> {
    if filter.is_empty() {
        return None;
    }
    let needle = filter.to_lowercase();
    // Lowercasing can change lengths, so each byte of the lowered text remembers its char.
    let mut lowered = String::with_capacity(text.len());
    let mut owner = Vec::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        for l in c.to_lowercase() {
            lowered.push(l);
            owner.extend(std::iter::repeat_n(i, l.len_utf8()));
        }
    }
    let start = lowered.find(&needle)?;
    let end = start + needle.len();
    Some(owner[start]..owner[end - 1] + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranked<'a>(query: &str, items: &[&'a str]) -> Vec<&'a str> {
        rank(query, items.iter().copied())
            .into_iter()
            .map(|i| items[i])
            .collect()
    }

    #[test]
    fn matches_in_order_only() {
        let items = ["Root / Workloads / Prod"];
        assert_eq!(rank("prod", items.iter().copied()), vec![0]);
        assert_eq!(rank("wlp", items.iter().copied()), vec![0]);
        assert!(rank("dorp", items.iter().copied()).is_empty());
    }

    #[test]
    fn empty_query_keeps_order() {
        let items = ["b", "a", "Root / c"];
        assert_eq!(rank("", items.iter().copied()), vec![0, 1, 2]);
        assert_eq!(rank("  ", items.iter().copied()), vec![0, 1, 2]);
        assert!(indices("", "anything").is_empty());
    }

    #[test]
    fn word_starts_and_runs_rank_first() {
        let items = [
            "Root / Sandbox / Prodigy-test",
            "Root / Workloads / Prod",
            "Root / Security",
        ];
        let ranked = rank("prod", items.iter().copied());
        assert_eq!(ranked, vec![1, 0]);
        let ranked = rank("sec", items.iter().copied());
        assert_eq!(ranked, vec![2]);
    }

    #[test]
    fn exact_name_ranks_first() {
        let items = [
            "Root / a / b / top-002-deep",
            "Root / top-0020",
            "Root / x / stop-002",
            "Root / top-002",
        ];
        assert_eq!(ranked("top-002", &items)[0], "Root / top-002");
        assert_eq!(ranked("TOP-002", &items)[0], "Root / top-002");
        // A name equal to the query beats one that only starts with it.
        assert_eq!(
            ranked("top-002", &items)[1..3],
            ["Root / top-0020", "Root / a / b / top-002-deep"]
        );
        // A whole label (a policy name) equal to the query comes first as well.
        let policies = ["FullAWSAccess-copy", "DenyAll", "FullAWSAccess"];
        assert_eq!(ranked("fullawsaccess", &policies)[0], "FullAWSAccess");
    }

    #[test]
    fn prod_against_paths() {
        let items = [
            "Root / approved-products-xyz",
            "Root / Sandbox / Prodigy-test",
            "Root / Workloads / Prod",
            "Root / Prod / Payments",
            "Root / Platform / Round / Dev",
            "Root / Security",
        ];
        assert_eq!(
            ranked("prod", &items),
            [
                "Root / Workloads / Prod",
                "Root / Prod / Payments",
                "Root / Sandbox / Prodigy-test",
                "Root / approved-products-xyz",
                "Root / Platform / Round / Dev",
            ]
        );
        // The highlight is the component, not the p of "approved" or the first P.
        let name = "Root / Workloads / Prod";
        assert_eq!(indices("prod", name), vec![19, 20, 21, 22]);
        let fuzzy = indices("prod", "Root / approved-products-xyz");
        assert_eq!(fuzzy, vec![16, 17, 18, 19], "contiguous in products");
    }

    #[test]
    fn fuzzy_indices_are_char_positions() {
        assert_eq!(indices("wlp", "Root / Workloads / Prod"), vec![7, 11, 19]);
        // Non-ASCII before the match shifts by chars, not bytes.
        assert_eq!(indices("ab", "é / ab"), vec![4, 5]);
        assert!(indices("zz", "Root").is_empty());
    }

    #[test]
    fn substring_is_case_insensitive_in_chars() {
        assert_eq!(substring("PROD", "payments-prod"), Some(9..13));
        assert_eq!(substring("prod", "Ünïcode-Prod"), Some(8..12));
        assert_eq!(substring("x", "abc"), None);
        assert_eq!(substring("", "abc"), None);
        // 'İ' lowercases to two chars; positions still point at chars of the original.
        assert_eq!(substring("b", "İb"), Some(1..2));
    }
}
