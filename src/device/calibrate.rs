//! Which device trains fastest, measured instead of assumed: a few warm training steps on each
//! device, on synthetic batches (the same arithmetic as MNIST's, so it can run while the data
//! downloads), and the faster one chosen. The page remembers the result per adapter.
use crate::data::dataset::Dataset;
use crate::data::idx::PIXELS;
use crate::device::backend::BackendKind;
use crate::model::flat;
use crate::train::trainer::{Trainer, read_losses};
use burn::prelude::*;
use serde::{Deserialize, Serialize};
use std::future::Future;

/// The timed steps' budget (ms), both devices together; the warm-up steps before them compile
/// the kernels (a cost the first training step would pay anyway) and are not counted.
pub const BUDGET_MS: f64 = 3000.0;
/// The CPU's share of the budget; the GPU gets what is left, at least [`GPU_MIN_MS`].
pub const CPU_BUDGET_MS: f64 = 1200.0;
pub const GPU_MIN_MS: f64 = 1800.0;
/// The longest wait for a device's warm-up step to come back before it counts as too slow.
pub const WARMUP_LIMIT_MS: f64 = 20_000.0;
/// Timed steps per device at most (after one warm-up step).
pub const STEPS: usize = 3;
/// Part of the key a result is remembered under: a new app version measures again.
pub const VERSION: &str = concat!("mnist-web ", env!("CARGO_PKG_VERSION"), " calibration 1");

/// What one device measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Timing {
    /// Median milliseconds per training step (a batch of 64) after a warm-up step.
    Measured(f64),
    /// The warm-up step (shader compilation, first allocations) was still running after this
    /// many milliseconds.
    TooSlow(f64),
    /// The device failed, in words.
    Failed(String),
}

impl Timing {
    pub fn ms(&self) -> Option<f64> {
        match self {
            Timing::Measured(ms) => Some(*ms),
            _ => None,
        }
    }
}

/// Both devices' figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    pub gpu: Timing,
    pub cpu: Timing,
}

impl Calibration {
    /// The faster device; the CPU when the GPU has no figure.
    pub fn choice(&self) -> BackendKind {
        match (self.gpu.ms(), self.cpu.ms()) {
            (Some(g), Some(c)) if g < c => BackendKind::Gpu,
            (Some(_), None) => BackendKind::Gpu,
            _ => BackendKind::Cpu,
        }
    }
}

/// A calibration as the page keeps it: under `key` (the adapter and this app's version), and
/// whether it was measured just now (the page then remembers it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalibrationRecord {
    pub key: String,
    pub figures: Calibration,
    pub now: bool,
}

/// The key a calibration is remembered under: the adapter and this app's version.
pub fn key(adapter: &str) -> String {
    format!("{adapter} · {VERSION}")
}

/// Synthetic batches of 64: seeded noise images with the ten digits as labels.
pub fn synthetic_batch() -> Dataset {
    let mut rng = crate::base::rng::SplitMix64::new(7);
    Dataset { pixels: (0..64 * PIXELS).map(|_| (rng.next_u64() >> 56) as u8).collect(), labels: (0..64).map(|i| (i % 10) as u8).collect() }
}

/// Times training steps on `device`: one warm-up step (waited for at most `timeout(`
/// [`WARMUP_LIMIT_MS`]`)`, else [`Timing::TooSlow`]), then up to [`STEPS`] timed steps while
/// `budget_ms` lasts.
pub async fn time_steps<T: Future<Output = ()>>(
    device: &Device,
    budget_ms: f64,
    now: impl Fn() -> f64,
    timeout: impl Fn(f64) -> T,
) -> Timing {
    let data = synthetic_batch();
    let indices: Vec<usize> = (0..data.len()).collect();
    let ad = device.clone().autodiff();
    let mut trainer = Trainer::new(flat::seeded_model(1, &ad), 1e-3);
    let start = now();
    let (x, y) = data.batch(&indices, &ad);
    let warm = read_losses(vec![trainer.step(x, y)]);
    let raced = futures_lite::future::or(async { Some(warm.await) }, async {
        timeout(WARMUP_LIMIT_MS).await;
        None
    });
    match raced.await {
        None => return Timing::TooSlow(now() - start),
        Some(Err(e)) => return Timing::Failed(e.to_string()),
        Some(Ok(_)) => {}
    }
    let (mut times, timed) = (Vec::new(), now());
    while times.len() < STEPS && (times.is_empty() || now() - timed < budget_ms) {
        let t = now();
        let (x, y) = data.batch(&indices, &ad);
        if let Err(e) = read_losses(vec![trainer.step(x, y)]).await {
            return Timing::Failed(e.to_string());
        }
        times.push(now() - t);
    }
    Timing::Measured(crate::base::stats::median(&times))
}
