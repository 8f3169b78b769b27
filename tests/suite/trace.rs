//! Reducer tests of the evaluator's dialog (`x` in the tree): the question is checked
//! before anything is read, the path is read once per dialog, the answer selects the
//! deciding level, and the trace is browsed with the arrows.

use crate::eval_fixtures;
use crate::fixtures;

use eval_fixtures::*;
use fixtures::*;
use orgtui::app::{self, Asking, Cmd, Dialog, Fetch, Loadable, Mode, Model, Msg, Trace};
use orgtui::policy::Verdict;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn trace(m: &Model) -> &Trace {
    match m.overlay() {
        Mode::Dialog(Dialog::Trace(t)) => t,
        other => panic!("expected the evaluator, got {other:?}"),
    }
}

fn eval_reads(cmds: &[Cmd]) -> usize {
    fetches(cmds)
        .iter()
        .filter(|(_, f)| matches!(f, Fetch::EvalInput { .. }))
        .count()
}

fn verdict(m: &Model) -> Verdict {
    trace(m)
        .evaluation
        .as_ref()
        .map(|e| e.verdict)
        .expect("an evaluation")
}

fn screen(m: &Model) -> String {
    let backend = ratatui::backend::TestBackend::new(m.screen_size().0, m.screen_size().1);
    let mut terminal = ratatui::Terminal::new(backend).expect("test terminal");
    terminal
        .draw(|f| orgtui::ui::view(m, &orgtui::ui::theme::Theme::default(), f))
        .expect("draw");
    terminal.backend().to_string()
}

/// Clears the question line (Ctrl-U) and types `question`, then Enter.
fn ask_again(m: &mut Model, question: &str) -> Vec<Cmd> {
    app::update(m, ch('x'));
    assert_eq!(trace(m).asking, Asking::Question);
    app::update(
        m,
        Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    assert_eq!(trace(m).question.as_str(), "");
    ask(m, question)
}

#[test]
fn x_on_an_account_asks_the_question_and_reads_nothing_yet() {
    let mut m = on_account((120, 40));
    let cmds = app::update(&mut m, ch('x'));
    let t = trace(&m);
    assert_eq!(t.target, target());
    assert_eq!(t.asking, Asking::Question);
    assert_eq!(t.input, None);
    assert_eq!(eval_reads(&cmds), 0);
    assert!(
        screen(&m).contains("Is it allowed for payments-prod (222222220020)?"),
        "{}",
        screen(&m)
    );
    // Esc before any answer closes the dialog.
    app::update(&mut m, key(KeyCode::Esc));
    assert_eq!(*m.overlay(), Mode::Normal);
}

#[test]
fn an_invalid_question_shows_why_and_sends_nothing() {
    let mut m = on_account((120, 40));
    app::update(&mut m, ch('x'));
    // Nothing typed.
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(eval_reads(&cmds), 0);
    assert!(trace(&m)
        .error
        .as_deref()
        .is_some_and(|e| e.contains("type an action")));
    // Not service:action.
    let cmds = ask(&mut m, "s3DeleteBucket");
    assert_eq!(eval_reads(&cmds), 0);
    let error = trace(&m).error.clone().expect("an error");
    assert!(error.contains("is not an action"), "{error}");
    assert_eq!(
        trace(&m).asking,
        Asking::Question,
        "the question line keeps the keyboard"
    );
    assert!(screen(&m).contains("✗ \"s3DeleteBucket\" is not an action"));
    // Typing clears the error.
    app::update(&mut m, key(KeyCode::Backspace));
    assert_eq!(trace(&m).error, None);
    // A resource that is not an ARN is refused too, and so is a third word.
    for (question, why) in [
        ("s3:GetObject my-bucket", "is not an ARN"),
        (
            "s3:GetObject arn:aws:s3:::b extra",
            "at most one resource ARN",
        ),
    ] {
        app::update(
            &mut m,
            Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
        );
        let cmds = ask(&mut m, question);
        assert_eq!(eval_reads(&cmds), 0);
        let error = trace(&m).error.clone().unwrap_or_default();
        assert!(error.contains(why), "{question}: {error}");
    }
    assert_eq!(trace(&m).input, None, "nothing was read");
}

#[test]
fn a_valid_question_reads_the_path_once_and_selects_the_deciding_level() {
    let mut m = on_account((120, 40));
    app::update(&mut m, ch('x'));
    let cmds = ask(&mut m, "s3:DeleteBucket");
    assert_eq!(eval_reads(&cmds), 1, "{cmds:?}");
    let req = eval_read(&cmds);
    assert_eq!(trace(&m).input, Some(Loadable::Loading));
    assert!(screen(&m).contains("reading the path"));
    // Asking while the read is in flight sends no second read; the answer evaluates the
    // question asked last.
    let cmds = ask_again(&mut m, "s3:PutObject");
    assert_eq!(eval_reads(&cmds), 0);
    answer_eval(&mut m, req);
    assert_eq!(verdict(&m), Verdict::Allowed);
    let cmds = ask_again(&mut m, "s3:DeleteBucket");
    assert_eq!(eval_reads(&cmds), 0);
    let t = trace(&m);
    assert_eq!(t.asking, Asking::No);
    assert_eq!(verdict(&m), Verdict::Denied);
    // Workloads (level 1) denies; every level is open.
    assert_eq!(t.selected, vec![1]);
    assert!(
        (0..3).all(|l| t.opened.contains(&vec![l])),
        "{:?}",
        t.opened
    );
    let e = t.evaluation.as_ref().expect("an evaluation");
    assert!(e.reason.contains("DenyDeletes"), "{}", e.reason);
}

#[test]
fn arrows_move_open_and_close_the_trace() {
    let mut m = traced((120, 40), "s3:DeleteBucket");
    let sel = |m: &Model| trace(m).selected.clone();
    // Workloads holds FullAWSAccess and DenyDeletes.
    app::update(&mut m, key(KeyCode::Down));
    assert_eq!(sel(&m), vec![1, 0]);
    app::update(&mut m, key(KeyCode::Down));
    assert_eq!(sel(&m), vec![1, 1]);
    app::update(&mut m, key(KeyCode::Right));
    assert!(trace(&m).opened.contains(&vec![1, 1]));
    app::update(&mut m, key(KeyCode::Down));
    assert_eq!(sel(&m), vec![1, 1, 0], "into the statement");
    // → on a statement opens nothing.
    app::update(&mut m, key(KeyCode::Right));
    assert!(!trace(&m).opened.contains(&vec![1, 1, 0]));
    // ← on a leaf goes to its policy, then closes it, then goes to the level.
    app::update(&mut m, key(KeyCode::Left));
    assert_eq!(sel(&m), vec![1, 1]);
    app::update(&mut m, key(KeyCode::Left));
    assert!(!trace(&m).opened.contains(&vec![1, 1]));
    assert_eq!(sel(&m), vec![1, 1]);
    app::update(&mut m, key(KeyCode::Left));
    assert_eq!(sel(&m), vec![1]);
    app::update(&mut m, key(KeyCode::Left));
    assert!(!trace(&m).opened.contains(&vec![1]), "the level closes");
    // With Workloads closed, ↓ skips its policies: the account level is next.
    app::update(&mut m, key(KeyCode::Down));
    assert_eq!(sel(&m), vec![2]);
    // ↑ stops at the top, ↓ at the bottom.
    for _ in 0..10 {
        app::update(&mut m, key(KeyCode::Up));
    }
    assert_eq!(sel(&m), vec![0]);
    for _ in 0..10 {
        app::update(&mut m, key(KeyCode::Down));
    }
    let last = trace(&m).visible().last().cloned().expect("rows");
    assert_eq!(sel(&m), last);
    // Esc closes the dialog.
    app::update(&mut m, key(KeyCode::Esc));
    assert_eq!(*m.overlay(), Mode::Normal);
}

#[test]
fn asking_again_evaluates_at_once_without_reading_again() {
    let mut m = traced((120, 40), "s3:DeleteBucket");
    assert_eq!(verdict(&m), Verdict::Denied);
    let cmds = ask_again(&mut m, "s3:PutObject");
    assert_eq!(eval_reads(&cmds), 0, "{cmds:?}");
    assert_eq!(verdict(&m), Verdict::Allowed);
    // No level decides against it: the last (the account) is selected.
    assert_eq!(trace(&m).selected, vec![2]);
    // Esc while asking again goes back to the trace, not out of the dialog.
    app::update(&mut m, ch('x'));
    app::update(&mut m, key(KeyCode::Esc));
    assert_eq!(trace(&m).asking, Asking::No);
}

#[test]
fn r_reads_the_path_again() {
    let mut m = traced((120, 40), "s3:DeleteBucket");
    let cmds = app::update(&mut m, ch('r'));
    assert_eq!(eval_reads(&cmds), 1, "{cmds:?}");
    let req = eval_read(&cmds);
    assert_eq!(trace(&m).input, Some(Loadable::Loading));
    assert_eq!(trace(&m).evaluation, None);
    answer_eval(&mut m, req);
    assert_eq!(verdict(&m), Verdict::Denied);
}

#[test]
fn a_failed_read_shows_its_error_and_r_tries_again() {
    let mut m = on_account((120, 40));
    let req = asked(&mut m, "s3:DeleteBucket");
    app::update(&mut m, err(req, "AccessDeniedException"));
    assert!(matches!(trace(&m).input, Some(Loadable::Failed(_))));
    assert_eq!(trace(&m).evaluation, None);
    let s = screen(&m);
    assert!(s.contains("✗ AccessDeniedException"), "{s}");
    assert!(s.contains("r reads again"), "{s}");
    let cmds = app::update(&mut m, ch('r'));
    let req = eval_read(&cmds);
    answer_eval(&mut m, req);
    assert_eq!(verdict(&m), Verdict::Denied);
}

#[test]
fn a_reply_for_a_closed_dialog_changes_nothing() {
    let mut m = on_account((120, 40));
    let req = asked(&mut m, "s3:DeleteBucket");
    app::update(&mut m, key(KeyCode::Esc));
    assert_eq!(*m.overlay(), Mode::Normal);
    answer_eval(&mut m, req);
    assert_eq!(*m.overlay(), Mode::Normal);
}

#[test]
fn read_only_mode_still_evaluates() {
    let mut m = on_account((120, 40));
    m.context.read_only = true;
    let req = asked(&mut m, "s3:DeleteBucket");
    answer_eval(&mut m, req);
    assert_eq!(verdict(&m), Verdict::Denied);
}

#[test]
fn a_pasted_question_is_asked_like_a_typed_one() {
    let mut m = on_account((120, 40));
    app::update(&mut m, ch('x'));
    app::update(
        &mut m,
        Msg::Paste("s3:DeleteBucket arn:aws:s3:::logs".into()),
    );
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    answer_eval(&mut m, eval_read(&cmds));
    let e = trace(&m).evaluation.clone().expect("an evaluation");
    assert_eq!(e.query.resource.as_deref(), Some("arn:aws:s3:::logs"));
    assert_eq!(e.verdict, Verdict::Denied);
}

/// Two accounts under Workloads: payments-prod (DenyDeletes inherited) and a sandbox with
/// nothing but FullAWSAccess, as `Fetch::EvalAll` answers them.
fn workloads_accounts() -> Vec<(String, orgtui::policy::EvalInput)> {
    let denied = eval_input();
    let mut sandbox = eval_input();
    sandbox.path.truncate(1);
    let mut leaf = eval_input().path[2].clone();
    leaf.id = account(21, "x").id;
    leaf.name = "sandbox".into();
    sandbox.path.push(leaf);
    vec![(account(21, "x").id, sandbox), (target(), denied)]
}

/// x on Workloads, `question` asked and its accounts read: the list of verdicts.
fn listed(size: (u16, u16), question: &str) -> Model {
    let mut m = on_account(size);
    select(&mut m, &ou_id(2));
    app::update(&mut m, ch('x'));
    let cmds = ask(&mut m, question);
    let (req, _) = fetches(&cmds)
        .into_iter()
        .find(|(_, f)| *f == Fetch::EvalAll { target: ou_id(2) })
        .expect("every account under the OU is read");
    assert_eq!(eval_reads(&cmds), 0, "no single-target read for an OU");
    let reply = orgtui::app::Reply::EvalAll {
        target: ou_id(2),
        accounts: workloads_accounts(),
    };
    let cmds = app::update(&mut m, ok(req, reply));
    judge(&mut m, &cmds);
    m
}

/// Answers the worker's evaluation of every account (`Fetch::Judge`) among `cmds` as the
/// worker does; returns how many there were.
fn judge(m: &mut Model, cmds: &[Cmd]) -> usize {
    let asked: Vec<_> = fetches(cmds)
        .into_iter()
        .filter_map(|(req, f)| match f {
            Fetch::Judge { accounts, query } => Some((req, accounts, query)),
            _ => None,
        })
        .collect();
    for (req, accounts, query) in &asked {
        let verdicts = orgtui::policy::all::evaluate_accounts(accounts, query);
        let reply = orgtui::app::Reply::Judged {
            query: query.clone(),
            verdicts,
        };
        app::update(m, ok(*req, reply));
    }
    asked.len()
}

#[test]
fn x_on_an_ou_answers_for_every_account_under_it_denied_first() {
    let mut m = listed((120, 40), "s3:DeleteBucket");
    let t = trace(&m);
    let order: Vec<(&str, Verdict)> = t
        .verdicts
        .iter()
        .map(|v| (v.account_id.as_str(), v.verdict))
        .collect();
    assert_eq!(
        order,
        vec![
            (target().as_str(), Verdict::Denied),
            (account(21, "x").id.as_str(), Verdict::Allowed)
        ]
    );
    let shown = screen(&m);
    assert!(
        shown.contains("Of 2 accounts: denied for 1, allowed for 1"),
        "{shown}"
    );
    assert!(shown.contains("DenyDeletes"), "{shown}");
    // Enter: the account's own trace; Esc: back to the list, not out.
    app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(verdict(&m), Verdict::Denied);
    app::update(&mut m, key(KeyCode::Esc));
    assert!(trace(&m).evaluation.is_none());
    assert_eq!(trace(&m).verdicts.len(), 2);
    // Another question is answered from what was read: nothing read again, the verdicts
    // worked out by the worker (the UI shows it is at it meanwhile).
    let cmds = ask_again(&mut m, "s3:GetObject");
    assert!(
        fetches(&cmds)
            .iter()
            .all(|(_, f)| matches!(f, Fetch::Judge { .. })),
        "{cmds:?}"
    );
    assert!(screen(&m).contains("evaluating every account under it"));
    assert_eq!(judge(&mut m, &cmds), 1);
    assert!(trace(&m)
        .verdicts
        .iter()
        .all(|v| v.verdict == Verdict::Allowed));
}

/// The verdicts of a question asked before the last one are not shown for it.
#[test]
fn verdicts_for_an_earlier_question_are_dropped() {
    let mut m = listed((120, 40), "s3:DeleteBucket");
    let first = ask_again(&mut m, "s3:GetObject");
    let second = ask_again(&mut m, "s3:DeleteBucket");
    // The earlier question's answer arrives last: ignored.
    judge(&mut m, &second);
    judge(&mut m, &first);
    assert!(trace(&m)
        .verdicts
        .iter()
        .any(|v| v.verdict == Verdict::Denied));
}

#[test]
fn the_context_decides_a_condition_and_is_kept_until_exit() {
    const REGION_LOCK: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"]}}}]}"#;
    let mut m = asked_under((120, 40), REGION_LOCK);
    assert_eq!(verdict(&m), Verdict::DependsOnCondition);
    // c: the context line; the key completed with Tab, the value typed.
    app::update(&mut m, ch('c'));
    assert_eq!(trace(&m).asking, Asking::Context);
    typed(&mut m, "aws:RequestedReg");
    app::update(&mut m, key(KeyCode::Tab));
    assert_eq!(trace(&m).context.as_str(), "aws:RequestedRegion=");
    typed(&mut m, "us-east-1");
    app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(verdict(&m), Verdict::Denied);
    app::update(&mut m, ch('c'));
    for _ in 0.."us-east-1".len() {
        app::update(&mut m, key(KeyCode::Backspace));
    }
    typed(&mut m, "eu-west-1");
    app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(verdict(&m), Verdict::Allowed);
    // Closed and opened again: the context is still there.
    app::update(&mut m, key(KeyCode::Esc));
    assert_eq!(*m.overlay(), Mode::Normal);
    app::update(&mut m, ch('x'));
    assert_eq!(trace(&m).context.as_str(), "aws:RequestedRegion=eu-west-1");
    // A context that is not KEY=VALUE is refused at the field, nothing read.
    app::update(&mut m, key(KeyCode::Down));
    typed(&mut m, " nonsense");
    app::update(&mut m, key(KeyCode::Up));
    typed(&mut m, "s3:GetObject");
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(eval_reads(&cmds), 0);
    assert!(
        trace(&m)
            .error
            .as_deref()
            .is_some_and(|e| e.contains("KEY=VALUE")),
        "{:?}",
        trace(&m).error
    );
}

#[test]
fn tab_completes_the_action_from_the_service_reference() {
    let mut m = on_account((120, 40));
    app::update(&mut m, ch('x'));
    typed(&mut m, "s3:PutObjectAc");
    app::update(&mut m, key(KeyCode::Tab));
    // PutObjectAcl is the one action starting so: completed, ready for a resource.
    assert_eq!(trace(&m).question.as_str(), "s3:PutObjectAcl ");
    app::update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    typed(&mut m, "iam:CreateU");
    app::update(&mut m, key(KeyCode::Tab));
    // CreateUser and CreateUser… share "iam:CreateUser"; the others are named.
    assert!(
        trace(&m).question.as_str().starts_with("iam:CreateUser"),
        "{}",
        trace(&m).question.as_str()
    );
    app::update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    typed(&mut m, "zz:Nothing");
    app::update(&mut m, key(KeyCode::Tab));
    assert_eq!(trace(&m).question.as_str(), "zz:Nothing");
    assert!(trace(&m)
        .hint
        .as_deref()
        .is_some_and(|h| h.contains("nothing starts with")));
}

#[test]
fn the_accounts_list_on_screen() {
    for size in [(120, 40), (80, 24)] {
        let m = listed(size, "s3:DeleteBucket");
        insta::assert_snapshot!(format!("trace_accounts_{}x{}", size.0, size.1), screen(&m));
    }
}

#[test]
fn a_condition_cut_in_the_trace_reads_whole_below_it_at_80_columns() {
    const LOCK: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"OnlyTwoRegions","Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","eu-central-1"]}}}]}"#;
    let mut m = asked_under((80, 24), LOCK);
    // Down to the statement: Workloads is selected (it decides), → opens its policies.
    while trace(&m).selected.len() < 3 {
        let before = trace(&m).selected.clone();
        app::update(&mut m, key(KeyCode::Right));
        app::update(&mut m, key(KeyCode::Down));
        if trace(&m).selected == before {
            break;
        }
    }
    let flat: String = screen(&m)
        .lines()
        .map(|l| l.trim_matches('"').replace(['┃', '│'], " "))
        .collect::<Vec<_>>()
        .join("")
        .split_whitespace()
        .collect();
    assert!(flat.contains("eu-central-1"), "{}", screen(&m));
}

/// ec2:RunInstances asked on payments-prod with `document` in place of DenyDeletes.
fn asked_under(size: (u16, u16), document: &str) -> Model {
    let mut m = on_account(size);
    let req = asked(&mut m, "ec2:RunInstances");
    let mut input = eval_input();
    input.path[1].policies[1].content = document.into();
    let reply = orgtui::app::Reply::EvalInput {
        target: target(),
        input: Box::new(input),
    };
    app::update(&mut m, ok(req, reply));
    m
}

/// A misspelt action is answered, with what AWS does not know and the nearest name.
#[test]
fn a_misspelt_action_is_named_with_the_nearest_known_one() {
    const DENY_PUT: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:PutObject","Resource":"*"}]}"#;
    let mut m = asked_under((120, 40), DENY_PUT);
    ask_again(&mut m, "s3:PutObjct");
    assert!(
        trace(&m)
            .warnings
            .iter()
            .any(|w| w.contains("did you mean s3:PutObject?")),
        "{:?}",
        trace(&m).warnings
    );
    assert!(screen(&m).contains("did you mean s3:PutObject?"));
    ask_again(&mut m, "s3:PutObject");
    assert!(trace(&m).warnings.is_empty());
    assert!(!screen(&m).contains("did you mean"));
}

/// In the context line Tab completes the action's own condition keys too, not only the
/// global ones.
#[test]
fn tab_in_the_context_completes_the_action_s_own_keys() {
    let mut m = on_account((120, 40));
    app::update(&mut m, ch('x'));
    typed(&mut m, "ec2:RunInstances");
    app::update(&mut m, key(KeyCode::Down));
    assert_eq!(trace(&m).asking, Asking::Context);
    typed(&mut m, "ec2:InstanceTy");
    app::update(&mut m, key(KeyCode::Tab));
    assert_eq!(trace(&m).context.as_str(), "ec2:InstanceType=");
}
