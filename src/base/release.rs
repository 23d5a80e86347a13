//! This app's name and version: written into weights files, checkpoints and run logs, and part of
//! the key a device calibration is remembered under.

/// This app and its version.
pub const APP: &str = concat!("mnist-web ", env!("CARGO_PKG_VERSION"));
