//! A batch split between workers (data parallelism): each computes the gradient of its share's
//! part of the batch's mean loss; their sum is the batch's gradient. An evaluation is split the
//! same way, in whole batches. What a helper worker is sent ([`ShareJob`]) and answers
//! ([`ShareResult`]), and the arithmetic both sides share.
use crate::base::envelope::Bytes;
use crate::base::error::{AppError, Result};
use crate::data::dataset::{Dataset, input, targets};
use crate::data::idx::PIXELS;
use crate::model::flat;
use crate::model::net::Net;
use crate::model::network::Cnn;
use crate::model::ops::cross_entropy;
use crate::train::dropout::Dropout;
use crate::train::eval::evaluate_part;
use crate::train::parallel::gradients;
use burn::optim::GradientsParams;
use burn::prelude::*;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// `len` images in `n` consecutive shares, the first `len % n` one image larger (none empty:
/// fewer shares when `len < n`).
pub fn split(len: usize, n: usize) -> Vec<Range<usize>> {
    let n = n.clamp(1, len.max(1));
    let (base, extra) = (len / n, len % n);
    let mut at = 0;
    (0..n)
        .map(|i| {
            let size = base + usize::from(i < extra);
            at += size;
            at - size..at
        })
        .collect()
}

/// What a share asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Work {
    /// The gradient of a share of a training batch.
    Gradient,
    /// The evaluation of a part of the test set, in batches of `batch`.
    Evaluate,
}

/// One share of one step, for a helper worker: the weights as they are before the step, the
/// share's images (augmented already) and labels, where they sit in the batch (for their dropout
/// masks) and the batch's size.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShareJob {
    /// The step (global batch number) it belongs to: a late answer to an earlier step is ignored.
    pub step: usize,
    pub work: Work,
    pub net: Net,
    /// f32 weights in the layout of `net`.
    pub weights: Bytes,
    /// 784 bytes per image.
    pub pixels: Bytes,
    pub labels: Bytes,
    /// The share's first image's position in the batch.
    pub first: usize,
    pub batch: usize,
    pub dropout: Option<Dropout>,
}

/// A helper's answer: the gradient of its share's part of the batch's mean loss (f32, the
/// weights' layout) and that part of the loss; or, evaluating, the summed batch losses, the
/// batches, and each image's predicted digit and confidence (f32).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ShareResult {
    pub step: usize,
    pub grads: Bytes,
    pub loss: f32,
    pub batches: usize,
    pub predicted: Bytes,
    pub confidence: Bytes,
}

/// The share's part of the batch's mean loss on `model` (an autodiff device): the mean over
/// its images × their number / the batch's. Returns [1], differentiable.
pub fn share_loss(model: &Cnn, pixels: &[u8], labels: &[u8], first: usize, batch: usize, dropout: Option<&Dropout>) -> Tensor<1> {
    let device = model.devices().into_iter().next().expect("the model has parameters");
    let (n, y) = (labels.len(), targets(labels, &device));
    let masks = dropout.map(|d| d.tensors(first..first + n, &device)).unwrap_or_default();
    let logits = model.forward_masked(input(pixels, &device), &masks); // [n, classes]
    cross_entropy(logits, y).mul_scalar(n as f32 / batch as f32) // [1]
}

/// The share's gradients and loss on `model` (an autodiff device): the gradients by parameter,
/// the loss as a detached [1] tensor.
pub fn share_gradients(model: &Cnn, job: &ShareJob) -> (GradientsParams, Tensor<1>) {
    let loss = share_loss(model, &job.pixels, &job.labels, job.first, job.batch, job.dropout.as_ref());
    let grads = GradientsParams::from_grads(loss.backward(), model);
    (grads, loss.detach())
}

/// What a helper does with a job, on `device` (plain; the CPU): a replica with the job's
/// weights, its share's gradient or evaluation, read back.
pub async fn compute(job: &ShareJob, device: &Device) -> Result<ShareResult> {
    if job.pixels.len() != job.labels.len() * PIXELS {
        let why = format!("it was sent a share of {} labels with {} bytes of images", job.labels.len(), job.pixels.len());
        return Err(AppError::Worker { role: "helper".into(), why });
    }
    if job.work == Work::Evaluate {
        let model = flat::load(Cnn::build(&job.net, device), &job.weights.f32s())?;
        let part = evaluate_part(&model, &Dataset { pixels: job.pixels.to_vec(), labels: job.labels.to_vec() }, job.batch).await?;
        let p = part.predictions;
        let (predicted, confidence) = (p.predicted.into(), Bytes::from_f32s(&p.confidence));
        return Ok(ShareResult {
            step: job.step,
            loss: part.loss_sum as f32,
            batches: part.batches,
            predicted,
            confidence,
            ..Default::default()
        });
    }
    let model = flat::load(Cnn::build(&job.net, &device.clone().autodiff()), &job.weights.f32s())?;
    let (grads, loss) = share_gradients(&model, job);
    let flat = gradients::to_flat(&model, &grads);
    let all = Tensor::cat(vec![flat, loss.inner()], 0); // [P] + [1] -> [P + 1]
    let v = all.into_data_async().await?.try_into_vec::<f32>().map_err(|e| AppError::Device(format!("{e:?}")))?;
    let (grads, loss) = v.split_at(v.len() - 1);
    Ok(ShareResult { step: job.step, grads: Bytes::from_f32s(grads), loss: loss[0], ..Default::default() })
}
