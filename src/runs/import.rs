//! Run logs read back into records: the JSON (settings, device, batches, epochs) and the CSV
//! (`epoch,batch,loss`) that `train --log` and the page's "Download log" write
//! ([`crate::runs::log`], whose types this reads), so that a native run can be compared with a run of the page.
//!
//! A log is a file the user picked, not a run of this page: it is read only when small enough
//! ([`MAX_LOG_BYTES`]), and every figure in it is checked against what a run can have (test
//! accuracies 0–100, losses finite and not negative, epochs and batches in order and within the
//! run's settings) before it becomes a record. A refusal names the file and what is wrong.
use crate::base::error::AppError;
use crate::base::text::{cut, printable};
use crate::runs::label::settings_name;
use crate::runs::log::{LogBatch, LogEpoch, RunLog};
use crate::runs::record::{EpochResult, MAX_POINTS, Outcome, RunRecord, thin};
use crate::train::config::TrainConfig;
use crate::train::options::MAX_WORKERS;

/// The largest run log read, in bytes (checked before parsing; the page can check a picked
/// file's size against it before reading it). A 10-epoch run of the defaults (9,380 batches)
/// writes a JSON log of about 0.7 MB and a CSV one of about 0.16 MB, so this holds over a hundred
/// such epochs.
pub const MAX_LOG_BYTES: usize = 8 << 20;

/// MNIST's training images: the most an epoch goes through.
const TRAIN_IMAGES: usize = 60_000;

/// MNIST's test images: the most an evaluation counts.
const TEST_IMAGES: usize = 10_000;

/// How far an epoch number may pass the run's epochs (rounding of `batches / per epoch`).
const EPOCH_SLACK: f64 = 1e-9;

/// The most characters of a bad CSV row quoted back in a refusal.
const QUOTED: usize = 40;

/// The most characters of the JSON reader's complaint kept in a refusal (it may quote the file
/// at any length).
const COMPLAINT: usize = 200;

/// The most characters of a log's device (and app) kept in its record.
const DEVICE: usize = 200;

/// A run log as read, before its figures are checked.
struct Log {
    log: RunLog,
    /// Whether the settings are the log's own (JSON), not assumed (CSV).
    known: bool,
}

/// Reads the run log `name` (JSON or CSV) as a run imported at `now_ms`, its losses and test
/// results thinned to [`MAX_POINTS`]; refuses, naming the file and what is wrong, a text larger
/// than [`MAX_LOG_BYTES`], one that is not a run log, and one whose figures no run can have.
pub fn read(name: &str, text: &str, now_ms: f64) -> Result<RunRecord, AppError> {
    let bad = |reason: String| AppError::RunLog { name: name.into(), reason };
    // Checked before parsing, with the words the page uses for a picked file too large to read.
    if text.len() > MAX_LOG_BYTES {
        return Err(AppError::TooLarge { name: name.into(), max_mb: (MAX_LOG_BYTES >> 20) as u64 });
    }
    let log = if text.trim_start().starts_with('{') { json(text) } else { csv(text) }.map_err(bad)?;
    check(&log).map_err(bad)?;
    Ok(record(name, log, now_ms))
}

/// The JSON log: its settings, device and batches per epoch are its own.
fn json(text: &str) -> Result<Log, String> {
    let log: RunLog =
        serde_json::from_str(text).map_err(|e| format!("it is not a run log of this app ({})", cut(&e.to_string(), COMPLAINT)))?;
    let device = if log.app.is_empty() { log.device } else { format!("{} ({})", log.device, log.app) };
    let device = cut(&device, DEVICE);
    Ok(Log { log: RunLog { device, ..log }, known: true })
}

/// The CSV log: `epoch,batch,loss` rows under that header. It has no settings: the defaults,
/// with the epochs it counts; its batches per epoch are those of its first epoch.
fn csv(text: &str) -> Result<Log, String> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    if lines.next() != Some("epoch,batch,loss") {
        return Err("it is neither a JSON run log nor a CSV one (its first line is not epoch,batch,loss)".into());
    }
    let batches = lines.enumerate().map(|(i, line)| row(i + 2, line)).collect::<Result<Vec<LogBatch>, String>>()?;
    let first = batches.iter().filter(|b| b.epoch == 1).map(|b| b.batch).max();
    let per_epoch = first.unwrap_or_else(|| batches.iter().map(|b| b.batch).max().unwrap_or(0));
    let epochs = batches.iter().map(|b| b.epoch).max().unwrap_or(1).max(1);
    if epochs > 1 && first.is_none() {
        return Err("its batches do not start at epoch 1".into());
    }
    let settings = TrainConfig { epochs, ..TrainConfig::default() };
    crate::train::options::validate(&settings).map_err(|e| format!("it counts {epochs} epochs, more than a run can have ({e})"))?;
    let device = String::from("unknown (a CSV log has no settings)");
    let log = RunLog { app: String::new(), settings, workers: 1, device, batches_per_epoch: per_epoch, batches, epochs: Vec::new() };
    Ok(Log { log, known: false })
}

/// Row `n` (from 1, the header's included) of a CSV log.
fn row(n: usize, line: &str) -> Result<LogBatch, String> {
    let wrong = || format!("row {n} ({:?}) is not epoch,batch,loss", cut(line, QUOTED));
    match line.splitn(4, ',').collect::<Vec<_>>().as_slice() {
        [e, b, l] => Ok(LogBatch {
            epoch: e.trim().parse().map_err(|_| wrong())?,
            batch: b.trim().parse().map_err(|_| wrong())?,
            loss: l.trim().parse().map_err(|_| wrong())?,
        }),
        _ => Err(wrong()),
    }
}

/// `n` and the word for one or for many: "1 epoch", "2 epochs".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What no run of this app can have: settings out of range, batches per epoch that its training
/// images cannot make, batches out of order or out of the run, test results out of range.
fn check(Log { log, known }: &Log) -> Result<(), String> {
    if *known {
        crate::train::options::validate(&log.settings).map_err(|e| format!("its settings are not this app's ({e})"))?;
    }
    if log.batches.is_empty() {
        return Err("it holds no batches".into());
    }
    if log.workers > MAX_WORKERS {
        return Err(format!("it claims {} workers shared the batches; a run has 1 to {MAX_WORKERS}", log.workers));
    }
    check_per_epoch(log, *known)?;
    check_batches(&log.batches, log.settings.epochs, log.batches_per_epoch)?;
    check_evals(&log.epochs, &log.settings)
}

/// The batches per epoch: at least one, and at most what the settings' training images make (any
/// batch size when the settings are not the log's own).
fn check_per_epoch(log: &RunLog, known: bool) -> Result<(), String> {
    let per = log.batches_per_epoch;
    if per == 0 {
        return Err("it claims 0 batches per epoch".into());
    }
    let (images, batch) = if known {
        (log.settings.train_images.unwrap_or(TRAIN_IMAGES).min(TRAIN_IMAGES), log.settings.batch.max(1))
    } else {
        (TRAIN_IMAGES, 1)
    };
    let most = images.div_ceil(batch);
    if per > most {
        let images = count(images, "training image", "training images");
        return Err(format!("it claims {per} batches per epoch, but {images} in batches of {batch} make at most {most}"));
    }
    Ok(())
}

/// Every batch (there are some): numbered within the run's `epochs` and `per_epoch` batches, in
/// order, with a finite loss of 0 or more; no more of them than the run has.
fn check_batches(batches: &[LogBatch], epochs: usize, per_epoch: usize) -> Result<(), String> {
    let most = epochs.saturating_mul(per_epoch);
    if batches.len() > most {
        let (n, epochs, per) =
            (count(batches.len(), "batch", "batches"), count(epochs, "epoch", "epochs"), count(per_epoch, "batch", "batches"));
        return Err(format!("it holds {n}, more than {epochs} of {per}"));
    }
    let mut last: Option<(usize, usize)> = None;
    for b in batches {
        check_batch(b, epochs, per_epoch)?;
        check_order(last, (b.epoch, b.batch))?;
        last = Some((b.epoch, b.batch));
    }
    Ok(())
}

/// One batch's numbers and loss.
fn check_batch(b: &LogBatch, epochs: usize, per_epoch: usize) -> Result<(), String> {
    let (e, n, loss) = (b.epoch, b.batch, b.loss);
    if e == 0 {
        return Err(format!("batch {n} claims epoch 0, but epochs count from 1"));
    }
    if e > epochs {
        return Err(format!("batch {n} of epoch {e} is beyond the run's {}", count(epochs, "epoch", "epochs")));
    }
    if n == 0 {
        return Err(format!("epoch {e} has a batch 0, but batches count from 1"));
    }
    if n > per_epoch {
        return Err(format!("batch {n} of epoch {e} is beyond the {} of an epoch", count(per_epoch, "batch", "batches")));
    }
    if loss.is_nan() {
        return Err(format!("batch {n} of epoch {e} has a loss that is not a number ({loss})"));
    }
    if loss.is_infinite() {
        return Err(format!("batch {n} of epoch {e} has an infinite loss ({loss})"));
    }
    if loss < 0.0 {
        return Err(format!("batch {n} of epoch {e} has a negative loss ({loss}); a loss is 0 or more"));
    }
    Ok(())
}

/// Batch (`epoch`, `batch`) after `last`: later, never the same or earlier.
fn check_order(last: Option<(usize, usize)>, (e, n): (usize, usize)) -> Result<(), String> {
    let Some((le, ln)) = last.filter(|&l| l >= (e, n)) else { return Ok(()) };
    Err(if (le, ln) == (e, n) {
        format!("batch {n} of epoch {e} appears twice")
    } else if le > e {
        format!("the epochs go backwards: batch {n} of epoch {e} comes after batch {ln} of epoch {le}")
    } else {
        format!("the batches go backwards: batch {n} of epoch {e} comes after batch {ln}")
    })
}

/// The test results: epochs above 0, in order, within the run's; accuracies 0–100; losses
/// finite, 0 or more; the counts, where given, agreeing with the accuracy.
fn check_evals(evals: &[LogEpoch], settings: &TrainConfig) -> Result<(), String> {
    let mut last = 0.0;
    for ev in evals {
        let e = ev.epoch;
        if !(e.is_finite() && e > 0.0) {
            return Err(format!("a test result claims epoch {e}, but epochs are numbers above 0"));
        }
        if e > settings.epochs as f64 + EPOCH_SLACK {
            return Err(format!("epoch {e} has a test result, but the run had {}", count(settings.epochs, "epoch", "epochs")));
        }
        if e < last {
            return Err(format!("the test results go backwards: epoch {e} comes after epoch {last}"));
        }
        last = e;
        check_eval(ev, settings)?;
    }
    Ok(())
}

/// One test result's accuracy, loss and counts.
fn check_eval(ev: &LogEpoch, settings: &TrainConfig) -> Result<(), String> {
    let (e, acc, loss) = (ev.epoch, ev.test_accuracy, ev.test_loss);
    if !(0.0..=100.0).contains(&acc) {
        return Err(format!("epoch {e} claims a test accuracy of {acc}%, outside 0–100"));
    }
    if !loss.is_finite() {
        return Err(format!("epoch {e} claims a test loss that is not a number ({loss})"));
    }
    if loss < 0.0 {
        return Err(format!("epoch {e} claims a negative test loss ({loss}); a loss is 0 or more"));
    }
    let (Some(correct), Some(total)) = (ev.correct, ev.total) else { return Ok(()) };
    let tested = settings.test_images.unwrap_or(TEST_IMAGES).min(TEST_IMAGES);
    if total == 0 || total > tested {
        return Err(format!("epoch {e} claims {total} test images, but the run tested on 1 to {tested}"));
    }
    if correct > total {
        return Err(format!("epoch {e} claims {correct} of {total} test images right"));
    }
    // Within one image (logs of kept runs written by earlier versions rounded the count from the
    // accuracy).
    let counted = 100.0 * correct as f64 / total as f64;
    if (acc - counted).abs() > 100.0 / total as f64 + 1e-6 {
        return Err(format!("epoch {e} claims a test accuracy of {acc}%, but {correct} of {total} right is {counted:.2}%"));
    }
    Ok(())
}

/// The record of a checked log: its losses thinned to [`MAX_POINTS`], its test results too.
fn record(name: &str, Log { log, .. }: Log, now_ms: f64) -> RunRecord {
    let losses: Vec<f32> = log.batches.iter().map(|b| b.loss).collect();
    let evals = log.epoch_results();
    let settings = log.settings;
    RunRecord {
        id: format!("i{}", now_ms as u64),
        name: format!("{} ({})", settings_name(&settings), printable(name)),
        pinned: false,
        started_ms: now_ms,
        seconds: 0.0,
        workers: log.workers.max(1),
        lr: RunRecord::schedule(&settings),
        settings,
        device: log.device,
        outcome: Outcome::Imported,
        batches: losses.len(),
        batches_per_epoch: log.batches_per_epoch,
        losses: thin(&losses, MAX_POINTS),
        evals: thin_evals(&evals, MAX_POINTS),
        confusion: Vec::new(),
        images_per_sec: 0.0,
        has_weights: false,
    }
}

/// At most `max` of `evals`, evenly spread, the first and the last kept (each one a measurement,
/// not averaged).
fn thin_evals(evals: &[EpochResult], max: usize) -> Vec<EpochResult> {
    let n = evals.len();
    if n <= max {
        return evals.to_vec();
    }
    if max < 2 {
        return evals.last().into_iter().take(max).copied().collect();
    }
    // In u64: k·(n − 1) overflows a 32-bit usize for a long list.
    (0..max).map(|k| evals[(k as u64 * (n as u64 - 1) / (max as u64 - 1)) as usize]).collect()
}
