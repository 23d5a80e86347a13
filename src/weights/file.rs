//! Weights files, in and out: safetensors (this app's format, with the tutorial's key names and
//! PyTorch's layouts, and metadata) and PyTorch's `.pth`. Every refusal names the file and what
//! is wrong with it; nothing in a file is ever run.
use crate::base::error::{AppError, Result};
use crate::model::arch::Arch;
use crate::weights::state_dict::StateDict;
use crate::weights::{pth, safetensors_file};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Larger than any weights file of these networks (0.5 MB and 2.4 MB) by far.
pub const MAX_BYTES: usize = 64 << 20;

/// A weights file, read.
#[derive(Clone, Debug, PartialEq)]
pub struct WeightsFile {
    pub arch: Arch,
    /// The weights in this app's layout ([`crate::model::arch::Arch::layout`]).
    pub flat: Vec<f32>,
    /// The safetensors header's metadata (empty for `.pth`).
    pub metadata: HashMap<String, String>,
    /// "safetensors" or "PyTorch .pth".
    pub format: &'static str,
}

/// Reads a weights file; `name` is what the user calls it (shown in every message).
pub fn decode(name: &str, bytes: &[u8]) -> Result<WeightsFile> {
    read(bytes).map_err(|reason| AppError::BadWeightsFile { name: name.to_string(), reason })
}

fn read(bytes: &[u8]) -> std::result::Result<WeightsFile, String> {
    if bytes.is_empty() {
        return Err("the file is empty".into());
    }
    if bytes.len() > MAX_BYTES {
        return Err(format!(
            "the file is {:.0} MB; weights of these networks are 0.5 MB (tutorial) or 2.4 MB (deeper)",
            bytes.len() as f64 / 1e6
        ));
    }
    let (dict, metadata, format) = if pth::is_zip(bytes) || bytes[0] == 0x80 {
        (pth::read(bytes)?, HashMap::new(), "PyTorch .pth")
    } else if safetensors_file::is_safetensors(bytes) {
        let (dict, metadata) = safetensors_file::read(bytes)?;
        (dict, metadata, "safetensors")
    } else if bytes.starts_with(b"MNISTCNN") {
        return Err("it is in this app's earlier weights format, which it no longer reads; download the weights again (safetensors)".into());
    } else {
        return Err("it is not a weights file (neither safetensors nor PyTorch .pth)".into());
    };
    let (arch, flat) = check(&dict)?;
    if let Some(declared) = metadata.get("arch").filter(|a| **a != arch.as_str()) {
        return Err(format!("its metadata says the {declared} network, but it holds the {} network's tensors", arch.as_str()));
    }
    Ok(WeightsFile { arch, flat, metadata, format })
}

fn check(dict: &StateDict) -> std::result::Result<(Arch, Vec<f32>), String> {
    if dict.tensors.is_empty() {
        return Err("it holds no tensors".into());
    }
    dict.to_flat()
}

/// Where weights came from: the file's name, format and network, and its metadata (how it was
/// trained, when it says); `crate::page::model_text::about_text` words it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct About {
    pub name: String,
    pub format: String,
    pub arch: String,
    pub metadata: BTreeMap<String, String>,
}

impl WeightsFile {
    pub fn about(&self, name: &str) -> About {
        let metadata = self.metadata.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| (k.clone(), v.clone())).collect();
        About { name: name.into(), format: self.format.into(), arch: self.arch.as_str().into(), metadata }
    }
}

/// A safetensors file of these weights (this app's layout for `arch`) with the tutorial's key
/// names and PyTorch's layouts, and `metadata` (plus the network's name) in its header.
pub fn encode(arch: Arch, flat: &[f32], metadata: &[(String, String)]) -> Vec<u8> {
    let mut meta = vec![("format".to_string(), "pt".to_string()), ("arch".to_string(), arch.as_str().to_string())];
    meta.extend(metadata.iter().filter(|(k, _)| k != "arch" && k != "format").cloned());
    safetensors_file::write(&StateDict::from_flat(arch, flat), &meta)
}
