//! Evaluation on the test set, in order and without gradients: accuracy (%), mean batch loss,
//! the confusion matrix, and every image's predicted digit with its confidence (the figures'
//! types are in [`crate::train::results`]).
use crate::base::error::{AppError, Result};
use crate::data::dataset::Dataset;
use crate::model::network::Cnn;
use crate::model::ops::cross_entropy;
use crate::train::results::{EvalResult, Predictions};
use burn::prelude::*;
use burn::tensor::activation::softmax;

/// Evaluates `model` on `data` in batches of `batch` (see [`evaluate_full`]).
pub async fn evaluate(model: &Cnn, data: &Dataset, batch: usize) -> Result<EvalResult> {
    Ok(evaluate_full(model, data, batch).await?.0)
}

/// Evaluates `model` (any device, gradients off) on `data` in batches of `batch`; everything
/// stays on the device and is read once, asynchronously, at the end.
pub async fn evaluate_full(model: &Cnn, data: &Dataset, batch: usize) -> Result<(EvalResult, Predictions)> {
    let part = evaluate_part(model, data, batch).await?;
    let result =
        EvalResult::from_predictions(&data.labels, &part.predictions.predicted, model.net().classes(), part.loss_sum, part.batches);
    Ok((result, part.predictions))
}

/// Part of an evaluation: the summed batch losses, the batches and every example's prediction.
pub struct EvalPart {
    pub loss_sum: f64,
    pub batches: usize,
    pub predictions: Predictions,
}

/// [`evaluate_full`]'s arithmetic on `data` (a whole test set, or the part of it a worker takes:
/// whole batches, so that the parts add up to the whole).
pub async fn evaluate_part(model: &Cnn, data: &Dataset, batch: usize) -> Result<EvalPart> {
    let model = model.clone().valid(); // no autodiff
    let device = model.devices().into_iter().next().expect("the model has parameters");
    let indices: Vec<usize> = (0..data.len()).collect();
    let mut loss_sum = Tensor::<1>::zeros([1], &device);
    let (mut preds, mut confs) = (Vec::new(), Vec::new());
    let mut batches = 0;
    for chunk in indices.chunks(batch.max(1)) {
        let (x, y) = data.batch(chunk, &device);
        let logits = model.forward(x); // [B, classes]
        loss_sum = loss_sum + cross_entropy(logits.clone(), y); // [1]
        preds.push(logits.clone().argmax(1).float().flatten::<1>(0, 1)); // [B, 1] -> [B]
        confs.push(softmax(logits, 1).max_dim(1).flatten::<1>(0, 1)); // [B, 1] -> [B]
        batches += 1;
    }
    let n = data.len();
    let all = Tensor::cat([vec![loss_sum], preds, confs].concat(), 0); // [1 + 2n]
    let v = all.into_data_async().await?.try_into_vec::<f32>().map_err(|e| AppError::Device(format!("{e:?}")))?;
    let last = (model.net().classes() - 1) as f32;
    let predicted: Vec<u8> = v[1..1 + n].iter().map(|&p| p.round().clamp(0.0, last) as u8).collect();
    let confidence = v[1 + n..1 + 2 * n].to_vec();
    Ok(EvalPart { loss_sum: v[0] as f64, batches, predictions: Predictions { predicted, confidence } })
}
