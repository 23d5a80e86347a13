//! Dropout masks drawn per image: image `i` of global batch `done` gets the same mask whichever
//! worker computes it, so a batch split between workers trains exactly as the whole batch.
use crate::base::rng::SplitMix64;
use burn::prelude::*;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// The masks of one batch: the run's seed, the batch's global number and the rate.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dropout {
    pub seed: u64,
    /// Global batch number (from 0) in the run.
    pub done: usize,
    /// The share of inputs dropped, in (0, 1).
    pub rate: f64,
}

impl Dropout {
    /// The masks of batch `done`, or `None` when `rate` is 0 (no dropout).
    pub fn of_batch(seed: u64, done: usize, rate: f64) -> Option<Self> {
        (rate > 0.0).then_some(Self { seed, done, rate: rate.min(0.95) })
    }

    /// The masks of the images at `positions` in the batch, `features` values each: 0 for a dropped
    /// input, 1/keep for a kept one (so that the expected input is unchanged).
    pub fn masks(&self, positions: Range<usize>, features: usize) -> Vec<f32> {
        let keep = 1.0 - self.rate;
        let kept = (1.0 / keep) as f32;
        let mut out = Vec::with_capacity(positions.len() * features);
        for p in positions {
            let mut rng = SplitMix64::new(self.image_seed(p));
            out.extend((0..features).map(|_| if rng.unit() < keep { kept } else { 0.0 }));
        }
        out
    }

    /// [`Dropout::masks`] as a [n, features] tensor on `device`.
    pub fn tensor(&self, positions: Range<usize>, features: usize, device: &Device) -> Tensor<2> {
        let n = positions.len();
        Tensor::from_data(TensorData::new(self.masks(positions, features), [n, features]), device) // [n·F] as [n, F]
    }

    fn image_seed(&self, position: usize) -> u64 {
        let batch = SplitMix64::new(self.seed ^ (self.done as u64).wrapping_mul(0xA24B_AED4_963E_E407)).next_u64();
        SplitMix64::new(batch ^ (position as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)).next_u64()
    }
}
