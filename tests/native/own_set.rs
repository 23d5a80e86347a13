//! A data set of one's own (`data::own_set`): small sets made here of generated shapes (no
//! download), raw and gzipped, with and without class names, a transposed one, and broken ones —
//! each refused with its file's name and the reason.
use mnist_web::AppError;
use mnist_web::data::idx::{PIXELS, SIDE, encode_images, encode_labels};
use mnist_web::data::own_set::{OwnFiles, OwnSet, transpose};
use std::io::Write;

/// Class 0 a filled square, 1 a plus sign, 2 a ring, 3 a horizontal bar; sizes and positions vary
/// with `seed`.
fn shape(class: u8, seed: usize) -> [u8; PIXELS] {
    let mut image = [0u8; PIXELS];
    let (cy, cx, r) = (12 + (seed * 7) % 5, 12 + (seed * 3) % 5, 6 + (seed % 4) as i32);
    for y in 0..SIDE {
        for x in 0..SIDE {
            let (dy, dx) = (y as i32 - cy as i32, x as i32 - cx as i32);
            let on = match class {
                0 => dy.abs() <= r && dx.abs() <= r,
                1 => (dy.abs() <= 1 && dx.abs() <= r) || (dx.abs() <= 1 && dy.abs() <= r),
                2 => (dy * dy + dx * dx - r * r).abs() <= r,
                _ => dy.abs() <= 1 && dx.abs() <= r,
            };
            image[y * SIDE + x] = if on { 255 } else { 0 };
        }
    }
    image
}

/// IDX images and labels of `n` shapes cycling through `classes`.
fn set(n: usize, classes: u8) -> (Vec<u8>, Vec<u8>) {
    let labels: Vec<u8> = (0..n).map(|i| (i % classes as usize) as u8).collect();
    let pixels: Vec<u8> = labels.iter().enumerate().flat_map(|(i, &c)| shape(c, i)).collect();
    (encode_images(n, &pixels), encode_labels(&labels))
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// The set of the four files (training: 40 shapes, test: 12) as `OwnSet::from_files` takes them.
fn own(train: &(Vec<u8>, Vec<u8>), test: &(Vec<u8>, Vec<u8>), names: Option<&str>, transposed: bool) -> Result<OwnSet, AppError> {
    let file = |name: &str, bytes: &Vec<u8>| (name.to_string(), bytes.clone());
    let files = OwnFiles {
        train_images: file("train-images-idx3-ubyte", &train.0),
        train_labels: file("train-labels-idx1-ubyte", &train.1),
        test_images: file("t10k-images-idx3-ubyte", &test.0),
        test_labels: file("t10k-labels-idx1-ubyte", &test.1),
    };
    OwnSet::from_files(files, names.map(|text| ("names.txt", text)), transposed)
}

#[test]
fn a_set_of_shapes_reads_raw_or_gzipped_with_or_without_names() {
    let (train, test) = (set(40, 3), set(12, 3));
    let named = own(&train, &test, Some("square\nplus\nring\n\n"), false).unwrap();
    assert_eq!(named.classes, ["square", "plus", "ring"]);
    assert_eq!((named.train.len(), named.test.len()), (40, 12));
    assert_eq!(named.train.image(1), shape(1, 1), "the pixels as they were made");
    let zipped = own(&(gz(&train.0), gz(&train.1)), &(gz(&test.0), gz(&test.1)), None, false).unwrap();
    assert_eq!(zipped.classes, ["0", "1", "2"], "without names, as many classes as the labels reach");
    assert_eq!((zipped.train.clone(), zipped.test.clone()), (named.train, named.test), "gzipped or not, the same set");
}

#[test]
fn a_transposed_set_is_turned_back() {
    let (train, test) = (set(8, 4), set(4, 4));
    let turned = own(&train, &test, None, true).unwrap();
    let bar = shape(3, 3); // a horizontal bar, stored as it was
    let mut upright = bar;
    transpose(&mut upright);
    assert_ne!(upright, bar);
    assert_eq!(turned.train.image(3), upright, "each image mirrored about its diagonal");
    transpose(&mut upright);
    assert_eq!(upright, bar, "transposing twice gives the image back");
}

#[test]
fn broken_sets_are_refused_naming_the_file_and_why() {
    let (train, test) = (set(40, 3), set(12, 3));
    // Labels beyond the named classes.
    let e = own(&set(40, 4), &test, Some("a\nb\nc"), false).unwrap_err();
    assert_eq!(e, AppError::IdxBadLabel { name: "train-labels-idx1-ubyte".into(), index: 3, label: 3, classes: 3 });
    assert!(e.to_string().starts_with("train-labels-idx1-ubyte: label 3"), "{e}");
    // A test set of classes the training set does not have.
    let e = own(&train, &set(12, 4), None, false).unwrap_err();
    assert!(matches!(&e, AppError::SetsDisagree { test, label: 3, classes: 3, .. } if test == "t10k-labels-idx1-ubyte"), "{e:?}");
    // 25×25 images.
    let mut small = train.0.clone();
    small[8..12].copy_from_slice(&25u32.to_be_bytes());
    small[12..16].copy_from_slice(&25u32.to_be_bytes());
    let e = own(&(small, train.1.clone()), &test, None, false).unwrap_err();
    assert_eq!(e, AppError::IdxBadDims { name: "train-images-idx3-ubyte".into(), rows: 25, cols: 25 });
    // A count that lies.
    let mut lying = test.1.clone();
    lying[4..8].copy_from_slice(&13u32.to_be_bytes());
    let e = own(&train, &(test.0.clone(), lying), None, false).unwrap_err();
    assert_eq!(e, AppError::IdxBadLength { name: "t10k-labels-idx1-ubyte".into(), expected: 13, found: 12 });
    // More labels than any set has classes, without names.
    let (images, _) = set(3, 3);
    let e = own(&(images, encode_labels(&[0, 1, 70])), &test, None, false).unwrap_err();
    assert!(matches!(e, AppError::IdxBadLabel { label: 70, classes: 62, .. }), "{e:?}");
}

#[test]
fn class_names_are_checked() {
    let (train, test) = (set(40, 3), set(12, 3));
    let e = own(&train, &test, Some("only\n"), false).unwrap_err();
    assert_eq!(e, AppError::ClassNamesCount { name: "names.txt".into(), count: 1 });
    let e = own(&train, &test, Some("a\n\nc\n"), false).unwrap_err();
    assert_eq!(e, AppError::ClassNameEmpty { name: "names.txt".into(), line: 2 });
    let e = own(&train, &test, Some("a\nb\n a \n"), false).unwrap_err();
    assert_eq!(e, AppError::ClassNameTwice { name: "names.txt".into(), line: 3, class: "a".into() });
    let many: String = (0..63).map(|i| format!("class {i}\n")).collect();
    assert!(matches!(own(&train, &test, Some(&many), false), Err(AppError::ClassNamesCount { count: 63, .. })));
    let names = own(&train, &test, Some(" T-shirt \r\nTrouser\r\nPullover"), false).unwrap().classes;
    assert_eq!(names, ["T-shirt", "Trouser", "Pullover"], "trimmed, Windows line ends too");
}

#[test]
fn files_are_sorted_into_a_set_by_their_names() {
    use mnist_web::data::own_set::Picked;
    let file = |name: &str| (name.to_string(), name.as_bytes().to_vec());
    // EMNIST's names, in any order, with names.
    let emnist = ["emnist-letters-test-labels-idx1-ubyte.gz", "letters.txt", "emnist-letters-train-images-idx3-ubyte.gz"];
    let more = ["emnist-letters-train-labels-idx1-ubyte.gz", "emnist-letters-test-images-idx3-ubyte.gz"];
    let p = Picked::sort(emnist.iter().chain(&more).map(|n| file(n)).collect()).unwrap();
    assert_eq!(p.files.train_images.0, "emnist-letters-train-images-idx3-ubyte.gz");
    assert_eq!((p.files.test_labels.0.as_str(), p.files.test_images.0.as_str()), (emnist[0], more[1]));
    assert_eq!(p.names.as_ref().map(|n| n.0.as_str()), Some("letters.txt"));
    assert!(p.emnist, "EMNIST's names say its images are transposed");
    // MNIST's (and Fashion-MNIST's) names.
    let mnist = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];
    let p = Picked::sort(mnist.iter().map(|n| file(n)).collect()).unwrap();
    assert!(!p.emnist && p.names.is_none());
    assert_eq!(p.files.test_labels.1, b"t10k-labels-idx1-ubyte", "each file keeps its bytes");
    // Refused: a file of no part, one part twice, a part missing.
    let e = Picked::sort([&mnist[..], &["photo.png"]].concat().iter().map(|n| file(n)).collect()).err().unwrap();
    assert_eq!(e, AppError::SetFileUnknown { name: "photo.png".into() });
    let e = Picked::sort([&mnist[..], &["train-images-idx3-ubyte.gz"]].concat().iter().map(|n| file(n)).collect()).err().unwrap();
    assert!(matches!(&e, AppError::SetFileTwice { role, .. } if role == "train-images"), "{e:?}");
    let e = Picked::sort(mnist[..3].iter().map(|n| file(n)).collect()).err().unwrap();
    assert_eq!(e, AppError::SetFileMissing { role: "test-labels".into() });
    assert!(e.to_string().contains("test-labels"), "{e}");
}

/// Writes a set of shapes of `classes` classes to folder `name` (gzipped), with names if given.
fn write_set(name: &str, train: usize, classes: u8, names: Option<&str>) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (tr, te) = (set(train, classes), set(train / 4, classes));
    for (file, bytes) in [
        ("train-images-idx3-ubyte", &tr.0),
        ("train-labels-idx1-ubyte", &tr.1),
        ("t10k-images-idx3-ubyte", &te.0),
        ("t10k-labels-idx1-ubyte", &te.1),
    ] {
        std::fs::write(dir.join(format!("{file}.gz")), gz(bytes)).unwrap();
    }
    if let Some(names) = names {
        std::fs::write(dir.join("names.txt"), names).unwrap();
    }
    dir
}

fn train_command(args: &[&str]) -> Result<(), AppError> {
    let common = ["--net", "small", "--lr", "0.003", "--batch", "32"];
    resume_command(&[args, &common[..]].concat())
}

/// The command without settings (a checkpoint has its own).
fn resume_command(args: &[&str]) -> Result<(), AppError> {
    mnist_web::native::command::main([args, &["--backend", "cpu"][..]].concat().iter().map(|s| s.to_string()).collect())
}

#[test]
fn the_train_command_trains_on_a_set_of_ones_own() {
    let dir = write_set("shapes-set", 1024, 4, Some("square\nplus\nring\nbar\n"));
    let (out, log, checkpoint) = (dir.join("out.safetensors"), dir.join("log.json"), dir.join("run.checkpoint"));
    let names = dir.join("names.txt");
    // A raw copy beside a file's .gz and a hidden file are left alone.
    std::fs::write(dir.join("train-labels-idx1-ubyte"), b"a raw copy").unwrap();
    std::fs::write(dir.join("._train-images-idx3-ubyte.gz"), b"macOS's resource fork").unwrap();
    let (d, n, o, l, c) =
        (dir.to_str().unwrap(), names.to_str().unwrap(), out.to_str().unwrap(), log.to_str().unwrap(), checkpoint.to_str().unwrap());
    // Stopped during the second epoch (a checkpoint after the first), then continued.
    train_command(&["--data", d, "--classes", n, "--epochs", "2", "--max-batches", "40", "--checkpoint", c]).unwrap();
    // The checkpoint continues on this set only: another set's data is refused in words.
    let other = write_set("other-set", 1024, 3, None);
    let e = resume_command(&["--data", other.to_str().unwrap(), "--resume", c]).unwrap_err();
    assert!(matches!(e, AppError::OtherSet { .. }) && e.to_string().contains("shapes-set ("), "{e}");
    resume_command(&["--data", d, "--classes", n, "--resume", c, "--out", o, "--log", l]).unwrap();
    // The weights: a classifier of four outputs, the set and its names in the metadata.
    let file = mnist_web::weights::file::decode("out", &std::fs::read(&out).unwrap()).unwrap();
    assert_eq!((file.net.classes(), file.net.label()), (4, "small-o4".to_string()));
    assert_eq!(file.metadata["classes"], "square\nplus\nring\nbar");
    assert!(file.metadata["data"].starts_with("shapes-set ("), "{:?}", file.metadata);
    // Far above chance (25 %).
    let accuracy: f64 = file.metadata["test_accuracy"].parse().unwrap();
    println!("two epochs on 1,024 shapes of 4 classes: {accuracy:.2} % of 256 test images");
    assert!(accuracy > 60.0, "{accuracy}");
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("\"square\"") && text.contains("shapes-set"), "the run's log names its set");
}

#[test]
fn the_train_command_refuses_every_broken_set_naming_the_file() {
    let base = write_set("broken-set", 64, 3, None);
    let write = |file: &str, bytes: &[u8]| std::fs::write(base.join(file), gz(bytes)).unwrap();
    let train = set(64, 3);
    // Labels beyond the names' classes.
    std::fs::write(base.join("two.txt"), "a\nb\n").unwrap();
    let e = train_command(&["--data", base.to_str().unwrap(), "--classes", base.join("two.txt").to_str().unwrap()]).unwrap_err();
    assert!(e.to_string().starts_with("train-labels-idx1-ubyte.gz: label 2"), "{e}");
    // Test labels beyond the training set's classes.
    write("t10k-labels-idx1-ubyte.gz", &set(16, 4).1);
    write("t10k-images-idx3-ubyte.gz", &set(16, 4).0);
    let e = train_command(&["--data", base.to_str().unwrap()]).unwrap_err();
    assert!(matches!(&e, AppError::SetsDisagree { test, .. } if test == "t10k-labels-idx1-ubyte.gz"), "{e:?}");
    // 25×25 images.
    let mut small = train.0.clone();
    small[8..16].copy_from_slice(&[0, 0, 0, 25, 0, 0, 0, 25]);
    write("train-images-idx3-ubyte.gz", &small);
    let e = train_command(&["--data", base.to_str().unwrap()]).unwrap_err();
    assert!(e.to_string().starts_with("train-images-idx3-ubyte.gz: ") && e.to_string().contains("25"), "{e}");
    // A count that lies.
    let mut lying = train.0.clone();
    lying[4..8].copy_from_slice(&65u32.to_be_bytes());
    write("train-images-idx3-ubyte.gz", &lying);
    let e = train_command(&["--data", base.to_str().unwrap()]).unwrap_err();
    assert!(matches!(&e, AppError::IdxBadLength { name, .. } if name == "train-images-idx3-ubyte.gz"), "{e:?}");
    // A part missing.
    std::fs::remove_file(base.join("train-images-idx3-ubyte.gz")).unwrap();
    let e = train_command(&["--data", base.to_str().unwrap()]).unwrap_err();
    assert_eq!(e, AppError::SetFileMissing { role: "train-images".into() });
}

#[test]
fn a_kept_set_reads_back_and_a_damaged_one_is_refused() {
    use mnist_web::data::set_id::SetId;
    use mnist_web::page::kept_sets::{self, KeptInfo, KeptSet};
    let id = SetId { name: "shapes".into(), hash: "0011223344556677".into(), classes: vec!["a".into(), "b".into()], train: 40 };
    let kept = KeptSet {
        id: id.clone(),
        transposed: Some(true),
        files: vec![("train-images-idx3-ubyte.gz".into(), vec![1, 2, 3]), ("names.txt".into(), b"a\nb".to_vec())],
    };
    let bytes = kept.encode();
    assert_eq!(KeptSet::decode("shapes", &bytes).unwrap(), kept);
    // Cut short, grown, or not a kept set at all: refused in words, never a panic.
    for (damaged, why) in [
        (&bytes[..bytes.len() - 1], "cut short"),
        (&[&bytes[..], b"x"].concat()[..], "more than its files"),
        (b"MNISTSET\xff\xff\xff\xff", "header"),
    ] {
        let e = KeptSet::decode("shapes", damaged).unwrap_err();
        assert!(matches!(&e, AppError::KeptSetDamaged { name, .. } if name == "shapes") && e.to_string().contains(why), "{e}");
    }
    for cut in 0..bytes.len() {
        let _ = KeptSet::decode("shapes", &bytes[..cut]);
    }
    // The list: a set kept again replaces itself; a damaged list reads as empty.
    let info = KeptInfo { id: id.clone(), test: 12 };
    let other = KeptInfo { id: SetId { hash: "ffff".into(), train: 4, ..id.clone() }, test: 1 };
    let list = kept_sets::with(&kept_sets::with(std::slice::from_ref(&info), other.clone()), info.clone());
    assert_eq!(list, vec![other.clone(), info.clone()]);
    let json = serde_json::to_string(&list).unwrap();
    assert_eq!(kept_sets::parse_list(Some(&json)), list);
    assert_eq!(kept_sets::without(&list, &kept_sets::key(&other.id)), vec![info]);
    assert!(kept_sets::parse_list(Some("{not json")).is_empty() && kept_sets::parse_list(None).is_empty());
    assert!(kept_sets::key(&id).starts_with("set:0011223344556677-"));
    let renamed = SetId { classes: vec!["x".into(), "y".into()], ..id.clone() };
    assert_ne!(kept_sets::key(&renamed), kept_sets::key(&id), "the same files named otherwise are another set");
    assert_eq!(kept_sets::key(&SetId { name: "other".into(), ..id.clone() }), kept_sets::key(&id), "what it is called does not matter");
}

#[test]
fn a_sets_name_comes_from_its_files_and_mnists_own_files_are_mnist() {
    use mnist_web::data::set_id::{MNIST_HASH, content_hash, set_name};
    assert_eq!(set_name("emnist-letters-train-images-idx3-ubyte.gz", Some("letters.txt"), "set"), "emnist-letters");
    assert_eq!(set_name("train-images-idx3-ubyte.gz", Some("fashion.txt"), "set"), "fashion");
    assert_eq!(set_name("train-images-idx3-ubyte.gz", Some("names.txt"), "set"), "set");
    assert_eq!(set_name("kmnist_train-images.gz", None, "set"), "kmnist");
    let (train, test) = mnist_web::native::data_files::load_mnist(&mnist_web::native::data_files::default_data_dir())
        .expect("run scripts/fetch-data.sh first");
    let digits = mnist_web::data::classes::numbered(10);
    assert_eq!(content_hash((&train.pixels, &train.labels), (&test.pixels, &test.labels)), MNIST_HASH);
    let mnist = OwnSet { train, test, classes: digits };
    assert_eq!(mnist.id("mnist"), None, "MNIST's files are MNIST");
    let named = OwnSet { classes: (0..10).map(|d| format!("digit {d}")).collect(), ..mnist };
    assert!(named.id("mnist").is_some(), "with names of its own, a set of its own");
    let shapes = own(&set(40, 3), &set(12, 3), None, false).unwrap();
    let id = shapes.id("shapes").unwrap();
    assert_eq!((id.hash.len(), id.label(), id.train, id.classes.len()), (16, format!("shapes ({})", &id.hash[..6]), 40, 3));
    let swapped = OwnSet { train: shapes.test.clone(), test: shapes.train.clone(), classes: shapes.classes.clone() };
    assert_ne!(swapped.id("shapes").unwrap().hash, id.hash, "the content decides");
}

#[test]
fn emnist_letters_labels_from_one_and_its_mapping_file_name_the_classes() {
    use mnist_web::data::classes::{Names, read_names};
    // EMNIST's mapping: a label and the character codes of its class.
    let mapping = "1 65 97\n2 66 98\n3 67 99\n";
    assert_eq!(
        read_names("emnist-letters-mapping.txt", mapping).unwrap(),
        Names { names: vec!["Aa".into(), "Bb".into(), "Cc".into()], first: Some(1) }
    );
    assert_eq!(read_names("m.txt", "0 48\n1 49\n").unwrap().names, ["0", "1"]);
    assert_eq!(read_names("n.txt", "cat\ndog\n").unwrap(), Names { names: vec!["cat".into(), "dog".into()], first: None });
    assert!(matches!(read_names("m.txt", "1 65\n3 67\n"), Err(AppError::ClassNamesCount { .. })), "a gap in the labels");
    // Labels 1–3 (as EMNIST letters' run 1–26), images as EMNIST stores them.
    let one_based = |n: usize| {
        let (images, labels) = set(n, 3);
        let mut raw = labels.clone();
        raw[8..].iter_mut().for_each(|l| *l += 1);
        (images, raw)
    };
    let (train, test) = (one_based(30), one_based(9));
    let with_mapping = own(&train, &test, Some(mapping), true).unwrap();
    assert_eq!(with_mapping.classes, ["Aa", "Bb", "Cc"]);
    assert_eq!(&with_mapping.train.labels[..4], &[0, 1, 2, 0], "counted from 0 here");
    let with_list = own(&train, &test, Some("A\nB\nC\n"), true).unwrap();
    assert_eq!(
        (with_list.classes.len(), &with_list.test.labels[..3]),
        (3, &[0u8, 1, 2][..]),
        "a list of as many names as the labels reach"
    );
    let numbered = own(&train, &test, None, true).unwrap();
    assert_eq!((numbered.classes.len(), numbered.train.labels[0]), (4, 1), "without names: numbered from 0, class 0 empty");
    // A test label 0 in a set counted from 1 does not belong.
    let mut bad = test.clone();
    bad.1[8] = 0;
    let e = own(&train, &bad, Some(mapping), true).unwrap_err();
    assert!(matches!(e, AppError::SetsDisagree { label: 0, index: 0, .. }), "{e:?}");
}

#[test]
fn a_checkpoint_continues_on_its_set_whatever_it_is_called_now() {
    use mnist_web::data::set_id::SetId;
    use mnist_web::train::checkpoint::{Checkpoint, Position};
    use mnist_web::train::config::TrainConfig;
    use mnist_web::train::start::RunFrom;
    let set = SetId { name: "shapes".into(), hash: "0011223344556677".into(), classes: vec!["a".into(), "b".into()], train: 40 };
    let checkpoint = |data: Option<&SetId>| {
        let config = TrainConfig::default().for_set(data).unwrap();
        RunFrom::Checkpoint(Box::new(Checkpoint {
            config,
            weights: vec![],
            m: vec![],
            v: vec![],
            steps: 1,
            position: Position { done: 1, rng: 0 },
            history: Default::default(),
        }))
    };
    let renamed = SetId { name: "my shapes".into(), ..set.clone() };
    assert!(checkpoint(Some(&set)).on_set(Some(&renamed)).is_ok(), "renamed files: the same set");
    assert!(checkpoint(None).on_set(None).is_ok());
    let other_names = SetId { classes: vec!["x".into(), "y".into()], ..set.clone() };
    let e = checkpoint(Some(&set)).on_set(Some(&other_names)).err().unwrap();
    assert_eq!(
        e.to_string(),
        "the checkpoint was trained on shapes (001122: a, b), not on shapes (001122: x, y): pick that data set to continue it, or start a new run"
    );
    assert!(matches!(checkpoint(Some(&set)).on_set(None), Err(AppError::OtherSet { now, .. }) if now == "MNIST"));
    assert!(matches!(checkpoint(None).on_set(Some(&set)), Err(AppError::OtherSet { kept, .. }) if kept == "MNIST"));
    // A set's label is safe whatever its hash holds (a crafted checkpoint's).
    assert_eq!(SetId { hash: "é中文字符串".into(), ..set.clone() }.label(), "shapes (é中文字符串)");
}
