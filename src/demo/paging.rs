//! Opaque page tokens: hex of `"<call scope>#<offset>"`, so a token only works for the call
//! (and arguments) that issued it.

use super::errors::invalid;
use super::DemoBackend;
use crate::org::error::OrgResult;
use crate::org::types::Page;
use crate::org::Token;

/// AWS's MaxResults ceiling, used as the default page size.
pub(super) const DEFAULT_PAGE_SIZE: usize = 20;

fn encode_token(scope: &str, offset: usize) -> String {
    format!("{scope}#{offset}")
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn decode_token(scope: &str, token: &str) -> Option<usize> {
    if !token.len().is_multiple_of(2) {
        return None;
    }
    let bytes = (0..token.len())
        .step_by(2)
        .map(|i| {
            token
                .get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect::<Option<Vec<u8>>>()?;
    let text = String::from_utf8(bytes).ok()?;
    let (s, offset) = text.rsplit_once('#')?;
    if s != scope {
        return None;
    }
    offset.parse().ok().filter(|&o| o > 0)
}

impl DemoBackend {
    pub(super) fn page<T>(&self, scope: &str, items: Vec<T>, token: Token) -> OrgResult<Page<T>> {
        let start = match token {
            None => 0,
            Some(t) => decode_token(scope, &t).ok_or_else(|| {
                invalid("INVALID_NEXT_TOKEN: You specified an invalid value for nextToken.")
            })?,
        };
        let end = start.saturating_add(self.page_size).min(items.len());
        let next_token = (end < items.len()).then(|| encode_token(scope, end));
        let items = items
            .into_iter()
            .skip(start)
            .take(end.saturating_sub(start))
            .collect();
        Ok(Page { items, next_token })
    }
}
