//! Canvas preprocessing: the same digit drawn small, large, off-centre or thick gives nearly the
//! same 28×28 image, centred by its centre of mass; blank gives nothing.
use mnist_web::data::idx::{PIXELS, SIDE};
use mnist_web::data::preprocess::{centre_of_mass, to_mnist};

const W: usize = 280;

/// Renders strokes (polylines in a unit square) into a W×W canvas at `origin`, `size` pixels
/// wide, pen radius `r`, anti-aliased like a canvas.
fn draw(strokes: &[&[(f32, f32)]], origin: (f32, f32), size: f32, r: f32) -> Vec<f32> {
    let mut ink = vec![0.0f32; W * W];
    for y in 0..W {
        for x in 0..W {
            let p = (x as f32 + 0.5, y as f32 + 0.5);
            let mut d = f32::MAX;
            for s in strokes {
                for seg in s.windows(2) {
                    let a = (origin.0 + seg[0].0 * size, origin.1 + seg[0].1 * size);
                    let b = (origin.0 + seg[1].0 * size, origin.1 + seg[1].1 * size);
                    d = d.min(dist(p, a, b));
                }
            }
            ink[y * W + x] = (r + 0.5 - d).clamp(0.0, 1.0);
        }
    }
    ink
}

fn dist(p: (f32, f32), a: (f32, f32), b: (f32, f32)) -> f32 {
    let (vx, vy, wx, wy) = (b.0 - a.0, b.1 - a.1, p.0 - a.0, p.1 - a.1);
    let t = ((wx * vx + wy * vy) / (vx * vx + vy * vy).max(1e-9)).clamp(0.0, 1.0);
    ((wx - t * vx).powi(2) + (wy - t * vy).powi(2)).sqrt()
}

const SEVEN: &[&[(f32, f32)]] = &[&[(0.1, 0.05), (0.9, 0.05), (0.4, 1.0)], &[(0.3, 0.5), (0.75, 0.5)]];
const FOUR: &[&[(f32, f32)]] = &[&[(0.6, 0.0), (0.05, 0.65), (0.95, 0.65)], &[(0.65, 0.3), (0.65, 1.0)]];

fn similarity(a: &[u8; PIXELS], b: &[u8; PIXELS]) -> f64 {
    let dot: f64 = a.iter().zip(b).map(|(x, y)| *x as f64 * *y as f64).sum();
    let n = |v: &[u8; PIXELS]| v.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
    dot / (n(a) * n(b))
}

fn assert_centred(img: &[u8; PIXELS]) {
    let f: Vec<f32> = img.iter().map(|&p| p as f32).collect();
    let (cx, cy) = centre_of_mass(&f, SIDE).unwrap();
    assert!((cx - 13.5).abs() <= 0.5 && (cy - 13.5).abs() <= 0.5, "centre of mass at ({cx}, {cy})");
}

fn bounding_side(img: &[u8; PIXELS]) -> (usize, usize) {
    let ink: Vec<(usize, usize)> = (0..PIXELS).filter(|&i| img[i] > 12).map(|i| (i % SIDE, i / SIDE)).collect();
    let w = ink.iter().map(|p| p.0).max().unwrap() - ink.iter().map(|p| p.0).min().unwrap() + 1;
    let h = ink.iter().map(|p| p.1).max().unwrap() - ink.iter().map(|p| p.1).min().unwrap() + 1;
    (w, h)
}

#[test]
fn size_position_and_thickness_barely_matter() {
    for digit in [SEVEN, FOUR] {
        let reference = to_mnist(&draw(digit, (60.0, 50.0), 160.0, 9.0), W, W).unwrap();
        let variants = [
            ("small", draw(digit, (120.0, 110.0), 50.0, 3.0), 0.93),
            ("large", draw(digit, (15.0, 12.0), 240.0, 13.5), 0.95),
            ("off-centre", draw(digit, (150.0, 150.0), 110.0, 6.0), 0.93),
            ("thick", draw(digit, (60.0, 50.0), 160.0, 16.0), 0.85),
        ];
        for (what, ink, min) in variants {
            let img = to_mnist(&ink, W, W).unwrap();
            let s = similarity(&reference, &img);
            assert!(s >= min, "{what}: similarity {s:.3} < {min}");
            assert_centred(&img);
            let (w, h) = bounding_side(&img);
            assert!(w.max(h) >= 19 && w.max(h) <= 21, "{what}: box {w}×{h} instead of fitting 20×20");
        }
    }
    assert!(
        similarity(
            &to_mnist(&draw(SEVEN, (60.0, 50.0), 160.0, 9.0), W, W).unwrap(),
            &to_mnist(&draw(FOUR, (60.0, 50.0), 160.0, 9.0), W, W).unwrap()
        ) < 0.8,
        "different digits stay different"
    );
}

#[test]
fn output_is_white_on_black_with_full_range_and_anti_aliasing() {
    let img = to_mnist(&draw(SEVEN, (60.0, 50.0), 160.0, 9.0), W, W).unwrap();
    assert_eq!(img[0], 0, "background is black");
    assert_eq!(*img.iter().max().unwrap(), 255, "the stroke core is full white");
    let grey = img.iter().filter(|&&p| p > 0 && p < 255).count();
    assert!(grey > 20, "edges are anti-aliased grey ({grey} grey pixels)");
    let total: f64 = img.iter().map(|&p| p as f64).sum();
    let inner: f64 = (2..26).flat_map(|y| (2..26).map(move |x| y * SIDE + x)).map(|i| img[i] as f64).sum();
    assert!(inner / total > 0.98, "the digit sits inside the field, not on its edges");
}

#[test]
fn a_blank_canvas_gives_no_image() {
    assert!(to_mnist(&vec![0.0; W * W], W, W).is_none());
    assert!(to_mnist(&vec![0.01; W * W], W, W).is_none(), "faint noise is not a digit");
    // a single dot is still a (tiny) drawing
    let mut dot = vec![0.0; W * W];
    dot[140 * W + 140] = 1.0;
    assert!(to_mnist(&dot, W, W).is_some());
}
