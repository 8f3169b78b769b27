//! The audit log: JSON lines, two per change — an attempt before it is sent and its
//! outcome after (time, id, caller, operation, parameters, outcome, error code) — appended
//! and flushed to a file in the user's state directory. The caller is the principal's ARN
//! (STS GetCallerIdentity), or the management account's id until STS has answered.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::org::OrgError;
use crate::time::now_rfc3339;

/// An "attempt" line is written (and flushed) before a change is sent, an "outcome" line
/// after; both carry the same id, so an attempt without an outcome is a change whose fate
/// is unknown (orgtui was killed, the machine stopped).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Attempt,
    Outcome,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AuditEntry {
    pub time: String,
    pub id: String,
    pub phase: Phase,
    pub caller: String,
    pub operation: String,
    pub parameters: serde_json::Value,
    /// On outcome lines: "success" or "failure".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// The outcome was found by re-reading after the reply was lost or ambiguous.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reconciled: bool,
}

impl AuditEntry {
    /// A line for any call orgtui audits (changes, and AssumeRole, which changes nothing
    /// in the organization but hands out credentials in it). `caller` is the principal's
    /// ARN when STS told it, else the management account's id.
    pub fn for_call(
        id: &str,
        phase: Phase,
        caller: &str,
        operation: &str,
        parameters: serde_json::Value,
        outcome: Option<&Result<(), OrgError>>,
    ) -> Self {
        let err = outcome.and_then(|o| o.as_ref().err());
        AuditEntry {
            time: now_rfc3339(),
            id: id.to_string(),
            phase,
            caller: caller.to_string(),
            operation: operation.to_string(),
            parameters,
            outcome: outcome.map(|o| {
                match o {
                    Ok(()) => "success",
                    // Still open: the next start settles it by a re-read.
                    Err(e) if e.is_unknown_outcome() => "unknown",
                    Err(_) => "failure",
                }
                .to_string()
            }),
            error_code: err.map(|e| e.code.clone()),
            error_message: err.map(|e| e.message.clone()),
            reconciled: false,
        }
    }

    /// The outcome was found by re-reading (the reply was lost or ambiguous).
    pub fn reconciled(self, reconciled: bool) -> Self {
        AuditEntry { reconciled, ..self }
    }
}

/// How much of the end of the log is read at start: enough for many thousands of changes,
/// and a bound on the time and memory a huge or endless file can take.
const TAIL: u64 = 8 << 20;
/// Lines longer than this are skipped unread (a line is well under a few KiB; a policy's
/// text in its parameters is at most tens of KiB).
const MAX_LINE: usize = 1 << 20;

/// Attempts in the log at `path` that have no outcome line, or whose last outcome line says
/// "unknown": changes an earlier run sent (or was about to send) without learning what
/// happened. Only the last 8 MiB of the log
/// are read, and only if it is a regular file (not a device, fifo or directory: then why
/// is logged as a warning); unreadable and over-long lines are skipped.
pub fn unfinished(path: &Path) -> Vec<AuditEntry> {
    let (entries, warning) = read_unfinished(path, TAIL, MAX_LINE);
    if let Some(warning) = warning {
        tracing::warn!(path = %path.display(), "{warning}");
    }
    entries
}

/// `unfinished`, reading at most the last `tail` bytes and lines of at most `max_line`
/// bytes; the warning says why the log was not read.
fn read_unfinished(path: &Path, tail: u64, max_line: usize) -> (Vec<AuditEntry>, Option<String>) {
    let file = match open_regular(path) {
        Ok(Some(file)) => file,
        Ok(None) => return (Vec::new(), None),
        Err(why) => return (Vec::new(), Some(why)),
    };
    let entries = match read_tail(file, tail, max_line) {
        Ok(entries) => entries,
        Err(e) => {
            return (
                Vec::new(),
                Some(format!("the audit log could not be read: {e}")),
            )
        }
    };
    // An outcome line that says "unknown" leaves the change open; a later one settles it.
    let mut finished = std::collections::HashSet::new();
    for e in entries.iter().filter(|e| e.phase == Phase::Outcome) {
        if e.outcome.as_deref() == Some("unknown") {
            finished.remove(e.id.as_str());
        } else {
            finished.insert(e.id.as_str());
        }
    }
    let open = entries
        .iter()
        .filter(|e| e.phase == Phase::Attempt && !finished.contains(e.id.as_str()))
        .cloned()
        .collect();
    (open, None)
}

/// The log opened for reading if it is a regular file; None if there is none yet.
/// Checked before opening (opening a fifo waits for a writer) and again after.
fn open_regular(path: &Path) -> Result<Option<File>, String> {
    let not_regular = || {
        "the audit log is not a regular file (a device, fifo or directory); \
         changes an earlier run left unfinished are not looked for"
            .to_string()
    };
    let unreadable = |e: io::Error| format!("the audit log could not be read: {e}");
    match std::fs::metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(unreadable(e)),
        Ok(m) if !m.is_file() => return Err(not_regular()),
        Ok(_) => {}
    }
    let file = File::open(path).map_err(unreadable)?;
    if !file.metadata().map_err(unreadable)?.is_file() {
        return Err(not_regular());
    }
    Ok(Some(file))
}

/// The entries in the last `tail` bytes of `file` (as long as it was when looked at),
/// from the first whole line on; lines longer than `max_line` are skipped.
fn read_tail(mut file: File, tail: u64, max_line: usize) -> io::Result<Vec<AuditEntry>> {
    let len = file.metadata()?.len();
    let start = len.saturating_sub(tail);
    // From the byte before `start`: the part up to the first newline is skipped, which is
    // just that newline if a line starts at `start`.
    let from = start.saturating_sub(1);
    file.seek(SeekFrom::Start(from))?;
    let mut reader = BufReader::new(file.take(len - from));
    let mut line = Vec::new();
    let mut entries = Vec::new();
    let mut first = start > 0;
    loop {
        let Some(whole) = read_line(&mut reader, &mut line, max_line)? else {
            return Ok(entries);
        };
        if std::mem::take(&mut first) || !whole {
            continue;
        }
        if let Ok(e) = serde_json::from_slice(&line) {
            entries.push(e);
        }
    }
}

/// Reads the next line (without its newline) into `line`: None at the end, Some(false) if
/// it was longer than `max_line` (then `line` holds only its start).
fn read_line(
    r: &mut impl BufRead,
    line: &mut Vec<u8>,
    max_line: usize,
) -> io::Result<Option<bool>> {
    line.clear();
    let mut any = false;
    let mut fits = true;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(any.then_some(fits));
        }
        any = true;
        let (part, used, ends) = match buf.iter().position(|b| *b == b'\n') {
            Some(i) => (&buf[..i], i + 1, true),
            None => (buf, buf.len(), false),
        };
        if fits && line.len() + part.len() <= max_line {
            line.extend_from_slice(part);
        } else {
            fits = false;
        }
        r.consume(used);
        if ends {
            return Ok(Some(fits));
        }
    }
}

pub struct AuditLog {
    path: PathBuf,
    file: Mutex<Option<File>>,
}

impl AuditLog {
    /// `$XDG_STATE_HOME/orgtui/audit.jsonl`, else `~/.local/state/orgtui/audit.jsonl`.
    pub fn default_path() -> Option<PathBuf> {
        crate::paths::state_dir().map(|d| d.join("audit.jsonl"))
    }

    /// The file is opened on the first write, so a read-only session never creates it.
    pub fn new(path: PathBuf) -> AuditLog {
        AuditLog {
            path,
            file: Mutex::new(None),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line; the error says why the entry could not be written. A line is
    /// whole or not there: a write that fails part-way (a full disk) is cut back off, and
    /// if the file ends inside a line (cut by a crash), the new one starts on the next.
    pub fn record(&self, entry: &AuditEntry) -> Result<(), String> {
        let line = serde_json::to_string(entry).map_err(|e| e.to_string())?;
        let mut guard = self
            .file
            .lock()
            .map_err(|_| "audit log lock poisoned".to_string())?;
        if guard.is_none() {
            // Read too: whether the file ends inside a line is looked at before each write.
            let (file, note) = crate::paths::open_private(
                &self.path,
                OpenOptions::new().create(true).read(true).append(true),
            )
            .map_err(|e| format!("{}: {e}", self.path.display()))?;
            if let Some(note) = note {
                tracing::warn!("{note}");
            }
            *guard = Some(file);
        }
        let file = guard.as_mut().ok_or("audit log not open")?;
        append_line(file, &line).map_err(|e| format!("{}: {e}", self.path.display()))
    }
}

/// What appending a line needs of the log file besides writing: where it ends, and cutting
/// it back. A seam, so that a test can stand in a disk that fills up part-way through a line.
trait Appender: Write {
    /// The length, and whether the last byte is not a newline (a line cut by a crash).
    fn end(&mut self) -> io::Result<(u64, bool)>;
    fn truncate(&mut self, len: u64) -> io::Result<()>;
}

impl Appender for File {
    fn end(&mut self) -> io::Result<(u64, bool)> {
        let len = self.metadata()?.len();
        if len == 0 {
            return Ok((0, false));
        }
        // Writes append whatever the position; this only moves where reads start.
        self.seek(SeekFrom::End(-1))?;
        let mut last = [0u8];
        self.read_exact(&mut last)?;
        Ok((len, last[0] != b'\n'))
    }

    fn truncate(&mut self, len: u64) -> io::Result<()> {
        self.set_len(len)
    }
}

/// Appends `line` and a newline in one write (after a newline if the file ends inside a
/// line). If the write fails part-way, the file is cut back to its length before it.
fn append_line(out: &mut impl Appender, line: &str) -> io::Result<()> {
    let (before, cut) = out.end()?;
    let mut bytes = Vec::with_capacity(line.len() + 2);
    if cut {
        bytes.push(b'\n');
    }
    bytes.extend_from_slice(line.as_bytes());
    bytes.push(b'\n');
    let Err(e) = out.write_all(&bytes).and_then(|()| out.flush()) else {
        return Ok(());
    };
    match out.truncate(before) {
        Ok(()) => Err(e),
        // The next write starts with a newline, as the file ends inside a line.
        Err(t) => Err(io::Error::new(
            e.kind(),
            format!("{e} (and the part written could not be cut off: {t})"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_json_lines_finds_unfinished_attempts_and_reports_failures() {
        let dir = tempfile_dir();
        let log = AuditLog::new(dir.join("nested").join("audit.jsonl"));
        let entry = |id, phase, outcome| move_account(id, phase, outcome);
        log.record(&entry("1", Phase::Attempt, None))
            .expect("write");
        log.record(&entry("1", Phase::Outcome, Some(&Ok(()))))
            .expect("write");
        log.record(&entry("2", Phase::Attempt, None))
            .expect("write");
        let text = std::fs::read_to_string(log.path()).expect("read back");
        assert_eq!(text.lines().count(), 3);
        let v: serde_json::Value =
            serde_json::from_str(text.lines().nth(1).unwrap_or("")).expect("json");
        assert_eq!(v["operation"], "MoveAccount");
        assert_eq!(v["phase"], "outcome");
        assert_eq!(v["outcome"], "success");
        assert_eq!(v["parameters"]["AccountId"], "222222222222");
        let open: Vec<String> = unfinished(log.path()).into_iter().map(|e| e.id).collect();
        assert_eq!(open, vec!["2".to_string()]);
        let _ = std::fs::remove_dir_all(&dir);
        // A path that cannot be created is an error, not silence.
        let bad = AuditLog::new(PathBuf::from("/proc/orgtui-cannot/audit.jsonl"));
        assert!(bad.record(&entry("3", Phase::Attempt, None)).is_err());
    }

    /// A MoveAccount line, as the change engine writes one.
    fn move_account(id: &str, phase: Phase, outcome: Option<&Result<(), OrgError>>) -> AuditEntry {
        let parameters = serde_json::json!({
            "AccountId": "222222222222",
            "SourceParentId": "r-ab12",
            "DestinationParentId": "ou-ab12-00000001"
        });
        AuditEntry::for_call(
            id,
            phase,
            "111111111111",
            "MoveAccount",
            parameters,
            outcome,
        )
    }

    fn line(id: &str, phase: Phase) -> String {
        let outcome = (phase == Phase::Outcome).then_some(Ok(()));
        serde_json::to_string(&move_account(id, phase, outcome.as_ref())).expect("json")
    }

    fn ids(entries: Vec<AuditEntry>) -> Vec<String> {
        entries.into_iter().map(|e| e.id).collect()
    }

    /// A disk with room for `room` more bytes; then every write fails with ENOSPC.
    struct FullDisk {
        data: Vec<u8>,
        room: usize,
    }

    impl Write for FullDisk {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 && !buf.is_empty() {
                return Err(io::Error::from_raw_os_error(libc::ENOSPC));
            }
            let n = buf.len().min(self.room);
            self.data.extend_from_slice(&buf[..n]);
            self.room -= n;
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Appender for FullDisk {
        fn end(&mut self) -> io::Result<(u64, bool)> {
            let cut = self.data.last().is_some_and(|b| *b != b'\n');
            Ok((self.data.len() as u64, cut))
        }

        fn truncate(&mut self, len: u64) -> io::Result<()> {
            self.data.truncate(usize::try_from(len).expect("small"));
            Ok(())
        }
    }

    #[test]
    fn a_line_the_disk_had_no_room_for_leaves_nothing_behind() {
        let attempt = format!("{}\n", line("1", Phase::Attempt));
        let mut disk = FullDisk {
            data: attempt.clone().into_bytes(),
            room: 37,
        };
        let err = append_line(&mut disk, &line("1", Phase::Outcome)).expect_err("disk full");
        assert_eq!(err.raw_os_error(), Some(libc::ENOSPC));
        assert_eq!(
            String::from_utf8_lossy(&disk.data),
            attempt,
            "no part of the outcome line is left"
        );
        // Room again: the outcome is a line of its own, and the change is finished.
        disk.room = usize::MAX;
        append_line(&mut disk, &line("1", Phase::Outcome)).expect("room");
        append_line(&mut disk, &line("2", Phase::Attempt)).expect("room");
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("audit.jsonl");
        std::fs::write(&path, &disk.data).expect("write");
        assert_eq!(ids(unfinished(&path)), vec!["2".to_string()]);
    }

    #[test]
    fn a_line_cut_by_an_earlier_crash_does_not_swallow_the_next() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("audit.jsonl");
        // The outcome of change 1 was cut at 37 bytes, with no newline.
        let outcome = line("1", Phase::Outcome);
        let cut = format!("{}\n{}", line("1", Phase::Attempt), &outcome[..37]);
        std::fs::write(&path, &cut).expect("write");
        let log = AuditLog::new(path.clone());
        let entry = |id, phase, outcome| move_account(id, phase, outcome).reconciled(true);
        log.record(&entry("2", Phase::Attempt, None))
            .expect("write");
        assert_eq!(
            ids(unfinished(&path)),
            vec!["1".to_string(), "2".to_string()]
        );
        log.record(&entry("1", Phase::Outcome, Some(&Ok(()))))
            .expect("write");
        assert_eq!(ids(unfinished(&path)), vec!["2".to_string()]);
        let text = std::fs::read_to_string(&path).expect("read back");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert_eq!(lines[1], &outcome[..37], "the cut line is left alone");
        assert!(text.ends_with('\n'));
    }

    /// Runs `unfinished(path)` in a thread; None if it took longer than two seconds.
    fn unfinished_promptly(path: &Path) -> Option<Vec<AuditEntry>> {
        let (tx, rx) = std::sync::mpsc::channel();
        let path = path.to_path_buf();
        std::thread::spawn(move || {
            let _ = tx.send(unfinished(&path));
        });
        rx.recv_timeout(std::time::Duration::from_secs(2)).ok()
    }

    #[test]
    fn a_device_fifo_or_directory_is_not_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
        for path in [
            Path::new("/dev/zero"),
            Path::new("/dev/full"),
            &fifo,
            dir.path(),
        ] {
            let found = unfinished_promptly(path);
            assert!(
                found.as_ref().is_some_and(Vec::is_empty),
                "{}: {:?}",
                path.display(),
                found.map(|f| f.len())
            );
        }
    }

    #[test]
    fn a_log_that_is_not_a_regular_file_says_why() {
        let (found, warning) = read_unfinished(Path::new("/dev/full"), TAIL, MAX_LINE);
        assert!(found.is_empty());
        assert!(warning.is_some_and(|w| w.contains("not a regular file")));
        let dir = tempfile::tempdir().expect("tempdir");
        let none = read_unfinished(&dir.path().join("none.jsonl"), TAIL, MAX_LINE);
        assert_eq!(none, (Vec::new(), None), "no log yet is no warning");
    }

    #[test]
    fn the_tail_starts_at_the_first_whole_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("audit.jsonl");
        let (a, b) = (line("1", Phase::Attempt), line("2", Phase::Attempt));
        std::fs::write(&path, format!("{a}\n{b}\n")).expect("write");
        let tail = |bytes: usize| ids(read_unfinished(&path, bytes as u64, MAX_LINE).0);
        // Exactly the second line: it is read whole.
        assert_eq!(tail(b.len() + 1), vec!["2".to_string()]);
        // One byte more: the first line's last byte, skipped with its line.
        assert_eq!(tail(b.len() + 2), vec!["2".to_string()]);
        // One byte less: a partial line, skipped.
        assert!(tail(b.len()).is_empty());
        assert_eq!(
            tail(usize::MAX >> 1),
            vec!["1".to_string(), "2".to_string()]
        );
        // A line longer than the bound is skipped, the next is read.
        let short = ids(read_unfinished(&path, TAIL, b.len().max(a.len()) - 1).0);
        assert!(short.is_empty());
    }

    /// More than the 8 MiB read of a log: filler lines that are not entries.
    fn filler(out: &mut Vec<u8>, bytes: usize) {
        let row = format!("{{\"filler\":\"{}\"}}\n", "x".repeat(1000));
        while out.len() < bytes {
            out.extend_from_slice(row.as_bytes());
        }
    }

    #[test]
    fn only_the_last_part_of_a_long_log_is_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("audit.jsonl");
        // An attempt before the last 8 MiB is not looked at.
        let mut log = format!("{}\n", line("old", Phase::Attempt)).into_bytes();
        filler(&mut log, 9 << 20);
        for l in [
            line("2", Phase::Attempt),
            line("3", Phase::Attempt),
            line("3", Phase::Outcome),
        ] {
            log.extend_from_slice(format!("{l}\n").as_bytes());
        }
        std::fs::write(&path, &log).expect("write");
        assert_eq!(ids(unfinished(&path)), vec!["2".to_string()]);
    }

    #[test]
    fn an_over_long_or_unreadable_line_is_skipped_not_the_log() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("audit.jsonl");
        let mut log = format!("{}\n", line("1", Phase::Attempt)).into_bytes();
        // Bytes that are not UTF-8, and a line of 2 MiB.
        log.extend_from_slice(b"\xff\xfe garbage\n");
        log.extend_from_slice(&vec![b'x'; 2 << 20]);
        log.push(b'\n');
        log.extend_from_slice(format!("{}\n", line("2", Phase::Attempt)).as_bytes());
        std::fs::write(&path, &log).expect("write");
        assert_eq!(
            ids(unfinished(&path)),
            vec!["1".to_string(), "2".to_string()]
        );
    }

    fn tempfile_dir() -> PathBuf {
        std::env::temp_dir().join(format!("orgtui-audit-test-{}", std::process::id()))
    }
}
