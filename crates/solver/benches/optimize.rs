//! Optimizer benchmarks on realistic synthetic rosters (10k and 100k creators).
//!
//! Run with `cargo bench --bench optimize` (from the workspace root or `crates/solver`). Before
//! timing, it prints to stderr how much value the greedy baseline leaves on the table against
//! the proven optimum.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use solver::*;
use std::hint::black_box;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

#[path = "../src/synthetic.rs"]
mod synthetic;
use synthetic::synthetic_candidates;

fn constraints(kind: &str, dollars: i64) -> Constraints {
    let mut cons = Constraints {
        budget: dollars * 100,
        // Benchmarks must finish: a hard instance reports its bound instead of running on.
        time_limit: Some(Duration::from_secs(2)),
        ..Constraints::default()
    };
    let mins = |cons: &mut Constraints| {
        cons.min_per_tier = vec![(1, 5), (2, 2)];
        cons.min_per_niche = vec![(1, 5), (4, 3)];
    };
    match kind {
        "max" => cons.max_creators = Some(50),
        "mins" => mins(&mut cons),
        "max+mins" => {
            cons.max_creators = Some(50);
            mins(&mut cons);
        }
        "min+mins" => {
            cons.min_creators = Some(30);
            mins(&mut cons);
        }
        "bigmins" => {
            cons.min_per_tier = vec![(1, 20), (2, 6), (3, 1)];
            cons.min_per_niche = vec![(1, 15), (4, 10), (7, 12)];
        }
        _ => {}
    }
    cons
}

/// With SCOUT_DUMP_INSTANCE=FILE, writes the instance (seed 42; 10k candidates, or
/// SCOUT_DUMP_N) as `cost_cents,value,tier,niches` lines (niches separated by `;`), so
/// `crates/solver/benches/mip_compare.py` can solve the same instance with a general MIP solver.
fn dump_instance() {
    let Ok(path) = std::env::var("SCOUT_DUMP_INSTANCE") else {
        return;
    };
    let n = std::env::var("SCOUT_DUMP_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let mut text = String::from("cost_cents,value,tier,niches\n");
    for c in synthetic_candidates(n, 42) {
        let niches: Vec<String> = c.niches.iter().map(|n| n.to_string()).collect();
        text.push_str(&format!(
            "{},{},{},{}\n",
            c.cost,
            c.value,
            c.tier,
            niches.join(";")
        ));
    }
    if let Err(e) = std::fs::write(&path, text) {
        eprintln!("cannot write {path}: {e}");
    }
}

fn bench(c: &mut Criterion) {
    dump_instance();
    let cancel = AtomicBool::new(false);
    let mut group = c.benchmark_group("optimize");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));
    // SCOUT_BENCH_EXTRA=1 runs the combined limits instead: at most 50 creators with the
    // minimums, at least 30 with the minimums, and much larger minimums.
    let kinds: &[&str] = if std::env::var_os("SCOUT_BENCH_EXTRA").is_some() {
        &["max+mins", "min+mins", "bigmins"]
    } else {
        &["budget", "max", "mins"]
    };
    for n in [10_000usize, 100_000] {
        let cands = synthetic_candidates(n, 42);
        for dollars in [1_000i64, 10_000, 100_000, 1_000_000] {
            for &kind in kinds {
                let cons = constraints(kind, dollars);
                let id = format!("{n}/${dollars}/{kind}");
                let start = Instant::now();
                let exact = optimize(&cands, &cons, &cancel, &mut |_| {});
                let took = start.elapsed();
                let greedy_plan = greedy(&cands, &cons);
                match &exact {
                    Ok(sol) => eprintln!(
                        "{id}: optimum {} ({:?}, {} nodes, {took:.1?}); greedy {} leaves {} ({:.3}%)",
                        sol.value,
                        sol.status,
                        sol.nodes,
                        greedy_plan.value,
                        sol.value.saturating_sub(greedy_plan.value),
                        100.0 * sol.value.saturating_sub(greedy_plan.value) as f64
                            / sol.value.max(1) as f64,
                    ),
                    Err(e) => eprintln!("{id}: {e:?}"),
                }
                if exact.is_err() {
                    continue;
                }
                group.bench_with_input(BenchmarkId::new("exact", &id), &cons, |b, cons| {
                    b.iter(|| optimize(black_box(&cands), cons, &cancel, &mut |_| {}))
                });
                group.bench_with_input(BenchmarkId::new("greedy", &id), &cons, |b, cons| {
                    b.iter(|| greedy(black_box(&cands), cons))
                });
            }
        }
    }
    group.finish();
}

/// The budget curve: 50 budgets ($1,000 to $50,000 in steps of $1,000) over 10k candidates
/// with the tier and niche minimums, by `sweep`, against one budget alone ($25,000) and
/// against 50 separate optimizations.
fn bench_sweep(c: &mut Criterion) {
    let cancel = AtomicBool::new(false);
    let cands = synthetic_candidates(10_000, 42);
    let cons = constraints("mins", 25_000);
    let budgets: Vec<i64> = (1..=50).map(|k| k * 100_000).collect();
    let no_cap = |_| None;
    let mut group = c.benchmark_group("sweep");
    group.sample_size(10);
    group.bench_function("10000/mins/one_budget", |b| {
        b.iter(|| optimize(black_box(&cands), &cons, &cancel, &mut |_| {}))
    });
    group.bench_function("10000/mins/sweep_50", |b| {
        b.iter(|| {
            sweep(
                black_box(&cands),
                &cons,
                &budgets,
                &no_cap,
                &cancel,
                &mut |_| {},
            )
        })
    });
    group.bench_function("10000/mins/separate_50", |b| {
        b.iter(|| {
            for &budget in &budgets {
                let at = Constraints {
                    budget,
                    ..cons.clone()
                };
                let _ = optimize(black_box(&cands), &at, &cancel, &mut |_| {});
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench, bench_sweep);
criterion_main!(benches);
