//! Which device trains: WebGPU / a native GPU through wgpu, or the CPU (burn's flex backend).
use crate::error::{AppError, Result};
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
}

/// The device in use, with the words the page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeviceInfo {
    pub kind: BackendKind,
    /// "WebGPU" or "CPU".
    pub name: String,
    /// The adapter (GPU name, or how the CPU backend runs).
    pub adapter: String,
    /// Why this device was chosen.
    pub reason: String,
}

/// The CPU device.
pub fn cpu() -> Device {
    Device::flex()
}

/// Native: the GPU through wgpu (Vulkan, Metal, ...) when one can be initialised.
#[cfg(not(target_arch = "wasm32"))]
pub fn native_gpu() -> Result<Device> {
    Device::wgpu_options().init().map_err(|e| AppError::Device(format!("{e}")))
}

/// Browser: initialises WebGPU asynchronously, before any tensor exists.
pub async fn init_webgpu() -> Result<Device> {
    Device::wgpu_options().init_async().await.map_err(|e| AppError::NoWebGpu(format!("{e}")))
}
