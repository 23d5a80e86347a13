//! The page: status, device, model, training controls, live charts. Components hold signals;
//! the logic lives in plain types (`PageState`, `params`, `protocol`).
use super::benchview::BenchPanel;
use super::charts::{EpochCharts, LossChart, RateCharts};
use super::draw::DrawPanel;
use super::evalview::EvalPanel;
use super::settings::Settings;
use crate::arch::structure;
use super::host::WorkerHandle;
use crate::backend::BackendKind;
use crate::bench::BenchKind;
use crate::params::{self, PageSettings};
use crate::protocol::{FromWorker, ToWorker};
use crate::state::PageState;
use leptos::prelude::*;

/// Thousands separators: 121514 -> "121,514".
pub fn group(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn duration(secs: f64) -> String {
    let s = secs.max(0.0).round() as u64;
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min {} s", s / 60, s % 60),
        _ => format!("{} h {} min", s / 3600, s % 3600 / 60),
    }
}

/// A device's measured ms per batch, for `data-gpu-ms` / `data-cpu-ms` (empty when unmeasured).
fn calibration_ms(state: &RwSignal<PageState>, which: fn(&crate::calibrate::Calibration) -> &crate::calibrate::Timing) -> String {
    state.with(|s| s.device.as_ref().and_then(|d| d.calibration.as_ref()).and_then(|m| which(&m.figures).ms()).map(|ms| format!("{ms:.2}")).unwrap_or_default())
}

fn status_text(s: &PageState) -> String {
    use crate::state::Phase::*;
    match s.phase {
        Loading => {
            let data = if s.data.is_some() { "MNIST downloaded".to_string() } else { format!("Downloading MNIST… {:.0}%", s.data_percent()) };
            if s.device.is_none() { format!("{data} · setting up the device (a few test steps on WebGPU and the CPU, if it has both)…") } else { data }
        }
        Ready => match s.data {
            Some((train, test)) => format!("Ready: {} training and {} test images", group(train), group(test)),
            None => "Ready".into(),
        },
        Error => match s.errors.last() {
            Some(e) => format!("Could not get ready: {e}"),
            None => "Something went wrong".into(),
        },
    }
}

/// Where the page remembers each adapter's calibration (localStorage key prefix).
const CALIBRATION_PREFIX: &str = "mnist-calibration:";

/// The calibrations remembered from earlier visits.
fn remembered_calibrations() -> super::device::Known {
    let Ok(all) = super::draw::helper("storeAll", &[CALIBRATION_PREFIX.into()]) else { return Default::default() };
    js_sys::Object::entries(&all.into())
        .iter()
        .filter_map(|pair| {
            let pair: js_sys::Array = pair.into();
            let figures = serde_json::from_str(&pair.get(1).as_string()?).ok()?;
            Some((pair.get(0).as_string()?, figures))
        })
        .collect()
}

/// Remembers (`Some`) or forgets (`None`) one adapter's calibration.
fn remember_calibration(key: &str, figures: Option<&crate::calibrate::Calibration>) {
    let value = figures.and_then(|f| serde_json::to_string(f).ok()).map_or(wasm_bindgen::JsValue::NULL, Into::into);
    let _ = super::draw::helper("storeSet", &[format!("{CALIBRATION_PREFIX}{key}").into(), value]);
}

#[component]
pub fn App() -> impl IntoView {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let (settings, url_error) = match params::parse_query(&search) {
        Ok(s) => (s, None),
        Err(e) => (PageSettings::default(), Some(e.to_string())),
    };
    let wasm_start_ms = super::js::now_ms();
    let state = RwSignal::new(PageState::default());
    let model_ready: RwSignal<Option<f64>> = RwSignal::new(None);
    let bench_result: RwSignal<Option<String>> = RwSignal::new(None);
    let (bench, bench_count) = (settings.bench, settings.bench_count);
    let bench_asked = StoredValue::new(false);
    let trained: RwSignal<Option<Vec<u8>>> = RwSignal::new(None);
    let trained_note = Signal::derive(move || {
        state.with(|s| match s.evals.last() {
            Some((e, r)) => format!(" — trained in this browser: {:.2}% test accuracy after {e:.2} epochs", r.accuracy),
            None => " — trained in this browser".to_string(),
        })
    });
    let config = RwSignal::new(settings.config.clone());
    let backend = RwSignal::new(settings.backend);
    let worker: StoredValue<Option<WorkerHandle>, LocalStorage> = StoredValue::new_local(None);
    let autostart = StoredValue::new(settings.autostart);
    let data_url = StoredValue::new(settings.data_url.clone());
    let (train_images, test_images) = (settings.config.train_images, settings.config.test_images);
    let tasks_max = settings.tasks_max;

    let send = move |msg: ToWorker| worker.with_value(|w| if let Some(w) = w { w.send(&msg) });
    let start = move || {
        if !state.with_untracked(|s| s.can_start()) {
            return;
        }
        let config = config.get_untracked();
        if let Err(e) = config.validate() {
            state.update(|s| s.errors.push(e.to_string()));
            return;
        }
        state.update(|s| s.start_run());
        send(ToWorker::Start(config));
    };
    let spawn = move || {
        worker.set_value(None); // terminates a previous worker
        let errors = state.with_untracked(|s| s.errors.clone());
        state.set(PageState { errors, ..PageState::default() });
        let handle = WorkerHandle::spawn(move |msg| {
            if msg == FromWorker::Ready {
                send(ToWorker::Init { data_url: data_url.get_value(), backend: backend.get_untracked(), known: remembered_calibrations(), tasks_max });
            }
            if let FromWorker::Device(crate::backend::DeviceInfo { calibration: Some(m), .. }) = &msg {
                if m.now {
                    remember_calibration(&m.key, Some(&m.figures));
                }
            }
            if let FromWorker::Trained { bytes } = &msg {
                trained.set(Some(bytes.clone()));
            }
            if let FromWorker::Bench { json } = &msg {
                bench_result.set(Some(json.clone()));
            }
            state.update(|s| s.apply(msg));
            if bench == Some(BenchKind::Train) && !bench_asked.get_value() && state.with_untracked(|s| s.can_start()) {
                bench_asked.set_value(true);
                send(ToWorker::Bench { batches: bench_count });
            }
            if autostart.get_value() && state.with_untracked(|s| s.can_start()) {
                autostart.set_value(false);
                start();
            }
        });
        match handle {
            Ok(h) => worker.set_value(Some(h)),
            Err(e) => state.update(|s| {
                s.errors.push(format!("could not start the training worker: {e}"));
                s.phase = crate::state::Phase::Error;
            }),
        }
    };
    if let Some(e) = url_error {
        state.update(|s| s.errors.push(e));
    }
    spawn();

    let on_backend = move |ev: web_sys::Event| {
        let v = event_target_value(&ev);
        backend.set(BackendKind::parse(&v).ok());
        spawn();
    };
    let running = move || state.with(|s| s.running);
    // The augmentation preview follows the ranges (once the data is there).
    let ready = Memo::new(move |_| state.with(|s| s.data.is_some()));
    let preview_of = Memo::new(move |_| config.with(|c| (c.augment, c.seed)));
    Effect::new(move |_| {
        let (augment, seed) = preview_of.get();
        if ready.get() && augment.is_on() {
            send(ToWorker::Preview { augment, seed });
        }
    });
    let last_loss = move || state.with(|s| s.losses.last().map(|l| format!("{l:.4}")).unwrap_or_default());
    // The first 20 losses in full precision: lets a test compare backends batch by batch.
    let first_losses = move || state.with(|s| s.losses.iter().take(20).map(|l| l.to_string()).collect::<Vec<_>>().join(","));
    let last_acc = move || state.with(|s| s.evals.last().map(|(_, r)| format!("{:.2}", r.accuracy)).unwrap_or_default());
    let progress_text = move || {
        state.with(|s| {
            let p = &s.progress;
            if p.epochs == 0 {
                return if s.can_start() { "Not started".to_string() } else { String::new() };
            }
            let memory = if p.memory_mb > 0.0 { format!(" · {:.0} MB wasm memory", p.memory_mb) } else { String::new() };
            let head = format!("Epoch {}/{} · batch {}/{} · {:.0} images/s{memory}", p.epoch, p.epochs, p.batch, p.batches_per_epoch, p.images_per_sec);
            if s.done {
                format!("{head} · finished")
            } else if s.paused {
                format!("{head} · paused")
            } else {
                format!("{head} · {} left", duration(p.eta_s))
            }
        })
    };

    view! {
        <header>
            <h1>"MNIST in your browser"</h1>
            <p class="sub">"Train the classic convolutional network on your own GPU through WebGPU and watch it learn. Rust, burn and leptos; nothing to install."</p>
        </header>
        {bench.map(|kind| view! { <BenchPanel kind=kind count=bench_count state=state model_ready=model_ready result=bench_result wasm_start_ms=wasm_start_ms /> })}
        <DrawPanel trained=trained trained_note=trained_note model_ready=model_ready />
        <section class="card status">
            <div data-testid="data-status" data-state=move || state.with(|s| s.phase.as_str()) role="status">{move || state.with(status_text)}</div>
            <Show when=move || state.with(|s| s.phase == crate::state::Phase::Error)>
                <p class="small">"The drawing panel keeps working with the model it has. "
                    <button data-testid="retry" on:click=move |_| { state.update(|s| s.errors.clear()); spawn(); }>"Retry"</button>
                    <Show when=move || state.with(|s| s.device.as_ref().is_some_and(|d| d.kind == BackendKind::Gpu))>
                        " "
                        <button data-testid="use-cpu" on:click=move |_| { state.update(|s| s.errors.clear()); backend.set(Some(BackendKind::Cpu)); spawn(); }>"Continue on the CPU"</button>
                    </Show>
                </p>
            </Show>
            <div class="data-progress">
                <progress data-testid="data-progress" max=move || state.with(|s| s.data_total as f64) value=move || state.with(|s| s.data_loaded as f64)></progress>
                <span>{move || state.with(|s| format!("{:.1} / {:.1} MB", s.data_loaded as f64 / 1e6, s.data_total as f64 / 1e6))}</span>
            </div>
            <super::offline::OfflineCopy />
            <div class="device">
                "Device: "
                <strong data-testid="backend" data-kind=move || state.with(|s| s.device.as_ref().map(|d| format!("{:?}", d.kind).to_lowercase()).unwrap_or_default())
                    data-gpu-ms=move || calibration_ms(&state, |c| &c.gpu) data-cpu-ms=move || calibration_ms(&state, |c| &c.cpu)>
                    {move || state.with(|s| s.device.as_ref().map(|d| d.name.clone()).unwrap_or_else(|| "…".into()))}
                </strong>
                <span class="adapter">{move || state.with(|s| s.device.as_ref().map(|d| format!(" — {} ({})", d.adapter, d.reason)).unwrap_or_default())}</span>
                <Show when=move || state.with(|s| s.device.as_ref().is_some_and(|d| d.calibration.is_some()))>
                    " "
                    <button class="link" data-testid="recalibrate" disabled=running on:click=move |_| {
                        if let Some(m) = state.with_untracked(|s| s.device.as_ref().and_then(|d| d.calibration.clone())) {
                            remember_calibration(&m.key, None);
                        }
                        backend.set(None);
                        spawn();
                    }>"Measure again"</button>
                </Show>
                <label class="inline">
                    " Use: "
                    <select data-testid="backend-select" on:change=on_backend disabled=running>
                        <option value="auto" selected=move || backend.get().is_none()>"fastest available"</option>
                        <option value="webgpu" selected=move || backend.get() == Some(BackendKind::Gpu)>"WebGPU"</option>
                        <option value="cpu" selected=move || backend.get() == Some(BackendKind::Cpu)>"CPU"</option>
                    </select>
                </label>
            </div>
        </section>
        <div class="grid">
            <section class="card">
                <h2>"The network"</h2>
                <table class="model">
                    <thead><tr><th>"block"</th><th>"layers"</th><th>"output"</th></tr></thead>
                    <tbody>
                        {move || config.with(|c| structure(c.arch, c.dropout)).into_iter().map(|r| view! { <tr><td>{r.block}</td><td>{r.layers}</td><td><code>{r.output}</code></td></tr> }).collect_view()}
                    </tbody>
                </table>
                <p>"Trainable parameters: " <strong data-testid="param-count">{move || group(config.with(|c| c.arch.param_count()))}</strong></p>
            </section>
            <section class="card">
                <h2>"Training"</h2>
                <Settings config=config state=state running=Signal::derive(running) />
                <p class="small">
                    "Adam, cross entropy, data reshuffled every epoch; the address bar links to these settings. "
                    {train_images.map(|n| format!("Using the first {n} training images. "))}
                    {test_images.map(|n| format!("Using the first {n} test images."))}
                </p>
                <div class="buttons">
                    <button data-testid="train-start" on:click=move |_| start() disabled=move || !state.with(|s| s.can_start())>"Start"</button>
                    <button data-testid="train-pause" on:click=move |_| send(if state.with_untracked(|s| s.paused) { ToWorker::Resume } else { ToWorker::Pause }) disabled=move || !running()>
                        {move || if state.with(|s| s.paused) { "Resume" } else { "Pause" }}
                    </button>
                    <button data-testid="train-stop" on:click=move |_| send(ToWorker::Stop) disabled=move || !running()>"Stop"</button>
                </div>
                <div data-testid="progress" class="progress" data-memory-mb=move || state.with(|s| format!("{:.1}", s.progress.memory_mb))
                    data-epoch=move || state.with(|s| s.progress.epoch)
                    data-batch=move || state.with(|s| s.batches_done())
                    data-done=move || state.with(|s| s.done.to_string())>
                    {progress_text}
                </div>
                <div class="figures">
                    <div>"Last batch loss " <strong data-testid="loss" data-first-losses=first_losses>{last_loss}</strong></div>
                    <div>"Test accuracy " <strong data-testid="test-accuracy">{last_acc}</strong> "%"</div>
                </div>
            </section>
        </div>
        <div class="grid">
            <section class="card"><h2>"Loss per batch"</h2><LossChart state=state /><RateCharts state=state /></section>
            <section class="card"><h2>"Test set after each epoch"</h2><EpochCharts state=state /></section>
        </div>
        <section class="card"><h2>"What the network gets wrong"</h2><EvalPanel state=state /></section>
        <section data-testid="error" class="errors" role="alert">
            {move || state.with(|s| s.errors.iter().map(|e| view! { <p>{e.clone()}</p> }).collect_view())}
        </section>
    }
}
