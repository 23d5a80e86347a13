//! A run's recipe; `Default` is the tutorial's (SPEC "Training"). Their ranges, labels and names
//! on the URL and the command line are the option table's ([`crate::train::options`]). How a run
//! is computed (the CPU workers sharing its batches) is not part of it: the same training either
//! way ([`crate::train::options::Settings`]).
use crate::data::augment::Augment;
use crate::model::arch::Arch;
use serde::{Deserialize, Serialize};

/// Training settings; `Default` is the tutorial's recipe.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    pub epochs: usize,
    pub batch: usize,
    pub lr: f64,
    /// Use only the first N training images (all when `None`).
    pub train_images: Option<usize>,
    /// Use only the first N test images (all when `None`).
    pub test_images: Option<usize>,
    /// Seeds the initial weights, the batch order, augmentation and dropout.
    pub seed: u64,
    /// Dropout rate before the classifier (0: off).
    #[serde(default)]
    pub dropout: f64,
    /// Random rotation / translation / scaling of training images (all zero: off).
    #[serde(default)]
    pub augment: Augment,
    /// Step schedule: multiply the learning rate by `lr_gamma` every `lr_step` epochs (0: off).
    #[serde(default)]
    pub lr_step: usize,
    #[serde(default = "one")]
    pub lr_gamma: f64,
    #[serde(default)]
    pub arch: Arch,
}

fn one() -> f64 {
    1.0
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            epochs: 10,
            batch: 64,
            lr: 1e-3,
            train_images: None,
            test_images: None,
            seed: 42,
            dropout: 0.0,
            augment: Augment::default(),
            lr_step: 0,
            lr_gamma: 1.0,
            arch: Arch::Tutorial,
        }
    }
}

impl TrainConfig {
    /// The learning rate during epoch `epoch` (from 0): `lr · gamma^⌊epoch / step⌋`.
    pub fn lr_at(&self, epoch: usize) -> f64 {
        epoch.checked_div(self.lr_step).map_or(self.lr, |steps| self.lr * self.lr_gamma.powi(steps as i32))
    }
}
