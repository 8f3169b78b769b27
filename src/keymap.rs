//! The one table of key bindings. Key handling, the help overlay and the hints in the
//! bottom line are all derived from it.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Close,
    NextPane,
    PrevPane,
    Refresh,
    Filter,
    ViewTree,
    ViewPolicies,
    ViewAccounts,
    Copy,
    Help,
    Quit,
    Mark,
    UnmarkAll,
    Move,
    Attach,
    Detach,
    NewOu,
    RenameOu,
    DeleteOu,
}

/// Where a binding applies; `Global` bindings apply everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    Tree,
    Detail,
    Policies,
    Lists,
}

pub struct Binding {
    pub keys: &'static [(KeyCode, KeyModifiers)],
    pub label: &'static str,
    pub action: Action,
    pub desc: &'static str,
    pub scope: Scope,
    /// Shown in the bottom line when its scope is focused.
    pub hint: bool,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

const fn ch(c: char) -> (KeyCode, KeyModifiers) {
    (KeyCode::Char(c), NONE)
}

pub const KEYMAP: &[Binding] = &[
    Binding {
        keys: &[(KeyCode::Up, NONE), ch('k')],
        label: "↑/k",
        action: Action::Up,
        desc: "move up",
        scope: Scope::Global,
        hint: false,
    },
    Binding {
        keys: &[(KeyCode::Down, NONE), ch('j')],
        label: "↓/j",
        action: Action::Down,
        desc: "move down",
        scope: Scope::Global,
        hint: false,
    },
    Binding {
        keys: &[(KeyCode::PageUp, NONE), (KeyCode::Char('u'), CTRL)],
        label: "PgUp",
        action: Action::PageUp,
        desc: "page up",
        scope: Scope::Global,
        hint: false,
    },
    Binding {
        keys: &[(KeyCode::PageDown, NONE), (KeyCode::Char('d'), CTRL)],
        label: "PgDn",
        action: Action::PageDown,
        desc: "page down",
        scope: Scope::Global,
        hint: false,
    },
    Binding {
        keys: &[(KeyCode::Home, NONE), ch('g')],
        label: "g",
        action: Action::Top,
        desc: "go to the top",
        scope: Scope::Global,
        hint: false,
    },
    Binding {
        keys: &[(KeyCode::End, NONE), ch('G'), (KeyCode::Char('G'), SHIFT)],
        label: "G",
        action: Action::Bottom,
        desc: "go to the bottom",
        scope: Scope::Global,
        hint: false,
    },
    Binding {
        keys: &[(KeyCode::Enter, NONE), (KeyCode::Right, NONE), ch('l')],
        label: "→/l",
        action: Action::Open,
        desc: "expand / open / jump to",
        scope: Scope::Global,
        hint: true,
    },
    Binding {
        keys: &[(KeyCode::Left, NONE), ch('h'), (KeyCode::Esc, NONE)],
        label: "←/h",
        action: Action::Close,
        desc: "collapse / go to parent / back",
        scope: Scope::Global,
        hint: true,
    },
    Binding {
        keys: &[(KeyCode::Tab, NONE)],
        label: "Tab",
        action: Action::NextPane,
        desc: "next pane",
        scope: Scope::Global,
        hint: true,
    },
    Binding {
        keys: &[(KeyCode::BackTab, SHIFT), (KeyCode::BackTab, NONE)],
        label: "S-Tab",
        action: Action::PrevPane,
        desc: "previous pane",
        scope: Scope::Global,
        hint: false,
    },
    Binding {
        keys: &[ch('r')],
        label: "r",
        action: Action::Refresh,
        desc: "refresh / retry the selection",
        scope: Scope::Global,
        hint: true,
    },
    Binding {
        keys: &[ch('/')],
        label: "/",
        action: Action::Filter,
        desc: "filter by name or id",
        scope: Scope::Global,
        hint: true,
    },
    Binding {
        keys: &[ch('1')],
        label: "1",
        action: Action::ViewTree,
        desc: "tree view",
        scope: Scope::Global,
        hint: false,
    },
    Binding {
        keys: &[ch('2')],
        label: "2",
        action: Action::ViewPolicies,
        desc: "policies view",
        scope: Scope::Global,
        hint: true,
    },
    Binding {
        keys: &[ch('3')],
        label: "3",
        action: Action::ViewAccounts,
        desc: "accounts view",
        scope: Scope::Global,
        hint: true,
    },
    Binding {
        keys: &[ch(' ')],
        label: "Space",
        action: Action::Mark,
        desc: "mark account for a bulk move",
        scope: Scope::Tree,
        hint: true,
    },
    Binding {
        keys: &[ch('U'), (KeyCode::Char('U'), SHIFT)],
        label: "U",
        action: Action::UnmarkAll,
        desc: "unmark all accounts",
        scope: Scope::Tree,
        hint: false,
    },
    Binding {
        keys: &[ch('m')],
        label: "m",
        action: Action::Move,
        desc: "move account(s) to an OU",
        scope: Scope::Tree,
        hint: true,
    },
    Binding {
        keys: &[ch('a')],
        label: "a",
        action: Action::Attach,
        desc: "attach a policy",
        scope: Scope::Policies,
        hint: true,
    },
    Binding {
        keys: &[ch('d')],
        label: "d",
        action: Action::Detach,
        desc: "detach the selected policy",
        scope: Scope::Policies,
        hint: true,
    },
    Binding {
        keys: &[ch('n')],
        label: "n",
        action: Action::NewOu,
        desc: "new OU under the selection",
        scope: Scope::Tree,
        hint: true,
    },
    Binding {
        keys: &[ch('e')],
        label: "e",
        action: Action::RenameOu,
        desc: "rename the selected OU",
        scope: Scope::Tree,
        hint: false,
    },
    Binding {
        keys: &[ch('D'), (KeyCode::Char('D'), SHIFT)],
        label: "D",
        action: Action::DeleteOu,
        desc: "delete an empty OU",
        scope: Scope::Tree,
        hint: false,
    },
    Binding {
        keys: &[ch('y')],
        label: "y",
        action: Action::Copy,
        desc: "copy the selected id",
        scope: Scope::Global,
        hint: false,
    },
    Binding {
        keys: &[ch('?')],
        label: "?",
        action: Action::Help,
        desc: "help",
        scope: Scope::Global,
        hint: true,
    },
    Binding {
        keys: &[ch('q'), (KeyCode::Char('c'), CTRL)],
        label: "q",
        action: Action::Quit,
        desc: "quit",
        scope: Scope::Global,
        hint: true,
    },
];

/// The action bound to a key press, if any.
pub fn action_for(key: &KeyEvent) -> Option<Action> {
    // Shifted letters arrive as uppercase chars with SHIFT set on some terminals only.
    let mods = key.modifiers
        - if matches!(key.code, KeyCode::Char(_)) {
            SHIFT
        } else {
            NONE
        };
    KEYMAP
        .iter()
        .find(|b| {
            b.keys
                .iter()
                .any(|&(code, m)| code == key.code && (m == mods || m == key.modifiers))
        })
        .map(|b| b.action)
}

/// Bottom-line hints for the focused scope: its own bindings first, then global ones.
pub fn hints(scope: Scope) -> impl Iterator<Item = (&'static str, &'static str)> {
    let own = KEYMAP
        .iter()
        .filter(move |b| b.hint && b.scope == scope && scope != Scope::Global);
    let global = KEYMAP.iter().filter(|b| b.hint && b.scope == Scope::Global);
    own.chain(global).map(|b| (b.label, short(b.desc)))
}

fn short(desc: &'static str) -> &'static str {
    desc.split([' ', '/']).next().unwrap_or(desc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_resolve_to_actions() {
        let k = |code| KeyEvent::new(code, NONE);
        assert_eq!(action_for(&k(KeyCode::Char('j'))), Some(Action::Down));
        assert_eq!(action_for(&k(KeyCode::Enter)), Some(Action::Open));
        assert_eq!(
            action_for(&KeyEvent::new(KeyCode::Char('c'), CTRL)),
            Some(Action::Quit)
        );
        assert_eq!(
            action_for(&KeyEvent::new(KeyCode::Char('G'), SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(action_for(&k(KeyCode::Char('Z'))), None);
    }

    #[test]
    fn no_key_is_bound_twice() {
        let mut seen = Vec::new();
        for b in KEYMAP {
            for k in b.keys {
                assert!(!seen.contains(k), "{k:?} bound twice");
                seen.push(*k);
            }
        }
    }
}
