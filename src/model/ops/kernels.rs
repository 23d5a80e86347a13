//! The convolution kernels behind [`super::NetOps::conv_relu`]: a k×k "same" convolution (k = 3, 5
//! or 7: stride 1, padding k/2, NCHW, contiguous; k is a compile-time constant of each kernel)
//! with its bias and ReLU, the same kernel run backwards
//! for the input's gradient, and the weights' and bias's gradient. Written for GPUs that are
//! really CPUs (SwiftShader, lavapipe) as much as for real ones: no shared memory or barriers,
//! each invocation keeps a block of outputs in registers and reuses every value it loads.
use cubecl::prelude::*;

/// `x[base + i]` when `0 <= i < len`, else 0 (the zero padding), without reading out of bounds.
#[cube]
fn load<F: Float>(x: &Tensor<F>, base: usize, i: i32, len: usize) -> F {
    let inside = i >= 0 && i < len as i32;
    select(inside, x[base + select(inside, i, 0) as usize], F::new(0.0))
}

/// Forward (`grad = false`): `y[n, o, r, :] = relu(b[o] + Σ_c Σ_ky Σ_kx w[o, c, ky, kx] ·
/// x[n, c, r + ky − k/2, · + kx − k/2])`, x: [N, C, H, W], w: [O, C, k, k], y: [N, O, H, W].
///
/// Input gradient (`grad = true`): x is the pre-activation's gradient dz [N, O, H, W] (the
/// output's gradient where the output is > 0, masked beforehand: a mask read here with every
/// load made the gradient kernels ~1.2–1.6× slower on lavapipe), and the weights are read
/// flipped with their channel axes swapped, so y is the input's gradient [N, C, H, W]; `b` is
/// not read.
///
/// One invocation: `ob` output channels × `yb` rows × `xb` neighbouring columns; each weight it
/// loads serves `yb · xb` outputs, each input value up to k·`ob`. Output channels % `ob` == 0.
#[cube(launch_unchecked)]
#[allow(clippy::too_many_arguments, clippy::manual_div_ceil)] // cube code: no div_ceil there
pub fn conv_kernel<F: Float>(
    x: &Tensor<F>,
    w: &Tensor<F>,
    b: &Tensor<F>,
    y: &mut Tensor<F>,
    #[comptime] ob: usize,
    #[comptime] yb: usize,
    #[comptime] xb: usize,
    #[comptime] grad: bool,
    #[comptime] k: usize,
    #[define(F)] _dtype: ElemType,
) {
    let kk = comptime!(k * k);
    let pad = comptime!(k / 2);
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
    let mut win = Array::<F>::new(xb + k - 1);
    let mut wk = Array::<F>::new(ob * k); // one kernel row of `ob` filters
    for c in 0..chans {
        let xplane = (n * chans + c) * h * wd;
        #[unroll]
        for ky in 0..k {
            #[unroll]
            for oi in 0..ob {
                #[unroll]
                for kx in 0..k {
                    // Forward w[o, c, ky, kx]; backward w[c, o, k−1 − ky, k−1 − kx] of the layer.
                    let at = if grad {
                        ((c * outs + o0 + oi) * kk + kk - 1) - (ky * k + kx)
                    } else {
                        ((o0 + oi) * chans + c) * kk + ky * k + kx
                    };
                    wk[oi * k + kx] = w[at];
                }
            }
            #[unroll]
            for j in 0..yb {
                // Rows outside the image count as zeros: no branch, so that SIMD lanes stay in
                // step (SwiftShader loads lane by lane as soon as one lane of a group is off).
                let iy = (row0 + j) as i32 + ky as i32 - pad as i32;
                let row_inside = iy >= 0 && iy < h as i32;
                let rowbase = xplane + select(row_inside, iy, 0) as usize * wd;
                #[unroll]
                for i in 0..xb + k - 1 {
                    let v = load(x, rowbase, x0 as i32 + i as i32 - pad as i32, wd);
                    win[i] = select(row_inside, v, F::new(0.0));
                }
                #[unroll]
                for oi in 0..ob {
                    #[unroll]
                    for kx in 0..k {
                        let wv = wk[oi * k + kx];
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
/// `part[s, (o·C + c)·k² + ky·k + kx] = Σ_{n in chunk} Σ_r Σ_col dz[n, o, r, col] · x[n, c, r + ky − k/2, col + kx − k/2]`
/// and `part[s, O·C·k² + o] = Σ_{n in chunk} Σ_r Σ_col dz[n, o, r, col]`, where dz is the
/// pre-activation's gradient (ReLU's backward pass done beforehand). x: [N, C, H, W], dz: [N, O, H, W],
/// part: [S, O·C·k² + O]; the caller sums over `s`. One invocation: chunk `s`, `ob` output
/// channels, one input channel, all k² taps: each gradient value it loads serves k² taps and each
/// input value k·`ob`, through k sliding windows (one per kernel row). `O % ob == 0`.
#[cube(launch_unchecked)]
#[allow(clippy::too_many_arguments)]
pub fn conv_param_grad_kernel<F: Float>(
    x: &Tensor<F>,
    g: &Tensor<F>,
    part: &mut Tensor<F>,
    chunk: usize,
    #[comptime] ob: usize,
    #[comptime] k: usize,
    #[define(F)] _dtype: ElemType,
) {
    let kk = comptime!(k * k);
    let pad = comptime!(k / 2);
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

    let mut acc = Array::<F>::new(ob * kk);
    let mut accb = Array::<F>::new(ob);
    #[unroll]
    for i in 0..ob * kk {
        acc[i] = F::new(0.0);
    }
    #[unroll]
    for oi in 0..ob {
        accb[oi] = F::new(0.0);
    }
    let mut win = Array::<F>::new(kk); // win[ky * k + kx] = x[.., row + ky − k/2, col + kx − k/2]
    let mut dz = Array::<F>::new(ob);
    let plane = h * wd;
    let n_end = select(images < (s + 1) * chunk, images, (s + 1) * chunk);
    for n in s * chunk..n_end {
        let xplane = (n * chans + c) * plane;
        let gplane = (n * outs + o0) * plane;
        for row in 0..h {
            let mut rows = Array::<usize>::new(k);
            let mut inside = Array::<bool>::new(k);
            // Rows outside the image count as zeros, without a branch (see the forward kernel).
            #[unroll]
            for ky in 0..k {
                let iy = row as i32 + ky as i32 - pad as i32;
                inside[ky] = iy >= 0 && iy < h as i32;
                rows[ky] = xplane + select(inside[ky], iy, 0) as usize * wd;
                #[unroll]
                for j in 0..k - 1 {
                    let v = load(x, rows[ky], j as i32 - pad as i32, wd);
                    win[ky * k + j + 1] = select(inside[ky], v, F::new(0.0));
                }
            }
            let grow = gplane + row * wd;
            for col in 0..wd {
                #[unroll]
                for ky in 0..k {
                    #[unroll]
                    for j in 0..k - 1 {
                        win[ky * k + j] = win[ky * k + j + 1];
                    }
                    let v = load(x, rows[ky], col as i32 + pad as i32, wd);
                    win[ky * k + k - 1] = select(inside[ky], v, F::new(0.0));
                }
                #[unroll]
                for oi in 0..ob {
                    dz[oi] = g[grow + oi * plane + col];
                    accb[oi] += dz[oi];
                }
                #[unroll]
                for oi in 0..ob {
                    #[unroll]
                    for t in 0..kk {
                        acc[oi * kk + t] += dz[oi] * win[t];
                    }
                }
            }
        }
    }
    let stride = part.shape(1);
    #[unroll]
    for oi in 0..ob {
        let base = s * stride + ((o0 + oi) * chans + c) * kk;
        #[unroll]
        for t in 0..kk {
            part[base + t] = acc[oi * kk + t];
        }
        if c == 0 {
            part[s * stride + outs * chans * kk + o0 + oi] = accb[oi];
        }
    }
}
