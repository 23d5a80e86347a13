//! The browser app: the page (`page`, leptos on the main thread), the workers (`workers`: training
//! and prediction), how they talk (`channel`), and what both use: downloads with progress (`download`)
//! and the browser helpers (`js`).
pub mod channel;
pub mod download;
pub mod js;
pub mod page;
pub mod workers;
