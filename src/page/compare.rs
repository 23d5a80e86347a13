//! The comparison of kept runs: three charts (test accuracy and test loss per epoch, the smoothed
//! batch loss), one series per run, x in epochs so that runs of any length line up, each series
//! named by what sets its run apart ([`crate::runs::label::legend`]).
use crate::page::plot::smooth;
use crate::runs::label::legend;
use crate::runs::record::RunRecord;

/// What a comparison chart shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    TestAccuracy,
    TestLoss,
    BatchLoss,
}

/// One run's line.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub id: String,
    pub label: String,
    /// (epoch, value).
    pub points: Vec<(f64, f64)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    pub metric: Metric,
    pub x_max: f64,
    pub y: (f64, f64),
    pub series: Vec<Series>,
}

/// The weight of each batch in the smoothed batch loss (as the page's own loss chart).
const ALPHA: f64 = 0.03;

/// The lowest top of a loss chart: at or below it (every loss 0, or all too small to scale) the
/// chart runs from 0 to 1.
const MIN_TOP: f64 = 1e-9;

/// Whether a point can be drawn: both its numbers finite (a record read back from the browser's
/// storage may hold anything).
fn drawable(p: &(f64, f64)) -> bool {
    p.0.is_finite() && p.1.is_finite()
}

fn points(run: &RunRecord, metric: Metric) -> Vec<(f64, f64)> {
    match metric {
        Metric::TestAccuracy => run.evals.iter().map(|e| (e.epoch, e.accuracy)).filter(drawable).collect(),
        Metric::TestLoss => run.evals.iter().map(|e| (e.epoch, e.loss)).filter(drawable).collect(),
        Metric::BatchLoss => {
            // A loss that is not a number would make every later smoothed value one.
            let kept: Vec<(f64, f32)> = run.losses.iter().copied().filter(|p| p.0.is_finite() && p.1.is_finite()).collect();
            let values: Vec<f32> = kept.iter().map(|p| p.1).collect();
            let per = run.batches_per_epoch.max(1) as f64;
            kept.iter().zip(smooth(&values, ALPHA)).map(|(p, s)| (p.0 / per, s as f64)).filter(drawable).collect()
        }
    }
}

/// The y range of a `metric` chart whose values run from `lo` to `hi` (`lo > hi`: none):
/// accuracy from just below the lowest (at most 99) to 100, losses from 0 to a little above the
/// highest. Always finite with the bottom below the top, whatever the records claim (150%, a
/// negative loss): values beyond it are drawn at its edge.
pub fn y_range(metric: Metric, lo: f64, hi: f64) -> (f64, f64) {
    if !(lo.is_finite() && hi.is_finite()) || lo > hi {
        return (0.0, 1.0);
    }
    match metric {
        Metric::TestAccuracy => ((lo - 1.0).floor().clamp(0.0, 99.0), 100.0),
        Metric::TestLoss | Metric::BatchLoss => {
            let top = (hi * 1.05).min(f64::MAX);
            (0.0, if top > MIN_TOP { top } else { 1.0 })
        }
    }
}

/// The three charts of `runs` (in the order given).
pub fn charts(runs: &[&RunRecord]) -> Vec<Chart> {
    let labels = legend(&runs.iter().map(|r| &r.settings).collect::<Vec<_>>());
    [Metric::TestAccuracy, Metric::TestLoss, Metric::BatchLoss]
        .into_iter()
        .map(|metric| {
            let series: Vec<Series> = runs
                .iter()
                .zip(&labels)
                .map(|(r, label)| Series { id: r.id.clone(), label: label.clone(), points: points(r, metric) })
                .collect();
            let all = || series.iter().flat_map(|s| s.points.iter());
            let x_max = all().map(|p| p.0).fold(0.0, f64::max).max(1.0);
            let (lo, hi) = all().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| (lo.min(p.1), hi.max(p.1)));
            Chart { metric, x_max, y: y_range(metric, lo, hi), series }
        })
        .collect()
}
