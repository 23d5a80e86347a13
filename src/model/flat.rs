//! The network's weights as one flat list of floats: seeded initialisation identical on every
//! backend, asynchronous read-out (no synchronous GPU readback), loading, and a checked file format.
use crate::base::error::{AppError, Result};
use crate::base::rng::SplitMix64;
use crate::model::net::Net;
use crate::model::network::Cnn;
use burn::module::{ModuleMapper, ModuleVisitor, Param};
use burn::prelude::*;

/// PyTorch's default initialisation (uniform in ±1/√fan_in for weights and biases), drawn from
/// a seeded generator so that the same seed gives the same network on every backend.
pub fn init_flat(seed: u64) -> Vec<f32> {
    init_for(&Net::default(), seed)
}

/// [`init_flat`] for any network.
pub fn init_for(net: &Net, seed: u64) -> Vec<f32> {
    let mut rng = SplitMix64::new(seed);
    let mut flat = Vec::with_capacity(net.param_count());
    for p in net.params() {
        let bound = 1.0 / (p.fan_in as f64).sqrt();
        for _ in 0..p.shape.iter().product::<usize>() {
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

/// Every parameter tensor flattened, in the layout's order (not autodiff: for reading).
pub fn flat_tensors(model: &Cnn) -> Vec<Tensor<1>> {
    let mut collect = Collect(Vec::new());
    model.visit(&mut collect);
    collect.0.into_iter().map(|t| t.inner()).collect()
}

/// Reads all parameters in one asynchronous transfer.
pub async fn read_flat(model: &Cnn) -> Result<Vec<f32>> {
    let all = Tensor::cat(flat_tensors(model), 0); // [parameters]
    let data = all.into_data_async().await?;
    data.try_into_vec::<f32>().map_err(|e| AppError::Device(format!("{e:?}")))
}

struct Load<'a> {
    layout: Vec<Vec<usize>>,
    flat: &'a [f32],
    at: usize,
    index: usize,
    error: Option<AppError>,
}

impl ModuleMapper for Load<'_> {
    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        let shape = param.lazy_shape().to_vec();
        let expected = self.layout.get(self.index).cloned();
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

/// Puts `flat` (in the layout order of the model's network) into `model`, on the model's device.
pub fn load(model: Cnn, flat: &[f32]) -> Result<Cnn> {
    let net = model.net().clone();
    if flat.len() != net.param_count() {
        let theirs = crate::model::net::PRESET_NAMES.iter().filter_map(|n| Net::preset(n)).find(|n| n.param_count() == flat.len());
        let what = theirs.map_or(String::new(), |n| format!(" (as many as the {} network has)", n.label()));
        return Err(AppError::Weights(format!("{} values{what}, the {} network has {}", flat.len(), net.label(), net.param_count())));
    }
    let layout = net.params().into_iter().map(|p| p.shape).collect();
    let mut loader = Load { layout, flat, at: 0, index: 0, error: None };
    let model = model.map(&mut loader);
    match loader.error {
        Some(e) => Err(e),
        None => Ok(model),
    }
}

/// A fresh tutorial network on `device` with the seeded initial weights.
pub fn seeded_model(seed: u64, device: &Device) -> Cnn {
    seeded(&Net::default(), seed, device)
}

/// A fresh network `net` with the seeded initial weights.
pub fn seeded(net: &Net, seed: u64, device: &Device) -> Cnn {
    load(Cnn::build(net, device), &init_for(net, seed)).expect("the layout matches the network")
}
