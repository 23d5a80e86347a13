//! Which device trains fastest, measured instead of assumed: a few warm training steps on each
//! device, on synthetic batches (the same arithmetic as MNIST's, so it can run while the data
//! downloads), and the faster one chosen. The page remembers the result per adapter.
use crate::data::dataset::Dataset;
use crate::data::idx::PIXELS;
use crate::device::backend::BackendKind;
use crate::model::flat;
use crate::train::parallel::helpers::Helpers;
use crate::train::parallel::{self, Batch};
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
    /// Workers that shared the CPU's batches ([`crate::train::parallel::helpers`]).
    #[serde(default = "one")]
    pub cpu_workers: usize,
}

fn one() -> usize {
    1
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

/// Times training steps on `device` (shared with `helpers`, if it has some): one warm-up step
/// (waited for at most `timeout(`[`WARMUP_LIMIT_MS`]`)`, else [`Timing::TooSlow`]), then up to
/// [`STEPS`] timed steps while `budget_ms` lasts.
pub async fn time_steps<T: Future<Output = ()>>(
    device: &Device,
    budget_ms: f64,
    (now, timeout): (impl Fn() -> f64, impl Fn(f64) -> T),
    helpers: &mut impl Helpers,
) -> Timing {
    let data = synthetic_batch();
    let batch = || Batch { pixels: data.pixels.clone(), labels: data.labels.clone() };
    let ad = device.clone().autodiff();
    let mut trainer = Trainer::new(flat::seeded_model(1, &ad), 1e-3);
    let start = now();
    let warm = async {
        let loss = parallel::step(&mut trainer, &batch(), 0, None, helpers).await?;
        read_losses(vec![loss]).await
    };
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
        let step = parallel::step(&mut trainer, &batch(), times.len() + 1, None, helpers).await;
        if let Err(e) = async { read_losses(vec![step?]).await }.await {
            return Timing::Failed(e.to_string());
        }
        times.push(now() - t);
    }
    Timing::Measured(crate::base::stats::median(&times))
}
