//! The record of a run, as the tutorial prints it (every batch's loss, every epoch's test
//! accuracy and mean loss) but as files: CSV (one row per batch, losses in full precision) and
//! JSON (the settings, the device, the batches and the epochs' test results). The page's
//! "Download log" and the native `train --log` write the same files.
use crate::train::config::TrainConfig;
use crate::train::results::EvalResult;
use serde::Serialize;

/// A run's record.
pub struct RunLog<'a> {
    pub config: &'a TrainConfig,
    /// The device it trained on, in words.
    pub device: &'a str,
    pub batches_per_epoch: usize,
    pub losses: &'a [f32],
    pub evals: &'a [(f64, EvalResult)],
}

#[derive(Serialize)]
struct Batch {
    epoch: usize,
    batch: usize,
    loss: f32,
}

#[derive(Serialize)]
struct Epoch {
    epoch: f64,
    test_accuracy: f64,
    test_loss: f64,
    correct: usize,
    total: usize,
}

#[derive(Serialize)]
struct Json<'a> {
    app: &'a str,
    settings: &'a TrainConfig,
    device: &'a str,
    batches_per_epoch: usize,
    batches: Vec<Batch>,
    epochs: Vec<Epoch>,
}

impl RunLog<'_> {
    fn batches(&self) -> impl Iterator<Item = Batch> + '_ {
        let per = self.batches_per_epoch.max(1);
        self.losses.iter().enumerate().map(move |(i, &loss)| Batch { epoch: i / per + 1, batch: i % per + 1, loss })
    }

    /// `epoch,batch,loss` and one row per batch (epochs and batches from 1, as the tutorial
    /// counts them; losses as f32 prints them in full, e.g. `2.3046606`).
    pub fn csv(&self) -> String {
        let mut out = String::from("epoch,batch,loss\n");
        for b in self.batches() {
            out.push_str(&format!("{},{},{}\n", b.epoch, b.batch, b.loss));
        }
        out
    }

    pub fn json(&self) -> String {
        let epochs = self
            .evals
            .iter()
            .map(|(e, r)| Epoch { epoch: *e, test_accuracy: r.accuracy, test_loss: r.loss, correct: r.correct, total: r.total })
            .collect();
        let json = Json {
            app: crate::base::release::APP,
            settings: self.config,
            device: self.device,
            batches_per_epoch: self.batches_per_epoch,
            batches: self.batches().collect(),
            epochs,
        };
        serde_json::to_string_pretty(&json).expect("serialises")
    }
}
