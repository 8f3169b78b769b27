//! The application state: an arena of tree nodes keyed by id, each with its load state,
//! plus selection, focus, the other views, and the requests in flight.

use crate::fuzzy::Filter;
use std::collections::HashMap;

use crate::org::{
    Account, AccountState, OrgError, OrgUnit, Organization, PolicySummary, PolicyType, Root,
    TargetKind,
};

use super::cache::{Cache, Loadable};
use super::input::TextInput;
use super::requests::Requests;

pub type NodeIx = usize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeData {
    Root(Root),
    Ou(OrgUnit),
    Account(Account),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub id: String,
    pub data: NodeData,
    /// `None` for roots and for nodes that vanished from their parent on a refresh.
    pub parent: Option<NodeIx>,
    /// OUs first, then accounts, each sorted by name (roots and OUs only).
    pub children: Vec<NodeIx>,
    /// Whether the children have been listed: `None` = never asked.
    pub children_load: Option<Loadable<()>>,
    pub expanded: bool,
    pub marked: bool,
}

impl Node {
    pub fn name(&self) -> &str {
        match &self.data {
            NodeData::Root(r) => &r.name,
            NodeData::Ou(o) => &o.name,
            NodeData::Account(a) => &a.name,
        }
    }

    pub fn kind(&self) -> TargetKind {
        match self.data {
            NodeData::Root(_) => TargetKind::Root,
            NodeData::Ou(_) => TargetKind::OrganizationalUnit,
            NodeData::Account(_) => TargetKind::Account,
        }
    }

    pub fn is_parent(&self) -> bool {
        !matches!(self.data, NodeData::Account(_))
    }

    pub fn account(&self) -> Option<&Account> {
        match &self.data {
            NodeData::Account(a) => Some(a),
            _ => None,
        }
    }
}

/// One visible line of the tree pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub node: NodeIx,
    pub depth: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tree,
    Detail,
    Policies,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Root → OUs → accounts, with detail and policy panes.
    Tree,
    /// Every policy of the organization by type, and its targets.
    Policies,
    /// Every account of the organization in one flat list.
    Accounts,
    /// Account creation requests (ListCreateAccountStatus) by state.
    Creations,
}

// One `Mode` lives in the model; boxing the dialog would only add indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Help,
    /// Typing a filter; the text lives in `Model::filter`.
    Filter,
    /// Typing a `:` command; the text lives in `Model::command`.
    Command,
    Dialog(super::dialogs::Dialog),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Info(String),
    Error(OrgError),
}

impl Status {
    /// The message whole, as the status line would show it uncut.
    pub fn text(&self) -> String {
        match self {
            Status::Info(s) => s.clone(),
            Status::Error(e) => format!("✗ {e} — {}", e.explanation()),
        }
    }
}

/// How many status messages `:messages` keeps.
const MESSAGES_KEPT: usize = 50;

impl Model {
    /// Keeps the status message on screen for `:messages`, unless it is kept already.
    pub(super) fn remember_status(&mut self) {
        let Some(text) = self.status.as_ref().map(Status::text) else {
            return;
        };
        if self.messages.last() != Some(&text) {
            self.messages.push(text);
            let over = self.messages.len().saturating_sub(MESSAGES_KEPT);
            self.messages.drain(..over);
        }
    }
}

/// A policy as listed in the policy pane: attached to the node itself or to an ancestor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyRow {
    pub policy: PolicySummary,
    /// Where it is attached (the node itself or an ancestor).
    pub attached_to: NodeIx,
    pub inherited: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PoliciesView {
    pub selected: usize,
    /// Focus on the targets list (right) instead of the policy list (left).
    pub on_targets: bool,
    pub target_selected: usize,
    /// Focus on the document pane (Tab from the targets), where the keys scroll it.
    pub on_document: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountsView {
    pub selected: usize,
    pub sort: AccountSort,
    /// The sort reversed (`O`): Z to A, the newest first.
    pub descending: bool,
    /// Only accounts in this state, when set.
    pub state: Option<AccountState>,
}

/// The column the accounts view is sorted by (`o` cycles, `O` reverses).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AccountSort {
    #[default]
    Name,
    Path,
    State,
    Joined,
}

impl AccountSort {
    pub fn next(self) -> Self {
        match self {
            AccountSort::Name => AccountSort::Path,
            AccountSort::Path => AccountSort::State,
            AccountSort::State => AccountSort::Joined,
            AccountSort::Joined => AccountSort::Name,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AccountSort::Name => "name",
            AccountSort::Path => "OU path",
            AccountSort::State => "state",
            AccountSort::Joined => "joined",
        }
    }
}

/// Facts about how orgtui was started, shown in the title bar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    pub source: String,
    pub read_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    pub context: Context,
    pub org: Option<Loadable<Organization>>,
    pub nodes: Vec<Node>,
    pub index: HashMap<String, NodeIx>,
    pub roots: Vec<NodeIx>,
    /// Visible rows of the tree, derived from nodes, expansion and filter (`rows.rs`).
    pub rows: Vec<Row>,
    /// What changed under the rows since they were derived.
    pub rows_stale: super::rows::RowsStale,
    pub selected: Option<NodeIx>,
    pub tree_offset: usize,
    pub focus: Pane,
    pub view: View,
    pub mode: Mode,
    pub size: (u16, u16),
    pub filter: TextInput,
    pub status: Option<Status>,
    /// The status messages of late, oldest first: `:messages` shows them whole.
    pub messages: Vec<String>,
    pub requests: Requests,
    pub cache: Cache,
    pub policy_selected: usize,
    /// The focused field of the detail pane (what `y` copies there).
    pub detail_field: usize,
    pub policies_view: PoliciesView,
    pub accounts_view: AccountsView,
    /// The accounts view's rows, kept between frames (`accounts_index.rs`).
    pub accounts_index: super::accounts_index::AccountsIndex,
    /// A node to select as soon as it appears in the tree (after a jump).
    pub jump_to: Option<String>,
    /// Details of the selection were requested since it last changed.
    pub settled: bool,
    pub quit: bool,
    /// Quit as soon as no change is in flight (asked while changes were being sent).
    pub quit_when_idle: bool,
    /// Parents whose listing came from the snapshot of an earlier run: re-read the first
    /// time they are shown (stale-while-revalidate).
    pub stale: std::collections::HashSet<NodeIx>,
    /// How old the snapshot on screen is ("3 min ago"), until fresh data replaces it.
    pub cached: Option<String>,
    /// The `:` command palette's text.
    pub command: TextInput,
    /// The palette entry chosen among those matching `command`.
    pub palette_selected: usize,
    /// The selected entry was chosen with ↑/↓ since the line was last typed: Enter runs
    /// it even when what was typed does not name it.
    pub palette_chosen: bool,
    /// An `:export` waiting for the whole organization to be read.
    pub export_when_read: Option<(super::msg::ExportFormat, String)>,
    /// A `:goto NAME` that matched nothing read: tried again once the organization is read.
    pub goto_when_read: Option<String>,
    /// Reading a whole subtree, when one is under way.
    pub crawl: Option<super::subtree::Crawl>,
    /// The worker's shared limit, when AWS throttles or calls wait.
    pub throttle: Option<crate::net::throttle::LimitStatus>,
    /// Policy drafts not saved or discarded yet (kept in the state directory).
    pub drafts: Vec<crate::store::drafts::Draft>,
    /// `drafts` changed since they were last written.
    pub drafts_dirty: bool,
    /// How far the policy document on screen is scrolled (PgDn/PgUp in the tree's policy
    /// pane, the keys in the policies view's document pane): for that policy only.
    pub doc_scroll: Option<(String, u16)>,
    /// The profiles `:ctx` offers (read at start and at every `:ctx`).
    pub contexts: Vec<super::msg::ContextChoice>,
    /// The profile to switch to: this session ends for it (`contexts`).
    pub switch_to: Option<String>,
    /// The evaluator's request context (`KEY=VALUE …`), kept until orgtui exits.
    pub eval_context: TextInput,
    /// How far the help overlay is scrolled.
    pub help_scroll: u16,
    /// A policy key waiting for a read to go on (`changes::resume`).
    pub resume: Option<super::changes::Resume>,
    /// The caller (STS), `s` and `:creds`.
    pub sts: super::caller::StsState,
    /// Account creations being followed, and the creation-requests view.
    pub creations: super::creation::Creations,
    /// The actions a change's confirmation says it allows or denies, and for how many
    /// accounts (`watched_actions` in the config file).
    pub watched: Vec<String>,
    /// The plan: changes staged to be reviewed and applied together (`staged.rs`).
    pub staged: super::staged::Staged,
    /// Plan files whose apply was left unfinished (by an earlier run or this one), the
    /// latest first: what `:plan resume` goes on with.
    pub plans_interrupted: Vec<String>,
}

impl Model {
    pub fn new(context: Context) -> Self {
        Model {
            context,
            org: None,
            nodes: Vec::new(),
            index: HashMap::new(),
            roots: Vec::new(),
            rows: Vec::new(),
            rows_stale: Default::default(),
            selected: None,
            tree_offset: 0,
            focus: Pane::Tree,
            view: View::Tree,
            mode: Mode::Normal,
            size: (120, 40),
            filter: TextInput::default(),
            status: None,
            messages: Vec::new(),
            requests: Requests::default(),
            cache: Cache::default(),
            policy_selected: 0,
            detail_field: 0,
            policies_view: PoliciesView::default(),
            accounts_view: AccountsView::default(),
            accounts_index: Default::default(),
            jump_to: None,
            settled: false,
            quit: false,
            quit_when_idle: false,
            throttle: None,
            crawl: None,
            stale: Default::default(),
            command: TextInput::default(),
            palette_selected: 0,
            palette_chosen: false,
            export_when_read: None,
            goto_when_read: None,
            cached: None,
            drafts: Vec::new(),
            drafts_dirty: false,
            resume: None,
            help_scroll: 0,
            eval_context: TextInput::default(),
            contexts: Vec::new(),
            switch_to: None,
            doc_scroll: None,
            sts: Default::default(),
            creations: Default::default(),
            watched: crate::policy::whatif::default_watched(),
            staged: Default::default(),
            plans_interrupted: Vec::new(),
        }
    }

    pub fn node(&self, ix: NodeIx) -> &Node {
        &self.nodes[ix]
    }

    pub fn node_by_id(&self, id: &str) -> Option<&Node> {
        self.index.get(id).map(|&ix| &self.nodes[ix])
    }

    pub fn selected_node(&self) -> Option<&Node> {
        self.selected.map(|ix| &self.nodes[ix])
    }

    pub fn organization(&self) -> Option<&Organization> {
        self.org.as_ref().and_then(Loadable::loaded)
    }

    /// The node's ancestors and itself, root first.
    pub fn path(&self, ix: NodeIx) -> Vec<NodeIx> {
        let mut path = vec![ix];
        let mut cur = ix;
        while let Some(p) = self.nodes[cur].parent {
            // A cycle cannot come from the API, but guard against it anyway.
            if path.contains(&p) {
                break;
            }
            path.push(p);
            cur = p;
        }
        path.reverse();
        path
    }

    /// "Root / Workloads / Prod" for the node's place in the tree.
    pub fn path_text(&self, ix: NodeIx) -> String {
        self.path(ix)
            .iter()
            .map(|&i| crate::text::safe(self.nodes[i].name()).into_owned())
            .collect::<Vec<_>>()
            .join(" / ")
    }

    /// Policy types enabled on the (first) root, SCPs first.
    pub fn enabled_policy_types(&self) -> Vec<PolicyType> {
        let mut types = self
            .roots
            .first()
            .and_then(|&r| match &self.nodes[r].data {
                NodeData::Root(root) => Some(root.enabled_policy_types()),
                _ => None,
            })
            .unwrap_or_default();
        types.sort();
        types
    }

    /// Index of the selected node among the visible rows.
    pub fn selected_row(&self) -> Option<usize> {
        let sel = self.selected?;
        self.rows.iter().position(|r| r.node == sel)
    }

    pub fn marked_count(&self) -> usize {
        self.nodes.iter().filter(|n| n.marked).count()
    }

    /// Policies shown in the policy pane for `ix`: attached directly, then inherited from
    /// each ancestor (nearest first). SCPs first within each group, then by name.
    pub fn policy_rows(&self, ix: NodeIx) -> Vec<PolicyRow> {
        let mut rows = Vec::new();
        for &at in self.path(ix).iter().rev() {
            if let Some(Loadable::Loaded(list)) = self.cache.attached.get(&self.nodes[at].id) {
                let mut list = list.clone();
                list.sort_by(|a, b| (&a.kind, &a.name).cmp(&(&b.kind, &b.name)));
                rows.extend(list.into_iter().map(|policy| PolicyRow {
                    policy,
                    attached_to: at,
                    inherited: at != ix,
                }));
            }
        }
        rows
    }

    /// Rows of the policies view, after the filter.
    pub fn visible_policies(&self) -> Vec<&PolicySummary> {
        let filter = Filter::new(&self.filter);
        match &self.cache.policies {
            Some(Loadable::Loaded(list)) => list
                .iter()
                .filter(|p| filter.matches(&[&p.name, &p.id]))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// "Root / Workloads / Prod": the OU path of an account, when its place in the tree is
    /// known (after its parent was listed, or a crawl).
    pub fn account_path(&self, id: &str) -> Option<String> {
        let parent = self.node_by_id(id)?.parent?;
        Some(self.path_text(parent))
    }
}

impl Model {
    /// How far the document of `policy` is scrolled.
    pub fn doc_scroll(&self, policy: &str) -> u16 {
        match &self.doc_scroll {
            Some((id, rows)) if id == policy => *rows,
            _ => 0,
        }
    }

    /// Scrolls the document of `policy` by `rows` (down when positive); the view clamps it
    /// to the document's end.
    pub fn scroll_doc(&mut self, policy: &str, rows: i32) {
        let now = i32::from(self.doc_scroll(policy));
        let to = (now + rows).clamp(0, i32::from(u16::MAX));
        self.doc_scroll = Some((policy.to_string(), u16::try_from(to).unwrap_or(0)));
    }
}
