//! The same initial weights and batch order give the same losses on the CPU backend and on the
//! GPU through wgpu (here Mesa's lavapipe Vulkan driver): catches a wrong kernel or shader.
use burn::prelude::*;
use mnist_web::model::flat;
use mnist_web::native::{command, data_files};
use mnist_web::train::config::TrainConfig;

#[test]
fn cpu_and_wgpu_agree_batch_by_batch() {
    let (train, test) = data_files::load_mnist(&data_files::default_data_dir()).expect("run scripts/fetch-data.sh first");
    let config = TrainConfig { epochs: 1, train_images: Some(20 * 64), test_images: Some(64), seed: 11, ..TrainConfig::default() };
    let (train, test) = (train.first(20 * 64), test.first(64));
    let init = flat::init_flat(config.seed);
    let gpu = mnist_web::native::device_pick::pick_device(Some("wgpu"))
        .expect("no wgpu adapter: install a Vulkan driver (apt-get install mesa-vulkan-drivers)")
        .0;
    let on_cpu = command::train(&config, &Device::flex(), &train, &test, &init, Some(20)).unwrap().losses;
    let on_gpu = command::train(&config, &gpu, &train, &test, &init, Some(20)).unwrap().losses;
    println!("cpu {on_cpu:?}\ngpu {on_gpu:?}");
    assert_eq!((on_cpu.len(), on_gpu.len()), (20, 20));
    for i in 0..20 {
        let (a, b) = (on_cpu[i], on_gpu[i]);
        if i < 5 {
            assert!((a - b).abs() < 1e-3, "batch {i}: cpu {a} vs gpu {b}");
        }
        assert!((a - b).abs() <= 0.01 * a.abs(), "batch {i}: cpu {a} vs gpu {b} differ by more than 1%");
    }
}
