//! What tells runs apart, in the option table's words: a run's name ("defaults", "dropout 0.25,
//! augment") and the legend of runs compared together (each named by the options on which they
//! differ). The workers are left out: they do not change the training.
use crate::data::augment::Augment;
use crate::train::config::TrainConfig;
use crate::train::options::{OPTIONS, Opt, matters};

/// What a run is called when nothing sets it apart.
pub const DEFAULTS: &str = "defaults";

const AUGMENT: [&str; 3] = ["rotate", "shift", "scale"];

/// The options that can tell runs apart, in the table's order.
fn telling() -> impl Iterator<Item = &'static Opt> {
    OPTIONS.iter().filter(|o| !o.derived && o.recipe)
}

fn value(o: &Opt, c: &TrainConfig) -> Option<String> {
    (o.get)(&crate::train::options::Settings::of(c)).map(|v| v.to_string())
}

/// `keys`' values in `c`, in words: "dropout 0.25"; the standard augmentation as "augment".
fn words(c: &TrainConfig, keys: &[&'static str]) -> String {
    let standard = c.augment == Augment::STANDARD;
    let mut out: Vec<String> = Vec::new();
    for o in telling().filter(|o| keys.contains(&o.key) && matters(o, c)) {
        match (AUGMENT.contains(&o.key), standard) {
            (true, true) if !out.iter().any(|w| w == "augment") => out.push("augment".into()),
            (true, true) => {}
            _ => out.push(format!("{} {}", o.key, value(o, c).unwrap_or_else(|| "all".into()))),
        }
    }
    if out.is_empty() { DEFAULTS.into() } else { out.join(", ") }
}

/// A run's name: what it sets away from the defaults.
pub fn settings_name(c: &TrainConfig) -> String {
    let d = TrainConfig::default();
    let keys: Vec<&'static str> = telling().filter(|o| value(o, c) != value(o, &d)).map(|o| o.key).collect();
    words(c, &keys)
}

/// For runs compared together: each named by its values of the options on which they differ,
/// leaving out a value that is the default ("defaults" vs "dropout 0.25"); by [`settings_name`] when
/// nothing differs.
pub fn legend(configs: &[&TrainConfig]) -> Vec<String> {
    let d = TrainConfig::default();
    let differ: Vec<&Opt> =
        telling().filter(|o| configs.iter().any(|c| value(o, c) != configs.first().and_then(|f| value(o, f)))).collect();
    if differ.is_empty() {
        return configs.iter().map(|c| settings_name(c)).collect();
    }
    configs
        .iter()
        .map(|c| {
            let keys: Vec<&'static str> = differ.iter().filter(|o| value(o, c) != value(o, &d)).map(|o| o.key).collect();
            words(c, &keys)
        })
        .collect()
}
