//! Runs kept and compared: a finished run's record ([`record`]), what tells runs apart
//! ([`label`]), the run log written and read ([`log`]), run logs read back into records ([`import`]), and experiments — one option tried at several
//! values, run one after another ([`experiment`]). Plain types, tested natively; the page keeps
//! them in IndexedDB and draws them (`crate::web::components::runs`).
pub mod experiment;
pub mod import;
pub mod label;
pub mod log;
pub mod record;
