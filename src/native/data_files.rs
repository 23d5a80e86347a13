//! The data on disk: MNIST's files (`static/data`, where `scripts/fetch-data.sh` puts them), read
//! by the native tests, and any set in MNIST's format (a folder of its four files), read by the
//! native command.
use crate::base::error::{AppError, Result};
use crate::data::dataset::{self, Dataset};
use crate::data::idx::{MAX_DECOMPRESSED, maybe_gunzip};
use crate::data::own_set::{OwnSet, Picked, role};
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

/// The set in folder `dir`: its four files (found by their names; hidden files, a raw file beside
/// its `.gz` and other files left alone), the
/// class names of the text file `classes` (else numbered), its images transposed when
/// `transposed` or when the files are EMNIST's.
pub fn load_set(dir: &Path, classes: Option<&Path>, transposed: bool) -> Result<OwnSet> {
    let io = |e: std::io::Error| AppError::Io(format!("{}: {e}", dir.display()));
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if path.is_file() && !name.starts_with('.') && role(&name).is_some() {
            paths.push((name, path));
        }
    }
    let zipped: Vec<String> = paths.iter().filter_map(|(n, _)| n.strip_suffix(".gz").map(str::to_string)).collect();
    let mut files = Vec::new();
    for (name, path) in paths.into_iter().filter(|(n, _)| !zipped.contains(n)) {
        files.push((name, crate::native::capped::read_capped(&path, MAX_DECOMPRESSED)?));
    }
    files.sort();
    let picked = Picked::sort(files)?;
    let names = match classes {
        Some(p) => {
            let bytes = crate::native::capped::read_capped(p, crate::data::classes::MAX_NAMES_BYTES)?;
            Some((p.display().to_string(), String::from_utf8_lossy(&bytes).into_owned()))
        }
        None => None,
    };
    let names = names.as_ref().map(|(n, t)| (n.as_str(), t.as_str()));
    OwnSet::from_files(picked.files, names, transposed || picked.emnist)
}

/// The default data folder: `static/data` of this crate.
pub fn default_data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("static/data")
}
