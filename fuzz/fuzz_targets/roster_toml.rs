//! `cargo +nightly fuzz run roster_toml`: the checks of `scout::fuzzing::roster_toml` on every input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| scout::fuzzing::roster_toml(data));
