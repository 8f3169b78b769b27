//! `:ctx` / `:profile`: several organizations, one at a time, like k9s contexts. The
//! terminal side reads the profiles of the AWS config files (`Cmd::ListContexts`,
//! answered with `Msg::Contexts`, at start and at every `:ctx`); switching ends this
//! session once no change is in flight (`switch_to`), and the event loop starts the next
//! one with a fresh backend, its own snapshot cache, audit caller and model.

use crate::text::safe;

use super::dialogs::{Dialog, PickFor, Picker};
use super::model::{Mode, Model, Status};
use super::msg::Cmd;
use super::requests::Pending;

/// The built-in demo organization, offered beside the profiles (no profile name starts
/// with a colon in practice).
pub const DEMO: &str = ":demo";

/// The profile (or the demo) on screen now, from how orgtui was started.
pub fn current(m: &Model) -> String {
    let source = m.context.source.split(" @ ").next().unwrap_or_default();
    match source.strip_prefix("profile ") {
        Some(name) => name.to_string(),
        None if source.starts_with("demo") => DEMO.to_string(),
        None => "default".to_string(),
    }
}

/// `:ctx [PROFILE]`: switches to the profile named, or offers every profile in a picker.
pub fn start(m: &mut Model, arg: &str, cmds: &mut Vec<Cmd>) -> Result<(), String> {
    // Read again for next time: a profile added meanwhile shows at the next `:ctx`.
    cmds.push(Cmd::ListContexts);
    let arg = arg.trim();
    if !arg.is_empty() {
        return switch(m, arg, cmds);
    }
    if m.contexts.is_empty() {
        return Err(
            "no AWS profiles found (~/.aws/config, ~/.aws/credentials, AWS_CONFIG_FILE)".into(),
        );
    }
    m.mode = Mode::Dialog(Dialog::Picker(Picker::new(PickFor::Context)));
    Ok(())
}

/// The picker's choices: every profile with what it signs in with, the current one said.
pub fn choices(m: &Model) -> Vec<super::dialogs::Choice> {
    let now = current(m);
    m.contexts
        .iter()
        .map(|c| super::dialogs::Choice {
            id: c.name.clone(),
            label: if c.name == DEMO {
                "demo organization".into()
            } else {
                c.name.clone()
            },
            note: match (c.name == now, c.uses.is_empty()) {
                (true, true) => "● on screen".into(),
                (true, false) => format!("● on screen · {}", c.uses),
                (false, _) => c.uses.clone(),
            },
        })
        .collect()
}

/// Ends this session for `name`'s, unless changes are still being sent.
pub fn switch(m: &mut Model, name: &str, cmds: &mut Vec<Cmd>) -> Result<(), String> {
    if !m.contexts.iter().any(|c| c.name == name) {
        let names: Vec<&str> = m.contexts.iter().map(|c| c.name.as_str()).collect();
        return Err(format!(
            "no profile \"{}\" in the AWS config files; the profiles are {}",
            safe(name),
            names.join(", ")
        ));
    }
    if name == current(m) {
        m.status = Some(Status::Info(format!("{} is on screen already", safe(name))));
        return Ok(());
    }
    let sending = matches!(&m.mode, Mode::Dialog(Dialog::Progress(p)) if !p.done())
        || m.requests.any(|p| matches!(p, Pending::Change(_)));
    if sending {
        return Err(
            "changes are still being sent: switch once they have answered (their outcome is audited under this profile)"
                .into(),
        );
    }
    if let Some(why) = super::staged::unfinished_plan(m) {
        return Err(format!("{why}; then switch"));
    }
    m.mode = Mode::Normal;
    m.switch_to = Some(name.to_string());
    m.quit = true;
    cmds.push(Cmd::Quit);
    Ok(())
}

/// The profile to run `aws sso login` for: the one on screen, when it signs in with SSO
/// and the organization, or a later read (the status line says which), failed for want
/// of credentials: a token may expire mid-session.
pub fn sso_login_offer(m: &Model) -> Option<String> {
    let failed = match (&m.org, &m.status) {
        (Some(super::cache::Loadable::Failed(e)), _) => e,
        (_, Some(Status::Error(e))) => e,
        _ => return None,
    };
    if failed.kind != crate::org::ErrorKind::Credentials {
        return None;
    }
    let name = current(m);
    m.contexts
        .iter()
        .find(|c| c.name == name && c.uses.split(" · ").any(|u| u == "SSO"))
        .map(|c| c.name.clone())
}

/// `L`: hands the terminal to `aws sso login --profile NAME` (`Msg::SsoLoggedIn` after).
pub fn sso_login(m: &mut Model, cmds: &mut Vec<Cmd>) {
    match sso_login_offer(m) {
        Some(profile) => cmds.push(Cmd::SsoLogin { profile }),
        None => {
            m.status = Some(Status::Info(
                "L signs in again when the SSO session of the profile on screen has expired".into(),
            ))
        }
    }
}

/// After `aws sso login`: read the organization again, or say why it did not run.
pub fn sso_logged_in(m: &mut Model, result: Result<(), String>, cmds: &mut Vec<Cmd>) {
    match result {
        // Mid-session, what failed is read again with everything loaded (as `R`).
        Ok(()) if m.organization().is_some() => {
            super::subtree::refresh_all(m, cmds);
            m.status = Some(Status::Info(
                "Signed in again; reading everything loaded again…".into(),
            ));
        }
        Ok(()) => {
            m.status = Some(Status::Info(
                "Signed in again; reading the organization…".into(),
            ));
            cmds.extend(super::actions::init(m));
        }
        Err(why) => m.status = Some(Status::Info(format!("aws sso login: {why}"))),
    }
}
