//! A model's weights by name, as PyTorch keeps them (the tutorial's `CNN.state_dict()`: keys
//! `conv1.0.weight`, `conv2.0.*`, `conv2.2.*`, `conv3.0.*`, `out.*`, Linear weights as
//! [out, in]), and the mapping to and from this app's flat layout ([`crate::model::net`]), with every
//! mismatch named (in a message of bounded length, whatever the file holds).
use crate::model::net::Net;
use crate::weights::pickle::shown;
use std::collections::HashSet;

/// Named tensors in file order: (name, shape, values in row-major order).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StateDict {
    pub tensors: Vec<(String, Vec<usize>, Vec<f32>)>,
}

/// One parameter tensor: its PyTorch name, our layout's shape, and whether it is a Linear weight
/// (PyTorch [out, in], burn [in, out]).
struct Name {
    torch: String,
    shape: Vec<usize>,
    transposed: bool,
}

/// The network's tensors in layout order with their PyTorch names ([`Net::torch_names`]): for
/// the tutorial's network its `CNN` class's (Sequential blocks conv1 (0: Conv2d), conv2 (0, 2),
/// conv3 (0), out), for the deeper one the same kind of class (conv1 = Sequential(Conv2d, ReLU,
/// Conv2d, ReLU, MaxPool2d), …, hidden = Linear(3136, 128), out = Linear(128, 10)).
fn names(net: &Net) -> Vec<Name> {
    net.torch_names().into_iter().zip(net.params()).map(|((torch, transposed), p)| Name { torch, shape: p.shape, transposed }).collect()
}

/// The network tensors of these names are for when nothing else says: the preset whose names
/// they are exactly, else the network their names and shapes describe ([`infer`]), else the
/// deeper one if it has its names, else the tutorial's (whose names the error then lists).
fn guess(tensors: &[(&str, &[usize])]) -> Net {
    let has = |name: &str| tensors.iter().any(|t| t.0 == name);
    // As many classes as the classifier's bias has outputs (ten when it cannot be so).
    let classes = tensors.iter().find(|t| t.0 == "out.bias").and_then(|t| t.1.first().copied()).unwrap_or(10);
    let with_classes = |net: Net| net.with_classes(classes).unwrap_or(net);
    let mut presets = crate::model::net::PRESET_NAMES.iter().filter_map(|n| Net::preset(n)).map(with_classes);
    let exact = presets.find(|net| fits(net, tensors));
    exact
        .or_else(|| infer(tensors, classes))
        .unwrap_or_else(|| with_classes(if has("conv1.2.weight") || has("hidden.weight") { Net::deeper() } else { Net::default() }))
}

/// The network a state dict of this app's PyTorch class describes ([`crate::weights::torch_code`]):
/// block `b`'s convolutions from `conv<b>.<i>.weight` ([O, C, k, k]; a gap in the indices is a
/// dropout, whose rate no file keeps: 0 here), a pool after every block but perhaps the last, the
/// dense layers `hidden` or `hidden1`, `hidden2`, … and as many pools at the end as make the
/// classifier's inputs. `None` when no network of this app has exactly these tensors.
fn infer(tensors: &[(&str, &[usize])], classes: usize) -> Option<Net> {
    use crate::model::net::Layer;
    let mut convs: Vec<(usize, usize, usize, usize)> = Vec::new(); // (block, index, channels, kernel)
    for (name, shape) in tensors {
        let Some(rest) = name.strip_prefix("conv").and_then(|r| r.strip_suffix(".weight")) else { continue };
        let (block, index) = rest.split_once('.')?;
        if let ([o, _, k, _], Ok(b), Ok(i)) = (shape, block.parse::<usize>(), index.parse::<usize>()) {
            convs.push((b, i, *o, *k));
        }
    }
    convs.sort_unstable();
    let last_block = convs.last().map_or(0, |c| c.0);
    if last_block > crate::model::net::MAX_LAYERS || convs.len() > crate::model::net::MAX_LAYERS {
        return None;
    }
    let mut layers = Vec::new();
    for b in 1..=last_block {
        let mut at = 0;
        for &(_, i, channels, kernel) in convs.iter().filter(|c| c.0 == b) {
            layers.extend((at..i).map(|_| Layer::Dropout(0.0)));
            layers.push(Layer::Conv { channels, kernel });
            at = i + 2; // the convolution and its ReLU
        }
        if b < last_block {
            layers.push(Layer::Pool);
        }
    }
    let dense_names = std::iter::once("hidden".to_string()).chain((1..=crate::model::net::MAX_LAYERS).map(|n| format!("hidden{n}")));
    let dense: Vec<Layer> = dense_names
        .filter_map(|n| tensors.iter().find(|t| t.0 == format!("{n}.weight")).and_then(|t| t.1.first().copied()))
        .map(|units| Layer::Dense { units })
        .collect();
    // Pools after the last block: as many as the classifier's (or first dense layer's) inputs say.
    (0..=4).find_map(|pools| {
        let mut all = layers.clone();
        all.extend(std::iter::repeat_n(Layer::Pool, pools));
        all.extend(dense.iter().copied());
        Net::new(all).ok().and_then(|net| net.with_classes(classes).ok()).filter(|net| fits(net, tensors))
    })
}

/// Whether `tensors` are exactly `net`'s, by name and shape.
fn fits(net: &Net, tensors: &[(&str, &[usize])]) -> bool {
    let wanted = names(net);
    wanted.len() == tensors.len()
        && wanted.iter().all(|n| tensors.iter().any(|t| t.0 == n.torch && *t.1 == torch_shape(&n.shape, n.transposed)[..]))
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

/// Which network tensors of these names and shapes (file order) are for (`net` when the file
/// or the checkpoint says, else [`guess`]), before any value is read: a name given twice (PyTorch
/// would keep the last, a reader the first), every name missing or unexpected and every shape
/// that differs are named in the error.
pub fn check_layout(tensors: &[(&str, &[usize])], net: Option<&Net>) -> Result<Net, String> {
    let find = |name: &str| tensors.iter().find(|t| t.0 == name).map(|t| t.1);
    let net = net.cloned().unwrap_or_else(|| guess(tensors));
    let names = names(&net);
    let (twice, distinct) = repeated(tensors.iter().map(|t| t.0));
    let missing: Vec<&str> = names.iter().map(|n| n.torch.as_str()).filter(|k| find(k).is_none()).collect();
    let extra: Vec<&str> = distinct.into_iter().filter(|k| !names.iter().any(|n| n.torch == *k)).collect();
    let mut problems = Vec::new();
    if let Some(name) = twice {
        problems.push(format!("the state dict names {} twice", shown(name)));
    }
    if !missing.is_empty() {
        problems.push(format!("missing {}", listed(&missing)));
    }
    if !extra.is_empty() {
        problems.push(format!("unexpected {}", listed(&extra)));
    }
    for name in &names {
        let want = torch_shape(&name.shape, name.transposed);
        if let Some(found) = find(&name.torch).filter(|found| **found != want) {
            problems.push(format!("{} has shape {}, expected {want:?}", name.torch, dims(found)));
        }
    }
    if problems.is_empty() {
        return Ok(net);
    }
    let mut message = problems.join("; ");
    if !missing.is_empty() || !extra.is_empty() {
        let keys: Vec<&str> = names.iter().map(|n| n.torch.as_str()).collect();
        message.push_str(&format!(" (the {} network's keys are {})", crate::base::text::printable(&net.label()), listed(&keys)));
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

    /// The weights in this app's flat layout for `net` (when the file or checkpoint says which,
    /// else guessed from the names), checking every name and shape ([`check_layout`]), then every
    /// value; every mismatch is named in the error.
    pub fn to_flat(&self, net: Option<&Net>) -> Result<(Net, Vec<f32>), String> {
        let layout: Vec<(&str, &[usize])> = self.tensors.iter().map(|(name, shape, _)| (name.as_str(), shape.as_slice())).collect();
        let net = check_layout(&layout, net)?;
        let mut problems = Vec::new();
        let mut flat = Vec::with_capacity(net.param_count());
        for name in names(&net) {
            let Some((_, _, values)) = self.get(&name.torch) else { continue };
            let want = torch_shape(&name.shape, name.transposed);
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
        if problems.is_empty() { Ok((net, flat)) } else { Err(problems.join("; ")) }
    }

    /// Weights of this app's layout for `net`, with PyTorch's names and layouts.
    pub fn from_flat(net: &Net, flat: &[f32]) -> Self {
        let mut dict = StateDict::default();
        let mut at = 0;
        for name in names(net) {
            let len: usize = name.shape.iter().product();
            let values = &flat[at..at + len];
            at += len;
            let values = if name.transposed { transpose(values, name.shape[0], name.shape[1]) } else { values.to_vec() };
            dict.push(name.torch.clone(), torch_shape(&name.shape, name.transposed), values);
        }
        dict
    }
}
