// The app's sources the run-log and checkpoint fuzz targets read, under the paths they name
// each other by (`crate::train::checkpoint`, `crate::runs::import`, …): everything those decoders
// and the comparison charts use, without burn (`--cfg fuzzing`). Included by both targets.
#[path = "../../src/data/augment.rs"]
mod augment;
#[path = "../../src/train/checkpoint.rs"]
mod checkpoint;
#[path = "../../src/data/classes.rs"]
mod classes;
#[path = "../../src/page/compare.rs"]
mod compare;
#[path = "../../src/train/config.rs"]
mod config;
#[path = "../../src/base/error.rs"]
mod error;
#[allow(unused_imports)] // only what the sources name
#[path = "../../src/i18n/mod.rs"]
mod i18n;
#[path = "../../src/data/idx.rs"]
mod idx;
#[path = "../../src/runs/import.rs"]
mod import;
#[path = "../../src/runs/label.rs"]
mod label;
#[path = "../../src/runs/log.rs"]
mod log;
#[path = "../../src/model/net.rs"]
mod net;
#[path = "../../src/train/options.rs"]
mod options;
#[path = "../../src/weights/pickle/mod.rs"]
mod pickle;
#[path = "../../src/page/plot.rs"]
mod plot;
#[path = "../../src/runs/record.rs"]
mod record;
#[path = "../../src/base/release.rs"]
mod release;
#[path = "../../src/train/results.rs"]
mod results;
#[path = "../../src/base/rng.rs"]
mod rng;
#[path = "../../src/weights/safetensors_file.rs"]
mod safetensors_file;
#[path = "../../src/data/sample.rs"]
mod sample;
#[path = "../../src/weights/state_dict.rs"]
mod state_dict;
#[path = "../../src/data/set_id.rs"]
mod set_id;
#[path = "../../src/base/text.rs"]
mod text;
#[allow(unused_imports)] // only what the sources name
mod base {
    pub(crate) use super::error;
    pub(crate) use super::release;
    pub(crate) use super::rng;
    pub(crate) use super::text;
}
#[allow(unused_imports)] // only what the sources name
mod data {
    pub(crate) use super::augment;
    pub(crate) use super::classes;
    pub(crate) use super::idx;
    pub(crate) use super::sample;
    pub(crate) use super::set_id;
}
#[allow(unused_imports)] // only what the sources name
mod model {
    pub(crate) use super::net;
}
#[allow(unused_imports)] // only what the sources name
mod page {
    pub(crate) use super::compare;
    pub(crate) use super::plot;
}
#[allow(unused_imports)] // only what the sources name
mod runs {
    pub(crate) use super::import;
    pub(crate) use super::label;
    pub(crate) use super::log;
    pub(crate) use super::record;
}
#[allow(unused_imports)] // only what the sources name
mod train {
    pub(crate) use super::checkpoint;
    pub(crate) use super::config;
    pub(crate) use super::options;
    pub(crate) use super::results;
}
#[allow(unused_imports)] // only what the sources name
mod weights {
    pub(crate) use super::pickle;
    pub(crate) use super::safetensors_file;
    pub(crate) use super::state_dict;
}
#[allow(unused_imports)] // `crate::Result`, as the sources name it
use error::Result;
