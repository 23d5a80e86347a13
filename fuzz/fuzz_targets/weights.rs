//! Any bytes as a weights file (safetensors, a PyTorch .pth, anything else): read or refused
//! with a message naming the file, never a panic, nothing run; what is accepted holds a network
//! variant's weights, all finite, and writes back to a file that reads the same.
#![no_main]
#![allow(dead_code)]
// The modules at the paths the sources name them by (`crate::weights::pth`, …).
mod base {
    #[path = "../../../src/base/error.rs"]
    pub mod error;
}
mod model {
    #[path = "../../../src/model/arch.rs"]
    pub mod arch;
}
mod weights {
    #[path = "../../../src/weights/file.rs"]
    pub mod file;
    #[path = "../../../src/weights/pickle.rs"]
    pub mod pickle;
    #[path = "../../../src/weights/pth.rs"]
    pub mod pth;
    #[path = "../../../src/weights/safetensors_file.rs"]
    pub mod safetensors_file;
    #[path = "../../../src/weights/state_dict.rs"]
    pub mod state_dict;
}
use weights::file;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    match file::decode("fuzz", data) {
        Ok(file) => {
            assert_eq!(file.flat.len(), file.arch.param_count());
            assert!(file.flat.iter().all(|v| v.is_finite()));
            let again = file::decode("again", &file::encode(file.arch, &file.flat, &[])).unwrap();
            assert_eq!(again.flat, file.flat);
        }
        Err(e) => assert!(e.to_string().starts_with("fuzz: ")),
    }
});
