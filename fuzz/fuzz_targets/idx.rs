//! Any bytes as a data file (raw or gzipped): parsed or refused, never a panic, and what is
//! accepted is consistent.
#![no_main]
#![allow(dead_code)]
// The modules at the paths the sources name them by (`crate::data::idx`, …).
mod base {
    #[path = "../../../src/base/error.rs"]
    pub mod error;
}
mod data {
    #[path = "../../../src/data/idx.rs"]
    pub mod idx;
}
use data::idx;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(bytes) = idx::maybe_gunzip("fuzz", data.to_vec()) else { return };
    if let Ok((count, pixels)) = idx::parse_images("fuzz", &bytes) {
        assert_eq!(pixels.len(), count * idx::PIXELS);
    }
    if let Ok(labels) = idx::parse_labels("fuzz", &bytes) {
        assert!(labels.iter().all(|&l| l <= 9));
    }
});
