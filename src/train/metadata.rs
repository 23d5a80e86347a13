//! What a weights file says about the run that made it (its safetensors metadata).
use crate::base::release::APP;
use crate::i18n::format::{epochs, group};
use crate::i18n::{K, Lang};
use crate::train::config::TrainConfig;
use crate::train::options::query;
use crate::train::results::EvalResult;

/// What a weights file says about the run that made it (its metadata): the test accuracy
/// (`None` when not evaluated), the epochs trained, the settings, the data set (its name and
/// hash, and its class names, unless MNIST) and where it ran.
pub fn run_metadata(config: &TrainConfig, last_eval: Option<&(f64, EvalResult)>, trained_on: &str) -> Vec<(String, String)> {
    let recipe = match query(config) {
        q if q.is_empty() => K::RecipeTutorial.en().to_string(),
        q => Lang::En.fill(K::RecipeSettings, &[("query", &q)]),
    };
    let mut meta =
        vec![("app".to_string(), APP.to_string()), ("recipe".to_string(), recipe), ("trained_on".to_string(), trained_on.to_string())];
    if let Some(set) = &config.data {
        meta.push(("data".into(), set.label()));
        // One name a line, as a names file has them.
        meta.push(("classes".into(), set.classes.join("\n")));
    }
    if let Some((done, r)) = last_eval {
        meta.push(("epochs".into(), epochs(*done)));
        meta.push(("test_accuracy".into(), format!("{:.2}", r.accuracy)));
        meta.push(("test_images".into(), group(r.total)));
    }
    meta
}
