//! The tutorial's network, exactly (SPEC "The network"), written once for every backend.
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::pool::{MaxPool2d, MaxPool2dConfig};
use burn::nn::{Linear, LinearConfig, PaddingConfig2d, Relu};
use burn::prelude::*;

/// Trainable parameters of the network: the figure the tutorial's model printout implies.
pub const PARAM_COUNT: usize = 121_514;

#[derive(Module, Debug)]
pub struct Cnn {
    conv1: Conv2d,
    conv2a: Conv2d,
    conv2b: Conv2d,
    conv3: Conv2d,
    out: Linear,
    pool: MaxPool2d,
    relu: Relu,
}

fn conv(input: usize, output: usize, device: &Device) -> Conv2d {
    Conv2dConfig::new([input, output], [5, 5])
        .with_padding(PaddingConfig2d::Explicit(2, 2, 2, 2))
        .init(device)
}

impl Cnn {
    pub fn new(device: &Device) -> Self {
        Self {
            conv1: conv(1, 16, device),
            conv2a: conv(16, 32, device),
            conv2b: conv(32, 32, device),
            conv3: conv(32, 64, device),
            out: LinearConfig::new(64 * 7 * 7, 10).init(device),
            pool: MaxPool2dConfig::new([2, 2]).with_strides([2, 2]).init(),
            relu: Relu::new(),
        }
    }

    /// [B, 1, 28, 28] in [0, 1] -> [B, 10] raw logits.
    pub fn forward(&self, x: Tensor<4>) -> Tensor<2> {
        let x = self.pool.forward(self.relu.forward(self.conv1.forward(x))); // [B, 16, 14, 14]
        let x = self.relu.forward(self.conv2a.forward(x)); // [B, 32, 14, 14]
        let x = self.pool.forward(self.relu.forward(self.conv2b.forward(x))); // [B, 32, 7, 7]
        let x = self.relu.forward(self.conv3.forward(x)); // [B, 64, 7, 7]
        let x = x.flatten::<2>(1, 3); // [B, 64, 7, 7] -> [B, 3136]
        self.out.forward(x) // [B, 10]
    }
}

/// One row of the structure the page shows (the tutorial prints the model).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LayerRow {
    pub block: String,
    pub layers: String,
    pub output: String,
}

/// The network's structure, block by block, as the SPEC table gives it.
pub fn structure() -> Vec<LayerRow> {
    let row = |b: &str, l: &str, o: &str| LayerRow { block: b.into(), layers: l.into(), output: o.into() };
    vec![
        row("input", "grey image, pixel / 255", "[B, 1, 28, 28]"),
        row("conv1", "Conv2d(1→16, k5, s1, p2) · ReLU · MaxPool2d(2)", "[B, 16, 14, 14]"),
        row(
            "conv2",
            "Conv2d(16→32, k5, s1, p2) · ReLU · Conv2d(32→32, k5, s1, p2) · ReLU · MaxPool2d(2)",
            "[B, 32, 7, 7]",
        ),
        row("conv3", "Conv2d(32→64, k5, s1, p2) · ReLU", "[B, 64, 7, 7]"),
        row("out", "flatten · Linear(3136→10), raw logits", "[B, 10]"),
    ]
}
