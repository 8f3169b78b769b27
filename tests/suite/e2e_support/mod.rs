//! End-to-end support: runs the real `orgtui` binary in a pseudo-terminal, feeds what it
//! prints into a `vt100` screen, types keys, and waits (always bounded) for text to appear.
//! Also seeds an organization on moto_server through the real SDK wrapper (with the shared
//! helpers of tests/support/seed.rs).

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, CommandBuilder, MasterPty, PtySize};

use orgtui::org::{AwsBackend, NewPolicy, OrgBackend, PolicyAdmin, PolicyType};

use crate::support::seed::{self, ok};

/// How long any single wait may take before the test fails.
pub const WAIT: Duration = Duration::from_secs(15);

pub const ROWS: u16 = 40;
pub const COLS: u16 = 120;

const POLL: Duration = Duration::from_millis(20);

type Writer = Arc<Mutex<Box<dyn Write + Send>>>;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The `orgtui` binary running in a pty of `COLS`x`ROWS`.
pub struct Tui {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Writer,
    eof: Arc<AtomicBool>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    log: PathBuf,
    /// Keeps HOME (and the log) alive as long as the process runs.
    _home: tempfile::TempDir,
}

impl Tui {
    /// Starts `orgtui --endpoint-url <endpoint> --log-file <home>/orgtui.log`.
    pub fn start(endpoint: &str) -> Tui {
        Tui::start_with(&["--endpoint-url", endpoint])
    }

    /// Starts `orgtui <args> --log-file <home>/orgtui.log` in a clean environment whose HOME
    /// is a fresh temporary directory.
    pub fn start_with(args: &[&str]) -> Tui {
        Tui::start_with_env(args, &[])
    }

    /// `start_with`, with `env` added to (or replacing parts of) the clean environment.
    pub fn start_with_env(args: &[&str], env: &[(&str, &str)]) -> Tui {
        let home = tempfile::tempdir().expect("a temporary HOME");
        let log = home.path().join("orgtui.log");
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_orgtui"));
        cmd.args(args);
        cmd.arg("--log-file");
        cmd.arg(&log);
        cmd.cwd(home.path());
        for (k, v) in clean_env(home.path()) {
            cmd.env(k, v);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pty
            .slave
            .spawn_command(cmd)
            .expect("spawn orgtui in the pty");
        // Only the child holds the slave end now, so reads see EOF once it exits.
        drop(pty.slave);

        let parser = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let writer: Writer = Arc::new(Mutex::new(
            pty.master.take_writer().expect("the pty's writer"),
        ));
        let eof = Arc::new(AtomicBool::new(false));
        let mut reader = pty.master.try_clone_reader().expect("the pty's reader");
        {
            let parser = Arc::clone(&parser);
            let writer = Arc::clone(&writer);
            let eof = Arc::clone(&eof);
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                loop {
                    match reader.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            let bytes = &buf[..n];
                            let mut p = lock(&parser);
                            p.process(bytes);
                            // Answer cursor position queries like a terminal would.
                            if bytes.windows(4).any(|w| w == b"\x1b[6n") {
                                let (row, col) = p.screen().cursor_position();
                                let answer = format!("\x1b[{};{}R", row + 1, col + 1);
                                drop(p);
                                let mut w = lock(&writer);
                                let _ = w.write_all(answer.as_bytes());
                                let _ = w.flush();
                            }
                        }
                    }
                }
                eof.store(true, Ordering::SeqCst);
            });
        }
        Tui {
            parser,
            writer,
            eof,
            child,
            _master: pty.master,
            log,
            _home: home,
        }
    }

    /// The whole screen as text, one line per row.
    pub fn screen(&self) -> String {
        lock(&self.parser).screen().contents()
    }

    /// Runs `f` on the current screen.
    pub fn with_screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(lock(&self.parser).screen())
    }

    /// Types `keys` (raw bytes: "j", "\r" Enter, "\x1b[C" Right, "\t" Tab...).
    pub fn send(&self, keys: &str) {
        let mut w = lock(&self.writer);
        w.write_all(keys.as_bytes()).expect("write keys to the pty");
        w.flush().expect("flush keys to the pty");
    }

    /// Waits until the screen contains `text`; panics showing the screen otherwise.
    pub fn wait_for(&self, text: &str) {
        self.wait_for_within(text, WAIT);
    }

    /// `wait_for` with a timeout of its own.
    pub fn wait_for_within(&self, text: &str, timeout: Duration) {
        self.wait_until_within(&format!("the screen to show {text:?}"), timeout, |s| {
            s.contents().contains(text)
        });
    }

    /// Waits until `ok` holds for the screen; panics with `what` and the screen otherwise.
    pub fn wait_until(&self, what: &str, ok: impl FnMut(&vt100::Screen) -> bool) {
        self.wait_until_within(what, WAIT, ok);
    }

    fn wait_until_within(
        &self,
        what: &str,
        timeout: Duration,
        mut ok: impl FnMut(&vt100::Screen) -> bool,
    ) {
        let deadline = Instant::now() + timeout;
        loop {
            if self.with_screen(&mut ok) {
                return;
            }
            if Instant::now() > deadline {
                self.fail(&format!("timed out after {timeout:?} waiting for {what}"));
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until the highlighted row contains `text`.
    pub fn wait_selected(&self, text: &str) {
        self.wait_until(&format!("the selected row to contain {text:?}"), |s| {
            selected_line(s).is_some_and(|l| l.contains(text))
        });
    }

    /// Presses `j` until the highlighted row contains `text` (at most `max` times).
    pub fn move_down_to(&self, text: &str, max: usize) {
        for _ in 0..max {
            let now = self.with_screen(selected_line);
            if now.as_deref().is_some_and(|l| l.contains(text)) {
                return;
            }
            self.send("j");
            self.wait_until("the selection to move down", |s| selected_line(s) != now);
        }
        self.wait_selected(text);
    }

    /// Waits for the process to exit and for its last output to be read; returns its
    /// exit status.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + WAIT;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => {
                    while !self.output_closed() {
                        if Instant::now() > deadline {
                            self.fail("orgtui exited but its output did not end");
                        }
                        std::thread::sleep(POLL);
                    }
                    return status;
                }
                Ok(None) => {}
                Err(e) => self.fail(&format!("cannot wait for orgtui: {e}")),
            }
            if Instant::now() > deadline {
                self.fail(&format!("orgtui did not exit within {WAIT:?}"));
            }
            std::thread::sleep(POLL);
        }
    }

    /// Whether the program left the alternate screen (the terminal was restored).
    pub fn in_alternate_screen(&self) -> bool {
        self.with_screen(|s| s.alternate_screen())
    }

    /// Whether the pty has reported end of output (the process and its children are gone).
    pub fn output_closed(&self) -> bool {
        self.eof.load(Ordering::SeqCst)
    }

    /// Panics with `why`, the screen and the end of orgtui's log.
    pub fn fail(&self, why: &str) -> ! {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(15).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        panic!(
            "{why}\n--- screen ({COLS}x{ROWS}) ---\n{}\n--- end of screen ---\n--- orgtui.log (tail) ---\n{}",
            framed(&self.screen()),
            tail.join("\n")
        );
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn framed(screen: &str) -> String {
    screen
        .lines()
        .map(|l| format!("|{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The environment the binary runs in: nothing from the user's AWS setup or files.
pub fn clean_env(home: &Path) -> Vec<(String, String)> {
    let mut env = vec![
        ("HOME".to_string(), home.display().to_string()),
        ("TERM".to_string(), "xterm-256color".to_string()),
        ("LANG".to_string(), "C.UTF-8".to_string()),
        ("AWS_ACCESS_KEY_ID".to_string(), "test".to_string()),
        ("AWS_SECRET_ACCESS_KEY".to_string(), "test".to_string()),
        ("AWS_REGION".to_string(), "us-east-1".to_string()),
        ("AWS_EC2_METADATA_DISABLED".to_string(), "true".to_string()),
        (
            "AWS_CONFIG_FILE".to_string(),
            home.join("aws-config").display().to_string(),
        ),
        (
            "AWS_SHARED_CREDENTIALS_FILE".to_string(),
            home.join("aws-credentials").display().to_string(),
        ),
    ];
    // Config, audit log, log file and snapshot cache of each run stay in its own HOME,
    // whatever the machine's XDG variables say.
    for (var, dir) in [
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_CACHE_HOME", ".cache"),
    ] {
        env.push((var.to_string(), home.join(dir).display().to_string()));
    }
    if let Ok(path) = std::env::var("PATH") {
        env.push(("PATH".to_string(), path));
    }
    env
}

/// The row of the screen whose cells carry the focused selection's background (blue in the
/// 16-colour theme), as text.
pub fn selected_line(s: &vt100::Screen) -> Option<String> {
    let (rows, cols) = s.size();
    (1..rows.saturating_sub(1)).find_map(|row| {
        let highlighted = (0..cols).any(|col| {
            s.cell(row, col)
                .is_some_and(|c| c.bgcolor() == vt100::Color::Idx(4))
        });
        highlighted.then(|| row_text(s, row))
    })
}

pub fn row_text(s: &vt100::Screen, row: u16) -> String {
    let (_, cols) = s.size();
    s.rows(0, cols).nth(row as usize).unwrap_or_default()
}

/// Where `text` starts on the screen: (row, column of each of its characters).
pub fn find_cells(s: &vt100::Screen, text: &str) -> Option<(u16, Vec<u16>)> {
    let (rows, cols) = s.size();
    let want: Vec<char> = text.chars().collect();
    for row in 0..rows {
        // One entry per character shown, with the column of the cell it is in.
        let mut chars: Vec<(char, u16)> = Vec::new();
        for col in 0..cols {
            if let Some(cell) = s.cell(row, col) {
                if cell.is_wide_continuation() {
                    continue;
                }
                let contents = cell.contents();
                if contents.is_empty() {
                    chars.push((' ', col));
                } else {
                    chars.extend(contents.chars().map(|c| (c, col)));
                }
            }
        }
        if want.is_empty() || chars.len() < want.len() {
            continue;
        }
        for start in 0..=chars.len() - want.len() {
            if chars[start..start + want.len()]
                .iter()
                .zip(&want)
                .all(|((c, _), w)| c == w)
            {
                let at = chars[start..start + want.len()]
                    .iter()
                    .map(|&(_, col)| col)
                    .collect();
                return Some((row, at));
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Seeding moto through the real SDK wrapper.

pub use crate::support::seed::SCP_DENY_LEAVE;

/// An organization being seeded on moto's default account (the one the binary uses).
pub struct Seed {
    pub backend: AwsBackend,
    pub root: String,
    /// Name → id of everything created.
    pub ids: BTreeMap<String, String>,
}

impl Seed {
    /// Creates an organization with all features and enables SCPs on its root.
    pub async fn organization(endpoint: &str) -> Seed {
        let backend = AwsBackend::for_emulator(endpoint, None);
        let (_, root) = seed::new_org(&backend).await;
        let root = root.id;
        seed::enable_scps(&backend, &root).await;
        Seed {
            backend,
            root,
            ids: BTreeMap::new(),
        }
    }

    pub fn id(&self, name: &str) -> &str {
        self.ids
            .get(name)
            .unwrap_or_else(|| panic!("nothing named {name:?} was seeded"))
    }

    /// Creates an OU under `parent` (a name seeded before, or the root when None).
    pub async fn ou(&mut self, parent: Option<&str>, name: &str) -> String {
        let parent = self.parent_id(parent);
        let ou = seed::new_ou(&self.backend, &parent, name).await;
        self.ids.insert(name.to_string(), ou.id.clone());
        ou.id
    }

    /// Creates an account (waiting, bounded, until it exists) and moves it into `parent`.
    pub async fn account(&mut self, parent: Option<&str>, name: &str, email: &str) -> String {
        let id = seed::new_account_with_email(&self.backend, name, email).await;
        let parent = self.parent_id(parent);
        seed::move_from_root(&self.backend, &id, &self.root, &parent).await;
        self.ids.insert(name.to_string(), id.clone());
        id
    }

    /// Creates an SCP and attaches it to `target` (a seeded name, or the root when None).
    pub async fn scp(&mut self, name: &str, content: &str, target: Option<&str>) -> String {
        let p = ok(
            "create_policy",
            self.backend
                .create_policy(&NewPolicy::new(
                    name,
                    "seeded by the e2e tests",
                    content,
                    &PolicyType::ServiceControl,
                ))
                .await,
        );
        let target = self.parent_id(target);
        ok(
            "attach_policy",
            self.backend.attach_policy(&p.id, &target).await,
        );
        self.ids.insert(name.to_string(), p.id.clone());
        p.id
    }

    fn parent_id(&self, name: Option<&str>) -> String {
        match name {
            None => self.root.clone(),
            Some(n) => self.id(n).to_string(),
        }
    }
}

/// A small tokio runtime for seeding from a synchronous test.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}
