//! A model's weights by name, as PyTorch keeps them (the tutorial's `CNN.state_dict()`: keys
//! `conv1.0.weight`, `conv2.0.*`, `conv2.2.*`, `conv3.0.*`, `out.*`, Linear weights as
//! [out, in]), and the mapping to and from this app's flat layout ([`crate::model::arch`]), with every
//! mismatch named (in a message of bounded length, whatever the file holds).
use crate::model::arch::Arch;
use crate::weights::pickle::shown;
use std::collections::HashSet;

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

/// How many names a message lists before it counts the rest.
const MAX_LISTED: usize = 8;

/// Names for a message: the first [`MAX_LISTED`], each cut short, then how many more.
fn listed(names: &[&str]) -> String {
    let mut text = names.iter().take(MAX_LISTED).map(|n| shown(n)).collect::<Vec<_>>().join(", ");
    if names.len() > MAX_LISTED {
        text.push_str(&format!(" and {} more", names.len() - MAX_LISTED));
    }
    text
}

/// A shape for a message: at most [`MAX_LISTED`] sizes, then how many dimensions in all.
fn dims(shape: &[usize]) -> String {
    if shape.len() <= MAX_LISTED {
        return format!("{shape:?}");
    }
    let first: Vec<String> = shape.iter().take(MAX_LISTED).map(usize::to_string).collect();
    format!("[{}, … ({} dimensions)]", first.join(", "), shape.len())
}

/// The first name of `names` that comes again, and the distinct ones in order.
fn repeated<'a>(names: impl Iterator<Item = &'a str>) -> (Option<&'a str>, Vec<&'a str>) {
    let (mut seen, mut twice, mut distinct) = (HashSet::new(), None, Vec::new());
    for name in names {
        if seen.insert(name) {
            distinct.push(name);
        } else if twice.is_none() {
            twice = Some(name);
        }
    }
    (twice, distinct)
}

/// Which network tensors of these names and shapes (file order) are for, before any value is
/// read: a name given twice (PyTorch would keep the last, a reader the first), every name missing
/// or unexpected and every shape that differs are named in the error.
pub fn check_layout(tensors: &[(&str, &[usize])]) -> Result<Arch, String> {
    let find = |name: &str| tensors.iter().find(|t| t.0 == name).map(|t| t.1);
    let arch = if find("conv1.2.weight").is_some() || find("hidden.weight").is_some() { Arch::Deeper } else { Arch::Tutorial };
    let names = names(arch);
    let (twice, distinct) = repeated(tensors.iter().map(|t| t.0));
    let missing: Vec<&str> = names.iter().map(|n| n.torch).filter(|k| find(k).is_none()).collect();
    let extra: Vec<&str> = distinct.into_iter().filter(|k| !names.iter().any(|n| n.torch == *k)).collect();
    let mut problems = Vec::new();
    if let Some(name) = twice {
        problems.push(format!("the state dict names {} twice", shown(name)));
    }
    if !missing.is_empty() {
        problems.push(format!("missing {}", missing.join(", "))); // the network's names: a few
    }
    if !extra.is_empty() {
        problems.push(format!("unexpected {}", listed(&extra)));
    }
    for (name, (_, shape, _)) in names.iter().zip(arch.layout()) {
        let want = torch_shape(shape, name.transposed);
        if let Some(found) = find(name.torch).filter(|found| **found != want) {
            problems.push(format!("{} has shape {}, expected {want:?}", name.torch, dims(found)));
        }
    }
    if problems.is_empty() {
        return Ok(arch);
    }
    let mut message = problems.join("; ");
    if !missing.is_empty() || !extra.is_empty() {
        let keys: Vec<&str> = names.iter().map(|n| n.torch).collect();
        message.push_str(&format!(" (the {} network's keys are {})", arch.as_str(), keys.join(", ")));
    }
    Err(message)
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

    /// The weights in this app's flat layout, checking every name and shape ([`check_layout`]),
    /// then every value; every mismatch is named in the error.
    pub fn to_flat(&self) -> Result<(Arch, Vec<f32>), String> {
        let layout: Vec<(&str, &[usize])> = self.tensors.iter().map(|(name, shape, _)| (name.as_str(), shape.as_slice())).collect();
        let arch = check_layout(&layout)?;
        let mut problems = Vec::new();
        let mut flat = Vec::with_capacity(arch.param_count());
        for (name, (ours, shape, _)) in names(arch).iter().zip(arch.layout()) {
            debug_assert_eq!(name.ours, *ours, "the name table follows the layout");
            let Some((_, _, values)) = self.get(name.torch) else { continue };
            let want = torch_shape(shape, name.transposed);
            if values.len() != want.iter().product::<usize>() {
                problems.push(format!("{} has {} values for its shape {want:?}", name.torch, values.len()));
            } else if let Some(v) = values.iter().find(|v| !v.is_finite()) {
                problems.push(format!("{} contains {v}, not a finite number", name.torch));
            } else if name.transposed {
                flat.extend(transpose(values, want[0], want[1]));
            } else {
                flat.extend_from_slice(values);
            }
        }
        if problems.is_empty() { Ok((arch, flat)) } else { Err(problems.join("; ")) }
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
