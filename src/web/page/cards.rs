//! The page's cards around training: where things stand (data, device, offline copy), the
//! network, and the training controls with their progress.
use crate::device::backend::BackendKind;
use crate::device::calibrate::{Calibration, Timing};
use crate::i18n::K;
use crate::i18n::format::group;
use crate::page::describe::structure;
use crate::page::page_state::{Phase, WhenReady};
use crate::page::status_text::{adapter_text, progress_text, reason_text, status_text};
use crate::protocol::training::ToTrainer;
use crate::train::config::TrainConfig;
use crate::train::run_log::RunLog;
use crate::web::page::calibrations::remember_calibration;
use crate::web::page::context::Page;
use crate::web::page::lang::text;
use crate::web::page::settings::Settings;
use leptos::prelude::*;

/// A device's measured ms per batch, for `data-gpu-ms` / `data-cpu-ms` (empty when unmeasured).
fn calibration_ms(page: Page, which: fn(&Calibration) -> &Timing) -> String {
    page.state.with(|s| {
        s.device
            .as_ref()
            .and_then(|d| d.calibration.as_ref())
            .and_then(|m| which(&m.figures).ms())
            .map(|ms| format!("{ms:.2}"))
            .unwrap_or_default()
    })
}

#[component]
pub fn StatusCard() -> impl IntoView {
    let page = expect_context::<Page>();
    let state = page.state;
    let again = move |backend: Option<BackendKind>| {
        state.update(|s| s.errors.clear());
        page.backend.set(backend);
        page.spawn(WhenReady::default());
    };
    let recalibrate = move |_| {
        if let Some(m) = state.with_untracked(|s| s.device.as_ref().and_then(|d| d.calibration.clone())) {
            remember_calibration(&m.key, None);
        }
        again(None);
    };
    let on_backend = move |ev: web_sys::Event| again(BackendKind::parse(&event_target_value(&ev)).ok());
    let running = move || page.running();
    let lang = page.lang;
    let adapter = move || {
        state.with(|s| {
            s.device
                .as_ref()
                .map(|d| {
                    lang.get().fill(K::DeviceLine, &[("adapter", &adapter_text(d, lang.get())), ("reason", &reason_text(d, lang.get()))])
                })
                .unwrap_or_default()
        })
    };
    view! {
        <section class="card status">
            <div data-testid="data-status" data-state=move || state.with(|s| s.phase.as_str()) role="status">{move || state.with(|s| status_text(s, lang.get()))}</div>
            <Show when=move || state.with(|s| s.phase == Phase::Error)>
                <p class="small">{text(K::KeepsWorking)}
                    <button data-testid="retry" on:click=move |_| again(page.backend.get_untracked())>{text(K::Retry)}</button>
                    <Show when=move || state.with(|s| s.device.as_ref().is_some_and(|d| d.kind == BackendKind::Gpu))>
                        " "
                        <button data-testid="use-cpu" on:click=move |_| again(Some(BackendKind::Cpu))>{text(K::ContinueOnCpu)}</button>
                    </Show>
                </p>
            </Show>
            <div class="data-progress">
                <progress data-testid="data-progress" max=move || state.with(|s| s.data_total as f64) value=move || state.with(|s| s.data_loaded as f64)></progress>
                <span>{move || state.with(|s| format!("{:.1} / {:.1} MB", s.data_loaded as f64 / 1e6, s.data_total as f64 / 1e6))}</span>
            </div>
            <crate::web::page::offline::OfflineCopy />
            <div class="device">
                {text(K::Device)}
                <strong data-testid="backend" data-kind=move || state.with(|s| s.device.as_ref().map(|d| format!("{:?}", d.kind).to_lowercase()).unwrap_or_default())
                    data-gpu-ms=move || calibration_ms(page, |c| &c.gpu) data-cpu-ms=move || calibration_ms(page, |c| &c.cpu)>
                    {move || state.with(|s| s.device.as_ref().map(|d| d.name.clone()).unwrap_or_else(|| "…".into()))}
                </strong>
                <span class="adapter">{adapter}</span>
                <Show when=move || state.with(|s| s.device.as_ref().is_some_and(|d| d.calibration.is_some()))>
                    " "
                    <button class="link" data-testid="recalibrate" disabled=running on:click=recalibrate>{text(K::MeasureAgain)}</button>
                </Show>
                <label class="inline">
                    {text(K::Use)}
                    <select data-testid="backend-select" on:change=on_backend disabled=running>
                        <option value="auto" selected=move || page.backend.get().is_none()>{text(K::Fastest)}</option>
                        <option value="webgpu" selected=move || page.backend.get() == Some(BackendKind::Gpu)>"WebGPU"</option>
                        <option value="cpu" selected=move || page.backend.get() == Some(BackendKind::Cpu)>"CPU"</option>
                    </select>
                </label>
            </div>
        </section>
    }
}

#[component]
pub fn NetworkCard() -> impl IntoView {
    let page = expect_context::<Page>();
    let config = page.config;
    let lang = page.lang;
    view! {
        <section class="card">
            <h2>{text(K::TheNetwork)}</h2>
            <table class="model">
                <thead><tr><th>{text(K::Block)}</th><th>{text(K::Layers)}</th><th>{text(K::Output)}</th></tr></thead>
                <tbody>
                    {move || config.with(|c| structure(c.arch, c.dropout, lang.get())).into_iter().map(|r| view! { <tr><td>{r.block}</td><td>{r.layers}</td><td><code>{r.output}</code></td></tr> }).collect_view()}
                </tbody>
            </table>
            <p>{text(K::Params)} <strong data-testid="param-count">{move || group(config.with(|c| c.arch.param_count()))}</strong></p>
        </section>
    }
}

#[component]
pub fn TrainingCard() -> impl IntoView {
    let page = expect_context::<Page>();
    let state = page.state;
    let running = move || page.running();
    let (train_images, test_images) = page.config.with_untracked(|c| (c.train_images, c.test_images));
    let last_loss = move || state.with(|s| s.losses.last().map(|l| format!("{l:.4}")).unwrap_or_default());
    // The first 20 losses in full precision: lets a test compare backends batch by batch.
    let first_losses = move || state.with(|s| s.losses.iter().take(20).map(|l| l.to_string()).collect::<Vec<_>>().join(","));
    let last_acc = move || state.with(|s| s.evals.last().map(|(_, r)| format!("{:.2}", r.accuracy)).unwrap_or_default());
    let pause = move |_| page.send(if state.with_untracked(|s| s.paused) { ToTrainer::Resume } else { ToTrainer::Pause });
    let offer = move || state.with(|s| s.resume_offer.as_ref().map(|o| (o.epoch, o.batch, o.config.epochs)));
    let lang = page.lang;
    // The run's record, as the tutorial prints it, to download (CSV: every batch; JSON: also the
    // settings, the device and every epoch's test results).
    let download_log = move |json: bool| {
        let text = state.with_untracked(|s| {
            let device = s.device.as_ref().map_or(String::new(), |d| format!("{} ({})", d.name, d.adapter));
            // The workers that shared the batches (1 on a GPU), not the option's "0: auto".
            let config = TrainConfig { workers: s.workers.max(1), ..page.config.get_untracked() };
            let log = RunLog {
                config: &config,
                device: &device,
                batches_per_epoch: s.progress.batches_per_epoch,
                losses: &s.losses,
                evals: &s.evals,
            };
            if json { log.json() } else { log.csv() }
        });
        let name = if json { "mnist-run-log.json" } else { "mnist-run-log.csv" };
        let _ = crate::web::js::save_file(&js_sys::Uint8Array::from(text.as_bytes()), name);
    };
    view! {
        <section class="card">
            <h2>{text(K::Training)}</h2>
            {move || offer().map(|(epoch, batch, epochs)| view! {
                <div class="resume" role="status">
                    <span>{text(K::Interrupted)}</span>
                    <button data-testid="resume" data-epoch=epoch data-batch=batch on:click=move |_| page.resume() disabled=move || !state.with(|s| s.can_start())>
                        {move || lang.get().fill(K::ResumeRun, &[("epoch", &epoch), ("epochs", &epochs), ("batch", &batch)])}
                    </button>
                    " "
                    <button data-testid="discard" class="secondary" on:click=move |_| page.discard_saved_run()>{text(K::Discard)}</button>
                </div>
            })}
            <Settings config=page.config state=state running=Signal::derive(running) />
            <p class="small">
                {text(K::Recipe)}
                {move || train_images.map(|n| lang.get().fill(K::FirstTrain, &[("n", &n)]))}
                {move || test_images.map(|n| lang.get().fill(K::FirstTest, &[("n", &n)]))}
            </p>
            <div class="buttons">
                <button data-testid="train-start" on:click=move |_| page.start() disabled=move || !state.with(|s| s.can_start())>{text(K::Start)}</button>
                <button data-testid="train-pause" on:click=pause disabled=move || !running()>
                    {move || lang.get().text(if state.with(|s| s.paused) { K::Resume } else { K::Pause })}
                </button>
                <button data-testid="train-stop" on:click=move |_| page.send(ToTrainer::Stop) disabled=move || !running()>{text(K::Stop)}</button>
            </div>
            <div data-testid="progress" class="progress" data-memory-mb=move || state.with(|s| format!("{:.1}", s.progress.memory_mb))
                data-epoch=move || state.with(|s| s.progress.epoch)
                data-batch=move || state.with(|s| s.batches_done())
                data-done=move || state.with(|s| s.done.to_string())>
                {move || state.with(|s| progress_text(s, lang.get()))}
            </div>
            <div class="figures">
                <div>{text(K::LastLoss)} <strong data-testid="loss" data-first-losses=first_losses>{last_loss}</strong></div>
                <div>{text(K::TestAccuracyIs)} <strong data-testid="test-accuracy">{last_acc}</strong> "%"</div>
            </div>
            <div class="buttons">
                <button class="secondary" data-testid="download-log" on:click=move |_| download_log(false) disabled=move || state.with(|s| s.losses.is_empty())>{text(K::DownloadLog)}</button>
                <button class="secondary" data-testid="download-log-json" on:click=move |_| download_log(true) disabled=move || state.with(|s| s.losses.is_empty())>"(JSON)"</button>
            </div>
        </section>
    }
}
