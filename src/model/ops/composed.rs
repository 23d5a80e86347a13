//! The network's operations composed from burn's own (the CPU backend's implementation, and the
//! reference the GPU kernels are tested against).
use burn::backend::ops::ConvOptions;
use burn::backend::tensor::FloatTensor;
use burn::backend::{Backend, TensorMetadata, get_or_init_device_settings};
use burn::tensor::{IndexingUpdateOp, Shape};

/// A k×k "same" convolution (stride 1, padding k/2) for weights `w` [O, C, k, k]: the only
/// convolution the networks use.
pub fn options<B: Backend>(w: &FloatTensor<B>) -> ConvOptions<2> {
    let pad = w.shape()[2] / 2;
    ConvOptions::new([1, 1], [pad, pad], [1, 1], 1)
}

pub fn conv_relu<B: Backend>(x: FloatTensor<B>, w: FloatTensor<B>, b: FloatTensor<B>) -> FloatTensor<B> {
    let options = options::<B>(&w);
    B::relu(B::conv2d(x, w, Some(b), options))
}

pub fn conv_relu_input_grad<B: Backend>(dz: FloatTensor<B>, w: FloatTensor<B>) -> FloatTensor<B> {
    let options = options::<B>(&w);
    let wt = B::float_flip(B::float_permute(w, &[1, 0, 2, 3]), &[2, 3]); // [O, C, k, k] -> [C, O, k, k], flipped
    B::conv2d(dz, wt, None, options) // [N, C, H, W]
}

pub fn conv_relu_param_grad<B: Backend>(x: FloatTensor<B>, dz: FloatTensor<B>, w: FloatTensor<B>) -> (FloatTensor<B>, FloatTensor<B>) {
    let o = dz.shape()[1];
    let db = B::float_reshape(B::float_sum_dims(dz.clone(), &[0, 2, 3]), Shape::new([o])); // [1, O, 1, 1] -> [O]
    let options = options::<B>(&w);
    (B::conv2d_weight_backward(x, w, dz, options), db)
}

pub fn dense<B: Backend>(x: FloatTensor<B>, w: FloatTensor<B>, b: FloatTensor<B>) -> FloatTensor<B> {
    let units = b.shape()[0];
    B::float_add(B::float_matmul(x, w), B::float_reshape(b, Shape::new([1, units]))) // [B, F]·[F, U] + [1, U]
}

/// `dense`'s weight and bias gradients: (xᵀ·g [F, U], Σ_rows g [U]).
pub fn dense_param_grad<B: Backend>(x: FloatTensor<B>, g: FloatTensor<B>) -> (FloatTensor<B>, FloatTensor<B>) {
    let units = g.shape()[1];
    let db = B::float_reshape(B::float_sum_dim(g.clone(), 0), Shape::new([units])); // [1, U] -> [U]
    (B::float_matmul(B::float_transpose(x), g), db) // [F, B]·[B, U]
}

pub fn max_pool2<B: Backend>(x: FloatTensor<B>) -> FloatTensor<B> {
    B::max_pool2d(x, [2, 2], [2, 2], [0, 0], [1, 1], false)
}

pub fn max_pool2_grad<B: Backend>(x: FloatTensor<B>, g: FloatTensor<B>) -> FloatTensor<B> {
    let int = get_or_init_device_settings::<B>(&x.device()).int_dtype;
    let pooled = B::max_pool2d_with_indices(x.clone(), [2, 2], [2, 2], [0, 0], [1, 1], false, int);
    B::max_pool2d_with_indices_backward(x, [2, 2], [2, 2], [0, 0], [1, 1], false, g, pooled.indices).x_grad
}

/// log Σ_k exp(logits[r, k]) for every row: [B, K] -> [B, 1].
fn log_sum_exp<B: Backend>(logits: FloatTensor<B>) -> FloatTensor<B> {
    let max = B::float_max_dim(logits.clone(), 1); // [B, 1]
    let sum = B::float_sum_dim(B::float_exp(B::float_sub(logits, max.clone())), 1); // [B, 1]
    B::float_add(B::float_log(sum), max)
}

/// The targets [B] (class indices as floats) as the int indices [B, 1] of `gather`/`scatter`.
fn target_indices<B: Backend>(targets: FloatTensor<B>) -> burn::backend::tensor::IntTensor<B> {
    let settings = get_or_init_device_settings::<B>(&targets.device());
    let b = targets.shape()[0];
    B::float_into_int(B::float_reshape(targets, Shape::new([b, 1])), settings.int_dtype) // [B] -> [B, 1]
}

pub fn cross_entropy<B: Backend>(logits: FloatTensor<B>, targets: FloatTensor<B>) -> FloatTensor<B> {
    let picked = B::float_gather(1, logits.clone(), target_indices::<B>(targets)); // [B, 1]
    let per_row = B::float_sub(log_sum_exp::<B>(logits), picked); // [B, 1]
    B::float_reshape(B::float_mean(per_row), Shape::new([1]))
}

pub fn cross_entropy_grad<B: Backend>(logits: FloatTensor<B>, targets: FloatTensor<B>, g: FloatTensor<B>) -> FloatTensor<B> {
    let (shape, device, dtype) = (logits.shape(), logits.device(), logits.dtype());
    let float = get_or_init_device_settings::<B>(&device).float_dtype;
    let probs = B::float_exp(B::float_sub(logits.clone(), log_sum_exp::<B>(logits))); // [B, K]
    let ones = B::float_ones(Shape::new([shape[0], 1]), &device, float);
    let zeros = B::float_zeros(shape.clone(), &device, float);
    let one_hot = B::float_scatter(1, zeros, target_indices::<B>(targets), ones, IndexingUpdateOp::Add); // [B, K]
    let scale = B::float_div_scalar(B::float_reshape(g, Shape::new([1, 1])), (shape[0] as f32).into()); // [1] -> [1, 1]
    let grad = B::float_mul(B::float_sub(probs, one_hot), scale);
    debug_assert_eq!(grad.dtype(), dtype);
    grad
}

/// The optimizer update of [`super::NetOps::update`], composed: `s = [b1, c1, b2, c2, k, n, q,
/// eps, step, decay, l2]`.
pub fn update<B: Backend>(
    p: FloatTensor<B>,
    g: FloatTensor<B>,
    m: FloatTensor<B>,
    v: FloatTensor<B>,
    s: FloatTensor<B>,
) -> (FloatTensor<B>, FloatTensor<B>, FloatTensor<B>) {
    let one = |i: usize| B::float_slice(s.clone(), &[burn::backend::Slice::new(i as isize, Some(i as isize + 1), 1)]); // [11] -> [1]
    let [b1, c1, b2, c2, k, n, q, eps, step, decay, l2] = std::array::from_fn(one);
    let mul = B::float_mul;
    let g = B::float_add(g, mul(p.clone(), l2)); // g' = g + l2·p
    let m = B::float_add(mul(m, b1), mul(g.clone(), c1));
    let v = B::float_add(mul(v, b2), mul(mul(g.clone(), g.clone()), c2));
    let direction = B::float_add(mul(m.clone(), k), mul(g, n)); // k·m + n·g'
    let denom = B::float_add(mul(B::float_sqrt(v.clone()), q), eps);
    let delta = mul(B::float_div(direction, denom), step);
    (B::float_sub(mul(p, decay), delta), m, v)
}

/// [`super::NetOps::place5`]: `parts[j]`'s first `at[5 + j]` values written into the flat `out`
/// at offset `at[j]`; the rest of `out` as it was.
pub fn place5<B: Backend>(out: FloatTensor<B>, parts: [FloatTensor<B>; 5], at: [usize; 10]) -> FloatTensor<B> {
    parts.into_iter().enumerate().filter(|(j, _)| at[5 + j] > 0).fold(out, |out, (j, part)| {
        let (start, n) = (at[j], at[5 + j]);
        let all = part.shape().num_elements();
        let part = B::float_reshape(part, Shape::new([all])); // [..] -> [all]
        let part = B::float_slice(part, &[burn::backend::Slice::new(0, Some(n as isize), 1)]); // [all] -> [n]
        B::float_slice_assign(out, &[burn::backend::Slice::new(start as isize, Some((start + n) as isize), 1)], part)
    })
}

/// [`super::NetOps::view`]: values `at[0] .. at[0] + at[1]` of `flat`.
pub fn view<B: Backend>(flat: FloatTensor<B>, at: [usize; 2]) -> FloatTensor<B> {
    B::float_slice(flat, &[burn::backend::Slice::new(at[0] as isize, Some((at[0] + at[1]) as isize), 1)])
}

/// ReLU's backward pass from its output: `g` where `y > 0`, else 0.
pub fn relu_grad<B: Backend>(g: FloatTensor<B>, y: FloatTensor<B>) -> FloatTensor<B> {
    B::relu_backward(y, g)
}

/// max(x, 0).
pub fn relu<B: Backend>(x: FloatTensor<B>) -> FloatTensor<B> {
    B::relu(x)
}
