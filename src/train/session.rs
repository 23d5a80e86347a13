//! A whole training run (epochs of shuffled batches, evaluations, progress, checkpoints),
//! written once for the browser worker and the native command. The host yields, pauses and
//! receives reports. A run starts fresh or from a [`Checkpoint`], and continues it exactly.
use crate::base::error::{AppError, Result};
use crate::base::rng::SplitMix64;
use crate::data::augment::epoch_rng;
use crate::data::dataset::{Dataset, batch_count, epoch_order};
use crate::model::network::Cnn;
use crate::train::checkpoint::{Checkpoint, History, Position};
use crate::train::config::TrainConfig;
use crate::train::dropout::Dropout;
use crate::train::event::{Event, Progress};
use crate::train::gallery::Gallery;
use crate::train::parallel::helpers::Helpers;
use crate::train::parallel::{self, Batch};
use crate::train::results::EvalResult;
use crate::train::start::Start;
use crate::train::trainer::{Trainer, read_losses};
use burn::prelude::*;

/// What the host tells the run between two batches.
pub enum Control {
    /// Go on; `paused_ms` is how long the host held the run paused (not counted as training time).
    Continue {
        paused_ms: f64,
    },
    Stop,
}

/// The session's host: its clock, reports and records, and the helper workers it may have.
pub trait Host: Helpers {
    /// Called between batches: yield to the event loop, wait while paused, or ask to stop.
    fn between_batches(&mut self) -> impl std::future::Future<Output = Control>;
    fn report(&mut self, event: Event);
    /// A checkpoint to keep (the latest replaces the earlier ones).
    fn checkpoint(&mut self, _checkpoint: Checkpoint) {}
    /// The weights as they are now (to look inside the network while it trains).
    fn snapshot(&mut self, _net: &crate::model::net::Net, _flat: &[f32]) {}
    /// A monotonic clock in milliseconds.
    fn now_ms(&self) -> f64;
    /// Memory in use (MB): the wasm heap in the browser, the resident set natively.
    fn memory_mb(&self) -> f64 {
        0.0
    }
}

/// How often losses are read back: at most every `read_ms`, at least every `max_pending` batches;
/// checkpoints after every epoch and at most every `checkpoint_ms` between (`None`: never);
/// snapshots of the weights at the start, after every epoch and at most every `snapshot_ms`.
#[derive(Clone, Debug)]
pub struct ReadPolicy {
    pub read_ms: f64,
    pub max_pending: usize,
    /// Stop after this many batches in all (quick comparisons).
    pub max_batches: Option<usize>,
    pub checkpoint_ms: Option<f64>,
    pub snapshot_ms: Option<f64>,
}

impl Default for ReadPolicy {
    fn default() -> Self {
        Self { read_ms: 250.0, max_pending: 32, max_batches: None, checkpoint_ms: None, snapshot_ms: None }
    }
}

/// A finished (or stopped) run: the trained model and its last evaluation (epochs, result).
pub struct Outcome {
    pub model: Cnn,
    pub last_eval: Option<(f64, EvalResult)>,
    /// Every evaluation of the run (a continued run's earlier ones too).
    pub evals: Vec<(f64, EvalResult)>,
}

/// Trains from `start` and returns the trained model.
pub async fn run(
    config: &TrainConfig,
    train: &Dataset,
    test: &Dataset,
    start: Start,
    policy: &ReadPolicy,
    host: &mut impl Host,
) -> Result<Outcome> {
    crate::train::options::validate(config)?;
    // The subsets asked for (`train_images`, `test_images`), copied only when smaller.
    let (train_part, test_part) = (subset(train, config.train_images), subset(test, config.test_images));
    let (train, test) = (train_part.as_ref().unwrap_or(train), test_part.as_ref().unwrap_or(test));
    let classes = start.model.net().classes();
    for (set, name) in [(train, "the training set"), (test, "the test set")] {
        if set.is_empty() {
            return Err(AppError::DataEmpty { name: name.into() });
        }
        // The network has one output per class: a label beyond them has no output to learn.
        if let Some((index, &label)) = set.labels.iter().enumerate().find(|(_, l)| **l as usize >= classes) {
            return Err(AppError::IdxBadLabel { name: name.into(), index, label, classes });
        }
    }
    let device = start.model.devices().into_iter().next().expect("the model has parameters");
    let per_epoch = batch_count(train.len(), config.batch);
    let total = policy.max_batches.map_or(per_epoch * config.epochs, |m| m.min(per_epoch * config.epochs));
    // A checkpoint at or past the end would "continue" without training and hand back its
    // weights as trained.
    if start.position.done >= total {
        return Err(AppError::CheckpointPastEnd { done: start.position.done, total });
    }
    let mut run = Run {
        config,
        trainer: Trainer::resumed(start.model, start.optimizer, config.lr),
        history: start.history,
        clock: Clock { start: host.now_ms(), paused: 0.0, first_done: start.position.done },
        pending: Vec::new(),
        last_read: host.now_ms(),
        last_checkpoint: host.now_ms(),
        last_snapshot: f64::NEG_INFINITY,
        per_epoch,
        total,
    };
    let (mut done, mut stopped) = (start.position.done, false);
    let mut rng_state = Some(start.position.rng).filter(|_| done % per_epoch != 0);
    let snapshot_due = |run: &Run, done: usize, now: f64| {
        policy.snapshot_ms.is_some_and(|ms| done < total && (done.is_multiple_of(per_epoch) || now - run.last_snapshot >= ms))
    };
    if snapshot_due(&run, done, host.now_ms()) {
        run.snapshot(None, host).await?;
    }
    'epochs: while done < total {
        let epoch = done / per_epoch;
        let order = epoch_order(train.len(), config.seed, epoch);
        run.trainer.set_lr(config.lr_at(epoch));
        let mut rng = rng_state.take().map_or_else(|| epoch_rng(config.seed, epoch), SplitMix64::new);
        for chunk in order.chunks(config.batch).skip(done % per_epoch) {
            let (pixels, labels) = if config.augment.is_on() {
                train.gather_with(chunk, |image| config.augment.apply(image, &mut rng))
            } else {
                train.gather_with(chunk, |image| image.try_into().expect("784 pixels"))
            };
            // The masks of batch `done`, drawn from the seed: a continued run draws the same.
            let dropout = Dropout::of_batch(config, done);
            let loss = parallel::step(&mut run.trainer, &Batch { pixels, labels }, done, dropout, host).await?;
            run.pending.push(loss);
            device.flush()?; // one submit per step: the GPU starts while the next is encoded
            done += 1;
            let end_of_epoch = done.is_multiple_of(per_epoch) || done == total;
            if end_of_epoch || run.pending.len() >= policy.max_pending || host.now_ms() - run.last_read >= policy.read_ms {
                run.read_losses(done, host).await?;
            }
            if done.is_multiple_of(per_epoch) {
                run.evaluate(test, done, host).await?;
            }
            let checkpoint_due =
                policy.checkpoint_ms.is_some_and(|ms| done.is_multiple_of(per_epoch) || host.now_ms() - run.last_checkpoint >= ms);
            // The weights a checkpoint has just read serve the snapshot too (one read, not two).
            let mut weights = None;
            if checkpoint_due && done < total {
                run.read_losses(done, host).await?;
                weights = Some(run.checkpoint(Position { done, rng: rng.state() }, host).await?);
            }
            if snapshot_due(&run, done, host.now_ms()) {
                run.snapshot(weights, host).await?;
            }
            match host.between_batches().await {
                Control::Continue { paused_ms } => run.clock.paused += paused_ms,
                Control::Stop => {
                    stopped = true;
                    break 'epochs;
                }
            }
            if done == total {
                break 'epochs;
            }
        }
    }
    run.read_losses(done, host).await?;
    if !done.is_multiple_of(per_epoch) {
        run.evaluate(test, done, host).await?;
    }
    host.report(Event::Done { stopped });
    let last_eval = run.history.evals.last().cloned();
    Ok(Outcome { model: run.trainer.model().clone(), last_eval, evals: run.history.evals })
}

/// A run in progress.
struct Run<'a> {
    config: &'a TrainConfig,
    trainer: Trainer,
    history: History,
    clock: Clock,
    /// Losses of the batches after `history.losses`, not read yet.
    pending: Vec<Tensor<1>>,
    last_read: f64,
    last_checkpoint: f64,
    last_snapshot: f64,
    per_epoch: usize,
    total: usize,
}

impl Run<'_> {
    /// Reads the pending losses (one transfer) and reports them with the progress.
    async fn read_losses(&mut self, done: usize, host: &mut impl Host) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let first = self.history.losses.len();
        let losses = read_losses(std::mem::take(&mut self.pending)).await?;
        // A loss that is not a number stops the run before it reaches a checkpoint or the page.
        if let Some(i) = losses.iter().position(|l| !l.is_finite()) {
            return Err(self.not_finite(first + i));
        }
        self.history.losses.extend(&losses);
        self.last_read = host.now_ms();
        let mut progress = progress_at(self.config, &self.clock, self.last_read, done, self.per_epoch, self.total);
        progress.memory_mb = host.memory_mb();
        host.report(Event::Losses { first, losses, progress });
        Ok(())
    }

    /// Evaluates on the test set after `done` batches.
    async fn evaluate(&mut self, test: &Dataset, done: usize, host: &mut impl Host) -> Result<()> {
        let epoch = done as f64 / self.per_epoch as f64;
        let (result, predictions) = parallel::evaluate(self.trainer.model(), test, self.config.batch, done, host).await?;
        self.history.evals.push((epoch, result.clone()));
        host.report(Event::Eval { epoch, result, gallery: Gallery::build(test, &predictions, self.config.seed) });
        Ok(())
    }

    /// The run stops at batch `index` (from 0 over the whole run): its loss or weights are no
    /// longer numbers.
    fn not_finite(&self, index: usize) -> AppError {
        AppError::NotFinite { batch: index % self.per_epoch + 1, epoch: index / self.per_epoch + 1 }
    }

    /// Hands the host a checkpoint of the run at `position` (the losses read up to it); returns
    /// its weights.
    async fn checkpoint(&mut self, position: Position, host: &mut impl Host) -> Result<Vec<f32>> {
        let (weights, m, v, steps) = self.trainer.read_state().await?;
        if weights.iter().chain(&m).chain(&v).any(|x| !x.is_finite()) {
            // The last good checkpoint stays the one kept.
            return Err(self.not_finite(position.done.saturating_sub(1)));
        }
        let history = self.history.clone();
        host.checkpoint(Checkpoint { config: self.config.clone(), weights: weights.clone(), m, v, steps, position, history });
        self.last_checkpoint = host.now_ms();
        Ok(weights)
    }

    /// Hands the host the weights as they are now: `read`, or else read asynchronously.
    async fn snapshot(&mut self, read: Option<Vec<f32>>, host: &mut impl Host) -> Result<()> {
        let flat = match read {
            Some(w) => w,
            None => crate::model::flat::read_flat(self.trainer.model()).await?,
        };
        // Weights gone bad are not shown (the loss check stops the run at its next read).
        if flat.iter().all(|x| x.is_finite()) {
            host.snapshot(&self.config.net, &flat);
        }
        self.last_snapshot = host.now_ms();
        Ok(())
    }
}

struct Clock {
    start: f64,
    paused: f64,
    /// Batches done before this session started (a continued run's).
    first_done: usize,
}

/// The first `n` examples of `set` when that is fewer than all of them.
fn subset(set: &Dataset, n: Option<usize>) -> Option<Dataset> {
    n.filter(|&n| n < set.len()).map(|n| set.first(n))
}

fn progress_at(config: &TrainConfig, clock: &Clock, now: f64, done: usize, per_epoch: usize, total: usize) -> Progress {
    let secs = ((now - clock.start - clock.paused) / 1000.0).max(1e-9);
    let this_session = done.saturating_sub(clock.first_done);
    let epoch = (done.max(1) - 1) / per_epoch;
    Progress {
        epoch: epoch + 1,
        epochs: config.epochs,
        batch: done - epoch * per_epoch,
        batches_per_epoch: per_epoch,
        images_per_sec: (this_session * config.batch) as f64 / secs,
        eta_s: secs / this_session.max(1) as f64 * (total - done) as f64,
        lr: config.lr_at(epoch),
        memory_mb: 0.0,
    }
}
