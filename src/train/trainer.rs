//! A `Trainer` whose `step` trains on one batch, and reading many losses at once.
use crate::base::error::{AppError, Result};
use crate::model::network::Cnn;
use crate::model::ops::cross_entropy;
use crate::train::optimizer::Optimizer;
use burn::optim::GradientsParams;
use burn::prelude::*;

/// Owns the model being trained (on an autodiff device) and its optimizer's state.
pub struct Trainer {
    model: Option<Cnn>,
    optim: Optimizer,
    lr: f64,
}

impl Trainer {
    /// `model` must live on an autodiff device (`device.autodiff()`); trained with the
    /// tutorial's optimizer (Adam).
    pub fn new(model: Cnn, lr: f64) -> Self {
        Self::resumed(model, Optimizer::default(), lr)
    }

    /// A trainer with `optim` (new, or a checkpoint's state).
    pub fn resumed(model: Cnn, optim: Optimizer, lr: f64) -> Self {
        Self { model: Some(model), optim, lr }
    }

    /// The weights, then the optimizer's state (m, v), in the weights' layout, in one
    /// asynchronous read (never synchronous: WebGPU forbids it in the browser); and its step count.
    pub async fn read_state(&self) -> Result<(Vec<f32>, Vec<f32>, Vec<f32>, usize)> {
        let weights = crate::model::flat::flat_tensors(self.model());
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
        self.step_masked(images, labels, &[])
    }

    /// [`Trainer::step`] with dropout: `masks` [B, F] per site (see [`Cnn::forward_masked`]).
    pub fn step_masked(&mut self, images: Tensor<4>, labels: Tensor<1>, masks: &[Tensor<2>]) -> Tensor<1> {
        let scalars = self.optim.next_scalars(self.lr, &images.device().inner());
        let loss = cross_entropy(self.model().forward_masked(images, masks), labels); // [B, classes] -> [1]
        let model = self.model.take().expect("the trainer always holds a model");
        let grads = GradientsParams::from_grads(loss.backward(), &model);
        self.model = Some(self.optim.step(scalars, model, grads));
        loss.detach()
    }

    /// One optimisation step with gradients computed elsewhere (a batch's summed shares).
    pub fn apply(&mut self, grads: GradientsParams) {
        let device = self.model().devices().into_iter().next().expect("the model has parameters");
        let scalars = self.optim.next_scalars(self.lr, &device.inner());
        let model = self.model.take().expect("the trainer always holds a model");
        self.model = Some(self.optim.step(scalars, model, grads));
    }

    /// The mean cross-entropy of the current model on a batch (a [1] tensor, differentiable);
    /// `labels` are the digits as floats.
    pub fn loss(&self, images: Tensor<4>, labels: Tensor<1>) -> Tensor<1> {
        cross_entropy(self.model().forward(images), labels) // [B, classes] -> [1]
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
