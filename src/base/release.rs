//! This app's name and version: written into weights files, checkpoints and run logs, and part of
//! the key a device calibration is remembered under.

/// This app and its version.
pub const APP: &str = concat!("mnist-web ", env!("CARGO_PKG_VERSION"));

/// The layout of a checkpoint: raised whenever a release changes what one holds or means, so
/// that a run saved by an earlier release is continued when it can be and refused when not.
pub const CHECKPOINT_FORMAT: u32 = 1;
