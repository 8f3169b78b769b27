//! orgtui: a terminal UI for AWS Organizations.

pub mod org;
