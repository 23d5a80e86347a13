//! Where a training step's time goes on a device: forward, forward+backward, full step.
use burn::nn::loss::CrossEntropyLossConfig;
use burn::prelude::*;
use burn::tensor::Distribution;
use mnist_web::train::Trainer;
use std::time::Instant;

fn ms(n: usize, mut f: impl FnMut() -> f32) -> f64 {
    for _ in 0..2 { f(); }
    let t = Instant::now();
    for _ in 0..n { f(); }
    t.elapsed().as_secs_f64() * 1000.0 / n as f64
}

fn main() {
    let gpu = std::env::args().nth(1).as_deref() != Some("cpu");
    let device = if gpu { mnist_web::backend::native_gpu().unwrap() } else { mnist_web::backend::cpu() };
    let ad = device.clone().autodiff();
    let model = mnist_web::weights::seeded_model(1, &ad);
    let x = Tensor::<4>::random([64, 1, 28, 28], Distribution::Default, &ad);
    let labels = Tensor::<1, Int>::from_ints([3; 64], &ad);
    let f = ms(4, || model.forward(x.clone()).sum().into_scalar());
    let fb = ms(4, || {
        let loss = CrossEntropyLossConfig::new().init(&ad).forward(model.forward(x.clone()), labels.clone());
        let g = loss.backward(); let _: f32 = loss.into_scalar();
        let _ = g; 0.0
    });
    let mut tr = Trainer::new(model.clone(), 1e-3);
    let step = ms(4, || tr.step(x.clone(), labels.clone()).into_scalar());
    let xs = Tensor::<4>::random([64, 16, 28, 28], Distribution::Default, &device);
    let pool = burn::nn::pool::MaxPool2dConfig::new([2, 2]).with_strides([2, 2]).init();
    let p = ms(4, || pool.forward(xs.clone()).sum().into_scalar());
    let r = ms(4, || burn::tensor::activation::relu(xs.clone()).sum().into_scalar());
    let s = ms(4, || xs.clone().sum().into_scalar());
    let small = Tensor::<1>::random([3136 * 10], Distribution::Default, &device);
    let chain = ms(4, || {
        let mut t = small.clone();
        for _ in 0..100 { t = t * 0.99 + 0.01; }
        t.sum().into_scalar()
    });
    println!("200 small elementwise ops: {chain:.1} ms");
    println!("forward {f:.1} ms, forward+backward {fb:.1} ms, step {step:.1} ms; pool [64,16,28,28] {p:.1}, relu {r:.1}, sum alone {s:.1}");
}
