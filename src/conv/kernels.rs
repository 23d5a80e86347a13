//! The two GPU kernels behind [`super::conv5`]: a 5×5 "same" convolution (stride 1, padding 2,
//! NCHW, contiguous) and its weight gradient. Written for GPUs that are really CPUs (SwiftShader,
//! lavapipe) as much as for real ones: no shared memory or barriers, each invocation keeps a
//! block of outputs in registers and reuses every value it loads several times.
use cubecl::prelude::*;

/// Loads `x[base + i]` when `0 <= i < len`, else 0 (the zero padding), without reading out of
/// bounds.
#[cube]
fn load_padded<F: Float>(x: &Tensor<F>, base: usize, i: i32, len: usize) -> F {
    let inside = i >= 0 && i < len as i32;
    let at = select(inside, i, 0) as usize;
    select(inside, x[base + at], F::new(0.0))
}

/// `y[n, o, r, :] = Σ_c Σ_ky Σ_kx w[o, c, ky, kx] · x[n, c, r + ky − 2, · + kx − 2]`.
/// x: [N, C, H, W], w: [O, C, 5, 5], y: [N, O, H, W]. One invocation: `ob` output channels ×
/// `yb` rows × `xb` neighbouring columns; each weight it loads serves `yb · xb` outputs, each
/// input value up to 5·`ob`. Neighbouring invocations are neighbouring column blocks.
/// `O % ob == 0`.
#[cube(launch_unchecked)]
pub fn conv5_forward_kernel<F: Float>(
    x: &Tensor<F>,
    w: &Tensor<F>,
    y: &mut Tensor<F>,
    #[comptime] ob: usize,
    #[comptime] yb: usize,
    #[comptime] xb: usize,
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
    let wstride = chans * 25; // from w[o, c] to w[o + 1, c]
    for c in 0..chans {
        let xplane = (n * chans + c) * h * wd;
        let wbase = o0 * wstride + c * 25;
        #[unroll]
        for ky in 0..5usize {
            #[unroll]
            for oi in 0..ob {
                #[unroll]
                for kx in 0..5usize {
                    wk[oi * 5 + kx] = w[wbase + oi * wstride + ky * 5 + kx];
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
                    let v = load_padded(x, rowbase, x0 as i32 + i as i32 - 2, wd);
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
            #[unroll]
            for xi in 0..xb {
                if row0 + j < h && x0 + xi < wd {
                    y[base + x0 + xi] = acc[(j * ob + oi) * xb + xi];
                }
            }
        }
    }
}

/// Partial weight gradients: `dw[s, o, c, ky, kx] = Σ_{n in chunk s} Σ_r Σ_col
/// dy[n, o, r, col] · x[n, c, r + ky − 2, col + kx − 2]`; the caller sums over `s`.
/// x: [N, C, H, W], dy: [N, O, H, W], dw: [S, O, C, 5, 5]. One invocation: chunk `s`, `ob`
/// output channels, one input channel, all 25 taps: each output-gradient value it loads serves
/// 25 taps and each input value 5·`ob`, through five sliding windows (one per kernel row).
/// Neighbouring invocations are neighbouring input channels. `O % ob == 0`.
#[cube(launch_unchecked)]
pub fn conv5_weight_grad_kernel<F: Float>(
    x: &Tensor<F>,
    dy: &Tensor<F>,
    dw: &mut Tensor<F>,
    chunk: usize,
    #[comptime] ob: usize,
    #[define(F)] _dtype: ElemType,
) {
    let (images, chans, h, wd) = (x.shape(0), x.shape(1), x.shape(2), x.shape(3));
    let outs = dy.shape(1);
    let oblocks = outs / ob;
    if ABSOLUTE_POS >= dw.shape(0) * oblocks * chans {
        terminate!();
    }
    let c = ABSOLUTE_POS % chans;
    let r = ABSOLUTE_POS / chans;
    let o0 = (r % oblocks) * ob;
    let s = r / oblocks;

    let mut acc = Array::<F>::new(ob * 25);
    #[unroll]
    for i in 0..ob * 25 {
        acc[i] = F::new(0.0);
    }
    let mut win = Array::<F>::new(25usize); // win[ky * 5 + kx] = x[.., row + ky − 2, col + kx − 2]
    let mut g = Array::<F>::new(ob);
    let plane = h * wd;
    let n_end = select(images < (s + 1) * chunk, images, (s + 1) * chunk);
    for n in s * chunk..n_end {
        let xplane = (n * chans + c) * plane;
        let dyplane = (n * outs + o0) * plane;
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
                    let v = load_padded(x, rows[ky], j as i32 - 2, wd);
                    win[ky * 5 + j + 1] = select(inside[ky], v, F::new(0.0));
                }
            }
            let dyrow = dyplane + row * wd;
            for col in 0..wd {
                #[unroll]
                for ky in 0..5usize {
                    #[unroll]
                    for j in 0..4usize {
                        win[ky * 5 + j] = win[ky * 5 + j + 1];
                    }
                    let v = load_padded(x, rows[ky], col as i32 + 2, wd);
                    win[ky * 5 + 4] = select(inside[ky], v, F::new(0.0));
                }
                #[unroll]
                for oi in 0..ob {
                    g[oi] = dy[dyrow + oi * plane + col];
                }
                #[unroll]
                for oi in 0..ob {
                    #[unroll]
                    for t in 0..25usize {
                        acc[oi * 25 + t] += g[oi] * win[t];
                    }
                }
            }
        }
    }
    #[unroll]
    for oi in 0..ob {
        let base = ((s * outs + o0 + oi) * chans + c) * 25;
        #[unroll]
        for t in 0..25usize {
            dw[base + t] = acc[oi * 25 + t];
        }
    }
}
