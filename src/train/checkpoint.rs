//! A run's checkpoint: everything needed to continue it exactly where it stopped — the weights,
//! the optimizer's state and step count, the position in the epoch's shuffled order, the augmentation
//! generator's state, the settings and the charts' history — as one safetensors file (the
//! weights under the tutorial's names, the optimizer's state as `adam.m.*` / `adam.v.*` (names kept
//! from when Adam was the only optimizer: SGD's velocity is m, its v zeros), the rest as JSON
//! in the header). The page keeps it in IndexedDB; the native command writes it to a file.
use crate::base::error::{AppError, Result};
use crate::base::release::CHECKPOINT_FORMAT;
use crate::train::config::TrainConfig;
use crate::train::results::EvalResult;
use crate::weights::safetensors_file;
use crate::weights::state_dict::StateDict;
use serde::{Deserialize, Serialize};

/// Larger than any checkpoint of the networks allowed here (5 M parameters: weights and moments
/// 60 MB; the deeper one's 7 MB), a long run's losses a few more.
pub const MAX_BYTES: usize = 80 << 20;

/// Where a run stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// Batches done in all (the next is batch `done % per_epoch` of epoch `done / per_epoch`).
    pub done: usize,
    /// The augmentation generator's state after batch `done` (its epoch's generator).
    pub rng: u64,
}

/// What the run has reported: every batch loss and every evaluation (epoch, result).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub losses: Vec<f32>,
    pub evals: Vec<(f64, EvalResult)>,
}

/// The header's part of a checkpoint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Header {
    /// The app that wrote it (for people; any release reads a checkpoint of its format).
    app: String,
    /// [`crate::base::release::CHECKPOINT_FORMAT`] when it was written (absent: format 1).
    #[serde(default = "first_format")]
    format: u32,
    config: TrainConfig,
    /// Optimizer steps taken (named when Adam was the only optimizer).
    #[serde(rename = "adam_steps")]
    steps: usize,
    position: Position,
    history: History,
}

fn first_format() -> u32 {
    1
}

#[derive(Clone, Debug, PartialEq)]
pub struct Checkpoint {
    pub config: TrainConfig,
    /// The weights, then the optimizer's state (Adam's first and second moments, SGD's velocity
    /// and zeros), each in the weights' layout.
    pub weights: Vec<f32>,
    pub m: Vec<f32>,
    pub v: Vec<f32>,
    /// Optimizer steps taken.
    pub steps: usize,
    pub position: Position,
    pub history: History,
}

impl Checkpoint {
    /// The epoch (from 1) and the batch in it (batches done in it) where the run stands.
    pub fn at(&self, batches_per_epoch: usize) -> (usize, usize) {
        let per = batches_per_epoch.max(1);
        (self.position.done / per + 1, self.position.done % per)
    }

    pub fn encode(&self) -> Vec<u8> {
        let net = &self.config.net;
        let mut dict = StateDict::from_flat(net, &self.weights);
        for (prefix, values) in [("adam.m.", &self.m), ("adam.v.", &self.v)] {
            for (name, shape, v) in StateDict::from_flat(net, values).tensors {
                dict.push(format!("{prefix}{name}"), shape, v);
            }
        }
        let header = Header {
            app: crate::base::release::APP.into(),
            format: CHECKPOINT_FORMAT,
            config: self.config.clone(),
            steps: self.steps,
            position: self.position,
            history: self.history.clone(),
        };
        let meta = [("checkpoint".to_string(), serde_json::to_string(&header).expect("serialises"))];
        safetensors_file::write(&dict, &meta)
    }

    /// Reads a checkpoint of this format, whichever release wrote it; one of another format, or
    /// one that is damaged, is refused in words (`name`: what the user calls it).
    pub fn decode(name: &str, bytes: &[u8]) -> Result<Self> {
        let bad = |reason: String| AppError::BadWeightsFile { name: name.into(), reason };
        if bytes.len() > MAX_BYTES {
            return Err(AppError::TooLarge { name: name.into(), max_mb: (MAX_BYTES >> 20) as u64 });
        }
        let (dict, meta) = safetensors_file::read(bytes).map_err(bad)?;
        let header = meta.get("checkpoint").ok_or_else(|| bad("it is not a training checkpoint (no checkpoint in its header)".into()))?;
        let header: Header = serde_json::from_str(header).map_err(|e| bad(format!("its checkpoint header cannot be read ({e})")))?;
        if header.format != CHECKPOINT_FORMAT {
            return Err(bad(format!(
                "it was saved by {} in checkpoint format {}, and this release ({}) reads format {CHECKPOINT_FORMAT}: it cannot be continued here; start a new run",
                header.app,
                header.format,
                crate::base::release::APP
            )));
        }
        let net = &header.config.net;
        let part = |prefix: &str| -> std::result::Result<Vec<f32>, AppError> {
            let tensors = dict
                .tensors
                .iter()
                .filter_map(|(n, s, v)| Some((n.strip_prefix(prefix)?.to_string(), s.clone(), v.clone())))
                .filter(|(n, _, _)| !n.starts_with("adam."));
            let dict = StateDict { tensors: tensors.collect() };
            let what = if prefix.is_empty() { "its weights" } else { prefix };
            let flat = dict
                .to_flat(Some(net))
                .map_err(|e| bad(format!("{what} are not those of the {} network its settings name: {e}", net.label())))?;
            Ok(flat.1)
        };
        let weights = part("")?;
        let (m, v) = (part("adam.m.")?, part("adam.v.")?);
        crate::train::options::validate(&header.config).map_err(|e| bad(e.to_string()))?;
        check_counts(&header).map_err(bad)?;
        Ok(Checkpoint { config: header.config, weights, m, v, steps: header.steps, position: header.position, history: header.history })
    }

    /// Refuses to continue with `config` unless it is the checkpoint's own (in words: what differs).
    pub fn check_settings(&self, config: &TrainConfig) -> Result<()> {
        // (The number of workers is not part of it: a run continues with any; nor the data set,
        // which is the one the trainer holds, checked when the run starts: `RunFrom::on_set`.)
        if config.for_set(self.config.data.as_deref())? == self.config {
            return Ok(());
        }
        let (ours, theirs) = (crate::train::options::query(&self.config), crate::train::options::query(config));
        Err(AppError::Config(format!(
            "the checkpoint was made with other settings ({}), not these ({}): start a new run, or continue with its settings",
            if ours.is_empty() { "the defaults".into() } else { ours },
            if theirs.is_empty() { "the defaults".into() } else { theirs }
        )))
    }
}

/// A checkpoint's counters against each other and its settings: one optimizer step and one loss per
/// batch done, every loss finite, every evaluation's figures possible and in order. (Whether
/// its position lies before the run's end depends on the data: `session::run` checks that.)
fn check_counts(h: &Header) -> std::result::Result<(), String> {
    let done = h.position.done;
    if h.steps != done {
        return Err(format!("it counts {} optimizer steps after {done} batches (one step per batch): it is damaged", h.steps));
    }
    if h.history.losses.len() != done {
        return Err(format!("it holds {} batch losses after {done} batches: it is damaged", h.history.losses.len()));
    }
    if let Some(i) = h.history.losses.iter().position(|l| !l.is_finite() || *l < 0.0) {
        return Err(format!("the loss of its batch {} is {}, not a finite number ≥ 0", i + 1, h.history.losses[i]));
    }
    let mut last = 0.0;
    for (epoch, r) in &h.history.evals {
        let when = epoch.is_finite() && *epoch > 0.0 && *epoch >= last && *epoch <= h.config.epochs as f64;
        let figures = (0.0..=100.0).contains(&r.accuracy) && r.loss.is_finite() && r.loss >= 0.0 && r.correct <= r.total;
        if !(when && figures) {
            return Err(format!("its evaluation at epoch {epoch} is not one a run can make: it is damaged"));
        }
        last = *epoch;
    }
    Ok(())
}
