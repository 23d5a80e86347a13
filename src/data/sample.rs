//! Bilinear sampling, shared by the canvas's preprocessing and the augmentation.

/// The image `at` (a pixel by column and row, 0 outside) sampled at the fractional position
/// (`x`, `y`): the four surrounding pixels weighted by nearness.
pub fn bilinear(at: impl Fn(isize, isize) -> f64, x: f64, y: f64) -> f64 {
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let (x0, y0) = (x0 as isize, y0 as isize);
    at(x0, y0) * (1.0 - fx) * (1.0 - fy)
        + at(x0 + 1, y0) * fx * (1.0 - fy)
        + at(x0, y0 + 1) * (1.0 - fx) * fy
        + at(x0 + 1, y0 + 1) * fx * fy
}
