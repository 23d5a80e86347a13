//! A run's recipe; `Default` is the tutorial's (SPEC "Training"). Their ranges, labels and names
//! on the URL and the command line are the option table's ([`crate::train::options`]). How a run
//! is computed (the CPU workers sharing its batches) is not part of it: the same training either
//! way ([`crate::train::options::Settings`]).
use crate::base::error::{AppError, Result};
use crate::data::augment::Augment;
use crate::data::set_id::SetId;
use crate::model::net::Net;
use serde::{Deserialize, Serialize};

/// Training settings; `Default` is the tutorial's recipe.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    pub epochs: usize,
    pub batch: usize,
    pub lr: f64,
    /// Use only the first N training images (all when `None`).
    pub train_images: Option<usize>,
    /// Use only the first N test images (all when `None`).
    pub test_images: Option<usize>,
    /// Seeds the initial weights, the batch order, augmentation and dropout.
    pub seed: u64,
    /// Dropout rate before the classifier (0: off), besides any dropout layer of the network.
    #[serde(default)]
    pub dropout: f64,
    /// Random rotation / translation / scaling of training images (all zero: off).
    #[serde(default)]
    pub augment: Augment,
    /// Step schedule: multiply the learning rate by `lr_gamma` every `lr_step` epochs (0: off).
    #[serde(default)]
    pub lr_step: usize,
    #[serde(default = "one")]
    pub lr_gamma: f64,
    /// The network (records and checkpoints kept before networks had a text say `arch`).
    #[serde(default, alias = "arch")]
    pub net: Net,
    /// The optimizer (runs kept before there was a choice used Adam).
    #[serde(default)]
    pub optimizer: OptimizerKind,
    /// SGD's momentum (0: plain SGD); the other optimizers ignore it.
    #[serde(default = "momentum")]
    pub momentum: f64,
    /// SGD's Nesterov momentum.
    #[serde(default)]
    pub nesterov: bool,
    /// Weight decay: added to the gradient (L2) for Adam and SGD, decoupled for AdamW.
    #[serde(default)]
    pub weight_decay: f64,
    /// The data set, when not MNIST (set by the trainer from the data it holds: [`Self::for_set`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Box<SetId>>,
}

/// Which rule updates the weights from their gradients ([`crate::train::optimizer`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum OptimizerKind {
    /// The tutorial's (burn's defaults: β1 0.9, β2 0.999, ε 1e-5).
    #[default]
    Adam,
    /// Stochastic gradient descent, with momentum and optionally Nesterov's.
    Sgd,
    /// Adam with decoupled weight decay.
    AdamW,
}

impl OptimizerKind {
    pub const ALL: [OptimizerKind; 3] = [OptimizerKind::Adam, OptimizerKind::Sgd, OptimizerKind::AdamW];

    /// The name used in URLs, files and the UI (`optimizer=adam|sgd|adamw`).
    pub fn as_str(self) -> &'static str {
        match self {
            OptimizerKind::Adam => "adam",
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::AdamW => "adamw",
        }
    }

    pub fn parse(s: &str) -> Option<OptimizerKind> {
        Self::ALL.into_iter().find(|o| o.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

fn one() -> f64 {
    1.0
}

/// SGD's usual momentum (a setting of no effect until the optimizer is SGD).
fn momentum() -> f64 {
    0.9
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            epochs: 10,
            batch: 64,
            lr: 1e-3,
            train_images: None,
            test_images: None,
            seed: 42,
            dropout: 0.0,
            augment: Augment::default(),
            lr_step: 0,
            lr_gamma: 1.0,
            net: Net::default(),
            optimizer: OptimizerKind::Adam,
            momentum: momentum(),
            nesterov: false,
            weight_decay: 0.0,
            data: None,
        }
    }
}

impl TrainConfig {
    /// These settings on data set `set` (`None`: MNIST): the network's classifier gets one output
    /// per class of it, and the run remembers it.
    pub fn for_set(&self, set: Option<&SetId>) -> Result<TrainConfig> {
        let classes = set.map_or(crate::data::classes::DIGITS, |s| s.classes.len());
        let net = self.net.with_classes(classes).map_err(|e| AppError::Config(e.to_string()))?;
        Ok(TrainConfig { net, data: set.cloned().map(Box::new), ..self.clone() })
    }

    /// What the run's data set is called: MNIST, or a set's name and hash.
    pub fn data_label(&self) -> String {
        self.data.as_deref().map_or_else(|| "MNIST".to_string(), SetId::label)
    }

    /// The learning rate during epoch `epoch` (from 0): `lr · gamma^⌊epoch / step⌋`.
    pub fn lr_at(&self, epoch: usize) -> f64 {
        epoch.checked_div(self.lr_step).map_or(self.lr, |steps| self.lr * self.lr_gamma.powi(steps as i32))
    }
}
