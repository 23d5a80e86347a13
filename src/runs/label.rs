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

/// `o`'s value in `c`; the network by its layers (its classes follow the data set, named apart).
fn value(o: &Opt, c: &TrainConfig) -> Option<String> {
    let digits = c.net.with_classes(crate::data::classes::DIGITS).unwrap_or_else(|_| c.net.clone());
    let c = TrainConfig { net: digits, ..c.clone() };
    (o.get)(&crate::train::options::Settings::of(&c)).map(|v| v.to_string())
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

/// The data set's name, in front of the rest ("shapes, epochs 1"), or the rest alone.
fn on_set(set: Option<String>, rest: String) -> String {
    match set {
        Some(name) if rest == DEFAULTS => name,
        Some(name) => format!("{name}, {rest}"),
        None => rest,
    }
}

/// A run's name: its data set unless MNIST, and what it sets away from the defaults.
pub fn settings_name(c: &TrainConfig) -> String {
    let d = TrainConfig::default();
    let keys: Vec<&'static str> = telling().filter(|o| value(o, c) != value(o, &d)).map(|o| o.key).collect();
    on_set(c.data.as_ref().map(|s| s.name.clone()), words(c, &keys))
}

/// For runs compared together: each named by its values of the options on which they differ,
/// leaving out a value that is the default ("defaults" vs "dropout 0.25"), and by its data set
/// when they were trained on different ones ("MNIST" vs "shapes"); by [`settings_name`] when
/// nothing differs.
pub fn legend(configs: &[&TrainConfig]) -> Vec<String> {
    let d = TrainConfig::default();
    let differ: Vec<&Opt> =
        telling().filter(|o| configs.iter().any(|c| value(o, c) != configs.first().and_then(|f| value(o, f)))).collect();
    let sets_differ =
        configs.iter().any(|c| c.data.as_ref().map(|s| &s.hash) != configs.first().and_then(|f| f.data.as_ref()).map(|s| &s.hash));
    if differ.is_empty() && !sets_differ {
        return configs.iter().map(|c| settings_name(c)).collect();
    }
    configs
        .iter()
        .map(|c| {
            let keys: Vec<&'static str> = differ.iter().filter(|o| value(o, c) != value(o, &d)).map(|o| o.key).collect();
            let set = sets_differ.then(|| c.data.as_ref().map_or_else(|| "MNIST".to_string(), |s| s.name.clone()));
            match (set, words(c, &keys)) {
                (Some(set), rest) if rest == DEFAULTS => set,
                (set, rest) => on_set(set, rest),
            }
        })
        .collect()
}
