//! Signals while a shell has the terminal: a Ctrl-C or Ctrl-\ typed in a shell without
//! job control (one that stays in orgtui's process group) is also sent to orgtui; it was
//! meant for the shell, so it must not end orgtui. Like `system(3)`, which ignores SIGINT
//! and SIGQUIT while its child runs.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio::sync::mpsc;

use crate::runtime::signals::{Received, Signals};

/// A shell is running.
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// When the last shell ended: a signal that ended it arrives a moment later.
static ENDED: Mutex<Option<Instant>> = Mutex::new(None);
/// How long after a shell's end an interrupt is still taken as meant for it.
const GRACE: Duration = Duration::from_millis(300);

/// Marks a shell as running until dropped.
pub(super) struct Active;

impl Active {
    pub(super) fn start() -> Active {
        ACTIVE.store(true, Ordering::SeqCst);
        Active
    }
}

impl Drop for Active {
    fn drop(&mut self) {
        if let Ok(mut ended) = ENDED.lock() {
            *ended = Some(Instant::now());
        }
        ACTIVE.store(false, Ordering::SeqCst);
    }
}

/// Whether `signal`, arriving now, was meant for a shell orgtui runs.
fn meant_for_shell(signal: Received) -> bool {
    if !matches!(signal, Received::Interrupt | Received::Quit) {
        return false;
    }
    ACTIVE.load(Ordering::SeqCst)
        || ENDED
            .lock()
            .ok()
            .and_then(|e| *e)
            .is_some_and(|t| t.elapsed() < GRACE)
}

/// The signals that end orgtui, without those a shell's keyboard sent. They are looked
/// at by a task of their own, so that one arriving while the main loop waits for the
/// shell is judged when it arrives.
pub struct OutsideShell {
    rx: mpsc::UnboundedReceiver<Received>,
}

impl OutsideShell {
    /// Needs a running tokio runtime.
    pub fn new(mut signals: Signals) -> OutsideShell {
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            loop {
                let signal = signals.recv().await;
                if meant_for_shell(signal) {
                    tracing::info!(signal = signal.name(), "ignored: sent while a shell ran");
                    continue;
                }
                if tx.send(signal).is_err() {
                    return;
                }
            }
        });
        OutsideShell { rx }
    }

    /// The next signal that should end orgtui.
    pub async fn recv(&mut self) -> Received {
        match self.rx.recv().await {
            Some(signal) => signal,
            // The task is gone only with the runtime: then wait forever, as `Signals` does.
            None => std::future::pending().await,
        }
    }
}
