//! What the pickle may name and call: PyTorch's storages and tensor rebuilders, an
//! `OrderedDict`, a `set`; nothing else, and nothing is run.
use super::value::{Seq, Value};
use super::{DType, TensorRef, shown};
use std::rc::Rc;

/// The Python globals a state dict's pickle may name; anything else is refused.
const ALLOWED: [&str; 8] = [
    "collections.OrderedDict",
    "torch._utils._rebuild_tensor_v2",
    "torch._utils._rebuild_parameter",
    "torch.FloatStorage",
    "torch.DoubleStorage",
    "torch.HalfStorage",
    "torch.BFloat16Storage",
    "builtins.set",
];

pub(super) fn global(module: &str, name: &str) -> Result<Value, String> {
    let full = format!("{module}.{name}");
    match ALLOWED.iter().find(|a| **a == full) {
        Some(a) => Ok(Value::Global(a)),
        None if module == "__main__" || name.starts_with(char::is_uppercase) && !module.starts_with("torch") => Err(format!(
            "the pickle asks for the Python class `{}`: it looks like torch.save(model) of a whole model; save model.state_dict() instead (refused; nothing was run)",
            shown(&full)
        )),
        None => Err(format!(
            "the pickle asks for the Python global `{}`, which a weights file has no business with (refused; nothing was run)",
            shown(&full)
        )),
    }
}

/// `('storage', <storage class>, key, location, numel)`.
pub(super) fn storage(pid: Value) -> Result<Value, String> {
    let Value::Tuple(t) = pid else { return Err("the pickle refers to data in a way a state dict does not".into()) };
    match t.items.as_slice() {
        [Value::Str(s), Value::Global(class), Value::Str(key), _, Value::Int(numel)] if &**s == "storage" => {
            let name = class.rsplit('.').next().unwrap_or("");
            let dtype =
                DType::from_storage(name).ok_or_else(|| format!("its tensors are stored as {class}, not as floating-point numbers"))?;
            let numel = usize::try_from(*numel).map_err(|_| match *numel {
                ..0 => "a storage has a negative size".to_string(),
                n => format!("a storage claims {n} values, more than a weights file may hold"),
            })?;
            Ok(Value::Storage { key: key.clone(), dtype, numel })
        }
        _ => Err("the pickle refers to data in a way a state dict does not".into()),
    }
}

pub(super) fn reduce(f: Value, args: Value) -> Result<Value, String> {
    let Value::Global(name) = f else { return Err("the pickle calls something that is not an allowed function".into()) };
    let Value::Tuple(args) = args else { return Err("the pickle is malformed (arguments are not a tuple)".into()) };
    match (name, args.items.as_slice()) {
        ("collections.OrderedDict", []) => Ok(Value::Dict(Seq::empty())),
        ("builtins.set", _) => Ok(Value::List(Seq::empty())),
        ("torch._utils._rebuild_parameter", [Value::Tensor(t), ..]) => Ok(Value::Tensor(t.clone())),
        (
            "torch._utils._rebuild_tensor_v2",
            [Value::Storage { key, dtype, numel }, Value::Int(offset), Value::Tuple(shape), Value::Tuple(stride), ..],
        ) => Ok(Value::Tensor(Rc::new(TensorRef {
            key: key.to_string(),
            dtype: *dtype,
            numel: *numel,
            offset: size(*offset, "a tensor has a negative offset")?,
            shape: sizes(&shape.items)?,
            stride: sizes(&stride.items)?,
        }))),
        (name, _) => Err(format!("the pickle calls `{name}` in a way a state dict does not")),
    }
}

fn sizes(v: &[Value]) -> Result<Vec<usize>, String> {
    v.iter()
        .map(|d| match d {
            Value::Int(n) => size(*n, "a tensor has a shape that is not a list of sizes"),
            _ => Err("a tensor has a shape that is not a list of sizes".to_string()),
        })
        .collect()
}

/// An offset, size or stride: `negative` when below 0; one beyond this machine's addresses
/// (a 32-bit `usize` in the browser) cannot lie inside a storage.
fn size(n: i64, negative: &str) -> Result<usize, String> {
    match usize::try_from(n) {
        Ok(n) => Ok(n),
        Err(_) if n < 0 => Err(negative.to_string()),
        Err(_) => Err(format!("a tensor reaches past the end of its storage (at {n})")),
    }
}
