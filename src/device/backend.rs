//! Which device trains: WebGPU / a native GPU through wgpu, or the CPU (burn's flex backend).
use crate::base::error::{AppError, Result};
use burn::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BackendKind {
    /// The GPU through burn's wgpu backend (WebGPU in the browser, Vulkan/Metal natively).
    Gpu,
    /// burn's pure-Rust CPU backend (flex).
    Cpu,
}

impl BackendKind {
    pub fn parse(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "webgpu" | "wgpu" | "gpu" => Ok(Self::Gpu),
            "cpu" => Ok(Self::Cpu),
            other => Err(AppError::Config(format!("unknown backend '{other}' (use webgpu or cpu)"))),
        }
    }

    /// The name `backend=` takes: "webgpu" or "cpu".
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Gpu => "webgpu",
            Self::Cpu => "cpu",
        }
    }
}

/// The CPU device.
pub fn cpu() -> Device {
    Device::flex()
}

/// Native: the GPU through wgpu (Vulkan, Metal, ...) when one can be initialised; the same
/// device on every call (wgpu's runtime is set up once per process).
#[cfg(not(target_arch = "wasm32"))]
pub fn native_gpu() -> Result<Device> {
    static GPU: std::sync::OnceLock<Result<Device>> = std::sync::OnceLock::new();
    GPU.get_or_init(|| Device::wgpu_options().tasks_max(TASKS_MAX).init().map_err(|e| AppError::Device(format!("{e}")))).clone()
}

/// Browser: initialises WebGPU asynchronously, before any tensor exists; `tasks_max` overrides
/// [`TASKS_MAX`] (a benchmark's knob).
pub async fn init_webgpu(tasks_max: Option<usize>) -> Result<Device> {
    let tasks = tasks_max.unwrap_or(TASKS_MAX).max(1);
    Device::wgpu_options().tasks_max(tasks).init_async().await.map_err(|e| AppError::NoWebGpu(format!("{e}")))
}

/// Kernels encoded before cubecl submits them on its own (burn's default is 32). A step needs
/// fewer than this; the training loop submits once per step, and a read-back submits too.
pub const TASKS_MAX: usize = 256;
