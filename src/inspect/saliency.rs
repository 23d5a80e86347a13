//! Which pixels decide a digit: the gradient of its log-probability with respect to each pixel.
use crate::data::idx::PIXELS;
use crate::inspect::layer_maps::{input, values};
use crate::model::network::Cnn;
use burn::prelude::*;
use burn::tensor::activation::log_softmax;

/// Which pixels decide `digit`: the gradient of its log-probability with respect to each input
/// pixel (positive: more ink there makes it more `digit`). `model` lives on an autodiff device.
pub fn saliency(model: &Cnn, image: &[u8; PIXELS], digit: usize, device: &Device) -> Vec<f32> {
    let x = input(image, device).require_grad(); // [1, 1, 28, 28]
    let logp = log_softmax(model.forward(x.clone()), 1).slice([0..1, digit..digit + 1]); // [1, 1]
    let grads = logp.sum().backward();
    x.grad(&grads).map(values).unwrap_or_else(|| vec![0.0; PIXELS])
}
