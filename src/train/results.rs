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
    /// n×n counts for n classes, row = true class, column = predicted class (empty when not
    /// computed).
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

    /// From every example's true and predicted class of `classes` (plus the summed batch
    /// losses); a class at or beyond `classes` is counted nowhere.
    pub fn from_predictions(labels: &[u8], predicted: &[u8], classes: usize, loss_sum: f64, batches: usize) -> Self {
        let mut confusion = vec![0u32; classes * classes];
        for (&t, &p) in labels.iter().zip(predicted) {
            let (t, p) = (t as usize, p as usize);
            if t < classes && p < classes {
                confusion[t * classes + p] += 1;
            }
        }
        let correct = (0..classes).map(|d| confusion[d * (classes + 1)] as usize).sum();
        Self { confusion, ..Self::from_sums(correct, labels.len().min(predicted.len()), loss_sum, batches) }
    }

    /// The classes of the confusion matrix (its side; 0 when there is none, or it is not square,
    /// or larger than any set's: a damaged record's).
    pub fn classes(&self) -> usize {
        let side = (self.confusion.len() as f64).sqrt().round() as usize;
        if side * side == self.confusion.len() && side <= crate::data::classes::MAX_CLASSES { side } else { 0 }
    }

    /// The row of true class `t`: how often it was read as each class.
    pub fn row(&self, t: usize) -> &[u32] {
        let n = self.classes();
        self.confusion.get(t * n..(t + 1) * n).unwrap_or(&[])
    }

    /// Accuracy (%) per true class; `None` for a class absent from the test set.
    pub fn per_class(&self) -> Vec<Option<f64>> {
        (0..self.classes())
            .map(|t| {
                let row = self.row(t);
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
