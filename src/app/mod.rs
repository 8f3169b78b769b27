//! The app state machine: `update(&mut Model, Msg) -> Vec<Cmd>` is pure (no IO, no
//! await, no clock); all behaviour lives here, so most tests drive it directly.

mod changes;
mod details;
pub mod dialog;
pub mod model;
pub mod msg;
mod replies;
mod tree;
mod update;
mod views;

pub use changes::{done_text, validate_prompt, MAX_OU_DEPTH, MAX_SCPS};
pub use dialog::*;
pub use model::*;
pub use msg::*;
pub use update::{init, update};
