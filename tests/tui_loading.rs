//! The planner while a roster is still loading: every key works on what has loaded, the view
//! follows as more arrives, and quitting does not wait. The roster comes through a FIFO the
//! test holds open, so the load is in progress for as long as the test wants.

#![cfg(unix)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use scout::domain::fees::FeeModel;
use scout::domain::filter::Filter;
use scout::domain::roster::Roster;
use scout::domain::tier::TierScheme;
use scout::io::roster::{FieldMap, RosterReader, Source};
use scout::tui::{Action, App};
use synth::{SynthFormat, SynthOptions, write_roster};

fn synth_csv(rows: usize) -> Vec<u8> {
    let mut out = Vec::new();
    write_roster(
        &SynthOptions {
            seed: 9,
            rows,
            messy: false,
        },
        SynthFormat::Csv,
        &mut out,
    )
    .expect("synth");
    out
}

fn fifo(dir: &Path) -> PathBuf {
    let path = dir.join("roster.csv");
    let ok = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("mkfifo")
        .success();
    assert!(ok, "mkfifo");
    path
}

fn key(app: &mut App, c: char) {
    scout::tui::input::press(app, &KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
}

/// A planner loading the FIFO at `path` in the background, and the FIFO's writing end.
fn start_load(path: &Path) -> (App, RosterReader, std::fs::File) {
    let mut app = App::new(
        Roster::new(TierScheme::default(), FeeModel::default()),
        "USD",
        Filter::default(),
    );
    app.start_loading();
    let mut reader = RosterReader::new(vec![Source::File(path.to_path_buf())], FieldMap::default());
    reader.start(app.roster());
    // Opening the FIFO for writing waits for the loader to open it for reading.
    let writer = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .expect("open fifo");
    (app, reader, writer)
}

/// Polls the load until the roster holds `rows` creators (the planner's 2 ms slices).
fn poll_until(app: &mut App, reader: &mut RosterReader, rows: usize) {
    let end = Instant::now() + Duration::from_secs(20);
    while app.roster().len() < rows {
        app.poll_load(reader, Duration::from_millis(2));
        assert!(
            Instant::now() < end,
            "only {} rows arrived",
            app.roster().len()
        );
    }
    // Let the view catch up with what arrived (it refreshes every 200 ms at most).
    std::thread::sleep(Duration::from_millis(250));
    app.poll_load(reader, Duration::from_millis(2));
}

#[test]
fn keys_work_on_what_has_loaded_and_the_view_follows_the_load() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = fifo(dir.path());
    let csv = synth_csv(3_000);
    let cut = csv
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1_000)
        .map(|(i, _)| i + 1)
        .expect("1,000 rows");

    let (mut app, mut reader, mut writer) = start_load(&path);
    app.update(Action::Resize(100, 30));
    writer.write_all(&csv[..cut]).expect("write");
    writer.flush().expect("flush");
    poll_until(&mut app, &mut reader, 1_000);
    assert!(app.is_loading(), "the load goes on while the FIFO is open");
    assert_eq!(app.roster().len(), 1_000);
    assert_eq!(app.view_len(), 1_000, "the view shows what has loaded");

    // Filter (tier picker: micro), sort (next column, reverse), search: all on 1,000 rows.
    app.update(Action::OpenPicker(scout::tui::action::PickerKind::Tier));
    app.update(Action::Down);
    app.update(Action::Toggle);
    app.update(Action::Confirm);
    let micro = app.view_len();
    assert!(micro > 0 && micro < 1_000, "{micro}");
    key(&mut app, 's');
    key(&mut app, 'S');
    key(&mut app, '/');
    for c in "an".chars() {
        key(&mut app, c);
    }
    scout::tui::input::press(&mut app, &KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let searched = app.view_len();
    assert!(searched > 0 && searched < micro, "{searched} of {micro}");
    assert!(app.is_loading());

    // The rest arrives: the same filter, sort and search now cover every row.
    writer.write_all(&csv[cut..]).expect("write the rest");
    drop(writer);
    let end = Instant::now() + Duration::from_secs(20);
    while app.is_loading() {
        app.poll_load(&mut reader, Duration::from_millis(2));
        assert!(Instant::now() < end, "the load never ended");
    }
    assert_eq!(app.roster().len(), 3_000);
    let mut whole = App::new(
        Roster::new(TierScheme::default(), FeeModel::default()),
        "USD",
        app.filter().clone(),
    );
    let src = dir.path().join("whole.csv");
    std::fs::write(&src, &csv).expect("write whole");
    let mut r = RosterReader::new(vec![Source::File(src)], FieldMap::default());
    while whole.is_loading() || whole.roster().is_empty() {
        whole.load_batch(&mut r, 10_000);
        if !whole.is_loading() {
            break;
        }
    }
    whole.set_sort(app.sort(), app.descending());
    assert!(app.view_len() > searched);
    assert_eq!(
        app.view_rows(),
        whole.view_rows(),
        "after the load, the view equals a blocking load's"
    );
}

#[test]
fn quitting_mid_load_does_not_wait() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = fifo(dir.path());
    let (mut app, mut reader, mut writer) = start_load(&path);
    writer.write_all(&synth_csv(50)).expect("write");
    poll_until(&mut app, &mut reader, 50);
    let t = Instant::now();
    key(&mut app, 'q');
    assert!(app.should_quit(), "q quits while loading");
    // Nothing the planner holds waits for the loader's threads.
    drop(reader);
    drop(app);
    assert!(t.elapsed() < Duration::from_millis(500));
    drop(writer);
}
