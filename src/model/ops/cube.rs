//! [`super::NetOps`] on burn's CubeCL (wgpu) backend: launches [`super::kernels`] and
//! [`super::small_kernels`].
use super::NetOps;
use super::kernels::{conv_kernel, conv_param_grad_kernel};
use super::small_kernels as k;
use burn::backend::cubecl::dtype_to_storage_type;
use burn::backend::ops::FloatTensorOps;
use burn::backend::tensor::FloatTensor;
use burn::tensor::Shape;
use burn_cubecl::CubeBackend;
use burn_cubecl::kernel::into_contiguous;
use burn_cubecl::kernel::matmul::{MatmulStrategy, matmul};
use burn_cubecl::ops::numeric::empty_device_dtype;
use burn_cubecl::tensor::CubeTensor;
use cubecl::client::Client;
use cubecl::prelude::SequenceArg;
use cubecl::{CubeCount, CubeDim, calculate_cube_count_elemwise};
use std::cell::RefCell;

thread_local! {
    /// The optimizer's flat parameters and the flat tensor their gradients go to
    /// ([`NetOps::grads_into`]): one pair per thread, the last set.
    static GRADS_INTO: RefCell<Option<(CubeTensor, CubeTensor)>> = const { RefCell::new(None) };
}

/// `len` values of `flat` from value `start` (a multiple of the binding alignment): a view.
fn view_of(flat: &CubeTensor, start: usize, shape: Shape) -> CubeTensor {
    let (size, total, len) = (flat.dtype.size() as u64, flat.meta.shape().num_elements(), shape.num_elements());
    let handle = flat.handle.clone().offset_start(start as u64 * size).offset_end((total - start - len) as u64 * size);
    CubeTensor::new_contiguous(flat.client.clone(), flat.device.clone(), shape, handle, flat.dtype)
}

/// Where `t` starts in `flat`, in values, when it is a contiguous view of the same memory.
fn offset_in(t: &CubeTensor, flat: &CubeTensor) -> Option<usize> {
    if t.handle.memory.descriptor() != flat.handle.memory.descriptor() || !t.is_contiguous() || t.dtype != flat.dtype {
        return None;
    }
    let bytes = t.handle.offset_start.unwrap_or(0).checked_sub(flat.handle.offset_start.unwrap_or(0))?;
    let start = usize::try_from(bytes / flat.dtype.size() as u64).ok()?;
    (start + t.meta.shape().num_elements() <= flat.meta.shape().num_elements()).then_some(start)
}

/// Where the gradient of the parameter `param` goes: its place in the flat gradients when it is
/// a view of the flat parameters of [`NetOps::grads_into`], else a new tensor.
fn grad_of(param: &CubeTensor) -> CubeTensor {
    let dest = GRADS_INTO.with_borrow(|pair| {
        let (params, grads) = pair.as_ref()?;
        let start = offset_in(param, params)?;
        (grads.meta.shape() == params.meta.shape() && grads.dtype == param.dtype).then(|| view_of(grads, start, param.meta.shape().clone()))
    });
    dest.unwrap_or_else(|| empty(param, param.meta.shape().clone()))
}

/// Invocations the weight-gradient kernel aims for (it splits the batch until it has them).
const WGRAD_INVOCATIONS: usize = 8192;

/// Output channels per invocation: the largest of 8, 4, 2, 1 that divides `channels`.
fn channel_block(channels: usize) -> usize {
    [8, 4, 2, 1].into_iter().find(|b| channels.is_multiple_of(*b)).unwrap_or(1)
}

/// Columns per invocation of the convolution: at most 14, as evenly as the width allows (28 and
/// 14 -> 14, 7 -> 7: no idle columns). Natively on SwiftShader 14 took the four convolutions'
/// forward and backward from 903 to 832 ms and on lavapipe from 272 to 235 ms (at most 8
/// before; 28 no better).
fn column_block(width: usize) -> usize {
    width.div_ceil(width.div_ceil(14)).max(1)
}

/// Output channels per invocation of the weight-gradient kernel (k² accumulators each): 4 for
/// kernels up to 5×5 (on lavapipe 2 is 1.5× slower, 8 no faster), 2 for 7×7 (98 accumulators).
fn wgrad_channel_block(channels: usize, kernel: usize) -> usize {
    let most = if kernel > 5 { 2 } else { 4 };
    [4, 2, 1].into_iter().filter(|b| *b <= most).find(|b| channels.is_multiple_of(*b)).unwrap_or(1)
}

/// Rows per invocation of the convolution: 2 (1 for a single row). In Chromium's SwiftShader
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

/// The convolution kernel: forward (`grad = false`: x, w, b) or the input's gradient
/// (`grad = true`: x = the pre-activation's gradient, w; `b` unused).
fn conv(x: CubeTensor, w: CubeTensor, b: CubeTensor, grad: bool) -> CubeTensor {
    let (x, w, b) = (into_contiguous(x), into_contiguous(w), into_contiguous(b));
    let (xs, ws) = (x.meta.shape().clone(), w.meta.shape().clone());
    let (n, h, wd) = (xs[0], xs[2], xs[3]);
    let (outs, kernel) = (if grad { ws[1] } else { ws[0] }, ws[2]);
    let y = empty(&x, Shape::new([n, outs, h, wd]));
    let (ob, xb, yb) = (channel_block(outs), column_block(wd), row_block(h));
    let client = x.client.clone();
    let (count, cube_dim) = grid(&client, n * (outs / ob) * h.div_ceil(yb) * wd.div_ceil(xb));
    let dtype = dtype_to_storage_type(x.dtype);
    // SAFETY: every index the kernel forms stays inside the contiguous tensors it is given
    // (padding taps are clamped before loading, invocations past the end return).
    unsafe {
        conv_kernel::launch_unchecked(
            &client,
            count,
            cube_dim,
            x.into_tensor_arg(),
            w.into_tensor_arg(),
            b.into_tensor_arg(),
            y.clone().into_tensor_arg(),
            ob,
            yb,
            xb,
            grad,
            kernel,
            dtype,
        );
    }
    y
}

fn param_grad(x: CubeTensor, g: CubeTensor, w: CubeTensor, b: CubeTensor) -> (CubeTensor, CubeTensor) {
    let (x, g) = (into_contiguous(x), into_contiguous(g));
    let (xs, ws) = (x.meta.shape().clone(), w.meta.shape().clone());
    let (n, c, o, kernel) = (xs[0], xs[1], ws[0], ws[2]);
    let kk = kernel * kernel;
    let ob = wgrad_channel_block(o, kernel);
    let per_chunk = (o / ob) * c;
    let chunks = WGRAD_INVOCATIONS.div_ceil(per_chunk).clamp(1, n);
    let chunk = n.div_ceil(chunks);
    let chunks = n.div_ceil(chunk);
    let part = empty(&x, Shape::new([chunks, o * c * kk + o]));
    let client = x.client.clone();
    let (count, cube_dim) = grid(&client, chunks * per_chunk);
    let dtype = dtype_to_storage_type(x.dtype);
    // SAFETY: as above; chunk s covers images s·chunk .. min(n, (s+1)·chunk).
    unsafe {
        conv_param_grad_kernel::launch_unchecked(
            &client,
            count,
            cube_dim,
            x.into_tensor_arg(),
            g.into_tensor_arg(),
            part.clone().into_tensor_arg(),
            chunk,
            ob,
            kernel,
            dtype,
        );
    }
    let (dw, db) = (grad_of(&w), grad_of(&b)); // [O, C, k, k], [O]
    let (count, cube_dim) = grid(&client, o * c * kk + o);
    // SAFETY: one invocation per column of `part`, which has dw.len() + db.len() columns.
    unsafe {
        k::sum_partials_kernel::launch_unchecked(
            &client,
            count,
            cube_dim,
            part.into_tensor_arg(),
            dw.clone().into_tensor_arg(),
            db.clone().into_tensor_arg(),
            dtype,
        );
    }
    (dw, db)
}

/// A tensor that the update kernel may change in place: `t` itself when nothing else holds it.
fn owned(t: CubeTensor) -> CubeTensor {
    let t = into_contiguous(t);
    if t.can_mut() { t } else { t.copy() }
}

impl NetOps for CubeBackend {
    fn conv_relu(x: FloatTensor<Self>, w: FloatTensor<Self>, b: FloatTensor<Self>) -> FloatTensor<Self> {
        conv(x, w, b, false)
    }

    fn conv_relu_input_grad(dz: FloatTensor<Self>, w: FloatTensor<Self>) -> FloatTensor<Self> {
        conv(dz, w.clone(), w, true)
    }

    fn conv_relu_param_grad(
        x: FloatTensor<Self>,
        dz: FloatTensor<Self>,
        w: FloatTensor<Self>,
        b: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>) {
        param_grad(x, dz, w, b)
    }

    fn dense_param_grad(
        x: FloatTensor<Self>,
        g: FloatTensor<Self>,
        w: FloatTensor<Self>,
        b: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>) {
        let g = into_contiguous(g);
        let (dw, db) = (grad_of(&w), grad_of(&b)); // [F, U], [U]
        let xt = Self::float_transpose(x); // [B, F] -> [F, B]
        let dtype = g.dtype;
        let dw = match matmul(xt.clone(), g.clone(), Some(dw), MatmulStrategy::default(), dtype) {
            Ok(dw) => dw,
            Err(_) => Self::float_matmul(xt, g.clone()), // burn's own choice of kernel
        };
        let (client, storage) = (g.client.clone(), dtype_to_storage_type(dtype));
        let (count, cube_dim) = grid(&client, db.meta.shape().num_elements());
        // SAFETY: one invocation per column of g [R, U]; db has U values.
        unsafe {
            k::column_sum_kernel::launch_unchecked(&client, count, cube_dim, g.into_tensor_arg(), db.clone().into_tensor_arg(), storage)
        };
        (dw, db)
    }

    fn max_pool2(x: FloatTensor<Self>) -> FloatTensor<Self> {
        let x = into_contiguous(x);
        let s = x.meta.shape().clone();
        let y = empty(&x, Shape::new([s[0], s[1], s[2] / 2, s[3] / 2]));
        let (client, dtype) = (x.client.clone(), dtype_to_storage_type(x.dtype));
        let (count, cube_dim) = grid(&client, y.meta.shape().num_elements());
        // SAFETY: one invocation per output; its window lies inside x.
        unsafe { k::max_pool2_kernel::launch_unchecked(&client, count, cube_dim, x.into_tensor_arg(), y.clone().into_tensor_arg(), dtype) };
        y
    }

    fn max_pool2_grad(x: FloatTensor<Self>, g: FloatTensor<Self>) -> FloatTensor<Self> {
        let (x, g) = (into_contiguous(x), into_contiguous(g));
        let dx = empty(&x, x.meta.shape().clone());
        let (client, dtype) = (x.client.clone(), dtype_to_storage_type(x.dtype));
        let (count, cube_dim) = grid(&client, dx.meta.shape().num_elements());
        // SAFETY: one invocation per input value; window loads are clamped inside x.
        unsafe {
            k::max_pool2_grad_kernel::launch_unchecked(
                &client,
                count,
                cube_dim,
                x.into_tensor_arg(),
                g.into_tensor_arg(),
                dx.clone().into_tensor_arg(),
                dtype,
            )
        };
        dx
    }

    fn dense_relu(x: FloatTensor<Self>) -> FloatTensor<Self> {
        let x = into_contiguous(x);
        let y = empty(&x, x.meta.shape().clone());
        let (client, dtype) = (x.client.clone(), dtype_to_storage_type(x.dtype));
        let (count, cube_dim) = grid(&client, y.meta.shape().num_elements());
        // SAFETY: one invocation per element of x and y (the same shape).
        unsafe { k::relu_kernel::launch_unchecked(&client, count, cube_dim, x.into_tensor_arg(), y.clone().into_tensor_arg(), dtype) };
        y
    }

    fn relu_grad(g: FloatTensor<Self>, y: FloatTensor<Self>) -> FloatTensor<Self> {
        let (g, y) = (into_contiguous(g), into_contiguous(y));
        let dx = empty(&g, g.meta.shape().clone());
        let (client, dtype) = (g.client.clone(), dtype_to_storage_type(g.dtype));
        let (count, cube_dim) = grid(&client, dx.meta.shape().num_elements());
        // SAFETY: one invocation per element of g, y and dx (the same shape).
        unsafe {
            k::relu_grad_kernel::launch_unchecked(
                &client,
                count,
                cube_dim,
                g.into_tensor_arg(),
                y.into_tensor_arg(),
                dx.clone().into_tensor_arg(),
                dtype,
            )
        };
        dx
    }

    fn cross_entropy(logits: FloatTensor<Self>, targets: FloatTensor<Self>) -> FloatTensor<Self> {
        let (logits, targets) = (into_contiguous(logits), into_contiguous(targets));
        let loss = empty(&logits, Shape::new([1]));
        let (client, dtype) = (logits.client.clone(), dtype_to_storage_type(logits.dtype));
        let cube_dim = CubeDim::new_1d(k::CE_THREADS as u32);
        // SAFETY: one cube; every thread reads whole rows of `logits` below its row count.
        unsafe {
            k::cross_entropy_kernel::launch_unchecked(
                &client,
                CubeCount::new_single(),
                cube_dim,
                logits.into_tensor_arg(),
                targets.into_tensor_arg(),
                loss.clone().into_tensor_arg(),
                dtype,
            )
        };
        loss
    }

    fn cross_entropy_grad(logits: FloatTensor<Self>, targets: FloatTensor<Self>, g: FloatTensor<Self>) -> FloatTensor<Self> {
        let (logits, targets, g) = (into_contiguous(logits), into_contiguous(targets), into_contiguous(g));
        let grad = empty(&logits, logits.meta.shape().clone());
        let (client, dtype) = (logits.client.clone(), dtype_to_storage_type(logits.dtype));
        let (count, cube_dim) = grid(&client, logits.meta.shape()[0]);
        // SAFETY: one invocation per row of `logits`.
        unsafe {
            k::cross_entropy_grad_kernel::launch_unchecked(
                &client,
                count,
                cube_dim,
                logits.into_tensor_arg(),
                targets.into_tensor_arg(),
                g.into_tensor_arg(),
                grad.clone().into_tensor_arg(),
                dtype,
            )
        };
        grad
    }

    fn update(
        p: FloatTensor<Self>,
        g: FloatTensor<Self>,
        m: FloatTensor<Self>,
        v: FloatTensor<Self>,
        s: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>) {
        let (p, g, m, v, s) = (into_contiguous(p), into_contiguous(g), owned(m), owned(v), into_contiguous(s));
        let out = empty(&p, p.meta.shape().clone());
        let (client, dtype) = (p.client.clone(), dtype_to_storage_type(p.dtype));
        let (count, cube_dim) = grid(&client, p.meta.shape().num_elements());
        // SAFETY: one invocation per element; the five tensors have the same number of elements
        // and `s` has 11.
        unsafe {
            k::update_kernel::launch_unchecked(
                &client,
                count,
                cube_dim,
                p.into_tensor_arg(),
                out.clone().into_tensor_arg(),
                g.into_tensor_arg(),
                m.clone().into_tensor_arg(),
                v.clone().into_tensor_arg(),
                s.into_tensor_arg(),
                dtype,
            );
        }
        (out, m, v)
    }

    fn view(flat: FloatTensor<Self>, at: [usize; 2]) -> FloatTensor<Self> {
        let flat = into_contiguous(flat);
        let (start, len) = (at[0], at[1]);
        let (size, total) = (flat.dtype.size() as u64, flat.meta.shape().num_elements());
        if !(start as u64 * size).is_multiple_of(flat.client.properties().memory.alignment) || start + len > total {
            return super::composed::view::<Self>(flat, at);
        }
        // The binding starts at an aligned offset; its end needs no alignment (a multiple of 4 bytes).
        view_of(&flat, start, Shape::new([len]))
    }

    fn grads_into(params: FloatTensor<Self>, grads: FloatTensor<Self>) -> FloatTensor<Self> {
        GRADS_INTO.with_borrow_mut(|pair| *pair = Some((params, grads.clone())));
        grads
    }

    fn place5(
        out: FloatTensor<Self>,
        a: FloatTensor<Self>,
        b: FloatTensor<Self>,
        c: FloatTensor<Self>,
        d: FloatTensor<Self>,
        e: FloatTensor<Self>,
        mut at: [usize; 10],
    ) -> FloatTensor<Self> {
        // A part the backward pass wrote in its place already ([`NetOps::grads_into`]) stays.
        for (j, part) in [&a, &b, &c, &d, &e].into_iter().enumerate() {
            if at[5 + j] > 0 && offset_in(part, &out) == Some(at[j]) {
                at[5 + j] = 0;
            }
        }
        if at[5..].iter().all(|&n| n == 0) {
            return out;
        }
        let out = owned(out);
        let (client, dtype) = (out.client.clone(), dtype_to_storage_type(out.dtype));
        let (mut starts, mut lens) = (SequenceArg::<usize>::new(), SequenceArg::<usize>::new());
        for j in 0..5 {
            starts.push(at[j]);
            lens.push(at[5 + j]);
        }
        let units: usize = at[5..].iter().sum();
        let (count, cube_dim) = grid(&client, units.max(1));
        // SAFETY: invocation i < Σ len writes out[start_j + (i − Σ_{<j} len)] with
        // start_j + len_j ≤ out's length (the caller's layout), and reads part j below len_j ≤ its
        // length.
        unsafe {
            k::place_kernel::launch_unchecked(
                &client,
                count,
                cube_dim,
                into_contiguous(a).into_tensor_arg(),
                into_contiguous(b).into_tensor_arg(),
                into_contiguous(c).into_tensor_arg(),
                into_contiguous(d).into_tensor_arg(),
                into_contiguous(e).into_tensor_arg(),
                out.clone().into_tensor_arg(),
                starts,
                lens,
                dtype,
            );
        }
        out
    }
}
