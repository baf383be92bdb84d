//! The planner at 300 and at 1,000,000 creators: drawing one frame; changing a filter, the
//! sort or the search (the work between a key press and the next frame); and the background
//! load of 1,000,000 creators until the first screen and until complete.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use scout::domain::fees::FeeModel;
use scout::domain::filter::Filter;
use scout::domain::roster::Roster;
use scout::domain::tier::TierScheme;
use scout::io::roster::{FieldMap, RosterReader, Source, load};
use scout::tui::{self, Action, App};
use synth::{SynthFormat, SynthOptions, write_roster};

fn roster_path(rows: usize, dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join(format!("r{rows}.csv"));
    if path.exists() {
        return path;
    }
    let file = std::fs::File::create(&path).expect("create bench roster");
    let mut out = std::io::BufWriter::new(file);
    write_roster(
        &SynthOptions {
            seed: 42,
            rows,
            messy: false,
        },
        SynthFormat::Csv,
        &mut out,
    )
    .expect("write bench roster");
    drop(out);
    path
}

fn app_with(rows: usize, dir: &tempfile::TempDir) -> App {
    let path = roster_path(rows, dir);
    let (roster, _): (Roster, _) = load(
        vec![Source::File(path)],
        FieldMap::default(),
        TierScheme::default(),
        FeeModel::default(),
    );
    let mut app = App::new(roster, "USD", Filter::default());
    app.update(Action::Resize(160, 45));
    app
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut g = c.benchmark_group("planner");
    g.sample_size(20);
    for rows in [300usize, 1_000_000] {
        let mut app = app_with(rows, &dir);
        let mut term = Terminal::new(TestBackend::new(160, 45)).expect("terminal");
        g.bench_with_input(BenchmarkId::new("draw_frame", rows), &rows, |b, _| {
            b.iter(|| {
                term.draw(|f| tui::render(&app, f)).expect("draw");
                black_box(term.backend().buffer().area.width)
            })
        });
        // A filter change: micro tier on, then off again (both are measured, as a pair).
        g.bench_with_input(
            BenchmarkId::new("toggle_tier_micro_twice", rows),
            &rows,
            |b, _| {
                b.iter(|| {
                    app.set_filter(Filter {
                        tiers: vec!["micro".into()],
                        ..Filter::default()
                    });
                    app.set_filter(Filter::default());
                    black_box(app.view_len())
                })
            },
        );
        // A niche pick on the view sorted by followers (the default sort).
        g.bench_with_input(
            BenchmarkId::new("pick_niche_fitness", rows),
            &rows,
            |b, _| {
                b.iter(|| {
                    app.set_filter(Filter {
                        niches: vec!["fitness".into()],
                        ..Filter::default()
                    });
                    black_box(app.view_len())
                })
            },
        );
        // A search keystroke: "an" becomes "ana" (substring over handle and name of every
        // creator, then the cached order filtered), and back.
        g.bench_with_input(
            BenchmarkId::new("search_keystroke_an_ana", rows),
            &rows,
            |b, _| {
                b.iter(|| {
                    app.set_filter(Filter {
                        search: "an".into(),
                        ..Filter::default()
                    });
                    app.set_filter(Filter {
                        search: "ana".into(),
                        ..Filter::default()
                    });
                    black_box(app.view_len())
                })
            },
        );
        app.set_filter(Filter::default());
        // The sort changes to the next column and back.
        g.bench_with_input(
            BenchmarkId::new("sort_next_and_back", rows),
            &rows,
            |b, _| {
                b.iter(|| {
                    app.update(Action::SortReverse);
                    app.update(Action::SortReverse);
                    black_box(app.view_rows().first().copied())
                })
            },
        );
    }
    g.finish();
}

/// The planner's load of the 1M-row file in the background, as the event loop runs it (2 ms
/// slices): until the first screen is drawn, and until everything is loaded, filterable
/// and sorted (the last refilter included).
fn bench_load(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = 1_000_000;
    let path = roster_path(rows, &dir);
    let mut g = c.benchmark_group("planner_load");
    g.sample_size(10);
    let start = || {
        let mut app = App::new(
            Roster::new(TierScheme::default(), FeeModel::default()),
            "USD",
            Filter::default(),
        );
        app.update(Action::Resize(160, 45));
        app.start_loading();
        let mut reader = RosterReader::new(vec![Source::File(path.clone())], FieldMap::default());
        reader.start(app.roster());
        (app, reader)
    };
    let mut term = Terminal::new(TestBackend::new(160, 45)).expect("terminal");
    g.bench_function("first_screen_1M", |b| {
        b.iter(|| {
            let (mut app, mut reader) = start();
            while app.view_len() == 0 {
                app.poll_load(&mut reader, Duration::from_millis(2));
            }
            term.draw(|f| tui::render(&app, f)).expect("draw");
            black_box(app.view_len())
            // Dropping the reader stops the load's threads.
        })
    });
    g.bench_function("complete_1M", |b| {
        b.iter(|| {
            let (mut app, mut reader) = start();
            while app.is_loading() {
                app.poll_load(&mut reader, Duration::from_millis(2));
            }
            term.draw(|f| tui::render(&app, f)).expect("draw");
            black_box(app.view_len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench, bench_load);
criterion_main!(benches);
