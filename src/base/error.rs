//! Every failure the app can meet, as a value with a plain-language message.
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Serialisable: the workers send them to the page, which shows them in the user's language
/// (`crate::i18n::error_text`).
#[derive(Debug, Error, Clone, PartialEq, Serialize, Deserialize)]
pub enum AppError {
    #[error("{name}: the file is {len} bytes, too short for an IDX header")]
    IdxTooShort { name: String, len: usize },
    #[error("{name}: wrong magic number 0x{found:08x} (expected 0x{expected:08x}); this is not an MNIST {kind} file")]
    IdxBadMagic { name: String, found: u32, expected: u32, kind: String },
    #[error("{name}: images are {rows}×{cols} pixels, but this network needs 28×28")]
    IdxBadDims { name: String, rows: u32, cols: u32 },
    #[error("{name}: the header promises {expected} bytes of data but the file holds {found} (truncated or padded)")]
    IdxBadLength { name: String, expected: usize, found: usize },
    #[error("{name}: label {label} at index {index} is not a digit 0–9")]
    IdxBadLabel { name: String, index: usize, label: u8 },
    #[error("{images} images but {labels} labels: the image and label files do not belong together")]
    CountMismatch { images: usize, labels: usize },
    #[error("{name}: the file is not valid gzip ({reason})")]
    Gzip { name: String, reason: String },
    #[error("could not download {url}: {reason}")]
    Download { url: String, reason: String },
    #[error("the weights file is not for this network: {0}")]
    Weights(String),
    /// A weights file that cannot be read: its name and what is wrong with it.
    #[error("{name}: {reason}")]
    BadWeightsFile { name: String, reason: String },
    #[error("the GPU failed: {0}")]
    Device(String),
    /// The browser lost the WebGPU device while training (its words).
    #[error(
        "The GPU stopped working (WebGPU device lost: {0}). Training stopped; the model that reads the canvas is unchanged. Continue on the CPU, or reload to try the GPU again."
    )]
    GpuLost(String),
    #[error("WebGPU is not available: {0}")]
    NoWebGpu(String),
    #[error("invalid setting: {0}")]
    Config(String),
    #[error("{0}")]
    Io(String),
    /// A worker (`role`: "training" or "prediction") that could not start or broke down.
    #[error("the {role} worker failed: {why}")]
    Worker { role: String, why: String },
    /// A run log that cannot be imported: its name and what is wrong with it.
    #[error("{name}: {reason}")]
    RunLog { name: String, reason: String },
    /// Training refused because another tab of the page holds the run (one run per browser).
    #[error(
        "A run is training in another tab of this page. One run at a time in a browser (its checkpoints are kept in one place): stop it there, or close that tab, to train here. Drawing and reading digits work here meanwhile."
    )]
    OtherTab,
    /// The browser refused to store the run's checkpoint (its words); the run goes on.
    #[error(
        "Your browser refused to store this run's checkpoint ({0}): its storage is full or not allowed here. Training goes on, but the run is not being kept: closing or reloading the tab loses it."
    )]
    CheckpointNotKept(String),
    /// The browser refused to keep the trained model for the next visit (its words).
    #[error(
        "Your browser refused to keep the trained model for your next visit ({0}): its storage is full or not allowed here. The model reads the canvas now and can be downloaded."
    )]
    ModelNotKept(String),
    /// A command line that cannot be run: clap's message, with its hints.
    #[error("{0}")]
    Usage(String),
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

#[cfg(not(fuzzing))] // the fuzz targets include this file without burn
impl From<burn::tensor::ExecutionError> for AppError {
    fn from(e: burn::tensor::ExecutionError) -> Self {
        AppError::Device(e.to_string())
    }
}
