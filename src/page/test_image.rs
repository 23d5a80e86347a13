//! A test image to read on the canvas: one picked in a gallery, or the example the page opens
//! with (the network reads a real digit before anything is drawn, so no box starts empty).
use crate::data::dataset::Dataset;
use crate::data::idx::PIXELS;

/// A test image: its index in the test set, its label and pixels, and whether it is the page's
/// opening example (replaced by the first stroke) rather than one the user picked.
#[derive(Clone, Debug, PartialEq)]
pub struct TestImage {
    pub index: usize,
    pub label: u8,
    pub image: Vec<u8>,
    pub example: bool,
}

impl TestImage {
    /// The opening example `index` of the first test images (`sample`, as the page gets them),
    /// wrapping around; `None` when there are none.
    pub fn example(sample: &Dataset, index: usize) -> Option<Self> {
        let index = index.checked_rem(sample.len())?;
        let image = sample.pixels.get(index * PIXELS..(index + 1) * PIXELS)?.to_vec();
        Some(Self { index, label: sample.labels[index], image, example: true })
    }

    /// The example after this one.
    pub fn next_example(&self, sample: &Dataset) -> Option<Self> {
        Self::example(sample, self.index + 1)
    }
}
