//! The models the canvas can read with: the shipped (pretrained) one, the last one trained in
//! this browser, and files the user loads. Each offer to the prediction worker has an id, and
//! its answer (ready or refused) is matched by that id.
use crate::base::envelope::Bytes;
use crate::protocol::prediction::{ModelSource, ToPredictor};

/// A model offered to the prediction worker.
#[derive(Clone, Debug, PartialEq)]
pub struct Offer {
    pub source: ModelSource,
    /// What the user calls it (a file's name, or the source's).
    pub name: String,
    pub weights: Bytes,
}

#[derive(Debug, Default)]
pub struct CanvasModels {
    last_id: u64,
    /// Offers not answered yet.
    pending: Vec<(u64, Offer)>,
    /// The model reading the canvas.
    pub current: Option<Offer>,
    /// The shipped weights and the last ones trained here, to switch back to.
    pub pretrained: Option<Bytes>,
    pub trained: Option<Bytes>,
}

impl CanvasModels {
    /// Keeps `weights` to switch to later (the shipped or trained ones), without using them.
    pub fn keep(&mut self, source: ModelSource, weights: Bytes) {
        match source {
            ModelSource::Pretrained => self.pretrained = Some(weights),
            ModelSource::Trained => self.trained = Some(weights),
            ModelSource::Training | ModelSource::Loaded => {}
        }
    }

    /// Offers `weights` to the prediction worker: the message to send.
    pub fn offer(&mut self, source: ModelSource, name: &str, weights: Bytes) -> ToPredictor {
        self.keep(source, weights.clone());
        self.last_id += 1;
        let offer = Offer { source, name: name.to_string(), weights: weights.clone() };
        self.pending.push((self.last_id, offer));
        ToPredictor::SetModel { id: self.last_id, name: name.to_string(), weights }
    }

    /// Offer `id` reads the canvas now: it becomes the current model, kept as `weights` (the
    /// same weights as the worker read them, as safetensors).
    pub fn ready(&mut self, id: u64, weights: Bytes) -> Option<&Offer> {
        let at = self.pending.iter().position(|(i, _)| *i == id)?;
        let offer = Offer { weights, ..self.pending.remove(at).1 };
        self.current = Some(offer);
        self.current.as_ref()
    }

    /// The prediction worker died and a new one starts: the offers it had not answered are
    /// dropped (the files among them returned by name, to say they were not read); the current
    /// model stays, to be offered again with [`CanvasModels::offer_current`] once the new worker
    /// listens.
    pub fn restarted(&mut self) -> Vec<String> {
        self.pending.drain(..).filter(|(_, o)| o.source == ModelSource::Loaded).map(|(_, o)| o.name).collect()
    }

    /// The message offering the current model again (to a new worker), if there is one.
    pub fn offer_current(&mut self) -> Option<ToPredictor> {
        let Offer { source, name, weights } = self.current.clone()?;
        Some(self.offer(source, &name, weights))
    }

    /// Offer `id` was refused (the model in use stays; the page says so with
    /// [`crate::page::status_text::refusal_text`]).
    pub fn rejected(&mut self, id: u64) {
        self.pending.retain(|(i, _)| *i != id);
    }
}
