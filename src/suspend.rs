//! Handing the terminal to another program ($VISUAL/$EDITOR) and taking it back: terminal
//! input is paused so the program gets every key, raw mode and the alternate screen are
//! left and restored, and the screen is redrawn afterwards.

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::crossterm::{cursor, execute};

/// How often the input thread looks at the pause flag while no key arrives.
pub const INPUT_POLL: Duration = Duration::from_millis(25);

/// Set while another program owns the terminal: the input thread then reads nothing.
/// Knows whether mouse reporting is on, to turn it off for the program and on again.
#[derive(Clone, Default)]
pub struct InputPause(Arc<AtomicBool>, bool);

impl InputPause {
    pub fn new(mouse: bool) -> Self {
        InputPause(Arc::default(), mouse)
    }

    pub fn is_paused(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Runs `f` with the terminal handed back to the shell's normal mode, then takes it again.
pub fn suspended<R>(
    terminal: &mut ratatui::DefaultTerminal,
    pause: &InputPause,
    f: impl FnOnce() -> R,
) -> R {
    pause.0.store(true, Ordering::SeqCst);
    // The input thread notices within one poll and stops reading.
    std::thread::sleep(INPUT_POLL * 2);
    let mut out = std::io::stdout();
    if pause.1 {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
    let result = f();
    let _ = enable_raw_mode();
    let _ = execute!(
        out,
        EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide
    );
    if pause.1 {
        let _ = execute!(out, EnableMouseCapture);
    }
    let _ = terminal.clear();
    pause.0.store(false, Ordering::SeqCst);
    result
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
fn write_private(path: &PathBuf, text: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")
}
