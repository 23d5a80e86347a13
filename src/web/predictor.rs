//! The prediction worker: reads the canvas with the model in use (on the CPU backend, where one
//! image takes a millisecond or two and reading the result back is synchronous).
use crate::error::AppError;
use crate::idx::PIXELS;
use crate::infer::Predictor;
use crate::model_file;
use crate::protocol::{FromPredictor, ToPredictor};
use std::cell::RefCell;
use std::rc::Rc;

fn post(msg: &FromPredictor) {
    super::worker::post(msg);
}

/// Starts the prediction worker.
pub fn start() {
    let failed = |why: String| AppError::Worker { role: "predictor".into(), why };
    super::js::set_panic_hook(move |why| post(&FromPredictor::Error { error: failed(why) }));
    let model: Rc<RefCell<Option<Predictor>>> = Rc::default();
    super::worker::listen(
        move |msg| handle(&model, msg),
        move |e| post(&FromPredictor::Error { error: failed(format!("bad message ({e})")) }),
    );
    post(&FromPredictor::Ready);
}

fn handle(model: &Rc<RefCell<Option<Predictor>>>, msg: ToPredictor) {
    match msg {
        ToPredictor::SetModel { id, name, weights } => {
            match model_file::decode(&name, &weights).and_then(|file| Ok((Predictor::new(&file.flat)?, file))) {
                Ok((p, file)) => {
                    *model.borrow_mut() = Some(p);
                    let weights = model_file::encode(
                        file.arch,
                        &file.flat,
                        &file.metadata.iter().map(|(k, v)| (k.clone(), v.clone())).collect::<Vec<_>>(),
                    );
                    post(&FromPredictor::ModelReady { id, about: file.about(&name), weights: weights.into() });
                }
                Err(error) => post(&FromPredictor::ModelRejected { id, error }),
            }
        }
        ToPredictor::Predict { id, image } => {
            let probs = match (&*model.borrow(), <[u8; PIXELS]>::try_from(image.as_slice())) {
                (Some(p), Ok(img)) => p.predict(&img).to_vec(),
                _ => Vec::new(),
            };
            post(&FromPredictor::Prediction { id, probs });
        }
    }
}
