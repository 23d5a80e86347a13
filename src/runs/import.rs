//! Run logs read back into records: the JSON (settings, device, batches, epochs) and the CSV
//! (`epoch,batch,loss`) that `train --log` and the page's "Download log" write
//! ([`crate::train::run_log`]), so that a native run can be compared with a run of the page.
use crate::base::error::AppError;
use crate::runs::label::describe;
use crate::runs::record::{EpochResult, MAX_POINTS, Outcome, RunRecord, thin};
use crate::train::config::TrainConfig;
use serde::Deserialize;

#[derive(Deserialize)]
struct Batch {
    epoch: usize,
    batch: usize,
    loss: f32,
}

#[derive(Deserialize)]
struct Epoch {
    epoch: f64,
    test_accuracy: f64,
    test_loss: f64,
}

#[derive(Deserialize)]
struct Json {
    #[serde(default)]
    app: String,
    settings: TrainConfig,
    #[serde(default)]
    device: String,
    batches_per_epoch: usize,
    batches: Vec<Batch>,
    #[serde(default)]
    epochs: Vec<Epoch>,
}

/// Reads the run log `name` (JSON or CSV) as a run imported at `now_ms`.
pub fn read(name: &str, text: &str, now_ms: f64) -> Result<RunRecord, AppError> {
    let bad = |reason: String| AppError::RunLog { name: name.into(), reason };
    let (settings, device, per_epoch, batches, evals) = if text.trim_start().starts_with('{') {
        let j: Json = serde_json::from_str(text).map_err(|e| bad(format!("it is not a run log of this app ({e})")))?;
        let evals = j.epochs.iter().map(|e| EpochResult { epoch: e.epoch, accuracy: e.test_accuracy, loss: e.test_loss }).collect();
        let device = if j.app.is_empty() { j.device } else { format!("{} ({})", j.device, j.app) };
        (j.settings, device, j.batches_per_epoch, j.batches, evals)
    } else {
        let batches = csv(text).map_err(bad)?;
        let per_epoch = batches.iter().filter(|b| b.epoch == 1).map(|b| b.batch).max().unwrap_or(0);
        (TrainConfig::default(), String::from("unknown (a CSV log has no settings)"), per_epoch, batches, Vec::new())
    };
    crate::train::options::validate(&settings).map_err(|e| bad(format!("its settings are not this app's ({e})")))?;
    if batches.is_empty() {
        return Err(bad("it holds no batches".into()));
    }
    if batches.iter().any(|b| !b.loss.is_finite()) {
        return Err(bad("a loss in it is not a number".into()));
    }
    let losses: Vec<f32> = batches.iter().map(|b| b.loss).collect();
    let lr = RunRecord::schedule(&settings);
    Ok(RunRecord {
        id: format!("i{}", now_ms as u64),
        name: format!("{} ({})", describe(&settings), name),
        pinned: false,
        started_ms: now_ms,
        seconds: 0.0,
        workers: settings.workers.max(1),
        settings,
        device,
        outcome: Outcome::Imported,
        batches: losses.len(),
        batches_per_epoch: per_epoch.max(1),
        losses: thin(&losses, MAX_POINTS),
        evals,
        confusion: Vec::new(),
        images_per_sec: 0.0,
        lr,
        has_weights: false,
    })
}

/// `epoch,batch,loss` rows under that header.
fn csv(text: &str) -> Result<Vec<Batch>, String> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    if lines.next() != Some("epoch,batch,loss") {
        return Err("it is neither a JSON run log nor a CSV one (its first line is not epoch,batch,loss)".into());
    }
    lines
        .enumerate()
        .map(|(i, line)| {
            let f: Vec<&str> = line.split(',').collect();
            let row = || format!("row {} ({line:?}) is not epoch,batch,loss", i + 2);
            match f.as_slice() {
                [e, b, l] => Ok(Batch {
                    epoch: e.parse().map_err(|_| row())?,
                    batch: b.parse().map_err(|_| row())?,
                    loss: l.parse().map_err(|_| row())?,
                }),
                _ => Err(row()),
            }
        })
        .collect()
}
