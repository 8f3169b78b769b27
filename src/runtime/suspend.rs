//! Handing the terminal to another program ($SHELL for `s`, $VISUAL/$EDITOR for policies)
//! and taking it back: terminal input is paused so the program gets every key, raw mode and
//! the alternate screen are left and restored.

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

/// How often the input thread looks whether it should pause (input itself is read at
/// once; this only bounds how long a pause waits, and the wake-ups while idle).
const POLL: Duration = Duration::from_millis(100);
/// How long a pause waits for the input thread to stop reading.
const PAUSE_WAIT: Duration = Duration::from_secs(1);

const RUNNING: u8 = 0;
const PAUSE_ASKED: u8 = 1;
const PAUSED: u8 = 2;

/// Lets the main loop stop the input thread from reading the terminal while another
/// program has it. One for the process, as crossterm's event source is.
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

/// Hands the terminal to another program for `f` (the input thread paused, the main
/// screen in cooked mode, no paste or mouse reports), then takes it back; `f`'s answer, or
/// why the terminal could not be handed over or taken back. The caller redraws everything.
pub fn handed_over<R>(
    terminal: Terminal,
    f: impl FnOnce() -> Result<R, String>,
) -> Result<R, String> {
    let input = InputPause::global();
    input.pause();
    let ran = suspend().map_err(|e| format!("cannot hand over the terminal: {e}"));
    let ran = ran.and_then(|()| f());
    let resumed = resume(terminal);
    input.resume();
    let answer = ran?;
    resumed.map_err(|e| format!("the terminal was not restored: {e}"))?;
    Ok(answer)
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

/// `aws sso login --profile PROFILE` in the terminal (it prints a code and opens a
/// browser, or says where to go): whether it signed in.
pub fn sso_login(profile: &str) -> Result<(), String> {
    let status = Command::new("aws")
        .args(["sso", "login", "--profile", profile])
        .status();
    match status {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("it exited with {s}; still signed out")),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            Err("the AWS CLI (aws) is not installed here; sign in elsewhere, then r".into())
        }
        Err(e) => Err(format!("cannot run aws: {e}")),
    }
}

/// The editor people chose: $VISUAL, then $EDITOR, then vi.
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".into())
}

/// Edits `text` in `editor` (a shell command line, so "code -w" works) through a private
/// temporary file; the file's text after the editor exits successfully.
pub fn edit_text(editor: &str, text: &str) -> Result<String, String> {
    let path = temp_path();
    write_private(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(&path)
        .status();
    let result = match status {
        Ok(s) if s.success() => {
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
        }
        Ok(s) => Err(format!(
            "{editor} exited with {s}; the document was not changed"
        )),
        Err(e) => Err(format!("cannot run {editor}: {e}")),
    };
    let _ = std::fs::remove_file(&path);
    result
}

fn temp_path() -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    std::env::temp_dir().join(format!("orgtui-policy-{}-{nanos}.json", std::process::id()))
}

/// Policies can be sensitive: the file is readable by its owner only.
fn write_private(path: &PathBuf, text: &str) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")
}
