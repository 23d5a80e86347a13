//! Which pixels decide a digit: the gradient of its log-probability with respect to each pixel,
//! plain or smoothed (SmoothGrad: the mean gradient over copies of the image with a little
//! noise, which keeps what decides and drops the speckle of a single gradient).
use crate::base::rng::SplitMix64;
use crate::data::idx::PIXELS;
use crate::inspect::layer_maps::{input, values};
use crate::model::network::Cnn;
use burn::prelude::*;
use burn::tensor::activation::log_softmax;
use serde::{Deserialize, Serialize};

/// How the saliency is worked out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Method {
    /// One gradient.
    Plain,
    /// SmoothGrad: [`COPIES`] noisy copies, noise of [`NOISE`] (of the 0–1 pixel range).
    #[default]
    Smooth,
}

pub const COPIES: usize = 24;
pub const NOISE: f32 = 0.15;

/// Which pixels decide `digit`: the gradient of its log-probability with respect to each input
/// pixel (positive: more ink there makes it more `digit`). `model` lives on an autodiff device.
pub fn saliency(model: &Cnn, image: &[u8; PIXELS], digit: usize, method: Method, device: &Device) -> Vec<f32> {
    let x = input(image, device); // [1, 1, 28, 28]
    let x = match method {
        Method::Plain => x,
        Method::Smooth => {
            let mut rng = SplitMix64::new(digit as u64);
            let noise: Vec<f32> = (0..COPIES * PIXELS).map(|_| NOISE * rng.normal()).collect();
            let noise = Tensor::<4>::from_data(TensorData::new(noise, [COPIES, 1, 28, 28]), device); // [n·784] as [n, 1, 28, 28]
            x.repeat_dim(0, COPIES) + noise // [n, 1, 28, 28]
        }
    };
    let n = x.dims()[0];
    let x = x.require_grad();
    let logp = log_softmax(model.forward(x.clone()), 1).slice([0..n, digit..digit + 1]); // [n, 1]
    let grads = logp.sum().backward();
    let Some(g) = x.grad(&grads) else { return vec![0.0; PIXELS] };
    values(g.reshape([n, PIXELS]).mean_dim(0).reshape([PIXELS])) // [n, 1, 28, 28] → [n, 784] → [784]
}
