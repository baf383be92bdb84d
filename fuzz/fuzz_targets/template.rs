//! `cargo +nightly fuzz run template`: the checks of `scout::fuzzing::template` on every input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| scout::fuzzing::template(data));
