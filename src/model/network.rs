//! The network, written once for every backend: the tutorial's (SPEC "The network") or the
//! deeper variant ([`Arch`]). Dropout before the classifier takes its mask from the caller
//! ([`Cnn::forward_masked`]): one mask per image, drawn from the run's seed, so that a batch split
//! between workers is trained exactly as the whole batch ([`crate::train::dropout`]).
use crate::model::arch::Arch;
use crate::model::ops::{conv5_relu, max_pool2};
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::{Linear, LinearConfig, PaddingConfig2d, Relu};
use burn::prelude::*;

/// Trainable parameters of the tutorial's network: the figure its model printout implies.
pub const PARAM_COUNT: usize = 121_514;

/// Field order is the weights' layout order ([`Arch::layout`]); absent layers visit nothing.
#[derive(Module, Debug)]
pub struct Cnn {
    conv1: Conv2d,
    conv1b: Option<Conv2d>,
    conv2a: Conv2d,
    conv2b: Conv2d,
    conv3: Conv2d,
    conv3b: Option<Conv2d>,
    hidden: Option<Linear>,
    out: Linear,
    relu: Relu,
}

fn conv(input: usize, output: usize, device: &Device) -> Conv2d {
    Conv2dConfig::new([input, output], [5, 5]).with_padding(PaddingConfig2d::Explicit(2, 2, 2, 2)).init(device)
}

impl Cnn {
    /// The tutorial's network.
    pub fn new(device: &Device) -> Self {
        Self::build(Arch::Tutorial, device)
    }

    pub fn build(arch: Arch, device: &Device) -> Self {
        let deep = arch == Arch::Deeper;
        Self {
            conv1: conv(1, 16, device),
            conv1b: deep.then(|| conv(16, 16, device)),
            conv2a: conv(16, 32, device),
            conv2b: conv(32, 32, device),
            conv3: conv(32, 64, device),
            conv3b: deep.then(|| conv(64, 64, device)),
            hidden: deep.then(|| LinearConfig::new(64 * 7 * 7, 128).init(device)),
            out: LinearConfig::new(if deep { 128 } else { 64 * 7 * 7 }, 10).init(device),
            relu: Relu::new(),
        }
    }

    /// This layer's 5×5 convolution, bias and ReLU in one operation ([`conv5_relu`]).
    fn conv_relu(&self, layer: &Conv2d, x: Tensor<4>) -> Tensor<4> {
        let bias = layer.bias.as_ref().expect("every convolution here has a bias").val();
        conv5_relu(x, layer.weight.val(), bias)
    }

    /// [B, 1, 28, 28] in [0, 1] -> [B, 10] raw logits.
    pub fn forward(&self, x: Tensor<4>) -> Tensor<2> {
        self.forward_masked(x, None)
    }

    /// [`Cnn::forward`] with dropout: the classifier's inputs [B, F] (F:
    /// [`Arch::classifier_inputs`]) multiplied by `mask` [B, F] (zeros and 1/keep) when given.
    pub fn forward_masked(&self, x: Tensor<4>, mask: Option<Tensor<2>>) -> Tensor<2> {
        self.forward_full(x, mask, &mut |_, _| {})
    }

    /// [`Cnn::forward`], showing each layer's output to `see` (its name, as in the state dict
    /// and `data-layer`, and the [B, C, H, W] tensor): the same computation, so the logits are
    /// the model's own.
    pub fn forward_seen(&self, x: Tensor<4>, see: &mut dyn FnMut(&'static str, &Tensor<4>)) -> Tensor<2> {
        self.forward_full(x, None, see)
    }

    fn forward_full(&self, x: Tensor<4>, mask: Option<Tensor<2>>, see: &mut dyn FnMut(&'static str, &Tensor<4>)) -> Tensor<2> {
        let mut seen = |name: &'static str, x: Tensor<4>| {
            see(name, &x);
            x
        };
        let mut x = seen("conv1", self.conv_relu(&self.conv1, x)); // [B, 16, 28, 28]
        if let Some(c) = &self.conv1b {
            x = seen("conv1b", self.conv_relu(c, x)); // [B, 16, 28, 28]
        }
        let x = seen("pool1", max_pool2(x)); // [B, 16, 14, 14]
        let x = seen("conv2a", self.conv_relu(&self.conv2a, x)); // [B, 32, 14, 14]
        let x = seen("conv2b", self.conv_relu(&self.conv2b, x)); // [B, 32, 14, 14]
        let x = seen("pool2", max_pool2(x)); // [B, 32, 7, 7]
        let mut x = seen("conv3", self.conv_relu(&self.conv3, x)); // [B, 64, 7, 7]
        if let Some(c) = &self.conv3b {
            x = seen("conv3b", self.conv_relu(c, x)); // [B, 64, 7, 7]
        }
        let mut x = x.flatten::<2>(1, 3); // [B, 64, 7, 7] -> [B, 3136]
        if let Some(h) = &self.hidden {
            x = self.relu.forward(h.forward(x)); // [B, 128]
        }
        if let Some(mask) = mask {
            x = x * mask; // [B, F] · [B, F]
        }
        self.out.forward(x) // [B, 10]
    }

    /// Which variant this is.
    pub fn arch(&self) -> Arch {
        if self.hidden.is_some() { Arch::Deeper } else { Arch::Tutorial }
    }
}
