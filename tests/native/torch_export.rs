//! The way back to PyTorch for any network: the `.pth` this app writes reads back as the same
//! network and weights (presets by name, other networks from their tensors' names and shapes);
//! the generated `nn.Module` is the tutorial's own class for its network and names every tensor of
//! the state dict; and, where `torch` imports, real PyTorch loads both with
//! `load_state_dict(strict=True)`, gives the app's logits within 1e-4, and what it saves back
//! loads here.
use burn::prelude::*;
use mnist_web::data::idx::PIXELS;
use mnist_web::model::flat;
use mnist_web::model::net::{Net, PRESETS};
use mnist_web::model::network::Cnn;
use mnist_web::native::data_files;
use mnist_web::weights::state_dict::StateDict;
use mnist_web::weights::{file, torch_code, torch_save};

const OTHERS: [&str; 4] = ["c8k3-c12k7-p-d0.2-c16k5-p-l48-d0.5-l32", "l64", "c8k3-p-p-c4k5", "d0.1-c6k7-p-d0.3-l20"];

fn nets() -> Vec<Net> {
    PRESETS.iter().map(|(_, t)| *t).chain(OTHERS).map(|t| Net::parse(t).unwrap()).collect()
}

#[test]
fn a_pth_of_any_network_reads_back_as_that_network() {
    for net in nets() {
        let flat = flat::init_for(&net, 9);
        let pth = torch_save::write(&StateDict::from_flat(&net, &flat));
        let back = file::decode("weights.pth", &pth).unwrap_or_else(|e| panic!("{}: {e}", net.text()));
        assert_eq!((back.format, &back.flat), ("PyTorch .pth", &flat), "{}", net.text());
        assert_eq!(back.net.torch_names(), net.torch_names(), "{}", net.text());
        assert_eq!(back.net.param_count(), net.param_count());
        // Dropout keeps no tensor, so a file does not say where it acts or at which rate (a
        // convolution block's only shifts its Sequential's indices): the same network otherwise.
        let without_dropout = |n: &Net| n.text().split('-').filter(|l| !l.starts_with('d')).collect::<Vec<_>>().join("-");
        assert_eq!(without_dropout(&back.net), without_dropout(&net));
        if net.preset_name().is_some() {
            assert_eq!(back.net, net, "a preset comes back as itself");
        }
    }
}

#[test]
fn the_generated_module_is_the_tutorials_class_and_names_every_tensor() {
    let code = torch_code::module(&Net::default(), "mnist-cnn.pth");
    let init = [
        "        self.conv1 = nn.Sequential(\n            nn.Conv2d(in_channels=1, out_channels=16, kernel_size=5, stride=1, padding=2),\n            nn.ReLU(),\n            nn.MaxPool2d(kernel_size=2),\n        )  # [B, 16, 14, 14]\n",
        "            nn.Conv2d(in_channels=16, out_channels=32, kernel_size=5, stride=1, padding=2),\n            nn.ReLU(),\n            nn.Conv2d(in_channels=32, out_channels=32, kernel_size=5, stride=1, padding=2),\n            nn.ReLU(),\n            nn.MaxPool2d(kernel_size=2),\n",
        "        self.conv3 = nn.Sequential(\n            nn.Conv2d(in_channels=32, out_channels=64, kernel_size=5, stride=1, padding=2),\n            nn.ReLU(),\n        )  # [B, 64, 7, 7]\n",
        "        self.out = nn.Linear(in_features=64 * 7 * 7, out_features=10)\n",
        "        x = self.conv1(x)\n        x = self.conv2(x)\n        x = self.conv3(x)\n        x = x.view(x.size(0), -1)\n        output = self.out(x)\n        return output\n",
        "class CNN(nn.Module):\n    def __init__(self):\n        super(CNN, self).__init__()\n",
    ];
    for part in init {
        assert!(code.contains(part), "missing:\n{part}\nin:\n{code}");
    }
    for net in nets() {
        let code = torch_code::module(&net, "w.pth");
        for (name, _) in net.torch_names() {
            let attr = name.split('.').next().unwrap();
            assert!(code.contains(&format!("self.{attr} = ")), "{}: no module {attr}:\n{code}", net.text());
        }
        assert!(code.contains("weights_only=True), strict=True)"));
    }
    let code = torch_code::module(&Net::parse("c8k3-p-d0.2-l48-d0.5").unwrap(), "w.pth");
    assert!(code.contains("nn.Dropout(p=0.2)") && code.contains("x = nn.functional.dropout(x, p=0.5, training=self.training)"), "{code}");
    assert!(
        code.contains("self.hidden = nn.Linear(in_features=8 * 14 * 14, out_features=48)")
            && code.contains("x = torch.relu(self.hidden(x))"),
        "{code}"
    );
}

/// Whether `python3` here can import torch (the README says how to install it).
fn torch_here() -> Result<(), String> {
    let out = std::process::Command::new("python3").args(["-c", "import torch"]).output().map_err(|e| format!("no python3 ({e})"))?;
    if out.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or("").to_string()) }
}

#[test]
fn the_generated_module_and_pth_load_in_real_pytorch() {
    if let Err(why) = torch_here() {
        println!("skipped: real PyTorch does not import here ({why}); `pip install torch` to run this check");
        return;
    }
    let (_, test) = data_files::load_mnist(&data_files::default_data_dir()).expect("run scripts/fetch-data.sh first");
    let images = &test.pixels[..32 * PIXELS];
    let root = std::env::temp_dir().join(format!("mnist-web-torch-{}", std::process::id()));
    let mut folders = Vec::new();
    for (i, net) in [Net::default(), Net::parse(OTHERS[0]).unwrap(), Net::parse(OTHERS[3]).unwrap()].iter().enumerate() {
        let folder = root.join(format!("net{i}"));
        std::fs::create_dir_all(&folder).unwrap();
        let flat = flat::init_for(net, 21 + i as u64);
        let model = flat::load(Cnn::build(net, &Device::flex()), &flat).unwrap();
        let x = mnist_web::data::dataset::input(images, &Device::flex()); // [32, 1, 28, 28]
        let logits: Vec<Vec<f32>> = model.forward(x).into_data().try_to_vec::<f32>().unwrap().chunks(10).map(<[f32]>::to_vec).collect();
        std::fs::write(folder.join("cnn.py"), torch_code::module(net, "weights.pth")).unwrap();
        std::fs::write(folder.join("weights.pth"), torch_save::write(&StateDict::from_flat(net, &flat))).unwrap();
        std::fs::write(folder.join("logits.json"), serde_json::to_string(&logits).unwrap()).unwrap();
        std::fs::write(folder.join("images.json"), serde_json::to_string(images).unwrap()).unwrap();
        folders.push((folder, net.clone(), flat));
    }
    let script = format!("{}/tests/fixtures/check_generated.py", env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new("python3").arg(script).args(folders.iter().map(|f| &f.0)).output().unwrap();
    println!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "PyTorch refused the generated module or weights");
    for (folder, net, flat) in &folders {
        let back = file::decode("from-torch.pth", &std::fs::read(folder.join("from-torch.pth")).unwrap()).unwrap();
        assert_eq!((&back.flat, back.net.torch_names()), (flat, net.torch_names()), "what PyTorch saved loads back");
    }
    let _ = std::fs::remove_dir_all(root);
}
