//! The MNIST data in memory: images and labels, the one normalisation function, and batches.
use crate::base::error::{AppError, Result};
use crate::base::rng::SplitMix64;
use crate::data::idx::{self, PIXELS, SIDE};
use burn::prelude::*;

/// File names of the four standard MNIST files (served gzipped as `<name>.gz`).
pub const TRAIN_IMAGES: &str = "train-images-idx3-ubyte";
pub const TRAIN_LABELS: &str = "train-labels-idx1-ubyte";
pub const TEST_IMAGES: &str = "t10k-images-idx3-ubyte";
pub const TEST_LABELS: &str = "t10k-labels-idx1-ubyte";

/// The one normalisation used everywhere (training, evaluation, canvas): pixel / 255 in [0, 1].
pub fn normalise(pixel: u8) -> f32 {
    pixel as f32 / 255.0
}

/// A set of 28×28 grey images (0–255) with their digit labels.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dataset {
    pub pixels: Vec<u8>,
    pub labels: Vec<u8>,
}

impl Dataset {
    /// Parses and cross-checks an image file and its label file of MNIST's ten digits (both
    /// already decompressed); a set without images, or whose labels are all one class, is refused.
    pub fn from_idx(images: (&str, &[u8]), labels: (&str, &[u8])) -> Result<Self> {
        Self::from_idx_within(images, labels, crate::data::classes::DIGITS)
    }

    /// [`Dataset::from_idx`] for a set of `classes` classes (labels below it).
    pub fn from_idx_within(images: (&str, &[u8]), labels: (&str, &[u8]), classes: usize) -> Result<Self> {
        let (count, pixels) = idx::parse_images(images.0, images.1)?;
        let (labels_name, labels) = (labels.0, idx::parse_labels(labels.0, labels.1, classes)?);
        if count != labels.len() {
            return Err(AppError::CountMismatch { images: count, labels: labels.len() });
        }
        if count == 0 {
            return Err(AppError::DataEmpty { name: images.0.into() });
        }
        if let Some(&label) = labels.first().filter(|&&l| labels.iter().all(|&m| m == l)) {
            return Err(AppError::DataOneClass { name: labels_name.into(), label, count });
        }
        Ok(Self { pixels, labels })
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// A copy of the first `n` examples (all of them when `n` is larger).
    pub fn first(&self, n: usize) -> Self {
        let n = n.min(self.len());
        Self { pixels: self.pixels[..n * PIXELS].to_vec(), labels: self.labels[..n].to_vec() }
    }

    /// The pixels of example `i`.
    pub fn image(&self, i: usize) -> &[u8] {
        &self.pixels[i * PIXELS..(i + 1) * PIXELS]
    }

    /// Builds the input tensor and the targets (the digits, as floats) of the examples at `indices`.
    pub fn batch(&self, indices: &[usize], device: &Device) -> (Tensor<4>, Tensor<1>) {
        self.batch_with(indices, |image| image.try_into().expect("784 pixels"), device)
    }

    /// [`Dataset::batch`], each image passed through `transform` first (augmentation).
    pub fn batch_with(&self, indices: &[usize], transform: impl FnMut(&[u8]) -> [u8; PIXELS], device: &Device) -> (Tensor<4>, Tensor<1>) {
        let (x, y) = self.gather_with(indices, transform);
        (input(&x, device), targets(&y, device))
    }

    /// The pixels (784 bytes each, through `transform`) and labels of the examples at `indices`.
    pub fn gather_with(&self, indices: &[usize], mut transform: impl FnMut(&[u8]) -> [u8; PIXELS]) -> (Vec<u8>, Vec<u8>) {
        let mut x = Vec::with_capacity(indices.len() * PIXELS);
        for &i in indices {
            x.extend(transform(self.image(i)));
        }
        (x, indices.iter().map(|&i| self.labels[i]).collect())
    }
}

/// Images (784 bytes each, 0–255, white on black) as the network's input: [n, 1, 28, 28] in [0, 1].
pub fn input(pixels: &[u8], device: &Device) -> Tensor<4> {
    let n = pixels.len() / PIXELS;
    let x: Vec<f32> = pixels[..n * PIXELS].iter().map(|&p| normalise(p)).collect();
    Tensor::from_data(TensorData::new(x, [n, 1, SIDE, SIDE]), device) // [n * 784] laid out as [n, 1, 28, 28]
}

/// Labels (the digits) as the loss's targets: [n], the digits as floats.
pub fn targets(labels: &[u8], device: &Device) -> Tensor<1> {
    let y: Vec<f32> = labels.iter().map(|&l| l as f32).collect();
    Tensor::from_data(TensorData::new(y, [labels.len()]), device)
}

/// The order in which epoch `epoch` visits `n` training examples: a fresh shuffle every epoch.
pub fn epoch_order(n: usize, seed: u64, epoch: usize) -> Vec<usize> {
    let mut rng = SplitMix64::new(seed ^ (epoch as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        order.swap(i, rng.below(i + 1));
    }
    order
}

/// Number of batches of size `batch` over `n` examples (the last one may be smaller).
pub fn batch_count(n: usize, batch: usize) -> usize {
    n.div_ceil(batch.max(1))
}
