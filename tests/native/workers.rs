//! A batch split between workers trains exactly as the whole batch: 1, 2 and 3 workers (3 leaves
//! a remainder) give the same losses and weights with augmentation and dropout on; a helper
//! that dies mid-run costs nothing; a checkpoint continues with another number of workers.
use burn::prelude::*;
use mnist_web::data::augment::Augment;
use mnist_web::data::dataset::Dataset;
use mnist_web::model::flat;
use mnist_web::native::data_files;
use mnist_web::train::checkpoint::Checkpoint;
use mnist_web::train::config::TrainConfig;
use mnist_web::train::event::Event;
use mnist_web::train::parallel::helpers::{Helpers, InProcess};
use mnist_web::train::parallel::shares::{ShareJob, ShareResult, split};
use mnist_web::train::session::{self, Control, Host, ReadPolicy};
use mnist_web::train::start::{RunFrom, Start};

/// In-process helpers of which the one numbered `fails.0` (from 0) gives no answer from step
/// `fails.1` on, as a helper that died would (and is gone from then on).
struct Failing {
    inner: InProcess,
    fails: Option<(usize, usize)>,
    /// The step of each job sent.
    steps: Vec<usize>,
}

impl Failing {
    fn new(count: usize, fails: Option<(usize, usize)>) -> Self {
        Self { inner: InProcess::new(count, Device::flex()), fails, steps: Vec::new() }
    }
}

impl Helpers for Failing {
    fn helpers(&self) -> usize {
        self.inner.helpers()
    }
    fn send_shares(&mut self, jobs: Vec<ShareJob>) {
        self.steps = jobs.iter().map(|j| j.step).collect();
        self.inner.send_shares(jobs)
    }
    async fn collect_shares(&mut self) -> Vec<Option<ShareResult>> {
        let mut answers = self.inner.collect_shares().await;
        if let Some((helper, _)) = self.fails.filter(|&(helper, from)| self.steps.get(helper).is_some_and(|&s| s >= from)) {
            answers[helper] = None;
            self.inner.count -= 1;
            self.fails = None;
        }
        answers
    }
}

/// Records the losses and checkpoints of a run whose batches `helpers` share.
struct Shared {
    helpers: Failing,
    losses: Vec<f32>,
    checkpoints: Vec<Checkpoint>,
}

impl Helpers for Shared {
    fn helpers(&self) -> usize {
        self.helpers.helpers()
    }
    fn send_shares(&mut self, jobs: Vec<ShareJob>) {
        self.helpers.send_shares(jobs)
    }
    async fn collect_shares(&mut self) -> Vec<Option<ShareResult>> {
        self.helpers.collect_shares().await
    }
}

impl Host for Shared {
    async fn between_batches(&mut self) -> Control {
        Control::Continue { paused_ms: 0.0 }
    }
    fn report(&mut self, event: Event) {
        if let Event::Losses { first, losses, .. } = event {
            self.losses.truncate(first);
            self.losses.extend(losses);
        }
    }
    fn checkpoint(&mut self, checkpoint: Checkpoint) {
        self.checkpoints.push(checkpoint);
    }
    fn now_ms(&self) -> f64 {
        0.0
    }
}

/// 20 batches of 64 (one epoch of 1,280 images), augmented, with dropout.
fn config() -> TrainConfig {
    TrainConfig {
        epochs: 1,
        train_images: Some(1280),
        test_images: Some(64),
        seed: 9,
        dropout: 0.3,
        augment: Augment::STANDARD,
        ..TrainConfig::default()
    }
}

fn data() -> (Dataset, Dataset) {
    let (train, test) = data_files::load_mnist(&data_files::default_data_dir()).expect("run scripts/fetch-data.sh first");
    (train.first(1280), test.first(64))
}

/// The losses, the final weights and the helpers left of a run from `from` with `workers`.
fn run(from: RunFrom, workers: usize, fails: Option<(usize, usize)>, policy: ReadPolicy) -> (Shared, Vec<f32>) {
    let (train, test) = data();
    let (config, start) = Start::build(from, &Device::flex()).unwrap();
    let helpers = Failing::new(workers - 1, fails);
    let mut host = Shared { helpers, losses: start.history.losses.clone(), checkpoints: Vec::new() };
    let outcome = futures_lite::future::block_on(session::run(&config, &train, &test, start, &policy, &mut host)).unwrap();
    let weights = futures_lite::future::block_on(flat::read_flat(&outcome.model)).unwrap();
    (host, weights)
}

fn fresh() -> RunFrom {
    RunFrom::Fresh { config: config(), init: None }
}

/// Losses within 1e-4 relative, weights within 1e-4.
fn assert_same(a: &(Shared, Vec<f32>), b: &(Shared, Vec<f32>), what: &str) {
    assert_eq!(a.0.losses.len(), b.0.losses.len(), "{what}");
    for (i, (x, y)) in a.0.losses.iter().zip(&b.0.losses).enumerate() {
        assert!((x - y).abs() <= 1e-4 * x.abs().max(1e-3), "{what}: batch {i}: loss {x} vs {y}");
    }
    let worst = a.1.iter().zip(&b.1).map(|(x, y)| (x - y).abs()).fold(0.0f32, f32::max);
    assert!(worst <= 1e-4, "{what}: weights differ by up to {worst}");
}

#[test]
fn shares_cover_the_batch_the_first_ones_one_image_larger() {
    assert_eq!(split(64, 3), vec![0..22, 22..43, 43..64]);
    assert_eq!(split(64, 2), vec![0..32, 32..64]);
    assert_eq!(split(64, 1), vec![0..64]);
    assert_eq!(split(2, 3), vec![0..1, 1..2], "never an empty share");
    // Weights and gradients travel as little-endian f32 bytes.
    let values = [1.5f32, -0.0, f32::MAX, 1e-30, -7.25];
    assert_eq!(mnist_web::base::envelope::Bytes::from_f32s(&values).f32s(), values);
}

#[test]
fn one_two_and_three_workers_train_the_same_network() {
    let one = run(fresh(), 1, None, ReadPolicy::default());
    assert_eq!(one.0.losses.len(), 20);
    assert!(one.0.losses[19] < one.0.losses[0], "it learns: {:?}", one.0.losses);
    let two = run(fresh(), 2, None, ReadPolicy::default());
    assert_same(&one, &two, "2 workers");
    let three = run(fresh(), 3, None, ReadPolicy::default());
    assert_same(&one, &three, "3 workers (shares of 22, 21, 21)");
    // Without dropout the masks do not decide it: the runs differ from the ones above.
    let plain = run(RunFrom::Fresh { config: TrainConfig { dropout: 0.0, ..config() }, init: None }, 2, None, ReadPolicy::default());
    assert!(plain.0.losses[5..].iter().zip(&one.0.losses[5..]).any(|(a, b)| (a - b).abs() > 1e-3), "dropout is on above");
}

#[test]
fn a_helper_that_dies_mid_run_costs_nothing_but_time() {
    let one = run(fresh(), 1, None, ReadPolicy::default());
    // The second helper of three workers answers nothing from step 7 on.
    let hurt = run(fresh(), 3, Some((1, 7)), ReadPolicy::default());
    assert_eq!(hurt.0.helpers.helpers(), 1, "the dead helper is no longer asked");
    assert_same(&one, &hurt, "a helper lost at step 7");
}

#[test]
fn a_checkpoint_continues_with_another_number_of_workers() {
    let one = run(fresh(), 1, None, ReadPolicy::default());
    let cut = run(fresh(), 3, None, ReadPolicy { checkpoint_ms: Some(0.0), max_batches: Some(13), ..ReadPolicy::default() });
    let saved = cut.0.checkpoints.iter().find(|c| c.position.done == 12).expect("a checkpoint after batch 12");
    let checkpoint = Checkpoint::decode("c.safetensors", &saved.encode()).unwrap();
    let continued = run(RunFrom::Checkpoint(Box::new(checkpoint)), 2, None, ReadPolicy::default());
    assert_same(&one, &continued, "3 workers, then 2 after a checkpoint");
}

#[test]
fn an_evaluation_shared_in_whole_batches_is_the_whole_evaluation() {
    let (_, test) = data_files::load_mnist(&data_files::default_data_dir()).expect("run scripts/fetch-data.sh first");
    let test = test.first(650); // 11 batches of 64, the last of 10 images: shares of 4, 4 and 3 batches
    let model = flat::seeded_model(3, &Device::flex().autodiff());
    let (whole, predictions) = futures_lite::future::block_on(mnist_web::train::eval::evaluate_full(&model, &test, 64)).unwrap();
    for fails in [None, Some((1, 0))] {
        let mut helpers = Failing::new(2, fails);
        let (shared, p) = futures_lite::future::block_on(mnist_web::train::parallel::evaluate(&model, &test, 64, 0, &mut helpers)).unwrap();
        assert_eq!((shared.correct, shared.total, &shared.confusion), (whole.correct, whole.total, &whole.confusion), "{fails:?}");
        assert!((shared.loss - whole.loss).abs() < 1e-6 * whole.loss, "{} vs {}", shared.loss, whole.loss);
        assert_eq!(p.predicted, predictions.predicted);
        assert!(p.confidence.iter().zip(&predictions.confidence).all(|(a, b)| (a - b).abs() < 1e-6));
        assert_eq!(helpers.helpers(), if fails.is_some() { 1 } else { 2 });
    }
}

#[test]
fn the_workers_are_a_choice_of_the_page_not_part_of_a_runs_recipe() {
    use mnist_web::train::metadata::run_metadata;
    use mnist_web::train::options::{Settings, settings_query, validate_settings};
    let c = TrainConfig { dropout: 0.25, ..TrainConfig::default() };
    let three = Settings { config: c.clone(), workers: 3 };
    // What a weights file, a checkpoint and a run's name say of a run does not name its workers.
    assert!(!run_metadata(&c, None, "here").iter().any(|(_, v)| v.contains("workers")));
    assert_eq!(mnist_web::train::options::query(&c), "dropout=0.25");
    assert_eq!(mnist_web::runs::label::settings_name(&c), "dropout 0.25");
    // The address bar and the command line keep the choice, checked by the same table.
    assert!(settings_query(&three).contains("workers=3"), "the address bar keeps the choice");
    let url = mnist_web::page::url::parse_query(&format!("?{}", settings_query(&three))).unwrap();
    assert_eq!((url.config, url.workers), (c.clone(), 3));
    let e = validate_settings(&Settings { workers: 17, ..three }).unwrap_err().to_string();
    assert!(e.contains("CPU workers") && e.contains("from 0 to 16"), "{e}");
    assert!(mnist_web::page::url::parse_query("?workers=17").is_err());
}

#[test]
fn a_helper_sent_a_malformed_share_says_what_it_was_sent() {
    use mnist_web::train::parallel::shares::{Work, compute};
    let job = ShareJob {
        step: 4,
        work: Work::Gradient,
        net: mnist_web::model::net::Net::default(),
        weights: Vec::<u8>::new().into(),
        pixels: vec![0u8; 784 + 5].into(),
        labels: vec![1u8].into(),
        first: 0,
        batch: 1,
        dropout: None,
    };
    let e = futures_lite::future::block_on(compute(&job, &Device::flex())).unwrap_err();
    let why = "it was sent a share of 1 labels with 789 bytes of images".to_string();
    assert_eq!(e, mnist_web::AppError::Worker { role: "helper".into(), why });
}
