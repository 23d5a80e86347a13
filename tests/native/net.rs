//! One description of a network: its text form read and refused in words (both languages), the
//! presets' derived tables exactly those the tutorial's and the deeper network had, any network's
//! table, parameter names and PyTorch names, the editor's changes, and a network of kernels 3
//! and 7 with dropout and a hidden layer trained alike on the CPU and the GPU and resumed exactly.
use burn::module::Module;
use burn::prelude::*;
use mnist_web::i18n::Lang;
use mnist_web::model::net::{Layer, Net, Output, PRESETS};
use mnist_web::model::network::Cnn;
use mnist_web::native::{command, data_files};
use mnist_web::page::net_editor::{Edit, Kind, apply};
use mnist_web::train::config::TrainConfig;
use mnist_web::train::options::{self, Settings};

/// The parameter tables the two networks had before they were presets (name, shape, fan-in).
const TUTORIAL: [(&str, &[usize], usize); 10] = [
    ("conv1.weight", &[16, 1, 5, 5], 25),
    ("conv1.bias", &[16], 25),
    ("conv2a.weight", &[32, 16, 5, 5], 400),
    ("conv2a.bias", &[32], 400),
    ("conv2b.weight", &[32, 32, 5, 5], 800),
    ("conv2b.bias", &[32], 800),
    ("conv3.weight", &[64, 32, 5, 5], 800),
    ("conv3.bias", &[64], 800),
    ("out.weight", &[3136, 10], 3136),
    ("out.bias", &[10], 3136),
];
const DEEPER: [(&str, &[usize], usize); 16] = [
    ("conv1.weight", &[16, 1, 5, 5], 25),
    ("conv1.bias", &[16], 25),
    ("conv1b.weight", &[16, 16, 5, 5], 400),
    ("conv1b.bias", &[16], 400),
    ("conv2a.weight", &[32, 16, 5, 5], 400),
    ("conv2a.bias", &[32], 400),
    ("conv2b.weight", &[32, 32, 5, 5], 800),
    ("conv2b.bias", &[32], 800),
    ("conv3.weight", &[64, 32, 5, 5], 800),
    ("conv3.bias", &[64], 800),
    ("conv3b.weight", &[64, 64, 5, 5], 1600),
    ("conv3b.bias", &[64], 1600),
    ("hidden.weight", &[3136, 128], 3136),
    ("hidden.bias", &[128], 3136),
    ("out.weight", &[128, 10], 128),
    ("out.bias", &[10], 128),
];
/// Their PyTorch names (the tutorial's `CNN` class and the deeper one's).
const TUTORIAL_TORCH: [&str; 10] = [
    "conv1.0.weight",
    "conv1.0.bias",
    "conv2.0.weight",
    "conv2.0.bias",
    "conv2.2.weight",
    "conv2.2.bias",
    "conv3.0.weight",
    "conv3.0.bias",
    "out.weight",
    "out.bias",
];
const DEEPER_TORCH: [&str; 16] = [
    "conv1.0.weight",
    "conv1.0.bias",
    "conv1.2.weight",
    "conv1.2.bias",
    "conv2.0.weight",
    "conv2.0.bias",
    "conv2.2.weight",
    "conv2.2.bias",
    "conv3.0.weight",
    "conv3.0.bias",
    "conv3.2.weight",
    "conv3.2.bias",
    "hidden.weight",
    "hidden.bias",
    "out.weight",
    "out.bias",
];

fn table(net: &Net) -> Vec<(String, Vec<usize>, usize)> {
    net.params().into_iter().map(|p| (p.name, p.shape, p.fan_in)).collect()
}

fn owned(t: &[(&str, &[usize], usize)]) -> Vec<(String, Vec<usize>, usize)> {
    t.iter().map(|(n, s, f)| (n.to_string(), s.to_vec(), *f)).collect()
}

#[test]
fn the_presets_derive_the_tables_the_two_networks_had() {
    let tutorial = Net::parse("c16k5-p-c32k5-c32k5-p-c64k5").unwrap();
    assert_eq!(tutorial, Net::default());
    assert_eq!((tutorial.preset_name(), tutorial.label()), (Some("tutorial"), "tutorial".to_string()));
    assert_eq!(table(&tutorial), owned(&TUTORIAL));
    assert_eq!(table(&Net::deeper()), owned(&DEEPER));
    let torch = |n: &Net| n.torch_names().into_iter().map(|(name, _)| name).collect::<Vec<_>>();
    assert_eq!(torch(&tutorial), TUTORIAL_TORCH);
    assert_eq!(torch(&Net::deeper()), DEEPER_TORCH);
    assert_eq!((tutorial.param_count(), Net::deeper().param_count()), (121_514, 601_850));
    assert_eq!((tutorial.classifier_inputs(), Net::deeper().classifier_inputs()), (3136, 128));
    // Every preset builds a module of its parameter count and reads back from its name.
    for (name, text) in PRESETS {
        let net = Net::preset(name).unwrap();
        assert_eq!(net.text(), text);
        assert_eq!(Net::parse(name).unwrap(), net);
        let model = Cnn::build(&net, &Device::flex());
        assert_eq!(model.num_params(), net.param_count(), "{name}");
        assert!(net.param_count() <= mnist_web::model::net::MAX_PARAMS, "{name}");
        assert_eq!(model.forward(Tensor::zeros([2, 1, 28, 28], &Device::flex())).dims(), [2, 10], "{name}");
    }
    // Records and checkpoints of earlier releases name the network "Tutorial" or "Deeper".
    let old: TrainConfig =
        serde_json::from_str(r#"{"epochs":1,"batch":64,"lr":0.001,"train_images":null,"test_images":null,"seed":1,"arch":"Deeper"}"#)
            .unwrap();
    assert_eq!(old.net, Net::deeper());
    let json = serde_json::to_string(&TrainConfig { net: Net::parse("c8k3-p-l32").unwrap(), ..TrainConfig::default() }).unwrap();
    assert!(json.contains(r#""net":"c8k3-p-l32""#), "{json}");
    assert_eq!(serde_json::from_str::<TrainConfig>(&json).unwrap().net.text(), "c8k3-p-l32");
}

#[test]
fn a_network_has_one_output_per_class_of_its_data_set() {
    // Ten unless said; `-o<classes>` after the layers or a preset's name says another count.
    let letters = Net::parse("tutorial-o26").unwrap();
    assert_eq!(
        (letters.classes(), letters.label(), letters.text()),
        (26, "tutorial-o26".to_string(), "c16k5-p-c32k5-c32k5-p-c64k5-o26".to_string())
    );
    assert_eq!(Net::parse(&letters.text()).unwrap(), letters, "the text reads back");
    assert_eq!(letters, Net::default().with_classes(26).unwrap());
    assert_eq!((letters.preset_name(), Net::parse("tutorial-o10").unwrap()), (Some("tutorial"), Net::default()));
    assert_eq!(letters.param_count(), 121_514 - 3136 * 10 - 10 + 3136 * 26 + 26);
    assert_eq!(letters.rows().last().unwrap().output.size(), 26);
    assert_eq!(letters.params().last().unwrap().shape, vec![26]);
    let model = Cnn::build(&Net::parse("small-o3").unwrap(), &Device::flex());
    assert_eq!(model.forward(Tensor::zeros([2, 1, 28, 28], &Device::flex())).dims(), [2, 3]);
    // Refused: fewer than two or more than 62 classes, or no number.
    for (text, n) in [("tutorial-o1", 1), ("c8k3-o63", 63), ("c8k3-ox", 0)] {
        let e = Net::parse(text).unwrap_err();
        assert_eq!(e.why, mnist_web::model::net::Why::Classes(n), "{text}");
        assert!(e.to_string().contains("2 to 62 classes"), "{e}");
    }
    // A config on a set: the network follows the set's classes and the run remembers the set.
    let set = mnist_web::data::set_id::SetId {
        name: "letters".into(),
        hash: "0123456789abcdef".into(),
        classes: (b'a'..=b'z').map(|c| (c as char).to_string()).collect(),
        train: 124_800,
    };
    let config = TrainConfig::default().for_set(Some(&set)).unwrap();
    assert_eq!((config.net.classes(), config.data_label()), (26, "letters (012345)".to_string()));
    let json = serde_json::to_string(&config).unwrap();
    assert_eq!(serde_json::from_str::<TrainConfig>(&json).unwrap(), config, "kept and read back: {json}");
    assert_eq!(config.for_set(None).unwrap(), TrainConfig::default(), "back on MNIST: ten classes, no set");
    // The PyTorch module's classifier.
    let names: Vec<String> = (b'a'..=b'z').map(|c| (c as char).to_string()).collect();
    let code = mnist_web::weights::torch_code::module_named(&letters, "letters.pth", &names);
    assert!(code.contains("out_features=26") && code.contains("[B, 26] raw logits"), "{code}");
    assert!(code.contains("CLASSES = [\"a\",\"b\",") && code.contains("\"z\"]"), "{code}");
    assert!(mnist_web::weights::torch_code::module(&Net::default(), "w.pth").contains("CLASSES = [\"0\",\"1\""));
}

#[test]
fn any_network_has_its_table_names_and_parameters() {
    let net = Net::parse("c8k3-c8k7-p-d0.25-c12k5-p-l64-d0.5-l32").unwrap();
    let rows = net.rows();
    let shapes: Vec<String> = rows.iter().map(|r| r.output.to_string()).collect();
    assert_eq!(
        shapes,
        [
            "[B, 1, 28, 28]",
            "[B, 8, 28, 28]",
            "[B, 8, 28, 28]",
            "[B, 8, 14, 14]",
            "[B, 8, 14, 14]",
            "[B, 12, 14, 14]",
            "[B, 12, 7, 7]",
            "[B, 64]",
            "[B, 64]",
            "[B, 32]",
            "[B, 10]"
        ]
    );
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["input", "conv1a", "conv1b", "pool1", "drop1", "conv2", "pool2", "hidden1", "drop2", "hidden2", "out"]);
    let params: Vec<usize> = rows.iter().map(|r| r.params).collect();
    let want = [0, 8 * 9 + 8, 8 * 8 * 49 + 8, 0, 0, 12 * 8 * 25 + 12, 0, 588 * 64 + 64, 0, 64 * 32 + 32, 32 * 10 + 10];
    assert_eq!(params, want);
    assert_eq!(net.param_count(), want.iter().sum::<usize>());
    assert_eq!(Cnn::build(&net, &Device::flex()).num_params(), net.param_count());
    let torch: Vec<String> = net.torch_names().into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        torch,
        [
            "conv1.0.weight",
            "conv1.0.bias",
            "conv1.2.weight",
            "conv1.2.bias",
            "conv2.1.weight",
            "conv2.1.bias",
            "hidden1.weight",
            "hidden1.bias",
            "hidden2.weight",
            "hidden2.bias",
            "out.weight",
            "out.bias"
        ],
        "PyTorch's Sequential indices count the ReLU, the pool and the dropout"
    );
    assert_eq!(net.dropouts(), [(0.25, 8 * 14 * 14), (0.5, 64)]);
    // A dense-only network reads the pixels flattened.
    let dense = Net::preset("dense").unwrap();
    assert_eq!(dense.rows()[1].output, Output::Features(256));
    assert_eq!(dense.param_count(), 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10);
}

#[test]
fn a_bad_text_is_refused_naming_the_layer_and_why_in_both_languages() {
    let refused = |text: &str, lang: Lang| Net::parse(text).unwrap_err().text(lang);
    let cases = [
        ("c16k5-c16k5-p-p-p-p-p", "layer 7, p: the maps are already 1×1", "第 7 层 p：特征图已经是 1×1"),
        ("c16k4", "layer 1, c16k4: a 4×4 kernel; kernels are 3, 5 or 7", "第 1 层 c16k4：4×4 的卷积核；卷积核只能是 3、5 或 7"),
        ("c300k3", "layer 1, c300k3: 300 channels; a convolution has 1 to 256", "第 1 层 c300k3：300 个通道；卷积层可有 1 到 256 个"),
        ("l128-c16k5", "layer 2, c16k5: it needs maps, and a dense layer came before", "第 2 层 c16k5：它需要特征图，但前面已经有全连接层"),
        ("c16k5-x", "layer 2, x: not a layer", "第 2 层 x：不是一层"),
        ("d1.5", "layer 1, d1.5: a rate of 1.5", "第 1 层 d1.5：比率 1.5"),
        ("l5000", "layer 1, l5000: 5000 units; a dense layer has 1 to 4096", "第 1 层 l5000：5000 个单元"),
        ("", "no layers", "没有层"),
        ("c256k7-c256k7-c256k7", "parameters, more than 5000000", "个参数，超过了 5000000"),
    ];
    for (text, en, zh) in cases {
        assert!(refused(text, Lang::En).starts_with(en) || refused(text, Lang::En).contains(en), "{text}: {}", refused(text, Lang::En));
        assert!(refused(text, Lang::Zh).starts_with(zh) || refused(text, Lang::Zh).contains(zh), "{text}: {}", refused(text, Lang::Zh));
    }
    // The option table refuses it the same way (URL, command line), and a batch too large for
    // a GPU buffer before a run starts.
    let e = options::apply(&mut Settings::default(), "net", "c16k5-c16k5-p-p-p-p-p").unwrap_err();
    assert!(e.contains("layer 7, p: the maps are already 1×1"), "{e}");
    let wide = TrainConfig { net: Net::parse("c256k3").unwrap(), batch: 4096, ..TrainConfig::default() };
    let e = options::validate(&wide).unwrap_err().to_string();
    assert!(e.contains("a batch of 4096") && e.contains("128 MB"), "{e}");
    options::validate(&TrainConfig { batch: 64, ..wide }).unwrap();
    // A crafted, very long text is refused quickly and quoted short.
    let long = "c16k5-".repeat(10_000);
    let e = Net::parse(&long).unwrap_err().to_string();
    assert!(e.contains("more than 32") && e.len() < 100, "{e}");
}

#[test]
fn the_editor_moves_removes_retypes_and_adds_layers_and_keeps_the_network_when_refused() {
    let net = Net::default();
    let text = |r: Result<Net, _>| r.map(|n: Net| n.text()).map_err(|e: mnist_web::model::net::NetError| e.to_string());
    assert_eq!(text(apply(&net, Edit::Set(0, "c32k3".into()))), Ok("c32k3-p-c32k5-c32k5-p-c64k5".into()));
    assert_eq!(text(apply(&net, Edit::Remove(1))), Ok("c16k5-c32k5-c32k5-p-c64k5".into()));
    assert_eq!(text(apply(&net, Edit::Up(1))), Ok("p-c16k5-c32k5-c32k5-p-c64k5".into()));
    assert_eq!(text(apply(&net, Edit::Down(5))), Ok(net.text()), "the last layer has nowhere to go");
    assert_eq!(text(apply(&net, Edit::Add(Kind::Dense))), Ok("c16k5-p-c32k5-c32k5-p-c64k5-l128".into()));
    let dense = Net::parse("c8k3-l64").unwrap();
    assert_eq!(text(apply(&dense, Edit::Add(Kind::Pool))), Ok("c8k3-p-l64".into()), "a pool goes where maps are");
    assert_eq!(text(apply(&dense, Edit::Add(Kind::Dropout))), Ok("c8k3-l64-d0.25".into()));
    assert_eq!(
        text(apply(&Net::parse("c8k3-p-p-p-p").unwrap(), Edit::Add(Kind::Pool))),
        Err("layer 6, p: the maps are already 1×1".into())
    );
    assert_eq!(text(apply(&dense, Edit::Set(1, "c8k9".into()))), Err("layer 2, c8k9: a 9×9 kernel; kernels are 3, 5 or 7".into()));
    assert_eq!(text(apply(&Net::parse("l64").unwrap(), Edit::Remove(0))), Err("no layers: give at least one (e.g. c16k5-p)".into()));
    assert_eq!(Kind::ALL.map(|k| Kind::parse(k.as_str())), Kind::ALL.map(Some));
    assert!(matches!(Kind::Conv.layer(), Layer::Conv { kernel: 3, .. }));
}

#[test]
fn a_network_of_kernels_3_and_7_with_dropout_and_a_hidden_layer_trains_alike_on_cpu_and_gpu() {
    let (train, test) = data_files::load_mnist(&data_files::default_data_dir()).expect("run scripts/fetch-data.sh first");
    let net = Net::parse("c8k3-c12k7-p-d0.2-c16k5-p-l48").unwrap();
    let batches = 10;
    let config = TrainConfig {
        epochs: 1,
        train_images: Some(batches * 64),
        test_images: Some(64),
        seed: 5,
        dropout: 0.3,
        net,
        ..TrainConfig::default()
    };
    let (train, test) = (train.first(batches * 64), test.first(64));
    let init = mnist_web::model::flat::init_for(&config.net, config.seed);
    let gpu = mnist_web::native::device_pick::pick_device(Some("wgpu")).expect("a wgpu adapter (lavapipe)").0;
    let on_cpu = command::train(&config, &Device::flex(), &train, &test, &init, Some(batches)).unwrap().losses;
    let on_gpu = command::train(&config, &gpu, &train, &test, &init, Some(batches)).unwrap().losses;
    println!("cpu {on_cpu:?}\ngpu {on_gpu:?}");
    for i in 0..batches {
        let (a, b) = (on_cpu[i], on_gpu[i]);
        assert!((a - b).abs() <= 2e-3_f32.max(0.01 * a.abs()), "batch {i}: cpu {a} vs gpu {b}");
    }
    assert!(on_cpu[batches - 3..].iter().sum::<f32>() < on_cpu[..3].iter().sum::<f32>(), "the loss falls: {on_cpu:?}");
}
