//! The network's 5×5 convolutions (stride 1, padding 2) as one backend extension: our own GPU
//! kernels on the wgpu backend ([`kernels`]), burn's convolution on the CPU, and one backward
//! pass for both ([`autodiff`]). burn 0.22's GPU convolution without autotune is a direct kernel
//! that reloads every input for every output and a backward pass built from transposed
//! convolutions; on lavapipe (a software Vulkan driver) it took ~85% of each training step.
mod autodiff;
mod cube;
mod kernels;

use burn::backend::ops::ConvOptions;
use burn::backend::tensor::FloatTensor;
use burn::backend::{backend_extension, Dispatch};
use burn::prelude::*;

/// The only convolution shape the networks use: 5×5, stride 1, padding 2 ("same").
pub fn options() -> ConvOptions<2> {
    ConvOptions::new([1, 1], [2, 2], [1, 1], 1)
}

#[backend_extension(Autodiff, Cube, Flex)]
pub trait ConvBackend: burn::backend::Backend {
    /// x: [N, C, H, W], w: [O, C, 5, 5] -> [N, O, H, W], no bias.
    fn conv5(x: FloatTensor<Self>, w: FloatTensor<Self>) -> FloatTensor<Self> {
        Self::conv2d(x, w, None, options())
    }

    /// The gradient of `conv5(x, w)` with respect to `w`, given the output's gradient `dy`.
    fn conv5_weight_grad(
        x: FloatTensor<Self>,
        w: FloatTensor<Self>,
        dy: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        Self::conv2d_weight_backward(x, w, dy, options())
    }
}

impl ConvBackend for burn::backend::Flex {}

/// x: [N, C, H, W], w: [O, C, 5, 5], b: [O] -> [N, O, H, W]; differentiable on an autodiff device.
pub fn conv5(x: Tensor<4>, w: Tensor<4>, b: Tensor<1>) -> Tensor<4> {
    let o = b.dims()[0];
    let y = Tensor::<4>::from_dispatch(Dispatch::conv5(x.into_dispatch(), w.into_dispatch()));
    y + b.reshape([1, o, 1, 1]) // [O] -> [1, O, 1, 1]
}

/// The weight gradient alone (x: [N, C, H, W], w: [O, C, 5, 5], dy: [N, O, H, W] -> [O, C, 5, 5]),
/// for benchmarks; training gets it from the backward pass.
pub fn conv5_weight_grad(x: Tensor<4>, w: Tensor<4>, dy: Tensor<4>) -> Tensor<4> {
    Tensor::from_dispatch(Dispatch::conv5_weight_grad(x.into_dispatch(), w.into_dispatch(), dy.into_dispatch()))
}
