//! orgtui: command line, logging to a file, the terminal, and the event loop that feeds
//! terminal events and worker replies into `update` and draws with `view` when dirty;
//! `orgtui export` instead writes the organization out without taking the terminal.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context as _, Result};
use clap::Parser;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};

use orgtui::app::{Change, Context, UnfinishedChange};
use orgtui::config::Config;
use orgtui::demo::DemoBackend;
use orgtui::net;
use orgtui::org::aws::ClientOptions;
use orgtui::org::{AwsBackend, OrgBackend};
use orgtui::runtime::event_loop;
use orgtui::runtime::shell_signals::OutsideShell;
use orgtui::runtime::signals::{Received, Signals};
use orgtui::store::audit::AuditLog;
use orgtui::store::snapshot;
use orgtui::sts::{AwsSts, DemoSts, StsBackend};
use orgtui::ui::theme::Theme;
use orgtui::worker;

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
    #[arg(long, global = true, add = clap_complete::ArgValueCandidates::new(profile_candidates))]
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
    #[arg(long, value_name = "PATH", global = true)]
    config: Option<PathBuf>,
    /// Click to select and focus a pane, wheel to scroll, double-click to expand (also
    /// `mouse = true` in the config file).
    #[arg(long)]
    mouse: bool,
    /// Where to write the log [default: $XDG_STATE_HOME/orgtui/orgtui.log, i.e.
    /// ~/.local/state/orgtui/orgtui.log]
    #[arg(long, value_name = "PATH")]
    log_file: Option<PathBuf>,
    /// With --demo: a generated organization of this many accounts (in a fifth as many
    /// OUs, at most 1,000, on three levels) instead of the built-in one, to try large
    /// organizations.
    #[arg(long, value_name = "N", requires = "demo")]
    demo_size: Option<usize>,
    /// With --demo: act as this account (a member, or one outside the organization) to see
    /// what such a caller is offered (invitations, leaving, creating an organization).
    #[arg(long, value_name = "ACCOUNT_ID", requires = "demo", hide = true)]
    demo_as: Option<String>,
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
    /// Evaluate the SCPs and RCPs on the path of an account for one action (and resource):
    /// prints the verdict and the policy and statement that decided each level. Exit status
    /// 0 allowed, 1 denied, 3 depends on a condition, 2 bad input or an AWS error.
    Eval(orgtui::policy::cli::EvalArgs),
    /// Plans: many changes checked and reviewed together (docs/plan-format.md).
    Plan {
        #[command(subcommand)]
        command: orgtui::changeset::cli::PlanCommand,
    },
    /// Apply a plan file: checked again against the organization as it is now, confirmed
    /// by typing `apply` (or --yes), each step sent exactly once and audited; an interrupted
    /// apply of the same file is resumed. Exit status 0 when every step is done.
    Apply(orgtui::changeset::apply_cli::ApplyArgs),
    /// Print a completion script for a shell to stdout (e.g. `orgtui completions bash >
    /// ~/.local/share/bash-completion/completions/orgtui`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to stdout (e.g. `orgtui man | man -l -`).
    Man,
}

/// Exit status of a bad flag value or config file, as clap's for a bad command line.
const USAGE_ERROR: i32 = 2;

fn main() {
    // `COMPLETE=bash orgtui …`: the shell asks for completions (profile names are read
    // from the AWS config files as they are now); answered, and nothing else runs.
    clap_complete::CompleteEnv::with_factory(|| {
        use clap::CommandFactory;
        Cli::command()
    })
    .complete();
    let started = Instant::now();
    let mut cli = Cli::parse();
    // `eval` keeps exit statuses 0, 1 and 3 for verdicts: every failure is 2.
    let failure_status = match cli.command {
        Some(Command::Eval(_) | Command::Plan { .. } | Command::Apply(_)) => {
            orgtui::policy::cli::EXIT_ERROR
        }
        _ => 1,
    };
    match &cli.command {
        Some(Command::Completions { shell }) => return print_completions(*shell),
        Some(Command::Man) => return print_man(),
        Some(Command::Plan {
            command: orgtui::changeset::cli::PlanCommand::Undo(args),
        }) => std::process::exit(orgtui::changeset::cli::undo(args)),
        _ => {}
    }
    // Before anything else, and before the terminal is taken: a typo must not be reported
    // as a failed request later.
    let config = check_flags(&cli)
        .and_then(|()| orgtui::config::load(cli.config.as_deref()).map_err(|e| e.to_string()))
        .unwrap_or_else(|message| {
            for line in message.lines() {
                eprintln!("orgtui: {line}");
            }
            std::process::exit(USAGE_ERROR);
        });
    if let Some(table) = config.keys.clone() {
        orgtui::keymap::install(table);
    }
    // The config file's profile is orgtui's own choice, so it wins over AWS_PROFILE,
    // which every AWS tool shares; --profile wins over both.
    cli.profile = cli.profile.take().or_else(|| config.profile.clone());
    let log_path = init_logging(cli.log_file.clone());
    let result = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")
        .and_then(|rt| rt.block_on(run(cli, config, started)));
    match result {
        Ok(None) => {}
        Ok(Some(signal)) => std::process::exit(signal.exit_status()),
        Err(err) => {
            eprintln!("orgtui: {err:#}");
            if let Some(path) = log_path {
                eprintln!("(log: {})", path.display());
            }
            std::process::exit(failure_status);
        }
    }
}

/// Logs go to a file only: anything printed would garble the UI.
fn init_logging(path: Option<PathBuf>) -> Option<PathBuf> {
    let path = path.or_else(|| orgtui::paths::state_dir().map(|d| d.join("orgtui.log")))?;
    // Its own directories first: the log file may be in one.
    let mut notes = orgtui::paths::tighten_own_dirs();
    let (file, note) =
        orgtui::paths::open_private(&path, std::fs::OpenOptions::new().create(true).append(true))
            .ok()?;
    notes.extend(note);
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ORGTUI_LOG")
                .unwrap_or_else(|_| "orgtui=info".into()),
        )
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .init();
    for note in notes {
        tracing::warn!("{note}");
    }
    Some(path)
}

/// `--region` and `--endpoint-url`, which the SDK would only reject at the first call;
/// without them the variables that stand in for them (not for the demo, which uses none).
fn check_flags(cli: &Cli) -> Result<(), String> {
    let given = |flag: &Option<String>, flag_name: &'static str, var: &'static str| match flag {
        Some(value) => Some((flag_name, value.clone())),
        None if !cli.demo => std::env::var(var).ok().map(|v| (var, v)),
        None => None,
    };
    if let Some((source, region)) = given(&cli.region, "--region", "AWS_REGION") {
        orgtui::args::check_region(source, &region)?;
    }
    if let Some((source, url)) = given(&cli.endpoint_url, "--endpoint-url", "AWS_ENDPOINT_URL") {
        orgtui::args::check_endpoint_url(source, &url)?;
    }
    Ok(())
}

/// The shell's registration of orgtui's completions: the shell then asks orgtui itself
/// (`COMPLETE=SHELL orgtui -- …`) as the user types, so `--profile` completes the
/// profiles the AWS config files have at that moment.
fn print_completions(shell: clap_complete::Shell) {
    // The same as `COMPLETE=SHELL orgtui` (no other thread runs yet).
    std::env::set_var("COMPLETE", shell.to_string());
    let registration = clap_complete::CompleteEnv::with_factory(|| {
        use clap::CommandFactory;
        Cli::command()
    })
    .try_complete(["orgtui"], std::env::current_dir().ok().as_deref());
    if let Err(e) = registration {
        // A reader that stopped early (`| head`) is no error, as for `orgtui man`. clap
        // keeps only the I/O error's text: EPIPE (32 on Linux and macOS) is matched by it.
        let epipe = std::io::Error::from_raw_os_error(32).to_string();
        if e.kind() == clap::error::ErrorKind::Io && e.to_string().contains(&epipe) {
            return;
        }
        e.exit();
    }
}

/// `--profile`'s completions: the profiles of the AWS config and credentials files, each
/// with what it signs in with.
fn profile_candidates() -> Vec<clap_complete::CompletionCandidate> {
    orgtui::profiles::list()
        .into_iter()
        .map(|p| {
            let uses = p.uses().join(", ");
            clap_complete::CompletionCandidate::new(p.name).help(Some(uses.into()))
        })
        .collect()
}

fn print_man() {
    use clap::CommandFactory;
    match orgtui::manpage::render(Cli::command()) {
        Ok(text) => print_out(&text, "the manual page"),
        Err(e) => {
            eprintln!("orgtui: cannot render the manual page: {e}");
            std::process::exit(1);
        }
    }
}

/// Writes generated text to stdout; a reader that stops early (`| head`) is not an error.
fn print_out(text: &[u8], what: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text).and_then(|()| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("orgtui: cannot write {what}: {e}");
            std::process::exit(1);
        }
    }
}

/// Runs until the user quits (None) or a signal from outside ends it (Some).
async fn run(mut cli: Cli, config: Config, started: Instant) -> Result<Option<Received>> {
    // `--read-only` for every session; the config file per profile too.
    let read_only_for = |cli: &Cli| {
        let profile = (cli.profile.clone())
            .or_else(|| config.profile.clone())
            .or_else(|| std::env::var("AWS_PROFILE").ok())
            .filter(|_| !cli.demo);
        cli.read_only || config.read_only_for(profile.as_deref())
    };
    let read_only = read_only_for(&cli);
    let mut timeouts = net::Timeouts::default();
    if let Some(t) = config.timeout {
        timeouts.attempt = t;
    }
    if let Some(t) = config.operation_timeout {
        timeouts.operation = t;
    }
    let shell = config.shell.clone();
    let watched = config
        .watched_actions
        .clone()
        .unwrap_or_else(orgtui::config::default_watched);
    let (backend, sts, source) = connect(&cli, timeouts).await?;
    // What was read last time is drawn at once, then refreshed (stale-while-revalidate);
    // one file per source and caller: another identity on the same endpoint may see
    // another organization.
    let cache_dir = cache_dir_of(&cli);
    if let Some(Command::Export(args)) = &cli.command {
        let gate = net::Gate::configured(timeouts, config.concurrency);
        let cache = match &cache_dir {
            Some(dir) => caller_arn(sts.as_ref())
                .await
                .map(|arn| snapshot::path_for(dir, &source, &arn)),
            None => None,
        };
        orgtui::export::cli::run(args, backend.as_ref(), &gate, cache.as_deref()).await?;
        return Ok(None);
    }
    let cache = cache_dir.map(|dir| event_loop::SnapshotCache {
        dir,
        source: source.clone(),
    });
    if let Some(Command::Eval(args)) = &cli.command {
        let gate = net::Gate::configured(timeouts, config.concurrency);
        let status = orgtui::policy::cli::run(args, backend.as_ref(), &gate).await;
        std::process::exit(status);
    }
    if let Some(Command::Plan {
        command: orgtui::changeset::cli::PlanCommand::Show(args),
    }) = &cli.command
    {
        let gate = net::Gate::configured(timeouts, config.concurrency);
        std::process::exit(orgtui::changeset::cli::show(args, backend.as_ref(), &gate).await);
    }
    let audit_path = cli
        .audit_log
        .clone()
        .or(config.audit_log.clone())
        .or_else(AuditLog::default_path)
        .ok_or_else(|| anyhow!("no state directory for the audit log; pass --audit-log PATH"))?;
    if let Some(Command::Apply(args)) = &cli.command {
        let gate = net::Gate::configured(timeouts, config.concurrency);
        let audit = AuditLog::new(audit_path.clone());
        let session = orgtui::changeset::apply_cli::Session {
            backend: backend.as_ref(),
            gate: &gate,
            audit: Some(&audit),
            read_only,
            caller: caller_arn(sts.as_ref())
                .await
                .unwrap_or_else(|| "unknown".into()),
        };
        std::process::exit(orgtui::changeset::apply_cli::apply(args, &session).await);
    }
    let audit = Arc::new(AuditLog::new(audit_path.clone()));
    let session = |backend, sts, source: String, cache, read_only| Session {
        backend,
        options: worker::Options {
            read_only,
            audit: Some(audit.clone()),
            timeouts,
            concurrency: config.concurrency,
            sts: Some(sts),
            plans: orgtui::changeset::journal::default_dir(),
        },
        context: Context { source, read_only },
        unfinished: unfinished(&audit_path),
        cache,
    };
    let mut now = session(backend, sts, source, cache, read_only);
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
    let mouse = cli.mouse || config.mouse;
    if mouse {
        let _ = ratatui::crossterm::execute!(std::io::stdout(), EnableMouseCapture);
        release_mouse_on_panic();
    }
    let palette = Theme::detect(
        std::env::var("NO_COLOR").ok().as_deref(),
        std::env::var("COLORTERM").ok().as_deref(),
    )
    .palette;
    let mut input = event_loop::spawn_input();
    let mut theme = config.theme.with_palette(palette);
    let mut probe = cli.startup_probe.then_some(started);
    // `--endpoint-url` as given at start: each profile switched to uses its own endpoint
    // or this one, never the one of the profile before it.
    let given_endpoint = cli.endpoint_url.clone();
    let (result, signal) = loop {
        let start = event_loop::Start {
            context: now.context,
            unfinished: now.unfinished,
            cache: now.cache,
            probe,
            theme,
            mouse,
            shell: shell.clone(),
            watched_actions: watched.clone(),
        };
        let run = event_loop::run(&mut terminal, &mut input, now.backend, now.options, start);
        let ended = tokio::select! {
            r = run => r,
            signal = signals.recv() => break (Ok(None), Some(signal)),
        };
        match ended {
            Ok(event_loop::Ended {
                switch_to: Some(profile),
                theme: kept,
                ..
            }) => {
                // `:ctx`: the next session, on the profile's organization.
                let own = orgtui::profiles::list()
                    .into_iter()
                    .find(|p| p.name == profile)
                    .and_then(|p| p.endpoint_url);
                switch_profile(&mut cli, &profile, own, given_endpoint.clone());
                let (backend, sts, source) = connect(&cli, timeouts).await?;
                let cache = cache_dir_of(&cli).map(|dir| event_loop::SnapshotCache {
                    dir,
                    source: source.clone(),
                });
                now = session(backend, sts, source, cache, read_only_for(&cli));
                theme = kept;
                probe = None;
            }
            Ok(ended) => break (Ok(ended.probe_ms), None),
            Err(e) => break (Err(e), None),
        }
    };
    // Audit lines are flushed as they are written, so none is pending here. Changes still
    // in flight on a signal are dropped with the runtime (the worker cannot wait for them yet).
    let _ = terminal.show_cursor();
    if mouse {
        let _ = ratatui::crossterm::execute!(std::io::stdout(), DisableMouseCapture);
    }
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

/// A panic restores the terminal through ratatui's hook, which knows nothing of mouse
/// capture: without this the shell would go on receiving mouse reports as text.
fn release_mouse_on_panic() {
    let earlier = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = ratatui::crossterm::execute!(std::io::stdout(), DisableMouseCapture);
        earlier(info);
    }));
}

/// The organization to talk to (the demo, or AWS or an emulator through the SDK) and STS
/// with the same settings; with a short description of it for the status line.
/// Who is calling (GetCallerIdentity), if STS answers within a few seconds.
async fn caller_arn(sts: &dyn StsBackend) -> Option<String> {
    match tokio::time::timeout(Duration::from_secs(3), sts.caller_identity()).await {
        Ok(Ok(me)) => Some(me.arn),
        Ok(Err(e)) => {
            tracing::warn!(code = %e.code, "no snapshot: who is calling is not known");
            None
        }
        Err(_) => None,
    }
}

async fn connect(
    cli: &Cli,
    timeouts: net::Timeouts,
) -> Result<(Arc<dyn OrgBackend>, Arc<dyn StsBackend>, String)> {
    Ok(if cli.demo {
        let mut demo = match cli.demo_size {
            Some(n) => DemoBackend::generated(n)?,
            None => DemoBackend::from_asset().context("cannot load the demo organization")?,
        };
        let source = match cli.demo_size {
            Some(n) => format!("demo organization of {n} accounts"),
            None => "demo organization".into(),
        };
        if let Some(account) = &cli.demo_as {
            demo.act_as(account, &format!("aws+{account}@example.com"));
        } else if cli.demo_size.is_none() {
            // The built-in demo manages billing for an acquired company (screen 9).
            demo = demo
                .with_billing_transfer()
                .await
                .context("seeding the demo's responsibility transfer")?;
        }
        // After the seeding, which is set-up, not what latency mode measures.
        if let Some(ms) = cli.demo_latency_ms {
            demo = demo.with_latency(Duration::from_millis(ms));
        }
        let demo: Arc<dyn OrgBackend> = Arc::new(demo);
        let sts = Arc::new(match (&cli.demo_as, cli.demo_size) {
            (Some(account), _) => DemoSts::acting_as(demo.clone(), account),
            // Its caller is known without asking the organization, which is still being
            // generated: the snapshot of the last run is drawn meanwhile.
            (None, Some(_)) => DemoSts::acting_as(demo.clone(), orgtui::demo::GENERATED_MANAGEMENT),
            (None, None) => DemoSts::new(demo.clone()),
        });
        (demo, sts, source)
    } else {
        let backend = AwsBackend::from_env(
            cli.profile.as_deref(),
            cli.region.as_deref(),
            cli.endpoint_url.as_deref(),
            ClientOptions::aws(timeouts.attempt, timeouts.operation),
        )
        .await;
        let profile = cli
            .profile
            .clone()
            .or_else(|| std::env::var("AWS_PROFILE").ok());
        let mut source = match &profile {
            Some(p) => format!("profile {p}"),
            None => "default credentials".into(),
        };
        // The endpoint in use, given or the profile's own: one label (and snapshot) for
        // one organization, however it was chosen.
        let endpoint = cli.endpoint_url.clone().or_else(|| {
            let name = profile.as_deref().unwrap_or("default");
            orgtui::profiles::list()
                .into_iter()
                .find(|p| p.name == name)
                .and_then(|p| p.endpoint_url)
        });
        if let Some(url) = endpoint {
            source.push_str(&format!(" @ {url}"));
        }
        let sts = backend
            .shared_config()
            .map(AwsSts::new)
            .ok_or_else(|| anyhow!("the AWS client was built without its configuration"))?;
        (Arc::new(backend), Arc::new(sts), source)
    })
}

/// Where snapshots of organizations are kept, unless `--no-cache`.
fn cache_dir_of(cli: &Cli) -> Option<PathBuf> {
    (!cli.no_cache).then(orgtui::paths::cache_dir).flatten()
}

/// What one organization's session needs: its backend and worker options, the title's
/// facts, unfinished changes of earlier runs (with their callers), its snapshot cache.
struct Session {
    backend: Arc<dyn OrgBackend>,
    options: worker::Options,
    context: Context,
    unfinished: Vec<(String, UnfinishedChange)>,
    cache: Option<event_loop::SnapshotCache>,
}

/// Attempts earlier runs logged without an outcome, with the caller that made each: each
/// is offered for a re-read once that caller is on screen again.
fn unfinished(audit_path: &std::path::Path) -> Vec<(String, UnfinishedChange)> {
    orgtui::store::audit::unfinished(audit_path)
        .into_iter()
        .filter_map(|e| {
            let change = Change::from_audit(&e.operation, &e.parameters)?;
            Some((e.caller, UnfinishedChange::new(&e.id, change, Some(e.time))))
        })
        .collect()
}

/// The command line as if orgtui had been started on `profile` (`:ctx`): the demo, or an
/// AWS profile with its `own` endpoint (from its file) or else the `given` one
/// (`--endpoint-url` at start).
fn switch_profile(cli: &mut Cli, profile: &str, own: Option<String>, given: Option<String>) {
    if profile == orgtui::app::contexts::DEMO {
        cli.demo = true;
        cli.profile = None;
        cli.endpoint_url = given;
        return;
    }
    cli.demo = false;
    cli.demo_as = None;
    cli.demo_size = None;
    cli.endpoint_url = own.or(given);
    cli.profile = Some(profile.to_string());
}
