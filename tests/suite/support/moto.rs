//! Starts and stops `moto_server`, the AWS emulator the contract tests run against.
//!
//! The binary is `$ORGTUI_MOTO_SERVER`, else `<repo>/.venv-moto/bin/moto_server`
//! (made by `scripts/moto-venv.sh`). The server runs under a small `sh` watchdog that
//! kills it as soon as the test process is gone, so no moto_server outlives the tests,
//! even the shared one that is never dropped or a run killed with SIGKILL.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const READY_TIMEOUT: Duration = Duration::from_secs(20);

/// Kills the server (`$2`) when the test process (`$1`) is gone; prints the server pid first.
const WATCHDOG: &str = r#"
test_pid="$1"; shift
"$@" >&2 &
server=$!
echo "$server"
while kill -0 "$test_pid" 2>/dev/null && kill -0 "$server" 2>/dev/null; do
    sleep 0.3
done
kill "$server" 2>/dev/null
sleep 1
kill -9 "$server" 2>/dev/null
exit 0
"#;

pub struct Moto {
    port: u16,
    server_pid: u32,
    watchdog: Child,
    log: PathBuf,
}

impl Moto {
    /// One server for the whole test binary; tests isolate themselves with
    /// `x-moto-account-id` (see `unique_account_id`).
    pub fn shared() -> &'static Moto {
        static SHARED: OnceLock<Moto> = OnceLock::new();
        SHARED.get_or_init(Moto::start)
    }

    /// Starts a fresh server on a free port and waits until it answers. Panics with
    /// instructions when moto_server is missing or does not come up.
    pub fn start() -> Moto {
        let bin = server_binary();
        if !bin.is_file() {
            panic!(
                "moto_server not found at {}.\n\
                 The contract tests need the AWS emulator moto: run `scripts/moto-venv.sh` \
                 (creates .venv-moto with moto[server]==5.2.5), or set ORGTUI_MOTO_SERVER \
                 to a moto_server binary.",
                bin.display()
            );
        }
        let mut last_err = String::new();
        // A free port can be taken between probing and binding: try a few.
        for _ in 0..3 {
            match Moto::try_start(&bin) {
                Ok(m) => return m,
                Err(e) => last_err = e,
            }
        }
        panic!(
            "moto_server ({}) did not come up: {last_err}\n\
             Re-run `scripts/moto-venv.sh` to (re)install moto[server]==5.2.5, \
             or set ORGTUI_MOTO_SERVER to a working moto_server.",
            bin.display()
        );
    }

    fn try_start(bin: &std::path::Path) -> Result<Moto, String> {
        let port = free_port()?;
        let log =
            std::env::temp_dir().join(format!("orgtui-moto-{}-{port}.log", std::process::id()));
        let log_file = std::fs::File::create(&log).map_err(|e| format!("log file: {e}"))?;
        let log_err = log_file.try_clone().map_err(|e| format!("log file: {e}"))?;
        let mut watchdog = Command::new("sh")
            .arg("-c")
            .arg(WATCHDOG)
            .arg("moto-watchdog")
            .arg(std::process::id().to_string())
            .arg(bin)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log_err)
            .spawn()
            .map_err(|e| format!("could not run sh: {e}"))?;
        drop(log_file);
        let server_pid = read_pid(&mut watchdog)?;
        let mut moto = Moto {
            port,
            server_pid,
            watchdog,
            log,
        };
        let deadline = Instant::now() + READY_TIMEOUT;
        loop {
            if moto.answers() {
                return Ok(moto);
            }
            if let Ok(Some(_)) = moto.watchdog.try_wait() {
                return Err(format!("it exited early; log:\n{}", moto.log_tail()));
            }
            if Instant::now() > deadline {
                let tail = moto.log_tail();
                return Err(format!(
                    "no answer on port {port} within {READY_TIMEOUT:?}; log:\n{tail}"
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The endpoint URL to give the SDK.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Whether `GET /moto-api/` gets an HTTP answer.
    fn answers(&self) -> bool {
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let Ok(mut s) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) else {
            return false;
        };
        let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
        let _ = s.set_write_timeout(Some(Duration::from_secs(2)));
        let req = format!(
            "GET /moto-api/ HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        );
        if s.write_all(req.as_bytes()).is_err() {
            return false;
        }
        let mut head = [0u8; 12];
        let mut got = 0;
        while got < head.len() {
            match s.read(&mut head[got..]) {
                Ok(0) | Err(_) => break,
                Ok(n) => got += n,
            }
        }
        head[..got].starts_with(b"HTTP/1.")
    }

    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg(self.server_pid.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.watchdog.kill();
        let _ = self.watchdog.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

fn server_binary() -> PathBuf {
    match std::env::var_os("ORGTUI_MOTO_SERVER") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv-moto/bin/moto_server"),
    }
}

fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    l.local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// The watchdog prints the server's pid on its first line.
fn read_pid(watchdog: &mut Child) -> Result<u32, String> {
    let out = watchdog
        .stdout
        .as_mut()
        .ok_or_else(|| "watchdog has no stdout".to_string())?;
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while line.len() < 32 {
        match out.read(&mut byte) {
            Ok(1) if byte[0] == b'\n' => break,
            Ok(1) => line.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&line)
        .trim()
        .parse()
        .map_err(|_| "the watchdog did not report the server pid".to_string())
}
