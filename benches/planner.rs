//! The planner at 300 and at 1,000,000 creators: drawing one frame, and changing a filter or
//! the sort (the work between a key press and the next frame).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use scout::domain::fees::FeeModel;
use scout::domain::filter::Filter;
use scout::domain::roster::Roster;
use scout::domain::tier::TierScheme;
use scout::io::roster::{FieldMap, Source, load};
use scout::synth::{SynthFormat, SynthOptions, write_roster};
use scout::tui::{self, Action, App};

fn app_with(rows: usize, dir: &tempfile::TempDir) -> App {
    let path = dir.path().join(format!("r{rows}.csv"));
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
                    app.filter.tiers = vec!["micro".into()];
                    app.refilter();
                    app.filter.tiers.clear();
                    app.refilter();
                    black_box(app.rows.len())
                })
            },
        );
        // A niche pick on the view sorted by followers (the default sort).
        g.bench_with_input(
            BenchmarkId::new("pick_niche_fitness", rows),
            &rows,
            |b, _| {
                b.iter(|| {
                    app.filter.niches = vec!["fitness".into()];
                    app.refilter();
                    let n = app.rows.len();
                    app.filter.niches.clear();
                    black_box(n)
                })
            },
        );
        // The sort changes to the next column and back.
        g.bench_with_input(
            BenchmarkId::new("sort_next_and_back", rows),
            &rows,
            |b, _| {
                b.iter(|| {
                    app.update(Action::SortReverse);
                    app.update(Action::SortReverse);
                    black_box(app.rows.first().copied())
                })
            },
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
