//! A model's weights by name, as PyTorch keeps them (the tutorial's `CNN.state_dict()`: keys
//! `conv1.0.weight`, `conv2.0.*`, `conv2.2.*`, `conv3.0.*`, `out.*`, Linear weights as
//! [out, in]), and the mapping to and from this app's flat layout ([`crate::model::arch`]), with every
//! mismatch named.
use crate::model::arch::Arch;

/// Named tensors in file order: (name, shape, values in row-major order).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StateDict {
    pub tensors: Vec<(String, Vec<usize>, Vec<f32>)>,
}

/// One parameter tensor: its PyTorch name, our layout's name, and whether it is a Linear weight
/// (PyTorch [out, in], burn [in, out]).
struct Name {
    torch: &'static str,
    ours: &'static str,
    transposed: bool,
}

const fn n(torch: &'static str, ours: &'static str, transposed: bool) -> Name {
    Name { torch, ours, transposed }
}

/// The tutorial's `CNN`: Sequential blocks conv1 (0: Conv2d), conv2 (0, 2: Conv2d), conv3 (0), out.
const TUTORIAL: [Name; 10] = [
    n("conv1.0.weight", "conv1.weight", false),
    n("conv1.0.bias", "conv1.bias", false),
    n("conv2.0.weight", "conv2a.weight", false),
    n("conv2.0.bias", "conv2a.bias", false),
    n("conv2.2.weight", "conv2b.weight", false),
    n("conv2.2.bias", "conv2b.bias", false),
    n("conv3.0.weight", "conv3.weight", false),
    n("conv3.0.bias", "conv3.bias", false),
    n("out.weight", "out.weight", true),
    n("out.bias", "out.bias", false),
];

/// The deeper variant as the same kind of PyTorch class: conv1 = Sequential(Conv2d, ReLU,
/// Conv2d, ReLU, MaxPool2d), conv3 = Sequential(Conv2d, ReLU, Conv2d, ReLU), then
/// hidden = Linear(3136, 128) and out = Linear(128, 10).
const DEEPER: [Name; 16] = [
    n("conv1.0.weight", "conv1.weight", false),
    n("conv1.0.bias", "conv1.bias", false),
    n("conv1.2.weight", "conv1b.weight", false),
    n("conv1.2.bias", "conv1b.bias", false),
    n("conv2.0.weight", "conv2a.weight", false),
    n("conv2.0.bias", "conv2a.bias", false),
    n("conv2.2.weight", "conv2b.weight", false),
    n("conv2.2.bias", "conv2b.bias", false),
    n("conv3.0.weight", "conv3.weight", false),
    n("conv3.0.bias", "conv3.bias", false),
    n("conv3.2.weight", "conv3b.weight", false),
    n("conv3.2.bias", "conv3b.bias", false),
    n("hidden.weight", "hidden.weight", true),
    n("hidden.bias", "hidden.bias", false),
    n("out.weight", "out.weight", true),
    n("out.bias", "out.bias", false),
];

fn names(arch: Arch) -> &'static [Name] {
    match arch {
        Arch::Tutorial => &TUTORIAL,
        Arch::Deeper => &DEEPER,
    }
}

/// The PyTorch shape of a tensor of our layout.
fn torch_shape(shape: &[usize], transposed: bool) -> Vec<usize> {
    if transposed { shape.iter().rev().copied().collect() } else { shape.to_vec() }
}

/// `[rows, cols]` row-major values transposed to `[cols, rows]`.
fn transpose(values: &[f32], rows: usize, cols: usize) -> Vec<f32> {
    (0..cols).flat_map(|c| (0..rows).map(move |r| values[r * cols + c])).collect()
}

impl StateDict {
    pub fn push(&mut self, name: String, shape: Vec<usize>, values: Vec<f32>) {
        self.tensors.push((name, shape, values));
    }

    fn get(&self, name: &str) -> Option<&(String, Vec<usize>, Vec<f32>)> {
        self.tensors.iter().find(|t| t.0 == name)
    }

    /// Which network these weights are for: the deeper one has `conv1.2` and `hidden`.
    pub fn arch(&self) -> Arch {
        if self.get("conv1.2.weight").is_some() || self.get("hidden.weight").is_some() { Arch::Deeper } else { Arch::Tutorial }
    }

    /// The weights in this app's flat layout, checking every name and shape; every mismatch is
    /// named in the error.
    pub fn to_flat(&self) -> Result<(Arch, Vec<f32>), String> {
        let arch = self.arch();
        let names = names(arch);
        let missing: Vec<&str> = names.iter().map(|n| n.torch).filter(|k| self.get(k).is_none()).collect();
        let extra: Vec<&str> = self.tensors.iter().map(|t| t.0.as_str()).filter(|k| !names.iter().any(|n| n.torch == *k)).collect();
        let mut problems = Vec::new();
        if !missing.is_empty() {
            problems.push(format!("missing {}", missing.join(", ")));
        }
        if !extra.is_empty() {
            problems.push(format!("unexpected {}", extra.join(", ")));
        }
        let mut flat = Vec::with_capacity(arch.param_count());
        for (name, (ours, shape, _)) in names.iter().zip(arch.layout()) {
            debug_assert_eq!(name.ours, *ours, "the name table follows the layout");
            let Some((_, found, values)) = self.get(name.torch) else { continue };
            let want = torch_shape(shape, name.transposed);
            if *found != want {
                problems.push(format!("{} has shape {found:?}, expected {want:?}", name.torch));
            } else if let Some(v) = values.iter().find(|v| !v.is_finite()) {
                problems.push(format!("{} contains {v}, not a finite number", name.torch));
            } else if name.transposed {
                flat.extend(transpose(values, want[0], want[1]));
            } else {
                flat.extend_from_slice(values);
            }
        }
        if problems.is_empty() {
            return Ok((arch, flat));
        }
        let mut message = problems.join("; ");
        if !missing.is_empty() || !extra.is_empty() {
            let keys: Vec<&str> = names.iter().map(|n| n.torch).collect();
            message.push_str(&format!(" (the {} network's keys are {})", arch.as_str(), keys.join(", ")));
        }
        Err(message)
    }

    /// Weights of this app's layout for `arch`, with PyTorch's names and layouts.
    pub fn from_flat(arch: Arch, flat: &[f32]) -> Self {
        let mut dict = StateDict::default();
        let mut at = 0;
        for (name, (_, shape, _)) in names(arch).iter().zip(arch.layout()) {
            let len: usize = shape.iter().product();
            let values = &flat[at..at + len];
            at += len;
            let values = if name.transposed { transpose(values, shape[0], shape[1]) } else { values.to_vec() };
            dict.push(name.torch.into(), torch_shape(shape, name.transposed), values);
        }
        dict
    }
}
