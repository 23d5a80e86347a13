//! Data parallelism: one training step on a batch, and an evaluation of the test set, split
//! between this worker and its helpers when it has some ([`helpers`]: the trait, and the same
//! computed in this process), each computing a share ([`shares`]: what a helper is sent and
//! answers) whose gradients travel flat ([`gradients`]): the same either way, up to the order of
//! float sums.
pub mod gradients;
pub mod helpers;
pub mod shares;

use crate::base::envelope::Bytes;
use crate::base::error::Result;
use crate::data::dataset::{Dataset, batch_count, input, targets};
use crate::data::idx::PIXELS;
use crate::model::flat;
use crate::model::network::Cnn;
use crate::train::dropout::Dropout;
use crate::train::eval::{evaluate_full, evaluate_part};
use crate::train::results::{EvalResult, Predictions};
use crate::train::trainer::Trainer;
use burn::prelude::*;
use helpers::Helpers;
use shares::{ShareJob, Work, share_gradients, split};

/// A batch's images (784 bytes each, augmented already) and labels.
pub struct Batch {
    pub pixels: Vec<u8>,
    pub labels: Vec<u8>,
}

/// Trains `trainer` on `batch` (global batch number `step`); returns the batch's mean loss as a
/// [1] tensor, not read here.
pub async fn step(
    trainer: &mut Trainer,
    batch: &Batch,
    step: usize,
    dropout: Option<Dropout>,
    helpers: &mut impl Helpers,
) -> Result<Tensor<1>> {
    let device = trainer.model().devices().into_iter().next().expect("the model has parameters");
    let size = batch.labels.len();
    if helpers.helpers() == 0 {
        let masks = dropout.map(|d| d.tensors(0..size, &device)).unwrap_or_default();
        return Ok(trainer.step_masked(input(&batch.pixels, &device), targets(&batch.labels, &device), &masks));
    }
    let weights = Bytes::from_f32s(&flat::read_flat(trainer.model()).await?);
    let net = trainer.model().net().clone();
    let job = |r: &std::ops::Range<usize>| ShareJob {
        step,
        work: Work::Gradient,
        net: net.clone(),
        weights: weights.clone(),
        pixels: batch.pixels[r.start * PIXELS..r.end * PIXELS].to_vec().into(),
        labels: batch.labels[r.clone()].to_vec().into(),
        first: r.start,
        batch: size,
        dropout: dropout.clone(),
    };
    let shares = split(size, helpers.helpers() + 1);
    helpers.send_shares(shares[1..].iter().map(job).collect());
    let (grads, mut loss) = share_gradients(trainer.model(), &job(&shares[0]));
    let mut total = gradients::to_flat(trainer.model(), &grads); // [P]
    let (p, plain) = (total.dims()[0], device.clone().inner());
    for (answer, r) in helpers.collect_shares().await.into_iter().zip(&shares[1..]) {
        match answer.filter(|a| a.step == step && a.grads.len() == p * 4) {
            Some(a) => {
                total = total + Tensor::<1>::from_data(TensorData::new(a.grads.f32s(), [p]), &plain);
                loss = loss.add_scalar(a.loss);
            }
            None => {
                // The helper failed: its share is computed here.
                let (grads, share_loss) = share_gradients(trainer.model(), &job(r));
                total = total + gradients::to_flat(trainer.model(), &grads);
                loss = loss + share_loss;
            }
        }
    }
    trainer.apply(gradients::from_flat(trainer.model(), total));
    Ok(loss)
}

/// Evaluates `model` on `data` in batches of `batch` (see [`evaluate_full`]), whole batches
/// shared between this worker and its helpers; `id` tells this evaluation's answers apart.
pub async fn evaluate(
    model: &Cnn,
    data: &Dataset,
    batch: usize,
    id: usize,
    helpers: &mut impl Helpers,
) -> Result<(EvalResult, Predictions)> {
    if helpers.helpers() == 0 {
        return evaluate_full(model, data, batch).await;
    }
    let batch = batch.max(1);
    let images = |r: &std::ops::Range<usize>| r.start * batch..(r.end * batch).min(data.len()); // batches -> images
    let part = |r: &std::ops::Range<usize>| {
        let i = images(r);
        Dataset { pixels: data.pixels[i.start * PIXELS..i.end * PIXELS].to_vec(), labels: data.labels[i].to_vec() }
    };
    let shares = split(batch_count(data.len(), batch), helpers.helpers() + 1);
    let weights = Bytes::from_f32s(&flat::read_flat(model).await?);
    let jobs: Vec<ShareJob> = shares[1..]
        .iter()
        .map(|r| {
            let d = part(r);
            let (pixels, labels) = (d.pixels.into(), d.labels.into());
            ShareJob {
                step: id,
                work: Work::Evaluate,
                net: model.net().clone(),
                weights: weights.clone(),
                pixels,
                labels,
                first: 0,
                batch,
                dropout: None,
            }
        })
        .collect();
    helpers.send_shares(jobs);
    let own = evaluate_part(model, &part(&shares[0]), batch).await?;
    let (mut loss_sum, mut batches, mut predictions) = (own.loss_sum, own.batches, own.predictions);
    for (answer, r) in helpers.collect_shares().await.into_iter().zip(&shares[1..]) {
        let expected = images(r).len();
        let more = match answer.filter(|a| a.step == id && a.predicted.len() == expected && a.confidence.len() == expected * 4) {
            Some(a) => crate::train::eval::EvalPart {
                loss_sum: a.loss as f64,
                batches: a.batches,
                predictions: Predictions { predicted: a.predicted.to_vec(), confidence: a.confidence.f32s() },
            },
            None => evaluate_part(model, &part(r), batch).await?, // the helper failed: done here
        };
        loss_sum += more.loss_sum;
        batches += more.batches;
        predictions.predicted.extend(more.predictions.predicted);
        predictions.confidence.extend(more.predictions.confidence);
    }
    let result = EvalResult::from_predictions(&data.labels, &predictions.predicted, model.net().classes(), loss_sum, batches);
    Ok((result, predictions))
}
