//! `?bench=train|infer|load`: the page measures itself and writes the result as JSON into
//! `data-testid="bench-result"` (read by `scripts/bench.sh`).
use crate::base::stats::quantile;
use crate::data::preprocess::{CANVAS, to_mnist};
use crate::device::bench::{BenchKind, InferBench, LoadBench, drawn_seven};
use crate::i18n::K;
use crate::page::page_state::PageState;
use crate::protocol::Role;
use crate::protocol::prediction::{FromPredictor, ToPredictor};
use crate::web::channel::WorkerHandle;
use crate::web::js::now_ms;
use leptos::prelude::*;

const WARMUP: usize = 5;

#[derive(Default)]
struct Infer {
    times: Vec<f64>,
    /// Reads that also brought every layer's maps.
    with_maps: Vec<f64>,
    started: f64,
    reads: usize,
}

/// Reads the drawn 7 `count` times (after a warm-up) the way the canvas does: preprocessing on
/// the page, then a round trip to a prediction worker holding the pretrained model.
fn start_infer(count: usize, result: RwSignal<Option<String>>) {
    let ink = StoredValue::new(drawn_seven());
    let run = StoredValue::new(Infer::default());
    let worker: StoredValue<Option<WorkerHandle<ToPredictor>>, LocalStorage> = StoredValue::new_local(None);
    let send = move |msg: ToPredictor| {
        worker.with_value(|w| {
            if let Some(w) = w {
                w.send(&msg)
            }
        })
    };
    let error = move |e: String| result.set(Some(serde_json::json!({ "error": e }).to_string()));
    let send_next = move || {
        let image = ink.with_value(|ink| to_mnist(ink, CANVAS, CANVAS)).map(|img| img.to_vec()).unwrap_or_default();
        run.update_value(|r| r.started = now_ms());
        // Every other read with every layer's maps (what the open "inside" view asks for).
        let maps = run.with_value(|r| r.reads % 2 == 1);
        send(ToPredictor::Predict { id: 0, image: image.into(), maps });
    };
    let on_message = move |msg: FromPredictor| match msg {
        FromPredictor::Ready => wasm_bindgen_futures::spawn_local(async move {
            match crate::web::download::fetch_bytes(
                crate::web::components::draw::weights_source::PRETRAINED,
                crate::weights::file::MAX_BYTES,
                |_, _| {},
            )
            .await
            {
                Ok(bytes) => send(ToPredictor::SetModel { id: 1, name: "pretrained".into(), weights: bytes.into() }),
                Err(e) => error(e.to_string()),
            }
        }),
        FromPredictor::ModelReady { .. } => send_next(),
        FromPredictor::Prediction { .. } => {
            let done = run.try_update_value(|r| {
                r.reads += 1;
                if r.reads > WARMUP {
                    let t = now_ms() - r.started;
                    if r.reads % 2 == 0 { r.with_maps.push(t) } else { r.times.push(t) }
                }
                r.times.len() >= count && r.with_maps.len() >= count
            });
            if done == Some(true) {
                let (times, maps) = run.with_value(|r| (r.times.clone(), r.with_maps.clone()));
                let b = InferBench {
                    backend: "cpu (prediction worker)".into(),
                    reads: times.len(),
                    p50_ms: quantile(&times, 0.5),
                    p95_ms: quantile(&times, 0.95),
                    max_ms: quantile(&times, 1.0),
                    maps_p50_ms: quantile(&maps, 0.5),
                    maps_p95_ms: quantile(&maps, 0.95),
                };
                result.set(Some(serde_json::to_string(&b).expect("serialises")));
                worker.set_value(None);
            } else {
                send_next();
            }
        }
        FromPredictor::ModelRejected { error: e, .. } | FromPredictor::Error { error: e } => error(e.to_string()),
        FromPredictor::Saliency { .. } | FromPredictor::Patches { .. } => {}
    };
    match WorkerHandle::spawn(Role::Prediction, on_message, move |e, _| error(e.to_string())) {
        Ok(h) => worker.set_value(Some(h)),
        Err(e) => error(e.to_string()),
    }
}

#[component]
pub fn BenchPanel(
    kind: BenchKind,
    count: usize,
    state: RwSignal<PageState>,
    model_ready: RwSignal<Option<f64>>,
    wasm_start_ms: f64,
) -> impl IntoView {
    let result: RwSignal<Option<String>> = RwSignal::new(None);
    match kind {
        BenchKind::Infer => start_infer(count, result),
        BenchKind::Load => {
            Effect::new(move |_| {
                let (data_ms, bytes) = state.with(|s| (s.data_ms, s.data_total));
                if let (Some(data_ms), Some(model_ready_ms), None) = (data_ms, model_ready.get(), result.get_untracked()) {
                    let b = LoadBench { wasm_start_ms, model_ready_ms, data_ms, data_bytes: bytes };
                    result.set(Some(serde_json::to_string(&b).expect("serialises")));
                }
            });
        }
        // The training worker answers `ToTrainer::Bench`.
        BenchKind::Train => {
            Effect::new(move |_| {
                if let Some(r) = state.with(|s| s.bench.clone()) {
                    result.set(Some(serde_json::to_string(&r).expect("serialises")));
                }
            });
        }
    }
    let error = move || state.with(|s| s.errors.last().map(|e| e.to_string()));
    let lang = crate::web::components::lang::lang();
    view! {
        <section class="card bench">
            <h2>{move || lang.get().fill(K::Benchmark, &[("kind", &format!("{kind:?}"))])}</h2>
            <pre data-testid="bench-result" data-state=move || if result.with(|r| r.is_some()) { "done" } else if error().is_some() { "error" } else { "running" }>
                {move || result.get().or_else(error).unwrap_or_else(|| lang.get().text(K::Running).into())}
            </pre>
        </section>
    }
}
