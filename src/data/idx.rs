//! IDX files (the MNIST format), parsed with full validation, and gzip handling.
use crate::base::error::{AppError, Result};
use std::io::Read;

/// Magic number of an IDX file of unsigned bytes with 3 dimensions (images).
pub const IMAGES_MAGIC: u32 = 0x0000_0803;
/// Magic number of an IDX file of unsigned bytes with 1 dimension (labels).
pub const LABELS_MAGIC: u32 = 0x0000_0801;
/// Side of an MNIST image in pixels.
pub const SIDE: usize = 28;
/// Pixels per image.
pub const PIXELS: usize = SIDE * SIDE;

fn be_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

fn check_header(name: &str, bytes: &[u8], header: usize, magic: u32, kind: &'static str) -> Result<()> {
    if bytes.len() < header {
        return Err(AppError::IdxTooShort { name: name.into(), len: bytes.len() });
    }
    let found = be_u32(bytes, 0);
    if found != magic {
        return Err(AppError::IdxBadMagic { name: name.into(), found, expected: magic, kind: kind.into() });
    }
    Ok(())
}

fn check_length(name: &str, body: &[u8], expected: usize) -> Result<()> {
    if body.len() != expected {
        return Err(AppError::IdxBadLength { name: name.into(), expected, found: body.len() });
    }
    Ok(())
}

/// Parses an IDX image file: returns the number of images and their pixels (row-major, 0–255).
pub fn parse_images(name: &str, bytes: &[u8]) -> Result<(usize, Vec<u8>)> {
    check_header(name, bytes, 16, IMAGES_MAGIC, "image")?;
    let count = be_u32(bytes, 4) as usize;
    let (rows, cols) = (be_u32(bytes, 8), be_u32(bytes, 12));
    if rows as usize != SIDE || cols as usize != SIDE {
        return Err(AppError::IdxBadDims { name: name.into(), rows, cols });
    }
    let body = &bytes[16..];
    check_length(name, body, count.saturating_mul(PIXELS))?;
    Ok((count, body.to_vec()))
}

/// Parses an IDX label file of `classes` classes: every label must be below `classes`.
pub fn parse_labels(name: &str, bytes: &[u8], classes: usize) -> Result<Vec<u8>> {
    check_header(name, bytes, 8, LABELS_MAGIC, "label")?;
    let count = be_u32(bytes, 4) as usize;
    let body = &bytes[8..];
    check_length(name, body, count)?;
    if let Some((index, &label)) = body.iter().enumerate().find(|(_, l)| **l as usize >= classes) {
        return Err(AppError::IdxBadLabel { name: name.into(), index, label, classes });
    }
    Ok(body.to_vec())
}

/// Returns the bytes unchanged unless they start with the gzip magic, in which case they are
/// decompressed: hosts may serve the raw IDX files or gzipped ones.
pub fn maybe_gunzip(name: &str, bytes: Vec<u8>) -> Result<Vec<u8>> {
    if bytes.len() < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b {
        return Ok(bytes);
    }
    let mut out = Vec::with_capacity((bytes.len() * 5).min(MAX_DECOMPRESSED));
    flate2::read::GzDecoder::new(&bytes[..])
        .take(MAX_DECOMPRESSED as u64 + 1) // a "gzip bomb" stops here, not at the memory limit
        .read_to_end(&mut out)
        .map_err(|e| AppError::Gzip { name: name.into(), reason: e.to_string() })?;
    if out.len() > MAX_DECOMPRESSED {
        let reason = format!("it expands to more than {} MB, far more than any MNIST file", MAX_DECOMPRESSED >> 20);
        return Err(AppError::Gzip { name: name.into(), reason });
    }
    Ok(out)
}

/// Largest decompressed file accepted (the MNIST training images are 47 MB).
pub const MAX_DECOMPRESSED: usize = 128 << 20;

/// Builds a valid IDX image file (for tests and fixtures).
pub fn encode_images(count: usize, pixels: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + pixels.len());
    for v in [IMAGES_MAGIC, count as u32, SIDE as u32, SIDE as u32] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    out.extend_from_slice(pixels);
    out
}

/// Builds a valid IDX label file (for tests and fixtures).
pub fn encode_labels(labels: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + labels.len());
    out.extend_from_slice(&LABELS_MAGIC.to_be_bytes());
    out.extend_from_slice(&(labels.len() as u32).to_be_bytes());
    out.extend_from_slice(labels);
    out
}
