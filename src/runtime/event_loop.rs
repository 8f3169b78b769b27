//! The terminal side of the UI: reading terminal events on a thread of their own, the loop
//! that feeds them and the worker's replies through `update` and draws, and carrying out
//! the commands that are the terminal's business (clipboard, `$EDITOR`, `$SHELL`, export,
//! drafts, the theme).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Result};
use crossterm::clipboard::CopyToClipboard;
use ratatui::crossterm::event::{Event, KeyEventKind, MouseButton, MouseEventKind};
use std::sync::Arc;
use tokio::sync::mpsc;

use crate::app::mouse::{Pointer, PointerKind};
use crate::app::{self, Cmd, Context, Model, Msg};
use crate::org::OrgBackend;
use crate::runtime::suspend::{self, InputPause};
use crate::store::snapshot;
use crate::sts::StsReply;
use crate::ui::{self, theme::Theme};
use crate::worker::{self, Worker};

/// How long input must pause before the details of the selection are loaded.
const IDLE_DELAY: Duration = Duration::from_millis(120);

/// Two clicks on one cell within this time are a double-click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// Reads terminal events on a thread of its own; only key presses, resizes, pastes and
/// (when captured) clicks and the wheel matter. While another program has the terminal
/// (`InputPause`), it reads nothing.
pub fn spawn_input() -> mpsc::UnboundedReceiver<Msg> {
    let (tx, rx) = mpsc::unbounded_channel();
    read_input(tx);
    rx
}

fn read_input(tx: mpsc::UnboundedSender<Msg>) {
    let mut last_click: Option<(Instant, u16, u16)> = None;
    std::thread::spawn(move || loop {
        // Paused while another program (a shell, an editor) has the terminal.
        let msg = match InputPause::global().read() {
            Ok(Event::Key(key)) if key.kind == KeyEventKind::Press => Msg::Key(key),
            Ok(Event::Resize(w, h)) => Msg::Resize(w, h),
            Ok(Event::Paste(text)) => Msg::Paste(text),
            Ok(Event::Mouse(mouse)) => {
                let kind = match mouse.kind {
                    MouseEventKind::Down(MouseButton::Left) => {
                        let now = Instant::now();
                        let double = last_click.is_some_and(|(at, c, r)| {
                            now.duration_since(at) < DOUBLE_CLICK
                                && (c, r) == (mouse.column, mouse.row)
                        });
                        // A third click starts over rather than making a second double.
                        last_click = (!double).then_some((now, mouse.column, mouse.row));
                        if double {
                            PointerKind::DoubleClick
                        } else {
                            PointerKind::Click
                        }
                    }
                    MouseEventKind::ScrollUp => PointerKind::WheelUp,
                    MouseEventKind::ScrollDown => PointerKind::WheelDown,
                    _ => continue,
                };
                Msg::Mouse(Pointer {
                    kind,
                    column: mouse.column,
                    row: mouse.row,
                })
            }
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

/// How a session ended: orgtui quits, or goes on with another profile (`:ctx`).
pub struct Ended {
    /// The start-up probe's time to the first frame with the root shown.
    pub probe_ms: Option<f64>,
    /// The profile to switch to (`contexts::DEMO` for the demo).
    pub switch_to: Option<String>,
    /// The colours in use, kept for the next session.
    pub theme: Theme,
}

/// One session: one organization (backend), until quit or a switch of profile. `input`
/// (from `spawn_input`) outlives sessions: one thread reads the terminal.
pub async fn run(
    terminal: &mut ratatui::DefaultTerminal,
    input: &mut mpsc::UnboundedReceiver<Msg>,
    backend: Arc<dyn OrgBackend>,
    options: worker::Options,
    start: Start,
) -> Result<Ended> {
    let Start {
        context,
        unfinished,
        cache,
        probe,
        theme,
        mouse,
        shell,
        watched_actions,
    } = start;
    let (reply_tx, mut replies) = mpsc::unbounded_channel();
    let worker = Worker::spawn(backend, reply_tx, options);
    let drafts_path = crate::store::drafts::default_path();

    let mut model = Model::new(context);
    model.sts.settings = shell;
    model.watched = watched_actions;
    let size = terminal.size()?;
    model.size = (size.width, size.height);
    // The snapshot of the last run is the caller's: drawn once STS says who is calling.
    let mut cache_path: Option<PathBuf> = None;
    let mut early = app::init(&mut model);
    // Unfinished changes are offered once STS says who is calling: only the caller's own
    // (another profile's are settled under that profile). Without STS, all of them.
    let mut unfinished = Some(unfinished);
    if let Some(path) = &drafts_path {
        match crate::store::drafts::load(path) {
            Ok(drafts) => {
                app::update(&mut model, Msg::Drafts(drafts));
            }
            Err(why) => model.status = Some(app::Status::Info(why)),
        }
    }
    let creations_path = crate::store::creations::default_path();
    if let Some(path) = &creations_path {
        match crate::store::creations::load(path) {
            Ok(list) => early.extend(app::update(&mut model, Msg::Creations(list))),
            Err(why) => model.status = Some(app::Status::Info(why)),
        }
    }
    // A plan whose apply was cut short (Ctrl-C, a lost connection, kill -9) is resumed by
    // `:plan resume` (or `orgtui apply` on its file), which re-reads what is uncertain first.
    if let Some(dir) = crate::changeset::journal::default_dir() {
        let files: Vec<String> = (crate::changeset::journal::unfinished(&dir).into_iter())
            .map(|(_, l)| l.file)
            .collect();
        if !files.is_empty() {
            app::update(&mut model, Msg::PlansInterrupted(files));
        }
    }
    let mut io = Io {
        worker: &worker,
        terminal,
        handover: suspend::Terminal { mouse },
        theme,
        drafts: drafts_path.as_deref(),
        creations: creations_path.as_deref(),
    };
    dispatch(&mut io, &mut model, early)?;

    let mut dirty = true;
    loop {
        if dirty {
            let theme = io.theme;
            io.terminal.draw(|f| ui::view(&model, &theme, f))?;
            dirty = false;
            // Only now may a confirmation on screen be answered: keys queued before it
            // was drawn (a double Enter, a paste) have been dropped by then.
            let cmds = app::update(&mut model, Msg::Drawn);
            dispatch(&mut io, &mut model, cmds)?;
            if let Some(start) = probe {
                if !model.rows.is_empty() {
                    return Ok(Ended {
                        probe_ms: Some(start.elapsed().as_secs_f64() * 1000.0),
                        switch_to: None,
                        theme: io.theme,
                    });
                }
            }
        }
        if model.quit {
            if let Some(path) = &cache_path {
                save_snapshot(&model, path);
            }
            // Drafts typed since the last pause are not lost to the quit.
            if model.drafts_dirty {
                if let Some(path) = &drafts_path {
                    let _ = crate::store::drafts::save(path, &model.drafts);
                }
            }
            // A creation started since the last pause is polled again at the next start.
            if model.creations.dirty {
                if let Some(path) = &creations_path {
                    let _ = crate::store::creations::save(path, &model.creations.tracked);
                }
            }
            return Ok(Ended {
                probe_ms: None,
                switch_to: model.switch_to.take(),
                theme: io.theme,
            });
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
            if let Msg::Sts(StsReply::Caller(who)) = &msg {
                if let Some(list) = unfinished.take() {
                    let me = who.as_ref().ok();
                    let mine = list
                        .into_iter()
                        .filter(|(caller, _)| me.is_none_or(|me| made_by(me, caller)))
                        .map(|(_, change)| change)
                        .collect();
                    let cmds = app::update(&mut model, Msg::Unfinished(mine));
                    dispatch(&mut io, &mut model, cmds)?;
                }
            }
            if let (Msg::Sts(StsReply::Caller(Ok(me))), Some(c), None) = (&msg, &cache, &cache_path)
            {
                let path = snapshot::path_for(&c.dir, &c.source, &me.arn);
                // Only while nothing fresher is on screen.
                if model.organization().is_none() {
                    restore_snapshot(&mut model, &path);
                }
                cache_path = Some(path);
            }
            let idle = msg == Msg::Idle;
            let cmds = app::update(&mut model, msg);
            dirty |= !idle || !cmds.is_empty();
            dispatch(&mut io, &mut model, cmds)?;
        }
        if worker.handle.is_finished() {
            return Err(anyhow!("the background worker stopped unexpectedly"));
        }
    }
}

/// Whether an audit line's caller is `me`: the principal's ARN, or the account id the
/// audit falls back to when STS could not say.
fn made_by(me: &crate::sts::CallerIdentity, caller: &str) -> bool {
    caller == me.arn || caller == me.account
}

/// How the event loop starts: the title's facts, unfinished changes of an earlier run,
/// the snapshot cache file, the start-up probe, and the colours.
pub struct Start {
    pub context: Context,
    /// With the caller that attempted each (the audit log's).
    pub unfinished: Vec<(String, app::UnfinishedChange)>,
    pub cache: Option<SnapshotCache>,
    pub probe: Option<Instant>,
    pub theme: Theme,
    /// Mouse reporting is on (turned off while another program has the terminal).
    pub mouse: bool,
    pub shell: crate::shell::ShellSettings,
    /// The actions a change's confirmation evaluates before and after.
    pub watched_actions: Vec<String>,
}

/// Where the snapshot cache is: a file per source and caller in `dir`.
pub struct SnapshotCache {
    pub dir: PathBuf,
    /// "profile admin", "demo organization", …
    pub source: String,
}

/// Draws what the last run read (`path`), to be refreshed in the background.
fn restore_snapshot(model: &mut Model, path: &std::path::Path) {
    match snapshot::read(path) {
        Ok(Some(snap)) => {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64);
            let age = snapshot::age(&snap.read_at, now);
            app::cached::load_snapshot(model, snap, age);
        }
        Ok(None) => {}
        Err(why) => {
            model.status = Some(app::Status::Info(format!(
                "Ignored the snapshot of the last run: {why}"
            )))
        }
    }
}

/// Keeps what was read for the next start; a failure is only logged (it is a cache).
fn save_snapshot(model: &Model, path: &std::path::Path) {
    if let Some(snap) = app::cached::snapshot_of(model, &crate::time::now_rfc3339()) {
        if let Err(e) = snapshot::write(path, &snap) {
            tracing::warn!(%e, "the snapshot of the organization was not written");
        }
    }
}

/// After another program had the terminal: whatever it left on screen, the next frame is
/// drawn whole, at the size the terminal has now.
fn redraw_whole(terminal: &mut ratatui::DefaultTerminal, model: &mut Model) -> Result<Vec<Cmd>> {
    terminal.clear()?;
    let size = terminal.size()?;
    Ok(app::update(model, Msg::Resize(size.width, size.height)))
}

/// What carrying out commands needs besides the worker: the terminal (to hand it to an
/// editor), the input pause, and where drafts are kept.
struct Io<'a> {
    worker: &'a Worker,
    terminal: &'a mut ratatui::DefaultTerminal,
    /// How the terminal is set up, to restore it after another program had it.
    handover: suspend::Terminal,
    /// The colours in use (`:theme` switches them).
    theme: Theme,
    drafts: Option<&'a std::path::Path>,
    creations: Option<&'a std::path::Path>,
}

fn dispatch(io: &mut Io, model: &mut Model, cmds: Vec<Cmd>) -> Result<()> {
    for cmd in cmds {
        match cmd {
            Cmd::Copy(text) => copy_osc52(&text),
            Cmd::SsoLogin { profile } => {
                let done = suspend::handed_over(io.handover, || suspend::sso_login(&profile));
                let mut more = redraw_whole(io.terminal, model)?;
                more.extend(app::update(model, Msg::SsoLoggedIn(done)));
                dispatch(io, model, more)?;
            }
            Cmd::ListContexts => {
                let more = app::update(model, Msg::Contexts(contexts()));
                dispatch(io, model, more)?;
            }
            Cmd::Quit => {}
            Cmd::Theme(name) => {
                if let Some(theme) = io.theme.switched_to(&name) {
                    io.theme = theme;
                }
            }
            Cmd::Export { format, path } => {
                let done = export_model(model, format, &path).map(|()| path);
                let more = app::update(model, Msg::Exported(done));
                dispatch(io, model, more)?;
            }
            Cmd::SavePlan { path, text } => {
                let done = std::fs::write(&path, text)
                    .map(|()| path.clone())
                    .map_err(|e| format!("cannot write {path}: {e}"));
                let more = app::update(model, Msg::Exported(done));
                dispatch(io, model, more)?;
            }
            Cmd::OpenPlan { path } => {
                let read = crate::changeset::cli::load(std::path::Path::new(&path));
                let more = app::update(model, Msg::PlanOpened(read.map(|(_, plan)| plan)));
                dispatch(io, model, more)?;
            }
            Cmd::ResumePlan { path } => {
                let read = crate::changeset::cli::load(std::path::Path::new(&path));
                let result = read.map(|(_, plan)| plan);
                let more = app::update(model, Msg::PlanResumable { path, result });
                dispatch(io, model, more)?;
            }
            Cmd::UndoPlan { journal } => {
                let undo = crate::changeset::session::undo_of(std::path::Path::new(&journal));
                let more = app::update(model, Msg::PlanUndo(undo));
                dispatch(io, model, more)?;
            }
            Cmd::EditExternal { text } => {
                let editor = suspend::editor_command();
                let done = suspend::handed_over(io.handover, || suspend::edit_text(&editor, &text));
                let mut more = redraw_whole(io.terminal, model)?;
                more.extend(app::update(model, Msg::Edited(done)));
                dispatch(io, model, more)?;
            }
            Cmd::Shell(launch) => {
                let result = crate::runtime::shell::run(&launch, io.handover);
                let mut more = redraw_whole(io.terminal, model)?;
                more.extend(app::update(
                    model,
                    Msg::Sts(StsReply::ShellEnded {
                        account: launch.account,
                        result,
                    }),
                ));
                dispatch(io, model, more)?;
            }
            Cmd::SaveDrafts(drafts) => {
                if let Some(path) = io.drafts {
                    if let Err(why) = crate::store::drafts::save(path, &drafts) {
                        model.status =
                            Some(app::Status::Info(format!("Policy drafts not saved: {why}")));
                    }
                }
            }
            Cmd::SaveCreations(list) => {
                if let Some(path) = io.creations {
                    if let Err(why) = crate::store::creations::save(path, &list) {
                        model.status = Some(app::Status::Info(format!(
                            "Account creations in progress not kept: {why}"
                        )));
                    }
                }
            }
            cmd => {
                if cmd.into_job().is_some_and(|job| !io.worker.send(job)) {
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
    let snap = app::cached::snapshot_of(model, &crate::time::now_rfc3339())
        .ok_or("the organization is not read yet")?;
    use crate::export::Format;
    let format = match format {
        app::ExportFormat::Json => Format::Json,
        app::ExportFormat::Csv => Format::Csv,
        app::ExportFormat::Tree => Format::Tree,
        app::ExportFormat::Dot => Format::Dot,
        app::ExportFormat::Mermaid => Format::Mermaid,
    };
    let text = crate::export::render(&snap, format, crate::export::Options::default());
    crate::paths::write_atomically(std::path::Path::new(path), text.as_bytes())
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

/// The profiles of the AWS config files, and the demo.
fn contexts() -> Vec<app::ContextChoice> {
    let mut list: Vec<app::ContextChoice> = crate::profiles::list()
        .into_iter()
        .map(|p| app::ContextChoice {
            uses: p.uses().join(" · "),
            name: p.name,
        })
        .collect();
    list.push(app::ContextChoice {
        name: app::contexts::DEMO.into(),
        uses: "built in, no AWS account needed".into(),
    });
    list
}
