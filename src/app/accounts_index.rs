//! The accounts view's rows, filtered and sorted, kept until the account list, the tree
//! (an OU path to sort by) or what they are filtered and sorted by changes: a frame reads
//! them twice, and sorting 10,000 accounts by OU path builds every path.

use crate::fuzzy::Filter;
use crate::org::{Account, AccountState};

use super::cache::Loadable;
use super::model::{AccountSort, Model, View};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountsIndex {
    /// Positions in the account list, in the view's order.
    rows: Vec<usize>,
    /// The search, sort, direction and state they were derived for.
    key: Option<(String, AccountSort, bool, Option<AccountState>)>,
    /// The account list or the tree changed since.
    stale: bool,
}

impl Model {
    /// The account list, or where an account sits in the tree, changed.
    pub fn accounts_changed(&mut self) {
        self.accounts_index.stale = true;
    }

    /// Re-derives the accounts view's rows if what they depend on changed (only while the
    /// view is on screen; elsewhere they are derived when asked).
    pub fn refresh_accounts(&mut self) {
        if self.view == View::Accounts && !self.accounts_index_fits() {
            self.accounts_index = AccountsIndex {
                rows: self.derive_accounts(),
                key: Some((
                    self.filter.as_str().to_string(),
                    self.accounts_view.sort,
                    self.accounts_view.descending,
                    self.accounts_view.state.clone(),
                )),
                stale: false,
            };
        }
    }

    /// Rows of the accounts view, after the filter.
    pub fn visible_accounts(&self) -> Vec<&Account> {
        let Some(Loadable::Loaded(list)) = &self.cache.accounts else {
            return Vec::new();
        };
        let derived;
        let rows = if self.accounts_index_fits() {
            &self.accounts_index.rows
        } else {
            derived = self.derive_accounts();
            &derived
        };
        rows.iter().filter_map(|&i| list.get(i)).collect()
    }

    /// Whether the kept rows, when they are used, are what deriving them now gives (for a
    /// debug check that every path changing them says so).
    pub fn accounts_index_is_right(&self) -> bool {
        !self.accounts_index_fits() || self.accounts_index.rows == self.derive_accounts()
    }

    fn accounts_index_fits(&self) -> bool {
        let index = &self.accounts_index;
        let view = &self.accounts_view;
        !index.stale
            && index
                .key
                .as_ref()
                .is_some_and(|(filter, sort, descending, state)| {
                    filter == self.filter.as_str()
                        && *sort == view.sort
                        && *descending == view.descending
                        && *state == view.state
                })
    }

    /// The accounts view's rows from scratch: positions in the account list.
    pub fn derive_accounts(&self) -> Vec<usize> {
        let Some(Loadable::Loaded(list)) = &self.cache.accounts else {
            return Vec::new();
        };
        let v = &self.accounts_view;
        let filter = Filter::new(&self.filter);
        let mut out: Vec<usize> = (0..list.len())
            .filter(|&i| v.state.as_ref().is_none_or(|s| &list[i].state == s))
            .filter(|&i| filter.matches(&[&list[i].name, &list[i].id, &list[i].email]))
            .collect();
        match v.sort {
            // ListAccounts answers are kept sorted by name already.
            AccountSort::Name => {}
            AccountSort::Path => {
                out.sort_by_cached_key(|&i| self.account_path(&list[i].id).unwrap_or_default())
            }
            AccountSort::State => out.sort_by_key(|&i| list[i].state.as_api_str()),
            AccountSort::Joined => out.sort_by(|&a, &b| list[a].joined_at.cmp(&list[b].joined_at)),
        }
        if v.descending {
            out.reverse();
        }
        out
    }
}
