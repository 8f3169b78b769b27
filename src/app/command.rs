//! The `:` command palette: every action of the keymap, with its key and description,
//! and the commands without a key of their own (`crawl`, `export`, `goto`…), narrowed by
//! fuzzy matching as the user types. Enter runs the command typed with its argument, the
//! one whose name it begins or whose description it quotes, or the entry chosen with ↑/↓ —
//! never a mere fuzzy match of a word that is no command; Tab completes the selected
//! entry's name.

use ratatui::crossterm::event::KeyEvent;

use crate::keymap::{action_for, main_bindings, Action, Scope};
use crate::text::safe;

use super::cache::Loadable;
use super::input::TextInput;
use super::model::{Mode, Model, Status, View};
use super::msg::{Cmd, ExportFormat};
use super::{actions, nav, subtree};

/// The built-in themes, in the order `ui::theme` defines their colours.
pub const THEME_NAMES: [&str; 3] = ["dark", "light", "high-contrast"];

/// What an entry does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Run {
    Action(Action),
    Crawl,
    Export,
    Goto,
    Creds,
    Theme,
    /// `:ctx` / `:profile` (`contexts`).
    Context,
    /// A change to the organization itself (`changes::org`).
    Org(OrgCommand),
    /// `:plan [save FILE|open FILE|resume [FILE]|clear]` (`staged`).
    Plan,
    /// `:messages`: the describe view on the status messages of late.
    Messages,
}

/// The palette's commands on the organization itself (no key of their own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgCommand {
    EnableAllFeatures,
    DeleteOrganization,
    LeaveOrganization,
    CreateOrganization,
}

/// One line of the palette.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// What to type: "goto", "new-ou".
    pub name: String,
    /// What it takes after its name ("FORMAT [FILE]"); empty when nothing.
    pub arg: &'static str,
    pub desc: &'static str,
    /// The key that does the same, when there is one.
    pub key: Option<&'static str>,
    pub run: Run,
}

/// Commands by name first (some are actions with a key too), then every other action.
const COMMANDS: [(&str, &str, &str, Run); 16] = [
    (
        "goto",
        "ID|NAME",
        "go to an account, OU or policy by id or name",
        Run::Goto,
    ),
    (
        "crawl",
        "",
        "read the whole organization (search and export see all)",
        Run::Crawl,
    ),
    (
        "export",
        "FORMAT [FILE]",
        "write the organization as json, csv, tree, dot or mermaid",
        Run::Export,
    ),
    (
        "creds",
        "",
        "temporary credentials of the selected account, as export lines",
        Run::Creds,
    ),
    (
        "theme",
        "NAME",
        "switch colours: dark, light or high-contrast",
        Run::Theme,
    ),
    (
        "ctx",
        "[PROFILE]",
        "switch organization: another AWS profile, like k9s contexts",
        Run::Context,
    ),
    (
        "plan",
        "[save FILE|open FILE|clear]",
        "changes staged with p: review, apply (resuming an interrupted one), save, open a file",
        Run::Plan,
    ),
    (
        "messages",
        "",
        "the status messages of late, whole",
        Run::Messages,
    ),
    ("expand-all", "", "", Run::Action(Action::ExpandAll)),
    ("refresh-all", "", "", Run::Action(Action::RefreshAll)),
    ("help", "", "", Run::Action(Action::Help)),
    ("quit", "", "", Run::Action(Action::Quit)),
    (
        "enable-all-features",
        "",
        "start moving a consolidated-billing organization to all features",
        Run::Org(OrgCommand::EnableAllFeatures),
    ),
    (
        "delete-organization",
        "",
        "delete the organization (only once it has no member accounts)",
        Run::Org(OrgCommand::DeleteOrganization),
    ),
    (
        "leave-organization",
        "",
        "a member account leaves its organization",
        Run::Org(OrgCommand::LeaveOrganization),
    ),
    (
        "create-organization",
        "[FEATURE_SET]",
        "create an organization, ALL or CONSOLIDATED_BILLING (if in none)",
        Run::Org(OrgCommand::CreateOrganization),
    ),
];

/// Other names the command line has accepted.
pub const ALIASES: [(&str, &str); 3] = [("read-all", "crawl"), ("q", "quit"), ("profile", "ctx")];

/// Actions left out: moving the cursor is what keys are for, and `:` is the palette.
fn listed(action: Action) -> bool {
    !matches!(
        action,
        Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom
            | Action::Command
    )
}

/// Every entry of the palette, in the order shown before anything is typed.
pub fn entries() -> Vec<Entry> {
    let binding = |action: Action| main_bindings().find(|b| b.action == action);
    let mut out: Vec<Entry> = COMMANDS
        .iter()
        .map(|&(name, arg, desc, run)| {
            let bound = match run {
                Run::Action(a) => binding(a),
                _ => None,
            };
            Entry {
                name: name.to_string(),
                arg,
                desc: bound.map_or(desc, |b| b.desc),
                key: bound.map(|b| b.label),
                run,
            }
        })
        .collect();
    for b in main_bindings() {
        let taken = out.iter().any(|e| e.run == Run::Action(b.action));
        if listed(b.action) && !taken {
            out.push(Entry {
                name: b.action.name().to_string(),
                arg: "",
                desc: b.desc,
                key: Some(b.label),
                run: Run::Action(b.action),
            });
        }
    }
    out
}

/// The command word typed and the rest (its argument).
fn split(line: &str) -> (&str, &str) {
    let line = line.trim_start();
    match line.split_once(char::is_whitespace) {
        Some((word, rest)) => (word, rest.trim()),
        None => (line, ""),
    }
}

/// The entry named `word` (or by an alias).
fn named(word: &str) -> Option<Entry> {
    let word = ALIASES
        .iter()
        .find(|(alias, _)| *alias == word)
        .map_or(word, |(_, name)| name);
    entries().into_iter().find(|e| e.name == word)
}

/// The entries matching what is typed, best first. A command typed with an argument
/// shows that command alone.
pub fn matching(line: &str) -> Vec<Entry> {
    let (word, rest) = split(line);
    if !rest.is_empty() {
        if let Some(e) = named(word) {
            return vec![e];
        }
    }
    let all = entries();
    let texts: Vec<String> = all
        .iter()
        .map(|e| format!("{} {}", e.name, e.desc))
        .collect();
    crate::fuzzy::rank(line.trim(), texts.iter().map(String::as_str))
        .into_iter()
        .map(|i| all[i].clone())
        .collect()
}

/// `:` opens the palette, empty, listing everything.
pub fn open(m: &mut Model) {
    m.mode = Mode::Command;
    m.command.clear();
    m.palette_selected = 0;
    m.palette_chosen = false;
    m.status = None;
}

pub fn on_paste(m: &mut Model, text: &str) {
    if m.command.paste(text) {
        m.palette_selected = 0;
        m.palette_chosen = false;
    }
}

pub fn on_key(m: &mut Model, key: KeyEvent, cmds: &mut Vec<Cmd>) {
    match action_for(Scope::Command, &key) {
        Some(Action::Cancel) => {
            m.mode = Mode::Normal;
            m.status = None;
        }
        Some(Action::Accept) => accept(m, cmds),
        Some(Action::Complete) => complete_line(m),
        Some(a @ (Action::Up | Action::Down)) => {
            let len = matching(&m.command).len();
            m.palette_selected = nav::moved(m.palette_selected, len, a, 1);
            m.palette_chosen = true;
        }
        _ => {
            if m.command.on_key(&key) {
                m.palette_selected = 0;
                m.palette_chosen = false;
            }
        }
    }
}

/// Tab: completes the last word of the line — the command's name while it is typed,
/// else its argument — and keeps everything typed before it.
fn complete_line(m: &mut Model) {
    let line = m.command.to_string();
    let (word, rest) = split(&line);
    let Some(entry) = named(word).filter(|_| line.trim_start().len() > word.len()) else {
        if let Some(e) = matching(word).into_iter().nth(m.palette_selected) {
            complete(m, &e);
        }
        return;
    };
    // A name may hold spaces: goto's whole argument is one word.
    let mut words: Vec<&str> = match entry.run {
        Run::Goto => vec![rest],
        _ => rest.split_whitespace().collect(),
    };
    let last = match line.ends_with(char::is_whitespace) {
        true => "",
        false => words.pop().unwrap_or(""),
    };
    let lower = last.to_lowercase();
    let choices = arguments(m, entry.run, words.len());
    let mut fitting = choices
        .iter()
        .filter(|c| c.to_lowercase().starts_with(&lower));
    let chosen = match (fitting.next(), fitting.next()) {
        (Some(one), None) => Some(one.clone()),
        // Not one name starting so: the best match, where Enter would go.
        _ if entry.run == Run::Goto && !last.is_empty() => {
            best(m, last).map(|at| known(m)[at].0.to_string())
        }
        _ => None,
    };
    if let Some(chosen) = chosen {
        words.push(&chosen);
        m.command = TextInput::new(format!("{} {}", entry.name, words.join(" ")));
    }
}

/// What the argument word at `index` of a command can be (empty: anything, such as a
/// file name).
fn arguments(m: &Model, run: Run, index: usize) -> Vec<String> {
    let owned = |names: &[&str]| names.iter().map(|s| s.to_string()).collect();
    match (run, index) {
        (Run::Theme, 0) => owned(&THEME_NAMES),
        (Run::Export, 0) => owned(&["json", "csv", "tree", "dot", "mermaid"]),
        (Run::Org(OrgCommand::CreateOrganization), 0) => owned(&["ALL", "CONSOLIDATED_BILLING"]),
        (Run::Goto, 0) => known(m).into_iter().map(|(n, _)| n.to_string()).collect(),
        (Run::Context, 0) => m.contexts.iter().map(|c| c.name.clone()).collect(),
        _ => Vec::new(),
    }
}

/// Fills in the entry's name, followed by a space when it takes an argument.
fn complete(m: &mut Model, e: &Entry) {
    let space = if e.arg.is_empty() { "" } else { " " };
    m.command = TextInput::new(format!("{}{space}", e.name));
    m.palette_selected = 0;
    m.palette_chosen = false;
}

/// Enter: the command typed by name (with its argument), else the one it means (`meant`).
/// An entry that needs an argument is completed instead, and the palette stays open.
fn accept(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let line = m.command.to_string();
    let (word, rest) = split(&line);
    if line.trim().is_empty() && !m.palette_chosen {
        // Nothing typed nor chosen: nothing to run.
        m.mode = Mode::Normal;
        return;
    }
    let (entry, arg) = match named(word) {
        Some(e) => (e, rest.to_string()),
        None => match meant(m, &line, word) {
            Some((e, true)) => (e, String::new()),
            Some((e, false)) => (e, rest.to_string()),
            None => {
                m.mode = Mode::Normal;
                let why = format!("no command \"{}\"; : lists them all", safe(word));
                return failed(m, why);
            }
        },
    };
    if !entry.arg.is_empty() && !entry.arg.starts_with('[') && arg.is_empty() {
        m.status = Some(Status::Info(format!(
            "{} needs {}: type it, then Enter",
            entry.name, entry.arg
        )));
        return complete(m, &entry);
    }
    m.mode = Mode::Normal;
    m.status = None;
    if let Err(why) = run(m, entry.run, &arg, cmds) {
        failed(m, why);
    }
}

/// The entry a word that names no command stands for, and whether the rest of the line
/// is not its argument (it was chosen with ↑/↓, or found by its description): the one
/// chosen; else the one highlighted when the word begins its name or the line is whole
/// words of its description; else the only command whose name the word begins. A word that is only like a command (`frob`, fuzzily "transfers") is none: Enter
/// must not run what was not asked for.
fn meant(m: &Model, line: &str, word: &str) -> Option<(Entry, bool)> {
    if m.palette_chosen {
        return matching(line)
            .into_iter()
            .nth(m.palette_selected)
            .map(|e| (e, true));
    }
    let word = word.to_lowercase();
    let begins = |e: &Entry| !word.is_empty() && e.name.starts_with(&word);
    // Searching by what a command does ("accounts view") is as deliberate as typing its
    // name: the words typed, whole, in the description of the one highlighted.
    let typed = line.trim().to_lowercase();
    let described = |e: &Entry| {
        let desc = e.desc.to_lowercase();
        desc.match_indices(&typed).any(|(at, _)| {
            let before = desc[..at].chars().next_back();
            let after = desc[at + typed.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    };
    if let Some(e) = matching(line)
        .into_iter()
        .nth(m.palette_selected)
        .filter(|e| begins(e) || described(e))
    {
        let by_name = begins(&e);
        return Some((e, !by_name));
    }
    let mut starting = entries().into_iter().filter(begins);
    match (starting.next(), starting.next()) {
        (Some(one), None) => Some((one, false)),
        _ => None,
    }
}

/// Runs one entry with its argument; the error says what is wrong.
fn run(m: &mut Model, what: Run, arg: &str, cmds: &mut Vec<Cmd>) -> Result<(), String> {
    let root = m.roots.first().copied();
    match what {
        Run::Action(action) => actions::run_action(m, action, cmds),
        Run::Crawl => {
            let root = root.ok_or("the organization is not read yet")?;
            subtree::start(m, root, false, cmds);
        }
        Run::Export => {
            let mut words = arg.split_whitespace();
            let format = words
                .next()
                .ok_or("export needs a format: json, csv, tree, dot or mermaid")?;
            let format = ExportFormat::parse(format).ok_or_else(|| {
                format!(
                    "no export format \"{}\": json, csv, tree, dot or mermaid",
                    safe(format)
                )
            })?;
            let path = words.next().map_or_else(
                || format!("orgtui-export.{}", format.extension()),
                str::to_string,
            );
            let root = root.ok_or("the organization is not read yet")?;
            // The whole organization first: the export waits for the read to finish.
            m.export_when_read = Some((format, path));
            subtree::start(m, root, false, cmds);
            subtree::export_if_read(m, cmds);
        }
        Run::Org(c) => {
            use super::changes as ch;
            match c {
                OrgCommand::EnableAllFeatures => ch::enable_all_features(m),
                OrgCommand::DeleteOrganization => ch::delete_organization(m, cmds),
                OrgCommand::LeaveOrganization => ch::leave_organization(m),
                OrgCommand::CreateOrganization => ch::create_organization(m, arg),
            }
        }
        Run::Goto => goto(m, arg, cmds)?,
        Run::Plan => super::plan_screen::command(m, arg, cmds)?,
        Run::Messages => {
            let d = super::describe::Describe::new(super::describe::Subject::Messages);
            m.mode = Mode::Dialog(super::dialogs::Dialog::Describe(Box::new(d)));
        }
        Run::Context => super::contexts::start(m, arg, cmds)?,
        Run::Creds => super::caller::start(m, crate::sts::Purpose::Exports, cmds)?,
        Run::Theme => {
            let names = THEME_NAMES;
            let name = arg.trim();
            if !names.contains(&name) {
                return Err(format!(
                    "no theme \"{}\"; the themes are {}",
                    safe(name),
                    names.join(", ")
                ));
            }
            cmds.push(Cmd::Theme(name.to_string()));
        }
    }
    Ok(())
}

/// Where `goto` can go.
enum Place {
    Node(String),
    Policy(String),
}

/// `goto ID|NAME`: an id goes straight there (ancestors are read on the way, as after a
/// search); a name is looked up among everything read so far, exact first, then fuzzy.
/// A name that matches nothing read makes orgtui read the whole organization and look
/// again (`goto_if_read`).
fn goto(m: &mut Model, want: &str, cmds: &mut Vec<Cmd>) -> Result<(), String> {
    let want = want.trim();
    let is_id = m.index.contains_key(want)
        || (want.len() == 12 && want.chars().all(|c| c.is_ascii_digit()))
        || want.starts_with("ou-")
        || want.starts_with("r-");
    let place = if is_id {
        Place::Node(want.to_string())
    } else if want.starts_with("p-") {
        Place::Policy(want.to_string())
    } else {
        match by_name(m, want) {
            Some(place) => place,
            None => return read_then_goto(m, want, cmds),
        }
    };
    match place {
        Place::Node(id) => nav::jump_to(m, &id, cmds),
        Place::Policy(id) => show_policy(m, &id, cmds),
    }
    Ok(())
}

/// Reads every parent's children not read yet, then looks for `want` again; says so when everything is read already.
fn read_then_goto(m: &mut Model, want: &str, cmds: &mut Vec<Cmd>) -> Result<(), String> {
    let root = m
        .roots
        .first()
        .copied()
        .ok_or("the organization is not read yet")?;
    if subtree::is_read(m, root) && m.goto_when_read.is_none() {
        return Err(format!(
            "nothing in the organization is called \"{}\"; ids work for anything",
            safe(want)
        ));
    }
    m.goto_when_read = Some(want.to_string());
    subtree::start(m, root, false, cmds);
    m.status = Some(Status::Info(format!(
        "Looking for \"{}\" in the whole organization…",
        safe(want)
    )));
    goto_if_read(m, cmds);
    Ok(())
}

/// A `:goto NAME` waiting for the read goes on once the whole organization is in.
pub fn goto_if_read(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let Some(&root) = m.roots.first() else {
        return;
    };
    if m.goto_when_read.is_none() || m.requests.lists_in_flight() || !subtree::is_read(m, root) {
        return;
    }
    if let Some(want) = m.goto_when_read.take() {
        m.status = None;
        if let Err(why) = goto(m, &want, cmds) {
            failed(m, why);
        }
    }
}

/// The node, account or policy called `name`: exactly (ignoring case), else the best
/// fuzzy match.
fn by_name(m: &Model, name: &str) -> Option<Place> {
    let at = best(m, name)?;
    Some(known(m).swap_remove(at).1)
}

/// The index in `known` of what `name` means: an exact name (ignoring case), else the
/// best fuzzy match.
fn best(m: &Model, name: &str) -> Option<usize> {
    let known = known(m);
    let lower = name.to_lowercase();
    let exact = known.iter().position(|(n, _)| n.to_lowercase() == lower);
    exact.or_else(|| {
        crate::fuzzy::rank(name, known.iter().map(|(n, _)| *n))
            .first()
            .copied()
    })
}

/// Every name read so far, with where it leads: nodes of the tree, every account the
/// accounts view listed, every policy.
fn known(m: &Model) -> Vec<(&str, Place)> {
    let mut known: Vec<(&str, Place)> = m
        .nodes
        .iter()
        .map(|n| (n.name(), Place::Node(n.id.clone())))
        .collect();
    if let Some(Loadable::Loaded(accounts)) = &m.cache.accounts {
        known.extend(
            accounts
                .iter()
                .map(|a| (a.name.as_str(), Place::Node(a.id.clone()))),
        );
    }
    if let Some(Loadable::Loaded(policies)) = &m.cache.policies {
        known.extend(
            policies
                .iter()
                .map(|p| (p.name.as_str(), Place::Policy(p.id.clone()))),
        );
    }
    known
}

/// The policies view with the policy selected (or, until the list is read, filtered to it).
pub fn show_policy(m: &mut Model, id: &str, cmds: &mut Vec<Cmd>) {
    actions::run_action(m, Action::ViewPolicies, cmds);
    m.filter.clear();
    match m.visible_policies().iter().position(|p| p.id == id) {
        Some(at) => {
            m.policies_view.selected = at;
            m.policies_view.on_targets = false;
            m.settled = false;
        }
        None if m.view == View::Policies => {
            m.filter = TextInput::new(id);
        }
        None => {}
    }
}

/// Reports a command's failure in the status line.
pub fn failed(m: &mut Model, why: String) {
    m.status = Some(Status::Error(crate::org::OrgError::new(
        "CommandFailed",
        why,
    )));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_main_action_but_movement_is_listed_once() {
        let all = entries();
        for b in main_bindings().filter(|b| listed(b.action)) {
            let n = all
                .iter()
                .filter(|e| e.run == Run::Action(b.action))
                .count();
            assert_eq!(n, 1, "{:?}", b.action);
        }
        let names: Vec<&str> = all.iter().map(|e| e.name.as_str()).collect();
        for want in [
            "goto",
            "crawl",
            "export",
            "expand-all",
            "refresh-all",
            "new-ou",
        ] {
            assert!(names.contains(&want), "{want} in {names:?}");
        }
        assert!(!names.contains(&"up"));
    }

    #[test]
    fn typing_narrows_and_a_command_with_its_argument_stands_alone() {
        assert_eq!(matching("")[0].name, "goto");
        assert_eq!(matching("newou")[0].name, "new-ou");
        assert_eq!(matching("expo")[0].name, "export");
        let only = matching("export csv out.csv");
        assert_eq!(only.len(), 1);
        assert_eq!(only[0].name, "export");
        assert!(matching("zzzzq").is_empty());
    }
}
