//! Training-speed benchmark, shared by the page's `?bench=train` and the native `train --bench`:
//! warm-up batches first (shader compilation, allocation), then timed batches two ways.
use crate::data::{epoch_order, Dataset};
use crate::error::Result;
use crate::train::{read_losses, Trainer};
use crate::weights;
use burn::prelude::*;
use serde::{Deserialize, Serialize};

/// What `?bench=` measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BenchKind {
    /// Training batches per second (`&batches=N&backend=webgpu|cpu`).
    Train,
    /// Canvas-to-probabilities latency of single images.
    Infer,
    /// Data download + decode time and start-up time.
    Load,
}

impl BenchKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "train" => Some(Self::Train),
            "infer" => Some(Self::Infer),
            "load" => Some(Self::Load),
            _ => None,
        }
    }
}

/// Latency of reading one drawn digit (`?bench=infer`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InferBench {
    pub backend: String,
    pub reads: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub max_ms: f64,
}

/// Start-up figures (`?bench=load`), milliseconds from navigation start unless said otherwise.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoadBench {
    /// The app's wasm is running (page module compiled and started).
    pub wasm_start_ms: f64,
    /// The pretrained model reads the canvas.
    pub model_ready_ms: f64,
    /// Download + gunzip + parse of the four MNIST files (duration, in the worker).
    pub data_ms: f64,
    pub data_bytes: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainBench {
    pub backend: String,
    pub adapter: String,
    pub batch: usize,
    pub warmup: usize,
    pub batches: usize,
    /// Each timed batch on its own: step, then wait for its loss (the latency of one batch).
    pub median_ms: f64,
    pub min_ms: f64,
    pub max_ms: f64,
    /// Images per second of the synced batches (batch / median).
    pub images_per_sec: f64,
    /// The same number of batches back to back with one loss read at the end (as training runs).
    pub pipelined_images_per_sec: f64,
    pub first_loss: f32,
    pub last_loss: f32,
    /// Where a step's time goes (medians, each phase waited for): the forward pass with the
    /// loss, the backward pass, and the optimiser update as the rest of a step (the step's
    /// median less the other two, from separate batches: noisy, never below 0).
    pub forward_ms: f64,
    pub backward_ms: f64,
    pub optimizer_ms: f64,
}

/// Quantile `q` (0–1) of `v`, nearest rank.
pub fn quantile(v: &[f64], q: f64) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    s.get(((s.len() as f64 - 1.0) * q).round() as usize).copied().unwrap_or(f64::NAN)
}

/// Median of `v` (the mean of the middle two for an even count).
pub fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    match s.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => s[n / 2],
        n => (s[n / 2 - 1] + s[n / 2]) / 2.0,
    }
}

/// Trains the tutorial network (seed 1) on real batches of 64 from `data` on `device`.
pub async fn train(data: &Dataset, device: &Device, (backend, adapter): (String, String), warmup: usize, batches: usize, now: impl Fn() -> f64) -> Result<TrainBench> {
    let batch = 64;
    let order = epoch_order(data.len(), 1, 0);
    let mut chunks = order.chunks(batch).cycle();
    let ad = device.clone().autodiff();
    let mut trainer = Trainer::new(weights::seeded_model(1, &ad), 1e-3);
    let mut step = |trainer: &mut Trainer| {
        let (x, y) = data.batch(chunks.next().expect("cycles"), &ad);
        trainer.step(x, y)
    };
    let mut losses = Vec::new();
    for _ in 0..warmup {
        let l = step(&mut trainer);
        losses.extend(read_losses(vec![l]).await?);
    }
    let mut times = Vec::with_capacity(batches);
    for _ in 0..batches {
        let t = now();
        let l = step(&mut trainer);
        losses.extend(read_losses(vec![l]).await?);
        times.push(now() - t);
    }
    let t = now();
    let mut pending = Vec::with_capacity(batches);
    for _ in 0..batches {
        pending.push(step(&mut trainer));
    }
    losses.extend(read_losses(pending).await?);
    let pipelined_ms = now() - t;
    let median_ms = median(&times);
    let (mut fwd, mut fwd_bwd) = (Vec::with_capacity(batches), Vec::with_capacity(batches));
    for _ in 0..batches {
        let (x, y) = data.batch(chunks.next().expect("cycles"), &ad);
        let t = now();
        let loss = trainer.loss(x, y); // [1]
        read_losses(vec![loss.clone()]).await?;
        fwd.push(now() - t);
        let _grads = loss.backward();
        read_losses(vec![loss]).await?; // queued after the backward pass: waits for it
        fwd_bwd.push(now() - t);
    }
    let (forward_ms, fwd_bwd_ms) = (median(&fwd), median(&fwd_bwd));
    Ok(TrainBench {
        backend,
        adapter,
        batch,
        warmup,
        batches,
        median_ms,
        min_ms: times.iter().cloned().fold(f64::INFINITY, f64::min),
        max_ms: times.iter().cloned().fold(0.0, f64::max),
        images_per_sec: batch as f64 * 1000.0 / median_ms,
        pipelined_images_per_sec: (batch * batches) as f64 * 1000.0 / pipelined_ms.max(1e-9),
        first_loss: losses.first().copied().unwrap_or(f32::NAN),
        last_loss: losses.last().copied().unwrap_or(f32::NAN),
        forward_ms,
        backward_ms: fwd_bwd_ms - forward_ms,
        optimizer_ms: (median_ms - fwd_bwd_ms).max(0.0),
    })
}
