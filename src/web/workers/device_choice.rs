//! The training worker's device: the user's choice, or the faster of WebGPU and the CPU as
//! measured ([`crate::device::calibrate`]) now or on an earlier visit with the same adapter.
use crate::device::backend::{self, BackendKind};
use crate::device::calibrate::{self, Calibration, CalibrationRecord, key};
use crate::device::choice::{DeviceInfo, Reason};
use crate::web::js::{now_ms, sleep};
use crate::web::workers::adapter::{SMALLEST, adapter_name, smallest_device, watch_device_loss};
use crate::web::workers::helper_pool::HelperPool;
use burn::prelude::*;
use std::collections::HashMap;

/// What the page knows from earlier visits: calibrations by [`key`].
pub type Known = HashMap<String, Calibration>;

fn cpu_info(reason: Reason, calibration: Option<CalibrationRecord>) -> DeviceInfo {
    DeviceInfo { kind: BackendKind::Cpu, name: "CPU".into(), adapter: String::new(), reason, calibration }
}

/// Picks the device; `on_lost` reports a WebGPU device lost later on. The CPU is measured with
/// `workers` (the helpers in `pool` and the training worker); `minimal`: WebGPU's default limits
/// and no optional features (`gpu=minimal`); `test_hooks`: the device kept where a browser test
/// reaches it.
pub async fn pick(
    wanted: Option<BackendKind>,
    known: &Known,
    (tasks_max, minimal, test_hooks): (Option<usize>, bool, bool),
    on_lost: impl Fn(String) + 'static,
    (pool, workers): (&HelperPool, usize),
) -> (Device, DeviceInfo) {
    if wanted == Some(BackendKind::Cpu) {
        return (backend::cpu(), cpu_info(Reason::Chosen(BackendKind::Cpu), None));
    }
    if minimal && let Err(e) = smallest_device() {
        return (backend::cpu(), cpu_info(Reason::NoWebGpu(e), None));
    }
    let adapter = match adapter_name().await {
        Ok((name, _fallback)) if minimal => format!("{name}, {}", SMALLEST),
        Ok((name, _fallback)) => name,
        Err(why) => return (backend::cpu(), cpu_info(Reason::NoWebGpu(why), None)),
    };
    if let Err(e) = watch_device_loss(on_lost, test_hooks) {
        web_sys::console::warn_1(&format!("cannot watch for GPU loss: {e}").into());
    }
    let gpu = match backend::init_webgpu(tasks_max).await {
        Ok(device) => device,
        Err(e) => return (backend::cpu(), cpu_info(Reason::NoWebGpu(e.to_string()), None)),
    };
    let gpu_info = |reason: Reason, calibration| DeviceInfo {
        kind: BackendKind::Gpu,
        name: "WebGPU".into(),
        adapter: adapter.clone(),
        reason,
        calibration,
    };
    if wanted == Some(BackendKind::Gpu) {
        return (gpu, gpu_info(Reason::Chosen(BackendKind::Gpu), None));
    }
    let key = key(&adapter);
    let measured = match known.get(&key).filter(|c| c.cpu_workers == workers) {
        Some(figures) => CalibrationRecord { key, figures: figures.clone(), now: false },
        None => CalibrationRecord { key, figures: measure(&gpu, pool, workers).await, now: true },
    };
    match measured.figures.choice() {
        BackendKind::Gpu => (gpu, gpu_info(Reason::Measured, Some(measured))),
        BackendKind::Cpu => (backend::cpu(), DeviceInfo { adapter, ..cpu_info(Reason::Measured, Some(measured)) }),
    }
}

/// A few warm steps on the CPU (with `workers`), then on the GPU with what is left of the budget.
async fn measure(gpu: &Device, pool: &HelperPool, workers: usize) -> Calibration {
    let mut pool = pool.clone();
    let cpu_workers = pool.ensure(workers - 1).await + 1;
    let start = now_ms();
    let timeout = |ms: f64| sleep(ms.ceil() as i32);
    let cpu = calibrate::time_steps(&backend::cpu(), calibrate::CPU_BUDGET_MS, (now_ms, timeout), &mut pool).await;
    let left = (calibrate::BUDGET_MS - (now_ms() - start)).max(calibrate::GPU_MIN_MS);
    let gpu = calibrate::time_steps(gpu, left, (now_ms, timeout), &mut crate::train::parallel::helpers::Alone).await;
    Calibration { gpu, cpu, cpu_workers }
}
