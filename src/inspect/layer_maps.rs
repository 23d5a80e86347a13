//! Inside the network for one image (on the CPU backend, where reading back is synchronous):
//! every layer's maps, its logits and probabilities.
use crate::data::idx::{PIXELS, SIDE};
use crate::model::net::Net;
use crate::model::network::Cnn;
use burn::prelude::*;

/// One layer's output for one image: `channels` maps of `side`×`side`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LayerShape {
    pub name: &'static str,
    pub channels: usize,
    pub side: usize,
    /// The input pixels one of its units sees (its receptive field's side) and the step between
    /// neighbouring units, in input pixels.
    pub field: usize,
    pub stride: usize,
}

/// The layers [`Cnn::forward_seen`] shows (every convolution and pool), in order, for `net`.
pub fn layers(net: &Net) -> Vec<LayerShape> {
    let (mut field, mut stride) = (1, 1);
    net.map_layers()
        .into_iter()
        .map(|(name, channels, side, kernel)| {
            match kernel {
                Some(k) => field += (k - 1) * stride, // a k×k convolution
                None => {
                    field += stride; // a 2×2 max-pool
                    stride *= 2;
                }
            }
            LayerShape { name: crate::base::text::intern(&name), channels, side, field: field.min(SIDE), stride }
        })
        .collect()
}

/// An image as the network's input: [1, 1, 28, 28] in [0, 1].
pub fn input(image: &[u8; PIXELS], device: &Device) -> Tensor<4> {
    crate::data::dataset::input(image, device)
}

/// What the network makes of one image: every layer's maps (one byte per value, 255 at the
/// layer's largest), the logits and the probabilities.
#[derive(Clone, Debug, PartialEq)]
pub struct Inspection {
    pub maps: Vec<u8>,
    /// One per class.
    pub logits: Vec<f32>,
    pub probs: Vec<f32>,
}

/// A tensor's values (a synchronous read: the CPU backend only).
pub fn values<const D: usize>(t: Tensor<D>) -> Vec<f32> {
    t.into_data().try_to_vec::<f32>().unwrap_or_default()
}

/// Reads `image` (one forward pass); `maps` only when `with_maps`.
pub fn read(model: &Cnn, image: &[u8; PIXELS], with_maps: bool, device: &Device) -> Inspection {
    let mut maps = Vec::new();
    let mut see = |_: &str, t: &Tensor<4>| {
        if with_maps {
            let v = values(t.clone());
            let top = v.iter().fold(1e-6f32, |m, &x| m.max(x));
            maps.extend(v.iter().map(|&x| (x / top * 255.0).clamp(0.0, 255.0) as u8));
        }
    };
    let logits = values(model.forward_seen(input(image, device), &mut see)); // [1, classes]
    let top = logits.iter().fold(f32::NEG_INFINITY, |m, &x| m.max(x));
    let sum: f32 = logits.iter().map(|&x| (x - top).exp()).sum();
    let probs = logits.iter().map(|&x| (x - top).exp() / sum).collect();
    Inspection { maps, logits, probs }
}
