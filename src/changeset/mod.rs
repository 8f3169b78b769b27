//! A change set ("plan"): many changes reviewed together and applied exactly once. The
//! file format (`file`), resolving names and paths against an organization while
//! simulating each step (`resolve`), the problems AWS would refuse (`check`), the effect
//! on every account (`effect`), applying with a journal that survives a crash (`apply`,
//! `journal`) and the inverse of an applied plan (`undo`). Nothing here knows the UI.

pub mod file;
