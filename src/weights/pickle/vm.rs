//! The pickle machine: a stack, a memo and the opcodes `torch.save` uses; every value made or
//! copied is charged against [`MAX_NODES`], every byte of text against [`MAX_TEXT`].
use super::torch;
use super::value::{Seq, Value};
use super::{MAX_NODES, MAX_TEXT};
use std::collections::HashMap;

pub(super) struct Vm<'a> {
    data: &'a [u8],
    at: usize,
    stack: Vec<Value>,
    memo: HashMap<u32, Value>,
    /// Values made or copied so far.
    made: usize,
    /// Bytes of text made or copied so far.
    text: usize,
}

impl<'a> Vm<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Vm { data, at: 0, stack: Vec::new(), memo: HashMap::new(), made: 0, text: 0 }
    }

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

    /// A string of the next `n` bytes (charged before it is made).
    fn string(&mut self, n: usize) -> Result<Value, String> {
        let (data, start) = (self.data, self.at);
        self.take(n)?;
        self.charge(0, n)?;
        let bytes = data.get(start..self.at).unwrap_or_default();
        Ok(Value::Str(std::str::from_utf8(bytes).map_err(|_| "a name in the pickle is not UTF-8")?.into()))
    }

    /// Counts `nodes` more values and `text` more bytes of text against the budgets.
    fn charge(&mut self, nodes: usize, text: usize) -> Result<(), String> {
        self.made = self.made.saturating_add(nodes);
        self.text = self.text.saturating_add(text);
        if self.made > MAX_NODES {
            return Err(format!("the pickle makes or copies more than {MAX_NODES} values, far more than a state dict needs (refused)"));
        }
        if self.text > MAX_TEXT {
            return Err(format!(
                "the pickle makes or copies more than {MAX_TEXT} bytes of names, far more than a state dict needs (refused)"
            ));
        }
        Ok(())
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
        self.charge(1, 0)?;
        self.stack.push(v);
        Ok(())
    }

    fn tuple(&mut self, items: Vec<Value>) -> Result<(), String> {
        let seq = Seq::new(items)?;
        self.push(Value::Tuple(seq))
    }

    pub fn run(&mut self) -> Result<Value, String> {
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
                    let n = usize::try_from(self.uint(4)?).map_err(|_| "the pickle is cut off")?; // BINUNICODE
                    let v = self.string(n)?;
                    self.push(v)?
                }
                0x8c => {
                    let n = self.uint(1)? as usize; // SHORT_BINUNICODE
                    let v = self.string(n)?;
                    self.push(v)?
                }
                b'c' => {
                    let (module, name) = (self.line()?, self.line()?); // GLOBAL
                    self.push(torch::global(&module, &name)?)?
                }
                0x93 => {
                    let (name, module) = (self.pop()?, self.pop()?); // STACK_GLOBAL
                    match (module, name) {
                        (Value::Str(m), Value::Str(n)) => self.push(torch::global(&m, &n)?)?,
                        _ => return Err("the pickle is malformed (a global without a name)".into()),
                    }
                }
                b')' => self.push(Value::Tuple(Seq::empty()))?, // EMPTY_TUPLE
                b'}' => self.push(Value::Dict(Seq::empty()))?,  // EMPTY_DICT
                b']' => self.push(Value::List(Seq::empty()))?,  // EMPTY_LIST
                b't' => {
                    let items = self.pop_mark()?; // TUPLE
                    self.tuple(items)?
                }
                0x85..=0x87 => {
                    let n = (op - 0x84) as usize; // TUPLE1..3
                    let at = self.stack.len().checked_sub(n).ok_or("the pickle is malformed (stack underflow)")?;
                    let items = self.stack.split_off(at);
                    self.tuple(items)?
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
                    self.extend(vec![k, v], true)?
                }
                b'u' => {
                    let items = self.pop_mark()?; // SETITEMS
                    self.extend(items, true)?
                }
                b'a' => {
                    let v = self.pop()?; // APPEND
                    self.extend(vec![v], false)?
                }
                b'e' => {
                    let items = self.pop_mark()?; // APPENDS
                    self.extend(items, false)?
                }
                b'Q' => {
                    let pid = self.pop()?; // BINPERSID
                    self.push(torch::storage(pid)?)?
                }
                b'R' => {
                    let (args, f) = (self.pop()?, self.pop()?); // REDUCE
                    self.reduce(f, args)?
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

    /// Calls an allowed function; a tensor it makes copies its storage's key (charged).
    fn reduce(&mut self, f: Value, args: Value) -> Result<(), String> {
        if let (Value::Global("torch._utils._rebuild_tensor_v2"), Value::Tuple(args)) = (&f, &args) {
            self.charge(0, args.items.first().map_or(0, Value::text))?;
        }
        let v = torch::reduce(f, args)?;
        self.push(v)
    }

    /// Memoises a copy of the top of the stack (charged: a copy costs its size; its text is
    /// shared, not copied).
    fn put(&mut self, i: u32) -> Result<(), String> {
        let top = self.stack.last().ok_or("the pickle is malformed (memo of nothing)")?;
        self.charge(top.nodes(), 0)?;
        let copy = self.stack.last().cloned().unwrap_or(Value::None);
        self.memo.insert(i, copy);
        Ok(())
    }

    /// Pushes a copy of a memoised value (charged before it is made, its text too: shared in
    /// here, it is copied for each place it ends up in the state dict).
    fn get(&mut self, i: u32) -> Result<(), String> {
        let v = self.memo.get(&i).ok_or("the pickle is malformed (unknown memo)")?;
        let (nodes, text) = (v.nodes(), v.text());
        self.charge(nodes.saturating_sub(1), text)?;
        let v = self.memo.get(&i).cloned().unwrap_or(Value::None);
        self.push(v)
    }

    /// Appends items to the dict (`dict`) or list under them on the stack.
    fn extend(&mut self, items: Vec<Value>, dict: bool) -> Result<(), String> {
        match (self.stack.last_mut(), dict) {
            (Some(Value::Dict(_)), true) if items.len() % 2 == 1 => Err("the pickle is malformed (a key without a value)".into()),
            (Some(Value::Dict(seq)), true) => seq.extend(items),
            (Some(Value::List(seq)), false) => seq.extend(items),
            (_, true) => Err("the pickle is malformed (items without a dict)".into()),
            (_, false) => Err("the pickle is malformed (items without a list)".into()),
        }
    }
}
