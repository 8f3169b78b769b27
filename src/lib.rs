//! orgtui: a terminal UI for AWS Organizations.
//!
//! `app` is the state machine (pure `update`), `ui` draws it (pure `view`), `worker` is
//! the only code that talks to an organization through `org::OrgBackend`.

pub mod app;
pub mod args;
pub mod audit;
pub mod config;
pub mod crawl;
pub mod creations_file;
pub mod drafts;
pub mod event_loop;
pub mod export;
pub mod fuzzy;
pub mod keymap;
pub mod layout;
pub mod org;
pub mod paths;
pub mod policy;
pub mod shell;
pub mod signals;
pub mod snapshot_file;
pub mod sts;
pub mod suspend;
pub mod text;
pub mod throttle;
pub mod time;
pub mod ui;
pub mod worker;
