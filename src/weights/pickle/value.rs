//! The values a state dict's pickle builds, each container knowing its depth, size and text so
//! that the reader can bound them without walking a tree.
use super::{DType, MAX_DEPTH, TensorRef};
use std::rc::Rc;

#[derive(Clone, Debug)]
pub(super) enum Value {
    None,
    Bool,
    Int(i64),
    Float,
    Str(Rc<str>),
    Tuple(Seq),
    List(Seq),
    /// Keys and values alternating.
    Dict(Seq),
    Global(&'static str),
    Storage {
        key: Rc<str>,
        dtype: DType,
        numel: usize,
    },
    Tensor(Rc<TensorRef>),
    Mark,
}

/// The items of a tuple, list or dict, with the depth, node count and bytes of text of the tree
/// they make.
#[derive(Clone, Debug)]
pub(super) struct Seq {
    pub items: Vec<Value>,
    depth: usize,
    nodes: usize,
    text: usize,
}

impl Seq {
    /// An empty tuple, list or dict: one value, one level.
    pub fn empty() -> Self {
        Seq { items: Vec::new(), depth: 1, nodes: 1, text: 0 }
    }

    pub fn new(items: Vec<Value>) -> Result<Self, String> {
        let mut seq = Seq { items: Vec::with_capacity(items.len()), depth: 1, nodes: 1, text: 0 };
        seq.extend(items)?;
        Ok(seq)
    }

    /// Adds items, refusing a tree nested deeper than [`MAX_DEPTH`].
    pub fn extend(&mut self, items: Vec<Value>) -> Result<(), String> {
        for v in &items {
            self.depth = self.depth.max(v.depth() + 1);
            self.nodes = self.nodes.saturating_add(v.nodes());
            self.text = self.text.saturating_add(v.text());
        }
        if self.depth > MAX_DEPTH {
            return Err(format!("the pickle nests values more than {MAX_DEPTH} levels deep, which no state dict does (refused)"));
        }
        self.items.extend(items);
        Ok(())
    }
}

impl Value {
    /// Levels of containers (0 for a plain value).
    pub fn depth(&self) -> usize {
        match self {
            Value::Tuple(s) | Value::List(s) | Value::Dict(s) => s.depth,
            _ => 0,
        }
    }

    /// Values in the tree, this one included: what a copy of it costs.
    pub fn nodes(&self) -> usize {
        match self {
            Value::Tuple(s) | Value::List(s) | Value::Dict(s) => s.nodes,
            _ => 1,
        }
    }

    /// Bytes of text in the tree (strings, storage keys, a tensor's key and sizes): what copying
    /// it out of the pickle costs.
    pub fn text(&self) -> usize {
        match self {
            Value::Str(s) => s.len(),
            Value::Storage { key, .. } => key.len(),
            Value::Tensor(t) => t.text(),
            Value::Tuple(s) | Value::List(s) | Value::Dict(s) => s.text,
            _ => 0,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Value::None => "None",
            Value::Bool => "bool",
            Value::Int(_) => "int",
            Value::Float => "float",
            Value::Str(_) => "string",
            Value::Tuple(_) => "tuple",
            Value::List(_) => "list",
            Value::Dict(_) => "dict",
            Value::Global(_) => "Python global",
            Value::Storage { .. } => "storage",
            Value::Tensor(_) => "tensor",
            Value::Mark => "mark",
        }
    }
}
