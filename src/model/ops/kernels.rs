//! The convolution kernels behind [`super::NetOps::conv5_relu`]: a 5×5 "same" convolution
//! (stride 1, padding 2, NCHW, contiguous) with its bias and ReLU, the same kernel run backwards
//! for the input's gradient, and the weights' and bias's gradient. Written for GPUs that are
//! really CPUs (SwiftShader, lavapipe) as much as for real ones: no shared memory or barriers,
//! each invocation keeps a block of outputs in registers and reuses every value it loads.
use cubecl::prelude::*;

/// `x[base + i]` when `0 <= i < len`, else 0 (the zero padding), without reading out of bounds.
/// With `masked`, `x` is a gradient that counts only where `mask` (the layer's output) is > 0.
#[cube]
fn load<F: Float>(x: &Tensor<F>, mask: &Tensor<F>, base: usize, i: i32, len: usize, #[comptime] masked: bool) -> F {
    let inside = i >= 0 && i < len as i32;
    let at = base + select(inside, i, 0) as usize;
    let mut v = x[at];
    if masked {
        v = select(mask[at] > F::new(0.0), v, F::new(0.0));
    }
    select(inside, v, F::new(0.0))
}

/// Forward (`grad = false`): `y[n, o, r, :] = relu(b[o] + Σ_c Σ_ky Σ_kx w[o, c, ky, kx] ·
/// x[n, c, r + ky − 2, · + kx − 2])`, x: [N, C, H, W], w: [O, C, 5, 5], y: [N, O, H, W].
///
/// Input gradient (`grad = true`): x is the output's gradient g [N, O, H, W], counted where
/// `mask` (the output) is > 0, and the weights are read flipped with their channel axes swapped,
/// so y is the input's gradient [N, C, H, W]; `b` is not read.
///
/// One invocation: `ob` output channels × `yb` rows × `xb` neighbouring columns; each weight it
/// loads serves `yb · xb` outputs, each input value up to 5·`ob`. Output channels % `ob` == 0.
#[cube(launch_unchecked)]
#[allow(clippy::too_many_arguments, clippy::manual_div_ceil)] // cube code: no div_ceil there
pub fn conv5_kernel<F: Float>(
    x: &Tensor<F>,
    mask: &Tensor<F>,
    w: &Tensor<F>,
    b: &Tensor<F>,
    y: &mut Tensor<F>,
    #[comptime] ob: usize,
    #[comptime] yb: usize,
    #[comptime] xb: usize,
    #[comptime] grad: bool,
    #[define(F)] _dtype: ElemType,
) {
    let chans = x.shape(1);
    let (outs, h, wd) = (y.shape(1), y.shape(2), y.shape(3));
    let xblocks = (wd + xb - 1) / xb;
    let yblocks = (h + yb - 1) / yb;
    let oblocks = outs / ob;
    if ABSOLUTE_POS >= y.shape(0) * oblocks * yblocks * xblocks {
        terminate!();
    }
    let mut r = ABSOLUTE_POS;
    let x0 = (r % xblocks) * xb;
    r /= xblocks;
    let row0 = (r % yblocks) * yb;
    r /= yblocks;
    let o0 = (r % oblocks) * ob;
    let n = r / oblocks;

    let mut acc = Array::<F>::new(yb * ob * xb);
    #[unroll]
    for i in 0..yb * ob * xb {
        acc[i] = F::new(0.0);
    }
    let mut win = Array::<F>::new(xb + 4);
    let mut wk = Array::<F>::new(ob * 5usize); // one kernel row of `ob` filters
    for c in 0..chans {
        let xplane = (n * chans + c) * h * wd;
        #[unroll]
        for ky in 0..5usize {
            #[unroll]
            for oi in 0..ob {
                #[unroll]
                for kx in 0..5usize {
                    // Forward w[o, c, ky, kx]; backward w[c, o, 4 − ky, 4 − kx] of the layer.
                    let at =
                        if grad { ((c * outs + o0 + oi) * 25 + 24) - (ky * 5 + kx) } else { ((o0 + oi) * chans + c) * 25 + ky * 5 + kx };
                    wk[oi * 5 + kx] = w[at];
                }
            }
            #[unroll]
            for j in 0..yb {
                // Rows outside the image count as zeros: no branch, so that SIMD lanes stay in
                // step (SwiftShader loads lane by lane as soon as one lane of a group is off).
                let iy = (row0 + j) as i32 + ky as i32 - 2;
                let row_inside = iy >= 0 && iy < h as i32;
                let rowbase = xplane + select(row_inside, iy, 0) as usize * wd;
                #[unroll]
                for i in 0..xb + 4 {
                    let v = load(x, mask, rowbase, x0 as i32 + i as i32 - 2, wd, grad);
                    win[i] = select(row_inside, v, F::new(0.0));
                }
                #[unroll]
                for oi in 0..ob {
                    #[unroll]
                    for kx in 0..5usize {
                        let wv = wk[oi * 5 + kx];
                        #[unroll]
                        for xi in 0..xb {
                            acc[(j * ob + oi) * xb + xi] += wv * win[xi + kx];
                        }
                    }
                }
            }
        }
    }
    #[unroll]
    for j in 0..yb {
        #[unroll]
        for oi in 0..ob {
            let base = ((n * outs + o0 + oi) * h + row0 + j) * wd;
            let mut bias = F::new(0.0);
            if !grad {
                bias = b[o0 + oi];
            }
            #[unroll]
            for xi in 0..xb {
                if row0 + j < h && x0 + xi < wd {
                    let v = acc[(j * ob + oi) * xb + xi] + bias;
                    y[base + x0 + xi] = if grad { v } else { select(v > F::new(0.0), v, F::new(0.0)) };
                }
            }
        }
    }
}

/// Partial gradients of the weights and bias over chunk `s` of the batch:
/// `part[s, (o·C + c)·25 + ky·5 + kx] = Σ_{n in chunk} Σ_r Σ_col dz[n, o, r, col] · x[n, c, r + ky − 2, col + kx − 2]`
/// and `part[s, O·C·25 + o] = Σ_{n in chunk} Σ_r Σ_col dz[n, o, r, col]`, where
/// dz = g where y > 0 (ReLU's backward pass). x: [N, C, H, W], g and y: [N, O, H, W],
/// part: [S, O·C·25 + O]; the caller sums over `s`. One invocation: chunk `s`, `ob` output
/// channels, one input channel, all 25 taps: each gradient value it loads serves 25 taps and each
/// input value 5·`ob`, through five sliding windows (one per kernel row). `O % ob == 0`.
#[cube(launch_unchecked)]
pub fn conv5_param_grad_kernel<F: Float>(
    x: &Tensor<F>,
    g: &Tensor<F>,
    y: &Tensor<F>,
    part: &mut Tensor<F>,
    chunk: usize,
    #[comptime] ob: usize,
    #[define(F)] _dtype: ElemType,
) {
    let (images, chans, h, wd) = (x.shape(0), x.shape(1), x.shape(2), x.shape(3));
    let outs = g.shape(1);
    let oblocks = outs / ob;
    if ABSOLUTE_POS >= part.shape(0) * oblocks * chans {
        terminate!();
    }
    let c = ABSOLUTE_POS % chans;
    let r = ABSOLUTE_POS / chans;
    let o0 = (r % oblocks) * ob;
    let s = r / oblocks;

    let mut acc = Array::<F>::new(ob * 25);
    let mut accb = Array::<F>::new(ob);
    #[unroll]
    for i in 0..ob * 25 {
        acc[i] = F::new(0.0);
    }
    #[unroll]
    for oi in 0..ob {
        accb[oi] = F::new(0.0);
    }
    let mut win = Array::<F>::new(25usize); // win[ky * 5 + kx] = x[.., row + ky − 2, col + kx − 2]
    let mut dz = Array::<F>::new(ob);
    let plane = h * wd;
    let n_end = select(images < (s + 1) * chunk, images, (s + 1) * chunk);
    for n in s * chunk..n_end {
        let xplane = (n * chans + c) * plane;
        let gplane = (n * outs + o0) * plane;
        for row in 0..h {
            let mut rows = Array::<usize>::new(5usize);
            let mut inside = Array::<bool>::new(5usize);
            // Rows outside the image count as zeros, without a branch (see the forward kernel).
            #[unroll]
            for ky in 0..5usize {
                let iy = row as i32 + ky as i32 - 2;
                inside[ky] = iy >= 0 && iy < h as i32;
                rows[ky] = xplane + select(inside[ky], iy, 0) as usize * wd;
                #[unroll]
                for j in 0..4usize {
                    let v = load(x, x, rows[ky], j as i32 - 2, wd, false);
                    win[ky * 5 + j + 1] = select(inside[ky], v, F::new(0.0));
                }
            }
            let grow = gplane + row * wd;
            for col in 0..wd {
                #[unroll]
                for ky in 0..5usize {
                    #[unroll]
                    for j in 0..4usize {
                        win[ky * 5 + j] = win[ky * 5 + j + 1];
                    }
                    let v = load(x, x, rows[ky], col as i32 + 2, wd, false);
                    win[ky * 5 + 4] = select(inside[ky], v, F::new(0.0));
                }
                #[unroll]
                for oi in 0..ob {
                    let at = grow + oi * plane + col;
                    dz[oi] = select(y[at] > F::new(0.0), g[at], F::new(0.0));
                    accb[oi] += dz[oi];
                }
                #[unroll]
                for oi in 0..ob {
                    #[unroll]
                    for t in 0..25usize {
                        acc[oi * 25 + t] += dz[oi] * win[t];
                    }
                }
            }
        }
    }
    let stride = part.shape(1);
    #[unroll]
    for oi in 0..ob {
        let base = s * stride + ((o0 + oi) * chans + c) * 25;
        #[unroll]
        for t in 0..25usize {
            part[base + t] = acc[oi * 25 + t];
        }
        if c == 0 {
            part[s * stride + outs * chans * 25 + o0 + oi] = accb[oi];
        }
    }
}
