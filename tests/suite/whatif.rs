//! What a change does to the watched actions (issue 16, item 5): the pure summary, table
//! by table (move, attach, detach, update, conditions, the management account), and the
//! confirmation that asks for it once, shows it when it arrives, and never waits for it.

use orgtui::app::{self, Cmd, Dialog, Fetch, Job, Mode, Model, Msg, Reply, Tone, WhatIf};
use orgtui::org::{OrgError, PolicyType, TargetKind};
use orgtui::policy::eval::{AttachedPolicy, EvalInput, Level};
use orgtui::policy::whatif::{Edit, Effect, Proposed, Summary};
use orgtui::policy::Context;

/// The what-if with no request context given.
fn summarise_plain(accounts: &[(String, EvalInput)], edit: &Edit, watched: &[String]) -> Summary {
    orgtui::policy::whatif::summarise(accounts, edit, watched, &Context::default())
}
use ratatui::crossterm::event::KeyCode;

use crate::fixtures::*;

const FULL: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
const DENY_PUT: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["s3:PutObject","s3:DeleteBucket"],"Resource":"*"}]}"#;
const DENY_DELETE: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}"#;
const ALLOW_S3: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
const REGION_LOCK: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"]}}}]}"#;

fn watched() -> Vec<String> {
    orgtui::config::default_watched()
}

fn policy(id: &str, content: &str) -> AttachedPolicy {
    AttachedPolicy {
        id: id.into(),
        name: id.trim_start_matches("p-").into(),
        kind: PolicyType::ServiceControl,
        aws_managed: id == "p-full",
        content: content.into(),
    }
}

fn full() -> AttachedPolicy {
    policy("p-full", FULL)
}

fn level(id: &str, kind: TargetKind, policies: Vec<AttachedPolicy>) -> Level {
    Level {
        id: id.into(),
        name: format!("{id}-name"),
        kind,
        policies,
    }
}

fn root() -> Level {
    level("r-ab12", TargetKind::Root, vec![full()])
}

fn ou(id: &str, policies: Vec<AttachedPolicy>) -> Level {
    level(id, TargetKind::OrganizationalUnit, policies)
}

/// An account under `levels` (root first), with FullAWSAccess on itself.
fn member(id: &str, levels: Vec<Level>) -> (String, EvalInput) {
    let mut path = levels;
    path.push(level(id, TargetKind::Account, vec![full()]));
    let input = EvalInput {
        path,
        management_account: false,
        scps_enabled: true,
        rcps_enabled: false,
        organization_id: None,
        partition: None,
    };
    (id.to_string(), input)
}

fn change<'a>(s: &'a Summary, action: &str) -> &'a orgtui::policy::whatif::ActionChange {
    s.actions
        .iter()
        .find(|a| a.action == action)
        .expect("a watched action")
}

#[test]
fn a_move_into_an_ou_with_a_deny_loses_the_action_for_that_account() {
    let sandbox = ou("ou-sandbox", vec![full()]);
    let locked = ou("ou-locked", vec![full(), policy("p-denyput", DENY_PUT)]);
    let accounts = vec![member("111111111111", vec![root(), sandbox])];
    let edit = Edit::Move {
        accounts: vec!["111111111111".into()],
        to: vec![root(), locked],
    };
    let s = summarise_plain(&accounts, &edit, &watched());
    assert_eq!(s.accounts, 1);
    assert_eq!(change(&s, "s3:PutObject").lost, vec!["111111111111"]);
    for other in ["ec2:RunInstances", "iam:CreateUser"] {
        assert!(change(&s, other).lost.is_empty(), "{other}");
    }
    let lines = s.lines();
    assert_eq!(
        lines,
        vec![(
            Effect::Lost,
            "After this, 111111111111-name can no longer s3:PutObject".to_string()
        )]
    );
    // The move back gains it.
    let back = Edit::Move {
        accounts: vec!["111111111111".into()],
        to: vec![root(), ou("ou-sandbox", vec![full()])],
    };
    let moved = summarise_plain(
        &[member(
            "111111111111",
            vec![
                root(),
                ou("ou-locked", vec![full(), policy("p-denyput", DENY_PUT)]),
            ],
        )],
        &back,
        &watched(),
    );
    assert_eq!(change(&moved, "s3:PutObject").gained, vec!["111111111111"]);
}

#[test]
fn attaching_a_deny_to_an_ou_of_three_accounts_loses_it_for_the_three() {
    let workloads = ou("ou-work", vec![full()]);
    let accounts: Vec<_> = ["1", "2", "3"]
        .iter()
        .map(|n| member(&n.repeat(12), vec![root(), workloads.clone()]))
        .collect();
    let edit = Edit::Attach {
        policy: policy("p-denyput", DENY_PUT),
        target: "ou-work".into(),
    };
    let s = summarise_plain(&accounts, &edit, &watched());
    assert_eq!(s.accounts, 3);
    assert_eq!(change(&s, "s3:PutObject").lost.len(), 3);
    assert_eq!(
        s.lines(),
        vec![(
            Effect::Lost,
            "After this, 3 accounts can no longer s3:PutObject".to_string()
        )]
    );
    // Attached elsewhere (another OU), it affects none of them.
    let elsewhere = Edit::Attach {
        policy: policy("p-denyput", DENY_PUT),
        target: "ou-other".into(),
    };
    let none = summarise_plain(&accounts, &elsewhere, &watched());
    assert_eq!(none.accounts, 0);
    assert_eq!(none.lines()[0].0, Effect::Same);
}

#[test]
fn detaching_the_only_allow_of_everything_keeps_only_what_the_rest_allows() {
    // The OU allows everything through FullAWSAccess, and s3 through AllowS3 too.
    let workloads = ou("ou-work", vec![full(), policy("p-allows3", ALLOW_S3)]);
    let accounts = vec![
        member("111111111111", vec![root(), workloads.clone()]),
        member("222222222222", vec![root(), workloads]),
    ];
    let edit = Edit::Detach {
        policy: "p-full".into(),
        target: "ou-work".into(),
    };
    let s = summarise_plain(&accounts, &edit, &watched());
    assert_eq!(s.accounts, 2);
    for lost in [
        "ec2:RunInstances",
        "iam:CreateUser",
        "organizations:LeaveOrganization",
    ] {
        assert_eq!(change(&s, lost).lost.len(), 2, "{lost}");
    }
    assert!(change(&s, "s3:PutObject").lost.is_empty());
    let lines = s.lines();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines
        .iter()
        .all(|(e, t)| *e == Effect::Lost && t.starts_with("After this, 2 accounts can no longer")));
}

#[test]
fn an_update_that_narrows_a_deny_gains_what_it_no_longer_denies() {
    let workloads = ou("ou-work", vec![full(), policy("p-deny", DENY_PUT)]);
    let accounts: Vec<_> = (1..=4)
        .map(|n| member(&format!("{n:012}"), vec![root(), workloads.clone()]))
        .collect();
    let edit = Edit::Update {
        policy: "p-deny".into(),
        content: DENY_DELETE.into(),
    };
    let s = summarise_plain(&accounts, &edit, &watched());
    assert_eq!(s.accounts, 4);
    assert_eq!(change(&s, "s3:PutObject").gained.len(), 4);
    assert_eq!(
        s.lines(),
        vec![(
            Effect::Gained,
            "After this, 4 accounts can now s3:PutObject".to_string()
        )]
    );
    // An update that changes nothing watched says so, with how many it touches.
    let same = Edit::Update {
        policy: "p-deny".into(),
        content: DENY_PUT.replace("s3:DeleteBucket", "s3:DeleteObject"),
    };
    assert_eq!(
        summarise_plain(&accounts, &same, &watched()).lines(),
        vec![(
            Effect::Same,
            "No watched action changes for the 4 accounts affected".to_string()
        )]
    );
}

#[test]
fn a_conditional_deny_makes_the_action_depend_on_its_key() {
    let workloads = ou("ou-work", vec![full()]);
    let accounts: Vec<_> = (1..=5)
        .map(|n| member(&format!("{n:012}"), vec![root(), workloads.clone()]))
        .collect();
    let edit = Edit::Attach {
        policy: policy("p-region", REGION_LOCK),
        target: "ou-work".into(),
    };
    let s = summarise_plain(&accounts, &edit, &["s3:PutObject".to_string()]);
    let put = change(&s, "s3:PutObject");
    assert_eq!(put.depends.len(), 5);
    assert_eq!(put.keys, vec!["aws:RequestedRegion"]);
    assert_eq!(
        s.lines(),
        vec![(
            Effect::Depends,
            "After this, s3:PutObject depends on aws:RequestedRegion for 5 accounts".to_string()
        )]
    );
}

#[test]
fn the_management_account_is_exempt_either_way() {
    let (id, mut input) = member("111111111111", vec![root(), ou("ou-work", vec![full()])]);
    input.management_account = true;
    let edit = Edit::Attach {
        policy: policy("p-denyput", DENY_PUT),
        target: "ou-work".into(),
    };
    let s = summarise_plain(&[(id, input)], &edit, &watched());
    assert_eq!(s.accounts, 1);
    assert!(s.actions.iter().all(|a| a.lost.is_empty()));
    assert_eq!(s.lines()[0].0, Effect::Same);
}

#[test]
fn a_watched_entry_that_is_no_action_is_named() {
    let accounts = vec![member("111111111111", vec![root()])];
    let edit = Edit::Detach {
        policy: "p-none".into(),
        target: "r-ab12".into(),
    };
    let s = summarise_plain(&accounts, &edit, &["PutObject".to_string()]);
    assert!(s.actions.is_empty());
    assert_eq!(s.invalid.len(), 1);
    assert!(s.lines().iter().any(|(_, t)| t.contains("PutObject")));
}

// The confirmation: asked once, shown when it arrives, never waited for.

/// The what-if fetches among `cmds`.
fn whatifs(cmds: &[Cmd]) -> Vec<(u64, Proposed, Vec<String>)> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Work(Job::Fetch {
                req,
                fetch: Fetch::WhatIf {
                    proposed, actions, ..
                },
            }) => Some((*req, proposed.clone(), actions.clone())),
            _ => None,
        })
        .collect()
}

/// The move of `app` (in Workloads) to Security confirmed on screen, its preview read;
/// returns every command emitted meanwhile.
fn move_confirmation() -> (Model, Vec<Cmd>) {
    let (mut m, cmds) = move_app_to_security((120, 40));
    let mut all = cmds.clone();
    let mut more = cmds;
    for _ in 0..10 {
        more = answer(&mut m, more);
        all.extend(more.iter().cloned());
        if more.is_empty() {
            break;
        }
    }
    (m, all)
}

fn typed(m: &mut Model, text: &str) {
    for c in text.chars() {
        let cmds = app::update(m, ch(c));
        settle(m, cmds);
    }
}

fn confirmation(m: &Model) -> &app::Confirm {
    match m.overlay() {
        Mode::Dialog(Dialog::Confirm(c)) => c,
        other => panic!("no confirmation: {other:?}"),
    }
}

fn lost_put(account: &str) -> Summary {
    Summary {
        accounts: 1,
        only: Some("app".into()),
        actions: vec![orgtui::policy::whatif::ActionChange {
            action: "s3:PutObject".into(),
            lost: vec![account.into()],
            ..Default::default()
        }],
        invalid: vec![],
    }
}

#[test]
fn a_move_confirmation_asks_once_and_shows_the_lines_when_they_arrive() {
    let (mut m, cmds) = move_confirmation();
    let asked = whatifs(&cmds);
    let app_id = account(5, "app").id;
    assert_eq!(
        asked.iter().map(|(_, p, _)| p.clone()).collect::<Vec<_>>(),
        vec![Proposed::Move {
            accounts: vec![app_id.clone()],
            destination: ou_id(1),
        }]
    );
    assert_eq!(asked[0].2, orgtui::config::default_watched());
    // Drawn, scrolled, drawn again: never asked twice.
    for msg in [Msg::Drawn, ch('j'), ch('k'), Msg::Drawn, Msg::Idle] {
        assert!(whatifs(&app::update(&mut m, msg)).is_empty());
    }
    assert_eq!(
        app::whatif::lines(confirmation(&m)),
        vec![(Tone::Plain, app::whatif::READING.to_string())]
    );
    let shown = app::describe(&m, &confirmation(&m).plan);
    app::update(
        &mut m,
        ok(asked[0].0, Reply::WhatIf(Box::new(lost_put(&app_id)))),
    );
    assert_eq!(
        app::whatif::lines(confirmation(&m)),
        vec![(
            Tone::Loss,
            "After this, app can no longer s3:PutObject".to_string()
        )]
    );
    // The plan's own text (what `y` compares after its re-read) is not touched.
    assert_eq!(app::describe(&m, &confirmation(&m).plan), shown);
}

#[test]
fn y_sends_the_move_before_the_whatif_arrives_and_stops_reading_it() {
    let (mut m, cmds) = move_confirmation();
    let (req, _, _) = whatifs(&cmds).remove(0);
    let all = confirm(&mut m);
    assert_eq!(sent(&all).len(), 1, "the move went out without the what-if");
    let cancelled: Vec<u64> = all
        .iter()
        .filter_map(|c| match c {
            Cmd::Work(Job::Cancel(ids)) => Some(ids.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(cancelled.contains(&req), "{cancelled:?}");
    // Its late answer changes nothing.
    let before = m.overlay().clone();
    app::update(
        &mut m,
        ok(req, Reply::WhatIf(Box::new(lost_put("222222220005")))),
    );
    assert_eq!(*m.overlay(), before);
}

#[test]
fn a_whatif_arriving_during_the_reread_is_not_a_change_of_the_organization() {
    let (mut m, cmds) = move_confirmation();
    let (req, _, _) = whatifs(&cmds).remove(0);
    app::update(&mut m, Msg::Drawn);
    let rereads = app::update(&mut m, ch('y'));
    assert!(confirmation(&m).verifying);
    // The what-if lands between `y` and the re-read's answers.
    app::update(
        &mut m,
        ok(req, Reply::WhatIf(Box::new(lost_put("222222220005")))),
    );
    let mut all = Vec::new();
    let mut cmds = rereads;
    for _ in 0..10 {
        all.extend(cmds.iter().cloned());
        let mut more = Vec::new();
        for (req, f) in fetches(&cmds) {
            if let Fetch::Children { parent } = &f {
                more.extend(answer_unchanged_children(&mut m, req, parent));
            }
        }
        more.extend(answer(&mut m, cmds));
        if more.is_empty() {
            break;
        }
        cmds = more;
    }
    assert_eq!(sent(&all).len(), 1, "{:?}", m.overlay());
}

#[test]
fn a_failed_whatif_says_its_code_on_one_line_and_blocks_nothing() {
    let (mut m, cmds) = move_confirmation();
    let (req, _, _) = whatifs(&cmds).remove(0);
    app::update(
        &mut m,
        Msg::Reply {
            req,
            result: Err(OrgError::new("AccessDeniedException", "no")),
        },
    );
    let lines = app::whatif::lines(confirmation(&m));
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].0, Tone::Warn);
    assert!(lines[0].1.contains("AccessDeniedException"), "{lines:?}");
    assert!(m.status.is_none(), "the status line is not the what-if's");
    assert_eq!(sent(&confirm(&mut m)).len(), 1);
}

#[test]
fn no_whatif_without_watched_actions_or_without_scps() {
    let mut m = loaded((120, 40));
    m.watched.clear();
    select(&mut m, &ou_id(1));
    let cmds = app::update(&mut m, ch('a'));
    settle(&mut m, cmds);
    typed(&mut m, "region");
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    assert!(whatifs(&cmds).is_empty());
    assert_eq!(confirmation(&m).whatif, None);

    // A root with no SCPs or RCPs enabled: said at once, nothing read.
    let mut m = loaded((120, 40));
    let req = expand(&mut m, &ou_id(2));
    answer_children(&mut m, req, &ou_id(2), vec![], vec![account(5, "app")]);
    let root = m.roots[0];
    if let orgtui::app::NodeData::Root(r) = &mut m.nodes[root].data {
        r.policy_types.clear();
    }
    select(&mut m, &account(5, "app").id);
    let cmds = app::update(&mut m, ch('m'));
    settle(&mut m, cmds);
    typed(&mut m, "secu");
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    assert!(whatifs(&cmds).is_empty());
    assert_eq!(confirmation(&m).whatif, Some(WhatIf::NotEnabled));
    assert_eq!(
        app::whatif::lines(confirmation(&m))[0].1,
        app::whatif::NOT_ENABLED
    );
}

#[test]
fn an_attach_and_a_policy_update_ask_about_their_policy() {
    let mut m = loaded((120, 40));
    select(&mut m, &ou_id(1));
    let cmds = app::update(&mut m, ch('a'));
    settle(&mut m, cmds);
    typed(&mut m, "region");
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    let asked: Vec<Proposed> = whatifs(&cmds).into_iter().map(|(_, p, _)| p).collect();
    assert_eq!(
        asked,
        vec![Proposed::Attach {
            policy: "p-regionlock".into(),
            target: ou_id(1),
        }]
    );
    // The same Confirm/Plan path serves the editor's save of an existing policy.
    let draft = orgtui::store::drafts::Draft {
        policy: Some("p-regionlock".into()),
        name: "RegionLock".into(),
        description: String::new(),
        kind: PolicyType::ServiceControl,
        content: REGION_LOCK.into(),
        original: None,
    };
    let plan = app::Plan::SavePolicy {
        draft: Box::new(draft.clone()),
    };
    assert_eq!(
        app::whatif::proposed(&plan),
        Some(Proposed::Update {
            policy: "p-regionlock".into(),
            content: REGION_LOCK.into(),
        })
    );
    // A new policy is attached nowhere; a tag policy allows and denies nothing.
    let new = app::Plan::SavePolicy {
        draft: Box::new(orgtui::store::drafts::Draft {
            policy: None,
            ..draft.clone()
        }),
    };
    let tag = app::Plan::SavePolicy {
        draft: Box::new(orgtui::store::drafts::Draft {
            kind: PolicyType::Tag,
            ..draft
        }),
    };
    assert_eq!(app::whatif::proposed(&new), None);
    assert_eq!(app::whatif::proposed(&tag), None);
}

/// The worker's read against moto: an attach on an OU reads the accounts under it; an
/// update reads the policy's targets; a detach undoes what the attach did.
#[test]
fn the_reads_against_moto_find_the_accounts_each_change_affects() {
    use crate::support::seed::{self, ok};
    use orgtui::org::{AwsBackend, NewPolicy, OrgBackend, PolicyAdmin};
    use orgtui::policy::whatif_read::read;

    let moto = crate::support::Moto::start();
    let rt = crate::e2e_support::runtime();
    rt.block_on(async {
        let b = AwsBackend::for_emulator(&moto.endpoint(), None);
        let (_, root) = seed::new_org(&b).await;
        seed::enable_scps(&b, &root.id).await;
        let ou = seed::new_ou(&b, &root.id, "Workloads").await.id;
        let other = seed::new_ou(&b, &root.id, "Other").await.id;
        for n in 0..3 {
            seed::new_account_in(&b, &root.id, &ou, &format!("w{n}")).await;
        }
        seed::new_account_in(&b, &root.id, &other, "elsewhere").await;
        let deny = ok(
            "create_policy",
            b.create_policy(&NewPolicy::new(
                "NoPuts",
                "what-if",
                DENY_PUT,
                &PolicyType::ServiceControl,
            ))
            .await,
        );
        let gate = orgtui::net::Gate::new(Default::default());
        let watched = ["s3:PutObject".to_string()];
        let ask = |proposed: Proposed| {
            let (b, gate, watched) = (&b, &gate, &watched);
            async move {
                let (accounts, edit) = ok("what-if read", read(gate, b, &proposed).await);
                summarise_plain(&accounts, &edit, watched)
            }
        };

        let attach = ask(Proposed::Attach {
            policy: deny.id.clone(),
            target: ou.clone(),
        })
        .await;
        assert_eq!(attach.accounts, 3, "{attach:?}");
        assert_eq!(change(&attach, "s3:PutObject").lost.len(), 3);

        ok("attach", b.attach_policy(&deny.id, &ou).await);
        let update = ask(Proposed::Update {
            policy: deny.id.clone(),
            content: DENY_DELETE.into(),
        })
        .await;
        assert_eq!(update.accounts, 3, "{update:?}");
        assert_eq!(change(&update, "s3:PutObject").gained.len(), 3);

        let detach = ask(Proposed::Detach {
            policy: deny.id.clone(),
            target: ou.clone(),
        })
        .await;
        assert_eq!(change(&detach, "s3:PutObject").gained.len(), 3);

        let elsewhere = seed::new_account_in(&b, &root.id, &other, "mover").await;
        let into = ask(Proposed::Move {
            accounts: vec![elsewhere.clone()],
            destination: ou.clone(),
        })
        .await;
        assert_eq!(change(&into, "s3:PutObject").lost, vec![elsewhere]);
    });
}

/// With a conditional Deny at the root (every action "depends" before and after), a
/// region lock detached is still a change: the actions depend on less. And in a request
/// context that decides the root's condition, the change is a plain gain.
#[test]
fn a_change_under_a_conditional_root_deny_is_still_seen() {
    const ROOT_USER: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"}}}]}"#;
    const LOCK: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}"#;
    let mut top = root();
    top.policies.push(policy("p-rootuser", ROOT_USER));
    let locked = ou("ou-work", vec![full(), policy("p-lock", LOCK)]);
    let accounts: Vec<_> = (1..=3)
        .map(|n| member(&format!("{n:012}"), vec![top.clone(), locked.clone()]))
        .collect();
    let edit = Edit::Detach {
        policy: "p-lock".into(),
        target: "ou-work".into(),
    };
    let s = summarise_plain(&accounts, &edit, &watched());
    let run = change(&s, "ec2:RunInstances");
    assert_eq!(run.conditions.len(), 3, "{run:?}");
    assert!(run.keys_before.contains(&"aws:RequestedRegion".to_string()));
    assert!(!run.keys_after.contains(&"aws:RequestedRegion".to_string()));
    assert!(
        s.lines().iter().any(|(e, t)| *e == Effect::Depends
            && t.contains("ec2:RunInstances depends on aws:PrincipalArn (was ")
            && t.contains("aws:RequestedRegion")),
        "{:?}",
        s.lines()
    );
    // Asked as a role in us-east-1: the lock denied it, without the lock it is allowed.
    let context = Context::parse([
        "aws:PrincipalArn=arn:aws:iam::000000000001:role/Deploy",
        "aws:RequestedRegion=us-east-1",
    ])
    .expect("a context");
    let s = orgtui::policy::whatif::summarise(&accounts, &edit, &watched(), &context);
    assert_eq!(change(&s, "ec2:RunInstances").gained.len(), 3);
}

/// Detaching a deny from everywhere (before deleting it) gains what it denied for every
/// account on the path of any of its targets.
#[test]
fn removing_a_deny_everywhere_gains_what_it_denied() {
    let accounts = vec![
        member(
            "111111111111",
            vec![root(), ou("ou-a", vec![full(), policy("p-deny", DENY_PUT)])],
        ),
        member(
            "222222222222",
            vec![root(), ou("ou-b", vec![full(), policy("p-deny", DENY_PUT)])],
        ),
        member("333333333333", vec![root(), ou("ou-c", vec![full()])]),
    ];
    let edit = Edit::Remove {
        policy: "p-deny".into(),
    };
    let s = summarise_plain(&accounts, &edit, &watched());
    assert_eq!(s.accounts, 2);
    assert_eq!(change(&s, "s3:PutObject").gained.len(), 2);
}
