//! Any bytes as a weights file: parsed or refused, never a panic; what is accepted fits a
//! network variant and holds only finite numbers, and encodes back to the same bytes.
#![no_main]
#![allow(dead_code)]
#[path = "../../src/arch.rs"]
mod arch;
#[path = "../../src/error.rs"]
mod error;
#[path = "../../src/weights_file.rs"]
mod weights_file;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(flat) = weights_file::decode(data) {
        assert!(arch::Arch::from_param_count(flat.len()).is_some());
        assert!(flat.iter().all(|v| v.is_finite()));
        assert_eq!(weights_file::encode(&flat), data);
    }
});
