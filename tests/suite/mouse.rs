//! Mouse events through the reducer: clicks select and focus, the wheel scrolls the pane
//! under the pointer, a double-click expands and collapses, and nothing in a dialog
//! reacts to the mouse but the describe view, which the wheel scrolls. Positions come
//! from `layout`, as the view's do.

use crate::fixtures;

use fixtures::*;
use orgtui::app::mouse::{Pointer, PointerKind};
use orgtui::app::{self, Cmd, Fetch, Mode, Model, Msg, Pane, View};
use orgtui::layout;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;

const SIZE: (u16, u16) = (120, 40);

fn areas() -> layout::Areas {
    layout::areas(Rect::new(0, 0, SIZE.0, SIZE.1))
}

fn pointer(kind: PointerKind, column: u16, row: u16) -> Msg {
    Msg::Mouse(Pointer { kind, column, row })
}

/// A click (or other pointer event) on row `n` of the inside of `pane`.
fn on_row(m: &mut Model, kind: PointerKind, pane: Rect, n: u16) -> Vec<Cmd> {
    let inside = layout::inner(pane);
    app::update(m, pointer(kind, inside.x + 2, inside.y + n))
}

#[test]
fn a_click_selects_the_row_under_it_and_focuses_the_tree() {
    let mut m = loaded(SIZE);
    m.focus = Pane::Detail;
    assert_eq!(row_ids(&m)[2], ou_id(2));
    on_row(&mut m, PointerKind::Click, areas().tree, 2);
    assert_eq!(selected_id(&m), Some(ou_id(2)));
    assert_eq!(m.focused_pane(), Pane::Tree);
    // Below the last row: the pane is focused, the selection stays.
    on_row(&mut m, PointerKind::Click, areas().tree, 20);
    assert_eq!(selected_id(&m), Some(ou_id(2)));
}

#[test]
fn a_click_in_another_pane_focuses_it_and_keeps_the_selection() {
    let mut m = loaded(SIZE);
    select(&mut m, &ou_id(1));
    on_row(&mut m, PointerKind::Click, areas().detail, 1);
    assert_eq!(m.focused_pane(), Pane::Detail);
    on_row(&mut m, PointerKind::Click, areas().policies, 0);
    assert_eq!(m.focused_pane(), Pane::Policies);
    assert_eq!(selected_id(&m), Some(ou_id(1)));
    // The title and status lines are no pane.
    app::update(&mut m, pointer(PointerKind::Click, 5, 0));
    app::update(&mut m, pointer(PointerKind::Click, 5, SIZE.1 - 1));
    assert_eq!(m.focused_pane(), Pane::Policies);
}

#[test]
fn the_wheel_scrolls_the_pane_under_the_pointer_without_focusing_it() {
    let mut m = loaded(SIZE);
    select(&mut m, ROOT);
    m.focus = Pane::Policies;
    on_row(&mut m, PointerKind::WheelDown, areas().tree, 0);
    on_row(&mut m, PointerKind::WheelDown, areas().tree, 0);
    assert_eq!(selected_id(&m), Some(ou_id(2)));
    on_row(&mut m, PointerKind::WheelUp, areas().tree, 0);
    assert_eq!(selected_id(&m), Some(ou_id(1)));
    assert_eq!(m.focused_pane(), Pane::Policies);
    on_row(&mut m, PointerKind::WheelDown, areas().detail, 0);
    assert_eq!(m.detail_field_focused(), 1);
    assert_eq!(selected_id(&m), Some(ou_id(1)));
}

#[test]
fn a_double_click_expands_and_collapses_a_node() {
    let mut m = loaded(SIZE);
    let cmds = on_row(&mut m, PointerKind::DoubleClick, areas().tree, 2);
    let req = one(&cmds, children_of(&ou_id(2)));
    answer_children(&mut m, req, &ou_id(2), vec![ou(3, "Prod")], vec![]);
    assert!(row_ids(&m).contains(&ou_id(3)));
    let cmds = on_row(&mut m, PointerKind::DoubleClick, areas().tree, 2);
    assert!(fetches(&cmds).is_empty());
    assert!(!row_ids(&m).contains(&ou_id(3)));
    assert_eq!(selected_id(&m), Some(ou_id(2)));
    // On an account it only selects.
    let last = row_ids(&m).len() as u16 - 1;
    let cmds = on_row(&mut m, PointerKind::DoubleClick, areas().tree, last);
    assert!(fetches(&cmds).is_empty());
    assert_eq!(selected_id(&m), Some(account(1, "x").id));
}

#[test]
fn a_click_closes_the_help_and_changes_nothing_else() {
    let mut m = loaded(SIZE);
    app::update(&mut m, ch('?'));
    assert_eq!(*m.overlay(), Mode::Help);
    on_row(&mut m, PointerKind::WheelDown, areas().tree, 0);
    assert_eq!(*m.overlay(), Mode::Help, "the wheel does not close it");
    on_row(&mut m, PointerKind::Click, areas().tree, 2);
    assert_eq!(*m.overlay(), Mode::Normal);
    assert_eq!(
        selected_id(&m),
        Some(ROOT.to_string()),
        "the click only closed it"
    );
}

#[test]
fn no_pointer_event_anywhere_answers_a_confirmation() {
    let mut m = loaded(SIZE);
    select(&mut m, ROOT);
    app::update(&mut m, ch('n'));
    for c in "Ops".chars() {
        app::update(&mut m, ch(c));
    }
    app::update(&mut m, key(KeyCode::Enter));
    app::update(&mut m, Msg::Drawn);
    let Some(_) = m.confirmation() else {
        panic!("expected the confirmation, got {:?}", m.overlay());
    };
    let before = m.clone();
    let kinds = [
        PointerKind::Click,
        PointerKind::DoubleClick,
        PointerKind::WheelUp,
        PointerKind::WheelDown,
    ];
    for row in 0..SIZE.1 {
        for column in 0..SIZE.0 {
            for kind in kinds {
                let cmds = app::update(&mut m, pointer(kind, column, row));
                assert!(cmds.is_empty(), "{kind:?} at {column},{row}: {cmds:?}");
            }
        }
    }
    assert_eq!(m, before);
}

#[test]
fn clicks_in_the_accounts_view_select_and_a_double_click_goes_to_the_tree() {
    let mut m = loaded(SIZE);
    let cmds = app::update(&mut m, ch('3'));
    assert_eq!(m.current_view(), View::Accounts);
    let req = one(&cmds, |f| *f == Fetch::AllAccounts);
    let items = vec![
        account(11, "alpha"),
        account(12, "beta"),
        account(13, "gamma"),
    ];
    app::update(
        &mut m,
        ok(req, app::Reply::AllAccountsPage { items, last: true }),
    );
    let [list, _] = layout::accounts_view(areas().main);
    // The pane's first row is the column headers: the accounts start below them.
    on_row(&mut m, PointerKind::Click, list, 3);
    assert_eq!(m.account_row(), 2);
    on_row(&mut m, PointerKind::Click, list, 0);
    assert_eq!(m.account_row(), 2, "a click on the headers selects nothing");
    on_row(&mut m, PointerKind::WheelUp, list, 0);
    assert_eq!(m.account_row(), 1);
    // Not in the tree yet: its ancestors are looked up, as Enter does.
    let cmds = on_row(&mut m, PointerKind::DoubleClick, list, 2);
    let id = account(12, "beta").id;
    one(&cmds, |f| *f == Fetch::Ancestors { id: id.clone() });
}

#[test]
fn the_wheel_over_a_policy_document_scrolls_it() {
    // The policies view: the document pane under the pointer scrolls, down then up.
    let mut m = loaded(SIZE);
    let cmds = app::update(&mut m, ch('2'));
    settle(&mut m, cmds);
    let id = m.visible_policies()[m.policies_view.selected].id.clone();
    let [_, _, document] = layout::policies_view(areas().main);
    on_row(&mut m, PointerKind::WheelDown, document, 1);
    on_row(&mut m, PointerKind::WheelDown, document, 1);
    assert_eq!(m.doc_scroll(&id), 6);
    on_row(&mut m, PointerKind::WheelUp, document, 1);
    assert_eq!(m.doc_scroll(&id), 3);
    // A click gives the document the keys.
    on_row(&mut m, PointerKind::Click, document, 1);
    assert!(m.policies_view.on_document);
    // The tree view: with the policy pane focused, the detail pane shows the policy and
    // the wheel over it scrolls its document.
    let mut m = loaded(SIZE);
    let cmds = app::update(&mut m, Msg::Idle);
    settle(&mut m, cmds);
    m.focus = Pane::Policies;
    let id = m
        .policy_rows(m.selected.expect("the root"))
        .first()
        .map(|r| r.policy.id.clone())
        .expect("a policy on the root");
    on_row(&mut m, PointerKind::WheelDown, areas().detail, 1);
    assert_eq!(m.doc_scroll(&id), 3);
    assert_eq!(m.focused_pane(), Pane::Policies);
}

#[test]
fn the_wheel_scrolls_the_describe_view_and_a_click_does_nothing_there() {
    let mut m = crate::describe::describing_long_policy(SIZE);
    let scroll = |m: &Model| match m.dialog() {
        Some(app::Dialog::Describe(d)) => d.scroll,
        other => panic!("{other:?}"),
    };
    let (last, page) = match m.dialog() {
        Some(app::Dialog::Describe(d)) => (
            app::describe::rows(&m, d).len() - app::describe::page(&m),
            app::describe::page(&m),
        ),
        other => panic!("{other:?}"),
    };
    assert!(last > page, "a document longer than a page");
    // Anywhere on the screen: the view is the whole of it.
    app::update(&mut m, pointer(PointerKind::WheelDown, 60, 20));
    app::update(&mut m, pointer(PointerKind::WheelDown, 60, 20));
    assert_eq!(scroll(&m), 6, "three rows a notch");
    app::update(&mut m, pointer(PointerKind::WheelUp, 10, 5));
    assert_eq!(scroll(&m), 3);
    for _ in 0..5 {
        app::update(&mut m, pointer(PointerKind::WheelUp, 10, 5));
    }
    assert_eq!(scroll(&m), 0, "no further than the top");
    for _ in 0..last {
        app::update(&mut m, pointer(PointerKind::WheelDown, 10, 5));
    }
    assert_eq!(scroll(&m), last, "no further than the last page");
    let cmds = app::update(&mut m, pointer(PointerKind::Click, 10, 5));
    let cmds2 = app::update(&mut m, pointer(PointerKind::DoubleClick, 10, 5));
    assert!(cmds.is_empty() && cmds2.is_empty(), "{cmds:?} {cmds2:?}");
    assert_eq!(scroll(&m), last, "a click neither scrolls nor closes it");
}
