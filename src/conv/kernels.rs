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
/// `xb` neighbouring columns of one row; `O % ob == 0`.
#[cube(launch_unchecked)]
pub fn conv5_forward_kernel<F: Float>(
    x: &Tensor<F>,
    w: &Tensor<F>,
    y: &mut Tensor<F>,
    #[comptime] ob: usize,
    #[comptime] xb: usize,
    #[define(F)] _dtype: ElemType,
) {
    let chans = x.shape(1);
    let outs = y.shape(1);
    let h = y.shape(2);
    let wd = y.shape(3);
    let xblocks = (wd + xb - 1) / xb;
    let oblocks = outs / ob;
    if ABSOLUTE_POS >= y.shape(0) * oblocks * h * xblocks {
        terminate!();
    }
    let mut r = ABSOLUTE_POS;
    let x0 = (r % xblocks) * xb;
    r /= xblocks;
    let row = r % h;
    r /= h;
    let o0 = (r % oblocks) * ob;
    let n = r / oblocks;

    let mut acc = Array::<F>::new(ob * xb);
    #[unroll]
    for i in 0..ob * xb {
        acc[i] = F::new(0.0);
    }
    let mut win = Array::<F>::new(xb + 4);
    let wstride = chans * 25; // from w[o, c] to w[o + 1, c]
    for c in 0..chans {
        let xplane = (n * chans + c) * h * wd;
        let wbase = o0 * wstride + c * 25;
        #[unroll]
        for ky in 0..5usize {
            // Rows outside the image count as zeros: no branch, so that SIMD lanes stay in step
            // (SwiftShader loads lane by lane as soon as one lane of a group is switched off).
            let iy = row as i32 + ky as i32 - 2;
            let row_inside = iy >= 0 && iy < h as i32;
            let rowbase = xplane + select(row_inside, iy, 0) as usize * wd;
            #[unroll]
            for j in 0..xb + 4 {
                let v = load_padded(x, rowbase, x0 as i32 + j as i32 - 2, wd);
                win[j] = select(row_inside, v, F::new(0.0));
            }
            #[unroll]
            for oi in 0..ob {
                #[unroll]
                for kx in 0..5usize {
                    let wv = w[wbase + oi * wstride + ky * 5 + kx];
                    #[unroll]
                    for xi in 0..xb {
                        acc[oi * xb + xi] += wv * win[xi + kx];
                    }
                }
            }
        }
    }
    #[unroll]
    for oi in 0..ob {
        let base = ((n * outs + o0 + oi) * h + row) * wd;
        #[unroll]
        for xi in 0..xb {
            if x0 + xi < wd {
                y[base + x0 + xi] = acc[oi * xb + xi];
            }
        }
    }
}

/// Partial weight gradients: `dw[s, o, c, ky, kx] = Σ_{n in chunk s} Σ_r Σ_col
/// dy[n, o, r, col] · x[n, c, r + ky − 2, col + kx − 2]`; the caller sums over `s`.
/// x: [N, C, H, W], dy: [N, O, H, W], dw: [S, O, C, 5, 5]. One invocation: chunk `s`, `ob` output
/// channels, one input channel, one kernel row (all five kernel columns); `O % ob == 0`.
#[cube(launch_unchecked)]
pub fn conv5_weight_grad_kernel<F: Float>(
    x: &Tensor<F>,
    dy: &Tensor<F>,
    dw: &mut Tensor<F>,
    chunk: usize,
    #[comptime] ob: usize,
    #[define(F)] _dtype: ElemType,
) {
    let images = x.shape(0);
    let chans = x.shape(1);
    let h = x.shape(2);
    let wd = x.shape(3);
    let outs = dy.shape(1);
    let oblocks = outs / ob;
    if ABSOLUTE_POS >= dw.shape(0) * oblocks * chans * 5 {
        terminate!();
    }
    let mut r = ABSOLUTE_POS;
    let ky = r % 5;
    r /= 5;
    let c = r % chans;
    r /= chans;
    let o0 = (r % oblocks) * ob;
    let s = r / oblocks;

    let mut acc = Array::<F>::new(ob * 5);
    #[unroll]
    for i in 0..ob * 5 {
        acc[i] = F::new(0.0);
    }
    let mut win = Array::<F>::new(5usize);
    let mut g = Array::<F>::new(ob);
    let plane = h * wd;
    let n_end = select(images < (s + 1) * chunk, images, (s + 1) * chunk);
    for n in s * chunk..n_end {
        let xplane = (n * chans + c) * plane;
        let dyplane = (n * outs + o0) * plane;
        for row in 0..h {
            // Rows outside the image count as zeros, without a branch (see the forward kernel).
            let iy = row as i32 + ky as i32 - 2;
            let row_inside = iy >= 0 && iy < h as i32;
            let xrow = xplane + select(row_inside, iy, 0) as usize * wd;
            let dyrow = dyplane + row * wd;
            // The window holds x[.., col − 2 ..= col + 2]; slide it one column at a time.
            #[unroll]
            for j in 0..4usize {
                let v = load_padded(x, xrow, j as i32 - 2, wd);
                win[j + 1] = select(row_inside, v, F::new(0.0));
            }
            for col in 0..wd {
                #[unroll]
                for j in 0..4usize {
                    win[j] = win[j + 1];
                }
                let v = load_padded(x, xrow, col as i32 + 2, wd);
                win[4] = select(row_inside, v, F::new(0.0));
                #[unroll]
                for oi in 0..ob {
                    g[oi] = dy[dyrow + oi * plane + col];
                }
                #[unroll]
                for oi in 0..ob {
                    #[unroll]
                    for kx in 0..5usize {
                        acc[oi * 5 + kx] += g[oi] * win[kx];
                    }
                }
            }
        }
    }
    #[unroll]
    for oi in 0..ob {
        let base = ((s * outs + o0 + oi) * chans + c) * 25 + ky * 5;
        #[unroll]
        for kx in 0..5usize {
            dw[base + kx] = acc[oi * 5 + kx];
        }
    }
}
