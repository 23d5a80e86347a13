//! The native command's device as [`crate::device::choice::decide`] chooses it: the one asked for,
//! or the faster of the GPU and the CPU as measured; and its benchmark's clock.
use crate::base::error::{AppError, Result};
use crate::device::backend::{self, BackendKind};
use crate::device::calibrate;
use crate::device::choice::{Decision, Reason, decide, needs_gpu};
use burn::prelude::*;
use std::time::Instant;

/// The native benchmark's probe: a clock; wgpu's calls are not counted here (kernel launches are,
/// by the benchmark itself).
pub struct Clock(pub Instant);

impl crate::device::bench::Probe for Clock {
    fn now_ms(&self) -> f64 {
        self.0.elapsed().as_secs_f64() * 1000.0
    }

    fn counts(&self) -> Option<crate::device::bench::GpuCounts> {
        None
    }
}

/// Picks the device: the one asked for (`cpu`, `wgpu`, or `cuda` in a build with the `cuda`
/// feature), or the faster of the GPU (when there is one) and the CPU, measured by a few training
/// steps on each. Returns the device, its kind ("cpu", "wgpu", "cuda") and a description.
pub fn pick_device(backend: Option<&str>) -> Result<(Device, &'static str, String)> {
    let wanted = match backend {
        Some(s) if s.eq_ignore_ascii_case("cuda") => return cuda(),
        Some(s) => Some(BackendKind::parse(s)?),
        None => None,
    };
    let gpu = if needs_gpu(wanted) { Some(backend::native_gpu()) } else { None };
    // A GPU asked for on the command line must be there: an error, not the CPU in its place.
    if wanted == Some(BackendKind::Gpu)
        && let Some(Err(e)) = &gpu
    {
        return Err(e.clone());
    }
    let available = match &gpu {
        Some(Ok(_)) => Ok(()),
        Some(Err(e)) => Err(e.to_string()),
        None => Err("not asked for".into()),
    };
    Ok(match (decide(wanted, available, None), gpu) {
        (Decision::Use(BackendKind::Gpu, _), Some(Ok(gpu))) => (gpu, "wgpu", "GPU (wgpu)".into()),
        (Decision::Use(_, Reason::NoWebGpu(e)), _) => (backend::cpu(), "cpu", format!("CPU (flex): no GPU ({e})")),
        (Decision::Measure | Decision::Known(_), Some(Ok(gpu))) => calibrated(gpu),
        _ => (backend::cpu(), "cpu", "CPU (flex)".into()),
    })
}

/// The faster of `gpu` and the CPU.
fn calibrated(gpu: Device) -> (Device, &'static str, String) {
    let start = Instant::now();
    let now = move || start.elapsed().as_secs_f64() * 1000.0;
    let never = |_| std::future::pending::<()>();
    let figures = futures_lite::future::block_on(async {
        let alone = &mut crate::train::parallel::helpers::Alone;
        let cpu = calibrate::time_steps(&backend::cpu(), calibrate::CPU_BUDGET_MS, (now, never), alone).await;
        let gpu = calibrate::time_steps(&gpu, calibrate::GPU_MIN_MS, (now, never), alone).await;
        calibrate::Calibration { gpu, cpu, cpu_workers: 1 }
    });
    let why = crate::page::status_text::calibration_text(&figures, "the GPU (wgpu)", crate::i18n::Lang::En);
    match figures.choice() {
        BackendKind::Gpu => (gpu, "wgpu", format!("GPU (wgpu): {why}")),
        BackendKind::Cpu => (backend::cpu(), "cpu", format!("CPU (flex): {why}")),
    }
}

/// The first CUDA device, in a build with the `cuda` feature.
#[cfg(feature = "cuda")]
fn cuda() -> Result<(Device, &'static str, String)> {
    if Device::enumerate(burn::tensor::DeviceType::Cuda).into_vec().is_empty() {
        return Err(AppError::Device("no CUDA device (is the NVIDIA driver's libcuda installed?)".into()));
    }
    Ok((Device::cuda(0), "cuda", "GPU (CUDA)".into()))
}

#[cfg(not(feature = "cuda"))]
fn cuda() -> Result<(Device, &'static str, String)> {
    Err(AppError::Config("this train binary was built without CUDA (cargo build --release --bin train --features cuda)".into()))
}
