//! Our 5×5 convolution (`mnist_web::conv::conv5`: own kernels on the GPU, one backward pass for
//! every backend) against burn's `Conv2d`: the output and the gradients of input, weights and
//! bias, on the CPU and on the GPU (lavapipe), for the networks' shapes and awkward ones
//! (channels not a multiple of 8, sizes not multiples of 4 or 7, a batch the weight-gradient
//! kernel splits unevenly).
use burn::nn::conv::Conv2dConfig;
use burn::nn::PaddingConfig2d;
use burn::prelude::*;
use burn::tensor::Distribution;
use mnist_web::conv::conv5;

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
fn assert_close<const D: usize>(what: &str, shape: [usize; 5], a: Tensor<D>, b: Tensor<D>) {
    let scale: f32 = a.clone().abs().max().into_scalar();
    let diff: f32 = (a - b).abs().max().into_scalar();
    assert!(diff <= 1e-4 * scale + 1e-5, "{what} for [N, C, O, H, W] = {shape:?}: differs by {diff} (values up to {scale})");
}

fn check(device: &Device) {
    let ad = device.clone().autodiff();
    for shape @ [n, c, o, h, w] in SHAPES {
        let conv = Conv2dConfig::new([c, o], [5, 5]).with_padding(PaddingConfig2d::Explicit(2, 2, 2, 2)).init(&ad);
        let (weight, bias) = (conv.weight.val(), conv.bias.as_ref().unwrap().val());
        let x = Tensor::<4>::random([n, c, h, w], Distribution::Uniform(-1.0, 1.0), &ad).require_grad();
        let upstream = Tensor::<4>::random([n, o, h, w], Distribution::Uniform(-1.0, 1.0), &ad);
        let reference = conv.forward(x.clone());
        let ours = conv5(x.clone(), weight, bias);
        assert_eq!(ours.dims(), [n, o, h, w]);
        assert_close("output", shape, reference.clone(), ours.clone());
        let g1 = (reference * upstream.clone()).sum().backward();
        let g2 = (ours * upstream).sum().backward();
        assert_close("input gradient", shape, x.grad(&g1).unwrap(), x.grad(&g2).unwrap());
        assert_close("weight gradient", shape, conv.weight.grad(&g1).unwrap(), conv.weight.grad(&g2).unwrap());
        let (b1, b2) = (conv.bias.as_ref().unwrap().grad(&g1).unwrap(), conv.bias.as_ref().unwrap().grad(&g2).unwrap());
        assert_close("bias gradient", shape, b1, b2);
    }
}

#[test]
fn matches_burns_convolution_on_the_cpu() {
    check(&mnist_web::backend::cpu());
}

#[test]
fn matches_burns_convolution_on_the_gpu() {
    let gpu = mnist_web::backend::native_gpu().expect("no wgpu adapter: install a Vulkan driver (apt-get install mesa-vulkan-drivers)");
    check(&gpu);
}
