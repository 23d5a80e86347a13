//! What the page says about a network (its structure, block by block) and about a weights file
//! (where it came from), in the page's language.
use crate::i18n::{K, Lang, reword};
use crate::model::net::{Layer, Net, Output};
use crate::weights::file::About;

/// One row of the structure the page shows (the tutorial prints the model): the layer's name,
/// what it does, its output and parameters; `index` is the layer's place in the network (from 0;
/// `None` for the input and the classifier).
#[derive(Clone, Debug, PartialEq)]
pub struct LayerRow {
    pub index: Option<usize>,
    pub block: String,
    pub layers: String,
    pub output: String,
    pub params: usize,
    /// The layer's text form (`c16k5`), empty for the input and the classifier.
    pub text: String,
}

/// The network's structure, layer by layer, as the SPEC table gives it for the tutorial's
/// (`dropout` > 0 adds the recipe's dropout before the classifier).
pub fn structure(net: &Net, dropout: f64, lang: Lang) -> Vec<LayerRow> {
    let t = |k| lang.text(k);
    let rows = net.rows();
    let mut input = Output::Maps { channels: 1, side: crate::data::idx::SIDE };
    let mut out = Vec::with_capacity(rows.len());
    let last = rows.len() - 1;
    for (i, r) in rows.iter().enumerate() {
        let flatten = matches!(input, Output::Maps { .. }) && matches!(r.output, Output::Features(_));
        let flat = if flatten { format!("{} · ", t(K::Flatten)) } else { String::new() };
        let (name, layers, at) = match r.layer {
            None if i == 0 => (t(K::Input).to_string(), t(K::GreyImage).to_string(), None),
            None => {
                let drop = if dropout > 0.0 { format!("Dropout({dropout}) · ") } else { String::new() };
                let classes = net.classes();
                ("out".to_string(), format!("{flat}{drop}Linear({}→{classes}), {}", input.size(), t(K::RawLogits)), None)
            }
            Some(layer) => {
                let text = match layer {
                    Layer::Conv { channels, kernel } => {
                        let from = if let Output::Maps { channels, .. } = input { channels } else { 0 };
                        lang.fill(K::Conv, &[("from", &from), ("to", &channels), ("k", &kernel), ("pad", &(kernel / 2))])
                    }
                    Layer::Pool => t(K::Pool).to_string(),
                    Layer::Dropout(rate) => format!("Dropout({rate})"),
                    Layer::Dense { units } => format!("{flat}Linear({}→{units}) · ReLU", input.size()),
                };
                (r.name.clone(), text, Some(i - 1))
            }
        };
        debug_assert!(at.is_some() || i == 0 || i == last);
        let text = r.layer.map(|l| l.to_string()).unwrap_or_default();
        out.push(LayerRow { index: at, block: name, layers, output: r.output.to_string(), params: r.params, text });
        input = r.output;
    }
    out
}

/// Where weights came from: the file, its format and network, and how it was trained when its
/// metadata says (accuracy, epochs, recipe, device).
pub fn about_text(about: &About, lang: Lang) -> String {
    let meta = |k: &str| about.metadata.get(k).filter(|v| !v.is_empty());
    let mut parts = vec![lang.fill(K::AboutFile, &[("name", &about.name), ("format", &about.format), ("arch", &about.arch)])];
    if let Some(a) = meta("test_accuracy") {
        parts.push(match meta("test_images") {
            Some(n) => lang.fill(K::AboutAccuracyOn, &[("accuracy", a), ("n", n)]),
            None => lang.fill(K::AboutAccuracy, &[("accuracy", a)]),
        });
    }
    if let Some(e) = meta("epochs") {
        parts.push(if e == "1" { lang.text(K::AboutEpoch).into() } else { lang.fill(K::AboutEpochs, &[("n", e)]) });
    }
    if let Some(r) = meta("recipe") {
        parts.push(reword(r, &[K::RecipeTutorial, K::RecipeSettings], lang));
    }
    if let Some(t) = meta("trained_on") {
        parts.push(reword(t, &[K::TrainedInBrowser, K::TrainedNatively], lang));
    }
    // The name and the metadata are the file's words: nothing in them reaches a terminal or
    // the page as escapes or reordering marks.
    crate::base::text::printable(&parts.join(lang.clause_separator()))
}
