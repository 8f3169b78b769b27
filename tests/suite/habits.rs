//! The k9s and lazygit habits orgtui keeps (issue 17): Esc goes back and never collapses
//! the tree, the view keys hop between every view and screen, the palette's Tab keeps
//! what was typed, `:goto NAME` finds what is not read yet, and `R` forgets failures; the
//! accounts view has column headers and a reverse sort, the OU picker lists in path
//! order, and the new-OU prompt finds no fault before anything is typed.

use crate::fixtures::*;
use orgtui::app::{self, AdminFetch, Dialog, Fetch, Mode, Reply, View};
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Modifier;

fn type_text(m: &mut app::Model, text: &str) {
    for c in text.chars() {
        app::update(m, ch(c));
    }
}

fn palette_tab(line: &str) -> String {
    let mut m = loaded((120, 40));
    app::update(&mut m, ch(':'));
    type_text(&mut m, line);
    app::update(&mut m, key(KeyCode::Tab));
    m.command_text().to_string()
}

#[test]
fn tab_in_the_palette_completes_the_last_word_and_keeps_the_rest() {
    assert_eq!(palette_tab("theme hi"), "theme high-contrast");
    assert_eq!(palette_tab("export js"), "export json");
    // A file name is anything: nothing to complete, nothing erased.
    assert_eq!(palette_tab("export json out.json"), "export json out.json");
    assert_eq!(
        palette_tab("create-organization CONS"),
        "create-organization CONSOLIDATED_BILLING"
    );
    // The name while it is typed, followed by a space when it takes an argument.
    assert_eq!(palette_tab("them"), "theme ");
    // Two themes start with nothing typed: no guess.
    assert_eq!(palette_tab("theme "), "theme ");
}

#[test]
fn esc_in_the_tree_never_collapses_it_and_h_still_does() {
    let mut m = loaded((120, 40));
    let rows = row_ids(&m);
    assert_eq!(selected_id(&m).as_deref(), Some(ROOT));
    app::update(&mut m, key(KeyCode::Esc));
    assert_eq!(row_ids(&m), rows, "Esc collapsed the tree");
    assert_eq!(*m.overlay(), Mode::Normal);
    // Esc clears a search first.
    app::update(&mut m, ch('/'));
    type_text(&mut m, "secu");
    app::update(&mut m, key(KeyCode::Enter));
    app::update(&mut m, key(KeyCode::Esc));
    assert_eq!(row_ids(&m), rows);
    // In another view Esc goes back to the tree.
    app::update(&mut m, ch('3'));
    assert_eq!(m.current_view(), View::Accounts);
    app::update(&mut m, key(KeyCode::Esc));
    assert_eq!(m.current_view(), View::Tree);
    select(&mut m, ROOT);
    app::update(&mut m, ch('h'));
    assert_eq!(row_ids(&m), vec![ROOT.to_string()]);
}

#[test]
fn the_view_keys_hop_between_the_screens_of_their_own() {
    let mut m = loaded((120, 40));
    app::update(&mut m, ch('5'));
    assert!(
        matches!(m.dialog(), Some(Dialog::Admin(_))),
        "{:?}",
        m.dialog()
    );
    app::update(&mut m, ch('6'));
    let Some(Dialog::Admin(s)) = m.dialog() else {
        panic!("6 left the screens: {:?}", m.dialog());
    };
    assert_eq!(s.screen, app::Screen::Trusted);
    assert!(s.query.is_empty(), "6 was typed into the search");
    app::update(&mut m, ch('8'));
    assert!(matches!(m.dialog(), Some(Dialog::Handshakes(_))));
    app::update(&mut m, ch('9'));
    assert!(matches!(m.dialog(), Some(Dialog::Transfers(_))));
    app::update(&mut m, ch('2'));
    assert_eq!(*m.overlay(), Mode::Normal);
    assert_eq!(m.current_view(), View::Policies);
    // While a search is typed on a screen, digits are part of it.
    app::update(&mut m, ch('5'));
    type_text(&mut m, "a1");
    let Some(Dialog::Admin(s)) = m.dialog() else {
        panic!("a digit in a search left the screen");
    };
    assert_eq!(s.query.as_str(), "a1");
}

#[test]
fn goto_a_name_not_read_yet_reads_the_organization_and_goes_there() {
    let mut m = loaded((120, 40));
    app::update(&mut m, ch(':'));
    type_text(&mut m, "goto data-lake-prod");
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    // Both OUs not read yet are read, in one subtree read, and the status says what is
    // going on.
    let read = one(&cmds, subtree_of(&[ou_id(1), ou_id(2)]));
    assert!(fetches(&cmds)
        .iter()
        .all(|(_, f)| !matches!(f, Fetch::Children { .. })));
    assert!(
        status(&m).contains("Looking for \"data-lake-prod\""),
        "{}",
        status(&m)
    );
    answer_listed(&mut m, read, &ou_id(1), vec![], vec![account(5, "audit")]);
    answer_listed(&mut m, read, &ou_id(2), vec![ou(3, "Prod")], vec![]);
    let more = answer_listed(
        &mut m,
        read,
        &ou_id(3),
        vec![],
        vec![account(7, "data-lake-prod")],
    );
    assert!(fetches(&more).is_empty(), "{more:?}");
    // The goto goes on once the read has ended.
    assert_eq!(selected_id(&m).as_deref(), Some(ROOT));
    app::update(&mut m, ok(read, Reply::SubtreeDone));
    assert_eq!(selected_id(&m), Some(account(7, "x").id));
    // Once everything is read, a name nothing has says so.
    app::update(&mut m, ch(':'));
    type_text(&mut m, "goto qqqqqqqq");
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    assert!(fetches(&cmds)
        .iter()
        .all(|(_, f)| !matches!(f, Fetch::Children { .. })));
    assert!(
        status(&m).contains("nothing in the organization is called"),
        "{}",
        status(&m)
    );
}

#[test]
fn refresh_all_reads_again_what_failed_in_the_detail_pane() {
    let mut m = loaded((120, 40));
    select(&mut m, &account(1, "x").id);
    let cmds = app::update(&mut m, app::Msg::Idle);
    let mut failed = 0;
    for (req, f) in fetches(&cmds) {
        if matches!(
            f,
            Fetch::Admin(AdminFetch::DelegatedServices { .. } | AdminFetch::Tags { .. })
        ) {
            app::update(&mut m, err(req, "NetworkError"));
            failed += 1;
        }
    }
    let cmds = app::update(&mut m, ch('R'));
    let cmds = [cmds, app::update(&mut m, app::Msg::Idle)].concat();
    let again = fetches(&cmds)
        .into_iter()
        .filter(|(_, f)| {
            matches!(
                f,
                Fetch::Admin(AdminFetch::DelegatedServices { .. } | AdminFetch::Tags { .. })
            )
        })
        .count();
    assert!(failed > 0, "nothing was read for the detail pane");
    assert_eq!(again, failed, "{cmds:?}");
}

fn screen_of(m: &app::Model) -> String {
    let backend = ratatui::backend::TestBackend::new(m.size.0, m.size.1);
    let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
    terminal
        .draw(|f| orgtui::ui::view(m, &orgtui::ui::theme::Theme::default(), f))
        .expect("draw");
    terminal.backend().to_string()
}

/// The screen's text as one line of words, borders dropped: what wraps reads whole.
fn words(screen: &str) -> String {
    screen
        .lines()
        .map(|l| l.trim_matches('"').replace(['┃', '│', '║'], " "))
        .collect::<Vec<_>>()
        .join("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn long_values_are_whole_at_80_columns() {
    // A status message longer than its line goes on over the hint line.
    let mut m = loaded((80, 24));
    app::update(&mut m, ch(':'));
    type_text(
        &mut m,
        "goto qqqqqqqqqqqqqqqqqqqqqqqqqqqqqq-a-very-long-name-typed-by-mistake",
    );
    app::update(&mut m, key(KeyCode::Enter));
    let text = words(&screen_of(&m));
    assert!(
        text.contains("qqqqqqqqqqqqqqqqqqqqqqqqqqqqqq-a-very-long-name-typed-by-mistake"),
        "{text}"
    );
    // The role ARN of `:creds` wraps instead of being cut.
    let arn = "arn:aws:sts::222222220020:assumed-role/OrganizationAccountAccessRole/orgtui-payments-prod-1234567890";
    m.sts.exports = Some(orgtui::app::caller::Exports {
        account: "222222220020".into(),
        account_name: "payments-prod".into(),
        role_arn: arn.into(),
        expiration: Some("2026-12-07T19:00:00Z".into()),
        lines: vec!["export AWS_ACCESS_KEY_ID=AKIAEXAMPLE".into()],
    });
    let text = words(&screen_of(&m)).replace(' ', "");
    assert!(text.contains(arn), "{text}");
}

#[test]
fn an_unknown_palette_command_says_so_and_how_to_list_them_not_unexpected_error() {
    let mut m = loaded((120, 40));
    app::update(&mut m, ch(':'));
    type_text(&mut m, "zzqq");
    app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(*m.overlay(), Mode::Normal);
    let text = words(&screen_of(&m));
    assert!(
        text.contains("CommandFailed: no command \"zzqq\""),
        "{text}"
    );
    assert!(text.contains("nothing was sent to AWS"), "{text}");
    assert!(text.contains("list the commands"), "{text}");
    assert!(!text.contains("Unexpected error"), "{text}");
}

#[test]
fn a_status_message_longer_than_two_rows_ends_in_an_ellipsis_and_messages_shows_it_whole() {
    let mut m = loaded((80, 24));
    app::update(&mut m, ch(':'));
    type_text(&mut m, "zzqq");
    app::update(&mut m, key(KeyCode::Enter));
    let screen = screen_of(&m);
    let rows: Vec<&str> = screen.lines().collect();
    // The status line and the hint line below it: the message's two rows.
    let last = rows[rows.len() - 1].trim_matches('"').trim_end();
    assert!(rows[rows.len() - 2].contains("CommandFailed"), "{screen}");
    assert!(last.ends_with('…'), "{screen}");
    assert!(!words(&screen).contains("what each takes."), "{screen}");
    // `:messages`: the describe view, on the message whole, newest first.
    app::update(&mut m, ch(':'));
    type_text(&mut m, "messages");
    app::update(&mut m, key(KeyCode::Enter));
    assert!(
        matches!(m.dialog(), Some(Dialog::Describe(_))),
        "{:?}",
        m.overlay()
    );
    // Its rows break anywhere: read without spaces.
    let text = words(&screen_of(&m)).replace(' ', "");
    assert!(text.contains("nocommand\"zzqq\""), "{text}");
    assert!(text.contains("whateachtakes."), "{text}");
    // A message that fits keeps its row as it was, with no "…".
    app::update(&mut m, key(KeyCode::Esc));
    m.status = Some(app::Status::Info("short".into()));
    let screen = screen_of(&m);
    let rows: Vec<&str> = screen.lines().collect();
    assert!(rows[rows.len() - 2].contains(" short "), "{screen}");
    assert!(!rows[rows.len() - 2..].concat().contains('…'), "{screen}");
}

/// The accounts view (`3`) with three accounts read, one suspended.
fn accounts_view(size: (u16, u16)) -> app::Model {
    let mut m = loaded(size);
    let req = one(&app::update(&mut m, ch('3')), |f| *f == Fetch::AllAccounts);
    let mut suspended = account(22, "legacy-batch");
    suspended.state = orgtui::org::AccountState::Suspended;
    let items = vec![
        account(1, "management"),
        account(20, "payments-prod"),
        suspended,
    ];
    app::update(
        &mut m,
        ok(req, Reply::AllAccountsPage { items, last: true }),
    );
    m
}

fn buffer_of(m: &app::Model) -> ratatui::buffer::Buffer {
    let backend = ratatui::backend::TestBackend::new(m.size.0, m.size.1);
    let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
    terminal
        .draw(|f| orgtui::ui::view(m, &orgtui::ui::theme::Theme::default(), f))
        .expect("draw");
    terminal.backend().buffer().clone()
}

fn row_text(b: &ratatui::buffer::Buffer, y: u16) -> String {
    (0..b.area.width).map(|x| b[(x, y)].symbol()).collect()
}

#[test]
fn the_accounts_view_has_column_headers_above_its_rows() {
    for (size, joined) in [((80, 24), false), ((120, 40), true)] {
        let m = accounts_view(size);
        let b = buffer_of(&m);
        // Row 0 is the title bar, row 1 the pane's border: the headers, then the rows.
        let head = row_text(&b, 2);
        let words: Vec<&str> = head.trim_matches(['┃', ' ']).split("  ").collect();
        let words: Vec<&str> = words
            .iter()
            .map(|w| w.trim())
            .filter(|w| !w.is_empty())
            .collect();
        let want: &[&str] = if joined {
            &["Name", "Id", "State", "Joined", "OU path", "Email"]
        } else {
            &["Name", "Id", "State", "OU path", "Email"]
        };
        assert_eq!(words, want, "{size:?}: {head}");
        assert!(
            b[(1, 2)].style().add_modifier.contains(Modifier::BOLD),
            "{size:?}: the headers are not styled as headers"
        );
        // Each header starts where its column does.
        let first = row_text(&b, 3);
        assert!(first.contains("legacy-batch"), "{size:?}: {first}");
        let at = |s: &str, w: &str| s.find(w).map(|i| s[..i].chars().count());
        assert_eq!(at(&head, "Id"), at(&first, "222222220022"), "{size:?}");
        assert_eq!(at(&head, "State"), at(&first, "SUSPENDED"), "{size:?}");
    }
}

#[test]
fn shift_o_reverses_the_accounts_order_and_the_title_says_which_way() {
    let mut m = accounts_view((120, 40));
    let names = |m: &app::Model| -> Vec<String> {
        m.visible_accounts()
            .iter()
            .map(|a| a.name.clone())
            .collect()
    };
    assert_eq!(names(&m), ["legacy-batch", "management", "payments-prod"]);
    assert!(screen_of(&m).contains("by name ↑"));
    app::update(&mut m, ch('O'));
    assert_eq!(names(&m), ["payments-prod", "management", "legacy-batch"]);
    assert!(screen_of(&m).contains("by name ↓"), "{}", screen_of(&m));
    // The next column keeps the direction; O again turns it back.
    app::update(&mut m, ch('o'));
    assert!(screen_of(&m).contains("by OU path ↓"));
    app::update(&mut m, ch('O'));
    assert!(screen_of(&m).contains("by OU path ↑"));
    // Users remap it and run it from the palette by its name.
    assert_eq!(
        orgtui::keymap::Action::from_name("sort-reverse"),
        Some(orgtui::keymap::Action::SortReverse)
    );
}

#[test]
fn the_ou_picker_lists_every_ou_in_path_order_before_a_query() {
    let mut m = loaded((120, 40));
    select(&mut m, &account(1, "x").id);
    let mut cmds = app::update(&mut m, ch('m'));
    // The directory learns the OUs out of path order (Prod before Apps, as AWS lists).
    for _ in 0..5 {
        let mut more = Vec::new();
        for (req, f) in fetches(&cmds) {
            if let Fetch::OrgUnitsOf { parent } = f {
                let ous = match parent.as_str() {
                    ROOT => vec![ou(2, "Workloads"), ou(1, "Security")],
                    p if p == ou_id(2) => vec![ou(3, "Prod"), ou(4, "Apps")],
                    _ => vec![],
                };
                more.extend(app::update(
                    &mut m,
                    ok(req, Reply::OrgUnitsOf { parent, ous }),
                ));
            }
        }
        cmds = more;
    }
    let Some(Dialog::Picker(p)) = m.dialog() else {
        panic!("expected the OU picker, got {:?}", m.dialog());
    };
    let labels: Vec<String> = app::choices(&m, p).into_iter().map(|c| c.label).collect();
    assert_eq!(
        labels,
        [
            "Root",
            "Root / Security",
            "Root / Workloads",
            "Root / Workloads / Apps",
            "Root / Workloads / Prod"
        ]
    );
}

#[test]
fn the_new_ou_prompt_finds_no_fault_before_anything_is_typed() {
    let mut m = loaded((80, 24));
    select(&mut m, ROOT);
    app::update(&mut m, ch('n'));
    let text = words(&screen_of(&m));
    assert!(text.contains("New OU under Root"), "{text}");
    assert!(!text.contains("must not be empty"), "{text}");
    // Enter on nothing still refuses, and now says why.
    app::update(&mut m, key(KeyCode::Enter));
    assert!(matches!(m.dialog(), Some(Dialog::Prompt(_))));
    let text = words(&screen_of(&m));
    assert!(text.contains("✗ name must not be empty"), "{text}");
    type_text(&mut m, "Data");
    assert!(words(&screen_of(&m)).contains("✓ looks good"));
}

#[test]
fn enter_in_the_palette_runs_what_was_typed_or_chosen_never_a_fuzzy_guess() {
    // The premise: "frob" is fuzzily like "transfers", listed first.
    assert_eq!(app::command::matching("frob")[0].name, "transfers");
    let transfers = |m: &app::Model| matches!(m.dialog(), Some(Dialog::Transfers(_)));

    // A word that is no command, nor the start of one, runs nothing and says so.
    let mut m = loaded((120, 40));
    app::update(&mut m, ch(':'));
    type_text(&mut m, "frob");
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    assert!(cmds.is_empty(), "{cmds:?}");
    assert_eq!(*m.overlay(), Mode::Normal, "{:?}", m.dialog());
    assert!(status(&m).contains("no command \"frob\""), "{}", status(&m));

    // The start of one command's name is that command.
    let mut m = loaded((120, 40));
    app::update(&mut m, ch(':'));
    type_text(&mut m, "transf");
    app::update(&mut m, key(KeyCode::Enter));
    assert!(transfers(&m), "{:?}", m.dialog());

    // Chosen with ↓/↑ (back to the first): Enter runs the one chosen.
    let mut m = loaded((120, 40));
    app::update(&mut m, ch(':'));
    type_text(&mut m, "frob");
    app::update(&mut m, key(KeyCode::Down));
    app::update(&mut m, key(KeyCode::Up));
    app::update(&mut m, key(KeyCode::Enter));
    assert!(transfers(&m), "{:?}", m.dialog());

    // Typing after choosing makes the line what counts again.
    let mut m = loaded((120, 40));
    app::update(&mut m, ch(':'));
    type_text(&mut m, "fro");
    app::update(&mut m, key(KeyCode::Down));
    app::update(&mut m, key(KeyCode::Up));
    type_text(&mut m, "b");
    app::update(&mut m, key(KeyCode::Enter));
    assert!(!transfers(&m), "{:?}", m.dialog());
    assert!(status(&m).contains("no command"), "{}", status(&m));

    // Nothing typed nor chosen: Enter closes the palette and runs nothing.
    let mut m = loaded((120, 40));
    app::update(&mut m, ch(':'));
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    assert!(cmds.is_empty(), "{cmds:?}");
    assert_eq!(*m.overlay(), Mode::Normal);
    assert_eq!(m.status, None);
}
