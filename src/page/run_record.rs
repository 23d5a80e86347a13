//! The record the runs panel keeps of a run that just ended, from what the page shows of it.
use crate::device::backend::BackendKind;
use crate::i18n::Lang;
use crate::page::page_state::PageState;
use crate::page::status_text::adapter_text;
use crate::runs::label::settings_name;
use crate::runs::record::{MAX_POINTS, Outcome, RunRecord, thin};
use crate::train::config::TrainConfig;

/// The run of `config` shown in `state`, started at `started_ms` and ended at `now_ms`
/// (ms since 1970), `stopped` by the user or finished.
pub fn record(state: &PageState, config: &TrainConfig, (started_ms, now_ms): (f64, f64), stopped: bool) -> RunRecord {
    let device = state.device.as_ref().map_or_else(|| "unknown".to_string(), |d| format!("{} ({})", d.name, adapter_text(d, Lang::En)));
    let on_cpu = state.device.as_ref().is_some_and(|d| d.kind == BackendKind::Cpu);
    let speeds: Vec<f64> = state.speed_points.iter().map(|p| p.1).filter(|s| s.is_finite() && *s > 0.0).collect();
    RunRecord {
        id: format!("r{}", started_ms as u64),
        name: settings_name(config),
        pinned: false,
        started_ms,
        seconds: ((now_ms - started_ms) / 1000.0).max(0.0),
        settings: config.clone(),
        device,
        workers: if on_cpu { state.workers.max(1) } else { 1 },
        outcome: if stopped { Outcome::Stopped } else { Outcome::Finished },
        batches: state.losses.len(),
        batches_per_epoch: state.progress.batches_per_epoch.max(1),
        losses: thin(&state.losses, MAX_POINTS),
        evals: RunRecord::epochs(&state.evals),
        confusion: state.evals.last().map(|(_, r)| r.confusion.clone()).unwrap_or_default(),
        images_per_sec: if speeds.is_empty() { 0.0 } else { speeds.iter().sum::<f64>() / speeds.len() as f64 },
        lr: RunRecord::schedule(config),
        has_weights: false,
    }
}
