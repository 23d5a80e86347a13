//! The network's weights as one flat list of floats: seeded initialisation identical on every
//! backend, asynchronous read-out (no synchronous GPU readback), loading, and a checked file format.
use crate::data::SplitMix64;
use crate::error::{AppError, Result};
use crate::model::{Cnn, PARAM_COUNT};
use burn::module::{ModuleMapper, ModuleVisitor, Param};
use burn::prelude::*;

/// Every parameter tensor in the order the module visits them: name, shape, fan-in.
pub const LAYOUT: [(&str, &[usize], usize); 10] = [
    ("conv1.weight", &[16, 1, 5, 5], 25),
    ("conv1.bias", &[16], 25),
    ("conv2a.weight", &[32, 16, 5, 5], 400),
    ("conv2a.bias", &[32], 400),
    ("conv2b.weight", &[32, 32, 5, 5], 800),
    ("conv2b.bias", &[32], 800),
    ("conv3.weight", &[64, 32, 5, 5], 800),
    ("conv3.bias", &[64], 800),
    ("out.weight", &[3136, 10], 3136),
    ("out.bias", &[10], 3136),
];

const MAGIC: &[u8; 8] = b"MNISTCNN";
const VERSION: u32 = 1;
const HEADER: usize = 8 + 4 + 4;

/// PyTorch's default initialisation (uniform in ±1/√fan_in for weights and biases), drawn from
/// a seeded generator so that the same seed gives the same network on every backend.
pub fn init_flat(seed: u64) -> Vec<f32> {
    let mut rng = SplitMix64::new(seed);
    let mut flat = Vec::with_capacity(PARAM_COUNT);
    for (_, shape, fan_in) in LAYOUT {
        let bound = 1.0 / (fan_in as f64).sqrt();
        for _ in 0..shape.iter().product::<usize>() {
            let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64; // [0, 1)
            flat.push(((2.0 * u - 1.0) * bound) as f32);
        }
    }
    flat
}

struct Collect(Vec<Tensor<1>>);

impl ModuleVisitor for Collect {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        self.0.push(param.val().flatten::<1>(0, D - 1)); // [..] -> [n]
    }
}

/// Reads all parameters in one asynchronous transfer.
pub async fn read_flat(model: &Cnn) -> Result<Vec<f32>> {
    let mut collect = Collect(Vec::new());
    model.visit(&mut collect);
    let all = Tensor::cat(collect.0, 0).detach(); // [121514]
    let data = all.into_data_async().await?;
    data.try_into_vec::<f32>().map_err(|e| AppError::Device(format!("{e:?}")))
}

struct Load<'a> {
    flat: &'a [f32],
    at: usize,
    index: usize,
    error: Option<AppError>,
}

impl ModuleMapper for Load<'_> {
    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        let shape = param.lazy_shape().to_vec();
        let expected = LAYOUT.get(self.index).map(|l| l.1.to_vec());
        self.index += 1;
        if self.error.is_some() || expected.as_ref() != Some(&shape) {
            self.error.get_or_insert(AppError::Weights(format!("unexpected parameter of shape {shape:?}")));
            return param;
        }
        let n: usize = shape.iter().product();
        let values = self.flat[self.at..self.at + n].to_vec();
        self.at += n;
        let tensor = Tensor::<D>::from_data(TensorData::new(values, shape), &param.lazy_device());
        let id = param.id;
        param.transform_for_load(tensor, id)
    }
}

/// Puts `flat` (in [`LAYOUT`] order) into `model`, on the model's device.
pub fn load(model: Cnn, flat: &[f32]) -> Result<Cnn> {
    if flat.len() != PARAM_COUNT {
        return Err(AppError::Weights(format!("{} values, expected {PARAM_COUNT}", flat.len())));
    }
    let mut loader = Load { flat, at: 0, index: 0, error: None };
    let model = model.map(&mut loader);
    match loader.error {
        Some(e) => Err(e),
        None => Ok(model),
    }
}

/// A fresh network on `device` with the seeded initial weights.
pub fn seeded_model(seed: u64, device: &Device) -> Cnn {
    load(Cnn::new(device), &init_flat(seed)).expect("the layout matches the network")
}

/// The weights file: magic, version, parameter count, then little-endian f32 values.
pub fn encode(flat: &[f32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + flat.len() * 4);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(flat.len() as u32).to_le_bytes());
    flat.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
    out
}

/// Parses a weights file, checking every size before allocating anything.
pub fn decode(bytes: &[u8]) -> Result<Vec<f32>> {
    let bad = |m: String| Err(AppError::Weights(m));
    if bytes.len() < HEADER || &bytes[..8] != MAGIC {
        return bad("it does not start with this app's weights header".into());
    }
    let word = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
    if word(8) != VERSION {
        return bad(format!("format version {} is not supported", word(8)));
    }
    let count = word(12) as usize;
    if count != PARAM_COUNT {
        return bad(format!("it holds {count} parameters, this network has {PARAM_COUNT}"));
    }
    if bytes.len() != HEADER + count * 4 {
        return bad(format!("it is {} bytes, expected {}", bytes.len(), HEADER + count * 4));
    }
    let flat: Vec<f32> = bytes[HEADER..].chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().expect("4"))).collect();
    if flat.iter().any(|v| !v.is_finite()) {
        return bad("it contains values that are not finite numbers".into());
    }
    Ok(flat)
}

/// How the shipped weights were made (static/weights/pretrained.json).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PretrainedInfo {
    pub test_accuracy: f64,
    pub epochs: usize,
    pub command: String,
    pub machine: String,
}

impl PretrainedInfo {
    pub fn describe(&self) -> String {
        format!(
            " — {:.2}% on the 10,000 test images; trained natively with this app's code ({} epochs, `{}`, {})",
            self.test_accuracy, self.epochs, self.command, self.machine
        )
    }
}
