//! What the page says about a network (its structure, block by block) and about a weights file
//! (where it came from), in the page's language.
use crate::i18n::{K, Lang, reword};
use crate::model::arch::Arch;
use crate::weights::file::About;

/// One row of the structure the page shows (the tutorial prints the model).
#[derive(Clone, Debug, PartialEq)]
pub struct LayerRow {
    pub block: String,
    pub layers: String,
    pub output: String,
}

/// The network's structure, block by block, as the SPEC table gives it (`dropout` > 0 adds it).
pub fn structure(arch: Arch, dropout: f64, lang: Lang) -> Vec<LayerRow> {
    let t = |k| lang.text(k);
    let row = |b: &str, l: &str, o: &str| LayerRow { block: b.into(), layers: l.into(), output: o.into() };
    let conv = |i: u32, o: u32| lang.fill(K::Conv, &[("from", &i), ("to", &o)]);
    let pool = t(K::Pool);
    let drop = if dropout > 0.0 { format!("Dropout({dropout}) · ") } else { String::new() };
    let deep = arch == Arch::Deeper;
    let mut rows = vec![row(t(K::Input), t(K::GreyImage), "[B, 1, 28, 28]")];
    let c1 = if deep { format!("{} · {}", conv(1, 16), conv(16, 16)) } else { conv(1, 16) };
    rows.push(row("conv1", &format!("{c1} · {pool}"), "[B, 16, 14, 14]"));
    rows.push(row("conv2", &format!("{} · {} · {pool}", conv(16, 32), conv(32, 32)), "[B, 32, 7, 7]"));
    let c3 = if deep { format!("{} · {}", conv(32, 64), conv(64, 64)) } else { conv(32, 64) };
    rows.push(row("conv3", &c3, "[B, 64, 7, 7]"));
    let (flatten, logits) = (t(K::Flatten), t(K::RawLogits));
    if deep {
        rows.push(row(t(K::Hidden), &format!("{flatten} · Linear(3136→128) · ReLU"), "[B, 128]"));
        rows.push(row("out", &format!("{drop}Linear(128→10), {logits}"), "[B, 10]"));
    } else {
        rows.push(row("out", &format!("{flatten} · {drop}Linear(3136→10), {logits}"), "[B, 10]"));
    }
    rows
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
