//! What every concern uses: errors as values, the one random generator, a few statistics, how
//! bytes travel beside a message's JSON, and this app's name and version.
pub mod envelope;
pub mod error;
pub mod release;
pub mod rng;
pub mod stats;
pub mod text;
