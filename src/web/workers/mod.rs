//! What runs in the workers (started by `src/bin/worker.rs`, by name): the training worker
//! (`training`: runs; `data_files`, `device_choice`, `adapter`; its helpers on the CPU:
//! `helper_pool` there, `helper` in each), and the prediction worker (`prediction`: reads the
//! canvas, looks inside the network).
pub mod adapter;
pub mod data_files;
pub mod device_choice;
pub mod helper;
pub mod helper_pool;
pub mod prediction;
pub mod training;
