//! The network's own operations (`mnist_web::model::ops`: our kernels on the GPU, burn's operations
//! composed on the CPU, one backward pass for both) against burn's modules: outputs and every
//! gradient, on the CPU and on the GPU (lavapipe), for kernels 3, 5 and 7, the networks' shapes
//! and awkward ones (channels not a multiple of 8, sizes not multiples of 4 or 7, maps smaller
//! than the kernel, a batch the weight-gradient
//! kernel splits unevenly); a dense layer and its ReLU; and our optimizers (Adam, AdamW, SGD with
//! momentum, Nesterov's and weight decay) against burn's, also on a network whose backward pass
//! writes the gradients where the optimizer's one kernel reads them.
use burn::nn::conv::Conv2dConfig;
use burn::nn::loss::CrossEntropyLossConfig;
use burn::nn::pool::MaxPool2dConfig;
use burn::nn::{LinearConfig, PaddingConfig2d, Relu};
use burn::optim::decay::WeightDecayConfig;
use burn::optim::momentum::MomentumConfig;
use burn::optim::{AdamConfig, AdamWConfig, GradientsParams, ModuleOptimizer, SgdConfig};
use burn::prelude::*;
use burn::tensor::Distribution;
use mnist_web::model::net::Net;
use mnist_web::model::network::Cnn;
use mnist_web::model::ops::{conv_relu, cross_entropy, dense, max_pool2, relu};
use mnist_web::train::config::{OptimizerKind, TrainConfig};
use mnist_web::train::optimizer::{Optimizer, Rule};

const SHAPES: [[usize; 5]; 7] = [
    // [N, C, O, H, W]
    [4, 1, 16, 28, 28],
    [3, 16, 32, 14, 14],
    [2, 32, 64, 7, 7],
    [17, 16, 32, 14, 14],
    [2, 3, 5, 9, 11],
    [1, 6, 12, 5, 6],
    [2, 2, 4, 3, 2],
];

/// max |a − b| relative to max |a| (plus a small absolute floor for tiny gradients).
fn assert_close<const D: usize>(what: &str, a: Tensor<D>, b: Tensor<D>) {
    assert_eq!(a.dims(), b.dims(), "{what}: shapes");
    let scale: f32 = a.clone().abs().max().into_scalar();
    let diff: f32 = (a - b).abs().max().into_scalar();
    assert!(diff <= 1e-4 * scale + 1e-5, "{what}: differs by {diff} (values up to {scale})");
}

fn gpu() -> Device {
    mnist_web::device::backend::native_gpu().expect("no wgpu adapter: install a Vulkan driver (apt-get install mesa-vulkan-drivers)")
}

/// Shapes for the 3×3 and 7×7 kernels (the networks' 5×5 take [`SHAPES`]): an image, a middle
/// layer, awkward sizes, maps smaller than the kernel.
const OTHER_KERNELS: [[usize; 5]; 4] = [[4, 1, 16, 28, 28], [2, 16, 8, 14, 14], [2, 3, 5, 9, 11], [1, 2, 4, 3, 2]];

fn conv_matches_burn(device: &Device) {
    let ad = device.clone().autodiff();
    let cases = SHAPES.iter().map(|s| (*s, 5)).chain([3, 7].into_iter().flat_map(|k| OTHER_KERNELS.iter().map(move |s| (*s, k))));
    for ([n, c, o, h, w], k) in cases {
        let at = format!("[N, C, O, H, W] = {:?}, {k}×{k}", [n, c, o, h, w]);
        let p = k / 2;
        let conv = Conv2dConfig::new([c, o], [k, k]).with_padding(PaddingConfig2d::Explicit(p, p, p, p)).init(&ad);
        let bias = conv.bias.as_ref().unwrap();
        let x = Tensor::<4>::random([n, c, h, w], Distribution::Uniform(-1.0, 1.0), &ad).require_grad();
        // Where a pre-activation lies within rounding of 0, the two ReLUs may route the gradient
        // differently (both right); the upstream gradient is zero there so that only real
        // differences count (with 10⁵ outputs such an element turns up now and then: CI failed on one).
        let settled = conv.forward(x.clone()).detach().abs().greater_elem(1e-3).float();
        let upstream = Tensor::<4>::random([n, o, h, w], Distribution::Uniform(-1.0, 1.0), &ad) * settled;
        let reference = Relu::new().forward(conv.forward(x.clone()));
        let ours = conv_relu(x.clone(), conv.weight.val(), bias.val());
        assert_close(&format!("output, {at}"), reference.clone(), ours.clone());
        let g1 = (reference * upstream.clone()).sum().backward();
        let g2 = (ours * upstream).sum().backward();
        assert_close(&format!("input gradient, {at}"), x.grad(&g1).unwrap(), x.grad(&g2).unwrap());
        assert_close(&format!("weight gradient, {at}"), conv.weight.grad(&g1).unwrap(), conv.weight.grad(&g2).unwrap());
        assert_close(&format!("bias gradient, {at}"), bias.grad(&g1).unwrap(), bias.grad(&g2).unwrap());
    }
}

fn pool_matches_burn(device: &Device) {
    let ad = device.clone().autodiff();
    let pool = MaxPool2dConfig::new([2, 2]).with_strides([2, 2]).init();
    for [n, c, h, w] in [[4, 16, 28, 28], [3, 32, 14, 14], [2, 3, 5, 7]] {
        // A random permutation of distinct values: no ties, one maximum per window.
        let x = Tensor::<1>::random([n * c * h * w], Distribution::Uniform(0.0, 1.0), &ad).reshape([n, c, h, w]).require_grad();
        let upstream = Tensor::<4>::random([n, c, h / 2, w / 2], Distribution::Uniform(-1.0, 1.0), &ad);
        let (reference, ours) = (pool.forward(x.clone()), max_pool2(x.clone()));
        assert_close(&format!("pooled {:?}", [n, c, h, w]), reference.clone(), ours.clone());
        let g1 = (reference * upstream.clone()).sum().backward();
        let g2 = (ours * upstream).sum().backward();
        assert_close(&format!("pool input gradient {:?}", [n, c, h, w]), x.grad(&g1).unwrap(), x.grad(&g2).unwrap());
    }
}

/// A dense layer's ReLU: the same comparison on the same values as burn's, so equal exactly.
fn relu_matches_burn(device: &Device) {
    let ad = device.clone().autodiff();
    let x = Tensor::<2>::random([33, 130], Distribution::Uniform(-1.0, 1.0), &ad).require_grad();
    let upstream = Tensor::<2>::random([33, 130], Distribution::Uniform(-1.0, 1.0), &ad);
    let (reference, ours) = (Relu::new().forward(x.clone()), relu(x.clone()));
    assert_close("relu", reference.clone(), ours.clone());
    let g1 = (reference * upstream.clone()).sum().backward();
    let g2 = (ours * upstream).sum().backward();
    let (a, b) = (x.grad(&g1).unwrap(), x.grad(&g2).unwrap());
    assert_close("relu's input gradient", a.clone(), b);
    let passed: f32 = a.abs().sum().into_scalar();
    assert!(passed > 1.0, "the gradient passes where x > 0");
}

/// A dense layer (x·w + b) and its three gradients against burn's `Linear`, for the networks'
/// shapes and awkward ones.
fn dense_matches_burn(device: &Device) {
    let ad = device.clone().autodiff();
    for [b, f, u] in [[64, 576, 10], [33, 130, 7], [1, 3, 1], [5, 64, 4096]] {
        let at = format!("[B, F, U] = {:?}", [b, f, u]);
        let linear = LinearConfig::new(f, u).init(&ad);
        let bias = linear.bias.as_ref().unwrap();
        let x = Tensor::<2>::random([b, f], Distribution::Uniform(-1.0, 1.0), &ad).require_grad();
        let upstream = Tensor::<2>::random([b, u], Distribution::Uniform(-1.0, 1.0), &ad);
        let (reference, ours) = (linear.forward(x.clone()), dense(x.clone(), linear.weight.val(), bias.val()));
        assert_close(&format!("dense output, {at}"), reference.clone(), ours.clone());
        let g1 = (reference * upstream.clone()).sum().backward();
        let g2 = (ours * upstream).sum().backward();
        assert_close(&format!("dense input gradient, {at}"), x.grad(&g1).unwrap(), x.grad(&g2).unwrap());
        assert_close(&format!("dense weight gradient, {at}"), linear.weight.grad(&g1).unwrap(), linear.weight.grad(&g2).unwrap());
        assert_close(&format!("dense bias gradient, {at}"), bias.grad(&g1).unwrap(), bias.grad(&g2).unwrap());
    }
}

fn cross_entropy_matches_burn(device: &Device) {
    let ad = device.clone().autodiff();
    for (b, k) in [(64, 10), (7, 10), (130, 3)] {
        let logits = Tensor::<2>::random([b, k], Distribution::Uniform(-8.0, 8.0), &ad).require_grad();
        let targets: Vec<i64> = (0..b).map(|i| ((i * 7 + 3) % k) as i64).collect();
        let int = Tensor::<1, Int>::from_data(TensorData::new(targets.clone(), [b]), &ad);
        let float = Tensor::<1>::from_data(TensorData::new(targets.iter().map(|&t| t as f32).collect::<Vec<_>>(), [b]), &ad);
        let reference = CrossEntropyLossConfig::new().init(&ad).forward(logits.clone(), int);
        let ours = cross_entropy(logits.clone(), float);
        assert_close(&format!("loss [{b}, {k}]"), reference.clone(), ours.clone());
        let (g1, g2) = ((reference * 3.0).backward(), (ours * 3.0).backward());
        assert_close(&format!("logits gradient [{b}, {k}]"), logits.grad(&g1).unwrap(), logits.grad(&g2).unwrap());
    }
}

/// Three steps of our optimizer following `rule` and of burn's `burns` on the same module with
/// the same losses.
fn optimizer_matches_burn(device: &Device, rule: Rule, mut burns: ModuleOptimizer) {
    let ad = device.clone().autodiff();
    let model = LinearConfig::new(30, 7).init(&ad);
    let x = Tensor::<2>::random([5, 30], Distribution::Uniform(-1.0, 1.0), &ad);
    let initial = model.weight.val();
    let (mut ours, mut theirs) = (model.clone(), model);
    let mut optim = Optimizer::new(rule);
    for step in 0..3 {
        let what = |p: &str| format!("{:?}: {p} after step {}", rule, step + 1);
        let loss = |m: &burn::nn::Linear| m.forward(x.clone()).powi_scalar(2).sum();
        let scalars = optim.next_scalars(1e-2, &ad.clone().inner());
        let grads = GradientsParams::from_grads(loss(&ours).backward(), &ours);
        ours = optim.step(scalars, ours, grads);
        let grads = GradientsParams::from_grads(loss(&theirs).backward(), &theirs);
        theirs = burns.step(1e-2, theirs, grads);
        assert_close(&what("weights"), theirs.weight.val(), ours.weight.val());
        assert_close(&what("bias"), theirs.bias.as_ref().unwrap().val(), ours.bias.as_ref().unwrap().val());
    }
    assert_eq!(optim.steps(), 3);
    let moved: f32 = (ours.weight.val() - initial).abs().max().into_scalar();
    assert!(moved > 1e-3, "the weights did not move ({moved})");
}

/// Four steps of our optimizer on a network of every kind of layer, where from the second step
/// on the backward pass writes each gradient in its place of the optimizer's flat gradients (on
/// the GPU), against burn's optimizer on a copy.
fn network_steps_match_burn(device: &Device, rule: Rule, mut burns: ModuleOptimizer) {
    let ad = device.clone().autodiff();
    let model = Cnn::build(&Net::parse("c4k3-p-c6k5-l12").unwrap(), &ad);
    let x = Tensor::<4>::random([9, 1, 28, 28], Distribution::Uniform(0.0, 1.0), &ad);
    let labels = Tensor::<1>::from_floats([0., 1., 2., 3., 4., 5., 6., 7., 8.], &ad);
    let (mut ours, mut theirs) = (model.clone(), model);
    let mut optim = Optimizer::new(rule);
    for step in 0..4 {
        let loss = |m: &Cnn| cross_entropy(m.forward(x.clone()), labels.clone());
        let scalars = optim.next_scalars(1e-2, &ad.clone().inner());
        let grads = GradientsParams::from_grads(loss(&ours).backward(), &ours);
        ours = optim.step(scalars, ours, grads);
        let grads = GradientsParams::from_grads(loss(&theirs).backward(), &theirs);
        theirs = burns.step(1e-2, theirs, grads);
        let (a, b) = (mnist_web::model::flat::flat_tensors(&theirs), mnist_web::model::flat::flat_tensors(&ours));
        for (i, (a, b)) in a.into_iter().zip(b).enumerate() {
            assert_close(&format!("{rule:?}: tensor {i} after step {}", step + 1), a, b);
        }
    }
}

fn rule(kind: OptimizerKind, momentum: f64, nesterov: bool, weight_decay: f64) -> Rule {
    Rule::of(&TrainConfig { optimizer: kind, momentum, nesterov, weight_decay, ..TrainConfig::default() })
}

/// Each optimizer of the option table against burn's own, on `device`.
fn optimizers_match_burn(device: &Device) {
    let decay = || Some(WeightDecayConfig::new(0.05));
    let momentum = |momentum, nesterov| Some(MomentumConfig { momentum, dampening: 0.0, nesterov });
    let cases = [
        (rule(OptimizerKind::Adam, 0.9, false, 0.0), AdamConfig::new().init()),
        (rule(OptimizerKind::Adam, 0.9, false, 0.05), AdamConfig::new().with_weight_decay(decay()).init()),
        (rule(OptimizerKind::AdamW, 0.9, false, 0.05), AdamWConfig::new().with_weight_decay(0.05).init()),
        (rule(OptimizerKind::Sgd, 0.0, false, 0.0), SgdConfig::new().init()),
        (
            rule(OptimizerKind::Sgd, 0.9, false, 0.05),
            SgdConfig::new().with_momentum(momentum(0.9, false)).with_weight_decay(decay()).init(),
        ),
        (rule(OptimizerKind::Sgd, 0.8, true, 0.0), SgdConfig::new().with_momentum(momentum(0.8, true)).init()),
    ];
    for (ours, theirs) in cases {
        optimizer_matches_burn(device, ours, theirs);
    }
}

#[test]
fn a_networks_steps_match_burn_on_both() {
    for device in [Device::flex(), gpu()] {
        network_steps_match_burn(&device, rule(OptimizerKind::Adam, 0.9, false, 0.0), AdamConfig::new().init());
        let momentum = Some(MomentumConfig { momentum: 0.9, dampening: 0.0, nesterov: false });
        network_steps_match_burn(&device, rule(OptimizerKind::Sgd, 0.9, false, 0.0), SgdConfig::new().with_momentum(momentum).init());
    }
}

#[test]
fn dense_matches_burn_on_both() {
    dense_matches_burn(&Device::flex());
    dense_matches_burn(&gpu());
}

#[test]
fn conv_relu_matches_burn_on_the_cpu() {
    conv_matches_burn(&Device::flex());
}

#[test]
fn conv_relu_matches_burn_on_the_gpu() {
    conv_matches_burn(&gpu());
}

#[test]
fn pooling_matches_burn_on_both() {
    pool_matches_burn(&Device::flex());
    pool_matches_burn(&gpu());
}

#[test]
fn dense_relu_matches_burn_on_both() {
    relu_matches_burn(&Device::flex());
    relu_matches_burn(&gpu());
}

#[test]
fn cross_entropy_matches_burn_on_both() {
    cross_entropy_matches_burn(&Device::flex());
    cross_entropy_matches_burn(&gpu());
}

#[test]
fn optimizers_match_burn_on_both() {
    optimizers_match_burn(&Device::flex());
    optimizers_match_burn(&gpu());
}
