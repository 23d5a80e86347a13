//! A whole training run (epochs of shuffled batches, evaluations, progress), written once for
//! the browser worker and the native command. The host yields, pauses and receives reports.
use crate::augment::epoch_rng;
use crate::data::{Dataset, batch_count, epoch_order};
use crate::error::Result;
use crate::eval::{EvalResult, evaluate_full};
use crate::gallery::Gallery;
use crate::model::Cnn;
use crate::protocol::{Event, Progress};
use crate::train::{TrainConfig, Trainer, read_losses};
use burn::prelude::*;

/// What the host tells the run between two batches.
pub enum Control {
    /// Go on; `paused_ms` is how long the host held the run paused (not counted as training time).
    Continue {
        paused_ms: f64,
    },
    Stop,
}

pub trait Host {
    /// Called between batches: yield to the event loop, wait while paused, or ask to stop.
    fn between_batches(&mut self) -> impl std::future::Future<Output = Control>;
    fn report(&mut self, event: Event);
    /// A monotonic clock in milliseconds.
    fn now_ms(&self) -> f64;
    /// Memory in use (MB): the wasm heap in the browser, the resident set natively.
    fn memory_mb(&self) -> f64 {
        0.0
    }
}

/// How often losses are read back: at most every `read_ms`, at least every `max_pending` batches.
#[derive(Clone, Debug)]
pub struct ReadPolicy {
    pub read_ms: f64,
    pub max_pending: usize,
    /// Stop after this many batches in all (quick comparisons).
    pub max_batches: Option<usize>,
}

impl Default for ReadPolicy {
    fn default() -> Self {
        Self { read_ms: 250.0, max_pending: 32, max_batches: None }
    }
}

struct Clock {
    start: f64,
    paused: f64,
}

/// Trains `model` (already on an autodiff device) and returns the trained model.
/// A finished (or stopped) run: the trained model and its last evaluation (epochs, result).
pub struct Outcome {
    pub model: Cnn,
    pub last_eval: Option<(f64, EvalResult)>,
}

pub async fn run(
    config: &TrainConfig,
    train: &Dataset,
    test: &Dataset,
    model: Cnn,
    policy: &ReadPolicy,
    host: &mut impl Host,
) -> Result<Outcome> {
    config.validate()?;
    // The subsets asked for (`train_images`, `test_images`), copied only when smaller.
    let (train_part, test_part) = (subset(train, config.train_images), subset(test, config.test_images));
    let (train, test) = (train_part.as_ref().unwrap_or(train), test_part.as_ref().unwrap_or(test));
    let device = model.devices().into_iter().next().expect("the model has parameters");
    let per_epoch = batch_count(train.len(), config.batch);
    let total = per_epoch * config.epochs;
    let total = policy.max_batches.map_or(total, |m| m.min(total));
    device.seed(config.seed); // dropout's masks: the same seed gives the same run
    let mut trainer = Trainer::new(model, config.lr);
    let mut clock = Clock { start: host.now_ms(), paused: 0.0 };
    let (mut pending, mut first_pending, mut last_read) = (Vec::new(), 0, host.now_ms());
    let mut done = 0;
    let mut stopped = false;
    let mut last_eval = None;
    'epochs: for epoch in 0..config.epochs {
        let order = epoch_order(train.len(), config.seed, epoch);
        trainer.set_lr(config.lr_at(epoch));
        let mut rng = epoch_rng(config.seed, epoch);
        for (b, chunk) in order.chunks(config.batch).enumerate() {
            if done == total {
                break 'epochs;
            }
            let (x, y) = if config.augment.is_on() {
                train.batch_with(chunk, |image| config.augment.apply(image, &mut rng), &device)
            } else {
                train.batch(chunk, &device)
            };
            pending.push(trainer.step(x, y));
            device.flush()?; // one submit per step: the GPU starts while the next is encoded
            done += 1;
            let end_of_epoch = b + 1 == per_epoch || done == total;
            if end_of_epoch || pending.len() >= policy.max_pending || host.now_ms() - last_read >= policy.read_ms {
                let losses = read_losses(std::mem::take(&mut pending)).await?;
                last_read = host.now_ms();
                let mut progress = progress_at(config, &clock, last_read, epoch, b + 1, per_epoch, done, total);
                progress.memory_mb = host.memory_mb();
                host.report(Event::Losses { first: first_pending, losses, progress });
                first_pending = done;
            }
            if end_of_epoch && done % per_epoch == 0 {
                let event = eval_event(trainer.model(), test, config, (epoch + 1) as f64).await?;
                last_eval = last_of(&event).or(last_eval);
                host.report(event);
            }
            match host.between_batches().await {
                Control::Continue { paused_ms } => clock.paused += paused_ms,
                Control::Stop => {
                    stopped = true;
                    break 'epochs;
                }
            }
        }
    }
    if !pending.is_empty() {
        let losses = read_losses(std::mem::take(&mut pending)).await?;
        let progress = progress_at(config, &clock, host.now_ms(), done / per_epoch, done % per_epoch, per_epoch, done, total);
        host.report(Event::Losses { first: first_pending, losses, progress });
    }
    if done % per_epoch != 0 {
        let event = eval_event(trainer.model(), test, config, done as f64 / per_epoch as f64).await?;
        last_eval = last_of(&event).or(last_eval);
        host.report(event);
    }
    host.report(Event::Done { stopped });
    Ok(Outcome { model: trainer.model().clone(), last_eval })
}

/// The epoch and result of an evaluation event.
fn last_of(event: &Event) -> Option<(f64, EvalResult)> {
    match event {
        Event::Eval { epoch, result, .. } => Some((*epoch, result.clone())),
        _ => None,
    }
}

/// The first `n` examples of `set` when that is fewer than all of them.
fn subset(set: &Dataset, n: Option<usize>) -> Option<Dataset> {
    n.filter(|&n| n < set.len()).map(|n| set.first(n))
}

/// Evaluates on the test set and builds the gallery of mistakes and samples.
async fn eval_event(model: &Cnn, test: &Dataset, config: &TrainConfig, epoch: f64) -> Result<Event> {
    let (result, predictions) = evaluate_full(model, test, config.batch).await?;
    Ok(Event::Eval { epoch, result, gallery: Gallery::build(test, &predictions, config.seed) })
}

#[allow(clippy::too_many_arguments)]
fn progress_at(
    config: &TrainConfig,
    clock: &Clock,
    now: f64,
    epoch: usize,
    batch: usize,
    per_epoch: usize,
    done: usize,
    total: usize,
) -> Progress {
    let secs = ((now - clock.start - clock.paused) / 1000.0).max(1e-9);
    let images = (done * config.batch) as f64;
    Progress {
        epoch: epoch + 1,
        epochs: config.epochs,
        batch,
        batches_per_epoch: per_epoch,
        images_per_sec: images / secs,
        eta_s: secs / done.max(1) as f64 * (total - done) as f64,
        lr: config.lr_at(epoch),
        memory_mb: 0.0,
    }
}
