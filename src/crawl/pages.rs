//! The crawl's pages waiting to be asked for, and the order they go out in.

use std::collections::VecDeque;

use crate::org::{Account, OrgResult, OrgUnit, Root, Token, TokenGuard};

/// One listing: ListRoots, or one parent's OUs or accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    Roots,
    Ous,
    Accounts,
}

/// What one page listed.
pub enum Listed {
    Roots(Vec<Root>),
    Ous(Vec<OrgUnit>),
    Accounts(Vec<Account>),
}

/// One page to ask for: its listing, the parent (empty for ListRoots) and the token.
pub struct Job {
    pub parent: String,
    pub listing: Listing,
    pub token: Token,
    /// The tokens this listing has received, carried from page to page.
    guard: TokenGuard,
}

impl Job {
    /// The first page of a listing.
    pub fn first(parent: String, listing: Listing) -> Job {
        Job {
            parent,
            listing,
            token: None,
            guard: TokenGuard::default(),
        }
    }

    /// The listing's next page, if the page just read named one; an error when the
    /// service sent a token it already sent (the listing would never end).
    pub fn next(self, token: Token) -> OrgResult<Option<Job>> {
        let Some(token) = token else {
            return Ok(None);
        };
        let mut guard = self.guard;
        let token = guard.admit(token)?;
        Ok(Some(Job {
            token: Some(token),
            guard,
            ..self
        }))
    }
}

/// Pages ready to be asked for, in the order that keeps the longest chain of dependent
/// pages moving: a listing's next page first (its length is unknown, so it may be the
/// chain that decides the time), then the first pages of OU listings (they uncover more
/// work), then the first pages of account listings (they uncover none). First come,
/// first served within each.
#[derive(Default)]
pub struct Ready {
    next_pages: VecDeque<Job>,
    ou_listings: VecDeque<Job>,
    account_listings: VecDeque<Job>,
}

impl Ready {
    pub fn push(&mut self, job: Job) {
        let queue = match (job.token.is_some(), job.listing) {
            (true, _) => &mut self.next_pages,
            (false, Listing::Roots | Listing::Ous) => &mut self.ou_listings,
            (false, Listing::Accounts) => &mut self.account_listings,
        };
        queue.push_back(job);
    }

    pub fn pop(&mut self) -> Option<Job> {
        self.next_pages
            .pop_front()
            .or_else(|| self.ou_listings.pop_front())
            .or_else(|| self.account_listings.pop_front())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(parent: &str, listing: Listing, token: Option<&str>) -> Job {
        Job {
            token: token.map(str::to_string),
            ..Job::first(parent.into(), listing)
        }
    }

    #[test]
    fn next_pages_go_first_then_ou_listings_then_account_listings() {
        let mut ready = Ready::default();
        ready.push(job("a", Listing::Accounts, None));
        ready.push(job("b", Listing::Ous, None));
        ready.push(job("c", Listing::Accounts, Some("t")));
        ready.push(job("d", Listing::Ous, None));
        ready.push(job("e", Listing::Ous, Some("t")));
        let order: Vec<String> = std::iter::from_fn(|| ready.pop().map(|j| j.parent)).collect();
        assert_eq!(order, ["c", "e", "b", "d", "a"]);
    }

    #[test]
    fn a_token_sent_twice_ends_the_listing() {
        let first = Job::first("p".into(), Listing::Ous);
        let second = first
            .next(Some("t1".into()))
            .expect("new token")
            .expect("a page");
        assert_eq!(second.token.as_deref(), Some("t1"));
        let third = second
            .next(Some("t2".into()))
            .expect("new token")
            .expect("a page");
        assert!(third.next(Some("t1".into())).is_err());
        let last = Job::first("p".into(), Listing::Ous).next(None);
        assert!(matches!(last, Ok(None)));
    }
}
