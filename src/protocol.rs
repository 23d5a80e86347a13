//! What a training run reports, and the messages between the page and its two workers: the
//! training worker ([`ToTrainer`], [`FromTrainer`]) and the prediction worker ([`ToPredictor`],
//! [`FromPredictor`]). Bytes travel beside the JSON ([`crate::envelope`]).
use crate::augment::Augment;
use crate::backend::{BackendKind, DeviceInfo};
use crate::bench::TrainBench;
use crate::envelope::Bytes;
use crate::error::AppError;
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
    pub lr: f64,
    /// Memory in use by the training (MB; see `Host::memory_mb`).
    pub memory_mb: f64,
}

/// Something a training run reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// Losses of consecutive batches, the first of them being global batch `first` (from 0).
    Losses { first: usize, losses: Vec<f32>, progress: Progress },
    /// A test-set evaluation after `epoch` epochs (fractional when stopped mid-epoch).
    Eval { epoch: f64, result: EvalResult, gallery: Gallery },
    /// The run ended: all epochs done, or stopped by the user.
    Done { stopped: bool },
}

/// Which worker a worker script runs as: its `name` when the page starts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Loads the data, picks the device and trains.
    Trainer,
    /// Reads the canvas with the model in use (on the CPU: one image at a time).
    Predictor,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Trainer => "trainer",
            Role::Predictor => "predictor",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        [Role::Trainer, Role::Predictor].into_iter().find(|r| r.as_str() == name)
    }
}

/// Page → training worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ToTrainer {
    /// Set up `backend` (`None`: the fastest available, measured unless `known` holds this
    /// adapter's figures) and load the data from `data_url`.
    Init {
        data_url: String,
        backend: Option<BackendKind>,
        known: std::collections::HashMap<String, crate::calibrate::Calibration>,
        /// Kernels cubecl encodes before submitting on its own (`None`: [`crate::backend::TASKS_MAX`]).
        tasks_max: Option<usize>,
        /// Seconds between checkpoints of a run (besides one after every epoch).
        checkpoint_s: f64,
    },
    Start(TrainConfig),
    /// Continue the run of this checkpoint (with its settings) where it stopped.
    Continue {
        checkpoint: Bytes,
    },
    Pause,
    Resume,
    Stop,
    /// Benchmark training: warm-up, then `batches` timed batches (answered by `Bench`).
    Bench {
        batches: usize,
    },
    /// Show what `augment` does to some training images (answered by `Preview`).
    Preview {
        augment: Augment,
        seed: u64,
    },
}

/// Training worker → page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FromTrainer {
    /// The worker is listening (messages sent before this would be lost).
    Ready,
    /// Bytes of the data files downloaded so far, of `total` (estimated until known).
    DataProgress {
        loaded: u64,
        total: u64,
    },
    DataReady {
        train: usize,
        test: usize,
        /// Download + decode time in milliseconds.
        ms: f64,
        /// The first [`PROBE_IMAGES`] test images (784 bytes each): where the prediction worker
        /// looks for what excites a channel.
        sample: Bytes,
    },
    Device(DeviceInfo),
    Run(Event),
    Paused(bool),
    /// The weights of a finished (or stopped) run, as a weights file.
    Trained {
        weights: Bytes,
    },
    /// The weights of the run in progress (at its start, after every epoch and at most every
    /// few seconds between), as a weights file: the canvas reads with them while it trains.
    Snapshot {
        weights: Bytes,
    },
    /// A checkpoint of the run in progress ([`crate::checkpoint`]), to keep until it ends.
    Checkpoint {
        bytes: Bytes,
    },
    Bench(Box<TrainBench>),
    /// Rows of [a training image, then augmented versions of it], 784 bytes each.
    Preview {
        images: Bytes,
    },
    /// A failure; `fatal` when the worker cannot go on.
    Error {
        error: AppError,
        fatal: bool,
    },
}

/// Where the model that reads the canvas comes from (`data-testid="model-source"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModelSource {
    Pretrained,
    /// The run in progress, as of its last snapshot.
    Training,
    Trained,
    Loaded,
}

impl ModelSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ModelSource::Pretrained => "pretrained",
            ModelSource::Training => "training",
            ModelSource::Trained => "trained",
            ModelSource::Loaded => "loaded",
        }
    }
}

/// Page → prediction worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ToPredictor {
    /// Read with these weights (a weights file called `name`) from now on, answered with the
    /// same `id` by `ModelReady` or `ModelRejected`.
    SetModel { id: u64, name: String, weights: Bytes },
    /// Read one 28×28 image (0–255, white on black), with every layer's maps when `maps`.
    Predict { id: u64, image: Bytes, maps: bool },
    /// Which pixels of `image` decide `digit` (answered by `Saliency`).
    Explain { id: u64, image: Bytes, digit: usize },
    /// Test images (784 bytes each) to find what excites a channel in.
    Probe { images: Bytes },
    /// The input patches that excite `channel` of `layer` most among the probe images
    /// (answered by `Patches`).
    TopPatches { layer: String, channel: usize },
}

/// Test images handed to the prediction worker for [`ToPredictor::TopPatches`].
pub const PROBE_IMAGES: usize = 500;

/// Prediction worker → page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FromPredictor {
    Ready,
    /// The model of `SetModel { id }` reads the canvas from now on; `about`: where it came from;
    /// `weights`: the same weights as a safetensors file with the tutorial's names
    /// (what "Download weights" saves, whatever the format loaded).
    ModelReady {
        id: u64,
        about: crate::model_file::About,
        weights: Bytes,
        arch: crate::arch::Arch,
        /// conv1's 16 filters of 5×5 ([16, 1, 5, 5] flattened).
        filters: Vec<f32>,
    },
    /// The weights of `SetModel { id }` were refused (why); the previous model stays.
    ModelRejected {
        id: u64,
        error: AppError,
    },
    /// Class probabilities and logits for `Predict { id }` (empty without a model), and every
    /// layer's maps when asked for ([`crate::inside::Reading::maps`]).
    Prediction {
        id: u64,
        probs: Vec<f32>,
        logits: Vec<f32>,
        maps: Bytes,
    },
    /// For `Explain { id, digit }`: per input pixel, how much more ink there makes it `digit`.
    Saliency {
        id: u64,
        digit: usize,
        map: Vec<f32>,
    },
    /// For `TopPatches`: the strongest patches (`side`×`side` bytes each, strongest first) and
    /// the test images they come from; empty before the test images arrive.
    Patches {
        layer: String,
        channel: usize,
        side: usize,
        images: Vec<usize>,
        pixels: Bytes,
    },
    Error {
        error: AppError,
    },
}
