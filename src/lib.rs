//! Train the classic MNIST CNN in the browser (or natively), with burn.
//!
//! One folder per concern; imports run one way, from the top of this list to the bottom
//! (`tests/native/layers.rs` holds that): `base` ← `i18n` ← `data` ← `model` ← `weights` ← `train` ←
//! `runs` ← `device` ← `inspect` ← `protocol` ← `worker` ← `page` ← `native` / `web`. Everything except `web`
//! compiles and is tested natively; `web` is the browser app.
pub mod base;
pub mod data;
pub mod device;
pub mod i18n;
pub mod inspect;
pub mod model;
#[cfg(not(target_arch = "wasm32"))]
pub mod native;
pub mod page;
pub mod protocol;
pub mod runs;
pub mod train;
#[cfg(target_arch = "wasm32")]
pub mod web;
pub mod weights;
pub mod worker;

pub use base::error::{AppError, Result};
