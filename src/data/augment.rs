//! Data augmentation (the tutorial's "Options"): a random rotation, translation and scaling of
//! each training image, drawn from a seeded generator so that a run is reproducible.
use crate::base::rng::SplitMix64;
use crate::data::idx::{PIXELS, SIDE};
use crate::data::sample::bilinear;
use serde::{Deserialize, Serialize};

/// Ranges of the random transform; all zero means no augmentation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Augment {
    /// Rotation uniform in ±`rotate` degrees.
    pub rotate: f64,
    /// Translation uniform in ±`shift` pixels, per axis.
    pub shift: f64,
    /// Scale uniform in [1 − `scale`, 1 + `scale`].
    pub scale: f64,
}

impl Augment {
    /// The ranges the page and `augment=1` use: ±10°, ±2 px, ±10%.
    pub const STANDARD: Augment = Augment { rotate: 10.0, shift: 2.0, scale: 0.1 };

    pub fn is_on(&self) -> bool {
        self.rotate != 0.0 || self.shift != 0.0 || self.scale != 0.0
    }

    /// A randomly moved copy of a 28×28 image (0–255): for each output pixel, the source point
    /// under the inverse transform, sampled bilinearly (black outside the image).
    pub fn apply(&self, image: &[u8], rng: &mut SplitMix64) -> [u8; PIXELS] {
        let mut uniform = |r: f64| (2.0 * rng.unit() - 1.0) * r;
        let angle = uniform(self.rotate).to_radians();
        let scale = 1.0 + uniform(self.scale);
        let (tx, ty) = (uniform(self.shift), uniform(self.shift));
        let (sin, cos) = angle.sin_cos();
        let c = (SIDE as f64 - 1.0) / 2.0;
        let at = &|x: isize, y: isize| -> f64 {
            if x < 0 || y < 0 || x >= SIDE as isize || y >= SIDE as isize { 0.0 } else { image[y as usize * SIDE + x as usize] as f64 }
        };
        let mut out = [0u8; PIXELS];
        for (i, o) in out.iter_mut().enumerate() {
            // output pixel -> centred, untranslated, unscaled, unrotated -> source pixel
            let (dx, dy) = (((i % SIDE) as f64 - c - tx) / scale, ((i / SIDE) as f64 - c - ty) / scale);
            let (sx, sy) = (cos * dx + sin * dy + c, -sin * dx + cos * dy + c);
            *o = bilinear(at, sx, sy).round().clamp(0.0, 255.0) as u8;
        }
        out
    }
}

/// The generator for epoch `epoch`'s augmentations: fixed by the run's seed.
pub fn epoch_rng(seed: u64, epoch: usize) -> SplitMix64 {
    SplitMix64::new(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ (epoch as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// Rows and augmented copies per row of the page's preview.
pub const PREVIEW_ROWS: usize = 4;
pub const PREVIEW_COPIES: usize = 5;

/// The preview: [`PREVIEW_ROWS`] training images chosen by `seed`, each followed by
/// [`PREVIEW_COPIES`] augmented versions (row-major, one 784-byte image each).
#[cfg(not(fuzzing))] // the fuzz targets include this file without the data set (burn)
pub fn preview(data: &crate::data::dataset::Dataset, augment: &Augment, seed: u64) -> Vec<Vec<u8>> {
    let mut rng = SplitMix64::new(seed ^ 0xA11_6E47);
    let mut out = Vec::new();
    for _ in 0..PREVIEW_ROWS.min(data.len()) {
        let image = data.image(rng.below(data.len()));
        out.push(image.to_vec());
        out.extend((0..PREVIEW_COPIES).map(|_| augment.apply(image, &mut rng).to_vec()));
    }
    out
}
