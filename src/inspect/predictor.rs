//! Reading single digits: the network on the CPU backend (fast for one image, and it never
//! touches the GPU, so reading the result synchronously is fine in the browser too). Besides the
//! ten probabilities it shows what is inside ([`crate::inspect::layer_maps`], [`crate::inspect::patches`]).
use crate::base::error::Result;
use crate::data::idx::PIXELS;
use crate::inspect::layer_maps::{Inspection, LayerShape, layers, read};
use crate::inspect::patches::{Patch, strongest};
use crate::inspect::saliency::{Method, saliency};
use crate::model::flat;
use crate::model::net::{Layer, Net};
use crate::model::network::Cnn;
use burn::prelude::*;
use std::collections::HashMap;

/// Strongest patches kept per channel.
pub const TOP_PATCHES: usize = 9;

pub struct Predictor {
    model: Cnn,
    device: Device,
    flat: Vec<f32>,
    /// The same model on an autodiff device (for saliency), built when first asked for.
    explainer: Option<Cnn>,
    /// Per layer, every channel's strongest patches among the probe images.
    patches: HashMap<&'static str, Vec<Vec<Patch>>>,
}

impl Predictor {
    /// A predictor of network `net` with the given weights (checked against its layout).
    pub fn new(net: &Net, flat: &[f32]) -> Result<Self> {
        let device = crate::device::backend::cpu();
        let model = flat::load(Cnn::build(net, &device), flat)?;
        Ok(Self { model, device, flat: flat.to_vec(), explainer: None, patches: HashMap::new() })
    }

    pub fn net(&self) -> &Net {
        self.model.net()
    }

    /// The class probabilities (one per class) for a 28×28 image (0–255, white on black).
    pub fn predict(&self, image: &[u8; PIXELS]) -> Vec<f32> {
        self.read(image, false).probs
    }

    /// The probabilities and logits, and every layer's maps when `with_maps`.
    pub fn read(&self, image: &[u8; PIXELS], with_maps: bool) -> Inspection {
        read(&self.model, image, with_maps, &self.device)
    }

    /// The first convolution's filters ([C, 1, k, k] flattened: the first values of the weights,
    /// its input being the image), and C and k; none when the network has no convolution.
    pub fn filters(&self) -> (&[f32], usize, usize) {
        let first = self
            .net()
            .layers()
            .iter()
            .find_map(|l| if let Layer::Conv { channels, kernel } = *l { Some((channels, kernel)) } else { None });
        match first {
            Some((c, k)) => (&self.flat[..c * k * k], c, k),
            None => (&[], 0, 0),
        }
    }

    /// Which pixels of `image` decide class `digit` ([`crate::inspect::saliency::saliency`]).
    pub fn explain(&mut self, image: &[u8; PIXELS], digit: usize, method: Method) -> Vec<f32> {
        let digit = digit.min(self.net().classes() - 1);
        let ad = self.device.clone().autodiff();
        if self.explainer.is_none() {
            self.explainer = flat::load(Cnn::build(self.model.net(), &ad), &self.flat).ok();
        }
        match &self.explainer {
            Some(m) => saliency(m, image, digit, method, &ad),
            None => vec![0.0; PIXELS],
        }
    }

    /// The strongest patches of `channel` of layer `layer` among `images` (784 bytes each),
    /// worked out for all the layer's channels at once and kept; `None` for an unknown layer.
    pub fn top_patches(&mut self, images: &[u8], layer: &str, channel: usize) -> Option<(LayerShape, Vec<Patch>)> {
        let shape = layers(self.net()).into_iter().find(|l| l.name == layer)?;
        let all = match self.patches.get(shape.name) {
            Some(all) => all,
            None => {
                let all = strongest(&self.model, images, &shape, TOP_PATCHES, &self.device);
                self.patches.entry(shape.name).or_insert(all)
            }
        };
        Some((shape, all.get(channel)?.clone()))
    }

    /// Forgets the patches (the probe images changed).
    pub fn forget_patches(&mut self) {
        self.patches.clear();
    }
}

/// The most probable class (0 when there are none).
pub fn top(probs: &[f32]) -> usize {
    (0..probs.len()).max_by(|&a, &b| probs[a].total_cmp(&probs[b])).unwrap_or(0)
}
