//! URL query parameters that override the defaults (for demos, links and tests).
use crate::backend::BackendKind;
use crate::error::{AppError, Result};
use crate::train::TrainConfig;

/// Default folder of the data files, relative to the page (works under any sub-path).
pub const DEFAULT_DATA_URL: &str = "data/";

#[derive(Clone, Debug, PartialEq)]
pub struct PageSettings {
    pub config: TrainConfig,
    /// `None`: the fastest available (WebGPU, then CPU).
    pub backend: Option<BackendKind>,
    pub autostart: bool,
    /// Folder (or host) that serves the four MNIST files, raw or `.gz`.
    pub data_url: String,
}

impl Default for PageSettings {
    fn default() -> Self {
        Self { config: TrainConfig::default(), backend: None, autostart: false, data_url: DEFAULT_DATA_URL.into() }
    }
}

fn number<T: std::str::FromStr>(key: &str, value: &str) -> Result<T> {
    value.trim().parse().map_err(|_| AppError::Config(format!("URL parameter {key}={value} is not a valid number")))
}

/// Applies the query pairs (`epochs`, `batch`, `lr`, `train_images`, `test_images`, `seed`,
/// `backend`, `autostart`, `data`) over the defaults. Unknown keys are ignored.
pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<PageSettings> {
    let mut s = PageSettings::default();
    for (key, value) in pairs {
        match key {
            "epochs" => s.config.epochs = number(key, value)?,
            "batch" => s.config.batch = number(key, value)?,
            "lr" => s.config.lr = number(key, value)?,
            "train_images" => s.config.train_images = Some(number(key, value)?),
            "test_images" => s.config.test_images = Some(number(key, value)?),
            "seed" => s.config.seed = number(key, value)?,
            "backend" => s.backend = Some(BackendKind::parse(value)?),
            "autostart" => s.autostart = matches!(value, "1" | "true" | "yes" | ""),
            "data" => s.data_url = data_folder(value),
            _ => {}
        }
    }
    s.config.validate()?;
    Ok(s)
}

/// A data folder URL always ends with '/' so file names can be appended.
pub fn data_folder(url: &str) -> String {
    if url.ends_with('/') { url.to_string() } else { format!("{url}/") }
}

/// Splits a URL query (`?a=1&b=x%20y`) into decoded pairs.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parses a whole query string.
pub fn parse_query(query: &str) -> Result<PageSettings> {
    let pairs = query_pairs(query);
    parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}
