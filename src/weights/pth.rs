//! PyTorch's `.pth` files (`torch.save(model.state_dict(), path)`): a zip archive holding the
//! pickle (`<name>/data.pkl`, read by [`crate::weights::pickle`]) and one entry per storage
//! (`<name>/data/<key>`). Every size is checked against the archive before anything is
//! allocated, and only floating-point tensors are read.
use crate::weights::pickle::{DType, TensorRef, read_state_dict};
use crate::weights::state_dict::StateDict;
use std::io::{Cursor, Read};

/// The largest pickle of a state dict we read (the networks' pickles are a few kB).
const MAX_PICKLE: u64 = 1 << 20;

/// Whether `bytes` look like a zip archive (a `.pth` since PyTorch 1.6).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Reads the state dict of a `.pth` file.
pub fn read(bytes: &[u8]) -> Result<StateDict, String> {
    if !is_zip(bytes) {
        return Err(if bytes.first() == Some(&0x80) {
            "it is a PyTorch file in the format before 1.6; save it again with a recent PyTorch (torch.save uses the zip format)".into()
        } else {
            "it is not a PyTorch .pth file (no zip archive)".into()
        });
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("its zip archive is damaged or cut off ({e})"))?;
    let pickle_name = (0..zip.len())
        .filter_map(|i| zip.name_for_index(i).map(str::to_string))
        .find(|n| n.ends_with("data.pkl") && n.matches('/').count() == 1)
        .ok_or("it is a zip archive without data.pkl, so not a file torch.save wrote")?;
    let prefix = pickle_name.trim_end_matches("data.pkl").to_string();
    let pickle = entry(&mut zip, &pickle_name, MAX_PICKLE)?;
    let refs = read_state_dict(&pickle)?;
    let (mut dict, mut budget) = (StateDict::default(), MAX_STORAGE_BYTES);
    for (name, t) in refs {
        let values = tensor(&mut zip, &prefix, &name, &t, &mut budget)?;
        dict.push(name, t.shape.clone(), values);
    }
    Ok(dict)
}

/// The most dimensions a tensor may have (a state dict's have 1 to 4).
const MAX_DIMS: usize = 8;

/// The most bytes of storage one file may ask us to read, all tensors together (this network's
/// weights are 0.5 MB; a ResNet-18's 45 MB).
const MAX_STORAGE_BYTES: usize = 1 << 27;

/// An entry's bytes, refusing one larger than `limit` (or than the archive itself), or one
/// compressed far beyond what any real file is (torch.save stores entries uncompressed).
fn entry(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str, limit: u64) -> Result<Vec<u8>, String> {
    let file = zip.by_name(name).map_err(|e| format!("{name} cannot be read from the archive ({e})"))?;
    if file.size() > limit {
        return Err(format!("{name} claims {} bytes, more than a state dict of this network holds", file.size()));
    }
    if file.size() > file.compressed_size().saturating_mul(16).saturating_add(64 << 10) {
        return Err(format!(
            "{name} is compressed {}-fold, which torch.save never does (refused)",
            file.size() / file.compressed_size().max(1)
        ));
    }
    let mut out = Vec::with_capacity(file.size() as usize);
    file.take(limit).read_to_end(&mut out).map_err(|e| format!("{name} is damaged or cut off ({e})"))?;
    Ok(out)
}

/// The values of one tensor, as f32, in row-major order of its shape; `budget` is what is left
/// of [`MAX_STORAGE_BYTES`].
fn tensor(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    prefix: &str,
    name: &str,
    t: &TensorRef,
    budget: &mut usize,
) -> Result<Vec<f32>, String> {
    if t.stride.len() != t.shape.len() {
        return Err(format!("{name} has {} strides for {} dimensions", t.stride.len(), t.shape.len()));
    }
    if t.shape.len() > MAX_DIMS {
        return Err(format!("{name} has {} dimensions; a weights tensor has at most {MAX_DIMS}", t.shape.len()));
    }
    let numel = t
        .shape
        .iter()
        .try_fold(1usize, |a, &d| a.checked_mul(d))
        .filter(|&n| n <= t.numel)
        .ok_or_else(|| format!("{name} claims a shape of {:?}, more values than its storage holds ({})", t.shape, t.numel))?;
    // The last element it reaches, in checked arithmetic: every other lies before it.
    let last = t.shape.iter().zip(&t.stride).try_fold(t.offset, |at, (&d, &s)| at.checked_add(d.saturating_sub(1).checked_mul(s)?));
    if numel > 0 && last.is_none_or(|l| l >= t.numel) {
        return Err(format!("{name} reaches past the end of its storage"));
    }
    let storage_bytes = t
        .numel
        .checked_mul(t.dtype.size())
        .filter(|&n| n <= *budget)
        .ok_or_else(|| format!("{name}'s storage claims {} values, more than a weights file of this page may hold", t.numel))?;
    *budget -= storage_bytes;
    let raw = entry(zip, &format!("{prefix}data/{}", t.key), storage_bytes as u64)?;
    if raw.len() != storage_bytes {
        return Err(format!("{name}'s data is {} bytes, its storage needs {storage_bytes}", raw.len()));
    }
    let mut out = Vec::with_capacity(numel);
    let mut index = vec![0usize; t.shape.len()];
    for _ in 0..numel {
        // Below `last`, checked above: no overflow, inside the storage.
        let at = t.offset + index.iter().zip(&t.stride).map(|(i, s)| i * s).sum::<usize>();
        out.push(value(&raw, at, t.dtype));
        // The next index in row-major order.
        for d in (0..index.len()).rev() {
            index[d] += 1;
            if index[d] < t.shape[d] {
                break;
            }
            index[d] = 0;
        }
    }
    Ok(out)
}

/// Element `i` of little-endian storage bytes, as f32.
fn value(raw: &[u8], i: usize, dtype: DType) -> f32 {
    let b = &raw[i * dtype.size()..(i + 1) * dtype.size()];
    match dtype {
        DType::F32 => f32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        DType::F64 => f64::from_le_bytes(b.try_into().expect("8 bytes")) as f32,
        DType::F16 => half::f16::from_le_bytes([b[0], b[1]]).to_f32(),
        DType::BF16 => half::bf16::from_le_bytes([b[0], b[1]]).to_f32(),
    }
}
