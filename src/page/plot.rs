//! The arithmetic of the page's charts: smoothing, epoch means, downsampling and SVG points.

/// Mean training loss of each finished epoch: (epoch, mean).
pub fn epoch_means(losses: &[f32], per_epoch: usize) -> Vec<(f64, f64)> {
    if per_epoch == 0 {
        return Vec::new();
    }
    losses
        .chunks_exact(per_epoch)
        .enumerate()
        .map(|(e, c)| ((e + 1) as f64, c.iter().map(|&l| l as f64).sum::<f64>() / per_epoch as f64))
        .collect()
}

/// Exponential moving average with bias correction (the first values are not pulled to 0);
/// `alpha` is the weight of each new value.
pub fn smooth(values: &[f32], alpha: f64) -> Vec<f32> {
    let (mut avg, mut weight) = (0.0f64, 0.0f64);
    values
        .iter()
        .map(|&v| {
            avg = (1.0 - alpha) * avg + alpha * v as f64;
            weight = (1.0 - alpha) * weight + alpha;
            (avg / weight) as f32
        })
        .collect()
}

/// Downsamples `values` to at most `max` points (means of equal buckets), keeping their x index.
pub fn downsample(values: &[f32], max: usize) -> Vec<(f64, f64)> {
    let n = values.len();
    if n <= max || max == 0 {
        return values.iter().enumerate().map(|(i, v)| (i as f64, *v as f64)).collect();
    }
    (0..max)
        .map(|k| {
            let (a, b) = (k * n / max, ((k + 1) * n / max).max(k * n / max + 1));
            let mean = values[a..b].iter().map(|v| *v as f64).sum::<f64>() / (b - a) as f64;
            ((a + b - 1) as f64 / 2.0, mean)
        })
        .collect()
}

/// SVG polyline points for `(x, y)` in a `w`×`h` box, x in [0, x_max], y in [y_min, y_max] (a
/// point beyond them drawn at the edge). Never panics and never writes NaN: points that are not
/// finite are left out, and a range that is empty, reversed or not finite (or too narrow or too
/// wide for f64) puts every point at the left or at the bottom.
pub fn polyline(points: &[(f64, f64)], x_max: f64, (y_min, y_max): (f64, f64), w: f64, h: f64) -> String {
    let x_at = place(0.0, x_max, w);
    let y_at = place(y_min, y_max, h);
    points
        .iter()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .map(|&(x, y)| format!("{:.1},{:.1}", x_at(x), h - y_at(y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Places `lo..=hi` along `0..=len`, a value outside at the nearer end; everything at 0 when the
/// range cannot be drawn.
fn place(lo: f64, hi: f64, len: f64) -> impl Fn(f64) -> f64 {
    let per = len / (hi - lo);
    // `clamp` panics when its bounds are reversed or NaN: only a sound range reaches it.
    let sound = lo.is_finite() && hi.is_finite() && hi > lo && (hi - lo).is_finite() && per.is_finite() && len.is_finite();
    move |v: f64| if sound { (v.clamp(lo, hi) - lo) * per } else { 0.0 }
}

/// Tick values for an axis from `lo` to `hi`: round steps (1, 2 or 5 × a power of ten), at most
/// `max` of them, all distinct; none for an empty or degenerate range.
pub fn nice_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite() && hi > lo) || max < 2 {
        return Vec::new();
    }
    let rough = (hi - lo) / (max - 1) as f64;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * power).find(|s| *s >= rough).unwrap_or(10.0 * power);
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    // A range too wide or too narrow for f64 (its step infinite or 0) would count ticks forever.
    if !(step.is_finite() && step > 0.0) || last.saturating_sub(first) > i64::try_from(max).unwrap_or(i64::MAX) {
        return Vec::new();
    }
    // Rounded to the step's decimals, so that 3 × 0.2 prints as 0.6.
    let scale = 10f64.powi((-step.log10().floor()).max(0.0) as i32);
    (first..=last).map(|k| (k as f64 * step * scale).round() / scale).collect()
}

/// Whole-number ticks from 0 to `max` (epochs, batches): every one when few, else round steps.
pub fn whole_ticks(max: f64, most: usize) -> Vec<f64> {
    nice_ticks(0.0, max.max(1.0), most).into_iter().filter(|t| t.fract() == 0.0).collect()
}
