//! The app state machine: `update(&mut Model, Msg) -> Vec<Cmd>` is pure (no IO, no
//! await, no clock); all behaviour lives here, so most tests drive it directly.

mod details;
pub mod model;
pub mod msg;
mod replies;
mod tree;
mod update;
mod views;

pub use model::*;
pub use msg::*;
pub use update::{init, update};
