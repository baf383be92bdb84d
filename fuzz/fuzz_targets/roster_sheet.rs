//! `cargo +nightly fuzz run roster_sheet`: the checks of `scout::fuzzing::roster_sheet` on
//! every input (the bytes read as .xlsx, .ods and .xls).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| scout::fuzzing::roster_sheet(data));
