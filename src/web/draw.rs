//! Draw a digit and watch the network read it: canvas (pointer events), the 28×28 image the
//! network sees, the ten probabilities, and the model in use (pretrained, trained, loaded).
use super::host::WorkerHandle;
use super::js::now_ms;
use crate::bench::quantile;
use crate::infer::top;
use crate::preprocess::to_mnist;
use crate::protocol::{FromWorker, ModelSource, ToWorker};
use leptos::html::{Canvas, Input};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

const SIZE: u32 = 280;
/// MNIST's pen: about 2 px of a 20 px digit, i.e. ~1/10 of a digit drawn ~200 px tall.
const PEN: f64 = 20.0;

/// Calls `window.mnistHelpers[name](...args)` (static/helpers.js).
pub fn helper(name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let h = js_sys::Reflect::get(&js_sys::global(), &"mnistHelpers".into())?;
    let f: js_sys::Function = js_sys::Reflect::get(&h, &name.into())?.dyn_into()?;
    f.apply(&h, &args.iter().collect::<js_sys::Array>())
}

#[derive(Default)]
struct Pending {
    inflight: bool,
    dirty: bool,
    id: u64,
    since: Option<f64>,
    latencies: Vec<f64>,
}

#[component]
pub fn DrawPanel(trained: RwSignal<Option<Vec<u8>>>, trained_note: Signal<String>, model_ready: RwSignal<Option<f64>>) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let preview = NodeRef::<Canvas>::new();
    let file = NodeRef::<Input>::new();
    let strokes: StoredValue<Vec<Vec<f32>>> = StoredValue::new(Vec::new());
    let drawing = StoredValue::new(false);
    let pending = StoredValue::new(Pending::default());
    let probs: RwSignal<Option<Vec<f32>>> = RwSignal::new(None);
    let latency = RwSignal::new((f64::NAN, f64::NAN, 0usize));
    let source: RwSignal<Option<ModelSource>> = RwSignal::new(None);
    let message = RwSignal::new(String::new());
    let current: StoredValue<Option<Vec<u8>>> = StoredValue::new(None);
    let offered: StoredValue<std::collections::VecDeque<(Vec<u8>, String)>> = StoredValue::new(Default::default());
    let pretrained: StoredValue<Option<Vec<u8>>> = StoredValue::new(None);
    let worker: StoredValue<Option<WorkerHandle>, LocalStorage> = StoredValue::new_local(None);

    let paint = move || {
        let Some(c) = canvas.get_untracked() else { return };
        let list: js_sys::Array = strokes.with_value(|s| s.iter().map(|p| JsValue::from(js_sys::Float32Array::from(&p[..]))).collect());
        let _ = helper("paint", &[c.into(), list.into(), PEN.into()]);
    };
    let show_preview = move |img: &[u8]| {
        if let Some(p) = preview.get_untracked() {
            let _ = helper("grey", &[p.into(), js_sys::Uint8Array::from(img).into()]);
        }
    };
    let request = move || {
        let Some(c) = canvas.get_untracked() else { return };
        let Ok(ink) = helper("ink", &[c.into()]) else { return };
        let ink: Vec<f32> = js_sys::Uint8Array::new(&ink).to_vec().iter().map(|&b| b as f32 / 255.0).collect();
        match to_mnist(&ink, SIZE as usize, SIZE as usize) {
            None => {
                probs.set(None);
                show_preview(&[0; 784]);
                pending.update_value(|p| p.since = None);
            }
            Some(img) => {
                show_preview(&img);
                let id = pending.with_value(|p| p.id + 1);
                pending.update_value(|p| (p.id, p.inflight, p.dirty) = (id, true, false));
                worker.with_value(|w| if let Some(w) = w { w.send(&ToWorker::Predict { id, image: img.to_vec() }) });
            }
        }
    };
    let changed = move || {
        pending.update_value(|p| {
            p.since.get_or_insert(now_ms());
        });
        if pending.with_value(|p| p.inflight) {
            pending.update_value(|p| p.dirty = true);
        } else {
            request();
        }
    };
    let offer_named = move |bytes: Vec<u8>, src: ModelSource, label: String| {
        offered.update_value(|o| o.push_back((bytes.clone(), label)));
        worker.with_value(|w| if let Some(w) = w { w.send(&ToWorker::SetModel { bytes, source: src }) });
    };
    let offer = move |bytes: Vec<u8>, src: ModelSource| offer_named(bytes, src, src.as_str().to_string());
    let on_message = move |msg: FromWorker| match msg {
        FromWorker::Ready => {
            // The inference worker is listening: give it the newest model we have.
            spawn_startup(pretrained, trained, offer);
        }
        FromWorker::ModelReady { source: src } => {
            if model_ready.get_untracked().is_none() {
                model_ready.set(Some(now_ms())); // the first model reads the canvas from now on
            }
            if let Some((bytes, _)) = offered.try_update_value(|o| o.pop_front()).flatten() {
                current.set_value(Some(bytes));
            }
            source.set(Some(src));
            message.set(String::new());
            if strokes.with_value(|s| !s.is_empty()) {
                changed();
            }
        }
        FromWorker::ModelRejected { message: m } => {
            let label = offered.try_update_value(|o| o.pop_front()).flatten().map(|o| o.1).unwrap_or_default();
            message.set(format!("{label}: {m}. The previous model is still in use."));
        }
        FromWorker::Prediction { id, probs: p } => {
            let now = now_ms();
            let (latest, dirty) = pending.with_value(|s| (s.id == id, s.dirty));
            pending.update_value(|s| {
                s.inflight = false;
                if latest && !dirty {
                    if let Some(t) = s.since.take() {
                        s.latencies.push(now - t);
                    }
                }
            });
            if !p.is_empty() && strokes.with_value(|s| !s.is_empty()) {
                probs.set(Some(p));
            }
            let l = pending.with_value(|s| (quantile(&s.latencies, 0.5), quantile(&s.latencies, 0.95), s.latencies.len()));
            latency.set(l);
            if dirty {
                request();
            }
        }
        FromWorker::Error { message: m, .. } => message.set(m),
        _ => {}
    };
    match WorkerHandle::spawn(on_message) {
        Ok(h) => worker.set_value(Some(h)),
        Err(e) => message.set(format!("could not start the prediction worker: {e}")),
    }
    // A run finished in this tab: keep its weights (IndexedDB) and read the canvas with them.
    Effect::new(move |_| {
        if let Some(bytes) = trained.get() {
            let _ = helper("idbPut", &["trained".into(), js_sys::Uint8Array::from(&bytes[..]).into()]);
            offer(bytes, ModelSource::Trained);
        }
    });
    canvas.on_load(move |_| paint());

    let point = move |ev: &web_sys::PointerEvent| -> (f32, f32) {
        let c = canvas.get_untracked().expect("mounted");
        let k = c.width() as f64 / (c.client_width().max(1)) as f64;
        ((ev.offset_x() as f64 * k) as f32, (ev.offset_y() as f64 * k) as f32)
    };
    let down = move |ev: web_sys::PointerEvent| {
        ev.prevent_default();
        if let Some(t) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            let _ = t.set_pointer_capture(ev.pointer_id());
        }
        let (x, y) = point(&ev);
        strokes.update_value(|s| s.push(vec![x, y]));
        drawing.set_value(true);
        paint();
        changed();
    };
    let moved = move |ev: web_sys::PointerEvent| {
        if !drawing.get_value() {
            return;
        }
        let (x, y) = point(&ev);
        strokes.update_value(|s| s.last_mut().expect("a stroke").extend([x, y]));
        paint();
        changed();
    };
    let up = move |_| drawing.set_value(false);
    let clear = move |_| {
        strokes.update_value(|s| s.clear());
        paint();
        changed();
    };
    let undo = move |_| {
        strokes.update_value(|s| {
            s.pop();
        });
        paint();
        changed();
    };
    let save = move |_| {
        if let Some(bytes) = current.with_value(|c| c.clone()) {
            let name = format!("mnist-cnn-{}.weights", source.get_untracked().map_or("model", |s| s.as_str()));
            let _ = helper("download", &[js_sys::Uint8Array::from(&bytes[..]).into(), name.into()]);
        }
    };
    let load = move |_| {
        let Some(input) = file.get_untracked() else { return };
        wasm_bindgen_futures::spawn_local(async move {
            let Ok(promise) = helper("readFile", &[input.clone().into()]) else { return };
            match wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await {
                Ok(v) if !v.is_null() => {
                    let get = |k: &str| js_sys::Reflect::get(&v, &k.into()).unwrap_or_default();
                    let name = get("name").as_string().unwrap_or_default();
                    offer_named(js_sys::Uint8Array::new(&get("bytes")).to_vec(), ModelSource::Loaded, name);
                }
                Ok(_) => {}
                Err(e) => message.set(format!("could not read the file: {}", super::js::describe(&e))),
            }
            input.set_value("");
        });
    };
    let use_model = move |ev: web_sys::Event| match event_target_value(&ev).as_str() {
        "pretrained" => {
            if let Some(b) = pretrained.get_value() {
                offer(b, ModelSource::Pretrained)
            }
        }
        "trained" => {
            if let Some(b) = trained.get_untracked() {
                offer(b, ModelSource::Trained)
            }
        }
        _ => {}
    };
    let prediction = move || probs.with(|p| p.as_ref().map(|p| top(&p[..10].try_into().unwrap_or([0.0; 10])).to_string()).unwrap_or_default());

    view! {
        <section class="card draw">
            <h2>"Draw a digit"</h2>
            <div class="draw-row">
                <div>
                    <canvas node_ref=canvas data-testid="canvas" class="pad" width=SIZE height=SIZE aria-label="drawing area: draw a digit with mouse, touch or pen"
                        on:pointerdown=down on:pointermove=moved on:pointerup=up on:pointercancel=up></canvas>
                    <div class="buttons">
                        <button data-testid="clear" on:click=clear>"Clear"</button>
                        <button data-testid="undo" on:click=undo>"Undo stroke"</button>
                    </div>
                </div>
                <div class="seen">
                    <div class="small">"What the network sees (28×28)"</div>
                    <canvas node_ref=preview data-testid="preview" class="preview" width="28" height="28"></canvas>
                    <div data-testid="prediction" class="prediction" aria-live="polite"
                        data-latency-p50=move || format!("{:.2}", latency.get().0) data-latency-p95=move || format!("{:.2}", latency.get().1)>{prediction}</div>
                    <div class="small">{move || { let (p50, p95, n) = latency.get(); if n == 0 { String::new() } else { format!("read in {p50:.1} ms (p95 {p95:.1} ms, {n} reads)") } }}</div>
                </div>
                <div data-testid="probabilities" class="probs">
                    {(0..10).map(|d| {
                        let p = move || probs.with(|p| p.as_ref().and_then(|p| p.get(d).copied()).unwrap_or(0.0));
                        view! {
                            <div class="prob" data-digit=d data-p=move || format!("{:.4}", p())>
                                <span class="digit">{d}</span>
                                <span class="bar"><span style:width=move || format!("{:.1}%", 100.0 * p())></span></span>
                                <span class="pct">{move || format!("{:.1}%", 100.0 * p())}</span>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </div>
            <div class="model-row">
                "Model: " <strong data-testid="model-source">{move || source.get().map(|s| s.as_str()).unwrap_or("loading")}</strong>
                <span class="small">{move || match source.get() {
                    Some(ModelSource::Pretrained) => pretrained_note(),
                    Some(ModelSource::Trained) => trained_note.get(),
                    Some(ModelSource::Loaded) => "weights loaded from a file".to_string(),
                    None => String::new(),
                }}</span>
                <label class="inline">" Use: "
                    <select data-testid="model-select" on:change=use_model>
                        <option value="pretrained" selected=move || source.get() == Some(ModelSource::Pretrained)>"pretrained"</option>
                        <option value="trained" disabled=move || trained.with(|t| t.is_none()) selected=move || source.get() == Some(ModelSource::Trained)>"trained here"</option>
                        <option value="loaded" disabled=true selected=move || source.get() == Some(ModelSource::Loaded)>"from a file"</option>
                    </select>
                </label>
            </div>
            <div class="buttons">
                <button data-testid="save-weights" on:click=save disabled=move || source.get().is_none()>"Download weights"</button>
                <label class="file">"Load weights… " <input node_ref=file type="file" data-testid="load-weights" on:change=load /></label>
            </div>
            <p data-testid="model-error" class="model-error" role="alert">{move || message.get()}</p>
        </section>
    }
}

/// What the page says about the shipped weights (static/weights/pretrained.json).
fn pretrained_note() -> String {
    PRETRAINED_NOTE.with(|n| n.borrow().clone())
}

thread_local! {
    static PRETRAINED_NOTE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Fetches the shipped weights and their description, and the last model trained in this
/// browser (IndexedDB); offers the newest to the prediction worker.
fn spawn_startup(pretrained: StoredValue<Option<Vec<u8>>>, trained: RwSignal<Option<Vec<u8>>>, offer: impl Fn(Vec<u8>, ModelSource) + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok(meta) = super::fetch::fetch_bytes("weights/pretrained.json", |_, _| {}).await {
            if let Ok(info) = serde_json::from_slice::<crate::weights::PretrainedInfo>(&meta) {
                PRETRAINED_NOTE.with(|n| *n.borrow_mut() = info.describe());
            }
        }
        let stored = match helper("idbGet", &["trained".into()]) {
            Ok(p) => wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(p)).await.ok().filter(|v| !v.is_null()),
            Err(_) => None,
        };
        match super::fetch::fetch_bytes("weights/pretrained.bin", |_, _| {}).await {
            Ok(bytes) => {
                pretrained.set_value(Some(bytes.clone()));
                if stored.is_none() {
                    offer(bytes, ModelSource::Pretrained);
                }
            }
            Err(e) => web_sys::console::error_1(&e.to_string().into()),
        }
        if let Some(v) = stored {
            trained.set(Some(js_sys::Uint8Array::new(&v).to_vec())); // offered by the effect
        }
    });
}
