//! The network, written once for every backend: the tutorial's (SPEC "The network") or the
//! deeper variant ([`Arch`]), with optional dropout before the classifier.
use crate::model::arch::Arch;
use crate::model::ops::{conv5_relu, max_pool2};
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::{Dropout, DropoutConfig, Linear, LinearConfig, PaddingConfig2d, Relu};
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
    dropout: Dropout,
    relu: Relu,
}

fn conv(input: usize, output: usize, device: &Device) -> Conv2d {
    Conv2dConfig::new([input, output], [5, 5]).with_padding(PaddingConfig2d::Explicit(2, 2, 2, 2)).init(device)
}

impl Cnn {
    /// The tutorial's network, without dropout.
    pub fn new(device: &Device) -> Self {
        Self::build(Arch::Tutorial, 0.0, device)
    }

    /// `dropout` in [0, 1): the rate of the dropout before the classifier (0: none). Dropout
    /// acts only on an autodiff device, i.e. while training.
    pub fn build(arch: Arch, dropout: f64, device: &Device) -> Self {
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
            dropout: DropoutConfig::new(dropout.clamp(0.0, 0.95)).init(),
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
        self.forward_seen(x, &mut |_, _| {})
    }

    /// [`Cnn::forward`], showing each layer's output to `see` (its name, as in the state dict
    /// and `data-layer`, and the [B, C, H, W] tensor): the same computation, so the logits are
    /// the model's own.
    pub fn forward_seen(&self, x: Tensor<4>, see: &mut dyn FnMut(&'static str, &Tensor<4>)) -> Tensor<2> {
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
        self.out.forward(self.dropout.forward(x)) // [B, 10]
    }

    /// Which variant this is.
    pub fn arch(&self) -> Arch {
        if self.hidden.is_some() { Arch::Deeper } else { Arch::Tutorial }
    }
}
