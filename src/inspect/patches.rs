//! What a channel looks for: among a set of images, the input patches that excite it most
//! (one per image), cut to the channel's receptive field.
use crate::data::idx::{PIXELS, SIDE};
use crate::inspect::layer_maps::LayerShape;
use crate::model::network::Cnn;
use burn::prelude::*;

/// One patch: the image it comes from, the channel's activation there, and its pixels
/// (`side`×`side`, black outside the image).
#[derive(Clone, Debug, PartialEq)]
pub struct Patch {
    pub image: usize,
    pub value: f32,
    pub side: usize,
    pub pixels: Vec<u8>,
}

/// Images per forward pass.
const CHUNK: usize = 50;

/// For every channel of `layer`, the `keep` strongest patches among `images` (784 bytes each),
/// strongest first.
pub fn strongest(model: &Cnn, images: &[u8], layer: &LayerShape, keep: usize, device: &Device) -> Vec<Vec<Patch>> {
    let mut best: Vec<Vec<(f32, usize, usize)>> = vec![Vec::new(); layer.channels]; // (value, image, unit)
    let units = layer.side * layer.side;
    for (k, chunk) in images.chunks(CHUNK * PIXELS).enumerate() {
        let mut out = Vec::new();
        model.forward_seen(crate::data::dataset::input(chunk, device), &mut |name, t| {
            if name == layer.name {
                out = t.clone().into_data().try_to_vec::<f32>().unwrap_or_default(); // [n, C, S, S]
            }
        });
        for (i, per_image) in out.chunks_exact(layer.channels * units).enumerate() {
            for (c, map) in per_image.chunks_exact(units).enumerate() {
                let (unit, value) = map.iter().enumerate().fold((0, f32::MIN), |a, (u, &v)| if v > a.1 { (u, v) } else { a });
                insert(&mut best[c], (value, k * CHUNK + i, unit), keep);
            }
        }
    }
    best.into_iter().map(|list| list.into_iter().map(|(value, image, unit)| cut(images, image, unit, layer, value)).collect()).collect()
}

/// Keeps `list` the `keep` largest, largest first.
fn insert(list: &mut Vec<(f32, usize, usize)>, item: (f32, usize, usize), keep: usize) {
    let at = list.iter().position(|e| e.0 < item.0).unwrap_or(list.len());
    if at < keep {
        list.insert(at, item);
        list.truncate(keep);
    }
}

/// The receptive field of `unit` (row-major in the layer's map) in image `image`.
fn cut(images: &[u8], image: usize, unit: usize, layer: &LayerShape, value: f32) -> Patch {
    let (y, x) = (unit / layer.side, unit % layer.side);
    let side = layer.field;
    // The unit's centre in input pixels, and the patch's top-left corner around it.
    let corner = |u: usize| (u * layer.stride) as isize + (layer.stride as isize - 1) / 2 - (side as isize - 1) / 2;
    let (top, left) = (corner(y), corner(x));
    let img = &images[image * PIXELS..(image + 1) * PIXELS];
    let pixels = (0..side * side)
        .map(|i| {
            let (r, c) = (top + (i / side) as isize, left + (i % side) as isize);
            let inside = (0..SIDE as isize).contains(&r) && (0..SIDE as isize).contains(&c);
            if inside { img[r as usize * SIDE + c as usize] } else { 0 }
        })
        .collect();
    Patch { image, value, side, pixels }
}
