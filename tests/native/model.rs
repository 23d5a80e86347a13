//! The network: output shape, parameter count, weights layout and file format.
use burn::module::Module;
use burn::prelude::*;
use mnist_web::AppError;
use mnist_web::model::flat;
use mnist_web::model::net::Net;
use mnist_web::model::network::{Cnn, PARAM_COUNT};
use mnist_web::weights::file;

fn block<T>(f: impl std::future::Future<Output = T>) -> T {
    futures_lite::future::block_on(f)
}

#[test]
fn output_shape_and_parameter_count() {
    let device = Device::flex();
    let model = Cnn::new(&device);
    // The SPEC's table counted: a Conv2d(i→o, 5×5) holds o·i·25 weights and o biases, the
    // Linear 3136·10 and 10; the module, the constant and the files' layout agree with it.
    let conv = |i: usize, o: usize| o * i * 25 + o;
    let spec = conv(1, 16) + conv(16, 32) + conv(32, 32) + conv(32, 64) + 3136 * 10 + 10;
    assert_eq!(spec, 121_514, "the SPEC's figure");
    assert_eq!(model.num_params(), spec);
    assert_eq!(PARAM_COUNT, spec);
    let logits = model.forward(Tensor::zeros([3, 1, 28, 28], &device));
    assert_eq!(logits.dims(), [3, 10]);
    let sum: usize = Net::default().params().iter().map(|p| p.shape.iter().product::<usize>()).sum();
    assert_eq!(sum, PARAM_COUNT);
}

#[test]
fn seeded_weights_load_in_layout_order_and_read_back() {
    let device = Device::flex();
    let flat = flat::init_flat(7);
    assert_eq!(flat.len(), PARAM_COUNT);
    assert_eq!(flat, flat::init_flat(7), "same seed, same weights");
    assert_ne!(flat, flat::init_flat(8));
    // every value within PyTorch's default bound for its tensor
    let mut at = 0;
    for p in Net::default().params() {
        let n: usize = p.shape.iter().product();
        let bound = 1.0 / (p.fan_in as f32).sqrt();
        assert!(flat[at..at + n].iter().all(|v| v.abs() <= bound), "{}", p.name);
        at += n;
    }
    let model = flat::load(Cnn::new(&device), &flat).unwrap();
    assert_eq!(block(flat::read_flat(&model)).unwrap(), flat);
}

#[test]
fn loaded_weights_change_the_output() {
    let device = Device::flex();
    let x = Tensor::<4>::ones([1, 1, 28, 28], &device);
    let a = flat::seeded_model(1, &device).forward(x.clone()).into_data();
    let again = flat::seeded_model(1, &device).forward(x.clone()).into_data();
    let b = flat::seeded_model(2, &device).forward(x).into_data();
    assert_eq!(a, again, "the same seed, the same network");
    assert_ne!(a, b, "another seed, another network");
}

#[test]
fn weights_file_round_trip() {
    let flat = flat::init_flat(3);
    let bytes = file::encode(&Net::default(), &flat, &[]);
    assert!(bytes.len() > 4 * PARAM_COUNT && bytes.len() < 4 * PARAM_COUNT + 2048, "{} bytes", bytes.len());
    assert_eq!(file::decode("w.safetensors", &bytes).unwrap().flat, flat);
}

#[test]
fn foreign_weights_are_rejected() {
    let device = Device::flex();
    assert!(matches!(flat::load(Cnn::new(&device), &[0.0; 10]), Err(AppError::Weights(_))));
}
