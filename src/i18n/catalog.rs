//! The languages' Fluent files, read once per thread (the page's and each worker's): a bundle
//! per language, and the messages formatted with their values. A message a language lacks is
//! taken from English; one English lacks too is its id.
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use std::cell::RefCell;
use std::collections::HashMap;

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The bundles, in the order of [`LOCALES`] (English first).
struct Catalog {
    bundles: Vec<FluentBundle<FluentResource>>,
    /// Messages without values, formatted once (and kept for the program's life).
    plain: RefCell<HashMap<(&'static str, &'static str), &'static str>>,
}

impl Catalog {
    /// The bundle of language `code`.
    fn of(&self, code: &str) -> Option<&FluentBundle<FluentResource>> {
        LOCALES.iter().position(|(c, _)| *c == code).and_then(|i| self.bundles.get(i))
    }
}

thread_local! {
    static CATALOG: Catalog = Catalog::load();
}

impl Catalog {
    fn load() -> Self {
        let bundles = LOCALES.iter().map(|(code, text)| bundle(code, text).0).collect();
        Self { bundles, plain: RefCell::new(HashMap::new()) }
    }
}

/// The bundle of the Fluent file `text` of language `code`, and what its parser or the bundle
/// refused in it (the messages it could read are kept).
pub fn bundle(code: &str, text: &str) -> (FluentBundle<FluentResource>, Vec<String>) {
    let id = code.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new(vec![id]);
    // No Unicode isolation marks around values: the page shows plain text.
    bundle.set_use_isolating(false);
    let mut problems = Vec::new();
    let resource = FluentResource::try_new(text.to_string()).unwrap_or_else(|(resource, errors)| {
        problems.extend(errors.iter().map(|e| format!("{e:?}")));
        resource
    });
    if let Err(errors) = bundle.add_resource(resource) {
        problems.extend(errors.iter().map(|e| e.to_string()));
    }
    (bundle, problems)
}

/// Message `id` of `bundle` with `values` (`None`: no such message). A value not given stays as
/// `{name}`.
pub fn format(bundle: &FluentBundle<FluentResource>, id: &str, values: &[(&str, &dyn std::fmt::Display)]) -> Option<String> {
    let pattern = bundle.get_message(id)?.value()?;
    let mut args = FluentArgs::new();
    for (name, value) in values {
        args.set(*name, FluentValue::from(value.to_string()));
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
    // Fluent writes a missing value as `{$name}`: the page's templates say `{name}`.
    Some(text.replace("{$", "{"))
}

/// Message `id` in language `lang` (a code of [`LOCALES`]), else in English.
pub fn message(lang: &str, id: &str, values: &[(&str, &dyn std::fmt::Display)]) -> Option<String> {
    CATALOG.with(|c| {
        let own = c.of(lang).and_then(|b| format(b, id, values));
        own.or_else(|| format(c.bundles.first()?, id, values))
    })
}

/// Message `id` in `lang` only (`None` where that language lacks it).
pub fn own_message(lang: &str, id: &str, values: &[(&str, &dyn std::fmt::Display)]) -> Option<String> {
    CATALOG.with(|c| c.of(lang).and_then(|b| format(b, id, values)))
}

/// Message `id` without values in `lang` (else English; else the id), formatted once.
pub fn plain(lang: &'static str, id: &'static str) -> &'static str {
    CATALOG.with(|c| {
        if let Some(text) = c.plain.borrow().get(&(lang, id)) {
            return *text;
        }
        let text: &'static str = Box::leak(message(lang, id, &[]).unwrap_or_else(|| id.to_string()).into_boxed_str());
        c.plain.borrow_mut().insert((lang, id), text);
        text
    })
}
