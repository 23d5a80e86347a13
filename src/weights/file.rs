//! Weights files, in and out: safetensors (this app's format, with the tutorial's key names and
//! PyTorch's layouts, and metadata) and PyTorch's `.pth`. Every refusal names the file and what
//! is wrong with it; nothing in a file is ever run.
use crate::base::error::{AppError, Result};
use crate::model::net::Net;
use crate::weights::pickle::shown;
use crate::weights::state_dict::StateDict;
use crate::weights::{pth, safetensors_file};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Larger than the weights file of any network allowed here (at most 5 M parameters: 20 MB).
pub const MAX_BYTES: usize = 64 << 20;

/// A weights file, read.
#[derive(Clone, Debug, PartialEq)]
pub struct WeightsFile {
    pub net: Net,
    /// The weights in this app's layout ([`Net::params`]).
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
            "the file is {:.0} MB; weights of the networks here are at most 20 MB (the tutorial's: 0.5 MB)",
            bytes.len() as f64 / 1e6
        ));
    }
    // Safetensors first: its header's length may start with the byte of a pre-1.6 pickle (0x80).
    let (dict, metadata, format) = if safetensors_file::is_safetensors(bytes) {
        let (dict, metadata) = safetensors_file::read(bytes)?;
        (dict, metadata, "safetensors")
    } else if pth::is_zip(bytes) || bytes[0] == 0x80 {
        (pth::read(bytes)?, HashMap::new(), "PyTorch .pth")
    } else if bytes.starts_with(b"MNISTCNN") {
        return Err("it is in this app's earlier weights format, which it no longer reads; download the weights again (safetensors)".into());
    } else {
        return Err("it is not a weights file (neither safetensors nor PyTorch .pth)".into());
    };
    let declared = declared_net(&metadata)?;
    let (net, flat) = check(&dict, declared.as_ref())?;
    if let Some(named) = metadata.get("arch").filter(|a| Some(a.as_str()) != net.preset_name()) {
        return Err(format!("its metadata says the {} network, but it holds the {} network's tensors", shown(named), net.label()));
    }
    Ok(WeightsFile { net, flat, metadata, format })
}

/// The network a file's metadata names (`net`: its text; files of earlier releases name only
/// `arch`, a preset), refused in words when it cannot be read.
fn declared_net(metadata: &HashMap<String, String>) -> std::result::Result<Option<Net>, String> {
    match metadata.get("net") {
        Some(text) => Net::parse(text).map(Some).map_err(|e| format!("its metadata names a network that cannot be built here ({e})")),
        None => Ok(metadata.get("arch").and_then(|a| Net::preset(a))),
    }
}

fn check(dict: &StateDict, net: Option<&Net>) -> std::result::Result<(Net, Vec<f32>), String> {
    if dict.tensors.is_empty() {
        return Err("it holds no tensors".into());
    }
    dict.to_flat(net)
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
        About { name: name.into(), format: self.format.into(), arch: self.net.label(), metadata }
    }
}

/// A safetensors file of these weights (this app's layout for `net`) with the tutorial's key
/// names and PyTorch's layouts, and `metadata` in its header, with the network's text (`net`,
/// so that a file knows its network) and, for a preset, its name (`arch`, as earlier releases
/// read it).
pub fn encode(net: &Net, flat: &[f32], metadata: &[(String, String)]) -> Vec<u8> {
    let mut meta = vec![("format".to_string(), "pt".to_string()), ("net".to_string(), net.text())];
    if let Some(name) = net.preset_name() {
        meta.push(("arch".to_string(), name.to_string()));
    }
    meta.extend(metadata.iter().filter(|(k, _)| !["arch", "format", "net"].contains(&k.as_str())).cloned());
    safetensors_file::write(&StateDict::from_flat(net, flat), &meta)
}
