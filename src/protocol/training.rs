//! Page ↔ training worker.
use crate::base::envelope::Bytes;
use crate::base::error::AppError;
use crate::data::augment::Augment;
use crate::device::backend::BackendKind;
use crate::device::bench::TrainBench;
use crate::device::choice::DeviceInfo;
use crate::train::config::TrainConfig;
use crate::train::event::Event;
use serde::{Deserialize, Serialize};

/// Page → training worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ToTrainer {
    /// Set up `backend` (`None`: the fastest available, measured unless `known` holds this
    /// adapter's figures) and load the data from `data_url`.
    Init {
        data_url: String,
        backend: Option<BackendKind>,
        known: std::collections::HashMap<String, crate::device::calibrate::Calibration>,
        /// Kernels cubecl encodes before submitting on its own (`None`: [`crate::device::backend::TASKS_MAX`]).
        tasks_max: Option<usize>,
        /// Seconds between checkpoints of a run (besides one after every epoch).
        checkpoint_s: f64,
        /// Workers when the CPU trains (the `workers` option: 0 for one per core, at most 8):
        /// the calibration measures the CPU with them.
        #[serde(default)]
        workers: usize,
        /// WebGPU with its default limits and no optional features (`gpu=minimal`).
        #[serde(default)]
        gpu_minimal: bool,
        /// Keep the WebGPU device where a browser test reaches it (`test_hooks=1`).
        #[serde(default)]
        test_hooks: bool,
    },
    /// Start a run of `config` with `workers` sharing its batches on the CPU (0: one per core).
    Start {
        config: TrainConfig,
        #[serde(default)]
        workers: usize,
    },
    /// Continue the run of this checkpoint (with its settings) where it stopped.
    Continue {
        checkpoint: Bytes,
        /// Workers to continue with (any number: the training is the same).
        #[serde(default)]
        workers: usize,
    },
    Pause,
    Resume,
    Stop,
    /// Benchmark training network `net`: warm-up, then `batches` timed batches (answered by `Bench`).
    Bench {
        batches: usize,
        net: crate::model::net::Net,
    },
    /// Train on this set of one's own from now on: its files as dropped or picked (the four IDX
    /// files, raw or gzipped, and perhaps its class names in a `.txt`); `transposed`: its images
    /// are EMNIST's (`None`: as the files' names say). Answered by `DataReady` with the set, or by
    /// an `Error` naming the file and why (the set in use stays).
    UseSet {
        files: Vec<(String, Bytes)>,
        transposed: Option<bool>,
        /// Echoed by the answer: which pick it answers.
        request: u64,
    },
    /// Train on MNIST again (answered by `DataReady`).
    UseMnist,
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
        /// looks for what excites a channel, and the page's opening example comes from.
        sample: Bytes,
        /// Their labels, one byte each.
        labels: Bytes,
        /// The set of one's own it is (`None`: MNIST).
        #[serde(default)]
        set: Option<crate::data::set_id::SetId>,
        /// The `UseSet` it answers (`None`: MNIST, loaded or chosen again).
        #[serde(default)]
        request: Option<u64>,
    },
    /// The files of `UseSet { request }` are not a set: why (the set in use stays; a run goes on).
    SetRefused {
        request: u64,
        error: AppError,
    },
    Device(DeviceInfo),
    /// Workers sharing the CPU's batches (1: the training worker alone); `lost`: why a helper
    /// stopped or did not start, when one did (the run goes on with the others).
    Workers {
        workers: usize,
        lost: Option<crate::protocol::helper::HelperLoss>,
    },
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
    /// A checkpoint of the run in progress ([`crate::train::checkpoint`]), to keep until it ends.
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
