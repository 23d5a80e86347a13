//! The browser app: the page's leptos components (`components`, on the main thread; their logic
//! is `crate::page`), the workers (`workers`: training, prediction and helpers; their logic is
//! `crate::worker`), how they talk (`channel`), and what both use: downloads with progress
//! (`download`) and the bindings to `static/bindings.js` (`js`).
pub mod channel;
pub mod components;
pub mod download;
pub mod js;
pub mod workers;
