//! Signals from outside (SIGTERM, SIGHUP, SIGINT, SIGQUIT): the event loop stops on the
//! first one so the terminal is restored, and the process exits with 128 + the signal number,
//! as a shell reports a process killed by that signal.

use std::io;

use tokio::signal::unix::{signal, Signal, SignalKind};

/// One of the signals that end orgtui.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received {
    Hangup,
    Interrupt,
    Quit,
    Terminate,
}

impl Received {
    /// The signal's number (POSIX fixes these four on every Unix).
    pub fn number(self) -> i32 {
        match self {
            Received::Hangup => 1,
            Received::Interrupt => 2,
            Received::Quit => 3,
            Received::Terminate => 15,
        }
    }

    /// The conventional exit status after this signal: 128 + its number.
    pub fn exit_status(self) -> i32 {
        128 + self.number()
    }

    pub fn name(self) -> &'static str {
        match self {
            Received::Hangup => "SIGHUP",
            Received::Interrupt => "SIGINT",
            Received::Quit => "SIGQUIT",
            Received::Terminate => "SIGTERM",
        }
    }
}

/// The handlers, installed once; from then on these signals no longer kill the process
/// outright, so whoever holds this must act on `recv`.
pub struct Signals {
    hangup: Signal,
    interrupt: Signal,
    quit: Signal,
    terminate: Signal,
}

impl Signals {
    /// Installs the handlers (needs a running tokio runtime).
    pub fn install() -> io::Result<Signals> {
        Ok(Signals {
            hangup: signal(SignalKind::hangup())?,
            interrupt: signal(SignalKind::interrupt())?,
            quit: signal(SignalKind::quit())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    /// Waits for the next of the four signals.
    pub async fn recv(&mut self) -> Received {
        // `recv` yields None only when the runtime's driver is gone: then wait forever.
        tokio::select! {
            Some(()) = self.hangup.recv() => Received::Hangup,
            Some(()) = self.interrupt.recv() => Received::Interrupt,
            Some(()) = self.quit.recv() => Received::Quit,
            Some(()) = self.terminate.recv() => Received::Terminate,
            else => std::future::pending().await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_statuses_are_128_plus_the_signal_number() {
        assert_eq!(Received::Terminate.exit_status(), 143);
        assert_eq!(Received::Hangup.exit_status(), 129);
        assert_eq!(Received::Interrupt.exit_status(), 130);
        assert_eq!(Received::Quit.exit_status(), 131);
    }

    #[tokio::test]
    async fn a_signal_sent_to_the_process_is_received() {
        let mut signals = Signals::install().expect("install handlers");
        // SIGHUP to ourselves: with the handler installed it is only recorded.
        let pid = std::process::id().to_string();
        let status = std::process::Command::new("kill")
            .args(["-HUP", &pid])
            .status()
            .expect("run kill");
        assert!(status.success());
        let got = tokio::time::timeout(std::time::Duration::from_secs(5), signals.recv())
            .await
            .expect("the signal arrives within 5 s");
        assert_eq!(got, Received::Hangup);
    }
}
