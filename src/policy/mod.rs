//! The policy language: validating documents before they are sent, and evaluating SCPs
//! and RCPs along an account's path.

pub mod glob;
pub mod grammar;
pub mod json;
pub mod trace;
pub mod validate;

pub use validate::{minify, size_over_limit, validate, Problem, SizeOver};
pub mod cli;
pub mod eval;
pub mod gather;

pub use eval::{evaluate, EvalInput, Evaluation, Prepared, Query, Verdict};
