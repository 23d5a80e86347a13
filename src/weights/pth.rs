//! PyTorch's `.pth` files (`torch.save(model.state_dict(), path)`): a zip archive holding the
//! pickle (`<name>/data.pkl`, read by [`crate::weights::pickle`]) and one entry per storage
//! (`<name>/data/<key>`). Nothing is allocated or read on the archive's word: every entry is named
//! once, stored as torch.save stores it, and lies within the bytes really there; every tensor's
//! shape, its storage's entry and its name (against the network's) are checked before a storage
//! is read; then each storage is read once, however many tensors view it, and in full, so that
//! its checksum is compared. Only floating-point tensors are read.
use crate::weights::pickle::{DType, TensorRef, read_state_dict, shown};
use crate::weights::state_dict::{StateDict, check_layout};
use std::collections::{HashMap, HashSet};
use std::io::{Cursor, ErrorKind, Read};
use zip::result::ZipError;
use zip::{CompressionMethod, ZipArchive};

/// The largest pickle of a state dict we read (the networks' pickles are a few kB).
const MAX_PICKLE: u64 = 1 << 20;

/// The most dimensions a tensor may have (a state dict's have 1 to 4).
const MAX_DIMS: usize = 8;

/// The most bytes of storage one file may ask us to read, all storages together, each once (this
/// network's weights are 0.5 MB; a ResNet-18's 45 MB).
const MAX_STORAGE_BYTES: u64 = 1 << 27;

/// The most entries an archive may list (torch.save writes one per storage and four more).
const MAX_ENTRIES: u64 = 4096;

/// The number of entries the archive's end record says it holds (the zip64 record's when the
/// classic one says 0xFFFF); `None` when there is no end record (the zip reader says so).
fn entry_count(bytes: &[u8]) -> Option<u64> {
    let u16_at = |at: usize| bytes.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]) as u64);
    let u64_at = |at: usize| bytes.get(at..at + 8).map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")));
    // The end record is the last 22 bytes, plus a comment of at most 64 KiB.
    let from = bytes.len().saturating_sub(22 + 0xFFFF);
    let end = (from..=bytes.len().saturating_sub(22)).rev().find(|&at| bytes[at..].starts_with(b"PK\x05\x06"))?;
    let count = u16_at(end + 10)?;
    if count != 0xFFFF {
        return Some(count);
    }
    // zip64: a locator just before the end record points at the zip64 end record.
    let locator = end.checked_sub(20).filter(|&at| bytes[at..].starts_with(b"PK\x06\x07"))?;
    let record = usize::try_from(u64_at(locator + 8)?).ok().filter(|&at| bytes.get(at..).is_some_and(|r| r.starts_with(b"PK\x06\x06")))?;
    u64_at(record + 32)
}

/// Whether `bytes` look like a zip archive (a `.pth` since PyTorch 1.6).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Reads the state dict of a `.pth` file, which must hold one of the networks' (checked before
/// any storage is read).
pub fn read(bytes: &[u8]) -> Result<StateDict, String> {
    if !is_zip(bytes) {
        return Err(if bytes.first() == Some(&0x80) {
            "it is a PyTorch file in the format before 1.6; save it again with a recent PyTorch (torch.save uses the zip format)".into()
        } else {
            "it is not a PyTorch .pth file (no zip archive)".into()
        });
    }
    let mut archive = Archive::open(bytes)?;
    let (prefix, refs) = archive.state_dict()?;
    let numels = refs.iter().map(|(name, t)| view(name, t)).collect::<Result<Vec<_>, _>>()?;
    check_storages(&mut archive, &prefix, &refs)?;
    let layout: Vec<(&str, &[usize])> = refs.iter().map(|(name, t)| (name.as_str(), t.shape.as_slice())).collect();
    check_layout(&layout, None)?;
    tensors(&mut archive, &prefix, refs, &numels)
}

/// The archive, read from the file's bytes in memory, and its length.
struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    len: u64,
}

impl<'a> Archive<'a> {
    /// The archive of `bytes`, refused if its directory lists one name twice.
    fn open(bytes: &'a [u8]) -> Result<Self, String> {
        // Before the zip reader indexes the directory: an archive of many thousand entries
        // would cost memory in proportion (~2 KB each).
        if let Some(n) = entry_count(bytes).filter(|&n| n > MAX_ENTRIES) {
            return Err(format!("its archive lists {n} entries; torch.save writes a few per tensor, at most {MAX_ENTRIES} here (refused)"));
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("its zip archive is damaged or cut off ({e})"))?;
        named_once(&zip, bytes)?;
        Ok(Archive { zip, len: bytes.len() as u64 })
    }

    /// The prefix of the entries (`<name>/`) and the tensors the pickle describes.
    fn state_dict(&mut self) -> Result<(String, Vec<(String, TensorRef)>), String> {
        let pickle = (0..self.zip.len())
            .filter_map(|i| self.zip.name_for_index(i)?.ok().map(|n| n.into_owned()))
            .find(|n| n.ends_with("data.pkl") && n.matches('/').count() == 1)
            .ok_or("it is a zip archive without data.pkl, so not a file torch.save wrote")?;
        let label = shown(&pickle);
        let size = self.size(&pickle, &label)?;
        if size > MAX_PICKLE {
            return Err(format!("{label} claims {size} bytes, more than a state dict of this network holds"));
        }
        let refs = read_state_dict(&self.contents(&pickle, &label, size)?)?;
        Ok((pickle.trim_end_matches("data.pkl").to_string(), refs))
    }

    /// The size of entry `name` (`label` in messages), checked against the archive before
    /// anything is allocated: stored as it is (torch.save compresses nothing), so its size is the
    /// same in both of the directory's fields, and its bytes lie within the archive.
    fn size(&mut self, name: &str, label: &str) -> Result<u64, String> {
        let file = self.zip.by_name(name).map_err(|e| match e {
            ZipError::FileNotFound => format!("{label} is missing from the archive"),
            e => format!("{label} cannot be read from the archive ({e})"),
        })?;
        if file.compression() != CompressionMethod::Stored {
            return Err(format!("{label} is compressed ({}), which torch.save never does (refused)", file.compression()));
        }
        let (size, stored) = (file.size(), file.compressed_size());
        if size != stored {
            return Err(format!("{label} claims {size} bytes but stores {stored}, which an entry stored as it is cannot (refused)"));
        }
        let start = file.data_start().ok_or_else(|| format!("{label} cannot be read from the archive (no local header)"))?;
        let left = self.len.saturating_sub(start);
        if stored > left {
            return Err(format!("{label} claims {stored} bytes, but the archive holds only {left} from where it starts"));
        }
        Ok(size)
    }

    /// The `size` bytes of entry `name` (checked by [`Archive::size`]), read to its end so that
    /// the zip reader compares its checksum.
    fn contents(&mut self, name: &str, label: &str, size: u64) -> Result<Vec<u8>, String> {
        let mut file = self.zip.by_name(name).map_err(|e| format!("{label} cannot be read from the archive ({e})"))?;
        let capacity = usize::try_from(size).map_err(|_| format!("{label} is larger than this machine can hold"))?;
        let mut out = Vec::with_capacity(capacity);
        file.read_to_end(&mut out).map_err(|e| match e.kind() {
            ErrorKind::InvalidData => format!("{label} is damaged: its bytes do not match the archive's checksum"),
            _ => format!("{label} is damaged or cut off ({e})"),
        })?;
        if out.len() != capacity {
            return Err(format!("{label} is cut off ({} of its {size} bytes)", out.len()));
        }
        Ok(out)
    }
}

/// Refuses an archive whose directory lists one name twice: the zip reader keeps one of the two
/// entries without a word, and another reader may take the other. The names are read from the
/// central directory's records themselves (the reader's list has each name once).
fn named_once(zip: &ZipArchive<Cursor<&[u8]>>, bytes: &[u8]) -> Result<(), String> {
    let mut at = usize::try_from(zip.central_directory_start()).unwrap_or(usize::MAX);
    let (mut seen, mut records) = (HashSet::new(), 0usize);
    while let Some(record) = bytes.get(at..).filter(|r| r.starts_with(b"PK\x01\x02")) {
        let field = |i: usize| record.get(i..i + 2).map_or(0, |b| usize::from(u16::from_le_bytes([b[0], b[1]])));
        let (name_len, extra_len, comment_len) = (field(28), field(30), field(32));
        let name = record.get(46..46 + name_len).unwrap_or_default();
        if !seen.insert(name) {
            return Err(format!("the archive holds two entries named {}", shown(&String::from_utf8_lossy(name))));
        }
        records += 1;
        at = at.saturating_add(46 + name_len + extra_len + comment_len);
    }
    if records > zip.len() {
        return Err(format!("the archive's directory lists {records} entries under {} names", zip.len()));
    }
    Ok(())
}

/// The entry of storage `key` and how messages name it (with the tensor `name` that views it).
fn storage_entry(prefix: &str, key: &str, name: &str) -> (String, String) {
    let entry = format!("{prefix}data/{key}");
    let label = format!("{} (the data of {})", shown(&entry), shown(name));
    (entry, label)
}

/// The bytes of the storage tensor `name` views, as the pickle describes it.
fn storage_bytes(name: &str, t: &TensorRef) -> Result<u64, String> {
    t.numel
        .checked_mul(t.dtype.size())
        .and_then(|n| u64::try_from(n).ok())
        .ok_or_else(|| format!("{}'s storage claims {} values, more than a weights file of this page may hold", shown(name), t.numel))
}

/// Checks the storage of every tensor against the archive before one is read: its entry is there,
/// stored, inside the archive, of exactly the bytes the pickle says; all of them together (each
/// once, however many tensors view it) fit in the archive and [`MAX_STORAGE_BYTES`].
fn check_storages(archive: &mut Archive, prefix: &str, refs: &[(String, TensorRef)]) -> Result<(), String> {
    let (mut sizes, mut total) = (HashMap::new(), 0u64);
    for (name, t) in refs {
        let need = storage_bytes(name, t)?;
        let (entry, label) = storage_entry(prefix, &t.key, name);
        let size = match sizes.get(t.key.as_str()) {
            Some(&size) => size,
            None => {
                let size = archive.size(&entry, &label)?;
                total = total.saturating_add(size);
                sizes.insert(t.key.as_str(), size);
                size
            }
        };
        if size != need {
            return Err(format!("{label} holds {size} bytes, but its storage of {} values needs {need}", t.numel));
        }
    }
    if total > archive.len {
        return Err(format!("its storages claim {total} bytes together, more than the whole archive holds ({} bytes)", archive.len));
    }
    if total > MAX_STORAGE_BYTES {
        return Err(format!("its storages hold {total} bytes, more than a weights file of this page may hold"));
    }
    Ok(())
}

/// The values tensor `name` takes from its storage, checked without reading it: its dimensions,
/// its shape against the storage's values, and the last value it reaches inside the storage.
fn view(name: &str, t: &TensorRef) -> Result<usize, String> {
    let name = shown(name);
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
    Ok(numel)
}

/// The tensors (their `numels`, checked by [`view`]) with their values, in file order: each
/// storage is read once, whichever tensors view it.
fn tensors(archive: &mut Archive, prefix: &str, refs: Vec<(String, TensorRef)>, numels: &[usize]) -> Result<StateDict, String> {
    let mut values: Vec<Option<Vec<f32>>> = vec![None; refs.len()];
    for (i, (name, t)) in refs.iter().enumerate() {
        if values[i].is_some() {
            continue;
        }
        let (entry, label) = storage_entry(prefix, &t.key, name);
        let raw = archive.contents(&entry, &label, storage_bytes(name, t)?)?;
        for (j, (_, u)) in refs.iter().enumerate().skip(i).filter(|(_, (_, u))| u.key == t.key) {
            // Checked: every view of the storage lies within its bytes.
            values[j] = Some(take(&raw, u, numels[j]));
        }
    }
    let mut dict = StateDict::default();
    for ((name, t), v) in refs.into_iter().zip(values) {
        dict.push(name, t.shape, v.unwrap_or_default());
    }
    Ok(dict)
}

/// The `numel` values of view `t` of storage bytes `raw`, as f32, in row-major order of its shape
/// (every one inside `raw`: checked by [`view`] and [`check_storages`]).
fn take(raw: &[u8], t: &TensorRef, numel: usize) -> Vec<f32> {
    let mut out = Vec::with_capacity(numel);
    let mut index = vec![0usize; t.shape.len()];
    for _ in 0..numel {
        // Below the last element reached, checked: no overflow, inside the storage.
        let at = t.offset + index.iter().zip(&t.stride).map(|(i, s)| i * s).sum::<usize>();
        out.push(value(raw, at, t.dtype));
        // The next index in row-major order.
        for d in (0..index.len()).rev() {
            index[d] += 1;
            if index[d] < t.shape[d] {
                break;
            }
            index[d] = 0;
        }
    }
    out
}

/// Element `i` of little-endian storage bytes, as f32 (0 outside them, which the checks rule out).
fn value(raw: &[u8], i: usize, dtype: DType) -> f32 {
    let n = dtype.size();
    let Some(b) = i.checked_mul(n).and_then(|at| raw.get(at..at.checked_add(n)?)) else { return 0.0 };
    match dtype {
        DType::F32 => f32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        DType::F64 => f64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]) as f32,
        DType::F16 => half::f16::from_le_bytes([b[0], b[1]]).to_f32(),
        DType::BF16 => half::bf16::from_le_bytes([b[0], b[1]]).to_f32(),
    }
}
