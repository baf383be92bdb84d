//! Issue 14: the mapping screen. A roster file missing a required column (or with one
//! guessed) opens it before the table; keys change a field's column or set the platform,
//! the preview and its count follow, and accepting reads the roster again with the mapping,
//! which the plan records.

use ratatui::crossterm::event::KeyCode;
use scout::domain::creator::Platform;
use scout::domain::fees::FeeModel;
use scout::domain::filter::Filter;
use scout::domain::roster::Roster;
use scout::domain::tier::TierScheme;
use scout::io::roster::{FieldMap, RosterReader, Source};
use scout::tui::app::{Overlay, OverlayKind};
use scout::tui::{Action, App};

mod common;
use common::{draw, key, keys};

/// A planner loading `path` as `scout PATH` would, at `w` x `h`.
fn planner(path: &str, w: u16, h: u16, config: Option<std::path::PathBuf>) -> App {
    let roster = Roster::new(TierScheme::default(), FeeModel::default());
    let mut app = App::new(roster, "USD", Filter::default());
    app.update(Action::Resize(w, h));
    let sources = vec![Source::File(path.into())];
    app.set_load_setup(sources.clone(), FieldMap::default(), Vec::new(), config);
    let mut reader = RosterReader::new(sources, FieldMap::default());
    run_load(&mut app, &mut reader);
    app
}

fn run_load(app: &mut App, reader: &mut RosterReader) {
    loop {
        app.load_batch(reader, 100);
        if !app.is_loading() {
            break;
        }
    }
}

/// Takes the load the mapping screen started and runs it to the end.
fn reload(app: &mut App) {
    let mut reader = app.take_reader().expect("accepting starts a new load");
    run_load(app, &mut reader);
}

fn counts(app: &App) -> (usize, usize) {
    match app.overlay() {
        Overlay::Mapping(m) => m.counts(),
        _ => panic!("the mapping screen is not open"),
    }
}

#[test]
fn a_missing_platform_opens_the_mapping_screen_before_the_table() {
    for (w, h) in [(80, 24), (200, 50)] {
        let app = planner("tests/fixtures/no_platform.csv", w, h, None);
        assert_eq!(app.overlay_kind(), OverlayKind::Mapping);
        let shot = draw(&app);
        assert!(
            shot.contains("No platform: every row is rejected"),
            "{shot}"
        );
        assert!(shot.contains("› platform         MISSING"), "{shot}");
        insta::assert_snapshot!(format!("mapping_missing_platform_{w}x{h}"), shot);
    }
}

#[test]
fn setting_the_platform_previews_and_accepting_reads_the_roster_again() {
    let mut app = planner("tests/fixtures/no_platform.csv", 200, 50, None);
    assert_eq!(app.roster().len(), 0);
    // `s` sets the first platform for every row; the preview and the count follow at once.
    keys(&mut app, "s");
    let (ok, bad) = counts(&app);
    assert!(ok > 0 && bad == 0, "{ok} {bad}");
    let shot = draw(&app);
    assert!(
        shot.lines()
            .any(|l| l.contains("› platform         instagram") && l.contains("--set")),
        "{shot}"
    );
    assert!(shot.contains("would load, 0 rejected"), "{shot}");
    insta::assert_snapshot!("mapping_platform_set_200x50", shot);
    // `s` again: the next platform.
    keys(&mut app, "s");
    assert!(draw(&app).contains("› platform         tiktok"));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.overlay_kind(), OverlayKind::None);
    reload(&mut app);
    assert_eq!(app.roster().len(), ok);
    assert!((0..app.roster().len() as u32).all(|i| app.roster().platform(i) == Platform::TikTok));
    assert_eq!(
        app.overlay_kind(),
        OverlayKind::None,
        "nothing left to review"
    );
}

#[test]
fn the_column_keys_change_the_field_under_the_cursor() {
    let mut app = planner("tests/fixtures/no_platform.csv", 80, 24, None);
    // The cursor starts on the missing field; up to followers' neighbour, handle.
    keys(&mut app, "k");
    let Overlay::Mapping(m) = app.overlay() else {
        panic!("mapping screen")
    };
    assert_eq!(m.field().key(), "handle");
    // `l` reads the handle from the next column (`influence_score`), `h` back.
    keys(&mut app, "l");
    assert!(draw(&app).contains("`influence_score`"), "{}", draw(&app));
    keys(&mut app, "h");
    assert!(
        draw(&app).contains("› handle           `handle`"),
        "{}",
        draw(&app)
    );
    // Enter with the platform still missing says so and stays.
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.overlay_kind(), OverlayKind::Mapping);
    assert!(app.message().unwrap_or("").contains("still no platform"));
    // Esc closes; M opens it again.
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay_kind(), OverlayKind::None);
    keys(&mut app, "M");
    assert_eq!(app.overlay_kind(), OverlayKind::Mapping);
}

#[test]
fn a_guessed_platform_is_shown_once_for_review() {
    let mut app = planner(
        "tests/fixtures/exports/tiktok_creators_2024.csv",
        80,
        24,
        None,
    );
    assert_eq!(app.overlay_kind(), OverlayKind::Mapping);
    assert_eq!(app.roster().len(), 2, "the roster loaded behind the screen");
    assert!(draw(&app).contains("tiktok"), "{}", draw(&app));
    key(&mut app, KeyCode::Enter);
    reload(&mut app);
    assert_eq!(app.roster().len(), 2);
    assert_eq!(app.overlay_kind(), OverlayKind::None, "reviewed: not again");
}

#[test]
fn the_mapping_is_recorded_in_the_plan_and_can_be_saved_as_a_profile() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = dir.path().join("config.toml");
    let mut app = planner("tests/fixtures/no_platform.csv", 80, 24, Some(cfg.clone()));
    app.set_roster_refs(Some(vec![scout::domain::plan::RosterRef {
        path: "tests/fixtures/no_platform.csv".into(),
        ..Default::default()
    }]));
    keys(&mut app, "s");
    keys(&mut app, "P");
    assert!(
        app.message()
            .unwrap_or("")
            .starts_with("saved profile `no_platform`"),
        "{:?}",
        app.message()
    );
    let config = scout::io::config::load_config(Some(&cfg)).expect("config reads");
    assert_eq!(config.profiles.len(), 1);
    assert_eq!(config.profiles[0].map.set_args(), ["platform=instagram"]);
    key(&mut app, KeyCode::Enter);
    reload(&mut app);
    let plan = dir.path().join("plan.toml");
    app.set_plan_path(Some(plan.clone()));
    common::ctrl(&mut app, 's');
    let text = std::fs::read_to_string(&plan).expect("saved plan");
    assert!(text.contains("set = [\"platform=instagram\"]"), "{text}");
}

#[test]
fn a_profile_the_planner_used_is_recorded_in_the_plan() {
    let mut map = FieldMap::default();
    map.add_map("handle=c").unwrap();
    map.add_map("followers=a").unwrap();
    map.add_set("platform=twitch").unwrap();
    let profile = scout::io::roster::Profile {
        name: "letters".into(),
        header: vec!["a".into(), "b".into(), "c".into()],
        map,
    };
    let roster = Roster::new(TierScheme::default(), FeeModel::default());
    let mut app = App::new(roster, "USD", Filter::default());
    let sources = vec![Source::File(
        "tests/fixtures/exports/nothing_known.csv".into(),
    )];
    app.set_load_setup(
        sources.clone(),
        FieldMap::default(),
        vec![profile.clone()],
        None,
    );
    app.set_roster_refs(Some(vec![scout::domain::plan::RosterRef {
        path: "tests/fixtures/exports/nothing_known.csv".into(),
        ..Default::default()
    }]));
    let mut reader = RosterReader::new(sources, FieldMap::default()).with_profiles(vec![profile]);
    run_load(&mut app, &mut reader);
    assert_eq!(app.roster().len(), 1);
    assert_eq!(
        app.overlay_kind(),
        OverlayKind::None,
        "a profile is no guess"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("plan.toml");
    app.set_plan_path(Some(plan.clone()));
    common::ctrl(&mut app, 's');
    let text = std::fs::read_to_string(&plan).expect("saved plan");
    assert!(
        text.contains("map = [\"handle=c\", \"followers=a\"]")
            && text.contains("set = [\"platform=twitch\"]"),
        "{text}"
    );
}
