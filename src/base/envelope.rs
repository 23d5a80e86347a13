//! How messages cross between the page and its workers: the message as JSON, and every
//! [`Bytes`] field in it as a buffer of its own beside the JSON (so the browser can transfer it
//! instead of copying it, and no byte travels as a JSON number). Plain Rust: tested natively.
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cell::RefCell;

/// Bytes carried beside a message's JSON. In the JSON it is the index of its buffer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bytes(pub Vec<u8>);

impl std::ops::Deref for Bytes {
    type Target = Vec<u8>;
    fn deref(&self) -> &Vec<u8> {
        &self.0
    }
}

impl Bytes {
    /// Floats as little-endian bytes.
    pub fn from_f32s(values: &[f32]) -> Self {
        let mut bytes = vec![0u8; values.len() * 4];
        for (b, v) in bytes.chunks_exact_mut(4).zip(values) {
            b.copy_from_slice(&v.to_le_bytes());
        }
        Bytes(bytes)
    }

    /// The little-endian floats these bytes hold (a trailing partial float is ignored).
    pub fn f32s(&self) -> Vec<f32> {
        self.0.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect()
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(v: Vec<u8>) -> Self {
        Bytes(v)
    }
}

thread_local! {
    /// The buffers of the message being encoded or decoded (one message at a time per thread).
    static BUFFERS: RefCell<Option<Vec<Option<Vec<u8>>>>> = const { RefCell::new(None) };
}

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let index = BUFFERS.with(|b| {
            let mut b = b.borrow_mut();
            b.as_mut().map(|list| {
                list.push(Some(self.0.clone()));
                list.len() - 1
            })
        });
        match index {
            Some(i) => s.serialize_u64(i as u64),
            // Outside an envelope (e.g. a log of the message): the bytes themselves.
            None => s.collect_seq(self.0.iter()),
        }
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let index = usize::deserialize(d)?;
        let taken = BUFFERS.with(|b| b.borrow_mut().as_mut().and_then(|list| list.get_mut(index).and_then(Option::take)));
        taken.map(Bytes).ok_or_else(|| serde::de::Error::custom(format!("the message refers to a missing buffer {index}")))
    }
}

/// Resets the side channel when dropped, whatever happens in between.
struct Scope;

impl Scope {
    fn open(buffers: Vec<Option<Vec<u8>>>) -> Self {
        BUFFERS.with(|b| *b.borrow_mut() = Some(buffers));
        Scope
    }

    fn take(&self) -> Vec<Option<Vec<u8>>> {
        BUFFERS.with(|b| b.borrow_mut().take()).unwrap_or_default()
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        BUFFERS.with(|b| *b.borrow_mut() = None);
    }
}

/// The message's JSON and its buffers.
pub fn encode<T: Serialize>(msg: &T) -> (String, Vec<Vec<u8>>) {
    let scope = Scope::open(Vec::new());
    let json = serde_json::to_string(msg).expect("messages serialise");
    (json, scope.take().into_iter().flatten().collect())
}

/// The message back from its JSON and buffers.
pub fn decode<T: DeserializeOwned>(json: &str, buffers: Vec<Vec<u8>>) -> Result<T, String> {
    let _scope = Scope::open(buffers.into_iter().map(Some).collect());
    serde_json::from_str(json).map_err(|e| e.to_string())
}
