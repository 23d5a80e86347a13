//! `?bench=train|infer|load`: the page measures itself and writes the result as JSON into
//! `data-testid="bench-result"` (read by `scripts/bench.sh`).
use super::host::WorkerHandle;
use super::js::now_ms;
use crate::bench::{quantile, BenchKind, InferBench, LoadBench};
use crate::preprocess::to_mnist;
use crate::protocol::{FromWorker, ModelSource, ToWorker};
use crate::state::PageState;
use leptos::prelude::*;

const SIDE: usize = 280;
const WARMUP: usize = 5;

/// A "7" as a user draws it: ink (0–1) on a 280×280 canvas, pen 20 px.
pub fn drawn_seven() -> Vec<f32> {
    let pts = [(42.0, 28.0), (238.0, 28.0), (112.0, 266.0)];
    let mut ink = vec![0.0f32; SIDE * SIDE];
    for (i, v) in ink.iter_mut().enumerate() {
        let (x, y) = ((i % SIDE) as f64, (i / SIDE) as f64);
        let near = pts.windows(2).any(|w| {
            let ((ax, ay), (bx, by)) = (w[0], w[1]);
            let t = (((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax).powi(2) + (by - ay).powi(2))).clamp(0.0, 1.0);
            (x - ax - t * (bx - ax)).hypot(y - ay - t * (by - ay)) <= 10.0
        });
        *v = if near { 1.0 } else { 0.0 };
    }
    ink
}

#[derive(Default)]
struct Infer {
    times: Vec<f64>,
    started: f64,
    reads: usize,
}

/// Reads the drawn 7 `count` times (after a warm-up) the way the canvas does: preprocessing on
/// the page, then a round trip to a prediction worker holding the pretrained model.
fn start_infer(count: usize, result: RwSignal<Option<String>>) {
    let ink = StoredValue::new(drawn_seven());
    let run = StoredValue::new(Infer::default());
    let worker: StoredValue<Option<WorkerHandle>, LocalStorage> = StoredValue::new_local(None);
    let send_next = move || {
        let image = ink.with_value(|ink| to_mnist(ink, SIDE, SIDE)).map(|img| img.to_vec()).unwrap_or_default();
        run.update_value(|r| r.started = now_ms());
        worker.with_value(|w| if let Some(w) = w { w.send(&ToWorker::Predict { id: 0, image }) });
    };
    let on_message = move |msg: FromWorker| match msg {
        FromWorker::Ready => wasm_bindgen_futures::spawn_local(async move {
            match super::fetch::fetch_bytes("weights/pretrained.bin", |_, _| {}).await {
                Ok(bytes) => worker.with_value(|w| if let Some(w) = w { w.send(&ToWorker::SetModel { bytes, source: ModelSource::Pretrained }) }),
                Err(e) => result.set(Some(format!("{{\"error\": {:?}}}", e.to_string()))),
            }
        }),
        FromWorker::ModelReady { .. } => send_next(),
        FromWorker::Prediction { .. } => {
            let done = run.try_update_value(|r| {
                r.reads += 1;
                if r.reads > WARMUP {
                    r.times.push(now_ms() - r.started);
                }
                r.times.len() >= count
            });
            if done == Some(true) {
                let times = run.with_value(|r| r.times.clone());
                let b = InferBench {
                    backend: "cpu (prediction worker)".into(),
                    reads: times.len(),
                    p50_ms: quantile(&times, 0.5),
                    p95_ms: quantile(&times, 0.95),
                    max_ms: quantile(&times, 1.0),
                };
                result.set(Some(serde_json::to_string(&b).expect("serialises")));
                worker.set_value(None);
            } else {
                send_next();
            }
        }
        FromWorker::Error { message, .. } => result.set(Some(serde_json::json!({ "error": message }).to_string())),
        _ => {}
    };
    match WorkerHandle::spawn(on_message) {
        Ok(h) => worker.set_value(Some(h)),
        Err(e) => result.set(Some(serde_json::json!({ "error": e }).to_string())),
    }
}

#[component]
pub fn BenchPanel(kind: BenchKind, count: usize, state: RwSignal<PageState>, model_ready: RwSignal<Option<f64>>, result: RwSignal<Option<String>>, wasm_start_ms: f64) -> impl IntoView {
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
        BenchKind::Train => {} // the training worker answers ToWorker::Bench
    }
    let error = move || state.with(|s| s.errors.last().cloned());
    view! {
        <section class="card bench">
            <h2>{format!("Benchmark: {kind:?}")}</h2>
            <pre data-testid="bench-result" data-state=move || if result.with(|r| r.is_some()) { "done" } else if error().is_some() { "error" } else { "running" }>
                {move || result.get().or_else(error).unwrap_or_else(|| "running…".into())}
            </pre>
        </section>
    }
}
