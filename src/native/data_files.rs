//! The MNIST files on disk (`static/data`, where `scripts/fetch-data.sh` puts them), read by the
//! native command and the native tests.
use crate::base::error::Result;
use crate::data::dataset::{self, Dataset};
use crate::data::idx::{MAX_DECOMPRESSED, maybe_gunzip};
use std::path::{Path, PathBuf};

/// Reads one data file from `dir` (`name.gz` or `name`), decompressed.
pub fn read_file(dir: &Path, name: &str) -> Result<Vec<u8>> {
    let gz = dir.join(format!("{name}.gz"));
    let path = if gz.exists() { gz } else { dir.join(name) };
    let bytes = crate::native::capped::read_capped(&path, MAX_DECOMPRESSED)?;
    maybe_gunzip(name, bytes)
}

/// Loads the training and test sets from `dir`.
pub fn load_mnist(dir: &Path) -> Result<(Dataset, Dataset)> {
    let set = |i: &str, l: &str| -> Result<Dataset> { Dataset::from_idx((i, &read_file(dir, i)?), (l, &read_file(dir, l)?)) };
    Ok((set(dataset::TRAIN_IMAGES, dataset::TRAIN_LABELS)?, set(dataset::TEST_IMAGES, dataset::TEST_LABELS)?))
}

/// The default data folder: `static/data` of this crate.
pub fn default_data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("static/data")
}
