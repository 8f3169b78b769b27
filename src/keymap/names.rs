//! The names of actions and scopes as users write them: in the config file's `[keys]`
//! (`[keys.tree] refresh-all = "R"`), in the command palette (`:refresh-all`) and in
//! assets/config.example.toml. Users' config files depend on them, so they are written
//! out here, not derived from the variants' names: renaming a variant changes nothing a
//! user writes, and a test pins the complete lists. A name may be added; one that is
//! changed or removed breaks config files that use it.

use super::{Action, Scope};

impl Action {
    /// Every action, in declaration order.
    pub const ALL: &[Action] = &[
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::Open,
        Action::Close,
        Action::NextPane,
        Action::PrevPane,
        Action::Refresh,
        Action::RefreshAll,
        Action::ExpandAll,
        Action::Command,
        Action::SortNext,
        Action::SortReverse,
        Action::StateFilter,
        Action::Filter,
        Action::ViewTree,
        Action::ViewPolicies,
        Action::ViewAccounts,
        Action::Copy,
        Action::Describe,
        Action::SsoLogin,
        Action::Help,
        Action::Quit,
        Action::Mark,
        Action::UnmarkAll,
        Action::Move,
        Action::Attach,
        Action::Detach,
        Action::NewOu,
        Action::RenameOu,
        Action::DeleteOu,
        Action::EditExternal,
        Action::PolicyTypes,
        Action::Tags,
        Action::DelegatedAdmins,
        Action::TrustedServices,
        Action::ResourcePolicy,
        Action::Handshakes,
        Action::Transfers,
        Action::Evaluate,
        Action::Effective,
        Action::Shell,
        Action::CreateAccount,
        Action::RemoveAccount,
        Action::CloseAccount,
        Action::ViewCreations,
        Action::Accept,
        Action::Confirm,
        Action::Cancel,
        Action::Dismiss,
        Action::QuitAfterChanges,
        Action::StopAndQuit,
        Action::Complete,
        Action::CursorLeft,
        Action::CursorRight,
        Action::LineStart,
        Action::LineEnd,
        Action::DeleteBack,
        Action::DeleteForward,
        Action::DeleteWordBack,
        Action::ClearLine,
        Action::Stage,
        Action::UndoPlan,
        Action::RemoveStep,
        Action::StepUp,
        Action::StepDown,
        Action::CheckPlan,
        Action::ApplyPlan,
        Action::ResumePlan,
        Action::OnFailure,
    ];

    /// The action's name in the config file and the command palette (`refresh-all`).
    pub const fn name(self) -> &'static str {
        match self {
            Action::Up => "up",
            Action::Down => "down",
            Action::PageUp => "page-up",
            Action::PageDown => "page-down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::Open => "open",
            Action::Close => "close",
            Action::NextPane => "next-pane",
            Action::PrevPane => "prev-pane",
            Action::Refresh => "refresh",
            Action::RefreshAll => "refresh-all",
            Action::ExpandAll => "expand-all",
            Action::Command => "command",
            Action::SortNext => "sort-next",
            Action::SortReverse => "sort-reverse",
            Action::StateFilter => "state-filter",
            Action::Filter => "filter",
            Action::ViewTree => "view-tree",
            Action::ViewPolicies => "view-policies",
            Action::ViewAccounts => "view-accounts",
            Action::Copy => "copy",
            Action::Describe => "describe",
            Action::SsoLogin => "sso-login",
            Action::Help => "help",
            Action::Quit => "quit",
            Action::Mark => "mark",
            Action::UnmarkAll => "unmark-all",
            Action::Move => "move",
            Action::Attach => "attach",
            Action::Detach => "detach",
            Action::NewOu => "new-ou",
            Action::RenameOu => "rename-ou",
            Action::DeleteOu => "delete-ou",
            Action::EditExternal => "edit-external",
            Action::PolicyTypes => "policy-types",
            Action::Tags => "tags",
            Action::DelegatedAdmins => "delegated-admins",
            Action::TrustedServices => "trusted-services",
            Action::ResourcePolicy => "resource-policy",
            Action::Handshakes => "handshakes",
            Action::Transfers => "transfers",
            Action::Evaluate => "evaluate",
            Action::Effective => "effective",
            Action::Shell => "shell",
            Action::CreateAccount => "create-account",
            Action::RemoveAccount => "remove-account",
            Action::CloseAccount => "close-account",
            Action::ViewCreations => "view-creations",
            Action::Accept => "accept",
            Action::Confirm => "confirm",
            Action::Cancel => "cancel",
            Action::Dismiss => "dismiss",
            Action::QuitAfterChanges => "quit-after-changes",
            Action::StopAndQuit => "stop-and-quit",
            Action::Complete => "complete",
            Action::CursorLeft => "cursor-left",
            Action::CursorRight => "cursor-right",
            Action::LineStart => "line-start",
            Action::LineEnd => "line-end",
            Action::DeleteBack => "delete-back",
            Action::DeleteForward => "delete-forward",
            Action::DeleteWordBack => "delete-word-back",
            Action::ClearLine => "clear-line",
            Action::Stage => "stage",
            Action::UndoPlan => "undo-plan",
            Action::RemoveStep => "remove-step",
            Action::StepUp => "step-up",
            Action::StepDown => "step-down",
            Action::CheckPlan => "check-plan",
            Action::ApplyPlan => "apply-plan",
            Action::ResumePlan => "resume-plan",
            Action::OnFailure => "on-failure",
        }
    }

    /// The action a config file names (`refresh-all`; `refresh_all` is read the same).
    pub fn from_name(name: &str) -> Option<Action> {
        let name = name.replace('_', "-");
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }
}

impl Scope {
    /// Every scope, in declaration order.
    pub const ALL: &[Scope] = &[
        Scope::Global,
        Scope::Tree,
        Scope::Detail,
        Scope::Policies,
        Scope::Lists,
        Scope::Filter,
        Scope::Command,
        Scope::Picker,
        Scope::Prompt,
        Scope::Confirm,
        Scope::Progress,
        Scope::Quit,
        Scope::Unfinished,
        Scope::Text,
        Scope::Plan,
    ];

    /// The scope's name in the config file (`[keys.tree]`).
    pub const fn name(self) -> &'static str {
        match self {
            Scope::Global => "global",
            Scope::Tree => "tree",
            Scope::Detail => "detail",
            Scope::Policies => "policies",
            Scope::Lists => "lists",
            Scope::Filter => "filter",
            Scope::Command => "command",
            Scope::Picker => "picker",
            Scope::Prompt => "prompt",
            Scope::Confirm => "confirm",
            Scope::Progress => "progress",
            Scope::Quit => "quit",
            Scope::Unfinished => "unfinished",
            Scope::Text => "text",
            Scope::Plan => "plan",
        }
    }

    /// The scope a config file names (`tree`).
    pub fn from_name(name: &str) -> Option<Scope> {
        Scope::ALL.iter().copied().find(|s| s.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::KEYMAP;

    /// The names users' config files use. Changing one breaks those files: add a name,
    /// never rename or remove one (a renamed variant keeps its old name in `name`).
    const ACTION_NAMES: &[&str] = &[
        "up",
        "down",
        "page-up",
        "page-down",
        "top",
        "bottom",
        "open",
        "close",
        "next-pane",
        "prev-pane",
        "refresh",
        "refresh-all",
        "expand-all",
        "command",
        "sort-next",
        "sort-reverse",
        "state-filter",
        "filter",
        "view-tree",
        "view-policies",
        "view-accounts",
        "copy",
        "describe",
        "sso-login",
        "help",
        "quit",
        "mark",
        "unmark-all",
        "move",
        "attach",
        "detach",
        "new-ou",
        "rename-ou",
        "delete-ou",
        "edit-external",
        "policy-types",
        "tags",
        "delegated-admins",
        "trusted-services",
        "resource-policy",
        "handshakes",
        "transfers",
        "evaluate",
        "effective",
        "shell",
        "create-account",
        "remove-account",
        "close-account",
        "view-creations",
        "accept",
        "confirm",
        "cancel",
        "dismiss",
        "quit-after-changes",
        "stop-and-quit",
        "complete",
        "cursor-left",
        "cursor-right",
        "line-start",
        "line-end",
        "delete-back",
        "delete-forward",
        "delete-word-back",
        "clear-line",
        "stage",
        "undo-plan",
        "remove-step",
        "step-up",
        "step-down",
        "check-plan",
        "apply-plan",
        "resume-plan",
        "on-failure",
    ];

    const SCOPE_NAMES: &[&str] = &[
        "global",
        "tree",
        "detail",
        "policies",
        "lists",
        "filter",
        "command",
        "picker",
        "prompt",
        "confirm",
        "progress",
        "quit",
        "unfinished",
        "text",
        "plan",
    ];

    #[test]
    fn the_names_users_write_are_pinned() {
        let actions: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
        assert_eq!(actions, ACTION_NAMES);
        let scopes: Vec<&str> = Scope::ALL.iter().map(|s| s.name()).collect();
        assert_eq!(scopes, SCOPE_NAMES);
    }

    #[test]
    fn every_name_parses_back_to_its_action_and_scope() {
        for &a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(a), "{a:?}");
            assert_eq!(
                Action::from_name(&a.name().replace('-', "_")),
                Some(a),
                "{a:?}"
            );
        }
        for &s in Scope::ALL {
            assert_eq!(Scope::from_name(s.name()), Some(s), "{s:?}");
        }
        assert_eq!(Action::from_name("no-such-action"), None);
        assert_eq!(Scope::from_name("nowhere"), None);
    }

    #[test]
    fn every_action_and_scope_of_the_table_is_listed_once() {
        for b in KEYMAP {
            assert!(
                Action::ALL.contains(&b.action),
                "{:?} not in Action::ALL",
                b.action
            );
            assert!(
                Scope::ALL.contains(&b.scope),
                "{:?} not in Scope::ALL",
                b.scope
            );
        }
        for (i, a) in ACTION_NAMES.iter().enumerate() {
            assert!(!ACTION_NAMES[i + 1..].contains(a), "{a} twice");
        }
        for (i, s) in SCOPE_NAMES.iter().enumerate() {
            assert!(!SCOPE_NAMES[i + 1..].contains(s), "{s} twice");
        }
    }
}
