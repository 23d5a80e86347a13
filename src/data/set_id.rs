//! Which data set a run trained on: MNIST (no id: runs kept before sets of one's own), or a set of
//! one's own by its name, a hash of its content and its class names. Checkpoints, run records and
//! weights files carry it: a checkpoint continues only on its own set, and the compare legend
//! names a difference of sets.
use crate::data::dataset::Dataset;
use serde::{Deserialize, Serialize};

/// MNIST's [`SetId::hash`]: its files given as a set of one's own are MNIST.
pub const MNIST_HASH: &str = "df6dde61190e897b";

/// A set of one's own: what the page lists, and what a run remembers of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetId {
    /// What the page calls it (from its files' names).
    pub name: String,
    /// CRC-32 of the training set's images and labels, then of the test set's: 16 hex digits.
    pub hash: String,
    /// One name per class, in label order.
    pub classes: Vec<String>,
}

impl SetId {
    /// The id of a set named `name` of these images and classes.
    pub fn of(name: &str, train: &Dataset, test: &Dataset, classes: &[String]) -> Self {
        let crc = |set: &Dataset| {
            let mut h = crc32fast::Hasher::new();
            h.update(&set.pixels);
            h.update(&set.labels);
            h.finalize()
        };
        Self { name: name.to_string(), hash: format!("{:08x}{:08x}", crc(train), crc(test)), classes: classes.to_vec() }
    }

    /// The id a run remembers of this set: `None` when it is MNIST (its content, ten classes
    /// numbered), as runs on MNIST have always been.
    pub fn of_own(name: &str, train: &Dataset, test: &Dataset, classes: &[String]) -> Option<Self> {
        let id = Self::of(name, train, test, classes);
        let mnist = id.hash == MNIST_HASH && classes == crate::data::classes::numbered(crate::data::classes::DIGITS);
        (!mnist).then_some(id)
    }

    /// "name (1a2b3c)": the name and the hash's first six digits, as messages name a set.
    pub fn label(&self) -> String {
        format!("{} ({})", self.name, &self.hash[..self.hash.len().min(6)])
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
