//! What a training run reports to its host: losses with where the run stands, evaluations, its end.
use crate::train::gallery::Gallery;
use crate::train::results::EvalResult;
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
