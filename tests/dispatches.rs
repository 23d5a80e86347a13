//! What a training step asks of the GPU, counted by the benchmark (kernel launches, the same
//! natively as in the browser). Alone in its test binary: the launch observer sees the whole
//! process.
#![cfg(not(target_arch = "wasm32"))] // native tests (the browser is tested end to end)
use burn::prelude::*;
use mnist_web::native::data_files;
use mnist_web::train::parallel::helpers::Alone;
/// Our kernels and a handful of burn's, within a budget derived from the network's layers; nothing
/// on the CPU backend.
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
    // The budget, from the network: each of the 4 convolutions at most 4 launches (forward,
    // the input's gradient, the weights' gradient, the bias's sum), each of the 2 poolings 2
    // (forward, gradient), the loss and its gradient 2, one optimizer update per parameter
    // tensor (10), burn's Linear layer 5 (its product, the two gradients' products, the bias's
    // add and its gradient's sum) and the backward pass's seed (a fill) 1.
    let budget = (4 * 4 + 2 * 2 + 2 + 10 + 5 + 1) as f64;
    assert!(per_step <= budget, "{per_step} kernels per step, over the budget of {budget}: {:?}", r.kernels_per_step);
    assert!(per_step >= 4.0, "{per_step} kernels per step: each convolution launches at least once, so the counter missed some");
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
