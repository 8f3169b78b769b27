//! Remapping the table from the config file: key names ("ctrl-d", "PgDn", "G"), the
//! names of actions and scopes as the config writes them ("refresh-all", "tree"), and
//! the checks that keep a remapped table usable (no key twice in a layer, no typed
//! character as a text field's key, no Enter to confirm a change).

use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use super::{Action, Binding, Scope, KEYMAP};

/// One `[keys.SCOPE] action = "key"` entry of the config file; `at` is where it is
/// (a byte range of the file), so problems can name its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub scope: String,
    pub action: String,
    pub keys: Vec<String>,
    pub at: std::ops::Range<usize>,
}

/// A problem with one entry: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub at: std::ops::Range<usize>,
    pub message: String,
}

/// The config file's name of an action (`refresh-all`): see `names.rs`.
pub fn action_name(action: Action) -> &'static str {
    action.name()
}

/// The config file's name of a scope (`tree`, `confirm`): see `names.rs`.
pub fn scope_name(scope: Scope) -> &'static str {
    scope.name()
}

/// Every scope of the default table, in table order.
pub fn scopes() -> Vec<Scope> {
    let mut out: Vec<Scope> = Vec::new();
    for b in KEYMAP {
        if !out.contains(&b.scope) {
            out.push(b.scope);
        }
    }
    out
}

const NONE: KeyModifiers = KeyModifiers::NONE;

/// Named keys, lower case, with their short label (the label is the first name that
/// has one).
const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("space", KeyCode::Char(' ')),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pgup", KeyCode::PageUp),
    ("pageup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("pagedown", KeyCode::PageDown),
    ("backspace", KeyCode::Backspace),
    ("bksp", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("ins", KeyCode::Insert),
];

/// A key as the config file writes it: one character (`G`, `?`), a name (`enter`,
/// `pgdn`, `f5`), either after modifiers (`ctrl-d`, `C-d`, `alt-backspace`, `shift-tab`).
/// Several forms when terminals differ (Shift-Tab arrives with and without SHIFT).
pub fn parse_key(text: &str) -> Result<Vec<(KeyCode, KeyModifiers)>, String> {
    let mut mods = NONE;
    let mut rest = text;
    loop {
        let lower = rest.to_ascii_lowercase();
        let strip = [
            ("ctrl-", KeyModifiers::CONTROL),
            ("c-", KeyModifiers::CONTROL),
            ("alt-", KeyModifiers::ALT),
            ("m-", KeyModifiers::ALT),
            ("shift-", KeyModifiers::SHIFT),
            ("s-", KeyModifiers::SHIFT),
        ]
        .into_iter()
        .find(|(p, _)| lower.starts_with(p) && rest.len() > p.len());
        match strip {
            Some((p, m)) => {
                mods |= m;
                rest = &rest[p.len()..];
            }
            None => break,
        }
    }
    let lower = rest.to_ascii_lowercase();
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) => KeyCode::Char(c),
        _ => match NAMED.iter().find(|(n, _)| *n == lower) {
            Some(&(_, code)) => code,
            None => match lower.strip_prefix('f').map(str::parse::<u8>) {
                Some(Ok(n)) if (1..=12).contains(&n) => KeyCode::F(n),
                _ => {
                    return Err(format!(
                        "{text:?} is not a key: write one character (\"G\"), a name (enter, \
                         esc, tab, space, up, pgdn, home, backspace, delete, f5…) or either \
                         after ctrl-, alt- or shift-"
                    ))
                }
            },
        },
    };
    Ok(match (code, mods) {
        // Shift with a letter is the capital letter; with Tab it is BackTab.
        (KeyCode::Char(c), m) if m.contains(KeyModifiers::SHIFT) && c.is_alphabetic() => {
            vec![(
                KeyCode::Char(c.to_ascii_uppercase()),
                m - KeyModifiers::SHIFT,
            )]
        }
        (KeyCode::Tab, m) if m.contains(KeyModifiers::SHIFT) => {
            vec![
                (KeyCode::BackTab, m),
                (KeyCode::BackTab, m - KeyModifiers::SHIFT),
            ]
        }
        (KeyCode::BackTab, m) => vec![
            (KeyCode::BackTab, m | KeyModifiers::SHIFT),
            (KeyCode::BackTab, m),
        ],
        // Terminals send Ctrl with the lower-case letter.
        (KeyCode::Char(c), m) if m.contains(KeyModifiers::CONTROL) => {
            vec![(KeyCode::Char(c.to_ascii_lowercase()), m)]
        }
        other => vec![other],
    })
}

/// The short label of a key, in the style of the built-in labels ("C-d", "PgDn", "↑").
pub fn key_label(&(code, mods): &(KeyCode, KeyModifiers)) -> String {
    let base = match code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Backspace => "Bksp".into(),
        KeyCode::Delete => "Del".into(),
        KeyCode::Insert => "Ins".into(),
        KeyCode::BackTab => return "S-Tab".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    let mut label = String::new();
    if mods.contains(KeyModifiers::CONTROL) {
        label.push_str("C-");
    }
    if mods.contains(KeyModifiers::ALT) {
        label.push_str("M-");
    }
    if mods.contains(KeyModifiers::SHIFT) {
        label.push_str("S-");
    }
    label + &base
}

/// Layers whose fields take typed text: a plain character there would be typed, not act.
fn takes_text(layer: Scope) -> bool {
    matches!(
        layer,
        Scope::Filter | Scope::Command | Scope::Picker | Scope::Prompt | Scope::Text
    )
}

/// Why `keys` cannot be `action`'s in `layer` (`section` names it in messages): a typed
/// character in a text field, Ctrl-C for anything but quitting, Enter to confirm.
fn unusable(
    section: &str,
    layer: Scope,
    action: Action,
    keys: &[(KeyCode, KeyModifiers)],
) -> Vec<String> {
    let mut why = Vec::new();
    let typed = keys
        .iter()
        .find(|(c, m)| matches!(c, KeyCode::Char(_)) && (*m - KeyModifiers::SHIFT).is_empty());
    if let Some(k) = typed.filter(|_| takes_text(layer)) {
        why.push(format!(
            "{section}: {} would be typed into the field; use a key with ctrl- or alt-, or a \
             named key",
            key_label(k)
        ));
    }
    if action != Action::Quit && keys.contains(&(KeyCode::Char('c'), KeyModifiers::CONTROL)) {
        why.push(format!(
            "{section}: Ctrl-C always quits (or asks first while changes are sent)"
        ));
    }
    if action == Action::Confirm && keys.iter().any(|(c, _)| *c == KeyCode::Enter) {
        why.push(format!(
            "{section}: Enter cannot confirm a change (a double Enter in the picker before \
             it would answer it unseen)"
        ));
    }
    why
}

/// The binding `[keys.SCOPE] action` names: the scope's own, else its layer's
/// (`[keys.global] move`).
fn find(table: &[Binding], scope: Scope, action: Action) -> Option<usize> {
    let named = |i: &usize| table[*i].action == action;
    (0..table.len())
        .filter(named)
        .find(|&i| table[i].scope == scope)
        .or_else(|| {
            (0..table.len())
                .filter(named)
                .find(|&i| table[i].scope.layer() == scope.layer())
        })
}

/// The default table with `overrides` applied, or every problem found (all of them, so
/// one start shows everything to fix).
pub fn remapped(overrides: &[Override]) -> Result<Vec<Binding>, Vec<Problem>> {
    let mut table: Vec<Binding> = KEYMAP.to_vec();
    // Which override last changed each binding, for naming the line of a conflict.
    let mut changed_by: Vec<Option<usize>> = vec![None; table.len()];
    let mut problems = Vec::new();
    let all_scopes = scopes();
    for (n, o) in overrides.iter().enumerate() {
        let problem = |message: String| Problem {
            at: o.at.clone(),
            message,
        };
        let Some(scope) = Scope::from_name(&o.scope).filter(|s| all_scopes.contains(s)) else {
            let names: Vec<&str> = all_scopes.iter().map(|s| scope_name(*s)).collect();
            problems.push(problem(format!(
                "[keys.{}]: no such scope{}; the scopes are {}",
                o.scope,
                crate::fuzzy::did_you_mean(&o.scope, names.iter().copied()),
                names.join(", ")
            )));
            continue;
        };
        let Some(i) = Action::from_name(&o.action).and_then(|a| find(&table, scope, a)) else {
            let mut names: Vec<&str> = table
                .iter()
                .filter(|b| b.scope.layer() == scope.layer())
                .map(|b| action_name(b.action))
                .collect();
            names.dedup();
            problems.push(problem(format!(
                "[keys.{}]: unknown action {:?}{}; the actions here are {}",
                o.scope,
                o.action,
                crate::fuzzy::did_you_mean(&o.action, names.iter().copied()),
                names.join(", ")
            )));
            continue;
        };
        let mut keys = Vec::new();
        for text in &o.keys {
            match parse_key(text) {
                Ok(parsed) => keys.extend(parsed),
                Err(why) => problems.push(problem(why)),
            }
        }
        let section = format!("[keys.{}] {}", o.scope, o.action);
        let layer = table[i].scope.layer();
        problems.extend(
            unusable(&section, layer, table[i].action, &keys)
                .into_iter()
                .map(problem),
        );
        let mut labels: Vec<String> = Vec::new();
        for label in keys.iter().map(key_label) {
            if !labels.contains(&label) && labels.len() < 2 {
                labels.push(label);
            }
        }
        // Leaked: the table is built once at start and lives as long as the process.
        let b = &mut table[i];
        b.label = Box::leak(labels.join("/").into_boxed_str());
        b.keys = Vec::leak(keys);
        changed_by[i] = Some(n);
    }
    problems.extend(conflicts(&table, &changed_by, overrides));
    if problems.is_empty() {
        Ok(table)
    } else {
        Err(problems)
    }
}

/// Two bindings of one layer on one key (or a field's key that is also an editing key),
/// reported at the entry that made it so.
fn conflicts(
    table: &[Binding],
    changed_by: &[Option<usize>],
    overrides: &[Override],
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (i, a) in table.iter().enumerate() {
        for (j, b) in table.iter().enumerate().skip(i + 1) {
            let same_layer = a.scope.layer() == b.scope.layer();
            let shadows = takes_text(a.scope.layer()) && b.scope == Scope::Text
                || takes_text(b.scope.layer()) && a.scope == Scope::Text;
            if !(same_layer || shadows) {
                continue;
            }
            let Some(key) = a.keys.iter().find(|k| b.keys.contains(k)) else {
                continue;
            };
            let Some(n) = changed_by[j].max(changed_by[i]) else {
                continue; // the built-in table has no conflicts (tested)
            };
            problems.push(Problem {
                at: overrides[n].at.clone(),
                message: format!(
                    "{} is bound to both {} ([keys.{}]) and {} ([keys.{}])",
                    key_label(key),
                    action_name(a.action),
                    scope_name(a.scope),
                    action_name(b.action),
                    scope_name(b.scope)
                ),
            });
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    const CTRL: KeyModifiers = KeyModifiers::CONTROL;

    #[test]
    fn keys_parse_in_every_written_form() {
        let one = |s: &str| parse_key(s).map(|v| v[0]);
        assert_eq!(one("G"), Ok((KeyCode::Char('G'), NONE)));
        assert_eq!(one("shift-g"), Ok((KeyCode::Char('G'), NONE)));
        assert_eq!(one("ctrl-D"), Ok((KeyCode::Char('d'), CTRL)));
        assert_eq!(one("C-d"), one("ctrl-d"));
        assert_eq!(one("Enter"), Ok((KeyCode::Enter, NONE)));
        assert_eq!(one("pgdn"), Ok((KeyCode::PageDown, NONE)));
        assert_eq!(one("f12"), Ok((KeyCode::F(12), NONE)));
        assert_eq!(one("-"), Ok((KeyCode::Char('-'), NONE)));
        assert_eq!(
            one("alt-backspace"),
            Ok((KeyCode::Backspace, KeyModifiers::ALT))
        );
        assert_eq!(parse_key("shift-tab"), parse_key("backtab"));
        for bad in ["", "ctrl-", "f13", "hyper-x", "enterr"] {
            assert!(parse_key(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn labels_read_like_the_built_in_ones() {
        let label = |s: &str| parse_key(s).map(|v| key_label(&v[0]));
        assert_eq!(label("ctrl-d"), Ok("C-d".into()));
        assert_eq!(label("space"), Ok("Space".into()));
        assert_eq!(label("pgup"), Ok("PgUp".into()));
        assert_eq!(label("shift-tab"), Ok("S-Tab".into()));
        assert_eq!(label("f5"), Ok("F5".into()));
    }

    fn o(scope: &str, action: &str, keys: &[&str]) -> Override {
        Override {
            scope: scope.into(),
            action: action.into(),
            keys: keys.iter().map(|k| k.to_string()).collect(),
            at: 0..0,
        }
    }

    #[test]
    fn swapped_keys_are_no_conflict_but_a_shared_one_is() {
        let swap = [o("global", "top", &["G"]), o("global", "bottom", &["g"])];
        let table = remapped(&swap).expect("a swap is fine");
        let top = table.iter().find(|b| b.action == Action::Top);
        assert_eq!(top.map(|b| b.keys), Some(&[(KeyCode::Char('G'), NONE)][..]));
        let clash = remapped(&[o("global", "top", &["G"])]).expect_err("G is bottom's");
        assert_eq!(clash.len(), 1);
        assert!(clash[0].message.contains("top") && clash[0].message.contains("bottom"));
    }

    #[test]
    fn a_dialog_key_may_not_shadow_an_editing_key() {
        let found = remapped(&[o("picker", "accept", &["ctrl-a"])]).expect_err("C-a edits");
        assert!(found[0].message.contains("line-start"), "{found:?}");
        let found = remapped(&[o("global", "copy", &["ctrl-c"])]).expect_err("C-c quits");
        assert!(found[0].message.contains("always quits"), "{found:?}");
    }

    #[test]
    fn names_are_kebab_case() {
        assert_eq!(action_name(Action::RefreshAll), "refresh-all");
        assert_eq!(action_name(Action::NewOu), "new-ou");
        assert_eq!(scope_name(Scope::Unfinished), "unfinished");
        let underscored = remapped(&[o("tree", "unmark_all", &["u"])]);
        assert!(underscored.is_ok(), "{underscored:?}");
    }
}
