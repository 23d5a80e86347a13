//! What the page shows, as a plain value updated by the training worker's messages, and what
//! the page must do in return ([`Command`]); no UI types here.
use crate::base::envelope::Bytes;
use crate::base::error::AppError;
use crate::data::classes::{DIGITS, numbered};
use crate::data::dataset::{Dataset, batch_count};
use crate::data::idx::PIXELS;
use crate::data::set_id::SetId;
use crate::device::bench::TrainBench;
use crate::device::calibrate::CalibrationRecord;
use crate::device::choice::DeviceInfo;
use crate::protocol::training::{FromTrainer, ToTrainer};
use crate::train::checkpoint::{Checkpoint, History};
use crate::train::config::TrainConfig;
use crate::train::event::{Event, Progress};
use crate::train::gallery::Gallery;
use crate::train::results::EvalResult;

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
    /// Workers sharing the CPU's batches (0: not known yet; 1: the training worker alone).
    pub workers: usize,
    /// Why a helper worker stopped or did not start (the run went on without it).
    pub helper_lost: Option<crate::protocol::helper::HelperLoss>,
    pub running: bool,
    pub paused: bool,
    /// A run has finished (all epochs, or stopped).
    pub done: bool,
    /// The run in progress failed (a loss that is not a number, a lost GPU): its last
    /// checkpoint is kept when it ends, to be offered again.
    pub run_failed: bool,
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
    pub errors: Vec<AppError>,
    /// What to do once ready: start a run (`autostart=1`) or time training (`bench=train`).
    pub when_ready: WhenReady,
    /// The training benchmark's result (`?bench=train`).
    pub bench: Option<TrainBench>,
    /// A run interrupted on an earlier visit (its checkpoint), offered to continue.
    pub resume_offer: Option<ResumeOffer>,
    /// The set of one's own runs train on (`None`: MNIST).
    pub set: Option<SetId>,
    /// The class names of the run shown (its set's): the confusion matrix's and the galleries'.
    pub run_classes: Vec<String>,
}

/// A run to continue: where it stopped, its settings and what it had shown.
#[derive(Clone, Debug, PartialEq)]
pub struct ResumeOffer {
    /// The epoch (from 1) and the batches done in it.
    pub epoch: usize,
    pub batch: usize,
    pub config: TrainConfig,
    pub history: History,
}

/// What the page does once the data and the device are ready, at most once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WhenReady {
    pub autostart: bool,
    /// Timed batches of `?bench=train`.
    pub bench_batches: Option<usize>,
    /// The network it times (the settings', the tutorial's by default).
    pub bench_net: crate::model::net::Net,
}

/// What the page must do after a message from the training worker.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Send this to the training worker.
    Send(ToTrainer),
    /// Start a run with the settings on screen.
    Start,
    /// A run's weights: read the canvas with them, and keep them.
    UseTrained(Bytes),
    /// The run's weights as they are now: read the canvas with them while it trains.
    UseSnapshot(Bytes),
    /// The first test images: the prediction worker probes channels with them, and the canvas
    /// opens with one of them.
    Probe(Dataset),
    /// Remember this adapter's calibration for later visits.
    Remember(CalibrationRecord),
    /// Keep this checkpoint of the run in progress (replacing the previous one).
    KeepCheckpoint(Bytes),
    /// The run is over: its checkpoint is no longer needed.
    ForgetCheckpoint,
    /// The run is over (`stopped` by the user, or finished): keep its record.
    Finished { stopped: bool },
    /// Runs train on this set from now on (`None`: MNIST), picked by that request: remember it
    /// for later visits (and keep that pick's files if they are new).
    UsingSet(Option<SetId>, Option<u64>),
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
            workers: 0,
            helper_lost: None,
            running: false,
            paused: false,
            done: false,
            run_failed: false,
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
            when_ready: WhenReady::default(),
            bench: None,
            resume_offer: None,
            set: None,
            run_classes: numbered(DIGITS),
        }
    }
}

impl PageState {
    /// Takes in a message of the training worker; returns what the page must do about it.
    /// `init` is the worker's set-up, sent when it is listening.
    pub fn apply(&mut self, msg: FromTrainer, init: &ToTrainer) -> Vec<Command> {
        let mut commands = Vec::new();
        match msg {
            FromTrainer::Ready => commands.push(Command::Send(init.clone())),
            FromTrainer::Trained { weights } => commands.push(Command::UseTrained(weights)),
            FromTrainer::Snapshot { weights } => commands.push(Command::UseSnapshot(weights)),
            FromTrainer::Checkpoint { bytes } => commands.push(Command::KeepCheckpoint(bytes)),
            FromTrainer::Run(Event::Done { stopped }) => {
                let ran = self.running;
                self.apply_event(Event::Done { stopped });
                if !std::mem::take(&mut self.run_failed) {
                    commands.push(Command::ForgetCheckpoint);
                }
                if ran && !self.losses.is_empty() {
                    commands.push(Command::Finished { stopped });
                }
            }
            FromTrainer::Bench(result) => self.bench = Some(*result),
            FromTrainer::DataProgress { loaded, total } => (self.data_loaded, self.data_total) = (loaded, total),
            FromTrainer::DataReady { train, test, ms, sample, labels, set, request } => {
                commands.push(Command::Probe(Dataset { pixels: sample.0, labels: labels.0 }));
                commands.push(Command::UsingSet(set.clone(), request));
                if !self.running && self.losses.is_empty() {
                    self.run_classes = set.as_ref().map_or_else(|| numbered(DIGITS), |s| s.classes.clone());
                }
                self.set = set;
                self.data_ms = Some(ms);
                self.data = Some((train, test));
                self.data_loaded = self.data_total;
                self.ready_if_set_up();
            }
            FromTrainer::Device(info) => {
                if let Some(m) = info.calibration.as_ref().filter(|m| m.now) {
                    commands.push(Command::Remember(m.clone()));
                }
                self.device = Some(info);
                self.ready_if_set_up();
            }
            FromTrainer::Workers { workers, lost } => {
                self.workers = workers;
                self.helper_lost = lost.or(self.helper_lost.take());
            }
            FromTrainer::Preview { images } => self.preview = images.chunks(PIXELS).map(<[u8]>::to_vec).collect(),
            FromTrainer::Paused(p) => self.paused = p,
            FromTrainer::Run(event) => self.apply_event(event),
            FromTrainer::Error { error, fatal } => self.fail(error, fatal),
            // (Not a failure of the run: one may go on.)
            FromTrainer::SetRefused { error, .. } => self.errors.push(error),
        }
        if self.can_start() {
            let w = std::mem::take(&mut self.when_ready);
            if let Some(batches) = w.bench_batches {
                commands.push(Command::Send(ToTrainer::Bench { batches, net: w.bench_net }));
            } else if w.autostart {
                commands.push(Command::Start);
            }
        }
        commands
    }

    /// A failure: the run (if any) is over; `fatal`: the worker cannot go on.
    pub fn fail(&mut self, error: AppError, fatal: bool) {
        self.errors.push(error);
        self.run_failed |= self.running;
        self.running = false;
        self.paused = false;
        if fatal {
            self.phase = Phase::Error;
        }
    }

    fn ready_if_set_up(&mut self) {
        if self.phase == Phase::Loading && self.device.is_some() && self.data.is_some() {
            self.phase = Phase::Ready;
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

    /// A notice for the user, shown once however often it happens (a refused checkpoint, a run
    /// in another tab).
    pub fn notice(&mut self, notice: AppError) {
        let same = |e: &AppError| std::mem::discriminant(e) == std::mem::discriminant(&notice);
        if !self.errors.iter().any(same) {
            self.errors.push(notice);
        }
    }

    /// Offers to continue the run of `checkpoint` (then nothing starts by itself).
    pub fn offer_resume(&mut self, checkpoint: &Checkpoint) {
        let c = &checkpoint.config;
        // MNIST's 60,000 training images, or the set's.
        let images = c.data.as_ref().map_or(60_000, |s| s.train);
        let per_epoch = batch_count(c.train_images.unwrap_or(images).min(images), c.batch);
        let (epoch, batch) = checkpoint.at(per_epoch);
        self.resume_offer = Some(ResumeOffer { epoch, batch, config: c.clone(), history: checkpoint.history.clone() });
        self.when_ready.autostart = false;
    }

    /// Continues the offered run: its history is shown again; returns its settings. Not before the
    /// page is ready (the offer stays).
    pub fn resume_run(&mut self) -> Option<TrainConfig> {
        if !self.can_start() {
            return None;
        }
        let offer = self.resume_offer.take()?;
        self.start_run();
        self.run_classes = offer.config.data.as_ref().map_or_else(|| numbered(DIGITS), |s| s.classes.clone());
        self.losses = offer.history.losses;
        self.evals = offer.history.evals;
        self.eval_version += 1;
        Some(offer.config)
    }

    /// The class names of the set runs train on.
    pub fn classes(&self) -> Vec<String> {
        self.set.as_ref().map_or_else(|| numbered(DIGITS), |s| s.classes.clone())
    }

    /// Marks a new run (on the set in use) as started: clears the previous run's curves.
    pub fn start_run(&mut self) {
        self.run_classes = self.classes();
        self.running = true;
        self.paused = false;
        self.done = false;
        self.run_failed = false;
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
