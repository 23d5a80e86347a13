//! The weights file format, apart from burn so that it can be fuzzed on its own: magic
//! "MNISTCNN", version 1, parameter count, then little-endian f32 values. The count says which
//! network variant the file is for.
use crate::arch::Arch;
use crate::error::{AppError, Result};

const MAGIC: &[u8; 8] = b"MNISTCNN";
const VERSION: u32 = 1;
const HEADER: usize = 8 + 4 + 4;

/// The weights file: magic, version, parameter count, then little-endian f32 values.
pub fn encode(flat: &[f32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + flat.len() * 4);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(flat.len() as u32).to_le_bytes());
    flat.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
    out
}

/// Parses a weights file, checking every size before allocating anything.
pub fn decode(bytes: &[u8]) -> Result<Vec<f32>> {
    let bad = |m: String| Err(AppError::Weights(m));
    if bytes.len() < HEADER || &bytes[..8] != MAGIC {
        return bad("it does not start with this app's weights header".into());
    }
    let word = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
    if word(8) != VERSION {
        return bad(format!("format version {} is not supported", word(8)));
    }
    let count = word(12) as usize;
    if Arch::from_param_count(count).is_none() {
        let counts = Arch::ALL.map(|a| format!("{} ({})", a.param_count(), a.as_str())).join(" or ");
        return bad(format!("it holds {count} parameters, these networks have {counts}"));
    }
    if bytes.len() != HEADER + count * 4 {
        return bad(format!("it is {} bytes, expected {}", bytes.len(), HEADER + count * 4));
    }
    let flat: Vec<f32> = bytes[HEADER..].chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().expect("4"))).collect();
    if flat.iter().any(|v| !v.is_finite()) {
        return bad("it contains values that are not finite numbers".into());
    }
    Ok(flat)
}

