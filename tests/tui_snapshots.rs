//! The planner drawn on a TestBackend after replaying keys through `update`.

use std::io::Write;

use ratatui::crossterm::event::KeyCode;
use scout::domain::fees::FeeModel;
use scout::domain::filter::Filter;
use scout::domain::roster::Roster;
use scout::domain::tier::TierScheme;
use scout::io::roster::{FieldMap, RosterReader, Source};
use scout::tui::app::OverlayKind;
use scout::tui::{self, Action, App};

mod common;
use common::{draw, key, keys, sample};

fn load(sources: Vec<Source>) -> App {
    common::load_in(sources, 100)
}

#[test]
fn opens_on_the_sample_80x24() {
    let app = sample(80, 24);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn opens_wide_160x40() {
    let app = sample(160, 40);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn opens_very_wide_200x50_side_pane_right() {
    let app = sample(200, 50);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn moves_down_and_pages() {
    let mut app = sample(80, 24);
    keys(&mut app, "jjj");
    key(&mut app, KeyCode::PageDown);
    insta::assert_snapshot!(draw(&app));
    key(&mut app, KeyCode::End);
    assert_eq!(app.selected_row(), app.view_len() - 1);
    insta::assert_snapshot!("moves_to_the_end", draw(&app));
    keys(&mut app, "g");
    assert_eq!(app.selected_row(), 0);
}

#[test]
fn sorts_by_next_column_and_reverses() {
    let mut app = sample(80, 24);
    keys(&mut app, "s");
    insta::assert_snapshot!("sorted_by_engagement", draw(&app));
    keys(&mut app, "S");
    insta::assert_snapshot!("sorted_by_engagement_ascending", draw(&app));
}

#[test]
fn niche_picker_filters() {
    let mut app = sample(80, 24);
    keys(&mut app, "n");
    insta::assert_snapshot!("niche_picker", draw(&app));
    keys(&mut app, " ");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.filter().niches.len(), 1);
    insta::assert_snapshot!("niche_filtered", draw(&app));
}

#[test]
fn tier_platform_country_pickers() {
    let mut app = sample(80, 24);
    keys(&mut app, "tj ");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.filter().tiers, vec!["micro".to_string()]);
    keys(&mut app, "p ");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.filter().platforms, vec!["instagram".to_string()]);
    keys(&mut app, "c");
    insta::assert_snapshot!("country_picker", draw(&app));
    keys(&mut app, " ");
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("tier_platform_country", draw(&app));
    keys(&mut app, "X");
    assert!(app.filter().is_empty());
    assert_eq!(app.view_len(), app.roster().len());
}

#[test]
fn number_filters() {
    let mut app = sample(80, 24);
    keys(&mut app, "f");
    keys(&mut app, "50k");
    insta::assert_snapshot!("min_followers_input", draw(&app));
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "e3%");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "$2000");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "F1M");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.filter().min_followers, Some(50_000));
    assert_eq!(app.filter().max_followers, Some(1_000_000));
    assert!(
        app.view_rows()
            .iter()
            .all(|&i| app.roster().followers(i) >= 50_000)
    );
    insta::assert_snapshot!("number_filters", draw(&app));
    keys(&mut app, "eabc");
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("bad_number", draw(&app));
}

#[test]
fn search_as_you_type_and_escape_clears() {
    let mut app = sample(80, 24);
    keys(&mut app, "/mei yama");
    insta::assert_snapshot!("search", draw(&app));
    assert!(app.view_len() != 0);
    key(&mut app, KeyCode::Esc);
    assert!(app.filter().search.is_empty());
    assert_eq!(app.view_len(), app.roster().len());
}

#[test]
fn help_is_generated_from_the_keymap() {
    let mut app = sample(80, 24);
    keys(&mut app, "?");
    insta::assert_snapshot!("help", draw(&app));
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay_kind() == OverlayKind::None);
}

#[test]
fn filters_pane_clears_one() {
    let mut app = sample(80, 24);
    keys(&mut app, "tj ");
    key(&mut app, KeyCode::Enter);
    // Tab goes roster table -> shortlist -> filters.
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "jj");
    insta::assert_snapshot!("filters_pane", draw(&app));
    keys(&mut app, "x");
    assert!(app.filter().tiers.is_empty());
}

#[test]
fn detail_pane_of_a_creator_with_own_rate() {
    let mut app = sample(100, 30);
    let pos = app
        .view_rows()
        .iter()
        .position(|&i| app.roster().rate(i).is_some())
        .expect("the sample has own rates");
    for _ in 0..pos {
        key(&mut app, KeyCode::Down);
    }
    insta::assert_snapshot!("detail_own_rate", draw(&app));
}

#[test]
fn cjk_and_emoji_names_stay_aligned() {
    let mut f = tempfile::Builder::new()
        .suffix(".csv")
        .tempfile()
        .expect("tempfile");
    writeln!(
        f,
        "handle,name,platform,followers,engagement_rate,niches,country,rate\n\
         美食家小王,王小明 美食日记,tiktok,48200,4.1%,美食;travel,CN,\n\
         emoji.queen,🌸 Sakura 🌸 さくら,instagram,120000,2.5%,beauty,JP,$900\n\
         plain,Plain Name,youtube,9000,,tech,US,\n\
         bad,Bad Row,myspace,10,,,,"
    )
    .expect("write");
    let mut app = load(vec![Source::File(f.path().to_path_buf())]);
    app.update(Action::Resize(120, 24));
    // The rejected row is announced, not shown in a popup until asked for with L.
    assert!(app.overlay_kind() == OverlayKind::None);
    assert!(draw(&app).contains("1 load problem (rejected rows, notes): L lists them"));
    key(&mut app, KeyCode::Char('L'));
    let shot = draw(&app);
    let shot = shot.replace(&f.path().display().to_string(), "ROSTER.csv");
    insta::assert_snapshot!("cjk_emoji_with_problem_panel", shot);
    key(&mut app, KeyCode::Esc);
    insta::assert_snapshot!("cjk_emoji", draw(&app));
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    let mut app = sample(80, 24);
    app.update(Action::Click(5, 6));
    assert_eq!(app.selected_row(), 3);
    app.update(Action::WheelDown);
    assert_eq!(app.selected_row(), 6);
    app.update(Action::WheelUp);
    assert_eq!(app.selected_row(), 3);
}

// Pure update tests.

#[test]
fn empty_roster_is_harmless() {
    let mut app = App::new(
        Roster::new(TierScheme::default(), FeeModel::default()),
        "USD",
        Filter::default(),
    );
    app.update(Action::Resize(80, 24));
    for a in [
        Action::Down,
        Action::Up,
        Action::PageDown,
        Action::Bottom,
        Action::Top,
        Action::SortNext,
        Action::SortReverse,
        Action::OpenPicker(tui::action::PickerKind::Niche),
        Action::Toggle,
        Action::Confirm,
        Action::Click(3, 5),
    ] {
        app.update(a);
    }
    assert_eq!(app.selected_row(), 0);
    assert!(app.selected_creator().is_none());
    insta::assert_snapshot!("empty_roster", draw(&app));
}

#[test]
fn every_creator_filtered_out() {
    let mut app = sample(80, 24);
    keys(&mut app, "/zzzzqqq");
    key(&mut app, KeyCode::Enter);
    assert!((app.view_len() == 0));
    assert!(app.selected_creator().is_none());
    keys(&mut app, "jG");
    insta::assert_snapshot!("all_filtered_out", draw(&app));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.view_len(), app.roster().len());
    assert_eq!(app.selected_row(), 0);
}

#[test]
fn selection_kept_when_view_shrinks() {
    let mut app = sample(80, 24);
    for _ in 0..40 {
        key(&mut app, KeyCode::Down);
    }
    let chosen = app.selected_creator().expect("selected");
    let handle = app.roster().handle(chosen).to_string();
    keys(&mut app, "/");
    keys(&mut app, &handle);
    assert_eq!(app.selected_creator(), Some(chosen));
    // A view that loses the selected creator keeps a position inside the view.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::End);
    keys(&mut app, "/a");
    assert!(app.selected_row() < app.view_len());
    assert!(app.first_row() <= app.selected_row());
}

#[test]
fn command_line_filters_apply_at_start() {
    let mut roster = Roster::new(TierScheme::default(), FeeModel::default());
    let mut reader = RosterReader::new(vec![scout::commands::sample_source()], FieldMap::default());
    reader.run(&mut roster);
    let filter = Filter {
        tiers: vec!["macro".into()],
        ..Filter::default()
    };
    let app = App::new(roster, "USD", filter);
    assert!(app.view_len() != 0);
    assert!(
        app.view_rows()
            .iter()
            .all(|&i| app.roster().scheme().name(app.roster().tier(i)) == "macro")
    );
}

#[test]
fn keymap_binds_each_key_once_per_context_and_help_lists_every_binding() {
    use scout::tui::action::Context;
    use scout::tui::keymap::BINDINGS;
    for ctx in Context::ALL {
        let mut seen = Vec::new();
        for b in BINDINGS.iter().filter(|b| b.context == ctx) {
            for k in b.keys {
                assert!(!seen.contains(k), "{k:?} bound twice in {ctx:?}");
                seen.push(*k);
            }
        }
    }
    let help: String = tui::views::help::lines(200)
        .iter()
        .map(|l| l.to_string() + "\n")
        .collect();
    for b in BINDINGS {
        assert!(help.contains(b.desc), "help lacks {}", b.desc);
    }
}

#[test]
fn typing_in_a_prefilled_input_replaces_the_value() {
    let mut app = sample(80, 24);
    keys(&mut app, "f10k");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "f20k");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.filter().min_followers, Some(20_000));
    keys(&mut app, "f");
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.filter().min_followers, Some(2_000));
}

#[test]
fn a_first_sort_of_a_big_roster_runs_in_the_background_and_keys_still_work() {
    let mut app = sample(100, 30);
    app.set_background_sort_from(0); // the sample stands in for a big roster
    let before = app.view_rows().to_vec();
    key(&mut app, KeyCode::Char('s')); // next sort column, not sorted yet
    let sorted_by = app.sort();
    assert!(app.sorting(), "the sort runs on another thread");
    assert_eq!(
        app.view_rows(),
        before,
        "the view keeps its order meanwhile"
    );
    assert!(
        draw(&app).contains("sorting 320 creators by"),
        "{}",
        draw(&app)
    );
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.selected_row(), 1, "keys work while it sorts");
    let end = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !app.poll_sort() {
        assert!(std::time::Instant::now() < end, "the sort never arrived");
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert!(!app.sorting());
    let mut want: Vec<u32> = (0..app.roster().len() as u32).collect();
    scout::domain::filter::sort_rows(app.roster(), &mut want, sorted_by, app.descending());
    assert_eq!(
        app.view_rows(),
        &want[..],
        "then the view is in the new order"
    );
    assert!(!draw(&app).contains("sorting 320"));
    // Reversing starts another background sort; reversing back shows the kept order at once
    // while that sort finishes and is kept too.
    key(&mut app, KeyCode::Char('S'));
    assert!(app.sorting());
    key(&mut app, KeyCode::Char('S'));
    assert_eq!(app.view_rows(), &want[..]);
    while !app.poll_sort() {
        assert!(std::time::Instant::now() < end, "the sort never arrived");
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert!(!app.sorting(), "no sort is wanted any more");
    key(&mut app, KeyCode::Char('S'));
    assert!(!app.sorting(), "the reversed order was kept");
    let mut reversed: Vec<u32> = (0..app.roster().len() as u32).collect();
    scout::domain::filter::sort_rows(app.roster(), &mut reversed, sorted_by, app.descending());
    assert_eq!(app.view_rows(), &reversed[..]);
}

/// A planner over fixtures, with the load-problems popup closed and `handle` selected.
fn fixtures_at(names: &[&str], w: u16, h: u16, handle: &str) -> App {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut app = load(names.iter().map(|n| Source::File(dir.join(n))).collect());
    app.update(Action::Resize(w, h));
    if app.overlay_kind() != OverlayKind::None {
        key(&mut app, KeyCode::Esc);
    }
    let pos = app
        .view_rows()
        .iter()
        .position(|&i| app.roster().handle(i) == handle)
        .expect("the handle is in view");
    for _ in 0..pos {
        key(&mut app, KeyCode::Down);
    }
    app
}

#[test]
fn a_viral_rate_is_kept_and_marked_in_the_detail_pane() {
    let app = fixtures_at(&["viral.csv"], 80, 24, "dance.duo");
    let shot = draw(&app);
    assert!(
        shot.contains("131%"),
        "the table shows the whole rate:\n{shot}"
    );
    assert!(shot.contains("131.0% ⚠ engagements > followers"), "{shot}");
    assert!(shot.contains("avg likes + comments"), "{shot}");
    insta::assert_snapshot!("viral_rate_80x24", shot);
    // Wide: names with emoji sequences beside the rates, every column in place.
    let app = fixtures_at(&["viral.csv"], 200, 50, "nano.boom");
    let shot = draw(&app);
    assert!(shot.contains("4000.0% ⚠ engagements > followers"), "{shot}");
    assert!(shot.contains("avg engagements"), "{shot}");
    insta::assert_snapshot!("viral_rate_200x50", shot);
}

#[test]
fn figures_that_disagree_are_marked_in_the_table_and_explained() {
    let app = fixtures_at(&["impossible.csv"], 200, 50, "zero.views");
    let shot = draw(&app);
    assert!(
        shot.lines()
            .any(|l| l.contains("@zero.views") && l.contains("?    333k")),
        "{shot}"
    );
    assert!(shot.contains("Figures     ? engagements > views"), "{shot}");
    insta::assert_snapshot!("figures_disagree_200x50", shot);
    let app = fixtures_at(&["impossible.csv"], 80, 24, "zero.views");
    insta::assert_snapshot!("figures_disagree_80x24", draw(&app));
}

#[test]
fn the_missing_column_popup_shows_its_whole_fix_hint() {
    // A relative path, so the wrapped lines do not depend on where the checkout lives.
    let source = Source::File("tests/fixtures/no_platform.csv".into());
    for (w, h) in [(80, 24), (160, 40)] {
        let mut app = load(vec![source.clone()]);
        app.update(Action::Resize(w, h));
        // Issue 14: the mapping screen opens first; closed, the problem stays listed.
        assert_eq!(app.overlay_kind(), OverlayKind::Mapping);
        key(&mut app, KeyCode::Esc);
        if app.overlay_kind() != OverlayKind::Problems {
            keys(&mut app, "L");
        }
        let shot = draw(&app);
        // The hint ends the message: all of it is on screen, over however many lines.
        let joined: String = shot
            .lines()
            .filter_map(|l| {
                let (a, b) = (l.find('│')?, l.rfind('│')?);
                (a < b).then(|| l[a + '│'.len_utf8()..b].trim())
            })
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            joined.contains("use --set platform=NAME or --map platform=COLUMN"),
            "{w}x{h}:\n{shot}"
        );
        insta::assert_snapshot!(format!("missing_column_popup_{w}x{h}"), shot);
    }
}
