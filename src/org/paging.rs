//! Following `NextToken` through a listing, page by page, and stopping a listing whose
//! service sends a token it already sent (which would otherwise loop forever).

use std::collections::HashSet;
use std::future::Future;

use super::error::{ErrorKind, OrgError, OrgResult};
use super::types::Page;
use super::types::Token;

/// The error code of a listing stopped by [`TokenGuard`].
pub const REPEATED_NEXT_TOKEN: &str = "RepeatedNextToken";

/// The NextTokens one listing has received so far.
#[derive(Debug, Default)]
pub struct TokenGuard {
    seen: HashSet<String>,
}

impl TokenGuard {
    /// `token` back when this listing has not received it before; an error otherwise, since
    /// asking with it again would fetch the same pages again, endlessly.
    pub fn admit(&mut self, token: String) -> OrgResult<String> {
        if self.seen.insert(token.clone()) {
            Ok(token)
        } else {
            Err(OrgError::with_kind(
                ErrorKind::Other,
                REPEATED_NEXT_TOKEN,
                "the listing was stopped because the service returned the same NextToken twice",
            ))
        }
    }
}

/// Follows `NextToken` until it is absent (pages may be empty while a token remains),
/// handing each page to `on_page` with whether it is the last.
pub async fn for_each_page<T, F, Fut>(
    mut fetch: F,
    mut on_page: impl FnMut(Vec<T>, bool),
) -> OrgResult<()>
where
    F: FnMut(Token) -> Fut,
    Fut: Future<Output = OrgResult<Page<T>>>,
{
    let mut guard = TokenGuard::default();
    let mut token = None;
    loop {
        let page = fetch(token).await?;
        on_page(page.items, page.next_token.is_none());
        match page.next_token {
            Some(t) => token = Some(guard.admit(t)?),
            None => return Ok(()),
        }
    }
}

/// Every item of a listing, following `NextToken` until it is absent.
pub async fn collect_all<T, F, Fut>(fetch: F) -> OrgResult<Vec<T>>
where
    F: FnMut(Token) -> Fut,
    Fut: Future<Output = OrgResult<Page<T>>>,
{
    let mut out = Vec::new();
    for_each_page(fetch, |items, _| out.extend(items)).await?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// A listing whose pages come from `tokens`: page i carries item i and NextToken
    /// `tokens[i]`; the fetch count is kept in `calls`.
    fn listing<'a>(
        tokens: &'a [Option<&'a str>],
        calls: &'a Cell<usize>,
    ) -> impl FnMut(Token) -> std::future::Ready<OrgResult<Page<usize>>> + 'a {
        move |_token| {
            let i = calls.get();
            calls.set(i + 1);
            let next = tokens.get(i).copied().flatten().map(str::to_string);
            std::future::ready(Ok(Page {
                items: vec![i],
                next_token: next,
            }))
        }
    }

    fn block_on<F: Future>(f: F) -> F::Output {
        futures::executor::block_on(f)
    }

    #[test]
    fn the_guard_admits_new_tokens_and_refuses_a_repeat() {
        let mut g = TokenGuard::default();
        assert_eq!(g.admit("a".into()), Ok("a".to_string()));
        assert_eq!(g.admit("b".into()), Ok("b".to_string()));
        let e = g.admit("a".into()).err();
        assert_eq!(
            e.as_ref().map(|e| e.code.as_str()),
            Some(REPEATED_NEXT_TOKEN)
        );
        let message = e.map(|e| e.message).unwrap_or_default();
        assert!(message.contains("same NextToken twice"), "{message}");
    }

    /// What `collect_all` gives for the listing, and how many pages it fetched.
    fn collected(tokens: &[Option<&str>]) -> (OrgResult<Vec<usize>>, usize) {
        let calls = Cell::new(0);
        let r = block_on(collect_all(listing(tokens, &calls)));
        (r, calls.get())
    }

    fn repeated<T>(r: OrgResult<T>) -> bool {
        r.is_err_and(|e| e.code == REPEATED_NEXT_TOKEN)
    }

    #[test]
    fn collect_all_follows_tokens_to_the_end() {
        let (all, calls) = collected(&[Some("a"), Some("b"), None]);
        assert_eq!(all, Ok(vec![0, 1, 2]));
        assert_eq!(calls, 3);
    }

    #[test]
    fn collect_all_stops_on_a_token_that_repeats() {
        // Page 1 sends "a" again, so asking once more would loop forever.
        let (r, calls) = collected(&[Some("a"), Some("a"), Some("a"), None]);
        assert!(repeated(r));
        assert_eq!(calls, 2, "no page is fetched after the repeat");
        // A cycle is a repeat too.
        let (r, calls) = collected(&[Some("a"), Some("b"), Some("a"), None]);
        assert!(repeated(r));
        assert_eq!(calls, 3);
    }

    /// The pages `for_each_page` hands on (items, last) and its result.
    fn stream(tokens: &[Option<&str>]) -> (Vec<(Vec<usize>, bool)>, OrgResult<()>) {
        let calls = Cell::new(0);
        let mut seen = Vec::new();
        let r = block_on(for_each_page(listing(tokens, &calls), |items, last| {
            seen.push((items, last))
        }));
        (seen, r)
    }

    #[test]
    fn pages_stream_until_the_repeat_then_stop() {
        let (seen, r) = stream(&[Some("a"), Some("a"), None]);
        assert_eq!(
            r.err().map(|e| e.code),
            Some(REPEATED_NEXT_TOKEN.to_string())
        );
        assert_eq!(seen, vec![(vec![0], false), (vec![1], false)]);

        let (seen, r) = stream(&[Some("a"), None]);
        assert_eq!(r, Ok(()));
        assert_eq!(seen, vec![(vec![0], false), (vec![1], true)]);
    }
}
