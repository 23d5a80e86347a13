//! Weights files from real PyTorch (tests/fixtures, written by make_fixtures.py with the
//! tutorial's exact class): the `.pth` and safetensors files load and give PyTorch's logits; our
//! safetensors carry the tutorial's names and layouts; every bad file gets its own message.
use burn::prelude::*;
use mnist_web::data::idx::PIXELS;
use mnist_web::model::flat;
use mnist_web::model::net::Net;
use mnist_web::model::network::Cnn;
use mnist_web::native::{command, data_files};
use mnist_web::weights::file::{self, WeightsFile};
use mnist_web::weights::state_dict::StateDict;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// PyTorch's logits for the first 32 test images.
fn torch_logits() -> Vec<Vec<f32>> {
    let json: serde_json::Value = serde_json::from_slice(&fixture("tutorial-logits.json")).unwrap();
    serde_json::from_value(json["logits"].clone()).unwrap()
}

/// Our logits (CPU backend) for the first 32 test images with these weights.
fn our_logits(file: &WeightsFile) -> Vec<Vec<f32>> {
    let device = Device::flex();
    let model = flat::load(Cnn::build(&file.net, &device), &file.flat).unwrap();
    let (_, test) = data_files::load_mnist(&data_files::default_data_dir()).expect("run scripts/fetch-data.sh first");
    let x = mnist_web::data::dataset::input(&test.pixels[..32 * PIXELS], &device); // [32, 1, 28, 28]
    let v = model.forward(x).into_data().try_to_vec::<f32>().unwrap(); // [32, 10]
    v.chunks(10).map(<[f32]>::to_vec).collect()
}

fn assert_logits_match(file: &WeightsFile) {
    let (ours, theirs) = (our_logits(file), torch_logits());
    assert_eq!(ours.len(), 32);
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        for k in 0..10 {
            assert!((a[k] - b[k]).abs() < 1e-4, "image {i}, logit {k}: ours {} vs PyTorch {}", a[k], b[k]);
        }
    }
}

#[test]
fn a_pth_written_by_pytorch_gives_pytorchs_logits() {
    let file = file::decode("tutorial.pth", &fixture("tutorial.pth")).unwrap();
    assert_eq!(file.net, Net::default());
    assert_eq!(file.format, "PyTorch .pth");
    assert_logits_match(&file);
}

#[test]
fn a_safetensors_written_by_pytorch_gives_pytorchs_logits() {
    let file = file::decode("tutorial.safetensors", &fixture("tutorial.safetensors")).unwrap();
    assert_eq!(file.net, Net::default());
    assert_logits_match(&file);
    let pth = file::decode("tutorial.pth", &fixture("tutorial.pth")).unwrap();
    assert_eq!(file.flat, pth.flat, "both files hold the same weights");
}

#[test]
fn our_safetensors_use_the_tutorials_names_and_layouts_and_keep_metadata() {
    for (name, text) in mnist_web::model::net::PRESETS {
        let net = Net::parse(text).unwrap();
        let flat = flat::init_for(&net, 3);
        let meta = vec![("test_accuracy".to_string(), "98.76".to_string())];
        let bytes = file::encode(&net, &flat, &meta);
        let back = file::decode("mine.safetensors", &bytes).unwrap();
        assert_eq!((&back.net, &back.flat), (&net, &flat), "{name} round trip");
        assert_eq!(back.metadata.get("test_accuracy").map(String::as_str), Some("98.76"));
        assert_eq!(back.metadata.get("arch").map(String::as_str), Some(name));
        assert_eq!(back.metadata.get("net").map(String::as_str), Some(text), "a file knows its network");
    }
    // A network of no preset: its file says which, and reads back as it.
    let net = Net::parse("c12k7-p-d0.3-c20k3-p-l64-l32").unwrap();
    let flat = flat::init_for(&net, 4);
    let back = file::decode("own.safetensors", &file::encode(&net, &flat, &[])).unwrap();
    assert_eq!((&back.net, &back.flat, back.metadata.get("arch")), (&net, &flat, None));
    let names: Vec<String> = StateDict::from_flat(&net, &flat).tensors.into_iter().map(|t| t.0).collect();
    assert_eq!(
        names,
        [
            "conv1.0.weight",
            "conv1.0.bias",
            "conv2.1.weight",
            "conv2.1.bias",
            "hidden1.weight",
            "hidden1.bias",
            "hidden2.weight",
            "hidden2.bias",
            "out.weight",
            "out.bias"
        ]
    );
    // The tutorial's key names and PyTorch's [out, in] Linear layout, as PyTorch wrote them.
    let ours = file::encode(&Net::default(), &file::decode("t.pth", &fixture("tutorial.pth")).unwrap().flat, &[]);
    let (a, b) = (safetensors::SafeTensors::deserialize(&ours).unwrap(), fixture("tutorial.safetensors"));
    let b = safetensors::SafeTensors::deserialize(&b).unwrap();
    let mut names: Vec<String> = a.names().into_iter().map(str::to_string).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "conv1.0.bias",
            "conv1.0.weight",
            "conv2.0.bias",
            "conv2.0.weight",
            "conv2.2.bias",
            "conv2.2.weight",
            "conv3.0.bias",
            "conv3.0.weight",
            "out.bias",
            "out.weight"
        ]
    );
    for name in names {
        let (x, y) = (a.tensor(&name).unwrap(), b.tensor(&name).unwrap());
        assert_eq!((x.shape(), x.data()), (y.shape(), y.data()), "{name} differs from PyTorch's");
    }
}

fn refused(name: &str, bytes: &[u8]) -> String {
    let e = file::decode(name, bytes).expect_err("a bad file must be refused").to_string();
    assert!(e.starts_with(&format!("{name}: ")), "the message names the file: {e}");
    e
}

/// A `.pth` of another network (the fixture's `Other` class: conv1 (1→16, pool), conv2 (16→16,
/// 16→32, pool), out) reads as that network, from its tensors' names and shapes.
#[test]
fn a_pth_of_another_network_reads_as_that_network() {
    let file = file::decode("other-network.pth", &fixture("other-network.pth")).unwrap();
    assert_eq!(file.net.text(), "c16k5-p-c16k5-c32k5-p");
    assert_eq!(file.about("other-network.pth").arch, "c16k5-p-c16k5-c32k5-p", "the page says which network it is");
    let model = flat::load(Cnn::build(&file.net, &Device::flex()), &file.flat).unwrap();
    assert_eq!(model.forward(Tensor::zeros([1, 1, 28, 28], &Device::flex())).dims(), [1, 10]);
    // A state dict whose names no network here has is still refused, naming what differs.
    let e = refused("renamed-key.pth", &fixture("renamed-key.pth"));
    assert!(e.contains("missing conv2.2.weight; unexpected conv2.1.weight"), "{e}");
}

#[test]
fn every_bad_file_gets_its_own_message() {
    let good = fixture("tutorial.pth");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("renamed-key.pth", fixture("renamed-key.pth"), "missing conv2.2.weight; unexpected conv2.1.weight"),
        ("evil.pth", fixture("evil.pth"), "Python global `posix.system`, which a weights file has no business with"),
        ("whole-model.pth", fixture("whole-model.pth"), "torch.save(model) of a whole model; save model.state_dict() instead"),
        ("cut.pth", good[..good.len() / 2].to_vec(), "zip archive is damaged or cut off"),
        ("empty.pth", Vec::new(), "the file is empty"),
        ("huge.pth", claim_gigabytes(&good), "claims"),
        ("lying.safetensors", lying_offsets(&fixture("tutorial.safetensors")), "safetensors header is invalid"),
        ("notes.txt", b"just some text".to_vec(), "not a weights file"),
    ];
    for (name, bytes, expected) in cases {
        let e = refused(name, &bytes);
        assert!(e.contains(expected), "{name}: expected a message with {expected:?}, got {e:?}");
        println!("{e}");
    }
}

/// The tutorial's `.pth` with its pickle's size in the zip's directory raised to 3 GB.
fn claim_gigabytes(pth: &[u8]) -> Vec<u8> {
    let mut bytes = pth.to_vec();
    let central = bytes.windows(4).position(|w| w == b"PK\x01\x02").expect("a central directory");
    bytes[central + 24..central + 28].copy_from_slice(&3_000_000_000u32.to_le_bytes()); // uncompressed size
    bytes
}

/// A safetensors file whose header says the first tensor's data runs past the end.
fn lying_offsets(file: &[u8]) -> Vec<u8> {
    let n = u64::from_le_bytes(file[..8].try_into().unwrap()) as usize;
    let header = String::from_utf8(file[8..8 + n].to_vec()).unwrap();
    let lying = header.replacen("\"data_offsets\":[0,", "\"data_offsets\":[64,", 1);
    assert_ne!(lying, header);
    [&(lying.len() as u64).to_le_bytes()[..], lying.as_bytes(), &file[8 + n..]].concat()
}

/// The other direction: a briefly trained model of ours, as the page downloads it, and our logits
/// for the first 32 test images, for `tests/fixtures/check_in_pytorch.py` to load into the
/// tutorial's own class and compare (run where torch is installed; see the README).
#[test]
fn our_file_and_logits_for_the_pytorch_check() {
    let (train, test) = data_files::load_mnist(&data_files::default_data_dir()).expect("run scripts/fetch-data.sh first");
    let config =
        mnist_web::train::config::TrainConfig { epochs: 1, train_images: Some(40 * 64), test_images: Some(64), ..Default::default() };
    let run = command::train(&config, &Device::flex(), &train, &test, &flat::init_flat(config.seed), None).unwrap();
    let meta = mnist_web::train::metadata::run_metadata(&config, run.last_eval.as_ref(), "natively (tests/pytorch.rs)");
    let bytes = file::encode(&Net::default(), &run.flat, &meta);
    let file = file::decode("ours.safetensors", &bytes).unwrap();
    // What PyTorch is handed: exactly the trained weights, the run's accuracy, and logits that
    // read the test digits as the trained model does.
    assert_eq!(file.flat, run.flat);
    let accuracy = run.last_eval.as_ref().map(|(_, r)| r.accuracy).expect("the run was evaluated");
    assert_eq!(file.metadata["test_accuracy"], format!("{accuracy:.2}"));
    let logits = our_logits(&file);
    let labels = &test.labels[..32];
    let right = logits
        .iter()
        .zip(labels)
        .filter(|&(l, &y)| l.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map(|m| m.0) == Some(y as usize))
        .count();
    assert!(right >= 24, "a 40-batch model reads {right}/32 of the digits it is checked on");
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    std::fs::write(dir.join("ours.safetensors"), &bytes).unwrap();
    std::fs::write(dir.join("ours-logits.json"), serde_json::to_string(&logits).unwrap()).unwrap();
    println!("wrote {}/ours.safetensors and ours-logits.json (check_in_pytorch.py reads them)", dir.display());
}
