//! Training-speed benchmark, shared by the page's `?bench=train` and the native `train --bench`:
//! warm-up batches first (shader compilation, allocation), then timed batches two ways.
use crate::base::error::Result;
use crate::base::stats::median;
use crate::data::dataset::{Dataset, epoch_order};
use crate::data::preprocess::CANVAS;
use crate::model::flat;
use crate::train::parallel::helpers::Helpers;
use crate::train::parallel::{self, Batch};
use crate::train::trainer::{Trainer, read_losses};
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
    /// The same reads with every layer's maps (the "inside the network" view), in the same run.
    pub maps_p50_ms: f64,
    pub maps_p95_ms: f64,
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
    /// The network timed (a preset's name or its text; records before had the tutorial's).
    #[serde(default = "tutorial")]
    pub net: String,
    pub backend: String,
    pub adapter: String,
    pub batch: usize,
    pub warmup: usize,
    pub batches: usize,
    /// Workers sharing each batch (the CPU's helpers and the training worker; 1 on a GPU).
    #[serde(default = "one")]
    pub workers: usize,
    /// The first warm-up step, waited for: compiling the kernels (on a GPU) and first allocations.
    pub first_step_ms: f64,
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
    /// What one step (with its loss read back, as TF.js's `trainOnBatch` does) asks of the GPU,
    /// averaged over the timed steps; `None` where the host cannot count it (the CPU backend;
    /// natively only kernel launches are counted).
    pub dispatches_per_step: Option<f64>,
    pub passes_per_step: Option<f64>,
    pub submits_per_step: Option<f64>,
    /// Buffers + bind groups + pipelines created.
    pub creations_per_step: Option<f64>,
    pub readbacks_per_step: Option<f64>,
    /// The host's time to encode a step, apart from waiting for results: from the step's start
    /// until its loss read-back is requested (median).
    pub host_ms_per_step: Option<f64>,
    /// The counts behind the figures above, per step.
    pub counts_per_step: Option<GpuCounts>,
    /// Kernel launches per step by kernel, most frequent first.
    pub kernels_per_step: Vec<(String, f64)>,
}

fn tutorial() -> String {
    "tutorial".into()
}

fn one() -> usize {
    1
}

/// Running totals of what the host asked of the GPU: the WebGPU calls the page makes
/// (static/gpu-watch.js), or natively only the kernel launches (the rest NaN).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GpuCounts {
    pub dispatches: f64,
    pub passes: f64,
    pub submits: f64,
    pub buffers: f64,
    pub bind_groups: f64,
    pub pipelines: f64,
    pub readbacks: f64,
    pub writes: f64,
}

impl GpuCounts {
    /// `(self - before) / steps`, field by field.
    pub fn per_step(&self, before: &GpuCounts, steps: usize) -> GpuCounts {
        let d = |a: f64, b: f64| (a - b) / steps.max(1) as f64;
        GpuCounts {
            dispatches: d(self.dispatches, before.dispatches),
            passes: d(self.passes, before.passes),
            submits: d(self.submits, before.submits),
            buffers: d(self.buffers, before.buffers),
            bind_groups: d(self.bind_groups, before.bind_groups),
            pipelines: d(self.pipelines, before.pipelines),
            readbacks: d(self.readbacks, before.readbacks),
            writes: d(self.writes, before.writes),
        }
    }

    pub fn creations(&self) -> f64 {
        self.buffers + self.bind_groups + self.pipelines
    }
}

/// What the benchmark host provides: a clock, and counters where it has them.
pub trait Probe {
    fn now_ms(&self) -> f64;
    /// The counters so far (`None`: this host does not count, e.g. the CPU backend).
    fn counts(&self) -> Option<GpuCounts>;
    /// When the last read-back was requested (host clock), where the host sees it; otherwise
    /// the time when the step's call returned (natively cubecl encodes on a thread of its own).
    fn readback_requested_ms(&self) -> Option<f64> {
        None
    }
}

/// Trains network `net` (seed 1; the tutorial's Adam) on real batches of 64 from `data` on
/// `device`, each batch shared with `helpers` when it has some.
#[allow(clippy::too_many_arguments)]
pub async fn train(
    data: &Dataset,
    device: &Device,
    net: &crate::model::net::Net,
    (backend, adapter): (String, String),
    (warmup, batches): (usize, usize),
    probe: &impl Probe,
    helpers: &mut impl Helpers,
) -> Result<TrainBench> {
    let batch = 64;
    let order = epoch_order(data.len(), 1, 0);
    let mut chunks = order.chunks(batch).cycle();
    let ad = device.clone().autodiff();
    let mut trainer = Trainer::new(flat::seeded(net, 1, &ad), 1e-3);
    let mut done = 0;
    let mut step = async |trainer: &mut Trainer| {
        let (pixels, labels) = data.gather_with(chunks.next().expect("cycles"), |image| image.try_into().expect("784 pixels"));
        done += 1;
        parallel::step(trainer, &Batch { pixels, labels }, done, None, helpers).await
    };
    let mut losses = Vec::new();
    let t = probe.now_ms();
    let mut first_step_ms = 0.0;
    for i in 0..warmup {
        let l = step(&mut trainer).await?;
        losses.extend(read_losses(vec![l]).await?);
        if i == 0 {
            first_step_ms = probe.now_ms() - t;
        }
    }
    // Each step on its own, its loss read back: the latency of one batch, and what it asks of
    // the GPU (counted around these steps only).
    let launches = crate::device::launches::Launches::start();
    let (kernels_before, counts_before) = (launches.snapshot(), probe.counts());
    let (mut times, mut host) = (Vec::with_capacity(batches), Vec::with_capacity(batches));
    for _ in 0..batches {
        let t = probe.now_ms();
        let l = step(&mut trainer).await?;
        let issued = probe.now_ms();
        losses.extend(read_losses(vec![l]).await?);
        times.push(probe.now_ms() - t);
        host.push(probe.readback_requested_ms().unwrap_or(issued) - t);
    }
    let counts = probe.counts().zip(counts_before).map(|(after, before)| after.per_step(&before, batches));
    let kernels_per_step = crate::device::launches::per_step(&kernels_before, &launches.snapshot(), batches);
    launches.stop();
    let t = probe.now_ms();
    let mut pending = Vec::with_capacity(batches);
    for _ in 0..batches {
        pending.push(step(&mut trainer).await?);
    }
    losses.extend(read_losses(pending).await?);
    let pipelined_ms = probe.now_ms() - t;
    let median_ms = median(&times);
    let workers = helpers.helpers() + 1;
    let (mut fwd, mut fwd_bwd) = (Vec::with_capacity(batches), Vec::with_capacity(batches));
    for _ in 0..batches {
        let (x, y) = data.batch(chunks.next().expect("cycles"), &ad);
        let t = probe.now_ms();
        let loss = trainer.loss(x, y); // [1]
        read_losses(vec![loss.clone()]).await?;
        fwd.push(probe.now_ms() - t);
        let _grads = loss.backward();
        read_losses(vec![loss]).await?; // queued after the backward pass: waits for it
        fwd_bwd.push(probe.now_ms() - t);
    }
    let (forward_ms, fwd_bwd_ms) = (median(&fwd), median(&fwd_bwd));
    let on_gpu = counts.is_some() || kernels_per_step.iter().map(|k| k.1).sum::<f64>() > 0.0;
    let launched: f64 = kernels_per_step.iter().map(|k| k.1).sum();
    let known = |v: f64| v.is_finite().then_some(v);
    Ok(TrainBench {
        net: net.label(),
        backend,
        adapter,
        batch,
        warmup,
        batches,
        workers,
        first_step_ms,
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
        dispatches_per_step: counts.map(|c| c.dispatches).and_then(known).or((launched > 0.0).then_some(launched)),
        passes_per_step: counts.map(|c| c.passes).and_then(known),
        submits_per_step: counts.map(|c| c.submits).and_then(known),
        creations_per_step: counts.map(|c| c.creations()).and_then(known),
        readbacks_per_step: counts.map(|c| c.readbacks).and_then(known),
        host_ms_per_step: on_gpu.then(|| median(&host)),
        counts_per_step: counts,
        kernels_per_step,
    })
}

/// A "7" as a user draws it (the canvas benchmark's input): ink (0–1) on the 280×280 canvas,
/// pen 20 px.
pub fn drawn_seven() -> Vec<f32> {
    let pts = [(42.0, 28.0), (238.0, 28.0), (112.0, 266.0)];
    let mut ink = vec![0.0f32; CANVAS * CANVAS];
    for (i, v) in ink.iter_mut().enumerate() {
        let (x, y) = ((i % CANVAS) as f64, (i / CANVAS) as f64);
        let near = pts.windows(2).any(|w| {
            let ((ax, ay), (bx, by)) = (w[0], w[1]);
            let t = (((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax).powi(2) + (by - ay).powi(2))).clamp(0.0, 1.0);
            (x - ax - t * (bx - ax)).hypot(y - ay - t * (by - ay)) <= 10.0
        });
        *v = if near { 1.0 } else { 0.0 };
    }
    ink
}
