//! A helper worker: computes shares of the training worker's batches on the CPU (one core),
//! each with the weights that come with it ([`crate::train::parallel::shares::compute`]).
use crate::protocol::helper::{FromHelper, ToHelper};
use crate::train::parallel::shares::compute;

fn post(msg: &FromHelper) {
    crate::web::channel::post(msg);
}

/// Starts a helper worker.
pub fn start() {
    crate::web::js::set_panic_hook(|why| post(&FromHelper::Failed { step: usize::MAX, why }));
    crate::web::channel::listen(
        |msg: ToHelper| match msg {
            ToHelper::Share(job) => wasm_bindgen_futures::spawn_local(async move {
                match compute(&job, &crate::device::backend::cpu()).await {
                    Ok(result) => post(&FromHelper::Share(result)),
                    Err(e) => post(&FromHelper::Failed { step: job.step, why: e.to_string() }),
                }
            }),
        },
        |e| post(&FromHelper::Failed { step: usize::MAX, why: format!("bad message ({e})") }),
    );
    post(&FromHelper::Ready);
}
