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
    #[error("{name}: label {label} at index {index} is outside the set's {classes} classes (labels count from 0)")]
    IdxBadLabel { name: String, index: usize, label: u8, classes: usize },
    #[error("{name}: {count} class names, but a data set has 2 to 62 classes (one name a line)")]
    ClassNamesCount { name: String, count: usize },
    #[error("{name}: line {line} is empty: every class needs a name (one a line)")]
    ClassNameEmpty { name: String, line: usize },
    #[error("{name}: line {line} names \"{class}\" again: each class needs its own name")]
    ClassNameTwice { name: String, line: usize, class: String },
    #[error(
        "{test}: label {label} at index {index} is beyond the {classes} classes of {train}: the test set does not belong to this training set"
    )]
    SetsDisagree { train: String, test: String, index: usize, label: u8, classes: usize },
    #[error(
        "{name}: not one of a set's files: a set is four IDX files named like train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (raw or .gz), and class names in a .txt file"
    )]
    SetFileUnknown { name: String },
    #[error("{first} and {second} are both the set's {role} file: give one")]
    SetFileTwice { role: String, first: String, second: String },
    #[error("the set's {role} file is missing: a set is four IDX files (train-images, train-labels, test-images, test-labels)")]
    SetFileMissing { role: String },
    #[error("the set {name} kept in this browser is damaged ({reason}): pick its files again")]
    KeptSetDamaged { name: String, reason: String },
    #[error("the set {name} is used now but could not be kept in this browser ({reason}): pick its files again on your next visit")]
    SetNotKept { name: String, reason: String },
    #[error("the checkpoint was trained on {kept}, not on {now}: pick that data set to continue it, or start a new run")]
    OtherSet { kept: String, now: String },
    #[error("{name}: it holds no images, so there is nothing to train on or to test with")]
    DataEmpty { name: String },
    #[error("{name}: all {count} labels are {label}: one class, so there is nothing to tell apart")]
    DataOneClass { name: String, label: u8, count: usize },
    #[error("{images} images but {labels} labels: the image and label files do not belong together")]
    CountMismatch { images: usize, labels: usize },
    #[error("{name}: the file is not valid gzip ({reason})")]
    Gzip { name: String, reason: String },
    /// A file refused before it is read: larger than any of its kind (`max_mb`).
    #[error("{name}: the file is larger than {max_mb} MB, far larger than any file of its kind that this app reads (not read)")]
    TooLarge { name: String, max_mb: u64 },
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
    /// A run whose loss stopped being a number: it stops, its last checkpoint is kept.
    #[error(
        "Training stopped at batch {batch} (epoch {epoch}): the loss is no longer a finite number (NaN or infinity), so the weights are lost to the run; a lower learning rate usually avoids it. The last checkpoint is kept, and the model that reads the canvas is unchanged."
    )]
    NotFinite { batch: usize, epoch: usize },
    /// A checkpoint that stands at (or past) the end of its run: nothing is left to continue.
    #[error(
        "The checkpoint stands after batch {done}, and its run has {total} batches in all: nothing is left to continue. Start a new run."
    )]
    CheckpointPastEnd { done: usize, total: usize },
    #[error("WebGPU is not available: {0}")]
    NoWebGpu(String),
    #[error("invalid setting: {0}")]
    Config(String),
    /// A run was asked for while the training worker still runs one.
    #[error("A run is still going on in the training worker: wait for it to end, or stop it, then start again.")]
    RunInProgress,
    /// A run or a benchmark was asked for before the data and the device were ready.
    #[error("The data or the device is not ready yet: wait until the page says it is ready.")]
    NotReady,
    #[error("{0}")]
    Io(String),
    /// A worker (`role`: "training", "prediction" or "helper") that could not start, broke down or
    /// was sent what it cannot use.
    #[error("the {role} worker failed: {why}")]
    Worker { role: String, why: String },
    /// A worker that died and was started again with what it had (`role` as in [`AppError::Worker`]).
    #[error("The {role} worker stopped ({why}); it was started again with the model it had.")]
    WorkerRestarted { role: String, why: String },
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
