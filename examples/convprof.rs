//! Times each convolution of the tutorial network, burn's (convolution, bias, ReLU) against ours
//! (`ops::conv_relu`, one kernel), forward and forward+backward, and checks they agree.
//! `convprof [cpu]`.
#[cfg(not(target_arch = "wasm32"))]
mod profile {
    use burn::nn::conv::{Conv2d, Conv2dConfig};
    use burn::nn::{PaddingConfig2d, Relu};
    use burn::prelude::*;
    use burn::tensor::Distribution;
    use mnist_web::model::ops::{conv_relu, conv_relu_param_grad};
    use std::time::Instant;

    fn ours(c: &Conv2d, x: Tensor<4>) -> Tensor<4> {
        conv_relu(x, c.weight.val(), c.bias.as_ref().unwrap().val())
    }

    fn burns(c: &Conv2d, x: Tensor<4>) -> Tensor<4> {
        Relu::new().forward(c.forward(x))
    }

    fn ms(n: usize, mut f: impl FnMut() -> f32) -> f64 {
        for _ in 0..2 {
            f();
        }
        let t = Instant::now();
        for _ in 0..n {
            f();
        }
        t.elapsed().as_secs_f64() * 1000.0 / n as f64
    }

    fn maxdiff(a: Tensor<4>, b: Tensor<4>) -> f32 {
        (a - b).abs().max().into_scalar()
    }

    pub fn main() {
        let gpu = std::env::args().nth(1).as_deref() != Some("cpu");
        let device = if gpu { mnist_web::device::backend::native_gpu().unwrap() } else { mnist_web::device::backend::cpu() };
        let ad = device.clone().autodiff();
        let b = 64;
        let (mut tb, mut to) = (0.0, 0.0);
        for (cin, cout, hw) in [(1, 16, 28), (16, 32, 14), (32, 32, 14), (32, 64, 7)] {
            let conv = Conv2dConfig::new([cin, cout], [5, 5]).with_padding(PaddingConfig2d::Explicit(2, 2, 2, 2));
            let c = conv.init(&device);
            let x = Tensor::<4>::random([b, cin, hw, hw], Distribution::Default, &device);
            let fb = ms(4, || burns(&c, x.clone()).sum().into_scalar());
            let fo = ms(4, || ours(&c, x.clone()).sum().into_scalar());
            let dy = maxdiff(burns(&c, x.clone()), ours(&c, x.clone()));
            let (g, y) = (Tensor::<4>::random([b, cout, hw, hw], Distribution::Default, &device), ours(&c, x.clone()));
            let dz = g * y.greater_elem(0.0).float(); // the pre-activation's gradient
            let wg =
                ms(4, || conv_relu_param_grad(x.clone(), dz.clone(), c.weight.val(), c.bias.as_ref().unwrap().val()).0.sum().into_scalar());
            let ca = conv.init(&ad);
            let xa = Tensor::<4>::random([b, cin, hw, hw], Distribution::Default, &ad).require_grad();
            let grads = |y: Tensor<4>| {
                let g = (y.clone() * y).sum().backward();
                (xa.grad(&g).unwrap(), ca.weight.grad(&g).unwrap(), ca.bias.as_ref().unwrap().grad(&g).unwrap())
            };
            let bb = ms(4, || grads(burns(&ca, xa.clone())).0.sum().into_scalar());
            let bo = ms(4, || grads(ours(&ca, xa.clone())).0.sum().into_scalar());
            let (gx1, gw1, gb1) = grads(burns(&ca, xa.clone()));
            let (gx2, gw2, gb2) = grads(ours(&ca, xa.clone()));
            let scale: f32 = gw1.clone().abs().max().into_scalar();
            let (dx, dw) = (maxdiff(gx1, gx2), maxdiff(gw1, gw2));
            let db: f32 = (gb1 - gb2).abs().max().into_scalar();
            println!(
                "conv {cin:>2}->{cout:>2} @{hw:>2}: fwd burn {fb:6.1} ours {fo:6.1} ms | fwd+bwd burn {bb:6.1} ours {bo:6.1} ms | ours param grads {wg:5.1} | diff y {dy:.1e} dx {dx:.1e} dw {dw:.1e} (of {scale:.1e}) db {db:.1e}"
            );
            tb += bb;
            to += bo;
        }
        println!("all four, fwd+bwd: burn {tb:.1} ms, ours {to:.1} ms ({:.2}x)", tb / to);
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    profile::main();
}
