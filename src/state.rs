//! What the page shows, as a plain value updated by the worker's messages (no UI types here).
use crate::backend::DeviceInfo;
use crate::eval::EvalResult;
use crate::gallery::Gallery;
use crate::protocol::{Event, FromWorker, Progress};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Loading,
    Ready,
    Error,
}

impl Phase {
    /// The `data-state` value of `data-status`.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Loading => "loading",
            Phase::Ready => "ready",
            Phase::Error => "error",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PageState {
    pub phase: Phase,
    pub data_loaded: u64,
    pub data_total: u64,
    /// Training and test images available.
    pub data: Option<(usize, usize)>,
    pub device: Option<DeviceInfo>,
    pub running: bool,
    pub paused: bool,
    /// A run has finished (all epochs, or stopped).
    pub done: bool,
    pub losses: Vec<f32>,
    /// (epoch, result) of every evaluation.
    pub evals: Vec<(f64, EvalResult)>,
    pub progress: Progress,
    /// (global batch, learning rate) and (global batch, images/s) at every loss report.
    pub lr_points: Vec<(f64, f64)>,
    pub speed_points: Vec<(f64, f64)>,
    /// Misclassified and sample test images of the latest evaluation.
    pub gallery: Option<Gallery>,
    /// Changes whenever `evals`/`gallery` change: views of them re-render only then.
    pub eval_version: u64,
    /// Augmented training images for the preview: rows of [original, augmented…].
    pub preview: Vec<Vec<u8>>,
    /// How long the data took to download and decode (ms).
    pub data_ms: Option<f64>,
    pub errors: Vec<String>,
}

/// Total size of the four gzipped MNIST files, shown until the server says.
pub const EXPECTED_DATA_BYTES: u64 = 11_369_320;

impl Default for PageState {
    fn default() -> Self {
        Self {
            phase: Phase::Loading,
            data_loaded: 0,
            data_total: EXPECTED_DATA_BYTES,
            data: None,
            device: None,
            running: false,
            paused: false,
            done: false,
            losses: Vec::new(),
            evals: Vec::new(),
            progress: Progress::default(),
            lr_points: Vec::new(),
            speed_points: Vec::new(),
            gallery: None,
            eval_version: 0,
            preview: Vec::new(),
            data_ms: None,
            errors: Vec::new(),
        }
    }
}

impl PageState {
    pub fn apply(&mut self, msg: FromWorker) {
        match msg {
            FromWorker::Ready
            | FromWorker::Trained { .. }
            | FromWorker::ModelReady { .. }
            | FromWorker::ModelRejected { .. }
            | FromWorker::Prediction { .. }
            | FromWorker::Bench { .. } => {}
            FromWorker::DataProgress { loaded, total } => (self.data_loaded, self.data_total) = (loaded, total),
            FromWorker::DataReady { train, test, ms } => {
                self.data_ms = Some(ms);
                self.data = Some((train, test));
                self.data_loaded = self.data_total;
                if self.phase == Phase::Loading && self.device.is_some() {
                    self.phase = Phase::Ready;
                }
            }
            FromWorker::Device(info) => {
                self.device = Some(info);
                if self.phase == Phase::Loading && self.data.is_some() {
                    self.phase = Phase::Ready;
                }
            }
            FromWorker::Preview { images } => self.preview = images,
            FromWorker::Paused(p) => self.paused = p,
            FromWorker::Run(event) => self.apply_event(event),
            FromWorker::Error { message, fatal } => {
                self.errors.push(message);
                self.running = false;
                self.paused = false;
                if fatal {
                    self.phase = Phase::Error;
                }
            }
        }
    }

    fn apply_event(&mut self, event: Event) {
        match event {
            Event::Losses { first, losses, progress } => {
                self.losses.truncate(first);
                self.losses.extend(losses);
                let at = self.losses.len() as f64;
                self.lr_points.push((at, progress.lr));
                self.speed_points.push((at, progress.images_per_sec));
                self.progress = progress;
            }
            Event::Eval { epoch, result, gallery } => {
                self.evals.push((epoch, result));
                self.gallery = Some(gallery);
                self.eval_version += 1;
            }
            Event::Done { .. } => {
                self.running = false;
                self.paused = false;
                self.done = true;
            }
        }
    }

    /// Marks a new run as started: clears the previous run's curves.
    pub fn start_run(&mut self) {
        self.running = true;
        self.paused = false;
        self.done = false;
        self.losses.clear();
        self.evals.clear();
        self.lr_points.clear();
        self.speed_points.clear();
        self.gallery = None;
        self.eval_version += 1;
        self.progress = Progress::default();
    }

    pub fn can_start(&self) -> bool {
        self.phase == Phase::Ready && !self.running
    }

    /// Global batches finished.
    pub fn batches_done(&self) -> usize {
        self.losses.len()
    }

    pub fn data_percent(&self) -> f64 {
        if self.data_total == 0 { 0.0 } else { (100.0 * self.data_loaded as f64 / self.data_total as f64).min(100.0) }
    }
}

/// Mean training loss of each finished epoch: (epoch, mean).
pub fn epoch_means(losses: &[f32], per_epoch: usize) -> Vec<(f64, f64)> {
    if per_epoch == 0 {
        return Vec::new();
    }
    losses
        .chunks_exact(per_epoch)
        .enumerate()
        .map(|(e, c)| ((e + 1) as f64, c.iter().map(|&l| l as f64).sum::<f64>() / per_epoch as f64))
        .collect()
}

/// Exponential moving average with bias correction (the first values are not pulled to 0);
/// `alpha` is the weight of each new value.
pub fn smooth(values: &[f32], alpha: f64) -> Vec<f32> {
    let (mut avg, mut weight) = (0.0f64, 0.0f64);
    values
        .iter()
        .map(|&v| {
            avg = (1.0 - alpha) * avg + alpha * v as f64;
            weight = (1.0 - alpha) * weight + alpha;
            (avg / weight) as f32
        })
        .collect()
}

/// Downsamples `values` to at most `max` points (means of equal buckets), keeping their x index.
pub fn downsample(values: &[f32], max: usize) -> Vec<(f64, f64)> {
    let n = values.len();
    if n <= max || max == 0 {
        return values.iter().enumerate().map(|(i, v)| (i as f64, *v as f64)).collect();
    }
    (0..max)
        .map(|k| {
            let (a, b) = (k * n / max, ((k + 1) * n / max).max(k * n / max + 1));
            let mean = values[a..b].iter().map(|v| *v as f64).sum::<f64>() / (b - a) as f64;
            ((a + b - 1) as f64 / 2.0, mean)
        })
        .collect()
}

/// SVG polyline points for `(x, y)` in a `w`×`h` box, x in [0, x_max], y in [y_min, y_max].
pub fn polyline(points: &[(f64, f64)], x_max: f64, (y_min, y_max): (f64, f64), w: f64, h: f64) -> String {
    let sx = if x_max > 0.0 { w / x_max } else { 0.0 };
    let sy = if y_max > y_min { h / (y_max - y_min) } else { 0.0 };
    points
        .iter()
        .filter(|(_, y)| y.is_finite())
        .map(|(x, y)| format!("{:.1},{:.1}", x * sx, h - (y.clamp(y_min, y_max) - y_min) * sy))
        .collect::<Vec<_>>()
        .join(" ")
}
