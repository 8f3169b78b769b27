//! What the fastest read of an organization can take, in calls of one latency each: the
//! longest chain of dependent pages (a next page needs the page before; a parent's
//! listings need the page that names it), calls ÷ limit, and a schedule of whole rounds
//! of at most `limit` calls in the crawl's order (both constraints at once).

use std::collections::VecDeque;

use super::org::Org;

pub const PAGE: usize = 20;

fn pages(n: usize) -> usize {
    n.div_ceil(PAGE).max(1)
}

impl Org {
    fn ou_ids(&self, parent: &str) -> Vec<String> {
        let ous = self.ous.get(parent).map(Vec::as_slice).unwrap_or_default();
        ous.iter()
            .map(|o| o["Id"].as_str().unwrap().to_string())
            .collect()
    }

    fn pages_of(&self, parent: &str) -> (usize, usize) {
        let n = |m: &std::collections::HashMap<String, Vec<serde_json::Value>>| {
            pages(m.get(parent).map_or(0, Vec::len))
        };
        (n(&self.ous), n(&self.accounts))
    }

    /// The fewest calls: DescribeOrganization, ListRoots, each parent's two listings.
    pub fn minimum_calls(&self) -> usize {
        let per_parent: usize = self
            .parents
            .iter()
            .map(|p| {
                let (o, a) = self.pages_of(p);
                o + a
            })
            .sum();
        2 + per_parent
    }

    /// The longest chain of dependent pages.
    pub fn longest_chain(&self) -> usize {
        // (parent, the pages before its listings can start)
        let roots = pages(self.roots.len());
        let mut todo: Vec<(String, usize)> =
            self.roots.iter().map(|r| (r.clone(), roots)).collect();
        let mut longest = roots;
        while let Some((p, start)) = todo.pop() {
            let (o, a) = self.pages_of(&p);
            longest = longest.max(start + o.max(a));
            for (i, child) in self.ou_ids(&p).into_iter().enumerate() {
                todo.push((child, start + i / PAGE + 1));
            }
        }
        longest
    }

    /// Rounds of at most `width` calls, each round one latency, in the crawl's order: a
    /// listing's next page first, then first pages of OU listings, then of account
    /// listings; DescribeOrganization beside ListRoots.
    pub fn rounds(&self, width: usize) -> usize {
        // (parent, OU listing?, page index); "" is ListRoots, None DescribeOrganization.
        type Job = (Option<String>, bool, usize);
        let mut next_pages: VecDeque<Job> = VecDeque::new();
        let mut ou_firsts: VecDeque<Job> =
            VecDeque::from([(None, true, 0), (Some(String::new()), true, 0)]);
        let mut account_firsts: VecDeque<Job> = VecDeque::new();
        let mut rounds = 0;
        loop {
            let mut now = Vec::new();
            while now.len() < width {
                let Some(job) = next_pages
                    .pop_front()
                    .or_else(|| ou_firsts.pop_front())
                    .or_else(|| account_firsts.pop_front())
                else {
                    break;
                };
                now.push(job);
            }
            if now.is_empty() {
                return rounds;
            }
            rounds += 1;
            for (parent, ous, page) in now {
                let Some(parent) = parent else { continue };
                let (uncovered, total) = match (parent.as_str(), ous) {
                    // One page of roots: an organization has one.
                    ("", _) => (self.roots.clone(), 1),
                    (p, true) => {
                        let ids = self.ou_ids(p);
                        let here = ids.iter().skip(page * PAGE).take(PAGE).cloned().collect();
                        (here, self.pages_of(p).0)
                    }
                    (p, false) => (Vec::new(), self.pages_of(p).1),
                };
                if page + 1 < total {
                    next_pages.push_back((Some(parent.clone()), ous, page + 1));
                }
                for c in uncovered {
                    ou_firsts.push_back((Some(c.clone()), true, 0));
                    account_firsts.push_back((Some(c), false, 0));
                }
            }
        }
    }
}
