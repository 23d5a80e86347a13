//! Any bytes as a data file (raw or gzipped): parsed or refused, never a panic, and what is
//! accepted is consistent.
#![no_main]
#![allow(dead_code)]
#[path = "../../src/error.rs"]
mod error;
#[path = "../../src/idx.rs"]
mod idx;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(bytes) = idx::maybe_gunzip("fuzz", data.to_vec()) else { return };
    if let Ok((count, pixels)) = idx::parse_images("fuzz", &bytes) {
        assert_eq!(pixels.len(), count * idx::PIXELS);
    }
    if let Ok(labels) = idx::parse_labels("fuzz", &bytes) {
        assert!(labels.iter().all(|&l| l <= 9));
    }
});
