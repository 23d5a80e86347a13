//! Training: the settings (`config`) and the one table of options (`options`), a step (`trainer`,
//! `optimizer`, `dropout`; split between workers: the `parallel/` folder), a whole run (`start`, built
//! one way for the page and the command; `session`: epochs, evaluations, checkpoints, snapshots;
//! what it reports is `event`), evaluation on the test set (`eval`; what it finds: `results`;
//! `gallery`), and the run's records (`checkpoint`, `metadata`; its log is `crate::runs::log`).
pub mod checkpoint;
pub mod config;
pub mod dropout;
pub mod eval;
pub mod event;
pub mod gallery;
pub mod metadata;
pub mod optimizer;
pub mod options;
pub mod parallel;
pub mod results;
pub mod session;
pub mod start;
pub mod trainer;
