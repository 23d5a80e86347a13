//! Dropout masks drawn per image: image `i` of global batch `done` gets the same masks whichever
//! worker computes it, so a batch split between workers trains exactly as the whole batch. A run
//! drops at each dropout layer of its network and, when its recipe says, before the classifier.
use crate::base::rng::SplitMix64;
use crate::train::config::TrainConfig;
use burn::prelude::*;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Where a batch drops inputs: the share `rate` of `features` values per image.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Site {
    pub rate: f64,
    pub features: usize,
}

/// The masks of one batch: the run's seed, the batch's global number and the dropout sites.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dropout {
    pub seed: u64,
    /// Global batch number (from 0) in the run.
    pub done: usize,
    /// The network's dropout layers in order, then the recipe's dropout before the classifier.
    pub sites: Vec<Site>,
}

/// The most any dropout drops.
const MAX_RATE: f64 = 0.95;

impl Dropout {
    /// The sites of `config`: its network's dropout layers, then its recipe's dropout (when > 0)
    /// before the classifier.
    pub fn sites(config: &TrainConfig) -> Vec<Site> {
        let net = &config.net;
        let mut sites: Vec<Site> = net.dropouts().into_iter().map(|(rate, features)| Site { rate, features }).collect();
        if config.dropout > 0.0 {
            sites.push(Site { rate: config.dropout, features: net.classifier_inputs() });
        }
        sites
    }

    /// The masks of batch `done` of a run of `config`, or `None` when it has no dropout.
    pub fn of_batch(config: &TrainConfig, done: usize) -> Option<Self> {
        let sites = Self::sites(config);
        (!sites.is_empty()).then_some(Self { seed: config.seed, done, sites })
    }

    /// The masks of the images at `positions` in the batch, site by site (`features` values per
    /// image each): 0 for a dropped input, 1/keep for a kept one (so that the expected input is
    /// unchanged).
    pub fn masks(&self, positions: Range<usize>) -> Vec<Vec<f32>> {
        let mut out: Vec<Vec<f32>> = self.sites.iter().map(|s| Vec::with_capacity(positions.len() * s.features)).collect();
        for p in positions {
            let mut rng = SplitMix64::new(self.image_seed(p));
            for (site, masks) in self.sites.iter().zip(&mut out) {
                let keep = 1.0 - site.rate.min(MAX_RATE);
                let kept = (1.0 / keep) as f32;
                masks.extend((0..site.features).map(|_| if rng.unit() < keep { kept } else { 0.0 }));
            }
        }
        out
    }

    /// [`Dropout::masks`] as one [n, features] tensor per site on `device`.
    pub fn tensors(&self, positions: Range<usize>, device: &Device) -> Vec<Tensor<2>> {
        let n = positions.len();
        let masks = self.masks(positions);
        masks.into_iter().zip(&self.sites).map(|(m, s)| Tensor::from_data(TensorData::new(m, [n, s.features]), device)).collect() // [n·F] as [n, F]
    }

    fn image_seed(&self, position: usize) -> u64 {
        let batch = SplitMix64::new(self.seed ^ (self.done as u64).wrapping_mul(0xA24B_AED4_963E_E407)).next_u64();
        SplitMix64::new(batch ^ (position as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)).next_u64()
    }
}
