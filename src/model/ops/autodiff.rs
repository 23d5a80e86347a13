//! The backward passes of [`super::NetOps`], written once for every backend: each calls the
//! backend's gradient operations (our kernels on the GPU, burn's composition on the CPU).
use super::NetOps;
use burn::backend::Autodiff;
use burn::backend::autodiff::checkpoint::base::Checkpointer;
use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::tensor::FloatTensor;

#[derive(Debug)]
struct ConvReluBackward;

impl<B: NetOps> Backward<B, 3> for ConvReluBackward {
    /// The input, the weights, the bias (where its gradient goes: [`NetOps::grads_into`]) and
    /// the output (its sign masks the gradient).
    type State = (FloatTensor<B>, FloatTensor<B>, FloatTensor<B>, FloatTensor<B>);

    fn backward(self, ops: Ops<Self::State, 3>, grads: &mut Gradients, _: &mut Checkpointer) {
        let [node_x, node_w, node_b] = ops.parents;
        let g = grads.consume::<B>(&ops.node); // [N, O, H, W]
        let (x, w, b, y) = ops.state;
        let dz = B::relu_grad(g, y); // [N, O, H, W]: once, for both gradient kernels
        if let Some(node) = node_x {
            grads.register::<B>(node.id, B::conv_relu_input_grad(dz.clone(), w.clone())); // [N, C, H, W]
        }
        if node_w.is_some() || node_b.is_some() {
            let (dw, db) = B::conv_relu_param_grad(x, dz, w, b); // [O, C, k, k], [O]
            if let Some(node) = node_w {
                grads.register::<B>(node.id, dw);
            }
            if let Some(node) = node_b {
                grads.register::<B>(node.id, db);
            }
        }
    }
}

#[derive(Debug)]
struct DenseBackward;

impl<B: NetOps> Backward<B, 3> for DenseBackward {
    /// The input, the weights and the bias (where its gradient goes: [`NetOps::grads_into`]).
    type State = (FloatTensor<B>, FloatTensor<B>, FloatTensor<B>);

    fn backward(self, ops: Ops<Self::State, 3>, grads: &mut Gradients, _: &mut Checkpointer) {
        let [node_x, node_w, node_b] = ops.parents;
        let g = grads.consume::<B>(&ops.node); // [B, U]
        let (x, w, b) = ops.state;
        if let Some(node) = node_x {
            grads.register::<B>(node.id, B::float_matmul(g.clone(), B::float_transpose(w.clone()))); // [B, U]·[U, F]
        }
        if node_w.is_some() || node_b.is_some() {
            let (dw, db) = B::dense_param_grad(x, g, w, b); // [F, U], [U]
            if let Some(node) = node_w {
                grads.register::<B>(node.id, dw);
            }
            if let Some(node) = node_b {
                grads.register::<B>(node.id, db);
            }
        }
    }
}

#[derive(Debug)]
struct PoolBackward;

impl<B: NetOps> Backward<B, 1> for PoolBackward {
    type State = FloatTensor<B>;

    fn backward(self, ops: Ops<Self::State, 1>, grads: &mut Gradients, _: &mut Checkpointer) {
        let [node_x] = ops.parents;
        let g = grads.consume::<B>(&ops.node); // [N, C, H/2, W/2]
        if let Some(node) = node_x {
            grads.register::<B>(node.id, B::max_pool2_grad(ops.state, g)); // [N, C, H, W]
        }
    }
}

#[derive(Debug)]
struct ReluBackward;

impl<B: NetOps> Backward<B, 1> for ReluBackward {
    /// The output (its sign masks the gradient).
    type State = FloatTensor<B>;

    fn backward(self, ops: Ops<Self::State, 1>, grads: &mut Gradients, _: &mut Checkpointer) {
        let [node_x] = ops.parents;
        let g = grads.consume::<B>(&ops.node); // the output's shape
        if let Some(node) = node_x {
            grads.register::<B>(node.id, B::relu_grad(g, ops.state));
        }
    }
}

#[derive(Debug)]
struct CrossEntropyBackward;

impl<B: NetOps> Backward<B, 1> for CrossEntropyBackward {
    /// The logits and the targets.
    type State = (FloatTensor<B>, FloatTensor<B>);

    fn backward(self, ops: Ops<Self::State, 1>, grads: &mut Gradients, _: &mut Checkpointer) {
        let [node_logits] = ops.parents;
        let g = grads.consume::<B>(&ops.node); // [1]
        if let Some(node) = node_logits {
            let (logits, targets) = ops.state;
            grads.register::<B>(node.id, B::cross_entropy_grad(logits, targets, g)); // [B, K]
        }
    }
}

impl<B: NetOps, C: CheckpointStrategy> NetOps for Autodiff<B, C> {
    fn conv_relu(x: FloatTensor<Self>, w: FloatTensor<Self>, b: FloatTensor<Self>) -> FloatTensor<Self> {
        let prep = ConvReluBackward.prepare::<C>([x.node(), w.node(), b.node()]).compute_bound().stateful();
        let (xp, wp, bp) = (x.into_primitive(), w.into_primitive(), b.into_primitive());
        let y = B::conv_relu(xp.clone(), wp.clone(), bp.clone());
        match prep {
            OpsKind::Tracked(prep) => prep.finish((xp, wp, bp, y.clone()), y),
            OpsKind::UnTracked(prep) => prep.finish(y),
        }
    }

    fn dense(x: FloatTensor<Self>, w: FloatTensor<Self>, b: FloatTensor<Self>) -> FloatTensor<Self> {
        let prep = DenseBackward.prepare::<C>([x.node(), w.node(), b.node()]).compute_bound().stateful();
        let (xp, wp, bp) = (x.into_primitive(), w.into_primitive(), b.into_primitive());
        let y = B::dense(xp.clone(), wp.clone(), bp.clone());
        match prep {
            OpsKind::Tracked(prep) => prep.finish((xp, wp, bp), y),
            OpsKind::UnTracked(prep) => prep.finish(y),
        }
    }

    fn max_pool2(x: FloatTensor<Self>) -> FloatTensor<Self> {
        let prep = PoolBackward.prepare::<C>([x.node()]).compute_bound().stateful();
        let xp = x.into_primitive();
        let y = B::max_pool2(xp.clone());
        match prep {
            OpsKind::Tracked(prep) => prep.finish(xp, y),
            OpsKind::UnTracked(prep) => prep.finish(y),
        }
    }

    fn dense_relu(x: FloatTensor<Self>) -> FloatTensor<Self> {
        let prep = ReluBackward.prepare::<C>([x.node()]).compute_bound().stateful();
        let y = B::dense_relu(x.into_primitive());
        match prep {
            OpsKind::Tracked(prep) => prep.finish(y.clone(), y),
            OpsKind::UnTracked(prep) => prep.finish(y),
        }
    }

    fn cross_entropy(logits: FloatTensor<Self>, targets: FloatTensor<Self>) -> FloatTensor<Self> {
        let prep = CrossEntropyBackward.prepare::<C>([logits.node()]).compute_bound().stateful();
        let (lp, tp) = (logits.into_primitive(), targets.into_primitive());
        let loss = B::cross_entropy(lp.clone(), tp.clone());
        match prep {
            OpsKind::Tracked(prep) => prep.finish((lp, tp), loss),
            OpsKind::UnTracked(prep) => prep.finish(loss),
        }
    }

    /// The optimizer's flat tensors are plain; on autodiff tensors, the inner backend's.
    fn grads_into(params: FloatTensor<Self>, grads: FloatTensor<Self>) -> FloatTensor<Self> {
        FloatTensor::<Self>::new(B::grads_into(params.into_primitive(), grads.into_primitive()))
    }

    /// The optimizer updates plain tensors; on autodiff tensors the update is not tracked.
    fn update(
        p: FloatTensor<Self>,
        g: FloatTensor<Self>,
        m: FloatTensor<Self>,
        v: FloatTensor<Self>,
        s: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>) {
        let (p, m, v) = B::update(p.into_primitive(), g.into_primitive(), m.into_primitive(), v.into_primitive(), s.into_primitive());
        (FloatTensor::<Self>::new(p), FloatTensor::<Self>::new(m), FloatTensor::<Self>::new(v))
    }
}
