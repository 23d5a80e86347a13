//! The prediction worker: reads the canvas with the model in use (on the CPU backend, where one
//! image takes a millisecond or two and reading the result back is synchronous).
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
    super::js::set_panic_hook(|message| post(&FromPredictor::Error { message }));
    let model: Rc<RefCell<Option<Predictor>>> = Rc::default();
    super::worker::listen(
        move |msg| handle(&model, msg),
        |e| post(&FromPredictor::Error { message: format!("bad message to the prediction worker: {e}") }),
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
                    post(&FromPredictor::ModelReady { id, about: file.describe(&name), weights: weights.into() });
                }
                Err(e) => post(&FromPredictor::ModelRejected { id, message: e.to_string() }),
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
