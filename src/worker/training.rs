//! The training worker's runs: which one is going on, Pause, Resume and Stop, a Start that comes
//! while the run before still reads its weights back, and the errors a lost GPU makes moot. Plain
//! state: the worker ([`crate::web`]'s shell) feeds it the page's messages and the run's end and
//! carries out the [`Effect`]s it returns; the run asks [`RunControl::gate`] between batches.
use crate::base::error::AppError;
use crate::protocol::training::{FromTrainer, ToTrainer};
use crate::train::checkpoint::Checkpoint;
use crate::train::event::Event;
use crate::train::start::RunFrom;

/// A device error may be the GPU being lost, which the browser says a moment later in better
/// words: the error is held this long (ms) before it is told.
pub const GPU_LOSS_WAIT_MS: u32 = 300;

/// What the worker does next.
pub enum Effect {
    /// Post this to the page.
    Post(FromTrainer),
    /// Begin this run with these workers; tell [`RunControl::ended`] when it is over.
    Begin { from: RunFrom, workers: usize },
    /// Wake the run waiting between batches (it was resumed or stopped).
    Wake,
    /// Hand this error back to [`RunControl::failed`] after [`GPU_LOSS_WAIT_MS`].
    HoldError(AppError),
}

/// What the run does between two batches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    Go,
    /// Paused: wait for [`Effect::Wake`] and ask again.
    Wait,
    Stop,
}

#[derive(Clone, Copy, Default)]
struct Flags {
    paused: bool,
    stop: bool,
}

/// The training worker's runs.
#[derive(Default)]
pub struct RunControl {
    /// The run going on (from Start until its weights are read back and its end told).
    run: Option<Flags>,
    /// A Start that came while the run before was still ending: it begins when that one has.
    queued: Option<(RunFrom, usize)>,
    /// The browser lost the WebGPU device (said, in its words, already).
    gpu_lost: bool,
}

impl RunControl {
    /// The page's Start, Continue, Pause, Resume and Stop (the other messages are the shell's:
    /// nothing to do here).
    pub fn apply(&mut self, msg: ToTrainer) -> Vec<Effect> {
        match msg {
            ToTrainer::Start { config, workers } => self.start(RunFrom::Fresh { config, init: None }, workers),
            ToTrainer::Continue { checkpoint, workers } => match Checkpoint::decode("the saved run", &checkpoint) {
                Ok(c) => self.start(RunFrom::Checkpoint(Box::new(c)), workers),
                // A checkpoint that cannot be read fails the run as a failure while training does.
                Err(e) if self.run.is_none() => self.told_failure(e),
                Err(_) => vec![Effect::Post(error(AppError::RunInProgress))],
            },
            ToTrainer::Pause | ToTrainer::Resume => self.pause(matches!(msg, ToTrainer::Pause)),
            ToTrainer::Stop => self.stop(),
            ToTrainer::Init { .. }
            | ToTrainer::Bench { .. }
            | ToTrainer::Preview { .. }
            | ToTrainer::UseSet { .. }
            | ToTrainer::UseMnist => Vec::new(),
        }
    }

    fn start(&mut self, from: RunFrom, workers: usize) -> Vec<Effect> {
        if self.run.is_none() {
            self.run = Some(Flags::default());
            return vec![Effect::Begin { from, workers }];
        }
        if self.queued.is_some() {
            return vec![Effect::Post(error(AppError::RunInProgress))];
        }
        self.queued = Some((from, workers));
        Vec::new()
    }

    fn pause(&mut self, paused: bool) -> Vec<Effect> {
        match &mut self.run {
            Some(flags) if !flags.stop && flags.paused != paused => {
                flags.paused = paused;
                let mut effects = vec![Effect::Post(FromTrainer::Paused(paused))];
                if !paused {
                    effects.push(Effect::Wake);
                }
                effects
            }
            _ => Vec::new(),
        }
    }

    /// Stops the run going on, or the one waiting to begin (which then ends, stopped, unbegun).
    fn stop(&mut self) -> Vec<Effect> {
        if self.queued.take().is_some() {
            return vec![Effect::Post(FromTrainer::Run(Event::Done { stopped: true }))];
        }
        match &mut self.run {
            Some(flags) if !flags.stop => {
                flags.stop = true;
                vec![Effect::Wake]
            }
            _ => Vec::new(),
        }
    }

    /// Asked by the run between batches.
    pub fn gate(&self) -> Gate {
        match self.run {
            None | Some(Flags { stop: true, .. }) => Gate::Stop,
            Some(Flags { paused: true, .. }) => Gate::Wait,
            Some(_) => Gate::Go,
        }
    }

    /// The run is over (its weights read back and sent, or an error).
    pub fn ended(&mut self, result: crate::base::error::Result<()>) -> Vec<Effect> {
        match result {
            Ok(()) => self.next(),
            Err(e @ AppError::Device(_)) if !self.gpu_lost => vec![Effect::HoldError(e)],
            Err(e) => self.failed(e),
        }
    }

    /// A run failed: the error is told (unless the GPU was lost, which said it better), the run
    /// ends stopped, and a Start that waited begins.
    pub fn failed(&mut self, e: AppError) -> Vec<Effect> {
        let mut effects = self.told_failure(e);
        effects.extend(self.next());
        effects
    }

    fn told_failure(&self, e: AppError) -> Vec<Effect> {
        let mut effects = Vec::new();
        if !self.gpu_lost {
            effects.push(Effect::Post(error(e)));
        }
        effects.push(Effect::Post(FromTrainer::Run(Event::Done { stopped: true })));
        effects
    }

    fn next(&mut self) -> Vec<Effect> {
        self.run = None;
        match self.queued.take() {
            Some((from, workers)) => self.start(from, workers),
            None => Vec::new(),
        }
    }

    /// The browser lost the WebGPU device: said once, fatally; the run's own errors after it
    /// are not told.
    pub fn gpu_lost(&mut self, reason: String) -> Vec<Effect> {
        if std::mem::replace(&mut self.gpu_lost, true) {
            return Vec::new();
        }
        vec![Effect::Post(FromTrainer::Error { error: AppError::GpuLost(reason), fatal: true })]
    }

    /// A run is going on (or ending).
    pub fn running(&self) -> bool {
        self.run.is_some()
    }
}

fn error(error: AppError) -> FromTrainer {
    FromTrainer::Error { error, fatal: false }
}
