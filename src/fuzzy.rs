//! Matching for pickers and filters: fuzzy ranking with nucleo-matcher (paths matched as
//! paths, as helix does), an exact name or path component first; and the character
//! positions a match covers, so that views can highlight them.
//!
//! Queries use nucleo's syntax: words separated by spaces match independently, `'word`
//! matches a substring, `^word` a prefix, `word$` a suffix, `!word` excludes.
//!
//! The search of the tree and the lists (`Filter`) uses nucleo too, but each word as a
//! substring: over thousands of names, scattered-letter matches are noise.

use std::cell::RefCell;
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

/// The search of the tree and the lists: every word of the query must occur (ignoring
/// case and, for plain ASCII queries, accents) in one of a node's fields; `!word` excludes,
/// `^word` and `word$` anchor, as in the pickers.
pub struct Filter {
    pattern: Pattern,
    /// The matcher and a text buffer, reused for every text.
    scratch: RefCell<(Matcher, String)>,
}

impl Filter {
    pub fn new(query: &str) -> Filter {
        // Folded like the texts it is matched against (see `searchable`).
        let mut folded = String::new();
        let query = match searchable(query, &mut folded) {
            Utf32Str::Ascii(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            Utf32Str::Unicode(chars) => chars.iter().collect(),
        };
        // nucleo's syntax (`!`, `^`, `'`, `$`), with a plain word a substring, not fuzzy.
        let words: Vec<String> = query
            .split_whitespace()
            .map(|w| {
                if w.starts_with(['!', '^', '\'', '\\']) || w.ends_with('$') {
                    w.to_string()
                } else {
                    format!("'{w}")
                }
            })
            .collect();
        Filter {
            pattern: Pattern::parse(&words.join(" "), CaseMatching::Ignore, Normalization::Smart),
            scratch: RefCell::new((Matcher::new(Config::DEFAULT), String::new())),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.pattern.atoms.is_empty()
    }

    /// Whether every word occurs in one of `fields` (an empty query matches everything).
    pub fn matches(&self, fields: &[&str]) -> bool {
        if self.is_empty() {
            return true;
        }
        let (matcher, buf) = &mut *self.scratch.borrow_mut();
        // Each word in some field; an excluded word (`!word`) in none.
        self.pattern.atoms.iter().all(|atom| {
            let mut scored = fields
                .iter()
                .map(|f| atom.score(searchable(f, buf), matcher).is_some());
            if atom.negative {
                scored.all(|ok| ok)
            } else {
                scored.any(|ok| ok)
            }
        })
    }

    /// Character positions of `text` the words cover, ascending (for highlighting).
    pub fn hits(&self, text: &str) -> Vec<usize> {
        if self.is_empty() {
            return Vec::new();
        }
        let (matcher, buf) = &mut *self.scratch.borrow_mut();
        let mut out = Vec::new();
        // Each word on its own: the text may hold some words of a match across fields.
        for atom in &self.pattern.atoms {
            atom.indices(searchable(text, buf), matcher, &mut out);
        }
        out.sort_unstable();
        out.dedup();
        out.into_iter().map(|i| i as usize).collect()
    }
}

/// `text` for the search, one char per char of `text`. nucleo-matcher 0.3 finds no
/// substring in a non-ASCII text, so such a text is searched as ASCII: each other char
/// becomes its normalized ASCII letter (`é` → `e`) or, when it has none, a control char
/// no query matches.
fn searchable<'a>(text: &'a str, buf: &'a mut String) -> Utf32Str<'a> {
    if text.is_ascii() {
        return Utf32Str::Ascii(text.as_bytes());
    }
    buf.clear();
    buf.extend(text.chars().map(|c| {
        let n = nucleo_matcher::chars::normalize(c);
        if n.is_ascii() {
            n
        } else {
            '\u{1}'
        }
    }));
    // All ASCII now (one byte a char): the matcher's ASCII path, positions unchanged.
    Utf32Str::Ascii(buf.as_bytes())
}

/// The positions of `text` the search `filter` covers (see [`Filter::hits`]).
pub fn filter_hits(filter: &str, text: &str) -> Vec<usize> {
    Filter::new(filter).hits(text)
}

/// The candidate closest to `word` in edits (a swapped pair of letters counts as one), if
/// it is close enough to be what was meant: the "did you mean" of config errors.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = word.chars().count();
    candidates
        .into_iter()
        .map(|c| (edits(word, c), c))
        .filter(|&(d, _)| d <= 2 && d * 3 <= len)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// " (did you mean \"x\"?)" when one of `known` is close to `name`, else nothing.
pub fn did_you_mean<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    nearest(name, known)
        .map(|near| format!(" (did you mean {near:?}?)"))
        .unwrap_or_default()
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
/// neighbours, each one edit.
fn edits(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // d[i][j]: the distance between a[..i] and b[..j].
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_names_a_likely_misspelling_only() {
        let keys = ["read_only", "audit_log", "theme", "mouse"];
        assert_eq!(nearest("read_onyl", keys), Some("read_only"));
        assert_eq!(nearest("readonly", keys), Some("read_only"));
        assert_eq!(nearest("themes", keys), Some("theme"));
        assert_eq!(nearest("colour", keys), None);
        assert_eq!(nearest("x", ["y"]), None);
    }

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
    fn the_search_matches_every_word_as_a_substring_of_some_field() {
        let f = Filter::new("PROD pay");
        assert!(f.matches(&["payments-prod"]));
        // Words may match different fields of one node.
        assert!(f.matches(&["Prod", "pay@example.com"]));
        // Scattered letters are no match (unlike the pickers).
        assert!(!Filter::new("pd").matches(&["payments-prod"]));
        assert!(!f.matches(&["payments"]));
        assert!(!Filter::new("!prod").matches(&["payments-prod"]));
        assert!(Filter::new("prod !ledger").matches(&["payments-prod"]));
        assert!(!Filter::new("prod !ledger").matches(&["payments-ledger-prod"]));
        assert!(Filter::new("^pay").matches(&["payments-prod"]));
        assert!(!Filter::new("^prod").matches(&["payments-prod"]));
        assert!(Filter::new("prod$").matches(&["payments-prod"]));
        assert!(Filter::new("").matches(&["anything"]));
        // A word never spans two fields.
        assert!(!Filter::new("prod123").matches(&["prod", "123"]));
    }

    #[test]
    fn search_hits_are_char_positions_of_each_word() {
        assert_eq!(filter_hits("PROD", "payments-prod"), vec![9, 10, 11, 12]);
        assert_eq!(filter_hits("prod", "Ünïcode-Prod"), vec![8, 9, 10, 11]);
        assert_eq!(
            filter_hits("pay prod", "payments-prod"),
            vec![0, 1, 2, 9, 10, 11, 12]
        );
        assert!(filter_hits("x", "abc").is_empty());
        assert!(filter_hits("", "abc").is_empty());
        // Accents fold both ways.
        assert_eq!(filter_hits("ünï", "Ünïcode"), vec![0, 1, 2]);
        assert_eq!(filter_hits("uni", "Ünïcode"), vec![0, 1, 2]);
    }
}
