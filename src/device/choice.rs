//! The device chosen to train, and why, with the words the page shows.
use crate::device::backend::BackendKind;
use crate::device::calibrate::CalibrationRecord;
use serde::{Deserialize, Serialize};

/// The device in use, with the words the page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeviceInfo {
    pub kind: BackendKind,
    /// "WebGPU" or "CPU".
    pub name: String,
    /// The WebGPU adapter's name, if the browser has one (also when the CPU trains).
    pub adapter: String,
    /// Why this device was chosen.
    pub reason: Reason,
    /// Both devices' speeds, when they were measured to choose (now or on an earlier visit).
    #[serde(default)]
    pub calibration: Option<CalibrationRecord>,
}

/// Why a device trains (the page words it in its language).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Reason {
    /// Asked for with `backend=` or the selector.
    Chosen(BackendKind),
    /// The browser has no WebGPU (its words).
    NoWebGpu(String),
    /// The faster as measured ([`DeviceInfo::calibration`]).
    Measured,
}
