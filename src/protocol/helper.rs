//! Training worker ↔ its helper workers (data parallelism on the CPU, [`crate::train::parallel::shares`]).
use crate::train::parallel::shares::{ShareJob, ShareResult};
use serde::{Deserialize, Serialize};

/// Training worker → helper.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ToHelper {
    /// Compute this share's gradient.
    Share(ShareJob),
}

/// Why a helper was let go (the page words it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum HelperLoss {
    /// It had not started after this many seconds.
    NoStart(f64),
    /// It had not answered a share after this many seconds.
    NoAnswer(f64),
    /// It said it failed, or crashed (in words).
    Failed(String),
}

/// Helper → training worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FromHelper {
    /// Listening.
    Ready,
    Share(ShareResult),
    /// A share it could not compute, in words.
    Failed {
        step: usize,
        why: String,
    },
}
