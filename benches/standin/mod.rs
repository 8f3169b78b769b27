//! A stand-in for the Organizations endpoint that is not the bottleneck: it answers the
//! whole-organization read (DescribeOrganization, ListRoots and both per-parent listings)
//! from a generated organization, after a fixed latency per call, at ~no CPU cost.

pub mod bound;
pub mod org;
pub mod server;
