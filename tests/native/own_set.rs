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
