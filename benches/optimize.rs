//! Optimizer benchmarks on realistic synthetic rosters (10k and 100k creators).
//!
//! Run with `cargo bench --bench optimize`. Before timing, it prints to stderr how much value
//! the greedy baseline leaves on the table against the proven optimum.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use scout::domain::optimize::*;
use std::hint::black_box;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

/// splitmix64: a tiny seeded generator, so the data is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
}

/// Mostly nano and micro creators, engagement falling with size, fees per 1,000 followers by
/// platform ($2.5 / $10 / $20), a third with a round "own rate" (multiple of $50).
fn roster(n: usize, seed: u64) -> Vec<Candidate> {
    let mut rng = Rng(seed);
    (0..n)
        .map(|i| {
            let t = rng.unit();
            let (tier, lo, hi, elo, ehi) = if t < 0.6 {
                (0u8, 1e3, 1e4, 0.03, 0.10)
            } else if t < 0.9 {
                (1, 1e4, 1e5, 0.015, 0.05)
            } else if t < 0.99 {
                (2, 1e5, 1e6, 0.008, 0.03)
            } else {
                (3, 1e6, 2e7, 0.005, 0.02)
            };
            let followers = rng.range(f64::ln(lo), f64::ln(hi)).exp();
            let engagement = rng.range(elo, ehi);
            let per_k = [2.5, 10.0, 10.0, 20.0][(rng.next() % 4) as usize];
            let adjust = 0.8 + 0.4 * rng.unit();
            let mut dollars = (followers / 1000.0 * per_k * adjust).round().max(5.0);
            if rng.next().is_multiple_of(3) {
                dollars = ((dollars * rng.range(0.6, 1.6)) / 50.0).round().max(1.0) * 50.0;
            }
            let mut niches = Vec::new();
            for _ in 0..(rng.next() % 3) {
                niches.push((rng.next() % 12) as u16);
            }
            Candidate {
                key: i as u32,
                cost: dollars as i64 * 100,
                value: (followers * engagement) as u64,
                tier,
                niches,
                locked: false,
            }
        })
        .collect()
}

fn constraints(kind: &str, dollars: i64) -> Constraints {
    let mut cons = Constraints {
        budget: dollars * 100,
        // Benchmarks must finish: a hard instance reports its bound instead of running on.
        time_limit: Some(Duration::from_secs(2)),
        ..Constraints::default()
    };
    match kind {
        "max" => cons.max_creators = Some(50),
        "mins" => {
            cons.min_per_tier = vec![(1, 5), (2, 2)];
            cons.min_per_niche = vec![(1, 5), (4, 3)];
        }
        _ => {}
    }
    cons
}

/// With SCOUT_DUMP_INSTANCE=FILE, writes the 10k instance (seed 42) as `cost_cents,value`
/// lines, so `benches/mip_compare.py` can solve the same instance with a general MIP solver.
fn dump_instance() {
    let Ok(path) = std::env::var("SCOUT_DUMP_INSTANCE") else {
        return;
    };
    let mut text = String::from("cost_cents,value\n");
    for c in roster(10_000, 42) {
        text.push_str(&format!("{},{}\n", c.cost, c.value));
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
    for n in [10_000usize, 100_000] {
        let cands = roster(n, 42);
        for dollars in [1_000i64, 10_000, 100_000, 1_000_000] {
            for kind in ["budget", "max", "mins"] {
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
                    Err(e) => eprintln!("{id}: {e}"),
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

criterion_group!(benches, bench);
criterion_main!(benches);
