//! The prediction worker: reads the canvas with the model in use (on the CPU backend, where one
//! image takes a millisecond or two and reading the result back is synchronous), and shows what
//! is inside it: every layer's maps, saliency, the patches that excite a channel.
use crate::base::error::AppError;
use crate::data::idx::PIXELS;
use crate::inspect::predictor::Predictor;
use crate::protocol::Role;
use crate::protocol::prediction::{FromPredictor, ToPredictor};
use crate::weights::file;
use std::cell::RefCell;
use std::rc::Rc;

fn post(msg: &FromPredictor) {
    crate::web::channel::post(msg);
}

/// The model in use and the test images to probe it with.
#[derive(Default)]
struct Worker {
    model: Option<Predictor>,
    probe: Vec<u8>,
}

/// Starts the prediction worker.
pub fn start() {
    let failed = |why: String| AppError::Worker { role: Role::Prediction.as_str().into(), why };
    crate::web::js::set_panic_hook(move |why| post(&FromPredictor::Error { error: failed(why) }));
    let worker: Rc<RefCell<Worker>> = Rc::default();
    crate::web::channel::listen(
        move |msg| handle(&mut worker.borrow_mut(), msg),
        move |e| post(&FromPredictor::Error { error: failed(format!("bad message ({e})")) }),
    );
    post(&FromPredictor::Ready);
}

fn image(bytes: &[u8]) -> Option<[u8; PIXELS]> {
    <[u8; PIXELS]>::try_from(bytes).ok()
}

fn handle(w: &mut Worker, msg: ToPredictor) {
    match msg {
        ToPredictor::SetModel { id, name, weights } => {
            match file::decode(&name, &weights).and_then(|file| Ok((Predictor::new(&file.net, &file.flat)?, file))) {
                Ok((p, file)) => {
                    let meta: Vec<_> = file.metadata.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                    let weights = file::encode(&file.net, &file.flat, &meta).into();
                    let (net, filters) = (p.net().clone(), p.filters().0.to_vec());
                    w.model = Some(p);
                    post(&FromPredictor::ModelReady { id, about: file.about(&name), weights, net, filters });
                }
                Err(error) => post(&FromPredictor::ModelRejected { id, error }),
            }
        }
        ToPredictor::Predict { id, image: bytes, maps } => {
            let (probs, logits, maps) = match (&w.model, image(&bytes)) {
                (Some(p), Some(img)) => {
                    let r = p.read(&img, maps);
                    (r.probs, r.logits, r.maps)
                }
                _ => Default::default(),
            };
            post(&FromPredictor::Prediction { id, probs, logits, maps: maps.into() });
        }
        ToPredictor::Explain { id, image: bytes, digit, method } => {
            if let (Some(p), Some(img)) = (&mut w.model, image(&bytes)) {
                post(&FromPredictor::Saliency { id, digit, map: p.explain(&img, digit, method) });
            }
        }
        ToPredictor::Probe { images } => {
            w.probe = images.0;
            if let Some(p) = &mut w.model {
                p.forget_patches();
            }
        }
        ToPredictor::TopPatches { layer, channel } => {
            let found = w.model.as_mut().filter(|_| !w.probe.is_empty()).and_then(|p| p.top_patches(&w.probe, &layer, channel));
            let (side, list) = found.map_or((0, Vec::new()), |(shape, list)| (shape.field, list));
            let images = list.iter().map(|p| p.image).collect();
            let pixels = list.into_iter().flat_map(|p| p.pixels).collect::<Vec<u8>>().into();
            post(&FromPredictor::Patches { layer, channel, side, images, pixels });
        }
    }
}
