//! The tutorial's improvements as options: confusion matrix, augmentation, LR schedule,
//! dropout, the deeper variant, URL parameters and seeded reproducibility.
use burn::module::Module;
use burn::prelude::*;
use mnist_web::AppError;
use mnist_web::base::rng::SplitMix64;
use mnist_web::data::augment::{Augment, epoch_rng};
use mnist_web::data::dataset::Dataset;
use mnist_web::data::idx::PIXELS;
use mnist_web::i18n::Lang;
use mnist_web::model::flat;
use mnist_web::model::net::Net;
use mnist_web::model::network::{Cnn, PARAM_COUNT};
use mnist_web::native::{command, data_files};
use mnist_web::page::model_text::structure;
use mnist_web::page::url::{config_query, parse_query};
use mnist_web::train::config::{OptimizerKind, TrainConfig};
use mnist_web::train::gallery::{Gallery, MAX_MISCLASSIFIED, RANDOM};
use mnist_web::train::options::Settings;
use mnist_web::train::results::{EvalResult, Predictions};

fn block<T>(f: impl std::future::Future<Output = T>) -> T {
    futures_lite::future::block_on(f)
}

#[test]
fn confusion_matrix_arithmetic_on_a_known_case() {
    let labels = [0u8, 0, 1, 1, 1, 2, 9, 9];
    let predicted = [0u8, 1, 1, 1, 7, 2, 9, 4];
    let r = EvalResult::from_predictions(&labels, &predicted, 10, 3.0, 2);
    assert_eq!(r.confusion.len(), 100);
    assert_eq!((r.correct, r.total), (5, 8));
    assert!((r.accuracy - 62.5).abs() < 1e-9 && (r.loss - 1.5).abs() < 1e-12);
    let cell = |t: usize, p: usize| r.confusion[t * 10 + p];
    assert_eq!((cell(0, 0), cell(0, 1), cell(1, 1), cell(1, 7), cell(2, 2), cell(9, 9), cell(9, 4)), (1, 1, 2, 1, 1, 1, 1));
    assert_eq!(r.confusion.iter().sum::<u32>(), 8);
    let per = r.per_class();
    assert_eq!(per[0], Some(50.0));
    assert!((per[1].unwrap() - 200.0 / 3.0).abs() < 1e-9);
    assert_eq!((per[2], per[3], per[9]), (Some(100.0), None, Some(50.0)));
    assert_eq!((r.classes(), r.row(9)), (10, &[0, 0, 0, 0, 1, 0, 0, 0, 0, 1][..]));
}

#[test]
fn a_confusion_matrix_has_one_row_and_column_per_class() {
    // Three classes: 3×3, and a label beyond them counted nowhere.
    let r = EvalResult::from_predictions(&[0, 1, 2, 2, 5], &[0, 2, 2, 1, 0], 3, 0.0, 1);
    assert_eq!(r.confusion, vec![1, 0, 0, 0, 0, 1, 0, 1, 1]);
    assert_eq!((r.classes(), r.correct, r.total), (3, 2, 5));
    assert_eq!(r.per_class(), vec![Some(100.0), Some(0.0), Some(50.0)]);
    // Twenty-six (EMNIST letters).
    let labels: Vec<u8> = (0..26).collect();
    let r = EvalResult::from_predictions(&labels, &labels, 26, 0.0, 1);
    assert_eq!((r.confusion.len(), r.classes(), r.accuracy), (676, 26, 100.0));
}

#[test]
fn the_gallery_keeps_the_most_confident_mistakes() {
    let n = 1000;
    let data = Dataset { pixels: vec![0; n * PIXELS], labels: vec![1; n] };
    let p = Predictions { predicted: vec![2; n], confidence: (0..n).map(|i| i as f32 / n as f32).collect() };
    let g = Gallery::build(&data, &p, 5);
    assert_eq!((g.misclassified_total, g.misclassified.len(), g.random.len()), (n, MAX_MISCLASSIFIED, RANDOM));
    assert_eq!(g.misclassified[0].index, n - 1);
    assert!(g.misclassified.windows(2).all(|w| w[0].confidence >= w[1].confidence));
    assert_eq!(g.random, Gallery::build(&data, &p, 5).random, "same seed, same sample");
}

fn digit_like() -> Vec<u8> {
    // A bright off-centre bar with a gradient: any move shows.
    (0..PIXELS)
        .map(|i| {
            let (x, y) = (i % 28, i / 28);
            if (8..20).contains(&y) && (10..15).contains(&x) { 100 + 10 * x as u8 } else { 0 }
        })
        .collect()
}

#[test]
fn augmentation_moves_pixels_keeps_range_and_labels() {
    let img = digit_like();
    let mut rng = SplitMix64::new(1);
    assert_eq!(Augment::default().apply(&img, &mut rng).to_vec(), img, "no ranges: identity");
    let a = Augment::STANDARD;
    let mut moved = 0;
    for _ in 0..20 {
        // The draws the augmentation is about to make: rotation, scale, then x and y, in ±1.
        let mut peek = rng.clone();
        let d: Vec<f64> = (0..4).map(|_| 2.0 * peek.unit() - 1.0).collect();
        let out = a.apply(&img, &mut rng);
        let ink = |v: &[u8]| v.iter().map(|&p| p as f64).sum::<f64>();
        assert!(ink(&out) > 0.6 * ink(&img) && ink(&out) < 1.5 * ink(&img), "the digit stays in the picture");
        // A move of half a pixel or more (a shift, or a turn or scaling that moves the digit's
        // edge that far) changes the image; whatever the seed.
        let half_pixel = (d[2] * a.shift).abs() >= 0.5
            || (d[3] * a.shift).abs() >= 0.5
            || (d[0] * a.rotate).to_radians().abs() * 7.0 >= 0.5
            || (d[1] * a.scale).abs() * 7.0 >= 0.5;
        if half_pixel {
            assert_ne!(out.to_vec(), img, "drew {d:?} and the image did not change");
            moved += 1;
        }
    }
    assert!(moved > 0, "some draws move the digit");
    // A pure shift keeps the ink and moves its centre of mass by the offsets drawn: rotation,
    // scale, then x and y, each uniform in ±range from the generator.
    let shift = Augment { rotate: 0.0, shift: 3.0, scale: 0.0 };
    let mut draws = SplitMix64::new(9);
    let offsets: Vec<f64> = (0..4).map(|_| (2.0 * draws.unit() - 1.0) * 3.0).collect();
    let out = shift.apply(&img, &mut SplitMix64::new(9));
    let floats = |v: &[u8]| v.iter().map(|&p| p as f32).collect::<Vec<_>>();
    let (before, after) = (
        mnist_web::data::preprocess::centre_of_mass(&floats(&img), 28).unwrap(),
        mnist_web::data::preprocess::centre_of_mass(&floats(&out), 28).unwrap(),
    );
    assert!(
        (after.0 - before.0 - offsets[2] as f32).abs() < 0.05 && (after.1 - before.1 - offsets[3] as f32).abs() < 0.05,
        "moved by {:?}, drew {:?}",
        (after.0 - before.0, after.1 - before.1),
        &offsets[2..]
    );
    // Reproducible from the seed.
    assert_eq!(a.apply(&img, &mut epoch_rng(4, 2)), a.apply(&img, &mut epoch_rng(4, 2)));
    assert_ne!(a.apply(&img, &mut epoch_rng(4, 2)), a.apply(&img, &mut epoch_rng(4, 3)));
    // Batches: labels untouched, inputs in [0, 1], different from the plain batch.
    let data = Dataset { pixels: [img.clone(), img.clone(), img].concat(), labels: vec![4, 1, 7] };
    let device = Device::flex();
    let (x0, y0) = data.batch(&[0, 1, 2], &device);
    let mut rng = SplitMix64::new(3);
    let (x1, y1) = data.batch_with(&[0, 1, 2], |image| a.apply(image, &mut rng), &device);
    assert_eq!(y1.into_data(), y0.into_data());
    let v = x1.into_data().try_to_vec::<f32>().unwrap();
    assert!(v.iter().all(|p| (0.0..=1.0).contains(p)));
    assert_ne!(v, x0.into_data().try_to_vec::<f32>().unwrap());
}

#[test]
fn the_step_schedule_gives_the_expected_rates() {
    let c = TrainConfig { lr: 1e-3, lr_step: 3, lr_gamma: 0.5, ..TrainConfig::default() };
    let rates: Vec<f64> = (0..8).map(|e| c.lr_at(e)).collect();
    let expected = [1e-3, 1e-3, 1e-3, 5e-4, 5e-4, 5e-4, 2.5e-4, 2.5e-4];
    rates.iter().zip(expected).for_each(|(r, e)| assert!((r - e).abs() < 1e-15, "{rates:?}"));
    assert_eq!(TrainConfig::default().lr_at(9), 1e-3, "off by default");
}

#[test]
fn dropout_masks_are_drawn_per_image_and_act_only_when_given() {
    use mnist_web::train::dropout::Dropout;
    let config = |dropout: f64, net: &str| TrainConfig { seed: 1, dropout, net: Net::parse(net).unwrap(), ..TrainConfig::default() };
    assert_eq!(Dropout::of_batch(&config(0.0, "tutorial"), 0), None, "rate 0: no dropout");
    let d = Dropout::of_batch(&config(0.25, "tutorial"), 4).unwrap();
    let first = |d: &Dropout, r: std::ops::Range<usize>| d.masks(r).remove(0);
    let all = first(&d, 0..8);
    let kept = all.iter().filter(|&&m| m > 0.0).count() as f64 / all.len() as f64;
    assert!((kept - 0.75).abs() < 0.01, "about 3 in 4 kept: {kept}");
    assert!(all.iter().all(|&m| m == 0.0 || (m - 1.0 / 0.75).abs() < 1e-6), "kept inputs scaled by 1/keep");
    assert_eq!(first(&d, 5..8), all[5 * 3136..], "an image's mask does not depend on the share it is in");
    assert_ne!(first(&Dropout { done: 5, ..d.clone() }, 0..1), all[..3136], "each batch draws new masks");
    assert_ne!(first(&d, 1..2), all[..3136], "each image its own");
    // A network's dropout layers drop too, each at its rate, before the recipe's.
    let layered = Dropout::of_batch(&config(0.5, "c4k3-d0.1-p-l30-d0.6"), 0).unwrap();
    let masks = layered.masks(0..100);
    let sizes: Vec<usize> = masks.iter().map(Vec::len).collect();
    assert_eq!(sizes, [100 * 4 * 28 * 28, 100 * 30, 100 * 30]);
    for (m, keep) in masks.iter().zip([0.9, 0.4, 0.5]) {
        let kept = m.iter().filter(|&&v| v > 0.0).count() as f64 / m.len() as f64;
        assert!((kept - keep).abs() < 0.05, "kept {kept}, expected {keep}");
    }
    let flat = flat::init_flat(11);
    let ad = Device::flex().autodiff();
    let x =
        Tensor::<4>::from_data(TensorData::new(digit_like().iter().map(|&p| p as f32 / 255.0).collect::<Vec<_>>(), [1, 1, 28, 28]), &ad);
    let model = flat::load(Cnn::build(&Net::default(), &ad), &flat).unwrap();
    let masked = model.forward_masked(x.clone(), &d.tensors(0..1, &ad)).into_data();
    assert_ne!(masked, model.forward(x.clone()).into_data(), "a mask changes the logits");
    let ones = Tensor::<2>::ones([1, 3136], &ad);
    assert_eq!(model.forward_masked(x.clone(), &[ones]).into_data(), model.forward(x).into_data(), "a mask of ones changes nothing");
}

#[test]
fn the_deeper_variant_has_its_own_layout_and_files() {
    let device = Device::flex();
    let deep = Cnn::build(&Net::deeper(), &device);
    assert_eq!(deep.num_params(), Net::deeper().param_count());
    assert_eq!(Net::deeper().param_count(), 601_850);
    assert_eq!(Net::default().param_count(), PARAM_COUNT);
    assert_eq!(deep.forward(Tensor::zeros([2, 1, 28, 28], &device)).dims(), [2, 10]);
    let flat = flat::init_for(&Net::deeper(), 3);
    let model = flat::load(deep, &flat).unwrap();
    assert_eq!(block(flat::read_flat(&model)).unwrap(), flat);
    assert_eq!(
        mnist_web::weights::file::decode("deep.safetensors", &mnist_web::weights::file::encode(&Net::deeper(), &flat, &[])).unwrap().flat,
        flat
    );

    let e = flat::load(Cnn::new(&device), &flat).unwrap_err();
    assert!(matches!(&e, AppError::Weights(m) if m.contains("deeper")), "{e}");
    assert_eq!(structure(&Net::deeper(), 0.0, Lang::En).len(), 11, "the input, nine layers, the classifier");
    assert!(structure(&Net::default(), 0.5, Lang::En).last().unwrap().layers.contains("Dropout(0.5)"));
}

#[test]
fn url_parameters_set_every_option_and_round_trip() {
    let s = parse_query("?augment=1&dropout=0.25&lr_step=3&lr_gamma=0.3&arch=deeper&seed=7&rotate=15").unwrap();
    let c = &s.config;
    assert_eq!((c.dropout, c.lr_step, c.lr_gamma, &c.net, c.seed), (0.25, 3, 0.3, &Net::deeper(), 7));
    assert_eq!(c.augment, Augment { rotate: 15.0, ..Augment::STANDARD });
    assert_eq!(&parse_query(&config_query(&Settings::of(c))).unwrap().config, c);
    let s = parse_query("?optimizer=SGD&momentum=0.5&nesterov&weight_decay=0.001").unwrap();
    let c = &s.config;
    assert_eq!((c.optimizer, c.momentum, c.nesterov, c.weight_decay), (OptimizerKind::Sgd, 0.5, true, 0.001));
    assert_eq!(config_query(&Settings::of(c)), "optimizer=sgd&momentum=0.5&nesterov=1&weight_decay=0.001");
    assert_eq!(&parse_query(&config_query(&Settings::of(c))).unwrap().config, c);
    for (query, why) in
        [("?optimizer=rmsprop", "one of adam, sgd, adamw"), ("?momentum=1", "below 1"), ("?weight_decay=-0.1", "from 0 to 1")]
    {
        let e = parse_query(query).unwrap_err().to_string();
        assert!(e.contains(why), "{query}: {e}");
    }
    assert_eq!(config_query(&Settings::default()), "");
    assert!(!parse_query("").unwrap().config.augment.is_on());
}

#[test]
fn the_same_seed_gives_the_same_first_losses_with_every_option() {
    let (train, test) = data_files::load_mnist(&data_files::default_data_dir()).expect("run scripts/fetch-data.sh first");
    let (train, test) = (train.first(8 * 64), test.first(100));
    let run = |seed: u64| {
        let config =
            TrainConfig { epochs: 1, seed, dropout: 0.3, augment: Augment::STANDARD, lr_step: 1, lr_gamma: 0.5, ..TrainConfig::default() };
        command::train(&config, &Device::flex(), &train, &test, &flat::init_flat(seed), Some(6)).unwrap().losses
    };
    let (a, b, c) = (run(21), run(21), run(22));
    assert_eq!(a.len(), 6);
    assert_eq!(a, b, "same seed and settings, same losses");
    assert_ne!(a, c);
}
