//! The native tests, one binary (one link of burn instead of one per file): parsing, the model
//! and its operations, training, weights files, the page's logic and the crate's layering.
//! `cargo test --release --test native <module>` runs one file's tests. `tests/dispatches.rs`
//! stays a binary of its own: the GPU launch observer it reads sees the whole process.
#![cfg(not(target_arch = "wasm32"))] // native tests (the browser is tested end to end)
mod backends;
mod calibrate;
mod draw_state;
mod hostile;
mod i18n;
mod idx;
mod inside;
mod layers;
mod model;
mod net;
mod ops;
mod options;
mod own_set;
mod page;
mod pickle_gen;
mod preprocess;
mod pretrained;
mod pytorch;
mod resume;
mod robust;
mod run_control;
mod runs;
mod torch_export;
mod training;
mod untrusted;
mod workers;
