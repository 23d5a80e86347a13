//! What a training run reports, and the messages between the page and its training worker.
use crate::augment::Augment;
use crate::backend::{BackendKind, DeviceInfo};
use crate::eval::EvalResult;
use crate::gallery::Gallery;
use crate::train::TrainConfig;
use serde::{Deserialize, Serialize};

/// Where a run stands; sent with every batch report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Current epoch, from 1.
    pub epoch: usize,
    pub epochs: usize,
    /// Batches finished in the current epoch.
    pub batch: usize,
    pub batches_per_epoch: usize,
    pub images_per_sec: f64,
    /// Estimated seconds left for the whole run.
    pub eta_s: f64,
    /// Learning rate of the current epoch.
    #[serde(default)]
    pub lr: f64,
    /// Memory in use by the training (MB; see `Host::memory_mb`).
    #[serde(default)]
    pub memory_mb: f64,
}

/// Something a training run reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// Losses of consecutive batches, the first of them being global batch `first` (from 0).
    Losses { first: usize, losses: Vec<f32>, progress: Progress },
    /// A test-set evaluation after `epoch` epochs (fractional when stopped mid-epoch).
    Eval {
        epoch: f64,
        result: EvalResult,
        #[serde(default)]
        gallery: Gallery,
    },
    /// The run ended: all epochs done, or stopped by the user.
    Done { stopped: bool },
}

/// Page → worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ToWorker {
    /// Set up `backend` (`None`: the fastest available, measured unless `known` holds this
    /// adapter's figures) and load the data from `data_url`.
    Init {
        data_url: String,
        backend: Option<BackendKind>,
        #[serde(default)]
        known: std::collections::HashMap<String, crate::calibrate::Calibration>,
        /// Kernels cubecl encodes before submitting on its own (`None`: [`crate::backend::TASKS_MAX`]).
        #[serde(default)]
        tasks_max: Option<usize>,
    },
    Start(TrainConfig),
    Pause,
    Resume,
    Stop,
    /// Use these weights (a weights file's bytes) for predictions.
    SetModel { bytes: Vec<u8>, source: ModelSource },
    /// Read one 28×28 image (0–255, white on black).
    Predict { id: u64, image: Vec<u8> },
    /// Benchmark training: warm-up, then `batches` timed batches (answered by `Bench`).
    Bench { batches: usize },
    /// Show what `augment` does to some training images (answered by `Preview`).
    Preview { augment: Augment, seed: u64 },
}

/// Where the model that reads the canvas comes from (`data-testid="model-source"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModelSource {
    Pretrained,
    Trained,
    Loaded,
}

impl ModelSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ModelSource::Pretrained => "pretrained",
            ModelSource::Trained => "trained",
            ModelSource::Loaded => "loaded",
        }
    }
}

/// Worker → page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FromWorker {
    /// The worker is listening (messages sent before this would be lost).
    Ready,
    /// Bytes of the data files downloaded so far, of `total` (estimated until known).
    DataProgress { loaded: u64, total: u64 },
    DataReady {
        train: usize,
        test: usize,
        /// Download + decode time in milliseconds.
        #[serde(default)]
        ms: f64,
    },
    Device(DeviceInfo),
    Run(Event),
    Paused(bool),
    /// The weights of a finished (or stopped) run, as a weights file.
    Trained { bytes: Vec<u8> },
    /// The model from `SetModel` is in use.
    ModelReady { source: ModelSource },
    /// The weights from `SetModel` were refused; the previous model stays.
    ModelRejected { message: String },
    /// Class probabilities for `Predict { id }`.
    Prediction { id: u64, probs: Vec<f32> },
    /// A benchmark's result as JSON.
    Bench { json: String },
    /// Rows of [a training image, then augmented versions of it].
    Preview { images: Vec<Vec<u8>> },
    /// A failure, in plain words; `fatal` when the worker cannot go on.
    Error { message: String, fatal: bool },
}
