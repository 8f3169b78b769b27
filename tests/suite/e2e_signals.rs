//! End-to-end: a signal from outside (SIGTERM, SIGHUP, SIGINT, SIGQUIT) ends `orgtui --demo`
//! running in a pty with the terminal restored (alternate screen left, cursor shown, raw
//! mode off) and the conventional exit status 128 + the signal number.

// Only `clean_env` is used here; the rest of these shared modules is for other tests.
#[allow(dead_code, unused_imports)]
use crate::e2e_support;
#[allow(unused_imports)]
use crate::support;

use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};

const WAIT: Duration = Duration::from_secs(15);
const LEAVE_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049l";
const ENTER_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049h";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// `orgtui --demo` in a pty, with every byte it wrote kept raw and fed to a screen.
struct Demo {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    bytes: Arc<Mutex<Vec<u8>>>,
    screen: Arc<Mutex<vt100::Parser>>,
    eof: Arc<AtomicBool>,
    _home: tempfile::TempDir,
}

impl Demo {
    fn start() -> Demo {
        let home = tempfile::tempdir().expect("a temporary HOME");
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_orgtui"));
        cmd.args(["--demo", "--log-file"]);
        cmd.arg(home.path().join("orgtui.log"));
        cmd.cwd(home.path());
        for (k, v) in e2e_support::clean_env(home.path()) {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn orgtui");
        drop(pty.slave);
        let bytes = Arc::new(Mutex::new(Vec::new()));
        let screen = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
        let eof = Arc::new(AtomicBool::new(false));
        let mut reader = pty.master.try_clone_reader().expect("the pty's reader");
        let mut writer = pty.master.take_writer().expect("the pty's writer");
        {
            let (bytes, screen, eof) = (bytes.clone(), screen.clone(), eof.clone());
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                while let Ok(n @ 1..) = reader.read(&mut buf) {
                    lock(&bytes).extend_from_slice(&buf[..n]);
                    let mut s = lock(&screen);
                    s.process(&buf[..n]);
                    // Answer cursor position queries as a terminal would.
                    if contains(&buf[..n], b"\x1b[6n") {
                        let (row, col) = s.screen().cursor_position();
                        let _ = write!(writer, "\x1b[{};{}R", row + 1, col + 1);
                        let _ = writer.flush();
                    }
                }
                eof.store(true, Ordering::SeqCst);
            });
        }
        Demo {
            child,
            master: pty.master,
            bytes,
            screen,
            eof,
            _home: home,
        }
    }

    fn wait_until(&self, what: &str, mut ok: impl FnMut(&Demo) -> bool) {
        let deadline = Instant::now() + WAIT;
        while !ok(self) {
            if Instant::now() > deadline {
                let screen = lock(&self.screen).screen().contents();
                panic!("timed out after {WAIT:?} waiting for {what}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn output_len(&self) -> usize {
        lock(&self.bytes).len()
    }

    fn signal(&self, name: &str) {
        let pid = self.child.process_id().expect("orgtui's pid").to_string();
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &pid])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} {pid} failed");
    }

    /// Waits (bounded) for the exit and the end of the output; returns the exit code.
    fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for orgtui") {
                self.wait_until("the end of the output", |d| d.eof.load(Ordering::SeqCst));
                return status.exit_code();
            }
            assert!(Instant::now() < deadline, "orgtui did not exit in {WAIT:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Whether the pty is in cooked mode again: canonical input and echo on.
    fn cooked(&self) -> bool {
        let fd = self.master.as_raw_fd().expect("the pty's descriptor");
        // SAFETY: `termios` is plain data that tcgetattr fills in; `fd` stays open (owned by
        // `self.master`) for the duration of the call.
        let mut termios: libc::termios = unsafe { std::mem::zeroed() };
        let got = unsafe { libc::tcgetattr(fd, &mut termios) };
        assert_eq!(got, 0, "tcgetattr on the pty failed");
        termios.c_lflag & libc::ICANON != 0 && termios.c_lflag & libc::ECHO != 0
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Starts the demo, waits for its first frame, sends `signal`, and checks the restore.
fn ends_cleanly_on(signal: &str, number: u32) {
    let mut demo = Demo::start();
    demo.wait_until("the first frame", |d| {
        contains(&lock(&d.bytes), ENTER_ALTERNATE_SCREEN)
            && lock(&d.screen).screen().contents().contains("Root")
    });
    assert!(!demo.cooked(), "orgtui should run in raw mode");
    let before = demo.output_len();
    demo.signal(signal);
    let code = demo.wait_exit();

    let bytes = lock(&demo.bytes).clone();
    let after = &bytes[before..];
    assert!(
        contains(after, LEAVE_ALTERNATE_SCREEN),
        "no leave-alternate-screen after {signal}: {:?}",
        String::from_utf8_lossy(after)
    );
    assert!(
        contains(after, SHOW_CURSOR),
        "no show-cursor after {signal}: {:?}",
        String::from_utf8_lossy(after)
    );
    {
        let parser = lock(&demo.screen);
        assert!(!parser.screen().alternate_screen());
        assert!(!parser.screen().hide_cursor());
    }
    assert!(
        demo.cooked(),
        "the terminal is still in raw mode after {signal}"
    );
    assert_eq!(code, 128 + number, "exit status after {signal}");
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    ends_cleanly_on("TERM", 15);
}

#[test]
fn sighup_restores_the_terminal_and_exits_129() {
    ends_cleanly_on("HUP", 1);
}

#[test]
fn sigint_from_outside_restores_the_terminal_and_exits_130() {
    ends_cleanly_on("INT", 2);
}

#[test]
fn sigquit_restores_the_terminal_and_exits_131() {
    ends_cleanly_on("QUIT", 3);
}
