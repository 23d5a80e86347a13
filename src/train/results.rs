//! What an evaluation finds, as plain values: the test set's accuracy, mean loss and confusion
//! matrix ([`EvalResult`]) and every image's predicted digit ([`Predictions`]). Computed by
//! [`crate::train::eval`]; kept in checkpoints, run logs and records (no burn here, so the fuzz
//! targets of those decoders include this file).
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
