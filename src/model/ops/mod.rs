//! The network's operations as one burn backend extension, so that a training step asks the GPU
//! for few dispatches: our own kernels on the wgpu backend ([`cube`]), burn's operations composed
//! on the CPU ([`composed`], also the reference the tests hold the kernels to), and one backward
//! pass for both ([`autodiff`]).
//!
//! - `conv_relu`: a k×k "same" convolution (k = 3, 5, 7) with its bias and ReLU in one kernel; its backward
//!   pass masks the gradient by the output once (`relu_grad`), then the input's and the
//!   parameters' gradient kernels read the masked gradient.
//! - `max_pool2`: 2×2 max pooling, stride 2, on NCHW directly.
//! - `dense`: a dense layer (x·w + b) whose backward pass writes the weights' and bias's
//!   gradients where the optimizer wants them (see `grads_into`).
//! - `dense_relu`: a dense layer's ReLU, one kernel forward and one backward (`relu_grad`;
//!   burn's: two each).
//! - `cross_entropy`: mean softmax cross-entropy of logits against class indices.
//! - `update`: one optimizer update (Adam, AdamW or SGD) of a parameter tensor and its two state
//!   tensors (all the parameters at once, laid out flat: [`crate::train::optimizer`]).
//! - `place`: tensors written into one flat tensor at their offsets (five per kernel on the GPU;
//!   none for a tensor already there).
//! - `grads_into`: where the backward passes of `conv_relu` and `dense` write a parameter's
//!   gradient: on the GPU, for a parameter that is a view of the optimizer's flat parameters, the
//!   same place of its flat gradients, so that the optimizer's step is one kernel.
mod autodiff;
mod composed;
mod cube;
mod kernels;
mod small_kernels;

use burn::backend::tensor::FloatTensor;
use burn::backend::{Dispatch, backend_extension};
use burn::prelude::*;

/// Shapes of the outputs, for burn's fusion (the `fusion` feature, a lever measured in the
/// benchmarks; the kernels stay opaque to it).
#[cfg(feature = "fusion")]
mod shapes {
    use burn::tensor::Shape;

    /// [N, C, H, W] with [O, C, k, k] -> [N, O, H, W].
    pub fn conv(x: &Shape, w: &Shape) -> Shape {
        Shape::new([x[0], w[0], x[2], x[3]])
    }

    /// [N, O, H, W] with [O, C, k, k] -> [N, C, H, W].
    pub fn conv_input(g: &Shape, w: &Shape) -> Shape {
        Shape::new([g[0], w[1], g[2], g[3]])
    }

    /// [N, C, H, W] -> [N, C, H/2, W/2].
    pub fn pooled(x: &Shape) -> Shape {
        Shape::new([x[0], x[1], x[2] / 2, x[3] / 2])
    }
}

#[backend_extension(Autodiff, Cube, Flex, Fusion: cfg(feature = "fusion"))]
pub trait NetOps: burn::backend::Backend {
    /// relu(conv(x, w) + b), "same" padding: x [N, C, H, W], w [O, C, k, k], b [O] -> [N, O, H, W].
    #[fusion(dtype = x, shape = shapes::conv(x, w))]
    fn conv_relu(x: FloatTensor<Self>, w: FloatTensor<Self>, b: FloatTensor<Self>) -> FloatTensor<Self> {
        composed::conv_relu::<Self>(x, w, b)
    }

    /// The gradient of `conv_relu`'s input, from the gradient `dz` [N, O, H, W] of its
    /// pre-activation (its output's gradient masked by [`NetOps::relu_grad`]).
    #[fusion(dtype = dz, shape = shapes::conv_input(dz, w))]
    fn conv_relu_input_grad(dz: FloatTensor<Self>, w: FloatTensor<Self>) -> FloatTensor<Self> {
        composed::conv_relu_input_grad::<Self>(dz, w)
    }

    /// The gradients of `conv_relu`'s weights `w` and bias `b` from the gradient `dz` of its
    /// pre-activation: ([O, C, k, k], [O]) (written where [`NetOps::grads_into`] says, on the GPU).
    #[fusion(meta = |_x, _dz, w, b| (w.clone(), b.clone()))]
    fn conv_relu_param_grad(
        x: FloatTensor<Self>,
        dz: FloatTensor<Self>,
        w: FloatTensor<Self>,
        b: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>) {
        let _ = b;
        composed::conv_relu_param_grad::<Self>(x, dz, w)
    }

    /// A dense layer: x [B, F], w [F, U], b [U] -> x·w + b [B, U] (burn's `Linear`'s layout).
    #[fusion(dtype = x, shape = burn::tensor::Shape::new([x[0], w[1]]))]
    fn dense(x: FloatTensor<Self>, w: FloatTensor<Self>, b: FloatTensor<Self>) -> FloatTensor<Self> {
        composed::dense::<Self>(x, w, b)
    }

    /// The gradients of `dense`'s weights `w` and bias `b` from the gradient `g` [B, U] of its
    /// output: (xᵀ·g [F, U], Σ_rows g [U]) (written where [`NetOps::grads_into`] says, on the GPU).
    #[fusion(meta = |_x, _g, w, b| (w.clone(), b.clone()))]
    fn dense_param_grad(
        x: FloatTensor<Self>,
        g: FloatTensor<Self>,
        w: FloatTensor<Self>,
        b: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>) {
        let _ = (w, b);
        composed::dense_param_grad::<Self>(x, g)
    }

    /// 2×2 max pooling, stride 2: [N, C, H, W] -> [N, C, H/2, W/2].
    #[fusion(dtype = x, shape = shapes::pooled(x))]
    fn max_pool2(x: FloatTensor<Self>) -> FloatTensor<Self> {
        composed::max_pool2::<Self>(x)
    }

    /// The gradient of `max_pool2`'s input, from the gradient `g` of its output.
    #[fusion(dtype = x, shape = x)]
    fn max_pool2_grad(x: FloatTensor<Self>, g: FloatTensor<Self>) -> FloatTensor<Self> {
        composed::max_pool2_grad::<Self>(x, g)
    }

    /// max(x, 0), any shape.
    #[fusion(dtype = x, shape = x)]
    fn dense_relu(x: FloatTensor<Self>) -> FloatTensor<Self> {
        composed::relu::<Self>(x)
    }

    /// ReLU's backward pass from its output `y` (of `dense_relu` or `conv_relu`) and the gradient
    /// `g` of that output: g where y > 0, else 0.
    #[fusion(dtype = g, shape = g)]
    fn relu_grad(g: FloatTensor<Self>, y: FloatTensor<Self>) -> FloatTensor<Self> {
        composed::relu_grad::<Self>(g, y)
    }

    /// Mean cross-entropy of `logits` [B, K] against `targets` [B] (class indices as floats) -> [1].
    #[fusion(dtype = logits, shape = burn::tensor::Shape::new([1]))]
    fn cross_entropy(logits: FloatTensor<Self>, targets: FloatTensor<Self>) -> FloatTensor<Self> {
        composed::cross_entropy::<Self>(logits, targets)
    }

    /// The gradient of `cross_entropy`'s logits, given the loss's gradient `g` [1]: [B, K].
    #[fusion(dtype = logits, shape = logits)]
    fn cross_entropy_grad(logits: FloatTensor<Self>, targets: FloatTensor<Self>, g: FloatTensor<Self>) -> FloatTensor<Self> {
        composed::cross_entropy_grad::<Self>(logits, targets, g)
    }

    /// One optimizer update (see [`small_kernels::update_kernel`]) with the scalars
    /// `s = [b1, c1, b2, c2, k, n, q, eps, step, decay, l2]`. Returns (p, m, v).
    #[fusion(meta = |p, _g, m, v, _s| (p.clone(), m.clone(), v.clone()))]
    fn update(
        p: FloatTensor<Self>,
        g: FloatTensor<Self>,
        m: FloatTensor<Self>,
        v: FloatTensor<Self>,
        s: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>) {
        composed::update::<Self>(p, g, m, v, s)
    }

    /// Values `at[0] .. at[0] + at[1]` of the flat `flat` [n]: on the GPU a view (no copy) when
    /// `at[0]` is aligned for a storage binding (burn's own slice copies unless the end is too).
    #[fusion(dtype = flat, shape = burn::tensor::Shape::new([at[1]]))]
    fn view(flat: FloatTensor<Self>, at: [usize; 2]) -> FloatTensor<Self> {
        composed::view::<Self>(flat, at)
    }

    /// Five flat tensors written into the flat `out` [n]: `parts[j]`'s first `at[5 + j]` values
    /// at offset `at[j]` (a part with 0 is not read; each inside `out`); the rest of `out` as it
    /// was. Returns `out`.
    #[fusion(dtype = out, shape = out)]
    fn place5(
        out: FloatTensor<Self>,
        a: FloatTensor<Self>,
        b: FloatTensor<Self>,
        c: FloatTensor<Self>,
        d: FloatTensor<Self>,
        e: FloatTensor<Self>,
        at: [usize; 10],
    ) -> FloatTensor<Self> {
        composed::place5::<Self>(out, [a, b, c, d, e], at)
    }

    /// From now on the backward passes write the gradient of a parameter that is a view of the
    /// flat `params` [n] into the same place of the flat `grads` [n] (on the GPU; elsewhere they
    /// are placed by [`place`]). Returns `grads`.
    #[fusion(dtype = grads, shape = grads)]
    fn grads_into(params: FloatTensor<Self>, grads: FloatTensor<Self>) -> FloatTensor<Self> {
        let _ = params;
        grads
    }
}

impl NetOps for burn::backend::Flex {}

/// x: [N, C, H, W], w: [O, C, k, k] (k = 3, 5 or 7), b: [O] -> relu(conv + b) [N, O, H, W] ("same"
/// padding); differentiable.
pub fn conv_relu(x: Tensor<4>, w: Tensor<4>, b: Tensor<1>) -> Tensor<4> {
    Tensor::from_dispatch(Dispatch::conv_relu(x.into_dispatch(), w.into_dispatch(), b.into_dispatch()))
}

/// [N, C, H, W] -> [N, C, H/2, W/2] (2×2 windows, stride 2); differentiable.
pub fn max_pool2(x: Tensor<4>) -> Tensor<4> {
    Tensor::from_dispatch(Dispatch::max_pool2(x.into_dispatch()))
}

/// max(x, 0) of a dense layer's output [B, F]; differentiable.
pub fn relu(x: Tensor<2>) -> Tensor<2> {
    Tensor::from_dispatch(Dispatch::dense_relu(x.into_dispatch()))
}

/// Mean cross-entropy of `logits` [B, K] against `targets` [B] (class indices as floats) -> [1];
/// differentiable in the logits.
pub fn cross_entropy(logits: Tensor<2>, targets: Tensor<1>) -> Tensor<1> {
    Tensor::from_dispatch(Dispatch::cross_entropy(logits.into_dispatch(), targets.into_dispatch()))
}

/// x [B, F], w [F, U], b [U] -> x·w + b [B, U], as burn's `Linear`; differentiable.
pub fn dense(x: Tensor<2>, w: Tensor<2>, b: Tensor<1>) -> Tensor<2> {
    Tensor::from_dispatch(Dispatch::dense(x.into_dispatch(), w.into_dispatch(), b.into_dispatch()))
}

/// The gradients of `conv_relu`'s weights and bias alone, for benchmarks (training gets them from
/// the backward pass): x [N, C, H, W], the pre-activation's gradient dz [N, O, H, W], w [O, C, k,
/// k], b [O].
pub fn conv_relu_param_grad(x: Tensor<4>, dz: Tensor<4>, w: Tensor<4>, b: Tensor<1>) -> (Tensor<4>, Tensor<1>) {
    let (dw, db) = Dispatch::conv_relu_param_grad(x.into_dispatch(), dz.into_dispatch(), w.into_dispatch(), b.into_dispatch());
    (Tensor::from_dispatch(dw), Tensor::from_dispatch(db))
}

/// One optimizer update on plain (not autodiff) tensors of any shape, with the scalars `s` of
/// [`NetOps::update`] (a tensor on the same device): returns (p, m, v).
pub fn update<const D: usize>(p: Tensor<D>, g: Tensor<D>, m: Tensor<D>, v: Tensor<D>, s: Tensor<1>) -> (Tensor<D>, Tensor<D>, Tensor<D>) {
    let (p, m, v) = Dispatch::update(p.into_dispatch(), g.into_dispatch(), m.into_dispatch(), v.into_dispatch(), s.into_dispatch());
    (Tensor::from_dispatch(p), Tensor::from_dispatch(m), Tensor::from_dispatch(v))
}

/// Values `start .. start + len` of the flat plain tensor `flat`: a view on the GPU when `start`
/// is a multiple of 64 (256 bytes).
pub fn view(flat: Tensor<1>, start: usize, len: usize) -> Tensor<1> {
    Tensor::from_dispatch(Dispatch::view(flat.into_dispatch(), [start, len]))
}

/// From now on the backward passes write the gradient of every parameter that is a view of the
/// flat plain tensor `params` into the same place of `grads` (same length), where the GPU can:
/// [`NetOps::grads_into`]. Returns `grads`.
pub fn grads_into(params: Tensor<1>, grads: Tensor<1>) -> Tensor<1> {
    Tensor::from_dispatch(Dispatch::grads_into(params.into_dispatch(), grads.into_dispatch()))
}

/// `parts` (plain tensors, flattened) written into the flat `out` at the offsets `at` (each part
/// inside `out`; a part already there, on the GPU, is left as it is); the rest of `out` as it was.
pub fn place(out: Tensor<1>, parts: Vec<Tensor<1>>, at: Vec<usize>) -> Tensor<1> {
    let mut out = out.into_dispatch();
    for (group, starts) in parts.chunks(5).zip(at.chunks(5)) {
        // Five at a time; a missing part is the group's first again, with nothing to place.
        let part = |j: usize| group.get(j).unwrap_or(&group[0]).clone().into_dispatch();
        let mut at = [0; 10];
        for (j, (p, &start)) in group.iter().zip(starts).enumerate() {
            (at[j], at[5 + j]) = (start, p.dims()[0]);
        }
        out = Dispatch::place5(out, part(0), part(1), part(2), part(3), part(4), at);
    }
    Tensor::from_dispatch(out)
}
