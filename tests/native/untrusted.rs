//! Untrusted inputs besides weights files (tests/native/hostile.rs) and run logs
//! (tests/native/runs.rs): data sets with nothing to learn, checkpoints whose counters or
//! position lie, a run whose loss stops being a number, files that never end, text with terminal
//! escapes (the page's rules for a failed run's checkpoint and a prediction worker that died are
//! in tests/native/page.rs). Each refusal names the file and the reason, in well under a second.
use burn::prelude::*;
use mnist_web::AppError;
use mnist_web::base::text::printable;
use mnist_web::data::dataset::Dataset;
use mnist_web::data::idx::{PIXELS, encode_images, encode_labels};
use mnist_web::i18n::{Lang, error_text};
use mnist_web::model::flat;
use mnist_web::model::net::Net;
use mnist_web::native::capped::read_capped;
use mnist_web::train::checkpoint::{Checkpoint, History, Position};
use mnist_web::train::config::TrainConfig;
use mnist_web::train::results::EvalResult;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A folder of this test binary's own.
fn dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("untrusted").join(name);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs `f`, asserting that it took under a second.
fn quickly<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    assert!(t.elapsed() < Duration::from_secs(1), "{what} took {:?}", t.elapsed());
    out
}

fn set(labels: &[u8]) -> (Vec<u8>, Vec<u8>) {
    (encode_images(labels.len(), &vec![0; labels.len() * PIXELS]), encode_labels(labels))
}

#[test]
fn a_data_set_without_images_or_with_one_class_is_refused_by_name() {
    let (images, labels) = set(&[]);
    let e = Dataset::from_idx(("train-images", &images), ("train-labels", &labels)).unwrap_err();
    assert_eq!(e, AppError::DataEmpty { name: "train-images".into() });
    assert!(e.to_string().starts_with("train-images: it holds no images"), "{e}");
    let (images, labels) = set(&[7; 5]);
    let e = Dataset::from_idx(("train-images", &images), ("train-labels", &labels)).unwrap_err();
    assert_eq!(e.to_string(), "train-labels: all 5 labels are 7: one class, so there is nothing to tell apart");
    let (images, labels) = set(&[7, 7, 1]);
    assert_eq!(Dataset::from_idx(("i", &images), ("l", &labels)).unwrap().len(), 3, "two classes are a data set");
}

fn tiny() -> TrainConfig {
    TrainConfig { epochs: 1, batch: 8, train_images: Some(16), test_images: Some(8), ..TrainConfig::default() }
}

fn two_classes(n: usize) -> Dataset {
    let labels: Vec<u8> = (0..n).map(|i| (i % 2) as u8).collect();
    let (images, labels) = (encode_images(n, &vec![128; n * PIXELS]), encode_labels(&labels));
    Dataset::from_idx(("i", &images), ("l", &labels)).unwrap()
}

#[test]
fn training_on_an_empty_set_is_refused_not_a_division_by_zero() {
    let init = flat::init_for(&Net::default(), 1);
    let e = mnist_web::native::command::train(&tiny(), &Device::flex(), &Dataset::default(), &two_classes(8), &init, None)
        .err()
        .expect("refused");
    assert_eq!(e, AppError::DataEmpty { name: "the training set".into() });
    let e = mnist_web::native::command::train(&tiny(), &Device::flex(), &two_classes(16), &Dataset::default(), &init, None)
        .err()
        .expect("refused");
    assert_eq!(e, AppError::DataEmpty { name: "the test set".into() });
}

#[test]
fn a_run_whose_loss_is_not_a_number_stops_and_says_where() {
    // Weights far too large: the logits overflow, and the very first loss is not a number.
    let huge = vec![1e30f32; Net::default().param_count()];
    let e =
        mnist_web::native::command::train(&tiny(), &Device::flex(), &two_classes(16), &two_classes(8), &huge, None).err().expect("stopped");
    assert_eq!(e, AppError::NotFinite { batch: 1, epoch: 1 });
    assert!(e.to_string().contains("The last checkpoint is kept"), "{e}");
    assert!(error_text(Lang::Zh, &e).contains("第 1 批"));
}

#[test]
fn the_train_command_writes_nothing_from_a_run_that_went_bad() {
    let d = dir("nan");
    let init = d.join("huge.safetensors");
    std::fs::write(&init, mnist_web::weights::file::encode(&Net::default(), &vec![1e30; Net::default().param_count()], &[])).unwrap();
    let (out, checkpoint) = (d.join("out.safetensors"), d.join("run.checkpoint"));
    let _ = std::fs::remove_file(&out);
    std::fs::write(&checkpoint, b"the last good checkpoint").unwrap();
    let args = ["--init", init.to_str().unwrap(), "--out", out.to_str().unwrap(), "--checkpoint", checkpoint.to_str().unwrap()];
    let args = [&args[..], &["--backend", "cpu", "--epochs", "1", "--train-images", "64", "--test-images", "64"]].concat();
    let e = mnist_web::native::command::main(args.iter().map(|s| s.to_string()).collect()).unwrap_err();
    assert!(matches!(e, AppError::NotFinite { .. }), "{e}");
    assert!(!out.exists(), "no weights written as trained");
    assert_eq!(std::fs::read(&checkpoint).unwrap(), b"the last good checkpoint", "the checkpoint on disk is left as it was");
}

/// A sound checkpoint of `tiny()` after 3 batches.
fn checkpoint() -> Checkpoint {
    let weights = flat::init_for(&Net::default(), 1);
    let n = weights.len();
    Checkpoint {
        config: tiny(),
        weights,
        m: vec![0.0; n],
        v: vec![0.0; n],
        steps: 3,
        position: Position { done: 3, rng: 9 },
        history: History { losses: vec![2.3, 2.2, 2.1], evals: Vec::new() },
    }
}

fn eval(accuracy: f64, loss: f64) -> EvalResult {
    EvalResult { accuracy, loss, correct: 1, total: 2, confusion: Vec::new() }
}

#[test]
fn a_checkpoint_whose_counters_lie_is_refused_with_its_name_and_why() {
    assert_eq!(Checkpoint::decode("ok.ckpt", &checkpoint().encode()).unwrap(), checkpoint());
    let cases: Vec<(&str, Checkpoint, &str)> = vec![
        ("steps.ckpt", Checkpoint { steps: usize::MAX, ..checkpoint() }, "optimizer steps after 3 batches"),
        ("steps-i32.ckpt", Checkpoint { steps: i32::MAX as usize, ..checkpoint() }, "optimizer steps after 3 batches"),
        ("far.ckpt", Checkpoint { position: Position { done: usize::MAX, rng: 0 }, ..checkpoint() }, "optimizer steps after"),
        (
            "losses.ckpt",
            Checkpoint { history: History { losses: vec![2.3], evals: Vec::new() }, ..checkpoint() },
            "holds 1 batch losses after 3 batches",
        ),
        (
            "negative.ckpt",
            Checkpoint { history: History { losses: vec![2.3, -1.0, 2.1], evals: Vec::new() }, ..checkpoint() },
            "the loss of its batch 2 is -1",
        ),
        (
            "accuracy.ckpt",
            Checkpoint { history: History { losses: vec![2.3, 2.2, 2.1], evals: vec![(0.5, eval(150.0, 0.1))] }, ..checkpoint() },
            "evaluation at epoch 0.5",
        ),
        (
            "epoch.ckpt",
            Checkpoint { history: History { losses: vec![2.3, 2.2, 2.1], evals: vec![(7.0, eval(50.0, 0.1))] }, ..checkpoint() },
            "evaluation at epoch 7",
        ),
    ];
    let corpus = std::env::var_os("MNIST_WRITE_CORPUS").map(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/checkpoint"));
    for (name, c, why) in cases.into_iter().chain([("sound.ckpt", checkpoint(), "")]) {
        // `MNIST_WRITE_CORPUS=1` writes each (zero weights: a small file in git) into the
        // checkpoint fuzz target's corpus.
        if let Some(dir) =
            corpus.as_ref().filter(|_| ["sound.ckpt", "steps.ckpt", "far.ckpt", "losses.ckpt", "accuracy.ckpt"].contains(&name))
        {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(dir.join(name), Checkpoint { weights: vec![0.0; c.weights.len()], ..c.clone() }.encode()).unwrap();
        }
        if why.is_empty() {
            continue;
        }
        let e = quickly(name, || Checkpoint::decode(name, &c.encode())).unwrap_err().to_string();
        assert!(e.starts_with(&format!("{name}: ")) && e.contains(why), "{name}: {e}");
    }
}

#[test]
fn a_checkpoint_at_its_runs_end_does_not_continue_as_if_trained() {
    // 16 images in batches of 8, one epoch: 2 batches in all.
    for done in [2, 5] {
        let c = Checkpoint {
            steps: done,
            position: Position { done, rng: 0 },
            history: History { losses: vec![2.0; done], evals: Vec::new() },
            ..checkpoint()
        };
        let c = Checkpoint::decode("end.ckpt", &c.encode()).unwrap();
        let (config, start) =
            mnist_web::train::start::Start::build(mnist_web::train::start::RunFrom::Checkpoint(Box::new(c)), &Device::flex()).unwrap();
        let e = mnist_web::native::command::run(&config, 1, (&two_classes(16), &two_classes(8)), start, None, None).err().expect("refused");
        assert_eq!(e, AppError::CheckpointPastEnd { done, total: 2 });
    }
}

#[test]
fn files_that_never_end_or_are_too_large_are_refused_before_they_fill_memory() {
    let e = quickly("/dev/zero", || read_capped(Path::new("/dev/zero"), 1 << 20)).unwrap_err();
    assert_eq!(e, AppError::TooLarge { name: "/dev/zero".into(), max_mb: 1 });
    let big = dir("capped").join("big.bin");
    std::fs::File::create(&big).unwrap().set_len(3 << 20).unwrap(); // sparse: nothing is written
    let e = quickly("a large file", || read_capped(&big, 2 << 20)).unwrap_err();
    assert!(e.to_string().starts_with(&format!("{}: the file is larger than 2 MB", big.display())), "{e}");
    let small = dir("capped").join("small.bin");
    std::fs::write(&small, [1, 2, 3]).unwrap();
    assert_eq!(read_capped(&small, 3).unwrap(), vec![1, 2, 3], "a file of exactly the cap reads");
    // The command: --init and --resume from a file that never ends.
    for flag in ["--init", "--resume"] {
        let args = [flag, "/dev/zero", "--data", "/nonexistent"].map(String::from).to_vec();
        let e = quickly(flag, || mnist_web::native::command::main(args)).unwrap_err();
        assert!(matches!(e, AppError::TooLarge { ref name, .. } if name == "/dev/zero"), "{flag}: {e}");
    }
}

#[test]
fn text_from_a_file_reaches_no_terminal_or_page_as_escapes() {
    let hostile = "conv1\u{1b}]0;pwned\u{7}.weight\u{1b}[2J\r\nnext\tcol\u{202e}txt.exe\u{200b}";
    assert_eq!(printable(hostile), "conv1]0;pwned.weight[2J  next coltxt.exe");
    assert!(printable(&"x".repeat(5000)).chars().count() <= mnist_web::base::text::MAX_SHOWN + 1);
    // Through an error's words (the page and the command print them so) and a model's description.
    let e = AppError::BadWeightsFile { name: "w\u{1b}[31m.pth".into(), reason: "bad \u{9b}2J".into() };
    for lang in [Lang::En, Lang::Zh] {
        let shown = error_text(lang, &e);
        assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
    }
    let metadata = [("test_accuracy".to_string(), "99\u{1b}]0;title\u{7}".to_string())];
    let file = mnist_web::weights::file::encode(&Net::default(), &flat::init_for(&Net::default(), 1), &metadata);
    let about = mnist_web::weights::file::decode("m\u{202e}.safetensors", &file).unwrap().about("m\u{202e}.safetensors");
    let text = mnist_web::page::model_text::about_text(&about, Lang::En);
    assert!(!text.chars().any(|c| c.is_control() || c == '\u{202e}'), "{text:?}");
    assert!(text.contains("99]0;title"), "{text}");
}
