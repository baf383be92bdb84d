//! `cargo +nightly fuzz run roster_json`: the checks of `scout::fuzzing::roster_json` on every input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| scout::fuzzing::roster_json(data));
