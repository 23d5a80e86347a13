//! A restricted reader of the pickle inside a PyTorch `.pth` file: it understands what
//! `torch.save(model.state_dict())` writes — an `OrderedDict` of tensors, each rebuilt by
//! `torch._utils._rebuild_tensor_v2` from a storage named by a persistent id — and refuses every
//! other Python global. Nothing is ever executed: globals are names compared with a list.
use std::collections::HashMap;

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

#[derive(Clone, Debug)]
enum Value {
    None,
    Bool,
    Int(i64),
    Float,
    Str(String),
    Tuple(Vec<Value>),
    List(Vec<Value>),
    Dict(Vec<(Value, Value)>),
    Global(&'static str),
    Storage { key: String, dtype: DType, numel: usize },
    Tensor(TensorRef),
    Mark,
}

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

/// Stack, memo and nesting limits: a state dict of these networks needs a few hundred values.
const MAX_VALUES: usize = 100_000;

/// Reads the pickle `data` into the named tensors of the state dict, in file order.
pub fn read_state_dict(data: &[u8]) -> Result<Vec<(String, TensorRef)>, String> {
    let mut vm = Vm { data, at: 0, stack: Vec::new(), memo: HashMap::new() };
    match vm.run()? {
        Value::Dict(items) => items
            .into_iter()
            .map(|(k, v)| match (k, v) {
                (Value::Str(k), Value::Tensor(t)) => Ok((k, t)),
                (Value::Str(k), other) => Err(format!("{k} is not a tensor ({})", kind(&other))),
                (other, _) => Err(format!("a key of the state dict is not a name ({})", kind(&other))),
            })
            .collect(),
        Value::Global(g) => Err(format!("it holds a `{g}`, not a state dict")),
        other => Err(format!("it holds a {}, not a state dict (save model.state_dict())", kind(&other))),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
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

struct Vm<'a> {
    data: &'a [u8],
    at: usize,
    stack: Vec<Value>,
    memo: HashMap<u32, Value>,
}

impl Vm<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.data.len()).ok_or("the pickle is cut off")?;
        let bytes = &self.data[self.at..end];
        self.at = end;
        Ok(bytes)
    }

    fn uint(&mut self, n: usize) -> Result<u64, String> {
        Ok(self.take(n)?.iter().rev().fold(0u64, |acc, &b| acc << 8 | b as u64))
    }

    fn line(&mut self) -> Result<String, String> {
        let rest = &self.data[self.at..];
        let end = rest.iter().position(|&b| b == b'\n').ok_or("the pickle is cut off")?;
        let s = String::from_utf8_lossy(&rest[..end]).into_owned();
        self.at += end + 1;
        Ok(s)
    }

    fn text(&mut self, n: usize) -> Result<Value, String> {
        let bytes = self.take(n)?;
        Ok(Value::Str(std::str::from_utf8(bytes).map_err(|_| "a name in the pickle is not UTF-8")?.to_string()))
    }

    fn pop(&mut self) -> Result<Value, String> {
        self.stack.pop().ok_or_else(|| "the pickle is malformed (stack underflow)".to_string())
    }

    /// The values above the topmost mark, removing them and the mark.
    fn pop_mark(&mut self) -> Result<Vec<Value>, String> {
        let mark = self.stack.iter().rposition(|v| matches!(v, Value::Mark)).ok_or("the pickle is malformed (no mark)")?;
        let items = self.stack.split_off(mark + 1);
        self.stack.pop();
        Ok(items)
    }

    fn push(&mut self, v: Value) -> Result<(), String> {
        if self.stack.len() + self.memo.len() >= MAX_VALUES {
            return Err("the pickle holds far more values than a state dict of this network".into());
        }
        self.stack.push(v);
        Ok(())
    }

    fn global(module: &str, name: &str) -> Result<Value, String> {
        let full = format!("{module}.{name}");
        match ALLOWED.iter().find(|a| **a == full) {
            Some(a) => Ok(Value::Global(a)),
            None if module == "__main__" || name.starts_with(char::is_uppercase) && !module.starts_with("torch") => Err(format!(
                "the pickle asks for the Python class `{full}`: it looks like torch.save(model) of a whole model; save model.state_dict() instead (refused; nothing was run)"
            )),
            None => Err(format!(
                "the pickle asks for the Python global `{full}`, which a weights file has no business with (refused; nothing was run)"
            )),
        }
    }

    fn run(&mut self) -> Result<Value, String> {
        loop {
            let op = self.take(1)?[0];
            match op {
                0x80 => drop(self.take(1)?),     // PROTO
                0x95 => drop(self.take(8)?),     // FRAME
                b'.' => return self.pop(),       // STOP
                b'(' => self.push(Value::Mark)?, // MARK
                b'N' => self.push(Value::None)?, // NONE
                0x88 => self.push(Value::Bool)?, // NEWTRUE
                0x89 => self.push(Value::Bool)?, // NEWFALSE
                b'J' => {
                    let v = self.uint(4)? as u32 as i32 as i64; // BININT
                    self.push(Value::Int(v))?
                }
                b'K' => {
                    let v = self.uint(1)? as i64; // BININT1
                    self.push(Value::Int(v))?
                }
                b'M' => {
                    let v = self.uint(2)? as i64; // BININT2
                    self.push(Value::Int(v))?
                }
                0x8a => self.long1()?, // LONG1
                b'G' => {
                    self.take(8)?; // BINFLOAT: its value is not needed
                    self.push(Value::Float)?
                }
                b'X' => {
                    let n = self.uint(4)? as usize; // BINUNICODE
                    let v = self.text(n)?;
                    self.push(v)?
                }
                0x8c => {
                    let n = self.uint(1)? as usize; // SHORT_BINUNICODE
                    let v = self.text(n)?;
                    self.push(v)?
                }
                b'c' => {
                    let (module, name) = (self.line()?, self.line()?); // GLOBAL
                    self.push(Self::global(&module, &name)?)?
                }
                0x93 => {
                    let (name, module) = (self.pop()?, self.pop()?); // STACK_GLOBAL
                    match (module, name) {
                        (Value::Str(m), Value::Str(n)) => self.push(Self::global(&m, &n)?)?,
                        _ => return Err("the pickle is malformed (a global without a name)".into()),
                    }
                }
                b')' => self.push(Value::Tuple(Vec::new()))?, // EMPTY_TUPLE
                b'}' => self.push(Value::Dict(Vec::new()))?,  // EMPTY_DICT
                b']' => self.push(Value::List(Vec::new()))?,  // EMPTY_LIST
                b't' => {
                    let items = self.pop_mark()?; // TUPLE
                    self.push(Value::Tuple(items))?
                }
                0x85..=0x87 => {
                    let n = (op - 0x84) as usize; // TUPLE1..3
                    let at = self.stack.len().checked_sub(n).ok_or("the pickle is malformed (stack underflow)")?;
                    let items = self.stack.split_off(at);
                    self.push(Value::Tuple(items))?
                }
                b'q' => {
                    let i = self.uint(1)? as u32; // BINPUT
                    self.put(i)?
                }
                b'r' => {
                    let i = self.uint(4)? as u32; // LONG_BINPUT
                    self.put(i)?
                }
                0x94 => {
                    let i = self.memo.len() as u32; // MEMOIZE
                    self.put(i)?
                }
                b'h' => {
                    let i = self.uint(1)? as u32; // BINGET
                    self.get(i)?
                }
                b'j' => {
                    let i = self.uint(4)? as u32; // LONG_BINGET
                    self.get(i)?
                }
                b's' => {
                    let (v, k) = (self.pop()?, self.pop()?); // SETITEM
                    self.extend_dict(vec![k, v])?
                }
                b'u' => {
                    let items = self.pop_mark()?; // SETITEMS
                    self.extend_dict(items)?
                }
                b'a' => {
                    let v = self.pop()?; // APPEND
                    self.extend_list(vec![v])?
                }
                b'e' => {
                    let items = self.pop_mark()?; // APPENDS
                    self.extend_list(items)?
                }
                b'Q' => {
                    let pid = self.pop()?; // BINPERSID
                    let storage = Self::storage(pid)?;
                    self.push(storage)?
                }
                b'R' => {
                    let (args, f) = (self.pop()?, self.pop()?); // REDUCE
                    let v = Self::reduce(f, args)?;
                    self.push(v)?
                }
                b'b' => {
                    // BUILD: the state of an OrderedDict (its `_metadata`) is not needed.
                    self.pop()?;
                }
                other => return Err(format!("the pickle uses opcode 0x{other:02x}, which a state dict does not need (refused)")),
            }
        }
    }

    fn long1(&mut self) -> Result<(), String> {
        let n = self.uint(1)? as usize;
        if n > 8 {
            return Err("an integer in the pickle is too large".into());
        }
        let bytes = self.take(n)?;
        let mut v: i64 = bytes.iter().rev().fold(0i64, |acc, &b| acc << 8 | b as i64);
        if n > 0 && n < 8 && bytes[n - 1] & 0x80 != 0 {
            v -= 1i64 << (8 * n);
        }
        self.push(Value::Int(v))
    }

    fn put(&mut self, i: u32) -> Result<(), String> {
        let top = self.stack.last().cloned().ok_or("the pickle is malformed (memo of nothing)")?;
        self.memo.insert(i, top);
        Ok(())
    }

    fn get(&mut self, i: u32) -> Result<(), String> {
        let v = self.memo.get(&i).cloned().ok_or("the pickle is malformed (unknown memo)")?;
        self.push(v)
    }

    fn extend_dict(&mut self, items: Vec<Value>) -> Result<(), String> {
        let Some(Value::Dict(dict)) = self.stack.last_mut() else { return Err("the pickle is malformed (items without a dict)".into()) };
        let mut it = items.into_iter();
        while let (Some(k), Some(v)) = (it.next(), it.next()) {
            dict.push((k, v));
        }
        Ok(())
    }

    fn extend_list(&mut self, items: Vec<Value>) -> Result<(), String> {
        match self.stack.last_mut() {
            Some(Value::List(list)) => list.extend(items),
            _ => return Err("the pickle is malformed (items without a list)".into()),
        }
        Ok(())
    }

    /// `('storage', <storage class>, key, location, numel)`.
    fn storage(pid: Value) -> Result<Value, String> {
        let Value::Tuple(t) = pid else { return Err("the pickle refers to data in a way a state dict does not".into()) };
        match t.as_slice() {
            [Value::Str(s), Value::Global(class), Value::Str(key), _, Value::Int(numel)] if s == "storage" => {
                let name = class.rsplit('.').next().unwrap_or("");
                let dtype =
                    DType::from_storage(name).ok_or_else(|| format!("its tensors are stored as {class}, not as floating-point numbers"))?;
                Ok(Value::Storage { key: key.clone(), dtype, numel: usize::try_from(*numel).map_err(|_| "a storage has a negative size")? })
            }
            _ => Err("the pickle refers to data in a way a state dict does not".into()),
        }
    }

    fn reduce(f: Value, args: Value) -> Result<Value, String> {
        let Value::Global(name) = f else { return Err("the pickle calls something that is not an allowed function".into()) };
        let Value::Tuple(args) = args else { return Err("the pickle is malformed (arguments are not a tuple)".into()) };
        match (name, args.as_slice()) {
            ("collections.OrderedDict", []) => Ok(Value::Dict(Vec::new())),
            ("builtins.set", _) => Ok(Value::List(Vec::new())),
            ("torch._utils._rebuild_parameter", [Value::Tensor(t), ..]) => Ok(Value::Tensor(t.clone())),
            (
                "torch._utils._rebuild_tensor_v2",
                [Value::Storage { key, dtype, numel }, Value::Int(offset), Value::Tuple(shape), Value::Tuple(stride), ..],
            ) => {
                let dims = |v: &[Value]| -> Result<Vec<usize>, String> {
                    v.iter()
                        .map(|d| match d {
                            Value::Int(n) if *n >= 0 => Ok(*n as usize),
                            _ => Err("a tensor has a shape that is not a list of sizes".to_string()),
                        })
                        .collect()
                };
                let offset = usize::try_from(*offset).map_err(|_| "a tensor has a negative offset")?;
                Ok(Value::Tensor(TensorRef {
                    key: key.clone(),
                    dtype: *dtype,
                    numel: *numel,
                    offset,
                    shape: dims(shape)?,
                    stride: dims(stride)?,
                }))
            }
            (name, _) => Err(format!("the pickle calls `{name}` in a way a state dict does not")),
        }
    }
}
