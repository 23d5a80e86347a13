//! Untrusted input, mutated at random (seeded, so failures reproduce): the IDX and weights
//! parsers and the gzip layer never panic, never accept nonsense, and check sizes before
//! allocating. A stable-toolchain stand-in for `cargo fuzz` (which would rebuild burn under
//! nightly sanitizers); every case that ever broke goes into `regressions` below.
use mnist_web::AppError;
use mnist_web::base::rng::SplitMix64;
use mnist_web::data::dataset::Dataset;
use mnist_web::data::idx::{MAX_DECOMPRESSED, PIXELS, encode_images, encode_labels, maybe_gunzip, parse_images, parse_labels};
use mnist_web::model::flat;
use mnist_web::model::net::Net;
use mnist_web::page::compare::charts;
use mnist_web::runs::import;
use mnist_web::train::checkpoint::Checkpoint;
use mnist_web::weights::file;
use std::io::Write;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// One random edit: flip bytes, cut, extend, or rewrite a header word with an extreme value.
fn mutate(mut b: Vec<u8>, rng: &mut SplitMix64) -> Vec<u8> {
    for _ in 0..1 + rng.below(4) {
        match rng.below(5) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            1 => b.truncate(rng.below(b.len() + 1)),
            2 => b.extend((0..rng.below(64)).map(|_| rng.below(256) as u8)),
            3 if b.len() >= 16 => {
                let at = 4 * rng.below(4);
                let v = [0u32, 1, 27, 28, 0x7fff_ffff, u32::MAX][rng.below(6)];
                b[at..at + 4].copy_from_slice(&v.to_be_bytes());
            }
            _ if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] = rng.below(256) as u8;
            }
            _ => {}
        }
    }
    b
}

#[test]
fn mutated_idx_files_are_parsed_or_refused_never_panic() {
    let images = encode_images(5, &(0..5 * PIXELS).map(|i| (i * 7 % 256) as u8).collect::<Vec<_>>());
    let labels = encode_labels(&[0, 9, 3, 3, 7]);
    let mut rng = SplitMix64::new(2026);
    let (mut ok, mut refused) = (0, 0);
    for i in 0..20_000 {
        let (img, lab) = (mutate(images.clone(), &mut rng), mutate(labels.clone(), &mut rng));
        let (img, lab) = if i % 4 == 0 { (gzip(&img), mutate(gzip(&lab), &mut rng)) } else { (img, lab) };
        let parsed = maybe_gunzip("i", img).and_then(|img| Dataset::from_idx(("i", &img), ("l", &maybe_gunzip("l", lab)?)));
        match parsed {
            Ok(d) => {
                ok += 1;
                assert_eq!(d.pixels.len(), d.len() * PIXELS);
                assert!(d.labels.iter().all(|&l| l <= 9));
            }
            Err(e) => {
                refused += 1;
                // Named by its file (the image file "i" or the label file "l"), unless the two
                // disagree in count, which names both counts.
                let words = e.to_string();
                assert!(words.starts_with("i: ") || words.starts_with("l: ") || matches!(e, AppError::CountMismatch { .. }), "{words}");
            }
        }
    }
    assert!(ok >= 20 && refused > 10_000, "ok {ok}, refused {refused}: the mutations exercise both paths");
}

/// The fixtures PyTorch wrote (tests/fixtures): a .pth and a safetensors file.
fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)).unwrap()
}

#[test]
fn mutated_weights_files_are_parsed_or_refused_never_panic() {
    let good =
        [fixture("tutorial.pth"), fixture("tutorial.safetensors"), file::encode(&Net::deeper(), &flat::init_for(&Net::deeper(), 1), &[])];
    let mut rng = SplitMix64::new(7);
    let (mut ok, mut refused) = (0, 0);
    for i in 0..6_000 {
        match file::decode("m", &mutate(good[i % 3].clone(), &mut rng)) {
            Ok(file) => {
                ok += 1;
                assert!(file.flat.len() == file.net.param_count() && file.flat.iter().all(|v| v.is_finite()));
            }
            Err(e) => {
                refused += 1;
                // Named, with a reason of a line or two whatever the mutation made of the file.
                assert!(
                    matches!(&e, AppError::BadWeightsFile { name, reason } if name == "m" && (10..2_000).contains(&reason.chars().count())),
                    "{e}"
                );
            }
        }
    }
    assert!(ok > 100 && refused > 1_000, "ok {ok}, refused {refused}: the mutations exercise both paths");
}

#[test]
fn regressions() {
    // Headers that promise billions of images or labels: refused from the header, no allocation.
    let mut huge = encode_images(1, &[0; PIXELS]);
    huge[4..8].copy_from_slice(&u32::MAX.to_be_bytes());
    assert!(matches!(parse_images("huge", &huge), Err(AppError::IdxBadLength { .. })));
    let mut huge = encode_labels(&[1]);
    huge[4..8].copy_from_slice(&0x7fff_ffffu32.to_be_bytes());
    assert!(matches!(parse_labels("huge", &huge, 10), Err(AppError::IdxBadLength { .. })));
    // A safetensors header claiming u64::MAX bytes of header.
    let mut w = file::encode(&Net::default(), &flat::init_flat(1), &[]);
    w[..8].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(file::decode("w", &w).is_err());
    // A gzip bomb: 200 MB of zeros in ~200 KB is refused at the cap, not at the memory limit.
    let bomb = {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..200 {
            e.write_all(&zeros).unwrap();
        }
        e.finish().unwrap()
    };
    assert!(bomb.len() < 1 << 20);
    let e = maybe_gunzip("bomb", bomb).unwrap_err();
    assert!(matches!(&e, AppError::Gzip { reason, .. } if reason.contains(&format!("{} MB", MAX_DECOMPRESSED >> 20))), "{e}");
    // An empty file and a lone gzip magic.
    assert!(parse_images("empty", &[]).is_err());
    assert!(maybe_gunzip("magic only", vec![0x1f, 0x8b]).is_err());
}

#[test]
fn the_fuzz_corpora_replay_without_panics() {
    // Inputs cargo fuzz kept (fuzz/corpus/*): replayed here on stable, as regression tests.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let files = |target: &str| -> Vec<Vec<u8>> {
        let mut v: Vec<_> = std::fs::read_dir(root.join(target)).expect("fuzz/corpus exists").map(|e| e.unwrap().path()).collect();
        v.sort();
        v.into_iter().map(|p| std::fs::read(p).unwrap()).collect()
    };
    let idx_inputs = files("idx");
    assert!(idx_inputs.len() >= 4);
    let mut accepted = 0;
    for data in &idx_inputs {
        if let Ok(bytes) = maybe_gunzip("corpus", data.clone()) {
            if let Ok((n, px)) = parse_images("corpus", &bytes) {
                assert_eq!(px.len(), n * PIXELS);
                accepted += 1;
            }
            if let Ok(labels) = parse_labels("corpus", &bytes, 10) {
                assert!(labels.iter().all(|&l| l <= 9));
                accepted += 1;
            }
        }
    }
    assert!(accepted >= 4, "the seed files parse");
    let weights_inputs = files("weights");
    assert!(weights_inputs.len() >= 4);
    for data in &weights_inputs {
        match file::decode("corpus", data) {
            Ok(f) => assert!(f.flat.iter().all(|v| v.is_finite())),
            Err(e) => assert!(e.to_string().starts_with("corpus: ")),
        }
    }
    // Run logs (fuzz_targets/runlog.rs): read or refused; what reads holds a run's figures and charts.
    let runlog_inputs = files("runlog");
    assert!(runlog_inputs.len() >= 4);
    let mut imported = 0;
    for data in &runlog_inputs {
        match import::read("corpus", &String::from_utf8_lossy(data), 0.0) {
            Ok(r) => {
                imported += 1;
                assert!(r.losses.iter().all(|p| p.1.is_finite() && p.1 >= 0.0));
                assert!(r.evals.iter().all(|e| (0.0..=100.0).contains(&e.accuracy) && e.loss.is_finite() && e.loss >= 0.0));
                assert!(charts(&[&r, &r]).iter().all(|c| c.y.0 < c.y.1 && c.y.1.is_finite()));
            }
            Err(e) => assert!(e.to_string().starts_with("corpus: "), "{e}"),
        }
    }
    assert!(imported >= 3, "the seed logs read");
    // Checkpoints (fuzz_targets/checkpoint.rs): read or refused; what reads can be continued.
    let checkpoint_inputs = files("checkpoint");
    assert!(checkpoint_inputs.len() >= 4);
    let mut continued = 0;
    for data in &checkpoint_inputs {
        match Checkpoint::decode("corpus", data) {
            Ok(c) => {
                continued += 1;
                assert!(c.steps == c.position.done && c.history.losses.len() == c.position.done);
                assert!(c.weights.iter().chain(&c.m).chain(&c.v).all(|x| x.is_finite()));
            }
            Err(e) => assert!(e.to_string().starts_with("corpus: "), "{e}"),
        }
    }
    assert_eq!(continued, 1, "the sound seed reads");
}
