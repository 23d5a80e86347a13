//! Weights as PyTorch's own `.pth` (what `torch.save(model.state_dict(), path)` writes): a zip
//! archive of entries stored as they are, `archive/data.pkl` (a protocol-2 pickle of an
//! `OrderedDict` of tensors, each rebuilt by `torch._utils._rebuild_tensor_v2` from a float storage
//! named by a persistent id), one entry `archive/data/<key>` per storage (little-endian f32),
//! and `archive/version` and `archive/byteorder`. `torch.load(path, weights_only=True)` reads it,
//! and so does this app ([`crate::weights::pth`]).
use crate::weights::state_dict::StateDict;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The archive's folder (torch.save names it after the file; any name reads back).
const FOLDER: &str = "archive";

/// A pickle of protocol 2, written opcode by opcode.
struct Pickle(Vec<u8>);

impl Pickle {
    fn global(&mut self, module: &str, name: &str) {
        self.0.push(b'c');
        self.0.extend_from_slice(format!("{module}\n{name}\n").as_bytes());
    }

    fn text(&mut self, s: &str) {
        self.0.push(b'X'); // BINUNICODE
        self.0.extend_from_slice(&(s.len() as u32).to_le_bytes());
        self.0.extend_from_slice(s.as_bytes());
    }

    fn int(&mut self, n: usize) {
        match n {
            0..=0xFF => self.0.extend([b'K', n as u8]),
            0x100..=0xFFFF => {
                self.0.push(b'M');
                self.0.extend_from_slice(&(n as u16).to_le_bytes());
            }
            _ => {
                self.0.push(b'J');
                self.0.extend_from_slice(&(n as i32).to_le_bytes()); // sizes here stay below 2³¹
            }
        }
    }

    fn tuple(&mut self, items: &[usize]) {
        match items.len() {
            0 => self.0.push(b')'),
            1..=3 => {
                items.iter().for_each(|&i| self.int(i));
                self.0.push([0x85, 0x86, 0x87][items.len() - 1]); // TUPLE1..3
            }
            _ => {
                self.0.push(b'(');
                items.iter().for_each(|&i| self.int(i));
                self.0.push(b't');
            }
        }
    }

    /// An empty `OrderedDict()`.
    fn ordered_dict(&mut self) {
        self.global("collections", "OrderedDict");
        self.0.extend([b')', b'R']); // EMPTY_TUPLE, REDUCE
    }

    /// Tensor `shape` (contiguous) over all of storage `key` of `numel` floats.
    fn tensor(&mut self, key: &str, shape: &[usize], numel: usize) {
        self.global("torch._utils", "_rebuild_tensor_v2");
        self.0.push(b'(');
        self.0.push(b'('); // the persistent id: ('storage', FloatStorage, key, 'cpu', numel)
        self.text("storage");
        self.global("torch", "FloatStorage");
        self.text(key);
        self.text("cpu");
        self.int(numel);
        self.0.extend([b't', b'Q']); // TUPLE, BINPERSID
        self.int(0); // the storage offset
        self.tuple(shape);
        let strides: Vec<usize> = (0..shape.len()).map(|d| shape[d + 1..].iter().product()).collect();
        self.tuple(&strides);
        self.0.push(0x89); // NEWFALSE: requires_grad
        self.ordered_dict(); // backward hooks
        self.0.extend([b't', b'R']);
    }
}

/// The `.pth` bytes of `dict` (names, PyTorch shapes, row-major values).
pub fn write(dict: &StateDict) -> Vec<u8> {
    let mut pickle = Pickle(vec![0x80, 2]); // PROTO 2
    pickle.ordered_dict();
    pickle.0.push(b'('); // MARK: the items
    for (i, (name, shape, values)) in dict.tensors.iter().enumerate() {
        pickle.text(name);
        pickle.tensor(&i.to_string(), shape, values.len());
    }
    pickle.0.extend([b'u', b'.']); // SETITEMS, STOP
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let mut entry = |name: &str, bytes: &[u8]| {
        zip.start_file(format!("{FOLDER}/{name}"), stored).expect("an entry of a zip in memory");
        zip.write_all(bytes).expect("writing to memory");
    };
    entry("data.pkl", &pickle.0);
    entry("byteorder", b"little");
    for (i, (_, _, values)) in dict.tensors.iter().enumerate() {
        let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        entry(&format!("data/{i}"), &bytes);
    }
    entry("version", b"3\n");
    zip.finish().expect("a zip in memory").into_inner()
}
