//! Training: the settings (SPEC defaults) and a `Trainer` whose `step` trains on one batch.
use crate::error::{AppError, Result};
use crate::model::Cnn;
use burn::nn::loss::CrossEntropyLossConfig;
use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer};
use burn::prelude::*;
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
    /// Seeds the initial weights and the batch order.
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self { epochs: 10, batch: 64, lr: 1e-3, train_images: None, test_images: None, seed: 42 }
    }
}

impl TrainConfig {
    pub fn validate(&self) -> Result<()> {
        let bad = |m: &str| Err(AppError::Config(m.into()));
        if !(1..=1000).contains(&self.epochs) {
            return bad("epochs must be between 1 and 1000");
        }
        if !(1..=4096).contains(&self.batch) {
            return bad("batch size must be between 1 and 4096");
        }
        if !(self.lr.is_finite() && self.lr > 0.0 && self.lr <= 1.0) {
            return bad("learning rate must be a number in (0, 1]");
        }
        if self.train_images == Some(0) || self.test_images == Some(0) {
            return bad("train_images and test_images must be at least 1");
        }
        Ok(())
    }
}

/// Owns the model being trained (on an autodiff device) and its Adam state.
pub struct Trainer {
    model: Option<Cnn>,
    optim: ModuleOptimizer,
    lr: f64,
}

impl Trainer {
    /// `model` must live on an autodiff device (`device.autodiff()`).
    pub fn new(model: Cnn, lr: f64) -> Self {
        Self { model: Some(model), optim: AdamConfig::new().init(), lr }
    }

    /// One optimisation step on a batch; returns the batch's mean loss as a [1] tensor that is
    /// not read here (read many at once, asynchronously).
    pub fn step(&mut self, images: Tensor<4>, labels: Tensor<1, Int>) -> Tensor<1> {
        let model = self.model.take().expect("the trainer always holds a model");
        let logits = model.forward(images); // [B, 10]
        let loss = CrossEntropyLossConfig::new().init(&logits.device()).forward(logits, labels); // [1]
        let grads = GradientsParams::from_grads(loss.backward(), &model);
        self.model = Some(self.optim.step(self.lr, model, grads));
        loss.detach()
    }

    pub fn model(&self) -> &Cnn {
        self.model.as_ref().expect("the trainer always holds a model")
    }
}

/// Reads a list of [1] loss tensors in one asynchronous transfer.
pub async fn read_losses(losses: Vec<Tensor<1>>) -> Result<Vec<f32>> {
    if losses.is_empty() {
        return Ok(Vec::new());
    }
    let data = Tensor::cat(losses, 0).into_data_async().await?; // [n]
    data.try_into_vec::<f32>().map_err(|e| AppError::Device(format!("{e:?}")))
}
