//! Training: the settings (SPEC defaults) and a `Trainer` whose `step` trains on one batch.
use crate::adam::Adam;
use crate::arch::Arch;
use crate::augment::Augment;
use crate::error::{AppError, Result};
use crate::model::Cnn;
use crate::ops::cross_entropy;
use burn::optim::GradientsParams;
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
    /// Checks every option against its range ([`crate::options::OPTIONS`]).
    pub fn validate(&self) -> Result<()> {
        crate::options::validate(self).map_err(AppError::Config)
    }

    /// The learning rate during epoch `epoch` (from 0): `lr · gamma^⌊epoch / step⌋`.
    pub fn lr_at(&self, epoch: usize) -> f64 {
        epoch.checked_div(self.lr_step).map_or(self.lr, |steps| self.lr * self.lr_gamma.powi(steps as i32))
    }
}

/// Owns the model being trained (on an autodiff device) and its Adam state.
pub struct Trainer {
    model: Option<Cnn>,
    optim: Adam,
    lr: f64,
}

impl Trainer {
    /// `model` must live on an autodiff device (`device.autodiff()`).
    pub fn new(model: Cnn, lr: f64) -> Self {
        Self::resumed(model, Adam::default(), lr)
    }

    /// A trainer continuing with `optim`'s state (a checkpoint's).
    pub fn resumed(model: Cnn, optim: Adam, lr: f64) -> Self {
        Self { model: Some(model), optim, lr }
    }

    /// The weights, then Adam's moments (m, v), in the weights' layout, in one asynchronous read
    /// (never synchronous: WebGPU forbids it in the browser); and Adam's step count.
    pub async fn read_state(&self) -> Result<(Vec<f32>, Vec<f32>, Vec<f32>, usize)> {
        let weights = crate::weights::flat_tensors(self.model());
        let moments = self.optim.moments_of(self.model());
        let n: usize = weights.iter().map(|t| t.dims()[0]).sum();
        let all = Tensor::cat([weights, moments].concat(), 0).detach(); // [3n]
        let v = all.into_data_async().await?.try_into_vec::<f32>().map_err(|e| AppError::Device(format!("{e:?}")))?;
        Ok((v[..n].to_vec(), v[n..2 * n].to_vec(), v[2 * n..].to_vec(), self.optim.steps()))
    }

    pub fn set_lr(&mut self, lr: f64) {
        self.lr = lr;
    }

    /// One optimisation step on a batch; returns the batch's mean loss as a [1] tensor that is
    /// not read here (read many at once, asynchronously).
    pub fn step(&mut self, images: Tensor<4>, labels: Tensor<1>) -> Tensor<1> {
        let scalars = self.optim.next_scalars(self.lr, &images.device().inner());
        let loss = self.loss(images, labels); // [1]
        let model = self.model.take().expect("the trainer always holds a model");
        let grads = GradientsParams::from_grads(loss.backward(), &model);
        self.model = Some(self.optim.step(scalars, model, grads));
        loss.detach()
    }

    /// The mean cross-entropy of the current model on a batch (a [1] tensor, differentiable);
    /// `labels` are the digits as floats.
    pub fn loss(&self, images: Tensor<4>, labels: Tensor<1>) -> Tensor<1> {
        cross_entropy(self.model().forward(images), labels) // [B, 10] -> [1]
    }

    pub fn model(&self) -> &Cnn {
        self.model.as_ref().expect("the trainer always holds a model")
    }
}

/// Reads a list of [1] loss tensors in one asynchronous transfer.
pub async fn read_losses(losses: Vec<Tensor<1>>) -> Result<Vec<f32>> {
    let all = match losses.len() {
        0 => return Ok(Vec::new()),
        1 => losses.into_iter().next().expect("one"),
        _ => Tensor::cat(losses, 0), // n × [1] -> [n]
    };
    let data = all.into_data_async().await?;
    data.try_into_vec::<f32>().map_err(|e| AppError::Device(format!("{e:?}")))
}
