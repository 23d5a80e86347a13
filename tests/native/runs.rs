//! Runs kept and compared: records thin their losses and rank their weights for eviction; names
//! and legends say what differs; run logs written by `train --log` read back; experiments list
//! their runs and keep their place.
use mnist_web::AppError;
use mnist_web::data::augment::Augment;
use mnist_web::model::arch::Arch;
use mnist_web::runs::experiment::Experiment;
use mnist_web::runs::import;
use mnist_web::runs::label::{describe, legend};
use mnist_web::runs::record::{EpochResult, MAX_POINTS, Outcome, RunRecord, thin, weights_to_drop};
use mnist_web::train::config::TrainConfig;
use mnist_web::train::eval::EvalResult;
use mnist_web::train::run_log::RunLog;

#[test]
fn losses_are_thinned_to_at_most_the_limit_keeping_the_ends_and_the_mean() {
    let losses: Vec<f32> = (0..9_380).map(|i| 2.3 * (-(i as f32) / 2000.0).exp() + 0.01 * ((i % 7) as f32)).collect();
    let t = thin(&losses, MAX_POINTS);
    assert_eq!(t.len(), MAX_POINTS);
    assert_eq!((t[0], *t.last().unwrap()), ((1.0, losses[0]), (9_380.0, losses[9_379])));
    assert!(t.windows(2).all(|w| w[0].0 < w[1].0), "positions increase");
    // Each point is its bucket's mean: the curve's mean is kept.
    let mean = |v: &[f32]| v.iter().map(|&x| x as f64).sum::<f64>() / v.len() as f64;
    let thinned: Vec<f32> = t[1..t.len() - 1].iter().map(|p| p.1).collect();
    assert!((mean(&thinned) - mean(&losses[1..9_379])).abs() < 1e-3);
    // Short runs are kept whole, numbered from 1.
    assert_eq!(thin(&[3.0, 2.0, 1.0], MAX_POINTS), vec![(1.0, 3.0), (2.0, 2.0), (3.0, 1.0)]);
}

fn record(id: &str, started_ms: f64, pinned: bool, has_weights: bool) -> RunRecord {
    RunRecord {
        id: id.into(),
        name: id.into(),
        pinned,
        started_ms,
        seconds: 10.0,
        settings: TrainConfig::default(),
        device: "CPU".into(),
        workers: 2,
        outcome: Outcome::Finished,
        batches: 3,
        batches_per_epoch: 3,
        losses: vec![(1.0, 2.3), (2.0, 2.0), (3.0, 1.5)],
        evals: vec![EpochResult { epoch: 1.0, accuracy: 90.0, loss: 0.3 }, EpochResult { epoch: 2.0, accuracy: 88.5, loss: 0.35 }],
        confusion: Vec::new(),
        images_per_sec: 100.0,
        lr: Vec::new(),
        has_weights,
    }
}

#[test]
fn a_record_knows_its_best_and_last_accuracy_and_the_oldest_unpinned_weights_go_first() {
    assert_eq!(record("a", 0.0, false, true).accuracy(), Some((90.0, 88.5)));
    assert_eq!(RunRecord { evals: Vec::new(), ..record("a", 0.0, false, true) }.accuracy(), None);
    let runs = [
        record("new", 30.0, false, true),
        record("pinned", 10.0, true, true),
        record("old", 20.0, false, true),
        record("none", 5.0, false, false),
    ];
    assert_eq!(weights_to_drop(&runs), ["old", "new"]);
    let evals = [(1.0, EvalResult::from_sums(9, 10, 0.6, 2))];
    assert_eq!(RunRecord::epochs(&evals), [EpochResult { epoch: 1.0, accuracy: 90.0, loss: 0.3 }]);
}

#[test]
fn names_and_legends_say_what_differs() {
    let d = TrainConfig::default();
    assert_eq!(describe(&d), "defaults");
    assert_eq!(describe(&TrainConfig { workers: 3, ..d.clone() }), "defaults", "workers do not change the training");
    let drop = TrainConfig { dropout: 0.25, ..d.clone() };
    let aug = TrainConfig { augment: Augment::STANDARD, epochs: 2, ..d.clone() };
    assert_eq!(describe(&drop), "dropout 0.25");
    assert_eq!(describe(&aug), "epochs 2, augment");
    assert_eq!(describe(&TrainConfig { augment: Augment { rotate: 15.0, ..Augment::default() }, ..d.clone() }), "rotate 15");
    assert_eq!(legend(&[&d, &drop]), ["defaults", "dropout 0.25"]);
    let half = TrainConfig { dropout: 0.5, ..d.clone() };
    assert_eq!(legend(&[&drop, &half]), ["dropout 0.25", "dropout 0.5"]);
    // Shared settings are left out of the legend; a default value is not named.
    let short = |c: &TrainConfig| TrainConfig { epochs: 2, train_images: Some(640), ..c.clone() };
    assert_eq!(
        legend(&[&short(&d), &short(&drop), &short(&TrainConfig { arch: Arch::Deeper, ..d.clone() })]),
        ["defaults", "dropout 0.25", "arch deeper"]
    );
    assert_eq!(legend(&[&drop, &drop]), ["dropout 0.25", "dropout 0.25"], "the same settings: each by its own name");
}

#[test]
fn run_logs_written_by_train_read_back_as_runs() {
    let config = TrainConfig { epochs: 2, dropout: 0.25, train_images: Some(192), ..TrainConfig::default() };
    let losses = [2.3, 2.1, 1.9, 1.7, 1.6, 1.4];
    let evals = [(1.0, EvalResult::from_sums(60, 100, 1.6, 2)), (2.0, EvalResult::from_sums(75, 100, 1.2, 2))];
    let log = RunLog { config: &config, device: "CPU (flex)", batches_per_epoch: 3, losses: &losses, evals: &evals };
    let json = import::read("run.json", &log.json(), 1_000.0).unwrap();
    assert_eq!((json.outcome, json.settings.clone(), json.batches, json.batches_per_epoch), (Outcome::Imported, config.clone(), 6, 3));
    assert_eq!(json.losses.len(), 6);
    assert_eq!(json.losses[5], (6.0, 1.4));
    assert_eq!(json.accuracy(), Some((75.0, 75.0)));
    assert!(json.device.starts_with("CPU (flex) (mnist-web "), "{}", json.device);
    assert_eq!(json.name, "epochs 2, dropout 0.25, train_images 192 (run.json)");
    let csv = import::read("run.csv", &log.csv(), 2_000.0).unwrap();
    assert_eq!((csv.batches, csv.batches_per_epoch, csv.evals.len()), (6, 3, 0));
    assert_eq!(csv.losses.iter().map(|p| p.1).collect::<Vec<_>>(), losses);
    for (name, text, why) in [
        ("notes.txt", "hello", "first line is not epoch,batch,loss"),
        ("bad.csv", "epoch,batch,loss\n1,1,x\n", "row 2"),
        ("empty.csv", "epoch,batch,loss\n", "no batches"),
        ("other.json", "{\"a\": 1}", "not a run log of this app"),
        ("nan.csv", "epoch,batch,loss\n1,1,NaN\n", "not a number"),
    ] {
        let e = import::read(name, text, 0.0).unwrap_err();
        assert!(matches!(&e, AppError::RunLog { name: n, reason } if n == name && reason.contains(why)), "{name}: {e}");
    }
}

#[test]
fn an_experiment_lists_its_runs_and_keeps_its_place() {
    let base = TrainConfig { epochs: 2, train_images: Some(640), seed: 5, ..TrainConfig::default() };
    let mut e = Experiment::sweep(&base, "dropout", "0, 0.25, 0.5").unwrap();
    assert_eq!(e.runs.iter().map(|c| c.dropout).collect::<Vec<_>>(), [0.0, 0.25, 0.5]);
    assert!(e.runs.iter().all(|c| c.seed == 5 && c.epochs == 2));
    assert_eq!(e.next(), Some(&e.runs[0].clone()));
    assert_eq!(e.finished("r1".into()).map(|c| c.dropout), Some(0.25));
    // Kept between visits as JSON: the place is kept.
    let mut again: Experiment = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
    assert_eq!(again.finished("r2".into()).map(|c| c.dropout), Some(0.5));
    assert_eq!(again.finished("r3".into()), None);
    assert!(again.complete() && again.done == ["r1", "r2", "r3"]);
    assert!(Experiment::sweep(&base, "dropout", "0.25").unwrap_err().contains("at least two values"));
    assert!(Experiment::sweep(&base, "dropout", "0, 2").unwrap_err().contains("dropout = \"2\""));
    assert!(Experiment::sweep(&base, "workers", "1, 2").is_err());
    let t = Experiment::tutorial(&base);
    assert_eq!(
        legend(&t.runs.iter().collect::<Vec<_>>()),
        ["defaults", "dropout 0.5", "augment", "lr_step 1, lr_gamma 0.3", "arch deeper"]
    );
    assert!(t.runs.iter().all(|c| c.epochs == 2 && c.train_images == Some(640) && c.seed == 5));
}

#[test]
fn a_finished_run_becomes_a_record_and_records_compare_in_epochs() {
    use mnist_web::page::compare::{Metric, charts};
    use mnist_web::page::page_state::PageState;
    let s = PageState {
        losses: (0..30).map(|i| 2.3 - i as f32 * 0.05).collect(),
        evals: vec![(1.0, EvalResult::from_sums(80, 100, 1.0, 2)), (2.0, EvalResult::from_sums(90, 100, 0.6, 2))],
        progress: mnist_web::train::event::Progress { batches_per_epoch: 15, ..Default::default() },
        speed_points: vec![(10.0, 100.0), (20.0, 300.0)],
        ..PageState::default()
    };
    let config = TrainConfig { epochs: 2, dropout: 0.25, ..TrainConfig::default() };
    let r = mnist_web::page::run_record::record(&s, &config, (1_000.0, 31_000.0), false);
    assert_eq!(
        (r.id.as_str(), r.name.as_str(), r.seconds, r.batches, r.outcome),
        ("r1000", "epochs 2, dropout 0.25", 30.0, 30, Outcome::Finished)
    );
    assert_eq!((r.images_per_sec, r.accuracy()), (200.0, Some((90.0, 90.0))));
    assert_eq!(r.lr, [(1, 1e-3), (2, 1e-3)]);
    let stepped = TrainConfig { epochs: 3, lr_step: 1, lr_gamma: 0.5, ..config.clone() };
    assert_eq!(RunRecord::schedule(&stepped), [(1, 1e-3), (2, 5e-4), (3, 2.5e-4)]);
    let other = RunRecord {
        id: "b".into(),
        settings: TrainConfig { epochs: 2, ..TrainConfig::default() },
        batches_per_epoch: 3,
        ..record("b", 0.0, false, false)
    };
    let c = charts(&[&r, &other]);
    assert_eq!(c.iter().map(|c| c.metric).collect::<Vec<_>>(), [Metric::TestAccuracy, Metric::TestLoss, Metric::BatchLoss]);
    assert_eq!(c[0].series.iter().map(|s| s.label.as_str()).collect::<Vec<_>>(), ["dropout 0.25", "defaults"]);
    assert_eq!(c[0].series[0].points, [(1.0, 80.0), (2.0, 90.0)]);
    assert_eq!(c[0].y, (79.0, 100.0));
    // Batch losses are placed in epochs: batch 30 of 15 per epoch ends epoch 2; batch 3 of 3, epoch 1.
    assert_eq!(c[2].series[0].points.last().unwrap().0, 2.0);
    assert_eq!(c[2].series[1].points.last().unwrap().0, 1.0);
    assert_eq!(c[2].x_max, 2.0);
}
