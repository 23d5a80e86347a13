//! Train the classic MNIST CNN in the browser (or natively), with burn.
//!
//! Everything here except `web` compiles and is tested natively; `web` is the browser app.
pub mod adam;
pub mod arch;
pub mod augment;
pub mod backend;
pub mod bench;
pub mod calibrate;
pub mod chart;
pub mod checkpoint;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod data;
pub mod describe;
pub mod envelope;
pub mod error;
pub mod eval;
pub mod format;
pub mod gallery;
pub mod i18n;
pub mod idx;
pub mod infer;
pub mod inside;
pub mod launches;
pub mod model;
pub mod model_file;
pub mod models;
#[cfg(not(target_arch = "wasm32"))]
pub mod native;
pub mod ops;
pub mod options;
pub mod page_text;
pub mod params;
pub mod patches;
pub mod pickle;
pub mod preprocess;
pub mod protocol;
pub mod pth;
pub mod reading;
pub mod rng;
pub mod run_log;
pub mod safetensors_file;
pub mod sample;
pub mod session;
pub mod state;
pub mod state_dict;
pub mod train;
#[cfg(target_arch = "wasm32")]
pub mod web;
pub mod weights;

pub use error::{AppError, Result};
