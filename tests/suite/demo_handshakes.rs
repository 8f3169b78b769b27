//! Invitations end to end in `--demo`: the management account invites an account from the
//! handshakes screen, the handshake is read back OPEN, then that account (the caller switched
//! with `act_as`) sees it on its side, accepts it, and is a member — through the app, the
//! real worker and the demo's handshake rules.

use crate::support::{self, Look};

use std::sync::Arc;
use std::time::Duration;

use orgtui::app::{listed, Dialog, Mode, Model, Msg};
use orgtui::demo::DemoBackend;
use orgtui::org::{Handshakes, OrgBackend};
use orgtui::sts::{CallerIdentity, StsReply};
use orgtui::worker::Options;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use support::harness::Harness;

const LIMIT: Duration = Duration::from_secs(20);
const OUTSIDER: &str = "333344445555";

fn says(m: &Model, what: &str) -> bool {
    m.info().is_some_and(|s| s.contains(what))
}

fn handshakes(h: &Harness) -> Vec<orgtui::org::Handshake> {
    match h.model.overlay() {
        Mode::Dialog(Dialog::Handshakes(s)) => listed(&h.model, s),
        other => panic!("the handshakes screen: {other:?}"),
    }
}

#[tokio::test]
async fn an_invitation_is_sent_read_back_and_accepted_by_its_account() {
    let demo = Arc::new(DemoBackend::from_asset().expect("demo"));
    let backend: Arc<dyn OrgBackend> = demo.clone();
    let mut h = Harness::new(backend, Options::default());
    h.settle(LIMIT).await;
    let master = h
        .model
        .organization()
        .expect("read")
        .master_account_id
        .clone();
    h.ch('8');
    h.settle(LIMIT).await;
    let before = handshakes(&h).len();
    h.send(Msg::Key(KeyEvent::new(
        KeyCode::Char('n'),
        KeyModifiers::CONTROL,
    )));
    h.typed(OUTSIDER);
    h.key(KeyCode::Tab);
    h.typed("welcome");
    h.key(KeyCode::Enter);
    h.confirm(LIMIT).await;
    h.until(LIMIT, "invited", |m| says(m, "Invited")).await;
    h.settle(LIMIT).await;
    let list = handshakes(&h);
    assert_eq!(list.len(), before + 1);
    let sent = list
        .iter()
        .find(|x| x.parties.iter().any(|p| p.id == OUTSIDER))
        .expect("the invitation is listed");
    assert_eq!(
        (sent.action.as_str(), sent.state.as_str()),
        ("INVITE", "OPEN")
    );
    assert_eq!(sent.resource("NOTES"), Some("welcome"));
    let id = sent.id.clone();

    // The invited account's side.
    demo.act_as(OUTSIDER, "outsider@example.com");
    let backend: Arc<dyn OrgBackend> = demo.clone();
    let mut h = Harness::new(backend, Options::default());
    h.settle(LIMIT).await;
    let me = CallerIdentity {
        arn: format!("arn:aws:iam::{OUTSIDER}:user/o"),
        account: OUTSIDER.into(),
        user_id: "AIDA".into(),
    };
    h.send(Msg::Sts(StsReply::Caller(Ok(me))));
    h.ch('8');
    h.settle(LIMIT).await;
    let mine = handshakes(&h);
    assert!(mine.iter().any(|x| x.id == id), "{mine:?}");
    while handshakes(&h)[0].id != id {
        h.key(KeyCode::Down);
    }
    h.ch('a');
    h.confirm(LIMIT).await;
    h.until(LIMIT, "accepted", |m| says(m, "Accepted handshake"))
        .await;
    let after = demo.describe_handshake(&id).await.expect("described");
    assert_eq!(after.state, "ACCEPTED");
    let accounts = orgtui::org::collect_all(|t| demo.list_accounts(t))
        .await
        .expect("listed");
    assert!(accounts.iter().any(|a| a.id == OUTSIDER));
    assert!(accounts.iter().any(|a| a.id == master));
}
