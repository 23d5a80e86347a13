//! IDX parsing: good files, and each kind of bad file with its own error.
use mnist_web::AppError;
use mnist_web::data::dataset::Dataset;
use mnist_web::data::idx::{PIXELS, encode_images, encode_labels, maybe_gunzip, parse_images, parse_labels};
use std::io::Write;

fn images(n: usize) -> Vec<u8> {
    let pixels: Vec<u8> = (0..n * PIXELS).map(|i| (i % 256) as u8).collect();
    encode_images(n, &pixels)
}

#[test]
fn good_files_parse_and_pair_up() {
    let labels = encode_labels(&[3, 1, 4]);
    let set = Dataset::from_idx(("i", &images(3)), ("l", &labels)).unwrap();
    assert_eq!(set.len(), 3);
    assert_eq!(set.labels, vec![3, 1, 4]);
    assert_eq!(set.image(1)[0], (PIXELS % 256) as u8);
    assert_eq!(set.first(2).len(), 2);
}

#[test]
fn too_short() {
    assert!(matches!(parse_images("x", &[0, 0, 8]), Err(AppError::IdxTooShort { len: 3, .. })));
    assert!(matches!(parse_labels("x", &[], 10), Err(AppError::IdxTooShort { len: 0, .. })));
}

#[test]
fn wrong_magic_says_which_file_kind() {
    let err = parse_images("labels-as-images", &encode_labels(&[0; 20])).unwrap_err();
    assert!(matches!(err, AppError::IdxBadMagic { found: 0x801, expected: 0x803, .. }), "{err:?}");
    assert!(err.to_string().contains("not an MNIST image file"));
    let err = parse_labels("images-as-labels", &images(1), 10).unwrap_err();
    assert!(matches!(err, AppError::IdxBadMagic { found: 0x803, expected: 0x801, .. }), "{err:?}");
}

#[test]
fn wrong_image_size() {
    let mut bytes = images(2);
    bytes[8..12].copy_from_slice(&32u32.to_be_bytes());
    let err = parse_images("big", &bytes).unwrap_err();
    assert_eq!(err, AppError::IdxBadDims { name: "big".into(), rows: 32, cols: 28 });
    assert!(err.to_string().contains("32×28"));
}

#[test]
fn truncated_and_padded() {
    let bytes = images(2);
    let err = parse_images("cut", &bytes[..bytes.len() - 1]).unwrap_err();
    assert_eq!(err, AppError::IdxBadLength { name: "cut".into(), expected: 2 * PIXELS, found: 2 * PIXELS - 1 });
    let mut padded = bytes.clone();
    padded.push(0);
    assert!(matches!(parse_images("pad", &padded), Err(AppError::IdxBadLength { .. })));
    let mut labels = encode_labels(&[1, 2, 3]);
    labels.pop();
    assert!(matches!(parse_labels("cut", &labels, 10), Err(AppError::IdxBadLength { expected: 3, found: 2, .. })));
    // A count so large that count × 784 overflows must not panic.
    let mut huge = images(0);
    huge[4..8].copy_from_slice(&u32::MAX.to_be_bytes());
    assert!(matches!(parse_images("huge", &huge), Err(AppError::IdxBadLength { .. })));
}

#[test]
fn label_out_of_range() {
    let err = parse_labels("l", &encode_labels(&[1, 12, 3]), 10).unwrap_err();
    assert_eq!(err, AppError::IdxBadLabel { name: "l".into(), index: 1, label: 12, classes: 10 });
}

#[test]
fn images_and_labels_must_match() {
    let err = Dataset::from_idx(("i", &images(3)), ("l", &encode_labels(&[1, 2]))).unwrap_err();
    assert_eq!(err, AppError::CountMismatch { images: 3, labels: 2 });
}

#[test]
fn gzip_is_detected_and_a_broken_one_rejected() {
    let raw = encode_labels(&[7, 7, 7]);
    assert_eq!(maybe_gunzip("raw", raw.clone()).unwrap(), raw);
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&raw).unwrap();
    let gz = enc.finish().unwrap();
    assert_eq!(maybe_gunzip("gz", gz.clone()).unwrap(), raw);
    let err = maybe_gunzip("cut.gz", gz[..gz.len() / 2].to_vec()).unwrap_err();
    assert!(matches!(err, AppError::Gzip { .. }), "{err:?}");
}

#[test]
fn the_real_mnist_files_parse() {
    let dir = mnist_web::native::data_files::default_data_dir();
    let (train, test) = mnist_web::native::data_files::load_mnist(&dir).expect("run scripts/fetch-data.sh first");
    assert_eq!((train.len(), test.len()), (60_000, 10_000));
    assert_eq!(&train.labels[..5], &[5, 0, 4, 1, 9]);
    assert_eq!(&test.labels[..5], &[7, 2, 1, 0, 4]);
    let ones = train.labels.iter().filter(|&&l| l == 1).count();
    assert_eq!(ones, 6742);
}
