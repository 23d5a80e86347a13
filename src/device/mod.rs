//! Which device trains: the backends (`backend`), the calibration that measures them (`calibrate`),
//! the device chosen and why (`choice`), the training benchmark (`bench`) and counting GPU kernel
//! launches (`launches`).
pub mod backend;
pub mod bench;
pub mod calibrate;
pub mod choice;
pub mod launches;
