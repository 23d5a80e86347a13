//! A data set of one's own in MNIST's format (Fashion-MNIST, KMNIST, EMNIST…): the four IDX files
//! (raw or gzipped), optional class names, and EMNIST's transposed images, checked as MNIST's are
//! and against each other.
use crate::base::error::{AppError, Result};
use crate::data::classes::{self, MAX_CLASSES};
use crate::data::dataset::Dataset;
use crate::data::idx::{self, PIXELS, SIDE};
use crate::data::set_id::{MNIST_HASH, SetId, content_hash};

/// A training set and a test set of the same classes, with the classes' names.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnSet {
    pub train: Dataset,
    pub test: Dataset,
    pub classes: Vec<String>,
}

/// The four files of a set, each its name and bytes (raw or gzipped, taken so that a raw file is
/// not copied): training images and labels, test images and labels.
pub struct OwnFiles {
    pub train_images: (String, Vec<u8>),
    pub train_labels: (String, Vec<u8>),
    pub test_images: (String, Vec<u8>),
    pub test_labels: (String, Vec<u8>),
}

impl OwnSet {
    /// The set of `files`, with the class names of the text file `names` (name, text) or, without
    /// it, as many classes as the training labels reach (named by number); `transposed` for
    /// EMNIST, whose images are stored column by column. Labels count from 0, or from 1 when the
    /// names say so (EMNIST letters' mapping) or when the training labels run from 1 to as many
    /// names as there are. A file that is not right is refused with its name and why; so is a
    /// test set with a label beyond the training set's classes.
    pub fn from_files(files: OwnFiles, names: Option<(&str, &str)>, transposed: bool) -> Result<Self> {
        let names = names.map(|(name, text)| classes::read_names(name, text)).transpose()?;
        let read = |images: (String, Vec<u8>), labels: &(String, Vec<u8>)| -> Result<Dataset> {
            let ib = idx::maybe_gunzip(&images.0, images.1)?;
            let lb = idx::maybe_gunzip(&labels.0, labels.1.clone())?; // labels: 1 byte an image
            // Any label here; checked against the classes below, once they are known.
            let mut set = Dataset::from_idx_within((&images.0, &ib), (&labels.0, &lb), ANY_LABEL)?;
            if transposed {
                transpose(&mut set.pixels);
            }
            Ok(set)
        };
        let mut train = read(files.train_images, &files.train_labels)?;
        let mut test = read(files.test_images, &files.test_labels)?;
        let (lowest, highest) = (train.labels.iter().min().copied().unwrap_or(0) as usize, max_label(&train));
        let first = match &names {
            Some(n) => n.first.unwrap_or(usize::from(lowest == 1 && highest == n.names.len())),
            None => 0,
        };
        let classes = match names {
            Some(n) => n.names,
            None => classes::numbered((highest + 1).min(MAX_CLASSES + 1)),
        };
        let within = first..first + classes.len().min(MAX_CLASSES);
        let beyond = |set: &Dataset| set.labels.iter().position(|l| !within.contains(&(*l as usize))).map(|i| (i, set.labels[i]));
        if let Some((index, label)) = beyond(&train) {
            return Err(AppError::IdxBadLabel { name: files.train_labels.0, index, label, classes: classes.len().min(MAX_CLASSES) });
        }
        if let Some((index, label)) = beyond(&test) {
            let (train, test) = (files.train_labels.0, files.test_labels.0);
            return Err(AppError::SetsDisagree { train, test, index, label, classes: classes.len() });
        }
        for set in [&mut train, &mut test] {
            set.labels.iter_mut().for_each(|l| *l -= first as u8);
        }
        Ok(Self { train, test, classes })
    }

    /// Its id as runs remember it, named `name`: `None` when it is MNIST (its content, ten
    /// classes numbered), as runs on MNIST have always been.
    pub fn id(&self, name: &str) -> Option<SetId> {
        let hash = content_hash((&self.train.pixels, &self.train.labels), (&self.test.pixels, &self.test.labels));
        let mnist = hash == MNIST_HASH && self.classes == classes::numbered(classes::DIGITS);
        (!mnist).then(|| SetId { name: name.to_string(), hash, classes: self.classes.clone(), train: self.train.len() })
    }
}

/// Labels read before the classes are known: every byte.
const ANY_LABEL: usize = 256;

/// What files dropped or picked together are: the four of a set, the class names (a `.txt`
/// file), and whether their names say EMNIST (whose images are transposed).
pub struct Picked {
    pub files: OwnFiles,
    pub names: Option<(String, String)>,
    pub emnist: bool,
}

/// The parts of a set as its files are named (MNIST's, Fashion-MNIST's, KMNIST's and EMNIST's
/// names all fit): `train`/`t10k`/`test`, and `images`/`idx3` or `labels`/`idx1`.
pub const ROLES: [&str; 4] = ["train-images", "train-labels", "test-images", "test-labels"];

/// The role ([`ROLES`]'s index) of a file by its name, if it has one.
pub fn role(name: &str) -> Option<usize> {
    let n = name.to_ascii_lowercase();
    let test = n.contains("t10k") || n.contains("test");
    let train = n.contains("train");
    let labels = n.contains("labels") || n.contains("idx1");
    let images = n.contains("images") || n.contains("idx3");
    match (train, test, images, labels) {
        (true, false, true, false) => Some(0),
        (true, false, false, true) => Some(1),
        (false, true, true, false) => Some(2),
        (false, true, false, true) => Some(3),
        _ => None,
    }
}

impl Picked {
    /// Sorts `files` (name, bytes) into a set's four and its names; refuses a file that is none
    /// of them, two for one part, a part missing, or a text file too large to be names.
    pub fn sort(files: Vec<(String, Vec<u8>)>) -> Result<Self> {
        let mut parts: [Option<(String, Vec<u8>)>; 4] = Default::default();
        let mut names: Option<(String, String)> = None;
        for (name, bytes) in files {
            if name.to_ascii_lowercase().ends_with(".txt") {
                if let Some((first, _)) = &names {
                    return Err(AppError::SetFileTwice { role: "names".into(), first: first.clone(), second: name });
                }
                if bytes.len() > classes::MAX_NAMES_BYTES {
                    return Err(AppError::TooLarge { name, max_mb: 1 });
                }
                names = Some((name, String::from_utf8_lossy(&bytes).into_owned()));
                continue;
            }
            let Some(r) = role(&name) else { return Err(AppError::SetFileUnknown { name }) };
            if let Some((first, _)) = &parts[r] {
                return Err(AppError::SetFileTwice { role: ROLES[r].into(), first: first.clone(), second: name });
            }
            parts[r] = Some((name, bytes));
        }
        let emnist = parts.iter().flatten().any(|(n, _)| n.to_ascii_lowercase().contains("emnist"));
        let mut take = |r: usize| parts[r].take().ok_or_else(|| AppError::SetFileMissing { role: ROLES[r].into() });
        let files = OwnFiles { train_images: take(0)?, train_labels: take(1)?, test_images: take(2)?, test_labels: take(3)? };
        Ok(Self { files, names, emnist })
    }
}

fn max_label(set: &Dataset) -> usize {
    set.labels.iter().copied().max().unwrap_or(0) as usize
}

/// Every 28×28 image of `pixels` mirrored about its diagonal (rows become columns).
pub fn transpose(pixels: &mut [u8]) {
    for image in pixels.chunks_exact_mut(PIXELS) {
        for r in 0..SIDE {
            for c in r + 1..SIDE {
                image.swap(r * SIDE + c, c * SIDE + r);
            }
        }
    }
}
