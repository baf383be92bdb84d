//! Writes a seeded synthetic creator roster, for tests, benchmarks, demos and the bundled sample.
//!
//! ```text
//! cargo run --release --example synth -- [--rows N] [--seed S] [--messy] [--toml] [-o FILE]
//! ```
//!
//! Defaults: 1000 rows, seed 42, clean CSV on standard output. The bundled sample is
//! `cargo run --example synth -- --rows 320 --seed 2026 --toml -o assets/roster.toml`.

use std::io::Write;
use std::process::ExitCode;

use synth::{SynthFormat, SynthOptions, write_roster};

const USAGE: &str = "usage: synth [--rows N] [--seed S] [--messy] [--toml] [-o FILE]  (default: 1000 rows, seed 42, CSV to stdout)";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("synth: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut opts = SynthOptions::default();
    let mut format = SynthFormat::Csv;
    let mut output: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--rows" | "-n" => {
                let v = value("--rows")?;
                opts.rows = parse_count(&v).ok_or(format!("--rows: not a row count: {v}"))?;
            }
            "--seed" | "-s" => {
                let v = value("--seed")?;
                opts.seed = v
                    .parse()
                    .map_err(|_| format!("--seed: not a whole number: {v}"))?;
            }
            "--messy" => opts.messy = true,
            "--toml" => format = SynthFormat::Toml,
            "--csv" => format = SynthFormat::Csv,
            "-o" | "--output" => output = Some(value("-o")?),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument: {other}\n{USAGE}")),
        }
    }

    match output.as_deref() {
        None | Some("-") => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            write_roster(&opts, format, &mut lock)
                .and_then(|()| lock.flush())
                .or_else(ignore_broken_pipe)
                .map_err(|e| format!("cannot write to standard output: {e}"))
        }
        Some(path) => {
            let mut file =
                std::fs::File::create(path).map_err(|e| format!("cannot create {path}: {e}"))?;
            write_roster(&opts, format, &mut file).map_err(|e| format!("cannot write {path}: {e}"))
        }
    }
}

/// Accepts `1000000`, `1_000_000`, `1,000,000`, `250k` and `1M`, since big row counts are common.
fn parse_count(text: &str) -> Option<usize> {
    let digits: String = text.chars().filter(|c| !matches!(c, '_' | ',')).collect();
    let (number, factor) = match digits.char_indices().last()? {
        (i, 'k' | 'K') => (&digits[..i], 1_000),
        (i, 'm' | 'M') => (&digits[..i], 1_000_000),
        _ => (digits.as_str(), 1),
    };
    number.parse::<usize>().ok()?.checked_mul(factor)
}

/// `synth | head` closes the pipe early; that is not an error worth reporting.
fn ignore_broken_pipe(e: std::io::Error) -> std::io::Result<()> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(e)
    }
}
