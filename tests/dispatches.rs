//! What a training step asks of the GPU, counted by the benchmark (kernel launches, the same
//! natively as in the browser). Alone in its test binary: the launch observer sees the whole
//! process.
#![cfg(not(target_arch = "wasm32"))] // native tests (the browser is tested end to end)
use burn::prelude::*;
use mnist_web::native::data_files;
use mnist_web::train::helpers::Alone;
/// Our kernels, a handful of burn's, and nothing on the CPU backend.
#[test]
fn a_training_step_launches_few_kernels() {
    let (train, _) = data_files::load_mnist(&data_files::default_data_dir()).expect("run scripts/fetch-data.sh first");
    let train = train.first(8 * 64);
    let gpu = mnist_web::device::backend::native_gpu().expect("no wgpu adapter");
    let probe = Clock(std::time::Instant::now());
    let r = futures_lite::future::block_on(mnist_web::device::bench::train(
        &train,
        &gpu,
        ("wgpu".into(), "test".into()),
        (1, 2),
        &probe,
        &mut Alone,
    ))
    .unwrap();
    let per_step = r.dispatches_per_step.expect("kernel launches are counted");
    println!("{per_step} kernels per step: {:?}", r.kernels_per_step);
    // 4 convolutions (7 launches), their gradients (4 + 4 sums), 2 poolings and their gradients,
    // the loss and its gradient, 10 Adam updates, and burn's Linear layer.
    assert!((30.0..=45.0).contains(&per_step), "{per_step} kernels per step");
    let count = |name: &str| r.kernels_per_step.iter().find(|k| k.0.starts_with(name)).map_or(0.0, |k| k.1);
    assert_eq!((count("Conv5Kernel"), count("Conv5ParamGradKernel"), count("AdamKernel")), (7.0, 4.0, 10.0));
    let cpu = futures_lite::future::block_on(mnist_web::device::bench::train(
        &train,
        &Device::flex(),
        ("cpu".into(), "test".into()),
        (1, 2),
        &probe,
        &mut Alone,
    ))
    .unwrap();
    assert_eq!((cpu.dispatches_per_step, cpu.host_ms_per_step), (None, None), "no GPU kernels on the CPU backend");
}

struct Clock(std::time::Instant);

impl mnist_web::device::bench::Probe for Clock {
    fn now_ms(&self) -> f64 {
        self.0.elapsed().as_secs_f64() * 1000.0
    }

    fn counts(&self) -> Option<mnist_web::device::bench::GpuCounts> {
        None
    }
}
