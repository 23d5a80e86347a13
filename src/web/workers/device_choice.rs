//! The training worker's device as [`crate::device::choice::decide`] chooses it: the user's
//! choice, or the faster of WebGPU and the CPU as measured ([`crate::device::calibrate`]) now or
//! on an earlier visit with the same adapter. This file gets the browser's WebGPU device.
use crate::device::backend::{self, BackendKind};
use crate::device::calibrate::{self, Calibration, CalibrationRecord, key};
use crate::device::choice::{Decision, DeviceInfo, Reason, decide, needs_gpu};
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
    let gpu = if needs_gpu(wanted) { webgpu((tasks_max, minimal, test_hooks), on_lost).await } else { Err(String::new()) };
    let figures = gpu.as_ref().ok().and_then(|(_, adapter)| known.get(&key(adapter))).filter(|c| c.cpu_workers == workers);
    let decision = decide(wanted, gpu.as_ref().map(|_| ()).map_err(Clone::clone), figures);
    let Ok((gpu, adapter)) = gpu else {
        // (Without a GPU the decision is always the CPU, with its reason.)
        let reason = if let Decision::Use(_, reason) = decision { reason } else { Reason::Chosen(BackendKind::Cpu) };
        return (backend::cpu(), cpu_info(reason, None));
    };
    let record = |figures, now| CalibrationRecord { key: key(&adapter), figures, now };
    let measured = match decision {
        Decision::Use(BackendKind::Gpu, reason) => return (gpu, gpu_info(&adapter, reason, None)),
        Decision::Use(BackendKind::Cpu, reason) => return (backend::cpu(), cpu_info(reason, None)),
        Decision::Known(figures) => record(figures, false),
        Decision::Measure => record(measure(&gpu, pool, workers).await, true),
    };
    match measured.figures.choice() {
        BackendKind::Gpu => (gpu, gpu_info(&adapter, Reason::Measured, Some(measured))),
        BackendKind::Cpu => (backend::cpu(), DeviceInfo { adapter, ..cpu_info(Reason::Measured, Some(measured)) }),
    }
}

fn gpu_info(adapter: &str, reason: Reason, calibration: Option<CalibrationRecord>) -> DeviceInfo {
    DeviceInfo { kind: BackendKind::Gpu, name: "WebGPU".into(), adapter: adapter.into(), reason, calibration }
}

/// A WebGPU device and its adapter's name (`minimal`: as the smallest device), watched for its
/// loss; `Err`: why there is none.
async fn webgpu(
    (tasks_max, minimal, test_hooks): (Option<usize>, bool, bool),
    on_lost: impl Fn(String) + 'static,
) -> Result<(Device, String), String> {
    if minimal {
        smallest_device()?;
    }
    let adapter = match adapter_name().await? {
        (name, _fallback) if minimal => format!("{name}, {}", SMALLEST),
        (name, _fallback) => name,
    };
    if let Err(e) = watch_device_loss(on_lost, test_hooks) {
        web_sys::console::warn_1(&format!("cannot watch for GPU loss: {e}").into());
    }
    let device = backend::init_webgpu(tasks_max).await.map_err(|e| e.to_string())?;
    Ok((device, adapter))
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
