//! Which data set a run trained on: MNIST (no id: runs kept before sets of one's own), or a set of
//! one's own by its name, a hash of its content and its class names. Checkpoints, run records and
//! weights files carry it: a checkpoint continues only on its own set, and the compare legend
//! names a difference of sets. (Plain values, no burn: the fuzz targets' decoders include it.)
use serde::{Deserialize, Serialize};

/// MNIST's [`SetId::hash`]: its files given as a set of one's own are MNIST.
pub const MNIST_HASH: &str = "df6dde61190e897b";

/// A set of one's own: what the page lists, and what a run remembers of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetId {
    /// What the page calls it (from its files' names).
    pub name: String,
    /// [`content_hash`] of its images and labels.
    pub hash: String,
    /// One name per class, in label order.
    pub classes: Vec<String>,
    /// Images in its training set (where a checkpoint of a run on it stands: its epoch).
    #[serde(default)]
    pub train: usize,
}

/// CRC-32 of a training set's images and labels, then of its test set's: 16 hex digits.
pub fn content_hash(train: (&[u8], &[u8]), test: (&[u8], &[u8])) -> String {
    let crc = |(pixels, labels): (&[u8], &[u8])| {
        let mut h = crc32fast::Hasher::new();
        h.update(pixels);
        h.update(labels);
        h.finalize()
    };
    format!("{:08x}{:08x}", crc(train), crc(test))
}

impl SetId {
    /// "name (1a2b3c: A, B, C…)": its label and its first classes, as a refusal tells sets of the
    /// same files but other names apart.
    pub fn describe(&self) -> String {
        let mut classes = self.classes.iter().take(6).map(String::as_str).collect::<Vec<_>>().join(", ");
        if self.classes.len() > 6 {
            classes.push('…');
        }
        format!("{} ({}: {classes})", self.name, self.hash.chars().take(6).collect::<String>())
    }

    /// "name (1a2b3c)": the name and the hash's first six digits, as messages name a set.
    pub fn label(&self) -> String {
        format!("{} ({})", self.name, self.hash.chars().take(6).collect::<String>())
    }
}

/// What a set of files is called: the part of the training images' name before `train`
/// (`emnist-letters`), else the class names' file without `.txt` (unless it is just `names` or
/// `classes`), else `fallback`.
pub fn set_name(train_images: &str, names_file: Option<&str>, fallback: &str) -> String {
    let lower = train_images.to_ascii_lowercase();
    let prefix = lower.find("train").map_or("", |i| &train_images[..i]).trim_matches(|c: char| !c.is_alphanumeric());
    if !prefix.is_empty() {
        return prefix.to_string();
    }
    let stem = names_file.map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n)).map(|n| n.strip_suffix(".txt").unwrap_or(n));
    match stem {
        Some(s) if !s.is_empty() && !["names", "classes"].contains(&s.to_ascii_lowercase().as_str()) => s.to_string(),
        _ => fallback.to_string(),
    }
}
