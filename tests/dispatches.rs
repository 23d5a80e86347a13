//! What a training step asks of the GPU, counted by the benchmark (kernel launches, the same
//! natively as in the browser). Alone in its test binary: the launch observer sees the whole
//! process.
#![cfg(not(target_arch = "wasm32"))] // native tests (the browser is tested end to end)
use burn::prelude::*;
use mnist_web::model::net::{Layer, Net};
use mnist_web::native::data_files;
use mnist_web::train::parallel::helpers::Alone;
/// The budget of kernels per training step, from the network's layers: each convolution at most
/// 5 launches (forward, ReLU's backward mask, the input's gradient, the weights' and bias's
/// partial sums and their sum), each pooling
/// 2 (forward, gradient), the loss and its gradient 2, the optimizer's step over all the parameter
/// tensors 1 (the backward pass writes their gradients where it reads them: nothing placed), each
/// dense layer and the classifier 5 (the product and the bias's add, the input's and the weights'
/// gradient products, the bias's gradient sum), a dense layer's ReLU 2 (ours, forward and
/// backward; burn's took 4), and the backward pass's seed (a fill) 1.
fn budget(net: &Net) -> f64 {
    let count = |f: fn(&Layer) -> bool| net.layers().iter().filter(|l| f(l)).count();
    let convs = count(|l| matches!(l, Layer::Conv { .. }));
    let pools = count(|l| matches!(l, Layer::Pool));
    let dense = count(|l| matches!(l, Layer::Dense { .. }));
    (5 * convs + 2 * pools + 2 + 1 + 5 * (dense + 1) + 2 * dense + 1) as f64
}

/// Kernels per step of `net` on the GPU (lavapipe).
fn kernels_per_step(net: &Net, train: &mnist_web::data::dataset::Dataset) -> (f64, Vec<(String, f64)>) {
    let gpu = mnist_web::device::backend::native_gpu().expect("no wgpu adapter");
    let probe = Clock(std::time::Instant::now());
    let r = futures_lite::future::block_on(mnist_web::device::bench::train(
        train,
        &gpu,
        net,
        ("wgpu".into(), "test".into()),
        (1, 2),
        &probe,
        &mut Alone,
    ))
    .unwrap();
    assert_eq!(r.net, net.label());
    (r.dispatches_per_step.expect("kernel launches are counted"), r.kernels_per_step)
}

/// Our kernels and a handful of burn's, within a budget derived from the network's layers (the
/// tutorial's: 33; 37 measured before networks could be edited, 30 with the gradients placed
/// into the optimizer's flat tensor, 28 with them written in place, 32 with ReLU's mask apart
/// from the gradient kernels); the optimizer's step one kernel; nothing on the CPU backend.
#[test]
fn a_training_step_launches_few_kernels() {
    let (train, _) = data_files::load_mnist(&data_files::default_data_dir()).expect("run scripts/fetch-data.sh first");
    let train = train.first(8 * 64);
    let nets = [Net::default(), Net::preset("wide").unwrap(), Net::parse("c8k3-c8k7-p-c16k5-c16k3-p-l32").unwrap()];
    for net in &nets {
        let (per_step, kernels) = kernels_per_step(net, &train);
        let budget = budget(net);
        println!("{}: {per_step} kernels per step (budget {budget}): {kernels:?}", net.label());
        assert!(per_step <= budget, "{}: {per_step} kernels per step, over the budget of {budget}: {kernels:?}", net.label());
        assert!(per_step >= 4.0, "{per_step} kernels per step: each convolution launches at least once, so the counter missed some");
        let optimizer: Vec<_> =
            kernels.iter().filter(|(name, _)| name.starts_with("UpdateKernel") || name.starts_with("PlaceKernel")).collect();
        assert_eq!(optimizer, [&("UpdateKernel".to_string(), 1.0)], "{}: the optimizer's step is one kernel", net.label());
    }
    assert_eq!(budget(&nets[0]), 33.0, "the tutorial's: 37 measured with one update per tensor");
    let probe = Clock(std::time::Instant::now());
    let cpu = futures_lite::future::block_on(mnist_web::device::bench::train(
        &train,
        &Device::flex(),
        &Net::default(),
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
