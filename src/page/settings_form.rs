//! The settings form: which training options it shows, in which row, when an input may be
//! changed and its test id. The options themselves (keys, kinds, ranges, labels, the URL and the
//! command line) are [`crate::train::options`]; this is only how the page lays them out.
use crate::train::config::TrainConfig;
use crate::train::options::{self, Opt};

/// The form's rows, by option key: the tutorial's recipe, the network (a ready one and its
/// layers), dropout and the optimizer, weight decay and the learning rate's schedule,
/// augmentation. Options in no row (`train_images`, `test_images`) are set by
/// the URL and the command line only.
pub const ROWS: [&[&str]; 5] = [
    &["epochs", "batch", "lr", "seed", "workers"],
    &["arch", "net"],
    &["dropout", "optimizer", "momentum", "nesterov"],
    &["weight_decay", "lr_step", "lr_gamma"],
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

/// Whether the input of `opt` is left out of the form while it cannot be changed in `config`
/// (SGD's momentum and Nesterov while another optimizer is chosen; the augmentation's amounts
/// stay, greyed, beside their switch).
pub fn hidden(opt: &Opt, config: &TrainConfig) -> bool {
    matches!(opt.key, "momentum" | "nesterov") && !enabled(opt, config)
}

/// `data-testid` of the input of `opt`: `setting-lr-step` for `lr_step`; the network's text
/// is `net-text`.
pub fn testid(opt: &Opt) -> String {
    if opt.kind == crate::train::options::Kind::Net { "net-text".into() } else { format!("setting-{}", opt.flag()) }
}
