//! A run continued from a checkpoint ends exactly like one never interrupted (CPU backend: the
//! same losses, batch for batch), mid-epoch and at an epoch's end, with augmentation and dropout;
//! with each optimizer (Adam, SGD with Nesterov's momentum and weight decay, AdamW); a checkpoint
//! is refused for other settings or another app version.
use burn::prelude::*;
use mnist_web::data::augment::Augment;
use mnist_web::data::dataset::Dataset;
use mnist_web::model::flat;
use mnist_web::native::data_files;
use mnist_web::train::checkpoint::Checkpoint;
use mnist_web::train::config::{OptimizerKind, TrainConfig};
use mnist_web::train::event::Event;
use mnist_web::train::session::{self, Control, Host, ReadPolicy};
use mnist_web::train::start::{RunFrom, Start};

/// Records every checkpoint and every reported loss.
#[derive(Default)]
struct Recorder {
    checkpoints: Vec<Checkpoint>,
    losses: Vec<f32>,
    evals: usize,
    /// Each snapshot's weights and the batches reported by then.
    snapshots: Vec<(Vec<f32>, usize)>,
}

impl mnist_web::train::parallel::helpers::Helpers for Recorder {}

impl Host for Recorder {
    async fn between_batches(&mut self) -> Control {
        Control::Continue { paused_ms: 0.0 }
    }

    fn report(&mut self, event: Event) {
        match event {
            Event::Losses { first, losses, .. } => {
                self.losses.truncate(first);
                self.losses.extend(losses);
            }
            Event::Eval { .. } => self.evals += 1,
            Event::Done { .. } => {}
        }
    }

    fn checkpoint(&mut self, checkpoint: Checkpoint) {
        self.checkpoints.push(checkpoint);
    }

    fn snapshot(&mut self, _net: &mnist_web::model::net::Net, flat: &[f32]) {
        self.snapshots.push((flat.to_vec(), self.losses.len()));
    }

    fn now_ms(&self) -> f64 {
        0.0
    }
}

fn config() -> TrainConfig {
    with(OptimizerKind::Adam)
}

/// The run of these tests with `optimizer` (SGD with Nesterov's momentum, weight decay 0.01).
fn with(optimizer: OptimizerKind) -> TrainConfig {
    let sgd = optimizer == OptimizerKind::Sgd;
    TrainConfig {
        optimizer,
        lr: if sgd { 0.01 } else { 1e-3 },
        nesterov: sgd,
        weight_decay: if optimizer == OptimizerKind::Adam { 0.0 } else { 0.01 },
        epochs: 2,
        batch: 64,
        train_images: Some(640),
        test_images: Some(64),
        seed: 5,
        dropout: 0.2,
        augment: Augment::STANDARD,
        ..TrainConfig::default()
    }
}

fn data() -> (Dataset, Dataset) {
    let (train, test) = data_files::load_mnist(&data_files::default_data_dir()).expect("run scripts/fetch-data.sh first");
    (train.first(640), test.first(64))
}

fn run(start: Start, policy: ReadPolicy, data: &(Dataset, Dataset)) -> Recorder {
    run_with(&config(), start, policy, data)
}

fn run_with(config: &TrainConfig, start: Start, policy: ReadPolicy, (train, test): &(Dataset, Dataset)) -> Recorder {
    // The page shows a continued run's history from its checkpoint, then the losses after it.
    let mut host = Recorder { losses: start.history.losses.clone(), ..Recorder::default() };
    futures_lite::future::block_on(session::run(config, train, test, start, &policy, &mut host)).unwrap();
    host
}

fn fresh() -> Start {
    fresh_with(&config())
}

fn fresh_with(config: &TrainConfig) -> Start {
    Start::build(RunFrom::Fresh { config: config.clone(), init: None }, &Device::flex()).unwrap().1
}

#[test]
fn a_continued_run_matches_an_uninterrupted_one_batch_for_batch() {
    let data = data();
    for optimizer in OptimizerKind::ALL {
        continued_matches_uninterrupted(&with(optimizer), &data);
    }
}

fn continued_matches_uninterrupted(config: &TrainConfig, data: &(Dataset, Dataset)) {
    let fresh = || fresh_with(config);
    let run = |start: Start, policy: ReadPolicy, data: &(Dataset, Dataset)| run_with(config, start, policy, data);
    let name = config.optimizer.as_str();
    // Checkpoints after every batch (`checkpoint_ms` 0); the run stops after 13 of 20 batches.
    let every_batch = ReadPolicy { checkpoint_ms: Some(0.0), max_pending: 1, ..ReadPolicy::default() };
    let whole = run(fresh(), ReadPolicy { max_batches: None, ..every_batch.clone() }, data);
    assert_eq!(whole.losses.len(), 20);
    assert!(whole.losses[15..].iter().sum::<f32>() < whole.losses[..5].iter().sum::<f32>(), "{name}: the loss falls: {:?}", whole.losses);
    let cut = run(fresh(), ReadPolicy { max_batches: Some(13), ..every_batch.clone() }, data);
    assert_eq!(cut.losses[..], whole.losses[..13], "{name}: the same start, the same losses");
    for at in [12, 10, 3] {
        // Through the file format, as the page's IndexedDB and the native command keep it.
        let saved = cut.checkpoints.iter().find(|c| c.position.done == at).expect("a checkpoint after that batch");
        let checkpoint = Checkpoint::decode("c.safetensors", &saved.encode()).unwrap();
        assert_eq!(&checkpoint, saved);
        assert_eq!(checkpoint.config.optimizer, config.optimizer, "the checkpoint names its optimizer");
        assert_eq!(checkpoint.history.losses[..], whole.losses[..at]);
        let continued =
            run(Start::build(RunFrom::Checkpoint(Box::new(checkpoint.clone())), &Device::flex()).unwrap().1, ReadPolicy::default(), data);
        assert_eq!(continued.losses, whole.losses, "{name}: continued after batch {at}");
        assert_eq!(continued.evals, 2 - at / 10, "the evaluations still to come");
    }
}

#[test]
fn a_checkpoint_says_where_it_stands_and_refuses_what_does_not_fit() {
    let data = data();
    let cut = run(fresh(), ReadPolicy { checkpoint_ms: Some(0.0), max_batches: Some(14), ..ReadPolicy::default() }, &data);
    let c = cut.checkpoints.last().unwrap();
    assert_eq!(c.at(10), (2, 3), "epoch 2, batch 3 done");
    assert!(c.check_settings(&config()).is_ok());
    let e = c.check_settings(&TrainConfig { epochs: 3, ..config() }).unwrap_err().to_string();
    assert!(e.contains("other settings") && e.contains("epochs=2") && e.contains("epochs=3"), "{e}");
    // Another release of the app wrote it in the same format: it continues; in another format:
    // refused, in words.
    let bytes = c.encode();
    let rewrite = |from: &str, to: &str| {
        let n = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
        let header = String::from_utf8(bytes[8..8 + n].to_vec()).unwrap();
        assert!(header.contains(from), "{header}");
        let header = header.replace(from, to);
        [&(header.len() as u64).to_le_bytes()[..], header.as_bytes(), &bytes[8 + n..]].concat()
    };
    let older = rewrite(mnist_web::base::release::APP, "mnist-web 0.0.1");
    assert_eq!(Checkpoint::decode("older.safetensors", &older).unwrap(), *c);
    let other = rewrite(&format!("\\\"format\\\":{}", mnist_web::base::release::CHECKPOINT_FORMAT), "\\\"format\\\":99");
    let e = Checkpoint::decode("other.safetensors", &other).unwrap_err().to_string();
    assert!(e.starts_with("other.safetensors: it was saved by mnist-web") && e.contains("checkpoint format 99"), "{e}");
    // A weights file is not a checkpoint.
    let weights = mnist_web::weights::file::encode(&mnist_web::model::net::Net::default(), &c.weights, &[]);
    assert!(Checkpoint::decode("w.safetensors", &weights).unwrap_err().to_string().contains("not a training checkpoint"));
}

#[test]
fn snapshots_show_the_weights_at_the_start_and_after_each_epoch_without_changing_the_run() {
    let data = data();
    let plain = run(fresh(), ReadPolicy::default(), &data);
    assert!(plain.snapshots.is_empty(), "none unless asked for");
    // The clock stands still here, so only the start and the epochs' ends are due.
    let watched = run(fresh(), ReadPolicy { snapshot_ms: Some(3000.0), ..ReadPolicy::default() }, &data);
    assert_eq!(watched.losses, plain.losses, "looking does not change the run");
    let at: Vec<usize> = watched.snapshots.iter().map(|s| s.1).collect();
    assert_eq!(at, vec![0, 10], "at the start and after epoch 1 (the trained weights follow the last)");
    let c = config();
    let start = flat::init_for(&c.net, c.seed);
    assert_eq!(watched.snapshots[0].0, start, "the first is the run's starting weights");
    assert_ne!(watched.snapshots[1].0, start, "after an epoch they have moved");
}
