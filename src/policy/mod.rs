//! The policy language: validating documents before they are sent, and evaluating SCPs
//! and RCPs along an account's path.

pub mod validate;

pub use validate::{validate, Problem};
