//! A change set ("plan"): many changes reviewed together and applied exactly once. The
//! file format (`file`), the organization as the plan sees it (`model`, read by `read`),
//! resolving names and paths (`resolve`) while simulating each step and finding what AWS
//! would refuse (`check`), the order of the steps (`order`), the effect on every account
//! (`effect`), applying with a journal that survives a crash (`apply`, `journal`) and the
//! inverse of an applied plan (`undo`). Nothing here knows the UI.

pub mod apply;
pub mod apply_cli;
pub mod check;
pub mod cli;
pub mod effect;
pub mod file;
pub mod journal;
pub mod model;
pub mod op;
pub mod order;
pub mod pin;
pub mod planned_tree;
pub mod read;
pub mod resolve;
#[cfg(test)]
mod sample;
pub mod session;
pub mod start;
pub mod undo;

pub use check::{check, Checked, Planned, Problem};
pub use file::{Action, Doc, FileError, PlanFile, Step};
pub use model::OrgModel;
pub use op::Op;
