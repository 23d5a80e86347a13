//! The page's two languages: English and Simplified Chinese. Every string is a [`K`] of the one
//! table in [`texts`]; values go into `{name}` slots with [`fill`]. Errors keep their English
//! words in [`crate::base::error`] and get their Chinese ones in [`errors`]; numbers and durations
//! are written by [`format`].
mod errors;
pub mod format;
mod texts;

pub use errors::error_text;
pub use texts::K;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// `lang=zh|en` (also `zh-CN`, `en-GB`, …); `None` for other languages.
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        let primary = code.split(['-', '_']).next().unwrap_or_default();
        match primary {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The first of the browser's languages (`navigator.languages`) that the page speaks; English
    /// when none is.
    pub fn from_browser<'a>(languages: impl IntoIterator<Item = &'a str>) -> Lang {
        languages.into_iter().find_map(Lang::parse).unwrap_or_default()
    }

    /// The URL's and the selector's word.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The `<html lang>` attribute.
    pub fn html(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The language's own name, for the selector.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "中文",
        }
    }

    pub fn text(self, key: K) -> &'static str {
        match self {
            Lang::En => key.en(),
            Lang::Zh => key.zh(),
        }
    }

    /// `key` with its `{name}` slots filled.
    pub fn fill(self, key: K, values: &[(&str, &dyn std::fmt::Display)]) -> String {
        fill(self.text(key), values)
    }
}

/// Replaces each `{name}` of `template` by its value; a slot without a value stays as it is.
pub fn fill(template: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let close = after.find('}').map(|c| (&after[1..c], c));
        match close.and_then(|(name, c)| values.iter().find(|(n, _)| *n == name).map(|(_, v)| (v, c))) {
            Some((value, c)) => {
                out.push_str(&value.to_string());
                rest = &after[c + 1..];
            }
            None => {
                out.push('{');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
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
