//! How the tests look at the app: what a user sees (the overlay or dialog on screen, the
//! status line, the selection, the tree's rows, the view and pane) and what was asked or
//! kept (pending requests, what is cached for a target, tracked creations, drafts).
//!
//! Tests ask these questions instead of reading `Model`'s fields, so the model can be
//! reshaped (features in folders of their own) by changing this file, not every test.
//! Setting state up by writing fields is not covered here.
#![allow(dead_code)]

use std::collections::BTreeMap;

use orgtui::app::{
    Confirm, Dialog, Editor, Loadable, Mode, Model, Node, NodeIx, Pane, Progress, Status, View,
};
use orgtui::org::{OrgError, Organization, PolicySummary, ResourcePolicy, Tag};
use orgtui::sts::CallerIdentity;

pub trait Look {
    /// What covers the view: `Mode::Normal` when nothing does (help, a prompt line, a dialog).
    fn overlay(&self) -> &Mode;
    /// The dialog on screen, if one is.
    fn dialog(&self) -> Option<&Dialog>;
    /// The confirmation on screen, if one is.
    fn confirmation(&self) -> Option<&Confirm>;
    /// The progress dialog (or its summary), if it is open.
    fn progress(&self) -> Option<&Progress>;
    /// The policy editor, if it is open.
    fn editor(&self) -> Option<&Editor>;

    /// What the status line shows, if anything.
    fn status_shown(&self) -> Option<&Status>;
    /// The status line's text, an error as "Code: message"; empty when there is none.
    fn status_line(&self) -> String;
    /// The status line's text when it is information (not an error).
    fn info(&self) -> Option<&str>;
    /// The error the status line shows, if it shows one.
    fn error(&self) -> Option<&OrgError>;

    /// The view on screen (tree, policies, accounts, creation requests).
    fn current_view(&self) -> View;
    /// The focused pane of the tree view.
    fn focused_pane(&self) -> Pane;
    /// The focused field of the detail pane.
    fn detail_field_focused(&self) -> usize;
    /// The selected row of the accounts view.
    fn account_row(&self) -> usize;
    /// The selected row of the policies view.
    fn policy_row(&self) -> usize;
    /// How far the help overlay is scrolled.
    fn help_offset(&self) -> u16;
    /// The terminal's size as the app knows it.
    fn screen_size(&self) -> (u16, u16);

    /// The selected node's index, if any.
    fn selected_ix(&self) -> Option<NodeIx>;
    /// The selected node's id, if any.
    fn selected_id(&self) -> Option<String>;
    /// The selected node's path ("Root / Workloads / Prod"), if any.
    fn selected_path(&self) -> Option<String>;
    /// Ids of the visible tree rows, in order.
    fn row_ids(&self) -> Vec<String>;
    /// How many tree rows are visible.
    fn row_count(&self) -> usize;
    /// The nodes of the visible tree rows, in order.
    fn row_nodes(&self) -> Vec<&Node>;
    /// The first tree row on screen (the tree's scroll offset).
    fn tree_top(&self) -> usize;
    /// Every node known (loaded), visible or not.
    fn known_nodes(&self) -> &[Node];

    /// The filter's text.
    fn filter_text(&self) -> String;
    /// The `:` palette's text.
    fn command_text(&self) -> &str;
    /// The palette entry chosen.
    fn palette_choice(&self) -> usize;
    /// A node to be selected as soon as it appears (after a jump).
    fn jumping_to(&self) -> Option<&str>;

    /// The organization as read (loading, loaded or failed), if asked.
    fn org_read(&self) -> Option<&Loadable<Organization>>;
    /// The policies attached directly to `target`, as cached.
    fn cached_attached(&self, target: &str) -> Option<&Loadable<Vec<PolicySummary>>>;
    /// The tags of `target`, as cached.
    fn cached_tags(&self, target: &str) -> Option<&Vec<Tag>>;
    /// The organization's resource policy, as cached.
    fn cached_resource_policy(&self) -> Option<&Loadable<Option<ResourcePolicy>>>;
    /// How old the snapshot on screen is, while it is only the snapshot.
    fn snapshot_age(&self) -> Option<&str>;

    /// No request (read or change) is waiting for an answer.
    fn nothing_pending(&self) -> bool;
    /// Items of the selection's listing read so far while it is still being paged.
    fn staged_for_selection(&self) -> usize;
    /// The app has quit.
    fn has_quit(&self) -> bool;
    /// Policy drafts neither saved nor discarded.
    fn draft_count(&self) -> usize;
    /// Account creations being followed.
    fn tracked_creations(&self) -> usize;
    /// DescribeCreateAccountStatus calls made per creation request.
    fn creation_polls(&self) -> &BTreeMap<String, u32>;
    /// The creation requests listed by the creation-requests view.
    fn creation_requests_listed(&self) -> Option<usize>;
    /// Who is calling (GetCallerIdentity), once asked.
    fn caller(&self) -> Option<&Loadable<CallerIdentity>>;
    /// The `export` lines `:creds` shows, while they are on screen.
    fn credential_exports(&self) -> Option<&orgtui::app::caller::Exports>;
}

impl Look for Model {
    fn overlay(&self) -> &Mode {
        &self.mode
    }

    fn dialog(&self) -> Option<&Dialog> {
        match &self.mode {
            Mode::Dialog(d) => Some(d),
            _ => None,
        }
    }

    fn confirmation(&self) -> Option<&Confirm> {
        match self.dialog() {
            Some(Dialog::Confirm(c)) => Some(c),
            _ => None,
        }
    }

    fn progress(&self) -> Option<&Progress> {
        match self.dialog() {
            Some(Dialog::Progress(p)) => Some(p),
            _ => None,
        }
    }

    fn editor(&self) -> Option<&Editor> {
        match self.dialog() {
            Some(Dialog::Editor(e)) => Some(e),
            _ => None,
        }
    }

    fn status_shown(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    fn status_line(&self) -> String {
        match &self.status {
            Some(Status::Info(s)) => s.clone(),
            Some(Status::Error(e)) => format!("{}: {}", e.code, e.message),
            None => String::new(),
        }
    }

    fn info(&self) -> Option<&str> {
        match &self.status {
            Some(Status::Info(s)) => Some(s),
            _ => None,
        }
    }

    fn error(&self) -> Option<&OrgError> {
        match &self.status {
            Some(Status::Error(e)) => Some(e),
            _ => None,
        }
    }

    fn current_view(&self) -> View {
        self.view
    }

    fn focused_pane(&self) -> Pane {
        self.focus
    }

    fn detail_field_focused(&self) -> usize {
        self.detail_field
    }

    fn account_row(&self) -> usize {
        self.accounts_view.selected
    }

    fn policy_row(&self) -> usize {
        self.policies_view.selected
    }

    fn help_offset(&self) -> u16 {
        self.help_scroll
    }

    fn screen_size(&self) -> (u16, u16) {
        self.size
    }

    fn selected_ix(&self) -> Option<NodeIx> {
        self.selected
    }

    fn selected_id(&self) -> Option<String> {
        self.selected_node().map(|n| n.id.clone())
    }

    fn selected_path(&self) -> Option<String> {
        self.selected.map(|ix| self.path_text(ix))
    }

    fn row_ids(&self) -> Vec<String> {
        self.rows
            .iter()
            .map(|r| self.node(r.node).id.clone())
            .collect()
    }

    fn row_count(&self) -> usize {
        self.rows.len()
    }

    fn row_nodes(&self) -> Vec<&Node> {
        self.rows.iter().map(|r| self.node(r.node)).collect()
    }

    fn tree_top(&self) -> usize {
        self.tree_offset
    }

    fn known_nodes(&self) -> &[Node] {
        &self.nodes
    }

    fn filter_text(&self) -> String {
        self.filter.to_string()
    }

    fn command_text(&self) -> &str {
        self.command.as_str()
    }

    fn palette_choice(&self) -> usize {
        self.palette_selected
    }

    fn jumping_to(&self) -> Option<&str> {
        self.jump_to.as_deref()
    }

    fn org_read(&self) -> Option<&Loadable<Organization>> {
        self.org.as_ref()
    }

    fn cached_attached(&self, target: &str) -> Option<&Loadable<Vec<PolicySummary>>> {
        self.cache.attached.get(target)
    }

    fn cached_tags(&self, target: &str) -> Option<&Vec<Tag>> {
        self.cache.tags.get(target)
    }

    fn cached_resource_policy(&self) -> Option<&Loadable<Option<ResourcePolicy>>> {
        self.cache.admin.resource_policy.as_ref()
    }

    fn snapshot_age(&self) -> Option<&str> {
        self.cached.as_deref()
    }

    fn nothing_pending(&self) -> bool {
        self.requests.is_empty()
    }

    fn staged_for_selection(&self) -> usize {
        self.requests.staged(self.selected)
    }

    fn has_quit(&self) -> bool {
        self.quit
    }

    fn draft_count(&self) -> usize {
        self.drafts.len()
    }

    fn tracked_creations(&self) -> usize {
        self.creations.tracked.len()
    }

    fn creation_polls(&self) -> &BTreeMap<String, u32> {
        &self.creations.polls
    }

    fn creation_requests_listed(&self) -> Option<usize> {
        match &self.creations.view.list {
            Some(Loadable::Loaded(l)) => Some(l.len()),
            _ => None,
        }
    }

    fn caller(&self) -> Option<&Loadable<CallerIdentity>> {
        self.sts.caller.as_ref()
    }

    fn credential_exports(&self) -> Option<&orgtui::app::caller::Exports> {
        self.sts.exports.as_ref()
    }
}
