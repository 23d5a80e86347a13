//! A structure-aware pickle generator: any bytes are read as a list of choices, each composing
//! one opcode of the kinds `torch.save` writes (with its arguments), a fragment of a real state
//! dict, a long string memoised or a dict item read back from the memo, or a repeat of the last
//! few opcodes many times (how a hostile file doubles a memoised tree, nests values a million
//! deep, reads one long string back as the key of thousands of items or names one tensor twice).
//! Shared by `tests/native/hostile.rs` (seeded, on stable) and the `pickle` fuzz target
//! (`fuzz/fuzz_targets/pickle.rs`).

/// Names and globals the choices pick from: the ones a state dict uses, and some it must refuse.
const NAMES: [&str; 8] = ["storage", "conv1.0.weight", "0", "cpu", "torch", "FloatStorage", "collections", "posix"];
const GLOBALS: [&str; 6] = [
    "collections\nOrderedDict\n",
    "torch._utils\n_rebuild_tensor_v2\n",
    "torch\nFloatStorage\n",
    "torch\nLongStorage\n",
    "builtins\nset\n",
    "posix\nsystem\n",
];

/// One tensor of 16 floats in storage `0`, as torch.save writes it (no memo use).
pub const TENSOR: &[u8] =
    b"X\x0c\0\0\0conv1.0.biasctorch._utils\n_rebuild_tensor_v2\n((X\x07\0\0\0storagectorch\nFloatStorage\nX\x01\0\0\x000X\x03\0\0\0cpuK\x10tQK\0K\x10\x85K\x01\x85\x89ccollections\nOrderedDict\n)RtR";

/// The start of a state dict (an empty `OrderedDict` and a mark for its items).
pub const DICT_START: &[u8] = b"ccollections\nOrderedDict\n)R(";

/// A pickle composed from `choices`: with the first choice odd, random opcodes followed by a
/// valid one-tensor state dict (which reads, if the opcodes before it left the stack sound; with
/// the first choice 3 modulo 4, the dict names its tensor twice); otherwise random opcodes only.
pub fn compose(choices: &[u8]) -> Vec<u8> {
    let mut it = choices.iter().copied();
    let first = it.next().unwrap_or(0);
    let valid_tail = first % 2 == 1;
    let mut out = vec![0x80, 2];
    let mut ops: Vec<(usize, usize)> = Vec::new(); // each opcode's byte range in `out`
    while let Some(c) = it.next() {
        let mut arg = || it.next().unwrap_or(0);
        let start = out.len();
        match c % 33 {
            0 => out.push(b'('),
            1 => out.push(b'N'),
            2 => out.extend([b'K', arg()]),
            3 => out.extend([b'J', arg(), arg(), arg(), arg()]),
            4 => {
                let n = arg() % 10;
                out.extend([0x8a, n]);
                out.extend((0..n).map(|_| arg()));
            }
            5 => {
                let name = NAMES[arg() as usize % NAMES.len()];
                out.extend([0x8c, name.len() as u8]);
                out.extend(name.as_bytes());
            }
            6 => {
                out.push(b'c');
                out.extend(GLOBALS[arg() as usize % GLOBALS.len()].as_bytes());
            }
            7 => out.push(0x93),
            8 => out.push(b')'),
            9 => out.push(b'}'),
            10 => out.push(b']'),
            11 => out.push(b't'),
            12..=14 => out.push(0x85 + c % 33 - 12),
            15 => out.extend([b'q', arg() % 4]),
            16 => out.extend([b'h', arg() % 4]),
            17 => out.push(0x94),
            18 => out.push(b's'),
            19 => out.push(b'u'),
            20 => out.push(b'a'),
            21 => out.push(b'e'),
            22 => out.push(b'Q'),
            23 => out.push(b'R'),
            24 => out.push(b'b'),
            25 => out.extend(TENSOR),
            26 => out.push(0x88),
            27 => out.extend([b'G', 0, 0, 0, 0, 0, 0, 0, 0]),
            28 => {
                // Repeat the last k opcodes n times.
                let (k, n) = (1 + arg() as usize % 6, 64 * (1 + arg() as usize));
                let from = ops.len().saturating_sub(k);
                if let (Some(&(a, _)), Some(&(_, b))) = (ops.get(from), ops.last()) {
                    let body = out[a..b].to_vec();
                    for _ in 0..n.min((1 << 20) / body.len().max(1)) {
                        out.extend(&body);
                    }
                }
            }
            29 => {
                // A string of 1 kB to 512 kB, memoised and read back up to 15 times: each read
                // costs its length again.
                let (len, memo, reads) = (1usize << (10 + arg() % 10), arg() % 4, arg() % 16);
                out.push(b'X');
                out.extend((len as u32).to_le_bytes());
                out.extend(std::iter::repeat_n(b'k', len));
                out.extend([b'q', memo]);
                out.extend([b'h', memo].repeat(reads.into()));
            }
            // A dict item whose key and value are read back from the memo (repeated: one long key
            // for thousands of items).
            30 => out.extend([b'h', arg() % 4, b'h', arg() % 4, b's']),
            // A state dict's item (repeated: one name twice).
            31 => {
                out.extend(TENSOR);
                out.push(b's');
            }
            _ => out.push(arg()),
        }
        ops.push((start, out.len()));
    }
    if valid_tail {
        out.extend(DICT_START);
        out.extend(TENSOR);
        if first % 4 == 3 {
            out.extend(TENSOR);
        }
        out.push(b'u');
    }
    out.push(b'.');
    out
}
