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

fn points(run: &RunRecord, metric: Metric) -> Vec<(f64, f64)> {
    match metric {
        Metric::TestAccuracy => run.evals.iter().map(|e| (e.epoch, e.accuracy)).collect(),
        Metric::TestLoss => run.evals.iter().map(|e| (e.epoch, e.loss)).collect(),
        Metric::BatchLoss => {
            let values: Vec<f32> = run.losses.iter().map(|p| p.1).collect();
            let per = run.batches_per_epoch.max(1) as f64;
            run.losses.iter().zip(smooth(&values, ALPHA)).map(|(p, s)| (p.0 / per, s as f64)).collect()
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
            let y = match metric {
                _ if lo > hi => (0.0, 1.0),
                Metric::TestAccuracy => ((lo - 1.0).floor().max(0.0), 100.0),
                _ => (0.0, hi * 1.05),
            };
            Chart { metric, x_max, y, series }
        })
        .collect()
}
