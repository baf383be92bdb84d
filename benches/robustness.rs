//! Issue 13's hostile shapes beside a baseline of the same size, in one run: a roster of
//! about 2 MB loaded as ordinary rows, then as a million blank lines and one long line, a
//! 300,000-column header and a million duplicate column names; plans of 10,000 and 30,000
//! entries read, rendered for saving and exported. Linear paths keep the hostile shapes
//! near the baseline and 30,000 entries near three times 10,000.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use scout::domain::fees::FeeModel;
use scout::domain::tier::TierScheme;
use scout::io::export::ExportFormat;
use scout::io::roster::{FieldMap, Source, load};

fn ordinary(bytes: usize) -> Vec<u8> {
    let mut s = String::from("handle,platform,followers,name,niches,engagement_rate,rate\n");
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(&format!(
            "creator{i},instagram,{},Creator {i},fitness;food,3.{}%,{}\n",
            1000 + i * 7,
            i % 10,
            100 + i % 900
        ));
        i += 1;
    }
    s.into_bytes()
}

fn blank_then_long() -> Vec<u8> {
    let mut v = b"handle,platform,followers,bio\n".to_vec();
    v.extend(std::iter::repeat_n(b'\n', 1_000_000));
    v.extend_from_slice(b"a,instagram,5,");
    v.extend(std::iter::repeat_n(b'a', 1_000_000));
    v.push(b'\n');
    v
}

fn wide_header() -> Vec<u8> {
    let names: Vec<String> = (0..300_000).map(|i| format!("c{i}")).collect();
    format!(
        "handle,platform,followers,{}\na,instagram,5\n",
        names.join(",")
    )
    .into_bytes()
}

fn duplicate_names() -> Vec<u8> {
    let mut v = b"handle,platform,followers".to_vec();
    for _ in 0..1_000_000 {
        v.extend_from_slice(b",a");
    }
    v.extend_from_slice(b"\na,instagram,5\n");
    v
}

fn load_bytes(bytes: &Arc<[u8]>) -> usize {
    let (roster, report) = load(
        vec![Source::Memory {
            name: "bench.csv".into(),
            bytes: Arc::clone(bytes),
        }],
        FieldMap::default(),
        TierScheme::default(),
        FeeModel::default(),
    );
    roster.len() + report.notices.len()
}

fn bench_shapes(c: &mut Criterion) {
    let mut g = c.benchmark_group("hostile_roster");
    g.sample_size(10);
    let shapes: [(&str, Vec<u8>); 4] = [
        ("baseline_ordinary_rows_2mb", ordinary(2_000_000)),
        ("blank_lines_then_long_line_2mb", blank_then_long()),
        ("header_300k_columns_2.3mb", wide_header()),
        ("header_1m_duplicate_names_2mb", duplicate_names()),
    ];
    for (name, bytes) in shapes {
        let bytes: Arc<[u8]> = Arc::from(bytes);
        g.bench_function(name, |b| b.iter(|| black_box(load_bytes(&bytes))));
    }
    g.finish();
}

fn plan_text(n: usize) -> String {
    let mut s = String::from(
        "[campaign]\nname = \"Bench\"\nbudget = 100000.0\ncurrency = \"USD\"\nobjective = \"reach\"\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "\n[[shortlist]]\nhandle = \"creator{i}\"\nplatform = \"instagram\"\ntier = \"micro\"\n\
             followers = {}\nposts = 1\nfee = 100.0\nfee_source = \"estimate\"\nstatus = \"shortlisted\"\n\
             expected_reach = 100\nexpected_engagements = 10\nnote = \"note {i}\"\n",
            10_000 + i
        ));
    }
    s
}

fn bench_plans(c: &mut Criterion) {
    let mut g = c.benchmark_group("plan_file");
    g.sample_size(10);
    for n in [10_000, 30_000] {
        let text = plan_text(n);
        g.bench_function(format!("parse_{n}"), |b| {
            b.iter(|| {
                black_box(
                    scout::io::plan::parse(&text, "bench.toml").map(|f| f.plan.shortlist.len()),
                )
            })
        });
        let mut file = scout::io::plan::parse(&text, "bench.toml").expect("a plan");
        // Out of order: every entry's old table is found by its creator.
        file.plan.shortlist.swap(0, n - 1);
        g.bench_function(format!("render_for_save_{n}"), |b| {
            b.iter(|| black_box(scout::io::plan::render(&file.plan, Some(&file.doc)).len()))
        });
        for format in [
            ExportFormat::Csv,
            ExportFormat::Markdown,
            ExportFormat::Json,
        ] {
            let name = format!("export_{}_{n}", format!("{format:?}").to_lowercase());
            g.bench_function(name, |b| {
                b.iter(|| black_box(format.write(&file.plan).len()))
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench_shapes, bench_plans);
criterion_main!(benches);
