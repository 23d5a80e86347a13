//! The page's components (leptos): they hold signals and markup; what they do lives in plain
//! types in `crate::page`. `app` builds the page and provides its [`context::PageContext`] to every
//! component (`use_context`), so no component imports the page's root.
pub mod app;
pub mod bench_view;
pub mod calibrations;
pub mod cards;
pub mod charts;
pub mod context;
pub mod data_sets;
pub mod draw;
pub mod eval_view;
pub mod lang;
pub mod offline;
pub mod runs;
pub mod settings;
pub mod status;
pub mod thumb;
