//! URL query parameters that override the defaults (for demos, links and tests).
use crate::base::error::{AppError, Result};
use crate::device::backend::BackendKind;
use crate::device::bench::BenchKind;
use crate::i18n::Lang;
use crate::train::config::TrainConfig;
use crate::train::options::{self, Settings};

/// Default folder of the data files, relative to the page (works under any sub-path).
pub const DEFAULT_DATA_URL: &str = "data/";

#[derive(Clone, Debug, PartialEq)]
pub struct PageSettings {
    pub config: TrainConfig,
    /// `workers=N`: CPU workers sharing each batch (0: one per core).
    pub workers: usize,
    /// `None`: the fastest available (WebGPU, then CPU).
    pub backend: Option<BackendKind>,
    pub autostart: bool,
    /// Folder (or host) that serves the four MNIST files, raw or `.gz`.
    pub data_url: String,
    /// `?bench=train|infer|load`: measure instead of waiting for the user.
    pub bench: Option<BenchKind>,
    /// `&batches=N`: timed batches (train) or reads (infer) of a benchmark.
    pub bench_count: usize,
    /// `&tasks_max=N`: kernels encoded before a submit on WebGPU (a benchmark's knob).
    pub tasks_max: Option<usize>,
    /// `checkpoint_s=S`: seconds between checkpoints of a run in progress (besides one per epoch).
    pub checkpoint_s: f64,
    /// `lang=zh|en`: the page's language (else the one chosen earlier, or the browser's).
    pub lang: Option<Lang>,
    /// `gpu=minimal`: WebGPU with its default limits and no optional features, the smallest
    /// device any conformant GPU offers (to check that the page trains there).
    pub gpu_minimal: bool,
    /// `test_hooks=1`: the training worker keeps its WebGPU device where a browser test reaches
    /// it (`self.__mnistGpuDevice`, to destroy it as a fault would). Off for users.
    pub test_hooks: bool,
}

impl Default for PageSettings {
    fn default() -> Self {
        Self {
            config: TrainConfig::default(),
            workers: 0,
            backend: None,
            autostart: false,
            data_url: DEFAULT_DATA_URL.into(),
            bench: None,
            bench_count: 10,
            tasks_max: None,
            checkpoint_s: 30.0,
            lang: None,
            gpu_minimal: false,
            test_hooks: false,
        }
    }
}

fn number<T: std::str::FromStr>(key: &str, value: &str) -> Result<T> {
    value.trim().parse().map_err(|_| AppError::Config(format!("URL parameter {key}={value} is not a valid number")))
}

fn flag(value: &str) -> bool {
    matches!(value, "1" | "true" | "yes" | "on" | "")
}

/// Applies the query pairs over the defaults: the training options of
/// [`crate::train::options::OPTIONS`] and the page's own (`backend`, `autostart`, `data`, `bench`,
/// `batches`, `tasks_max`, `checkpoint_s`, `lang`, `gpu`, `test_hooks`). Unknown keys are ignored; a bad value is refused with a message.
pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<PageSettings> {
    let mut s = PageSettings::default();
    let mut chosen = Settings::default();
    for (key, value) in pairs {
        if options::apply(&mut chosen, key, value).map_err(|e| AppError::Config(format!("URL parameter {e}")))? {
            continue;
        }
        match key {
            "backend" => s.backend = Some(BackendKind::parse(value)?),
            "autostart" => s.autostart = flag(value),
            "data" => s.data_url = data_folder(value),
            "bench" => {
                s.bench = Some(
                    BenchKind::parse(value)
                        .ok_or_else(|| AppError::Config(format!("URL parameter bench={value}: use train, infer or load")))?,
                )
            }
            "batches" => s.bench_count = number::<usize>(key, value)?.clamp(1, 10_000),
            "gpu" if value == "minimal" => s.gpu_minimal = true,
            "test_hooks" => s.test_hooks = flag(value),
            "gpu" => return Err(AppError::Config(format!("URL parameter gpu={value}: the only value is gpu=minimal"))),
            "tasks_max" => s.tasks_max = Some(number::<usize>(key, value)?.clamp(1, 65_536)),
            "checkpoint_s" => s.checkpoint_s = number::<f64>(key, value)?.clamp(0.0, 3600.0),
            "lang" => {
                s.lang = Some(Lang::parse(value).ok_or_else(|| AppError::Config(format!("URL parameter lang={value}: use zh or en")))?)
            }
            _ => {}
        }
    }
    options::validate_settings(&chosen)?;
    Ok(PageSettings { config: chosen.config, workers: chosen.workers, ..s })
}

/// A data folder URL always ends with '/' so file names can be appended.
pub fn data_folder(url: &str) -> String {
    if url.ends_with('/') { url.to_string() } else { format!("{url}/") }
}

/// Splits a URL query (`?a=1&b=x%20y`) into decoded pairs (`application/x-www-form-urlencoded`,
/// as the browser's `URLSearchParams` reads it).
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.trim_start_matches('?').as_bytes()).into_owned().collect()
}

/// Parses a whole query string.
pub fn parse_query(query: &str) -> Result<PageSettings> {
    let pairs = query_pairs(query);
    parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// The URL keys of the training settings: replaced as a whole in the address bar when a setting
/// changes ([`config_query`] writes those that differ from the defaults).
pub fn config_keys() -> Vec<&'static str> {
    options::OPTIONS.iter().map(|o| o.key).collect()
}

/// The query string that reproduces `settings` (only the settings that differ from the
/// defaults), so that the address bar always links to the run on screen.
pub fn config_query(settings: &Settings) -> String {
    options::settings_query(settings)
}
