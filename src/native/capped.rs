//! Files named on the command line read with a cap: a file larger than any of its kind (or one
//! that never ends, such as `/dev/zero` or a pipe) is refused before it fills memory.
use crate::base::error::{AppError, Result};
use std::io::Read;
use std::path::Path;

/// The bytes of `path`, at most `max` of them; more is refused with the file's name.
pub fn read_capped(path: &Path, max: usize) -> Result<Vec<u8>> {
    let io = |e: std::io::Error| AppError::Io(format!("{}: {e}", path.display()));
    let too_large = || AppError::TooLarge { name: path.display().to_string(), max_mb: (max >> 20) as u64 };
    let file = std::fs::File::open(path).map_err(io)?;
    // A regular file says its length: refused before a byte is read.
    let known = file.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
    if known.is_some_and(|len| len > max as u64) {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(known.map_or(0, |len| len as usize));
    // One byte past the cap tells a file that goes on (a device, a pipe) from one that fits.
    file.take(max as u64 + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() > max {
        return Err(too_large());
    }
    Ok(bytes)
}
