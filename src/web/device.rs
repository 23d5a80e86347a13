//! The training worker's device: the user's choice, or the faster of WebGPU and the CPU as
//! measured ([`crate::calibrate`]) now or on an earlier visit with the same adapter.
use super::gpu::{adapter_name, watch_device_loss};
use super::js::{now_ms, sleep};
use crate::backend::{self, BackendKind, DeviceInfo};
use crate::calibrate::{self, Calibration, Measured, key};
use burn::prelude::*;
use std::collections::HashMap;

/// What the page knows from earlier visits: calibrations by [`key`].
pub type Known = HashMap<String, Calibration>;

fn cpu_info(reason: String, calibration: Option<Measured>) -> DeviceInfo {
    let adapter = "burn flex backend in WebAssembly (SIMD)".into();
    DeviceInfo { kind: BackendKind::Cpu, name: "CPU".into(), adapter, reason, calibration }
}

/// Picks the device; `on_lost` reports a WebGPU device lost later on.
pub async fn pick(
    wanted: Option<BackendKind>,
    known: &Known,
    tasks_max: Option<usize>,
    on_lost: impl Fn(String) + 'static,
) -> (Device, DeviceInfo) {
    if wanted == Some(BackendKind::Cpu) {
        return (backend::cpu(), cpu_info("chosen by the user (backend=cpu)".into(), None));
    }
    let adapter = match adapter_name().await {
        Ok((name, _fallback)) => name,
        Err(why) => return (backend::cpu(), cpu_info(format!("WebGPU is not available: {why}"), None)),
    };
    if let Err(e) = watch_device_loss(on_lost) {
        web_sys::console::warn_1(&format!("cannot watch for GPU loss: {e}").into());
    }
    let gpu = match backend::init_webgpu(tasks_max).await {
        Ok(device) => device,
        Err(e) => return (backend::cpu(), cpu_info(e.to_string(), None)),
    };
    let gpu_info = |reason: String, calibration| DeviceInfo {
        kind: BackendKind::Gpu,
        name: "WebGPU".into(),
        adapter: adapter.clone(),
        reason,
        calibration,
    };
    if wanted == Some(BackendKind::Gpu) {
        return (gpu, gpu_info("chosen by the user (backend=webgpu)".into(), None));
    }
    let key = key(&adapter);
    let measured = match known.get(&key) {
        Some(figures) => Measured { key, figures: figures.clone(), now: false },
        None => Measured { key, figures: measure(&gpu).await, now: true },
    };
    let reason = measured.figures.describe("WebGPU");
    match measured.figures.choice() {
        BackendKind::Gpu => (gpu, gpu_info(reason, Some(measured))),
        BackendKind::Cpu => {
            let mut info = cpu_info(reason, Some(measured));
            info.adapter = format!("{} (WebGPU adapter: {adapter})", info.adapter);
            (backend::cpu(), info)
        }
    }
}

/// A few warm steps on the CPU, then on the GPU with what is left of the budget.
async fn measure(gpu: &Device) -> Calibration {
    let start = now_ms();
    let timeout = |ms: f64| sleep(ms.ceil() as i32);
    let cpu = calibrate::time_steps(&backend::cpu(), calibrate::CPU_BUDGET_MS, now_ms, timeout).await;
    let left = (calibrate::BUDGET_MS - (now_ms() - start)).max(calibrate::GPU_MIN_MS);
    let gpu = calibrate::time_steps(gpu, left, now_ms, timeout).await;
    Calibration { gpu, cpu }
}
