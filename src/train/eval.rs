//! Evaluation on the test set, in order and without gradients: accuracy (%), mean batch loss,
//! the confusion matrix, and every image's predicted digit with its confidence.
use crate::base::error::{AppError, Result};
use crate::data::dataset::Dataset;
use crate::model::network::Cnn;
use crate::model::ops::cross_entropy;
use burn::prelude::*;
use burn::tensor::activation::softmax;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvalResult {
    /// Correct predictions in percent.
    pub accuracy: f64,
    /// Mean over batches of the batch mean loss (as the tutorial reports it).
    pub loss: f64,
    pub correct: usize,
    pub total: usize,
    /// 10×10 counts, row = true digit, column = predicted digit (empty when not computed).
    #[serde(default)]
    pub confusion: Vec<u32>,
}

impl EvalResult {
    /// The arithmetic: `correct` of `total` right, `loss_sum` summed over `batches` batch means.
    pub fn from_sums(correct: usize, total: usize, loss_sum: f64, batches: usize) -> Self {
        let accuracy = if total == 0 { 0.0 } else { 100.0 * correct as f64 / total as f64 };
        let loss = if batches == 0 { 0.0 } else { loss_sum / batches as f64 };
        Self { accuracy, loss, correct, total, confusion: Vec::new() }
    }

    /// From every example's true and predicted digit (plus the summed batch losses).
    pub fn from_predictions(labels: &[u8], predicted: &[u8], loss_sum: f64, batches: usize) -> Self {
        let mut confusion = vec![0u32; 100];
        for (&t, &p) in labels.iter().zip(predicted) {
            confusion[t as usize * 10 + p as usize] += 1;
        }
        let correct = (0..10).map(|d| confusion[d * 11] as usize).sum();
        Self { confusion, ..Self::from_sums(correct, labels.len().min(predicted.len()), loss_sum, batches) }
    }

    /// Accuracy (%) per true digit; `None` for a digit absent from the test set.
    pub fn per_class(&self) -> Vec<Option<f64>> {
        (0..10)
            .map(|t| {
                let row = self.confusion.get(t * 10..t * 10 + 10)?;
                let n: u32 = row.iter().sum();
                (n > 0).then(|| 100.0 * row[t] as f64 / n as f64)
            })
            .collect()
    }
}

/// Every example's predicted digit and the probability the network gave it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Predictions {
    pub predicted: Vec<u8>,
    pub confidence: Vec<f32>,
}

/// Evaluates `model` on `data` in batches of `batch` (see [`evaluate_full`]).
pub async fn evaluate(model: &Cnn, data: &Dataset, batch: usize) -> Result<EvalResult> {
    Ok(evaluate_full(model, data, batch).await?.0)
}

/// Evaluates `model` (any device, gradients off) on `data` in batches of `batch`; everything
/// stays on the device and is read once, asynchronously, at the end.
pub async fn evaluate_full(model: &Cnn, data: &Dataset, batch: usize) -> Result<(EvalResult, Predictions)> {
    let part = evaluate_part(model, data, batch).await?;
    let result = EvalResult::from_predictions(&data.labels, &part.predictions.predicted, part.loss_sum, part.batches);
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
        let logits = model.forward(x); // [B, 10]
        loss_sum = loss_sum + cross_entropy(logits.clone(), y); // [1]
        preds.push(logits.clone().argmax(1).float().flatten::<1>(0, 1)); // [B, 1] -> [B]
        confs.push(softmax(logits, 1).max_dim(1).flatten::<1>(0, 1)); // [B, 1] -> [B]
        batches += 1;
    }
    let n = data.len();
    let all = Tensor::cat([vec![loss_sum], preds, confs].concat(), 0); // [1 + 2n]
    let v = all.into_data_async().await?.try_into_vec::<f32>().map_err(|e| AppError::Device(format!("{e:?}")))?;
    let predicted: Vec<u8> = v[1..1 + n].iter().map(|&p| p.round().clamp(0.0, 9.0) as u8).collect();
    let confidence = v[1 + n..1 + 2 * n].to_vec();
    Ok(EvalPart { loss_sum: v[0] as f64, batches, predictions: Predictions { predicted, confidence } })
}
