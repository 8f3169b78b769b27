//! `orgtui export`: crawls the organization, renders it, and writes it to standard output
//! or atomically to a file, with a progress line on stderr when that is a terminal. Never
//! takes the terminal over, so it works in scripts and pipelines.

use std::cell::Cell;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context as _, Result};

use super::{render, Format, Options};
use crate::crawl::{crawl, CrawlProgress};
use crate::net::Gate;
use crate::org::OrgBackend;
use crate::paths::write_atomically;

#[derive(clap::Args, Debug, Clone)]
pub struct ExportArgs {
    /// What to write.
    #[arg(long, value_enum)]
    pub format: Format,
    /// Write to this file (replaced atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Draw the accounts too in `dot` and `mermaid` (json, csv and tree always list them).
    #[arg(long)]
    pub accounts: bool,
    /// Name the SCPs attached to each root and OU in `dot` and `mermaid` (one more call
    /// per root and OU).
    #[arg(long)]
    pub scps: bool,
}

/// How often the progress line is redrawn at most.
const REDRAW: Duration = Duration::from_millis(100);

/// Reads the whole organization and writes it out; the read also refreshes the snapshot
/// cache at `cache` (when given), so the next `orgtui` starts from it.
pub async fn run(
    args: &ExportArgs,
    backend: &dyn OrgBackend,
    gate: &Gate,
    cache: Option<&Path>,
) -> Result<()> {
    let started = Instant::now();
    let line = ProgressLine::new(std::io::stderr().is_terminal());
    let read = crawl(gate, backend, |p| line.show(p)).await;
    line.clear();
    let mut snapshot =
        read.map_err(|e| anyhow!("cannot read the organization: {e}\n{}", e.explanation()))?;
    if args.scps {
        snapshot.scps = attached_scps(gate, backend, &snapshot)
            .await
            .map_err(|e| anyhow!("cannot read the attached SCPs: {e}\n{}", e.explanation()))?;
    }
    if let Some(path) = cache {
        // Only a cache: a failure to keep it does not fail the export.
        if let Err(e) = crate::store::snapshot::write(path, &snapshot) {
            tracing::warn!(%e, "the snapshot of the organization was not written");
        }
    }
    let text = render(
        &snapshot,
        args.format,
        Options {
            accounts: args.accounts,
        },
    );
    match &args.output {
        Some(path) => write_output(path, text.as_bytes())?,
        None => write_stdout(text.as_bytes())?,
    }
    if line.enabled {
        let to = args
            .output
            .as_ref()
            .map(|p| format!(", written to {}", p.display()))
            .unwrap_or_default();
        eprintln!(
            "orgtui: {} accounts in {} OUs read in {:.1} s{to}",
            snapshot.accounts.len(),
            snapshot.ous.len(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// The SCPs attached directly to every root and OU, read in parallel under the gate.
async fn attached_scps(
    gate: &Gate,
    b: &dyn OrgBackend,
    s: &crate::org::OrgSnapshot,
) -> crate::org::OrgResult<Vec<crate::org::AttachedScp>> {
    use futures::stream::{FuturesUnordered, TryStreamExt};
    let scp = &crate::org::PolicyType::ServiceControl;
    let targets = s
        .roots
        .iter()
        .map(|r| &r.id)
        .chain(s.ous.iter().map(|o| &o.item.id));
    let reads: FuturesUnordered<_> = targets
        .map(|id| async move {
            let list = gate.all(|t| b.list_policies_for_target(id, scp, t)).await?;
            let attached = list.into_iter().map(|p| crate::org::AttachedScp {
                target: id.clone(),
                policy: p.name,
            });
            Ok::<_, crate::org::OrgError>(attached.collect::<Vec<_>>())
        })
        .collect();
    let mut out: Vec<_> = reads.try_concat().await?;
    out.sort();
    Ok(out)
}

/// A reader that closes early (`| head`) is not an error worth a message.
fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow!(e).context("cannot write to standard output"))
        }
        _ => Ok(()),
    }
}

/// The export written atomically, the path named in the error.
fn write_output(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomically(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

/// One line on stderr, redrawn in place as the crawl goes on.
struct ProgressLine {
    enabled: bool,
    last: Cell<Option<Instant>>,
}

impl ProgressLine {
    fn new(enabled: bool) -> Self {
        ProgressLine {
            enabled,
            last: Cell::new(None),
        }
    }

    fn show(&self, p: CrawlProgress) {
        let due = self.last.get().is_none_or(|t| t.elapsed() >= REDRAW);
        if !self.enabled || !due {
            return;
        }
        self.last.set(Some(Instant::now()));
        eprint!(
            "\r\x1b[2Kreading the organization: {}/{} roots and OUs, {} accounts, {} calls",
            p.parents_read, p.parents_found, p.accounts, p.calls
        );
    }

    fn clear(&self) {
        if self.enabled && self.last.get().is_some() {
            eprint!("\r\x1b[2K");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_atomic_write_replaces_the_file_and_leaves_nothing_behind() {
        let dir = std::env::temp_dir().join(format!("orgtui-export-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("org.json");
        std::fs::write(&path, "old").expect("old file");
        write_output(&path, b"new").expect("written");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["org.json"]);
        let missing = dir.join("no-such-dir").join("x.json");
        let e = write_output(&missing, b"x").expect_err("no directory");
        assert!(format!("{e:#}").contains("cannot write"), "{e:#}");
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }
}
