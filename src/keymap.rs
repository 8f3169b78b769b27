//! The one table of key bindings — main panes, dialogs, pickers, the filter and text
//! fields. Key handling, the help overlay and the hints in the bottom line all derive
//! from it.

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
    // Dialogs.
    /// Take the picked choice or the typed text (Enter in a picker or prompt).
    Accept,
    /// Carry out the confirmed change.
    Confirm,
    /// Close a dialog without changing anything.
    Cancel,
    /// Close a finished summary.
    Dismiss,
    // Text fields (prompts, pickers, the filter).
    CursorLeft,
    CursorRight,
    LineStart,
    LineEnd,
    DeleteBack,
    DeleteForward,
    DeleteWordBack,
    ClearLine,
}

/// Where a binding applies. `Global`, `Tree`, `Detail`, `Policies` and `Lists` make up the
/// main layer (looked up together, so a key means one thing across the panes); each
/// dialog and the text field have a layer of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    Tree,
    Detail,
    Policies,
    Lists,
    Filter,
    Picker,
    Prompt,
    Confirm,
    Summary,
    Text,
}

/// The set of bindings a key is looked up in, chosen by what has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Main,
    Filter,
    Picker,
    Prompt,
    Confirm,
    Summary,
    /// Editing keys of every text field; consulted after the field's own layer.
    Text,
}

impl Scope {
    pub fn layer(self) -> Layer {
        match self {
            Scope::Global | Scope::Tree | Scope::Detail | Scope::Policies | Scope::Lists => {
                Layer::Main
            }
            Scope::Filter => Layer::Filter,
            Scope::Picker => Layer::Picker,
            Scope::Prompt => Layer::Prompt,
            Scope::Confirm => Layer::Confirm,
            Scope::Summary => Layer::Summary,
            Scope::Text => Layer::Text,
        }
    }
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
const ALT: KeyModifiers = KeyModifiers::ALT;

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
    // The filter line.
    Binding {
        keys: &[(KeyCode::Enter, NONE)],
        label: "Enter",
        action: Action::Accept,
        desc: "keep the filter",
        scope: Scope::Filter,
        hint: true,
    },
    Binding {
        keys: &[(KeyCode::Esc, NONE)],
        label: "Esc",
        action: Action::Cancel,
        desc: "clear the filter",
        scope: Scope::Filter,
        hint: true,
    },
    // Pickers: type to narrow the choices.
    Binding {
        keys: &[(KeyCode::Up, NONE), (KeyCode::Char('p'), CTRL)],
        label: "↑",
        action: Action::Up,
        desc: "previous choice",
        scope: Scope::Picker,
        hint: false,
    },
    Binding {
        keys: &[(KeyCode::Down, NONE), (KeyCode::Char('n'), CTRL)],
        label: "↓",
        action: Action::Down,
        desc: "next choice",
        scope: Scope::Picker,
        hint: false,
    },
    Binding {
        keys: &[(KeyCode::PageUp, NONE)],
        label: "PgUp",
        action: Action::PageUp,
        desc: "page up",
        scope: Scope::Picker,
        hint: false,
    },
    Binding {
        keys: &[(KeyCode::PageDown, NONE)],
        label: "PgDn",
        action: Action::PageDown,
        desc: "page down",
        scope: Scope::Picker,
        hint: false,
    },
    Binding {
        keys: &[(KeyCode::Enter, NONE)],
        label: "Enter",
        action: Action::Accept,
        desc: "choose",
        scope: Scope::Picker,
        hint: true,
    },
    Binding {
        keys: &[(KeyCode::Esc, NONE)],
        label: "Esc",
        action: Action::Cancel,
        desc: "cancel",
        scope: Scope::Picker,
        hint: true,
    },
    // Prompts for a name.
    Binding {
        keys: &[(KeyCode::Enter, NONE)],
        label: "Enter",
        action: Action::Accept,
        desc: "continue",
        scope: Scope::Prompt,
        hint: true,
    },
    Binding {
        keys: &[(KeyCode::Esc, NONE)],
        label: "Esc",
        action: Action::Cancel,
        desc: "cancel",
        scope: Scope::Prompt,
        hint: true,
    },
    // Confirmations.
    Binding {
        keys: &[ch('y'), (KeyCode::Enter, NONE)],
        label: "y",
        action: Action::Confirm,
        desc: "yes, make the change",
        scope: Scope::Confirm,
        hint: true,
    },
    Binding {
        keys: &[ch('n'), ch('q'), (KeyCode::Esc, NONE)],
        label: "n",
        action: Action::Cancel,
        desc: "no, change nothing",
        scope: Scope::Confirm,
        hint: true,
    },
    // A finished summary.
    Binding {
        keys: &[
            (KeyCode::Enter, NONE),
            (KeyCode::Esc, NONE),
            ch('q'),
            ch(' '),
        ],
        label: "Enter",
        action: Action::Dismiss,
        desc: "close the summary",
        scope: Scope::Summary,
        hint: true,
    },
    // Editing keys of every text field.
    Binding {
        keys: &[(KeyCode::Left, NONE), (KeyCode::Char('b'), CTRL)],
        label: "←",
        action: Action::CursorLeft,
        desc: "cursor left",
        scope: Scope::Text,
        hint: false,
    },
    Binding {
        keys: &[(KeyCode::Right, NONE), (KeyCode::Char('f'), CTRL)],
        label: "→",
        action: Action::CursorRight,
        desc: "cursor right",
        scope: Scope::Text,
        hint: false,
    },
    Binding {
        keys: &[(KeyCode::Home, NONE), (KeyCode::Char('a'), CTRL)],
        label: "C-a",
        action: Action::LineStart,
        desc: "start of the line",
        scope: Scope::Text,
        hint: false,
    },
    Binding {
        keys: &[(KeyCode::End, NONE), (KeyCode::Char('e'), CTRL)],
        label: "C-e",
        action: Action::LineEnd,
        desc: "end of the line",
        scope: Scope::Text,
        hint: false,
    },
    Binding {
        keys: &[(KeyCode::Backspace, NONE), (KeyCode::Char('h'), CTRL)],
        label: "Bksp",
        action: Action::DeleteBack,
        desc: "delete the character before the cursor",
        scope: Scope::Text,
        hint: false,
    },
    Binding {
        keys: &[(KeyCode::Delete, NONE), (KeyCode::Char('d'), CTRL)],
        label: "Del",
        action: Action::DeleteForward,
        desc: "delete the character under the cursor",
        scope: Scope::Text,
        hint: false,
    },
    Binding {
        keys: &[(KeyCode::Char('w'), CTRL), (KeyCode::Backspace, ALT)],
        label: "C-w",
        action: Action::DeleteWordBack,
        desc: "delete the word before the cursor",
        scope: Scope::Text,
        hint: false,
    },
    Binding {
        keys: &[(KeyCode::Char('u'), CTRL)],
        label: "C-u",
        action: Action::ClearLine,
        desc: "delete everything before the cursor",
        scope: Scope::Text,
        hint: false,
    },
];

/// The action bound to a key press in `layer`, if any.
pub fn action_for(layer: Layer, key: &KeyEvent) -> Option<Action> {
    // Shifted letters arrive as uppercase chars with SHIFT set on some terminals only.
    let mods = key.modifiers
        - if matches!(key.code, KeyCode::Char(_)) {
            SHIFT
        } else {
            NONE
        };
    KEYMAP
        .iter()
        .filter(|b| b.scope.layer() == layer)
        .find(|b| {
            b.keys
                .iter()
                .any(|&(code, m)| code == key.code && (m == mods || m == key.modifiers))
        })
        .map(|b| b.action)
}

/// The bindings of the main layer, for the help overlay.
pub fn main_bindings() -> impl Iterator<Item = &'static Binding> {
    KEYMAP.iter().filter(|b| b.scope.layer() == Layer::Main)
}

/// The label of the first binding of `action` in `scope` (dialogs show their keys).
pub fn label(scope: Scope, action: Action) -> &'static str {
    KEYMAP
        .iter()
        .find(|b| b.scope == scope && b.action == action)
        .map_or("?", |b| b.label)
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
        let main = |key: &KeyEvent| action_for(Layer::Main, key);
        assert_eq!(main(&k(KeyCode::Char('j'))), Some(Action::Down));
        assert_eq!(main(&k(KeyCode::Enter)), Some(Action::Open));
        assert_eq!(
            main(&KeyEvent::new(KeyCode::Char('c'), CTRL)),
            Some(Action::Quit)
        );
        assert_eq!(
            main(&KeyEvent::new(KeyCode::Char('G'), SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(main(&k(KeyCode::Char('Z'))), None);
        // The same key means different things in different layers.
        assert_eq!(
            action_for(Layer::Picker, &k(KeyCode::Enter)),
            Some(Action::Accept)
        );
        assert_eq!(
            action_for(Layer::Text, &KeyEvent::new(KeyCode::Char('w'), CTRL)),
            Some(Action::DeleteWordBack)
        );
        assert_eq!(action_for(Layer::Picker, &k(KeyCode::Char('j'))), None);
    }

    #[test]
    fn no_key_is_bound_twice_in_a_layer() {
        let mut seen = Vec::new();
        for b in KEYMAP {
            for k in b.keys {
                let key = (b.scope.layer(), *k);
                assert!(!seen.contains(&key), "{k:?} bound twice in {:?}", key.0);
                seen.push(key);
            }
        }
    }

    #[test]
    fn editing_keys_do_not_shadow_dialog_keys() {
        // A field's own layer is consulted first, so its keys must not be editing keys.
        for b in KEYMAP.iter().filter(|b| b.scope == Scope::Text) {
            for &(code, mods) in b.keys {
                let key = KeyEvent::new(code, mods);
                for layer in [Layer::Filter, Layer::Picker, Layer::Prompt] {
                    assert_eq!(action_for(layer, &key), None, "{key:?} in {layer:?}");
                }
            }
        }
    }
}
