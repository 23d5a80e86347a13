//! The optimizers: Adam (burn's defaults: β1 0.9, β2 0.999, ε 1e-5, bias-corrected as burn's
//! `Adam`), AdamW (decoupled weight decay, as burn's `AdamW`) and SGD with momentum, optionally
//! Nesterov's (as burn's `Sgd` without dampening, PyTorch's `SGD`). One fused kernel per parameter
//! tensor ([`crate::model::ops::update`]) whose scalars make it one rule or another, instead of
//! ~13 element-wise ones. Its state (two tensors per parameter and the step count) stays ours, so
//! that it can be read without a synchronous GPU read-back: Adam's moments m and v, or SGD's
//! velocity as m (v stays zero).
use crate::model::ops;
use crate::train::config::{OptimizerKind, TrainConfig};
use burn::module::{Module, ModuleMapper, ModuleVisitor, Param, ParamId};
use burn::optim::GradientsParams;
use burn::prelude::*;
use std::collections::HashMap;

const BETA_1: f32 = 0.9;
const BETA_2: f32 = 0.999;
const EPSILON: f32 = 1e-5;

/// Which update and its settings: a run's recipe's part ([`TrainConfig`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rule {
    pub kind: OptimizerKind,
    pub momentum: f32,
    pub nesterov: bool,
    pub weight_decay: f32,
}

impl Default for Rule {
    /// The tutorial's: Adam, no weight decay.
    fn default() -> Self {
        Self::of(&TrainConfig::default())
    }
}

impl Rule {
    pub fn of(config: &TrainConfig) -> Self {
        Self {
            kind: config.optimizer,
            momentum: config.momentum as f32,
            nesterov: config.nesterov,
            weight_decay: config.weight_decay as f32,
        }
    }

    /// The scalars of step `t` (from 1) at learning rate `lr`: `[b1, c1, b2, c2, k, n, q, eps,
    /// step, decay, l2]` of [`ops::update`].
    pub fn scalars(&self, t: i32, lr: f64) -> [f32; 11] {
        let (lr, wd) = (lr as f32, self.weight_decay);
        match self.kind {
            OptimizerKind::Sgd => {
                let mu = self.momentum;
                // velocity = μ·velocity + g'; step along it, or along g' + μ·velocity (Nesterov).
                let (k, n) = if self.nesterov { (mu, 1.0) } else { (1.0, 0.0) };
                [mu, 1.0, 1.0, 0.0, k, n, 0.0, 1.0, lr, 1.0, wd]
            }
            OptimizerKind::Adam | OptimizerKind::AdamW => {
                // burn's bias correction: step = lr·√(1−β2ᵗ)/(1−β1ᵗ), ε scaled by √(1−β2ᵗ).
                let bc2 = (1.0 - BETA_2.powi(t)).sqrt();
                let step = lr * bc2 / (1.0 - BETA_1.powi(t));
                // Adam adds the decay to the gradient (L2); AdamW shrinks the weights apart.
                let (decay, l2) = if self.kind == OptimizerKind::AdamW { (1.0 - lr * wd, 0.0) } else { (1.0, wd) };
                [BETA_1, 1.0 - BETA_1, BETA_2, 1.0 - BETA_2, 1.0, 0.0, 1.0, EPSILON * bc2, step, decay, l2]
            }
        }
    }
}

/// The state of every parameter tensor, flattened, and the number of steps taken.
#[derive(Default)]
pub struct Optimizer {
    rule: Rule,
    steps: usize,
    moments: HashMap<ParamId, (Tensor<1>, Tensor<1>)>,
}

impl Optimizer {
    /// A new optimizer following `rule`.
    pub fn new(rule: Rule) -> Self {
        Self { rule, steps: 0, moments: HashMap::new() }
    }

    /// The next step's scalars ([`Rule::scalars`]) on `device` (the parameters' own, not
    /// autodiff): uploaded before the step's forward pass, so that the upload does not split the
    /// step's work in two submissions.
    pub fn next_scalars(&self, lr: f64, device: &Device) -> Tensor<1> {
        // Saturating: βᵗ is 0 in f32 long before the step count nears i32's limit.
        let t = i32::try_from(self.steps).unwrap_or(i32::MAX).saturating_add(1);
        Tensor::from_floats(self.rule.scalars(t, lr), device)
    }

    /// The rule it follows.
    pub fn rule(&self) -> Rule {
        self.rule
    }

    /// Updates every parameter of `module` that has a gradient in `grads`, with the scalars of
    /// [`Optimizer::next_scalars`].
    pub fn step<M: Module>(&mut self, scalars: Tensor<1>, module: M, mut grads: GradientsParams) -> M {
        self.steps += 1;
        module.map(&mut Update { moments: &mut self.moments, grads: &mut grads, scalars })
    }

    /// Steps taken so far.
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// The state of `module`'s parameters in its visiting order (the weights' layout), zeros for
    /// a parameter not stepped yet: [m of every parameter, then v of every parameter], as tensors
    /// to read back with the weights.
    pub fn moments_of<M: Module>(&self, module: &M) -> Vec<Tensor<1>> {
        let mut c = CollectMoments { moments: &self.moments, m: Vec::new(), v: Vec::new() };
        module.visit(&mut c);
        c.m.into_iter().chain(c.v).collect()
    }

    /// An optimizer continued from a checkpoint: `steps` taken, state `m` and `v` (flat, in the
    /// visiting order of `module`, whose parameters they become attached to).
    pub fn restored<M: Module>(rule: Rule, module: &M, steps: usize, m: &[f32], v: &[f32]) -> Self {
        let mut r = Restore { moments: HashMap::new(), m, v, at: 0 };
        module.visit(&mut r);
        Self { rule, steps, moments: r.moments }
    }
}

struct CollectMoments<'a> {
    moments: &'a HashMap<ParamId, (Tensor<1>, Tensor<1>)>,
    m: Vec<Tensor<1>>,
    v: Vec<Tensor<1>>,
}

impl ModuleVisitor for CollectMoments<'_> {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        let (m, v) = match self.moments.get(&param.id) {
            Some((m, v)) => (m.clone(), v.clone()),
            None => {
                let p = param.val().inner();
                let zeros = Tensor::<1>::zeros([p.shape().num_elements()], &p.device());
                (zeros.clone(), zeros)
            }
        };
        self.m.push(m);
        self.v.push(v);
    }
}

struct Restore<'a> {
    moments: HashMap<ParamId, (Tensor<1>, Tensor<1>)>,
    m: &'a [f32],
    v: &'a [f32],
    at: usize,
}

impl ModuleVisitor for Restore<'_> {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        let p = param.val().inner();
        let (n, device) = (p.shape().num_elements(), p.device());
        let slice = |all: &[f32]| Tensor::<1>::from_data(TensorData::new(all[self.at..self.at + n].to_vec(), [n]), &device);
        self.moments.insert(param.id, (slice(self.m), slice(self.v)));
        self.at += n;
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
        let (p, m, v) = ops::update(p, grad.reshape([n]), m, v, self.scalars.clone()); // [n] each
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
