//! An experiment: one option tried at several values (or the tutorial's list of improvements),
//! everything else as set, every run with the same seed, run one after another. Kept by the page
//! between visits, so that a reload in the middle continues the current run and then the queue.
use crate::data::augment::Augment;
use crate::model::net::Net;
use crate::runs::record::Outcome;
use crate::train::config::{OptimizerKind, TrainConfig};
use crate::train::options::{self, Opt};
use serde::{Deserialize, Serialize};

/// The tutorial's network changed as its closing advice says: one more convolution, twice the
/// channels, no second pool, a hidden dense layer.
pub const STRUCTURES: [&str; 4] =
    ["c16k5-p-c32k5-c32k5-p-c64k5-c64k5", "c32k5-p-c64k5-c64k5-p-c128k5", "c16k5-p-c32k5-c32k5-c64k5", "c16k5-p-c32k5-c32k5-p-c64k5-l128"];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Experiment {
    /// Each run's settings, in order.
    pub runs: Vec<TrainConfig>,
    /// The records of the runs finished so far, in order (the next run is `runs[done.len()]`).
    pub done: Vec<String>,
}

/// What follows a run of an experiment.
#[derive(Clone, Debug, PartialEq)]
pub enum After {
    /// Start this run next.
    Next(TrainConfig),
    /// The experiment is over: compare the runs it finished (record ids).
    Done { compare: Vec<String> },
}

impl Experiment {
    /// `key` at each of `values` (as typed, e.g. "0, 0.25, 0.5"), the rest as in `base`.
    pub fn sweep(base: &TrainConfig, key: &str, values: &str) -> Result<Self, String> {
        let opt = Opt::find(key).filter(|o| !o.derived && o.recipe).ok_or_else(|| format!("{key} is not an option to try"))?;
        let runs = values
            .split([',', ' ', ';'])
            .filter(|v| !v.trim().is_empty())
            .map(|v| {
                let mut s = options::Settings::of(base);
                options::apply(&mut s, opt.key, v)?;
                Ok(s.config)
            })
            .collect::<Result<Vec<_>, String>>()?;
        if runs.len() < 2 {
            return Err(format!("an experiment tries at least two values of {key} (e.g. 0, 0.25, 0.5)"));
        }
        Ok(Experiment { runs, done: Vec::new() })
    }

    /// The tutorial's list of improvements ("常见优化方向"), each alone against the defaults with
    /// `base`'s epochs, images and seed: the defaults, dropout 0.5 before the classifier, the
    /// standard augmentation, a step schedule (×0.3 every 3 epochs, or every epoch in shorter
    /// runs), the deeper network.
    pub fn tutorial(base: &TrainConfig) -> Self {
        let plain = Self::plain(base);
        let step = if plain.epochs > 3 { 3 } else { 1 };
        let runs = vec![
            plain.clone(),
            TrainConfig { dropout: 0.5, ..plain.clone() },
            TrainConfig { augment: Augment::STANDARD, ..plain.clone() },
            TrainConfig { lr_step: step, lr_gamma: 0.3, ..plain.clone() },
            TrainConfig { net: Net::deeper(), ..plain },
        ];
        Experiment { runs, done: Vec::new() }
    }

    /// The tutorial's "compare optimizers": Adam (the defaults), SGD with momentum 0.9 and with
    /// Nesterov's (at learning rate 0.01, SGD's usual, ten times Adam's) and AdamW with weight
    /// decay 0.01 (PyTorch's default), with `base`'s epochs, images and seed.
    pub fn optimizers(base: &TrainConfig) -> Self {
        let plain = Self::plain(base);
        let sgd = TrainConfig { optimizer: OptimizerKind::Sgd, lr: 0.01, momentum: 0.9, ..plain.clone() };
        let runs = vec![
            plain.clone(),
            sgd.clone(),
            TrainConfig { nesterov: true, ..sgd },
            TrainConfig { optimizer: OptimizerKind::AdamW, weight_decay: 0.01, ..plain },
        ];
        Experiment { runs, done: Vec::new() }
    }

    /// The tutorial's "change the network's structure": its network against one more convolution,
    /// twice the channels, no second pool and a hidden dense layer, with `base`'s epochs, images
    /// and seed.
    pub fn structures(base: &TrainConfig) -> Self {
        let plain = Self::plain(base);
        let net = |text: &str| Net::parse(text).expect("the structures are valid networks");
        let runs = STRUCTURES.iter().map(|text| TrainConfig { net: net(text), ..plain.clone() });
        Experiment { runs: std::iter::once(plain.clone()).chain(runs).collect(), done: Vec::new() }
    }

    /// The defaults with `base`'s epochs, images and seed.
    fn plain(base: &TrainConfig) -> TrainConfig {
        TrainConfig {
            epochs: base.epochs,
            train_images: base.train_images,
            test_images: base.test_images,
            seed: base.seed,
            ..TrainConfig::default()
        }
    }

    /// The settings of the run to start now (`None`: all done).
    pub fn next(&self) -> Option<&TrainConfig> {
        self.runs.get(self.done.len())
    }

    /// Records that the current run finished as record `id`; returns the next run's settings.
    pub fn finished(&mut self, id: String) -> Option<&TrainConfig> {
        if self.done.len() < self.runs.len() {
            self.done.push(id);
        }
        self.next()
    }

    /// What follows a run of the experiment that ended as `outcome` and was kept as record `id`:
    /// the next run, or the end (a run the user stopped ends the experiment; so does the last).
    pub fn after(&mut self, outcome: Outcome, id: String) -> After {
        let next = match outcome {
            Outcome::Stopped => None,
            _ => self.finished(id).cloned(),
        };
        match next {
            Some(config) => After::Next(config),
            None => After::Done { compare: self.done.clone() },
        }
    }

    /// Whether every run has finished.
    pub fn complete(&self) -> bool {
        self.done.len() >= self.runs.len()
    }
}
