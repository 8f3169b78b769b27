//! orgtui: command line, logging to a file, the terminal, and the event loop that feeds
//! terminal events and worker replies into `update` and draws with `view` when dirty;
//! `orgtui export` instead writes the organization out without taking the terminal.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context as _, Result};
use clap::Parser;
use crossterm::clipboard::CopyToClipboard;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use tokio::sync::mpsc;

use orgtui::app::{self, Change, Cmd, Context, Model, Msg};
use orgtui::audit::AuditLog;
use orgtui::org::aws::ClientOptions;
use orgtui::org::{AwsBackend, DemoBackend, OrgBackend};
use orgtui::shell::{InputPause, OutsideShell};
use orgtui::signals::{Received, Signals};
use orgtui::snapshot_file;
use orgtui::sts::{AwsSts, DemoSts, StsBackend, StsReply};
use orgtui::ui::{self, theme::Theme};
use orgtui::worker::{self, Worker};

/// How long input must pause before the details of the selection are loaded.
const IDLE_DELAY: Duration = Duration::from_millis(120);

#[derive(Parser, Debug)]
#[command(
    name = "orgtui",
    version,
    about = "A terminal UI for AWS Organizations: browse the tree of roots, OUs and accounts, and their policies.",
    after_help = "Credentials come from the standard AWS chain: environment variables, --profile or AWS_PROFILE, \
SSO (run `aws sso login` first), credential_process, instance roles. Browsing needs organizations:Describe* \
and organizations:List* in the management account (or a delegated administrator)."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Open the built-in demo organization: no AWS account, no network.
    #[arg(long, global = true)]
    demo: bool,
    /// AWS profile to use (default: AWS_PROFILE, else the default profile).
    #[arg(long, global = true)]
    profile: Option<String>,
    /// AWS region (Organizations is global; default us-east-1).
    #[arg(long, global = true)]
    region: Option<String>,
    /// Endpoint URL, e.g. of an emulator (AWS_ENDPOINT_URL is honoured too).
    #[arg(long, value_name = "URL", global = true)]
    endpoint_url: Option<String>,
    /// Make every change to the organization impossible (also `read_only = true` in the
    /// config file).
    #[arg(long)]
    read_only: bool,
    /// Append one JSON line per attempted change here [default: $XDG_STATE_HOME/orgtui/audit.jsonl,
    /// i.e. ~/.local/state/orgtui/audit.jsonl]
    #[arg(long, value_name = "PATH")]
    audit_log: Option<PathBuf>,
    /// Start without the snapshot of the last run (and do not write one).
    #[arg(long, global = true)]
    no_cache: bool,
    /// Config file [default: $XDG_CONFIG_HOME/orgtui/config.toml, i.e.
    /// ~/.config/orgtui/config.toml]
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Where to write the log [default: $XDG_STATE_HOME/orgtui/orgtui.log, i.e.
    /// ~/.local/state/orgtui/orgtui.log]
    #[arg(long, value_name = "PATH")]
    log_file: Option<PathBuf>,
    /// With --demo: a generated organization of this many accounts (in a fifth as many
    /// OUs, at most 1,000, on three levels) instead of the built-in one, to try large
    /// organizations.
    #[arg(long, value_name = "N", requires = "demo")]
    demo_size: Option<usize>,
    /// Delay every demo call by this many milliseconds, to see loading states.
    #[arg(long, value_name = "MS", hide = true)]
    demo_latency_ms: Option<u64>,
    /// Quit as soon as the root is shown and print the time it took (for benchmarks).
    #[arg(long, hide = true)]
    startup_probe: bool,
}

#[derive(clap::Subcommand, Debug)]
enum Command {
    /// Read the whole organization and write it out (JSON, CSV, a text tree, Graphviz DOT or
    /// Mermaid) without the terminal UI; progress goes to stderr.
    Export(orgtui::export::cli::ExportArgs),
}

fn main() {
    let started = Instant::now();
    let cli = Cli::parse();
    let log_path = init_logging(cli.log_file.clone());
    let result = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")
        .and_then(|rt| rt.block_on(run(cli, started)));
    match result {
        Ok(None) => {}
        Ok(Some(signal)) => std::process::exit(signal.exit_status()),
        Err(err) => {
            eprintln!("orgtui: {err:#}");
            if let Some(path) = log_path {
                eprintln!("(log: {})", path.display());
            }
            std::process::exit(1);
        }
    }
}

/// Logs go to a file only: anything printed would garble the UI.
fn init_logging(path: Option<PathBuf>) -> Option<PathBuf> {
    let path = path.or_else(|| orgtui::paths::state_dir().map(|d| d.join("orgtui.log")))?;
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .ok()?;
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ORGTUI_LOG")
                .unwrap_or_else(|_| "orgtui=info".into()),
        )
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .init();
    Some(path)
}

/// Settings from the config file; command-line flags win.
#[derive(serde::Deserialize, Default, Debug)]
#[serde(deny_unknown_fields)]
struct Config {
    #[serde(default)]
    read_only: bool,
    audit_log: Option<PathBuf>,
    /// Seconds one attempt of a request may take (default 10).
    timeout_seconds: Option<f64>,
    /// Seconds a request may take with its retries (default 30).
    operation_timeout_seconds: Option<f64>,
    /// Calls to AWS at once when it does not throttle (default 8; halved while it does).
    concurrency: Option<usize>,
    /// `s` and `:creds` (read by `orgtui::shell::ShellSettings`).
    shell: Option<toml::Value>,
    shell_in_read_only: Option<bool>,
}

fn load_config(path: Option<&PathBuf>) -> Result<Config> {
    let explicit = path.is_some();
    let Some(path) = path
        .cloned()
        .or_else(|| orgtui::paths::config_dir().map(|d| d.join("config.toml")))
    else {
        return Ok(Config::default());
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            toml::from_str(&text).with_context(|| format!("invalid config file {}", path.display()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => Ok(Config::default()),
        Err(e) => Err(anyhow!("cannot read config file {}: {e}", path.display())),
    }
}

/// Runs until the user quits (None) or a signal from outside ends it (Some).
async fn run(cli: Cli, started: Instant) -> Result<Option<Received>> {
    let config = load_config(cli.config.as_ref())?;
    let read_only = cli.read_only || config.read_only;
    let mut timeouts = worker::Timeouts::default();
    let secs = |s: f64| Duration::try_from_secs_f64(s).ok().filter(|d| !d.is_zero());
    if let Some(t) = config.timeout_seconds {
        timeouts.attempt = secs(t)
            .ok_or_else(|| anyhow!("timeout_seconds must be a positive number of seconds"))?;
    }
    if let Some(t) = config.operation_timeout_seconds {
        timeouts.operation = secs(t).ok_or_else(|| {
            anyhow!("operation_timeout_seconds must be a positive number of seconds")
        })?;
    }
    let shell = shell_settings(&config)?;
    let (backend, sts, source) = backend(&cli, timeouts).await?;
    // What was read last time is drawn at once, then refreshed (stale-while-revalidate).
    let cache = (!cli.no_cache)
        .then(orgtui::paths::cache_dir)
        .flatten()
        .map(|dir| snapshot_file::path_for(&dir, &source));
    if let Some(Command::Export(args)) = &cli.command {
        orgtui::export::cli::run(args, backend.as_ref(), timeouts, cache.as_deref()).await?;
        return Ok(None);
    }
    let audit_path = cli
        .audit_log
        .clone()
        .or(config.audit_log)
        .or_else(AuditLog::default_path)
        .ok_or_else(|| anyhow!("no state directory for the audit log; pass --audit-log PATH"))?;
    // Attempts an earlier run logged without an outcome: offered for a re-read at start.
    let unfinished: Vec<(String, Change)> = orgtui::audit::unfinished(&audit_path)
        .into_iter()
        .filter_map(|e| Change::from_audit(&e.operation, &e.parameters).map(|c| (e.id, c)))
        .collect();
    let options = worker::Options {
        read_only,
        audit: Some(Arc::new(AuditLog::new(audit_path))),
        timeouts,
        concurrency: config.concurrency,
        sts: Some(sts),
    };
    let context = Context { source, read_only };
    // Before the terminal is set up, so that from then on a signal restores it.
    // Those sent while a shell opened with `s` runs were meant for it (OutsideShell).
    let mut signals =
        OutsideShell::new(Signals::install().context("cannot install signal handlers")?);
    let mut terminal = match ratatui::try_init() {
        Ok(terminal) => terminal,
        Err(e) => {
            ratatui::restore(); // undo raw mode if only part of the set-up worked
            return Err(anyhow!(e).context("orgtui needs an interactive terminal"));
        }
    };
    // Pasted text arrives as one event, so a pasted newline is text, not Enter.
    let _ = ratatui::crossterm::execute!(std::io::stdout(), EnableBracketedPaste);
    let probe = cli.startup_probe.then_some(started);
    let (result, signal) = tokio::select! {
        r = event_loop(&mut terminal, backend, options, Start { context, unfinished, cache, probe, shell }) => (r, None),
        signal = signals.recv() => (Ok(None), Some(signal)),
    };
    // Audit lines are flushed as they are written, so none is pending here. Changes still
    // in flight on a signal are dropped with the runtime (the worker cannot wait for them yet).
    let _ = terminal.show_cursor();
    let _ = ratatui::crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    if let Some(signal) = signal {
        tracing::info!(signal = signal.name(), "ending on a signal");
    }
    if let Some(ms) = result? {
        println!("first frame with the root shown after {ms:.1} ms");
    }
    Ok(signal)
}

/// The `[shell]` table and `shell_in_read_only`, checked by `ShellSettings`.
fn shell_settings(config: &Config) -> Result<orgtui::shell::ShellSettings> {
    let mut table = toml::Table::new();
    if let Some(shell) = &config.shell {
        table.insert("shell".into(), shell.clone());
    }
    if let Some(allowed) = config.shell_in_read_only {
        table.insert("shell_in_read_only".into(), allowed.into());
    }
    orgtui::shell::ShellSettings::from_config(&toml::Value::Table(table))
        .map_err(|e| anyhow!("invalid config file: {e}"))
}

/// The organization to talk to (the demo, or AWS or an emulator through the SDK) and STS
/// with the same settings; with a short description of it for the status line.
async fn backend(
    cli: &Cli,
    timeouts: worker::Timeouts,
) -> Result<(Arc<dyn OrgBackend>, Arc<dyn StsBackend>, String)> {
    Ok(if cli.demo {
        let mut demo = match cli.demo_size {
            Some(n) => DemoBackend::generated(n)?,
            None => DemoBackend::from_asset().context("cannot load the demo organization")?,
        };
        if let Some(ms) = cli.demo_latency_ms {
            demo = demo.with_latency(Duration::from_millis(ms));
        }
        let source = match cli.demo_size {
            Some(n) => format!("demo organization of {n} accounts"),
            None => "demo organization".into(),
        };
        let demo: Arc<dyn OrgBackend> = Arc::new(demo);
        let sts = Arc::new(DemoSts::new(demo.clone()));
        (demo, sts, source)
    } else {
        let backend = AwsBackend::from_env(
            cli.profile.as_deref(),
            cli.region.as_deref(),
            cli.endpoint_url.as_deref(),
            ClientOptions::aws(timeouts.attempt, timeouts.operation),
        )
        .await;
        let mut source = match &cli.profile {
            Some(p) => format!("profile {p}"),
            None => std::env::var("AWS_PROFILE")
                .map_or("default credentials".into(), |p| format!("profile {p}")),
        };
        if let Some(url) = &cli.endpoint_url {
            source.push_str(&format!(" @ {url}"));
        }
        let sts = backend
            .shared_config()
            .map(AwsSts::new)
            .ok_or_else(|| anyhow!("the AWS client was built without its configuration"))?;
        (Arc::new(backend), Arc::new(sts), source)
    })
}

/// Reads terminal events on a thread of its own; only key presses and resizes matter.
fn spawn_input(tx: mpsc::UnboundedSender<Msg>) {
    std::thread::spawn(move || loop {
        // Paused while a shell has the terminal.
        let msg = match InputPause::global().read() {
            Ok(Event::Key(key)) if key.kind == KeyEventKind::Press => Msg::Key(key),
            Ok(Event::Resize(w, h)) => Msg::Resize(w, h),
            Ok(Event::Paste(text)) => Msg::Paste(text),
            Ok(_) => continue,
            Err(err) => {
                tracing::error!(%err, "reading terminal events failed");
                return;
            }
        };
        if tx.send(msg).is_err() {
            return;
        }
    });
}

async fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    backend: Arc<dyn OrgBackend>,
    options: worker::Options,
    start: Start,
) -> Result<Option<f64>> {
    let Start {
        context,
        unfinished,
        cache,
        probe,
        shell,
    } = start;
    let (reply_tx, mut replies) = mpsc::unbounded_channel();
    let worker = Worker::spawn(backend, reply_tx, options);
    let (input_tx, mut input) = mpsc::unbounded_channel();
    spawn_input(input_tx);

    let mut model = Model::new(context);
    model.sts.settings = shell;
    let theme = Theme::detect(
        std::env::var("NO_COLOR").ok().as_deref(),
        std::env::var("COLORTERM").ok().as_deref(),
    );
    let size = terminal.size()?;
    model.size = (size.width, size.height);
    if let Some(path) = &cache {
        match snapshot_file::read(path) {
            Ok(Some(snap)) => {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs() as i64);
                let age = snapshot_file::age(&snap.read_at, now);
                app::snapshot::load_snapshot(&mut model, snap, age);
            }
            Ok(None) => {}
            Err(why) => {
                model.status = Some(app::Status::Info(format!(
                    "Ignored the snapshot of the last run: {why}"
                )))
            }
        }
    }
    let cmds = app::init(&mut model);
    dispatch(terminal, &worker, &mut model, cmds)?;
    let cmds = app::update(&mut model, Msg::Unfinished(unfinished));
    dispatch(terminal, &worker, &mut model, cmds)?;

    let mut dirty = true;
    loop {
        if dirty {
            terminal.draw(|f| ui::view(&model, &theme, f))?;
            dirty = false;
            // Only now may a confirmation on screen be answered: keys queued before it
            // was drawn (a double Enter, a paste) have been dropped by then.
            let cmds = app::update(&mut model, Msg::Drawn);
            dispatch(terminal, &worker, &mut model, cmds)?;
            if let Some(start) = probe {
                if !model.rows.is_empty() {
                    return Ok(Some(start.elapsed().as_secs_f64() * 1000.0));
                }
            }
        }
        if model.quit {
            if let Some(path) = &cache {
                save_snapshot(&model, path);
            }
            return Ok(None);
        }
        let first = tokio::select! {
            msg = input.recv() => msg.ok_or_else(|| anyhow!("terminal input closed"))?,
            msg = replies.recv() => msg.ok_or_else(|| anyhow!("the background worker stopped unexpectedly"))?,
            _ = tokio::time::sleep(IDLE_DELAY), if !model.settled => Msg::Idle,
        };
        // Handle everything already waiting, then draw once.
        let mut batch = vec![first];
        while let Ok(msg) = input.try_recv() {
            batch.push(msg);
        }
        while let Ok(msg) = replies.try_recv() {
            batch.push(msg);
        }
        for msg in batch {
            let idle = msg == Msg::Idle;
            let cmds = app::update(&mut model, msg);
            dirty |= !idle || !cmds.is_empty();
            dispatch(terminal, &worker, &mut model, cmds)?;
        }
        if worker.handle.is_finished() {
            return Err(anyhow!("the background worker stopped unexpectedly"));
        }
    }
}

/// How the event loop starts: the title's facts, unfinished changes of an earlier run,
/// the snapshot cache file, and the start-up probe.
struct Start {
    context: Context,
    unfinished: Vec<(String, Change)>,
    cache: Option<PathBuf>,
    probe: Option<Instant>,
    shell: orgtui::shell::ShellSettings,
}

/// Keeps what was read for the next start; a failure is only logged (it is a cache).
fn save_snapshot(model: &Model, path: &std::path::Path) {
    if let Some(snap) = app::snapshot::snapshot_of(model, &orgtui::time::now_rfc3339()) {
        if let Err(e) = snapshot_file::write(path, &snap) {
            tracing::warn!(%e, "the snapshot of the organization was not written");
        }
    }
}

fn dispatch(
    terminal: &mut ratatui::DefaultTerminal,
    worker: &Worker,
    model: &mut Model,
    cmds: Vec<Cmd>,
) -> Result<()> {
    for cmd in cmds {
        match cmd {
            Cmd::Copy(text) => copy_osc52(&text),
            Cmd::Shell(launch) => {
                let result = orgtui::shell::run(&launch, orgtui::shell::Terminal::default());
                // Whatever the shell left on screen, the next frame is drawn whole.
                terminal.clear()?;
                let size = terminal.size()?;
                let mut more = app::update(model, Msg::Resize(size.width, size.height));
                more.extend(app::update(
                    model,
                    Msg::Sts(StsReply::ShellEnded {
                        account: launch.account,
                        result,
                    }),
                ));
                dispatch(terminal, worker, model, more)?;
            }
            Cmd::Quit => {}
            Cmd::Export { format, path } => {
                let done = export_model(model, format, &path).map(|()| path);
                let more = app::update(model, Msg::Exported(done));
                dispatch(terminal, worker, model, more)?;
            }
            cmd => {
                if !worker.send(cmd) {
                    return Err(anyhow!("the background worker stopped unexpectedly"));
                }
            }
        }
    }
    Ok(())
}

/// `:export`: what the model has read (the whole organization, read just before) written
/// like `orgtui export` writes it.
fn export_model(model: &Model, format: app::ExportFormat, path: &str) -> Result<(), String> {
    let snap = app::snapshot::snapshot_of(model, &orgtui::time::now_rfc3339())
        .ok_or("the organization is not read yet")?;
    use orgtui::export::Format;
    let format = match format {
        app::ExportFormat::Json => Format::Json,
        app::ExportFormat::Csv => Format::Csv,
        app::ExportFormat::Tree => Format::Tree,
        app::ExportFormat::Dot => Format::Dot,
        app::ExportFormat::Mermaid => Format::Mermaid,
    };
    let text = orgtui::export::render(&snap, format, orgtui::export::Options::default());
    orgtui::paths::write_atomically(std::path::Path::new(path), text.as_bytes())
        .map_err(|e| format!("{path}: {e:#}"))
}

/// Copies through the terminal (OSC 52), which also works over SSH. A terminal that does
/// not support it ignores the sequence, so a failed write is only logged.
fn copy_osc52(text: &str) {
    let copy = CopyToClipboard::to_clipboard_from(text);
    if let Err(err) = crossterm::execute!(std::io::stdout(), copy) {
        tracing::warn!(%err, "copying to the clipboard failed");
    }
}
