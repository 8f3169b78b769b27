//! The real binary's command line: bad values of --region, --endpoint-url and bad config
//! files end it with status 2 and a message on stderr before anything else happens (no
//! terminal is needed for that); completions and the manual page.

use std::process::{Command, Output};

fn orgtui(args: &[&str]) -> Output {
    orgtui_with(args, &[])
}

fn orgtui_with(args: &[&str], vars: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orgtui"))
        .args(args)
        .env_remove("AWS_REGION")
        .env_remove("AWS_ENDPOINT_URL")
        .envs(vars.iter().copied())
        // No config file of the user's, no log or cache of theirs.
        .env("XDG_CONFIG_HOME", env!("CARGO_TARGET_TMPDIR"))
        .env("XDG_STATE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .env_remove("AWS_PROFILE")
        .output()
        .expect("the binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Exits with 2, says `wanted` on stderr, and prints nothing on stdout (no terminal set-up).
fn refused(args: &[&str], wanted: &str) {
    let out = orgtui(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    assert!(stderr(&out).contains(wanted), "{args:?}: {}", stderr(&out));
    assert!(out.stdout.is_empty(), "{args:?}: {}", stdout(&out));
}

#[test]
fn a_malformed_region_is_refused_before_the_terminal_is_taken() {
    refused(
        &["--region", "us-east"],
        "--region \"us-east\" is not an AWS region",
    );
    refused(&["--region", "eu_west_1"], "is not an AWS region");
    // The export subcommand too.
    refused(
        &["export", "--format", "json", "--region", "mars-north-1"],
        "is not an AWS region",
    );
}

#[test]
fn a_malformed_endpoint_url_is_refused_before_the_terminal_is_taken() {
    refused(&["--endpoint-url", "localhost:5000"], "has no scheme");
    refused(&["--endpoint-url", "ftp://h:21"], "not http or https");
    refused(
        &["export", "--format", "json", "--endpoint-url", "http://"],
        "--endpoint-url \"http://\" is not a usable URL",
    );
}

#[test]
fn the_variables_standing_in_for_the_flags_are_checked_too() {
    let out = orgtui_with(
        &["export", "--format", "json"],
        &[("AWS_REGION", "useast1")],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("AWS_REGION \"useast1\" is not an AWS region"));
    let out = orgtui_with(&[], &[("AWS_ENDPOINT_URL", "127.0.0.1:5000")]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("AWS_ENDPOINT_URL \"127.0.0.1:5000\" is not a usable URL"));
    // The demo uses neither, and a flag wins over its variable.
    let demo = ["export", "--demo", "--format", "tree"];
    let out = orgtui_with(&demo, &[("AWS_REGION", "useast1")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = orgtui_with(
        &[
            "export",
            "--demo",
            "--format",
            "tree",
            "--region",
            "us-east-1",
        ],
        &[("AWS_REGION", "useast1")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn good_values_pass_the_checks() {
    // The demo ignores both, so the export runs to its end without a network.
    let out = orgtui(&[
        "export",
        "--demo",
        "--format",
        "tree",
        "--region",
        "cn-northwest-1",
        "--endpoint-url",
        "http://127.0.0.1:1",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Root"), "{}", stdout(&out));
}

#[test]
fn a_bad_config_file_is_refused_with_its_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "mouse = true\ntheme = 3\n").expect("write");
    let p = path.to_str().expect("utf-8 path");
    refused(
        &["--config", p],
        &format!("config file {p}:2:9: theme must be a theme's name, not a whole number"),
    );
    refused(&["export", "--format", "json", "--config", p], ":2:9:");
    refused(&["--config", "/nonexistent/orgtui.toml"], "cannot be read");
}

#[test]
fn completions_for_every_shell_know_the_subcommands() {
    // Each shell's registration hands completion back to orgtui (`COMPLETE=SHELL`).
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = orgtui(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        assert!(script.contains("COMPLETE"), "{shell}: {script}");
        assert!(script.contains("orgtui"), "{shell}: {script}");
    }
    let out = orgtui(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    // What orgtui answers as the user types (fish's protocol: one candidate a line).
    let words = complete(&["orgtui", ""], None);
    for word in ["export", "eval", "completions", "man"] {
        assert!(words.iter().any(|w| w == word), "{word} in {words:?}");
    }
    let flags = complete(&["orgtui", "--"], None);
    for flag in ["--read-only", "--mouse", "--profile", "--demo"] {
        assert!(flags.iter().any(|w| w == flag), "{flag} in {flags:?}");
    }
}

#[test]
fn completions_leave_out_the_hidden_flags() {
    let flags = complete(&["orgtui", "--"], None);
    assert!(flags.iter().any(|w| w == "--demo"), "{flags:?}");
    for hidden in ["--demo-as", "--demo-latency-ms", "--startup-probe"] {
        assert!(!flags.iter().any(|w| w == hidden), "{hidden} in {flags:?}");
    }
}

#[test]
fn profile_completes_the_profiles_of_the_aws_files_as_they_are_now() {
    let dir = tempfile::tempdir().expect("a directory");
    let config = dir.path().join("config");
    std::fs::write(
        &config,
        "[profile prod-admin]\nsso_session = corp\n[profile staging]\nrole_arn = arn:aws:iam::1:role/A\n",
    )
    .expect("config");
    let names = complete(&["orgtui", "--profile", ""], Some(&config));
    assert_eq!(names, vec!["prod-admin", "staging"]);
    let names = complete(&["orgtui", "--profile", "st"], Some(&config));
    assert_eq!(names, vec!["staging"]);
    // Through bash itself, with the registration `orgtui completions bash` prints.
    let bin = env!("CARGO_BIN_EXE_orgtui");
    let script = format!(
        "source <('{bin}' completions bash) && COMP_WORDS=(orgtui --profile pr) && COMP_CWORD=2 \
         && _clap_complete_orgtui orgtui pr --profile && printf '%s\\n' \"${{COMPREPLY[@]}}\""
    );
    let bin_dir = std::path::Path::new(bin)
        .parent()
        .expect("bin dir")
        .display()
        .to_string();
    let path = format!("{bin_dir}:{}", std::env::var("PATH").unwrap_or_default());
    let out = std::process::Command::new("bash")
        .args(["-c", &script])
        .env("AWS_CONFIG_FILE", &config)
        .env("PATH", path)
        .output()
        .expect("bash runs");
    assert_eq!(stdout(&out).trim(), "prod-admin", "{}", stderr(&out));
}

/// What orgtui offers for the last of `words` (fish's protocol), values only.
fn complete(words: &[&str], config: Option<&std::path::Path>) -> Vec<String> {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_orgtui"));
    cmd.arg("--").args(words).env("COMPLETE", "fish");
    cmd.env(
        "AWS_CONFIG_FILE",
        config.unwrap_or(std::path::Path::new("/nonexistent")),
    );
    cmd.env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
    let out = cmd.output().expect("orgtui runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn the_manual_page_has_its_sections() {
    let out = orgtui(&["man"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = stdout(&out);
    for section in [
        ".TH orgtui 1",
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        ".SH SUBCOMMANDS",
        ".SS orgtui export",
        ".SS orgtui eval",
        ".SH KEYS",
        ".SH CONFIGURATION",
        ".SH FILES",
        ".SH ENVIRONMENT",
        ".SH EXIT STATUS",
    ] {
        assert!(page.contains(section), "{section} missing");
    }
    // No page per subcommand exists, so none is referred to.
    assert!(!page.contains("orgtui-export"), "{page}");
}

/// The page in the repository is what `orgtui man` prints (scripts/man.sh writes it), and
/// it names every action of the key table and every key of the config file, so it cannot
/// fall behind either.
#[test]
fn the_committed_manual_page_is_current_and_complete() {
    let out = orgtui(&["man"]);
    let page = stdout(&out);
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man/orgtui.1");
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == page,
        "man/orgtui.1 is not what `orgtui man` prints: run scripts/man.sh"
    );
    // roff writes a hyphen as \-.
    let roff = |name: &str| name.replace('-', "\\-");
    for action in orgtui::keymap::Action::ALL {
        let name = format!("({})", roff(action.name()));
        assert!(committed.contains(&name), "action {name} missing");
    }
    for key in orgtui::config::KEYS {
        let entry = format!(".TP\n\\fB{}\\fR\n", roff(key));
        assert!(committed.contains(&entry), "config key {key} missing");
    }
    // Every command of the palette, with its argument, and every other name it takes.
    let commands = section(&committed, "COMMANDS");
    for e in orgtui::app::command::entries() {
        let term = match e.arg {
            "" => format!("\\fB:{}\\fR", roff(&e.name)),
            arg => format!("\\fB:{} {}\\fR", roff(&e.name), roff(arg)),
        };
        assert!(commands.contains(&term), "palette command {term} missing");
    }
    for (alias, _) in orgtui::app::command::ALIASES {
        assert!(
            commands.contains(&format!(":{}", roff(alias))),
            "palette alias {alias} missing"
        );
    }
    // Every subcommand, however deep, as --help lists them.
    let subcommands = section(&committed, "SUBCOMMANDS");
    let all = subcommands_of(&[]);
    assert!(all.contains(&"plan show".to_string()), "{all:?}");
    for path in &all {
        let heading = format!(".SS orgtui {}\n", roff(path));
        assert!(subcommands.contains(&heading), "subcommand {path} missing");
    }
    // Their exit statuses where they differ, and the default that was once wrong.
    let exit = section(&committed, "EXIT STATUS");
    for who in ["eval", "export", "plan show", "plan undo", "apply"] {
        assert!(exit.contains(&roff(who)), "exit status of {who} missing");
    }
    let concurrency = format!("({})", orgtui::net::MAX_CONCURRENCY);
    let config = section(&committed, "CONFIGURATION");
    let at = config.find("concurrency").expect("concurrency");
    assert!(config[at..]
        .lines()
        .nth(1)
        .is_some_and(|l| l.contains(&concurrency)));
    let files = section(&committed, "FILES");
    assert!(files.contains("orgtui/plans/"), "{files}");
    let env = section(&committed, "ENVIRONMENT");
    assert!(env.contains("\\fBCOMPLETE\\fR"), "{env}");
}

/// The text of the page's section `name` (from its .SH to the next).
fn section<'a>(page: &'a str, name: &str) -> &'a str {
    let head = format!(".SH {name}\n");
    let Some(start) = page.find(&head) else {
        panic!("no section {name}");
    };
    let body = &page[start + head.len()..];
    &body[..body.find("\n.SH ").unwrap_or(body.len())]
}

/// The subcommands below `path` and their own, recursively ("plan", "plan show"), as
/// `orgtui PATH --help` lists them under "Commands:".
fn subcommands_of(path: &[&str]) -> Vec<String> {
    let mut args = path.to_vec();
    args.push("--help");
    let help = stdout(&orgtui(&args));
    let mut out = Vec::new();
    let listed = help
        .split_once("Commands:\n")
        .map_or("", |(_, rest)| rest.split("\n\n").next().unwrap_or(""));
    for line in listed.lines() {
        let Some(name) = line.split_whitespace().next() else {
            continue;
        };
        if name == "help" {
            continue;
        }
        let mut inner = path.to_vec();
        inner.push(name);
        out.push(inner.join(" "));
        out.extend(subcommands_of(&inner));
    }
    out
}

#[test]
fn a_reader_that_stops_early_is_no_error() {
    for args in [&["completions", "bash"][..], &["man"][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_orgtui"))
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("orgtui runs");
        // As `| head -0` does: the pipe is closed before anything is read.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("orgtui ends");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?} {err}", out.status);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}
