//! A run as the runs panel keeps it: its settings, device and time, every epoch's test result,
//! its batch losses thinned to at most [`MAX_POINTS`], its last confusion matrix, and whether its
//! weights were kept beside it.
use crate::train::config::TrainConfig;
use crate::train::results::EvalResult;
use serde::{Deserialize, Serialize};

/// The most batch losses a record keeps (a 10-epoch run has 9,380), and the most test results
/// it keeps of an imported log.
pub const MAX_POINTS: usize = 2_000;

/// How a run ended, or where it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Finished,
    Stopped,
    /// Read from a run log (`train --log`, or downloaded from another browser).
    Imported,
}

/// One epoch's test result (fractional when a run stopped mid-epoch).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct EpochResult {
    pub epoch: f64,
    pub accuracy: f64,
    pub loss: f64,
    /// The test images read right and read, where known (records kept before these were, and
    /// logs without them, have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// Unique in this browser ("r" and the start time in ms).
    pub id: String,
    pub name: String,
    pub pinned: bool,
    /// When it started (ms since 1970) and how long it trained (s).
    pub started_ms: f64,
    pub seconds: f64,
    pub settings: TrainConfig,
    /// The device in words, and the workers that shared the CPU's batches (1 on a GPU).
    pub device: String,
    pub workers: usize,
    pub outcome: Outcome,
    pub batches: usize,
    pub batches_per_epoch: usize,
    /// (global batch from 1, loss), thinned to at most [`MAX_POINTS`].
    pub losses: Vec<(f64, f32)>,
    pub evals: Vec<EpochResult>,
    /// The last evaluation's 10×10 counts (row: true digit), when it had them.
    pub confusion: Vec<u32>,
    /// Mean images per second over the run.
    pub images_per_sec: f64,
    /// The learning rate of each epoch (its schedule), as (epoch from 1, rate).
    #[serde(default)]
    pub lr: Vec<(usize, f64)>,
    pub has_weights: bool,
}

impl RunRecord {
    /// The best and the last test accuracy (%).
    pub fn accuracy(&self) -> Option<(f64, f64)> {
        let best = self.evals.iter().map(|e| e.accuracy).fold(None, |b: Option<f64>, a| Some(b.map_or(a, |b| b.max(a))))?;
        Some((best, self.evals.last()?.accuracy))
    }

    /// The learning rate of each of `config`'s epochs.
    pub fn schedule(config: &TrainConfig) -> Vec<(usize, f64)> {
        (1..=config.epochs).map(|e| (e, config.lr_at(e - 1))).collect() // lr_at counts epochs from 0
    }

    /// Every epoch's result from the page's evaluations.
    pub fn epochs(evals: &[(f64, EvalResult)]) -> Vec<EpochResult> {
        evals
            .iter()
            .map(|(epoch, r)| EpochResult {
                epoch: *epoch,
                accuracy: r.accuracy,
                loss: r.loss,
                correct: Some(r.correct),
                total: Some(r.total),
            })
            .collect()
    }
}

/// `losses` (batch i is batch i + 1) as at most `max` points: each the mean of a run of
/// consecutive batches, placed at their mean position; the first and last batches kept as they are.
pub fn thin(losses: &[f32], max: usize) -> Vec<(f64, f32)> {
    let n = losses.len();
    if n <= max || max < 3 {
        return losses.iter().enumerate().map(|(i, &l)| ((i + 1) as f64, l)).collect();
    }
    let inner = max - 2; // buckets between the first and the last batch
    let mut out = vec![(1.0, losses[0])];
    for b in 0..inner {
        // In u64: b·(n − 2) overflows a 32-bit usize for a long imported log.
        let at = |b: usize| 1 + (b as u64 * (n as u64 - 2) / inner as u64) as usize;
        let (from, to) = (at(b), at(b + 1));
        let bucket = &losses[from..to];
        let mean = bucket.iter().map(|&l| l as f64).sum::<f64>() / bucket.len() as f64;
        out.push(((from + to + 1) as f64 / 2.0, mean as f32));
    }
    out.push((n as f64, losses[n - 1]));
    out
}

/// Which runs' weights go first when storage is full: the oldest unpinned runs that kept them.
pub fn weights_to_drop(runs: &[RunRecord]) -> Vec<String> {
    let mut candidates: Vec<&RunRecord> = runs.iter().filter(|r| r.has_weights && !r.pinned).collect();
    candidates.sort_by(|a, b| a.started_ms.total_cmp(&b.started_ms));
    candidates.into_iter().map(|r| r.id.clone()).collect()
}

/// Does `write`; while storage is full (the browser's `QuotaExceededError`), the weights of the
/// oldest unpinned run of `runs` that has some (never run `id`'s) go with `drop_weights`, one at
/// a time, and it tries again. Returns the write's result and the runs whose weights went (by id,
/// marked in `runs`). Ends: each try drops one run's weights, or gives up with the error.
pub async fn make_room<W, WF, D, DF>(runs: &mut [RunRecord], id: &str, write: W, mut drop_weights: D) -> (Result<(), String>, Vec<String>)
where
    W: Fn() -> WF,
    WF: std::future::Future<Output = Result<(), String>>,
    D: FnMut(String) -> DF,
    DF: std::future::Future<Output = ()>,
{
    let mut dropped = Vec::new();
    loop {
        match write().await {
            Ok(()) => return (Ok(()), dropped),
            Err(why) if !why.starts_with("QuotaExceededError") => return (Err(why), dropped),
            Err(why) => {
                let Some(victim) = weights_to_drop(runs).into_iter().find(|v| v != id) else { return (Err(why), dropped) };
                drop_weights(victim.clone()).await;
                if let Some(r) = runs.iter_mut().find(|r| r.id == victim) {
                    r.has_weights = false;
                }
                dropped.push(victim);
            }
        }
    }
}
