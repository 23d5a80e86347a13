//! Any bytes as a weights file (safetensors, a PyTorch .pth, anything else): read or refused
//! with a message naming the file, never a panic, nothing run; what is accepted holds a network
//! variant's weights, all finite, and writes back to a file that reads the same.
#![no_main]
#![allow(dead_code)]
#[path = "../../src/arch.rs"]
mod arch;
#[path = "../../src/error.rs"]
mod error;
#[path = "../../src/model_file.rs"]
mod model_file;
#[path = "../../src/pickle.rs"]
mod pickle;
#[path = "../../src/pth.rs"]
mod pth;
#[path = "../../src/safetensors_file.rs"]
mod safetensors_file;
#[path = "../../src/state_dict.rs"]
mod state_dict;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    match model_file::decode("fuzz", data) {
        Ok(file) => {
            assert_eq!(file.flat.len(), file.arch.param_count());
            assert!(file.flat.iter().all(|v| v.is_finite()));
            let again = model_file::decode("again", &model_file::encode(file.arch, &file.flat, &[])).unwrap();
            assert_eq!(again.flat, file.flat);
        }
        Err(e) => assert!(e.to_string().starts_with("fuzz: ")),
    }
});
