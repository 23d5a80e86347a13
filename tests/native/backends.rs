//! The same initial weights and batch order give the same losses on the CPU backend and on the
//! GPU through wgpu (here Mesa's lavapipe Vulkan driver): catches a wrong kernel or shader, with
//! the tutorial's Adam and with SGD (Nesterov's momentum, weight decay) and AdamW.
use burn::prelude::*;
use mnist_web::model::flat;
use mnist_web::native::{command, data_files};
use mnist_web::train::config::{OptimizerKind, TrainConfig};

/// Trains `batches` batches of `config` on both and compares the losses: within 1e-3 for the
/// first five, 1 % after.
fn agree(config: &TrainConfig, batches: usize) {
    let (train, test) = data_files::load_mnist(&data_files::default_data_dir()).expect("run scripts/fetch-data.sh first");
    let (train, test) = (train.first(batches * 64), test.first(64));
    let init = flat::init_flat(config.seed);
    let gpu = mnist_web::native::device_pick::pick_device(Some("wgpu"))
        .expect("no wgpu adapter: install a Vulkan driver (apt-get install mesa-vulkan-drivers)")
        .0;
    let on_cpu = command::train(config, &Device::flex(), &train, &test, &init, Some(batches)).unwrap().losses;
    let on_gpu = command::train(config, &gpu, &train, &test, &init, Some(batches)).unwrap().losses;
    let name = config.optimizer.as_str();
    println!("{name}\ncpu {on_cpu:?}\ngpu {on_gpu:?}");
    assert_eq!((on_cpu.len(), on_gpu.len()), (batches, batches));
    for i in 0..batches {
        let (a, b) = (on_cpu[i], on_gpu[i]);
        if i < 5 {
            assert!((a - b).abs() < 1e-3, "{name}, batch {i}: cpu {a} vs gpu {b}");
        }
        assert!((a - b).abs() <= 0.01 * a.abs(), "{name}, batch {i}: cpu {a} vs gpu {b} differ by more than 1%");
    }
    assert!(on_cpu[batches - 3..].iter().sum::<f32>() < on_cpu[..3].iter().sum::<f32>(), "{name}: the loss falls");
}

fn short(batches: usize) -> TrainConfig {
    TrainConfig { epochs: 1, train_images: Some(batches * 64), test_images: Some(64), seed: 11, ..TrainConfig::default() }
}

#[test]
fn cpu_and_wgpu_agree_batch_by_batch() {
    agree(&short(20), 20);
}

#[test]
fn cpu_and_wgpu_agree_with_sgd_and_adamw() {
    let sgd = TrainConfig { optimizer: OptimizerKind::Sgd, lr: 0.05, nesterov: true, weight_decay: 0.001, ..short(10) };
    agree(&sgd, 10);
    agree(&TrainConfig { optimizer: OptimizerKind::AdamW, weight_decay: 0.05, ..short(10) }, 10);
}
