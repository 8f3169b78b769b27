//! The terminal runtime: the event loop (input, the worker's answers, drawing), suspending
//! the UI for an editor or a shell in a member account, and the signals that end orgtui.

pub mod event_loop;
pub mod shell;
pub mod shell_signals;
pub mod signals;
pub mod suspend;
