//! The app state machine: `update(&mut Model, Msg) -> Vec<Cmd>` is pure (no IO, no
//! await, no clock); all behaviour lives here, so most tests drive it directly.
//!
//! Dependencies run one way: `update` dispatches to the views (`tree`, `views`) and to
//! `changes`; those use `dialogs` (pure over `&Model`) and `nav`; `nav` and everything
//! else ask `load`, the only module that creates requests, to fetch what they need;
//! `load` files replies into `cache` and the model and tracks them in `requests`.

mod accounts_index;
mod actions;
pub mod admin_fetch;
pub mod cache;
pub mod cached;
pub mod caller;
mod changes;
pub mod command;
pub mod contexts;
pub mod creation;
pub mod describe;
pub mod dialogs;
mod directory;
pub mod effective;
pub mod evaluate;
pub mod fields;
pub mod input;
mod known;
mod load;
pub mod model;
pub mod mouse;
pub mod msg;
mod nav;
pub mod plan_screen;
pub mod requests;
mod rows;
pub mod staged;
pub mod subtree;
mod tree;
mod update;
mod views;
pub mod whatif;

pub use actions::init;
pub use admin_fetch::AdminCache;
pub use cache::{Cache, Loadable};
pub use changes::{done_text, is_change_key, MAX_OU_DEPTH};
pub use dialogs::*;
pub use directory::place;
pub use fields::{count, Field};
pub use input::TextInput;
pub use model::*;
pub use msg::*;
pub use update::update;
