//! Reducer tests of the one text field as every prompt, picker and the filter use it:
//! editing keys, and pasted text that never presses Enter or `y`.

use crate::fixtures;

use fixtures::*;
use orgtui::app::{self, Cmd, Dialog, Mode, Model, Msg};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn paste(text: &str) -> Msg {
    Msg::Paste(text.into())
}

fn typed(m: &mut Model, text: &str) {
    for c in text.chars() {
        app::update(m, ch(c));
    }
}

fn prompt_text(m: &Model) -> String {
    match m.overlay() {
        Mode::Dialog(Dialog::Prompt(p)) => p.input.to_string(),
        other => panic!("expected the prompt, got {other:?}"),
    }
}

fn sent_changes(cmds: &[Cmd]) -> usize {
    cmds.iter()
        .filter(|c| matches!(c, Cmd::Work(orgtui::app::Job::Change { .. })))
        .count()
}

#[test]
fn prompt_editing_keys_move_the_cursor_and_delete_words_and_lines() {
    let mut m = loaded((120, 40));
    select(&mut m, ROOT);
    app::update(&mut m, ch('n'));
    typed(&mut m, "Data Platfrm");
    // ← ← then type the missing letter in the middle of the word.
    app::update(&mut m, key(KeyCode::Left));
    app::update(&mut m, key(KeyCode::Left));
    app::update(&mut m, ch('o'));
    assert_eq!(prompt_text(&m), "Data Platform");
    app::update(&mut m, key(KeyCode::End));
    app::update(&mut m, ctrl('w'));
    assert_eq!(prompt_text(&m), "Data ");
    app::update(&mut m, key(KeyCode::Home));
    app::update(&mut m, key(KeyCode::Delete));
    assert_eq!(prompt_text(&m), "ata ");
    app::update(&mut m, ctrl('e'));
    app::update(&mut m, ctrl('u'));
    assert_eq!(prompt_text(&m), "");
    // Keys of the main view are text here: `q` does not quit, `m` does not move.
    typed(&mut m, "qm");
    assert_eq!(prompt_text(&m), "qm");
    assert!(!m.has_quit());
}

#[test]
fn a_paste_ending_in_a_newline_fills_the_prompt_but_does_not_submit_it() {
    let mut m = loaded((120, 40));
    select(&mut m, ROOT);
    app::update(&mut m, ch('n'));
    let cmds = app::update(&mut m, paste("Data\nPlatform\n"));
    assert_eq!(prompt_text(&m), "Data Platform");
    assert!(matches!(m.dialog(), Some(Dialog::Prompt(_))));
    assert_eq!(sent_changes(&cmds), 0);
    // Enter goes on to the confirmation; a pasted "y\n" does not answer it.
    app::update(&mut m, key(KeyCode::Enter));
    assert!(m.confirmation().is_some());
    let cmds = app::update(&mut m, paste("y\n"));
    assert_eq!(sent_changes(&cmds), 0);
    assert!(m.confirmation().is_some());
}

#[test]
fn a_pasted_query_narrows_the_picker_and_picks_nothing() {
    let mut m = loaded((120, 40));
    let acct = account(1, "x").id;
    select(&mut m, &acct);
    app::update(&mut m, ch('m'));
    let cmds = app::update(&mut m, paste("Security\r\n"));
    assert_eq!(sent_changes(&cmds), 0);
    match m.overlay() {
        Mode::Dialog(Dialog::Picker(p)) => {
            assert_eq!(p.query, "Security");
            let first = app::choices(&m, p).into_iter().next().map(|c| c.label);
            assert_eq!(first.as_deref(), Some("Root / Security"));
        }
        other => panic!("expected the picker, got {other:?}"),
    }
}

#[test]
fn the_filter_takes_pastes_and_editing_keys() {
    let mut m = loaded((120, 40));
    app::update(&mut m, ch('/'));
    app::update(&mut m, paste("secu\n"));
    assert_eq!(m.filter_text(), "secu");
    assert_eq!(
        *m.overlay(),
        Mode::Filter,
        "the pasted newline does not close the filter"
    );
    assert!(row_ids(&m).contains(&ou_id(1)), "{:?}", row_ids(&m));
    app::update(&mut m, ctrl('w'));
    assert_eq!(m.filter_text(), "");
    app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(*m.overlay(), Mode::Normal);
    // Outside a text field a paste does nothing.
    let before = m.clone();
    app::update(&mut m, paste("q\n"));
    assert_eq!(m, before);
}
