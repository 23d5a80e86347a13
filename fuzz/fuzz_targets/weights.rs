//! Any bytes as a weights file (safetensors, a PyTorch .pth, anything else): read or refused
//! with a message naming the file, never a panic, nothing run; what is accepted holds a network's
//! weights (a preset's, or one its tensors describe), all finite, and writes back to a file that
//! reads the same.
#![no_main]
#![allow(dead_code)]
// The sources, under the paths they name each other by (`crate::weights::pth`, …).
#[path = "../../src/base/error.rs"]
mod error;
#[path = "../../src/weights/file.rs"]
mod file;
#[allow(unused_imports)] // only what the sources name
#[path = "../../src/i18n/mod.rs"]
mod i18n;
#[path = "../../src/data/classes.rs"]
mod classes;
#[path = "../../src/data/idx.rs"]
mod idx;
#[path = "../../src/model/net.rs"]
mod net;
#[path = "../../src/weights/pickle/mod.rs"]
mod pickle;
#[path = "../../src/weights/pth.rs"]
mod pth;
#[path = "../../src/weights/safetensors_file.rs"]
mod safetensors_file;
#[path = "../../src/weights/state_dict.rs"]
mod state_dict;
#[path = "../../src/base/text.rs"]
mod text;
#[allow(unused_imports)] // only what the sources name
mod base {
    pub(crate) use super::error;
    pub(crate) use super::text;
}
#[allow(unused_imports)] // only what the sources name
mod model {
    pub(crate) use super::net;
}
#[allow(unused_imports)] // only what the sources name
mod data {
    pub(crate) use super::classes;
    pub(crate) use super::idx;
}
#[allow(unused_imports)] // only what the sources name
mod weights {
    pub(crate) use super::file;
    pub(crate) use super::pickle;
    pub(crate) use super::pth;
    pub(crate) use super::safetensors_file;
    pub(crate) use super::state_dict;
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    match file::decode("fuzz", data) {
        Ok(file) => {
            assert_eq!(file.flat.len(), file.net.param_count());
            assert!(file.flat.iter().all(|v| v.is_finite()));
            let again = file::decode("again", &file::encode(&file.net, &file.flat, &[])).unwrap();
            assert_eq!((again.flat, again.net), (file.flat, file.net));
        }
        Err(e) => assert!(e.to_string().starts_with("fuzz: ")),
    }
});
