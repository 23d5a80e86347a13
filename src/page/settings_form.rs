//! The settings form: which training options it shows, in which row, when an input may be
//! changed and its test id. The options themselves (keys, kinds, ranges, labels, the URL and the
//! command line) are [`crate::train::options`]; this is only how the page lays them out.
use crate::train::config::TrainConfig;
use crate::train::options::{self, Opt};

/// The form's rows, by option key: the tutorial's recipe, the network and dropout, the
/// optimizer, the learning rate's schedule, augmentation. Options in no row (`train_images`, `test_images`) are set by
/// the URL and the command line only.
pub const ROWS: [&[&str]; 5] = [
    &["epochs", "batch", "lr", "seed", "workers"],
    &["arch", "dropout"],
    &["optimizer", "momentum", "nesterov", "weight_decay"],
    &["lr_step", "lr_gamma"],
    &["augment", "rotate", "shift", "scale"],
];

/// The options of row `row`, in order.
pub fn row(row: usize) -> Vec<&'static Opt> {
    ROWS.get(row).map_or(Vec::new(), |keys| keys.iter().filter_map(|k| Opt::find(k)).collect())
}

/// Whether the input of `opt` may be changed in `config` (besides not while training): the
/// options that change the training as set ([`options::matters`]: the augmentation's amounts only
/// while augmentation is on, SGD's momentum only for SGD).
pub fn enabled(opt: &Opt, config: &TrainConfig) -> bool {
    options::matters(opt, config)
}

/// `data-testid` of the input of `opt`: `setting-lr-step` for `lr_step`.
pub fn testid(opt: &Opt) -> String {
    format!("setting-{}", opt.flag())
}
