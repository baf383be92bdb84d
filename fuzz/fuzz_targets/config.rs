//! `cargo +nightly fuzz run config`: the checks of `scout::fuzzing::config` on every input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| scout::fuzzing::config(data));
