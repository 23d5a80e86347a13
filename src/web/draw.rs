//! Draw a digit and watch the network read it: the canvas (pointer events), the 28×28 image the
//! network sees, the ten probabilities, and the model in use. What it does lives in
//! [`Readings`] (requests in flight, coalescing, latency) and [`Models`] (offers by id).
use super::app::Page;
use super::host::WorkerHandle;
use super::inside::{Inside, InsideView};
use super::js::{helper, now_ms};
use super::lang::text;
use super::why::{Why, WhyKey, WhyOverlay, WhySwitch};
use crate::describe::about_text;
use crate::error::AppError;
use crate::i18n::K;
use crate::infer::top;
use crate::model_file::About;
use crate::models::Models;
use crate::page_text::refusal_text;
use crate::preprocess::{CANVAS, to_mnist};
use crate::protocol::{FromPredictor, ModelSource, Role, ToPredictor};
use crate::reading::Readings;
use leptos::html::{Canvas, Input};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// MNIST's pen: about 2 px of a 20 px digit, i.e. ~1/10 of a digit drawn ~200 px tall.
const PEN: f64 = 20.0;

/// The canvas's strokes: each a list of x, y canvas pixels.
type Strokes = StoredValue<Vec<Vec<f32>>>;

#[component]
pub fn DrawPanel(page: Page, model_ready: RwSignal<Option<f64>>) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let preview = NodeRef::<Canvas>::new();
    let file = NodeRef::<Input>::new();
    let strokes: Strokes = StoredValue::new(Vec::new());
    let drawing = StoredValue::new(false);
    let readings = StoredValue::new(Readings::default());
    let models = StoredValue::new(Models::default());
    let probs: RwSignal<Option<Vec<f32>>> = RwSignal::new(None);
    let latency = RwSignal::new((f64::NAN, f64::NAN, 0usize));
    // A reading is on its way (`data-busy`: tests wait for the drawing's own reading).
    let busy = RwSignal::new(false);
    let source: RwSignal<Option<ModelSource>> = RwSignal::new(None);
    let trained_available = RwSignal::new(false);
    let dragging = RwSignal::new(false);
    // Where the model in use came from (the file and its own metadata).
    let about = RwSignal::new(None::<About>);
    // Why the last weights were refused, and whether a model still reads the canvas.
    let message = RwSignal::new(None::<(AppError, bool)>);
    let lang = super::lang::lang();
    // Inside the network (unfolded unless on a phone), and the saliency overlay: which digit it
    // explains (`why`: the one the user picked, else the top one) and the image it was read from.
    let phone = web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|v| v.as_f64()).is_some_and(|w| w < 600.0);
    let inside = Inside::new(!phone);
    let why = Why::default();
    // Snapshots of a run read the canvas unless the user chose another model meanwhile.
    let follow_training = StoredValue::new(true);
    let has_input = move || strokes.with_value(|s| !s.is_empty()) || page.inspect.with_untracked(Option::is_some);
    let worker: StoredValue<Option<WorkerHandle<ToPredictor>>, LocalStorage> = StoredValue::new_local(None);
    let send = move |msg: ToPredictor| {
        worker.with_value(|w| {
            if let Some(w) = w {
                w.send(&msg)
            }
        })
    };

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
    let top_digit = move || probs.with_untracked(|p| p.as_ref().map(|p| top(&p[..10].try_into().unwrap_or([0.0; 10]))));
    // Sends the drawing as it is now (request `id`), or clears the reading when it is blank.
    // The image to read: a test image being looked at, or the drawing as MNIST would have it.
    let image = move || -> Option<Vec<u8>> {
        if let Some(i) = page.inspect.get_untracked() {
            return Some(i.image);
        }
        let ink = helper("ink", &[canvas.get_untracked()?.into()]).ok()?;
        let ink: Vec<f32> = js_sys::Uint8Array::new(&ink).to_vec().iter().map(|&b| b as f32 / 255.0).collect();
        to_mnist(&ink, CANVAS, CANVAS).map(|img| img.to_vec())
    };
    let read = move |id: Option<u64>| match image() {
        None => {
            probs.set(None);
            inside.scores.set((Vec::new(), Vec::new()));
            show_preview(&[0; 784]);
            why.reading(None);
            readings.update_value(|r| r.cleared());
        }
        Some(img) => {
            show_preview(&img);
            why.reading(Some(img.clone()));
            let id = id.unwrap_or_else(|| readings.try_update_value(|r| r.send()).unwrap_or_default());
            send(ToPredictor::Predict { id, image: img.into(), maps: inside.open.get_untracked() });
        }
    };
    let changed = move || {
        if let Some(Some(id)) = readings.try_update_value(|r| r.changed(now_ms())) {
            read(Some(id));
        }
        busy.set(readings.with_value(Readings::busy));
    };
    let offer = move |src: ModelSource, name: &str, weights: crate::envelope::Bytes| {
        if src == ModelSource::Trained {
            trained_available.set(true);
        }
        if src == ModelSource::Loaded {
            follow_training.set_value(false);
        }
        if let Some(msg) = models.try_update_value(|m| m.offer(src, name, weights)) {
            send(msg);
        }
    };
    let on_message = move |msg: FromPredictor| match msg {
        FromPredictor::Ready => {
            if let Some(images) = page.probe.get_untracked() {
                send(ToPredictor::Probe { images });
            }
            super::model_store::load_startup_models(move |src, weights, use_it| {
                if use_it {
                    offer(src, src.as_str(), weights);
                } else {
                    models.update_value(|m| m.keep(src, weights));
                }
            })
        }
        FromPredictor::ModelReady { id, about: file, weights, arch, filters } => {
            inside.arch.set(arch);
            inside.filters.set(filters);
            if model_ready.get_untracked().is_none() {
                model_ready.set(Some(now_ms())); // the first model reads the canvas from now on
            }
            let ready = models.try_update_value(|m| m.ready(id, weights).map(|o| o.source)).flatten();
            if let Some(src) = ready {
                source.set(Some(src));
                about.set(Some(file));
                message.set(None);
                // The chosen channel's patches for the new model (a run's snapshots keep the
                // last ones until it ends: working them out takes the reader a moment).
                if let Some((layer, channel)) = inside.chosen.get_untracked().filter(|_| src != ModelSource::Training) {
                    send(ToPredictor::TopPatches { layer: layer.into(), channel });
                }
            }
            if has_input() {
                changed();
            }
        }
        FromPredictor::ModelRejected { id, error } => {
            models.update_value(|ms| ms.rejected(id));
            message.set(Some((error, source.get_untracked().is_some())));
        }
        FromPredictor::Prediction { id, probs: p, logits, maps } => {
            let answer = readings.try_update_value(|r| r.answered(id, now_ms()));
            let Some(answer) = answer else { return };
            if answer.show && !p.is_empty() && has_input() {
                inside.scores.set((logits, p.clone()));
                probs.set(Some(p));
                if !maps.is_empty() {
                    inside.show_maps(&maps);
                }
                if !answer.again {
                    why.ask_soon(top_digit(), send);
                }
            }
            latency.set(readings.with_value(Readings::latency));
            if answer.again {
                read(None);
            }
            busy.set(readings.with_value(Readings::busy));
        }
        FromPredictor::Saliency { id, digit, map } => {
            if has_input() {
                why.answer(id, digit, &map);
            }
        }
        FromPredictor::Patches { layer, channel, side, pixels, .. } => {
            if inside.chosen.get_untracked().is_some_and(|(l, c)| l == layer && c == channel) {
                inside.patches.set(Some((side, pixels.0)));
            }
        }
        FromPredictor::Error { error } => message.set(Some((error, false))),
    };
    match WorkerHandle::spawn(Role::Predictor, on_message, move |e, _| message.set(Some((e, false)))) {
        Ok(h) => worker.set_value(Some(h)),
        Err(e) => message.set(Some((e, false))),
    }
    // A run finished in this tab: keep its weights (IndexedDB) and read the canvas with them.
    Effect::new(move |_| {
        if let Some(weights) = page.trained.get() {
            super::model_store::keep_trained(&weights);
            offer(ModelSource::Trained, "trained", weights);
            follow_training.set_value(true);
        }
    });
    // A run in progress: read the canvas with its latest weights (see the filters change).
    Effect::new(move |_| {
        if let Some(weights) = page.snapshot.get().filter(|_| follow_training.get_value()) {
            offer(ModelSource::Training, "training", weights);
        }
    });
    Effect::new(move |_| {
        if let Some(images) = page.probe.get() {
            send(ToPredictor::Probe { images });
        }
    });
    // A test image picked in a gallery: shown on the canvas and read like a drawing.
    Effect::new(move |_| {
        if let (Some(i), Some(c)) = (page.inspect.get(), canvas.get_untracked()) {
            strokes.update_value(Vec::clear);
            let _ = helper("showImage", &[c.into(), js_sys::Uint8Array::from(&i.image[..]).into()]);
            changed();
        }
    });
    // Unfolding the view reads the drawing again, with every layer's maps.
    Effect::new(move |_| {
        if inside.open.get() && has_input() {
            changed();
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
        if page.inspect.get_untracked().is_some() {
            page.inspect.set(None);
            strokes.update_value(Vec::clear);
        }
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
    let edit = move |f: fn(&mut Vec<Vec<f32>>)| {
        if page.inspect.get_untracked().is_some() {
            page.inspect.set(None);
        }
        strokes.update_value(f);
        paint();
        changed();
    };
    let save = move |_| {
        if let Some((weights, src)) = models.with_value(|m| m.current.as_ref().map(|o| (o.weights.clone(), o.source))) {
            let name = format!("mnist-cnn-{}.safetensors", src.as_str());
            let _ = helper("download", &[js_sys::Uint8Array::from(&weights[..]).into(), name.into()]);
        }
    };
    // A file chosen with "Load weights…" or dropped on the panel: safetensors or PyTorch .pth.
    let load_from = move |picked: wasm_bindgen::JsValue| {
        let read = super::model_store::read_file(picked);
        wasm_bindgen_futures::spawn_local(async move {
            match read.await {
                Ok(Some((name, weights))) => offer(ModelSource::Loaded, &name, weights),
                Ok(None) => {}
                Err(e) => message.set(Some((AppError::Io(format!("could not read the file: {e}")), source.get_untracked().is_some()))),
            }
        });
    };
    let load = move |_| {
        let Some(input) = file.get_untracked() else { return };
        load_from(input.clone().into());
        input.set_value("");
    };
    let drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        load_from(ev.into());
    };
    let use_model = move |ev: web_sys::Event| {
        follow_training.set_value(false);
        let pick = match event_target_value(&ev).as_str() {
            "pretrained" => models.with_value(|m| m.pretrained.clone()).map(|w| (ModelSource::Pretrained, w)),
            "trained" => models.with_value(|m| m.trained.clone()).map(|w| (ModelSource::Trained, w)),
            _ => None,
        };
        if let Some((src, weights)) = pick {
            offer(src, src.as_str(), weights);
        }
    };
    let prediction =
        move || probs.with(|p| p.as_ref().map(|p| top(&p[..10].try_into().unwrap_or([0.0; 10])).to_string()).unwrap_or_default());
    let source_text = move || {
        lang.get().text(match source.get() {
            None => K::Loading,
            Some(ModelSource::Pretrained) => K::SourcePretrained,
            Some(ModelSource::Trained) => K::SourceTrained,
            Some(ModelSource::Training) => K::SourceTraining,
            Some(ModelSource::Loaded) => K::SourceLoaded,
        })
    };
    // The built-in models go by their source's name; a loaded file by its own.
    let note = move || {
        let src = source.get()?;
        let mut a = about.get()?;
        if src != ModelSource::Loaded {
            a.name = source_text().into();
        }
        Some(format!(" — {}", about_text(&a, lang.get())))
    };

    view! {
        <section class="card draw" class:dragging=move || dragging.get() data-testid="draw-panel"
            on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false) on:drop=drop>
            <h2>{text(K::DrawDigit)}</h2>
            <div class="draw-row">
                <div>
                    <canvas node_ref=canvas data-testid="canvas" class="pad" width=CANVAS height=CANVAS aria-label=text(K::DrawingArea)
                        on:pointerdown=down on:pointermove=moved on:pointerup=up on:pointercancel=up></canvas>
                    <div class="buttons">
                        <button data-testid="clear" on:click=move |_| edit(|s| s.clear())>{text(K::Clear)}</button>
                        <button data-testid="undo" on:click=move |_| edit(|s| { s.pop(); })>{text(K::Undo)}</button>
                    </div>
                </div>
                <div class="seen">
                    <div class="small">{text(K::Sees)}</div>
                    <div class="preview-wrap">
                        <canvas node_ref=preview data-testid="preview" class="preview" width="28" height="28"></canvas>
                        <WhyOverlay why=why />
                    </div>
                    <WhySwitch why=why changed=Callback::new(move |_| why.ask(top_digit(), send)) />
                    <div data-testid="prediction" class="prediction" aria-live="polite" data-busy=move || busy.get().to_string()
                        data-latency-p50=move || format!("{:.2}", latency.get().0) data-latency-p95=move || format!("{:.2}", latency.get().1)>{prediction}</div>
                    <div class="small">{move || { let (p50, p95, n) = latency.get(); if n == 0 { String::new() } else { lang.get().fill(K::ReadIn, &[("p50", &format!("{p50:.1}")), ("p95", &format!("{p95:.1}")), ("n", &n)]) } }}</div>
                </div>
                <div data-testid="probabilities" class="probs">
                    {(0..10).map(|d| {
                        let p = move || probs.with(|p| p.as_ref().and_then(|p| p.get(d).copied()).unwrap_or(0.0));
                        view! {
                            <div class="prob" data-digit=d data-p=move || format!("{:.4}", p()) class:picked=move || why.picked.get() == Some(d)
                                aria-pressed=move || (why.picked.get() == Some(d)).to_string() role="button"
                                on:click=move |_| { why.toggle(d); why.ask(top_digit(), send); }>
                                <span class="digit">{d}</span>
                                <span class="bar"><span style:width=move || format!("{:.1}%", 100.0 * p())></span></span>
                                <span class="pct">{move || format!("{:.1}%", 100.0 * p())}</span>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </div>
            <WhyKey why=why />
            {move || page.inspect.get().map(|i| view! {
                <p class="small" data-testid="inspecting">{lang.get().fill(K::Inspecting, &[("index", &i.index), ("label", &i.label)])}</p>
            })}
            <InsideView inside=inside pick=Callback::new(move |(layer, channel): (&'static str, usize)| send(ToPredictor::TopPatches { layer: layer.into(), channel })) />
            <div class="model-row">
                {text(K::Model)} <strong data-testid="model-source" data-source=move || source.get().map_or("loading", |s| s.as_str())>{source_text}</strong>
                <span class="small">{note}</span>
                <label class="inline">{text(K::Use)}
                    <select data-testid="model-select" on:change=use_model>
                        <option value="pretrained" selected=move || source.get() == Some(ModelSource::Pretrained)>{text(K::SourcePretrained)}</option>
                        <option value="training" disabled=true selected=move || source.get() == Some(ModelSource::Training)>{text(K::SourceTraining)}</option>
                        <option value="trained" disabled=move || !trained_available.get() selected=move || source.get() == Some(ModelSource::Trained)>{text(K::TrainedHere)}</option>
                        <option value="loaded" disabled=true selected=move || source.get() == Some(ModelSource::Loaded)>{text(K::FromFile)}</option>
                    </select>
                </label>
            </div>
            <div class="buttons">
                <button data-testid="save-weights" on:click=save disabled=move || source.get().is_none()>{text(K::DownloadWeights)}</button>
                <label class="file">{text(K::LoadWeights)} <input node_ref=file type="file" accept=".safetensors,.pth,.pt" data-testid="load-weights" on:change=load /></label>
                <span class="small">{text(K::WeightsHint)}</span>
            </div>
            <p data-testid="model-error" class="model-error" role="alert">{move || message.with(|m| m.as_ref().map(|(e, kept)| refusal_text(e, *kept, lang.get())))}</p>
        </section>
    }
}
