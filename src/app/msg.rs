//! Messages into `update` and commands out of it. Commands are plain data; the worker
//! carries out their `Job`s (`Cmd::Work`) and answers with `Msg::Reply`.

use ratatui::crossterm::event::KeyEvent;

use crate::org::OrgError;

pub use crate::protocol::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    /// The worker's part: reads, changes, checks, cancellations, STS.
    Work(Job),
    /// Write what the model has read of the organization to `path` in `format`.
    Export {
        format: ExportFormat,
        path: String,
    },
    /// Copy text to the clipboard (OSC 52).
    Copy(String),
    /// Suspend the UI and edit `text` in $VISUAL/$EDITOR; answered with `Msg::Edited`.
    EditExternal {
        text: String,
    },
    /// Switch to the built-in theme of this name (the user's colours stay).
    Theme(String),
    /// Keep these policy drafts in the state directory (replacing what is there).
    SaveDrafts(Vec<crate::store::drafts::Draft>),
    /// Keep these account creations in progress in the state directory.
    SaveCreations(Vec<crate::app::creation::Tracked>),
    /// Hand the terminal to `aws sso login --profile PROFILE` (answered with
    /// `Msg::SsoLoggedIn`).
    SsoLogin {
        profile: String,
    },
    /// Read the profiles of the AWS config files (answered with `Msg::Contexts`).
    ListContexts,
    /// Write the staged plan to `path` (answered with `Msg::Exported`).
    SavePlan {
        path: String,
        text: String,
    },
    /// Read a plan file (answered with `Msg::PlanOpened`).
    OpenPlan {
        path: String,
    },
    /// Read the plan file of an interrupted apply, to go on with it (answered with
    /// `Msg::PlanResumable`).
    ResumePlan {
        path: String,
    },
    /// Make the inverse plan of an applied one from its journal (answered with
    /// `Msg::PlanOpened`).
    UndoPlan {
        journal: String,
    },
    /// Suspend the UI and open a shell with these credentials (the main loop's business).
    Shell(crate::shell::Launch),
    Quit,
}

/// A profile of the AWS config files (or the demo), as `:ctx` offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextChoice {
    pub name: String,
    /// What it signs in with: "SSO", "role arn:…", "keys", "endpoint http://…".
    pub uses: String,
}

/// The formats of `orgtui export`, as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Csv,
    Tree,
    Dot,
    Mermaid,
}

impl ExportFormat {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "json" => ExportFormat::Json,
            "csv" => ExportFormat::Csv,
            "tree" => ExportFormat::Tree,
            "dot" => ExportFormat::Dot,
            "mermaid" => ExportFormat::Mermaid,
            _ => return None,
        })
    }

    /// The file name extension people use for it.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
            ExportFormat::Tree => "txt",
            ExportFormat::Dot => "dot",
            ExportFormat::Mermaid => "mmd",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste): it goes to the text field that has
    /// the keyboard and never presses a key, so a pasted newline confirms nothing.
    Paste(String),
    /// The terminal's new size (columns, rows).
    Resize(u16, u16),
    /// A click or the wheel (only with the mouse turned on).
    Mouse(super::mouse::Pointer),
    /// Changes an earlier run attempted without recording their outcome (from the audit
    /// log at start).
    Unfinished(Vec<super::dialogs::UnfinishedChange>),
    /// An export asked for with `:export` was written (the path) or failed (why).
    Exported(Result<String, String>),
    /// What $VISUAL/$EDITOR left in the file (or why it could not run).
    Edited(Result<String, String>),
    /// `aws sso login` ended (or could not run: why).
    SsoLoggedIn(Result<(), String>),
    /// The profiles `:ctx` can switch to.
    Contexts(Vec<ContextChoice>),
    /// A plan file read for `:plan open` (or why it could not be: each line a problem).
    PlanOpened(Result<crate::changeset::PlanFile, Vec<String>>),
    /// Plan files whose apply an earlier run left unfinished (from their journals).
    PlansInterrupted(Vec<String>),
    /// The plan file of an interrupted apply was read for `:plan resume` (or why not).
    PlanResumable {
        path: String,
        result: Result<crate::changeset::PlanFile, Vec<String>>,
    },
    /// The inverse of the applied plan, and the steps it cannot undo (or why there is none).
    PlanUndo(Result<(crate::changeset::PlanFile, Vec<String>), String>),
    /// Policy drafts kept from an earlier session.
    Drafts(Vec<crate::store::drafts::Draft>),
    /// Account creations an earlier session left in progress (polled again).
    Creations(Vec<crate::app::creation::Tracked>),
    /// A frame was drawn: a confirmation on screen may now be answered.
    Drawn,
    /// How the worker's shared limit stands (AWS throttling, calls waiting).
    Throttle(crate::net::throttle::LimitStatus),
    /// No input for a short while: a good moment to load details of the selection
    /// (so holding `j` does not fire a request per row).
    Idle,
    Reply {
        req: ReqId,
        result: Result<Reply, OrgError>,
    },
    /// The worker's STS answers, and the end of a shell.
    Sts(crate::sts::StsReply),
}

impl From<Answer> for Msg {
    fn from(a: Answer) -> Self {
        match a {
            Answer::Reply { req, result } => Msg::Reply { req, result },
            Answer::Throttle(s) => Msg::Throttle(s),
            Answer::Sts(r) => Msg::Sts(r),
        }
    }
}

impl Cmd {
    /// The worker's part of a command (the rest is the terminal's business).
    pub fn into_job(self) -> Option<Job> {
        match self {
            Cmd::Work(job) => Some(job),
            _ => None,
        }
    }
}
