//! What runs in the workers (started by `src/bin/worker.rs`, by name): the training worker
//! (`training`: runs; `data_files`, `device_choice`, `adapter`) and the prediction
//! worker (`prediction`: reads the canvas, looks inside the network).
pub mod adapter;
pub mod data_files;
pub mod device_choice;
pub mod prediction;
pub mod training;
