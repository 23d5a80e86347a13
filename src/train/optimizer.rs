//! The optimizers: Adam (burn's defaults: β1 0.9, β2 0.999, ε 1e-5, bias-corrected as burn's
//! `Adam`), AdamW (decoupled weight decay, as burn's `AdamW`) and SGD with momentum, optionally
//! Nesterov's (as burn's `Sgd` without dampening, PyTorch's `SGD`). One fused kernel for all the
//! parameters at once ([`crate::model::ops::update`]) whose scalars make it one rule or another,
//! instead of ~13 element-wise ones per tensor. For that the parameters, their gradients and the
//! state live laid out flat ([`Layout`]): after a step every parameter of the module is a view of
//! the one flat tensor of parameters, so the next step reads them without a copy; the gradients
//! are placed into one flat tensor (five tensors per kernel, [`crate::model::ops::place`]). On the
//! GPU a step is ⌈tensors/5⌉ + 1 kernels (3 for the tutorial's 10 tensors; one per tensor before).
//! Its state (the step count, and Adam's moments m and v — or SGD's velocity as m, v staying zero)
//! stays ours, so that it can be read without a synchronous GPU read-back.
use crate::model::ops;
use crate::train::config::{OptimizerKind, TrainConfig};
use burn::module::{Module, ModuleMapper, ModuleVisitor, Param, ParamId};
use burn::optim::GradientsParams;
use burn::prelude::*;

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

/// Values from one parameter's start to the next's: 64 floats, 256 bytes, WebGPU's largest
/// storage-buffer offset alignment, so that a parameter sliced out of the flat tensor is a view
/// ([`ops::view`]), not a copy.
pub const ALIGN: usize = 64;

/// Where each parameter lies in the flat tensors, in the module's visiting order (the weights'
/// layout): its id, its number of values and its offset (a multiple of [`ALIGN`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    ids: Vec<ParamId>,
    lens: Vec<usize>,
    at: Vec<usize>,
    total: usize,
}

impl Layout {
    fn new(ids: Vec<ParamId>, lens: Vec<usize>) -> Self {
        let (mut at, mut total) = (Vec::with_capacity(lens.len()), 0);
        for n in &lens {
            at.push(total);
            total += n.div_ceil(ALIGN) * ALIGN;
        }
        Self { ids, lens, at, total }
    }

    /// `values` (one slice per parameter, in order) laid out flat, zeros between.
    fn flat(&self, values: &[f32]) -> Vec<f32> {
        let mut out = vec![0.0; self.total];
        let mut from = 0;
        for (&n, &at) in self.lens.iter().zip(&self.at) {
            out[at..at + n].copy_from_slice(&values[from..from + n]);
            from += n;
        }
        out
    }

    /// Parameter `i`'s values in a flat tensor (a view on the GPU).
    fn slice(&self, flat: &Tensor<1>, i: usize) -> Tensor<1> {
        ops::view(flat.clone(), self.at[i], self.lens[i]) // [total] -> [len]
    }
}

/// The flat state: the parameters after the last step (the module's are views of them), where
/// the next step's gradients go, and m, v.
struct Flat {
    layout: Layout,
    params: Option<Tensor<1>>,
    grads: Option<Tensor<1>>,
    m: Tensor<1>,
    v: Tensor<1>,
}

/// The state of every parameter, laid out flat, and the number of steps taken.
#[derive(Default)]
pub struct Optimizer {
    rule: Rule,
    steps: usize,
    flat: Option<Flat>,
}

impl Optimizer {
    /// A new optimizer following `rule`.
    pub fn new(rule: Rule) -> Self {
        Self { rule, steps: 0, flat: None }
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

    /// Updates every parameter of `module` with its gradient in `grads` (a parameter without one
    /// — none in these networks — steps with a zero gradient), with the scalars of
    /// [`Optimizer::next_scalars`]. `module` is the one the last step returned, or a new one
    /// (its parameters are then laid out flat first; a module of other parameters starts from
    /// zero state).
    pub fn step<M: Module>(&mut self, scalars: Tensor<1>, module: M, mut grads: GradientsParams) -> M {
        let mut found = Collect::taking(Some(&mut grads));
        module.visit(&mut found);
        let Some(device) = found.params.first().map(|p| p.device()) else { return module };
        let layout = Layout::new(found.ids, found.lens);
        self.steps += 1;
        let mut flat = match self.flat.take() {
            Some(flat) if flat.layout == layout => flat,
            _ => {
                let zeros = Tensor::<1>::zeros([layout.total], &device);
                Flat { layout, params: None, grads: None, m: zeros.clone(), v: zeros }
            }
        };
        let at = flat.layout.at.clone();
        let empty = || Tensor::<1>::empty([flat.layout.total], &device);
        let params = flat.params.take().unwrap_or_else(|| ops::place(empty(), found.params, at.clone()));
        // The gradients the backward pass wrote in place stay; the others are placed.
        let grads = ops::place(flat.grads.take().unwrap_or_else(empty), found.grads, at); // [total]
        let (params, m, v) = ops::update(params, grads, flat.m, flat.v, scalars);
        let module = module.map(&mut Assign { layout: &flat.layout, params: &params, index: 0 });
        let grads = ops::grads_into(params.clone(), empty()); // the next step's
        self.flat = Some(Flat { layout: flat.layout, params: Some(params), grads: Some(grads), m, v });
        module
    }

    /// Steps taken so far.
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// The state of `module`'s parameters in its visiting order (the weights' layout), zeros for
    /// a module not stepped yet: [m of every parameter, then v of every parameter], as tensors
    /// to read back with the weights.
    pub fn moments_of<M: Module>(&self, module: &M) -> Vec<Tensor<1>> {
        let mut found = Collect::taking(None);
        module.visit(&mut found);
        let layout = Layout::new(found.ids, found.lens);
        match &self.flat {
            Some(flat) if flat.layout == layout => {
                let of = |t: &Tensor<1>| (0..layout.ids.len()).map(|i| layout.slice(t, i)).collect::<Vec<_>>();
                [of(&flat.m), of(&flat.v)].concat()
            }
            _ => found.params.iter().chain(&found.params).map(|p| Tensor::zeros(p.dims(), &p.device())).collect(),
        }
    }

    /// An optimizer continued from a checkpoint: `steps` taken, state `m` and `v` (flat, in the
    /// visiting order of `module`, whose parameters they become attached to).
    pub fn restored<M: Module>(rule: Rule, module: &M, steps: usize, m: &[f32], v: &[f32]) -> Self {
        let mut found = Collect::taking(None);
        module.visit(&mut found);
        let Some(device) = found.params.first().map(|p| p.device()) else { return Self::new(rule) };
        let layout = Layout::new(found.ids, found.lens);
        let tensor = |values: &[f32]| Tensor::<1>::from_data(TensorData::new(layout.flat(values), [layout.total]), &device);
        let (m, v) = (tensor(m), tensor(v));
        Self { rule, steps, flat: Some(Flat { layout, params: None, grads: None, m, v }) }
    }
}

/// Every parameter's id, size and values (flattened, plain tensors), and with `from` its
/// gradient taken out of it (zeros without one), in the visiting order.
struct Collect<'a> {
    ids: Vec<ParamId>,
    lens: Vec<usize>,
    params: Vec<Tensor<1>>,
    grads: Vec<Tensor<1>>,
    from: Option<&'a mut GradientsParams>,
}

impl<'a> Collect<'a> {
    fn taking(from: Option<&'a mut GradientsParams>) -> Self {
        Self { ids: Vec::new(), lens: Vec::new(), params: Vec::new(), grads: Vec::new(), from }
    }
}

impl ModuleVisitor for Collect<'_> {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        let p = param.val().inner();
        let n = p.shape().num_elements();
        if let Some(from) = self.from.as_deref_mut() {
            let grad = from.remove::<D>(param.id).map(|g| g.reshape([n])); // [..] -> [n]
            self.grads.push(grad.unwrap_or_else(|| Tensor::zeros([n], &p.device())));
        }
        self.ids.push(param.id);
        self.lens.push(n);
        self.params.push(p.reshape([n])); // [..] -> [n]
    }
}

/// Every parameter becomes its slice of the flat parameters (a view), shaped as it was.
struct Assign<'a> {
    layout: &'a Layout,
    params: &'a Tensor<1>,
    index: usize,
}

impl ModuleMapper for Assign<'_> {
    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        let (id, tensor, mapper) = param.consume();
        let (dims, require_grad) = (tensor.dims(), tensor.is_require_grad());
        let strategy = tensor.gradient_checkpointing_strategy();
        let mut p = Tensor::<D>::from_inner(self.layout.slice(self.params, self.index).reshape(dims)); // [n] -> [..]
        self.index += 1;
        if let Some(s) = strategy {
            p = p.with_gradient_checkpointing_strategy(s);
        }
        if require_grad {
            p = p.require_grad();
        }
        Param::from_mapped_value(id, p, mapper)
    }
}
