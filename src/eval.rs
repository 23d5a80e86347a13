//! Evaluation on the test set, in order and without gradients: accuracy (%) and mean batch loss.
use crate::data::Dataset;
use crate::error::{AppError, Result};
use crate::model::Cnn;
use burn::nn::loss::CrossEntropyLossConfig;
use burn::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvalResult {
    /// Correct predictions in percent.
    pub accuracy: f64,
    /// Mean over batches of the batch mean loss (as the tutorial reports it).
    pub loss: f64,
    pub correct: usize,
    pub total: usize,
}

impl EvalResult {
    /// The arithmetic: `correct` of `total` right, `loss_sum` summed over `batches` batch means.
    pub fn from_sums(correct: usize, total: usize, loss_sum: f64, batches: usize) -> Self {
        let accuracy = if total == 0 { 0.0 } else { 100.0 * correct as f64 / total as f64 };
        let loss = if batches == 0 { 0.0 } else { loss_sum / batches as f64 };
        Self { accuracy, loss, correct, total }
    }
}

/// Evaluates `model` (any device, gradients off) on `data` in batches of `batch`; the sums stay
/// on the device and are read once, asynchronously, at the end.
pub async fn evaluate(model: &Cnn, data: &Dataset, batch: usize) -> Result<EvalResult> {
    let model = model.clone().valid(); // no autodiff
    let device = model_device(&model);
    let loss_fn = CrossEntropyLossConfig::new().init(&device);
    let indices: Vec<usize> = (0..data.len()).collect();
    let (mut loss_sum, mut correct) = (Tensor::<1>::zeros([1], &device), Tensor::<1, Int>::zeros([1], &device));
    let mut batches = 0;
    for chunk in indices.chunks(batch.max(1)) {
        let (x, y) = data.batch(chunk, &device);
        let logits = model.forward(x); // [B, 10]
        loss_sum = loss_sum + loss_fn.forward(logits.clone(), y.clone()); // [1]
        let hits = logits.argmax(1).squeeze_dim::<1>(1).equal(y).int().sum(); // [B, 1] -> [B] -> [1]
        correct = correct + hits;
        batches += 1;
    }
    let sums = Tensor::cat(vec![loss_sum, correct.float()], 0).into_data_async().await?; // [2]
    let sums = sums.try_into_vec::<f32>().map_err(|e| AppError::Device(format!("{e:?}")))?;
    Ok(EvalResult::from_sums(sums[1].round() as usize, data.len(), sums[0] as f64, batches))
}

fn model_device(model: &Cnn) -> Device {
    use burn::module::Module;
    model.devices().into_iter().next().expect("the model has parameters")
}
