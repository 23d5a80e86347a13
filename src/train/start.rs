//! Where a run starts, built in one place for the browser and the native command: new settings
//! (the seeded weights, or a file's), or a checkpoint (its settings, weights, optimizer's state,
//! position and history).
use crate::base::error::{AppError, Result};
use crate::data::set_id::SetId;
use crate::model::flat;
use crate::model::network::Cnn;
use crate::train::checkpoint::{Checkpoint, History, Position};
use crate::train::config::TrainConfig;
use crate::train::optimizer::{Optimizer, Rule};
use burn::prelude::*;

/// How a run begins.
pub enum RunFrom {
    /// New, with these settings, from `init` (weights in the layout of `config.net`) or, when
    /// `None`, the seeded initial weights.
    Fresh { config: TrainConfig, init: Option<Vec<f32>> },
    /// Continues a checkpoint, with its settings.
    Checkpoint(Box<Checkpoint>),
}

impl RunFrom {
    /// The run on data set `set` (`None`: MNIST): a new run's classifier gets one output per
    /// class and the run remembers the set; a checkpoint continues only on the set it was
    /// trained on.
    pub fn on_set(self, set: Option<&SetId>) -> Result<RunFrom> {
        match self {
            RunFrom::Fresh { config, init } => Ok(RunFrom::Fresh { config: config.for_set(set)?, init }),
            // The same content and classes, whatever the set is called now.
            RunFrom::Checkpoint(c) if same_set(c.config.data.as_deref(), set) => Ok(RunFrom::Checkpoint(c)),
            RunFrom::Checkpoint(c) => {
                let describe = |s: Option<&SetId>| s.map_or_else(|| "MNIST".to_string(), SetId::describe);
                Err(AppError::OtherSet { kept: describe(c.config.data.as_deref()), now: describe(set) })
            }
        }
    }
}

/// Whether two sets are one: their content and class names (not what they are called).
fn same_set(a: Option<&SetId>, b: Option<&SetId>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.hash == b.hash && a.classes == b.classes,
        (a, b) => a.is_none() && b.is_none(),
    }
}

/// A run's starting point: the model (on an autodiff device), the optimizer, the position in the
/// run and the history so far.
pub struct Start {
    pub model: Cnn,
    pub optimizer: Optimizer,
    pub position: Position,
    pub history: History,
}

impl Start {
    /// The run's settings and starting point on `device` (a plain device: training runs on its
    /// autodiff twin). The session checks the settings against the option table.
    pub fn build(from: RunFrom, device: &Device) -> Result<(TrainConfig, Start)> {
        let device = device.clone().autodiff();
        match from {
            RunFrom::Fresh { config, init } => {
                let init = init.unwrap_or_else(|| flat::init_for(&config.net, config.seed));
                let model = flat::load(Cnn::build(&config.net, &device), &init)?;
                let start = Start {
                    model,
                    optimizer: Optimizer::new(Rule::of(&config)),
                    position: Position::default(),
                    history: History::default(),
                };
                Ok((config, start))
            }
            RunFrom::Checkpoint(checkpoint) => {
                let c = &checkpoint.config;
                let model = flat::load(Cnn::build(&c.net, &device), &checkpoint.weights)?;
                let optimizer = Optimizer::restored(Rule::of(c), &model, checkpoint.steps, &checkpoint.m, &checkpoint.v);
                let start = Start { model, optimizer, position: checkpoint.position, history: checkpoint.history.clone() };
                Ok((checkpoint.config, start))
            }
        }
    }
}
