//! `cargo +nightly fuzz run plan`: the checks of `scout::fuzzing::plan` on every input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| scout::fuzzing::plan(data));
