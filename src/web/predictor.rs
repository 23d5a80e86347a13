//! The prediction worker: reads the canvas with the model in use (on the CPU backend, where one
//! image takes a millisecond or two and reading the result back is synchronous).
use crate::idx::PIXELS;
use crate::infer::Predictor;
use crate::protocol::{FromPredictor, ToPredictor};
use crate::weights;
use std::cell::RefCell;
use std::rc::Rc;

fn post(msg: &FromPredictor) {
    super::worker::post(msg);
}

/// Starts the prediction worker.
pub fn start() {
    super::js::set_panic_hook(|message| post(&FromPredictor::Error { message }));
    let model: Rc<RefCell<Option<Predictor>>> = Rc::default();
    super::worker::listen(move |msg| handle(&model, msg), |e| post(&FromPredictor::Error { message: format!("bad message to the prediction worker: {e}") }));
    post(&FromPredictor::Ready);
}

fn handle(model: &Rc<RefCell<Option<Predictor>>>, msg: ToPredictor) {
    match msg {
        ToPredictor::SetModel { id, name, weights } => match weights::decode(&weights).and_then(|flat| Predictor::new(&flat)) {
            Ok(p) => {
                *model.borrow_mut() = Some(p);
                post(&FromPredictor::ModelReady { id });
            }
            Err(e) => post(&FromPredictor::ModelRejected { id, message: format!("{name}: {e}") }),
        },
        ToPredictor::Predict { id, image } => {
            let probs = match (&*model.borrow(), <[u8; PIXELS]>::try_from(image.as_slice())) {
                (Some(p), Ok(img)) => p.predict(&img).to_vec(),
                _ => Vec::new(),
            };
            post(&FromPredictor::Prediction { id, probs });
        }
    }
}
