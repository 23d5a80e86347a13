//! Sets of one's own kept in this browser: each set's files as one IndexedDB entry
//! ([`KeptSet::encode`]: a header, then the files' bytes), and the list the page shows
//! (`data-set-select`: name, images, classes), kept beside them in localStorage. Read back
//! with the same care as any file: a damaged entry is refused in words.
use crate::base::error::{AppError, Result};
use crate::data::set_id::SetId;
use serde::{Deserialize, Serialize};

/// The IndexedDB key of a kept set's files: its content and its class names (the same files
/// named otherwise are another set).
pub fn key(id: &SetId) -> String {
    let mut names = crc32fast::Hasher::new();
    names.update(id.classes.join("\n").as_bytes());
    format!("set:{}-{:08x}", id.hash, names.finalize())
}

/// The first bytes of a kept set's entry.
const MAGIC: &[u8; 8] = b"MNISTSET";
/// The largest header read back (names of a few files and at most 62 classes).
const MAX_HEADER: usize = 1 << 20;

/// A set's files as picked, to train on it again on a later visit.
#[derive(Clone, Debug, PartialEq)]
pub struct KeptSet {
    pub id: SetId,
    /// Its images are EMNIST's (`None`: as the files' names say).
    pub transposed: Option<bool>,
    /// Each file's name and bytes, as picked (raw or gzipped).
    pub files: Vec<(String, Vec<u8>)>,
}

#[derive(Serialize, Deserialize)]
struct Header {
    id: SetId,
    transposed: Option<bool>,
    /// Each file's name and length, in order.
    files: Vec<(String, usize)>,
}

impl KeptSet {
    pub fn encode(&self) -> Vec<u8> {
        let files = self.files.iter().map(|(n, b)| (n.clone(), b.len())).collect();
        let header = serde_json::to_vec(&Header { id: self.id.clone(), transposed: self.transposed, files }).expect("serialises");
        let mut out = Vec::with_capacity(12 + header.len() + self.files.iter().map(|f| f.1.len()).sum::<usize>());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(header.len() as u32).to_le_bytes());
        out.extend_from_slice(&header);
        for (_, bytes) in &self.files {
            out.extend_from_slice(bytes);
        }
        out
    }

    /// The set kept as `bytes`; refused (naming `name`) when they are not a whole entry.
    pub fn decode(name: &str, bytes: &[u8]) -> Result<Self> {
        let bad = |reason: &str| AppError::KeptSetDamaged { name: name.to_string(), reason: reason.to_string() };
        if bytes.len() < 12 || &bytes[..8] != MAGIC {
            return Err(bad("it is not a kept set"));
        }
        let len = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes")) as usize;
        if len > MAX_HEADER || 12 + len > bytes.len() {
            return Err(bad("its header is cut short or too long"));
        }
        let header: Header = serde_json::from_slice(&bytes[12..12 + len]).map_err(|_| bad("its header cannot be read"))?;
        let mut at = 12 + len;
        let mut files = Vec::with_capacity(header.files.len().min(8));
        for (file, n) in header.files {
            let end = at.checked_add(n).filter(|&e| e <= bytes.len()).ok_or_else(|| bad("its files are cut short"))?;
            files.push((file, bytes[at..end].to_vec()));
            at = end;
        }
        if at != bytes.len() {
            return Err(bad("it holds more than its files"));
        }
        Ok(Self { id: header.id, transposed: header.transposed, files })
    }
}

/// One line of the kept sets' list: the set (with its training images) and its test images.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeptInfo {
    pub id: SetId,
    pub test: usize,
}

/// The list as kept (JSON); a damaged list reads as empty (the sets' entries stay in IndexedDB,
/// unlisted, until storage is cleared).
pub fn parse_list(json: Option<&str>) -> Vec<KeptInfo> {
    json.and_then(|j| serde_json::from_str(j).ok()).unwrap_or_default()
}

/// The list with `info` added (replacing the same set: its [`key`]), newest last.
pub fn with(list: &[KeptInfo], info: KeptInfo) -> Vec<KeptInfo> {
    let mut out = without(list, &key(&info.id));
    out.push(info);
    out
}

/// The list without the set of `kept` (its [`key`]).
pub fn without(list: &[KeptInfo], kept: &str) -> Vec<KeptInfo> {
    list.iter().filter(|k| key(&k.id) != kept).cloned().collect()
}
