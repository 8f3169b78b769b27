//! The request gate every API call goes through (the worker's, the crawl's, export's and
//! eval's): one adaptive concurrency limit, backoff with jitter when AWS throttles, and a
//! deadline on every attempt.

pub mod gate;
pub mod throttle;

pub use gate::{reach, Gate, Reach, Timeouts, MAX_CONCURRENCY};
