//! Structure-aware: the fuzzer's bytes are choices for the pickle generator of the native tests
//! (`tests/native/pickle_gen.rs`: opcodes with their arguments, state-dict fragments, repeats
//! that double memoised trees or nest values deep). Every composed pickle is read or refused,
//! never a panic, a stack overflow or a runaway allocation (libFuzzer's -rss_limit_mb catches
//! one).
#![no_main]
#![allow(dead_code)]
#[path = "../../src/weights/pickle/mod.rs"]
mod pickle;
#[path = "../../tests/native/pickle_gen.rs"]
mod pickle_gen;
#[path = "../../src/base/text.rs"]
mod text;
#[allow(unused_imports)] // only what the sources name
mod base {
    pub(crate) use super::text;
}

libfuzzer_sys::fuzz_target!(|choices: &[u8]| {
    // A refusal is a message; what reads is a list of tensor references (checked by pth.rs).
    if let Err(e) = pickle::read_state_dict(&pickle_gen::compose(choices)) {
        assert!(!e.is_empty());
    }
});
