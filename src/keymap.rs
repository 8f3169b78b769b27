//! The one table of key bindings — main panes, dialogs, pickers, the filter and text
//! fields. Key handling, the help overlay and the hints in the bottom line all derive
//! from it. `KEYMAP` is the built-in table; the config file's `[keys]` remap it once at
//! start (`install`), and everything reads the table in force through `table()`.

use std::sync::OnceLock;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod names;
mod remap;
pub use remap::{
    action_name, key_label, parse_key, remapped, scope_name, scopes, Override, Problem,
};

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
    RefreshAll,
    ExpandAll,
    Command,
    SortNext,
    /// Reverse the accounts view's order.
    SortReverse,
    StateFilter,
    Filter,
    ViewTree,
    ViewPolicies,
    ViewAccounts,
    /// Everything known about the selection, full screen, scrollable.
    Describe,
    /// Run `aws sso login` for the profile whose SSO session expired, then retry.
    SsoLogin,
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
    EditExternal,
    PolicyTypes,
    /// Edit the tags of the selection.
    Tags,
    /// The delegated administrators screen.
    DelegatedAdmins,
    /// The trusted services screen.
    TrustedServices,
    /// The organization's resource policy.
    ResourcePolicy,
    /// The handshakes screen (invitations, enabling all features).
    Handshakes,
    /// The responsibility-transfers screen.
    Transfers,
    Evaluate,
    Effective,
    /// Assume a role in the selected account and open a shell there.
    Shell,
    /// The form that creates an account.
    CreateAccount,
    /// Remove the selected account from the organization.
    RemoveAccount,
    /// Close the selected account.
    CloseAccount,
    /// The creation-requests view.
    ViewCreations,
    // Dialogs.
    /// Take the picked choice or the typed text (Enter in a picker or prompt).
    Accept,
    /// Carry out the confirmed change.
    Confirm,
    /// Close a dialog without changing anything.
    Cancel,
    /// Close a finished summary.
    Dismiss,
    /// Quit once the changes in flight have answered.
    QuitAfterChanges,
    /// Send no more changes, and quit once those in flight have answered.
    StopAndQuit,
    /// Fill in the command palette's selected entry, to add its argument.
    Complete,
    // Text fields (prompts, pickers, the filter).
    CursorLeft,
    CursorRight,
    LineStart,
    LineEnd,
    DeleteBack,
    DeleteForward,
    DeleteWordBack,
    ClearLine,
    // A confirmation's change added to the plan instead of sent; the plan screen.
    Stage,
    UndoPlan,
    RemoveStep,
    StepUp,
    StepDown,
    CheckPlan,
    ApplyPlan,
    ResumePlan,
    OnFailure,
}

impl Action {
    /// The keys 1–9: a view or a screen of its own, reachable from any other.
    pub fn is_view(self) -> bool {
        matches!(
            self,
            Action::ViewTree
                | Action::ViewPolicies
                | Action::ViewAccounts
                | Action::ViewCreations
                | Action::DelegatedAdmins
                | Action::TrustedServices
                | Action::ResourcePolicy
                | Action::Handshakes
                | Action::Transfers
        )
    }
}

/// Where a binding applies: a pane of the main views (for hints), a dialog, the filter,
/// or (`Text`) the editing keys of every text field, consulted after the field's own scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    Tree,
    Detail,
    Policies,
    Lists,
    Filter,
    Command,
    Picker,
    Prompt,
    Confirm,
    Progress,
    Quit,
    Unfinished,
    Text,
    Plan,
}

impl Scope {
    /// The set of bindings a key in this scope is looked up in: the main panes share one
    /// (`Global`), so a key means one thing across them; every other scope is its own.
    pub fn layer(self) -> Scope {
        match self {
            Scope::Tree | Scope::Detail | Scope::Policies | Scope::Lists => Scope::Global,
            other => other,
        }
    }
}

#[derive(Debug, Clone, Copy)]
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
const fn k(code: KeyCode) -> (KeyCode, KeyModifiers) {
    (code, NONE)
}
const fn ctrl(c: char) -> (KeyCode, KeyModifiers) {
    (KeyCode::Char(c), CTRL)
}
const fn shift(c: char) -> (KeyCode, KeyModifiers) {
    (KeyCode::Char(c), SHIFT)
}

// Short names keep the table one binding a line.
use Action as A;
use KeyCode as K;
use Scope as S;

/// One row of the table (keeps the table to a line or two a binding).
const fn bind(
    keys: &'static [(KeyCode, KeyModifiers)],
    label: &'static str,
    action: Action,
    desc: &'static str,
    scope: Scope,
    hint: bool,
) -> Binding {
    Binding {
        keys,
        label,
        action,
        desc,
        scope,
        hint,
    }
}

#[rustfmt::skip]
pub const KEYMAP: &[Binding] = &[
    bind(&[k(K::Up), ch('k')], "↑/k", A::Up, "move up", S::Global, false),
    bind(&[k(K::Down), ch('j')], "↓/j", A::Down, "move down", S::Global, false),
    bind(&[k(K::PageUp), ctrl('u')], "PgUp", A::PageUp, "page up", S::Global, false),
    bind(&[k(K::PageDown), ctrl('d')], "PgDn", A::PageDown, "page down", S::Global, false),
    bind(&[k(K::Home), ch('g')], "g", A::Top, "go to the top", S::Global, false),
    bind(&[k(K::End), ch('G'), shift('G')], "G", A::Bottom, "go to the bottom", S::Global, false),
    bind(&[k(K::Enter), k(K::Right), ch('l')], "→/l", A::Open, "expand / open / jump to", S::Global, true),
    bind(&[k(K::Left), ch('h'), k(K::Esc)], "←/h", A::Close, "collapse / go to parent / back", S::Global, false),
    bind(&[k(K::Tab)], "Tab", A::NextPane, "next pane", S::Global, true),
    bind(&[(K::BackTab, SHIFT), k(K::BackTab)], "S-Tab", A::PrevPane, "previous pane", S::Global, false),
    bind(&[ch('r')], "r", A::Refresh, "refresh / retry the selection", S::Global, true),
    bind(&[ch('R'), shift('R')], "R", A::RefreshAll, "re-read everything loaded", S::Global, false),
    bind(&[ch('o')], "o", A::SortNext, "sort accounts (cycles)", S::Lists, true),
    bind(&[ch('O'), shift('O')], "O", A::SortReverse, "reverse the accounts' order", S::Lists, false),
    bind(&[ch('f')], "f", A::StateFilter, "state filter: accounts of one state", S::Lists, true),
    bind(&[ch('*')], "*", A::ExpandAll, "read and expand all below", S::Tree, false),
    bind(&[ch(':')], ":", A::Command, "command palette (goto, export…)", S::Global, true),
    bind(&[ch('/')], "/", A::Filter, "filter by name or id", S::Global, true),
    bind(&[ch('1')], "1", A::ViewTree, "tree view", S::Global, false),
    bind(&[ch('2')], "2", A::ViewPolicies, "policies view", S::Global, true),
    bind(&[ch('3')], "3", A::ViewAccounts, "accounts view", S::Global, true),
    bind(&[ch('4')], "4", A::ViewCreations, "account creation requests", S::Global, false),
    bind(&[ch('5')], "5", A::DelegatedAdmins, "delegated administrators", S::Global, false),
    bind(&[ch('6')], "6", A::TrustedServices, "trusted services", S::Global, false),
    bind(&[ch('7')], "7", A::ResourcePolicy, "the resource policy", S::Global, false),
    bind(&[ch('8')], "8", A::Handshakes, "handshakes (invitations)", S::Global, false),
    bind(&[ch('9')], "9", A::Transfers, "responsibility transfers (billing)", S::Global, false),
    bind(&[ch(' ')], "Space", A::Mark, "mark for a bulk move, go down", S::Tree, true),
    bind(&[ch('U'), shift('U')], "U", A::UnmarkAll, "unmark all accounts", S::Tree, false),
    bind(&[ch('m')], "m", A::Move, "move account(s) to an OU", S::Tree, true),
    bind(&[ch('a')], "a", A::Attach, "attach a policy", S::Policies, true),
    bind(&[ch('d')], "d", A::Detach, "detach the selected policy", S::Policies, true),
    bind(&[ch('n')], "n", A::NewOu, "new OU (policies: new policy)", S::Tree, true),
    bind(&[ch('e')], "e", A::RenameOu, "rename OU (policies: edit)", S::Tree, false),
    bind(&[ch('E'), shift('E')], "E", A::EditExternal, "edit policy in $VISUAL/$EDITOR", S::Policies, false),
    bind(&[ch('D'), shift('D')], "D", A::DeleteOu, "delete OU (policies: delete)", S::Tree, false),
    bind(&[ch('x')], "x", A::Evaluate, "is an action allowed? (SCP/RCP)", S::Tree, false),
    bind(&[ch('P'), shift('P')], "P", A::Effective, "effective policies of the account", S::Tree, false),
    bind(&[ch('t')], "t", A::PolicyTypes, "enable/disable a policy type", S::Tree, false),
    bind(&[ch('T'), shift('T')], "T", A::Tags, "edit the tags of the selection", S::Global, false),
    bind(&[ch('L'), shift('L')], "L", A::SsoLogin, "aws sso login for an expired SSO session", S::Global, false),
    bind(&[ch('v')], "v", A::Describe, "describe everything known about it, full screen", S::Global, true),
    bind(&[ch('y')], "y", A::Copy, "copy the id (detail: the field)", S::Global, true),
    bind(&[ch('s')], "s", A::Shell, "open a shell in the account", S::Tree, false),
    bind(&[ch('A'), shift('A')], "A", A::CreateAccount, "create an account", S::Tree, false),
    bind(&[ch('X'), shift('X')], "X", A::RemoveAccount, "remove from the organization", S::Tree, false),
    bind(&[ch('C'), shift('C')], "C", A::CloseAccount, "close the account", S::Tree, false),
    bind(&[ch('?')], "?", A::Help, "help", S::Global, true),
    bind(&[ch('q'), ctrl('c')], "q", A::Quit, "quit", S::Global, true),
    // The command palette: type to narrow the entries.
    bind(&[k(K::Enter)], "Enter", A::Accept, "run the selected or typed command", S::Command, true),
    bind(&[k(K::Tab)], "Tab", A::Complete, "complete the selected command", S::Command, true),
    bind(&[k(K::Up), ctrl('p')], "↑", A::Up, "previous entry", S::Command, false),
    bind(&[k(K::Down), ctrl('n')], "↓", A::Down, "next entry", S::Command, false),
    bind(&[k(K::Esc)], "Esc", A::Cancel, "cancel", S::Command, true),
    // The filter line.
    bind(&[k(K::Enter)], "Enter", A::Accept, "go to the selection (lists: keep the filter)", S::Filter, true),
    bind(&[k(K::Esc)], "Esc", A::Cancel, "clear the filter", S::Filter, true),
    // Pickers: type to narrow the choices.
    bind(&[k(K::Up), ctrl('p')], "↑", A::Up, "previous choice", S::Picker, false),
    bind(&[k(K::Down), ctrl('n')], "↓", A::Down, "next choice", S::Picker, false),
    bind(&[k(K::PageUp)], "PgUp", A::PageUp, "page up", S::Picker, false),
    bind(&[k(K::PageDown)], "PgDn", A::PageDown, "page down", S::Picker, false),
    bind(&[k(K::Enter)], "Enter", A::Accept, "choose", S::Picker, true),
    bind(&[k(K::Esc)], "Esc", A::Cancel, "cancel", S::Picker, true),
    // Prompts for a name.
    bind(&[k(K::Enter)], "Enter", A::Accept, "continue", S::Prompt, true),
    bind(&[k(K::Esc)], "Esc", A::Cancel, "cancel", S::Prompt, true),
    // Confirmations.
    // Only `y` confirms: Enter picks in the picker before it, so a double Enter (or a
    // pasted newline) must never answer a confirmation.
    bind(&[ch('y')], "y", A::Confirm, "yes, make the change", S::Confirm, true),
    bind(&[ch('n'), ch('q'), k(K::Esc)], "n/Esc", A::Cancel, "no, change nothing", S::Confirm, true),
    bind(&[k(K::Up), ch('k')], "↑/k", A::Up, "scroll up", S::Confirm, false),
    bind(&[k(K::Down), ch('j')], "↓/j", A::Down, "scroll down", S::Confirm, false),
    bind(&[k(K::PageUp)], "PgUp", A::PageUp, "page up", S::Confirm, false),
    bind(&[k(K::PageDown)], "PgDn", A::PageDown, "page down", S::Confirm, false),
    bind(&[ch('r')], "r", A::Refresh, "read again what could not be read", S::Confirm, false),
    bind(&[ch('p')], "p", A::Stage, "add to the plan instead (:plan reviews it)", S::Confirm, true),
    // Changes being sent, then their summary.
    bind(&[k(K::Esc)], "Esc", A::Cancel, "stop sending the rest", S::Progress, true),
    // A finished summary.
    bind(&[k(K::Enter), ch(' ')], "any key", A::Dismiss, "close the summary", S::Progress, true),
    bind(&[k(K::Up), ch('k')], "↑/k", A::Up, "scroll up", S::Progress, false),
    bind(&[k(K::Down), ch('j')], "↓/j", A::Down, "scroll down", S::Progress, false),
    bind(&[k(K::PageUp)], "PgUp", A::PageUp, "page up", S::Progress, false),
    bind(&[k(K::PageDown)], "PgDn", A::PageDown, "page down", S::Progress, false),
    // The plan (`:plan`): changes staged to be reviewed and applied together.
    bind(&[k(K::Up), ch('k')], "↑/k", A::Up, "previous step", S::Plan, false),
    bind(&[k(K::Down), ch('j')], "↓/j", A::Down, "next step", S::Plan, false),
    bind(&[ch('K'), shift('K')], "K", A::StepUp, "run the step earlier", S::Plan, true),
    bind(&[ch('J'), shift('J')], "J", A::StepDown, "run the step later", S::Plan, true),
    bind(&[ch('d'), k(K::Delete)], "d", A::RemoveStep, "remove the step", S::Plan, true),
    bind(&[ch('c')], "c", A::CheckPlan, "check against the organization as it is now", S::Plan, true),
    bind(&[ch('a')], "a", A::ApplyPlan, "apply (after a clean check; type apply)", S::Plan, true),
    bind(&[ch('u')], "u", A::UndoPlan, "the inverse of the applied plan, to review", S::Plan, true),
    bind(&[ch('r')], "r", A::ResumePlan, "go on with an interrupted apply (:plan resume)", S::Plan, true),
    bind(&[ch('f')], "f", A::OnFailure, "on a failure: finish the independent steps, or stop starting new ones", S::Plan, true),
    bind(&[k(K::Esc), ch('q')], "Esc", A::Cancel, "close (the plan is kept)", S::Plan, true),
    // Changes an earlier run left unfinished.
    bind(&[ch('r')], "r", A::Refresh, "re-read whether they happened", S::Unfinished, true),
    bind(&[k(K::Esc), ch('q'), k(K::Enter)], "Esc", A::Cancel, "close", S::Unfinished, true),
    bind(&[k(K::Up), ch('k')], "↑/k", A::Up, "scroll up", S::Unfinished, false),
    bind(&[k(K::Down), ch('j')], "↓/j", A::Down, "scroll down", S::Unfinished, false),
    // Quitting while changes are in flight.
    bind(&[ch('w')], "w", A::QuitAfterChanges, "wait for the changes in flight, then quit", S::Quit, true),
    bind(&[ch('s')], "s", A::StopAndQuit, "stop sending the rest, wait, then quit", S::Quit, true),
    bind(&[k(K::Esc)], "Esc", A::Cancel, "keep working", S::Quit, true),
    // Editing keys of every text field.
    bind(&[k(K::Left), ctrl('b')], "←", A::CursorLeft, "cursor left", S::Text, false),
    bind(&[k(K::Right), ctrl('f')], "→", A::CursorRight, "cursor right", S::Text, false),
    bind(&[k(K::Home), ctrl('a')], "C-a", A::LineStart, "start of the line", S::Text, false),
    bind(&[k(K::End), ctrl('e')], "C-e", A::LineEnd, "end of the line", S::Text, false),
    bind(&[k(K::Backspace), ctrl('h')], "Bksp", A::DeleteBack, "delete the character before the cursor", S::Text, false),
    bind(&[k(K::Delete), ctrl('d')], "Del", A::DeleteForward, "delete the character under the cursor", S::Text, false),
    bind(&[ctrl('w'), (K::Backspace, ALT)], "C-w", A::DeleteWordBack, "delete the word before the cursor", S::Text, false),
    bind(&[ctrl('u')], "C-u", A::ClearLine, "delete everything before the cursor", S::Text, false),
];

/// The remapped table, once installed.
static INSTALLED: OnceLock<Vec<Binding>> = OnceLock::new();

/// Puts a remapped table (from `remapped`) in force for the rest of the process; once
/// only, at start, before the first key (false if one was installed already).
pub fn install(table: Vec<Binding>) -> bool {
    INSTALLED.set(table).is_ok()
}

thread_local! {
    /// A table in force on this thread only (`with_table`), before the installed one.
    static SCOPED: std::cell::Cell<Option<&'static [Binding]>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with `table` in force on this thread only: tests of a remapped table share
/// their process with tests of the built-in one.
pub fn with_table<R>(table: Vec<Binding>, f: impl FnOnce() -> R) -> R {
    let table: &'static [Binding] = Box::leak(table.into_boxed_slice());
    let before = SCOPED.with(|s| s.replace(Some(table)));
    let out = f();
    SCOPED.with(|s| s.set(before));
    out
}

/// The table in force: this thread's (`with_table`), the installed one, else the
/// built-in `KEYMAP`.
pub fn table() -> &'static [Binding] {
    SCOPED
        .with(|s| s.get())
        .unwrap_or_else(|| INSTALLED.get().map_or(KEYMAP, Vec::as_slice))
}

/// The label of `action`'s keys in `scope` (for dialogs that write their keys out), if
/// it has any.
pub fn label_for(scope: Scope, action: Action) -> Option<&'static str> {
    table()
        .iter()
        .find(|b| b.scope == scope && b.action == action && !b.keys.is_empty())
        .map(|b| b.label)
}

/// The action bound to a key press in `layer` (a scope's `layer()`), if any.
pub fn action_for(layer: Scope, key: &KeyEvent) -> Option<Action> {
    // Shifted letters arrive as uppercase chars with SHIFT set on some terminals only.
    let mods = key.modifiers
        - if matches!(key.code, KeyCode::Char(_)) {
            SHIFT
        } else {
            NONE
        };
    table()
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
    table()
        .iter()
        .filter(|b| b.scope.layer() == Scope::Global && !b.keys.is_empty())
}

/// Bottom-line hints for the focused scope: its own bindings first, then global ones.
pub fn hints(scope: Scope) -> impl Iterator<Item = (&'static str, &'static str)> {
    let shown = |b: &&Binding| b.hint && !b.keys.is_empty();
    let own = table()
        .iter()
        .filter(move |b| b.scope == scope && scope != Scope::Global)
        .filter(shown);
    let global = table()
        .iter()
        .filter(|b| b.scope == Scope::Global)
        .filter(shown);
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
        let main = |key: &KeyEvent| action_for(Scope::Global, key);
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
            action_for(Scope::Picker, &k(KeyCode::Enter)),
            Some(Action::Accept)
        );
        assert_eq!(
            action_for(Scope::Text, &KeyEvent::new(KeyCode::Char('w'), CTRL)),
            Some(Action::DeleteWordBack)
        );
        assert_eq!(action_for(Scope::Picker, &k(KeyCode::Char('j'))), None);
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
    fn an_action_is_bound_once_in_a_layer() {
        // `[keys.SCOPE] action` finds its binding through the layer, so it must be one.
        let mut seen = Vec::new();
        for b in KEYMAP {
            let key = (b.scope.layer(), b.action);
            assert!(!seen.contains(&key), "{:?} twice in {:?}", b.action, key.0);
            seen.push(key);
        }
    }

    #[test]
    fn editing_keys_do_not_shadow_dialog_keys() {
        // A field's own layer is consulted first, so its keys must not be editing keys.
        for b in KEYMAP.iter().filter(|b| b.scope == Scope::Text) {
            for &(code, mods) in b.keys {
                let key = KeyEvent::new(code, mods);
                for layer in [Scope::Filter, Scope::Picker, Scope::Prompt] {
                    assert_eq!(action_for(layer, &key), None, "{key:?} in {layer:?}");
                }
            }
        }
    }
}
