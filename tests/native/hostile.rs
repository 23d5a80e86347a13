//! Hostile weights files: crafted pickles and archives that ask for unbounded memory, nest values
//! a million deep, or point outside their data are refused with the file's name and what is
//! wrong, quickly and in a few MB (the reader charges every value it makes or copies); composed
//! pickles (`pickle_gen`, the fuzz target's generator) are read or refused, never a panic.
use crate::pickle_gen::{DICT_START, TENSOR, compose};
use mnist_web::base::rng::SplitMix64;
use mnist_web::weights::file;
use mnist_web::weights::pickle::{MAX_DEPTH, MAX_NODES, read_state_dict};
use std::io::Write;
use std::time::Instant;

/// A `.pth` archive (stored entries, as torch.save writes) holding `pickle` and storage `0` with
/// `floats` zeros.
pub fn pth(pickle: &[u8], floats: usize) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("archive/data.pkl", stored).unwrap();
    zip.write_all(pickle).unwrap();
    zip.start_file("archive/data/0", stored).unwrap();
    zip.write_all(&vec![0u8; 4 * floats]).unwrap();
    zip.finish().unwrap().into_inner()
}

/// A pickle: the protocol header, `body`, STOP.
fn pickle(body: &[u8]) -> Vec<u8> {
    [&[0x80, 2][..], body, b"."].concat()
}

/// A one-tensor state dict whose tensor has these offset, shape and stride (8-byte integers).
fn tensor_at(offset: i64, shape: &[i64], stride: &[i64]) -> Vec<u8> {
    let int = |v: i64| [&[0x8a, 8][..], &v.to_le_bytes()].concat();
    let tuple = |v: &[i64]| [&b"("[..], &v.iter().flat_map(|&x| int(x)).collect::<Vec<_>>(), b"t"].concat();
    let record = [
        &b"X\x01\0\0\0wctorch._utils\n_rebuild_tensor_v2\n((X\x07\0\0\0storagectorch\nFloatStorage\nX\x01\0\0\x000X\x03\0\0\0cpuK\x10tQ"[..],
        &int(offset),
        &tuple(shape),
        &tuple(stride),
        b"\x89ccollections\nOrderedDict\n)RtR",
    ]
    .concat();
    pickle(&[DICT_START, &record, b"u"].concat())
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
    ]
}

#[test]
fn crafted_pickles_and_archives_are_refused_with_the_file_name_and_what_is_wrong() {
    for (name, bytes, expected) in crafted() {
        let t = Instant::now();
        let e = file::decode(name, &bytes).expect_err(name).to_string();
        assert!(e.starts_with(&format!("{name}: ")) && e.contains(&expected), "{name}: expected {expected:?}, got {e:?}");
        println!("{name} ({} bytes): refused in {:.1} ms: {e}", bytes.len(), t.elapsed().as_secs_f64() * 1e3);
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
    // One tensor named `w` is not this network: refused for that, after reading the tensor.
    let e = dict.expect_err("not this network").to_string();
    assert!(e.contains("sound.pth") && !e.contains("storage") && !e.contains("pickle"), "{e}");
    let refs = read_state_dict(&tensor_at(3, &[2, 2], &[4, 1])[..]).unwrap();
    assert_eq!((refs[0].0.as_str(), refs[0].1.offset, &refs[0].1.shape[..]), ("w", 3, &[2, 2][..]));
}

#[test]
fn composed_pickles_are_read_or_refused_never_a_panic() {
    let mut rng = SplitMix64::new(21);
    let (mut read, mut budget, mut deep, mut other) = (0, 0, 0, 0);
    for _ in 0..4_000 {
        let choices: Vec<u8> = (0..1 + rng.below(40)).map(|_| rng.below(256) as u8).collect();
        match read_state_dict(&compose(&choices)) {
            Ok(dict) => {
                read += 1;
                assert!(dict.iter().all(|(_, t)| t.shape.iter().product::<usize>() <= 1 << 20 || t.numel > 0));
            }
            Err(e) if e.contains("values, far more") => budget += 1,
            Err(e) if e.contains("levels deep") => deep += 1,
            Err(e) => {
                assert!(!e.is_empty());
                other += 1
            }
        }
    }
    println!("read {read}, over the value budget {budget}, too deep {deep}, refused otherwise {other}");
    assert!(read > 100 && budget > 0 && deep > 0 && other > 1_000, "the generator reaches every path");
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
