//! The run log: the record of a run as the tutorial prints it (every batch's loss, every epoch's
//! test accuracy and mean loss) but as files: CSV (one row per batch, losses in full precision)
//! and JSON (the settings, the device, the batches and the epochs' test results). One set of
//! types for every way a log goes: the native `train --log` and the page's "Download log" (of
//! the run in progress or of a kept run) write it, and [`crate::runs::import`] reads it back.
use crate::runs::record::{EpochResult, RunRecord};
use crate::train::config::TrainConfig;
use crate::train::results::EvalResult;
use serde::{Deserialize, Serialize};

/// One batch's loss (epochs and batches counted from 1, as the tutorial does).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogBatch {
    pub epoch: usize,
    pub batch: usize,
    pub loss: f32,
}

/// A test-set evaluation after `epoch` epochs (fractional when a run stopped mid-epoch).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogEpoch {
    pub epoch: f64,
    pub test_accuracy: f64,
    pub test_loss: f64,
    /// The test images read right and read, where known (a run of this app knows them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<usize>,
}

/// A run log: what its JSON holds (its CSV, the batches alone).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunLog {
    /// The app and version that wrote it.
    #[serde(default)]
    pub app: String,
    /// The run's recipe.
    pub settings: TrainConfig,
    /// The workers that shared its batches (1 on a GPU; logs before this field said it in
    /// their settings).
    #[serde(default = "one")]
    pub workers: usize,
    /// The device it trained on, in words.
    #[serde(default)]
    pub device: String,
    pub batches_per_epoch: usize,
    pub batches: Vec<LogBatch>,
    #[serde(default)]
    pub epochs: Vec<LogEpoch>,
}

fn one() -> usize {
    1
}

/// `losses` (batch i is batch i + 1 of the run) numbered by epoch and batch.
fn numbered(losses: &[f32], per_epoch: usize) -> Vec<LogBatch> {
    let per = per_epoch.max(1);
    losses.iter().enumerate().map(|(i, &loss)| LogBatch { epoch: i / per + 1, batch: i % per + 1, loss }).collect()
}

impl RunLog {
    /// The log of a run as it went: every loss and every evaluation.
    pub fn of_run(
        settings: &TrainConfig,
        workers: usize,
        device: &str,
        batches_per_epoch: usize,
        losses: &[f32],
        evals: &[(f64, EvalResult)],
    ) -> Self {
        let epochs = evals
            .iter()
            .map(|(epoch, r)| LogEpoch {
                epoch: *epoch,
                test_accuracy: r.accuracy,
                test_loss: r.loss,
                correct: Some(r.correct),
                total: Some(r.total),
            })
            .collect();
        Self {
            app: crate::base::release::APP.into(),
            settings: settings.clone(),
            workers,
            device: device.into(),
            batches_per_epoch,
            batches: numbered(losses, batches_per_epoch),
            epochs,
        }
    }

    /// The log of a kept run, with `losses` (every batch's when it kept them, else its thinned
    /// curve); its test results as the record has them (the counts only where it kept them).
    pub fn of_record(r: &RunRecord, losses: &[f32]) -> Self {
        let epochs = r.evals.iter().map(|e| LogEpoch {
            epoch: e.epoch,
            test_accuracy: e.accuracy,
            test_loss: e.loss,
            correct: e.correct,
            total: e.total,
        });
        Self {
            app: crate::base::release::APP.into(),
            settings: r.settings.clone(),
            workers: r.workers,
            device: r.device.clone(),
            batches_per_epoch: r.batches_per_epoch,
            batches: numbered(losses, r.batches_per_epoch),
            epochs: epochs.collect(),
        }
    }

    /// The test results as a kept run has them.
    pub fn epoch_results(&self) -> Vec<EpochResult> {
        self.epochs
            .iter()
            .map(|e| EpochResult { epoch: e.epoch, accuracy: e.test_accuracy, loss: e.test_loss, correct: e.correct, total: e.total })
            .collect()
    }

    /// `epoch,batch,loss` and one row per batch (losses as f32 prints them in full, e.g.
    /// `2.3046606`).
    pub fn csv(&self) -> String {
        let mut out = String::from("epoch,batch,loss\n");
        for b in &self.batches {
            out.push_str(&format!("{},{},{}\n", b.epoch, b.batch, b.loss));
        }
        out
    }

    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).expect("serialises")
    }
}
