//! Any bytes as a data file (raw or gzipped): parsed or refused, never a panic, and what is
//! accepted is consistent.
#![no_main]
#![allow(dead_code)]
// The sources, under the paths they name each other by (`crate::weights::pth`, …).
#[path = "../../src/base/error.rs"]
mod error;
#[path = "../../src/data/idx.rs"]
mod idx;
#[allow(unused_imports)] // only what the sources name
mod base {
    pub(crate) use super::error;
}
#[allow(unused_imports)] // only what the sources name
mod data {
    pub(crate) use super::idx;
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(bytes) = idx::maybe_gunzip("fuzz", data.to_vec()) else { return };
    if let Ok((count, pixels)) = idx::parse_images("fuzz", &bytes) {
        assert_eq!(pixels.len(), count * idx::PIXELS);
    }
    let classes = 2 + data.first().map_or(0, |&b| b as usize % 61); // 2–62
    if let Ok(labels) = idx::parse_labels("fuzz", &bytes, classes) {
        assert!(labels.iter().all(|&l| (l as usize) < classes));
    }
});
