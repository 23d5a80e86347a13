//! The small kernels of [`super::NetOps`]: the sum of the weight gradients' partial sums, a dense
//! layer's bias gradient, 2×2 max
//! pooling and its gradient, softmax cross-entropy and its gradient, ReLU and its gradient, the
//! optimizer update, and placing tensors into one flat tensor. One invocation per output value unless said otherwise.
use cubecl::prelude::*;

/// `dw[k] = Σ_s part[s, k]` for the first `dw.len()` columns, `db[k] = Σ_s part[s, dw.len() + k]`
/// for the rest. part: [S, K].
#[cube(launch_unchecked)]
pub fn sum_partials_kernel<F: Float>(part: &Tensor<F>, dw: &mut Tensor<F>, db: &mut Tensor<F>, #[define(F)] _dtype: ElemType) {
    if ABSOLUTE_POS >= part.shape(1) {
        terminate!();
    }
    let sum = column_sum(part, ABSOLUTE_POS);
    if ABSOLUTE_POS < dw.len() {
        dw[ABSOLUTE_POS] = sum;
    } else {
        db[ABSOLUTE_POS - dw.len()] = sum;
    }
}

/// `out[k] = Σ_r g[r, k]`: a dense layer's bias gradient. g: [R, K], out: [K].
#[cube(launch_unchecked)]
pub fn column_sum_kernel<F: Float>(g: &Tensor<F>, out: &mut Tensor<F>, #[define(F)] _dtype: ElemType) {
    if ABSOLUTE_POS >= g.shape(1) {
        terminate!();
    }
    out[ABSOLUTE_POS] = column_sum(g, ABSOLUTE_POS);
}

/// `Σ_r m[r, col]` of a contiguous [R, K] tensor.
#[cube]
fn column_sum<F: Float>(m: &Tensor<F>, col: usize) -> F {
    let (rows, k) = (m.shape(0), m.shape(1));
    let mut sum = F::new(0.0);
    for r in 0..rows {
        sum += m[r * k + col];
    }
    sum
}

/// y[n, c, i, j] = max of x[n, c, 2i..2i+2, 2j..2j+2]. x: [N, C, H, W], y: [N, C, H/2, W/2].
#[cube(launch_unchecked)]
pub fn max_pool2_kernel<F: Float>(x: &Tensor<F>, y: &mut Tensor<F>, #[define(F)] _dtype: ElemType) {
    if ABSOLUTE_POS >= y.len() {
        terminate!();
    }
    let (ho, wo, h, w) = (y.shape(2), y.shape(3), x.shape(2), x.shape(3));
    let j = ABSOLUTE_POS % wo;
    let i = (ABSOLUTE_POS / wo) % ho;
    let plane = ABSOLUTE_POS / (wo * ho);
    let at = plane * h * w + 2 * i * w + 2 * j;
    y[ABSOLUTE_POS] = F::max(F::max(x[at], x[at + 1]), F::max(x[at + w], x[at + w + 1]));
}

/// dx[n, c, r, col] = g[n, c, r/2, col/2] where x[n, c, r, col] is the first maximum of its 2×2
/// window (in reading order), else 0; rows and columns outside every window get 0.
#[cube(launch_unchecked)]
pub fn max_pool2_grad_kernel<F: Float>(x: &Tensor<F>, g: &Tensor<F>, dx: &mut Tensor<F>, #[define(F)] _dtype: ElemType) {
    if ABSOLUTE_POS >= dx.len() {
        terminate!();
    }
    let (h, w, ho, wo) = (x.shape(2), x.shape(3), g.shape(2), g.shape(3));
    let col = ABSOLUTE_POS % w;
    let row = (ABSOLUTE_POS / w) % h;
    let plane = ABSOLUTE_POS / (w * h);
    let (i, j) = (row / 2, col / 2);
    let inside = i < ho && j < wo;
    // The window's corner, clamped so that the loads stay in bounds outside every window.
    let at = plane * h * w + 2 * select(inside, i, 0) * w + 2 * select(inside, j, 0);
    let (a, b, c, d) = (x[at], x[at + 1], x[at + w], x[at + w + 1]);
    let max = F::max(F::max(a, b), F::max(c, d));
    // The window position of the first maximum: 0 a, 1 b, 2 c, 3 d.
    let first = select(a == max, 0u32, select(b == max, 1u32, select(c == max, 2u32, 3u32)));
    let mine = (row % 2) as u32 * 2 + (col % 2) as u32;
    let gv = g[(plane * ho + select(inside, i, 0)) * wo + select(inside, j, 0)];
    dx[ABSOLUTE_POS] = select(inside && first == mine, gv, F::new(0.0));
}

/// Threads of the cross-entropy kernel's single cube: 2^[`CE_LEVELS`].
pub const CE_THREADS: usize = 64;
const CE_LEVELS: usize = 6;

/// loss[0] = mean over rows r of (log Σ_k exp(logits[r, k]) − logits[r, targets[r]]).
/// One cube of [`CE_THREADS`] threads: each sums the rows r ≡ its index, then a tree reduction.
#[cube(launch_unchecked)]
pub fn cross_entropy_kernel<F: Float>(logits: &Tensor<F>, targets: &Tensor<F>, loss: &mut Tensor<F>, #[define(F)] _dtype: ElemType) {
    let (rows, k) = (logits.shape(0), logits.shape(1));
    let mut part = Shared::<[F]>::new_slice(CE_THREADS);
    let unit = UNIT_POS as usize;
    let mut sum = F::new(0.0);
    let mut r = unit;
    while r < rows {
        sum += row_loss(logits, r * k, k, u32::cast_from(targets[r]) as usize);
        r += CE_THREADS;
    }
    part[unit] = sum;
    sync_cube();
    #[unroll]
    for level in 0..CE_LEVELS {
        let half = CE_THREADS >> (level + 1);
        if unit < half {
            part[unit] = part[unit] + part[unit + half];
        }
        sync_cube();
    }
    if unit == 0 {
        loss[0] = part[0] / F::cast_from(rows as u32);
    }
}

/// log Σ_k exp(l[base + k]) − l[base + t], computed stably.
#[cube]
fn row_loss<F: Float>(l: &Tensor<F>, base: usize, k: usize, t: usize) -> F {
    let mut max = l[base];
    for i in 1..k {
        max = F::max(max, l[base + i]);
    }
    let mut sum = F::new(0.0);
    for i in 0..k {
        sum += (l[base + i] - max).exp();
    }
    sum.ln() + max - l[base + t]
}

/// grad[r, k] = g[0] · (softmax(logits[r])_k − [k == targets[r]]) / rows. One invocation per row.
#[cube(launch_unchecked)]
pub fn cross_entropy_grad_kernel<F: Float>(
    logits: &Tensor<F>,
    targets: &Tensor<F>,
    g: &Tensor<F>,
    grad: &mut Tensor<F>,
    #[define(F)] _dtype: ElemType,
) {
    let (rows, k) = (logits.shape(0), logits.shape(1));
    if ABSOLUTE_POS >= rows {
        terminate!();
    }
    let base = ABSOLUTE_POS * k;
    let t = u32::cast_from(targets[ABSOLUTE_POS]) as usize;
    let mut max = logits[base];
    for i in 1..k {
        max = F::max(max, logits[base + i]);
    }
    let mut sum = F::new(0.0);
    for i in 0..k {
        sum += (logits[base + i] - max).exp();
    }
    let scale = g[0] / F::cast_from(rows as u32);
    for i in 0..k {
        let p = (logits[base + i] - max).exp() / sum;
        grad[base + i] = scale * select(i == t, p - F::new(1.0), p);
    }
}

/// One optimizer update (m and v in place, the new p into `out`: the old p may still be read
/// through views of it), whose scalars make it Adam, AdamW or SGD with momentum
/// ([`crate::train::optimizer`]): with `s = [b1, c1, b2, c2, k, n, q, eps, step, decay, l2]`,
/// `g' = g + l2·p; m = b1·m + c1·g'; v = b2·v + c2·g'²;
/// p = decay·p − step·(k·m + n·g') / (q·√v + eps)`. The scalars are read from a tensor
/// (uploaded once per step: as kernel arguments, values that change every step would miss
/// cubecl's launch-metadata cache on every launch).
#[cube(launch_unchecked)]
pub fn update_kernel<F: Float>(
    p: &Tensor<F>,
    out: &mut Tensor<F>,
    g: &Tensor<F>,
    m: &mut Tensor<F>,
    v: &mut Tensor<F>,
    s: &Tensor<F>,
    #[define(F)] _dtype: ElemType,
) {
    if ABSOLUTE_POS >= p.len() {
        terminate!();
    }
    let i = ABSOLUTE_POS;
    let (b1, c1, b2, c2) = (s[0], s[1], s[2], s[3]);
    let (k, n, q, eps) = (s[4], s[5], s[6], s[7]);
    let (step, decay, l2) = (s[8], s[9], s[10]);
    let pi = p[i];
    let gi = g[i] + l2 * pi;
    let mi = b1 * m[i] + c1 * gi;
    let vi = b2 * v[i] + c2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    out[i] = decay * pi - step * ((k * mi + n * gi) / (q * vi.sqrt() + eps));
}

/// Up to five flat tensors written into `out` at their offsets: `out[o_j + i] = part_j[i]` for
/// `i < n_j` (a part with `n_j = 0` is not read). One invocation per value placed; the rest of
/// `out` is left as it is. Five, so that the kernel binds six tensors and its metadata: within
/// the eight storage buffers WebGPU guarantees a shader.
#[cube(launch_unchecked)]
#[allow(clippy::too_many_arguments)]
pub fn place_kernel<F: Float>(
    a: &Tensor<F>,
    b: &Tensor<F>,
    c: &Tensor<F>,
    d: &Tensor<F>,
    e: &Tensor<F>,
    out: &mut Tensor<F>,
    at: Sequence<usize>,
    len: Sequence<usize>,
    #[define(F)] _dtype: ElemType,
) {
    let (ea, eb, ec, ed) = (len[0], len[0] + len[1], len[0] + len[1] + len[2], len[0] + len[1] + len[2] + len[3]);
    let i = ABSOLUTE_POS;
    if i >= ed + len[4] {
        terminate!();
    }
    if i < ea {
        out[at[0] + i] = a[i];
    } else if i < eb {
        out[at[1] + i - ea] = b[i - ea];
    } else if i < ec {
        out[at[2] + i - eb] = c[i - eb];
    } else if i < ed {
        out[at[3] + i - ec] = d[i - ec];
    } else {
        out[at[4] + i - ed] = e[i - ed];
    }
}

/// y = max(x, 0).
#[cube(launch_unchecked)]
pub fn relu_kernel<F: Float>(x: &Tensor<F>, y: &mut Tensor<F>, #[define(F)] _dtype: ElemType) {
    if ABSOLUTE_POS >= y.len() {
        terminate!();
    }
    let v = x[ABSOLUTE_POS];
    y[ABSOLUTE_POS] = select(v > F::new(0.0), v, F::new(0.0));
}

/// dx = g where y > 0, else 0 (ReLU's backward pass, from its output y).
#[cube(launch_unchecked)]
pub fn relu_grad_kernel<F: Float>(g: &Tensor<F>, y: &Tensor<F>, dx: &mut Tensor<F>, #[define(F)] _dtype: ElemType) {
    if ABSOLUTE_POS >= dx.len() {
        terminate!();
    }
    dx[ABSOLUTE_POS] = select(y[ABSOLUTE_POS] > F::new(0.0), g[ABSOLUTE_POS], F::new(0.0));
}
