use burn::prelude::*;
use burn::tensor::Distribution;
use std::time::Instant;

fn time<const D: usize>(name: &str, f: impl Fn() -> Tensor<D>) {
    for _ in 0..2 { let _: f32 = f().sum().into_scalar(); }
    let n = 4;
    let t = Instant::now();
    for _ in 0..n { let _: f32 = f().sum().into_scalar(); }
    println!("{name}: {:.1} ms", t.elapsed().as_secs_f64() * 1000.0 / n as f64);
}

fn main() {
    let d = mnist_web::backend::native_gpu().unwrap();
    let r = |s: [usize; 3]| Tensor::<3>::random(s, Distribution::Default, &d);
    let w = r([1, 32, 800]);
    let cols = r([64, 800, 196]);
    time("bcast [1,32,800]x[64,800,196]", || w.clone().matmul(cols.clone()));
    let a = r([1, 12544, 800]);
    let wt = r([1, 800, 32]);
    time("flat [12544,800]x[800,32]", || a.clone().matmul(wt.clone()));
    let wt2 = r([1, 32, 800]);
    let at = r([1, 800, 12544]);
    time("flat [32,800]x[800,12544]", || wt2.clone().matmul(at.clone()));
    let x = r([64, 32, 324]);
    let idx = Tensor::<1, Int>::from_ints((0..25 * 196).map(|i| (i % 324) as i32).collect::<Vec<_>>().as_slice(), &d);
    time("select", || x.clone().select(2, idx.clone()));
    let y = r([64, 32, 196]);
    time("add", || y.clone() + y.clone());
    time("sum_dim", || cols.clone().sum_dim(0));
}
