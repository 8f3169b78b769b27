//! The config file: the fixtures in tests/valid_configs parse, each one in
//! tests/invalid_configs fails with the problems its `# expect: LINE:COL: text` lines name,
//! the example documents the real defaults, and a remapped key works through the reducer
//! and shows in the help and the hint line.

use crate::fixtures;

use std::path::{Path, PathBuf};
use std::time::Duration;

use fixtures::*;
use orgtui::app::{self, Mode};
use orgtui::config::{self, Config};
use orgtui::keymap::{self, Override, Scope, KEYMAP};
use orgtui::ui::theme::{Theme, ROLES};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ratatui::style::Color;

fn dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

fn files(name: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir(name))
        .expect("fixture directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no fixtures in {name}");
    out
}

fn readme() -> String {
    std::fs::read_to_string(dir("README.md")).expect("README")
}

fn parse(path: &Path) -> Result<Config, config::ConfigError> {
    config::load(Some(path))
}

#[test]
fn every_valid_fixture_parses() {
    for path in files("tests/valid_configs") {
        if let Err(e) = parse(&path) {
            panic!("{}: {e}", path.display());
        }
    }
}

#[test]
fn every_invalid_fixture_fails_with_its_expected_problems_at_their_lines() {
    for path in files("tests/invalid_configs") {
        let text = std::fs::read_to_string(&path).expect("fixture");
        let expected: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# expect: "))
            .collect();
        assert!(!expected.is_empty(), "{} expects nothing", path.display());
        let err = parse(&path).expect_err(&path.display().to_string());
        assert_eq!(
            err.problems.len(),
            expected.len(),
            "{}: {err}",
            path.display()
        );
        for want in expected {
            let (line, rest) = want.split_once(':').expect("LINE:COL: text");
            let (col, text) = rest.split_once(": ").expect("LINE:COL: text");
            let at = (line.parse().expect("line"), col.parse().expect("column"));
            assert!(
                err.problems
                    .iter()
                    .any(|(l, c, m)| (*l, *c) == at && m.contains(text)),
                "wanted {want:?} in\n{err}"
            );
        }
    }
}

#[test]
fn everything_in_a_full_config_arrives() {
    let c = parse(&dir("tests/valid_configs/everything.toml")).expect("valid");
    assert!(c.read_only && c.mouse);
    assert_eq!(c.read_only_profiles, vec!["prod-admin", "payer"]);
    assert_eq!(c.timeout, Some(Duration::from_millis(2500)));
    assert_eq!(c.operation_timeout, Some(Duration::from_secs(60)));
    assert_eq!(c.concurrency, Some(3));
    assert_eq!(c.profile.as_deref(), Some("org-management"));
    assert_eq!(c.theme.name(), "light");
    assert_eq!(
        c.watched_actions,
        Some(vec!["s3:GetObject".to_string(), "ec2:*".to_string()])
    );
    assert_eq!(c.theme.error().fg, Some(Color::Rgb(255, 0, 0)));
    assert_eq!(c.theme.border_focused().fg, Some(Color::LightGreen));
    assert_eq!(c.theme.dim().fg, Some(Color::Indexed(244)));
    let keys = c.keys.expect("remapped keys");
    let find = |scope: Scope, action: keymap::Action| {
        keys.iter()
            .find(|b| b.scope == scope && b.action == action)
            .expect("binding")
    };
    assert_eq!(find(Scope::Global, keymap::Action::Help).label, "F1");
    assert_eq!(find(Scope::Global, keymap::Action::Down).label, "j/C-n");
    assert!(find(Scope::Tree, keymap::Action::Mark).keys.is_empty());
    assert_eq!(
        find(Scope::Text, keymap::Action::DeleteWordBack).keys,
        &[(KeyCode::Backspace, KeyModifiers::ALT)]
    );
}

#[test]
fn a_missing_explicit_file_is_an_error_and_no_file_at_all_is_the_defaults() {
    let err = parse(&dir("tests/valid_configs/nonexistent.toml")).expect_err("missing");
    assert!(err.to_string().contains("cannot be read"), "{err}");
    let c = config::parse("", Path::new("x.toml")).expect("empty");
    assert!(!c.read_only && !c.mouse && c.keys.is_none());
    assert_eq!(c.theme, Theme::default());
}

/// The example with every commented-out `key = value` line put in force.
fn example_uncommented() -> String {
    let text = std::fs::read_to_string(dir("assets/config.example.toml")).expect("example");
    text.lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest) if rest.contains(" = ") && !rest.starts_with(' ') => rest,
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_example_states_the_real_defaults() {
    let path = dir("assets/config.example.toml");
    let c = parse(&path).expect("the example is valid");
    let defaults = orgtui::net::Timeouts::default();
    assert_eq!(c.timeout, Some(defaults.attempt));
    assert_eq!(c.operation_timeout, Some(defaults.operation));
    assert_eq!(c.concurrency, Some(orgtui::net::MAX_CONCURRENCY));
    assert!(!c.read_only && !c.mouse);
    assert_eq!(c.theme, Theme::default());
    assert_eq!(c.watched_actions, Some(config::default_watched()));
    assert!(
        c.keys.is_none(),
        "every binding in the example is commented out"
    );
    // With every documented binding in force, the table is the built-in one.
    let all = config::parse(&example_uncommented(), &path).expect("uncommented example");
    let table = all.keys.expect("bindings");
    let norm = |keys: &[(KeyCode, KeyModifiers)]| {
        // A capital letter matches with or without SHIFT (see `action_for`).
        let mut v: Vec<_> = keys
            .iter()
            .map(|&(c, m)| match c {
                KeyCode::Char(_) => (c, m - KeyModifiers::SHIFT),
                _ => (c, m),
            })
            .collect();
        v.sort_by_key(|k| format!("{k:?}"));
        v.dedup();
        v
    };
    for (built_in, documented) in KEYMAP.iter().zip(&table) {
        assert_eq!(
            norm(built_in.keys),
            norm(documented.keys),
            "{:?} in {:?}",
            built_in.action,
            built_in.scope
        );
    }
    // Every binding is documented, under its scope.
    let text = example_uncommented();
    for b in KEYMAP {
        let section = format!("[keys.{}]", keymap::scope_name(b.scope));
        let at = text
            .find(&section)
            .unwrap_or_else(|| panic!("{section} undocumented"));
        let body = text[at + section.len()..].split("\n[").next().unwrap_or("");
        let line = format!("\n{} = ", keymap::action_name(b.action));
        assert!(body.contains(&line), "{line:?} missing under {section}");
    }
    // Every colour role is documented.
    for (_, name) in ROLES {
        assert!(
            example_uncommented().contains(&format!("\n{name} = ")),
            "{name} undocumented"
        );
    }
}

#[test]
fn the_readme_names_every_setting_theme_and_scope() {
    let readme = readme();
    let section = readme
        .split("## Configuration")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("a Configuration section");
    // Every key of the file, tables as the README writes their headers.
    let settings = config::KEYS.iter().map(|&k| match k {
        "colors" => "[colors]",
        "keys" => "[keys.SCOPE]",
        "shell" => "[shell]",
        k => k,
    });
    let names = orgtui::ui::theme::THEME_NAMES;
    let roles = ROLES.map(|(_, n)| n);
    let scopes: Vec<String> = keymap::scopes()
        .into_iter()
        .map(|s| keymap::scope_name(s).to_string())
        .collect();
    let all = settings
        .chain(names.iter().copied())
        .chain(roles)
        .map(|s| s.to_string())
        .chain(scopes);
    for name in all {
        assert!(
            section.contains(&format!("`{name}`")) || section.contains(&format!("\"{name}\"")),
            "{name}"
        );
    }
}

#[test]
fn a_remapped_key_acts_through_the_reducer_and_shows_in_help_and_hints() {
    let overrides = [
        ("global", "help", "F1"),
        ("global", "view-policies", "W"),
        ("global", "filter", "ctrl-f"),
    ]
    .map(|(scope, action, key)| Override {
        scope: scope.into(),
        action: action.into(),
        keys: vec![key.into()],
        at: 0..0,
    });
    let table = keymap::remapped(&overrides).expect("valid");
    // In force on this thread only: the other tests see the built-in table.
    keymap::with_table(table, || {
        let mut m = loaded((120, 40));
        app::update(&mut m, ch('?'));
        assert_eq!(*m.overlay(), Mode::Normal, "? is no longer help");
        app::update(&mut m, key(KeyCode::F(1)));
        assert_eq!(*m.overlay(), Mode::Help);
        let help = screen(&m);
        assert!(help.contains("F1"), "{help}");
        app::update(&mut m, key(KeyCode::Esc));
        assert_eq!(*m.overlay(), Mode::Normal);
        let hints = screen(&m);
        let bottom = hints.lines().last().expect("a bottom line");
        assert!(bottom.contains("W policies"), "{bottom}");
        assert!(bottom.contains("C-f filter"), "{bottom}");
        assert!(!bottom.contains(" ? "), "{bottom}");
        assert_eq!(
            keymap::label_for(Scope::Global, keymap::Action::Help),
            Some("F1")
        );
    });
}

fn screen(m: &orgtui::app::Model) -> String {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).expect("terminal");
    terminal
        .draw(|f| orgtui::ui::view(m, &Theme::default(), f))
        .expect("draw");
    terminal.backend().to_string()
}

/// The README's example config, as a reader would copy it: it parses, and it leaves the
/// arrow keys working (a list of keys replaces the action's keys, so an example that
/// adds a key must list the arrow too, or the arrow silently stops working).
#[test]
fn the_readme_example_config_keeps_the_arrow_keys() {
    let readme = readme();
    let example = readme
        .split("```toml\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("a toml example in the README");
    let c = config::parse(example, Path::new("README.md")).expect("the README's example parses");
    let table = c.keys.expect("the example remaps keys");
    let arrows = [KeyCode::Up, KeyCode::Down, KeyCode::Left, KeyCode::Right];
    for (built_in, configured) in KEYMAP.iter().zip(&table) {
        for key in built_in.keys.iter().filter(|(c, _)| arrows.contains(c)) {
            assert!(
                configured.keys.contains(key),
                "{:?} in {:?} lost {key:?}",
                built_in.action,
                built_in.scope
            );
        }
    }
}

/// `read_only_profiles` makes a session on a profile it names read-only; `read_only`
/// every session.
#[test]
fn read_only_profiles_name_the_profiles_opened_read_only() {
    let c = orgtui::config::Config {
        read_only_profiles: vec!["prod".into()],
        ..Default::default()
    };
    assert!(c.read_only_for(Some("prod")));
    assert!(!c.read_only_for(Some("dev")));
    assert!(!c.read_only_for(None));
    let all = orgtui::config::Config {
        read_only: true,
        ..Default::default()
    };
    assert!(all.read_only_for(Some("dev")) && all.read_only_for(None));
}
