//! A restricted reader of the pickle inside a PyTorch `.pth` file: it understands what
//! `torch.save(model.state_dict())` writes — an `OrderedDict` of tensors, each rebuilt by
//! `torch._utils._rebuild_tensor_v2` from a storage named by a persistent id — and refuses every
//! other Python global. Nothing is ever executed: globals are names compared with a list.
//!
//! Bounded for hostile files: every value made or copied (a memo read copies) is counted against
//! [`MAX_NODES`], every byte of text made or copied (a string read back from the memo is copied
//! again when the state dict is handed out) against [`MAX_TEXT`], and no value nests deeper than
//! [`MAX_DEPTH`], so a few hundred crafted bytes cannot ask for gigabytes or a value whose drop
//! overflows the stack. Names in messages are cut short ([`shown`]).
mod torch;
mod value;
mod vm;

/// The most values a pickle may make or copy (a state dict of these networks makes a few
/// hundred; a ResNet's about 20,000). Each costs ~60 bytes: the reader holds at most ~6 MB.
pub const MAX_NODES: usize = 100_000;
/// The most bytes of text (names, storage keys, shapes) a pickle may make or copy, each copy
/// counted by its length (a state dict of these networks holds about 1 kB of them; a ResNet's
/// about 30 kB).
pub const MAX_TEXT: usize = 4 << 20;
/// The deepest nesting of tuples, lists and dicts (a state dict nests 3–4 levels).
pub const MAX_DEPTH: usize = 100;
/// The most characters of a name from a file that a message shows.
pub const MAX_NAME_SHOWN: usize = 64;

/// A name from a file as a message shows it: at most [`MAX_NAME_SHOWN`] characters (a longer one
/// cut, ending in "…"), nothing in it that hides or reorders text ([`crate::base::text::cut`]).
pub fn shown(name: &str) -> String {
    crate::base::text::cut(name, MAX_NAME_SHOWN)
}

/// The tensor element types a state dict may hold (the storage class names PyTorch writes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DType {
    F32,
    F64,
    F16,
    BF16,
}

impl DType {
    fn from_storage(name: &str) -> Option<Self> {
        Some(match name {
            "FloatStorage" => DType::F32,
            "DoubleStorage" => DType::F64,
            "HalfStorage" => DType::F16,
            "BFloat16Storage" => DType::BF16,
            _ => return None,
        })
    }

    pub fn size(self) -> usize {
        match self {
            DType::F32 => 4,
            DType::F64 => 8,
            DType::F16 | DType::BF16 => 2,
        }
    }
}

/// A tensor as the pickle describes it: where its values are, not the values.
#[derive(Clone, Debug, PartialEq)]
pub struct TensorRef {
    /// The storage's entry name in the archive (`<archive>/data/<key>`).
    pub key: String,
    pub dtype: DType,
    /// Elements the storage holds.
    pub numel: usize,
    pub offset: usize,
    pub shape: Vec<usize>,
    pub stride: Vec<usize>,
}

impl TensorRef {
    /// Bytes of its key and sizes: what a copy of it costs.
    fn text(&self) -> usize {
        let sizes = self.shape.len().saturating_add(self.stride.len()).saturating_mul(size_of::<usize>());
        self.key.len().saturating_add(sizes)
    }
}

/// Reads the pickle `data` into the named tensors of the state dict, in file order.
pub fn read_state_dict(data: &[u8]) -> Result<Vec<(String, TensorRef)>, String> {
    use value::Value;
    match vm::Vm::new(data).run()? {
        Value::Dict(items) => items
            .items
            .chunks(2)
            .map(|pair| match pair {
                [Value::Str(k), Value::Tensor(t)] => Ok((k.to_string(), (**t).clone())),
                [Value::Str(k), other] => Err(format!("{} is not a tensor ({})", shown(k), other.kind())),
                [other, ..] => Err(format!("a key of the state dict is not a name ({})", other.kind())),
                [] => unreachable!("chunks are never empty"),
            })
            .collect(),
        Value::Global(g) => Err(format!("it holds a `{g}`, not a state dict")),
        other => Err(format!("it holds a {}, not a state dict (save model.state_dict())", other.kind())),
    }
}
