//! Running the shell: pause the input thread, give the terminal back (main screen, cooked
//! mode, cursor shown, no bracketed paste or mouse reports), run `$SHELL` (else /bin/sh)
//! with the account's credentials, wait for it, and take the terminal again.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use ratatui::crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::crossterm::{cursor, execute};

use super::{Launch, REMOVED};

/// How often the input thread looks whether it should pause (input itself is read at
/// once; this only bounds how long a pause waits, and the wake-ups while idle).
const POLL: Duration = Duration::from_millis(100);
/// How long a pause waits for the input thread to stop reading.
const PAUSE_WAIT: Duration = Duration::from_secs(1);

const RUNNING: u8 = 0;
const PAUSE_ASKED: u8 = 1;
const PAUSED: u8 = 2;

/// Lets the main loop stop the input thread from reading the terminal while a shell has
/// it. One for the process, as crossterm's event source is.
pub struct InputPause {
    state: AtomicU8,
}

static INPUT: InputPause = InputPause {
    state: AtomicU8::new(RUNNING),
};

impl InputPause {
    pub fn global() -> &'static InputPause {
        &INPUT
    }

    /// The input thread's `event::read`: polls briefly so that a pause is noticed, and
    /// reads nothing while paused.
    pub fn read(&self) -> io::Result<Event> {
        loop {
            match self.state.load(Ordering::SeqCst) {
                RUNNING => {
                    if event::poll(POLL)? {
                        return event::read();
                    }
                }
                PAUSE_ASKED => {
                    let _ = self.state.compare_exchange(
                        PAUSE_ASKED,
                        PAUSED,
                        Ordering::SeqCst,
                        Ordering::SeqCst,
                    );
                }
                _ => std::thread::sleep(POLL),
            }
        }
    }

    /// Asks the input thread to stop reading and waits (bounded) until it has.
    fn pause(&self) {
        self.state.store(PAUSE_ASKED, Ordering::SeqCst);
        let deadline = Instant::now() + PAUSE_WAIT;
        while self.state.load(Ordering::SeqCst) != PAUSED {
            if Instant::now() > deadline {
                tracing::warn!("the input thread did not pause; the shell may lose keys");
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn resume(&self) {
        self.state.store(RUNNING, Ordering::SeqCst);
    }
}

/// How the TUI had the terminal set up, to restore it the same way.
#[derive(Debug, Clone, Copy, Default)]
pub struct Terminal {
    /// Mouse reports were on (`--mouse`).
    pub mouse: bool,
}

/// Suspends the TUI, runs the shell and resumes; how the shell ended, or why it could not
/// run. The caller redraws everything afterwards.
pub fn run(launch: &Launch, terminal: Terminal) -> Result<String, String> {
    let input = InputPause::global();
    input.pause();
    let ran = suspend().map_err(|e| format!("cannot give the terminal to the shell: {e}"));
    let ran = ran.and_then(|()| run_shell(launch));
    let resumed = resume(terminal);
    input.resume();
    let how = ran?;
    resumed
        .map_err(|e| format!("the shell ended ({how}) but the terminal was not restored: {e}"))?;
    Ok(how)
}

fn suspend() -> io::Result<()> {
    let mut out = io::stdout();
    execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    )?;
    disable_raw_mode()
}

fn resume(terminal: Terminal) -> io::Result<()> {
    enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(
        out,
        EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide
    )?;
    if terminal.mouse {
        execute!(out, EnableMouseCapture)?;
    }
    Ok(())
}

fn run_shell(launch: &Launch) -> Result<String, String> {
    let shell = std::env::var("SHELL")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "/bin/sh".into());
    let exp = launch.assumed.credentials.expiration.as_deref();
    let mut out = io::stdout();
    let _ = writeln!(
        out,
        "orgtui: a shell in {} ({}) as {}{}.\norgtui: `exit` returns to orgtui.",
        crate::text::safe(&launch.account_name),
        launch.account,
        launch.role_arn,
        exp.map(|e| format!(", credentials valid until {e}"))
            .unwrap_or_default(),
    );
    let _ = out.flush();
    let mut cmd = Command::new(&shell);
    for var in REMOVED {
        cmd.env_remove(var);
    }
    cmd.envs(launch.env());
    let hint = launch.prompt_hint();
    // bash reads PS1 from ~/.bashrc, so it gets an rc file that sources that first and
    // then adds the hint; other shells take PS1 from the environment.
    let rcfile = if shell.rsplit('/').next() == Some("bash") {
        let path = bash_rcfile().map_err(|e| format!("cannot write bash's rc file: {e}"))?;
        cmd.env("ORGTUI_PROMPT", &hint)
            .arg("--rcfile")
            .arg(&path)
            .arg("-i");
        Some(path)
    } else {
        let ps1 = std::env::var("PS1").unwrap_or_else(|_| "$ ".into());
        cmd.env("PS1", format!("{hint}{ps1}"));
        None
    };
    let active = super::signals::Active::start();
    let status = cmd.status();
    drop(active);
    if let Some(path) = rcfile {
        let _ = std::fs::remove_file(path);
    }
    let status = status.map_err(|e| format!("cannot run {shell}: {e}"))?;
    Ok(match status.code() {
        Some(code) => format!("exit status {code}"),
        None => "ended by a signal".into(),
    })
}

/// A private rc file for bash: the user's ~/.bashrc, then the prompt hint.
fn bash_rcfile() -> io::Result<PathBuf> {
    use std::os::unix::fs::OpenOptionsExt;
    let path = std::env::temp_dir().join(format!(
        "orgtui-bashrc-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)?;
    f.write_all(b"[ -f ~/.bashrc ] && . ~/.bashrc\nPS1=\"${ORGTUI_PROMPT}${PS1:-\\s-\\v\\$ }\"\n")?;
    Ok(path)
}
