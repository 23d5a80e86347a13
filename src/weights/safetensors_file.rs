//! Safetensors files (the `safetensors` crate): this app's weights format, written with the
//! tutorial's key names and PyTorch's layouts so that `safetensors.torch.load_file` gives the
//! tutorial's `model.load_state_dict` exactly what it expects, plus text metadata (the network,
//! how it was trained, its accuracy).
use crate::weights::state_dict::StateDict;
use safetensors::{Dtype, SafeTensors, View};
use std::borrow::Cow;
use std::collections::HashMap;

/// Whether `bytes` look like a safetensors file: an 8-byte header length, then a JSON object.
pub fn is_safetensors(bytes: &[u8]) -> bool {
    bytes.len() > 9 && bytes[8] == b'{'
}

struct F32<'a>(&'a [usize], &'a [f32]);

impl View for F32<'_> {
    fn dtype(&self) -> Dtype {
        Dtype::F32
    }

    fn shape(&self) -> &[usize] {
        self.0
    }

    fn data(&self) -> Cow<'_, [u8]> {
        Cow::Owned(self.1.iter().flat_map(|v| v.to_le_bytes()).collect())
    }

    fn data_len(&self) -> usize {
        self.1.len() * 4
    }
}

/// The file's bytes: every tensor as little-endian f32, `metadata` in the header.
pub fn write(dict: &StateDict, metadata: &[(String, String)]) -> Vec<u8> {
    let views = dict.tensors.iter().map(|(name, shape, values)| (name.as_str(), F32(shape, values)));
    // Collected into whichever map the crate's build uses (std's or hashbrown's).
    safetensors::serialize(views, Some(metadata.iter().cloned().collect())).expect("f32 tensors with consistent shapes serialise")
}

/// The tensors (as f32, whatever their stored float type) and the header's metadata.
pub fn read(bytes: &[u8]) -> Result<(StateDict, HashMap<String, String>), String> {
    let file = SafeTensors::deserialize(bytes).map_err(|e| format!("its safetensors header is invalid ({e})"))?;
    let header = SafeTensors::read_metadata(bytes).map_err(|e| format!("its safetensors header is invalid ({e})"))?.1;
    let metadata: HashMap<String, String> = header.metadata().iter().flatten().map(|(k, v)| (k.clone(), v.clone())).collect();
    let mut dict = StateDict::default();
    let mut tensors = file.tensors();
    tensors.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, view) in tensors {
        let data = view.data();
        let values: Vec<f32> = match view.dtype() {
            Dtype::F32 => data.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect(),
            Dtype::F64 => data.chunks_exact(8).map(|b| f64::from_le_bytes(b.try_into().expect("8 bytes")) as f32).collect(),
            Dtype::F16 => data.chunks_exact(2).map(|b| half::f16::from_le_bytes([b[0], b[1]]).to_f32()).collect(),
            Dtype::BF16 => data.chunks_exact(2).map(|b| half::bf16::from_le_bytes([b[0], b[1]]).to_f32()).collect(),
            other => return Err(format!("{} holds {other:?} values, not floating-point numbers", crate::weights::pickle::shown(&name))),
        };
        dict.push(name, view.shape().to_vec(), values);
    }
    Ok((dict, metadata))
}
