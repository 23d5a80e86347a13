//! The network, written once for every backend, built from its description ([`Net`]): the
//! tutorial's (SPEC "The network"), a preset, or any network the editor makes. Dropout takes its
//! masks from the caller ([`Cnn::forward_masked`]): one mask per image, drawn from the run's
//! seed, so that a batch split between workers is trained exactly as the whole batch
//! ([`crate::train::dropout`]).
use crate::data::idx::SIDE;
use crate::model::net::{Layer, Net};
use crate::model::ops::{conv_relu, dense, max_pool2, relu};
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::{Linear, LinearConfig, PaddingConfig2d};
use burn::prelude::*;

/// Trainable parameters of the tutorial's network: the figure its model printout implies.
pub const PARAM_COUNT: usize = 121_514;

/// Field order is the weights' layout order ([`Net::params`]): convolutions, dense layers, the
/// classifier.
#[derive(Module, Debug)]
pub struct Cnn {
    convs: Vec<Conv2d>,
    dense: Vec<Linear>,
    out: Linear,
    #[module(skip)]
    net: Net,
    /// Each layer's name ([`Net::layer_names`]), worked out once, not at every forward pass.
    #[module(skip)]
    names: Vec<String>,
}

fn conv(input: usize, output: usize, kernel: usize, device: &Device) -> Conv2d {
    let pad = kernel / 2;
    Conv2dConfig::new([input, output], [kernel, kernel]).with_padding(PaddingConfig2d::Explicit(pad, pad, pad, pad)).init(device)
}

impl Cnn {
    /// The tutorial's network.
    pub fn new(device: &Device) -> Self {
        Self::build(&Net::default(), device)
    }

    pub fn build(net: &Net, device: &Device) -> Self {
        let (mut convs, mut dense) = (Vec::new(), Vec::new());
        let mut input = (1, SIDE * SIDE); // (channels, values per image)
        for (layer, output) in net.layers().iter().zip(net.shapes()) {
            match *layer {
                Layer::Conv { channels, kernel } => convs.push(conv(input.0, channels, kernel, device)),
                Layer::Dense { units } => dense.push(LinearConfig::new(input.1, units).init(device)),
                Layer::Pool | Layer::Dropout(_) => {}
            }
            input = match output {
                crate::model::net::Output::Maps { channels, .. } => (channels, output.size()),
                crate::model::net::Output::Features(f) => (f, f),
            };
        }
        Self {
            convs,
            dense,
            out: LinearConfig::new(net.classifier_inputs(), net.classes()).init(device),
            net: net.clone(),
            names: net.layer_names(),
        }
    }

    /// This layer's convolution, bias and ReLU in one operation ([`conv_relu`]).
    fn conv_relu(&self, layer: &Conv2d, x: Tensor<4>) -> Tensor<4> {
        let bias = layer.bias.as_ref().expect("every convolution here has a bias").val();
        conv_relu(x, layer.weight.val(), bias)
    }

    /// [B, 1, 28, 28] in [0, 1] -> [B, classes] raw logits.
    pub fn forward(&self, x: Tensor<4>) -> Tensor<2> {
        self.forward_masked(x, &[])
    }

    /// [`Cnn::forward`] with dropout: `masks` [B, F] (zeros and 1/keep) for each dropout layer in
    /// order ([`Net::dropouts`]: F values per image), none when not training.
    pub fn forward_masked(&self, x: Tensor<4>, masks: &[Tensor<2>]) -> Tensor<2> {
        self.forward_full(x, masks, &mut |_, _| {})
    }

    /// [`Cnn::forward`], showing each convolution's and pool's output to `see` (its name, as in
    /// the state dict and `data-layer`, and the [B, C, H, W] tensor): the same computation, so the
    /// logits are the model's own.
    pub fn forward_seen(&self, x: Tensor<4>, see: &mut dyn FnMut(&str, &Tensor<4>)) -> Tensor<2> {
        self.forward_full(x, &[], see)
    }

    fn forward_full(&self, x: Tensor<4>, masks: &[Tensor<2>], see: &mut dyn FnMut(&str, &Tensor<4>)) -> Tensor<2> {
        let (mut convs, mut dense, mut masks) = (self.convs.iter(), self.dense.iter(), masks.iter());
        let mut maps = Some(x); // [B, C, H, W] until the first dense layer
        let mut features: Option<Tensor<2>> = None; // [B, F] after it
        for (layer, name) in self.net.layers().iter().zip(&self.names) {
            match layer {
                Layer::Conv { .. } => {
                    let c = convs.next().expect("a convolution module per convolution layer");
                    let y = self.conv_relu(c, maps.take().expect("maps before a dense layer")); // [B, O, H, W]
                    see(name, &y);
                    maps = Some(y);
                }
                Layer::Pool => {
                    let y = max_pool2(maps.take().expect("maps before a dense layer")); // [B, C, H/2, W/2]
                    see(name, &y);
                    maps = Some(y);
                }
                Layer::Dropout(_) => {
                    if let Some(mask) = masks.next() {
                        match (maps.take(), features.take()) {
                            (Some(m), _) => {
                                let dims = m.dims();
                                maps = Some(m * mask.clone().reshape(dims)); // [B, F] -> [B, C, H, W]
                            }
                            (None, Some(f)) => features = Some(f * mask.clone()), // [B, F] · [B, F]
                            (None, None) => unreachable!("a layer's input is maps or features"),
                        }
                    }
                }
                Layer::Dense { .. } => {
                    let h = dense.next().expect("a linear module per dense layer");
                    let x = features.take().unwrap_or_else(|| flatten(maps.take().expect("the input")));
                    features = Some(relu(linear(h, x))); // [B, F] -> [B, units]
                }
            }
        }
        let mut x = features.unwrap_or_else(|| flatten(maps.expect("the input")));
        if let Some(mask) = masks.next() {
            x = x * mask.clone(); // [B, F] · [B, F]: the recipe's dropout before the classifier
        }
        linear(&self.out, x) // [B, classes]
    }

    /// The network it was built from.
    pub fn net(&self) -> &Net {
        &self.net
    }
}

/// `layer`'s x·w + b through [`dense`] (burn's `Linear` holds the parameters): [B, F] -> [B, U].
fn linear(layer: &Linear, x: Tensor<2>) -> Tensor<2> {
    let bias = layer.bias.as_ref().expect("every dense layer here has a bias").val();
    dense(x, layer.weight.val(), bias)
}

/// [B, C, H, W] -> [B, C·H·W] (PyTorch's order).
fn flatten(x: Tensor<4>) -> Tensor<2> {
    x.flatten::<2>(1, 3)
}
