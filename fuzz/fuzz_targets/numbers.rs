//! `cargo +nightly fuzz run numbers`: the checks of `scout::fuzzing::numbers` on every input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| scout::fuzzing::numbers(data));
