//! Runs kept and compared: records thin their losses and rank their weights for eviction; names
//! and legends say what differs; run logs written by `train --log` read back, and logs claiming
//! what no run has are refused in words; experiments list their runs and keep their place; the
//! comparison charts stay drawable whatever the records claim.
use mnist_web::AppError;
use mnist_web::data::augment::Augment;
use mnist_web::model::net::Net;
use mnist_web::page::compare::{self, y_range};
use mnist_web::page::plot::{nice_ticks, polyline};
use mnist_web::runs::experiment::Experiment;
use mnist_web::runs::import::{self, MAX_LOG_BYTES};
use mnist_web::runs::label::{legend, settings_name};
use mnist_web::runs::log::RunLog;
use mnist_web::runs::record::{EpochResult, MAX_POINTS, Outcome, RunRecord, thin, weights_to_drop};
use mnist_web::train::config::{OptimizerKind, TrainConfig};
use mnist_web::train::results::EvalResult;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

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
        evals: vec![epoch_result(1.0, 90.0, 0.3), epoch_result(2.0, 88.5, 0.35)],
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
    assert_eq!(RunRecord::epochs(&evals), [EpochResult { correct: Some(9), total: Some(10), ..epoch_result(1.0, 90.0, 0.3) }]);
}

#[test]
fn names_and_legends_say_what_differs() {
    let d = TrainConfig::default();
    assert_eq!(settings_name(&d), "defaults");
    let drop = TrainConfig { dropout: 0.25, ..d.clone() };
    let aug = TrainConfig { augment: Augment::STANDARD, epochs: 2, ..d.clone() };
    assert_eq!(settings_name(&drop), "dropout 0.25");
    assert_eq!(settings_name(&aug), "epochs 2, augment");
    assert_eq!(settings_name(&TrainConfig { augment: Augment { rotate: 15.0, ..Augment::default() }, ..d.clone() }), "rotate 15");
    assert_eq!(legend(&[&d, &drop]), ["defaults", "dropout 0.25"]);
    let half = TrainConfig { dropout: 0.5, ..d.clone() };
    assert_eq!(legend(&[&drop, &half]), ["dropout 0.25", "dropout 0.5"]);
    // Shared settings are left out of the legend; a default value is not named.
    let short = |c: &TrainConfig| TrainConfig { epochs: 2, train_images: Some(640), ..c.clone() };
    assert_eq!(
        legend(&[&short(&d), &short(&drop), &short(&TrainConfig { net: Net::deeper(), ..d.clone() })]),
        ["defaults", "dropout 0.25", "net deeper"]
    );
    assert_eq!(legend(&[&drop, &drop]), ["dropout 0.25", "dropout 0.25"], "the same settings: each by its own name");
    // The optimizers: SGD's momentum is named only where SGD uses it.
    let sgd = TrainConfig { optimizer: OptimizerKind::Sgd, lr: 0.01, ..d.clone() };
    let nesterov = TrainConfig { nesterov: true, momentum: 0.8, ..sgd.clone() };
    assert_eq!(settings_name(&TrainConfig { momentum: 0.5, nesterov: true, ..d.clone() }), "defaults", "Adam has no momentum");
    assert_eq!(legend(&[&d, &sgd, &nesterov]), ["defaults", "lr 0.01, optimizer sgd", "lr 0.01, optimizer sgd, momentum 0.8, nesterov 1"]);
    let adamw = TrainConfig { optimizer: OptimizerKind::AdamW, weight_decay: 0.01, ..d.clone() };
    assert_eq!(legend(&[&sgd, &adamw]), ["lr 0.01, optimizer sgd", "optimizer adamw, weight_decay 0.01"]);
    // A data set of one's own: named first; the legend names a difference of sets (the
    // classifier's outputs follow the set, not named apart).
    let shapes = mnist_web::data::set_id::SetId {
        name: "shapes".into(),
        hash: "01".into(),
        classes: vec!["a".into(), "b".into(), "c".into()],
        train: 40,
    };
    let on_shapes = |c: &TrainConfig| c.for_set(Some(&shapes)).unwrap();
    assert_eq!((settings_name(&on_shapes(&d)), settings_name(&on_shapes(&drop))), ("shapes".into(), "shapes, dropout 0.25".into()));
    assert_eq!(legend(&[&d, &on_shapes(&d)]), ["MNIST", "shapes"]);
    assert_eq!(legend(&[&drop, &on_shapes(&d)]), ["MNIST, dropout 0.25", "shapes"]);
    assert_eq!(legend(&[&on_shapes(&d), &on_shapes(&half)]), ["defaults", "dropout 0.5"], "the same set: not named");
}

#[test]
fn the_structures_experiment_tries_the_tutorials_four_changes() {
    let base = TrainConfig { epochs: 2, train_images: Some(640), seed: 3, optimizer: OptimizerKind::Sgd, ..TrainConfig::default() };
    let e = Experiment::structures(&base);
    let names = legend(&e.runs.iter().collect::<Vec<_>>());
    assert_eq!(
        names,
        [
            "defaults",
            "net c16k5-p-c32k5-c32k5-p-c64k5-c64k5",
            "net c32k5-p-c64k5-c64k5-p-c128k5",
            "net c16k5-p-c32k5-c32k5-c64k5",
            "net c16k5-p-c32k5-c32k5-p-c64k5-l128"
        ]
    );
    for run in &e.runs {
        assert_eq!((run.epochs, run.train_images, run.seed, run.optimizer), (2, Some(640), 3, OptimizerKind::Adam));
        mnist_web::train::options::validate(run).unwrap();
    }
    assert_eq!(e.runs[1].net.param_count(), 121_514 + 64 * 64 * 25 + 64, "one more convolution");
}

#[test]
fn the_optimizers_experiment_compares_the_tutorials_adam_with_sgd_and_adamw() {
    let base = TrainConfig { epochs: 3, train_images: Some(6_400), seed: 9, dropout: 0.5, ..TrainConfig::default() };
    let e = Experiment::optimizers(&base);
    let names = legend(&e.runs.iter().collect::<Vec<_>>());
    assert_eq!(names, ["defaults", "lr 0.01, optimizer sgd", "lr 0.01, optimizer sgd, nesterov 1", "optimizer adamw, weight_decay 0.01"]);
    for run in &e.runs {
        assert_eq!(
            (run.epochs, run.train_images, run.seed, run.dropout),
            (3, Some(6_400), 9, 0.0),
            "base's length and seed, the rest default"
        );
        mnist_web::train::options::validate(run).unwrap();
    }
}

#[test]
fn run_logs_written_by_train_read_back_as_runs() {
    let config = TrainConfig { epochs: 2, dropout: 0.25, train_images: Some(192), ..TrainConfig::default() };
    let losses = [2.3, 2.1, 1.9, 1.7, 1.6, 1.4];
    let evals = [(1.0, EvalResult::from_sums(60, 100, 1.6, 2)), (2.0, EvalResult::from_sums(75, 100, 1.2, 2))];
    let log = RunLog::of_run(&config, 1, "CPU (flex)", 3, &losses, &evals);
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

/// An epoch's result with no counts (as records kept before they were have it).
fn epoch_result(epoch: f64, accuracy: f64, loss: f64) -> EpochResult {
    EpochResult { epoch, accuracy, loss, correct: None, total: None }
}

#[test]
fn a_kept_runs_log_is_the_log_it_was_made_from_and_never_invents_counts() {
    let config = TrainConfig { epochs: 2, train_images: Some(192), test_images: Some(300), ..TrainConfig::default() };
    let losses = [2.3, 2.1, 1.9, 1.7, 1.6, 1.4];
    // 2/3 right is 66.666…%: a count rebuilt from a rounded accuracy would be off.
    let evals = [(1.0, EvalResult::from_sums(200, 300, 1.6, 2)), (2.0, EvalResult::from_sums(251, 300, 1.2, 2))];
    let written = RunLog::of_run(&config, 2, "CPU", 3, &losses, &evals);
    let kept = import::read("run.json", &written.json(), 1_000.0).unwrap();
    assert_eq!(kept.evals.iter().map(|e| (e.correct, e.total)).collect::<Vec<_>>(), [(Some(200), Some(300)), (Some(251), Some(300))]);
    let again = RunLog::of_record(&kept, &losses);
    assert_eq!(kept.workers, 2);
    assert_eq!((&again.batches, &again.epochs, &again.settings, again.workers), (&written.batches, &written.epochs, &written.settings, 2));
    // A kept run without counts (kept by an earlier version) writes none rather than guessing.
    let old = record("old", 0.0, false, false);
    let log = RunLog::of_record(&old, &[2.3, 2.0, 1.5]);
    assert!(log.epochs.iter().all(|e| e.correct.is_none() && e.total.is_none()));
    assert!(!log.json().contains("\"correct\""), "{}", log.json());
    assert_eq!(import::read("old.json", &log.json(), 0.0).unwrap().accuracy(), Some((90.0, 88.5)));
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
    assert_eq!(legend(&t.runs.iter().collect::<Vec<_>>()), ["defaults", "dropout 0.5", "augment", "lr_step 1, lr_gamma 0.3", "net deeper"]);
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

// Hostile run logs and odd records.

/// A log of 2 epochs of 3 batches (192 training images in batches of 64, 100 test images) as
/// `train --log` writes it, with `edit` applied to its JSON.
fn edited_log(edit: impl FnOnce(&mut Value)) -> String {
    let config = TrainConfig { epochs: 2, train_images: Some(192), test_images: Some(100), ..TrainConfig::default() };
    let losses = [2.3, 2.1, 1.9, 1.7, 1.6, 1.4];
    let evals = [(1.0, EvalResult::from_sums(60, 100, 1.6, 2)), (2.0, EvalResult::from_sums(75, 100, 1.2, 2))];
    let log = RunLog::of_run(&config, 1, "CPU", 3, &losses, &evals);
    let mut v: Value = serde_json::from_str(&log.json()).unwrap();
    edit(&mut v);
    v.to_string()
}

/// An edit of a log's JSON.
type Edit = fn(&mut Value);

/// Reads `text` as the file `name`: refused, well within a second, with exactly `why`.
fn refused(name: &str, text: &str, why: &str) {
    let t = Instant::now();
    let e = import::read(name, text, 0.0).expect_err(name);
    assert!(t.elapsed() < Duration::from_millis(500), "{name} took {:?}", t.elapsed());
    assert_eq!(e, AppError::RunLog { name: name.into(), reason: why.into() }, "{name}");
}

#[test]
fn run_logs_claiming_what_no_run_has_are_refused_naming_the_file_and_the_figure() {
    assert!(import::read("fine.json", &edited_log(|_| {}), 0.0).is_ok(), "the log unedited reads");
    let json_cases: [(&str, Edit, &str); 14] = [
        ("workers.json", |v| v["workers"] = json!(99), "it claims 99 workers shared the batches; a run has 1 to 16"),
        ("150.json", |v| v["epochs"][0]["test_accuracy"] = json!(150.0), "epoch 1 claims a test accuracy of 150%, outside 0–100"),
        ("below0.json", |v| v["epochs"][1]["test_accuracy"] = json!(-3.0), "epoch 2 claims a test accuracy of -3%, outside 0–100"),
        ("neg-loss.json", |v| v["batches"][1]["loss"] = json!(-1.0), "batch 2 of epoch 1 has a negative loss (-1); a loss is 0 or more"),
        ("neg-test.json", |v| v["epochs"][1]["test_loss"] = json!(-0.5), "epoch 2 claims a negative test loss (-0.5); a loss is 0 or more"),
        // JSON holds no NaN or infinity, but 1e39 is beyond an f32: an infinite loss.
        ("inf.json", |v| v["batches"][0]["loss"] = json!(1e39), "batch 1 of epoch 1 has an infinite loss (inf)"),
        (
            "per.json",
            |v| v["batches_per_epoch"] = json!(4),
            "it claims 4 batches per epoch, but 192 training images in batches of 64 make at most 3",
        ),
        ("batch.json", |v| v["batches"][2]["batch"] = json!(5), "batch 5 of epoch 1 is beyond the 3 batches of an epoch"),
        ("epoch.json", |v| v["batches"][5]["epoch"] = json!(3), "batch 3 of epoch 3 is beyond the run's 2 epochs"),
        ("order.json", |v| v["batches"][3]["epoch"] = json!(1), "the batches go backwards: batch 1 of epoch 1 comes after batch 3"),
        ("late.json", |v| v["epochs"][1]["epoch"] = json!(2.5), "epoch 2.5 has a test result, but the run had 2 epochs"),
        (
            "back.json",
            |v| v["epochs"] = json!([v["epochs"][1], v["epochs"][0]]),
            "the test results go backwards: epoch 1 comes after epoch 2",
        ),
        ("count.json", |v| v["epochs"][0]["correct"] = json!(90), "epoch 1 claims a test accuracy of 60%, but 90 of 100 right is 90.00%"),
        // More batches than 2 epochs of 3 hold: refused before each is looked at.
        (
            "many.json",
            |v| v["batches"] = Value::Array(vec![json!({"epoch": 1, "batch": 1, "loss": 1.0}); 20_000]),
            "it holds 20000 batches, more than 2 epochs of 3 batches",
        ),
    ];
    for (name, edit, why) in json_cases {
        refused(name, &edited_log(edit), why);
    }
    refused(
        "none.json",
        &edited_log(|v| v["epochs"][0]["total"] = json!(0)),
        "epoch 1 claims 0 test images, but the run tested on 1 to 100",
    );
    refused(
        "zero.json",
        &edited_log(|v| v["epochs"][0]["epoch"] = json!(0.0)),
        "a test result claims epoch 0, but epochs are numbers above 0",
    );
    // CSV holds anything a number can be written as.
    let csv = |rows: &str| format!("epoch,batch,loss\n{rows}");
    for (name, rows, why) in [
        ("nan.csv", "1,1,2.3\n1,2,NaN\n", "batch 2 of epoch 1 has a loss that is not a number (NaN)"),
        ("inf.csv", "1,1,inf\n", "batch 1 of epoch 1 has an infinite loss (inf)"),
        ("minus.csv", "1,1,2.3\n1,2,-1\n", "batch 2 of epoch 1 has a negative loss (-1); a loss is 0 or more"),
        ("back.csv", "1,1,2.3\n1,2,2.1\n2,1,1.9\n1,2,1.8\n", "the epochs go backwards: batch 2 of epoch 1 comes after batch 1 of epoch 2"),
        ("twice.csv", "1,1,2.3\n1,2,2.1\n1,2,2.0\n2,1,1.9\n", "batch 2 of epoch 1 appears twice"),
        ("beyond.csv", "1,1,2.3\n1,2,2.1\n2,1,1.9\n2,3,1.8\n", "batch 3 of epoch 2 is beyond the 2 batches of an epoch"),
        ("zero.csv", "1,1,2.3\n1,2,2.2\n2,0,1.9\n", "epoch 2 has a batch 0, but batches count from 1"),
        ("epoch0.csv", "0,1,2.3\n", "batch 1 claims epoch 0, but epochs count from 1"),
        ("negative.csv", "-1,1,0.5\n", "row 2 (\"-1,1,0.5\") is not epoch,batch,loss"),
        ("late.csv", "2,1,0.5\n", "its batches do not start at epoch 1"),
        ("wide.csv", "1,70000,0.5\n", "it claims 70000 batches per epoch, but 60000 training images in batches of 1 make at most 60000"),
    ] {
        refused(name, &csv(rows), why);
    }
    let e = import::read("long.csv", &csv("1,1,0.5\n1001,1,0.5\n"), 0.0).unwrap_err();
    assert!(
        matches!(&e, AppError::RunLog { name, reason } if name == "long.csv" && reason.starts_with("it counts 1001 epochs, more than a run can have (")),
        "{e}"
    );
    // A row of any length is quoted short.
    let e = import::read("row.csv", &csv(&"9".repeat(100_000)), 0.0).unwrap_err().to_string();
    assert!(e.starts_with("row.csv: row 2 (\"9999") && e.ends_with("…\") is not epoch,batch,loss") && e.len() < 200, "{e}");
    // Too large to read: refused before parsing, the page checking a picked file's size the same way.
    let big = csv(&"1,1,0.5\n".repeat(MAX_LOG_BYTES / 8 + 1));
    let t = Instant::now();
    assert_eq!(import::read("big.csv", &big, 0.0).unwrap_err(), AppError::TooLarge { name: "big.csv".into(), max_mb: 8 });
    assert!(t.elapsed() < Duration::from_millis(500));
    let fits = csv(&"1,1,0.5\n".repeat((MAX_LOG_BYTES - 40) / 8));
    assert!(!matches!(import::read("fits.csv", &fits, 0.0), Err(AppError::TooLarge { .. })), "a log just under the cap is read");
}

#[test]
fn run_logs_at_the_limits_import_and_long_test_results_are_thinned() {
    // Every test image right and every loss 0: odd, but a run could.
    let perfect = edited_log(|v| {
        v["batches"].as_array_mut().unwrap().iter_mut().for_each(|b| b["loss"] = json!(0.0));
        for e in v["epochs"].as_array_mut().unwrap() {
            (e["test_accuracy"], e["test_loss"], e["correct"]) = (json!(100.0), json!(0.0), json!(100));
        }
    });
    let r = import::read("perfect.json", &perfect, 0.0).unwrap();
    assert_eq!(r.accuracy(), Some((100.0, 100.0)));
    assert!(r.losses.iter().all(|p| p.1 == 0.0));
    // Stopped a third into its second epoch with none right; a kept run's log rounds its count.
    let stopped = edited_log(|v| {
        v["batches"].as_array_mut().unwrap().truncate(4);
        v["epochs"][0]["test_accuracy"] = json!(60.4);
        v["epochs"][1] = json!({"epoch": 4.0 / 3.0, "test_accuracy": 0.0, "test_loss": 2.3, "correct": 0, "total": 100});
    });
    let r = import::read("stopped.json", &stopped, 0.0).unwrap();
    assert_eq!((r.batches, r.evals[1].epoch, r.evals[1].accuracy), (4, 4.0 / 3.0, 0.0));
    // Thousands of test results (1,000 epochs, several evaluations each) are thinned as the
    // losses are: the first and the last kept, in order.
    let many = edited_log(|v| {
        v["settings"]["epochs"] = json!(1000);
        v["epochs"] = (1..=2_500).map(|k| json!({"epoch": k as f64 * 0.4, "test_accuracy": 50.0, "test_loss": 1.0})).collect();
    });
    let r = import::read("many.json", &many, 0.0).unwrap();
    assert_eq!(r.evals.len(), MAX_POINTS);
    assert_eq!((r.evals[0].epoch, r.evals[MAX_POINTS - 1].epoch), (0.4, 2_500.0 * 0.4));
    assert!(r.evals.windows(2).all(|w| w[0].epoch < w[1].epoch));
}

#[test]
fn compare_charts_stay_sound_whatever_the_records_claim() {
    let claims = |id: &str, evals: Vec<EpochResult>, losses: Vec<(f64, f32)>| RunRecord { evals, losses, ..record(id, 0.0, false, false) };
    let e = epoch_result;
    // The issue: every ticked run claims over 101%, so the axis ran from 149 down to 100 and
    // drawing it panicked. Now the axis stays 99–100 and the lines run along its top.
    let a = claims("a", vec![e(1.0, 150.0, 0.1), e(2.0, 150.0, 0.1)], vec![(1.0, 0.5)]);
    let b = claims("b", vec![e(1.0, 102.0, -0.5)], vec![(1.0, -1.0), (2.0, -2.0)]);
    assert_eq!(compare::charts(&[&a, &b])[0].y, (99.0, 100.0));
    // A record edited in the browser's storage: NaN and infinities anywhere, 0 batches per epoch.
    let odd_evals = vec![e(f64::NAN, f64::NAN, f64::INFINITY), e(f64::INFINITY, -5.0, f64::NAN), e(2.0, f64::NEG_INFINITY, 1e308)];
    let odd_losses = vec![(f64::NAN, 1.0), (1.0, f32::NAN), (2.0, f32::INFINITY), (3.0, f32::MAX)];
    let c = RunRecord { batches_per_epoch: 0, ..claims("c", odd_evals, odd_losses) };
    let none = claims("d", Vec::new(), Vec::new());
    for runs in [vec![&a, &b], vec![&a, &c], vec![&c, &none], vec![&none, &none], vec![&a, &b, &c, &none]] {
        for chart in compare::charts(&runs) {
            let (lo, hi) = chart.y;
            assert!(lo.is_finite() && hi.is_finite() && lo < hi, "{:?}: {:?}", chart.metric, chart.y);
            assert!(chart.x_max.is_finite() && chart.x_max >= 1.0);
            for s in &chart.series {
                assert!(s.points.iter().all(|p| p.0.is_finite() && p.1.is_finite()), "{:?}", s.points);
                let line = polyline(&s.points, chart.x_max, chart.y, 300.0, 150.0);
                assert!(!line.contains("NaN") && !line.contains("inf"), "{line}");
            }
        }
    }
    // polyline itself, given ranges no chart makes now: no panic, every point at the bottom.
    for y in [(149.0, 100.0), (f64::NAN, 1.0), (0.0, f64::NAN), (1.0, 1.0), (f64::NEG_INFINITY, 0.0), (-f64::MAX, f64::MAX), (0.0, 1e-320)]
    {
        assert_eq!(polyline(&[(0.0, 1.0), (1.0, 2.0), (f64::NAN, 1.0)], 1.0, y, 300.0, 150.0), "0.0,150.0 300.0,150.0", "{y:?}");
    }
    assert_eq!(y_range(compare::Metric::TestLoss, -2.0, -1.0), (0.0, 1.0), "all losses negative");
    assert_eq!(y_range(compare::Metric::BatchLoss, 0.0, f64::MAX), (0.0, f64::MAX));
    assert_eq!(y_range(compare::Metric::TestAccuracy, f64::NAN, f64::NAN), (0.0, 1.0));
    // Ticks for a range too narrow for f64 end at once instead of counting forever.
    assert!(nice_ticks(0.0, 5e-324, 5).is_empty());
}

#[test]
fn a_stopped_run_ends_the_experiment_and_the_last_one_compares_them_all() {
    use mnist_web::runs::experiment::After;
    let base = TrainConfig { epochs: 1, train_images: Some(640), ..TrainConfig::default() };
    let mut e = Experiment::sweep(&base, "dropout", "0, 0.25, 0.5").unwrap();
    assert_eq!(e.after(Outcome::Finished, "r1".into()), After::Next(e.runs[1].clone()));
    assert_eq!(e.after(Outcome::Finished, "r2".into()), After::Next(e.runs[2].clone()));
    assert_eq!(e.after(Outcome::Finished, "r3".into()), After::Done { compare: vec!["r1".into(), "r2".into(), "r3".into()] });
    // Stopped by the user: no next run; the runs finished so far are compared.
    let mut e = Experiment::sweep(&base, "dropout", "0, 0.25, 0.5").unwrap();
    e.after(Outcome::Finished, "r1".into());
    assert_eq!(e.after(Outcome::Stopped, "r2".into()), After::Done { compare: vec!["r1".into()] });
}

/// Storage that holds `quota` weights files: a write beyond it is refused as the browser does.
struct Store {
    weights: std::cell::RefCell<Vec<String>>,
    quota: usize,
}

impl Store {
    async fn save(&self, id: &str) -> Result<(), String> {
        let mut w = self.weights.borrow_mut();
        if w.len() >= self.quota {
            return Err("QuotaExceededError: the quota has been exceeded".into());
        }
        w.push(id.into());
        Ok(())
    }
}

#[test]
fn full_storage_drops_the_oldest_unpinned_weights_one_at_a_time_never_the_runs_own() {
    use mnist_web::runs::record::make_room;
    // Four runs with weights (one pinned) fill the storage; a fifth run's weights need room.
    let mut runs = vec![
        record("new", 30.0, false, true),
        record("pinned", 10.0, true, true),
        record("old", 20.0, false, true),
        record("oldest", 5.0, false, true),
    ];
    let store = Store { weights: std::cell::RefCell::new(vec!["new".into(), "pinned".into(), "old".into(), "oldest".into()]), quota: 3 };
    let drop = |id: String| {
        store.weights.borrow_mut().retain(|w| *w != id);
        std::future::ready(())
    };
    let (result, dropped) = futures_lite::future::block_on(make_room(&mut runs, "fifth", || store.save("fifth"), drop));
    assert_eq!(result, Ok(()));
    assert_eq!(dropped, ["oldest", "old"], "two went, oldest first; the pinned one stays");
    assert!(runs.iter().filter(|r| dropped.contains(&r.id)).all(|r| !r.has_weights));
    assert_eq!(*store.weights.borrow(), ["new", "pinned", "fifth"]);
    // Nothing left to drop but the run's own weights and the pinned ones: the error is told.
    let mut runs = vec![record("mine", 1.0, false, true), record("pinned", 2.0, true, true)];
    let store = Store { weights: std::cell::RefCell::new(vec!["mine".into(), "pinned".into()]), quota: 2 };
    let (result, dropped) = futures_lite::future::block_on(make_room(&mut runs, "mine", || store.save("mine"), |_| std::future::ready(())));
    assert!(result.unwrap_err().starts_with("QuotaExceededError"));
    assert!(dropped.is_empty());
    // Another failure is not storage being full: nothing is dropped.
    let mut runs = vec![record("a", 1.0, false, true)];
    let (result, dropped) = futures_lite::future::block_on(make_room(
        &mut runs,
        "b",
        || std::future::ready(Err("InvalidStateError: closing".to_string())),
        |_| std::future::ready(()),
    ));
    assert_eq!((result, dropped.len()), (Err("InvalidStateError: closing".into()), 0));
}
