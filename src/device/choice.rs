//! The device chosen to train, and why, with the words the page shows; and the choice itself
//! ([`decide`]), the same for the page and the command.
use crate::device::backend::BackendKind;
use crate::device::calibrate::{Calibration, CalibrationRecord};
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

/// What choosing a device comes to, before anything is timed.
#[derive(Clone, Debug, PartialEq)]
pub enum Decision {
    /// Train on this backend, for this reason.
    Use(BackendKind, Reason),
    /// The faster of the two by these figures, known from an earlier visit with this adapter and
    /// these workers ([`Calibration::choice`]).
    Known(Calibration),
    /// Time a few steps on each and take the faster ([`Calibration::choice`]).
    Measure,
}

/// Whether choosing needs a look at the GPU: not when the CPU was asked for.
pub fn needs_gpu(wanted: Option<BackendKind>) -> bool {
    wanted != Some(BackendKind::Cpu)
}

/// The device for `wanted` (`None`: the faster), given whether a GPU is there (`Err`: why not)
/// and the figures known for it. A GPU asked for but missing gives the CPU and says why (the
/// command refuses before asking: a `--backend wgpu` it cannot get is an error there).
pub fn decide(wanted: Option<BackendKind>, gpu: Result<(), String>, known: Option<&Calibration>) -> Decision {
    match (wanted, gpu) {
        (Some(BackendKind::Cpu), _) => Decision::Use(BackendKind::Cpu, Reason::Chosen(BackendKind::Cpu)),
        (_, Err(why)) => Decision::Use(BackendKind::Cpu, Reason::NoWebGpu(why)),
        (Some(BackendKind::Gpu), Ok(())) => Decision::Use(BackendKind::Gpu, Reason::Chosen(BackendKind::Gpu)),
        (None, Ok(())) => known.map_or(Decision::Measure, |figures| Decision::Known(figures.clone())),
    }
}
