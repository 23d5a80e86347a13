//! Training and evaluation on the CPU backend, on real MNIST.
use burn::prelude::*;
use mnist_web::data::dataset::{Dataset, epoch_order};
use mnist_web::data::idx::PIXELS;
use mnist_web::model::flat;
use mnist_web::model::network::{Cnn, PARAM_COUNT};
use mnist_web::native::{command, data_files};
use mnist_web::train::config::TrainConfig;
use mnist_web::train::eval::evaluate_full;
use mnist_web::train::gallery::Gallery;
use mnist_web::train::results::EvalResult;

fn mnist() -> (Dataset, Dataset) {
    data_files::load_mnist(&data_files::default_data_dir()).expect("run scripts/fetch-data.sh first")
}

fn mean(v: &[f32]) -> f32 {
    v.iter().sum::<f32>() / v.len() as f32
}

#[test]
fn a_seeded_short_run_learns_and_is_reproducible() {
    let (train, test) = mnist();
    let config = TrainConfig { epochs: 1, train_images: Some(40 * 64), test_images: Some(500), seed: 5, ..TrainConfig::default() };
    let (train, test) = (train.first(40 * 64), test.first(500));
    let init = flat::init_flat(config.seed);
    let run = command::train(&config, &Device::flex(), &train, &test, &init, None).unwrap();
    let (losses, flat) = (run.losses, run.flat);
    assert_eq!(losses.len(), 40);
    assert!(losses.iter().all(|l| l.is_finite()));
    assert!((2.0..2.6).contains(&losses[0]), "first loss {} is not about ln(10)", losses[0]);
    assert!(mean(&losses[35..]) < 0.6 * mean(&losses[..5]), "loss did not fall: {losses:?}");
    assert_ne!(flat, init);
    // Same seed, same data: the same first losses.
    let again = command::train(&config, &Device::flex(), &train, &test, &init, Some(5)).unwrap().losses;
    for (a, b) in again.iter().zip(&losses) {
        assert!((a - b).abs() < 1e-5, "{again:?} vs {losses:?}");
    }
}

#[test]
fn every_epoch_visits_every_image_once_in_a_new_order() {
    let (a, b) = (epoch_order(1000, 1, 0), epoch_order(1000, 1, 1));
    assert_ne!(a, b);
    assert_eq!(a, epoch_order(1000, 1, 0));
    let mut sorted = a.clone();
    sorted.sort();
    assert_eq!(sorted, (0..1000).collect::<Vec<_>>());
}

#[test]
fn an_evaluation_reads_every_class_of_a_set_of_many() {
    // 26 classes (EMNIST letters): class 20 always wins; predictions beyond the ten digits count.
    let device = Device::flex();
    let net = mnist_web::model::net::Net::parse("small-o26").unwrap();
    let mut flat = vec![0.0f32; net.param_count()];
    let n = flat.len();
    flat[n - 26 + 20] = 1.0; // out.bias
    let model = flat::load(Cnn::build(&net, &device), &flat).unwrap();
    let data = Dataset { pixels: vec![0; 3 * PIXELS], labels: vec![20, 20, 3] };
    let (r, p) = futures_lite::future::block_on(evaluate_full(&model, &data, 2)).unwrap();
    assert_eq!(p.predicted, vec![20, 20, 20]);
    assert_eq!((r.correct, r.classes(), r.row(20)[20], r.row(3)[20]), (2, 26, 2, 1));
}

#[test]
fn evaluation_arithmetic_on_a_known_case() {
    // All weights zero except the output bias: the network always answers "3" with logits e_3,
    // i.e. with probability e/(e+9).
    let device = Device::flex();
    let mut flat = vec![0.0f32; PARAM_COUNT];
    flat[PARAM_COUNT - 10 + 3] = 1.0;
    let model = flat::load(Cnn::new(&device), &flat).unwrap();
    let labels = vec![3u8, 3, 1, 7, 3];
    let data = Dataset { pixels: (0..labels.len() * PIXELS).map(|i| (i % 251) as u8).collect(), labels };
    let (r, p) = futures_lite::future::block_on(evaluate_full(&model, &data, 2)).unwrap();
    assert_eq!((r.correct, r.total), (3, 5));
    assert!((r.accuracy - 60.0).abs() < 1e-9);
    // batches [3,3], [1,7], [3]: mean per-batch loss
    let e = std::f64::consts::E;
    let (hit, miss) = (-(e / (e + 9.0)).ln(), -(1.0 / (e + 9.0)).ln());
    let expected = (hit + miss + hit) / 3.0;
    assert!((r.loss - expected).abs() < 1e-5, "{} vs {expected}", r.loss);
    assert_eq!(EvalResult::from_sums(0, 0, 0.0, 0).accuracy, 0.0);
    assert_eq!(mnist_web::model::net::Net::default().params()[9].name, "out.bias");
    // Every prediction with its confidence, the confusion matrix and the gallery of mistakes.
    assert_eq!(p.predicted, vec![3; 5]);
    assert!(p.confidence.iter().all(|c| (*c as f64 - e / (e + 9.0)).abs() < 1e-5), "{:?}", p.confidence);
    assert_eq!((r.confusion[33], r.confusion[13], r.confusion[73]), (3, 1, 1));
    let g = Gallery::build(&data, &p, 1);
    assert_eq!(g.misclassified_total, 2);
    let wrong: Vec<(usize, u8, u8)> = g.misclassified.iter().map(|s| (s.index, s.label, s.pred)).collect();
    assert_eq!(wrong, vec![(2, 1, 3), (3, 7, 3)]);
    assert_eq!(g.misclassified[1].pixels.as_slice(), data.image(3));
    assert_eq!(g.random.len(), 5, "all five, each once");
}

#[test]
fn a_label_beyond_the_networks_classes_is_refused_before_training() {
    let config = TrainConfig { net: mnist_web::model::net::Net::parse("small-o3").unwrap(), epochs: 1, ..TrainConfig::default() };
    let data = Dataset { pixels: vec![0; 4 * PIXELS], labels: vec![0, 1, 2, 3] };
    let init = flat::init_for(&config.net, 1);
    let e = command::train(&config, &Device::flex(), &data, &data, &init, None).err().expect("refused");
    assert!(matches!(&e, mnist_web::AppError::IdxBadLabel { index: 3, label: 3, classes: 3, .. }), "{e:?}");
}
