//! The caller and the shell, on the pure side: who is calling (GetCallerIdentity at start,
//! shown in the title bar and recorded as the audit log's caller), `s` (assume a role in
//! the selected account, then open a shell) and `:creds` (the same credentials as
//! `export` lines in an overlay, `y` copies them).
//!
//! If Organizations answers but STS does not, orgtui works on: the title bar says
//! "caller unknown", the status line says why, and the audit log records the management
//! account's id as before.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::org::OrgError;
use crate::shell::{Launch, ShellSettings};
use crate::sts::{self, CallerIdentity, Purpose, RoleRequest, StsCmd, StsReply};

use super::cache::Loadable;
use super::model::{Model, Status, View};
use super::msg::{Cmd, Job};

/// What `s` and `:creds` keep in the model.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StsState {
    /// GetCallerIdentity: None until asked.
    pub caller: Option<Loadable<CallerIdentity>>,
    pub settings: ShellSettings,
    /// The AssumeRole under way, by its `seq`.
    pub pending: Option<u64>,
    next_seq: u64,
    /// `:creds` on screen: the account and its `export` lines. Dropped when closed.
    pub exports: Option<Exports>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exports {
    pub account: String,
    pub account_name: String,
    pub role_arn: String,
    pub expiration: Option<String>,
    pub lines: Vec<String>,
}

/// Asks who is calling (at start, and on a retry of the start unless STS answered).
pub fn ask_caller(m: &mut Model, cmds: &mut Vec<Cmd>) {
    if matches!(m.sts.caller, Some(Loadable::Loaded(_))) {
        return;
    }
    m.sts.caller = Some(Loadable::Loading);
    cmds.push(Cmd::Work(Job::Sts(StsCmd::Caller)));
}

/// The audit log's caller: the principal's ARN once STS has said, else the management
/// account's id.
pub fn audit_caller(m: &Model) -> String {
    match &m.sts.caller {
        Some(Loadable::Loaded(c)) => c.arn.clone(),
        _ => m
            .organization()
            .map(|o| o.master_account_id.clone())
            .unwrap_or_default(),
    }
}

/// The title bar's words for the caller once STS has answered: the principal's whole ARN
/// when it fits in `room` columns, else `ACCOUNT:RESOURCE` (the account left out when it
/// is the management account, shown already), cut with "…" if need be; `Err` when STS
/// failed; nothing in less than `MIN_ROOM` columns.
pub fn caller_label(m: &Model, room: usize) -> Option<Result<String, &'static str>> {
    if room < MIN_ROOM {
        return None;
    }
    let me = match m.sts.caller.as_ref()? {
        Loadable::Loaded(me) => me,
        Loadable::Failed(_) => return Some(Err("caller unknown")),
        Loadable::Loading => return None,
    };
    let arn = crate::text::safe(&me.arn);
    if arn.chars().count() <= room {
        return Some(Ok(arn.into_owned()));
    }
    let resource = arn.splitn(6, ':').nth(5).unwrap_or(&arn);
    let mgmt = m.organization().map(|o| o.master_account_id.as_str());
    let short = if mgmt == Some(me.account.as_str()) {
        resource.to_string()
    } else {
        format!("{}:{resource}", crate::text::safe(&me.account))
    };
    Some(Ok(if short.chars().count() > room {
        short.chars().take(room - 1).chain(['…']).collect()
    } else {
        short
    }))
}

/// Less room than this, and the title bar leaves the caller out.
const MIN_ROOM: usize = 12;

/// The selected account (tree or accounts view): id and name.
fn selected_account(m: &Model) -> Option<(String, String)> {
    let account = match m.view {
        View::Tree => m.selected.and_then(|ix| m.nodes[ix].account()),
        View::Accounts => m.visible_accounts().get(m.accounts_view.selected).copied(),
        View::Policies | View::Creations => None,
    }?;
    Some((account.id.clone(), account.name.clone()))
}

/// `s` (Purpose::Shell) or `:creds` (Purpose::Exports) on the selection: asks the worker
/// for the role's credentials. The error says why nothing was asked.
pub fn start(m: &mut Model, purpose: Purpose, cmds: &mut Vec<Cmd>) -> Result<(), String> {
    let what = match purpose {
        Purpose::Shell => "s opens a shell",
        Purpose::Exports => ":creds shows credentials",
    };
    let (account, account_name) = selected_account(m).ok_or_else(|| {
        format!("{what} in an account: select one in the tree or the accounts view")
    })?;
    if m.context.read_only && !m.sts.settings.in_read_only {
        return Err(format!(
            "read-only: {what} only when shell_in_read_only is not false in the config"
        ));
    }
    if m.sts.pending.is_some() {
        return Err("a role is being assumed already; wait for it".into());
    }
    let partition = match &m.sts.caller {
        Some(Loadable::Loaded(c)) => c.partition().to_string(),
        _ => "aws".into(),
    };
    let role = m.sts.settings.role_for(&account, &account_name);
    let role_arn = sts::role_arn(&partition, &account, role);
    m.sts.next_seq += 1;
    let seq = m.sts.next_seq;
    m.sts.pending = Some(seq);
    m.status = Some(Status::Info(format!(
        "Assuming {role_arn} for {}…",
        purpose.name()
    )));
    cmds.push(Cmd::Work(Job::Sts(StsCmd::AssumeRole(RoleRequest {
        seq,
        account,
        account_name,
        role_arn,
        duration_seconds: m.sts.settings.table.duration_seconds,
        caller: audit_caller(m),
        purpose,
    }))));
    Ok(())
}

/// `s` pressed: like `start`, a refusal goes to the status line.
pub fn on_key(m: &mut Model, cmds: &mut Vec<Cmd>) {
    if let Err(why) = start(m, Purpose::Shell, cmds) {
        m.status = Some(Status::Info(why));
    }
}

pub fn on_reply(m: &mut Model, reply: StsReply, cmds: &mut Vec<Cmd>) {
    match reply {
        StsReply::Caller(Ok(me)) => {
            m.sts.caller = Some(Loadable::Loaded(me));
            super::changes::say_if_member(m);
        }
        StsReply::Caller(Err(e)) => {
            // When Organizations failed too, its screen already says what is wrong.
            if !matches!(m.org, Some(Loadable::Failed(_))) {
                m.status = Some(Status::Error(OrgError::with_kind(
                    e.kind,
                    e.code.clone(),
                    // AWS's message is in the log; the explanation must stay on the line.
                    "STS GetCallerIdentity failed: the audit names the management account",
                )));
            }
            m.sts.caller = Some(Loadable::Failed(e));
        }
        StsReply::Assumed { request, result } => {
            if m.sts.pending != Some(request.seq) {
                return;
            }
            m.sts.pending = None;
            match result {
                // Which role where, and what it means: AWS's own (long) message is in
                // the log, where it does not push the explanation off the line.
                Err(e) => {
                    let role = request.role_arn.rsplit('/').next().unwrap_or_default();
                    m.status = Some(Status::Error(OrgError::with_kind(
                        e.kind,
                        e.code.clone(),
                        format!("{role} in {}", request.account),
                    )))
                }
                Ok(assumed) => {
                    let launch = Launch {
                        account: request.account,
                        account_name: request.account_name,
                        role_arn: request.role_arn,
                        assumed,
                    };
                    match request.purpose {
                        Purpose::Shell => {
                            m.status = None;
                            cmds.push(Cmd::Shell(launch));
                        }
                        Purpose::Exports => {
                            m.status = None;
                            m.sts.exports = Some(Exports {
                                lines: launch.export_lines(),
                                expiration: launch.assumed.credentials.expiration.clone(),
                                account: launch.account,
                                account_name: launch.account_name,
                                role_arn: launch.role_arn,
                            });
                        }
                    }
                }
            }
        }
        StsReply::ShellEnded { account, result } => {
            m.status = Some(match result {
                Ok(how) => Status::Info(format!("Back from the shell in {account} ({how})")),
                Err(why) => Status::Error(OrgError::new("ShellFailed", why)),
            });
        }
    }
}

/// A key while `:creds` is on screen: `y` copies the lines, any other key closes it (and
/// the credentials are forgotten).
pub fn on_exports_key(m: &mut Model, key: KeyEvent, cmds: &mut Vec<Cmd>) {
    if key.code == KeyCode::Char('y') {
        if let Some(e) = &m.sts.exports {
            cmds.push(Cmd::Copy(e.lines.join("\n")));
            m.status = Some(Status::Info(format!(
                "Copied the export lines for {} to the clipboard",
                e.account
            )));
        }
    }
    m.sts.exports = None;
}
