//! Reducer and snapshot tests of the responsibility-transfers screen (`9`): the lists with
//! the caller's side, a transfer described, the invitation form validated at the field as
//! typed (text kept on a failed call), rename, ending one at a month's end, each confirmed
//! with words that say exactly what happens and sent once; read-only refused at the key;
//! and accepting a TRANSFER_RESPONSIBILITY handshake (8) re-reads the transfers.

use crate::fixtures;

use fixtures::*;
use orgtui::app::{
    self, describe, invite_problem, parse_start, transfer_rows, AdminFetch, AdminReply, Change,
    Cmd, Dialog, Fetch, InviteField, Mode, Model, Msg, Reply, TrStep, TransferScreen, Transfers,
};
use orgtui::change::{OrgChange, TransferChange};
use orgtui::org::{
    Handshake, HandshakeParty, HandshakeResource, OrgError, ResponsibilityTransfer,
    TransferParticipant,
};
use orgtui::ui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

const SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];
const READ_AT: &str = "2026-05-17T10:00:00Z";

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn typed(m: &mut Model, text: &str) -> Vec<Cmd> {
    text.chars().flat_map(|c| app::update(m, ch(c))).collect()
}

fn changes(cmds: &[Cmd]) -> Vec<Change> {
    sent(cmds).into_iter().map(|(_, c)| c).collect()
}

fn party(id: &str, email: &str) -> TransferParticipant {
    TransferParticipant {
        management_account_id: id.into(),
        management_account_email: email.into(),
    }
}

fn transfer(
    id: &str,
    name: &str,
    status: &str,
    other: TransferParticipant,
    inbound: bool,
) -> ResponsibilityTransfer {
    let me = party("111111111111", "aws+management@example-corp.com");
    let (source, target) = if inbound { (other, me) } else { (me, other) };
    ResponsibilityTransfer {
        id: id.into(),
        arn: format!("arn:aws:organizations::111111111111:transfer/o-exampleorg/billing/{id}"),
        name: name.into(),
        kind: "BILLING".into(),
        status: status.into(),
        source,
        target,
        start: "2026-05-01T00:00:00Z".into(),
        end: String::new(),
        active_handshake_id: Some(format!("h-{}", &id[3..])),
    }
}

fn sample() -> Transfers {
    let mut beta = transfer(
        "rt-beta00000002",
        "Beta billing",
        "REQUESTED",
        party("", "billing@beta.example.org"),
        true,
    );
    beta.start = "2026-06-01T00:00:00Z".into();
    let mut old = transfer(
        "rt-old000000003",
        "Former reseller",
        "WITHDRAWN",
        party("555566667777", "reseller@example.net"),
        false,
    );
    old.start = "2026-01-01T00:00:00Z".into();
    old.end = "2026-03-31T23:59:59.999Z".into();
    Transfers {
        inbound: vec![
            beta,
            transfer(
                "rt-acme00000001",
                "Acme billing",
                "ACCEPTED",
                party("222233334444", "aws@acme.example.com"),
                true,
            ),
        ],
        outbound: vec![old],
        read_at: READ_AT.into(),
    }
}

/// `9` pressed and the lists answered.
fn open(m: &mut Model) {
    let cmds = app::update(m, ch('9'));
    let req = one(&cmds, |f| *f == Fetch::Admin(AdminFetch::Transfers));
    app::update(m, ok(req, Reply::Admin(AdminReply::Transfers(sample()))));
}

fn screen(m: &Model) -> &TransferScreen {
    match m.overlay() {
        Mode::Dialog(Dialog::Transfers(s)) => s,
        other => panic!("expected the transfers screen, got {other:?}"),
    }
}

fn note(m: &Model) -> String {
    screen(m).note.clone().unwrap_or_default()
}

fn confirmation_text(m: &Model) -> String {
    let Some(c) = m.confirmation() else {
        panic!("expected a confirmation, got {:?}", m.overlay());
    };
    describe(m, &c.plan)
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Moves the selection to the row of transfer `id`.
fn select_transfer(m: &mut Model, id: &str) {
    let at = transfer_rows(m)
        .iter()
        .position(|r| r.transfer.id == id)
        .expect("listed");
    for _ in 0..10 {
        app::update(m, key(KeyCode::Up));
    }
    for _ in 0..at {
        app::update(m, key(KeyCode::Down));
    }
}

fn fill_invite(m: &mut Model, target: &str, name: &str) {
    app::update(m, ctrl('n'));
    typed(m, target);
    app::update(m, key(KeyCode::Tab));
    app::update(m, key(KeyCode::Tab));
    typed(m, name);
}

#[test]
fn the_screen_lists_both_sides_and_describes_one() {
    let mut m = loaded((120, 40));
    open(&mut m);
    let rows = transfer_rows(&m);
    let ids: Vec<&str> = rows.iter().map(|r| r.transfer.id.as_str()).collect();
    // Inbound first, by start; then outbound.
    assert_eq!(
        ids,
        ["rt-acme00000001", "rt-beta00000002", "rt-old000000003"]
    );
    assert_eq!(rows[0].other_party(), "222233334444");
    assert_eq!(rows[1].other_party(), "billing@beta.example.org");
    assert_eq!(rows[2].other_party(), "555566667777");
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    let id = "rt-acme00000001".to_string();
    one(&cmds, |f| {
        *f == Fetch::Admin(AdminFetch::Transfer { id: id.clone() })
    });
    assert_eq!(screen(&m).step, TrStep::Detail { id });
    app::update(&mut m, key(KeyCode::Esc));
    assert_eq!(screen(&m).step, TrStep::List);
    app::update(&mut m, key(KeyCode::Esc));
    assert_eq!(*m.overlay(), Mode::Normal);
    // The palette opens it too.
    app::update(&mut m, ch(':'));
    typed(&mut m, "transfers");
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    one(&cmds, |f| *f == Fetch::Admin(AdminFetch::Transfers));
    screen(&m);
}

#[test]
fn the_start_is_the_first_of_a_month_not_before_this_one() {
    assert_eq!(
        parse_start("2026-07-01", Some(READ_AT)),
        Ok("2026-07-01T00:00:00Z".into())
    );
    assert_eq!(
        parse_start("2026-07-01T00:00:00Z", Some(READ_AT)),
        Ok("2026-07-01T00:00:00Z".into())
    );
    assert!(parse_start("2026-07-15", Some(READ_AT))
        .unwrap_err()
        .contains("first day of a month"));
    assert!(parse_start("2026-07-01T12:00:00Z", Some(READ_AT))
        .unwrap_err()
        .contains("00:00 UTC"));
    assert!(parse_start("2026-04-01", Some(READ_AT))
        .unwrap_err()
        .contains("before this month"));
    assert!(parse_start("2026-02-30", Some(READ_AT)).is_err());
    assert!(parse_start("soon", None).is_err());
}

#[test]
fn the_invitation_is_validated_as_typed_confirmed_and_sent_once() {
    let mut m = loaded((120, 40));
    open(&mut m);
    app::update(&mut m, ctrl('n'));
    // The start defaults to the first of the month after the lists were read.
    assert_eq!(screen(&m).start.as_str(), "2026-06-01");
    typed(&mut m, "12345");
    let s = screen(&m).clone();
    let why = invite_problem(&s, InviteField::Target, Some(READ_AT)).unwrap_or_default();
    assert!(why.contains("12 digits"), "{why}");
    // Enter with a bad field sends nothing and puts the cursor there.
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    assert!(changes(&cmds).is_empty());
    assert!(note(&m).contains("12 digits"), "{}", note(&m));
    assert_eq!(
        screen(&m).step,
        TrStep::Invite {
            field: InviteField::Target
        }
    );
    typed(&mut m, "6789012");
    // The name: printable ASCII only.
    app::update(&mut m, key(KeyCode::Tab));
    app::update(&mut m, key(KeyCode::Tab));
    typed(&mut m, "Gamma billing é");
    app::update(&mut m, key(KeyCode::Enter));
    assert!(note(&m).contains("printable ASCII"), "{}", note(&m));
    assert_eq!(
        screen(&m).step,
        TrStep::Invite {
            field: InviteField::Name
        }
    );
    app::update(&mut m, key(KeyCode::Backspace));
    app::update(&mut m, key(KeyCode::Backspace));
    app::update(&mut m, key(KeyCode::Enter));
    let text = confirmation_text(&m);
    assert!(
        text.contains("Invite the management account 123456789012 to transfer its billing"),
        "{text}"
    );
    assert!(
        text.contains("to this organization (o-exampleorg), from 1 June 2026"),
        "{text}"
    );
    assert!(text.contains("name: Gamma billing"), "{text}");
    assert!(text.contains("manages and pays"), "{text}");
    let cmds = confirm(&mut m);
    let sent_changes = changes(&cmds);
    let invite = Change::Transfer(TransferChange::Invite {
        target: "123456789012".into(),
        kind: "BILLING".into(),
        start: "2026-06-01T00:00:00Z".into(),
        name: "Gamma billing".into(),
        notes: String::new(),
    });
    assert_eq!(sent_changes, std::slice::from_ref(&invite));
    // AWS refuses: back to the form, text kept, its reason shown.
    let (req, _) = sent(&cmds)[0].clone();
    let refusal = OrgError::new(
        "HandshakeConstraintViolationException",
        "TARGET_ACCOUNT_VALIDATION_FAILURE: not a management account",
    );
    app::update(&mut m, changed(req, invite, Err(refusal)));
    let s = screen(&m);
    assert!(matches!(s.step, TrStep::Invite { .. }), "{:?}", s.step);
    assert_eq!(s.target.as_str(), "123456789012");
    assert_eq!(s.name.as_str(), "Gamma billing");
    assert!(
        note(&m).contains("TARGET_ACCOUNT_VALIDATION_FAILURE"),
        "{}",
        note(&m)
    );
}

#[test]
fn ending_a_transfer_says_what_ends_and_when_and_rereads_the_lists() {
    let mut m = loaded((120, 40));
    open(&mut m);
    // Only an ACCEPTED one can be ended.
    select_transfer(&mut m, "rt-beta00000002");
    let cmds = app::update(&mut m, ctrl('x'));
    assert!(changes(&cmds).is_empty());
    assert!(
        note(&m).contains("Only an ACCEPTED transfer"),
        "{}",
        note(&m)
    );
    assert!(note(&m).contains("handshakes screen"), "{}", note(&m));
    select_transfer(&mut m, "rt-acme00000001");
    app::update(&mut m, ctrl('x'));
    assert_eq!(
        screen(&m).step,
        TrStep::Terminate {
            id: "rt-acme00000001".into(),
            choice: 0
        }
    );
    // The end of next month.
    app::update(&mut m, key(KeyCode::Down));
    app::update(&mut m, key(KeyCode::Enter));
    let text = confirmation_text(&m);
    assert!(
        text.contains("End responsibility transfer \"Acme billing\" (rt-acme00000001)"),
        "{text}"
    );
    assert!(
        text.contains(
            "this organization stops managing the billing of 222233334444's organization"
        ),
        "{text}"
    );
    assert!(
        text.contains("at the end of 30 June 2026 (2026-06-30 23:59:59.999 UTC)"),
        "{text}"
    );
    assert!(text.contains("WITHDRAWN"), "{text}");
    assert!(text.contains("cannot be undone"), "{text}");
    let cmds = confirm(&mut m);
    let end = Change::Transfer(TransferChange::Terminate {
        transfer: "rt-acme00000001".into(),
        end: "2026-06-30T23:59:59.999Z".into(),
    });
    assert_eq!(changes(&cmds), std::slice::from_ref(&end));
    let (req, _) = sent(&cmds)[0].clone();
    let cmds = app::update(&mut m, changed(req, end, Ok(())));
    // Back on the list, which is read again.
    assert_eq!(screen(&m).step, TrStep::List);
    one(&cmds, |f| *f == Fetch::Admin(AdminFetch::Transfers));
    assert!(
        status(&m).contains("rt-acme00000001 ends at 2026-06-30"),
        "{}",
        status(&m)
    );
}

#[test]
fn rename_is_a_prompt_with_the_old_name() {
    let mut m = loaded((120, 40));
    open(&mut m);
    select_transfer(&mut m, "rt-acme00000001");
    app::update(&mut m, ch('e'));
    assert_eq!(screen(&m).rename.as_str(), "Acme billing");
    app::update(&mut m, ctrl('u'));
    app::update(&mut m, key(KeyCode::Enter));
    assert!(note(&m).contains("type a name"), "{}", note(&m));
    typed(&mut m, "Acme Corp billing");
    app::update(&mut m, key(KeyCode::Enter));
    let text = confirmation_text(&m);
    assert!(
        text.contains("Rename responsibility transfer \"Acme billing\" (rt-acme00000001)"),
        "{text}"
    );
    assert!(text.contains("to \"Acme Corp billing\""), "{text}");
    let cmds = confirm(&mut m);
    assert_eq!(
        changes(&cmds),
        [Change::Transfer(TransferChange::Rename {
            transfer: "rt-acme00000001".into(),
            name: "Acme Corp billing".into(),
        })]
    );
    // A WITHDRAWN one cannot be renamed.
    let mut m = loaded((120, 40));
    open(&mut m);
    select_transfer(&mut m, "rt-old000000003");
    app::update(&mut m, ch('e'));
    assert!(note(&m).contains("this one is WITHDRAWN"), "{}", note(&m));
}

#[test]
fn read_only_opens_the_screen_and_refuses_each_change_at_its_key() {
    let mut m = loaded((120, 40));
    m.context.read_only = true;
    open(&mut m);
    assert_eq!(transfer_rows(&m).len(), 3);
    select_transfer(&mut m, "rt-acme00000001");
    let mut cmds = Vec::new();
    for k in [ctrl('n'), ch('e'), ctrl('x')] {
        cmds.extend(app::update(&mut m, k));
        assert!(note(&m).contains("Read-only"), "{}", note(&m));
        assert_eq!(screen(&m).step, TrStep::List);
    }
    assert!(changes(&cmds).is_empty());
}

fn transfer_handshake() -> Handshake {
    Handshake {
        id: "h-trans00001".into(),
        arn: "arn:aws:organizations::333333333333:handshake/o-otherorg/transfer_responsibility/h-trans00001".into(),
        parties: vec![
            HandshakeParty::account("333333333333"),
            HandshakeParty::account("111111111111"),
        ],
        state: "OPEN".into(),
        requested_at: "2026-05-10T10:00:00Z".into(),
        expires_at: "2026-05-25T10:00:00Z".into(),
        action: "TRANSFER_RESPONSIBILITY".into(),
        resources: vec![HandshakeResource::new("RESPONSIBILITY_TRANSFER", "rt-in0000000009")],
    }
}

#[test]
fn accepting_a_transfer_invitation_on_the_handshakes_screen_rereads_the_transfers() {
    let mut m = loaded((120, 40));
    open(&mut m);
    app::update(&mut m, key(KeyCode::Esc));
    let cmds = app::update(&mut m, ch('8'));
    let req = one(&cmds, |f| {
        matches!(f, Fetch::Admin(AdminFetch::Handshakes { .. }))
    });
    app::update(
        &mut m,
        ok(
            req,
            Reply::Admin(AdminReply::Handshakes(vec![transfer_handshake()])),
        ),
    );
    app::update(&mut m, ch('a'));
    let text = confirmation_text(&m);
    assert!(
        text.contains("Accept TRANSFER_RESPONSIBILITY handshake h-trans00001"),
        "{text}"
    );
    assert!(
        text.contains("manages and pays this organization's billing"),
        "{text}"
    );
    let cmds = confirm(&mut m);
    let accept = Change::Org(OrgChange::AcceptHandshake {
        handshake: "h-trans00001".into(),
    });
    assert_eq!(changes(&cmds), std::slice::from_ref(&accept));
    let (req, _) = sent(&cmds)[0].clone();
    let cmds = app::update(&mut m, changed(req, accept, Ok(())));
    one(&cmds, |f| *f == Fetch::Admin(AdminFetch::Transfers));
}

// --- snapshots ------------------------------------------------------------------------------

fn snap(name: &str, build: impl Fn((u16, u16)) -> Model) {
    for size in SIZES {
        let m = build(size);
        let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).expect("terminal");
        terminal
            .draw(|f| orgtui::ui::view(&m, &Theme::default(), f))
            .expect("draw");
        let screen = terminal.backend().to_string();
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), screen);
    }
}

#[test]
fn transfers_screen() {
    snap("transfers", |size| {
        let mut m = loaded(size);
        open(&mut m);
        m
    });
}

#[test]
fn transfers_invite_form_with_a_field_error() {
    snap("transfers_invite", |size| {
        let mut m = loaded(size);
        open(&mut m);
        fill_invite(&mut m, "99998888777", "Gamma billing");
        // Back to the start, typed wrong.
        app::update(&mut m, key(KeyCode::Up));
        app::update(&mut m, ctrl('u'));
        typed(&mut m, "2026-06-15");
        m
    });
}

#[test]
fn transfers_terminate_confirmation() {
    snap("transfers_terminate", |size| {
        let mut m = loaded(size);
        open(&mut m);
        select_transfer(&mut m, "rt-acme00000001");
        app::update(&mut m, ctrl('x'));
        app::update(&mut m, key(KeyCode::Enter));
        m
    });
}

#[test]
fn j_and_k_move_in_the_transfers_list() {
    let mut m = loaded((120, 40));
    open(&mut m);
    app::update(&mut m, ch('j'));
    app::update(&mut m, ch('j'));
    assert_eq!(screen(&m).selected, 2);
    app::update(&mut m, ch('k'));
    assert_eq!(screen(&m).selected, 1);
    // In a transfer's detail they do nothing to the list behind it.
    app::update(&mut m, key(KeyCode::Enter));
    app::update(&mut m, ch('j'));
    assert_eq!(screen(&m).selected, 1);
}
