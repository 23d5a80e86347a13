//! The backward pass of [`super::conv5`], for every backend: the weight gradient from the
//! backend's `conv5_weight_grad`, the input gradient as a forward convolution of the output
//! gradient with the weights flipped and their channel axes swapped.
use super::ConvBackend;
use burn::backend::autodiff::checkpoint::base::Checkpointer;
use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::autodiff::NodeId;
use burn::backend::tensor::FloatTensor;
use burn::backend::Autodiff;

#[derive(Debug)]
struct Conv5Backward;

impl<B: ConvBackend> Backward<B, 2> for Conv5Backward {
    type State = (NodeId, NodeId);

    fn backward(self, ops: Ops<Self::State, 2>, grads: &mut Gradients, checkpointer: &mut Checkpointer) {
        let [node_x, node_w] = ops.parents;
        let grad = grads.consume::<B>(&ops.node); // [N, O, H, W]
        let (x_id, w_id) = ops.state;
        let x: FloatTensor<B> = checkpointer.retrieve_node_output(x_id);
        let w: FloatTensor<B> = checkpointer.retrieve_node_output(w_id);
        if let Some(node) = node_x {
            let wt = B::float_permute(w.clone(), &[1, 0, 2, 3]); // [O, C, 5, 5] -> [C, O, 5, 5]
            let wt = B::float_flip(wt, &[2, 3]);
            grads.register::<B>(node.id, B::conv5(grad.clone(), wt)); // [N, C, H, W]
        }
        if let Some(node) = node_w {
            grads.register::<B>(node.id, B::conv5_weight_grad(x, w, grad)); // [O, C, 5, 5]
        }
    }
}

impl<B: ConvBackend, C: CheckpointStrategy> ConvBackend for Autodiff<B, C> {
    fn conv5(x: FloatTensor<Self>, w: FloatTensor<Self>) -> FloatTensor<Self> {
        match Conv5Backward.prepare::<C>([x.node(), w.node()]).compute_bound().stateful() {
            OpsKind::Tracked(mut prep) => {
                let state = (prep.checkpoint(&x), prep.checkpoint(&w));
                prep.finish(state, B::conv5(x.into_primitive(), w.into_primitive()))
            }
            OpsKind::UnTracked(prep) => prep.finish(B::conv5(x.into_primitive(), w.into_primitive())),
        }
    }
}
