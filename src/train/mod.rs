//! Training: the settings (`config`) and the one table of options (`options`), a step (`trainer`,
//! `adam`, `dropout`; split between workers: `parallel`, `shares`, `gradients`, `helpers`), a whole run (`start`, built one way for the page and the command; `session`: epochs, evaluations, checkpoints, snapshots; what it reports is
//! `event`), evaluation on the test set (`eval`; what it finds: `results`; `gallery`), and the run's records (`checkpoint`,
//! `run_log`, `metadata`).
pub mod adam;
pub mod checkpoint;
pub mod config;
pub mod dropout;
pub mod eval;
pub mod event;
pub mod gallery;
pub mod gradients;
pub mod helpers;
pub mod metadata;
pub mod options;
pub mod parallel;
pub mod results;
pub mod run_log;
pub mod session;
pub mod shares;
pub mod start;
pub mod trainer;
