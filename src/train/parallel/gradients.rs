//! Gradients as one flat tensor in the weights' layout (what a helper worker sends back), and back.
use burn::module::{Module, ModuleVisitor, Param};
use burn::optim::GradientsParams;
use burn::prelude::*;

/// Every parameter's gradient in `grads`, flattened and concatenated in `module`'s visiting order
/// (zeros for a parameter without one): [P] on the parameters' plain device.
pub fn to_flat<M: Module>(module: &M, grads: &GradientsParams) -> Tensor<1> {
    let mut c = Collect { grads, out: Vec::new() };
    module.visit(&mut c);
    Tensor::cat(c.out, 0) // P in all
}

/// The flat gradient `flat` [P] as `module`'s parameters' gradients.
pub fn from_flat<M: Module>(module: &M, flat: Tensor<1>) -> GradientsParams {
    let mut s = Split { flat, at: 0, out: GradientsParams::new() };
    module.visit(&mut s);
    s.out
}

struct Collect<'a> {
    grads: &'a GradientsParams,
    out: Vec<Tensor<1>>,
}

impl ModuleVisitor for Collect<'_> {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        let p = param.val().inner();
        let n = p.shape().num_elements();
        let g = self.grads.get::<D>(param.id).map_or_else(|| Tensor::zeros([n], &p.device()), |g| g.reshape([n])); // [..] -> [n]
        self.out.push(g);
    }
}

struct Split {
    flat: Tensor<1>,
    at: usize,
    out: GradientsParams,
}

impl ModuleVisitor for Split {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        let dims = param.val().dims();
        let n = dims.iter().product::<usize>();
        let g = self.flat.clone().slice(self.at..self.at + n).reshape(dims); // [n] -> [..]
        self.out.register::<D>(param.id, g);
        self.at += n;
    }
}
