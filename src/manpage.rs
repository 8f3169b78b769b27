//! The manual page, orgtui(1): clap's name, synopsis and options, then what `--help`
//! cannot hold, written from the same data the program uses: the subcommands with their
//! options, every key by scope (from the key table, with the names `[keys]` uses), every
//! config key, the files, the environment and the exit statuses. `orgtui man` prints it;
//! `man/orgtui.1` is its output, kept in the repository (a test compares the two).

use std::fmt::Write;

use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use crate::keymap::{key_label, Action, Scope, KEYMAP};

/// What each key of the config file does (`crate::config::KEYS`; a test checks each has
/// one). Defaults that are constants of the program are taken from them, so they cannot
/// say something else.
fn config_key_help(key: &str) -> String {
    let timeouts = crate::net::Timeouts::default();
    let text = match key {
        "read_only" => "true: no change to the organization is possible (as --read-only).",
        "read_only_profiles" => "AWS profiles that are always opened read-only, also when :ctx switches to them ([] by default).",
        "audit_log" => "Where attempted changes are logged (as --audit-log).",
        "timeout_seconds" => {
            return format!(
                "Seconds one attempt of a request may take ({}).",
                timeouts.attempt.as_secs()
            )
        }
        "operation_timeout_seconds" => {
            return format!(
                "Seconds a request may take with its retries ({}).",
                timeouts.operation.as_secs()
            )
        }
        "concurrency" => {
            return format!(
                "Calls to AWS at once while it does not throttle ({}); the limit halves when it does.",
                crate::net::MAX_CONCURRENCY
            )
        }
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
    };
    text.to_string()
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
        "$XDG_STATE_HOME/orgtui/plans/",
        "Journals of applied plans (orgtui apply, :plan), one per plan file: an interrupted apply resumes from it, and orgtui plan undo reads it.",
    ),
    (
        "$XDG_CACHE_HOME/orgtui/",
        "Snapshots of organizations, one per source and caller (~/.cache/orgtui; --no-cache).",
    ),
    (
        "~/.aws/config, ~/.aws/credentials",
        "The AWS profiles (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE), listed by :ctx.",
    ),
    (
        "$TMPDIR/orgtui-bashrc-*",
        "For s with bash: an rc file that reads ~/.bashrc and sets the prompt, removed when the shell ends.",
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
        "PS1",
        "The prompt of the shell of s, after the account's name (for a shell other than bash).",
    ),
    (
        "USER, LOGNAME",
        "Part of the role session name of s and :creds, as CloudTrail shows it.",
    ),
    (
        "COMPLETE",
        "Set by a completion script (COMPLETE=bash, zsh, fish, elvish or powershell): orgtui prints the completions of the words that follow and exits, profile names for --profile included. orgtui completions SHELL prints a script that does this.",
    ),
    (
        "NO_COLOR",
        "Set: the theme's colours are off (your [colors] still apply).",
    ),
    (
        "COLORTERM",
        "truecolor or 24bit: 24-bit colour, else the 16 ANSI colours.",
    ),
];

/// The exit statuses: of orgtui itself (and export, completions, man), then of each
/// subcommand that gives its own meaning to them.
const EXIT_STATUS: &[(&str, &[(&str, &str)])] = &[
    (
        "orgtui, orgtui export, orgtui completions, orgtui man",
        &[
            ("0", "Success (export: the whole organization was written)."),
            ("1", "A failure, said on stderr."),
            (
                "2",
                "A bad flag or config file, before anything is sent.",
            ),
            (
                "128+N",
                "Ended by signal N (SIGTERM, SIGHUP, SIGINT, SIGQUIT); the terminal is restored.",
            ),
        ],
    ),
    (
        "orgtui eval",
        &[
            ("0", "The action is allowed."),
            ("1", "The action is denied."),
            ("2", "Bad input or an AWS error: no verdict."),
            ("3", "The verdict depends on a condition."),
        ],
    ),
    (
        "orgtui plan show",
        &[
            ("0", "The plan can be applied."),
            ("1", "The plan has a problem AWS would refuse (each is printed)."),
            ("2", "Bad input (a plan file that cannot be read) or an AWS error."),
        ],
    ),
    (
        "orgtui plan undo",
        &[
            ("0", "The inverse plan was written (steps that cannot be undone are listed)."),
            (
                "2",
                "No journal of that plan, or the inverse could not be written; or a bad flag.",
            ),
        ],
    ),
    (
        "orgtui apply",
        &[
            ("0", "Every step is done."),
            (
                "1",
                "Not applied, or not all of it: a problem, a refused or failed step, what the plan was pinned against changed, or the confirmation was not given.",
            ),
            ("2", "Bad input or an AWS error before anything was sent."),
        ],
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

/// The label of `action`'s keys in `scope` of the built-in key table ("↓/j"): the screens
/// that borrow the main views' movement keys say which they are.
fn label(scope: Scope, action: Action) -> &'static str {
    KEYMAP
        .iter()
        .find(|b| b.scope == scope && b.action == action)
        .map_or("", |b| b.label)
}

/// The keys of the screens and dialogs that the key table does not hold (their keys are
/// their own, in their `on_key`): heading, then each key with what it does. Kept beside
/// each screen's hint line; the movement keys named from the key table.
fn screens() -> Vec<(&'static str, Vec<(String, &'static str)>)> {
    let g = |a: Action| label(Scope::Global, a).to_string();
    let scroll = format!(
        "{} {} {} {} {} {}",
        g(Action::Down),
        g(Action::Up),
        g(Action::PageDown),
        g(Action::PageUp),
        g(Action::Top),
        g(Action::Bottom)
    );
    let k = |key: &str, what: &'static str| (key.to_string(), what);
    vec![
        (
            "The describe view (v, :messages)",
            vec![
                (scroll.clone(), "scroll a row, a page, to the top, to the bottom (also the mouse wheel with --mouse)"),
                k("/", "search: type, then Enter finds the next row holding it (ignoring case); Esc cancels"),
                k("n, N", "the next, the previous row holding the search, wrapping around"),
                k("y", "copy: a policy's document, else the whole description"),
                k("E", "edit the policy described (the policies view, then $VISUAL/$EDITOR)"),
                (format!("q, Esc, {}", g(Action::Close)), "back to where v was pressed"),
            ],
        ),
        (
            "Screens 5, 6 and 7: delegated administrators, trusted services, the resource policy",
            vec![
                k("↑, ↓", "move (7: scroll the document)"),
                k("typing", "narrows the list (5, 6); Backspace widens it"),
                k("1–9", "go to another view or screen (when no search is typed)"),
                k("C-n", "5: register a delegated administrator (which account, then which service); 6: enable trusted access for a service; 7: edit the resource policy"),
                k("C-x", "5: deregister the selected administrator; 6: disable trusted access"),
                k("e, D", "7: edit, delete the resource policy"),
                k("↑, ↓, j, k", "7: scroll the resource policy"),
                k("Enter", "in a step of C-n: choose"),
                k("C-r", "read again"),
                k("Esc", "back a step, or close"),
            ],
        ),
        (
            "Screen 8: handshakes (invitations)",
            vec![
                k("↑, ↓, j, k", "move"),
                k("Enter", "describe the handshake; Enter or Esc back to the list"),
                k("t, s", "filter by type, by state (each press the next one)"),
                k("C-n", "invite an account (management account): Tab between the account and the notes, Enter invites, Esc back"),
                k("C-x", "withdraw the selected handshake (the one who sent it)"),
                k("a, d", "accept, decline it (an invited account)"),
                k("C-r", "read again"),
                k("1–9", "go to another view or screen"),
                k("Esc", "close"),
            ],
        ),
        (
            "Screen 9: responsibility transfers (billing)",
            vec![
                k("↑, ↓, j, k", "move"),
                k("Enter", "describe the transfer; Enter or Esc back to the list"),
                k("C-n", "invite an organization to take a responsibility: Tab, S-Tab, ↑ and ↓ between fields, Enter invites, Esc back"),
                k("e", "rename the selected transfer: Enter renames, Esc back"),
                k("C-x", "end it: ↑ and ↓ choose the end of which month, Enter ends it, Esc back"),
                k("C-r", "read again"),
                k("1–9", "go to another view or screen"),
                k("Esc", "close"),
            ],
        ),
        (
            "The policy editor (n and e in the policies view, e on screen 7)",
            vec![
                k("C-s", "check the policy and save it (a problem is shown at its line, nothing is sent)"),
                k("Tab, S-Tab", "the next, the previous field: name, description, type, document"),
                k("←, →, Space", "on the type: the previous, the next policy type"),
                k("C-Space", "in the document: complete an action (in Action or NotAction) or a condition key (in Condition); again: the next choice"),
                k("↑, ↓, Enter, Esc", "while completions are listed: choose, complete, close the list"),
                k("M-m", "minify the document (Alt-m), offered when it is over its type's size limit"),
                k("C-o", "the document in $VISUAL/$EDITOR"),
                k("Esc", "leave: then k keeps the draft, d discards it, any other key goes back"),
            ],
        ),
        (
            "The tag editor (T)",
            vec![
                k("↑, ↓", "the previous, the next tag"),
                k("Tab, Enter", "between a tag's key and its value (onwards)"),
                k("S-Tab", "back"),
                k("C-n", "add a tag"),
                k("C-x", "remove the selected tag"),
                k("C-s", "save the tags (checked first)"),
                k("Esc", "close; with unsaved changes it asks first (y discards them, n or Esc goes back)"),
            ],
        ),
        (
            "The evaluator (x): is an action allowed for the selection?",
            vec![
                k("Enter", "while typing the question or the context: evaluate"),
                k("Tab", "complete the action (the first word) or the context key"),
                k("↑, ↓", "while typing: between the question and the context (KEY=VALUE…)"),
                (format!("{}, {}", g(Action::Up), g(Action::Down)), "the answer: move through the trace, or through the accounts of an OU (denied first)"),
                (g(Action::Open), "open a level of the trace; on an account of the list: its trace"),
                (g(Action::Close), "close a level of the trace"),
                k("x, /", "ask another question"),
                k("c", "change the context (condition keys and their values)"),
                (g(Action::Refresh), "read the policies again and evaluate"),
                k("Esc", "back to the answer, from an account's trace to the list, or close; q closes"),
            ],
        ),
        (
            "Effective policies (P)",
            vec![
                k("↑, ↓, PgUp, PgDn", "scroll"),
                k("r", "read again"),
                k("q, Esc", "close"),
            ],
        ),
        (
            "The account form (A)",
            vec![
                k("Tab, ↓", "the next field"),
                k("S-Tab, ↑", "the previous field"),
                k("←, →, Space", "on a yes/no field (billing access, GovCloud): switch it"),
                k("Space", "on the destination OU: choose it in the OU picker (←, → step through the OUs)"),
                k("Enter", "continue to the confirmation (to the first field with a problem if there is one)"),
                k("Esc", "cancel"),
            ],
        ),
    ]
}

/// One subcommand and its options, then its own subcommands, recursively (`orgtui plan
/// show`): `path` is the command line up to it.
fn subcommand(out: &mut String, path: &str, sub: &clap::Command) {
    let path = format!("{path} {}", sub.get_name());
    let about = sub
        .get_long_about()
        .or(sub.get_about())
        .map(|a| a.to_string())
        .unwrap_or_default();
    let _ = write!(out, ".SS {}\n{}\n", roff(&path), roff(&about));
    for arg in sub
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_global_set())
    {
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
        entry(out, &format!("{term}{value}"), &help);
    }
    for inner in sub.get_subcommands().filter(|s| !s.is_hide_set()) {
        subcommand(out, &path, inner);
    }
}

/// The palette's commands, from its own table (`app::command::entries`), with their
/// argument, key and the other names they answer to.
fn commands(out: &mut String) {
    out.push_str(
        ".SH COMMANDS\n: opens the command palette: type a command (with its argument) and \
         Enter runs it; Tab completes the command's name or its argument, \u{2191} and \
         \u{2193} choose among the matches and Enter runs the one chosen. Typed, the \
         start of a command's name or whole words of what it does (\"accounts view\") \
         run the command highlighted; a word that is none of these runs nothing. \
         Commands with a key do what the key does.\n",
    );
    for e in crate::app::command::entries() {
        let term = match e.arg {
            "" => format!(":{}", e.name),
            arg => format!(":{} {arg}", e.name),
        };
        let aliases: Vec<String> = crate::app::command::ALIASES
            .iter()
            .filter(|(_, name)| *name == e.name)
            .map(|(alias, _)| format!(":{alias}"))
            .collect();
        let mut more: Vec<String> = e.key.map(|k| format!("key {k}")).into_iter().collect();
        if !aliases.is_empty() {
            more.push(format!("also {}", aliases.join(", ")));
        }
        let text = match more.is_empty() {
            true => e.desc.to_string(),
            false => format!("{} ({})", e.desc, more.join("; ")),
        };
        entry(out, &term, &text);
    }
}

/// The keys of the key table by scope, then of the screens with keys of their own.
fn keys(out: &mut String) {
    out.push_str(
        ".SH KEYS\nThe keys in force show in the help (?) and the hint line. Each key is \
         followed by the name of its action, which the config file's [keys.SCOPE] tables \
         use. C- is Ctrl, M- is Alt, S- is Shift.\n",
    );
    for scope in Scope::ALL {
        let _ = writeln!(out, ".SS {} ([keys.{}])", scope_title(*scope), scope.name());
        let mut any = false;
        for b in KEYMAP.iter().filter(|b| b.scope == *scope) {
            any = true;
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
                out,
                &format!("{}  ({})", unique.join(", "), b.action.name()),
                b.desc,
            );
        }
        if !any {
            // A scope with nothing of its own (the detail pane) uses the main views' keys:
            // say what they do there rather than leave the heading empty.
            out.push_str(
                "Nothing is bound here of its own: the keys of the main views act on the \
                 pane, and [keys.detail] may bind an action for it alone.\n",
            );
            if *scope == Scope::Detail {
                for (action, what) in [
                    (Action::Down, "the next field"),
                    (Action::Up, "the previous field"),
                    (Action::PageDown, "a page of fields down"),
                    (Action::PageUp, "a page of fields up"),
                    (Action::Copy, "copy the field's value"),
                    (Action::Close, "back to the tree"),
                    (Action::Describe, "every field whole, full screen"),
                ] {
                    let term = format!("{}  ({})", label(Scope::Global, action), action.name());
                    entry(out, &term, what);
                }
            }
        }
    }
    for (title, rows) in screens() {
        let _ = writeln!(out, ".SS {title}");
        for (key, what) in rows {
            entry(out, &key, what);
        }
    }
}

/// Everything after the options.
fn sections(cmd: &clap::Command) -> String {
    let mut out = String::new();
    out.push_str(".SH SUBCOMMANDS\n");
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        subcommand(&mut out, cmd.get_name(), sub);
    }
    commands(&mut out);
    keys(&mut out);
    out.push_str(
        ".SH CONFIGURATION\nThe config file is TOML; every key is optional, and one orgtui \
         cannot use stops it with exit status 2 and every problem with its line and column.\n",
    );
    for key in crate::config::KEYS {
        entry(&mut out, key, &config_key_help(key));
    }
    for (title, rows) in [("FILES", FILES), ("ENVIRONMENT", ENVIRONMENT)] {
        let _ = writeln!(out, ".SH {title}");
        for (term, text) in rows {
            entry(&mut out, term, text);
        }
    }
    out.push_str(".SH EXIT STATUS\n");
    for (who, rows) in EXIT_STATUS {
        let _ = writeln!(out, ".SS {}", roff(who));
        for (term, text) in *rows {
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
