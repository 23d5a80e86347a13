//! Adam with burn's defaults (β1 0.9, β2 0.999, ε 1e-5, bias-corrected as burn's `Adam`), one
//! fused kernel per parameter tensor ([`crate::ops::adam`]) instead of ~13 element-wise ones. Its
//! state (the moments and the step count) stays ours, so that it can be read without a
//! synchronous GPU read-back.
use crate::ops;
use burn::module::{Module, ModuleMapper, Param, ParamId};
use burn::optim::GradientsParams;
use burn::prelude::*;
use std::collections::HashMap;

const BETA_1: f32 = 0.9;
const BETA_2: f32 = 0.999;
const EPSILON: f32 = 1e-5;

/// The moments of every parameter tensor, flattened, and the number of steps taken.
#[derive(Default)]
pub struct Adam {
    steps: usize,
    moments: HashMap<ParamId, (Tensor<1>, Tensor<1>)>,
}

impl Adam {
    /// The next step's scalars [β1, β2, step size, ε] on `device` (the parameters' own, not
    /// autodiff): uploaded before the step's forward pass, so that the upload does not split
    /// the step's work in two submissions.
    pub fn next_scalars(&self, lr: f64, device: &Device) -> Tensor<1> {
        let t = self.steps as i32 + 1;
        // burn's bias correction: step = lr·√(1−β2ᵗ)/(1−β1ᵗ), ε scaled by √(1−β2ᵗ).
        let bc2 = (1.0 - BETA_2.powi(t)).sqrt();
        Tensor::from_floats([BETA_1, BETA_2, lr as f32 * bc2 / (1.0 - BETA_1.powi(t)), EPSILON * bc2], device)
    }

    /// Updates every parameter of `module` that has a gradient in `grads`, with the scalars of
    /// [`Adam::next_scalars`].
    pub fn step<M: Module>(&mut self, scalars: Tensor<1>, module: M, mut grads: GradientsParams) -> M {
        self.steps += 1;
        module.map(&mut Update { moments: &mut self.moments, grads: &mut grads, scalars })
    }

    /// Steps taken so far.
    pub fn steps(&self) -> usize {
        self.steps
    }
}

struct Update<'a> {
    moments: &'a mut HashMap<ParamId, (Tensor<1>, Tensor<1>)>,
    grads: &'a mut GradientsParams,
    scalars: Tensor<1>,
}

impl ModuleMapper for Update<'_> {
    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        let (id, tensor, mapper) = param.consume();
        let Some(grad) = self.grads.remove::<D>(id) else {
            return Param::from_mapped_value(id, tensor, mapper);
        };
        let (dims, require_grad) = (tensor.dims(), tensor.is_require_grad());
        let strategy = tensor.gradient_checkpointing_strategy();
        let n = dims.iter().product::<usize>();
        let (m, v) = self.moments.remove(&id).unwrap_or_else(|| {
            let zeros = || Tensor::<1>::zeros([n], &grad.device());
            (zeros(), zeros())
        });
        let p = tensor.inner().reshape([n]); // [..] -> [n]
        let (p, m, v) = ops::adam(p, grad.reshape([n]), m, v, self.scalars.clone()); // [n] each
        self.moments.insert(id, (m, v));
        let mut p = Tensor::<D>::from_inner(p.reshape(dims)); // [n] -> [..]
        if let Some(s) = strategy {
            p = p.with_gradient_checkpointing_strategy(s);
        }
        if require_grad {
            p = p.require_grad();
        }
        Param::from_mapped_value(id, p, mapper)
    }
}
