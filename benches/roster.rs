//! Loading, filtering and sorting a big roster, each beside a baseline in the same run.
//!
//! The roster is the seeded synthetic generator's (`synth`), written once to a
//! temporary file: ROWS creators (default 1,000,000; set SCOUT_BENCH_ROWS to change).

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use scout::domain::fees::FeeModel;
use scout::domain::filter::{Filter, OrderCache, SortKey, sort_rows};
use scout::domain::tier::TierScheme;
use scout::io::roster::{FieldMap, Source, load};
use synth::{SynthFormat, SynthOptions, write_roster};

fn rows() -> usize {
    std::env::var("SCOUT_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

fn roster_file(dir: &tempfile::TempDir) -> PathBuf {
    let path = dir.path().join("big.csv");
    let file = std::fs::File::create(&path).expect("create bench roster");
    let mut out = std::io::BufWriter::new(file);
    let opts = SynthOptions {
        seed: 42,
        rows: rows(),
        messy: false,
    };
    write_roster(&opts, SynthFormat::Csv, &mut out).expect("write bench roster");
    drop(out);
    path
}

fn bench_load(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = roster_file(&dir);
    let mut g = c.benchmark_group("load");
    g.sample_size(10);
    // Baseline: csv 1.4 reading every record into one reused ByteRecord, nothing else.
    g.bench_function("baseline_csv_byterecord", |b| {
        b.iter(|| {
            let mut r = csv::ReaderBuilder::new().from_path(&path).expect("open");
            let mut rec = csv::ByteRecord::new();
            let mut n = 0u64;
            while r.read_byte_record(&mut rec).expect("read") {
                n += rec.len() as u64;
            }
            black_box(n)
        })
    });
    g.bench_function("scout_load_csv", |b| {
        b.iter(|| {
            let (roster, report) = load(
                vec![Source::File(path.clone())],
                FieldMap::default(),
                TierScheme::default(),
                FeeModel::default(),
            );
            assert!(report.is_clean());
            black_box(roster.len())
        })
    });
    g.finish();
}

fn bench_filter_sort(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = roster_file(&dir);
    let (roster, _) = load(
        vec![Source::File(path)],
        FieldMap::default(),
        TierScheme::default(),
        FeeModel::default(),
    );
    eprintln!(
        "roster: {} creators, {} MB in columns",
        roster.len(),
        roster.heap_bytes() >> 20
    );
    let mut g = c.benchmark_group("filter");
    g.sample_size(20);
    // Baseline: one pass over the followers column, the least any filter can cost.
    g.bench_function("baseline_scan_followers", |b| {
        b.iter(|| {
            black_box(
                roster
                    .followers_column()
                    .iter()
                    .filter(|&&f| f >= 10_000)
                    .count(),
            )
        })
    });
    let tier = Filter {
        tiers: vec!["micro".into()],
        ..Filter::default()
    };
    g.bench_function("tier_micro", |b| {
        b.iter(|| black_box(tier.apply(&roster).map(|v| v.len())))
    });
    let niche = Filter {
        niches: vec!["fitness".into()],
        min_followers: Some(10_000),
        ..Filter::default()
    };
    g.bench_function("niche_fitness_min_10k", |b| {
        b.iter(|| black_box(niche.apply(&roster).map(|v| v.len())))
    });
    let search = Filter {
        search: "ana".into(),
        ..Filter::default()
    };
    g.bench_function("search_ana", |b| {
        b.iter(|| black_box(search.apply(&roster).map(|v| v.len())))
    });
    let rows = tier.apply(&roster).expect("filter");
    g.bench_function("sort_micro_by_fee", |b| {
        b.iter(|| {
            let mut v = rows.clone();
            sort_rows(&roster, &mut v, SortKey::Fee, true);
            black_box(v[0])
        })
    });
    g.bench_function("sort_micro_by_name", |b| {
        b.iter(|| {
            let mut v = rows.clone();
            sort_rows(&roster, &mut v, SortKey::Name, false);
            black_box(v[0])
        })
    });
    // What the planner does on a filter change: one pass over the cached fee order.
    let mut cache = OrderCache::default();
    let by_fee = cache.order(&roster, SortKey::Fee, true);
    let compiled = niche.compile(&roster).expect("filter");
    g.bench_function("niche_fitness_min_10k_in_fee_order", |b| {
        b.iter(|| black_box(compiled.apply_in_order(&roster, &by_fee).len()))
    });
    let compiled = tier.compile(&roster).expect("filter");
    g.bench_function("tier_micro_in_fee_order", |b| {
        b.iter(|| black_box(compiled.apply_in_order(&roster, &by_fee).len()))
    });
    g.finish();
}

criterion_group!(benches, bench_load, bench_filter_sort);
criterion_main!(benches);
