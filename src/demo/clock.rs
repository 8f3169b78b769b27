//! The demo's one clock. What depends on elapsed time (a creation or a closure finishing,
//! a handshake expiring, the closing quota's window) is measured with
//! `tokio::time::Instant`, so it follows tokio's paused time in tests
//! (`#[tokio::test(start_paused = true)]`, `tokio::time::advance`). The times the demo shows
//! (RFC 3339 timestamps, the calendar rules of transfers) are the wall-clock time at the
//! demo's start plus that elapsed time, so they advance with it and never go back.

use std::time::SystemTime;

use tokio::time::Instant;

pub(super) struct Clock {
    /// The wall-clock time when the demo started...
    wall_at_start: SystemTime,
    /// ...and tokio's instant then.
    start: Instant,
}

impl Clock {
    pub(super) fn start() -> Self {
        Clock {
            wall_at_start: SystemTime::now(),
            start: Instant::now(),
        }
    }

    /// The demo's now: its start plus the tokio time elapsed since. Two readings differ by
    /// exactly the tokio time between them, so elapsed-time rules compare readings.
    pub(super) fn now(&self) -> SystemTime {
        let elapsed = Instant::now().saturating_duration_since(self.start);
        // Only an elapsed time beyond what SystemTime holds (billions of years) fails to add.
        self.wall_at_start
            .checked_add(elapsed)
            .unwrap_or(self.wall_at_start)
    }
}
