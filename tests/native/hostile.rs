//! Hostile weights files: crafted pickles and archives that ask for unbounded memory, nest values
//! a million deep, point outside their data, name a tensor or an entry twice, lie about their
//! sizes or carry damaged bytes are refused with the file's name and what is wrong, quickly and in
//! a few MB (the reader charges every value and every byte of text it makes or copies, and checks
//! the archive's directory and the network's names before it reads a storage); composed pickles
//! (`pickle_gen`, the fuzz target's generator) are read or refused, never a panic.
use crate::pickle_gen::{DICT_START, TENSOR, compose};
use mnist_web::base::rng::SplitMix64;
use mnist_web::model::net::Net;
use mnist_web::weights::file;
use mnist_web::weights::pickle::{MAX_DEPTH, MAX_NAME_SHOWN, MAX_NODES, MAX_TEXT, read_state_dict};
use mnist_web::weights::state_dict::StateDict;
use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

/// Storages by key, with their bytes.
type Storages = Vec<(String, Vec<u8>)>;

/// A `.pth` archive (stored entries, as torch.save writes) holding `pickle` and these storages
/// (`archive/data/<key>`, in this order).
fn archive(pickle: &[u8], storages: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("archive/data.pkl", stored).unwrap();
    zip.write_all(pickle).unwrap();
    for (key, bytes) in storages {
        zip.start_file(format!("archive/data/{key}"), stored).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A `.pth` archive holding `pickle` and storage `0` with `floats` zeros.
pub fn pth(pickle: &[u8], floats: usize) -> Vec<u8> {
    archive(pickle, &[("0".into(), vec![0u8; 4 * floats])])
}

/// A pickle: the protocol header, `body`, STOP.
fn pickle(body: &[u8]) -> Vec<u8> {
    [&[0x80, 2][..], body, b"."].concat()
}

/// A string (BINUNICODE).
fn text(s: &[u8]) -> Vec<u8> {
    [&b"X"[..], &(s.len() as u32).to_le_bytes(), s].concat()
}

/// An integer in 8 bytes (LONG1).
fn int(v: i64) -> Vec<u8> {
    [&[0x8a, 8][..], &v.to_le_bytes()].concat()
}

/// A tuple of integers.
fn ints(v: &[i64]) -> Vec<u8> {
    [&b"("[..], &v.iter().flat_map(|&x| int(x)).collect::<Vec<_>>(), b"t"].concat()
}

/// A tensor as torch.save writes it: these offset, shape and stride into storage `key` of
/// `numel` floats.
fn tensor(key: &str, numel: i64, offset: i64, shape: &[i64], stride: &[i64]) -> Vec<u8> {
    let storage = [&text(b"storage")[..], b"ctorch\nFloatStorage\n", &text(key.as_bytes()), &text(b"cpu"), &int(numel)].concat();
    let args = [&storage[..], b"tQ", &int(offset), &ints(shape), &ints(stride), b"\x89ccollections\nOrderedDict\n)R"].concat();
    [&b"ctorch._utils\n_rebuild_tensor_v2\n(("[..], &args, b"tR"].concat()
}

/// Row-major strides of `shape`.
fn contiguous(shape: &[i64]) -> Vec<i64> {
    (0..shape.len()).map(|d| shape[d + 1..].iter().product()).collect()
}

/// A state dict of these items (a name's string, then its tensor).
fn state_dict(items: &[Vec<u8>]) -> Vec<u8> {
    pickle(&[DICT_START, &items.concat(), b"u"].concat())
}

/// A one-tensor state dict: `w`, of these offset, shape and stride into storage `0` of `numel`
/// floats.
fn one(numel: i64, offset: i64, shape: &[i64], stride: &[i64]) -> Vec<u8> {
    state_dict(&[[text(b"w"), tensor("0", numel, offset, shape, stride)].concat()])
}

/// [`one`] with a storage of 16 floats.
fn tensor_at(offset: i64, shape: &[i64], stride: &[i64]) -> Vec<u8> {
    one(16, offset, shape, stride)
}

/// The tutorial network as torch.save writes it: its weights (this app's layout), the state
/// dict's items and the storages, each tensor in one of its own (`shared`: every tensor a view
/// of one storage, as a model whose parameters are slices of one buffer saves them).
fn network(shared: bool) -> (Vec<f32>, Vec<Vec<u8>>, Storages) {
    let flat: Vec<f32> = (0..Net::default().param_count()).map(|i| (i % 1999) as f32 / 1999.0 - 0.5).collect();
    let (mut items, mut storages, mut at): (_, Storages, _) = (Vec::new(), Vec::new(), 0);
    for (i, (name, shape, values)) in StateDict::from_flat(&Net::default(), &flat).tensors.into_iter().enumerate() {
        let shape: Vec<i64> = shape.iter().map(|&d| d as i64).collect();
        let view = if shared {
            tensor("0", flat.len() as i64, at, &shape, &contiguous(&shape))
        } else {
            tensor(&i.to_string(), values.len() as i64, 0, &shape, &contiguous(&shape))
        };
        items.push([text(name.as_bytes()), view].concat());
        let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        match storages.first_mut() {
            Some((_, all)) if shared => all.extend(bytes),
            _ => storages.push((if shared { "0".into() } else { i.to_string() }, bytes)),
        }
        at += values.len() as i64;
    }
    (flat, items, storages)
}

/// The tutorial network's `.pth`, sound.
fn sound() -> Vec<u8> {
    let (_, items, storages) = network(false);
    archive(&state_dict(&items), &storages)
}

/// `bytes` with every `from` replaced by `to` (of the same length): an entry renamed in both of
/// the archive's headers.
fn renamed(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let mut out = bytes.to_vec();
    for at in 0..=out.len().saturating_sub(from.len()) {
        if out[at..].starts_with(from) {
            out[at..at + to.len()].copy_from_slice(to);
        }
    }
    out
}

/// The archive with one byte of entry `name`'s data changed, its checksum left as it was.
fn flipped(bytes: &[u8], name: &str) -> Vec<u8> {
    let start = zip::ZipArchive::new(Cursor::new(bytes)).unwrap().by_name(name).unwrap().data_start().unwrap() as usize;
    let mut out = bytes.to_vec();
    out[start + 4] ^= 1; // the lowest bit of the second value: a sound number still
    out
}

/// The archive with entry `name`'s size in its local header and the central directory raised to
/// `size`: the unpacked size, and the stored one too when `both`.
fn lying(bytes: &[u8], name: &str, size: u32, both: bool) -> Vec<u8> {
    let mut out = bytes.to_vec();
    // (signature, offset of the stored size, offset of the name)
    for (magic, sizes, name_at) in [(b"PK\x03\x04", 18, 30), (b"PK\x01\x02", 20, 46)] {
        let at = (0..out.len())
            .find(|&i| out[i..].starts_with(magic) && out.get(i + name_at..).is_some_and(|r| r.starts_with(name.as_bytes())))
            .unwrap();
        let fields = if both { [0, 4].as_slice() } else { [4].as_slice() };
        for f in fields {
            out[at + sizes + f..at + sizes + f + 4].copy_from_slice(&size.to_le_bytes());
        }
    }
    out
}

/// A state dict whose first key, a string of `len` bytes, is memoised and read back as the key
/// of `reads` more items (each the first item's tensor, read back too).
fn strings(len: usize, reads: usize) -> Vec<u8> {
    let first = [text(&vec![b'k'; len]), b"q\0".to_vec(), tensor("0", 16, 0, &[16], &[1]), b"q\x01".to_vec()].concat();
    pickle(&[DICT_START, &first, &b"h\0h\x01".repeat(reads), b"u"].concat())
}

/// The crafted files, each with what its refusal must say.
fn crafted() -> Vec<(&'static str, Vec<u8>, String)> {
    let budget = format!("more than {MAX_NODES} values");
    let deep = format!("more than {MAX_DEPTH} levels deep");
    let doubling = [&b")q\0"[..], &b"h\0h\0\x86q\0".repeat(64)].concat(); // 2^64 nodes if copied
    let chain = [&b"N"[..], &[0x85; 1_000_000][..]].concat(); // a tuple a million deep
    let marks = [&b"(".repeat(50_000)[..], b"N", &b"t".repeat(50_000)].concat();
    let appends = [&b"]q\0"[..], &b"](h\0h\0eq\0".repeat(64)].concat(); // lists of two copies of the last, 2^64 deep down
    let lists = b"]q\0".iter().chain(&b"h\0a".repeat(300_000)).copied().collect::<Vec<_>>();
    let wide = [&b"]("[..], &b"N".repeat(50_000), b"eq\0", &b"h\0".repeat(100)].concat(); // copies of a 50,000-item list
    let puts = [&b"]("[..], &b"N".repeat(50_000), b"e", &b"q\0".repeat(100)].concat(); // the same, memoised again and again
    let (_, items, storages) = network(false);
    // out.bias again, after the others (PyTorch would keep this one, a first-come reader the other).
    let twice = archive(&state_dict(&[&items[..], &[[text(b"out.bias"), tensor("9", 10, 0, &[10], &[1])].concat()]].concat()), &storages);
    // A second storage 0 (written as Z and renamed), of other values.
    let second = [&storages[..], &[("Z".to_string(), vec![0x7f; storages[0].1.len()])]].concat();
    let entries = renamed(&archive(&state_dict(&items), &second), b"archive/data/Z", b"archive/data/0");
    // 128 tensors of other names, every one all of a 1 MiB storage.
    let views: Vec<Vec<u8>> =
        (0..128).map(|i| [text(format!("v{i}").as_bytes()), tensor("0", 1 << 18, 0, &[1 << 18], &[1])].concat()).collect();
    let long = "k".repeat(MAX_NAME_SHOWN);
    vec![
        ("doubling.pth", pth(&pickle(&doubling), 16), budget.clone()),
        ("chain.pth", pth(&pickle(&chain), 16), deep.clone()),
        ("marks.pth", pth(&pickle(&marks), 16), deep.clone()),
        ("lists.pth", pth(&pickle(&lists), 16), budget.clone()),
        ("appends.pth", pth(&pickle(&appends), 16), budget.clone()),
        ("dims.pth", pth(&tensor_at(0, &[1; 9], &[1; 9]), 16), "has 9 dimensions; a weights tensor has at most 8".into()),
        ("wide.pth", pth(&pickle(&wide), 16), budget.clone()),
        ("puts.pth", pth(&pickle(&puts), 16), budget),
        ("offset.pth", pth(&tensor_at(i64::MAX, &[16], &[1]), 16), "reaches past the end of its storage".into()),
        ("stride.pth", pth(&tensor_at(0, &[2, 2], &[i64::MAX / 2, 1]), 16), "reaches past the end of its storage".into()),
        ("shape.pth", pth(&tensor_at(0, &[8192, 8192], &[0, 0]), 16), "more values than its storage holds".into()),
        ("negative.pth", pth(&tensor_at(-4, &[4], &[1]), 16), "negative offset".into()),
        ("odd.pth", pth(&pickle(&[DICT_START, TENSOR, b"Nu"].concat()), 16), "a key without a value".into()),
        // A 512 kB key read back 50,000 times: 26 GB of names once copied out.
        ("strings.pth", pth(&strings(512 << 10, 50_000), 16), format!("more than {MAX_TEXT} bytes of names")),
        // A 1 kB key read back 2,000 times: within the budget, refused as one name given twice.
        ("keys.pth", pth(&strings(1 << 10, 2_000), 16), format!("the state dict names {long}… twice")),
        ("twice.pth", twice, "the state dict names out.bias twice".into()),
        ("entries.pth", entries, "the archive holds two entries named archive/data/0".into()),
        (
            "checksum.pth",
            flipped(&sound(), "archive/data/2"),
            "archive/data/2 (the data of conv2.0.weight) is damaged: its bytes do not match the archive's checksum".into(),
        ),
        // Storage 0 of 64 bytes, its sizes raised to 128 MiB as the pickle claims.
        (
            "sizes.pth",
            lying(&pth(&one(1 << 25, 0, &[16], &[1]), 16), "archive/data/0", 1 << 27, true),
            "archive/data/0 (the data of w) claims 134217728 bytes, but the archive holds only".into(),
        ),
        (
            "unpacked.pth",
            lying(&pth(&one(1 << 18, 0, &[16], &[1]), 16), "archive/data/0", 1 << 20, false),
            "claims 1048576 bytes but stores 64".into(),
        ),
        ("views.pth", pth(&state_dict(&views), 1 << 18), "unexpected v0, v1, v2, v3, v4, v5, v6, v7 and 120 more".into()),
        // 5,000 empty entries: the zip reader's index of them would cost ~2 KB each.
        (
            "many.pth",
            archive(&pickle(DICT_START), &(0..5_000).map(|i| (i.to_string(), Vec::new())).collect::<Vec<_>>()),
            "its archive lists 5001 entries".into(),
        ),
    ]
}

#[test]
fn crafted_pickles_and_archives_are_refused_with_the_file_name_and_what_is_wrong() {
    for (name, bytes, expected) in crafted() {
        let t = Instant::now();
        let e = file::decode(name, &bytes).expect_err(name).to_string();
        let took = t.elapsed();
        assert!(e.starts_with(&format!("{name}: ")) && e.contains(&expected), "{name}: expected {expected:?}, got {e:?}");
        println!("{name} ({} bytes): refused in {:.1} ms: {e}", bytes.len(), took.as_secs_f64() * 1e3);
        // Quickly, and in words a person reads to the end, whatever the file repeats.
        assert!(took < Duration::from_secs(1), "{name}: refused in {took:?}");
        assert!(e.len() < 2_000, "{name}: a message of {} bytes", e.len());
        // `MNIST_WRITE_CORPUS=1` copies the small ones into the weights fuzz target's corpus.
        if std::env::var_os("MNIST_WRITE_CORPUS").is_some() && bytes.len() <= 128 << 10 {
            std::fs::write(format!("{}/fuzz/corpus/weights/crafted-{name}", env!("CARGO_MANIFEST_DIR")), &bytes).unwrap();
        }
    }
}

#[test]
fn the_crafted_tensor_reads_when_it_is_sound() {
    // The same builder with sane figures reads: the refusals above are about the figures.
    let dict = file::decode("sound.pth", &pth(&tensor_at(0, &[16], &[1]), 16));
    // One tensor named `w` is not this network: refused for that, before its storage is read.
    let e = dict.expect_err("not this network").to_string();
    assert!(e.contains("sound.pth") && !e.contains("storage") && !e.contains("pickle"), "{e}");
    let refs = read_state_dict(&tensor_at(3, &[2, 2], &[4, 1])[..]).unwrap();
    assert_eq!((refs[0].0.as_str(), refs[0].1.offset, &refs[0].1.shape[..]), ("w", 3, &[2, 2][..]));
}

#[test]
fn sound_archives_read_every_value_whichever_storages_their_tensors_share() {
    // Each tensor in a storage of its own, as torch.save writes a state dict; every tensor a view
    // of one storage (read once for all of them): the same values either way.
    for shared in [false, true] {
        let (flat, items, storages) = network(shared);
        let file = file::decode("sound.pth", &archive(&state_dict(&items), &storages)).unwrap();
        assert_eq!((&file.net, file.format), (&Net::default(), "PyTorch .pth"));
        assert_eq!(file.flat, flat, "shared: {shared}");
    }
    // The crafted archives above are these with one thing changed: it is that thing they are refused for.
    assert_eq!(file::decode("sound.pth", &sound()).unwrap().flat, network(false).0);
}

#[test]
fn a_damaged_or_lying_storage_is_refused_before_it_is_used() {
    let (flat, items, storages) = network(false);
    let sound = archive(&state_dict(&items), &storages);
    let names = StateDict::from_flat(&Net::default(), &flat).tensors.into_iter().map(|t| t.0);
    // Every storage, damaged in turn: its checksum no longer matches, whichever it is.
    for ((key, _), name) in storages.iter().zip(names) {
        let entry = format!("archive/data/{key}");
        let e = file::decode("damaged.pth", &flipped(&sound, &entry)).expect_err(&entry).to_string();
        assert!(e.contains(&format!("{entry} (the data of {name}) is damaged: its bytes do not match")), "{e}");
    }
    // A storage whose size differs from what its tensor needs (conv1.0.weight: 400 floats), either way.
    for size in [1_600 - 4, 1_600 + 4] {
        let other = [&[(storages[0].0.clone(), vec![0; size])][..], &storages[1..]].concat();
        let e = file::decode("short.pth", &archive(&state_dict(&items), &other)).expect_err("another size").to_string();
        assert!(
            e.contains(&format!(
                "archive/data/0 (the data of conv1.0.weight) holds {size} bytes, but its storage of 400 values needs 1600"
            )),
            "{e}"
        );
    }
    // A storage missing from the archive.
    let e = file::decode("missing.pth", &archive(&state_dict(&items), &storages[1..])).expect_err("missing").to_string();
    assert!(e.contains("archive/data/0 (the data of conv1.0.weight) is missing from the archive"), "{e}");
}

#[test]
fn composed_pickles_are_read_or_refused_never_a_panic() {
    let mut rng = SplitMix64::new(21);
    let (mut read, mut budget, mut text, mut deep, mut other) = (0, 0, 0, 0, 0);
    let (mut twice, mut slowest) = (0, Duration::ZERO);
    for i in 0..4_000 {
        let choices: Vec<u8> = (0..1 + rng.below(40)).map(|_| rng.below(256) as u8).collect();
        let pickle = compose(&choices);
        match read_state_dict(&pickle) {
            Ok(dict) => {
                read += 1;
                assert!(dict.iter().all(|(_, t)| t.shape.iter().product::<usize>() <= 1 << 20 || t.numel > 0));
            }
            Err(e) if e.contains("values, far more") => budget += 1,
            Err(e) if e.contains("bytes of names, far more") => text += 1,
            Err(e) if e.contains("levels deep") => deep += 1,
            Err(e) => {
                assert!((10..2_000).contains(&e.chars().count()), "a reason of a line or two: {e}");
                other += 1
            }
        }
        // One in ten as a whole file: read or refused quickly, with the file's name.
        if i % 10 == 0 {
            let t = Instant::now();
            if let Err(e) = file::decode("composed.pth", &pth(&pickle, 16)).map_err(|e| e.to_string()) {
                assert!(e.starts_with("composed.pth: ") && e.len() < 2_000, "{e}");
                twice += usize::from(e.contains("twice"));
            }
            slowest = slowest.max(t.elapsed());
        }
    }
    println!("read {read}, over the value budget {budget}, over the text budget {text}, too deep {deep}, refused otherwise {other}");
    println!("as files: {twice} named a tensor twice; the slowest took {slowest:?}");
    assert!(read > 100 && budget > 0 && text > 0 && deep > 0 && other > 1_000 && twice > 0, "the generator reaches every path");
    assert!(slowest < Duration::from_secs(1));
}

#[test]
fn the_train_command_refuses_a_hostile_init_file_before_it_reads_the_data() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, bytes, expected) in crafted().into_iter().take(3) {
        let path = dir.join(name);
        std::fs::write(&path, &bytes).unwrap();
        // No data folder: had it been read first, the error would be about the data.
        let args = ["--init", path.to_str().unwrap(), "--data", dir.join("no-data").to_str().unwrap()].map(String::from).to_vec();
        let e = mnist_web::native::command::main(args).unwrap_err().to_string();
        assert!(e.contains(name) && e.contains(&expected), "{name}: {e}");
    }
}
