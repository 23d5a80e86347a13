//! The workers' logic as plain, natively tested types, driven by messages and returning effects
//! (the browser's shells in `web/workers/` carry the effects out): the training worker's run
//! control ([`training`]).
pub mod training;
