//! The policy language: validating documents before they are sent, and evaluating SCPs
//! and RCPs along an account's path (with `orgtui eval`, its command line).

pub mod all;
pub mod catalog;
pub mod cli;
pub mod condition;
pub mod eval;
pub mod gather;
pub mod glob;
pub mod grammar;
pub mod json;
pub mod limits;
pub mod lint;
pub mod problem;
pub mod query;
pub mod trace;
pub mod validate;
pub mod whatif;
pub mod whatif_read;

pub use condition::Context;
pub use eval::{evaluate, evaluate_with_types, EvalInput, Evaluation, Prepared, Query, Verdict};
pub use validate::{
    check, minify, size_over_limit, validate, warnings, Problem, Severity, SizeOver,
};
