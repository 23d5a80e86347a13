//! Where things stand, at the top of the training card: the data (loading, then ready), the
//! device in plain words and in detail (adapter, why, measure again, the device to use), the
//! offline copy.
use crate::device::backend::BackendKind;
use crate::device::calibrate::{Calibration, Timing};
use crate::i18n::K;
use crate::page::page_state::{Phase, WhenReady};
use crate::page::status_text::{adapter_text, device_summary, reason_text, status_text};
use crate::web::components::calibrations::remember_calibration;
use crate::web::components::context::PageContext;
use crate::web::components::lang::text;
use leptos::prelude::*;

/// A device's measured ms per batch, for `data-gpu-ms` / `data-cpu-ms` (empty when unmeasured).
fn calibration_ms(page: PageContext, which: fn(&Calibration) -> &Timing) -> String {
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
pub fn StatusBlock() -> impl IntoView {
    let page = expect_context::<PageContext>();
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
        <div class="status">
            <div class="status-line" role="status">
                <span data-testid="data-status" data-state=move || state.with(|s| s.phase.as_str())>{move || state.with(|s| status_text(s, lang.get()))}</span>
                <span data-testid="device-summary">{move || state.with(|s| (s.phase == Phase::Ready).then(|| format!(" · {}", device_summary(s, lang.get()))))}</span>
            </div>
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
            <crate::web::components::offline::OfflineCopy />
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
        </div>
    }
}
