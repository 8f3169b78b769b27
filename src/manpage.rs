//! The manual page, orgtui(1): clap's name, synopsis and options, then what `--help`
//! cannot hold, written from the same data the program uses: the subcommands with their
//! options, every key by scope (from the key table, with the names `[keys]` uses), every
//! config key, the files, the environment and the exit statuses. `orgtui man` prints it;
//! `man/orgtui.1` is its output, kept in the repository (a test compares the two).

use std::fmt::Write;

use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use crate::keymap::{key_label, Scope, KEYMAP};

/// What each key of the config file does (`crate::config::KEYS`; a test checks each has
/// one).
fn config_key_help(key: &str) -> &'static str {
    match key {
        "read_only" => "true: no change to the organization is possible (as --read-only).",
        "audit_log" => "Where attempted changes are logged (as --audit-log).",
        "timeout_seconds" => "Seconds one attempt of a request may take (10).",
        "operation_timeout_seconds" => "Seconds a request may take with its retries (30).",
        "concurrency" => "Calls to AWS at once while it does not throttle (8).",
        "profile" => "The AWS profile when --profile is not given; wins over AWS_PROFILE.",
        "mouse" => "true: click selects, the wheel scrolls, double-click expands (as --mouse).",
        "theme" => "\"dark\", \"light\" or \"high-contrast\".",
        "shell_in_read_only" => "Whether s and :creds work under read_only (true).",
        "shell" => {
            "[shell]: role (OrganizationAccountAccessRole), duration_seconds (3600) and roles for some accounts, for s and :creds."
        }
        "watched_actions" => {
            "The actions a confirmation of a move, attach, detach or policy update evaluates before and after, for the accounts it affects (ec2:RunInstances, s3:PutObject, iam:CreateUser, organizations:LeaveOrganization); [] turns it off."
        }
        "colors" => "[colors]: colours of your own for the theme's roles.",
        "keys" => {
            "[keys.SCOPE]: action = \"key\" or a list of keys, replacing the action's keys; [] unbinds. The actions are named under KEYS."
        }
        _ => "",
    }
}

/// What the scopes of the key table are, as a heading.
fn scope_title(scope: Scope) -> &'static str {
    match scope {
        Scope::Global => "Everywhere in the main views",
        Scope::Tree => "The tree view",
        Scope::Detail => "The detail pane",
        Scope::Policies => "Policies",
        Scope::Lists => "The accounts and policies lists",
        Scope::Filter => "The filter line (/)",
        Scope::Command => "The command palette (:)",
        Scope::Picker => "Pickers",
        Scope::Prompt => "Prompts",
        Scope::Confirm => "Confirmations",
        Scope::Progress => "Changes being sent, and their summary",
        Scope::Quit => "Quitting while changes are in flight",
        Scope::Unfinished => "Changes an earlier run left unfinished",
        Scope::Text => "Editing keys of every text field",
        Scope::Plan => "The plan (:plan): staged changes reviewed and applied together",
    }
}

const FILES: &[(&str, &str)] = &[
    (
        "$XDG_CONFIG_HOME/orgtui/config.toml",
        "The config file (~/.config/orgtui/config.toml), or --config PATH.",
    ),
    (
        "$XDG_STATE_HOME/orgtui/audit.jsonl",
        "The audit log: a line before each change is sent and one with its outcome (~/.local/state/orgtui).",
    ),
    (
        "$XDG_STATE_HOME/orgtui/orgtui.log",
        "The log file (--log-file); ORGTUI_LOG sets what is logged.",
    ),
    (
        "$XDG_STATE_HOME/orgtui/drafts.json",
        "Policy drafts not yet saved.",
    ),
    (
        "$XDG_STATE_HOME/orgtui/creations.json",
        "Account creations still being followed.",
    ),
    (
        "$XDG_CACHE_HOME/orgtui/",
        "Snapshots of organizations, one per source and caller (~/.cache/orgtui; --no-cache).",
    ),
    (
        "~/.aws/config, ~/.aws/credentials",
        "The AWS profiles (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE).",
    ),
];

const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "AWS_PROFILE",
        "The profile when neither --profile nor the config's profile is given.",
    ),
    ("AWS_REGION", "The region, as --region."),
    ("AWS_ENDPOINT_URL", "The endpoint, as --endpoint-url."),
    (
        "AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE",
        "Where the AWS profiles are.",
    ),
    (
        "XDG_CONFIG_HOME, XDG_STATE_HOME, XDG_CACHE_HOME",
        "Where orgtui's files are (FILES).",
    ),
    (
        "ORGTUI_LOG",
        "What is logged, as a tracing filter (orgtui=info).",
    ),
    (
        "VISUAL, EDITOR",
        "The editor of E (a policy in your editor).",
    ),
    ("SHELL", "The shell of s (/bin/sh when unset)."),
    (
        "NO_COLOR",
        "Set: the theme's colours are off (your [colors] still apply).",
    ),
    (
        "COLORTERM",
        "truecolor or 24bit: 24-bit colour, else the 16 ANSI colours.",
    ),
];

const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Success (eval: the action is allowed)."),
    (
        "1",
        "A failure, said on stderr (eval: the action is denied).",
    ),
    (
        "2",
        "A bad flag or config file, before anything is sent (eval: any failure).",
    ),
    ("3", "eval only: the verdict depends on a condition."),
    (
        "128+N",
        "Ended by signal N (SIGTERM, SIGHUP, SIGINT, SIGQUIT); the terminal is restored.",
    ),
];

/// Text for roff: backslashes doubled, a leading dot or quote escaped.
fn roff(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    match text.chars().next() {
        Some('.' | '\'') => format!("\\&{text}"),
        _ => text,
    }
}

/// A `.TP` entry: the bold term, then the text.
fn entry(out: &mut String, term: &str, text: &str) {
    let _ = write!(out, ".TP\n\\fB{}\\fR\n{}\n", roff(term), roff(text));
}

/// The page for the command line `cmd` (orgtui's `Cli::command()`).
pub fn render(cmd: clap::Command) -> std::io::Result<Vec<u8>> {
    let cmd = cmd.disable_help_subcommand(true);
    let man = clap_mangen::Man::new(cmd.clone());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    out.extend_from_slice(sections(&cmd).as_bytes());
    Ok(out)
}

/// Everything after the options.
fn sections(cmd: &clap::Command) -> String {
    let mut out = String::new();
    out.push_str(".SH SUBCOMMANDS\n");
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let about = sub
            .get_long_about()
            .or(sub.get_about())
            .map(|a| a.to_string())
            .unwrap_or_default();
        let _ = write!(
            out,
            ".SS orgtui {}\n{}\n",
            roff(sub.get_name()),
            roff(&about)
        );
        for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
            let term = match (arg.get_long(), arg.get_short()) {
                (Some(long), Some(short)) => format!("-{short}, --{long}"),
                (Some(long), None) => format!("--{long}"),
                (None, Some(short)) => format!("-{short}"),
                (None, None) => arg.get_id().to_string().to_uppercase(),
            };
            let value = match arg.get_value_names() {
                Some(names) if arg.get_action().takes_values() && arg.get_long().is_some() => {
                    format!(" <{}>", names.join(" "))
                }
                _ => String::new(),
            };
            let mut help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| arg.get_action().takes_values() && !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if !values.is_empty() {
                help = format!("{help} [{}]", values.join(", ")).trim().to_string();
            }
            entry(&mut out, &format!("{term}{value}"), &help);
        }
    }
    out.push_str(
        ".SH KEYS\nThe keys in force show in the help (?) and the hint line. Each key is \
         followed by the name of its action, which the config file's [keys.SCOPE] tables \
         use.\n",
    );
    for scope in Scope::ALL {
        let _ = writeln!(out, ".SS {} ([keys.{}])", scope_title(*scope), scope.name());
        for b in KEYMAP.iter().filter(|b| b.scope == *scope) {
            // Shift with a letter is the capital letter, listed already.
            let keys = b.keys.iter().filter(|(c, m)| {
                !(matches!(c, KeyCode::Char(_)) && m.contains(KeyModifiers::SHIFT))
            });
            let mut unique: Vec<String> = Vec::new();
            for k in keys.map(key_label) {
                if !unique.contains(&k) {
                    unique.push(k);
                }
            }
            entry(
                &mut out,
                &format!("{}  ({})", unique.join(", "), b.action.name()),
                b.desc,
            );
        }
    }
    out.push_str(
        ".SH CONFIGURATION\nThe config file is TOML; every key is optional, and one orgtui \
         cannot use stops it with exit status 2 and every problem with its line and column.\n",
    );
    for key in crate::config::KEYS {
        entry(&mut out, key, config_key_help(key));
    }
    for (title, rows) in [
        ("FILES", FILES),
        ("ENVIRONMENT", ENVIRONMENT),
        ("EXIT STATUS", EXIT_STATUS),
    ] {
        let _ = writeln!(out, ".SH {title}");
        for (term, text) in rows {
            entry(&mut out, term, text);
        }
    }
    out.push_str(".SH SEE ALSO\n\\fBaws\\fR(1)\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_config_key_is_described() {
        for key in crate::config::KEYS {
            assert!(!config_key_help(key).is_empty(), "{key}");
        }
    }

    #[test]
    fn roff_escapes_what_roff_would_read() {
        assert_eq!(roff(".hidden"), "\\&.hidden");
        assert_eq!(roff("a\\b-c"), "a\\eb\\-c");
    }
}
