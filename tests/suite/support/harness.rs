//! A headless orgtui: the real app (`app::update`) and the real `Worker` over any backend,
//! driven by keys like the binary's event loop (minus the terminal), recording what came
//! back (change outcomes, failed reads, throttling) with the time it arrived.

use std::sync::Arc;
use std::time::{Duration, Instant};

use orgtui::app::{self, Changed, Cmd, Context, Model, Msg, Progress, Reply};

use super::look::Look;
use orgtui::net::throttle::LimitStatus;
use orgtui::org::{OrgBackend, OrgError};
use orgtui::worker::{Options, Worker};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tokio::sync::mpsc;

pub struct Harness {
    pub model: Model,
    worker: Worker,
    replies: mpsc::UnboundedReceiver<Msg>,
    pub started: Instant,
    /// Every change outcome the worker answered, with when it arrived.
    pub changed: Vec<(Duration, Changed)>,
    /// Every request answered with an error, with when it arrived.
    pub errors: Vec<(Duration, OrgError)>,
    /// The worker's limit as the status line saw it, over time.
    pub throttle: Vec<(Duration, LimitStatus)>,
    /// When the first change was handed to the worker.
    pub first_change: Option<Duration>,
    /// Run once, just before the first change is handed to the worker (to start faults
    /// only once the change is confirmed, so loading and the confirmation are not hit).
    before_first_change: Option<Box<dyn FnOnce() + Send>>,
}

impl Harness {
    pub fn new(backend: Arc<dyn OrgBackend>, options: Options) -> Harness {
        let (tx, replies) = mpsc::unbounded_channel();
        let worker = Worker::spawn(backend, tx, options);
        let mut h = Harness {
            model: Model::new(Context::default()),
            worker,
            replies,
            started: Instant::now(),
            changed: Vec::new(),
            errors: Vec::new(),
            throttle: Vec::new(),
            first_change: None,
            before_first_change: None,
        };
        h.model.size = (120, 40);
        let cmds = app::init(&mut h.model);
        h.dispatch(cmds);
        h
    }

    pub fn before_first_change(&mut self, f: impl FnOnce() + Send + 'static) {
        self.before_first_change = Some(Box::new(f));
    }

    fn dispatch(&mut self, cmds: Vec<Cmd>) {
        for cmd in cmds {
            if let Cmd::Work(orgtui::app::Job::Change { .. }) = cmd {
                if let Some(f) = self.before_first_change.take() {
                    f();
                }
                self.first_change.get_or_insert(self.started.elapsed());
            }
            // Read here as the event loop reads it: the plan file of an interrupted apply.
            if let Cmd::ResumePlan { path } = cmd {
                let read = orgtui::changeset::cli::load(std::path::Path::new(&path));
                let result = read.map(|(_, plan)| plan);
                self.send(Msg::PlanResumable { path, result });
                continue;
            }
            if let Some(job) = cmd.into_job() {
                assert!(self.worker.send(job), "worker alive");
            }
        }
    }

    pub fn send(&mut self, msg: Msg) {
        let now = self.started.elapsed();
        match &msg {
            Msg::Reply {
                result: Ok(Reply::Changed(c)),
                ..
            } => self.changed.push((now, c.clone())),
            Msg::Reply { result: Err(e), .. } => self.errors.push((now, e.clone())),
            Msg::Throttle(s) => self.throttle.push((now, *s)),
            _ => {}
        }
        let cmds = app::update(&mut self.model, msg);
        self.dispatch(cmds);
    }

    pub fn key(&mut self, code: KeyCode) {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    pub fn ch(&mut self, c: char) {
        self.key(KeyCode::Char(c));
    }

    pub fn typed(&mut self, text: &str) {
        for c in text.chars() {
            self.ch(c);
        }
    }

    /// Feeds replies until `done` holds; panics after `limit`.
    pub async fn until(&mut self, limit: Duration, what: &str, done: impl Fn(&Model) -> bool) {
        let deadline = Instant::now() + limit;
        while !done(&self.model) {
            let left = deadline.saturating_duration_since(Instant::now());
            let msg = tokio::time::timeout(left, self.replies.recv())
                .await
                .unwrap_or_else(|_| {
                    panic!(
                        "{what}: not within {limit:?}; mode {:?}",
                        self.model.overlay()
                    )
                })
                .expect("worker alive");
            self.send(msg);
        }
    }

    /// Feeds replies until nothing is pending.
    pub async fn settle(&mut self, limit: Duration) {
        self.until(limit, "settle", |m| m.nothing_pending()).await;
    }

    /// Selects the visible row named `name`.
    pub fn select(&mut self, name: &str) {
        self.key(KeyCode::Home);
        for _ in 0..self.model.row_count() {
            if self.model.selected_node().is_some_and(|n| n.name() == name) {
                return;
            }
            self.key(KeyCode::Down);
        }
        panic!("{name} not in the tree");
    }

    /// The progress dialog (or its summary), if it is open.
    pub fn progress(&self) -> Option<&Progress> {
        self.model.progress()
    }

    /// Confirms the confirmation on screen the way a user does: it is drawn, then `y`.
    /// Waits until the re-reads before sending are in and the changes have been sent.
    pub async fn confirm(&mut self, limit: Duration) {
        assert!(
            self.model.confirmation().is_some(),
            "a confirmation is open: {:?}",
            self.model.overlay()
        );
        self.send(Msg::Drawn);
        self.ch('y');
        self.until(limit, "the change is confirmed", |m| {
            m.confirmation().is_none()
        })
        .await;
    }
}
