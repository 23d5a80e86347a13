//! Turns a drawing into what MNIST's network expects: white on black, the ink's bounding box
//! scaled (aspect kept, area-averaged) to fit 20×20, placed in 28×28 with its centre of mass at
//! the centre (to a fraction of a pixel). Pure; the same `data::normalise` then makes the network's input.
use crate::data::idx::{PIXELS, SIDE};
use crate::data::sample::bilinear;

/// The drawing canvas's side in pixels (the page's canvas and the benchmark's drawn digit).
pub const CANVAS: usize = 280;

/// Ink below this (of 1.0) counts as background when finding the bounding box.
const INK: f32 = 0.05;
/// The digit's larger side after scaling, as in MNIST.
const BOX: f32 = 20.0;

/// `ink` holds `width × height` values in [0, 1] (1 = full ink), row-major. Returns the 28×28
/// image (0–255, white digit on black), or `None` for a blank drawing.
pub fn to_mnist(ink: &[f32], width: usize, height: usize) -> Option<[u8; PIXELS]> {
    assert_eq!(ink.len(), width * height, "ink must be width × height");
    let (x0, y0, x1, y1) = bounding_box(ink, width, height)?;
    let (bw, bh) = ((x1 - x0) as f32, (y1 - y0) as f32);
    let scale = BOX / bw.max(bh); // output pixels per input pixel
    let (ow, oh) = ((bw * scale).round().max(1.0) as usize, (bh * scale).round().max(1.0) as usize);
    let small = area_resample(ink, width, (x0, y0), (bw, bh), (ow, oh));
    let (cx, cy) = centre_of_mass(&small, ow)?;
    // Shift (by a fraction of a pixel, bilinearly) so that the centre of mass lands exactly on
    // the centre (index 13.5) of the 28×28 field.
    let centre = (SIDE as f32 - 1.0) / 2.0;
    let (dx, dy) = (centre - cx, centre - cy);
    let at = &|x: isize, y: isize| -> f64 {
        if x < 0 || y < 0 || x >= ow as isize || y >= oh as isize { 0.0 } else { small[y as usize * ow + x as usize] as f64 }
    };
    let mut out = [0u8; PIXELS];
    for ty in 0..SIDE {
        for tx in 0..SIDE {
            let v = bilinear(at, tx as f64 - dx as f64, ty as f64 - dy as f64);
            out[ty * SIDE + tx] = (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        }
    }
    Some(out)
}

/// Smallest box `[x0, x1) × [y0, y1)` holding all ink, or `None` when there is none.
fn bounding_box(ink: &[f32], width: usize, height: usize) -> Option<(usize, usize, usize, usize)> {
    let (mut x0, mut y0, mut x1, mut y1) = (width, height, 0, 0);
    for y in 0..height {
        for x in 0..width {
            if ink[y * width + x] > INK {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x + 1), y1.max(y + 1));
            }
        }
    }
    (x1 > x0).then_some((x0, y0, x1, y1))
}

/// Area-averaging resample of the box at `origin` of size `size` to `out` pixels: each output
/// pixel is the mean ink over the input area it covers (fractional pixels weighted).
fn area_resample(ink: &[f32], width: usize, origin: (usize, usize), size: (f32, f32), out: (usize, usize)) -> Vec<f32> {
    let (sx, sy) = (size.0 / out.0 as f32, size.1 / out.1 as f32); // input pixels per output pixel
    let mut res = vec![0.0; out.0 * out.1];
    for oy in 0..out.1 {
        let (fy0, fy1) = (oy as f32 * sy, (oy + 1) as f32 * sy);
        for ox in 0..out.0 {
            let (fx0, fx1) = (ox as f32 * sx, (ox + 1) as f32 * sx);
            let mut sum = 0.0;
            for iy in fy0.floor() as usize..(fy1.ceil() as usize).min(size.1 as usize) {
                let wy = (fy1.min(iy as f32 + 1.0) - fy0.max(iy as f32)).max(0.0);
                for ix in fx0.floor() as usize..(fx1.ceil() as usize).min(size.0 as usize) {
                    let wx = (fx1.min(ix as f32 + 1.0) - fx0.max(ix as f32)).max(0.0);
                    sum += wx * wy * ink[(origin.1 + iy) * width + origin.0 + ix];
                }
            }
            res[oy * out.0 + ox] = sum / (sx * sy);
        }
    }
    res
}

/// Ink-weighted mean position (x, y) in pixel indices.
pub fn centre_of_mass(img: &[f32], width: usize) -> Option<(f32, f32)> {
    let (mut m, mut mx, mut my) = (0.0f64, 0.0f64, 0.0f64);
    for (i, &v) in img.iter().enumerate() {
        let v = v as f64;
        m += v;
        mx += v * (i % width) as f64;
        my += v * (i / width) as f64;
    }
    (m > 0.0).then(|| ((mx / m) as f32, (my / m) as f32))
}
