//! The page's languages: one Fluent file per language in `locales/` (`en.ftl` the source; a new
//! language is one new file, found when the crate is built). Every string is a [`K`] ([`keys`]);
//! values go into their `{ $name }` slots with [`Lang::fill`]. Errors keep their English words in
//! [`crate::base::error`] and get other languages' from the same files ([`errors`]); numbers and
//! durations are written by [`format`].
mod catalog;
mod errors;
pub mod format;
mod keys;

pub use catalog::{bundle, format as format_message};
pub use errors::{error_text, message as error_message};
pub use keys::K;

/// A language of the page, by its Fluent file's name (`zh` for `locales/zh.ftl`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Lang(&'static str);

impl Default for Lang {
    fn default() -> Self {
        Lang::En
    }
}

#[allow(non_upper_case_globals)]
impl Lang {
    /// English, the source language.
    pub const En: Lang = Lang("en");
    /// Simplified Chinese.
    pub const Zh: Lang = Lang("zh");

    /// Every language of the page, English first.
    pub fn all() -> impl Iterator<Item = Lang> {
        catalog::LOCALES.iter().map(|(code, _)| Lang(code))
    }

    /// `lang=zh|en` (also `zh-CN`, `en-GB`, …); `None` for a language the page does not speak.
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        let primary = code.split(['-', '_']).next().unwrap_or_default();
        catalog::LOCALES.iter().find(|(c, _)| *c == primary).map(|(c, _)| Lang(c))
    }

    /// The first of the browser's languages (`navigator.languages`) that the page speaks; English
    /// when none is.
    pub fn from_browser<'a>(languages: impl IntoIterator<Item = &'a str>) -> Lang {
        languages.into_iter().find_map(Lang::parse).unwrap_or_default()
    }

    /// The URL's and the selector's word: the file's name (`zh` for `zh.ftl`).
    pub fn code(self) -> &'static str {
        self.0
    }

    /// The `<html lang>` attribute (the file's `language-tag`).
    pub fn html(self) -> &'static str {
        catalog::plain(self.0, "language-tag")
    }

    /// The language's own name, for the selector (the file's `language-name`).
    pub fn name(self) -> &'static str {
        catalog::plain(self.0, "language-name")
    }

    /// What goes between the items of a list (`, ` or `，`).
    pub fn list_separator(self) -> &'static str {
        catalog::plain(self.0, "list-separator")
    }

    /// What goes between the sentences of a description (`; ` or `；`).
    pub fn clause_separator(self) -> &'static str {
        catalog::plain(self.0, "clause-separator")
    }

    /// `key` in this language, its values' slots left as `{name}`.
    pub fn text(self, key: K) -> &'static str {
        catalog::plain(self.0, key.id())
    }

    /// `key` with its values filled in.
    pub fn fill(self, key: K, values: &[(&str, &dyn std::fmt::Display)]) -> String {
        catalog::message(self.0, key.id(), values).unwrap_or_else(|| key.id().to_string())
    }

    /// Message `id` in this language with `values`; `None` where this language has no such message.
    pub fn own_message(self, id: &str, values: &[(&str, &dyn std::fmt::Display)]) -> Option<String> {
        catalog::own_message(self.0, id, values)
    }
}

impl K {
    /// The English words (the command line's, and what weights files' metadata is written in),
    /// values' slots left as `{name}`.
    pub fn en(self) -> &'static str {
        Lang::En.text(self)
    }
}

/// The value of the one slot of `template` in `text` (`"settings {query}"`, `"settings a=1"` →
/// `"a=1"`); `None` when `text` is not of that form.
pub fn unfill<'a>(template: &str, text: &'a str) -> Option<&'a str> {
    let (before, rest) = template.split_once('{')?;
    let (_, after) = rest.split_once('}')?;
    text.strip_prefix(before)?.strip_suffix(after)
}

/// A phrase of a weights file's metadata (written with [`K::en`]) in `lang`; as it is when it
/// is none of `keys`.
pub fn reword(text: &str, keys: &[K], lang: Lang) -> String {
    for &k in keys {
        let slot = slots(k.en()).first().copied();
        match (slot, unfill(k.en(), text)) {
            (None, _) if text == k.en() => return lang.text(k).into(),
            (Some(name), Some(value)) => return lang.fill(k, &[(name, &value)]),
            _ => {}
        }
    }
    text.into()
}

/// The names of the `{name}` slots of `template`, in order.
pub fn slots(template: &str) -> Vec<&str> {
    template.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(name, _)| name)).collect()
}
