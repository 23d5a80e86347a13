//! Launches [`super::kernels`] on burn's CubeCL (wgpu) backend.
use super::kernels::{conv5_forward_kernel, conv5_weight_grad_kernel};
use super::ConvBackend;
use burn::backend::cubecl::dtype_to_storage_type;
use burn::backend::ops::FloatTensorOps;
use burn::backend::tensor::FloatTensor;
use burn::tensor::Shape;
use burn_cubecl::kernel::into_contiguous;
use burn_cubecl::ops::numeric::empty_device_dtype;
use burn_cubecl::tensor::CubeTensor;
use burn_cubecl::CubeBackend;
use cubecl::client::Client;
use cubecl::{calculate_cube_count_elemwise, CubeCount, CubeDim};

/// Invocations the weight-gradient kernel aims for (it splits the batch until it has them).
const WGRAD_INVOCATIONS: usize = 8192;

/// Output channels per invocation: the largest of 8, 4, 2, 1 that divides `channels`.
fn channel_block(channels: usize) -> usize {
    [8, 4, 2, 1].into_iter().find(|b| channels.is_multiple_of(*b)).unwrap_or(1)
}

/// Columns per invocation of the forward kernel: at most 8 (more loses more than it gains on
/// lavapipe), as evenly as the width allows (28 and 14 and 7 -> 7, no idle columns).
fn column_block(width: usize) -> usize {
    width.div_ceil(width.div_ceil(8)).max(1)
}

/// Output channels per invocation of the weight-gradient kernel (25 accumulators each): 4
/// (on lavapipe 2 is 1.5× slower, 8 no faster).
fn wgrad_channel_block(channels: usize) -> usize {
    [4, 2, 1].into_iter().find(|b| channels.is_multiple_of(*b)).unwrap_or(1)
}

/// Rows per invocation of the forward kernel: 2 (1 for a single row). In Chromium's SwiftShader
/// 2 rows took a training step from ~1600 to ~1350 ms and 4 rows back to ~1550 ms.
fn row_block(height: usize) -> usize {
    height.min(2)
}

/// One invocation per unit of work, in burn's usual cube shape.
fn grid(client: &Client, units: usize) -> (CubeCount, CubeDim) {
    let dim = CubeDim::new(client, units);
    (calculate_cube_count_elemwise(client, units, dim), dim)
}

fn empty(like: &CubeTensor, shape: Shape) -> CubeTensor {
    empty_device_dtype(like.client.clone(), like.device.clone(), shape, like.dtype)
}

impl ConvBackend for CubeBackend {
    fn conv5(x: FloatTensor<Self>, w: FloatTensor<Self>) -> FloatTensor<Self> {
        let (x, w) = (into_contiguous(x), into_contiguous(w));
        let (xs, ws) = (x.meta.shape().clone(), w.meta.shape().clone());
        let (n, h, wd, o) = (xs[0], xs[2], xs[3], ws[0]);
        let y = empty(&x, Shape::new([n, o, h, wd]));
        let ob = channel_block(o);
        let xb = column_block(wd);
        let yb = row_block(h);
        let client = x.client.clone();
        let (count, cube_dim) = grid(&client, n * (o / ob) * h.div_ceil(yb) * wd.div_ceil(xb));
        let dtype = dtype_to_storage_type(x.dtype);
        // SAFETY: every index the kernel forms stays inside the contiguous tensors it is given
        // (padding taps are clamped before loading, invocations past the end return).
        unsafe {
            conv5_forward_kernel::launch_unchecked(
                &client,
                count,
                cube_dim,
                x.into_tensor_arg(),
                w.into_tensor_arg(),
                y.clone().into_tensor_arg(),
                ob,
                yb,
                xb,
                dtype,
            );
        }
        y
    }

    fn conv5_weight_grad(x: FloatTensor<Self>, w: FloatTensor<Self>, dy: FloatTensor<Self>) -> FloatTensor<Self> {
        let (x, dy) = (into_contiguous(x), into_contiguous(dy));
        let (xs, ws) = (x.meta.shape().clone(), w.meta.shape().clone());
        let (n, c, o) = (xs[0], xs[1], ws[0]);
        let ob = wgrad_channel_block(o);
        let per_chunk = (o / ob) * c;
        let chunks = WGRAD_INVOCATIONS.div_ceil(per_chunk).clamp(1, n);
        let chunk = n.div_ceil(chunks);
        let chunks = n.div_ceil(chunk);
        let partial = empty(&x, Shape::new([chunks, o, c, 5, 5]));
        let client = x.client.clone();
        let (count, cube_dim) = grid(&client, chunks * per_chunk);
        let dtype = dtype_to_storage_type(x.dtype);
        // SAFETY: as above; chunk s covers images s·chunk .. min(n, (s+1)·chunk).
        unsafe {
            conv5_weight_grad_kernel::launch_unchecked(
                &client,
                count,
                cube_dim,
                x.into_tensor_arg(),
                dy.into_tensor_arg(),
                partial.clone().into_tensor_arg(),
                chunk,
                ob,
                dtype,
            );
        }
        let summed = Self::float_sum_dim(partial, 0); // [S, O, C, 5, 5] -> [1, O, C, 5, 5]
        Self::float_reshape(summed, ws) // -> [O, C, 5, 5]
    }
}
