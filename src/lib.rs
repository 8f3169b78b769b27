//! orgtui: a terminal UI for AWS Organizations.
//!
//! `app` is the state machine (pure `update`), `ui` draws it (pure `view`), `worker` is
//! the only code that talks to an organization through `org::OrgBackend`.

pub mod app;
pub mod args;
pub mod change;
pub mod changeset;
pub mod config;
pub mod crawl;
pub mod demo;
pub mod export;
pub mod fuzzy;
pub mod keymap;
pub mod layout;
pub mod manpage;
pub mod net;
pub mod org;
pub mod paths;
pub mod policy;
pub mod profiles;
pub mod protocol;
pub mod runtime;
pub mod shell;
pub mod store;
pub mod sts;
pub mod text;
pub mod time;
pub mod ui;
pub mod worker;
