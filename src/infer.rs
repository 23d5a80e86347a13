//! Reading single digits: the network on the CPU backend (fast for one image, and it never
//! touches the GPU, so reading the result synchronously is fine in the browser too).
use crate::data::normalise;
use crate::error::Result;
use crate::idx::{PIXELS, SIDE};
use crate::model::Cnn;
use crate::weights;
use burn::prelude::*;
use burn::tensor::activation::softmax;

pub struct Predictor {
    model: Cnn,
    device: Device,
}

impl Predictor {
    /// A predictor with the given weights (checked against the network's layout).
    pub fn new(flat: &[f32]) -> Result<Self> {
        let device = crate::backend::cpu();
        let model = weights::model_for(flat, 0.0, &device)?;
        Ok(Self { model, device })
    }

    /// The ten class probabilities for a 28×28 image (0–255, white on black).
    pub fn predict(&self, image: &[u8; PIXELS]) -> [f32; 10] {
        let x: Vec<f32> = image.iter().map(|&p| normalise(p)).collect();
        let x = Tensor::<4>::from_data(TensorData::new(x, [1, 1, SIDE, SIDE]), &self.device); // [1, 1, 28, 28]
        let p = softmax(self.model.forward(x), 1); // [1, 10]
        let v = p.into_data().try_to_vec::<f32>().unwrap_or_default();
        std::array::from_fn(|i| v.get(i).copied().unwrap_or(0.0))
    }
}

/// The most probable digit.
pub fn top(probs: &[f32; 10]) -> usize {
    (0..10).max_by(|&a, &b| probs[a].total_cmp(&probs[b])).unwrap_or(0)
}
