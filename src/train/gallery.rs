//! What the page shows of an evaluation besides the numbers: the misclassified test images
//! (most confident mistakes first) and a fixed random sample with its predictions.
use crate::base::envelope::Bytes;
use crate::base::rng::SplitMix64;
use crate::data::dataset::Dataset;
use crate::train::results::Predictions;
use serde::{Deserialize, Serialize};

/// Mistakes sent to the page at most (each carries its 784 pixels).
pub const MAX_MISCLASSIFIED: usize = 200;
/// Size of the random sample.
pub const RANDOM: usize = 24;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    /// Index in the test set.
    pub index: usize,
    pub label: u8,
    pub pred: u8,
    /// Probability the network gave `pred`.
    pub confidence: f32,
    pub pixels: Bytes,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Gallery {
    /// The most confident mistakes, at most [`MAX_MISCLASSIFIED`].
    pub misclassified: Vec<Sample>,
    /// How many mistakes there were in all.
    pub misclassified_total: usize,
    /// The same [`RANDOM`] test images every epoch of a run (chosen by the seed).
    pub random: Vec<Sample>,
}

impl Gallery {
    pub fn build(data: &Dataset, p: &Predictions, seed: u64) -> Self {
        let sample = |i: usize| Sample {
            index: i,
            label: data.labels[i],
            pred: p.predicted[i],
            confidence: p.confidence[i],
            pixels: data.image(i).to_vec().into(),
        };
        let n = data.len().min(p.predicted.len());
        let mut wrong: Vec<usize> = (0..n).filter(|&i| p.predicted[i] != data.labels[i]).collect();
        let misclassified_total = wrong.len();
        wrong.sort_by(|&a, &b| p.confidence[b].total_cmp(&p.confidence[a]).then(a.cmp(&b)));
        let misclassified = wrong.into_iter().take(MAX_MISCLASSIFIED).map(sample).collect();
        let mut rng = SplitMix64::new(seed ^ 0x5EED_6A11_E5E7);
        let mut picked: Vec<usize> = Vec::new();
        while picked.len() < RANDOM.min(n) {
            let i = rng.below(n);
            if !picked.contains(&i) {
                picked.push(i);
            }
        }
        Self { misclassified, misclassified_total, random: picked.into_iter().map(sample).collect() }
    }
}
