//! The browser app: the page (leptos, main thread) and its training worker.
pub mod app;
pub mod benchview;
pub mod charts;
pub mod device;
pub mod draw;
pub mod evalview;
pub mod fetch;
pub mod gpu;
pub mod host;
pub mod js;
pub mod offline;
pub mod settings;
pub mod thumb;
pub mod worker;
