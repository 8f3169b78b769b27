//! Running the shell with the account's credentials, while the terminal is handed over
//! (`super::suspend`).

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::Command;

use crate::runtime::suspend::{handed_over, Terminal};
use crate::shell::{Launch, REMOVED};

/// Suspends the TUI, runs the shell and resumes; how the shell ended, or why it could not
/// run. The caller redraws everything afterwards.
pub fn run(launch: &Launch, terminal: Terminal) -> Result<String, String> {
    handed_over(terminal, || run_shell(launch))
}

fn run_shell(launch: &Launch) -> Result<String, String> {
    let shell = std::env::var("SHELL")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "/bin/sh".into());
    let exp = launch.assumed.credentials.expiration.as_deref();
    let mut out = io::stdout();
    let _ = writeln!(
        out,
        "orgtui: a shell in {} ({}) as {}{}.\norgtui: `exit` returns to orgtui.",
        crate::text::safe(&launch.account_name),
        launch.account,
        launch.role_arn,
        exp.map(|e| format!(", credentials valid until {e}"))
            .unwrap_or_default(),
    );
    let _ = out.flush();
    let mut cmd = Command::new(&shell);
    for var in REMOVED {
        cmd.env_remove(var);
    }
    cmd.envs(launch.env());
    let hint = launch.prompt_hint();
    // bash reads PS1 from ~/.bashrc, so it gets an rc file that sources that first and
    // then adds the hint; other shells take PS1 from the environment.
    let rcfile = if shell.rsplit('/').next() == Some("bash") {
        let path = bash_rcfile().map_err(|e| format!("cannot write bash's rc file: {e}"))?;
        cmd.env("ORGTUI_PROMPT", &hint)
            .arg("--rcfile")
            .arg(&path)
            .arg("-i");
        Some(path)
    } else {
        let ps1 = std::env::var("PS1").unwrap_or_else(|_| "$ ".into());
        cmd.env("PS1", format!("{hint}{ps1}"));
        None
    };
    let active = super::shell_signals::Active::start();
    let status = cmd.status();
    drop(active);
    if let Some(path) = rcfile {
        let _ = std::fs::remove_file(path);
    }
    let status = status.map_err(|e| format!("cannot run {shell}: {e}"))?;
    Ok(match status.code() {
        Some(code) => format!("exit status {code}"),
        None => "ended by a signal".into(),
    })
}

/// A private rc file for bash: the user's ~/.bashrc, then the prompt hint.
fn bash_rcfile() -> io::Result<PathBuf> {
    use std::os::unix::fs::OpenOptionsExt;
    let path = std::env::temp_dir().join(format!(
        "orgtui-bashrc-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)?;
    f.write_all(b"[ -f ~/.bashrc ] && . ~/.bashrc\nPS1=\"${ORGTUI_PROMPT}${PS1:-\\s-\\v\\$ }\"\n")?;
    Ok(path)
}
