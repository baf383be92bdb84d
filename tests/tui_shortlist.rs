//! The planner's campaign side on a TestBackend: shortlisting, the shortlist pane, the budget
//! bar in and over budget, editing dialogs, undo/redo, the summary, saving, quitting with
//! unsaved changes, the recovery file and reopening a plan.

use std::path::Path;

use ratatui::crossterm::event::KeyCode;
use scout::domain::fees::{FeeModel, FeeSource};
use scout::domain::filter::Filter;
use scout::domain::money::Money;
use scout::domain::plan::Status;
use scout::domain::roster::Roster;
use scout::domain::tier::TierScheme;
use scout::io::roster::{FieldMap, RosterReader};
use scout::tui::app::{Confirm, Focus, Overlay, OverlayKind};
use scout::tui::{Action, App};

/// The sample with three micro creators shortlisted and a $5,000 budget.
fn planned(w: u16, h: u16) -> App {
    let mut app = sample(w, h);
    key(&mut app, KeyCode::Char('b'));
    answer(&mut app, "5000");
    for h in ["mei.yamasawa", "lena.trails", "thelenaglam"] {
        shortlist(&mut app, h);
    }
    app
}

mod common;
use common::{answer, ctrl, draw, key, keys, sample, shortlist};

#[test]
fn space_shortlists_and_the_table_marks_it() {
    let mut app = sample(80, 24);
    key(&mut app, KeyCode::Char(' '));
    assert_eq!(app.plan().shortlist.len(), 1);
    let first = app.selected_creator().expect("a creator");
    assert!(app.listed().contains(&first));
    let screen = draw(&app);
    assert!(screen.contains("shortlisted @"), "{screen}");
    assert!(screen.lines().nth(3).unwrap().starts_with('✓'), "{screen}");
    // Space again removes the creator.
    key(&mut app, KeyCode::Char(' '));
    assert!(app.plan().shortlist.is_empty());
    assert!(app.listed().is_empty());
}

#[test]
fn shortlist_pane_80x24() {
    let mut app = planned(80, 24);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Focus::Shortlist);
    insta::assert_snapshot!("shortlist_80x24", draw(&app));
}

#[test]
fn shortlist_pane_200x50() {
    let mut app = planned(200, 50);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('i'));
    keys(&mut app, "asked for a media kit");
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("shortlist_200x50", draw(&app));
}

#[test]
fn empty_shortlist_pane_says_how_to_add() {
    let mut app = sample(80, 24);
    key(&mut app, KeyCode::Tab);
    let screen = draw(&app);
    assert!(screen.contains("The shortlist is empty."), "{screen}");
    assert!(screen.contains("No budget (b sets one)"), "{screen}");
}

#[test]
fn budget_bar_in_budget() {
    let app = planned(100, 24);
    let t = app.plan().totals();
    assert!(t.spend < Money::from_units(5000));
    let bar = draw(&app).lines().nth(22).unwrap().to_string();
    insta::assert_snapshot!("budget_bar_in_budget", bar);
}

#[test]
fn budget_bar_over_budget_warns() {
    let mut app = planned(100, 24);
    key(&mut app, KeyCode::Char('b'));
    answer(&mut app, "100");
    assert!(app.plan().totals().remaining.cents() < 0);
    let screen = draw(&app);
    let bar = screen.lines().nth(22).unwrap().to_string();
    assert!(bar.contains("OVER BUDGET by"), "{bar}");
    insta::assert_snapshot!("budget_bar_over_budget", bar);
}

#[test]
fn budget_dialog_refuses_bad_input_and_keeps_the_old_value() {
    let mut app = planned(80, 24);
    key(&mut app, KeyCode::Char('b'));
    answer(&mut app, "12x");
    assert!(
        app.overlay_kind() == OverlayKind::Input,
        "the dialog stays open"
    );
    insta::assert_snapshot!("budget_dialog_refuses_12x", draw(&app));
    assert_eq!(app.plan().campaign.budget, Money::from_units(5000));
    answer(&mut app, "-300");
    let screen = draw(&app);
    assert!(screen.contains("negative"), "{screen}");
    assert_eq!(app.plan().campaign.budget, Money::from_units(5000));
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay_kind() == OverlayKind::None);
    assert_eq!(app.plan().campaign.budget, Money::from_units(5000));
}

#[test]
fn the_text_field_moves_its_cursor_and_edits_in_place() {
    let mut app = planned(80, 24);
    key(&mut app, KeyCode::Char('N'));
    // The current name is proposed; Home then typing inserts at the start.
    key(&mut app, KeyCode::Home);
    keys(&mut app, "Spring ");
    key(&mut app, KeyCode::End);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Delete);
    insta::assert_snapshot!("name_dialog_editing", draw(&app));
    app.paste("Launch\nday");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.plan().campaign.name, "Spring Untitled campaiLaunch day");
}

#[test]
fn entry_edits_fee_posts_status_note_and_undo_redo() {
    let mut app = planned(120, 30);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('g'));
    let before = app.plan().clone();
    let handle = app.selected_entry().unwrap().handle.clone();

    // A negotiated fee, marked as such.
    key(&mut app, KeyCode::Char('$'));
    answer(&mut app, "450");
    let e = app.selected_entry().unwrap();
    assert_eq!(
        (e.fee, e.fee_source),
        (Money::from_units(450), FeeSource::Negotiated)
    );
    // Refused posts keep the value.
    key(&mut app, KeyCode::Char('#'));
    answer(&mut app, "0");
    assert!(app.overlay_kind() == OverlayKind::Input);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('+'));
    assert_eq!(app.selected_entry().unwrap().posts, 2);
    // Status by picker and by step.
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.selected_entry().unwrap().status, Status::Negotiating);
    key(&mut app, KeyCode::Char('>'));
    key(&mut app, KeyCode::Char('>'));
    assert_eq!(app.selected_entry().unwrap().status, Status::Declined);
    let t = app.plan().totals();
    assert_eq!(t.creators, 3);
    assert_eq!(
        t.active, 2,
        "declined creators stay listed but do not count"
    );
    let screen = draw(&app);
    assert!(screen.contains("declined"), "{screen}");
    key(&mut app, KeyCode::Char('i'));
    keys(&mut app, "no reply");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.selected_entry().unwrap().note, "no reply");

    // Undo everything, one edit at a time, back to the start; redo it all.
    let after = app.plan().clone();
    for _ in 0..6 {
        key(&mut app, KeyCode::Char('u'));
    }
    assert!(app.plan().same_content(&before), "undo returns the start");
    assert_eq!(app.selected_entry().unwrap().handle, handle);
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(
        app.plan().shortlist.len(),
        2,
        "one more undo drops the last add"
    );
    for _ in 0..7 {
        ctrl(&mut app, 'r');
    }
    assert!(app.plan().same_content(&after));
}

#[test]
fn empty_fee_goes_back_to_the_estimate() {
    let mut app = planned(120, 30);
    key(&mut app, KeyCode::Tab);
    let original = app.selected_entry().unwrap().clone();
    key(&mut app, KeyCode::Char('$'));
    answer(&mut app, "1");
    key(&mut app, KeyCode::Char('$'));
    answer(&mut app, "");
    let e = app.selected_entry().unwrap();
    assert_eq!((e.fee, e.fee_source), (original.fee, original.fee_source));
}

#[test]
fn summary_bars_by_tier_niche_and_status() {
    let mut app = planned(100, 40);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('>'));
    key(&mut app, KeyCode::Char('v'));
    assert!(app.overlay_kind() == OverlayKind::Summary);
    insta::assert_snapshot!("summary", draw(&app));
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay_kind() == OverlayKind::None);
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let mut app = planned(80, 24);
    key(&mut app, KeyCode::Char('q'));
    assert!(!app.should_quit());
    assert!(matches!(app.overlay(), Overlay::Confirm(Confirm::Quit)));
    insta::assert_snapshot!("quit_unsaved", draw(&app));
    key(&mut app, KeyCode::Esc);
    assert!(!app.should_quit() && app.overlay_kind() == OverlayKind::None);
    key(&mut app, KeyCode::Char('q'));
    key(&mut app, KeyCode::Char('n'));
    assert!(app.should_quit());

    // Nothing changed: q quits at once.
    let mut clean = sample(80, 24);
    key(&mut clean, KeyCode::Char('q'));
    assert!(clean.should_quit());
}

#[test]
fn ctrl_s_asks_for_a_path_then_saves_and_quit_needs_no_question() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = planned(80, 24);
    key(&mut app, KeyCode::Char('N'));
    answer(&mut app, "Spring protein launch");
    ctrl(&mut app, 's');
    let Overlay::Input(i) = app.overlay() else {
        panic!("Ctrl-s without a plan file asks for one");
    };
    assert_eq!(i.line.text(), "spring-protein-launch.toml");
    let path = dir.path().join("spring.toml");
    answer(&mut app, path.to_str().unwrap());
    assert!(app.overlay_kind() == OverlayKind::None);
    assert!(!app.dirty());
    assert_eq!(app.plan_path(), Some(path.as_path()));
    let back = scout::io::plan::load(&path).unwrap();
    assert!(back.plan.same_content(app.plan()));
    // A second Ctrl-s saves to the same file without asking, keeping a backup.
    key(&mut app, KeyCode::Char('b'));
    answer(&mut app, "6000");
    ctrl(&mut app, 's');
    assert!(app.overlay_kind() == OverlayKind::None);
    assert!(scout::io::plan::backup_path(&path).exists());
    key(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
}

#[test]
fn saving_over_another_file_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.toml");
    std::fs::write(&other, "keep me").unwrap();
    let mut app = planned(80, 24);
    ctrl(&mut app, 's');
    answer(&mut app, other.to_str().unwrap());
    assert!(matches!(
        app.overlay(),
        Overlay::Confirm(Confirm::Overwrite { .. })
    ));
    key(&mut app, KeyCode::Char('n'));
    assert!(app.overlay_kind() == OverlayKind::Input);
    key(&mut app, KeyCode::Esc);
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "keep me");
    assert!(app.dirty());
}

#[test]
fn a_failed_save_shows_the_error_and_loses_nothing() {
    let mut app = planned(80, 24);
    let plan_before = app.plan().clone();
    let missing = Path::new("/nonexistent-folder/scout/plan.toml");
    app.set_plan_path(Some(missing.to_path_buf()));
    ctrl(&mut app, 's');
    let screen = draw(&app);
    assert!(screen.contains("cannot save"), "{screen}");
    assert!(app.dirty());
    assert!(app.plan().same_content(&plan_before));
    // Quit still asks, and y (save) fails again without quitting.
    key(&mut app, KeyCode::Char('q'));
    key(&mut app, KeyCode::Char('y'));
    assert!(!app.should_quit());
}

#[test]
fn export_from_the_planner_by_extension() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = planned(80, 24);
    for (ext, needle) in [
        ("md", "## Creators"),
        ("csv", "handle"),
        ("json", "\"shortlist\""),
    ] {
        key(&mut app, KeyCode::Char('E'));
        let out = dir.path().join(format!("brief.{ext}"));
        answer(&mut app, out.to_str().unwrap());
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains(needle), "{ext}: {text}");
    }
    key(&mut app, KeyCode::Char('E'));
    answer(&mut app, dir.path().join("brief.txt").to_str().unwrap());
    let Overlay::Input(i) = app.overlay() else {
        panic!("an unknown extension keeps the dialog open");
    };
    assert!(i.error.as_deref().unwrap().contains(".csv, .md or .json"));
}

#[test]
fn every_change_goes_to_the_recovery_file_and_the_next_start_offers_it() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("recovery").join("unsaved-plan.toml");
    let mut app = planned(80, 24);
    app.set_recovery(Some(rec.clone()));
    key(&mut app, KeyCode::Char('N'));
    answer(&mut app, "Crashed campaign");
    app.sync_recovery();
    assert!(rec.exists(), "a change writes the recovery file");
    drop(app); // as if the terminal were killed

    let mut next = sample(80, 24);
    next.set_recovery(Some(rec.clone()));
    next.offer_recovery();
    assert!(matches!(
        next.overlay(),
        Overlay::Confirm(Confirm::Restore { .. })
    ));
    insta::assert_snapshot!("restore_offer", draw(&next));
    key(&mut next, KeyCode::Char('y'));
    assert_eq!(next.plan().campaign.name, "Crashed campaign");
    assert_eq!(next.plan().shortlist.len(), 3);
    assert!(next.dirty(), "restored changes are still unsaved");
    // Saving clears the recovery.
    next.save_to(&dir.path().join("saved.toml"));
    assert!(!rec.exists());
}

#[test]
fn discarding_a_recovery_deletes_it() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("r.toml");
    let mut app = planned(80, 24);
    app.set_recovery(Some(rec.clone()));
    app.sync_recovery();
    assert!(rec.exists());
    let mut next = sample(80, 24);
    next.set_recovery(Some(rec.clone()));
    next.offer_recovery();
    key(&mut next, KeyCode::Char('n'));
    assert!(!rec.exists());
    assert!(next.plan().shortlist.is_empty());
}

#[test]
fn reopening_a_plan_flags_creators_who_left_and_shows_changed_figures() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.toml");
    let mut app = planned(120, 30);
    assert!(app.save_to(&path));
    // Edit the saved plan by hand: one creator who is not in the roster, one whose
    // followers changed, and a key scout does not know.
    let text = std::fs::read_to_string(&path).unwrap();
    let first_followers = app.plan().shortlist[0].followers;
    let text = text
        .replacen(
            &format!("followers = {first_followers}"),
            "followers = 1234",
            1,
        )
        .replacen("handle = \"lena.trails", "handle = \"gone.creator", 1)
        .replacen("[campaign]", "[campaign]\nbrand_owner = \"Mo\"", 1);
    std::fs::write(&path, &text).unwrap();

    let mut again = sample(120, 30);
    let file = scout::io::plan::load(&path).unwrap();
    again.open_plan(file, Some(path.clone()));
    key(&mut again, KeyCode::Tab);
    assert!(
        again.plan().shortlist[1]
            .flags
            .iter()
            .any(|f| f == "not in roster")
    );
    assert_eq!(again.plan().shortlist.len(), 3, "kept, never dropped");
    assert!(again.entry_changed(&again.plan().shortlist[0].clone()));
    insta::assert_snapshot!("reopened_plan", draw(&again));
    key(&mut again, KeyCode::Char('j'));
    let screen = draw(&again);
    assert!(screen.contains("not in the loaded roster"), "{screen}");
    // Saving it unchanged keeps what the user wrote, unknown key included.
    assert!(again.save_to(&path));
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("brand_owner = \"Mo\""));
}

#[test]
fn a_plan_opened_before_the_roster_loads_is_matched_when_it_has() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.toml");
    let mut app = planned(80, 24);
    assert!(app.save_to(&path));
    let text = std::fs::read_to_string(&path).unwrap();

    let roster = Roster::new(TierScheme::default(), FeeModel::default());
    let mut fresh = App::new(roster, "USD", Filter::default());
    fresh.open_plan(scout::io::plan::load(&path).unwrap(), Some(path.clone()));
    let mut reader = RosterReader::new(vec![scout::commands::sample_source()], FieldMap::default());
    loop {
        fresh.load_batch(&mut reader, 100);
        if !fresh.is_loading() {
            break;
        }
    }
    assert_eq!(fresh.listed().len(), 3);
    assert!(!fresh.dirty(), "matching is not an edit");
    assert!(fresh.save_to(&path));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn optimizer_proposes_a_diff_and_accepting_is_one_undoable_edit() {
    let mut app = planned(100, 40);
    // Narrow the view to micro creators and keep the first shortlisted creator locked.
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Char('>'));
    let locked = app.selected_entry().unwrap().handle.clone();
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "t");
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Enter);
    let before = app.plan().clone();

    key(&mut app, KeyCode::Char('o'));
    answer(&mut app, "max 6 share 30%");
    assert!(app.overlay_kind() == OverlayKind::Optimizing);
    assert!(draw(&app).contains("Optimizing"));
    app.wait_optimizer();
    let Overlay::Proposal { proposal, .. } = app.overlay() else {
        panic!("no proposal: {:?}", app.message());
    };
    let p = proposal.clone();
    assert!(matches!(p.status, solver::Status::Optimal));
    assert!(p.after.spend <= app.plan().campaign.budget);
    assert!(p.after.active <= 6);
    assert!(
        p.kept.iter().any(|e| e.handle == locked),
        "locked creators stay"
    );
    assert!(p.after.expected_engagements >= p.before.expected_engagements);
    insta::assert_snapshot!("optimizer_proposal", draw(&app));

    key(&mut app, KeyCode::Char('y'));
    assert!(app.overlay_kind() == OverlayKind::None);
    assert_eq!(app.plan().totals(), p.after);
    assert_eq!(app.focus(), Focus::Shortlist);
    key(&mut app, KeyCode::Char('u'));
    assert!(
        app.plan().same_content(&before),
        "one undo returns the shortlist"
    );

    // Running it again and dismissing changes nothing; the limits are proposed again.
    key(&mut app, KeyCode::Char('o'));
    let Overlay::Input(i) = app.overlay() else {
        panic!("limits dialog");
    };
    assert_eq!(i.line.text(), "max 6 share 30%");
    key(&mut app, KeyCode::Enter);
    app.wait_optimizer();
    key(&mut app, KeyCode::Char('n'));
    assert!(app.plan().same_content(&before));
}

#[test]
fn optimizer_refuses_bad_limits_and_says_why_nothing_fits() {
    let mut app = sample(80, 24);
    key(&mut app, KeyCode::Char('o'));
    key(&mut app, KeyCode::Enter);
    let Overlay::Input(i) = app.overlay() else {
        panic!("no budget keeps the dialog open");
    };
    assert!(i.error.as_deref().unwrap().contains("budget"));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('b'));
    answer(&mut app, "100");
    key(&mut app, KeyCode::Char('o'));
    answer(&mut app, "frob");
    assert!(app.overlay_kind() == OverlayKind::Input);
    answer(&mut app, "nosuchniche=2");
    let Overlay::Input(i) = app.overlay() else {
        panic!("unknown names keep the dialog open");
    };
    assert!(i.error.as_deref().unwrap().contains("nosuchniche"));
    answer(&mut app, "mega=2");
    app.wait_optimizer();
    assert!(app.overlay_kind() == OverlayKind::None);
    let msg = app.message().map(str::to_string).unwrap_or_default();
    assert!(msg.contains("no feasible plan"), "{msg}");
    assert!(msg.contains("mega"), "tier ids are named: {msg}");
    assert!(app.plan().shortlist.is_empty());
}

#[test]
fn esc_cancels_a_running_search() {
    let mut app = sample(80, 24);
    key(&mut app, KeyCode::Char('b'));
    answer(&mut app, "50k");
    key(&mut app, KeyCode::Char('o'));
    key(&mut app, KeyCode::Enter);
    assert!(app.optimizing());
    key(&mut app, KeyCode::Esc);
    assert!(!app.optimizing());
    assert!(app.overlay_kind() == OverlayKind::None);
    assert_eq!(app.message(), Some("optimization cancelled"));
    app.poll_optimizer();
    assert!(app.plan().shortlist.is_empty());
}

#[test]
fn f_cycles_the_deliverable_format_and_the_fee_follows() {
    let mut app = planned(100, 30);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('g'));
    let e = app.selected_entry().unwrap().clone();
    assert_eq!(e.handle, "mei.yamasawa"); // YouTube: dedicated video, integration, short
    key(&mut app, KeyCode::Char('f'));
    let now = app.selected_entry().unwrap();
    assert_eq!(now.format.as_deref(), Some("integration"));
    assert_eq!(now.fee.cents(), (e.fee.cents() as f64 * 0.6).round() as i64);
    assert!(draw(&app).contains("1×integrat"));
    key(&mut app, KeyCode::Char('f'));
    key(&mut app, KeyCode::Char('f'));
    let back = app.selected_entry().unwrap();
    assert_eq!(
        (back.format.clone(), back.fee),
        (None, e.fee),
        "round trip to the standard"
    );
    // A platform with one format says so.
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Char('f'));
    assert!(app.message().unwrap().contains("one deliverable format"));
    // A negotiated fee stays as agreed.
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Char('$'));
    answer(&mut app, "777");
    key(&mut app, KeyCode::Char('f'));
    assert_eq!(app.selected_entry().unwrap().fee, Money::from_units(777));
}

#[test]
fn default_deliverables_take_a_format_new_creators_start_with() {
    let mut app = planned(100, 30);
    let before = app.plan().clone();
    key(&mut app, KeyCode::Char('D'));
    answer(&mut app, "2 carousels");
    assert!(
        app.overlay_kind() == OverlayKind::Input,
        "an unknown format keeps the dialog open"
    );
    assert!(draw(&app).contains("no platform has \"carousels\""));
    app.update(Action::Resize(80, 24));
    insta::assert_snapshot!("deliverables_dialog_wraps_its_refusal", draw(&app));
    assert!(app.plan().same_content(&before), "nothing changed");
    answer(&mut app, "2 stories");
    assert!(app.overlay_kind() == OverlayKind::None);
    let c = &app.plan().campaign;
    assert_eq!((c.posts, c.format.as_deref()), (2, Some("story")));
    key(&mut app, KeyCode::Char('v'));
    assert!(draw(&app).contains("2 × story per new creator"));
    key(&mut app, KeyCode::Esc);
    // An Instagram creator starts with two stories at a third of a post each; a YouTube
    // creator (no stories) with two standard videos. Listed creators keep theirs.
    let ig = (0..app.roster().len() as u32)
        .find(|&i| {
            let v = app.roster().view(i);
            v.platform == scout::domain::creator::Platform::Instagram && !app.listed().contains(&i)
        })
        .expect("an instagram creator");
    let fee1 = scout::domain::plan::ShortlistEntry::from_roster(app.roster(), ig, 1, None).fee;
    let handle = app.roster().view(ig).handle.to_string();
    shortlist(&mut app, &handle);
    let e = app.plan().shortlist.last().unwrap();
    assert_eq!(e.handle, handle);
    assert_eq!((e.posts, e.format.as_deref()), (2, Some("story")));
    let third = (fee1.cents() as f64 * 0.333_333_333).round() as i64 * 2;
    assert!(
        (e.fee.cents() - third).abs() <= 2,
        "{} vs {third}",
        e.fee.cents()
    );
    assert_eq!(
        app.plan().shortlist[0].posts,
        1,
        "listed creators keep theirs"
    );
    // One undo step each: the new creator, then the default.
    key(&mut app, KeyCode::Char('u'));
    key(&mut app, KeyCode::Char('u'));
    assert!(app.plan().same_content(&before));
    // The dialog proposes the current default.
    ctrl(&mut app, 'r');
    key(&mut app, KeyCode::Char('D'));
    let Overlay::Input(i) = app.overlay() else {
        panic!("dialog")
    };
    assert_eq!(i.line.text(), "2 story");
}

#[test]
fn the_budget_dialog_sets_the_currency_while_the_shortlist_is_empty() {
    let mut app = sample(80, 24);
    // No exchange rate for EUR in the config: refused, naming the key, budget unchanged.
    key(&mut app, KeyCode::Char('b'));
    answer(&mut app, "12k EUR");
    let Overlay::Input(i) = app.overlay() else {
        panic!("a refused currency keeps the dialog open");
    };
    let err = i.error.clone().unwrap();
    assert!(
        err.contains("no rate for EUR") && err.contains("[exchange_rates]"),
        "{err}"
    );
    assert_eq!(app.plan().campaign.currency, "USD");
    key(&mut app, KeyCode::Esc);

    let mut rates = app.exchange().clone();
    rates.rates.insert(
        "EUR".into(),
        scout::domain::money::ExchangeRate::parse("0.92").unwrap(),
    );
    app.set_exchange(rates);
    let usd_fee = app.roster().fee(app.selected_creator().unwrap());
    key(&mut app, KeyCode::Char('b'));
    answer(&mut app, "12k EUR");
    let c = &app.plan().campaign;
    assert_eq!(
        (c.budget, c.currency.as_str()),
        (Money::from_units(12_000), "EUR")
    );
    assert!(draw(&app).contains("€12,000"), "{}", draw(&app));
    let eur_fee = app.roster().fee(app.selected_creator().unwrap());
    assert_ne!(eur_fee, usd_fee, "the creators are priced in EUR");
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(app.plan().campaign.currency, "USD", "one undo step");
    assert_eq!(app.roster().fee(app.selected_creator().unwrap()), usd_fee);
    ctrl(&mut app, 'r');
    assert_eq!(app.roster().fee(app.selected_creator().unwrap()), eur_fee);
    // With creators listed, their fees are in EUR: no silent repricing.
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Char('b'));
    answer(&mut app, "$9,000");
    assert!(app.overlay_kind() == OverlayKind::Input);
    assert!(draw(&app).contains("priced in EUR"), "{}", draw(&app));
    assert_eq!(app.plan().campaign.budget, Money::from_units(12_000));
    answer(&mut app, "9000");
    assert_eq!(
        (
            app.plan().campaign.budget,
            app.plan().campaign.currency.as_str()
        ),
        (Money::from_units(9_000), "EUR")
    );
}

#[test]
fn a_creator_marked_delta_takes_the_new_figures_with_a_and_u_undoes_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.toml");
    let mut app = planned(120, 30);
    assert!(app.save_to(&path));
    let before = app.plan().shortlist[0].clone();
    // The plan was saved when the creator had other figures (a hand edit stands in for an
    // older roster).
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        .replacen(
            &format!("followers = {}", before.followers),
            "followers = 1234",
            1,
        )
        .replacen(
            &format!("expected_engagements = {}", before.expected_engagements),
            "expected_engagements = 7",
            1,
        );
    std::fs::write(&path, &text).unwrap();

    let mut again = sample(120, 30);
    again.open_plan(scout::io::plan::load(&path).unwrap(), Some(path.clone()));
    key(&mut again, KeyCode::Tab);
    let first = again.plan().shortlist[0].clone();
    assert_eq!((first.followers, first.expected_engagements), (1234, 7));
    assert!(again.entry_changed(&first));
    assert!(draw(&again).contains("Δ"));

    key(&mut again, KeyCode::Char('a'));
    let took = again.plan().shortlist[0].clone();
    assert_eq!(took.followers, before.followers);
    assert_eq!(took.expected_engagements, before.expected_engagements);
    assert_eq!((took.posts, took.status), (first.posts, first.status));
    assert!(!again.entry_changed(&took), "the Δ is settled");
    assert!(again.dirty());
    let screen = draw(&again);
    assert!(
        screen.contains("took the roster's followers, expected engagements"),
        "{screen}"
    );

    // One undo brings the plan's figures and the Δ mark back.
    key(&mut again, KeyCode::Char('u'));
    assert_eq!(again.plan().shortlist[0].followers, 1234);
    assert!(again.entry_changed(&again.plan().shortlist[0].clone()));
    // An entry with nothing new says so and changes nothing.
    key(&mut again, KeyCode::Char('j'));
    let second = again.plan().shortlist[1].clone();
    key(&mut again, KeyCode::Char('a'));
    assert_eq!(again.plan().shortlist[1], second);
    assert!(draw(&again).contains("already has the roster's figures"));
}

/// Another program changes the plan's file while it is open (issue 13, point 1): Ctrl-s asks
/// instead of overwriting, and each answer keeps what the other program wrote somewhere.
#[test]
fn an_outside_edit_is_never_overwritten_without_asking() {
    use scout::tui::state::overlay::OverlayKind;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.toml");
    let mut app = planned(80, 24);
    assert!(app.save_to(&path));
    let mut app = {
        let mut again = sample(80, 24);
        again.open_plan(scout::io::plan::load(&path).unwrap(), Some(path.clone()));
        again
    };
    // Here: a note on the first creator. There: the campaign renamed, by hand.
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('i'));
    keys(&mut app, "ours");
    key(&mut app, KeyCode::Enter);
    let text = std::fs::read_to_string(&path).unwrap();
    let theirs = text.replacen(
        "name = \"Untitled campaign\"",
        "name = \"Renamed by git\"",
        1,
    );
    assert_ne!(text, theirs, "the fixture names the campaign");
    std::fs::write(&path, &theirs).unwrap();

    // Ctrl-s asks.
    ctrl(&mut app, 's');
    assert_eq!(app.overlay_kind(), OverlayKind::Confirm);
    let screen = draw(&app);
    assert!(screen.contains("changed since scout read it"), "{screen}");
    assert!(
        screen.contains("r  reload it and re-apply your edits"),
        "{screen}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "nothing written yet"
    );

    // r: both edits, as one undoable change, still to be saved.
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(app.plan().campaign.name, "Renamed by git");
    assert_eq!(app.plan().shortlist[0].note, "ours");
    assert!(app.dirty());
    ctrl(&mut app, 's');
    assert_eq!(
        app.overlay_kind(),
        OverlayKind::None,
        "the file is known again"
    );
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        saved.contains("Renamed by git") && saved.contains("ours"),
        "{saved}"
    );

    // Changed again: y overwrites, and their version is the .bak.
    let theirs = saved.replacen("Renamed by git", "Renamed again", 1);
    std::fs::write(&path, &theirs).unwrap();
    key(&mut app, KeyCode::Char('u'));
    ctrl(&mut app, 's');
    assert_eq!(app.overlay_kind(), OverlayKind::Confirm);
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(
        std::fs::read_to_string(scout::io::plan::backup_path(&path)).unwrap(),
        theirs
    );

    // Changed again: n asks for another name and leaves the file alone.
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replacen("ours", "theirs", 1);
    std::fs::write(&path, &theirs).unwrap();
    key(&mut app, KeyCode::Char('u'));
    ctrl(&mut app, 's');
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.overlay_kind(), OverlayKind::Input);
    keys(&mut app, dir.path().join("mine.toml").to_str().unwrap());
    key(&mut app, KeyCode::Enter);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    assert!(dir.path().join("mine.toml").exists());
}

/// A recovery file that cannot be read or parsed is said so at start and left for the user
/// to look at, never ignored without a word (issue 13, point 13).
#[test]
fn an_unreadable_recovery_file_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    // A folder where the file should be: it cannot be read.
    let rec = dir.path().join("folder.toml");
    std::fs::create_dir(&rec).unwrap();
    let mut app = sample(80, 24);
    app.set_recovery(Some(rec.clone()));
    app.offer_recovery();
    let screen = draw(&app);
    assert!(screen.contains("recovery file unreadable"), "{screen}");
    assert!(rec.is_dir(), "left alone");
    // Garbage in the file: not restored, and kept.
    let rec = dir.path().join("garbage.toml");
    std::fs::write(&rec, "[[shortlist]\nhandle = ").unwrap();
    let mut app = sample(200, 50);
    app.set_recovery(Some(rec.clone()));
    app.offer_recovery();
    let screen = draw(&app);
    assert!(screen.contains("recovery file not restored"), "{screen}");
    assert_eq!(
        std::fs::read_to_string(&rec).unwrap(),
        "[[shortlist]\nhandle = "
    );
}

/// A big plan is saved on another thread (issue 13, point 9): the screen says so and keeps
/// taking keys; what was edited meanwhile stays unsaved; a quit waits for the save.
#[test]
fn a_big_save_runs_off_the_event_loop() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.toml");
    let mut first = planned(120, 30);
    assert!(first.save_to(&path));
    let mut app = sample(120, 30);
    app.open_plan(scout::io::plan::load(&path).unwrap(), Some(path.clone()));
    app.set_background_save_from(0);
    key(&mut app, KeyCode::Char('N'));
    answer(&mut app, "Saved in the background");
    ctrl(&mut app, 's');
    assert!(app.is_saving());
    let screen = draw(&app);
    assert!(screen.contains("saving 3 creators to"), "{screen}");
    // Keys still work, and an edit made now is not part of this save.
    key(&mut app, KeyCode::Char('N'));
    answer(&mut app, "Later");
    app.wait_save();
    assert!(!app.is_saving());
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("Saved in the background"), "{saved}");
    assert!(draw(&app).contains("saved "));
    assert!(app.dirty(), "the later edit is still unsaved");
    // Quitting with a save: the quit waits for it.
    key(&mut app, KeyCode::Char('q'));
    key(&mut app, KeyCode::Char('y'));
    assert!(app.is_saving());
    assert!(!app.should_quit(), "quits only once saved");
    app.wait_save();
    assert!(app.should_quit());
    assert!(std::fs::read_to_string(&path).unwrap().contains("Later"));
}
