//! Fuzzy matching for pickers: the query's characters must appear in order; matches at
//! word starts and in runs score higher, so "wlp" finds "Workloads / Prod".

/// The score of `query` against `text`, or `None` when it does not match. Case-insensitive.
pub fn score(query: &str, text: &str) -> Option<i32> {
    if query.is_empty() {
        return Some(0);
    }
    let mut score = 0;
    let mut prev_match: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    let mut prev_char = ' ';
    'query: for q in query.chars().flat_map(char::to_lowercase) {
        for (i, c) in chars.by_ref() {
            let before = prev_char;
            prev_char = c;
            if c.to_lowercase().eq(std::iter::once(q)) {
                score += 1;
                if !before.is_alphanumeric() {
                    score += 8; // start of a word
                }
                if prev_match.is_some_and(|p| p + c.len_utf8() >= i && i > p) {
                    score += 5; // continues a run
                }
                prev_match = Some(i);
                continue 'query;
            }
        }
        return None;
    }
    // Shorter texts are better matches for the same characters.
    Some(score * 100 - text.len().min(99) as i32)
}

/// Indices of `items` matching `query`, best first (ties keep their order).
pub fn rank<'a>(query: &str, items: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let mut scored: Vec<(i32, usize)> = items
        .enumerate()
        .filter_map(|(i, text)| score(query, text).map(|s| (s, i)))
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_in_order_only() {
        assert!(score("prod", "Root / Workloads / Prod").is_some());
        assert!(score("wlp", "Root / Workloads / Prod").is_some());
        assert!(score("dorp", "Root / Workloads / Prod").is_none());
        assert!(score("", "anything").is_some());
    }

    #[test]
    fn word_starts_and_runs_rank_first() {
        let items = [
            "Root / Sandbox / Prodigy-test",
            "Root / Workloads / Prod",
            "Root / Security",
        ];
        let ranked = rank("prod", items.iter().copied());
        assert_eq!(ranked[0], 1);
        assert_eq!(ranked.len(), 2);
        let ranked = rank("sec", items.iter().copied());
        assert_eq!(ranked, vec![2]);
    }
}
