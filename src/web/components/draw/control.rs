//! What the draw panel does, apart from its markup and its plain logic ([`DrawState`]: strokes,
//! readings, models, the worker's life): the canvas, the prediction worker, what the answers
//! change on screen, and the page's signals it follows (a run's snapshots and weights, test
//! images, a picked image).
use crate::base::envelope::Bytes;
use crate::base::error::AppError;
use crate::data::preprocess::{CANVAS, to_mnist};
use crate::inspect::predictor::top;
use crate::page::draw_state::{DrawState, InUse};
use crate::page::test_image::TestImage;
use crate::protocol::Role;
use crate::protocol::prediction::{FromPredictor, ModelSource, ToPredictor};
use crate::web::channel::WorkerHandle;
use crate::web::components::context::PageContext;
use crate::web::components::draw::inside_view::Inside;
use crate::web::components::draw::why::Why;
use crate::web::js::{self, now_ms};
use crate::weights::file::About;
use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// MNIST's pen: about 2 px of a 20 px digit, i.e. ~1/10 of a digit drawn ~200 px tall.
const PEN: f64 = 20.0;

#[derive(Clone, Copy)]
pub struct DrawControl {
    pub page: PageContext,
    pub canvas: NodeRef<Canvas>,
    pub preview: NodeRef<Canvas>,
    /// The strokes, readings, models and the worker's life (plain, tested natively).
    pub state: StoredValue<DrawState>,
    pub probs: RwSignal<Option<Vec<f32>>>,
    /// p50, p95 and count of the reading latencies (ms).
    pub latency: RwSignal<(f64, f64, usize)>,
    /// A reading is on its way (`data-busy`: tests wait for the drawing's own reading).
    pub busy: RwSignal<bool>,
    pub source: RwSignal<Option<ModelSource>>,
    pub trained_available: RwSignal<bool>,
    /// Where the model in use came from (the file and its own metadata).
    pub about: RwSignal<Option<About>>,
    /// Why the last weights were refused, and whether a model still reads the canvas.
    pub message: RwSignal<Option<(AppError, bool)>>,
    pub inside: Inside,
    pub why: Why,
    /// When the first model was ready (start-up benchmark).
    model_ready: RwSignal<Option<f64>>,
    worker: StoredValue<Option<WorkerHandle<ToPredictor>>, LocalStorage>,
}

impl DrawControl {
    /// The panel's state (the inside view unfolded unless on a phone); [`DrawControl::start`] starts it.
    pub fn new(page: PageContext, model_ready: RwSignal<Option<f64>>) -> Self {
        let phone = web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|v| v.as_f64()).is_some_and(|w| w <= 600.0);
        Self {
            page,
            canvas: NodeRef::new(),
            preview: NodeRef::new(),
            state: StoredValue::new(DrawState::default()),
            probs: RwSignal::new(None),
            latency: RwSignal::new((f64::NAN, f64::NAN, 0)),
            busy: RwSignal::new(false),
            source: RwSignal::new(None),
            trained_available: RwSignal::new(false),
            about: RwSignal::new(None),
            message: RwSignal::new(None),
            inside: Inside::new(!phone),
            why: Why::default(),
            model_ready,
            worker: StoredValue::new_local(None),
        }
    }

    pub fn send(self, msg: ToPredictor) {
        self.worker.with_value(|w| {
            if let Some(w) = w {
                w.send(&msg)
            }
        })
    }

    /// Starts the prediction worker; one that dies is started again (see [`DrawControl::died`]).
    pub fn start(self) {
        let on_failure = move |e: AppError, fatal: bool| {
            if fatal {
                // Not from inside the dead worker's own error handler, which the restart drops.
                wasm_bindgen_futures::spawn_local(async move { self.died(e) });
            } else {
                self.message.set(Some((e, self.source.get_untracked().is_some())));
            }
        };
        match WorkerHandle::spawn(Role::Prediction, move |m| self.answer(m), on_failure) {
            Ok(h) => self.worker.set_value(Some(h)),
            Err(e) => self.message.set(Some((e, false))),
        }
    }

    /// The prediction worker died (out of memory, a panic): a new one starts and reads with the
    /// model the old one had (offered again when it listens); the reading in flight is dropped
    /// and made again, a file it was reading is said to be unread. One that keeps dying is left.
    fn died(self, error: AppError) {
        let why = match &error {
            AppError::Worker { why, .. } => why.clone(),
            other => other.to_string(),
        };
        self.worker.set_value(None); // terminates it
        let model_in_use = self.source.get_untracked().is_some();
        let Some(died) = self.state.try_update_value(|s| s.died(now_ms(), model_in_use)) else { return };
        self.busy.set(false);
        for name in died.unread {
            let reason = "the prediction worker stopped while reading it; the model it had is in use again".to_string();
            self.page.state.update(|s| s.errors.push(AppError::BadWeightsFile { name, reason }));
        }
        if !died.restart {
            self.message.set(Some((error, false)));
            return;
        }
        self.message.set(Some((AppError::WorkerRestarted { role: Role::Prediction.as_str().into(), why }, false)));
        self.start();
    }

    pub fn has_input(self) -> bool {
        self.state.with_value(|s| !s.strokes().is_empty()) || self.page.inspect.with_untracked(Option::is_some)
    }

    pub fn top_digit(self) -> Option<usize> {
        self.probs.with_untracked(|p| p.as_ref().map(|p| top(p)))
    }

    pub fn paint(self) {
        let Some(c) = self.canvas.get_untracked() else { return };
        let list: js_sys::Array =
            self.state.with_value(|s| s.strokes().iter().map(|p| JsValue::from(js_sys::Float32Array::from(&p[..]))).collect());
        let _ = js::paint(&c, &list, PEN);
    }

    fn show_preview(self, img: &[u8]) {
        if let Some(p) = self.preview.get_untracked() {
            let _ = js::grey(&p, &js_sys::Uint8Array::from(img));
        }
    }

    /// The image to read: a test image being looked at, or the drawing as MNIST would have it.
    fn image(self) -> Option<Vec<u8>> {
        if let Some(i) = self.page.inspect.get_untracked() {
            return Some(i.image);
        }
        let ink = js::ink(&self.canvas.get_untracked()?).ok()?;
        let ink: Vec<f32> = ink.to_vec().iter().map(|&b| b as f32 / 255.0).collect();
        to_mnist(&ink, CANVAS, CANVAS).map(|img| img.to_vec())
    }

    /// Sends the image as it is now (request `id`), or clears the reading when it is blank.
    fn read(self, id: Option<u64>) {
        match self.image() {
            None => {
                self.probs.set(None);
                self.inside.scores.set((Vec::new(), Vec::new()));
                self.show_preview(&[0; 784]);
                self.why.reading(None);
                self.state.update_value(|s| s.readings.cleared());
            }
            Some(img) => {
                self.show_preview(&img);
                self.why.reading(Some(img.clone()));
                let id = id.unwrap_or_else(|| self.state.try_update_value(|s| s.readings.send()).unwrap_or_default());
                self.send(ToPredictor::Predict { id, image: img.into(), maps: self.inside.open.get_untracked() });
            }
        }
    }

    /// The image changed: read it now, or once the reading in flight is answered.
    pub fn changed(self) {
        if let Some(Some(id)) = self.state.try_update_value(|s| s.readings.changed(now_ms())) {
            self.read(Some(id));
        }
        self.busy.set(self.state.with_value(|s| s.readings.busy()));
    }

    /// A test image being looked at gives way to the user's drawing (`leave`).
    fn leave_test_image(self, leave: bool) {
        if leave {
            self.page.inspect.set(None);
            self.why.forget();
        }
    }

    fn inspecting(self) -> bool {
        self.page.inspect.with_untracked(Option::is_some)
    }

    pub fn stroke_start(self, x: f32, y: f32) {
        let inspecting = self.inspecting();
        let leave = self.state.try_update_value(|s| s.stroke_start(x, y, inspecting)).unwrap_or_default();
        self.leave_test_image(leave);
        self.paint();
        self.changed();
    }

    pub fn stroke_to(self, x: f32, y: f32) {
        if self.state.try_update_value(|s| s.stroke_to(x, y)).unwrap_or_default() {
            self.paint();
            self.changed();
        }
    }

    pub fn stroke_end(self) {
        self.state.update_value(DrawState::stroke_end);
    }

    /// Clear (`undo` false) or Undo.
    pub fn edit(self, undo: bool) {
        let inspecting = self.inspecting();
        let leave = self.state.try_update_value(|s| s.edit(undo, inspecting)).unwrap_or_default();
        self.leave_test_image(leave);
        self.paint();
        self.changed();
    }

    /// The test images arrived: the prediction worker probes channels with them, and an
    /// untouched canvas reads the first of them (every map, logit and bar has content at once).
    pub fn test_images_arrived(self) {
        // (The 500 images are copied once, into the message; not the whole sample twice.)
        let Some((images, example)) = self.page.probe.with_untracked(|s| s.as_ref().map(|s| (s.pixels.clone(), TestImage::example(s, 0))))
        else {
            return;
        };
        self.send(ToPredictor::Probe { images: images.into() });
        if !self.state.with_value(DrawState::touched) && !self.inspecting() {
            self.page.inspect.set(example);
        }
    }

    /// The next test image in place of the example on the canvas.
    pub fn another_example(self) {
        let next =
            self.page.probe.with_untracked(|s| s.as_ref().zip(self.page.inspect.get_untracked()).and_then(|(s, i)| i.next_example(s)));
        if next.is_some() {
            self.page.inspect.set(next);
        }
    }

    /// A test image (the example or a gallery's), shown on the canvas and read like a drawing.
    pub fn inspect(self, image: &[u8]) {
        if let Some(c) = self.canvas.get_untracked() {
            self.state.update_value(DrawState::show_image);
            self.why.forget();
            let _ = js::show_image(&c, &js_sys::Uint8Array::from(image));
            self.changed();
        }
    }

    /// Offers weights to the prediction worker.
    pub fn offer(self, src: ModelSource, name: &str, weights: Bytes) {
        if src == ModelSource::Trained {
            self.trained_available.set(true);
        }
        if let Some(msg) = self.state.try_update_value(|s| s.offer(src, name, weights)) {
            self.send(msg);
        }
    }

    /// Snapshots of the run in progress read the canvas (`follow`), or not: the user chose.
    pub fn follow_training(self, follow: bool) {
        self.state.update_value(|s| s.follow_training(follow));
    }

    pub fn following_training(self) -> bool {
        self.state.with_value(DrawState::following_training)
    }

    /// What the prediction worker says.
    fn answer(self, msg: FromPredictor) {
        match msg {
            FromPredictor::Ready => self.worker_ready(),
            FromPredictor::ModelReady { id, about, weights, net, filters } => {
                self.inside.net.set(net);
                self.inside.filters.set(filters);
                self.model_in_use(id, about, weights);
            }
            FromPredictor::ModelRejected { id, error } => {
                self.state.update_value(|s| s.models.rejected(id));
                self.message.set(Some((error, self.source.get_untracked().is_some())));
            }
            FromPredictor::Prediction { id, probs, logits, maps } => self.prediction(id, probs, logits, &maps),
            FromPredictor::Saliency { id, digit, map } => {
                if self.has_input() {
                    self.why.answer(id, digit, &map);
                }
            }
            FromPredictor::Patches { layer, channel, side, pixels, .. } => {
                if self.inside.chosen.get_untracked().is_some_and(|(l, c)| l == layer && c == channel) {
                    self.inside.patches.set(Some((side, pixels.0)));
                }
            }
            FromPredictor::Error { error } => self.message.set(Some((error, false))),
        }
    }

    fn worker_ready(self) {
        // Whatever was sent before the worker listened is lost (a reading of the opening example
        // when the data came first): nothing is in flight; the first model reads the canvas again.
        let again = self.state.try_update_value(DrawState::worker_ready).flatten();
        self.busy.set(false);
        if let Some(sample) = self.page.probe.with_untracked(|s| s.as_ref().map(|s| s.pixels.clone())) {
            self.send(ToPredictor::Probe { images: sample.into() });
        }
        // A worker started again reads with the model the one before had.
        if let Some(msg) = again {
            return self.send(msg);
        }
        crate::web::components::draw::weights_source::load_startup_models(move |src, weights, use_it| {
            if use_it {
                self.offer(src, src.as_str(), weights);
            } else {
                self.state.update_value(|s| s.models.keep(src, weights));
            }
        })
    }

    /// Offer `id` reads the canvas from now on.
    fn model_in_use(self, id: u64, about: About, weights: Bytes) {
        if self.model_ready.get_untracked().is_none() {
            self.model_ready.set(Some(now_ms())); // the first model reads the canvas from now on
        }
        let ready = self.state.try_update_value(|s| s.model_ready(id, weights)).flatten();
        if let Some(InUse { source: src, clear_notice }) = ready {
            self.source.set(Some(src));
            let classes = self.inside.net.with_untracked(|n| n.classes());
            self.why.names.set(crate::data::classes::kept_or_numbered(about.metadata.get("classes").map(String::as_str), classes));
            self.about.set(Some(about));
            if clear_notice {
                self.message.set(None);
            }
            // The chosen channel's patches for the new model (a run's snapshots keep the last
            // ones until it ends: working them out takes the reader a moment).
            if let Some((layer, channel)) = self.inside.chosen.get_untracked().filter(|_| src != ModelSource::Training) {
                self.send(ToPredictor::TopPatches { layer: layer.into(), channel });
            }
        }
        if self.has_input() {
            self.changed();
        }
    }

    fn prediction(self, id: u64, probs: Vec<f32>, logits: Vec<f32>, maps: &[u8]) {
        let Some(answer) = self.state.try_update_value(|s| s.answered(id, now_ms())) else { return };
        if answer.show && !probs.is_empty() && self.has_input() {
            self.inside.scores.set((logits, probs.clone()));
            self.probs.set(Some(probs));
            if !maps.is_empty() {
                self.inside.show_maps(maps);
            }
            if !answer.again {
                self.why.ask_soon(self.top_digit(), move |m| self.send(m));
            }
        }
        self.latency.set(self.state.with_value(|s| s.readings.latency()));
        if answer.again {
            self.read(None);
        }
        self.busy.set(self.state.with_value(|s| s.readings.busy()));
    }
}
