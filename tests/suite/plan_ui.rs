//! The plan in the UI (issue 19): staging from a confirmation, a move into an OU the plan
//! creates, the plan screen's keys, its check and apply through the worker's jobs, and
//! its frames at 120×40 and 80×24.

use crate::fixtures;

use fixtures::*;
use orgtui::app::staged::Applying;
use orgtui::app::{self, Cmd, Dialog, Job, Model, Msg, Reply};
use orgtui::changeset::apply::OnFailure;
use orgtui::changeset::session::{Applied, PlanSource, Review, StepProgress};
use orgtui::changeset::{file, Action};
use orgtui::ui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::Terminal;

fn type_text(m: &mut Model, text: &str) -> Vec<Cmd> {
    let mut all = Vec::new();
    for c in text.chars() {
        let cmds = app::update(m, ch(c));
        all.extend(answer(m, cmds.clone()));
        all.extend(cmds);
    }
    all
}

fn jobs(cmds: &[Cmd]) -> Vec<&Job> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Work(job) => Some(job),
            _ => None,
        })
        .collect()
}

fn no_change_sent(cmds: &[Cmd]) {
    for job in jobs(cmds) {
        assert!(
            !matches!(job, Job::Change { .. } | Job::ApplyPlan { .. }),
            "nothing is sent while staging: {job:?}"
        );
    }
}

/// Presses `p` on the confirmation on screen (after it was drawn).
fn stage(m: &mut Model) -> Vec<Cmd> {
    app::update(m, Msg::Drawn);
    app::update(m, ch('p'))
}

/// The fixture organization with a new OU "Prod2" under the root and the app account
/// (in Workloads) moved into it, both staged.
fn staged_ou_and_move(size: (u16, u16)) -> Model {
    let mut m = loaded(size);
    let req = expand(&mut m, &ou_id(2));
    answer_children(&mut m, req, &ou_id(2), vec![], vec![account(5, "app")]);
    select(&mut m, ROOT);
    app::update(&mut m, ch('n'));
    type_text(&mut m, "Prod2");
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    settle(&mut m, cmds);
    assert!(m.confirmation().is_some(), "{:?}", m.overlay());
    no_change_sent(&stage(&mut m));
    select(&mut m, &account(5, "app").id);
    let cmds = app::update(&mut m, ch('m'));
    settle(&mut m, cmds);
    type_text(&mut m, "prod2");
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    settle(&mut m, cmds);
    assert!(m.confirmation().is_some(), "{:?}", m.overlay());
    m
}

#[test]
fn p_on_a_confirmation_stages_the_move_and_sends_nothing() {
    let (mut m, cmds) = move_app_to_security((120, 40));
    settle(&mut m, cmds);
    let cmds = stage(&mut m);
    no_change_sent(&cmds);
    assert!(m.confirmation().is_none(), "the confirmation closes");
    assert_eq!(
        m.staged
            .plan
            .steps
            .iter()
            .map(|s| &s.action)
            .collect::<Vec<_>>(),
        vec![&Action::Move {
            account: account(5, "app").id,
            to: "Root/Security".into(),
        }]
    );
    assert!(
        status(&m).contains("Added 1 step(s) to the plan"),
        "{}",
        status(&m)
    );
}

#[test]
fn a_move_into_an_ou_the_plan_creates_can_only_be_staged() {
    let mut m = staged_ou_and_move((120, 40));
    // y cannot send it: the destination has no id yet.
    app::update(&mut m, Msg::Drawn);
    let cmds = app::update(&mut m, ch('y'));
    no_change_sent(&cmds);
    assert!(
        status(&m).contains("exists only in the plan"),
        "{}",
        status(&m)
    );
    assert!(m.confirmation().is_some());
    no_change_sent(&app::update(&mut m, ch('p')));
    let actions: Vec<&Action> = m.staged.plan.steps.iter().map(|s| &s.action).collect();
    assert_eq!(
        actions,
        vec![
            &Action::CreateOu {
                path: "Root/Prod2".into()
            },
            &Action::Move {
                account: account(5, "app").id,
                to: "Root/Prod2".into()
            },
        ]
    );
}

fn open_plan(m: &mut Model) {
    app::update(m, ch(':'));
    for c in "plan".chars() {
        app::update(m, ch(c));
    }
    app::update(m, key(KeyCode::Enter));
    assert!(
        matches!(m.dialog(), Some(Dialog::Plan(_))),
        "{:?}",
        m.overlay()
    );
}

fn note(m: &Model) -> String {
    match m.dialog() {
        Some(Dialog::Plan(s)) => s.note.clone().unwrap_or_default(),
        other => panic!("the plan screen is open: {other:?}"),
    }
}

fn review_req(cmds: &[Cmd]) -> u64 {
    one(cmds, |f| matches!(f, app::Fetch::PlanReview { .. }))
}

#[test]
fn the_plan_screen_reorders_removes_checks_and_applies_only_a_clean_plan() {
    let mut m = staged_ou_and_move((120, 40));
    app::update(&mut m, Msg::Drawn);
    app::update(&mut m, ch('p'));
    open_plan(&mut m);
    // Not checked: nothing is applied.
    app::update(&mut m, ch('a'));
    assert!(note(&m).contains("check the plan first"), "{}", note(&m));
    // J runs the first step later, K earlier again; the check is dropped each time.
    let first = m.staged.plan.steps[0].clone();
    app::update(&mut m, ch('J'));
    assert_eq!(m.staged.plan.steps[1], first);
    app::update(&mut m, ch('K'));
    assert_eq!(m.staged.plan.steps[0], first);
    // c asks the worker to check exactly the staged plan.
    let cmds = app::update(&mut m, ch('c'));
    let req = review_req(&cmds);
    let sent_plan = fetches(&cmds)
        .into_iter()
        .find_map(|(_, f)| match f {
            app::Fetch::PlanReview { plan, .. } => Some(plan),
            _ => None,
        })
        .expect("a plan review");
    assert_eq!(sent_plan, m.staged.plan);
    // A problem AWS would refuse blocks the apply.
    let refused = Review {
        problems: vec!["step 2: Root/Prod2 is not empty".into()],
        ..Review::default()
    };
    app::update(&mut m, ok(req, Reply::PlanReview(Box::new(refused))));
    app::update(&mut m, ch('a'));
    assert!(note(&m).contains("AWS would refuse"), "{}", note(&m));
    // A clean check: a asks for the word, and only the word applies.
    let cmds = app::update(&mut m, ch('c'));
    let req = review_req(&cmds);
    app::update(&mut m, ok(req, Reply::PlanReview(Box::default())));
    app::update(&mut m, ch('a'));
    let mut cmds = Vec::new();
    for c in "aply".chars() {
        cmds.extend(app::update(&mut m, ch(c)));
    }
    cmds.extend(app::update(&mut m, key(KeyCode::Enter)));
    assert!(note(&m).contains("type apply"), "{}", note(&m));
    no_change_sent(&cmds);
    for _ in 0..4 {
        app::update(&mut m, key(KeyCode::Backspace));
    }
    for c in "apply".chars() {
        app::update(&mut m, ch(c));
    }
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    let applied: Vec<_> = jobs(&cmds)
        .into_iter()
        .filter_map(|j| match j {
            Job::ApplyPlan { req, plan, .. } => Some((*req, plan.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(applied.len(), 1, "one apply: {cmds:?}");
    let (req, plan) = applied[0].clone();
    assert_eq!(plan, PlanSource::Staged(m.staged.plan.clone()));
    // Progress per step, then the end: what it changed is read again.
    let step = |step, state: &str, finished| StepProgress {
        step,
        says: format!("step {step}"),
        state: state.into(),
        finished,
    };
    app::update(&mut m, ok(req, Reply::PlanStep(step(0, "sending", false))));
    app::update(&mut m, ok(req, Reply::PlanStep(step(0, "done", true))));
    assert_eq!(
        m.staged
            .applying
            .as_ref()
            .map(|a| a.steps[&0].state.clone()),
        Some("done".to_string())
    );
    // Nothing can be removed while it is applied.
    app::update(&mut m, ch('d'));
    assert_eq!(m.staged.plan.steps.len(), 2);
    let done = Applied {
        done: 2,
        failed: 0,
        unknown: 0,
        skipped: 0,
        file: "/state/plans/staged.toml".into(),
        journal: "/state/plans/staged.jsonl".into(),
        refused: vec![],
    };
    let cmds = app::update(&mut m, ok(req, Reply::PlanApplied(done)));
    assert!(
        status(&m).contains("The plan was applied: 2 step(s) done"),
        "{}",
        status(&m)
    );
    assert!(
        fetches(&cmds).iter().any(|(_, f)| children_of(ROOT)(f)),
        "what is on screen is read again: {cmds:?}"
    );
    // u asks for the inverse from the journal.
    let cmds = app::update(&mut m, ch('u'));
    assert!(
        cmds.contains(&Cmd::UndoPlan {
            journal: "/state/plans/staged.jsonl".into()
        }),
        "{cmds:?}"
    );
}

#[test]
fn read_only_saves_a_plan_but_never_applies_it() {
    let mut m = staged_ou_and_move((120, 40));
    m.context.read_only = true;
    app::update(&mut m, Msg::Drawn);
    app::update(&mut m, ch('p'));
    open_plan(&mut m);
    let cmds = app::update(&mut m, ch('c'));
    let req = review_req(&cmds);
    app::update(&mut m, ok(req, Reply::PlanReview(Box::default())));
    let cmds = app::update(&mut m, ch('a'));
    no_change_sent(&cmds);
    assert!(note(&m).contains("read-only"), "{}", note(&m));
}

#[test]
fn plan_save_writes_the_file_the_plan_reads_back_from_and_open_replaces_it() {
    let mut m = staged_ou_and_move((120, 40));
    app::update(&mut m, Msg::Drawn);
    app::update(&mut m, ch('p'));
    app::update(&mut m, ch(':'));
    for c in "plan save out.toml".chars() {
        app::update(&mut m, ch(c));
    }
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    let text = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::SavePlan { path, text } if path == "out.toml" => Some(text.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("a save: {cmds:?}"));
    let read = file::parse(&text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    let actions = |p: &orgtui::changeset::PlanFile| -> Vec<Action> {
        p.steps.iter().map(|s| s.action.clone()).collect()
    };
    assert_eq!(actions(&read), actions(&m.staged.plan));
    // An opened file replaces what was staged, unchecked, and shows the plan screen.
    let mut one_step = read.clone();
    one_step.steps.truncate(1);
    app::update(&mut m, Msg::PlanOpened(Ok(one_step)));
    assert_eq!(m.staged.plan.steps.len(), 1);
    assert!(m.staged.review.is_none());
    assert!(matches!(m.dialog(), Some(Dialog::Plan(_))));
    // A file with mistakes leaves the plan as it was and says why, with the line.
    app::update(
        &mut m,
        Msg::PlanOpened(Err(vec!["out.toml: line 3: no OU at Root/Prdo".into()])),
    );
    assert_eq!(m.staged.plan.steps.len(), 1);
    assert!(
        status(&m).contains("line 3: no OU at Root/Prdo"),
        "{}",
        status(&m)
    );
}

#[test]
fn nothing_is_staged_while_a_plan_is_being_applied() {
    let (mut m, cmds) = move_app_to_security((120, 40));
    settle(&mut m, cmds);
    m.staged.applying = Some(Applying::default());
    stage(&mut m);
    assert!(m.confirmation().is_some(), "the confirmation stays open");
    assert!(status(&m).contains("being applied"), "{}", status(&m));
    assert!(m.staged.plan.steps.is_empty());
}

fn screen(m: &Model) -> String {
    let (w, h) = m.screen_size();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal
        .draw(|f| orgtui::ui::view(m, &Theme::default(), f))
        .expect("draw");
    terminal.backend().to_string()
}

#[test]
fn plan_screen_with_its_check() {
    for size in [(120, 40), (80, 24)] {
        let mut m = staged_ou_and_move(size);
        app::update(&mut m, Msg::Drawn);
        app::update(&mut m, ch('p'));
        open_plan(&mut m);
        let unchecked = screen(&m);
        assert!(
            unchecked.contains("2 step(s) staged; nothing has been sent"),
            "{unchecked}"
        );
        let cmds = app::update(&mut m, ch('c'));
        let req = review_req(&cmds);
        let review = Review {
            problems: vec!["step 1: an OU named Prod2 is already under Root".into()],
            steps: vec![
                "Steps:".into(),
                "    1. Create OU Root/Prod2".into(),
                "    2. Move app from Root/Workloads to Root/Prod2  (after 1)".into(),
            ],
            effect: vec![
                "Effect on 1 account:".into(),
                "  app (222222220005): Root/Workloads -> Root/Prod2".into(),
                "      - RegionLock at Root/Workloads".into(),
            ],
            planned: vec![
                "Root".into(),
                "  + Prod2".into(),
                "Root/Prod2  (new)".into(),
                "  + app (222222220005)".into(),
                "Root/Workloads".into(),
                "  - app (222222220005) (to Root/Prod2)".into(),
            ],
            calls: 9,
            facts: vec![],
        };
        app::update(&mut m, ok(req, Reply::PlanReview(Box::new(review))));
        insta::assert_snapshot!(format!("plan_screen_{}x{}", size.0, size.1), screen(&m));
    }
}

/// Types `:LINE` and Enter.
fn run_command(m: &mut Model, line: &str) -> Vec<Cmd> {
    app::update(m, ch(':'));
    for c in line.chars() {
        app::update(m, ch(c));
    }
    app::update(m, key(KeyCode::Enter))
}

fn apply_jobs(cmds: &[Cmd]) -> Vec<(PlanSource, OnFailure)> {
    jobs(cmds)
        .into_iter()
        .filter_map(|j| match j {
            Job::ApplyPlan {
                plan, on_failure, ..
            } => Some((plan.clone(), *on_failure)),
            _ => None,
        })
        .collect()
}

#[test]
fn an_apply_an_earlier_run_left_unfinished_is_named_at_start_and_plan_resume_goes_on() {
    let mut m = loaded((120, 40));
    let cmds = run_command(&mut m, "plan resume");
    assert!(status(&m).contains("nothing to resume"), "{}", status(&m));
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::ResumePlan { .. })));
    let file = "/state/plans/staged-1.toml";
    app::update(&mut m, Msg::PlansInterrupted(vec![file.into()]));
    let line = status(&m);
    assert!(
        line.contains(&format!(
            "An apply of {file} was interrupted: :plan resume goes on"
        )),
        "{line}"
    );
    // :plan resume, or r on the plan screen, reads that file.
    let cmds = run_command(&mut m, "plan resume");
    let resume = Cmd::ResumePlan { path: file.into() };
    assert!(cmds.contains(&resume), "{cmds:?}");
    open_plan(&mut m);
    assert!(
        screen(&m).contains("r resume interrupted"),
        "{}",
        screen(&m)
    );
    assert!(app::update(&mut m, ch('r')).contains(&resume));
    let plan = file::parse("[[step]]\nmove = \"app\"\nto = \"Root/Security\"\n").unwrap();
    app::update(
        &mut m,
        Msg::PlanResumable {
            path: file.into(),
            result: Ok(plan.clone()),
        },
    );
    assert_eq!(m.staged.plan, plan);
    let shown = screen(&m);
    assert!(
        shown.contains(&format!(
            "1 step(s) of the interrupted apply of {file}: a goes on"
        )),
        "{shown}"
    );
    // No check first: the apply goes on from the file's journal, re-reading what is
    // uncertain, after the word.
    app::update(&mut m, ch('a'));
    let mut cmds = Vec::new();
    for c in "apply".chars() {
        cmds.extend(app::update(&mut m, ch(c)));
    }
    cmds.extend(app::update(&mut m, key(KeyCode::Enter)));
    assert_eq!(
        apply_jobs(&cmds),
        vec![(PlanSource::File(file.into()), OnFailure::Continue)]
    );
}

#[test]
fn a_resumed_plan_changed_on_the_plan_screen_is_checked_afresh() {
    let mut m = loaded((120, 40));
    let two =
        "[[step]]\nmove = \"app\"\nto = \"Root/Security\"\n[[step]]\ncreate-ou = \"Root/X\"\n";
    app::update(
        &mut m,
        Msg::PlanResumable {
            path: "/p.toml".into(),
            result: Ok(file::parse(two).unwrap()),
        },
    );
    app::update(&mut m, ch('J'));
    assert_eq!(m.staged.resume, None);
    app::update(&mut m, ch('a'));
    assert!(note(&m).contains("check the plan first"), "{}", note(&m));
}

#[test]
fn f_chooses_what_a_failure_stops_shown_on_the_screen_and_in_the_confirmation() {
    let mut m = staged_ou_and_move((120, 40));
    app::update(&mut m, Msg::Drawn);
    app::update(&mut m, ch('p'));
    open_plan(&mut m);
    let cmds = app::update(&mut m, ch('c'));
    let req = review_req(&cmds);
    app::update(&mut m, ok(req, Reply::PlanReview(Box::default())));
    let shown = screen(&m);
    assert!(
        shown.contains("f on a failure: finish the independent steps"),
        "{shown}"
    );
    app::update(&mut m, ch('f'));
    assert_eq!(m.staged.on_failure, OnFailure::Stop);
    let shown = screen(&m);
    assert!(
        shown.contains("f on a failure: stop starting new ones"),
        "{shown}"
    );
    app::update(&mut m, ch('a'));
    let shown = screen(&m);
    assert!(
        shown.contains("send these 2 step(s), on a failure: stop starting new ones"),
        "{shown}"
    );
    for c in "apply".chars() {
        app::update(&mut m, ch(c));
    }
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(
        apply_jobs(&cmds),
        vec![(PlanSource::Staged(m.staged.plan.clone()), OnFailure::Stop)]
    );
    // Not changed while the plan is applied.
    app::update(&mut m, ch('f'));
    assert_eq!(m.staged.on_failure, OnFailure::Stop);
    assert!(note(&m).contains("being applied"), "{}", note(&m));
}

mod headless {
    //! The real worker and the demo backend: what the plan screen's check and apply do.

    use std::sync::Arc;
    use std::time::Duration;

    use crate::plan_support::{counts, FAILING_FIRST};
    use crate::support::harness::Harness;
    use crate::support::Look;
    use orgtui::app::Msg;
    use orgtui::changeset::journal::{self, Journal, StepState};
    use orgtui::changeset::{check, file, read::read};
    use orgtui::demo::DemoBackend;
    use orgtui::net::{Gate, Timeouts};
    use orgtui::org::{collect_all, OrgBackend};
    use orgtui::worker::Options;
    use ratatui::crossterm::event::KeyCode;

    const LIMIT: Duration = Duration::from_secs(30);

    fn reviewed(m: &orgtui::app::Model) -> bool {
        matches!(m.staged.review, Some(orgtui::app::Loadable::Loaded(_)))
    }

    /// Stages moving `name` (in Workloads) to Sandbox, then opens the plan and checks it.
    async fn staged_and_checked(h: &mut Harness, name: &str) {
        h.settle(LIMIT).await;
        h.select("Workloads");
        h.key(KeyCode::Right);
        h.settle(LIMIT).await;
        h.select(name);
        h.ch('m');
        h.settle(LIMIT).await;
        h.typed("Sandbox");
        h.settle(LIMIT).await;
        h.key(KeyCode::Enter);
        h.settle(LIMIT).await;
        assert!(h.model.confirmation().is_some(), "{:?}", h.model.overlay());
        h.send(orgtui::app::Msg::Drawn);
        h.ch('p');
        assert_eq!(h.model.staged.plan.steps.len(), 1);
        h.ch(':');
        h.typed("plan");
        h.key(KeyCode::Enter);
        h.ch('c');
        h.until(LIMIT, "the check", reviewed).await;
    }

    async fn apply(h: &mut Harness) {
        h.ch('a');
        h.typed("apply");
        h.key(KeyCode::Enter);
        h.until(LIMIT, "the apply to end", |m| {
            m.staged.applying.as_ref().is_some_and(|a| !a.running())
        })
        .await;
    }

    async fn parent_of(b: &DemoBackend, id: &str) -> String {
        let parents = collect_all(|t| b.list_parents(id, t))
            .await
            .expect("parents");
        parents[0].id.clone()
    }

    async fn id_of(b: &DemoBackend, name: &str) -> String {
        let all = collect_all(|t| b.list_accounts(t)).await.expect("accounts");
        all.into_iter()
            .find(|a| a.name == name)
            .map(|a| a.id)
            .expect("the account")
    }

    async fn ou_named(b: &DemoBackend, name: &str) -> String {
        let roots = b.list_roots(None).await.expect("roots").items;
        let ous = collect_all(|t| b.list_organizational_units_for_parent(&roots[0].id, t))
            .await
            .expect("ous");
        ous.into_iter()
            .find(|o| o.name == name)
            .map(|o| o.id)
            .expect("the OU")
    }

    fn options(dir: &tempfile::TempDir) -> Options {
        Options {
            plans: Some(dir.path().to_path_buf()),
            ..Options::default()
        }
    }

    #[tokio::test]
    async fn a_checked_plan_is_applied_and_the_organization_is_as_planned() {
        let demo = Arc::new(DemoBackend::from_asset().expect("demo"));
        let dir = tempfile::tempdir().expect("dir");
        let mut h = Harness::new(demo.clone(), options(&dir));
        let name = "acquired-startup-legacy";
        staged_and_checked(&mut h, name).await;
        apply(&mut h).await;
        assert!(
            h.model
                .status_line()
                .contains("The plan was applied: 1 step(s) done"),
            "{}",
            h.model.status_line()
        );
        let id = id_of(&demo, name).await;
        assert_eq!(
            parent_of(&demo, &id).await,
            ou_named(&demo, "Sandbox").await
        );
        // The journal the apply kept is in the directory it was given.
        let journals = std::fs::read_dir(dir.path())
            .expect("the plans directory")
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "jsonl"))
            .count();
        assert_eq!(journals, 1);
    }

    /// Applies `FAILING_FIRST` from the plan screen, `f` pressed first when `stop`: the
    /// moves the demo received, and the status line.
    async fn apply_failing_first(stop: bool) -> (usize, String) {
        let demo = Arc::new(DemoBackend::from_asset().expect("demo"));
        let dir = tempfile::tempdir().expect("dir");
        let mut h = Harness::new(demo.clone(), options(&dir));
        h.settle(LIMIT).await;
        h.model.staged.plan = file::parse(FAILING_FIRST).expect("the plan");
        h.ch(':');
        h.typed("plan");
        h.key(KeyCode::Enter);
        h.ch('c');
        h.until(LIMIT, "the check", reviewed).await;
        match &h.model.staged.review {
            Some(orgtui::app::Loadable::Loaded(r)) => assert_eq!(r.problems, Vec::<String>::new()),
            other => panic!("{other:?}"),
        }
        if stop {
            h.ch('f');
        }
        apply(&mut h).await;
        let moves = demo.calls().get("move_account").copied().unwrap_or(0);
        (moves, h.model.status_line())
    }

    #[tokio::test]
    async fn after_a_failure_the_independent_steps_run_or_none_is_started_as_chosen() {
        let (moves, line) = apply_failing_first(false).await;
        assert_eq!(moves, 10, "{line}");
        assert_eq!(counts(&line), Some((10, 1, 0, 0)), "{line}");
        let (moves, line) = apply_failing_first(true).await;
        let (done, failed, _, skipped) = counts(&line).unwrap_or_else(|| panic!("{line}"));
        assert_eq!((done, failed, done + skipped), (moves, 1, 10), "{line}");
        assert!(skipped > 0, "steps after the failure were started: {line}");
    }

    #[tokio::test]
    async fn plan_resume_goes_on_with_an_interrupted_apply_and_sends_nothing_done_again() {
        let demo = Arc::new(DemoBackend::from_asset().expect("demo"));
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("restructure.toml");
        let text = "[[step]]\nmove = \"web-prod\"\nto = \"Root/Sandbox\"\n[[step]]\nmove = \"api-prod\"\nto = \"Root/Sandbox\"\n[[step]]\nmove = \"search-prod\"\nto = \"Root/Sandbox\"\n";
        std::fs::write(&path, text).expect("the plan file");
        // An earlier run sent the first two moves and was killed (kill -9) before the
        // second's outcome was written; the third was never sent.
        let plan = file::parse(text).expect("the plan");
        let gate = Gate::new(Timeouts::default());
        let (before, _) = read(&gate, demo.as_ref(), &plan).await.expect("read");
        let checked = check(&plan, &before, None);
        let j = Journal::create(
            &journal::path_for(dir.path(), &path, text),
            &path.display().to_string(),
            &checked.steps,
        )
        .expect("the journal");
        let sandbox = ou_named(&demo, "Sandbox").await;
        for (step, name) in [(0, "web-prod"), (1, "api-prod")] {
            let change = checked.steps[step].op.change();
            j.attempt(step, change.operation(), change.parameters())
                .expect("attempt");
            let id = id_of(&demo, name).await;
            let from = parent_of(&demo, &id).await;
            demo.move_account(&id, &from, &sandbox).await.expect("move");
        }
        j.outcome(0, &StepState::Done { created: None })
            .expect("outcome");
        drop(j);
        let sent_before = demo.calls()["move_account"];
        // Short deadlines: the resumed apply waits out the killed run's requests first.
        let short = Timeouts {
            attempt: Duration::from_millis(300),
            operation: Duration::from_millis(300),
        };
        let mut h = Harness::new(
            demo.clone(),
            Options {
                timeouts: short,
                ..options(&dir)
            },
        );
        h.settle(LIMIT).await;
        // What the event loop finds at start.
        let files = (journal::unfinished(dir.path()).into_iter())
            .map(|(_, l)| l.file)
            .collect();
        h.send(Msg::PlansInterrupted(files));
        assert!(
            h.model.status_line().contains(":plan resume goes on"),
            "{}",
            h.model.status_line()
        );
        h.ch(':');
        h.typed("plan resume");
        h.key(KeyCode::Enter);
        assert!(h.model.staged.resume.is_some(), "{}", h.model.status_line());
        apply(&mut h).await;
        let line = h.model.status_line();
        assert!(
            line.contains("The plan was applied: 3 step(s) done"),
            "{line}"
        );
        assert_eq!(
            demo.calls()["move_account"],
            sent_before + 1,
            "only the move never sent is sent: {line}"
        );
        for name in ["web-prod", "api-prod", "search-prod"] {
            let id = id_of(&demo, name).await;
            assert_eq!(parent_of(&demo, &id).await, sandbox, "{name}");
        }
        let states: Vec<String> = (h.model.staged.applying.iter())
            .flat_map(|a| a.steps.values().map(|p| p.state.clone()))
            .collect();
        assert_eq!(states, vec!["done before", "done", "done"]);
        assert!(journal::unfinished(dir.path()).is_empty(), "finished");
        assert!(h.model.plans_interrupted.is_empty());
    }

    #[tokio::test]
    async fn a_change_by_someone_else_after_the_check_is_refused_and_nothing_sent() {
        let demo = Arc::new(DemoBackend::from_asset().expect("demo"));
        let dir = tempfile::tempdir().expect("dir");
        let mut h = Harness::new(demo.clone(), options(&dir));
        let name = "acquired-startup-legacy";
        staged_and_checked(&mut h, name).await;
        // Someone else moves the account to Security between the check and the apply.
        let id = id_of(&demo, name).await;
        let (from, to) = (
            parent_of(&demo, &id).await,
            ou_named(&demo, "Security").await,
        );
        demo.move_account(&id, &from, &to)
            .await
            .expect("the other move");
        let moves_before = demo.calls().get("move_account").copied();
        apply(&mut h).await;
        let line = h.model.status_line();
        assert!(
            line.contains("nothing was sent")
                && line.contains("changed since the plan was checked"),
            "{line}"
        );
        assert_eq!(demo.calls().get("move_account").copied(), moves_before);
        assert_eq!(
            parent_of(&demo, &id).await,
            to,
            "where the other change put it"
        );
    }
}

#[test]
fn the_tree_marks_what_the_staged_plan_will_do_until_it_is_applied() {
    for size in [(120, 40), (80, 24)] {
        let mut m = staged_ou_and_move(size);
        app::update(&mut m, Msg::Drawn);
        app::update(&mut m, ch('p'));
        let shown = screen(&m);
        if size.0 == 120 {
            let row = |name: &str| {
                shown
                    .lines()
                    .find(|l| l.contains(name))
                    .unwrap_or_else(|| panic!("no row {name}:\n{shown}"))
                    .to_string()
            };
            assert!(
                row("Root  r-ab12").contains("planned: + OU Prod2"),
                "{shown}"
            );
            assert!(
                row("app  222222220005").contains("planned: → Root/Prod2"),
                "{shown}"
            );
            assert!(!row("Security").contains("planned"), "{shown}");
        }
        insta::assert_snapshot!(format!("tree_with_plan_{}x{}", size.0, size.1), shown);
        // Once applied, the tree shows what is, read again, not marks.
        m.staged.applying = Some(Applying::default());
        assert!(!screen(&m).contains("planned:"));
    }
}
